"""The published pages read as a fact-checker reads them: a hedged statement never
reads as a plain one, a statement one source relays is never given to another, and
nothing is dated or shown as established that the text does not say. Each test is
a finding of the audit of the seeds' pages."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from claimgraph.rdf.vocab import CG

BASE = "http://127.0.0.1:8000/"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
A000 = "000_68f2744142ff802d"
A001 = "001_wikinews_uk_asylum_questionnaire"
A003 = "003_globalvoices_armenia_bail"
A004 = "004_globalvoices_armenia_controversy"
A005 = "005_wikinews_scientology_defector"
A006 = "006_wikinews_canada_document"
A007 = "007_globalvoices_pakistan_twitter_block"
A008 = "008_globalvoices_russia_khinshtein_tweets"
A009 = "009_wikinews_north_korea_quasi_war"
A010 = "010_wikinews_indonesia_asylum_rescue"
A013 = "013_globalvoices_armenia_balloons"


def claim(article: str, ident: str) -> URIRef:
    return URIRef(f"{BASE}article/{article}/claim/{ident}")


def sentence(graph: Graph, node: URIRef) -> str:
    """A claim's chain sentence: its alternative label when a summary is its label."""
    found = graph.value(node, SKOS.altLabel) or graph.value(node, RDFS.label)
    assert found is not None, node
    return str(found)


def page(client: TestClient, iri: str) -> str:
    response = client.get("/" + iri.removeprefix(BASE), headers={"accept": BROWSER})
    assert response.status_code == 200, iri
    return html.unescape(re.sub(r"<[^>]+>", "", response.text))


def test_a_hedged_statement_is_not_labelled_as_a_plain_one(corpus_graph: Graph) -> None:
    """The leaked letter says "we may extend": the chain sentence said "Home Office
    says: The Home Office extends …", with the hedge only in a badge."""
    assert sentence(corpus_graph, claim(A001, "letter-extend")) == (
        "Home Office says (hedged: possible): The Home Office extends the use of the "
        "questionnaire to other claimants awaiting an asylum decision"
    )
    # the report of it keeps the hedge where it belongs, on the letter's hop
    assert sentence(corpus_graph, claim(A001, "c-letter-extend")).startswith(
        "The article's author reports that Home Office says (hedged: possible): "
    )
    # "laws ... expected next month": the article's own hedge
    assert sentence(corpus_graph, claim(A001, "c-law-expected")).startswith(
        "The article's author states (hedged: probable): "
    )
    # a hedge on a reporting hop stays on that hop ("seems … to many bloggers")
    assert sentence(corpus_graph, claim(A008, "art-outrageous")).startswith(
        "Kevin Rothrock reports (hedged: probable) that many bloggers criticise: "
    )


def test_every_hedged_hop_shows_its_hedge_and_no_other_does(corpus_graph: Graph) -> None:
    """Across the corpus: a chain sentence says "(hedged: …)" exactly as often as its
    hops are probable or possible."""
    for node in set(corpus_graph.subjects(CG.certainty, None)):
        if (node, RDFS.label, None) not in corpus_graph:
            continue
        hops, hop = [node], node
        while (relayed := corpus_graph.value(hop, CG.relays)) is not None and len(
            list(corpus_graph.objects(hop, CG.relays))
        ) == 1:
            hops.append(relayed)
            hop = relayed
        if len(list(corpus_graph.objects(hop, CG.relays))) > 1:
            continue  # a branching chain: one clause per branch, checked below
        hedged = [
            str(corpus_graph.value(h, CG.certainty)).rpartition("#")[2]
            for h in hops
            if str(corpus_graph.value(h, CG.certainty)).rpartition("#")[2]
            in ("probable", "possible")
        ]
        found = re.findall(r"\(hedged: (\w+)\)", sentence(corpus_graph, node))
        assert found == hedged, (node, sentence(corpus_graph, node))


