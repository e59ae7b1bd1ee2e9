"""Each shape has a valid and an invalid example (shapes/examples/NN-name-*.ttl):
the valid one conforms; the invalid one fails on exactly the shape(s) it names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal

from claimgraph.rdf.vocab import CG, CGSH, RDF, SH, XSD
from claimgraph.validation.validate import shapes_graph, validate_graph
from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "shapes" / "examples").glob("*.ttl"))


def _header(path: Path) -> tuple[set[str], str]:
    text = path.read_text(encoding="utf-8")
    shapes = set(re.findall(r"^# (?:shape|also): (cgsh:\w+)", text, re.M))
    expect = re.search(r"^# expect: (\w+)", text, re.M)
    assert shapes and expect, f"{path.name} lacks its '# shape:' and '# expect:' header"
    return shapes, expect[1]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_shape_example(path: Path) -> None:
    shapes, expect = _header(path)
    data = Graph()
    data.parse(path, format="turtle")
    report = validate_graph(data)
    if expect == "conforms":
        assert report.conforms, [r.message for r in report.results]
    else:
        assert not report.conforms
        assert {r.shape for r in report.results} == shapes, [r.message for r in report.results]


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
        covered.setdefault(_primary(path), set()).add(_header(path)[1])
    assert set(covered) == declared
    assert all(kinds == {"conforms", "violation"} for kinds in covered.values()), covered


def _primary(path: Path) -> str:
    match = re.search(r"^# shape: (cgsh:\w+)", path.read_text(encoding="utf-8"), re.M)
    assert match
    return match[1]


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
    ],
)
def test_claim_checks_name_the_claim_at_fault(example: str) -> None:
    """The SPARQL checks on claims report the claim itself as the focus node (a
    fact-checker reads which claim to fix), not a class or a controlled value;
    claimgraph's engine still checks all claims in one query."""
    data = Graph()
    data.parse(ROOT / "shapes" / "examples" / example, format="turtle")
    claims = {str(c) for c in data.subjects(RDF.type, CG.Claim)}
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
