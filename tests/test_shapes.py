"""Each shape has a valid and an invalid example (shapes/examples/NN-name-*.ttl),
each a small graph: the focus node, what its shape reads, and what the other
shapes targeting those nodes require. The valid one conforms to the whole
shapes graph; every result of the invalid one is of the shape and constraint
component it names (and the path, when it names one). test_engine_agreement.py
runs every example through pySHACL too, result for result."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from claimgraph.rdf.vocab import CG, CGSH, RDF, SH, XSD
from claimgraph.validation.validate import shapes_graph, validate_graph
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "shapes" / "examples").glob("*.ttl"))


@dataclass(frozen=True)
class Header:
    """What an example's opening comment says it shows and expects."""

    shape: str  # "# shape: cgsh:..."
    expect: str  # "# expect: conforms" or "# expect: violation"
    component: str | None  # "# component: sh:...", for a violation
    path: str | None  # "# path: ...", for a violation on a property's values


def _header(path: Path) -> Header:
    text = path.read_text(encoding="utf-8")

    def field(name: str) -> str | None:
        found = re.findall(rf"^# {name}: (\S+)$", text, re.M)
        assert len(found) <= 1, f"{path.name}: more than one '# {name}:'"
        return found[0] if found else None

    shape, expect = field("shape"), field("expect")
    assert shape and expect in ("conforms", "violation"), f"{path.name} lacks its header"
    return Header(shape, expect, field("component"), field("path"))


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_shape_example(path: Path) -> None:
    header = _header(path)
    data = Graph()
    data.parse(path, format="turtle")
    report = validate_graph(data)
    if header.expect == "conforms":
        assert header.component is None and header.path is None
        assert report.conforms, [r.message for r in report.results]
    else:
        assert header.component, f"{path.name} names no '# component:'"
        assert not report.conforms
        found = {(r.shape, r.component) for r in report.results}
        assert found == {(header.shape, header.component)}, [r.message for r in report.results]
        if header.path:
            assert {r.path for r in report.results} == {header.path}


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_each_example_says_what_it_shows(path: Path) -> None:
    """The file opens with a comment: the rule in plain words, then 'Valid:' or
    'Invalid:' and what this graph shows, before the header the test reads."""
    text = path.read_text(encoding="utf-8")
    opening = text[: text.index("# shape:")]
    assert opening.startswith("# ") and len(opening.splitlines()) >= 2, path.name
    word = "Valid" if _header(path).expect == "conforms" else "Invalid"
    assert re.search(rf"^# {word}: ", opening, re.M), path.name


def test_examples_come_in_pairs() -> None:
    """NN-name-valid.ttl and NN-name-invalid.ttl side by side, for the same shape."""
    pairs: dict[str, dict[str, str]] = {}
    for path in EXAMPLES:
        stem, _, kind = path.stem.rpartition("-")
        pairs.setdefault(stem, {})[kind] = _header(path).shape
    assert all(set(pair) == {"valid", "invalid"} for pair in pairs.values()), pairs
    assert all(len(set(pair.values())) == 1 for pair in pairs.values()), pairs


def test_every_shape_has_a_valid_and_an_invalid_example() -> None:
    graph = shapes_graph()
    declared = {
        f"cgsh:{str(s).removeprefix(str(CGSH))}"
        for kind in (SH.NodeShape, SH.PropertyShape)
        for s in graph.subjects(RDF.type, kind)
        if str(s).startswith(str(CGSH))
    }
    covered: dict[str, set[str]] = {}
    for path in EXAMPLES:
        header = _header(path)
        covered.setdefault(header.shape, set()).add(header.expect)
    assert set(covered) == declared
    assert all(kinds == {"conforms", "violation"} for kinds in covered.values()), covered


def test_every_message_says_how_to_fix() -> None:
    """Each sh:message is a sentence that says what to do, not just what is wrong."""
    messages = [str(m) for m in shapes_graph().objects(None, SH.message)]
    assert len(messages) > 40
    fixes = re.compile(
        r"\b(add|give|set|use|fix|label|name|swap|type it|must|needs?|copy|correct)\b", re.I
    )
    assert [m for m in messages if not fixes.search(m)] == []


@pytest.mark.parametrize(
    "example",
    [
        "25-claim-made-invalid.ttl",
        "27-speech-act-polarity-invalid.ttl",
        "28-cue-act-invalid.ttl",
        "36-claim-content-invalid.ttl",
        "49-reports-only-invalid.ttl",
    ],
)
def test_claim_checks_name_the_claim_at_fault(example: str) -> None:
    """The SPARQL checks on claims report the claim itself as the focus node (a
    fact-checker reads which claim to fix), not a class or a controlled value;
    claimgraph's engine still checks all claims in one query. (Some examples leave
    their claims untyped: a claim is what has a speech act.)"""
    data = Graph()
    data.parse(ROOT / "shapes" / "examples" / example, format="turtle")
    claims = {str(c) for c in data.subjects(RDF.type, CG.Claim)}
    claims |= {str(c) for c in data.subjects(CG.speechAct)}
    results = validate_graph(data).results
    assert results
    focus = {r.focus for r in results if r.component == "sh:SPARQLConstraintComponent"}
    assert focus and focus <= claims, focus


def test_validation_without_sparql_skips_the_sparql_checks() -> None:
    data = Graph()
    data.parse(ROOT / "shapes" / "examples" / "07-anchor-text-invalid.ttl", format="turtle")
    assert validate_graph(data, with_sparql=False).conforms
    assert not validate_graph(data).conforms


def test_an_offset_is_a_non_negative_xsd_integer() -> None:
    """Offsets are xsd:integer, the datatype a store keeps them in (it would turn an
    xsd:nonNegativeInteger into one); sh:minInclusive still rules out a negative one."""
    data = Graph()
    data.parse(ROOT / "shapes" / "examples" / "04-text-anchor-valid.ttl", format="turtle")
    anchor = next(data.subjects(CG.beginIndex, Literal(23, datatype=XSD.integer)))
    for offset, component in (
        (Literal(-1, datatype=XSD.integer), "sh:MinInclusiveConstraintComponent"),
        (Literal("23", datatype=XSD.nonNegativeInteger), "sh:DatatypeConstraintComponent"),
    ):
        data.set((anchor, CG.beginIndex, offset))
        found = {r.component for r in validate_graph(data).results if r.path == "cg:beginIndex"}
        assert found == {component}, offset
