"""claimgraph draft: what a found attribution says — its speech act, its
claimant, its chain — on small texts written for each case (issue 19)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from claimgraph.cli import main
from tests.test_draft import (
    DATELINE,
    REGISTRY,
    _validate,
    chain,
    claims,
    drafted,
    hops,
    only_chain,
)

# -- the act from the cue's class and the speaker's kind --------------------------------


def actor(data: dict[str, Any], ident: str) -> dict[str, Any]:
    """The draft's own actor ``ident``."""
    (found,) = [a for a in data["actors"] if a["id"] == ident]
    return dict(found)


def speaker_of(body: str) -> dict[str, Any]:
    """The speaker's hop of the only chain drafted from ``body``."""
    return only_chain(drafted(body))[1]


@pytest.mark.parametrize(
    ("body", "act"),
    [
        # ``state`` is the article's own voice: a speaker who "states" says
        ("Jane Smith stated that the bridge had been closed for a week.", "say"),
        ("Jane Smith declared that the bridge had been closed for a week.", "say"),
        ("The Works Ministry stated: “The bridge has been closed for a week.”", "say"),
        # a news outlet that says something reports it
        ("Radio Free says the bridge had been closed for a week.", "report"),
        ("The Harbour Times reported that the bridge had been closed for a week.", "report"),
        ("The bridge had been closed for a week, according to AFP.", "report"),
        ("According to Reuters, the bridge had been closed for a week.", "report"),
        # but keeps the act its own verb says
        ("Radio Free revealed that the bridge had been closed for a week.", "reveal"),
        # unnamed media report only by their verb
        ("Local media reported that the bridge had been closed for a week.", "report"),
        ("Local media have said that the bridge had been closed for a week.", "say"),
        # the speaker's side says what it will do: an announcement, not a forecast
        ("Jane Smith told Radio Free the ministry will review the timetable.", "announce"),
        ("“We will close the bridge in May,” Jane Smith said.", "announce"),
        ("Jane Smith said many schools will raise their fees.", "say"),
        ("Jane Smith said that every claim will be assessed.", "say"),
        ("Jane Smith said: “We urge the council to close the bridge.”", "demand"),
        ("Jane Smith urged the council to close the bridge.", "demand"),
        ("Jane Smith urged that the bridge be closed.", "demand"),
    ],
)
def test_the_act_from_the_cue_s_class_and_the_speaker_s_kind(body: str, act: str) -> None:
    speaker = speaker_of(body)
    assert speaker["act"] == act
    assert "polarity" not in speaker


@pytest.mark.parametrize(
    "body",
    [
        "The bridge had been closed for a week, according to AFP.",
        "The Harbour Times reported that the bridge had been closed for a week.",
    ],
)
def test_a_news_outlet_is_an_organisation(body: str) -> None:
    data = drafted(body)
    assert actor(data, only_chain(data)[1]["claimant"])["kind"] == "organisation"


@pytest.mark.parametrize(
    ("body", "cue"),
    [
        ("Estimates suggest that 300 people crossed the bridge every day.", "suggest that"),
        ("Estimates suggest 300 people crossed the bridge every day.", "suggest"),
        ("The records suggest that 300 people crossed the bridge every day.", "suggest that"),
    ],
)
def test_evidence_that_suggests_is_the_article_s_inference(body: str, cue: str) -> None:
    data = drafted(body)
    (claim,) = data["claims"]
    assert claim["act"] == "suggest" and claim["cue"]["text"] == cue
    assert claim["certainty"] == "possible"
    assert "claimant" not in claim and "relays" not in claim
    assert not data.get("actors")  # "Estimates" is no one


def test_according_to_a_rule_is_the_article_s_own_statement() -> None:
    data = drafted("The posts are unlawful according to Harbour City legislation.")
    (claim,) = data["claims"]
    assert claim["act"] == "state" and claim["certainty"] == "certain"
    assert claim["cue"] == {"text": "according to Harbour City legislation", "type": "according-to"}
    assert "claimant" not in claim and "relays" not in claim and not data.get("actors")


