"""Who asserts what, with which speech act: the reporter never denies.

The fixture is an article that reports a named official's denial, an anonymous
source's own denial ("The source denied ..."), and a confirmation. Each test
reads the data as a fact-checker would: by SPARQL on the store's engine, by
labels, and through the example queries.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from claimgraph.annotation.corpus import load_corpus
from claimgraph.annotation.number import described_plural
from claimgraph.cli import main
from claimgraph.errors import ClaimgraphError, ErrorList
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter, check_base_iri, check_web_iri
from claimgraph.rdf.mapping import build_dataset
from claimgraph.validation.validate import validate_graph
from claimgraph.web.examples import examples
from tests import one_article
from tests.conftest import BUILD_TIME
from tests.one_article import engine_store, mapped, write_article

TEXT = """Libya denies helping attackers

Libya helped the attackers of the gas plant, according to anonymous sources. \
The source told Arabstoday that weapons crossed the border. The source denied \
that Libyan officials knew of the plan. Libyan Prime Minister Ali Zeidan has \
strenuously denied the reports on Wednesday. Foreign Minister John Baird \
confirmed that two Canadians were among the kidnappers.
"""

ANNOTATION = """
format: 2
article:
  headline: Libya denies helping attackers
  author: unknown
  publisher: unknown
  published: 2013-01-24   # a Thursday

actors:
  - {id: libya, kind: state, names: [Libya]}
  - {id: canada, kind: state, names: [Canada]}
  - {id: arabstoday, kind: organisation, names: [Arabstoday]}
  - {id: zeidan, kind: person, names: [Ali Zeidan]}
  - {id: baird, kind: person, names: [John Baird]}
  - {id: sources, kind: anonymous-source, described_as: anonymous sources}
  - {id: attackers, kind: people-group, names: [the attackers of the gas plant]}
  - {id: two-canadians, kind: people-group, names: [two Canadians], count: 2}

posts:
  - {id: libyan-pm, role: Prime Minister, of: libya, holder: zeidan,
     label: Prime Minister of Libya}
  - {id: canadian-fm, role: Foreign Minister, of: canada, holder: baird,
     label: Foreign Minister of Canada}

events:
  - {id: libya-helped, label: Libya helped the attackers, status: disputed,
     agents: libya, beneficiaries: attackers}
  - {id: weapons-crossed, label: Weapons crossed the border, status: alleged}

propositions:
  - {id: officials-knew, kind: state, label: Libyan officials knew of the plan,
     status: denied, subjects: libya}
  - {id: canadians-among, kind: relation, label: Two Canadians were among the kidnappers,
     status: alleged, subjects: two-canadians, relation: were among, objects: attackers}

claims:
  - id: report-sources
    cue: {text: according to, type: according-to}
    quote: {text: Libya helped the attackers of the gas plant, mode: indirect}
    certainty: underspecified
    relays: sources-say
  - id: sources-say
    claimant: sources
    act: say
    said: {medium: unknown}
    asserts: libya-helped
    certainty: certain

  - id: report-told
    cue: {text: The source told, type: say}
    certainty: underspecified
    relays: source-told
  - id: source-told
    continues: sources-say
    act: say
    said: {medium: statement, to: arabstoday}
    asserts: weapons-crossed
    certainty: certain

  - id: report-source-denial
    cue: {text: The source denied, type: deny}
    certainty: certain
    relays: source-denial
  - id: source-denial
    continues: source-told
    act: deny
    said: {medium: statement, to: arabstoday}
    asserts: officials-knew
    certainty: certain

  - id: report-zeidan
    cue: {text: has strenuously denied, type: deny}
    certainty: certain
    relays: zeidan-denial
  - id: zeidan-denial
    claimant: zeidan
    as: libyan-pm
    act: deny
    said: {when: on Wednesday, medium: statement}
    asserts: libya-helped
    certainty: certain
    contradicts: sources-say

  - id: report-baird
    cue: {text: confirmed, type: confirm}
    quote: {text: two Canadians were among the kidnappers, mode: indirect}
    certainty: certain
    relays: baird-confirms
  - id: baird-confirms
    claimant: baird
    as: canadian-fm
    act: confirm
    said: {medium: unknown}
    asserts: canadians-among
    certainty: certain
