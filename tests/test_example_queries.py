"""The nine example queries (web/queries/*.rq), run on the example corpus in the
store's engine, give what a fact-checker expects: small results pinned row by row,
large ones by their size, characteristic rows and a rule every row keeps. The same
queries through the HTTP endpoint give as many rows."""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from claimgraph.rdf.dataset import Dataset
from claimgraph.web.examples import examples

BASE = "http://127.0.0.1:8000/"
A000 = "000_68f2744142ff802d"
A001 = "001_wikinews_uk_asylum_questionnaire"
A002 = "002_globalvoices_egypt_gizawy"
A003 = "003_globalvoices_armenia_bail"
A004 = "004_globalvoices_armenia_controversy"
A005 = "005_wikinews_scientology_defector"
A006 = "006_wikinews_canada_document"
A007 = "007_globalvoices_pakistan_twitter_block"
A008 = "008_globalvoices_russia_khinshtein_tweets"
A009 = "009_wikinews_north_korea_quasi_war"
A010 = "010_wikinews_indonesia_asylum_rescue"
A011 = "011_globalvoices_russia_ustream_ddos"
A012 = "012_globalvoices_germany_blockupy"
A013 = "013_globalvoices_armenia_balloons"

HEADLINE = {
    A000: "Clinton Emails: Algeria ‘Encouraged’ Terror Attacks in Southern Morocco",
    A001: "Reports: 'streamlined' UK asylum process to replace interview with questionnaire"
    " for five nationalities",
    A002: "Egypt: Anger at Arrest of Lawyer in Saudi Arabia",
    A003: "Armenia: Fears After Nationalist Firebombers Released on Bail",
    A004: "Armenia: Homophobic Firebombing Controversy Continues as Officials, MPs Promote"
    " Hate Crime",
    A005: "Scientology defector arrested after attempting to leave organization",
    A006: "Sensitive Canadian document found on rainy streets",
    A007: "Pakistan: Twitter Goes Through Weekend of Censorship",
    A008: "Russia: Duma Deputy Wants Criminal Liability for Extremist Tweets",
    A009: "North Korea puts military in 'quasi-state of war'",
    A010: "Over 900 asylum seekers rescued off Indonesian coast",
    A011: "Russia: Ustream.tv Attacked Over Russian Blogger",
    A012: "Germany: #Blockupy Protests Against Pan-European Austerity",
    A013: "Armenia: Chaos as Balloons Explode at Election Campaign Rally",
}
AUTHOR_000 = "unnamed author of «Clinton Emails: Algeria ‘Encouraged’ Terror Attacks in Sout…»"
AUTHOR_001 = "unnamed author of «Reports: 'streamlined' UK asylum process to replace intervi…»"
AUTHOR_005 = "unnamed author of «Scientology defector arrested after attempting to leave org…»"
AUTHOR_006 = "unnamed author of «Sensitive Canadian document found on rainy streets»"
AUTHOR_009 = "unnamed author of «North Korea puts military in 'quasi-state of war'»"
AUTHOR_010 = "unnamed author of «Over 900 asylum seekers rescued off Indonesian coast»"
AUTHORS = {
    AUTHOR_000,
    AUTHOR_001,
    AUTHOR_005,
    AUTHOR_006,
    AUTHOR_009,
    AUTHOR_010,
    "Tarek Amr",
    "Onnik Krikorian",
    "Awab Alvi",
    "Kevin Rothrock",
    "Andrey Tselikov",
    "Sara Moreira",
}

SAUDI_OFFICIALS = "anonymous source: «Saudi officials»"
NEWS_REPORTS = "anonymous source: «News reports»"

Row = tuple[str | None, ...]


def claim(article: str, local_id: str) -> str:
    return f"{BASE}article/{article}/claim/{local_id}"


@pytest.fixture(scope="module")
def store(seed_dataset: Dataset) -> ox.Store:
    """The example corpus in the engine the endpoint serves it from."""
    store = ox.Store()
    store.load(seed_dataset.union().serialize(format="nt").encode(), ox.RdfFormat.N_TRIPLES)
    return store


def query_text(name: str) -> str:
    return next(e.query for e in examples() if e.name == name)


def select(store: ox.Store, query: str) -> list[Row]:
    result = store.query(query)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [tuple(row[n].value if row[n] is not None else None for n in names) for row in result]


def run(store: ox.Store, name: str) -> list[Row]:
    return select(store, query_text(name))


def test_there_are_nine_example_queries() -> None:
    assert [e.name for e in examples()] == [
        "01-allegations-with-chains",
        "02-anonymous-only",
        "03-alleged-vs-established",
        "04-timeline-of-an-actor",
        "05-contradicted-or-denied",
        "06-everything-claimed-about-an-actor",
        "07-anonymous-only-and-contradictions",
        "08-who-denies-what",
        "09-what-led-to-what",
    ]


