"""A question is neither an assertion nor a call (act `ask`, cg:actAsk). One that
takes nothing as given ("What is happening at the square?") is about what it asks,
asserts nothing and has no polarity; one that takes something as given ("why did
they fill the balloons with hydrogen?") asserts that, and only that. Pages say
"asks about" and "asks, taking as given", and list who asked about a proposition
apart from who asserts or denies it.

The fixture is an article in which one person asks what is happening and another
asks why the balloons were filled with hydrogen.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from claimgraph.rdf.dataset import Dataset
from claimgraph.validation.validate import validate_graph
from tests import one_article
from tests.one_article import engine_store, mapped, write_article
from tests.test_claimed_authorship import served
from tests.test_doubt import line_of

TEXT = """Balloons burst at a rally

Balloons burst at a rally in the square. "What is happening at the square?" Ann Lee wrote.
"Why did they fill the balloons with hydrogen?" Bo Kim asked.
"""

ANNOTATION = """\
format: 2
article:
  headline: Balloons burst at a rally
  author: unknown
  publisher: unknown
  published: 2024-05-04

actors:
  - {id: ann-lee, kind: person, names: [Ann Lee]}
  - {id: bo-kim, kind: person, names: [Bo Kim]}

events:
  - id: balloons-burst
    label: Balloons burst at a rally in the square
    status: established
    date: 2024-05-04
  - id: hydrogen
    label: The balloons were filled with hydrogen
    status: alleged

claims:
  - id: c-burst
    quote: {text: Balloons burst at a rally in the square, mode: direct}
    certainty: certain
    asserts: balloons-burst

  - id: report-ann
    cue: {text: wrote, type: say}
    quote: {text: What is happening at the square?, mode: direct}
    certainty: certain
    relays: ann-asks
  - id: ann-asks
    claimant: ann-lee
    act: ask
    said: {medium: social-media-post}
    certainty: certain
    about: balloons-burst

  - id: report-bo
    cue: {text: asked, type: say}
    quote: {text: Why did they fill the balloons with hydrogen?, mode: direct}
    certainty: certain
    relays: bo-asks
  - id: bo-asks
    claimant: bo-kim
    act: ask
    said: {medium: unknown}
    certainty: certain
    asserts: hydrogen
"""

BASE = "http://127.0.0.1:8000/article/balloons/"
PREFIXES = f"""PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX c: <{BASE}claim/>
PREFIX e: <{BASE}event/>
PREFIX p: <{BASE}proposition/>
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_article(tmp_path_factory.mktemp("balloons"), "balloons", TEXT, ANNOTATION))


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return engine_store(dataset)


def test_the_fixture_conforms(dataset: Dataset) -> None:
    one_article.assert_conforms(dataset)


def _labels(store: ox.Store) -> dict[str | None, str | None]:
    return dict(
        one_article.select(
            store, PREFIXES, "SELECT ?c ?l WHERE { ?c cg:speechAct ?a ; rdfs:label ?l }"
        )
    )


def test_a_question_that_takes_nothing_as_given_holds_nothing(store: ox.Store) -> None:
    assert one_article.ask(
        store, PREFIXES, "c:ann-asks cg:speechAct cg:actAsk ; cg:about e:balloons-burst"
    )
    for absent in ("cg:asserts", "cg:polarity"):
        assert not one_article.ask(store, PREFIXES, f"c:ann-asks {absent} ?x"), absent
    assert _labels(store)[f"{BASE}claim/ann-asks"] == (
        "Ann Lee asks about: Balloons burst at a rally in the square"
    )


def test_a_question_asserts_what_it_takes_as_given(store: ox.Store) -> None:
    assert one_article.ask(
        store,
        PREFIXES,
        "c:bo-asks cg:speechAct cg:actAsk ; cg:asserts e:hydrogen ; cg:polarity cg:positive",
    )
    assert _labels(store)[f"{BASE}claim/bo-asks"] == (
        "Bo Kim asks, taking as given: The balloons were filled with hydrogen"
    )
    # the reporter's hop reports the question; it asks nothing itself
    assert _labels(store)[f"{BASE}claim/report-bo"] == (
        "The article's author reports that Bo Kim asks, taking as given: The balloons were "
        "filled with hydrogen"
    )


def _refused(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    return one_article.refused(tmp_path / "corpus", "balloons", TEXT, ANNOTATION, old, new)


@pytest.mark.parametrize(
    ("new", "at", "message"),
    [
        (
            "    about: balloons-burst\n    polarity: negative\n",
            "polarity: negative",
            "claim 'ann-asks': act ask with only 'about' and polarity negative",
        ),
        (
            "    about: c-burst\n",
            "about: c-burst",
            "claim 'ann-asks': act ask, and 'about' names the statement 'c-burst'",
        ),
    ],
)
def test_a_question_that_takes_a_side_on_what_it_asks_is_refused(
    tmp_path: Path, new: str, at: str, message: str
) -> None:
    errors, annotation = _refused(tmp_path, "    about: balloons-burst\n", new)
    assert f"balloons.yaml:{line_of(annotation, at)}: {message}" in errors, errors
    assert "a question about a statement answers it" in errors or "polarity" in message


def test_a_question_without_about_or_asserts_is_refused(tmp_path: Path) -> None:
    errors, annotation = _refused(tmp_path, "    about: balloons-burst\n", "")
    line = line_of(annotation.replace("    about: balloons-burst\n", ""), "id: ann-asks")
    assert f"balloons.yaml:{line}: claim 'ann-asks': it asserts nothing" in errors, errors


def test_the_shapes_tell_a_question_from_a_claim_of_nothing(dataset: Dataset) -> None:
    graph = Graph()
    for triple in dataset.union():
        graph.add(triple)
    assert not validate_graph(graph, dataset.origins).results
    graph.update(
        PREFIXES + "DELETE { c:ann-asks cg:speechAct ?a }"
        " INSERT { c:ann-asks cg:speechAct cg:actClaim }"
        " WHERE { c:ann-asks cg:speechAct ?a }"
    )
    messages = [r.message for r in validate_graph(graph, dataset.origins).results]
    assert any("neither asserts nor relays anything" in m for m in messages), messages
    assert any("but no cg:polarity" in m for m in messages), messages


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = write_article(tmp_path_factory.mktemp("corpus"), "balloons", TEXT, ANNOTATION)
    with served(folder, tmp_path_factory.mktemp("store") / "store") as test_client:
        yield test_client


def _page(client: TestClient, path: str) -> str:
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    text = re.sub(r"<[^>]+>", " ", response.text)
    return re.sub(r"\s+", " ", text)


def test_pages_list_who_asked_apart_from_who_asserts(client: TestClient) -> None:
    burst = _page(client, "/article/balloons/event/balloons-burst")
    standing = burst[burst.index("Status:") :]
    assert "asked about (neither asserted nor denied) by Ann Lee" in standing, standing
    assert "asks about this" in burst and "neither asserts nor denies it" in burst
    hydrogen = _page(client, "/article/balloons/event/hydrogen")
    assert "asserted by Bo Kim (taking it as given in a question)" in hydrogen, hydrogen
    assert "asked about" not in hydrogen, hydrogen