def test_a_statement_relayed_down_a_branch_keeps_its_own_speaker_and_act(
    corpus_graph: Graph,
) -> None:
    """Navalny quotes Udaltsov, who says the officials were in contact and reports
    that they *promise* to approve the march. The article's report of Navalny's
    tweet said "Udaltsov, who says: …; The Mayor's office approves the 6 May march",
    dropping the promise (its hop was on another branch of the chain)."""
    for ident in ("art-navalny-en-udaltsov", "navalny-cites-udaltsov"):
        text = sentence(corpus_graph, claim(A008, ident))
        assert (
            "Sergei Udaltsov, who reports that Officials from the Mayor's office promise: "
            "The Mayor's office approves the 6 May march within an hour"
        ) in text, text
        assert "organisers; The Mayor's office approves" not in text, text
        assert "cites that" not in text, text


def test_a_negation_does_not_run_over_another_statement(corpus_graph: Graph) -> None:
    """Baird was told two things: the document is *not* classified, and it *is*
    stuff available under access to information. One "it is not so that" ran over
    both."""
    text = sentence(corpus_graph, claim(A006, "c-baird-told"))
    assert text == (
        "The article's author reports that John Baird (Environment Minister) reports that "
        "whoever told John Baird says: it is not so that The document is classified or "
        "secret; and that whoever told John Baird says: The document is stuff that could "
        "be available under access to information"
    )


def test_an_actor_page_shows_a_hedged_allegation_with_its_hedge(client: TestClient) -> None:
    """The Khapazyan brothers are only "believed" part of a Neo-Nazi group: the
    actor page listed it as "asserted by Onnik Krikorian", like a plain assertion."""
    text = page(client, f"{BASE}actor/khapazyan-brothers")
    line = next(line for line in text.splitlines() if "part of a local Neo-Nazi group" in line)
    assert "alleged asserted by Onnik Krikorian (hedged: probable)" in line, line
    # the headline calls them firebombers outright: no hedge for him on that one
    line = next(line for line in text.splitlines() if "are the firebombers of D.I.Y." in line)
    assert "Onnik Krikorian (hedged" not in line, line
    # a hedged denial keeps its hedge too (Al Aswany's rhetorical questions)
    drug_dealer = page(
        client, f"{BASE}article/002_globalvoices_egypt_gizawy/claim/aswany-questions"
    )
    assert "denied by Alaa Al Aswany (hedged: probable)" in drug_dealer


def test_no_established_event_stands_without_the_claim_that_states_it(
    corpus_graph: Graph,
) -> None:
    """004 had an event "The two ARF-D MPs publicly justified the attack", established,
    that no claim stated (its page said "(no claim asserts it)"): the justification is
    the MPs' statements, which the article reports."""
    assert (URIRef(f"{BASE}article/{A004}/event/mps-justified-attack"), None, None) not in (
        corpus_graph
    )
    orphans = [
        event
        for event in set(corpus_graph.subjects(CG.status, CG.established))
        if (None, CG.asserts, event) not in corpus_graph
        and (event, RDFS.label, None) in corpus_graph
        and (None, CG.about, event) not in corpus_graph
    ]
    assert orphans == []


def test_an_event_is_not_dated_by_the_article_that_reports_it(corpus_graph: Graph) -> None:
    """Raisinghani's refusal was dated 15 August 2008, the article's day; the text
    does not say when she refused."""
    refused = URIRef(f"{BASE}article/{A006}/event/raisinghani-refused")
    assert corpus_graph.value(refused, CG.date) == Literal(
        "2008-08", datatype=URIRef("http://www.w3.org/2001/XMLSchema#gYearMonth")
    )
    # the handover to the CBC is the lede's "today": that one is the article's day
    given = URIRef(f"{BASE}article/{A006}/event/given-to-cbc")
    assert str(corpus_graph.value(given, CG.date)) == "2008-08-15"


def test_a_denial_is_of_what_the_denier_said_not_of_another_accounts_details(
    corpus_graph: Graph,
) -> None:
    """ "Scientology officials have stated they have not received the materials": the
    page said they deny that Montalvo returned the property "by mail shortly after
    leaving the Sea Org", which is Rathbun's account, not their words."""
    text = sentence(corpus_graph, claim(A005, "officials-deny"))
    assert text.endswith(
        "deny: Scientology has received the materials (the hard drives) from Montalvo"
    )
    assert "by mail" not in text
    # Rathbun's account keeps its details, and the contradiction stays recorded
    assert "by mail" in sentence(corpus_graph, claim(A005, "rathbun-returned"))
    assert (claim(A005, "officials-deny"), CG.contradicts, claim(A005, "rathbun-returned")) in (
        corpus_graph
    )


