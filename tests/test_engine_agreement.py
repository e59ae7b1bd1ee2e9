"""claimgraph's SHACL engine and pySHACL agree, result for result (focus node,
shape, constraint component, severity, path, value), on claimgraph's shapes:
the shape example pairs, the example corpus, and the corpus with violations
injected into it, at least one for every shape. pySHACL is the reference
(``--engine pyshacl``); the W3C suite checks both against the spec
(test_w3c_shacl.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from claimgraph.annotation.corpus import load_corpus, load_files
from claimgraph.annotation.files import corpus_files
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.vocab import CG, CGSH, RDF, RDFS, SH, XSD
from claimgraph.validation.validate import Report, shapes_graph, validate_graph
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "shapes" / "examples").glob("*.ttl"))

Key = tuple[str, str, str, str, str | None, str | None]


def _results(report: Report) -> Counter[Key]:
    return Counter(
        (r.focus, r.shape, r.component, r.severity, r.path, r.value) for r in report.results
    )


def _agree(data: Graph) -> Report:
    """Validate with both engines (each on its own copy) and assert they agree."""
    ours = validate_graph(_copy(data))
    theirs = validate_graph(_copy(data), engine="pyshacl")
    assert ours.engine == "claimgraph", ours.notes
    assert _results(ours) == _results(theirs)
    assert ours.conforms == theirs.conforms
    return ours


def _copy(graph: Graph) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    return copy


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_shape_examples(path: Path) -> None:
    data = Graph()
    data.parse(path, format="turtle")
    report = _agree(data)
    assert report.conforms == path.stem.endswith("-valid")


@cache
def _corpus() -> Graph:
    dataset = build_dataset(
        load_corpus(ROOT / "seeds", keep_going=True), Minter("https://example.org/"), None
    )
    return dataset.union()


def test_example_corpus() -> None:
    assert _agree(_corpus()).conforms


@cache
def _injection_corpus() -> Graph:
    """What the violations below are injected into: the seed articles 000–006 and the
    registry, which hold every kind of statement the injections change (each injection
    validates it again with both engines; the whole corpus is checked above, once)."""
    seeds = ROOT / "seeds"
    files = [path for path in corpus_files(seeds) if path.name[:3] <= "006"]
    dataset = build_dataset(
        load_files(seeds, files, keep_going=True), Minter("https://example.org/"), None
    )
    return dataset.union()


def _first(graph: Graph, predicate: URIRef) -> tuple[URIRef, Literal | URIRef]:
    subject, value = next(iter(sorted(graph.subject_objects(predicate))))
    assert isinstance(subject, URIRef)
    return subject, value  # type: ignore[return-value]


def _drop(predicate: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        subject, _ = _first(graph, predicate)
        graph.remove((subject, predicate, None))

    return change


def _set(predicate: URIRef, value: Literal | URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        subject, _ = _first(graph, predicate)
        graph.set((subject, predicate, value))

    return change


def _add(predicate: URIRef, value: Literal | URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        subject, _ = _first(graph, predicate)
        graph.add((subject, predicate, value))

    return change


def _retype(old: URIRef, new: URIRef) -> Callable[[Graph], None]:
    def change(graph: Graph) -> None:
        subject = sorted(graph.subjects(RDF.type, old))[0]
        graph.remove((subject, RDF.type, old))
        graph.add((subject, RDF.type, new))

    return change


def _shift_anchor(graph: Graph) -> None:
    subject, value = _first(graph, CG.beginIndex)
    graph.set((subject, CG.beginIndex, Literal(int(value) + 1, datatype=XSD.integer)))


def _relay_asserts(graph: Graph) -> None:
    hop, _ = _first(graph, CG.relays)
    event = sorted(graph.objects(None, CG.asserts))[0]
    graph.add((hop, CG.asserts, event))


# One or more violations of each kind a fact-checker's data could carry.
INJECTED: dict[str, Callable[[Graph], None]] = {
    "claimant deleted": _drop(CG.claimant),
    "certainty deleted": _drop(CG.certainty),
    "label deleted": _drop(RDFS.label),
    "statedIn deleted": _drop(CG.statedIn),
    "speech act deleted": _drop(CG.speechAct),
    "quote anchor tampered": _shift_anchor,
    "negative offset": _set(CG.endIndex, Literal(-3, datatype=XSD.integer)),
    "ill-formed date": _set(CG.datePublished, Literal("2023-02-30", datatype=XSD.date)),
    "date as a string": _set(CG.datePublished, Literal("2023-02-03")),
    "polarity out of scheme": _set(CG.polarity, CG.actDeny),
    "two claimants": _add(CG.claimant, URIRef("https://example.org/actor/nobody")),
    "claimant not an actor": _set(CG.claimant, URIRef("https://example.org/nothing")),
    "claim retyped": _retype(CG.Claim, CG.Event),
    "relaying hop asserts": _relay_asserts,
    "relaying hop denies": _set(CG.speechAct, CG.actDeny),
    "status out of scheme": _set(CG.status, CG.negative),
    "relays deleted": _drop(CG.relays),
}


@pytest.mark.parametrize("change", list(INJECTED), ids=list(INJECTED))
def test_injected_violations(change: str) -> None:
    data = _copy(_injection_corpus())
    INJECTED[change](data)
    assert not _agree(data).conforms


def test_every_shape_is_violated_by_some_test() -> None:
    """Between the example pairs and the injected violations, every shape of
    claimgraph's shapes graph is violated at least once (so the agreement above
    covers each)."""
    seen: set[str] = set()
    for path in EXAMPLES:
        if path.stem.endswith("-invalid"):
            data = Graph()
            data.parse(path, format="turtle")
            seen |= {r.shape for r in validate_graph(data).results}
    declared = {
        f"cgsh:{str(s).removeprefix(str(CGSH))}"
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in shapes_graph().subjects(RDF.type, kind)
    }
    assert declared <= seen, declared - seen


def test_data_the_store_would_change_is_validated_with_pyshacl() -> None:
    """A literal Oxigraph would store as another term (a derived integer type
    becomes xsd:integer) could hide a violation: such data is validated with
    pySHACL, and the report says why."""
    data = Graph()
    data.parse(ROOT / "shapes" / "examples" / "04-text-anchor-valid.ttl", format="turtle")
    subject, value = _first(data, CG.beginIndex)
    data.set((subject, CG.beginIndex, Literal(str(value), datatype=XSD.nonNegativeInteger)))
    report = validate_graph(data)
    assert report.engine == "pyshacl"
    assert "nonNegativeInteger" in report.notes[0] and "pySHACL" in report.notes[0]
    assert {r.component for r in report.results} == {"sh:DatatypeConstraintComponent"}
