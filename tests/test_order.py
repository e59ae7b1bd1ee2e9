"""Issue 18, point 4: order and cause between statements and between events.

"The remarks came after the report" is the article's account of when a statement
was made (``after:`` on the statement's hop, like its ``said:``); "in response to"
likewise (``in_response_to:``). A cause ("so international media obtained ...")
or an exchange ("in return for ...") is content: a proposition (kind ``cause``
or ``exchange``) with its own status, asserted by the claims of whoever says the
link holds, so that a link one source gives stays that source's even between two
established events."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner, Result
from rdflib import URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.cli import main
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.vocab import CG, RDF
from tests.conftest import BUILD_TIME
from tests.test_errors_fidelity import line_of

BASE = "http://127.0.0.1:8000/"

TEXT = """Minister denies deal

The ministry published its report on Monday, so international media obtained the figures.
The minister said on Tuesday that he made no deal. The remarks came after the report.
An opposition MP said the minister dropped the inquiry in return for donations.
In response to the MP, the minister's office denied it.
"""

ANNOTATION = """format: 2
article:
  headline: Minister denies deal
  author: unknown
  publisher: unknown
  published: 2020-01-08
actors:
  - {id: ministry, kind: government, names: [The ministry]}
  - {id: minister, kind: person, names: [The minister]}
  - {id: mp, kind: person, names: [An opposition MP]}
  - {id: media, kind: people-group, names: [international media]}