def test_a_source_is_not_given_another_accounts_timing(corpus_graph: Graph) -> None:
    """ProPakistani's sources say only that the ban was lifted early; the page gave
    them the article's own, hedged, "by around 10pm, roughly nine hours after it
    started"."""
    sources = sentence(corpus_graph, claim(A007, "pp-sources-lifted"))
    assert "10pm" not in sources and "nine hours" not in sources, sources
    own = sentence(corpus_graph, claim(A007, "art-unblocked"))
    assert own.startswith("Awab Alvi suggests (hedged: probable): "), own
    assert "by around 10pm, roughly nine hours after it started" in own, own


def _rows(client: TestClient, iri: str) -> list[str]:
    response = client.get("/" + iri.removeprefix(BASE), headers={"accept": BROWSER})
    assert response.status_code == 200, iri
    return [html.unescape(row) for row in re.findall(r"<tr>.*?</tr>", response.text, re.S)]


def test_a_denial_is_not_listed_as_asserting_what_it_denies(client: TestClient) -> None:
    """A denial is a claim whose cg:asserts is negative: the proposition's page listed
    "«Scientology officials» deny: … — asserts this" with nothing to say it is not so."""
    prefix = f"{BASE}article/{A005}/"
    rows = _rows(client, prefix + "proposition/materials-received")
    denial = next(row for row in rows if "claim/officials-deny" in row)
    assert "asserts" in denial and "that it is not so" in denial, denial
    # Rathbun's statement that the drives were returned asserts its event plainly
    rows = _rows(client, prefix + "event/property-returned")
    plain = next(row for row in rows if "claim/rathbun-returned" in row)
    assert "that it is not so" not in plain, plain
    moxon = next(row for row in rows if "claim/moxon-never-returned" in row)
    assert "that it is not so" in moxon, moxon
    # and the denial's own page says so beside its cg:asserts
    rows = _rows(client, prefix + "claim/officials-deny")
    own = next(row for row in rows if "proposition/materials-received" in row)
    assert "that it is not so" in own, own


def test_a_factive_act_is_in_the_texts_words(corpus_graph: Graph) -> None:
    """ "reveals" and "confirms" vouch for what they carry: a hop has one of them only
    where the text says so (its cue, or the cue of a hop that reports it). 004's
    Unzipped post "revealed" Barkhudaryan's Facebook page where the article says
    "reports Unzipped"."""
    words = ("reveal", "confirm", "expos", "shed light")
    for act in (CG.actReveal, CG.actConfirm):
        for hop in set(corpus_graph.subjects(CG.speechAct, act)):
            reporting = [hop, *corpus_graph.transitive_subjects(CG.relays, hop)]
            cues = [
                str(text).lower()
                for each in reporting
                for cue in corpus_graph.objects(each, CG.hasCue)
                for text in corpus_graph.objects(cue, CG.anchorOf)
            ]
            quotes = [
                str(text).lower()
                for each in reporting
                for quote in corpus_graph.objects(each, CG.hasQuote)
                for text in corpus_graph.objects(quote, CG.anchorOf)
            ]
            assert any(w in c for c in cues + quotes for w in words), (hop, cues)
    page = claim(A004, "unzipped-page")
    assert corpus_graph.value(page, CG.speechAct) == CG.actSay


def test_an_alleged_event_page_does_not_read_as_having_happened(client: TestClient) -> None:
    """An event page's title is the event's label ("Secret understanding between the
    Bouteflika government and Belmokhtar"); its status was a row far down the table."""
    prefix = f"{BASE}article/000_68f2744142ff802d/event/"
    response = client.get(
        "/" + (prefix + "secret-understanding").removeprefix(BASE), headers={"accept": BROWSER}
    )
    text = html.unescape(response.text)
    assert "<title>[alleged] Secret understanding between the Bouteflika" in text
    standing = text[text.index('<p class="standing">') :]
    standing = re.sub(r"<[^>]+>", "", standing[: standing.index("</p>")])
    assert standing.startswith("Status: alleged asserted by "), standing
    assert "anonymous source: «a very sensitive source»" in standing, standing
    assert "it does not say that it happened or holds" in standing, standing
    # an established one says so, without the warning
    response = client.get(
        "/" + (prefix + "gao-kidnapping").removeprefix(BASE), headers={"accept": BROWSER}
    )
    text = html.unescape(response.text)
    assert "<title>Kidnapping of the Algerian consul" in text
    standing = text[text.index('<p class="standing">') :]
    standing = re.sub(r"<[^>]+>", "", standing[: standing.index("</p>")])
    assert standing.startswith("Status: established asserted by "), standing
    assert "does not say" not in standing
    # a claim has no status of its own: no line
    lede = client.get("/article/000_68f2744142ff802d/claim/lede", headers={"accept": BROWSER}).text
    assert '<p class="standing">' not in lede


