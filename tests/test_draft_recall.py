"""claimgraph draft: constructions the drafter missed on articles it was not
written against (issue 19's recall), each on a small text written for it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from claimgraph.annotation.model import Actor
from tests.test_draft import (
    REGISTRY,
    article_hops,
    chain,
    claimants,
    drafted,
    drafted_article_validates,
    hops,
    only_chain,
)


def one(body: str) -> tuple[tuple[str, str, str], dict[str, Any], dict[str, Any]]:
    """The only chain drafted from ``body``: (claimant, cue, quote), the
    article's hop and the speaker's."""
    article, hop = only_chain(drafted(body))
    return (hop.get("claimant", ""), article["cue"]["text"], article["quote"]["text"]), article, hop


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
            "request",
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
    found, _article, hop = one(body)
    assert found == (speaker, cue, quote)
    assert hop["act"] == act
    assert "polarity" not in hop


@pytest.mark.parametrize(
    ("body", "cue", "quote"),
    [
        (  # the addressee, then a question: the cue up to the question
            "Jane Smith has asked the inspectors how the plans ended up on a pavement.",
            "asked the inspectors",
            "how the plans ended up on a pavement",
        ),
        (  # the addressee and an infinitive: both what is asked
            "Jane Smith also asked the mayors of the valley not to reopen the bridge.",
            "asked",
            "the mayors of the valley not to reopen the bridge",
        ),
        (
            "Jane Smith ordered the crews to close the bridge at once.",
            "ordered",
            "the crews to close the bridge at once",
        ),
        (  # a named addressee the registry does not know, then "that"
            "Jane Smith informs a certain Tom Bell that the bridge will stay shut.",
            "informs a certain Tom Bell that",
            "the bridge will stay shut",
        ),
    ],
)
def test_an_addressee_before_what_is_asked_or_told(body: str, cue: str, quote: str) -> None:
    assert one(body)[0] == ("jane-smith", cue, quote)


def test_a_verb_after_allegedly_is_the_articles_hedged_statement() -> None:
    data = drafted("Jane Smith allegedly encouraged drivers to block the bridge.")
    assert claimants(data) == []
    (hedge,) = data["claims"]
    assert hedge["cue"]["text"] == "allegedly"
    assert "claimant" not in hedge and hedge["act"] == "allege"


@pytest.mark.parametrize(
    "phrase",
    [
        "jane smith asked the men of the old town ",  # an addressee with no infinitive, no stop
        "jo bo asked officials how ",  # questions after addressees, without end
        "jo bo ordered the crews to close ",  # infinitives after addressees, without end
        "The memo which had a stamp on it and ",  # relative clauses without commas or stops
        "Jo Bo had met him, and came to the conclusion that ",  # shared subjects, no stop
        "Jo Bo used her blog to encourage the “good men of the town” to ",  # phrases, objects
        "Jo Bo through its sources claimed that ",  # sources relayed, without end
        "The letter begins [ru]:\n\nI ask you\n\n",  # documents' blocks, one per paragraph
        "Jo Bo stated,\n\n“a” b. ",  # commas closing paragraphs before quotations
        "I think we made the case that ",  # stances opening sentences, phrases without end
        "it was shut for “safety” reported Jo Bo ",  # inverted cues after quoted words
        "Jo Bo, however, were quick to say it ",  # connectives and "quick to" without end
        "Jo Bo, who had told Al Ba it ",  # relative clauses with auxiliaries
    ],
)
def test_a_megabyte_of_the_new_constructions_ends(phrase: str) -> None:
    """The addressee's scan reads a few words after each verb, never the rest
    of the text: 1 MB without punctuation drafts in seconds (the bound only
    catches a hang)."""
    body = phrase * (1_000_000 // len(phrase))
    started = time.monotonic()
    data = drafted(body)
    assert time.monotonic() - started < 120
    assert data["claims"]


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "quote"),
    [
        (  # "were quick to": the subject before the phrase, a connective between commas
            "Other residents, however, were quick to point out that the bridge was new.",
            "other-residents",
            "point out that",
            "the bridge was new",
        ),
        (
            "Jane Smith was the first to say that the bridge was unsafe.",
            "jane-smith",
            "say that",
            "the bridge was unsafe",
        ),
        (  # an adverb between the auxiliary and the verb
            "Jane Smith has graciously conceded that the bridge was unsafe.",
            "jane-smith",
            "conceded that",
            "the bridge was unsafe",
        ),
        (
            "Radio Free, in turn, has claimed that the bridge is old.",
            "radio-free",
            "claimed that",
            "the bridge is old",
        ),
        (  # the subject, then a relative clause without commas, then the verb
            "A source who is directly aware of the plans told Radio Free that the bridge will"
            " close.",
            "a-source",
            "told Radio Free that",
            "the bridge will close",
        ),
        (
            "The memo which had a red stamp on every page detailed several flaws in the bridge.",
            "author-of-the-memo",
            "detailed",
            "several flaws in the bridge",
        ),
        (  # "as per", as "according to"
            "As per the Works Ministry, the bridge was closed before time.",
            "works-ministry",
            "As per the Works Ministry",
            "the bridge was closed before time",
        ),
        (  # a bill says what it proposes
            "The bill advocates the prosecution of drivers who crossed the bridge.",
            "author-of-the-bill",
            "advocates",
            "the prosecution of drivers who crossed the bridge",
        ),
    ],
)
def test_subjects_apart_from_their_verbs_and_sources_of_texts(
    body: str, speaker: str, cue: str, quote: str
) -> None:
    assert one(body)[0] == (speaker, cue, quote)


def test_eager_to_is_no_report_without_a_clause() -> None:
    assert claimants(drafted("Jane Smith is eager to attack the bridge's critics.")) == []


@pytest.mark.parametrize(
    ("body", "speaker", "cue", "quote", "mode"),
    [
        (  # quoted words close the clause, then the verb and its speaker, no comma
            "The bridge was shut, keeping in mind the “safety of the public” reported Tom Bell.",
            "tom-bell",
            "reported Tom Bell",
            "The bridge was shut, keeping in mind the “safety of the public”",
            "mixed",
        ),
        (  # a relative clause with an auxiliary, a name the registry lacks as addressee
            "He drove to Leeds to meet Tom Bell, who had told Sam Ross he would find her a job.",
            "tom-bell",
            "told Sam Ross",
            "he would find her a job",
            "indirect",
        ),
    ],
)
def test_cues_after_quotations_and_in_relative_clauses(
    body: str, speaker: str, cue: str, quote: str, mode: str
) -> None:
    found, article, hop = one(body)
    assert found == (speaker, cue, quote)
    assert article["quote"]["mode"] == mode
    assert hop["act"] == "say"


@pytest.mark.parametrize(
    ("after", "quote"),
    [
        (  # the quotation is the next paragraph
            "“The bridge was closed by a man in a black car. Nobody knew why.”",
            "The bridge was closed by a man in a black car. Nobody knew why.",
        ),
        (  # the quotation closes before its paragraph does
            "“The bridge was closed by a man in a black car. Nobody knew why.” Jane Smith"
            " then left.",
            "The bridge was closed by a man in a black car. Nobody knew why.",
        ),
    ],
)
def test_a_comma_closing_a_paragraph_before_a_quotation_is_a_colon(after: str, quote: str) -> None:
    data = drafted(f"Jane Smith stated,\n\n{after}")
    assert claimants(data) == [("jane-smith", "stated", quote)]


def test_no_inverted_speaker_after_a_quotation_without_a_name() -> None:
    assert claimants(drafted("The bridge was shut for “safety reasons” said by all.")) == []


def test_it_after_a_quotation_is_the_organisation_quoted_before() -> None:
    data = drafted(
        "“The bridge is unsafe”, said the Works Ministry. “Nobody should cross it”, it added."
    )
    assert claimants(data)[1] == ("works-ministry", "it added", "Nobody should cross it")


def test_quoting_someone_saying_without_as() -> None:
    data = drafted("Radio Free quotes ministry engineer Tom Bell saying that the bridge is old.")
    (article,) = article_hops(data)
    assert article["cue"]["text"] == "quotes"
    assert article["quote"]["text"] == "the bridge is old"
    assert [(hop["claimant"], hop["act"]) for hop in hops(data, article)] == [
        ("radio-free", "cite"),
        ("tom-bell", "say"),
    ]


@pytest.mark.parametrize(
    ("body", "cue", "quote"),
    [
        (  # a verb and its noun, the subject shared over "and"
            "Jane Smith had met the engineer twice, and came to the conclusion that he was honest.",
            "came to the conclusion that",
            "he was honest",
        ),
        (
            "Jane Smith made the case that the bridge was unsafe.",
            "made the case that",
            "the bridge was unsafe",
        ),
    ],
)
def test_a_claim_by_a_verb_and_its_noun(body: str, cue: str, quote: str) -> None:
    found, _article, hop = one(body)
    assert found == ("jane-smith", cue, quote)
    assert hop["act"] == "claim"


def test_the_quoted_speakers_own_cue_opens_a_block_sentence() -> None:
    data = drafted(
        "Jane Smith wrote:\n\nThe bridge is old.\n\n"
        "We have got the confirmation that the ministry closed it.\n\n"
        "My gut feeling is that it will reopen soon.\n\nI'm told the mayor agrees."
    )
    assert [(c[1], c[2]) for c in claimants(data)] == [
        ("wrote:", "The bridge is old."),
        (
            "We have got the confirmation",
            "We have got the confirmation that the ministry closed it.",
        ),
        ("My gut feeling is", "My gut feeling is that it will reopen soon."),
        ("I'm told", "I'm told the mayor agrees."),
    ]
    types = [article["cue"]["type"] for article, _hop in chain(data)]
    assert types == ["say", "confirm", "suggest", "say"]


@pytest.mark.parametrize(
    ("body", "cue", "quote"),
    [
        (  # a link's language tag after the verb, then a date and the quotation
            "(Blogger Tom Bell, for instance, wrote [ru] on April 24, “Close the bridge and fine"
            " the mayor.”)",
            "wrote [ru]",
            "Close the bridge and fine the mayor.",
        ),
        (  # a tag after the name, a participle after a verb that reports nothing
            "The always cheerful choir Tom Bell [en] responded in kind, quipping [ru] that its"
            " singers would soon be fined.",
            "quipping [ru] that",
            "its singers would soon be fined",
        ),
    ],
)
def test_link_tags_between_the_words_of_a_report(body: str, cue: str, quote: str) -> None:
    assert one(body)[0] == ("tom-bell", cue, quote)


@pytest.mark.parametrize(
    ("body", "cue", "quote", "act"),
    [
        (  # a verb that needs a clause, with an object opening with quoted words
            "In that letter, Jane Smith noted the “sharp rise in the number of accidents” on"
            " the bridge.",
            "noted",
            "the “sharp rise in the number of accidents” on the bridge",
            "say",
        ),
        (  # "used her account to": the subject before the phrase
            "That day, Jane Smith used her Twitter account to encourage drivers to avoid the"
            " bridge.",
            "encourage",
            "drivers to avoid the bridge",
            "recommend",
        ),
        (  # an adverb inside "called for"
            "Jane Smith called specifically for the closure of the bridge.",
            "called specifically for",
            "the closure of the bridge",
            "demand",
        ),
        (  # re-posting: what is re-posted, the object
            "Jane Smith retweeted a call by Tom Bell on drivers to avoid the bridge.",
            "retweeted",
            "a call by Tom Bell on drivers to avoid the bridge",
            "cite",
        ),
        (  # a stance with "that"
            "Jane Smith feels that the bridge is unsafe.",
            "feels that",
            "the bridge is unsafe",
            "claim",
        ),
    ],
)
def test_objects_and_phrases_around_a_verb(body: str, cue: str, quote: str, act: str) -> None:
    found, _article, hop = one(body)
    assert found == ("jane-smith", cue, quote)
    assert hop["act"] == act


@pytest.mark.parametrize(
    "body",
    [
        "The Works Ministry's requests to close the bridge were ignored.",  # a noun
        "People were encouraged to visit the site and suggest names for it.",  # a passive
        "The crew worked at night in order to open the bridge by May.",  # "in order to"
        "Advocates of the plan gathered at the bridge.",  # a noun
        "Jane Smith ordered a pizza for the crews.",  # no addressee and infinitive
        "Jane Smith asked the crowd to the bridge.",  # "to" a place
        "Crews discussed Jane Smith ordering the block due to safety concerns.",  # "due to"
        "The bridge which Jane Smith had closed was said to be old.",  # a passive
        "Advocates of the plan gathered near the bridge on Monday.",  # a noun
        "I'm told the bridge is old.",  # a passive, no speaker named
        "Jane Smith made a cake that was sweet.",  # no claim
        "The Works Ministry closed the bridge and came to a halt.",  # no conclusion
        "Jane Smith noted the bridge in her diary.",  # an object, no quoted words
        "Jane Smith feels sick after crossing the bridge.",  # no clause
        "Jane Smith used her account to the full.",  # no verb
    ],
)
def test_no_report_in_other_senses_of_these_constructions(body: str) -> None:
    assert claimants(drafted(body)) == []


def test_a_documents_noun_opens_a_block_after_its_colon() -> None:
    data = drafted(
        "Jane Smith sent a letter to the mayor.\n\nThe letter begins [ru]:\n\n"
        "I ask you to close the bridge at once."
    )
    assert [(c[1], c[2]) for c in claimants(data)] == [
        ("begins [ru]", "I ask you to close the bridge at once.")
    ]


def test_a_registry_name_with_a_colon_is_the_subject_whole() -> None:
    registry = REGISTRY.model_copy(
        update={
            "actors": [
                *REGISTRY.actors,
                Actor.model_validate(
                    {"id": "unzipped", "kind": "organisation", "names": ["Unzipped: Gay Bridge"]}
                ),
            ]
        }
    )
    data = drafted(
        "Unzipped: Gay Bridge, for example, re-posts a comment left under the mayor's blog post.",
        registry,
    )
    assert [c[:2] for c in claimants(data)] == [("unzipped", "re-posts")]


def test_an_outlet_through_its_sources_relays_them() -> None:
    data = drafted(
        "Radio Free through its sources claimed that the bridge was closed for a contest."
    )
    (article,) = article_hops(data)
    assert (article["cue"]["text"], article["quote"]["text"]) == (
        "claimed that",
        "the bridge was closed for a contest",
    )
    radio, sources = hops(data, article)
    assert (radio["claimant"], radio["act"], radio["cue"]["text"]) == (
        "radio-free",
        "cite",
        "through its sources",
    )
    assert [a["described_as"] for a in data["actors"] if a["id"] == sources["claimant"]] == [
        "its sources"
    ]


def test_the_recall_constructions_draft_an_article_that_validates(tmp_path: Path) -> None:
    drafted_article_validates(
        tmp_path,
        (
            "Radio Free through its sources claimed that the bridge was closed for a contest.\n\n"
            "Jane Smith has asked the inspectors how the plans ended up on a pavement.\n\n"
            "The closure was made, keeping in mind the “public safety” reported Tom Bell.\n\n"
            "Jane Smith stated,\n\n“The bridge was closed by a man in a black car.”\n\n"
            "A source who is aware of the plans told Radio Free that the bridge will close.\n\n"
            "Radio Free quotes engineer Tom Bell saying that the bridge is old.\n\n"
            "Jane Smith wrote:\n\nThe bridge is old.\n\nI think that it should be closed.\n\n"
            "Other residents, however, were quick to point out that the bridge was new.\n"
        ),
    )
