"""Drafted annotations: the format says which article is an unreviewed draft, who
drafted and reviewed it, and how confident the drafter was in each entry; the
published data says so too (review status, PROV-O provenance, confidence);
build and serve publish drafts only with --include-drafts; validate reports them;
a claim page never lets a drafted claim pass for a reviewed one."""

from __future__ import annotations

import gc
import re
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import XSD, Graph, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.cli import main
from claimgraph.errors import ClaimgraphError
from claimgraph.pipeline import run as pipeline
from claimgraph.pipeline.cache import opened
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.review import confidence_literal, software_version
from claimgraph.validation.validate import validate_graph
from claimgraph.web import describe
from tests.conftest import BUILD_TIME, ROOT

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


def test_the_format_guide_s_query_finds_the_unreviewed_claims(tmp_path: Path) -> None:
    """(The example corpus has no draft: the guide's other queries run on it.)"""
    guide = (ROOT / "docs" / "guide" / "format.md").read_text(encoding="utf-8")
    (query,) = [
        q for q in re.findall(r"```sparql\n(PREFIX.*?)```", guide, re.S) if "unreviewed" in q
    ]
    _, graph = mapped(write_corpus(tmp_path, other=True))
    rows = {tuple(str(v) for v in row) for row in graph.query(query)}  # type: ignore[union-attr]
    base = "http://127.0.0.1:8000/article/draft/claim/"
    assert rows == {
        (base + "officials-said", "claimgraph 0.1.0", "0.8"),
        (base + "officials-claim", "claimgraph 0.1.0", "0.8"),
        (base + "denial-report", "claimgraph 0.1.0", "1"),
        (base + "denial", "claimgraph 0.1.0", "0.65"),
    }


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


# -- build, serve, validate ------------------------------------------------------------

ASK_DRAFTED = "/sparql?query=" + quote(
    "ASK { ?c <https://w3id.org/claimgraph/ns#reviewStatus> ?status }", safe=""
)
DRAFT_GRAPH = "http://127.0.0.1:8000/graph/article/draft"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def graphs_in(out: Path) -> set[str]:
    quads = ox.parse(path=str(out / "claimgraph.nq"), format=ox.RdfFormat.N_QUADS)
    return {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}


def unrelated_other(folder: Path) -> None:
    """A hand annotation beside the draft that names none of its claims."""
    (folder / "other.txt").write_text(OTHER_TEXT, encoding="utf-8")
    other = OTHER.replace("    corroborates: draft/officials-claim\n", "")
    (folder / "other.yaml").write_text(other, encoding="utf-8")


