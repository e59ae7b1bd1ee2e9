"""The seed article's mapping covers every item of the checklist in
shared/design/modelling.md. Each test asks the data, by SPARQL, what a user would."""

from __future__ import annotations

import unicodedata

import pytest
from rdflib import Graph, URIRef

from claimgraph.rdf.dataset import Dataset
from tests.conftest import SEED_ID, SEEDS

BASE = "http://127.0.0.1:8000/"
ARTICLE = f"{BASE}article/{SEED_ID}"
PREFIXES = f"""
PREFIX cg: <https://w3id.org/claimgraph/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX claim: <{ARTICLE}/claim/>
PREFIX aev: <{ARTICLE}/event/>
PREFIX aact: <{ARTICLE}/actor/>
PREFIX actor: <{BASE}actor/>
PREFIX place: <{BASE}place/>
PREFIX doc: <{BASE}document/>
PREFIX event: <{BASE}event/>
"""


def ask(graph: Graph, query: str) -> bool:
    return bool(graph.query(PREFIXES + "ASK {" + query + "}").askAnswer)


def rows(graph: Graph, query: str) -> list[tuple[str, ...]]:
    return [
        tuple(str(v) if v is not None else "" for v in row) for row in graph.query(PREFIXES + query)
    ]  # type: ignore[union-attr]


# -- Documents -------------------------------------------------------------------


def test_article_keeps_its_headline_and_full_text(seed_graph: Graph) -> None:
    text = unicodedata.normalize("NFC", (SEEDS / f"{SEED_ID}.txt").read_text(encoding="utf-8"))
    found = rows(
        seed_graph,
        f"SELECT ?headline ?text WHERE {{ <{ARTICLE}> a cg:NewsArticle ; cg:headline ?headline ;"
        " cg:hasText/cg:isString ?text }",
    )
    assert found == [
        ("Clinton Emails: Algeria ‘Encouraged’ Terror Attacks in Southern Morocco", text)
    ]


def test_email_is_from_blumenthal_to_clinton_on_18_january_2013(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """doc:blumenthal-email a cg:Email ; cg:sender actor:sidney-blumenthal ;
           cg:author actor:sidney-blumenthal ; cg:recipient actor:hillary-clinton ;
           cg:dateSent "2013-01-18"^^xsd:date ;
           cg:partOf doc:clinton-correspondence .
           doc:clinton-correspondence a cg:DocumentCollection .""",
    )


def test_article_says_author_publisher_and_date_are_unknown_without_placeholders(
    seed_graph: Graph,
) -> None:
    assert ask(
        seed_graph,
        f"<{ARTICLE}> cg:unstated cg:author, cg:publisher, cg:datePublished .",
    )
    assert not ask(seed_graph, f"<{ARTICLE}> cg:datePublished|cg:publisher ?value .")
    # Its author is an unidentified actor, so the article's own hops have a claimant.
    assert ask(seed_graph, f"<{ARTICLE}> cg:author ?a . ?a a cg:UnidentifiedActor .")


# -- Actors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "label",
    [
        "Hillary Clinton",
        "Sidney Blumenthal",
        "Algerian government",
        "Abdelaziz Bouteflika",
        "Mokhtar Belmokhtar",
        "Signed in Blood",
        "Algerian DGSE",
        "General Directorate of External Security",
        "the Algerian consul and six other diplomats",
        "Mauritanian government",
        "Morocco",
        "Al Qaeda in the Islamic Maghreb",
        "Algerian officials",
        "foreign hostages",
    ],
)
def test_actor_is_present(seed_graph: Graph, label: str) -> None:
    assert ask(
        seed_graph,
        f'?actor rdfs:label "{label}" ; a ?class .'
        " FILTER(?class IN (cg:Person, cg:Government, cg:ArmedGroup, cg:State, cg:PeopleGroup))",
    )