documents:
  - {id: report, kind: report, title: The ministry's report, author: ministry}
events:
  - id: report-published
    label: The ministry published its report
    status: established
    agents: ministry
    date: 2020-01-06
  - id: media-obtained
    label: International media obtained the figures
    status: established
    agents: media
    follows: report-published
  - id: deal
    label: The minister made a deal
    status: disputed
    agents: minister
  - id: inquiry-dropped
    label: The minister dropped the inquiry
    status: alleged
    agents: minister
  - id: donations
    label: The minister received donations
    status: alleged
    beneficiaries: minister
propositions:
  - id: media-because-of-report
    kind: cause
    label: International media obtained the figures because the report was published
    status: established
    subjects: media-obtained
    because_of: report-published
  - id: inquiry-for-donations
    kind: exchange
    label: The minister dropped the inquiry in return for donations
    status: disputed
    subjects: inquiry-dropped
    in_return_for: donations
claims:
  - id: art-denial
    cue: {text: said, type: say, occurrence: 1}
    quote: {text: he made no deal, mode: indirect}
    certainty: certain
    relays: denial
  - id: denial
    claimant: minister
    act: deny
    said: {when: on Tuesday, medium: unknown}
    asserts: deal
    certainty: certain
    after: report-published
  - id: art-mp
    cue: {text: said, type: say, occurrence: 2}
    quote: {text: the minister dropped the inquiry in return for donations, mode: indirect}
    certainty: certain
    relays: mp-alleges
  - id: mp-alleges
    claimant: mp
    act: allege
    said: {medium: unknown}
    asserts: [inquiry-dropped, donations, inquiry-for-donations]
    certainty: certain
  - id: art-office
    cue: {text: denied, type: deny}
    certainty: certain
    relays: office-denies
  - id: office-denies
    claimant: ministry
    act: deny
    said: {medium: unknown}
    asserts: inquiry-for-donations
    certainty: certain
    in_response_to: mp-alleges
"""


def write(folder: Path, name: str = "a", annotation: str = ANNOTATION) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(annotation, encoding="utf-8")
    return path


def changed(*changes: tuple[str, str]) -> str:
    annotation = ANNOTATION
    for old, new in changes:
        assert old in annotation, old
        annotation = annotation.replace(old, new, 1)
    return annotation


def validate(folder: Path) -> Result:
    return CliRunner().invoke(main, ["validate", "--no-cache", str(folder)])


def store_of(folder: Path) -> ox.Store:
    data = build_dataset(load_corpus(folder), Minter(), BUILD_TIME)
    store = ox.Store()
    store.load(data.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    return store


def local(name: str) -> str:
    return name.rsplit("/", 1)[1]


def test_order_and_cause_validate(tmp_path: Path) -> None:
    write(tmp_path / "c")
    result = validate(tmp_path / "c")
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.stdout


def test_order_and_cause_are_mapped(tmp_path: Path) -> None:
    write(tmp_path / "c")
    data = build_dataset(load_corpus(tmp_path / "c"), Minter(), BUILD_TIME)
    graph = data.graphs[URIRef(f"{BASE}graph/article/a")]
    claim = f"{BASE}article/a/claim/"
    event = f"{BASE}article/a/event/"
    prop = f"{BASE}article/a/proposition/"
    assert (URIRef(claim + "denial"), CG.after, URIRef(event + "report-published")) in graph
    assert (URIRef(claim + "office-denies"), CG.inResponseTo, URIRef(claim + "mp-alleges")) in graph
    cause = URIRef(prop + "media-because-of-report")
    assert (cause, RDF.type, CG.Causation) in graph
    assert (cause, CG.subject, URIRef(event + "media-obtained")) in graph
    assert (cause, CG.becauseOf, URIRef(event + "report-published")) in graph
    exchange = URIRef(prop + "inquiry-for-donations")
    assert (exchange, RDF.type, CG.Exchange) in graph
    assert (exchange, CG.inReturnFor, URIRef(event + "donations")) in graph
    # order is the article's account of the statement, never a cause of it
    assert not set(graph.triples((URIRef(claim + "denial"), CG.becauseOf, None)))


WHO_LINKS = """PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?link ?status ?who ?act WHERE {
  ?link a ?kind ; cg:status ?status .
  VALUES ?kind { cg:Causation cg:Exchange }
  OPTIONAL { ?claim cg:asserts ?link ; cg:claimant ?who ; cg:speechAct ?act }
}"""


def test_who_says_a_link_holds_is_the_claimant_that_asserts_it(tmp_path: Path) -> None:
    """A fact-checker asks who gives the link: the exchange is the MP's allegation,
    denied by the ministry, not the article's; the cause is the article's own."""
    write(tmp_path / "c")
    rows = {
        (
            local(r["link"].value),
            r["status"].value.rsplit("#", 1)[1],
            local(r["who"].value) if r["who"] else None,
            r["act"].value.rsplit("#", 1)[1] if r["act"] else None,
        )
        for r in store_of(tmp_path / "c").query(WHO_LINKS)  # type: ignore[union-attr]
    }
    assert rows == {
        ("media-because-of-report", "established", None, None),
        ("inquiry-for-donations", "disputed", "mp", "actAllege"),
        ("inquiry-for-donations", "disputed", "ministry", "actDeny"),
    }


def test_what_came_after_what(tmp_path: Path) -> None:
    write(tmp_path / "c")
    rows = {
        (local(r["later"].value), local(r["earlier"].value))
        for r in store_of(tmp_path / "c").query(  # type: ignore[union-attr]
            """PREFIX cg: <https://w3id.org/claimgraph/ns#>
            SELECT ?later ?earlier WHERE {
              ?later cg:after|cg:inResponseTo|cg:follows ?earlier }"""
        )
    }
    assert rows == {
        ("denial", "report-published"),
        ("office-denies", "mp-alleges"),
        ("media-obtained", "report-published"),
    }


# -- hostile input ------------------------------------------------------------------


def refused(tmp_path: Path, annotation: str) -> tuple[Path, str]:
    path = write(tmp_path / "c", annotation=annotation)
    result = validate(tmp_path / "c")
    assert result.exit_code == 2, result.output
    return path, result.output


def test_a_statement_after_itself_is_an_error_at_its_line(tmp_path: Path) -> None:
    path, out = refused(tmp_path, changed(("    after: report-published\n", "    after: denial\n")))
    assert f"a.yaml:{line_of(path, 'after: denial')}:" in out
    assert "refers to itself in 'after'" in out


def test_statements_after_each_other_in_a_circle_are_an_error(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path,
        changed(
            (
                "    asserts: [inquiry-dropped, donations, inquiry-for-donations]\n",
                "    asserts: [inquiry-dropped, donations, inquiry-for-donations]\n"
                "    after: office-denies\n",
            ),
        ),
    )
    assert f"a.yaml:{line_of(path, 'after: office-denies')}:" in out
    assert f"a.yaml:{line_of(path, 'in_response_to: mp-alleges')}:" in out
    assert "'mp-alleges' is said to come after itself: a/mp-alleges → a/office-denies" in out


def test_a_circle_across_articles_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write(folder)
    b = write(
        folder,
        "b",
        changed(("    after: report-published\n", "    after: a/denial\n")),
    )
    (folder / "a.yaml").write_text(
        changed(("    after: report-published\n", "    after: b/denial\n")), encoding="utf-8"
    )
    result = validate(folder)
    assert result.exit_code == 2, result.output
    assert result.output.count("is said to come after itself") == 2, result.output
    assert f"b.yaml:{line_of(b, 'after: a/denial')}:" in result.output
    assert "b/denial → a/denial → b/denial" in result.output


def test_an_unknown_id_in_after_is_an_error_with_the_closest(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path, changed(("    after: report-published\n", "    after: report-publishd\n"))
    )
    assert f"a.yaml:{line_of(path, 'after: report-publishd')}:" in out
    assert "report-published" in out


def test_an_actor_in_after_or_because_of_is_of_the_wrong_kind(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path,
        changed(
            ("    after: report-published\n", "    after: minister\n"),
            ("    because_of: report-published\n", "    because_of: ministry\n"),
        ),
    )
    assert f"a.yaml:{line_of(path, 'after: minister')}:" in out
    assert f"a.yaml:{line_of(path, 'because_of: ministry')}:" in out
    assert "'minister' is an actor" in out and "'ministry' is a government" not in out
    assert "'ministry' is an actor" in out


def test_a_cause_of_itself_is_an_error(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path,
        changed(("    because_of: report-published\n", "    because_of: media-obtained\n")),
    )
    assert f"a.yaml:{line_of(path, 'because_of: media-obtained')}:" in out
    assert "'media-obtained' happened or holds because of itself" in out


def test_a_proposition_as_its_own_cause_is_an_error(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path,
        changed(
            ("    because_of: report-published\n", "    because_of: media-because-of-report\n")
        ),
    )
    assert f"a.yaml:{line_of(path, 'because_of: media-because-of-report')}:" in out
    assert "refers to itself in 'because_of'" in out


EXTRA_CAUSE = """  - id: report-because-of-media
    kind: cause
    label: The report was published because international media obtained the figures
    status: {status}
    subjects: report-published
    because_of: media-obtained
"""


def with_reverse_cause(status: str) -> str:
    annotation = changed(
        ("propositions:\n", "propositions:\n" + EXTRA_CAUSE.format(status=status)),
        ("    follows: report-published\n", ""),
    )
    if status != "established":  # what is only claimed is asserted by someone
        annotation = annotation.replace(
            "    asserts: [inquiry-dropped, donations, inquiry-for-donations]\n",
            "    asserts: [inquiry-dropped, donations, inquiry-for-donations, "
            "report-because-of-media]\n",
        )
    return annotation


def test_established_causes_in_a_circle_are_an_error(tmp_path: Path) -> None:
    path, out = refused(tmp_path, with_reverse_cause("established"))
    assert f"a.yaml:{line_of(path, 'because_of: media-obtained')}:" in out
    assert "the established causes run in a circle" in out


def test_a_cause_only_claimed_the_other_way_round_is_accepted(tmp_path: Path) -> None:
    """Two sources may give a cause each way round: the data shows both, each
    attributed; only the annotation's own voice cannot contradict itself."""
    write(tmp_path / "c", annotation=with_reverse_cause("alleged"))
    result = validate(tmp_path / "c")
    assert result.exit_code == 0, result.output


def test_events_following_each_other_in_a_circle_are_an_error(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path,
        changed(
            (
                "    agents: ministry\n    date: 2020-01-06\n",
                "    agents: ministry\n    date: 2020-01-06\n    follows: media-obtained\n",
            )
        ),
    )
    assert f"a.yaml:{line_of(path, 'follows: media-obtained')}:" in out
    assert "event 'report-published' follows itself through" in out


def test_a_cause_without_because_of_and_fields_of_other_kinds(tmp_path: Path) -> None:
    _, out = refused(
        tmp_path,
        changed(
            ("    because_of: report-published\n", ""),
            (
                "    in_return_for: donations\n",
                "    in_return_for: donations\n    because_of: deal\n",
            ),
        ),
    )
    assert "a cause needs 'because_of'" in out
    assert "'because_of' is for kind: cause" in out


def test_a_link_between_actors_is_an_error(tmp_path: Path) -> None:
    path, out = refused(
        tmp_path, changed(("    subjects: inquiry-dropped\n", "    subjects: minister\n"))
    )
    assert f"a.yaml:{line_of(path, 'subjects: minister')}:" in out
    assert "'minister' is an actor" in out


def test_a_statement_dated_before_what_it_came_after_is_a_violation(tmp_path: Path) -> None:
    """The remarks (on Tuesday, 7 January) cannot come after a report published on
    the 9th: the shapes say so, at the line of the statement that has the order."""
    path = write(
        tmp_path / "c",
        annotation=changed(("    date: 2020-01-06\n", "    date: 2020-01-09\n")),
    )
    result = validate(tmp_path / "c")
    assert result.exit_code == 1, result.output
    violation = next(line for line in result.stdout.splitlines() if "claim/denial" in line)
    assert violation.startswith(f"{path}:{line_of(path, 'id: denial')}:"), result.stdout
    assert "is said to come after" in result.stdout
    assert "2020-01-07" in result.stdout and "2020-01-09" in result.stdout


def test_shapes_find_an_order_in_a_circle_at_the_line_that_has_it(tmp_path: Path) -> None:
    """Third-party RDF (no load checks): a circle of statements is a violation of the
    shapes, at the line of a statement in the circle, not of what it names."""
    write(tmp_path / "c")
    data = build_dataset(load_corpus(tmp_path / "c"), Minter(), BUILD_TIME)
    union = data.union()
    claim = f"{BASE}article/a/claim/"
    union.add((URIRef(claim + "mp-alleges"), CG.after, URIRef(claim + "office-denies")))
    path = tmp_path / "third-party.ttl"
    union.serialize(path, format="turtle")
    result = CliRunner().invoke(main, ["validate", "--no-cache", str(path)])
    assert result.exit_code == 1, result.output
    assert "An order cannot run in a circle" in result.stdout
