"""A qualified statement is not a flat one: "the ministry says the bridge was not
entirely safe" denies less than "the bridge was not safe". The claimant's own hop
says how far (``degree``: the words, verbatim); the chain sentence, the data and
the pages carry it, and the format refuses it where it cannot belong.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from claimgraph.rdf.dataset import Dataset
from claimgraph.validation.validate import validate_graph
from tests import one_article
from tests.one_article import engine_store, mapped, write_article
from tests.test_doubt import line_of

TEXT = """Ministry on the bridge

The ministry said the bridge was not entirely safe. Engineers said it was largely sound. \
Residents don't buy it.
"""

ANNOTATION = """\
format: 2
article:
  headline: Ministry on the bridge
  author: unknown
  publisher: unknown
  published: 2024-05-02

actors:
  - {id: ministry, kind: organisation, names: [The ministry]}
  - {id: engineers, kind: people-group, names: [Engineers]}
  - {id: residents, kind: people-group, names: [Residents]}

events:
  - {id: bridge-safe, label: The bridge was safe, status: disputed}

claims:
  - id: report-ministry
    cue: {text: said, occurrence: 1, type: say}
    quote: {text: the bridge was not entirely safe, mode: indirect}
    certainty: certain
    relays: ministry-says
  - id: ministry-says
    claimant: ministry
    act: say
    polarity: negative
    degree: entirely
    said: {medium: unknown}
    asserts: bridge-safe
    certainty: certain

  - id: report-engineers
    cue: {text: said, occurrence: 2, type: say}
    quote: {text: it was largely sound, mode: indirect}
    certainty: certain
    relays: engineers-say
  - id: engineers-say
    claimant: engineers
    act: say
    degree: {text: largely}
    said: {medium: unknown}
    asserts: bridge-safe
    certainty: certain

  - id: report-residents
    cue: {text: don't buy it, type: doubt}
    certainty: certain
    relays: residents-doubt
  - id: residents-doubt
    claimant: residents
    act: doubt
    said: {medium: unknown}
    about: bridge-safe
    certainty: certain
"""

BASE = "http://127.0.0.1:8000/article/bridge/"
PREFIXES = f"""PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX c: <{BASE}claim/>
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_article(tmp_path_factory.mktemp("bridge"), "bridge", TEXT, ANNOTATION))


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return engine_store(dataset)


def test_the_fixture_conforms(dataset: Dataset) -> None:
    one_article.assert_conforms(dataset)


def test_the_degree_is_the_claimants_and_reads_with_the_polarity(store: ox.Store) -> None:
    rows = one_article.select(store, PREFIXES, "SELECT ?c ?d WHERE { ?c cg:degree ?d } ORDER BY ?c")
    assert [(str(c).rsplit("/", 1)[1], str(d)) for c, d in rows] == [
        ("engineers-say", "largely"),
        ("ministry-says", "entirely"),
    ]
    assert one_article.ask(store, PREFIXES, "c:ministry-says cg:polarity cg:negative")
    labels = dict(
        one_article.select(
            store, PREFIXES, "SELECT ?c ?l WHERE { ?c cg:speechAct ?a ; rdfs:label ?l }"
        )
    )
    assert labels[f"{BASE}claim/ministry-says"] == (
        "The ministry says: it is not «entirely» so that The bridge was safe"
    )
    assert labels[f"{BASE}claim/engineers-say"] == (
        "Engineers say: it is «largely» so that The bridge was safe"
    )
    assert labels[f"{BASE}claim/report-ministry"] == (
        "The article's author reports that The ministry says: it is not «entirely» so that "
        "The bridge was safe"
    )


def _refused(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    return one_article.refused(tmp_path / "corpus", "bridge", TEXT, ANNOTATION, old, new)


@pytest.mark.parametrize(
    ("old", "new", "at", "message"),
    [
        (
            "    relays: ministry-says\n",
            "    relays: ministry-says\n    degree: entirely\n",
            "degree: entirely\n  - id: ministry-says",
            "claim 'report-ministry': it has a degree («entirely») but relays ministry-says",
        ),
        (
            "    about: bridge-safe\n",
            "    about: bridge-safe\n    degree: largely\n",
            "degree: largely\n    certainty",
            "claim 'residents-doubt': it has a degree («largely»), act doubt",
        ),
    ],
)
def test_a_degree_where_it_cannot_belong_is_refused(
    tmp_path: Path, old: str, new: str, at: str, message: str
) -> None:
    errors, annotation = _refused(tmp_path, old, new)
    assert f"bridge.yaml:{line_of(annotation, at)}: {message}" in errors, errors
    assert "put 'degree' on that claimant's own hop" in errors


@pytest.mark.parametrize(
    ("degree", "said"),
    [
        ("altogether", "degree of claim 'ministry-says'"),  # not in the text
        ("x" * 100_000, "degree of claim 'ministry-says'"),
        ("entirely\u202e", "degree of claim 'ministry-says'"),
        ("\u0000", "is not allowed in a value (claims.1.degree: '\\x00')"),
    ],
)
def test_degree_words_not_in_the_text_are_refused(tmp_path: Path, degree: str, said: str) -> None:
    errors, annotation = _refused(
        tmp_path, "    degree: entirely\n", f"    degree: {degree!r}\n".replace("'", '"')
    )
    assert said in errors, errors
    line = line_of(annotation, 'degree: "')
    assert f"bridge.yaml:{line}:" in errors, errors


def test_a_degree_on_a_relaying_hop_breaks_a_shape(dataset: Dataset) -> None:
    """For data built elsewhere and checked with claimgraph's shapes."""
    graph = Graph()
    for triple in dataset.union():
        graph.add(triple)
    graph.update(PREFIXES + 'INSERT DATA { c:report-engineers cg:degree "largely" }')
    graph.update(PREFIXES + 'INSERT DATA { c:residents-doubt cg:degree "largely" }')
    messages = sorted(r.message for r in validate_graph(graph, dataset.origins).results)
    assert len(messages) == 2, messages
    assert "A claim with a cg:degree says how far" in messages[0]
    assert "A hop that relays another's statement has no cg:degree" in messages[1]


def test_who_denies_what_says_a_qualified_denial_is_one(tmp_path: Path) -> None:
    from claimgraph.web.examples import examples

    annotation = ANNOTATION.replace("    act: say\n    polarity: negative\n", "    act: deny\n")
    dataset = mapped(write_article(tmp_path, "bridge", TEXT, annotation))
    query = next(e.query for e in examples() if e.name == "08-who-denies-what")
    rows = one_article.select(engine_store(dataset), PREFIXES, query)
    assert [(r[0], r[2]) for r in rows] == [
        ("The ministry", "(not «entirely» so) The bridge was safe")
    ]
