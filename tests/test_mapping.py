"""Mapping capabilities the seed does not exercise: denials, confirmations,
corroborating and contradicting sources, unattributed hedges ("allegedly"),
named authors, picking one of several occurrences, links to other datasets."""

from __future__ import annotations

import pytest
from rdflib import Graph

from claimgraph.annotation.corpus import load_corpus
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.validation.validate import validate_graph
from tests.conftest import BUILD_TIME

TEXT = """Minister accused of bribe

The minister allegedly took a bribe in March 2021, two officials said. \
A third official confirmed the payment. The minister denied it. \
“I never took a bribe,” the minister said. Later the minister said it again.
"""

ANNOTATION = """
format: 2
article:
  headline: Minister accused of bribe
  author: [reporter-a, reporter-b]
  publisher: daily
  published: 2021-04-02
  url: https://news.example.org/bribe

actors:
  - {id: reporter-a, kind: person, names: [A. Reporter]}
  - {id: reporter-b, kind: person, names: [B. Reporter]}
  - {id: daily, kind: organisation, names: [The Daily], same_as: ["https://www.wikidata.org/entity/Q1"]}
  - {id: minister, kind: person, names: [The minister]}
  - {id: officials, kind: people-group, names: [two officials], count: 2}
  - {id: third-official, kind: unidentified, names: [A third official]}

events:
  - id: bribe
    label: The minister took a bribe
    status: disputed
    agents: minister
    date: 2021-03

claims:
  - id: hedge
    act: allege
    cue: {text: allegedly, type: allege}
    quote: {text: The minister allegedly took a bribe in March 2021, mode: direct}
    asserts: bribe
    certainty: possible
  - id: officials-said
    cue: {text: two officials said, type: say}
    certainty: underspecified
    relays: officials-claim
  - id: officials-claim
    claimant: officials
    act: say
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
  - id: confirmation-report
    cue: {text: confirmed, type: confirm}
    certainty: certain
    relays: confirmation
  - id: confirmation
    claimant: third-official
    act: confirm
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
    corroborates: officials-claim
  - id: denial-report
    cue: {text: denied, type: deny}
    certainty: certain
    relays: denial
  - id: denial
    claimant: minister
    act: deny
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
    contradicts: [officials-claim, confirmation]
  - id: quote-report
    cue: {text: the minister said, occurrence: 1, type: say}
    quote: {text: I never took a bribe, mode: direct}
    certainty: certain
    relays: saying
  - id: saying
    continues: denial
    act: say
    polarity: negative
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
  - id: second-saying-report
    cue: {text: the minister said, occurrence: 2, type: say}
    certainty: certain
    relays: second-saying
  - id: second-saying
    continues: saying
    act: say
    polarity: negative
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
    repeats: saying
"""

CG = "https://w3id.org/claimgraph/ns#"
BASE = "http://127.0.0.1:8000/article/bribe/"


@pytest.fixture(scope="module")
def mapped(tmp_path_factory: pytest.TempPathFactory) -> tuple[Dataset, Graph]:
    folder = tmp_path_factory.mktemp("mini")
    (folder / "bribe.txt").write_text(TEXT, encoding="utf-8")
    (folder / "bribe.yaml").write_text(ANNOTATION, encoding="utf-8")
    dataset = build_dataset(load_corpus(folder), Minter(), BUILD_TIME)
    return dataset, dataset.union()


def ask(graph: Graph, pattern: str) -> bool:
    prefixes = f"PREFIX cg: <{CG}>\nPREFIX c: <{BASE}claim/>\nPREFIX a: <{BASE}actor/>\n"
    return bool(graph.query(prefixes + "ASK { " + pattern + " }").askAnswer)


def test_the_mini_corpus_conforms(mapped: tuple[Dataset, Graph]) -> None:
    dataset, _ = mapped
    report = validate_graph(dataset.union(), dataset.origins)
    assert report.conforms, [r.message for r in report.results]


def test_denial_is_a_negative_claim_contradicting_others(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    assert ask(
        graph,
        """c:denial cg:polarity cg:negative ; cg:speechAct cg:actDeny ; cg:claimant a:minister ;
             cg:contradicts c:officials-claim, c:confirmation .
           c:denial-report cg:relays c:denial ; cg:speechAct cg:actReport ;
             cg:polarity cg:positive ; cg:hasCue/cg:cueType cg:cueDeny .""",
    )
    assert not ask(graph, "c:denial cg:statedIn ?document .")


def test_continued_attribution_keeps_the_speaker(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    assert ask(
        graph,
        """c:saying cg:continues c:denial ; cg:claimant a:minister .
           c:second-saying cg:continues c:saying ; cg:claimant a:minister ;
             cg:repeats c:saying .""",
    )


def test_confirmation_corroborates_another_source(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    assert ask(
        graph,
        """c:confirmation cg:corroborates c:officials-claim ; cg:polarity cg:positive ;
             cg:speechAct cg:actConfirm ; cg:claimant a:third-official .
           c:confirmation-report cg:relays c:confirmation ; cg:hasCue/cg:cueType cg:cueConfirm .
           a:third-official a cg:UnidentifiedActor .
           a:officials cg:numberOfPeople 2 .""",
    )


def test_allegedly_is_the_articles_hedge_with_no_source(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    assert ask(
        graph,
        """c:hedge cg:certainty cg:possible ; cg:hasCue/cg:cueType cg:cueAllege ;
             cg:speechAct cg:actAllege ;
             cg:claimant a:reporter-a, a:reporter-b ;
             cg:statedIn <http://127.0.0.1:8000/article/bribe> .""",
    )
    assert not ask(graph, "c:hedge cg:relays ?other .")


def test_a_report_is_about_what_the_statement_asserts(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    # the report is about what the officials assert; it asserts nothing itself
    assert ask(graph, f"c:officials-said cg:about <{BASE}event/bribe> .")
    assert ask(graph, f"c:officials-claim cg:asserts <{BASE}event/bribe> .")
    assert not ask(graph, "c:officials-said cg:asserts ?content .")


def test_named_authors_publisher_date_and_links(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    assert ask(
        graph,
        """<http://127.0.0.1:8000/article/bribe> cg:author a:reporter-a, a:reporter-b ;
             cg:publisher a:daily ;
             cg:datePublished "2021-04-02"^^<http://www.w3.org/2001/XMLSchema#date> ;
             cg:url <https://news.example.org/bribe> .
           a:daily cg:exactMatch <https://www.wikidata.org/entity/Q1> .""",
    )
    assert not ask(graph, "<http://127.0.0.1:8000/article/bribe> cg:unstated ?p .")


def test_occurrence_picks_the_second_match(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    second = TEXT.index("the minister said", TEXT.index("the minister said") + 1)
    assert ask(
        graph,
        f'c:second-saying-report cg:hasCue/cg:beginIndex "{second}"'
        "^^<http://www.w3.org/2001/XMLSchema#integer> .",
    )


def test_month_precision(mapped: tuple[Dataset, Graph]) -> None:
    _, graph = mapped
    assert ask(
        graph,
        f"""<{BASE}event/bribe> cg:datePrecision cg:monthPrecision ;
             cg:earliest "2021-03-01"^^<http://www.w3.org/2001/XMLSchema#date> ;
             cg:latest "2021-03-31"^^<http://www.w3.org/2001/XMLSchema#date> .""",
    )
