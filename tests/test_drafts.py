"""Drafted annotations: the format says which article is an unreviewed draft, who
drafted and reviewed it, and how confident the drafter was in each entry; the
published data says so too (review status, PROV-O provenance, confidence);
build and serve publish drafts only with --include-drafts; validate reports them;
a claim page never lets a drafted claim pass for a reviewed one."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, Graph, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.review import confidence_literal, software_version
from claimgraph.validation.validate import validate_graph
from tests.conftest import BUILD_TIME

CG = "https://w3id.org/claimgraph/ns#"

TEXT = """Minister denies bribe

The minister took a bribe, two officials said. The minister denied it.
"""

DRAFT = """\
format: 2
article:
  headline: Minister denies bribe
  author: unknown
  publisher: unknown
  published: 2024-03-05
  status: draft
  drafted: {by: claimgraph 0.1.0, on: 2026-12-07}

actors:
  - {id: minister, kind: person, names: [The minister], confidence: 0.9}
  - {id: officials, kind: people-group, names: [two officials], count: 2, confidence: 0.8}

events:
  - id: bribe
    label: The minister took a bribe
    status: disputed
    agents: minister
    confidence: 0.7

mentions:
  - {of: minister, text: The minister, occurrence: 2, confidence: 0.95}

claims:
  - id: officials-said
    cue: {text: two officials said, type: say}
    certainty: underspecified
    relays: officials-claim
    confidence: 0.8
  - id: officials-claim
    claimant: officials
    act: say
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
    confidence: 0.8
  - id: denial-report
    cue: {text: denied, type: deny}
    certainty: certain
    relays: denial
    confidence: 1
  - id: denial
    claimant: minister
    act: deny
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
    confidence: 0.65
"""

OTHER_TEXT = """Bribe row

The minister took a bribe, a newspaper reported.
"""

# A hand annotation (reviewed) whose claim names a claim of the draft.
OTHER = """\
format: 2
article:
  headline: Bribe row
  author: unknown
  publisher: unknown
  published: 2024-03-06

actors:
  - {id: newspaper, kind: organisation, names: [a newspaper]}

events:
  - {id: row, label: The minister took a bribe, status: alleged}

claims:
  - id: report
    cue: {text: a newspaper reported, type: say}
    certainty: underspecified
    relays: newspaper-claim
  - id: newspaper-claim
    claimant: newspaper
    act: say
    said: {medium: unknown}
    asserts: row
    certainty: certain
    corroborates: draft/officials-claim