def test_an_actor_page_says_who_reports_what_the_actor_is_said_to_have_said(
    client: TestClient,
) -> None:
    """Moxon's words are known only from Rathbun's blog ("Moxon proceeded to lie to
    Daniel that the hard drives were never returned"): Moxon's page listed "Moxon
    tells Montalvo that the hard drives were never returned — claimant this", as if he
    had been heard saying it."""
    rows = _rows(client, f"{BASE}article/{A005}/actor/kendrick-moxon")
    told = next(row for row in rows if "claim/moxon-never-returned" in row)
    assert "as reported by" in told and "Mark Rathbun" in re.sub(r"<[^>]+>", "", told), told
    # a statement many report names each reporter (Minasyan's, 003 and 004)
    rows = _rows(client, f"{BASE}actor/artsvik-minasyan")
    justifies = next(row for row in rows if "claim/minasyan-justifies" in row)
    text = re.sub(r"<[^>]+>", "", justifies)
    for reporter in ("the local media", "@Lara_Aha", "Onnik Krikorian"):
        assert reporter in text.split("as reported by", 1)[1], text


def test_a_report_of_part_of_a_statement_carries_that_part_alone(corpus_graph: Graph) -> None:
    """@Lara_Aha's tweet gives only Minasyan's "people like tsomak(gay) destroying
    #Armenia"; article 004 only that the MPs were "justifying the attack"; the lede of
    000 only the encouraged attacks. Their chain sentences gave each the whole
    statement ("The Khapazyan brothers are "normal people"; …"): each now says
    only what it reports (reports_only)."""
    assert sentence(corpus_graph, claim(A003, "lara-aha-minasyan")) == (
        '@Lara_Aha reports that Artsvik Minasyan (MP) says: Tsomak Oganesova "destroys '
        'Armenian society"'
    )
    tweet = sentence(corpus_graph, claim(A003, "quotes-tweet-lara-aha"))
    assert tweet.endswith(
        "and that @Lara_Aha reports that Artsvik Minasyan (MP) says: Tsomak Oganesova "
        '"destroys Armenian society"'
    ), tweet
    assert sentence(corpus_graph, claim(A004, "mps-justify")) == (
        "Onnik Krikorian reports that Artsvik Minasyan (MP) says: The firebombing of D.I.Y. "
        "was justified; and that Hrayr Karapetyan (MP) says: The firebombing of D.I.Y. was "
        "justified"
    )
    for ident in ("lede", "headline"):
        assert sentence(corpus_graph, claim(A000, ident)) == (
            "The article's author reports that Sidney Blumenthal (aide) cites the anonymous "
            "source «a very sensitive source», who says: Algeria encouraged Belmokhtar's "
            "attacks on Moroccan interests in Western Sahara"
        )
    # the local media's report, and the e-mail's quote, carry the whole statement
    assert "normal people" in sentence(corpus_graph, claim(A003, "minasyan-quoted"))
    assert "Secret understanding" in sentence(corpus_graph, claim(A000, "email-quote"))


def test_a_partial_reports_page_says_what_part_it_reports(client: TestClient) -> None:
    text = page(client, str(claim(A003, "lara-aha-minasyan")))
    generated = next(line for line in text.splitlines() if "From its attribution chain" in line)
    assert generated.endswith(
        "From its attribution chain: @Lara_Aha reports that Artsvik Minasyan (MP) says: "
        'Tsomak Oganesova "destroys Armenian society"'
    ), generated
    # the hop in the chain, and its statements
    chain = re.sub(r"\s+", " ", text[text.index("Attribution chain") :])
    assert '@Lara_Aha reports only: Tsomak Oganesova "destroys Armenian society"' in chain
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row)).strip()
        for row in _rows(client, str(claim(A003, "lara-aha-minasyan")))
    ]
    assert [row for row in rows if row.startswith(("reports only", "about "))] == [
        'about Tsomak Oganesova "destroys Armenian society" alleged asserted by Artsvik Minasyan',
        'reports only Tsomak Oganesova "destroys Armenian society" alleged asserted by Artsvik '
        "Minasyan",
    ]


