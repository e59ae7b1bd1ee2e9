"""Drafted annotations: the format says which article is an unreviewed draft, who
drafted and reviewed it, and how confident the drafter was in each entry; the
published data says so too (review status, PROV-O provenance, confidence);
build and serve publish drafts only with --include-drafts; validate reports them;
a claim page never lets a drafted claim pass for a reviewed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.annotation.corpus import load_corpus
from claimgraph.errors import ClaimgraphError

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
  - {of: minister, text: The minister, confidence: 0.95}

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