"""


def write_corpus(folder: Path, draft: str = DRAFT, *, other: bool = False) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "draft.txt").write_text(TEXT, encoding="utf-8")
    (folder / "draft.yaml").write_text(draft, encoding="utf-8")
    if other:
        (folder / "other.txt").write_text(OTHER_TEXT, encoding="utf-8")
        (folder / "other.yaml").write_text(OTHER, encoding="utf-8")
    return folder


def line_of(text: str, words: str) -> int:
    return text[: text.index(words)].count("\n") + 1


def load_error(folder: Path) -> str:
    with pytest.raises(ClaimgraphError) as caught:
        load_corpus(folder)
    return str(caught.value)


# -- the format ------------------------------------------------------------------------


def test_a_draft_loads_with_its_status_provenance_and_confidences(tmp_path: Path) -> None:
    (article,) = load_corpus(write_corpus(tmp_path)).articles
    meta = article.model.article
    assert meta.status == "draft" and meta.is_draft
    assert meta.drafted is not None and meta.drafted.by == "claimgraph 0.1.0"
    assert meta.drafted.on == "2026-12-07"
    assert meta.reviewed is None
    assert [c.confidence for c in article.model.claims] == [0.8, 0.8, 1.0, 0.65]
    assert article.model.mentions[0].confidence == 0.95


def test_a_hand_annotation_is_reviewed_and_has_no_confidence(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, other=True)
    other = next(a for a in load_corpus(corpus).articles if a.id == "other")
    assert other.model.article.status is None and not other.model.article.is_draft
    assert all(c.confidence is None for c in other.model.claims)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("confidence: 0.65", "confidence: 1.5", ("less than or equal to 1", "1.5")),
        ("confidence: 0.65", "confidence: -0.1", ("greater than or equal to 0", "-0.1")),
        ("confidence: 0.65", "confidence: high", ("a valid number", "'high'")),
        ("confidence: 0.65", 'confidence: "0.65"', ("a valid number", "'0.65'")),
        ("confidence: 0.65", "confidence: true", ("a valid number", "True")),
        ("status: draft", "status: done", ("'draft' or 'reviewed'", "'done'")),
        (
            "  drafted: {by: claimgraph 0.1.0, on: 2026-12-07}",
            "  drafted: {by: x, on: someday}",
            ("drafted.on", "'someday'"),
        ),
        (
            "  drafted: {by: claimgraph 0.1.0, on: 2026-12-07}",
            "  drafted: {on: 2026-12-07}",
            ("drafted.by", "Field required"),
        ),
    ],
)
def test_bad_values_name_the_value_the_file_and_the_line(
    old: str, new: str, expected: tuple[str, ...], tmp_path: Path
) -> None:
    corpus = write_corpus(tmp_path, DRAFT.replace(old, new))
    message = load_error(corpus)
    assert f"draft.yaml:{line_of(DRAFT, old)}:" in message, message
    for words in expected:
        assert words in message, message


def test_a_draft_cannot_say_who_reviewed_it(tmp_path: Path) -> None:
    draft = DRAFT.replace(
        "  status: draft\n", "  status: draft\n  reviewed: {by: Jane Doe, on: 2026-12-08}\n"
    )
    message = load_error(write_corpus(tmp_path, draft))
    assert f"draft.yaml:{line_of(draft, 'reviewed:')}:" in message, message
    assert "'status: draft'" in message and "'reviewed:'" in message, message
    assert "status: reviewed" in message, message  # how to fix it


def test_a_reviewed_draft_keeps_its_provenance(tmp_path: Path) -> None:
    reviewed = DRAFT.replace(
        "  status: draft\n", "  status: reviewed\n  reviewed: {by: Jane Doe, on: 2026-12-08}\n"
    )
    (article,) = load_corpus(write_corpus(tmp_path, reviewed)).articles
    meta = article.model.article
    assert not meta.is_draft
    assert meta.drafted is not None and meta.reviewed is not None
    assert (meta.reviewed.by, meta.reviewed.on) == ("Jane Doe", "2026-12-08")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (".nan", "(got nan)"),
        (".NaN", "(got nan)"),
        (".inf", "(got inf)"),
        ("-.inf", "(got -inf)"),
        ("1.0e+400", "(got inf)"),  # too large for a float: infinite
        ("1e400", "(got '1e400')"),  # YAML 1.1: a string
        ("1" + "0" * 400, "(got 1000"),  # an integer far too large
    ],
)
def test_hostile_confidences_are_refused(value: str, shown: str, tmp_path: Path) -> None:
    """Not a number, infinite, or too large: refused, naming the value, never
    published as NaN or INF."""
    corpus = write_corpus(tmp_path, DRAFT.replace("confidence: 0.65", f"confidence: {value}"))
    message = load_error(corpus)
    assert f"draft.yaml:{line_of(DRAFT, 'confidence: 0.65')}: claims.3.confidence:" in message
    assert shown in message, message


# -- the data --------------------------------------------------------------------------

PREFIXES = """\
PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX d: <http://127.0.0.1:8000/article/draft/claim/>
PREFIX o: <http://127.0.0.1:8000/article/other/claim/>
"""


def mapped(folder: Path) -> tuple[Dataset, Graph]:
    dataset = build_dataset(load_corpus(folder), Minter(), BUILD_TIME)
    return dataset, dataset.union()


def select(graph: Graph, query: str) -> set[tuple[str, ...]]:
    return {tuple(str(v) for v in row) for row in graph.query(PREFIXES + query)}  # type: ignore[union-attr]


@pytest.mark.parametrize("engine", ["claimgraph", "pyshacl"])
def test_a_draft_says_in_the_data_that_its_claims_are_unreviewed(
    engine: str, tmp_path: Path
) -> None:
    dataset, graph = mapped(write_corpus(tmp_path, other=True))
    claims = select(graph, "SELECT ?c WHERE { ?c a cg:Claim ; cg:statedIn|cg:occasion ?x }")
    drafted = select(
        graph,
        """SELECT ?c WHERE {
             ?c a cg:Claim ; cg:reviewStatus cg:unreviewed ; prov:wasGeneratedBy ?d .
             ?d a prov:Activity , cg:Drafting ; cg:date "2026-12-07"^^xsd:date ;
                rdfs:label "drafted by claimgraph 0.1.0, 2026-12-07" ;
                prov:wasAssociatedWith ?tool .
             ?tool a prov:SoftwareAgent ; rdfs:label "claimgraph 0.1.0" ;
                   cg:softwareVersion "0.1.0" .
           }""",
    )
    assert drafted == {(c,) for (c,) in claims if "/article/draft/" in c}
    assert len(drafted) == 4
    confidences = select(graph, "SELECT ?e ?c WHERE { ?e cg:draftConfidence ?c }")
    base = "http://127.0.0.1:8000/article/draft/"
    assert confidences == {
        (base + "actor/minister", "0.9"),
        (base + "actor/officials", "0.8"),
        (base + "event/bribe", "0.7"),
        (base + "mention/1", "0.95"),
        (base + "claim/officials-said", "0.8"),
        (base + "claim/officials-claim", "0.8"),
        (base + "claim/denial-report", "1"),  # as a store keeps it
        (base + "claim/denial", "0.65"),
    }
    assert all(
        o.datatype == XSD.decimal for o in graph.objects(None, URIRef(CG + "draftConfidence"))
    )
    # the hand annotation beside it says nothing of drafts or review
    assert not select(
        graph,
        "SELECT ?p WHERE { o:report ?p ?x FILTER(?p IN "
        "(cg:reviewStatus, prov:wasGeneratedBy, cg:draftConfidence)) }",
    )
    report = validate_graph(graph, dataset.origins, engine=engine)
    assert report.conforms, [r.message for r in report.results]


def test_a_reviewed_draft_keeps_its_provenance_and_says_who_reviewed_it(tmp_path: Path) -> None:
    reviewed = DRAFT.replace(
        "  status: draft\n", "  status: reviewed\n  reviewed: {by: Jane Doe, on: 2026-12-08}\n"
    )
    dataset, graph = mapped(write_corpus(tmp_path, reviewed))
    rows = select(
        graph,
        """SELECT ?c ?status ?who ?when WHERE {
             ?c a cg:Claim ; cg:reviewStatus ?status ; prov:wasGeneratedBy ?d .
             ?d a cg:Drafting .
             ?r a prov:Activity , cg:Review ; prov:used ?c ; cg:date ?when ;
                prov:wasAssociatedWith [ a prov:Agent ; rdfs:label ?who ] .
           }""",
    )
    assert {r[1:] for r in rows} == {(CG + "reviewed", "Jane Doe", "2026-12-08")}
    assert len(rows) == 4
    assert select(graph, "SELECT ?c WHERE { d:denial cg:draftConfidence ?c }") == {("0.65",)}
    report = validate_graph(graph, dataset.origins)
    assert report.conforms, [r.message for r in report.results]


@pytest.mark.parametrize(
    ("value", "lexical"),
    [(0.8, "0.8"), (1.0, "1"), (0.0, "0"), (-0.0, "0"), (1e-05, "0.00001"), (0.125, "0.125")],
)
def test_a_confidence_is_a_decimal_in_the_form_a_store_keeps(value: float, lexical: str) -> None:
    literal = confidence_literal(value)
    assert (str(literal), literal.datatype) == (lexical, XSD.decimal)
    store = ox.Store()
    node = ox.NamedNode("http://example.org/e")
    kept = ox.Literal(lexical, datatype=ox.NamedNode(str(XSD.decimal)))
    store.add(ox.Quad(node, node, kept))
    assert next(iter(store)).object.value == lexical


@pytest.mark.parametrize(
    ("tool", "version"),
    [("claimgraph 0.1.0", "0.1.0"), ("drafter v2.1", "2.1"), ("a person", None), ("x", None)],
)
def test_the_version_is_read_from_the_tool_s_name(tool: str, version: str | None) -> None:
    assert software_version(tool) == version