def test_a_partial_reporter_is_listed_under_the_parts_it_reports_only(
    client: TestClient,
) -> None:
    """On the page of what Minasyan said of the brothers, his statement is "as reported
    by" the local media only; on the page of what he said of Tsomak, by @Lara_Aha too;
    on his own page, each partial reporter with its part."""
    prefix = f"{BASE}article/{A003}/proposition/"
    rows = _rows(client, prefix + "brothers-normal-people")
    statement = re.sub(r"<[^>]+>", "", next(r for r in rows if "claim/minasyan-justifies" in r))
    reported = statement.split("as reported by", 1)[1]
    assert "the local media" in reported, statement
    assert "@Lara_Aha" not in reported and "Onnik Krikorian" not in reported, statement
    # nor is the tweet, or 004's report, a claim about it
    assert not [r for r in rows if "lara-aha-minasyan" in r or "mps-justify" in r]
    rows = _rows(client, prefix + "oganesova-destroys-society")
    statement = re.sub(r"<[^>]+>", "", next(r for r in rows if "claim/minasyan-justifies" in r))
    assert "@Lara_Aha" in statement.split("as reported by", 1)[1], statement
    assert [r for r in rows if "claim/lara-aha-minasyan" in r]
    rows = _rows(client, f"{BASE}actor/artsvik-minasyan")
    statement = re.sub(r"<[^>]+>", "", next(r for r in rows if "claim/minasyan-justifies" in r))
    assert '@Lara_Aha (only: Tsomak Oganesova "destroys Armenian society")' in statement
    assert "Onnik Krikorian (only: The firebombing of D.I.Y. was justified)" in statement
    assert "the local media (only" not in statement


A002 = "002_globalvoices_egypt_gizawy"


def test_disbelief_is_not_denial(corpus_graph: Graph, client: TestClient) -> None:
    """ "Egyptians don't buy this claim" was annotated as a denial: the pages said
    "Egyptians deny: …", and the drug account's pages counted them among those who
    deny it. They doubt it (act: doubt): a doubt asserts nothing, for or against."""
    content = (
        "El Gizawy was arrested after being found in possession of more than 21,000 Xanax "
        "pills; El Gizawy found in possession of more than 21,000 pills of the "
        "anti-depressant Xanax"
    )
    assert sentence(corpus_graph, claim(A002, "egyptians-reject")) == (
        f"Egyptians doubt: {content}"
    )
    assert sentence(corpus_graph, claim(A002, "art-egyptians-reject")) == (
        f"Tarek Amr reports that Egyptians doubt: {content}"
    )
    assert sentence(corpus_graph, claim(A002, "zeinobia-young")) == (
        f"Zeinobia reports that Young Egyptians on social networks doubt: {content}"
    )
    chain = re.sub(r"\s+", " ", page(client, str(claim(A002, "egyptians-reject"))))
    assert "Egyptians doubts · statement by Egyptians" in chain
    assert "no polarity: neither affirms nor denies" in chain
    assert "polarity: None" not in chain and "deny" not in chain.split("In the article")[0]
    # the account's pages: asserted by the Saudi officials, doubted by the Egyptians,
    # denied by no one
    for content_page in ("event/xanax-possession", "proposition/arrest-for-drugs"):
        text = re.sub(r"\s+", " ", page(client, f"{BASE}article/{A002}/{content_page}"))
        standing = text[text.index("Status:") : text.index("The title names")]
        assert "denied by" not in standing, standing
        assert standing.endswith(
            "; doubted (neither asserted nor denied) by Egyptians, Young Egyptians on "
            "social networks. "
        ), standing
        assert "asserted by anonymous source: «Saudi officials»" in standing.replace(
            "Saudi authorities, ", ""
        )


