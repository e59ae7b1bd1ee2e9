"""A criticism of which the text gives only the target ("the UN criticised the
policy") names what it criticises and holds nothing in the annotator's words: it
is about the policy, asserts nothing, has no polarity, and the policy's page
lists the critics apart from those who assert or deny it.
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

TEXT = """UN criticises boat policy

The country turns boats of migrants away. The United Nations criticised the policy.
"""

ANNOTATION = """\
format: 2
article:
  headline: UN criticises boat policy
  author: unknown
  publisher: unknown
  published: 2024-05-02

actors:
  - {id: un, kind: organisation, names: [The United Nations]}
  - {id: country, kind: state, names: [The country]}

propositions:
  - id: turn-away
    kind: state
    label: The country turns boats of migrants away
    status: established
    subjects: [country]

claims:
  - id: c-policy
    quote: {text: The country turns boats of migrants away, mode: direct}
    certainty: certain
    asserts: turn-away

  - id: report-un
    cue: {text: criticised, type: say}
    quote: {text: the policy, mode: indirect}
    certainty: certain
    relays: un-criticised
  - id: un-criticised
    claimant: un
    act: criticise
    said: {medium: unknown}
    certainty: certain
    about: turn-away
"""

BASE = "http://127.0.0.1:8000/article/boats/"
PREFIXES = f"""PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX c: <{BASE}claim/>
PREFIX p: <{BASE}proposition/>
"""


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_article(tmp_path_factory.mktemp("boats"), "boats", TEXT, ANNOTATION))


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return engine_store(dataset)


def test_the_fixture_conforms(dataset: Dataset) -> None:
    one_article.assert_conforms(dataset)


def test_a_bare_criticism_is_about_its_target_and_holds_nothing(store: ox.Store) -> None:
    assert one_article.ask(
        store, PREFIXES, "c:un-criticised cg:speechAct cg:actCriticise ; cg:about p:turn-away"
    )
    for absent in ("cg:asserts", "cg:polarity"):
        assert not one_article.ask(store, PREFIXES, f"c:un-criticised {absent} ?x"), absent
    labels = dict(
        one_article.select(
            store, PREFIXES, "SELECT ?c ?l WHERE { ?c cg:speechAct ?a ; rdfs:label ?l }"
        )
    )
    assert labels[f"{BASE}claim/un-criticised"] == (
        "The United Nations criticises: The country turns boats of migrants away"
    )


def _refused(tmp_path: Path, old: str, new: str) -> tuple[str, str]:
    return one_article.refused(tmp_path / "corpus", "boats", TEXT, ANNOTATION, old, new)


@pytest.mark.parametrize(
    ("new", "at", "message"),
    [
        (
            "    about: turn-away\n    polarity: negative\n",
            "polarity: negative",
            "claim 'un-criticised': act criticise with only 'about' and polarity negative",
        ),
        (
            "    about: c-policy\n",
            "about: c-policy",
            "claim 'un-criticised': act criticise, and 'about' names the statement 'c-policy'",
        ),
    ],
)
def test_a_bare_criticism_that_takes_a_side_is_refused(
    tmp_path: Path, new: str, at: str, message: str
) -> None:
    errors, annotation = _refused(tmp_path, "    about: turn-away\n", new)
    assert f"boats.yaml:{line_of(annotation, at)}: {message}" in errors, errors


def test_another_act_with_only_about_still_asserts_nothing(tmp_path: Path) -> None:
    errors, annotation = _refused(tmp_path, "    act: criticise\n", "    act: claim\n")
    line = line_of(annotation, "id: un-criticised")
    assert f"boats.yaml:{line}: claim 'un-criticised': it asserts nothing" in errors, errors


def test_the_shapes_tell_a_bare_criticism_from_a_claim_of_nothing(dataset: Dataset) -> None:
    graph = Graph()
    for triple in dataset.union():
        graph.add(triple)
    graph.update(
        PREFIXES + "DELETE { c:un-criticised cg:speechAct ?a }"
        " INSERT { c:un-criticised cg:speechAct cg:actClaim }"
        " WHERE { c:un-criticised cg:speechAct ?a }"
    )
    messages = [r.message for r in validate_graph(graph, dataset.origins).results]
    assert any("neither asserts nor relays anything" in m for m in messages), messages
    assert any("but no cg:polarity" in m for m in messages), messages