def test_clinton_is_recipient_never_claimant(seed_graph: Graph) -> None:
    assert ask(seed_graph, "?email cg:recipient actor:hillary-clinton .")
    assert not ask(seed_graph, "?claim cg:claimant actor:hillary-clinton .")
    assert not ask(seed_graph, "?doc cg:author|cg:sender actor:hillary-clinton .")


def test_signed_in_blood_and_al_mulathamun_are_one_group(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """actor:signed-in-blood a cg:ArmedGroup ; skos:prefLabel "Signed in Blood" ;
           skos:altLabel "Al Mulathamun" .
           actor:mokhtar-belmokhtar cg:leads actor:signed-in-blood .""",
    )


def test_algerian_dgse_kept_as_the_email_names_it(seed_graph: Graph) -> None:
    assert ask(seed_graph, 'actor:algerian-dgse rdfs:label "Algerian DGSE" ; skos:note ?note .')
    # not silently merged with, or "corrected" to, the French DGSE
    assert not ask(seed_graph, "actor:algerian-dgse cg:exactMatch actor:french-dgse .")
    assert ask(seed_graph, "aev:encouraged-attacks cg:hasInstigator actor:algerian-dgse .")


def test_anonymous_source_has_verbatim_description_and_hedged_affiliation(
    seed_graph: Graph,
) -> None:
    assert ask(
        seed_graph,
        """aact:dgse-source a cg:AnonymousSource ;
               cg:verbatimDescription "a very sensitive source" ;
               cg:reportedAffiliation actor:french-dgse ;
               cg:affiliationQualifier "close to" .
           ?mention cg:refersTo aact:dgse-source ; cg:anchorOf "a very sensitive source" .""",
    )
    # a reported affiliation is not membership
    assert not ask(seed_graph, "aact:dgse-source cg:memberOf ?org .")


# -- Places ----------------------------------------------------------------------


def test_places_and_their_containment(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """place:gao cg:within actor:mali . actor:mali a cg:State .
           place:algerian-consulate-gao cg:within place:gao .
           place:tigantourine-gas-facility cg:near place:in-amenas .
           place:in-amenas cg:within place:eastern-algeria .
           place:eastern-algeria cg:within actor:algeria .
           place:southern-morocco cg:within actor:morocco .
           place:western-sahara a cg:Place . place:sahel a cg:Place .""",
    )


# -- Events ----------------------------------------------------------------------

EVENTS = {
    "aev:secret-understanding": "alleged",
    "aev:encouraged-attacks": "alleged",
    "aev:agreement-attacks-2012": "alleged",
    "aev:gao-kidnapping": "established",
    "event:in-amenas-hostage-crisis": "established",
    "aev:betrayal": "alleged",
    "aev:government-surprised": "alleged",
    "aev:mauritanian-negotiations": "alleged",
    "aev:negotiations-breakdown": "alleged",
    "aev:aqim-support": "alleged",
    "aev:morocco-mediation": "alleged",
}


@pytest.mark.parametrize(("event", "status"), EVENTS.items())
def test_event_has_its_status(seed_graph: Graph, event: str, status: str) -> None:
    assert ask(seed_graph, f"{event} a cg:Event ; cg:status cg:{status} .")


def test_every_alleged_event_is_carried_by_a_claim(corpus_graph: Graph) -> None:
    """A corpus-wide rule: the registry's events may be asserted by any article."""
    assert (
        rows(
            corpus_graph,
            "SELECT ?e WHERE { ?e cg:status ?s FILTER(?s != cg:established)"
            " FILTER NOT EXISTS { ?claim cg:asserts ?e } }",
        )
        == []
    )