def test_the_corpus_authors_are_these(store: ox.Store) -> None:
    """What the rules below call 'an article's author'."""
    authors = select(
        store,
        """PREFIX cg: <https://w3id.org/claimgraph/ns#>
           PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
           SELECT DISTINCT ?label WHERE { ?article cg:hasText ?text ;
               cg:author/rdfs:label ?label }""",
    )
    assert {a for (a,) in authors} == AUTHORS


# -- 01: every allegation with its chain --------------------------------------------------


def test_01_allegations_with_chains(store: ox.Store) -> None:
    rows = run(store, "01-allegations-with-chains")
    # 007: the unblocking time, its own (hedged) allegation; 002: the Egyptians' doubts
    # (act: doubt) and 010's criticisms that name only the policy are not allegations
    assert len(rows) == 690  # 009: 18 rows (7 claims); 010: 22 rows; 011–013: 136 rows
    assert len(set(rows)) == len(rows), "duplicate rows"
    assert len({r[0] for r in rows}) == 318  # claims that carry an allegation
    for row in [
        # the reporter reports a denial; the denial is the Home Office's own
        (
            claim(A001, "c-ho-rejects"),
            claim(A001, "c-ho-rejects"),
            AUTHOR_001,
            "report",
            "positive",
            "underspecified",
            HEADLINE[A001],
        ),
        (
            claim(A001, "c-ho-rejects"),
            claim(A001, "ho-denies-amnesty"),
            "Home Office",
            "deny",
            "negative",
            "certain",
            "statement by Home Office (medium not stated), 2023-02-23",
        ),
        (
            claim(A001, "c-braverman"),
            claim(A001, "braverman-unsustainable"),
            "Suella Braverman",
            "say",
            "positive",
            "certain",
            "interview by Suella Braverman (Home Secretary) to GB News, 2023-02-22",
        ),
        (
            claim(A002, "art-saudi-denial"),
            claim(A002, "art-saudi-denial"),
            "Tarek Amr",
            "report",
            "positive",
            "certain",
            HEADLINE[A002],
        ),
        (
            claim(A002, "art-saudi-denial"),
            claim(A002, "saudi-denial"),
            SAUDI_OFFICIALS,
            "deny",
            "negative",
            "certain",
            # the role is not repeated; the date is the words that give it
            "statement by the anonymous sources «Saudi officials» (medium not stated), «later»",
        ),
        (
            claim(A003, "quotes-tweet-lara-aha"),
            claim(A003, "lara-aha-minasyan"),
            "@Lara_Aha",
            "report",
            "positive",
            "certain",
            "@Lara_Aha: Tashnak MP Ardzvik Minasyan who just bailed out the 2 suspects",
        ),
        # 004's report reaches 003's statement, one node
        (
            claim(A004, "mps-justify"),
            claim(A003, "minasyan-justifies"),
            "Artsvik Minasyan",
            "say",
            "positive",
            "certain",
            "statement by Artsvik Minasyan (MP) to the local media (medium not stated)",
        ),
        (
            claim(A000, "email-quote"),
            claim(A000, "source-encouraged"),
            "anonymous source: «a very sensitive source»",
            "say",
            "positive",
            "underspecified",
            "E-mail from Sidney Blumenthal to Hillary Clinton, 18 January 2013",
        ),
    ]:
        assert row in rows, row
    # 003's statement is reached from three allegations, in two articles
    assert sorted(r[0] for r in rows if r[1] == claim(A003, "minasyan-justifies")) == [
        claim(A003, "minasyan-quoted"),
        claim(A003, "quotes-tweet-lara-aha"),
        claim(A004, "mps-justify"),
    ]


def test_01_every_row_keeps_each_hops_own_act(store: ox.Store) -> None:
    rows = run(store, "01-allegations-with-chains")
    for allegation, hop, claimant, act, polarity, _certainty, document in rows:
        assert document, hop
        if act in ("report", "cite"):  # a hop that relays is never negative
            assert polarity == "positive", hop
        if act == "deny":
            assert polarity == "negative", hop
            assert claimant not in AUTHORS, hop
        if claimant in AUTHORS:
            assert polarity == "positive", hop
            assert act != "deny", hop
        if hop == allegation:  # an allegation is the corpus article's own hop
            assert claimant in AUTHORS, hop
            assert document in HEADLINE.values(), hop
    acts = Counter(r[3] for r in rows if r[3] in ("deny", "doubt"))
    assert acts == {"deny": 3}  # 002's Egyptians doubt (act: doubt): no allegation


def test_01_an_article_stating_a_fact_is_no_allegation(store: ox.Store) -> None:
    """What an article states in its own voice as established (relaying no one)
    is not listed; what it states in its own voice as alleged is."""
    listed = {r[0] for r in run(store, "01-allegations-with-chains")}
    own_voice = select(
        store,
        """PREFIX cg: <https://w3id.org/claimgraph/ns#>
        SELECT ?claim (GROUP_CONCAT(STRAFTER(STR(?s), "#")) AS ?statuses) WHERE {
          ?claim cg:statedIn/cg:hasText ?text ; cg:asserts/cg:status ?s .
          FILTER NOT EXISTS { ?claim cg:relays ?any }
          FILTER NOT EXISTS { ?outer cg:relays ?claim }
        } GROUP BY ?claim""",
    )
    facts = {c for c, statuses in own_voice if set(statuses.split()) == {"established"}}
    others = {c for c, statuses in own_voice if set(statuses.split()) != {"established"}}
    assert facts and others
    assert not facts & listed
    assert others <= listed


