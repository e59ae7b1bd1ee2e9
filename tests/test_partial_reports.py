"""A hop that reports only part of a statement ('reports_only', cg:reportsOnly): a
tweet that gives one of the two things a minister said reports that one, and its
chain sentence, data and the queries never give it the other.

The fixture: the minister said the bridge is unsafe and the contractor cut corners;
the article reports both, and a tweet that quotes only the first.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SKOS

from claimgraph.annotation.corpus import load_corpus
from claimgraph.cli import main
from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.vocab import CG
from claimgraph.validation.validate import validate_graph
from claimgraph.web.examples import examples
from tests.conftest import BUILD_TIME
from tests.one_article import mapped, write_article

TEXT = """Minister under fire

The minister said the bridge was unsafe and that the contractor had cut corners. \
A tweet by @roe quoted only his warning: "the bridge is unsafe".
"""

ANNOTATION = """
format: 2
article:
  headline: Minister under fire
  author: unknown
  publisher: unknown
  published: 2013-01-24

actors:
  - {id: minister, kind: person, names: [John Doe]}
  - {id: roe, kind: person, names: ["@roe"]}
  - {id: contractor, kind: organisation, names: [the contractor]}

documents:
  - {id: roe-tweet, kind: social-media-post, title: "@roe's tweet", author: roe}

events:
  - {id: corners-cut, label: The contractor cut corners, status: alleged, agents: contractor}

propositions:
  - {id: bridge-unsafe, kind: state, label: The bridge is unsafe, status: alleged,
     subjects: contractor}

claims:
  - id: art-minister
    cue: {text: said, type: say}
    quote: {text: the bridge was unsafe and that the contractor had cut corners, mode: indirect}
    certainty: certain
    relays: minister-says
  - id: minister-says
    claimant: minister
    act: say
    said: {medium: unknown}
    asserts: [bridge-unsafe, corners-cut]
    certainty: certain

  - id: art-tweet
    cue: {text: quoted only, type: say}
    quote: {text: the bridge is unsafe, mode: direct}
    certainty: certain
    relays: roe-reports
  - id: roe-reports
    claimant: roe
    document: roe-tweet
    certainty: certain
    relays: minister-says
    reports_only: bridge-unsafe
"""

BASE = "http://127.0.0.1:8000/article/bridge/"
CLAIM = BASE + "claim/"


def write_corpus(folder: Path, annotation: str = ANNOTATION) -> Path:
    return write_article(folder, "bridge", TEXT, annotation)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_corpus(tmp_path_factory.mktemp("bridge")))


@pytest.fixture(scope="module")
def graph(dataset: Dataset) -> Graph:
    return dataset.union()


def sentence(graph: Graph, ident: str) -> str:
    return str(graph.value(URIRef(CLAIM + ident), RDFS.label))


def test_the_fixture_conforms(graph: Graph) -> None:
    report = validate_graph(graph)
    assert report.conforms, [r.message for r in report.results]


def test_a_partial_report_says_only_the_part_it_reports(graph: Graph) -> None:
    assert sentence(graph, "roe-reports") == "@roe reports that John Doe says: The bridge is unsafe"
    # the article's hop above it carries the restriction down its chain
    assert sentence(graph, "art-tweet") == (
        "The article's author reports that @roe reports that John Doe says: The bridge is unsafe"
    )
    # the article's own report of the whole statement keeps all of it
    assert sentence(graph, "art-minister") == (
        "The article's author reports that John Doe says: The bridge is unsafe; "
        "The contractor cut corners"
    )


def test_a_partial_report_is_about_its_part_alone(graph: Graph) -> None:
    unsafe = URIRef(BASE + "proposition/bridge-unsafe")
    corners = URIRef(BASE + "event/corners-cut")
    roe, tweet = URIRef(CLAIM + "roe-reports"), URIRef(CLAIM + "art-tweet")
    assert set(graph.objects(roe, CG.reportsOnly)) == {unsafe}
    assert set(graph.objects(roe, CG.about)) == {unsafe}
    # the hop that relays the partial report is about the part, and says nothing of
    # its own about which part (it reports all of what it relays)
    assert set(graph.objects(tweet, CG.about)) == {unsafe}
    assert set(graph.objects(tweet, CG.reportsOnly)) == set()
    # the statement itself still asserts both
    said = URIRef(CLAIM + "minister-says")
    assert set(graph.objects(said, CG.asserts)) == {unsafe, corners}
    assert (URIRef(CLAIM + "art-minister"), CG.about, corners) in graph
    assert graph.value(roe, SKOS.altLabel) is None


def test_what_the_chains_report_by_query(graph: Graph) -> None:
    """Who reports that the contractor cut corners, by the hops' cg:about: the
    article's report of the whole statement, never the tweet."""
    store = ox.Store()
    store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    result = store.query(
        "PREFIX cg: <https://w3id.org/claimgraph/ns#> SELECT ?report WHERE {"
        f" ?report cg:relays+ <{CLAIM}minister-says> ; cg:about <{BASE}event/corners-cut> }}"
    )
    assert isinstance(result, ox.QuerySolutions)
    assert {row["report"].value for row in result} == {CLAIM + "art-minister"}