def test_a_qualified_denial_does_not_read_as_a_flat_one(
    corpus_graph: Graph, client: TestClient
) -> None:
    """ "The government then says it wasn't particularly sensitive" was shown as
    "Government of Canada says: it is not so that The Environment Canada document
    is sensitive": a flat denial. The hop now says how far (degree)."""
    said = "Government of Canada says: it is not «particularly» so that The Environment "
    assert sentence(corpus_graph, claim(A006, "gov-not-sensitive")) == (
        said + "Canada document is sensitive"
    )
    assert sentence(corpus_graph, claim(A006, "c-dewar-gov-says")).endswith(
        "reports that Paul Dewar (MP) reports that " + said + "Canada document is sensitive"
    )
    chain = re.sub(r"\s+", " ", page(client, str(claim(A006, "gov-not-sensitive"))))
    assert "polarity: negative, to a degree: not «particularly»" in chain
    assert "that it is not «particularly» so" in chain  # what it asserts, in its statements
    text = re.sub(r"\s+", " ", page(client, f"{BASE}article/{A006}/proposition/document-sensitive"))
    standing = text[text.index("Status:") : text.index("Statements")]
    assert "Government of Canada (as not «particularly» so)" in standing, standing
    assert "denied by" in standing.split("Government of Canada")[0], standing