# -- 02: allegations resting only on anonymous sources -----------------------------------


def test_02_anonymous_only(store: ox.Store) -> None:
    rows = run(store, "02-anonymous-only")
    assert [(r[0], r[2]) for r in rows] == [
        (claim(A000, "email-quote"), "a very sensitive source"),
        (claim(A000, "headline"), "a very sensitive source"),
        (claim(A000, "lede"), "a very sensitive source"),
        (claim(A001, "c-headline"), "media reports"),
        (claim(A001, "c-media-criticism"), "media reports"),
        (claim(A001, "c-media-length"), "media reports"),
        (claim(A001, "c-officials"), "Officials"),
        (claim(A002, "art-news-sentence"), "News reports"),
        (claim(A002, "art-saudi-denial"), "Saudi officials"),
        (claim(A002, "art-saudi-drugs"), "Saudi officials"),
        # not Ianyan's own hop (ianyan-damage): it is not an allegation of the corpus
        # but the middle of 003's chain, whatever its document is typed
        (claim(A003, "quotes-facebook-contact"), "one of its Facebook contacts"),
        (claim(A003, "quotes-ianyan-damage"), "well-informed sources"),
        (claim(A004, "quotes-comment"), "a comment left under one such opinion piece"),
        (claim(A004, "quotes-comment-call"), "a comment left under one such opinion piece"),
        (claim(A004, "quotes-facebook-status"), "Another"),
        (claim(A004, "some-consider-incitement"), "some"),
        (claim(A005, "c-officials-claim"), "Scientology officials"),
        (claim(A005, "c-officials-deny"), "Scientology officials"),
        (claim(A005, "c-recent-reports"), "Recent reports"),
        (claim(A006, "c-dewar-bureaucrats"), "bureaucrats of the Conservative government"),
        (claim(A007, "art-alvi-facebook"), "reports"),
        (claim(A007, "art-atta-sources"), "his sources"),
        (claim(A007, "art-atta-told"), "A source who is directly aware of the meeting"),
        (claim(A007, "art-pp-lifted"), "our sources"),
        (claim(A007, "art-tribune-sources"), "its sources"),
        (claim(A008, "art-other-users"), "Other users"),
        (claim(A008, "art-runet-voices"), "Some RuNet voices"),
        (claim(A008, "art-snout"), "Several members"),
        (claim(A013, "art-media-visit"), "Later media reports"),
        (claim(A013, "art-reports-injured"), "Reports"),
        # Unzipped's blog relays them: an allegation of the corpus that rests on them alone
        (claim(A013, "art-unzipped-reports"), "Unconfirmed reports"),
    ]
    labels = dict((r[0], r[1]) for r in rows)
    assert labels[claim(A000, "lede")] == (
        "The article reports the correspondence revealed that Algeria “encouraged”"
        " Belmokhtar's attacks"
    )
    assert labels[claim(A004, "some-consider-incitement")] == (
        "The article reports that some consider the justification little more than"
        " incitement to further violence"
    )


# -- 03: alleged versus established --------------------------------------------------------


def test_03_alleged_vs_established(store: ox.Store) -> None:
    rows = run(store, "03-alleged-vs-established")
    assert [r[:3] for r in rows] == [
        # 001: Braverman's cause and the two states it links; 004: Le Retour's "one
        # state official" created a page, apart from Unzipped's Barkhudaryan
        ("alleged", "321", "236"),
        ("announced", "16", "15"),
        ("calledFor", "34", "32"),
        # 005: Scientology says it has not received the drives; 009: "No injuries or
        # deaths were reported" is the article's own statement, not a denial
        ("denied", "5", "5"),
        # 005: the officials deny receipt, not the return; 002: the Egyptians' doubts
        # assert nothing
        ("disputed", "11", "18"),
        ("established", "219", "174"),  # 004 lost an event no claim stated
        ("planned", "7", "10"),
    ]
    # the example is a proposition of that status (any one: the query samples it)
    for status, _, _, example in rows:
        found = select(
            store,
            f"""PREFIX cg: <https://w3id.org/claimgraph/ns#>
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                SELECT ?p WHERE {{ ?p rdfs:label {ox.Literal(example or "")} ;
                    cg:status cg:{status} }}""",
        )
        assert found, (status, example)
    denied = next(r for r in rows if r[0] == "denied")
    assert denied[3] == "Fast-tracking asylum claims in this way amounts to an amnesty"


# -- 04 and 06: Mokhtar Belmokhtar (the seed article) -------------------------------------