def test_dates_at_day_month_year_and_season_precision(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """event:in-amenas-hostage-crisis cg:date "2013-01-16"^^xsd:date ;
               cg:datePrecision cg:dayPrecision .
           aev:government-surprised cg:date "2013-01"^^xsd:gYearMonth ;
               cg:datePrecision cg:monthPrecision .
           aev:agreement-attacks-2012 cg:date "2012"^^xsd:gYear ;
               cg:datePrecision cg:yearPrecision ;
               cg:earliest "2012-01-01"^^xsd:date ; cg:latest "2012-12-31"^^xsd:date .
           aev:negotiations-breakdown cg:date "2010"^^xsd:gYear ;
               cg:season cg:summer ; cg:datePrecision cg:seasonPrecision ;
               cg:earliest "2010-06-01"^^xsd:date ; cg:latest "2010-08-31"^^xsd:date ;
               cg:subEventOf aev:mauritanian-negotiations .""",
    )


def test_unknown_dates_are_unstated_not_placeholders(seed_graph: Graph) -> None:
    assert ask(seed_graph, "aev:secret-understanding cg:unstated cg:date .")
    assert not ask(seed_graph, "aev:secret-understanding cg:date|cg:earliest ?d .")


def test_event_roles(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """aev:encouraged-attacks cg:hasInstigator actor:algerian-government,
               actor:algerian-dgse ; cg:hasAgent actor:mokhtar-belmokhtar ;
               cg:hasTarget actor:morocco ; cg:hasPlace place:western-sahara .
           aev:gao-kidnapping cg:hasVictim aact:algerian-diplomats ;
               cg:hasPlace place:algerian-consulate-gao .
           event:in-amenas-hostage-crisis cg:hasVictim actor:foreign-hostages .
           aev:mauritanian-negotiations cg:hasInstigator actor:morocco .""",
    )


# -- Claims, chains and cues ---------------------------------------------------------


def test_main_allegation_chain_article_email_anonymous_source(seed_graph: Graph) -> None:
    chain = rows(
        seed_graph,
        """SELECT ?doc1 ?who2 ?doc2 ?who3 ?doc3 WHERE {
             claim:lede cg:statedIn ?doc1 ; cg:relays ?hop2 .
             ?hop2 cg:claimant ?who2 ; cg:statedIn ?doc2 ; cg:relays ?hop3 .
             ?hop3 cg:claimant ?who3 ; cg:statedIn ?doc3 .
             FILTER NOT EXISTS { ?hop3 cg:relays ?more }
           }""",
    )
    assert chain == [
        (
            ARTICLE,
            f"{BASE}actor/sidney-blumenthal",
            f"{BASE}document/blumenthal-email",
            f"{ARTICLE}/actor/dgse-source",
            f"{BASE}document/blumenthal-email",
        )
    ]
    assert ask(
        seed_graph,
        """claim:source-encouraged cg:asserts aev:secret-understanding, aev:encouraged-attacks ;
               cg:speechAct cg:actSay .
           claim:email-encouraged cg:speechAct cg:actCite .
           claim:lede cg:speechAct cg:actReport ; cg:polarity cg:positive ;
               cg:about aev:encouraged-attacks ; cg:reportsOnly aev:encouraged-attacks .
           claim:email-quote cg:about aev:secret-understanding, aev:encouraged-attacks .""",
    )
    # the lede gives only the encouraged attacks, not the secret understanding
    assert not ask(seed_graph, "claim:lede cg:about aev:secret-understanding .")


def test_headline_claim_is_the_articles_not_clintons(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        f"""claim:headline cg:claimant ?author ; cg:statedIn <{ARTICLE}> ;
               cg:relays claim:email-encouraged ;
               cg:hasCue [ cg:anchorOf "Clinton Emails:" ; cg:cueType cg:cueHeadline ] ;
               cg:hasQuote [ cg:quoteMode cg:mixed ;
                   cg:anchorOf "Algeria ‘Encouraged’ Terror Attacks in Southern Morocco" ] .
           <{ARTICLE}> cg:author ?author . ?author a cg:UnidentifiedActor .""",
    )


