"""claimgraph draft: constructions the drafter missed on articles it was not
written against (issue 19's recall), each on a small text written for it."""

from __future__ import annotations

import pytest

from tests.test_draft import claimants, drafted, only_chain


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "quote", "act"),
    [
        (  # a verb whose object is what a document says
            "Jane Smith detailed several flaws in the design of the bridge.",
            "jane-smith",
            "detailed",
            "several flaws in the design of the bridge",
            "say",
        ),
        (  # a request, its object the content
            "Jane Smith requested funds for the repair of the bridge.",
            "jane-smith",
            "requested",
            "funds for the repair of the bridge",
            "demand",
        ),
        (  # informing someone of a clause
            "The Works Ministry informs residents that the bridge will close on Monday.",
            "works-ministry",
            "informs residents that",
            "the bridge will close on Monday",
            "say",
        ),
        (  # encouraging someone to act
            "Jane Smith encouraged drivers to take the ferry instead.",
            "jane-smith",
            "encouraged",
            "drivers to take the ferry instead",
            "recommend",
        ),
        (  # "voices" as an unnamed group, an auxiliary before the verb
            "Some voices have insisted that the bridge is safe.",
            "some-voices",
            "insisted that",
            "the bridge is safe",
            "say",
        ),
    ],
)
def test_verbs_the_lexicon_lacked(body: str, speaker: str, cue: str, quote: str, act: str) -> None:
    data = drafted(body)
    article, hop = only_chain(data)
    assert (hop.get("claimant"), article["cue"]["text"], article["quote"]["text"]) == (
        speaker,
        cue,
        quote,
    )
    assert hop["act"] == act
    assert "polarity" not in hop


@pytest.mark.parametrize(
    "body",
    [
        "The Works Ministry's requests to close the bridge were ignored.",  # a noun
        "People were encouraged to visit the site and suggest names for it.",  # a passive
        "The crew worked at night in order to open the bridge by May.",  # "in order to"
        "Advocates of the plan gathered at the bridge.",  # a noun
    ],
)
def test_no_report_from_the_new_verbs_in_other_senses(body: str) -> None:
    assert claimants(drafted(body)) == []