def for_actor(name: str, query: str) -> str:
    """An actor-centred example query with the actor named, as its comment says to."""
    named, count = re.subn(
        r"\{\s*SELECT \?actor WHERE.*?LIMIT 1\s*\}",
        f'?actor skos:prefLabel "{name}" .',
        query,
        flags=re.S,
    )
    assert count == 1, "the query no longer has the block its comment names"
    return named


BELMOKHTAR = "Mokhtar Belmokhtar"


ACTOR_QUERIES = ["04-timeline-of-an-actor", "06-everything-claimed-about-an-actor"]


@pytest.mark.parametrize("name", ACTOR_QUERIES)
def test_04_06_follow_the_most_claimed_about_actor_by_default(store: ox.Store, name: str) -> None:
    """Without an actor named, the query is about the actor most claims assert
    something of (in the example corpus, Daniel Montalvo of article 005)."""
    rows = run(store, name)
    assert rows and {r[0] for r in rows} == {"Daniel Montalvo"}


def test_04_works_on_a_corpus_without_the_seed_actors() -> None:
    elsewhere = ox.Store()
    elsewhere.load(
        b"""@prefix cg: <https://w3id.org/claimgraph/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix : <http://example.org/> .
        :jane skos:prefLabel "Jane Doe" . :ann skos:prefLabel "Ann Roe" .
        :bribe rdfs:label "Jane Doe took a bribe" ; cg:status cg:alleged ; cg:hasAgent :jane .
        :gift rdfs:label "Ann Roe gave a gift" ; cg:status cg:alleged ; cg:hasAgent :ann .
        :c1 cg:asserts :bribe . :c2 cg:asserts :bribe . :c3 cg:asserts :gift .
        """,
        ox.RdfFormat.TURTLE,
    )
    rows = select(elsewhere, query_text("04-timeline-of-an-actor"))
    assert rows == [("Jane Doe", None, None, "Jane Doe took a bribe", "alleged", "agent")]
    named = select(elsewhere, for_actor("Ann Roe", query_text("04-timeline-of-an-actor")))
    assert named == [("Ann Roe", None, None, "Ann Roe gave a gift", "alleged", "agent")]


def test_04_timeline_of_belmokhtar(store: ox.Store) -> None:
    rows = select(store, for_actor(BELMOKHTAR, query_text("04-timeline-of-an-actor")))
    assert {r[0] for r in rows} == {BELMOKHTAR}
    assert [r[1:] for r in rows] == [
        (
            "2012-01-01",
            "2012-12-31",
            "Agreement between the Algerian government and Belmokhtar on attacks in Morocco"
            " in 2012",
            "alleged",
            "agent",
        ),
        (
            "2013-01-16",
            "2013-01-16",
            "Belmokhtar's “betrayal” of the Algerian government",
            "alleged",
            "agent",
        ),
        (
            None,
            None,
            "Algeria encouraged Belmokhtar's attacks on Moroccan interests in Western Sahara",
            "alleged",
            "agent",
        ),
        (None, None, "Kidnapping of the Algerian consul and six other diplomats in Gao",
         "established", "agent"),
        (
            None,
            None,
            "Mauritania's attempt, encouraged by Morocco, to negotiate a settlement with"
            " Belmokhtar",
            "alleged",
            "participant",
        ),
        (None, None, "Secret understanding between the Bouteflika government and Belmokhtar",
         "alleged", "agent"),
    ]  # fmt: skip


def test_06_everything_claimed_about_belmokhtar(store: ox.Store) -> None:
    blumenthal = "Sidney Blumenthal"
    source = "anonymous source: «a very sensitive source»"
    headline = HEADLINE[A000]
    understanding = "Secret understanding between the Bouteflika government and Belmokhtar"
    query = for_actor(BELMOKHTAR, query_text("06-everything-claimed-about-an-actor"))
    rows = select(store, query)
    assert {r[0] for r in rows} == {BELMOKHTAR}
    assert [r[1:] for r in rows] == [
        ("Agreement between the Algerian government and Belmokhtar on attacks in Morocco in"
         " 2012", blumenthal, "say", "certain", "positive", headline, None),
        ("Algeria encouraged Belmokhtar's attacks on Moroccan interests in Western Sahara",
         source, "say", "underspecified", "positive", headline, blumenthal),
        ("Belmokhtar's “betrayal” of the Algerian government", AUTHOR_000, "state", "certain",
         "positive", headline, None),
        ("Kidnapping of the Algerian consul and six other diplomats in Gao", AUTHOR_000, "state",
         "certain", "positive", headline, None),
        ("Mauritania's attempt, encouraged by Morocco, to negotiate a settlement with"
         " Belmokhtar", blumenthal, "say", "certain", "positive", headline, None),
        (understanding, source, "say", "underspecified", "positive", headline, blumenthal),
        (understanding, AUTHOR_000, "state", "certain", "positive", headline, None),
        (understanding, AUTHOR_000, "suggest", "possible", "positive", headline, None),
    ]  # fmt: skip