"""

BASE = "http://127.0.0.1:8000/article/libya/"
PREFIXES = f"""PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX c: <{BASE}claim/>
PREFIX a: <{BASE}actor/>
"""


def write_corpus(folder: Path, annotation: str = ANNOTATION) -> Path:
    return write_article(folder, "libya", TEXT, annotation)


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return mapped(write_corpus(tmp_path_factory.mktemp("libya")))


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    return engine_store(dataset)


def select(store: ox.Store, query: str) -> list[tuple[str | None, ...]]:
    return one_article.select(store, PREFIXES, query)


def ask(store: ox.Store, pattern: str) -> bool:
    return one_article.ask(store, PREFIXES, pattern)


def test_the_fixture_conforms(dataset: Dataset) -> None:
    report = validate_graph(dataset.union(), dataset.origins)
    assert report.conforms, [r.message for r in report.results]


def test_the_deniers_are_the_official_and_the_source_never_the_reporter(store: ox.Store) -> None:
    deniers = select(
        store,
        """SELECT ?who WHERE { ?hop cg:speechAct cg:actDeny ; cg:claimant/rdfs:label ?who }
           ORDER BY ?who""",
    )
    assert deniers == [("Ali Zeidan",), ("anonymous source: «anonymous sources»",)]
    negative = select(
        store,
        "SELECT ?hop WHERE { ?hop cg:polarity cg:negative } ORDER BY ?hop",
    )
    assert negative == [(f"{BASE}claim/source-denial",), (f"{BASE}claim/zeidan-denial",)]
    # every hop of the article's author only reports, positively
    assert not ask(
        store,
        f"""?hop cg:claimant <{BASE}author> .
            {{ ?hop cg:polarity cg:negative }} UNION
            {{ ?hop cg:speechAct ?act FILTER(?act != cg:actReport) }}""",
    )


def test_a_speakers_hop_is_not_stated_in_the_article(store: ox.Store) -> None:
    assert not ask(
        store,
        """?hop cg:statedIn <http://127.0.0.1:8000/article/libya> ;
                cg:claimant ?who . FILTER(?who != <http://127.0.0.1:8000/article/libya/author>)""",
    )
    assert ask(
        store,
        """c:zeidan-denial cg:occasion ?o . ?o cg:dateAsWritten "on Wednesday" ;
             cg:date "2013-01-23"^^xsd:date ; cg:medium cg:mediumStatement ;
             cg:hasTimeExpression/cg:anchorOf "on Wednesday" .
           c:source-told cg:occasion/cg:addressee a:arabstoday .""",
    )


def test_the_speaker_speaks_in_the_capacity_of_a_post(store: ox.Store) -> None:
    assert ask(
        store,
        """c:zeidan-denial cg:inCapacity ?post .
           ?post cg:roleName "Prime Minister" ; cg:postIn a:libya ; cg:heldBy a:zeidan .""",
    )


def test_the_source_carried_over_is_the_claimant_of_its_continuations(store: ox.Store) -> None:
    assert ask(
        store,
        """c:source-told cg:continues c:sources-say ; cg:claimant a:sources .
           c:source-denial cg:continues c:source-told ; cg:claimant a:sources ;
             cg:speechAct cg:actDeny .""",
    )


def test_labels_give_each_act_to_its_own_claimant(store: ox.Store) -> None:
    labels = dict(select(store, "SELECT ?hop ?label WHERE { ?hop a cg:Claim ; rdfs:label ?label }"))
    claim = f"{BASE}claim/"
    assert labels[claim + "report-zeidan"] == (
        "The article's author reports that Ali Zeidan (Prime Minister) denies: "
        "Libya helped the attackers"
    )
    assert labels[claim + "zeidan-denial"] == (
        "Ali Zeidan (Prime Minister) denies: Libya helped the attackers"
    )
    assert labels[claim + "report-source-denial"] == (
        # a description of several takes a plural verb
        "The article's author reports that the anonymous sources «anonymous sources» "
        "deny: Libyan officials knew of the plan"
    )
    assert labels[claim + "baird-confirms"] == (
        "John Baird (Foreign Minister) confirms: Two Canadians were among the kidnappers"
    )
    for hop, label in labels.items():
        if "report-" in hop:
            assert label.startswith("The article's author reports that "), label


def test_who_denies_what_example_query(store: ox.Store) -> None:
    query = next(e.query for e in examples() if e.name == "08-who-denies-what")
    rows = select(store, query)
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (
            "Ali Zeidan",
            "Prime Minister of Libya",
            "Libya helped the attackers",
            "2013-01-23",
            "on Wednesday",
        ),
        (
            "anonymous source: «anonymous sources»",
            None,
            "Libyan officials knew of the plan",
            None,
            None,
        ),
    ]


def test_contradicted_or_denied_example_query_never_names_the_reporter(store: ox.Store) -> None:
    query = next(e.query for e in examples() if e.name == "05-contradicted-or-denied")
    rows = select(store, query)
    assert {(r[1], r[3], r[4]) for r in rows} == {
        ("anonymous source: «anonymous sources»", "Ali Zeidan", "contradicts"),
        ("Ali Zeidan", "anonymous source: «anonymous sources»", "contradicts"),
        ("anonymous source: «anonymous sources»", "Ali Zeidan", "denies"),
    }


