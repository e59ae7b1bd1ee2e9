"""Validation a part of the corpus at a time (claimgraph.pipeline.parts): the
results are those of validating the whole store at once, whatever the data,
including violations that only show with data from several articles."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.annotation.files import REGISTRY_NAME, corpus_files
from claimgraph.pipeline import parts as parts_module
from claimgraph.pipeline.batches import units_of
from claimgraph.pipeline.parts import parts, validate_in_parts
from claimgraph.pipeline.units import Unit
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.nquads import Writer
from claimgraph.rdf.vocab import CG, RDF
from claimgraph.validation.shacl import Result as ShaclResult
from claimgraph.validation.validate import distinct_triples, engine_results
from tests.conftest import ROOT
from tests.test_engine_agreement import INJECTED

MINTER = Minter("https://example.org/")
TIME = datetime(2026, 1, 2, tzinfo=UTC)
Triples = dict[URIRef, list[tuple[URIRef, URIRef, URIRef]]]


@cache
def _seeds() -> tuple[Triples, dict[URIRef, str], dict[str, set[str]]]:
    """The seed corpus's triples, graph by graph, each article graph's unit
    name, and the articles each one names (references)."""
    root = ROOT / "seeds"
    corpus = load_corpus(root, keep_going=True)
    dataset = build_dataset(corpus, MINTER, TIME)
    names = {p.name for p in corpus_files(root)} | {REGISTRY_NAME}
    units = units_of(dataset, corpus, MINTER, names)
    graphs = {URIRef(u.graph): u.name for u in units if u.name != REGISTRY_NAME}
    refs = {u.name: set(u.refs) for u in units}
    assert any(refs.values()), "the seed corpus has articles linked by references"
    return dict(dataset.triples), graphs, refs  # type: ignore[arg-type]


def _units(triples: Triples, names: dict[URIRef, str], refs: dict[str, set[str]]) -> list[Unit]:
    """A unit for each graph (the articles' with their references)."""
    writer = Writer()
    return [
        Unit(
            name=names.get(graph, str(graph)),
            graph=str(graph),
            nquads=writer.lines(graph_triples, graph),
            sources=[],
            origins={},
            refs=dict.fromkeys(refs.get(names.get(graph, ""), set()), ""),
        )
        for graph, graph_triples in triples.items()
    ]


Key = tuple[str, ...]


def _keys(results: list[ShaclResult]) -> list[Key]:
    return sorted(
        (
            str(r.focus),
            str(r.shape),
            str(r.component),
            str(r.value),
            str(r.path),
            *map(str, r.messages),
        )
        for r in results
    )


def _both(triples: Triples) -> tuple[list[Key], list[Key]]:
    """The results of the whole store, and those found a part at a time (each
    article in a part of its own, unless references link it to others)."""
    _, names, refs = _seeds()
    units = _units(triples, names, refs)
    store = ox.Store()
    for unit in units:
        store.load(unit.nquads.encode(), format=ox.RdfFormat.N_QUADS)
    whole = engine_results(store)
    articles = [u for u in units if URIRef(u.graph) in names]
    shared = [u for u in units if URIRef(u.graph) not in names]
    found = parts(articles, size=1)
    assert found is not None
    registry = str(MINTER.graph_registry())
    in_parts = validate_in_parts(
        store,
        found,
        [u.graph for u in shared],
        lambda unit: unit.nquads,
        "".join(u.nquads for u in shared if u.graph == registry),
    )
    assert in_parts is not None
    assert in_parts.triples == distinct_triples(store), "the parts miscounted the triples"
    return _keys(whole), _keys(in_parts.results)


def _changed(change: Callable[[Graph], None]) -> Triples:
    """The seed corpus with ``change`` made to its union: a triple taken out
    goes from every graph, a triple put in goes where its subject is."""
    triples, _, _ = _seeds()
    union = Graph()
    for graph_triples in triples.values():
        for triple in graph_triples:
            union.add(triple)
    after = Graph()
    for triple in union:
        after.add(triple)
    change(after)
    removed, added = set(union) - set(after), set(after) - set(union)
    result = {g: [t for t in ts if t not in removed] for g, ts in triples.items()}
    for triple in sorted(added):
        home = next((g for g, ts in triples.items() if any(t[0] == triple[0] for t in ts)), None)
        assert home is not None, triple
        result[home].append(triple)  # type: ignore[arg-type]
    return result


def test_the_seed_corpus_in_parts() -> None:
    whole, in_parts = _both(_seeds()[0])
    assert whole == in_parts == []


@pytest.mark.parametrize("change", list(INJECTED), ids=list(INJECTED))
def test_injected_violations_in_parts(change: str) -> None:
    whole, in_parts = _both(_changed(INJECTED[change]))
    assert whole, "the change should make the data fail"
    assert in_parts == whole


def _article_graphs() -> list[URIRef]:
    triples, names, _ = _seeds()
    return sorted(g for g in triples if g in names)


def _claim_of(graph: URIRef) -> URIRef:
    triples, _, _ = _seeds()
    return sorted(s for s, p, o in triples[graph] if p == RDF.type and o == CG.Claim)[0]


def test_a_violation_only_two_unlinked_articles_show() -> None:
    """An article says one more thing of another article's claim: it is then
    stated in two documents. Neither article's part sees it alone."""
    triples, _, _ = _seeds()
    first, second = _article_graphs()[:2]
    _, names, refs = _seeds()
    assert not refs[names[first]] and not refs[names[second]], "two articles no reference links"
    claim = _claim_of(first)
    other_document = next(o for s, p, o in triples[second] if p == CG.statedIn)
    changed = {g: list(ts) for g, ts in triples.items()}
    changed[second].append((claim, CG.statedIn, other_document))
    whole, in_parts = _both(changed)
    assert any(key[0] == f"<{claim}>" and "MaxCount" in key[2] for key in whole), whole
    assert in_parts == whole


def test_a_registry_node_is_judged_on_every_article() -> None:
    """An article makes a registry actor a member of something another
    article types as an actor: fine on the whole, a violation in the first
    article's part alone."""
    triples, _, _ = _seeds()
    first, second = _article_graphs()[:2]
    registry = MINTER.graph_registry()
    actor = sorted(s for s, p, o in triples[registry] if p == RDF.type)[0]
    member_of = _claim_of(second)  # not an actor: a violation, seen only with both articles
    changed = {g: list(ts) for g, ts in triples.items()}
    changed[first].append((actor, CG.memberOf, member_of))
    whole, in_parts = _both(changed)
    assert any(key[0] == f"<{actor}>" for key in whole), whole
    assert in_parts == whole
    changed[second].append((member_of, RDF.type, CG.Person))  # now an actor
    whole, in_parts = _both(changed)
    assert not any(key[0] == f"<{actor}>" for key in whole), whole
    assert in_parts == whole


def test_the_parts_count_a_triple_several_graphs_hold_once() -> None:
    """A triple two unlinked articles both hold (parts of their own), and one
    two linked articles both hold (one part), counts once, as on the store."""
    triples, names, refs = _seeds()
    first, second = _article_graphs()[:2]
    linked = next(name for name, named in refs.items() if named and name in names.values())
    linked_graph = next(g for g, name in names.items() if name == linked)
    other_graph = next(g for g, name in names.items() if name in refs[linked])
    changed = {g: list(ts) for g, ts in triples.items()}
    changed[second].append(triples[first][0])
    changed[other_graph].append(triples[linked_graph][0])
    _both(changed)  # which counts them on the store, and in parts


def test_the_parts_leave_counting_to_the_store_when_a_subject_is_a_blank_node() -> None:
    """A blank node's label is the file's own, not the dataset's: a part
    cannot tell whether another part holds the same node, so the count is
    left to the store."""
    _, names, refs = _seeds()
    units = _units(_seeds()[0], names, refs)
    article = next(u for u in units if URIRef(u.graph) in names)
    article.nquads += f"_:b0 <{RDF.type}> <{CG.Claim}> <{article.graph}> .\n"
    store = ox.Store()
    for unit in units:
        store.load(unit.nquads.encode(), format=ox.RdfFormat.N_QUADS)
    found = parts([u for u in units if URIRef(u.graph) in names], size=1)
    assert found is not None
    shared = [u.graph for u in units if URIRef(u.graph) not in names]
    registry = str(MINTER.graph_registry())
    registry_text = "".join(u.nquads for u in units if u.graph == registry)
    finished = validate_in_parts(store, found, shared, lambda u: u.nquads, registry_text)
    assert finished is not None and finished.triples is None


def _unit(name: str, refs: set[str]) -> Unit:
    return Unit(name, f"urn:g:{name}", "", [], {}, dict.fromkeys(refs, ""))


def test_articles_linked_by_references_share_a_part() -> None:
    units = [
        _unit("a", {"c"}),
        _unit("b", set()),
        _unit("c", set()),
        _unit("d", {"e"}),
        _unit("e", {"a"}),  # a - c, and d - e - a: one group of four
        _unit("f", {"missing"}),  # a reference to no unit links nothing
    ]
    found = parts(units, size=2)
    assert found is not None
    assert [[u.name for u in part] for part in found] == [["a", "c", "d", "e"], ["b", "f"]]
    assert parts(units, size=10) is not None
    assert [[u.name for u in p] for p in parts(units, size=10) or []] == [
        ["a", "c", "d", "e", "b", "f"]
    ]


def test_a_group_too_large_for_memory_is_validated_on_disk(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    chain = [_unit(f"a{i}", {f"a{i + 1}"}) for i in range(5)] + [_unit("a5", set())]
    monkeypatch.setattr(parts_module, "LARGEST_PART", 5)
    assert parts(chain, size=2) is None
    assert parts(chain[1:], size=2) is not None