def test_06_an_actor_shared_by_two_articles_is_one_actor(store: ox.Store) -> None:
    """Vladimir Putin is named in 008 (a tweet calling to kill him) and in 011
    (Mikhailov's e-mail); one registry entry, so one query finds both."""
    query = for_actor("Vladimir Putin", query_text("06-everything-claimed-about-an-actor"))
    rows = select(store, query)
    assert {r[0] for r in rows} == {"Vladimir Putin"}
    assert {r[6] for r in rows} == {HEADLINE[A008], HEADLINE[A011]}, rows


def test_06_a_partial_report_is_not_counted_as_reporting_the_rest(store: ox.Store) -> None:
    """Minasyan's statement (003) says four things. The @Lara_Aha tweet reports only
    what he said of Tsomak Oganesova, and article 004 only that he justified the attack
    (reports_only): neither reports that the brothers are "normal people"."""
    query = for_actor("the Khapazyan brothers", query_text("06-everything-claimed-about-an-actor"))
    rows = [r[1:] for r in select(store, query) if r[2] == "Artsvik Minasyan"]
    assert rows == [
        ('The Khapazyan brothers acted "in the right way in the context of societal & national'
         ' ideology"', "Artsvik Minasyan", "say", "certain", "positive", HEADLINE[A003],
         "the local media"),
        ('The Khapazyan brothers are "normal people"', "Artsvik Minasyan", "say", "certain",
         "positive", HEADLINE[A003], "the local media"),
    ]  # fmt: skip
    assert not [r for r in select(store, query) if HEADLINE[A004] in r and "normal" in str(r[1])]


# -- 05: contradicted or denied ----------------------------------------------------------


def test_05_contradicted_or_denied(store: ox.Store) -> None:
    rows = run(store, "05-contradicted-or-denied")
    assert len(rows) == 71
    assert len(set(rows)) == len(rows), "duplicate rows"
    how = Counter(r[4] for r in rows)
    assert how == {"contradicts": 66, "denies": 5}
    # 002: the Egyptians do not believe the drug account (act: doubt): their doubts
    # neither deny nor contradict it (what they wonder, a suggestion, contradicts it)
    assert not [r for r in rows if " doubt: " in f"{r[0]} {r[2]}"]
    assert [r[4] for r in rows if r[3] == "Egyptians"] == ["contradicts"]
    denials = sorted((r[1], r[3]) for r in rows if r[4] == "denies")
    assert denials == sorted(
        [
            ("whoever told those who asked about El Gizawy", SAUDI_OFFICIALS),
            # 005: Rathbun's account that the drives were returned, twice (he says so,
            # and accuses Moxon of lying that they were not); the Scientology officials
            # deny only having received them, which contradicts Rathbun (below)
            ("Mark Rathbun", "Kendrick Moxon"),
            ("Mark Rathbun", "Kendrick Moxon"),
            # 006: the article's "sensitive" (headline and lede), and the government's
            # "wasn't particularly sensitive", as Dewar tells it
            (AUTHOR_006, "Government of Canada"),
            (AUTHOR_006, "Government of Canada"),
        ]
    )
    pairs = {(r[1], r[3], r[4]) for r in rows}
    for pair in [
        ("@Lara_Aha", "Onnik Krikorian", "contradicts"),  # 003's own statement of the release
        ("Onnik Krikorian", "Onnik Krikorian", "contradicts"),  # 004 contradicts 003
        (NEWS_REPORTS, "Tarek Amr", "contradicts"),  # "awaiting trial": not sentenced
        (NEWS_REPORTS, SAUDI_OFFICIALS, "contradicts"),
        ("Saudi authorities", "the authorities at Cairo airport", "contradicts"),
        ("Saudi authorities", "Alaa Al Aswany", "contradicts"),
        # 009: KCNA calls the South's account an "absurd pretext", both ways
        ("Korean Central News Agency", "the South Korean military", "contradicts"),
        ("the South Korean military", "Korean Central News Agency", "contradicts"),
    ]:
        assert pair in pairs, pair


def test_05_the_denier_is_never_a_reporter(store: ox.Store) -> None:
    rows = run(store, "05-contradicted-or-denied")
    for claim_label, _claimant, against, against_claimant, how in rows:
        if how == "denies":
            assert against_claimant not in AUTHORS, (claim_label, against)
            # the denier's own statement is labelled with the denier, not "reports that"
            assert against is not None and "reports that" not in against, against
    # the contradictions by an author are only its own statements ("states")
    for _, _, against, against_claimant, _ in rows:
        if against_claimant in AUTHORS:
            assert against is not None and " reports " not in against, against


# -- 07: anonymous-only claims and who contradicts them -------------------------------------