# -- what the format refuses: each a way to make the reporter the denier ----------


def _refused(tmp_path: Path, old: str, new: str) -> ClaimgraphError:
    assert old in ANNOTATION
    folder = write_corpus(tmp_path / "corpus", ANNOTATION.replace(old, new))
    with pytest.raises(ClaimgraphError) as caught:
        build_dataset(load_corpus(folder), Minter(), BUILD_TIME)
    return caught.value


def test_a_reporting_hop_cannot_be_negative(tmp_path: Path) -> None:
    error = _refused(
        tmp_path,
        "    certainty: certain\n    relays: zeidan-denial",
        "    certainty: certain\n    polarity: negative\n    relays: zeidan-denial",
    )
    assert "'report-zeidan': it relays zeidan-denial with polarity negative" in str(error)
    assert "reporting a denial is not denying" in str(error)


def test_a_deny_cue_needs_a_relayed_denial(tmp_path: Path) -> None:
    error = _refused(
        tmp_path, "    as: libyan-pm\n    act: deny", "    as: libyan-pm\n    act: say"
    )
    assert "says the relayed claimant denys" not in str(error)
    assert "its cue «has strenuously denied» says the relayed claimant denies" in str(error)


def test_a_speaker_is_not_stated_in_the_article(tmp_path: Path) -> None:
    error = _refused(
        tmp_path,
        "    said: {when: on Wednesday, medium: statement}",
        "    document: article",
    )
    assert "its claimant 'zeidan' is not the article's author, yet it is stated in the article" in (
        str(error)
    )


def test_the_author_cannot_deny(tmp_path: Path) -> None:
    error = _refused(
        tmp_path,
        "  - id: report-zeidan\n    cue: {text: has strenuously denied, type: deny}\n"
        "    certainty: certain\n    relays: zeidan-denial",
        "  - id: report-zeidan\n    act: deny\n    asserts: libya-helped\n    certainty: certain",
    )
    assert "the article's author has act deny" in str(error)


def test_a_speaker_hop_needs_its_act(tmp_path: Path) -> None:
    error = _refused(tmp_path, "    as: canadian-fm\n    act: confirm\n", "    as: canadian-fm\n")
    assert "it does not say what 'baird' does: give 'act'" in str(error)


def test_a_post_held_by_another_is_refused(tmp_path: Path) -> None:
    error = _refused(tmp_path, "    as: canadian-fm", "    as: libyan-pm")
    assert "speaks as 'libyan-pm', a post held by 'zeidan', not by its claimant 'baird'" in str(
        error
    )


def test_every_error_of_a_run_is_reported_at_once(tmp_path: Path) -> None:
    annotation = (
        ANNOTATION.replace("agents: libya,", "agents: lybia,")
        .replace("{text: confirmed, type: confirm}", "{text: confirms, type: confirm}")
        .replace("    as: canadian-fm\n    act: confirm\n", "    as: canadian-fm\n")
    )
    folder = write_corpus(tmp_path / "corpus", annotation)
    (folder / "other.txt").write_text("Other\n\nNothing.\n", encoding="utf-8")
    (folder / "other.yaml").write_text("format: 2\narticle: {headline: Missing}\n", "utf-8")
    with pytest.raises(ErrorList) as caught:
        build_dataset(load_corpus(folder, keep_going=True), Minter(), BUILD_TIME)
    text = str(caught.value)
    files = [str(e.location.file) for e in caught.value.errors if e.location]
    assert files == sorted(files)  # grouped by file
    assert "unknown actor ID 'lybia'" in text and "did you mean 'libya'?" in text
    assert "other.yaml:2: article.published: Field required" in text
    assert "quote of claim 'report-baird'" not in text
    assert "cue of claim 'report-baird' not found verbatim in the text: «confirms»" in text
    assert "it does not say what 'baird' does" in text
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith(str(folder))]
    assert len(lines) >= 3, result.output
    assert all(":" in line.removeprefix(str(folder)) for line in lines)