CUES = [
    ("lede", "revealed that", "cueReveal"),
    ("email-encouraged", "cites", "cueCite"),
    ("email-quote", "the email said", "cueSay"),
    ("attacks-2012", "According to the correspondence", "cueAccordingTo"),
    ("surprised", "According to Blumenthal’s email", "cueAccordingTo"),
    ("shock-inference", "suggests", "cueSuggest"),
    ("morocco-efforts", "shed light on", "cueReveal"),
    ("mediation", "According to the report", "cueAccordingTo"),
    ("negotiations", "the report said", "cueSay"),
    ("breakdown", "the document added", "cueSay"),
]


@pytest.mark.parametrize(("claim", "words", "cue_type"), CUES)
def test_reporting_cue(seed_graph: Graph, claim: str, words: str, cue_type: str) -> None:
    assert ask(
        seed_graph,
        f'claim:{claim} cg:hasCue ?cue . ?cue cg:anchorOf "{words}" ; cg:cueType cg:{cue_type} .',
    )


def test_quote_modes_direct_indirect_and_mixed_scare_quotes(seed_graph: Graph) -> None:
    modes = dict(
        rows(
            seed_graph,
            "SELECT ?claim ?mode WHERE { ?c cg:hasQuote/cg:quoteMode ?m ."
            " BIND(STRAFTER(STR(?c), '/claim/') AS ?claim) BIND(STRAFTER(STR(?m), '#') AS ?mode) }",
        )
    )
    assert modes["email-quote"] == "direct"
    assert modes["attacks-2012"] == "indirect"
    assert modes["lede"] == "mixed"  # “encouraged” in scare quotes
    assert ask(
        seed_graph, 'claim:lede cg:hasQuote/cg:anchorOf ?q FILTER(CONTAINS(?q, "“encouraged”"))'
    )


def test_correspondence_suggests_is_the_articles_hedged_inference(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """claim:shock-inference cg:certainty cg:possible ;
               cg:inferredFrom doc:blumenthal-email ; cg:claimant ?author .
           ?author a cg:UnidentifiedActor .""",
    )
    assert not ask(seed_graph, "claim:shock-inference cg:relays ?anything .")


def test_certainty_differs_per_hop(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """claim:lede cg:certainty cg:certain .
           claim:email-quote cg:certainty cg:underspecified .
           claim:email-encouraged cg:certainty cg:certain ; cg:polarity cg:positive .""",
    )


def test_every_hop_has_claimant_document_certainty_polarity(seed_graph: Graph) -> None:
    missing = rows(
        seed_graph,
        """SELECT ?c WHERE { ?c a cg:Claim .
             FILTER NOT EXISTS { ?c cg:claimant ?w ; cg:statedIn ?d ; cg:certainty ?s ;
                                    cg:polarity ?p } }""",
    )
    assert missing == []
    assert len(rows(seed_graph, "SELECT ?c WHERE { ?c a cg:Claim }")) == 19


def test_moroccan_mediation_reported_from_the_email(seed_graph: Graph) -> None:
    assert ask(
        seed_graph,
        """claim:mediation cg:relays claim:email-mediation .
           claim:morocco-efforts cg:relays claim:email-mediation .
           claim:email-mediation cg:claimant actor:sidney-blumenthal ;
               cg:asserts aev:morocco-mediation .""",
    )


def test_anchors_point_at_their_exact_characters(seed_dataset: Dataset, seed_graph: Graph) -> None:
    text = str(
        next(
            seed_graph.objects(
                URIRef(f"{ARTICLE}/text"), URIRef("https://w3id.org/claimgraph/ns#isString")
            )
        )
    )
    anchors = rows(
        seed_graph,
        "SELECT ?a ?words ?b ?e"
        " WHERE { ?a cg:anchorOf ?words ; cg:beginIndex ?b ; cg:endIndex ?e }",
    )
    assert len(anchors) == 25  # 2 mentions, 11 cues, 12 quotes
    for _, words, begin, end in anchors:
        assert text[int(begin) : int(end)] == words