def test_07_anonymous_only_and_contradictions(store: ox.Store) -> None:
    rows = run(store, "07-anonymous-only-and-contradictions")
    assert Counter(rows) == Counter(
        [
            (claim(A001, "media-criticism"), "anonymous source: «media reports»",
             HEADLINE[A001], None, None),
            (claim(A001, "media-length"), "anonymous source: «media reports»",
             HEADLINE[A001], None, None),
            (claim(A001, "officials-merit"), "anonymous source: «Officials»",
             HEADLINE[A001], None, None),
            (claim(A002, "news-sentence"), NEWS_REPORTS, HEADLINE[A002], "Tarek Amr",
             "contradicts"),
            # contradicted by the Saudi officials' denial and their claim: one row
            (claim(A002, "news-sentence"), NEWS_REPORTS, HEADLINE[A002], SAUDI_OFFICIALS,
             "contradicts"),
            # the Saudi officials' denial rests on them alone: what the informants
            # assert is what the officials deny, not "the same"
            (claim(A002, "saudi-denial"), SAUDI_OFFICIALS, HEADLINE[A002], NEWS_REPORTS,
             "contradicts"),
            (claim(A002, "saudi-denial"), SAUDI_OFFICIALS, HEADLINE[A002],
             "whoever told those who asked about El Gizawy", "contradicts"),
            # reported in 003 only (Ianyan's article is not an article of the corpus)
            (claim(A003, "sources-damage"), "anonymous source: «well-informed sources»",
             HEADLINE[A003], None, None),
            (claim(A004, "commenter-call"),
             "anonymous source: «a comment left under one such opinion piece»",
             HEADLINE[A004], None, None),
            (claim(A004, "critics-incitement"), "anonymous source: «some»", HEADLINE[A004],
             None, None),
            (claim(A004, "facebook-status"), "anonymous source: «Another»", HEADLINE[A004],
             None, None),
            (claim(A004, "facebook-status-hope"), "anonymous source: «Another»",
             HEADLINE[A004], None, None),
            (claim(A005, "officials-antichrist"), "anonymous source: «Scientology officials»",
             HEADLINE[A005], None, None),
            # they alone deny receipt of the drives; Rathbun says they were returned
            (claim(A005, "officials-deny"), "anonymous source: «Scientology officials»",
             HEADLINE[A005], "Mark Rathbun", "contradicts"),
            (claim(A006, "bureaucrats-complained"),
             "anonymous source: «bureaucrats of the Conservative government»",
             HEADLINE[A006], None, None),
            (claim(A007, "reports-facebook-test"), "anonymous source: «reports»",
             HEADLINE[A007], None, None),
            (claim(A008, "member-snout"), "anonymous source: «Several members»",
             HEADLINE[A008], None, None),
            # the rebuttal: the other users contradict the RuNet voices and the FSB letter
            (claim(A008, "other-users-point"), "anonymous source: «Other users»",
             HEADLINE[A008], "FSB", "contradicts"),
            (claim(A008, "other-users-point"), "anonymous source: «Other users»",
             HEADLINE[A008], "anonymous source: «Some RuNet voices»", "contradicts"),
            (claim(A008, "runet-voices-insist"), "anonymous source: «Some RuNet voices»",
             HEADLINE[A008], "anonymous source: «Other users»", "contradicts"),
            (claim(A012, "rumor-sources-referendum"), "anonymous source: «rumors»",
             HEADLINE[A012], None, None),
            (claim(A013, "media-visit"), "anonymous source: «Later media reports»",
             HEADLINE[A013], None, None),
            (claim(A013, "reports-injured"), "anonymous source: «Reports»", HEADLINE[A013],
             None, None),
        ]
    )  # fmt: skip


def test_07_has_no_duplicate_rows_and_nobody_contradicts_itself(store: ox.Store) -> None:
    rows = run(store, "07-anonymous-only-and-contradictions")
    assert [row for row, n in Counter(rows).items() if n > 1] == []
    assert [r for r in rows if r[3] is not None and r[1] == r[3] and r[4] == "denies"] == []


def test_07_reports_each_statement_in_the_corpus_article_only(store: ox.Store) -> None:
    rows = run(store, "07-anonymous-only-and-contradictions")
    assert {r[2] for r in rows} <= set(HEADLINE.values())


# -- 08: who denies what ----------------------------------------------------------------------


def test_08_who_denies_what(store: ox.Store) -> None:
    # 002: the Egyptians and the young Egyptians on social networks do not believe the
    # drug account (act: doubt): no denial of theirs is listed
    assert _joined_as_sets(run(store, "08-who-denies-what")) == _joined_as_sets([
        ("Home Office", None, "Fast-tracking asylum claims in this way amounts to an amnesty",
         "2023-02-23", "today", None, HEADLINE[A001]),
        (SAUDI_OFFICIALS, "Officials of the Saudi government",
         "El Gizawy was arrested for defaming the Saudi king", None, "later", None,
         HEADLINE[A002]),
        ("anonymous source: «Scientology officials»", "Officials of Scientology",
         "Scientology has received the materials (the hard drives) from Montalvo", None, None,
         None, HEADLINE[A005]),
    ])  # fmt: skip


def _joined_as_sets(rows: list[Row]) -> list[tuple[object, ...]]:
    """GROUP_CONCAT joins in no order SPARQL defines: each joined value as a set."""
    return [
        tuple(frozenset(v.split(" · ")) if isinstance(v, str) and " · " in v else v for v in row)
        for row in rows
    ]