def test_an_old_format_file_says_what_changed(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus", ANNOTATION.replace("format: 2\n", ""))
    result = CliRunner().invoke(main, ["validate", str(folder / "libya.yaml")])
    assert result.exit_code == 2
    assert "libya.yaml:1: this file has no 'format:' key: it is in annotation format 1" in (
        result.output
    )
    assert "'about' (the events a claim says happened) is now 'asserts'" in result.output
    assert "add 'format: 2'" in result.output


# -- across articles -------------------------------------------------------------

SECOND_TEXT = """Zeidan repeats denial

Prime Minister Ali Zeidan has denied that Libya helped, a second paper wrote.
"""

SECOND = """
format: 2
article:
  headline: Zeidan repeats denial
  author: unknown
  publisher: unknown
  published: 2013-01-25
claims:
  - id: report
    cue: {text: has denied, type: deny}
    certainty: certain
    relays: libya/zeidan-denial
"""


def test_one_statement_reported_by_two_articles(tmp_path: Path) -> None:
    folder = write_corpus(tmp_path / "corpus")
    (folder / "second.txt").write_text(SECOND_TEXT, encoding="utf-8")
    second = SECOND
    (folder / "second.yaml").write_text(second, encoding="utf-8")
    dataset = build_dataset(load_corpus(folder), Minter(), BUILD_TIME)
    assert validate_graph(dataset.union(), dataset.origins).conforms
    store = ox.Store()
    store.load(dataset.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    reports = select(
        store,
        """SELECT ?article WHERE { ?report cg:relays c:zeidan-denial ; cg:statedIn ?article }
           ORDER BY ?article""",
    )
    assert reports == [
        ("http://127.0.0.1:8000/article/libya",),
        ("http://127.0.0.1:8000/article/second",),
    ]
    # validating the second article alone loads the article it names
    result = CliRunner().invoke(main, ["validate", str(folder / "second.yaml")])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("ref", "message", "hint"),
    [
        ("libia/zeidan-denial", "unknown article 'libia'", "did you mean 'libya'?"),
        (
            "libya/zeidan-denail",
            "article 'libya' has no claim 'zeidan-denail'",
            "'libya/zeidan-denial'",
        ),
        ("../libya/zeidan-denial", "relays.0: String should match pattern", None),
        ("/etc/passwd", "relays.0: String should match pattern", None),
    ],
)
def test_a_bad_cross_article_reference_is_named_with_the_closest(
    tmp_path: Path, ref: str, message: str, hint: str | None
) -> None:
    folder = write_corpus(tmp_path / "corpus")
    (folder / "second.txt").write_text(SECOND_TEXT, encoding="utf-8")
    second = SECOND.replace("relays: libya/zeidan-denial", f"relays: {ref!r}")
    (folder / "second.yaml").write_text(second, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder / "second.yaml")])
    assert result.exit_code == 2
    assert "second.yaml:" in result.stderr and message in result.stderr
    if hint:
        assert hint in result.stderr
    assert "Traceback" not in result.output


ONLY_WEB = "only web IRIs (http:, https:) are accepted here"
NEEDS_HOST = "a web IRI has // and a host"  # a browser reads https:/x as https://x/


@pytest.mark.parametrize(
    ("iri", "message"),
    [
        ("javascript:alert(1)", ONLY_WEB),
        ("data:text/html,%3Cscript%3Ealert(1)%3C/script%3E", ONLY_WEB),
        ("file:///etc/passwd", ONLY_WEB),
        ("http:javascript:alert(1)", NEEDS_HOST),
        ("https:/x", NEEDS_HOST),
        ("http://", NEEDS_HOST),
        ("https://@/x", NEEDS_HOST),
        ("http://:80/x", NEEDS_HOST),
    ],
)
def test_links_in_annotations_are_web_iris_only(tmp_path: Path, iri: str, message: str) -> None:
    annotation = ANNOTATION.replace(
        "  published: 2013-01-24   # a Thursday\n",
        f"  published: 2013-01-24\n  license: {iri!r}\n",
    )
    folder = write_corpus(tmp_path / "corpus", annotation)
    result = CliRunner().invoke(main, ["validate", str(folder / "libya.yaml")])
    assert result.exit_code == 2
    line = annotation.splitlines().index(f"  license: {iri!r}") + 1
    assert f"libya.yaml:{line}: article.license: invalid IRI {iri!r}" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize("iri", ["https://@/x", "http://:80/x", "https:/x"])
def test_allow_service_and_base_iris_need_a_host(iri: str) -> None:
    with pytest.raises(ClaimgraphError, match="with a host"):
        check_web_iri(iri, "--allow-service")
    with pytest.raises(ClaimgraphError, match="with a host"):
        check_base_iri(iri.rstrip("/") + "/")


@pytest.mark.parametrize(
    ("described", "several"),
    [
        ("Saudi officials", True),
        ("some", True),
        ("bureaucrats of the Conservative government", True),
        ("sources close to the ministry", True),
        ("the police", True),
        ("a very sensitive source", False),
        ("A source who is directly aware of the meeting", False),
        ("a comment left under one such opinion piece", False),
        ("Another", False),
        ("a spokesperson", False),
    ],
)
def test_an_unnamed_sources_number_follows_its_description(described: str, several: bool) -> None:
    """'the anonymous sources «Saudi officials» deny', 'the anonymous source «a
    spokesperson» denies': the head noun of the words the article used decides."""
    assert described_plural(described) is several