def test_build_leaves_drafts_out_and_names_them(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    unrelated_other(corpus)
    out = tmp_path / "out"
    code, report, err = run("build", str(corpus), "--out", str(out))
    assert code == 0, err
    assert "Conforms" in report
    assert "left out 1 unreviewed draft: draft.yaml (publish them with --include-drafts)" in err
    assert DRAFT_GRAPH not in graphs_in(out)
    assert "http://127.0.0.1:8000/graph/article/other" in graphs_in(out)
    assert "draft.yaml" not in (out / "claimgraph.nq").read_text(encoding="utf-8")  # sources


def test_build_publishes_drafts_with_include_drafts(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    out = tmp_path / "out"
    code, _, err = run("build", str(corpus), "--out", str(out), "--include-drafts")
    assert code == 0, err
    assert "left out" not in err
    assert DRAFT_GRAPH in graphs_in(out)
    nquads = (out / "claimgraph.nq").read_text(encoding="utf-8")
    assert f"<{CG}reviewStatus> <{CG}unreviewed>" in nquads


def test_every_draft_is_named_on_one_line(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    (corpus / "second.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "second.yaml").write_text(DRAFT, encoding="utf-8")
    code, _, err = run("build", str(corpus), "--out", str(tmp_path / "out"))
    assert code == 0, err
    lines = [line for line in err.splitlines() if "unreviewed" in line]
    assert lines == [
        "left out 2 unreviewed drafts: draft.yaml, second.yaml (publish them with --include-drafts)"
    ]


def test_a_reviewed_draft_is_published_without_the_option(tmp_path: Path) -> None:
    reviewed = DRAFT.replace("  status: draft\n", "  status: reviewed\n")
    corpus = write_corpus(tmp_path / "corpus", reviewed, other=True)
    out = tmp_path / "out"
    code, _, err = run("build", str(corpus), "--out", str(out))
    assert code == 0, err
    assert "left out" not in err
    assert DRAFT_GRAPH in graphs_in(out)


def test_naming_a_claim_of_a_draft_left_out_is_an_error(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", other=True)
    out = tmp_path / "out"
    code, report, err = run("build", str(corpus), "--out", str(out))
    assert code == 2 and report == ""
    line = line_of(OTHER, "corroborates: draft/officials-claim")
    assert f"other.yaml:{line}: 'draft/officials-claim' is a claim of 'draft.yaml', " in err
    assert "an unreviewed draft (status: draft)" in err
    assert "set 'status: reviewed'" in err and "--include-drafts" in err
    assert not out.exists()
    # published with the draft, the reference holds
    code, _, err = run("build", str(corpus), "--out", str(out), "--include-drafts")
    assert code == 0, err
    # and serve says the same as build
    code, _, err = run("serve", str(corpus), "--store", str(tmp_path / "s"), "--get", "/")
    assert code == 2 and f"other.yaml:{line}: 'draft/officials-claim'" in err


def _store_state(outcome: pipeline.Outcome) -> tuple[set[str], list[tuple[str | None, ...]]]:
    results = sorted(
        (r.focus, r.shape, r.component, r.path, r.value, r.message) for r in outcome.report.results
    )
    return {str(q) for q in outcome.store}, results


REGISTRY = """\
format: 2
events:
  - {id: shared-rumour, label: A rumour many articles carry, status: alleged}
"""


@pytest.mark.parametrize("case", ["violation in the draft", "registry entry only it asserts"])
def test_switching_include_drafts_publishes_exactly_what_a_fresh_run_does(
    case: str, tmp_path: Path
) -> None:
    """With the cache kept between runs, switching the option on and off maps
    nothing again and gives the store and the results a run without the cache
    gives; the draft's graph comes and goes, and with it the results that
    depend on it: its own, and those of a registry entry it alone asserts."""
    corpus = write_corpus(tmp_path / "corpus")
    unrelated_other(corpus)
    if case == "violation in the draft":  # an unclaimed, alleged event
        draft = DRAFT.replace(
            "mentions:", "  - {id: unclaimed, label: Something, status: alleged}\n\nmentions:"
        )
        conforms_with_drafts = False
    else:  # without the draft, nothing asserts the registry's alleged event
        (corpus / "registry.yaml").write_text(REGISTRY, encoding="utf-8")
        draft = DRAFT.replace("    asserts: bribe\n", "    asserts: [bribe, shared-rumour]\n", 1)
        conforms_with_drafts = True
    (corpus / "draft.yaml").write_text(draft, encoding="utf-8")
    minter, time = Minter(), BUILD_TIME
    first = 2 if case == "violation in the draft" else 3  # and the registry
    for include, remapped in [(False, first), (True, 0), (False, 0), (True, 0)]:
        with opened(tmp_path / "cache", corpus, minter.base) as (cache, note):
            assert cache is not None, note
            outcome = pipeline.run(corpus, minter, time=time, cache=cache, include_drafts=include)
            state = _store_state(outcome)
            assert outcome.remapped == remapped
            assert (DRAFT_GRAPH in outcome.graphs) == include
            assert outcome.report.conforms == (include == conforms_with_drafts)
            assert outcome.revalidated != "all" or remapped  # only what the switch reaches
            assert outcome.left_out == ([] if include else ["draft.yaml"])
            assert outcome.drafts == ["draft.yaml"]
            del outcome
            gc.collect()
        cold = pipeline.run(corpus, minter, time=time, cache=None, include_drafts=include)
        assert _store_state(cold) == state, include


def test_switching_include_drafts_rebuilds_the_output(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    unrelated_other(corpus)
    out = tmp_path / "out"

    def build(*options: str) -> str:
        code, _, err = run("build", str(corpus), "--out", str(out), *options)
        assert code == 0, err
        return "up to date" if "is up to date" in err else "written"

    assert build() == "written"
    assert build() == "up to date"
    assert build("--include-drafts") == "written"
    assert DRAFT_GRAPH in graphs_in(out)
    assert build("--include-drafts") == "up to date"
    assert build() == "written"
    assert DRAFT_GRAPH not in graphs_in(out)
    fresh = tmp_path / "fresh"
    code, _, err = run("build", str(corpus), "--out", str(fresh), "--no-cache")
    assert code == 0, err
    assert (out / "claimgraph.nq").read_bytes() == (fresh / "claimgraph.nq").read_bytes()


def test_serve_publishes_drafts_only_with_the_option(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    unrelated_other(corpus)
    store = tmp_path / "store"

    def served(*options: str) -> tuple[str, str]:
        code, body, err = run("serve", str(corpus), "--store", str(store), *options)
        assert code == 0, err
        return body, "built" if "built store" in err else "reopened"

    body, state = served("--get", ASK_DRAFTED)
    assert (body, state) == ('{"head":{},"boolean":false}', "built")
    body, state = served("--include-drafts", "--get", ASK_DRAFTED)
    assert (body, state) == ('{"head":{},"boolean":true}', "built")
    assert served("--include-drafts", "--get", ASK_DRAFTED)[1] == "reopened"
    body, state = served("--get", ASK_DRAFTED)
    assert (body, state) == ('{"head":{},"boolean":false}', "built")
    code, _, err = run("serve", str(corpus), "--store", str(store), "--get", "/")
    assert code == 0 and "left out 1 unreviewed draft: draft.yaml" in err


@pytest.mark.parametrize("given", ["corpus", "file"])
def test_validate_checks_drafts_and_names_them(given: str, tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", other=True)  # other names a draft's claim
    path = corpus if given == "corpus" else corpus / "draft.yaml"
    code, report, err = run("validate", str(path))
    assert code == 0, report + err  # a draft alone changes no exit status
    shown = "draft.yaml" if given == "corpus" else str(corpus / "draft.yaml")
    assert (
        f"note: 1 unreviewed draft, validated like any article: {shown} "
        "(build and serve leave drafts out unless --include-drafts)"
    ) in err.splitlines()
    # a draft is checked like any article: its violations count
    bad = DRAFT.replace(
        "mentions:", "  - {id: unclaimed, label: Something, status: alleged}\n\nmentions:"
    )
    (corpus / "draft.yaml").write_text(bad, encoding="utf-8")
    code, report, err = run("validate", str(path))
    assert code == 1, report + err
    assert "unclaimed" in report


def test_validate_names_no_draft_in_a_corpus_without_one(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", DRAFT.replace("  status: draft\n", ""))
    code, _, err = run("validate", str(corpus))
    assert code == 0 and "draft" not in err


# -- pages -----------------------------------------------------------------------------


def page(corpus: Path, store: Path, path: str) -> str:
    code, body, err = run(
        "serve", str(corpus), "--store", str(store), "--include-drafts", "--get", path
    )
    assert code == 0, body + err
    return body


def test_a_drafted_claim_s_page_says_it_is_not_reviewed(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    unrelated_other(corpus)
    store = tmp_path / "store"
    body = page(corpus, store, "/article/draft/claim/denial.html")
    assert "<title>[not reviewed] " in body
    assert "Drafted by claimgraph 0.1.0, not reviewed; drafter&#39;s confidence 0.65." in body
    assert body.count("drafted, not reviewed") == 2  # each hop of its chain
    article = page(corpus, store, "/article/draft.html")
    assert "4 claims of this article were drafted by claimgraph 0.1.0 and are not reviewed" in (
        article
    )
    hand = page(corpus, store, "/article/other/claim/newspaper-claim.html")
    assert "not reviewed" not in hand and "Drafted" not in hand


def test_a_reviewed_draft_s_page_says_who_reviewed_it(tmp_path: Path) -> None:
    reviewed = DRAFT.replace(
        "  status: draft\n", "  status: reviewed\n  reviewed: {by: Jane Doe, on: 2026-12-08}\n"
    )
    corpus = write_corpus(tmp_path / "corpus", reviewed)
    body = page(corpus, tmp_path / "store", "/article/draft/claim/denial.html")
    assert (
        "Drafted by claimgraph 0.1.0; reviewed by Jane Doe on 2026-12-08; drafter&#39;s "
        "confidence 0.65." in body
    )
    assert "not reviewed" not in body


def test_drafting_sentences() -> None:
    assert describe.Drafting(unreviewed=True).sentence == "Drafted by a tool, not reviewed"
    assert describe.Drafting(reviewed=True).sentence == "Reviewed"
    assert describe.Drafting(confidence="0.5").sentence == "Drafter's confidence 0.5"
    assert describe.Drafting().sentence is None
    # a claim said to be both is shown unreviewed
    both = describe.Drafting(unreviewed=True, tool="t 1", reviewer="Jane Doe")
    assert both.sentence == "Drafted by t 1, not reviewed"