def test_08_a_denial_in_a_tweet_reported_twice_is_one_row() -> None:
    """Its date and medium come from the tweet when no occasion says them, and both
    articles that report it are named on its one row."""
    data = """
    @prefix cg: <https://w3id.org/claimgraph/ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    @prefix : <http://example.org/> .
    :denial cg:speechAct cg:actDeny ; cg:claimant :ministry ; cg:asserts :bribe, :meeting ;
        cg:statedIn :tweet .
    :ministry rdfs:label "Ministry of Finance" .
    :bribe rdfs:label "The minister took a bribe" .
    :meeting rdfs:label "The minister met the contractor" .
    :tweet a cg:Document, cg:SocialMediaPost ; cg:datePublished "2024-03-01"^^xsd:date .
    :a a cg:NewsArticle ; cg:hasText "…" ; rdfs:label "Outlet A: ministry denies" .
    :b a cg:NewsArticle ; cg:hasText "…" ; rdfs:label "Outlet B: ministry denies" .
    :hopA cg:relays :denial ; cg:statedIn :a .
    :hopB cg:relays :denial ; cg:statedIn :b .
    """
    store = ox.Store()
    store.load(data.encode(), ox.RdfFormat.TURTLE)
    assert _joined_as_sets(run(store, "08-who-denies-what")) == _joined_as_sets([
        ("Ministry of Finance", None,
         "The minister met the contractor · The minister took a bribe", "2024-03-01", None,
         "SocialMediaPost", "Outlet A: ministry denies · Outlet B: ministry denies"),
    ])  # fmt: skip


def test_08_no_reporter_is_a_denier(store: ox.Store) -> None:
    rows = run(store, "08-who-denies-what")
    assert {r[0] for r in rows}.isdisjoint(AUTHORS)
    # Zeinobia only reports that young Egyptians do not buy the statement
    assert "Zeinobia" not in {r[0] for r in rows}


def test_07_a_denial_of_an_anonymous_claim_is_found_without_a_contradicts_link() -> None:
    """A named source's denial of what only an anonymous source says contradicts it
    ("denies"), whether or not the annotation links the two."""
    store = ox.Store()
    store.load(
        b"""@prefix cg: <https://w3id.org/claimgraph/ns#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix : <http://example.org/> .
        :insider a cg:AnonymousSource ; rdfs:label "anonymous source: an insider" .
        :ministry rdfs:label "Ministry of Finance" .
        :rumour cg:claimant :insider ; cg:asserts :bribe ; cg:polarity cg:positive .
        :denial cg:claimant :ministry ; cg:asserts :bribe ; cg:polarity cg:negative .
        :a a cg:NewsArticle ; cg:hasText "..." ; rdfs:label "Outlet A" .
        :hop cg:relays :rumour ; cg:statedIn :a .
        """,
        ox.RdfFormat.TURTLE,
    )
    rows = select(store, query_text("07-anonymous-only-and-contradictions"))
    assert rows == [
        ("http://example.org/rumour", "anonymous source: an insider", "Outlet A",
         "Ministry of Finance", "denies"),
    ]  # fmt: skip


# -- through the endpoint ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [e.name for e in examples()])
def test_every_example_query_runs_through_the_endpoint(
    client: TestClient, store: ox.Store, name: str
) -> None:
    response = client.get("/sparql", params={"query": query_text(name)})
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    assert len(bindings) == len(run(store, name))


