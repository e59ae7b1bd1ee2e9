"""Disbelief is not denial: "residents don't buy this claim" (act: doubt) is about
what it doubts and takes no side. It asserts nothing, has no polarity, contradicts
no claim, and no query, status or page counts it as a denial or as support.

The fixture is an article in which officials claim that a bridge was unsafe,
residents do not believe it, and the mayor denies it.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph

from claimgraph.cli import main
from claimgraph.rdf.dataset import Dataset
from claimgraph.validation.validate import validate_graph
from claimgraph.web.examples import examples
from tests import one_article
from tests.one_article import engine_store, mapped, write_article
from tests.test_draft import DATELINE, drafted, only_chain

TEXT = """Residents doubt bridge claim

Officials claimed that the bridge was unsafe. Residents don't buy this claim. \
The mayor denied it.
"""

ANNOTATION = """\
format: 2
article:
  headline: Residents doubt bridge claim
  author: unknown
  publisher: unknown
  published: 2024-05-02

actors:
  - {id: officials, kind: people-group, names: [Officials]}
  - {id: residents, kind: people-group, names: [Residents]}
  - {id: mayor, kind: person, names: [The mayor]}

events:
  - {id: bridge-unsafe, label: The bridge was unsafe, status: disputed}

claims:
  - id: report-officials
    cue: {text: claimed, type: claim}
    quote: {text: the bridge was unsafe, mode: indirect}
    certainty: certain
    relays: officials-claim
  - id: officials-claim
    claimant: officials
    act: claim
    said: {medium: unknown}
    asserts: bridge-unsafe
    certainty: certain

  - id: report-residents
    cue: {text: don't buy this claim, type: doubt}
    certainty: certain
    relays: residents-doubt
  - id: residents-doubt
    claimant: residents
    act: doubt
    said: {medium: unknown}
    about: bridge-unsafe
    certainty: certain
    in_response_to: officials-claim

  - id: report-mayor
    cue: {text: denied, type: deny}
    certainty: certain
    relays: mayor-denial
  - id: mayor-denial
    claimant: mayor
    act: deny
    said: {medium: unknown}
    asserts: bridge-unsafe
    certainty: certain
    contradicts: officials-claim
"""

BASE = "http://127.0.0.1:8000/article/bridge/"
PREFIXES = f"""PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX c: <{BASE}claim/>
PREFIX e: <{BASE}event/>
"""


def write_corpus(folder: Path, annotation: str = ANNOTATION) -> Path:
    return write_article(folder, "bridge", TEXT, annotation)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_corpus(tmp_path_factory.mktemp("bridge")))


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return engine_store(dataset)


def select(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    return one_article.select(store, PREFIXES, query)


def ask(store: ox.Store, pattern: str) -> bool:
    return one_article.ask(store, PREFIXES, pattern)


def test_the_fixture_conforms(dataset: Dataset) -> None:
    one_article.assert_conforms(dataset)


def test_a_doubt_is_about_what_it_doubts_and_takes_no_side(store: ox.Store) -> None:
    assert ask(store, "c:residents-doubt cg:speechAct cg:actDoubt ; cg:about e:bridge-unsafe")
    assert ask(store, "c:residents-doubt cg:inResponseTo c:officials-claim")
    for absent in ("cg:asserts", "cg:polarity", "cg:contradicts", "^cg:contradicts"):
        assert not ask(store, f"c:residents-doubt {absent} ?x"), absent
    # the article reports it, positive, about what the residents doubt; its cue is a doubt
    assert ask(
        store,
        """c:report-residents cg:speechAct cg:actReport ; cg:polarity cg:positive ;
             cg:about e:bridge-unsafe ; cg:hasCue/cg:cueType cg:cueDoubt""",
    )
    # the mayor's denial is what it always was
    assert ask(store, "c:mayor-denial cg:speechAct cg:actDeny ; cg:polarity cg:negative")


def test_a_doubt_reads_as_a_doubt(store: ox.Store) -> None:
    labels = dict(select(store, "SELECT ?c ?l WHERE { ?c cg:speechAct ?a ; rdfs:label ?l }"))
    assert labels[f"{BASE}claim/residents-doubt"] == "Residents doubt: The bridge was unsafe"
    assert labels[f"{BASE}claim/report-residents"] == (
        "The article's author reports that Residents doubt: The bridge was unsafe"
    )
    assert labels[f"{BASE}claim/mayor-denial"] == "The mayor denies: The bridge was unsafe"


def test_the_example_queries_do_not_count_a_doubt_as_a_denial(store: ox.Store) -> None:
    query = next(e.query for e in examples() if e.name == "05-contradicted-or-denied")
    rows = select(store, query)
    assert {(r[1], r[3], r[4]) for r in rows} == {
        ("Officials", "The mayor", "contradicts"),
        ("The mayor", "Officials", "contradicts"),
        ("Officials", "The mayor", "denies"),
    }
    query = next(e.query for e in examples() if e.name == "08-who-denies-what")
    assert [r[0] for r in select(store, query)] == ["The mayor"]


def test_a_doubt_is_not_support_either(store: ox.Store) -> None:
    """What asserts the event, for or against: the officials and the mayor, never
    the residents."""
    rows = select(
        store,
        """SELECT ?who ?polarity WHERE {
             ?c cg:asserts e:bridge-unsafe ; cg:claimant/rdfs:label ?who ; cg:polarity ?polarity
           } ORDER BY ?who""",
    )
    assert [(who, str(polarity).rsplit("#", 1)[1]) for who, polarity in rows] == [
        ("Officials", "positive"),
        ("The mayor", "negative"),
    ]


# -- what the format refuses, at the line, naming the claim ------------------------


def line_of(text: str, needle: str) -> int:
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def _refused(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    """Validate the fixture with ``old`` replaced by ``new``: the errors (stderr),
    and the changed annotation."""
    return one_article.refused(tmp_path / "corpus", "bridge", TEXT, ANNOTATION, old, new)


DOUBT = "    act: doubt\n    said: {medium: unknown}\n    about: bridge-unsafe\n"


@pytest.mark.parametrize(
    ("new", "at", "message", "hint"),
    [
        (
            DOUBT + "    polarity: negative\n",
            "polarity: negative",
            "claim 'residents-doubt': act doubt with polarity negative",
            "a doubt neither affirms nor denies",
        ),
        (
            DOUBT + "    asserts: bridge-unsafe\n",
            "asserts: bridge-unsafe\n    certainty: certain\n    in_response_to",
            "claim 'residents-doubt': act doubt, yet it asserts bridge-unsafe",
            "a doubt asserts nothing: name what it doubts under 'about'",
        ),
        (
            "    act: doubt\n    said: {medium: unknown}\n",
            "id: residents-doubt",
            "claim 'residents-doubt': it doubts nothing: act doubt without 'about'",
            "name under 'about' the events or propositions",
        ),
        (
            "    act: doubt\n    said: {medium: unknown}\n    about: officials-claim\n",
            "about: officials-claim",
            "claim 'residents-doubt': act doubt, and 'about' names 'officials-claim', which "
            "is not an event or a proposition",
            "put it under 'in_response_to'",
        ),
        (
            DOUBT + "    contradicts: officials-claim\n",
            "contradicts: officials-claim\n    certainty: certain\n    in_response_to",
            "claim 'residents-doubt': act doubt, yet it contradicts officials-claim",
            "a doubt does not say the opposite",
        ),
    ],
)
def test_a_doubt_that_takes_a_side_is_refused(
    tmp_path: Path, new: str, at: str, message: str, hint: str
) -> None:
    errors, annotation = _refused(tmp_path, DOUBT, new)
    assert f"bridge.yaml:{line_of(annotation, at)}: {message}" in errors, errors
    assert hint in errors


def test_a_claim_cannot_contradict_a_doubt(tmp_path: Path) -> None:
    errors, annotation = _refused(
        tmp_path, "    contradicts: officials-claim\n", "    contradicts: residents-doubt\n"
    )
    line = line_of(annotation, "contradicts: residents-doubt")
    assert (
        f"bridge.yaml:{line}: claim 'mayor-denial': it contradicts 'residents-doubt', a doubt"
    ) in errors, errors


def test_a_doubt_cue_needs_a_relayed_doubt(tmp_path: Path) -> None:
    errors, annotation = _refused(
        tmp_path, "cue: {text: denied, type: deny}", "cue: {text: denied, type: doubt}"
    )
    line = line_of(annotation, "cue: {text: denied, type: doubt}")
    assert (
        f"bridge.yaml:{line}: claim 'report-mayor': its cue «denied» says the relayed "
        "claimant doubts, but 'mayor-denial' has act deny"
    ) in errors, errors


# -- the shapes: a doubt alone makes nothing disputed -------------------------------


def _conforms(dataset: Dataset, change: str) -> list[str]:
    graph = Graph()
    for triple in dataset.union():
        graph.add(triple)
    graph.update(PREFIXES + change)
    report = validate_graph(graph, dataset.origins)
    return [r.message for r in report.results]


def test_an_account_only_a_doubt_is_about_is_alleged_never_disputed(dataset: Dataset) -> None:
    """With the officials' and the mayor's statements gone, the residents' doubt
    still says that someone gave the account (alleged); it does not make it
    disputed or denied."""
    # their statements are now of another event, established, a copy of this one
    gone = """INSERT { e:other ?p ?o } WHERE { e:bridge-unsafe ?p ?o FILTER(?p != cg:status) };
              INSERT DATA { e:other cg:status cg:established };
              DELETE { ?c cg:asserts e:bridge-unsafe } INSERT { ?c cg:asserts e:other }
              WHERE { ?c cg:asserts e:bridge-unsafe };
              DELETE { e:bridge-unsafe cg:status ?s } INSERT { e:bridge-unsafe cg:status cg:%s }
              WHERE { e:bridge-unsafe cg:status ?s }"""
    assert _conforms(dataset, gone % "alleged") == []
    for status in ("disputed", "denied"):
        (message,) = _conforms(dataset, gone % status)
        assert "never disputed or denied by a doubt alone" in message


def test_a_doubt_with_a_polarity_breaks_a_shape(dataset: Dataset) -> None:
    messages = _conforms(dataset, "INSERT DATA { c:residents-doubt cg:polarity cg:negative }")
    assert len(messages) == 1 and "is a doubt (cg:actDoubt)" in messages[0], messages


# -- the drafter: disbelief is drafted as a doubt, never as a denial ------------------


@pytest.mark.parametrize(
    ("body", "cue", "content"),
    [
        ("Jane Smith doubts that the bridge was unsafe.", "doubts that", "the bridge was unsafe"),
        (
            "Jane Smith does not believe that the bridge was unsafe.",
            "does not believe that",
            "the bridge was unsafe",
        ),
        (
            "Jane Smith has never believed that the bridge was unsafe.",
            "never believed that",
            "the bridge was unsafe",
        ),
        ("Jane Smith doesn't buy the official account.", "doesn't buy", "the official account"),
        (
            "Jane Smith is sceptical of the claim that the bridge was unsafe.",
            "is sceptical of",
            "the claim that the bridge was unsafe",
        ),
        (
            "Jane Smith remains skeptical about the official account.",
            "remains skeptical about",
            "the official account",
        ),
        (
            "Jane Smith questioned whether the bridge was unsafe.",
            "questioned",
            "whether the bridge was unsafe",
        ),
        (
            "Jane Smith cast doubt on the report that the bridge was unsafe.",
            "cast doubt on",
            "the report that the bridge was unsafe",
        ),
    ],
)
def test_disbelief_is_drafted_as_a_doubt(body: str, cue: str, content: str) -> None:
    data = drafted(body)
    article, hop = only_chain(data)
    assert article["cue"] == {"text": cue, "type": "doubt"}
    assert article["quote"]["text"] == content
    assert hop["claimant"] == "jane-smith" and hop["act"] == "doubt"
    # about what it doubts, asserting nothing, with no polarity
    assert "asserts" not in hop and "polarity" not in hop
    (event,) = [e for e in data["events"] if e["id"] in hop["about"]]
    assert event["status"] == "alleged"  # not denied: nobody denied it


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith believes that the bridge was unsafe.",  # a belief: suggest
        "Police questioned Jane Smith about the bridge.",  # asked, not doubted
        "Jane Smith bought the bridge.",
        "Without doubt the bridge is old.",
        "Jane Smith said there was no doubt that the bridge was unsafe.",
    ],
)
def test_no_doubt_where_nobody_doubts(body: str) -> None:
    data = drafted(body)
    assert [c for c in data["claims"] if c.get("act") == "doubt"] == []
    assert not [c for c in data["claims"] if c.get("cue", {}).get("type") == "doubt"]


def test_a_drafted_doubt_validates(tmp_path: Path) -> None:
    """Drafted and marked reviewed, the article of a doubt passes validate: an
    account only the doubt is about is alleged."""
    (tmp_path / "bridge.txt").write_text(
        f"Bridge closed\n\n{DATELINE}\n\nResidents don't buy the official account.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["draft", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    annotation = tmp_path / "bridge.yaml"
    text = annotation.read_text(encoding="utf-8")
    assert "type: doubt" in text and "act: doubt" in text
    annotation.write_text(text.replace("status: draft", "status: reviewed"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--no-cache", str(tmp_path)])
    assert result.exit_code == 0, result.stdout + result.stderr
