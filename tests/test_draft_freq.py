"""claimgraph draft: constructions that are frequent in news and blog text the
drafter was not written against (issue 19, the frequency-driven round), each
on a small text written for it, with texts that must draft nothing."""

from __future__ import annotations

import time

import pytest

from tests.test_draft import chain, drafted


def test_an_interview_labelled_with_initials() -> None:
    data = drafted(
        "Jane Smith (JS), an engineer, spoke to us about the bridge.\n\n"
        "Tom Bell (TB): When did the cracks appear?\n\n"
        "JS: Last winter. I told the council at once.\n\n"
        "Nobody came for a month.\n\n"
        "TB: What happens now?\n\n"
        "JS: The bridge stays closed."
    )
    pairs = [(p[0]["cue"]["text"], p[1]["claimant"], p[0]["quote"]["text"]) for p in chain(data)]
    assert ("JS:", "jane-smith", "Last winter. I told the council at once.") in pairs
    assert ("JS:", "jane-smith", "The bridge stays closed.") in pairs
    assert ("Tom Bell (TB):", "tom-bell", "When did the cracks appear?") in pairs
    assert ("TB:", "tom-bell", "What happens now?") in pairs
    # the next speaker's label ends the first one's answer
    assert all(
        not (claimant == "jane-smith" and quote.startswith("What happens"))
        for _cue, claimant, quote in pairs
    )


def test_an_outlets_initials_ask_and_its_questions_are_not_drafted() -> None:
    data = drafted(
        "Radio Free (RF): Is the bridge safe?\n\n"
        "Jane Smith (JS): No. I would not cross it.\n\n"
        "RF: Why not?\n\n"
        "JS: The cables are rusty."
    )
    pairs = [(p[0]["cue"]["text"], p[1]["claimant"]) for p in chain(data)]
    assert pairs == [("Jane Smith (JS):", "jane-smith"), ("JS:", "jane-smith")]


def test_capitals_that_are_nobodys_initials_are_no_label() -> None:
    data = drafted("Jane Smith (JS) inspected the bridge.\n\nUN: The bridge reopened on Monday.")
    assert all(p[0]["cue"]["text"] != "UN:" for p in chain(data))


def test_according_to_people_described_by_what_they_do() -> None:
    data = drafted("However, according to the engineers themselves, the bridge never closed.")
    ((article, speaker),) = chain(data)
    assert article["cue"]["text"] == "according to the engineers themselves"
    assert article["quote"]["text"] == "the bridge never closed"
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["kind"] == "anonymous-source" and actor["described_as"] == "the engineers"


def test_according_to_a_rule_or_a_plan_is_no_source() -> None:
    for body in (
        "According to the rules, the bridge closed at noon.",
        "The bridge closed according to the plan.",
    ):
        assert chain(drafted(body)) == []


@pytest.mark.parametrize(
    ("body", "cue", "quote"),
    [
        (
            "Tom Bell himself states that he has left the council.",
            "states that",
            "he has left the council",
        ),
        (
            "Tom Bell had always claimed that the bridge was safe.",
            "claimed that",
            "the bridge was safe",
        ),
        (
            "Tom Bell humorously wonders why no engineer was asked.",
            "wonders",
            "why no engineer was asked",
        ),
    ],
)
def test_an_adverb_or_a_reflexive_between_the_speaker_and_the_verb(
    body: str, cue: str, quote: str
) -> None:
    ((article, speaker),) = chain(drafted(body))
    assert (speaker["claimant"], article["cue"]["text"], article["quote"]["text"]) == (
        "tom-bell",
        cue,
        quote,
    )


def test_a_noun_ending_like_an_adverb_stays_the_subject() -> None:
    data = drafted("The family said that the bridge was safe.")
    ((article, speaker),) = chain(data)
    assert article["cue"]["text"] == "said that"
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["described_as"] == "The family"


@pytest.mark.parametrize(
    "phrase",
    [
        "Jane Smith (JS) met Tom Bell (TB). ",  # names with their initials
        "JS: the bridge is old.\n\nTB: Why?\n\n",  # an interview's labels
        "according to the engineers themselves, ",
        "Tom Bell himself humorously wonders why ",
    ],
)
def test_a_megabyte_of_one_phrase_of_this_round_ends(phrase: str) -> None:
    """The bound only catches a hang; speed is measured by bench/draft.py."""
    body = phrase * (1_000_000 // len(phrase))
    started = time.monotonic()
    drafted(body)
    assert time.monotonic() - started < 120


@pytest.mark.parametrize(
    "body",
    [
        "The council could not find a witness to definitively confirm that the bridge was safe.",
        "Did they really think that the bridge was safe?",
    ],
)
def test_an_adverb_after_an_infinitives_to_or_in_a_question_is_no_speakers(body: str) -> None:
    assert chain(drafted(body)) == []
