"""claimgraph draft: each reported-speech construction drafted as the format
says it, drafts that validate, hostile texts, and files never overwritten."""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from claimgraph.annotation.model import Registry
from claimgraph.cli import main
from claimgraph.draft import draft_text
from claimgraph.errors import ClaimgraphError
from tests.conftest import SEEDS

DATELINE = "Thursday, February 23, 2023"
REGISTRY = Registry.model_validate(
    {
        "format": 2,
        "actors": [
            {
                "id": "works-ministry",
                "kind": "government",
                "names": ["Ministry of Works", "Works Ministry"],
            },
            {"id": "jane-smith", "kind": "person", "names": ["Jane Smith"]},
            {"id": "radio-free", "kind": "organisation", "names": ["Radio Free"]},
        ],
    }
)


def drafted(body: str, registry: Registry | None = REGISTRY) -> dict[str, Any]:
    text = f"Bridge closed\n\n{DATELINE}\n\n{body}\n"
    data = yaml.safe_load(draft_text(text, name="article", registry=registry).yaml)
    assert isinstance(data, dict)
    return data


def claims(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {claim["id"]: claim for claim in data["claims"]}


def chain(data: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """(article hop, speaker hop) pairs, in order."""
    by_id = claims(data)
    return [(c, by_id[c["relays"][0]]) for c in data["claims"] if c.get("relays")]


def article_hops(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The article's own hops (no claimant, continuing no one)."""
    return [c for c in data["claims"] if "claimant" not in c and "continues" not in c]


def hops(data: dict[str, Any], article_hop: dict[str, Any]) -> list[dict[str, Any]]:
    """The hops an article hop relays, down the chain."""
    by_id = claims(data)
    found = []
    hop = article_hop
    while hop.get("relays"):
        hop = by_id[hop["relays"][0]]
        found.append(hop)
    return found


def only_chain(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    pairs = chain(data)
    assert len(pairs) == 1, data["claims"]
    return pairs[0]


# -- constructions -------------------------------------------------------------------


def test_direct_quote_with_the_cue_after_it() -> None:
    data = drafted("“The bridge is unsafe,” Jane Smith said.")
    article, speaker = only_chain(data)
    assert article["quote"] == {"text": "The bridge is unsafe", "mode": "direct"}
    assert article["cue"]["text"] == "Jane Smith said"
    assert "claimant" not in article  # the article's own hop
    assert speaker["claimant"] == "jane-smith"
    assert speaker["act"] == "say"


def test_indirect_speech_with_that() -> None:
    data = drafted("Jane Smith said that the bridge was unsafe.")
    article, speaker = only_chain(data)
    assert article["cue"] == {"text": "said that", "type": "say"}
    assert article["quote"] == {"text": "the bridge was unsafe", "mode": "indirect"}
    assert speaker["claimant"] == "jane-smith"


def test_according_to_a_registry_actor() -> None:
    data = drafted("According to the Ministry of Works, the bridge was closed for repairs.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "According to the Ministry of Works"
    assert article["cue"]["type"] == "according-to"
    assert article["quote"]["text"] == "the bridge was closed for repairs"
    assert speaker["claimant"] == "works-ministry"


def test_told_outlet_is_the_addressee() -> None:
    data = drafted("Jane Smith told Radio Free that the bridge was unsafe.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "told Radio Free that"
    assert speaker["said"]["to"] == "radio-free"
    assert speaker["said"]["medium"] == "statement"


def test_a_quoted_paragraph_continues_the_speaker_before_it() -> None:
    data = drafted(
        "Jane Smith said: “The bridge is unsafe.”\n\n“Nobody should cross it until May.”"
    )
    pairs = chain(data)
    assert len(pairs) == 2
    first, second = pairs[0][1], pairs[1][1]
    assert first["claimant"] == "jane-smith"
    assert second["continues"] == first["id"] and "claimant" not in second
    assert pairs[1][0]["quote"]["text"] == "Nobody should cross it until May."


def test_a_direct_quote_keeps_its_full_stop_inside_the_marks() -> None:
    data = drafted("Jane Smith said: “The bridge is unsafe.”")
    article, _speaker = only_chain(data)
    assert article["quote"] == {"text": "The bridge is unsafe.", "mode": "direct"}


def test_a_second_cue_after_a_quotation_and_and() -> None:
    data = drafted(
        "Jane Smith said the bridge was “unsafe”, and said it was “a scandal that nobody acted.”"
    )
    pairs = chain(data)
    assert [p[0]["cue"]["text"] for p in pairs] == ["said", "said"]
    assert [p[1]["claimant"] for p in pairs][:1] == ["jane-smith"]
    assert pairs[1][0]["quote"]["text"] == "it was “a scandal that nobody acted.”"
    assert pairs[0][0]["quote"]["text"] == "the bridge was “unsafe”"


def test_the_content_ends_before_an_adjunct_participle() -> None:
    data = drafted("Jane Smith said that the bridge was unsafe, referring to the storm.")
    article, _speaker = only_chain(data)
    assert article["quote"]["text"] == "the bridge was unsafe"


def test_a_block_quotation_is_drafted_sentence_by_sentence() -> None:
    data = drafted(
        "Writer Jane Smith said:\n\nThe bridge is unsafe. Nobody should cross it.\n\n[...]"
        "\n\n[...] Repairs will take a year.\n\nThe council met on Monday."
    )
    pairs = chain(data)
    assert pairs[0][0]["cue"]["text"] == "said:"
    assert pairs[0][1]["claimant"] == "jane-smith"  # the title word is not the name
    assert [p[0]["quote"]["text"] for p in pairs] == [
        "The bridge is unsafe.",
        "Nobody should cross it.",
        "Repairs will take a year.",
    ]
    assert all(p[1]["continues"] == pairs[0][1]["id"] for p in pairs[1:])


def test_a_block_quotation_runs_over_paragraphs_in_the_speakers_voice() -> None:
    """Paragraphs without quotation marks after "X wrote:" are X's while they
    read as X's (first person, questions); the article's voice ends the block."""
    data = drafted(
        "Jane Smith wrote:\n\nThe bridge is unsafe.\n\nNobody listens to us.\n\n"
        "Why does nobody act?\n\nThe council met on Monday."
    )
    pairs = chain(data)
    assert [p[0]["quote"]["text"] for p in pairs] == [
        "The bridge is unsafe.",
        "Nobody listens to us.",
        "Why does nobody act?",
    ]
    assert pairs[0][1]["claimant"] == "jane-smith"
    assert all(p[1]["continues"] == pairs[0][1]["id"] for p in pairs[1:])


@pytest.mark.parametrize(
    "after",
    [
        "Meanwhile, we learnt that the council met.",  # the article's connective
        "We asked Jane Smith about it.",  # the speaker in the third person
        "We are angry, she added.",  # the article reporting again
        "Our readers wrote:",  # introducing another quotation
    ],
)
def test_a_block_quotation_stops_at_the_articles_voice(after: str) -> None:
    data = drafted(f"Jane Smith wrote:\n\nThe bridge is unsafe.\n\n{after}")
    quoted = [p for p in chain(data) if p[1].get("continues")]
    assert not [p for p in quoted if p[0]["quote"]["text"].startswith(after[:12])], quoted


@pytest.mark.parametrize(
    "intro",
    [
        "On her blog, Jane Smith explains why the bridge is unsafe:",  # a clause, then a colon
        "Writes Jane Smith:",  # the cue and its speaker inverted
    ],
)
def test_a_colon_closing_a_report_opens_a_block_of_the_speakers(intro: str) -> None:
    data = drafted(f"{intro}\n\nThe bridge is old.\n\nWe are afraid.\n\nThe council met.")
    pairs = chain(data)
    quotes = [p[0]["quote"]["text"] for p in pairs]
    assert quotes[-2:] == ["The bridge is old.", "We are afraid."]
    assert {p[1].get("claimant") for p in pairs} <= {"jane-smith", None}
    assert all(p[1]["continues"] == pairs[0][1]["id"] for p in pairs[1:])


def test_a_report_inside_a_block_quotation_is_drafted_too() -> None:
    data = drafted("Jane Smith said:\n\nWe are angry. Mayor John Brown said that it was safe.")
    article = next(c for c in data["claims"] if c.get("quote", {}).get("text", "").startswith("M"))
    assert article["quote"]["text"] == "Mayor John Brown said that it was safe."
    smith, brown = hops(data, article)  # Jane Smith's words relay John Brown's
    assert smith["act"] == "report" and smith["cue"]["text"] == "said that"
    assert "continues" in smith and brown["claimant"] == "john-brown"


def test_a_name_and_predicate_ending_with_a_colon_introduce_a_block() -> None:
    data = drafted("Radio Free was shocked:\n\nThis is a scandal.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "was shocked"
    assert article["quote"] == {"text": "This is a scandal.", "mode": "direct"}
    assert speaker["claimant"] == "radio-free" and speaker["act"] == "say"


def test_a_headline_kicker_is_the_headlines_cue() -> None:
    text = "Reports: bridge to close for a year\n\nThe council met on Monday.\n"
    data = yaml.safe_load(draft_text(text, name="article").yaml)
    article, speaker = only_chain(data)
    assert article["cue"] == {"text": "Reports:", "type": "headline"}
    assert article["quote"]["text"] == "bridge to close for a year"
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["kind"] == "anonymous-source"
    text = "Egypt: Bridge closed after the storm\n\nThe council met on Monday.\n"
    (claim,) = yaml.safe_load(draft_text(text, name="article").yaml)["claims"]
    assert claim["cue"]["text"] == "Egypt:" and "claimant" not in claim
    assert claim["act"] == "state" and claim["quote"]["text"] == "Bridge closed after the storm"


def test_a_quoted_sentence_without_a_cue_takes_its_act_from_its_form() -> None:
    data = drafted(
        "Jane Smith said:\n\nThe bridge is unsafe. Who will pay for it? The council must act."
        " According to Radio Free, repairs will take a year."
    )
    acts = [p[1]["act"] for p in chain(data) if "continues" in p[1]]
    assert acts == ["suggest", "demand", "cite"]


def test_a_plural_noun_before_a_verb_is_part_of_the_subject() -> None:
    data = drafted("News reports stated that the bridge was closed.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "stated that"
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["described_as"] == "News reports"


def test_an_intro_subject_opens_its_clause() -> None:
    data = drafted(
        "In French with English subtitles, Radio Free summarised the debate:\n\nIt was long."
    )
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "radio-free"


def test_a_first_person_paragraph_after_a_named_source_quotes_it() -> None:
    data = drafted(
        "Radio Free is also concerned.\n\nI am afraid for the bridge. We cross it daily."
    )
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "is also concerned"
    assert article["quote"]["text"] == "I am afraid for the bridge. We cross it daily."
    assert speaker["claimant"] == "radio-free"
    data = drafted(
        "Jane Smith said that the bridge was unsafe.\n\n[...] the repairs are late, as we knew."
    )
    pairs = chain(data)
    assert pairs[1][1]["continues"] == pairs[0][1]["id"]
    assert pairs[1][0]["quote"]["text"] == "the repairs are late, as we knew."


def test_initials_are_not_the_first_person() -> None:
    data = drafted("Radio Free is also concerned.\n\nThe D.I.Y. bar was closed.")
    assert "relays" not in str(data["claims"])


def test_a_plural_unnamed_source_and_a_head_noun_before_a_place() -> None:
    data = drafted("Local authorities announced that the bridge was closed.")
    _article, speaker = only_chain(data)
    assert speaker["act"] == "announce"
    data = drafted("In addition the officials at the city airport said that the bridge was closed.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "said that"
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["described_as"] == "the officials at the city airport"


def test_who_says_has_its_antecedent_as_speaker() -> None:
    data = drafted("Radio Free met two engineers who say that the bridge is unsafe.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "say that"
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["described_as"] == "two engineers"
    data = drafted("Jane Smith is a lawyer who defended many rebels before the courts.")
    assert not chain(data)


def test_a_verb_with_a_prepositional_phrase_reports_only_a_that_clause() -> None:
    data = drafted("Jane Smith commented on the video of the bridge.")
    assert not chain(data)
    data = drafted("Jane Smith said in a statement on Monday that the bridge was unsafe.")
    article, _speaker = only_chain(data)
    assert article["quote"]["text"] == "the bridge was unsafe"


def test_a_post_is_its_whole_paragraph() -> None:
    text = "Bridge closed\n\n@janesmith: The bridge is closed... for a year. #bridge #city\n"
    data = yaml.safe_load(draft_text(text, name="article").yaml)
    article, _speaker = only_chain(data)
    assert article["quote"]["text"] == "The bridge is closed... for a year. #bridge #city"


def test_hedges_that_are_not_adverbs() -> None:
    data = drafted("Police released the two suspected arsonists on Monday.")
    (claim,) = data["claims"]
    assert claim["cue"] == {"text": "suspected arsonists", "type": "allege"}
    assert claim["quote"]["text"] == "the two suspected arsonists"
    assert claim["act"] == "allege" and "claimant" not in claim
    data = drafted("The fire is said to have been started by vandals.")
    (claim,) = data["claims"]
    assert claim["cue"]["text"] == "is said"
    assert claim["quote"]["text"] == "is said to have been started by vandals"
    data = drafted("Believed part of a local gang and caught on camera, he was arrested.")
    (claim,) = data["claims"]
    assert claim["cue"]["text"] == "Believed"
    assert claim["quote"]["text"] == "Believed part of a local gang"
    data = drafted("The bridge, it seems, was never inspected.")
    (claim,) = data["claims"]
    assert claim["cue"]["text"] == "it seems" and claim["act"] == "suggest"


def test_a_hedge_in_a_block_quotation_is_the_quoted_speakers() -> None:
    data = drafted("Jane Smith said:\n\nWe are angry. The fire is said to have been arson.")
    hedges = [p for p in chain(data) if p[0].get("cue", {}).get("text") == "is said"]
    assert len(hedges) == 1
    assert hedges[0][1]["act"] == "allege" and "continues" in hedges[0][1]
    quoted = [p for p in chain(data) if p[0]["quote"]["text"].startswith("The fire")]
    assert {p[1]["act"] for p in quoted} == {"allege"}  # the sentence, hedged, too


def test_a_title_and_an_organisation_before_a_name_are_not_the_name() -> None:
    data = drafted("CEO of the Refugee Council Enver Solomon said that the plan was clumsy.")
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "enver-solomon"
    data = drafted("Labour's Shadow Home Secretary Yvette Cooper said that it was late.")
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "yvette-cooper"


def test_a_document_sent_by_someone_on_a_date_and_a_document_kicker() -> None:
    text = (
        "Bridge Emails: Engineers Warned of Cracks\n\n"
        "The email, sent by engineer John Brown on January 18, 2013, warns of cracks.\n\n"
        "“The deck is cracked,” the email said.\n"
    )
    data = yaml.safe_load(draft_text(text, name="article").yaml)
    assert [a["names"] for a in data["actors"]] == [["John Brown"]]
    first = data["claims"][0]
    assert first["cue"] == {"text": "Bridge Emails:", "type": "headline"}


def test_a_participle_after_a_report_shares_its_speaker() -> None:
    data = drafted("Jane Smith defended the council's record whilst promising a report is coming.")
    pairs = chain(data)
    assert [p[0]["cue"]["text"] for p in pairs] == ["defended", "promising"]
    assert pairs[0][0]["quote"]["text"] == "the council's record"
    assert pairs[1][1]["claimant"] == "jane-smith" and pairs[1][1]["act"] == "promise"
    data = drafted("Jane Smith said “the bridge is unsafe,” adding that “repairs are late.”")
    pairs = chain(data)
    assert [p[1]["claimant"] for p in pairs] == ["jane-smith", "jane-smith"]


def test_a_clause_then_a_colon_and_a_quotation() -> None:
    data = drafted("Jane Smith told Radio Free any repair “must be quick”: “The bridge is unsafe.”")
    pairs = chain(data)
    assert [p[0]["quote"]["text"] for p in pairs] == [
        "any repair “must be quick”",
        "The bridge is unsafe.",
    ]
    assert pairs[1][1]["continues"] == pairs[0][1]["id"]


def test_a_noun_cue_with_its_owner_and_a_that_clause() -> None:
    data = drafted(
        "Jane Smith said that the bridge was closed. Critics rejected her claim that it was"
        " unsafe. Engineers doubt the Works Ministry's statement that repairs had begun."
    )
    by_cue = {p[0]["cue"]["text"]: p for p in chain(data)}
    assert by_cue["claim that"][1]["claimant"] == "jane-smith"
    assert by_cue["claim that"][1]["act"] == "claim"
    assert by_cue["claim that"][0]["quote"]["text"] == "it was unsafe"
    assert by_cue["statement that"][1]["claimant"] == "works-ministry"
    assert by_cue["statement that"][0]["quote"]["text"] == "repairs had begun"
    data = drafted("The Works Ministry's statement that repairs had begun was false.")
    assert not chain(data)  # the subject: where its clause ends is not known


def test_an_inverted_cue_before_the_content() -> None:
    data = drafted("Indeed, reports Radio Free, the bridge was closed for a year.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "reports Radio Free"
    assert article["quote"]["text"] == "the bridge was closed for a year"
    assert speaker["claimant"] == "radio-free"
    assert not [a for a in data.get("actors", []) if a.get("names") == ["Indeed"]]


def test_a_pronoun_carries_the_speaker_over() -> None:
    data = drafted(
        "Jane Smith said that the bridge was unsafe. She added that repairs would take a year."
    )
    pairs = chain(data)
    assert [p[0]["cue"]["text"] for p in pairs] == ["said that", "added that"]
    assert pairs[1][1]["continues"] == pairs[0][1]["id"]


def test_a_hedge_is_the_articles_own_allegation() -> None:
    data = drafted("The bridge was reportedly closed after the storm.")
    (claim,) = data["claims"]
    assert claim["act"] == "allege" and claim["cue"]["text"] == "reportedly"
    assert "claimant" not in claim and "relays" not in claim
    assert claim["quote"]["text"] == "closed after the storm"
    assert claim["certainty"] == "possible"


def test_a_denial_is_negative_on_the_deniers_hop_only() -> None:
    data = drafted("The Works Ministry denied that the bridge was unsafe.")
    article, speaker = only_chain(data)
    assert speaker["act"] == "deny" and speaker["claimant"] == "works-ministry"
    assert "polarity" not in article and article.get("act", "report") == "report"
    (event,) = data["events"]
    assert event["status"] == "denied"


def test_a_confirmation() -> None:
    data = drafted("Jane Smith confirmed that the bridge had been closed.")
    _article, speaker = only_chain(data)
    assert speaker["act"] == "confirm"


@pytest.mark.parametrize(
    ("body", "described"),
    [
        ("A senior official said that the talks had failed.", "A senior official"),
        # capitalised as the sentence's first word, not a name
        (
            "Sources close to the ministry said the talks had failed.",
            "Sources close to the ministry",
        ),
    ],
)
def test_an_unnamed_source_is_described_verbatim(body: str, described: str) -> None:
    data = drafted(body)
    _article, speaker = only_chain(data)
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["kind"] == "anonymous-source"
    assert actor["described_as"] == described


def test_registry_names_become_mentions_with_possessives() -> None:
    data = drafted("The Works Ministry’s engineers closed the bridge.")
    assert {"of": "works-ministry", "text": "Works Ministry"} in [
        {k: m[k] for k in ("of", "text")} for m in data["mentions"]
    ]


def test_the_dateline_dates_the_article_and_a_weekday_dates_the_statement() -> None:
    data = drafted("On Wednesday, Jane Smith said that the bridge was unsafe.")
    assert data["article"]["published"] == "2023-02-23"
    _article, speaker = only_chain(data)
    assert speaker["said"]["when"] == "On Wednesday"


def test_a_draft_says_it_is_one() -> None:
    data = drafted("Jane Smith said that the bridge was unsafe.")
    assert data["article"]["status"] == "draft"
    assert data["article"]["drafted"]["by"].startswith("claimgraph ")
    assert all(0 <= claim["confidence"] <= 1 for claim in data["claims"])


# -- constructions from new development texts (GUM's Wikinews articles) -------------------


def claimants(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(speaker or continued hop, cue, quote) of each chain, in order."""
    return [
        (
            speaker.get("claimant") or f"continues {speaker['continues']}",
            article.get("cue", {}).get("text", ""),
            article["quote"]["text"],
        )
        for article, speaker in chain(data)
    ]


@pytest.mark.parametrize(
    ("body", "speaker", "quote"),
    [
        (  # the apposition's comma, then the verb's auxiliary
            "Valeska Paris, an Australian woman, has claimed that the church held her.",
            "valeska-paris",
            "the church held her",
        ),
        (  # an opening phrase before the subject and its apposition
            "Speaking in their defence, Tom Molomby, SC, said that they should be acquitted.",
            "tom-molomby",
            "they should be acquitted",
        ),
        (  # a stray comma between the subject and its verb
            "The security firm Secunia, has said that the browser has 277 vulnerabilities.",
            "secunia",
            "the browser has 277 vulnerabilities",
        ),
        (  # a quotation of two sentences after "said,"
            "Jane Smith said, “The bridge is unsafe. Nobody should cross it.”",
            "jane-smith",
            "The bridge is unsafe. Nobody should cross it.",
        ),
        (  # an unnamed source: the authors, a poster, some individuals, a woman
            "The report's authors say iodine deficiency is a serious issue.",
            "the-reports-authors",
            "iodine deficiency is a serious issue",
        ),
        (
            "Some individuals reported that the site was unreachable.",
            "some-individuals",
            "the site was unreachable",
        ),
        (
            "A woman claims the church imprisoned her for twelve years.",
            "a-woman",
            "the church imprisoned her for twelve years",
        ),
        (  # "according to" with no comma after its source
            "According to the Works Ministry over 300 pilgrims were injured.",
            "works-ministry",
            "over 300 pilgrims were injured",
        ),
        (  # "according to" after "that": the clause after the source
            "Radio Free has learned that according to the Works Ministry, the bridge is shut.",
            "works-ministry",
            "the bridge is shut",
        ),
        (  # a role, then the person it names
            "According to the team's coach, Alireza Mehraban, the robot scored two points.",
            "alireza-mehraban",
            "the robot scored two points",
        ),
        (  # an inverted cue with an adjunct after the speaker
            "“We thank every city,” said Jane Smith to the gathered crowd.",
            "jane-smith",
            "We thank every city",
        ),
        (  # a quotation after a short phrase
            "Jane Smith spoke to the press, writing in a blog post “I have closed the bridge.”",
            "jane-smith",
            "I have closed the bridge.",
        ),
        (  # findings and rulings, with a clause
            "The researchers found that ozone caused half of the damage.",
            "the-researchers",
            "ozone caused half of the damage",
        ),
        (  # a person "for" the organisation they speak for, a comma before the verb
            "Lydia Buchtmann for Food Standards Australia New Zealand, says they are"
            " looking at guidelines.",
            "lydia-buchtmann",
            "they are looking at guidelines",
        ),
        (  # a title before the name, a particle in it, an adjunct between commas
            "Civil Defense Authority director General Suleiman al-Amr, in remarks to"
            " television, said “All the wounded have been taken to hospital.”",
            "suleiman-al-amr",
            "All the wounded have been taken to hospital.",
        ),
        (  # "writing in a blog post “…”": the whole quotation, past its first sentence
            "One poster joined the effort, writing in a blog post “It is sad. It is wrong.”",
            "one-poster",
            "It is sad. It is wrong.",
        ),
        (  # a wh-clause after "noted"
            "The Straits Times noted what began as messages had grown into a movement.",
            "straits-times",
            "what began as messages had grown into a movement",
        ),
        (  # "in the words of" a role and the person it names, a post-nominal after them
            "Her skin was raw, and in the words of the prosecutor, Mark Tedeschi, QC, “Gloria"
            " cried for months.”",
            "mark-tedeschi",
            "Gloria cried for months.",
        ),
        (  # an adjunct between commas before "that"
            "Jane Smith explained, in a satirical fashion, that the bridge was made of cheese.",
            "jane-smith",
            "the bridge was made of cheese",
        ),
        (  # "US" before a title is no "us"
            "US President Barack Obama tweeted that the clock was cool.",
            "barack-obama",
            "the clock was cool",
        ),
        (  # a statement issued, then quoted in the next sentence
            "Jane Smith, a senator from Texas, issued a statement on the decision. “I am"
            " disappointed with the ministry.”",
            "jane-smith",
            "I am disappointed with the ministry.",
        ),
        (  # a second verb after one that drafted nothing shares its subject
            "Jane Smith tweeted to the mayor and said the bridge was unsafe.",
            "jane-smith",
            "the bridge was unsafe",
        ),
    ],
)
def test_general_constructions_from_new_texts(body: str, speaker: str, quote: str) -> None:
    data = drafted(body)
    assert [(c[0], c[2]) for c in claimants(data)] == [(speaker, quote)]


@pytest.mark.parametrize(
    "body",
    [
        "Kim Min-Woo conceded a penalty which the referee awarded Sweden.",  # no admission
        "The museum in Seattle was also proposed as another location.",  # a passive, no agent
        "Jane Smith admitted to being a part of the effort.",  # no clause
        "She pointed to the table with “electric” Kool Aid and gumball “pills”.",  # scare quotes
        "Belle Image: Nick Moreau.",  # a caption's credit, no speaker's label
        "Police found the body in a field near the bridge.",  # "found" with an object
        "The Sams continued to shun conventional treatment.",  # "continued to": no report
    ],
)
def test_no_report_in_these_new_texts(body: str) -> None:
    assert claimants(drafted(body)) == []


def test_he_after_a_quotation_is_the_person_named_before_it() -> None:
    data = drafted(
        "Harry Kane won the Budweiser Man of the Match award. “We have convinced New Zealand"
        " Food that salt should be iodised,” he said."
    )
    assert claimants(data) == [
        ("harry-kane", "he said", "We have convinced New Zealand Food that salt should be iodised")
    ]


def test_a_quotation_with_its_own_cue_is_no_continuation_too() -> None:
    data = drafted(
        "Jane Smith said she was alarmed. “Women get half what they need. So that alarms me,”"
        " she said."
    )
    quotes = [c[2] for c in claimants(data)]
    assert quotes == [
        "she was alarmed",
        "Women get half what they need. So that alarms me",
    ]


def test_a_block_sentence_reporting_its_speaker_again_is_no_continuation() -> None:
    data = drafted(
        "The Works Ministry denied the allegations:\n\n"
        "She was never forced to work. They also claimed Jane was a volunteer and claim she"
        " has a grudge against the ministry."
    )
    found = {c[2]: c[1] for c in claimants(data)}
    assert found == {
        "the allegations": "denied",
        "She was never forced to work.": "",
        "Jane was a volunteer": "claimed",
        "she has a grudge against the ministry": "claim",
    }


def test_a_phrase_before_a_closing_colon_is_the_cues_and_a_quoted_paragraph_whole() -> None:
    data = drafted(
        "Jane Smith tweeted using her account:\n\n"
        "“Cool bridge, Ahmed. Want to see it? We should build more like it.”"
    )
    assert claimants(data) == [
        (
            "jane-smith",
            "tweeted using her account:",
            "Cool bridge, Ahmed. Want to see it? We should build more like it.",
        )
    ]


def test_a_quoted_paragraph_after_a_block_quotation_continues_it() -> None:
    data = drafted(
        "Jane Smith tweeted:\n\n“Cool bridge. Want to see it?”\n\n“It is what makes us great.”"
    )
    found = claimants(data)
    assert [c[2] for c in found] == ["Cool bridge. Want to see it?", "It is what makes us great."]
    assert found[1][0].startswith("continues ")


def test_an_opening_phrase_is_no_content_and_a_title_of_a_place_no_name() -> None:
    data = drafted(
        "In a statement, Governor of Washington Chris Gregoire said, “The museum put a"
        " tremendous effort into it.”"
    )
    assert claimants(data) == [
        ("chris-gregoire", "said", "The museum put a tremendous effort into it.")
    ]


def test_a_signed_pull_quote_is_the_signers() -> None:
    data = drafted(
        "Jane Smith spoke on Monday.\n\n"
        "This was a very difficult decision, made with the public in mind. Jane Smith, Minister"
    )
    assert claimants(data) == [
        ("jane-smith", "", "This was a very difficult decision, made with the public in mind.")
    ]


# -- the second round of general rules from new texts (issue 19) ----------------------


@pytest.mark.parametrize(
    "body",
    [
        # the publisher speaking of itself: the article's own voice, no one's claim
        "Wikinews reporters attended the opening. Wikinews observed the exhibit features"
        " Polaroids of Halston.",
        "Reuters has learned that the bridge was closed. Reuters observed that it was old.",
    ],
)
def test_the_publisher_speaking_of_itself_is_the_articles_own_voice(body: str) -> None:
    data = drafted(body)
    assert claimants(data) == []
    assert not any(actor["id"] in ("wikinews", "reuters") for actor in data.get("actors", []))


def test_what_the_publishers_own_voice_relays_stays_relayed() -> None:
    data = drafted(
        "Wikinews has learned that, according to the Works Ministry, the bridge is shut."
    )
    assert claimants(data) == [
        ("works-ministry", "according to the Works Ministry", "the bridge is shut")
    ]


def test_a_person_who_learned_something_is_no_publisher() -> None:
    data = drafted(
        "Jane Smith has learned that her job is gone. Jane Smith observed that it was sad."
    )
    assert [c[0] for c in claimants(data)] == ["jane-smith"]


@pytest.mark.parametrize(
    ("body", "quote", "degree", "label"),
    [
        (
            "Jane Smith said that the bridge was not safe.",
            "the bridge was not safe",
            None,
            "the bridge was safe",
        ),
        (
            "Jane Smith says the report wasn't particularly sensitive.",
            "the report wasn't particularly sensitive",
            "particularly",
            "the report was sensitive",
        ),
        (
            "“The repairs are not entirely finished,” Jane Smith said.",
            "The repairs are not entirely finished",
            "entirely",
            "The repairs are finished",
        ),
        (
            "Jane Smith said the firm did not pay its taxes.",
            "the firm did not pay its taxes",
            None,
            "the firm did pay its taxes",
        ),
    ],
)
def test_a_negated_content_is_negative_on_the_speakers_hop(
    body: str, quote: str, degree: str | None, label: str
) -> None:
    data = drafted(body)
    article, speaker = only_chain(data)
    assert article["quote"]["text"] == quote
    assert "polarity" not in article and "degree" not in article  # the article only reports
    assert speaker["act"] == "say" and speaker["polarity"] == "negative"
    assert speaker.get("degree") == degree
    event = next(e for e in data["events"] if e["id"] == speaker["asserts"][0])
    assert event["label"] == label  # what the speaker says does not hold


def test_a_limiting_degree_on_a_positive_content() -> None:
    _article, speaker = only_chain(drafted("Jane Smith said the report was largely accurate."))
    assert "polarity" not in speaker and speaker["degree"] == "largely"


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith said the minister will not resign.",  # a negated modal: a statement
        "Jane Smith said that the man who was arrested is not guilty.",  # a relative clause
        "Jane Smith said the bridge was closed and is not safe.",  # a second clause
        "Jane Smith said the guards did not notice anything in his bag.",  # not found
        "Jane Smith said the residents did not expect the closure.",  # what was not expected
    ],
)
def test_no_polarity_where_the_drafter_cannot_tell(body: str) -> None:
    _article, speaker = only_chain(drafted(body))
    assert "polarity" not in speaker and "degree" not in speaker


def test_a_relaying_hop_takes_no_polarity_nor_degree() -> None:
    data = drafted("Jane Smith said Radio Free had told her that the bridge wasn't entirely safe.")
    (article,) = article_hops(data)
    reporter, speaker = hops(data, article)
    assert reporter["act"] == "report" and "polarity" not in reporter and "degree" not in reporter
    assert speaker["polarity"] == "negative" and speaker["degree"] == "entirely"


@pytest.mark.parametrize(
    ("body", "speaker", "quote"),
    [
        (
            "She was sent to a camp, which the Works Ministry describes as a religious"
            " retreat, but critics disagree.",
            "works-ministry",
            "a religious retreat",
        ),
        (
            "Jane Smith characterized the conflict between the two groups as “another small"
            " skirmish in a war, an all-out war.”",
            "jane-smith",
            "the conflict between the two groups as “another small skirmish in a war, an"
            " all-out war.”",
        ),
        ("The bridge was branded by Jane Smith as a death trap.", "jane-smith", "a death trap"),
    ],
)
def test_a_characterisation_is_the_speakers(body: str, speaker: str, quote: str) -> None:
    data = drafted(body)
    assert [(c[0], c[2]) for c in claimants(data)] == [(speaker, quote)]


def test_a_characterisation_in_quoted_words_opens_a_block_after_its_colon() -> None:
    data = drafted(
        "The secretary general of the council, Nunzio Galantino, has called the sentence"
        " “dangerous” and “ideological”:\n\n“We face a dangerous sentence. Who takes the"
        " decisions, do it with less ideology.”"
    )
    found = claimants(data)
    assert found[0] == ("nunzio-galantino", "called", "the sentence “dangerous” and “ideological”")
    assert found[1][0].startswith("continues ") and found[1][2].startswith("We face")


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        (
            "Jane Smith, a senator from Texas, has called the decision “a disgrace”.",
            "the decision “a disgrace”",
        ),
        ("Jane Smith dubbed the bridge: “the road to nowhere”.", "the road to nowhere"),
    ],
)
def test_calling_something_in_quoted_words(body: str, quote: str) -> None:
    assert [(c[0], c[2]) for c in claimants(drafted(body))] == [("jane-smith", quote)]


@pytest.mark.parametrize(
    "body",
    [
        "The bridge was described as a death trap.",  # a passive with no agent: no one's
        "The film portrays him as a hero.",  # no speaker
    ],
)
def test_no_characterisation_without_a_speaker(body: str) -> None:
    assert claimants(drafted(body)) == []


@pytest.mark.parametrize(
    ("body", "speaker", "quote"),
    [
        (  # a document's noun heading its subject, with what modifies it after
            "PC World's recent analysis of its own web traffic concluded, “Usually, the"
            " browser is second.”",
            "pc-world",
            "Usually, the browser is second.",
        ),
        (
            "A new study documenting iodine levels in school children has revealed that many"
            " are deficient.",
            "author-of-a-new-study",
            "many are deficient",
        ),
        (  # a long subject before the apposition's comma, headed by a document
            "The results of the National Iodine Study published in the Medical Journal of"
            " Australia this week, revealed that children are deficient.",
            "author-of-the-results",
            "children are deficient",
        ),
        (  # a city speaks through its government
            "The city reasoned, “this kind of activity is a commercial one”.",
            "the-city",
            "this kind of activity is a commercial one",
        ),
        (  # a title before the name ("Administrator"), an honorific with its full stop
            "NASA Administrator Charles Bolden announced that the shuttles would move.",
            "charles-bolden",
            "the shuttles would move",
        ),
        (
            "Undersecretary for Education Mr. Toccafondi says “many schools will raise fees.”",
            "toccafondi",
            "many schools will raise fees.",
        ),
        (  # a capitalised adjective before an institution's noun
            "Greek court has ruled that worshippers may associate.",
            "greek-court",
            "worshippers may associate",
        ),
        (  # a bare title of an organisation, then the person's name
            "Executive director of the Dallas chapter of the Council on American-Islamic"
            " Relations Alia Salem said Mohamed wishes to spotlight social causes.",
            "alia-salem",
            "Mohamed wishes to spotlight social causes",
        ),
    ],
)
def test_second_round_subjects(body: str, speaker: str, quote: str) -> None:
    assert [(c[0], c[2]) for c in claimants(drafted(body))] == [(speaker, quote)]


def test_a_known_name_going_on_is_a_longer_name() -> None:
    data = drafted(
        "Greek police said that the square was closed. The Greek Police Union said that"
        " it was open."
    )
    assert [c[0] for c in claimants(data)] == ["greek-police", "the-greek-police-union"]


def test_posts_on_a_board_are_a_document_of_an_unnamed_author() -> None:
    data = drafted(
        "Posts on the message board of the critic site from Friday theorized that an attack"
        " had occurred."
    )
    assert claimants(data) == [("author-of-posts", "theorized that", "an attack had occurred")]


def test_an_elections_results_are_no_ones_report() -> None:
    assert claimants(drafted("The results show the opposition kept its majority.")) == []


def test_a_tweet_of_no_clause_is_no_report() -> None:
    assert claimants(drafted("NASA tweeted support of the boy via its account.")) == []
    assert [c[2] for c in claimants(drafted("Jane Smith tweeted the bridge was unsafe."))] == [
        "the bridge was unsafe"
    ]


def test_a_named_author_after_a_documents_noun_is_its_sender() -> None:
    data = drafted(
        "Recently published correspondence of former minister Jane Smith revealed that"
        " the bridge was sold."
    )
    assert [c[0] for c in claimants(data)] == ["jane-smith"]


def test_an_actor_of_a_cue_left_out_leaves_its_id_to_the_speaker() -> None:
    data = drafted(
        "One poster admitted to being part of the effort. One poster wrote that the site was down."
    )
    assert [c[0] for c in claimants(data)] == ["one-poster"]
    assert [a["id"] for a in data["actors"]] == ["one-poster"]


# -- denials without a denial verb (issue 19) -----------------------------------------


@pytest.mark.parametrize(
    ("body", "cue", "quote"),
    [
        ("Jane Smith called the claims baseless.", "called", "the claims baseless"),
        ("Jane Smith described the report as false.", "described", "the report as false"),
        ("Jane Smith has called it “complete nonsense”.", "called", "it “complete nonsense”"),
    ],
)
def test_calling_a_report_false_is_a_denial(body: str, cue: str, quote: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["cue"] == {"text": cue, "type": "deny"}
    assert article["quote"]["text"] == quote
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == "deny"
    assert "polarity" not in article and "act" not in article  # the article only reports


def test_a_participle_calling_a_report_false_shares_the_subject() -> None:
    data = drafted("Jane Smith denied any wrongdoing, calling the accusations baseless.")
    pairs = chain(data)
    assert [(a["cue"]["text"], a["quote"]["text"]) for a, _s in pairs] == [
        ("denied", "any wrongdoing"),
        ("calling", "the accusations baseless"),
    ]
    assert [s["act"] for _a, s in pairs] == ["deny", "deny"]
    assert pairs[1][1]["claimant"] == "jane-smith"


@pytest.mark.parametrize(
    ("body", "claimant"),
    [
        ("Jane Smith said it was untrue.", "jane-smith"),
        ("Jane Smith said there is no truth in the reports.", "jane-smith"),
        ("Jane Smith's spokesperson said the report was false.", "jane-smiths-spokesperson"),
        ("A spokesman said the story was “completely untrue”.", "a-spokesman"),
        ("“These reports are completely baseless,” Jane Smith said.", "jane-smith"),
        ("Jane Smith insisted that it's not true.", "jane-smith"),
    ],
)
def test_saying_that_a_report_is_false_is_a_denial(body: str, claimant: str) -> None:
    """The cue stays as written (a "say" cue), the act on the speaker's hop is
    a denial, negative there and never on the article's hop."""
    article, speaker = only_chain(drafted(body))
    assert article["cue"]["type"] == "say"
    assert speaker["act"] == "deny" and speaker["claimant"] == claimant
    assert "polarity" not in article and "act" not in article


def test_saying_something_true_is_not_a_denial() -> None:
    _article, speaker = only_chain(drafted("Jane Smith said the report was accurate."))
    assert speaker["act"] == "say"


# -- reporting nouns, passives, verbs with an object ------------------------------------


def test_quoted_as_saying_is_the_subjects_report() -> None:
    article, speaker = only_chain(drafted("Jane Smith was quoted as saying the bridge was unsafe."))
    assert article["cue"]["text"] == "was quoted as saying"
    assert article["quote"]["text"] == "the bridge was unsafe"
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == "say"


def test_quoted_by_someone_is_a_chain_through_them() -> None:
    """article → the local media (report) → Jane Smith (say), as PARC nests sources."""
    data = drafted("Jane Smith was quoted by the local media as saying that the bridge was unsafe.")
    (article, middle), (relaying, speaker) = chain(data)
    assert relaying is middle
    assert article["cue"]["text"] == "was quoted by the local media as saying"
    assert article["quote"]["text"] == "the bridge was unsafe"
    assert middle["act"] == "report"
    (media,) = [a for a in data["actors"] if a["id"] == middle["claimant"]]
    assert media["described_as"] == "the local media"
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == "say"


@pytest.mark.parametrize(
    ("body", "cue", "medium"),
    [
        ("Jane Smith wrote on Twitter that the bridge was unsafe.", "wrote", "social-media-post"),
        (
            "Jane Smith posted on Facebook that the bridge was unsafe.",
            "posted",
            "social-media-post",
        ),
        ("Jane Smith noted in a statement that the bridge was unsafe.", "noted", "statement"),
    ],
)
def test_a_weak_verb_a_phrase_then_that(body: str, cue: str, medium: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["cue"]["text"] == cue
    assert article["quote"]["text"] == "the bridge was unsafe"
    assert speaker["said"]["medium"] == medium


def test_the_that_of_another_verb_is_not_a_weak_verbs() -> None:
    data = drafted("Those who asked about him were told that he would be released.")
    assert not chain(data)


def test_told_an_audience_that_no_registry_names() -> None:
    data = drafted("Jane Smith told reporters on Monday that the bridge was unsafe.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "told reporters"
    assert article["quote"]["text"] == "the bridge was unsafe"
    assert speaker["said"]["when"] == "on Monday"


def test_a_name_in_apposition_after_a_title_is_the_speaker() -> None:
    data = drafted("The minister, John Doe, told Radio Free the bridge was safe.")
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "john-doe"
    assert speaker["said"]["to"] == "radio-free"


@pytest.mark.parametrize("verb", ["notes", "said", "wrote"])
def test_as_someone_says_then_the_clause(verb: str) -> None:
    article, speaker = only_chain(drafted(f"As Jane Smith {verb}, the bridge is unsafe."))
    assert article["cue"]["text"] == verb
    assert article["quote"]["text"] == "the bridge is unsafe"
    assert speaker["claimant"] == "jane-smith"


def test_as_with_a_verb_in_another_sense_is_not_a_report() -> None:
    assert not chain(drafted("As police continued, the bridge fell."))


def test_went_on_to_say() -> None:
    data = drafted("Jane Smith went on to say that the bridge was unsafe.")
    article, speaker = only_chain(data)
    assert article["quote"]["text"] == "the bridge was unsafe"
    assert speaker["claimant"] == "jane-smith"


def test_asked_before_a_quotation() -> None:
    article, _speaker = only_chain(drafted("Jane Smith asked: “Why is the bridge closed?”"))
    assert article["cue"]["text"] == "asked:"
    assert article["quote"]["text"] == "Why is the bridge closed?"


@pytest.mark.parametrize(
    ("body", "cue", "claimant"),
    [
        ("The bridge was unsafe, police said.", "police said", "police"),
        ("The bridge was unsafe, the Works Ministry said on Monday.", None, "works-ministry"),
        ("The bridge was unsafe, Radio Free reported.", "Radio Free reported", "radio-free"),
        ("The bridge was unsafe, said Jane Smith.", "said", "jane-smith"),
        ("The bridge was unsafe, said Jane Smith, who heads the agency.", "said", "jane-smith"),
    ],
)
def test_the_cue_and_its_speaker_after_the_clause(
    body: str, cue: str | None, claimant: str
) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["quote"] == {"text": "The bridge was unsafe", "mode": "indirect"}
    assert article["cue"]["text"] == (cue or "the Works Ministry said")
    assert speaker["claimant"] == claimant


@pytest.mark.parametrize(
    "body",
    [
        "The bridge, Jane Smith said, was unsafe.",
        "The bridge, Jane Smith said on Monday, was unsafe.",
    ],
)
def test_a_cue_inside_the_clause_it_reports_splits_it_in_parts(body: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["quote"] == {"parts": ["The bridge", "was unsafe"], "mode": "indirect"}
    assert article["cue"]["text"] == "Jane Smith said"
    assert speaker["claimant"] == "jane-smith"


@pytest.mark.parametrize("body", ["However, he said.", "In May, Jane Smith said, the bridge shut."])
def test_a_short_clause_before_a_cue_is_not_its_content(body: str) -> None:
    data = drafted(body)
    quoted = [a["quote"].get("text") or " … ".join(a["quote"]["parts"]) for a, _s in chain(data)]
    assert not {"However", "In May"} & set(quoted)


@pytest.mark.parametrize(
    ("headline", "act"),
    [
        ("Jane Smith says bridge is unsafe", "say"),
        ("Works Ministry denies bridge is unsafe", "deny"),
    ],
)
def test_a_headline_with_a_reporting_verb(headline: str, act: str) -> None:
    text = f"{headline}\n\n{DATELINE}\n\nThe bridge was closed.\n"
    data = yaml.safe_load(draft_text(text, name="article", registry=REGISTRY).yaml)
    article, speaker = only_chain(data)
    assert article["quote"]["text"] == "bridge is unsafe"
    assert speaker["act"] == act


def test_said_to_be_is_not_a_report() -> None:
    assert not chain(drafted("The man, said to be a lawyer, left the city."))


# -- speakers across sentences ------------------------------------------------------------


def test_he_after_a_quotation_is_the_last_person_named() -> None:
    data = drafted("John Doe met the press in New York. “The bridge is safe,” he said.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "he said"
    assert speaker["claimant"] == "john-doe"


def test_he_said_is_the_person_named_last_not_the_first_speaker() -> None:
    data = drafted(
        "Jane Smith said that the bridge was unsafe.\n\n"
        "Later, John Doe, a local resident, disagreed. He said the bridge was fine."
    )
    assert [s["claimant"] for _a, s in chain(data)] == ["jane-smith", "john-doe"]


def test_a_cue_sentence_after_a_quotation_that_ends_with_a_full_stop() -> None:
    article, speaker = only_chain(drafted("“The bridge is unsafe.” Jane Smith said."))
    assert article["quote"]["text"] == "The bridge is unsafe."
    assert speaker["claimant"] == "jane-smith"


@pytest.mark.parametrize("cue", ["Jane Smith said", "said Jane Smith"])
def test_a_quotation_split_by_its_cue_is_one_hop_in_parts(cue: str) -> None:
    article, speaker = only_chain(
        drafted(f"“We will not resign,” {cue}, “whatever the vote says.”")
    )
    assert article["quote"] == {
        "parts": ["We will not resign", "whatever the vote says."],
        "mode": "direct",
    }
    assert speaker["claimant"] == "jane-smith"


def test_a_handle_in_brackets_and_a_post_quoted_as_a_block() -> None:
    data = drafted("Jane Roe (@janeroe) tweeted:\n\nThe bridge is closed again.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "tweeted:"
    assert speaker["said"]["medium"] == "social-media-post"
    assert [a["names"] for a in data["actors"] if a["id"] == speaker["claimant"]] == [["Jane Roe"]]


@pytest.mark.parametrize("gap", [" ", "\n\n"])
def test_an_embedded_posts_attribution_line(gap: str) -> None:
    data = drafted(
        "The bridge is closed again. Shame on the ministry! pic.twitter.com/xyz"
        f"{gap}— Jane Roe (@janeroe) May 5, 2012"
    )
    article, speaker = only_chain(data)
    assert "cue" not in article
    assert article["quote"]["text"] == "The bridge is closed again. Shame on the ministry!"
    assert speaker["said"] == {"when": "May 5, 2012", "medium": "social-media-post"}


# -- posts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "role"),
    [
        ("Works Ministry spokeswoman John Doe said the bridge was unsafe.", "spokeswoman"),
        ("The Works Ministry's chief engineer John Doe said it was unsafe.", "chief engineer"),
        ("John Doe, a spokesman for the Works Ministry, said the bridge was unsafe.", "spokesman"),
        ("“It is unsafe,” John Doe, a spokesman for the Works Ministry, said.", "spokesman"),
        ("“It is unsafe,” said John Doe, spokesman for the Works Ministry.", "spokesman"),
    ],
)
def test_a_title_with_its_organisation_is_the_speakers_post(body: str, role: str) -> None:
    """The person speaks, not the organisation named before or after the name,
    and the hop is in the post (``as``) that the title and organisation make."""
    data = drafted(body)
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "john-doe"
    (post,) = data["posts"]
    assert speaker["as"] == post["id"]
    assert {k: post[k] for k in ("role", "of", "holder")} == {
        "role": role,
        "of": "works-ministry",
        "holder": "john-doe",
    }


@pytest.mark.parametrize(
    "body",
    [
        "Foreign Minister John Doe said the bridge was unsafe.",  # of what: not said
        "Radio Free's John Doe said the bridge was unsafe.",  # no title
        "John Doe, a spokesman for the ministry, said the bridge was unsafe.",  # unknown ministry
    ],
)
def test_no_post_without_a_title_and_a_known_organisation(body: str) -> None:
    data = drafted(body)
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "john-doe" and "as" not in speaker
    assert "posts" not in data


# -- denials by the speaker, quotations in single marks, quotations running on -----------


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith said she had never seen the letter.",
        "Jane Smith said she didn't order the closure.",
        "Jane Smith said she had nothing to do with the fire.",
        "Jane Smith said she was not involved in the decision.",
        "“We did not close the bridge,” Jane Smith said.",
        "“I never saw the letter,” said Jane Smith.",
    ],
)
def test_a_speaker_saying_they_did_not_do_it_is_a_denial(body: str) -> None:
    data = drafted(body)
    article, speaker = only_chain(data)
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == "deny"
    assert article.get("act", "say") != "deny" and "claimant" not in article
    (event,) = data["events"]
    assert event["status"] == "denied"


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith said the bridge would not open until May.",  # a negated future
        "Jane Smith said she would not resign.",
        "Jane Smith said she was not happy with the repairs.",
        "Jane Smith said they did not notice anything unusual.",  # what was not found
        "Jane Smith said she has not yet decided.",
    ],
)
def test_a_negated_statement_is_not_a_denial(body: str) -> None:
    _article, speaker = only_chain(drafted(body))
    assert speaker["act"] == "say"


@pytest.mark.parametrize(
    ("body", "quote", "cue"),
    [
        ("‘The bridge is unsafe,’ Jane Smith said.", "The bridge is unsafe", "Jane Smith said"),
        ("'We don't know who did it,' said Jane Smith.", "We don't know who did it", "said"),
        (
            "Jane Smith said: ‘The workers' bridge is unsafe.’",
            "The workers' bridge is unsafe.",
            "said:",
        ),
        ("‘He said “never”,’ Jane Smith said.", "He said “never”", "Jane Smith said"),
    ],
)
def test_a_quotation_in_single_marks(body: str, quote: str, cue: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["quote"] == {"text": quote, "mode": "direct"}
    assert article["cue"]["text"] == cue
    assert speaker["claimant"] == "jane-smith"


def test_apostrophes_are_not_quotation_marks() -> None:
    data = drafted("Jane Smith said the workers' union didn't want the bridge closed.")
    article, _speaker = only_chain(data)
    assert article["quote"] == {
        "text": "the workers' union didn't want the bridge closed",
        "mode": "indirect",
    }


def test_a_quotation_split_by_its_cue_in_single_marks() -> None:
    article, _speaker = only_chain(
        drafted("‘We will not resign,’ Jane Smith said, ‘whatever the vote says.’")
    )
    assert article["quote"]["parts"] == ["We will not resign", "whatever the vote says."]


@pytest.mark.parametrize(("opening", "closing"), [("“", "”"), ("‘", "’")])
def test_a_quotation_running_over_paragraphs_and_after_its_cue(opening: str, closing: str) -> None:
    """The cue sentence, then more of the speaker's words in the same paragraph,
    opening a quotation that runs on (its mark repeated at the start of the next
    paragraph, not closed before it): all the speaker's."""
    o, c = opening, closing
    data = drafted(
        f"{o}The bridge is unsafe,{c} Jane Smith said. {o}It will close. Nobody knows when."
        f"\n\n{o}Nobody should cross it.{c}\n\nThe council met on Monday."
    )
    pairs = chain(data)
    assert [p[0]["quote"]["text"] for p in pairs] == [
        "The bridge is unsafe",
        "It will close. Nobody knows when.",
        "Nobody should cross it.",
    ]
    first = pairs[0][1]
    assert first["claimant"] == "jane-smith"
    assert all(p[1]["continues"] == first["id"] for p in pairs[1:])


def test_a_quoted_sentence_after_an_indirect_report_in_its_paragraph() -> None:
    pairs = chain(drafted("Jane Smith said the bridge was unsafe. “Nobody should cross it.”"))
    assert len(pairs) == 2
    assert pairs[1][0]["quote"]["text"] == "Nobody should cross it."
    assert pairs[1][1]["continues"] == pairs[0][1]["id"]


@pytest.mark.parametrize(
    ("body", "denier"),
    [
        (
            "Jane Smith said the bridge was unsafe, a claim the Works Ministry denies.",
            "works-ministry",
        ),
        (
            "Jane Smith said the bridge was unsafe, an allegation that Radio Free has rejected.",
            "radio-free",
        ),
    ],
)
def test_a_claim_that_someone_denies(body: str, denier: str) -> None:
    (said, denied) = chain(drafted(body))
    assert said[0]["quote"]["text"] == denied[0]["quote"]["text"] == "the bridge was unsafe"
    assert said[1]["claimant"] == "jane-smith" and said[1]["act"] == "say"
    assert denied[1]["claimant"] == denier and denied[1]["act"] == "deny"
    assert "act" not in denied[0]  # the article's hop is not the denial


@pytest.mark.parametrize(
    ("body", "speaker"),
    [
        ("The church has denied the allegations.", "The church"),
        (
            "A spokesperson for the church denied the allegations, calling them “lies”.",
            "A spokesperson for the church",
        ),
    ],
)
def test_an_institution_or_its_spokesperson_denies(body: str, speaker: str) -> None:
    data = drafted(body)
    article, hop = only_chain(data)  # one denial, not a second for "calling them lies"
    assert article["cue"]["text"] == "denied" and hop["act"] == "deny"
    (actor,) = [a for a in data["actors"] if a["id"] == hop["claimant"]]
    assert speaker in (actor.get("described_as"), *actor.get("names", []))


# -- nested sources -------------------------------------------------------------------------


def test_a_report_inside_a_speakers_words_is_relayed_by_them() -> None:
    data = drafted("Jane Smith said John Doe had told her that the bridge was unsafe.")
    (article,) = article_hops(data)
    assert article["cue"]["text"] == "said"
    assert article["quote"]["text"] == "John Doe had told her that the bridge was unsafe"
    smith, doe = hops(data, article)
    assert smith["claimant"] == "jane-smith" and smith["act"] == "report"
    assert smith["cue"]["text"] == "told her that" and "asserts" not in smith
    assert doe["claimant"] == "john-doe" and doe["act"] == "say"
    assert doe["said"]["to"] == "jane-smith"  # "told her": the speaker who reports it


def test_according_to_a_report_then_a_speaker() -> None:
    data = drafted("According to a report by Radio Free, officials said the bridge was unsafe.")
    (article,) = article_hops(data)
    assert article["cue"]["text"] == "According to a report by Radio Free"
    radio, officials = hops(data, article)
    assert radio["claimant"] == "radio-free" and radio["act"] == "report"
    assert radio["cue"]["text"] == "said"
    (actor,) = [a for a in data["actors"] if a["id"] == officials["claimant"]]
    assert actor["kind"] == "anonymous-source" and officials["act"] == "say"


def test_a_speakers_report_then_according_to_an_outlet() -> None:
    data = drafted("John Doe said the bridge was unsafe, according to Radio Free.")
    (article,) = article_hops(data)
    assert article["cue"]["text"] == "according to Radio Free"
    assert article["quote"]["text"] == "John Doe said the bridge was unsafe"
    radio, doe = hops(data, article)
    assert radio["claimant"] == "radio-free" and radio["act"] == "report"
    assert radio["cue"]["text"] == "said" and doe["claimant"] == "john-doe"


def test_a_quoted_sentence_citing_a_source_is_a_cite_hop() -> None:
    data = drafted(
        "Jane Smith said:\n\nWe are angry. According to Radio Free, repairs will take a year."
    )
    article = next(
        c for c in data["claims"] if c.get("quote", {}).get("text", "").startswith("Acc")
    )
    smith, radio = hops(data, article)
    assert smith["act"] == "cite" and smith["cue"]["text"] == "According to Radio Free"
    assert radio["claimant"] == "radio-free"


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith rejected the account, saying the bridge was safe.",
        "Jane Smith disputed the account and said the bridge was safe.",
    ],
)
def test_a_denial_then_a_second_cue_of_the_same_speaker(body: str) -> None:
    (deny, say) = chain(drafted(body))
    assert deny[0]["quote"]["text"] == "the account" and deny[1]["act"] == "deny"
    assert say[0]["quote"]["text"] == "the bridge was safe" and say[1]["act"] == "say"
    assert say[1]["claimant"] == deny[1]["claimant"] == "jane-smith"


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith said the bridge was unsafe, citing a report by Radio Free.",
        "Citing a report by Radio Free, Jane Smith said the bridge was unsafe.",
        "Jane Smith, quoting Radio Free, said the bridge was unsafe.",
    ],
)
def test_citing_a_source_makes_the_speaker_relay_it(body: str) -> None:
    data = drafted(body)
    (article,) = article_hops(data)
    assert article["cue"]["text"] == "said"
    assert article["quote"]["text"] == "the bridge was unsafe"
    smith, radio = hops(data, article)
    assert smith["claimant"] == "jane-smith" and smith["act"] == "cite"
    assert smith["cue"]["text"].lower().startswith(("citing", "quoting"))
    assert radio["claimant"] == "radio-free" and radio["act"] == "say"


# -- interviews, transcripts, passive reports ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "In an interview with Radio Free, Jane Smith said the bridge was unsafe.",
        "Jane Smith said in an interview with Radio Free that the bridge was unsafe.",
    ],
)
def test_in_an_interview_with_an_outlet(body: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["quote"]["text"] == "the bridge was unsafe"
    assert speaker["said"] == {"medium": "interview", "to": "radio-free"}


@pytest.mark.parametrize("opening", ["Speaking to Radio Free", "In an e-mail to Radio Free"])
def test_speaking_or_writing_to_an_outlet(opening: str) -> None:
    _article, speaker = only_chain(drafted(f"{opening}, Jane Smith said the bridge was unsafe."))
    assert speaker["said"] == {"medium": "statement", "to": "radio-free"}


@pytest.mark.parametrize(
    ("body", "cue", "act"),
    [
        ("Jane Smith believes the bridge is unsafe.", "believes", "claim"),
        ("Jane Smith added it was unsafe.", "added", "say"),
        ("But Jane Smith disagreed, saying the bridge was unsafe.", "saying", "say"),
    ],
)
def test_a_clause_without_that_and_a_participle_after_a_clause(
    body: str, cue: str, act: str
) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["cue"]["text"] == cue and speaker["act"] == act
    assert article["quote"]["text"] in (
        "the bridge is unsafe",
        "it was unsafe",
        "the bridge was unsafe",
    )
    assert speaker["claimant"] == "jane-smith"


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith wrote the book.",
        "Jane Smith noted the bridge's age.",
        "The bridge shut, saying so.",
    ],
)
def test_a_weak_verb_with_an_object_is_not_a_report(body: str) -> None:
    assert chain(drafted(body)) == []


def test_a_transcript_with_speaker_labels() -> None:
    pairs = chain(drafted("JANE SMITH: The bridge is unsafe.\n\nJohn Doe: “It is not.”"))
    assert [(p[0]["cue"]["text"], p[0]["quote"]["text"], p[1]["claimant"]) for p in pairs] == [
        ("JANE SMITH:", "The bridge is unsafe.", "jane-smith"),
        ("John Doe:", "It is not.", "john-doe"),
    ]
    assert all(p[0]["quote"]["mode"] == "direct" for p in pairs)


def test_a_q_and_a_answers_are_the_interviewees_questions_are_not_drafted() -> None:
    data = drafted(
        "In an interview with Radio Free, John Doe said the bridge was old.\n\n"
        "Q: Is the bridge safe?\n\nA: No. Nobody should cross it."
    )
    said, answer = chain(data)
    assert answer[0]["cue"]["text"] == "A:"
    assert answer[0]["quote"]["text"] == "No. Nobody should cross it."
    assert answer[1]["claimant"] == said[1]["claimant"] == "john-doe"
    assert all("Is the bridge safe" not in p[0]["quote"]["text"] for p in chain(data))


def test_an_outlets_question_in_an_interview_is_not_drafted() -> None:
    pairs = chain(drafted("Radio Free: What happened to the bridge?\n\nJane Smith: It fell."))
    assert [(p[0]["cue"]["text"], p[1]["claimant"]) for p in pairs] == [
        ("Jane Smith:", "jane-smith")
    ]


def test_a_headline_kicker_naming_a_person_is_their_words() -> None:
    text = "Jane Smith: Bridge is unsafe\n\nThe council met on Monday.\n"
    data = yaml.safe_load(draft_text(text, name="article", registry=REGISTRY).yaml)
    article, speaker = only_chain(data)
    assert article["cue"] == {"text": "Jane Smith:", "type": "headline"}
    assert article["quote"]["text"] == "Bridge is unsafe" and speaker["claimant"] == "jane-smith"


@pytest.mark.parametrize(
    "body",
    [
        "Update: The bridge reopened on Monday.",  # a note, not a speaker
        "Egypt: The bridge reopened on Monday.",  # a place
        "Foreign Minister: The bridge reopened on Monday.",  # a title alone
        "Photo: The bridge on Monday, by Jane Smith.",
    ],
)
def test_a_label_that_is_not_a_speaker(body: str) -> None:
    assert chain(drafted(body)) == []


def test_it_was_reported_that_is_the_articles_hedge() -> None:
    (claim,) = drafted("It was reported that the bridge was unsafe.")["claims"]
    assert claim["cue"]["text"] == "It was reported that" and "relays" not in claim
    assert claim["act"] == "allege" and claim["certainty"] == "possible"
    assert claim["quote"] == {"text": "the bridge was unsafe", "mode": "indirect"}


def test_accused_by_someone_of_something() -> None:
    data = drafted("The minister was accused by Jane Smith of lying about the bridge.")
    article, speaker = only_chain(data)
    assert article["cue"]["text"] == "accused by Jane Smith"
    assert article["quote"]["parts"] == ["The minister", "lying about the bridge"]
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == "accuse"


def test_accused_of_something_by_no_one_named_is_the_articles_hedge() -> None:
    (claim,) = drafted("The minister has been accused of lying about the bridge.")["claims"]
    assert claim["cue"]["text"] == "has been accused" and claim["act"] == "allege"
    assert claim["quote"]["parts"] == ["The minister", "lying about the bridge"]


@pytest.mark.parametrize(
    ("body", "cue", "quote", "act"),
    [
        (
            "Jane Smith called for the bridge to be closed.",
            "called for",
            "the bridge to be closed",
            "demand",
        ),
        (
            "Jane Smith asked whether the bridge was safe.",
            "asked",
            "whether the bridge was safe",
            "ask",  # a question that takes nothing as given
        ),
        (
            "Jane Smith told reporters the bridge was safe.",
            "told reporters",
            "the bridge was safe",
            "say",
        ),
    ],
)
def test_more_reporting_verbs(body: str, cue: str, quote: str, act: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert (article["cue"]["text"], article["quote"]["text"]) == (cue, quote)
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == act


@pytest.mark.parametrize(
    ("body", "cue", "quote", "claimant"),
    [
        (
            "Members of the council believe the ministry ignored the warnings.",
            "believe",
            "the ministry ignored the warnings",
            "members-of-the-council",
        ),
        ("Jane Smith thinks the bridge collapsed.", "thinks", "the bridge collapsed", "jane-smith"),
        ("Some consider the bridge to be unsafe.", "consider", "the bridge to be unsafe", "some"),
        (
            "The council met in what many consider to be a scandal.",
            "consider",
            "a scandal",
            "many",
        ),
        ("Others argue that the bridge is unsafe.", "argue that", "the bridge is unsafe", "others"),
    ],
)
def test_a_stance_verb_is_a_claim(body: str, cue: str, quote: str, claimant: str) -> None:
    """Cognition and stance verbs ("believe", "think", "consider X (to be)"),
    with or without "that", are cues of a claim; "some", "many", "others" speak."""
    article, speaker = only_chain(drafted(body))
    assert (article["cue"]["text"], article["quote"]["text"]) == (cue, quote)
    assert speaker["claimant"] == claimant and speaker["act"] == "claim"
    assert speaker.get("polarity", "positive") == "positive"


@pytest.mark.parametrize(
    "body",
    [
        "Jane Smith rejected the offer.",
        "Members believe the deputies contradict the values of the party.",
        "Jane Smith disputed the territory with her neighbours.",
        "Jane Smith considered the offer.",
        "Jane Smith believes the reported figures.",
    ],
)
def test_a_denial_verb_with_an_object_that_was_not_said_is_no_denial(body: str) -> None:
    data = drafted(body)
    assert all(c.get("act") != "deny" for c in data["claims"]), data["claims"]
    assert all(
        c.get("cue", {}).get("text") not in ("rejected", "contradict", "disputed", "considered")
        for c in data["claims"]
    )


@pytest.mark.parametrize(
    ("body", "quote"),
    [
        ("Jane Smith rejected the claims about the bridge.", "the claims about the bridge"),
        ("Jane Smith disputed the ministry's account.", "the ministry's account"),
    ],
)
def test_a_denial_verb_with_something_said_as_its_object(body: str, quote: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["quote"]["text"] == quote
    assert speaker["act"] == "deny" and speaker.get("polarity", "negative") == "negative"
    assert "polarity" not in article  # never on the article's hop


@pytest.mark.parametrize(
    ("body", "cue", "act"),
    [
        (
            "Jane Smith expressed concern that the bridge was unsafe.",
            "expressed concern that",
            "warn",
        ),
        ("Jane Smith voiced the hope that the bridge was safe.", "voiced the hope that", "say"),
        (
            "Jane Smith expressed the belief that the bridge was safe.",
            "expressed the belief that",
            "claim",
        ),
    ],
)
def test_a_stance_expressed_by_a_noun(body: str, cue: str, act: str) -> None:
    article, speaker = only_chain(drafted(body))
    assert article["cue"]["text"] == cue and article["quote"]["text"].startswith("the bridge was")
    assert speaker["claimant"] == "jane-smith" and speaker["act"] == act


def test_a_role_speaks_as_the_person_named_with_it_or_as_an_unnamed_source() -> None:
    data = drafted(
        "Foreign Minister Jane Smith said the bridge was unsafe. "
        "The minister added that it would close."
    )
    assert [p[1]["claimant"] for p in chain(data)] == ["jane-smith", "jane-smith"]
    data = drafted("The mayor said that the bridge was unsafe.")
    _article, speaker = only_chain(data)
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["kind"] == "anonymous-source" and actor["described_as"] == "The mayor"


@pytest.mark.parametrize(
    "body",
    [
        "A statement from the Works Ministry said the bridge was unsafe.",
        "The Works Ministry issued a statement saying the bridge was unsafe.",
    ],
)
def test_a_statement_from_someone_is_their_statement(body: str) -> None:
    data = drafted(body)
    _article, speaker = only_chain(data)
    assert speaker["claimant"] == "works-ministry"
    (document,) = data["documents"]  # the statement, the ministry's
    assert speaker["document"] == document["id"]


def test_a_quoted_passage_of_several_sentences_is_said() -> None:
    """The act of quoted words without a cue comes from their form only for one
    sentence: a passage with a "should" in it is not a recommendation."""
    data = drafted(
        "Radio Free is also concerned.\n\nI am afraid for the bridge. The council should act."
    )
    _article, speaker = only_chain(data)
    assert speaker["act"] == "say"


@pytest.mark.parametrize(
    ("body", "cue", "to"),
    [
        (
            "The bridge is old, Jane Smith told Radio Free.",
            "Jane Smith told Radio Free",
            "radio-free",
        ),
        ("The bridge is old, Jane Smith told reporters.", "Jane Smith told reporters", None),
    ],
)
def test_told_someone_after_the_clause(body: str, cue: str, to: str | None) -> None:
    article, speaker = only_chain(drafted(body))
    assert (article["cue"]["text"], article["quote"]["text"]) == (cue, "The bridge is old")
    assert speaker["claimant"] == "jane-smith"
    assert speaker.get("said", {}).get("to") == to


@pytest.mark.parametrize(
    ("body", "quote", "described"),
    [
        ("Party members said the bridge was old.", "the bridge was old", "Party members"),
        ("Students, who say the bridge is old, protested.", "the bridge is old", "Students"),
        (
            "Other members, who believe the council ignored them, left.",
            "the council ignored them",
            "Other members",
        ),
    ],
)
def test_a_group_speaks_unnamed_and_a_relative_clause_ends_at_its_comma(
    body: str, quote: str, described: str
) -> None:
    data = drafted(body)
    article, speaker = only_chain(data)
    assert article["quote"]["text"] == quote
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["kind"] == "anonymous-source" and actor["described_as"] == described


def test_quoting_someone_as_saying_is_a_chain_through_the_quoter() -> None:
    data = drafted("Radio Free quoted Jane Smith as saying the bridge was old.")
    ((article, radio), (_same, smith)) = chain(data)
    assert article["cue"]["text"] == "quoted" and article["quote"]["text"] == "the bridge was old"
    assert radio["claimant"] == "radio-free" and radio["act"] == "cite"
    assert smith["claimant"] == "jane-smith" and smith["act"] == "say"
    assert radio["cue"]["text"] == "as saying"  # Radio Free's hop carries the inner cue


@pytest.mark.parametrize(
    "intro", ["Radio Free re-posts a comment by a reader:", "Radio Free quoted one of its readers:"]
)
def test_who_quotes_or_re_posts_cites_and_goes_on_citing(intro: str) -> None:
    """Words another relays are cited (act cite), the sentences after them too,
    even a question (its form would make it a suggestion)."""
    data = drafted(f"{intro}\n\nThe bridge is old. Who will pay for it?")
    pairs = chain(data)
    assert [p[0]["quote"]["text"] for p in pairs] == ["The bridge is old.", "Who will pay for it?"]
    assert [p[1]["act"] for p in pairs] == ["cite", "cite"]
    assert pairs[0][1]["claimant"] == "radio-free"


def test_calling_on_after_a_report_shares_its_speaker() -> None:
    said, called = chain(drafted("Jane Smith said it was unsafe, calling on the council to act."))
    assert said[0]["quote"]["text"] == "it was unsafe"
    assert called[0]["cue"]["text"] == "calling on" and called[1]["act"] == "demand"
    assert called[0]["quote"]["text"] == "the council to act"
    assert called[1]["claimant"] == said[1]["claimant"] == "jane-smith"


def test_a_person_described_by_their_relation_to_someone_named() -> None:
    data = drafted("Jane Smith's lawyer said the bridge was unsafe.")
    _article, speaker = only_chain(data)
    (actor,) = [a for a in data["actors"] if a["id"] == speaker["claimant"]]
    assert actor["kind"] == "anonymous-source"
    assert actor["described_as"] == "Jane Smith's lawyer"


# -- the publisher -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "publisher"),
    [
        ("LONDON (Reuters) - Jane Smith said the bridge was unsafe.", "reuters"),
        ("PARIS (Radio Free) — Jane Smith said the bridge was unsafe.", "radio-free"),
        (
            "Jane Smith said the bridge was unsafe.\n\n"
            "This story originally appeared on Global Voices.",
            "global-voices",
        ),
        ("Jane Smith said it (the bridge) - was unsafe.", "unknown"),
    ],
)
def test_the_publisher_where_the_text_says_it(body: str, publisher: str) -> None:
    data = drafted(body)
    assert data["article"]["publisher"] == publisher
    if publisher not in ("unknown", "radio-free"):  # a registry actor is not redefined
        (actor,) = [a for a in data["actors"] if a["id"] == publisher]
        assert actor["kind"] == "organisation"


def drafted_article_validates(tmp_path: Path, body: str) -> None:
    """``body`` drafted by `claimgraph draft` into a corpus with REGISTRY beside
    it passes `claimgraph validate`."""
    (tmp_path / "registry.yaml").write_text(
        yaml.safe_dump(REGISTRY.model_dump(mode="json", exclude_none=True, by_alias=True)),
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text(f"Bridge closed\n\n{DATELINE}\n\n{body}", "utf-8")
    result = CliRunner().invoke(main, ["draft", str(tmp_path / "a.txt")])
    assert result.exit_code == 0, result.stderr
    status, output = _validate(tmp_path)
    assert status == 0, output


def test_the_new_constructions_draft_an_article_that_validates(tmp_path: Path) -> None:
    body = (
        "LONDON (Reuters) - Jane Smith called the claims baseless.\n\n"
        "“We will not resign,” Jane Smith said, “whatever the vote says.”\n\n"
        "A spokesman said the story was “completely untrue”.\n\n"
        "John Doe was quoted by the local media as saying that the bridge was unsafe.\n\n"
        "The bridge is closed again. pic.twitter.com/xyz — Jane Roe (@janeroe) May 5, 2012\n\n"
        "John Doe, a spokesman for the Works Ministry, said the bridge was unsafe.\n\n"
        "The bridge, police said, was unsafe.\n\n"
        "Jane Smith said she had never seen the letter.\n\n"
        "‘The bridge is unsafe,’ Jane Smith said. ‘It will close.\n\n‘Nobody knows when.’\n\n"
        "Jane Smith said John Doe had told her that the bridge was unsafe.\n\n"
        "According to a report by Radio Free, officials said the bridge was unsafe.\n\n"
        "Citing a report by Radio Free, Jane Smith said the bridge was unsafe.\n\n"
        "In an interview with Radio Free, John Doe said the bridge was old.\n\n"
        "Q: Is the bridge safe?\n\nA: No. Nobody should cross it.\n\n"
        "JANE SMITH: The bridge is unsafe.\n\n"
        "It was reported that the bridge was unsafe.\n\n"
        "The minister was accused by Jane Smith of lying about the bridge.\n\n"
        "The minister has been accused of lying about the bridge.\n\n"
        "Jane Smith's lawyer called for the bridge to be closed.\n"
    )
    drafted_article_validates(tmp_path, body)


# -- drafts validate -------------------------------------------------------------------


def _validate(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", str(folder)])
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.slow
def test_a_drafted_seed_article_marked_reviewed_validates(tmp_path: Path) -> None:
    """Every seed text drafted into a corpus of its own (the registry beside it),
    then marked reviewed without any other change, passes validate."""
    shutil.copy(SEEDS / "registry.yaml", tmp_path)
    for text in sorted(SEEDS.glob("*.txt")):
        shutil.copy(text, tmp_path)
    result = CliRunner().invoke(main, ["draft", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    for annotation in tmp_path.glob("*.yaml"):
        if annotation.name == "registry.yaml":
            continue
        content = annotation.read_text(encoding="utf-8")
        assert "status: draft" in content
        annotation.write_text(content.replace("status: draft", "status: reviewed"), "utf-8")
    _status, output = _validate(tmp_path)
    # The registry's own alleged propositions rest on the hand annotations left out
    # here: only violations located in the drafted files would be the drafter's.
    # Warnings (a time expression left without a date) are the reviewer's to read, not
    # violations.
    drafted_lines = [
        line
        for line in output.splitlines()
        if ".yaml:" in line and "registry.yaml" not in line and ": warning:" not in line
    ]
    assert drafted_lines == [], output


# -- hostile texts ------------------------------------------------------------------


def test_a_text_without_sentences_gives_a_valid_start(tmp_path: Path) -> None:
    data = drafted("")
    (claim,) = data["claims"]
    assert claim["quote"]["text"] == "Bridge closed"


@pytest.mark.parametrize("text", ["", "   \n\n  \n", "…\n\n“”"])
def test_a_text_with_no_headline_is_refused(text: str) -> None:
    with pytest.raises(ClaimgraphError, match="no headline"):
        draft_text(text, name="article")


def test_nul_bytes_are_refused_with_the_file_named(tmp_path: Path) -> None:
    text = tmp_path / "article.txt"
    text.write_bytes(b"Headline\n\nJane said\x00 that it was.\n")
    result = CliRunner().invoke(main, ["draft", str(text)])
    assert result.exit_code != 0
    assert "article.txt" in result.stderr
    assert not (tmp_path / "article.yaml").exists()


@pytest.mark.parametrize(
    "phrase",
    [
        "jane said the bridge ",  # no full stop, a cue every 4 words
        "according to Jones and ",  # contents that overlap themselves, repeated
        "“a,” he said. ",  # a quotation per sentence
        "Officials said.\n",  # an unnamed source per line, one paragraph
        "Smith said that it rained, ",  # that-clauses running on without end
        "“a.” He said. ",  # a pronoun after each quotation, no name to resolve it
        "Jo Bo called the claims baseless, calling them lies, ",  # denials by characterising
        "— Jo Bo (@jobo) May 5, 2012\n",  # an embedded post's attribution line per paragraph
        "it rained on the bridge, police said, ",  # clauses with the cue after them, no stop
        "JO BO: the bridge is unsafe\n",  # a transcript's label per paragraph
        "‘a,’ he said. 'b' ",  # quotations in single marks
        "Jo Bo said Al Ba had told him that ",  # reports nested in reports, without end
        "it was reported that Jo Bo was accused by Al Ba of lying, ",  # passive reports
        "Jo Bo said she had never seen it, ",  # denials by the speaker
        "Jo Bo called for a vote, calling on Al Ba to act, ",  # demands
        "But Jo Bo disagreed, saying it was so, ",  # participles after a clause
        "some consider the men to be ",  # stances without a stop
        "they believe the men contradict the rest ",  # clauses without "that"
        "Jo Bo rejected the offer of ",  # denial verbs with objects
        "Jo Bo wrote:\n\nwe are here\n\nwhy?\n\n",  # block quotations over paragraphs
        "the minister expressed concern that ",  # stances by a noun, roles as speakers
        "Jo Bo quoted Al Ba as saying ",  # quoting someone, actively
        "it rained, Jo Bo told reporters. ",  # the cue and its addressee after the clause
        "Writes Jo Bo:\n\nOn her blog, Jo Bo explains why:\n\n",  # colons closing paragraphs
    ],
)
def test_a_megabyte_of_one_phrase_ends(phrase: str) -> None:
    """Degenerate texts of 1 MB draft in seconds (no rule reads the text again
    per verb, per quotation or per repetition); the bound here only catches a hang."""
    body = phrase * (1_000_000 // len(phrase))
    started = time.monotonic()
    data = drafted(body)
    assert time.monotonic() - started < 120
    assert data["claims"]


def test_unbalanced_quotation_marks_and_mixed_scripts() -> None:
    data = drafted(
        "“Открытое письмо, Jane Smith said that «the bridge» was unsafe.\n\n"
        '« 橋は危険だ ” said Jane Smith.\n\n""" " “ ”'
    )
    assert data["claims"]


# -- files ------------------------------------------------------------------------------


def test_draft_never_overwrites_an_annotation_without_force(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Bridge closed\n\nJane Smith said that it was unsafe.\n", "utf-8")
    annotation = tmp_path / "a.yaml"
    annotation.write_text("hand: annotation\n", "utf-8")
    result = CliRunner().invoke(main, ["draft", str(text)])
    assert result.exit_code == 2
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert annotation.read_text("utf-8") == "hand: annotation\n"
    # A folder drafts only the texts without an annotation.
    (tmp_path / "b.txt").write_text("Other\n\nJane Smith said that it was closed.\n", "utf-8")
    result = CliRunner().invoke(main, ["draft", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert annotation.read_text("utf-8") == "hand: annotation\n"
    assert "status: draft" in (tmp_path / "b.yaml").read_text("utf-8")
    result = CliRunner().invoke(main, ["draft", "--force", str(text)])
    assert result.exit_code == 0
    assert "status: draft" in annotation.read_text("utf-8")


def test_draft_refuses_what_is_not_a_text_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["draft", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0 and "missing.txt" in result.stderr
    other = tmp_path / "notes.md"
    other.write_text("x", "utf-8")
    result = CliRunner().invoke(main, ["draft", str(other)])
    assert result.exit_code != 0 and "notes.md" in result.stderr


def test_one_refusal_and_nothing_is_drafted(tmp_path: Path) -> None:
    """Texts given together: one that would replace an annotation stops the run
    before any draft is written, the others' included."""
    first = tmp_path / "a.txt"
    first.write_text("Bridge closed\n\nJane Smith said that it was unsafe.\n", "utf-8")
    second = tmp_path / "b.txt"
    second.write_text("Other\n\nJane Smith said that it was closed.\n", "utf-8")
    (tmp_path / "b.yaml").write_text("hand: annotation\n", "utf-8")
    result = CliRunner().invoke(main, ["draft", str(first), str(second)])
    assert result.exit_code == 2
    assert "b.yaml" in result.stderr and "already exists" in result.stderr
    assert not (tmp_path / "a.yaml").exists()
    assert (tmp_path / "b.yaml").read_text("utf-8") == "hand: annotation\n"


def test_a_text_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = tmp_path / "a.txt"
    text.write_text("Bridge closed\n\n" + "Jane Smith said that it was unsafe. " * 100, "utf-8")
    monkeypatch.setenv("CLAIMGRAPH_MAX_TEXT_BYTES", "1000")
    result = CliRunner().invoke(main, ["draft", str(text)])
    assert result.exit_code == 2
    assert "a.txt" in result.stderr
    assert not (tmp_path / "a.yaml").exists()