def _row_text(row: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", row)).strip()


def test_a_doubt_is_listed_as_doubting_what_it_is_about(client: TestClient) -> None:
    """The drug account's page listed the Egyptians' doubt under "Referred to by" as
    "about this", like a report of it: it doubts it, and says that it takes no side."""
    rows = _rows(client, f"{BASE}article/{A002}/event/xanax-possession")
    for ident in ("egyptians-reject", "young-egyptians-reject"):
        doubt = _row_text(next(row for row in rows if f'claim/{ident}"' in row))
        assert doubt.endswith("doubts this neither asserts nor denies it"), doubt
        assert "about this" not in doubt
    # a report of the doubt is about the account, and says so
    report = _row_text(next(row for row in rows if 'claim/art-egyptians-reject"' in row))
    assert report.endswith("about this") and "reports that Egyptians doubt" in report, report


def test_a_claimed_author_is_shown_with_who_claims_it(client: TestClient) -> None:
    """Only Unzipped says that Hakob Barkhudaryan created the Facebook page ("Indeed,
    reports Unzipped"): his page listed "In support of firebombers of DIY club —
    author this", and the page's own "author Hakob Barkhudaryan", as facts."""
    account = (
        "according to Unzipped: Gay Armenia (as reported by Onnik Krikorian): Hakob "
        'Barkhudaryan created a homophobic Facebook page, "In support of firebombers of '
        'DIY club", praising the arsonists alleged'
    )
    rows = [_row_text(r) for r in _rows(client, f"{BASE}article/{A004}/actor/hakob-barkhudaryan")]
    page_row = next(row for row in rows if row.startswith("In support of firebombers"))
    assert page_row == f"In support of firebombers of DIY club alleged author this — {account}"
    rows = [
        _row_text(r)
        for r in _rows(client, f"{BASE}article/{A004}/document/barkhudaryan-facebook-page")
    ]
    assert f"alleged author Hakob Barkhudaryan — {account}" in rows, rows
    assert not any(row.startswith("author ") for row in rows), rows
    # Le Retour in 3 Parts says only that "one state official" did it
    assert "Le Retour" not in page_row


def test_a_status_reads_as_words_not_as_a_code(client: TestClient) -> None:
    """Rathke urges the governments of the region to work together: the event's page
    was titled "[calledFor] …" and read "Status: calledFor asserted by Jeff Rathke",
    the IRI's local name, where its table said "called for"."""
    text = page(client, f"{BASE}article/{A010}/event/region-work-together")
    assert text.lstrip().startswith("[called for] The governments of the region"), text[:80]
    assert "Status: called for asserted by Jeff Rathke." in re.sub(r"\s+", " ", text)
    assert "calledFor" not in text
    # wherever an event is listed with its standing
    rows = [_row_text(r) for r in _rows(client, f"{BASE}article/{A010}/actor/region-governments")]
    row = next(row for row in rows if row.startswith("The governments of the region work"))
    assert "now at sea called for asserted by Jeff Rathke" in row, row


def test_a_report_of_several_statements_is_not_shown_as_reported_several_times(
    client: TestClient,
) -> None:
    """ "according to AFP, the United Nations and United States have both criticised":
    AFP's report relays two statements. Its page said "2 ways this claim is reported",
    each chain headed "As reported in Over 900 asylum seekers …", as if the article
    had reported AFP twice. Each chain is now headed by the statement it ends at."""
    policy = "Malaysia and Indonesia have maintained a policy of turning away boats of migrants"
    for ident in ("afp-criticised", "c-afp-criticised"):
        text = page(client, f"{BASE}article/{A010}/claim/{ident}")
        assert "ways this claim is reported" not in text
        assert "As reported in" not in text
        assert "This claim relays 2 statements, each its own chain" in text
        assert re.findall(r"^\d\. .*$", text, re.M) == [
            f"1. United Nations criticises: {policy}",
            f"2. United States criticises: {policy}",
        ]
    # KCNA's quotation relays its own accusation and the South's "pretext"
    text = page(client, f"{BASE}article/{A009}/claim/c-kcna-provocation")
    headings = sorted(h[3:] for h in re.findall(r"^\d\. .*$", text, re.M))
    assert len(headings) == 2, headings
    assert headings[0].startswith("Korean Central News Agency accuses: The South Korean military")
    assert (
        headings[1] == "The South Korean military claims: The KPA fired one shell at the south side"
    )
    # two statements of one source are told apart (Baird was told two things)
    text = page(client, f"{BASE}article/{A006}/claim/c-baird-told")
    headings = re.findall(r"^\d\. .*$", text, re.M)
    assert len(headings) == len(set(h[3:] for h in headings)) == 2, headings
    # a statement several reports relay keeps its reports as its chains' headings
    text = page(client, f"{BASE}article/{A003}/claim/minasyan-justifies")
    assert "3 ways this claim is reported" in text
    headings = re.findall(r"^\d\. .*$", text, re.M)
    assert len(headings) == 3, headings
    assert all(h[3:].startswith("As reported in ") and "down to" not in h for h in headings)
    # reported several ways and relaying several statements: both in each heading
    text = page(client, f"{BASE}article/{A008}/claim/navalny-cites-udaltsov")
    assert "This claim is reported 2 ways and relays 2 statements: 4 chains" in text
    headings = re.findall(r"^\d\. .*$", text, re.M)
    assert len(headings) == 4, headings
    assert all(h[3:].startswith("As reported in ") and ", down to: " in h for h in headings)


def test_nothing_reported_is_not_a_denial(corpus_graph: Graph, client: TestClient) -> None:
    """ "No injuries or deaths were reported in the attacks from either side" was
    annotated as a statement of "whoever reported on the attacks", who "says: it is
    not so that There were injuries or deaths", and the casualties as denied: the
    text names no one who said there were none, only that none were reported."""
    assert sentence(corpus_graph, claim(A009, "c-no-casualties")) == (
        "The article's author states: No injuries or deaths were reported in the attacks "
        "from either side"
    )
    text = page(client, f"{BASE}article/{A009}")
    assert "it is not so that" not in text
    assert "whoever reported" not in text


def test_a_boat_is_not_made_another_groups_by_the_annotator(client: TestClient) -> None:
    """Muhammad Amin says "the first boat rescued on Friday was turned around twice":
    the over 700 the fishermen rescued were listed as its victims, and he as "one of
    those rescued"; the text says neither."""
    rows = [_row_text(r) for r in _rows(client, f"{BASE}article/{A010}/actor/boat-asylum-seekers")]
    assert not any("turned around" in row for row in rows), rows
    rows = [_row_text(r) for r in _rows(client, f"{BASE}article/{A010}/actor/muhammad-amin")]
    assert "description A Rohingya." in rows, rows


def test_a_call_does_not_read_stronger_than_its_words(
    corpus_graph: Graph, client: TestClient
) -> None:
    """ "We urge the governments …" read "Jeff Rathke … demands: …" (act demand);
    it reads "calls for", and the claim's page gives the article's word. "Rathke
    also asked …" is a request: "asks for", weaker than a call."""
    said = sentence(corpus_graph, claim(A010, "rathke-urge"))
    assert said.startswith("Jeff Rathke (State Department Spokesperson) calls for: "), said
    assert "demand" not in said
    chain = re.sub(r"\s+", " ", page(client, str(claim(A010, "c-rathke-urge"))))
    assert "calls for" in chain and "demands" not in chain
    said = sentence(corpus_graph, claim(A010, "rathke-asked"))
    assert said.startswith("Jeff Rathke (State Department Spokesperson) asks for: "), said
    assert (claim(A010, "rathke-asked"), CG.speechAct, CG.actRequest) in corpus_graph


def test_an_order_and_a_request_read_as_what_they_are(
    corpus_graph: Graph, client: TestClient
) -> None:
    """Page audit item 8: Kim Jong-un's "issued an order" (009) and the PTA e-mail
    "ordering" the providers (007) read "calls for", as did 005's "requested
    donations": an order now reads "orders", a request "asks for"."""
    kim = sentence(corpus_graph, claim(A009, "kim-wartime-order"))
    assert kim.startswith("Kim Jong-un (supreme commander) orders: "), kim
    assert (claim(A009, "kim-wartime-order"), CG.speechAct, CG.actOrder) in corpus_graph
    chain = re.sub(r"\s+", " ", page(client, str(claim(A009, "c-kcna-kim-order"))))
    assert " orders" in chain and "calls for" not in chain, chain
    said = sentence(corpus_graph, claim(A005, "rathbun-donations"))
    assert " asks for: " in said and "calls for" not in said, said


def test_a_question_is_neither_a_call_nor_a_statement(
    corpus_graph: Graph, client: TestClient
) -> None:
    """Page audit item 5: Baird "has asked government officials how such documents
    that are supposed to be stored in 'approved security cabinets' wound up on the
    street" (006) read as a call for an explanation, and the cabinets' rule, which
    his question takes as given, said "(no claim asserts it)". The question (act
    ask) now asserts what it takes as given, and nothing else."""
    said = sentence(corpus_graph, claim(A006, "baird-asked"))
    assert said.startswith("John Baird (Environment Minister) asks, taking as given: "), said
    assert (claim(A006, "baird-asked"), CG.speechAct, CG.actAsk) in corpus_graph
    text = re.sub(r"\s+", " ", page(client, f"{BASE}article/{A006}/proposition/approved-cabinets"))
    standing = text[text.index("Status:") :]
    assert "(no claim asserts it)" not in standing, standing
    assert "asserted by John Baird (taking it as given in a question)" in standing, standing
    # 013: "why did they fill balloons with Hydrogen?" takes the hydrogen as given
    said = sentence(corpus_graph, claim(A013, "phooto-hydrogen"))
    assert said == "@Phooto asks, taking as given: The balloons were filled with hydrogen", said


def test_a_criticism_without_its_grounds_holds_nothing(
    corpus_graph: Graph, client: TestClient
) -> None:
    """ "The Untied Nations and United States have both criticised" the policy: the
    criticism asserted "… policy … is wrong", the annotator's words. It is now
    about the policy alone, and the policy's page lists the critics apart."""
    said = sentence(corpus_graph, claim(A010, "un-criticised"))
    assert said == (
        "United Nations criticises: Malaysia and Indonesia have maintained a policy of "
        "turning away boats of migrants"
    )
    assert "wrong" not in sentence(corpus_graph, claim(A010, "c-afp-criticised"))
    text = re.sub(r"\s+", " ", page(client, f"{BASE}article/{A010}/proposition/turn-away-policy"))
    standing = text[text.index("Status:") : text.index("Statements")]
    assert "criticised by United Nations, United States" in standing, standing


def test_two_reports_in_one_article_are_told_apart(client: TestClient) -> None:
    """008 reports Navalny's quoting of Udaltsov's tweet twice, in Russian and in
    the article's translation: the two chains were both headed "As reported in
    Russia: …", as if they were one report shown twice. Each heading now gives its
    report's own words."""
    text = page(client, f"{BASE}article/{A008}/claim/navalny-cites-udaltsov")
    headings = re.findall(r"^\d\. As reported in .*$", text, re.M)
    # two reports, each down to Udaltsov's two statements: four chains, none alike
    assert len(headings) == len(set(headings)) == 4, headings
    assert sum("(«Чиновники из мэрии" in h for h in headings) == 2, headings
    assert sum("(«Officials from the Mayor's office" in h for h in headings) == 2, headings