def test_what_led_to_what_says_who_gives_each_link(store: ox.Store) -> None:
    """A cause is the claimant's who asserts it (Braverman's "because of"), never the
    reporting article's; the order of statements is the article's account."""
    rows = run(store, "09-what-led-to-what")
    drugs = (
        "El Gizawy was arrested after being found in possession of more than 21,000 Xanax "
        "pills; El Gizawy found in possession of more than 21,000 pills of the anti-depressant "
        "Xanax"
    )
    # 012: the order the activists answer, twice
    frankfurt = (
        "Frankfurt Municipal Department for Public Order announces: The Frankfurt Municipal "
        "Department for Public Order deems illegal all the planned Blockupy actions, except a"
        " rally on Saturday 19 May; The rally on Saturday 19 May 2012 is allowed (not deemed "
        "illegal)"
    )
    assert rows == [
        # 013: replies among the tweets the article quotes
        (
            "@ERostomashvili, replying, hopes so too (that those injured have a swift recovery)",
            "in response to",
            "@thisisladychris hopes that those injured have a swift recovery",
            "the article's account",
            "Onnik Krikorian",
            None,
            HEADLINE[A013],
        ),
        (
            "@derekarridge, replying to @Phooto, suggests that people in Armenia are perhaps a "
            "bit behind in their science",
            "in response to",
            "@Phooto asks why they filled the balloons with hydrogen",
            "the article's account",
            "Onnik Krikorian",
            None,
            HEADLINE[A013],
        ),
        (
            "@thisisladychris hopes that those injured have a swift recovery",
            "in response to",
            "@ERostomashvili says: The explosion is terrible",
            "the article's account",
            "Onnik Krikorian",
            None,
            HEADLINE[A013],
        ),
        (
            "@thisisladychris, replying, is sad to hear it and really likes Yerevan",
            "in response to",
            "@ERostomashvili says: The explosion is terrible",
            "the article's account",
            "Onnik Krikorian",
            None,
            HEADLINE[A013],
        ),
        # a cause is Reuters', as @jason_blosser quotes it, not the article's
        (
            "Balloons exploded at the election campaign rally in Republic Square, Yerevan, "
            "injuring many",
            "because of",
            "The balloons were filled with helium",
            "alleged",
            "Reuters",
            "say",
            HEADLINE[A013],
        ),
        # 002: the Egyptians' doubt answers the Saudi officials' drug claim ("this claim")
        *[
            (
                f"{who} doubt: {drugs}",
                "in response to",
                f"The anonymous sources «Saudi officials» claim: {drugs}",
                "the article's account",
                "Tarek Amr",
                None,
                HEADLINE[A002],
            )
            for who in ("Egyptians", "Young Egyptians on social networks")
        ],
        (
            "Blockupy activists call for: Demonstrate for the right to demonstrate",
            "in response to",
            frankfurt,
            "the article's account",
            "Sara Moreira",
            None,
            HEADLINE[A012],
        ),
        (
            "Solidarity protests in different cities across Europe",
            "because of",
            "The police detain at least 400 protesters of different nationalities",
            "established",
            "Sara Moreira",
            "state",
            HEADLINE[A012],
        ),
        (
            "The Blockupy organisers call on activists from across Europe to converge in Frankfurt",
            "after",
            "Global action days of 12 and 15 May 2012 (12M and 15M)",
            "the article's account",
            "Sara Moreira",
            None,
            HEADLINE[A012],
        ),
        (
            "The activists claim the constitutional right of unarmed assembly, without either "
            "prior registration or permission",
            "in response to",
            frankfurt,
            "the article's account",
            "Sara Moreira",
            None,
            HEADLINE[A012],
        ),
        (
            "Wolfgang Schäuble is awarded the Charlemagne Prize",
            "because of",
            "Wolfgang Schäuble had a major role in the definition of the austerity policies "
            "mostly imposed on the periphery European countries",
            "established",
            "Sara Moreira",
            "state",
            HEADLINE[A012],
        ),
        (
            "North Korea warns: North Korea attacks any loudspeakers broadcasting propaganda; "
            "North Korea responds militarily within 48 hours if the broadcasts do not stop",
            "after",
            "North and South Korea exchanged artillery fire",
            "the article's account",
            AUTHOR_009,
            None,
            HEADLINE[A009],
        ),
        (
            "Yonhap news agency cites Korean Central News Agency, who announces: North Korea's "
            'military was placed on high alert; North Korea put its military in a "quasi-state '
            'of war" (told it to prepare one)',
            "after",
            "North and South Korea exchanged artillery fire",
            "the article's account",
            AUTHOR_009,
            None,
            HEADLINE[A009],
        ),
        (
            "Rehman Malik (Interior Minister) claims, in a tweet, that he spoke to the Prime "
            "Minister, who ordered Twitter reopened, and to Raja Pervez Ashraf",
            "in response to",
            "The block on Twitter in Pakistan is removed",
            "the article's account",
            "Awab Alvi",
            None,
            HEADLINE[A007],
        ),
        (
            "There is an unsustainable situation in towns and cities around the UK",
            "because of",
            "Overwhelming numbers of people are arriving in the UK illegally",
            "alleged",
            "Suella Braverman",
            "say",
            HEADLINE[A001],
        ),
        (
            "There is an unsustainable situation in towns and cities around the UK",
            "because of",
            "The UK has legal duties to accommodate the people who arrive",
            "alleged",
            "Suella Braverman",
            "say",
            HEADLINE[A001],
        ),
        (
            "Echo Moskvy's website behaved erratically",
            "because of",
            "Echo Moskvy's website was under a DDoS attack",
            "alleged",
            "Varfolomeev",
            "say",
            HEADLINE[A011],
        ),
        (
            "Mikhailov doesn't put all of his eggs in one basket (he streams on more than one "
            "service)",
            "because of",
            "Russian opposition websites and social networks were attacked",
            "alleged",
            "Andrey Tselikov",
            "suggest",
            HEADLINE[A011],
        ),
        (
            "Unknown parties launched a DDoS attack on Ustream.tv",
            "because of",
            "Kirill Mikhailov (reggamortis1) covers opposition rallies and protests in Moscow on "
            "Ustream.tv",
            "established",
            "Andrey Tselikov",
            "state",
            HEADLINE[A011],
        ),
        # the Kremlin's and Nashi's part is Mikhailov's accusation, not the article's
        (
            "Ustream.tv was down for ten hours before it began operating normally again",
            "because of",
            "The Russian government (kremlin.ru) and Nashi (nashi.su) are conducting the DDoS "
            "attack against Ustream.tv",
            "alleged",
            "Kirill Mikhailov",
            "accuse",
            HEADLINE[A011],
        ),
    ]