def test_a_person_who_suggests_still_suggests() -> None:
    speaker = speaker_of("Jane Smith suggested that the bridge was unsafe.")
    assert speaker["act"] == "suggest" and speaker["claimant"] == "jane-smith"


# -- drafts validate ---------------------------------------------------------------------


def test_the_acts_and_chains_draft_an_article_that_validates(tmp_path: Path) -> None:
    (tmp_path / "registry.yaml").write_text(
        yaml.safe_dump(REGISTRY.model_dump(mode="json", exclude_none=True, by_alias=True)),
        encoding="utf-8",
    )
    body = (
        "Radio Free says the bridge had been closed for a week.\n\n"
        "The bridge was not safe, according to AFP.\n\n"
        "Local media reported that the bridge was unsafe.\n\n"
        "Jane Smith stated that the bridge was old.\n\n"
        "Estimates suggest that 300 people crossed the bridge every day.\n\n"
        "“I'm told that it's not a safe bridge,” John Doe said.\n\n"
        "The Harbour Safety Board (HSB) said the bridge was old. The HSB added that it was "
        "closed.\n\n"
        "Radio Free quotes Jane Smith saying that the bridge was unsafe.\n"
    )
    (tmp_path / "a.txt").write_text(f"Bridge closed\n\n{DATELINE}\n\n{body}", "utf-8")
    result = CliRunner().invoke(main, ["draft", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.stderr
    data = yaml.safe_load((tmp_path / "a.yaml").read_text("utf-8"))
    assert not [
        c for c in data["claims"] if c.get("polarity") == "negative" and "claimant" not in c
    ]
    assert len(chain(data)) >= 8
    status, output = _validate(tmp_path)
    assert status == 0, output


# -- the claimant ------------------------------------------------------------------------


def speakers(data: dict[str, Any]) -> list[str]:
    return [speaker["claimant"] for _article, speaker in chain(data) if "claimant" in speaker]


def names(data: dict[str, Any], ident: str) -> list[str]:
    return list(actor(data, ident)["names"])


@pytest.mark.parametrize(
    "body",
    [
        "The Harbour Times reported that the bridge was unsafe. The newspaper added that it "
        "would close.",
        "Radio Free said the bridge was unsafe. The broadcaster added that it would close.",
        "Acme Corp said the bridge was unsafe. The company added that it would close.",
        "The Harbour Safety Board said the bridge was unsafe. The agency added that it would "
        "close.",
    ],
)
def test_the_newspaper_or_the_company_is_the_last_such_speaker(body: str) -> None:
    first, second = speakers(drafted(body))
    assert first == second


def test_the_company_is_no_person_who_spoke_before() -> None:
    data = drafted("Jane Smith said the bridge was unsafe. The company added that it would close.")
    first, second = speakers(data)
    assert first == "jane-smith" and second != first


def test_an_institution_s_own_name_is_not_the_last_such_speaker() -> None:
    data = drafted(
        "The Harbour Safety Board said the bridge was unsafe. The Ferry Licensing Agency says "
        "that the ferry will run."
    )
    first, second = speakers(data)
    assert first != second and names(data, second) == ["The Ferry Licensing Agency"]


def test_an_editor_s_brackets_are_not_part_of_a_name() -> None:
    data = drafted("[Maria] Lindqvist said the bridge had been closed for a week.")
    (ident,) = speakers(data)
    assert names(data, ident) == ["Maria Lindqvist"]


def test_initials_in_brackets_are_the_same_actor() -> None:
    data = drafted(
        "The Harbour Safety Board (HSB) said the bridge had been closed for a week.\n\n"
        "The HSB added that the ferry would run instead."
    )
    first, second = speakers(data)
    assert first == second
    assert names(data, first)[1:] == ["HSB"]


@pytest.mark.parametrize(
    "body",
    [
        "Tomas Brandt of Radio Free said the bridge had been closed for a week.",
        "Tomas Brandt of Harbourwatch said the bridge had been closed for a week.",
        "Tomas Brandt on Harbourwatch wrote that the bridge had been closed for a week.",
    ],
)
def test_a_person_of_an_outlet_is_the_person(body: str) -> None:
    data = drafted(body)
    (ident,) = speakers(data)
    assert names(data, ident) == ["Tomas Brandt"]


def test_an_institution_of_a_place_keeps_its_whole_name() -> None:
    data = drafted("The Royal College of Harbour Pilots said the bridge had been closed.")
    (ident,) = speakers(data)
    assert names(data, ident)[0].endswith("Royal College of Harbour Pilots")


def test_a_surname_known_for_one_person_does_not_take_another_s_name() -> None:
    data = drafted(
        "Tomas Brandt said the bridge had been closed for a week.\n\n"
        "Lena Brandt said that the ferry would run instead."
    )
    _first, second = speakers(data)
    assert names(data, second) == ["Lena Brandt"]
    data = drafted(
        "South Harbour Council said the bridge had been closed for a week.\n\n"
        "North Harbour said that the ferry would run instead."
    )
    _first, second = speakers(data)
    assert names(data, second) == ["North Harbour"]


def test_a_name_before_a_comma_and_a_title_is_the_speaker() -> None:
    data = drafted(
        "The ferry ran again after posts by Tomas Brandt, Transport Minister claiming "
        "credit for the new timetable."
    )
    (ident,) = speakers(data)
    assert names(data, ident) == ["Tomas Brandt"]


def test_an_outlet_through_its_sources_is_the_outlet() -> None:
    """The outlet is the speaker, who cites its sources (tests/test_draft_recall.py
    has the whole chain), not an actor named "Radio Free through its sources"."""
    data = drafted("Radio Free through its sources claimed that the bridge was unsafe.")
    outlet = claims(data)[chain(data)[0][0]["relays"][0]]
    assert outlet["claimant"] == "radio-free" and outlet["act"] == "cite"


def test_a_clause_after_said_is_the_content_not_the_speaker() -> None:
    data = drafted(
        "Major Tomas Holm, spokesman for the harbour police, said fishermen first noticed "
        "the boat and a ferry was sent to tow it."
    )
    article, speaker = only_chain(data)
    assert names(data, speaker["claimant"]) == ["Tomas Holm"]
    assert article["quote"]["text"].startswith("fishermen first noticed")


def test_he_is_the_person_last_named_though_no_report_was_drafted_there() -> None:
    data = drafted(
        "Lena Brandt said the ferry was full. Tomas Holm met the crew on Monday, and "
        "Holm thanked the captain.\n\nHe said that the bridge had been closed for a week."
    )
    (ident,) = [s for s in speakers(data) if s != speakers(data)[0]]
    assert names(data, ident) == ["Tomas Holm"]


# -- the chain ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "cue", "content"),
    [
        (
            "“I'm told that the bridge was last inspected in May,” Jane Smith said.",
            "I'm told",
            "the bridge was last inspected in May",
        ),
        (
            "Jane Smith said:\n\nThose who asked about the ferry were told that it would run "
            "again in May.",
            "were told",
            "it would run again in May",
        ),
    ],
)
def test_what_a_speaker_was_told_is_relayed_from_an_unnamed_teller(
    body: str, cue: str, content: str
) -> None:
    data = drafted(body)
    (article,) = [c for c in data["claims"] if "claimant" not in c and "continues" not in c]
    reporter, teller = hops(data, article)
    assert reporter["claimant"] == "jane-smith" and reporter["act"] == "report"
    assert reporter["cue"]["text"] == cue and "polarity" not in reporter
    teller_actor = actor(data, teller["claimant"])
    assert teller_actor["kind"] == "unidentified" and teller_actor["described_as"] == cue
    assert teller["act"] == "say" and "relays" not in teller
    (event,) = [e for e in data["events"] if e["id"] in teller["asserts"]]
    assert event["label"] == content


def test_what_a_speaker_was_told_not_to_hold_is_negative_on_the_teller_s_hop() -> None:
    data = drafted("“I was told that it's not a safe bridge,” Jane Smith said.")
    (article,) = [c for c in data["claims"] if "claimant" not in c and "continues" not in c]
    reporter, teller = hops(data, article)
    assert "polarity" not in article and "polarity" not in reporter
    assert teller["polarity"] == "negative"


def test_told_by_someone_names_the_teller_and_is_no_unnamed_one() -> None:
    data = drafted("Jane Smith said she was told by the mayor that the bridge would close.")
    assert not [a for a in data.get("actors", []) if a["kind"] == "unidentified"]


def test_the_block_after_an_outlet_quoting_someone_is_relayed_the_same_way() -> None:
    data = drafted(
        "Radio Free quoted Jane Smith as saying that the bridge was unsafe:\n\n"
        "We have asked them to close it, but they did not agree."
    )
    block = [c for c in data["claims"] if c.get("quote", {}).get("text", "").startswith("We")]
    (article,) = block
    reporter, speaker = hops(data, article)
    assert reporter["act"] == "cite" and "claimant" not in reporter  # continues Radio Free
    first = claims(data)[reporter["continues"]]
    assert first["claimant"] == "radio-free"
    assert claims(data)[speaker["continues"]]["claimant"] == "jane-smith"


def test_an_outlet_quoting_someone_saying_relays_them() -> None:
    data = drafted("Radio Free quotes Jane Smith saying that the bridge was unsafe.")
    (article,) = [c for c in data["claims"] if "claimant" not in c and "continues" not in c]
    reporter, speaker = hops(data, article)
    assert reporter["claimant"] == "radio-free" and reporter["act"] == "cite"
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == "say"


def test_every_speech_act_has_a_cue_type() -> None:
    """A drafted hop of any act of the format gets a cue type: an act added to the
    format without one made the drafter raise on the article that used it."""
    from typing import get_args

    from claimgraph.annotation.model import SpeechAct
    from claimgraph.draft import lexicon

    assert set(lexicon.CUE_TYPES) == set(get_args(SpeechAct))
    assert set(lexicon.VERBS.values()) <= set(get_args(SpeechAct))


@pytest.mark.parametrize(
    ("body", "act", "field"),
    [
        # a question takes as given what it asks how, why, where ...
        ("Jane Smith asked officials how the documents wound up on the street.", "ask", "asserts"),
        ("“Why did they close the bridge?” Jane Smith asked.", "ask", "asserts"),
        # ... and nothing when it asks whether
        ("Jane Smith asked whether the bridge was unsafe.", "ask", "about"),
        # asking for something to be done is a request; a command an order
        (
            "Jane Smith asked the governments not to turn away boats of refugees.",
            "request",
            "asserts",
        ),
        ("Jane Smith asked Bob Lee to resign.", "request", "asserts"),
        ("Jane Smith requested donations for the repair of the bridge.", "request", "asserts"),
        (
            "The ministry ordered the providers to block the website immediately.",
            "order",
            "asserts",
        ),
    ],
)
def test_questions_requests_and_orders(body: str, act: str, field: str) -> None:
    hop = speaker_of(body)
    assert hop["act"] == act, hop
    assert field in hop and ({"asserts", "about"} - {field}).isdisjoint(hop), hop
    assert "polarity" not in hop  # an open question takes no side; the others are positive


def test_drafted_questions_validate(tmp_path: Path) -> None:
    """An open question's event is alleged, with only the question about it: valid."""
    from tests.test_draft import drafted_article_validates

    drafted_article_validates(
        tmp_path,
        "Jane Smith asked whether the bridge was unsafe. Bob Lee asked officials how the "
        "documents wound up on the street. The ministry ordered the providers to block the "
        "website.\n",
    )