# -- what the format refuses -----------------------------------------------------------


def _refused(tmp_path: Path, old: str, new: str) -> ClaimgraphError:
    assert old in ANNOTATION
    folder = write_corpus(tmp_path / "corpus", ANNOTATION.replace(old, new))
    with pytest.raises(ClaimgraphError) as caught:
        build_dataset(load_corpus(folder), Minter(), BUILD_TIME)
    return caught.value


def _line(annotation: str, text: str) -> int:
    return next(n for n, line in enumerate(annotation.splitlines(), 1) if text in line)


def test_a_part_the_relayed_statement_does_not_assert_is_refused(tmp_path: Path) -> None:
    annotation = ANNOTATION.replace("reports_only: bridge-unsafe", "reports_only: bridge-unsafer")
    error = _refused(tmp_path, "reports_only: bridge-unsafe", "reports_only: bridge-unsafer")
    where = f"bridge.yaml:{_line(annotation, 'reports_only: bridge-unsafer')}"
    assert where in str(error), str(error)
    assert (
        "claim 'roe-reports': 'reports_only' names 'bridge-unsafer', which the statement it "
        "relays ('minister-says') does not assert or deny: it asserts bridge-unsafe, "
        "corners-cut"
    ) in str(error)
    assert "did you mean 'bridge-unsafe'?" in str(error)


def test_reports_only_without_relays_is_refused(tmp_path: Path) -> None:
    error = _refused(
        tmp_path,
        "    asserts: [bridge-unsafe, corners-cut]\n",
        "    asserts: [bridge-unsafe, corners-cut]\n    reports_only: bridge-unsafe\n",
    )
    assert (
        "claim 'minister-says': 'reports_only' names what it reports of a relayed statement "
        "(bridge-unsafe), but it relays none"
    ) in str(error)
    assert "bridge.yaml:" in str(error)


def test_a_relayed_statement_none_of_which_is_reported_is_refused(tmp_path: Path) -> None:
    """A hop that relays two statements and names parts of only one of them: it does
    not report the other."""
    old = "    relays: minister-says\n    reports_only: bridge-unsafe"
    error = _refused(
        tmp_path,
        old,
        "    relays: [minister-says, other-says]\n    reports_only: bridge-unsafe\n"
        "  - id: other-says\n    claimant: roe\n    act: say\n    document: roe-tweet\n"
        "    certainty: certain\n    asserts: corners-cut",
    )
    assert (
        "claim 'roe-reports': it relays 'other-says', but 'reports_only' names none of what "
        "that statement asserts (corners-cut)"
    ) in str(error)


def test_the_command_line_says_so_and_writes_nothing(tmp_path: Path) -> None:
    folder = write_corpus(
        tmp_path / "corpus",
        ANNOTATION.replace("reports_only: bridge-unsafe", "reports_only: corners"),
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "'reports_only' names 'corners'" in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_the_shapes_refuse_a_part_no_relayed_statement_asserts(graph: Graph) -> None:
    """Third-party data, or data edited after the build: a cg:reportsOnly value no
    statement down the chain asserts, or a cg:reportsOnly on a hop that relays none."""
    roe = URIRef(CLAIM + "roe-reports")
    broken = Graph()
    broken += graph
    broken.add((roe, CG.reportsOnly, URIRef(BASE + "event/bridge-closed")))
    results = validate_graph(broken).results
    assert {(r.shape, r.focus) for r in results} == {("cgsh:ReportsOnlyShape", str(roe))}
    assert "bridge-closed" in results[0].message
    said = URIRef(CLAIM + "minister-says")
    broken = Graph()
    broken += graph
    broken.add((said, CG.reportsOnly, URIRef(BASE + "proposition/bridge-unsafe")))
    found = {(r.shape, r.component) for r in validate_graph(broken).results}
    assert ("cgsh:ReportsOnlyShape", "sh:MinCountConstraintComponent") in found, found


def test_who_denies_what_names_a_partial_report_with_its_part(tmp_path: Path) -> None:
    """The same chains with the minister denying both: the tweet's article is named
    with the part it reports."""
    folder = write_corpus(tmp_path / "corpus", ANNOTATION.replace("act: say", "act: deny"))
    store = ox.Store()
    graph = build_dataset(load_corpus(folder), Minter(), BUILD_TIME).union()
    store.load(graph.serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    query = next(e.query for e in examples() if e.name == "08-who-denies-what")
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    rows = [(row["denier"].value, set(row["reportedIn"].value.split(" · "))) for row in result]
    assert rows == [
        ("John Doe", {"Minister under fire", "Minister under fire (only: The bridge is unsafe)"})
    ]
