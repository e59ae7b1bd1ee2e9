"""Linked data: every minted IRI resolves (HTML for browsers, RDF by Accept or
extension, 404 when unknown); the landing page; the ontology at its namespace."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from claimgraph.rdf.vocab import CG_IRI
from claimgraph.web.app import create_app
from claimgraph.web.examples import examples
from claimgraph.web.settings import ServerSettings
from tests.conftest import SEED_ID, SEEDS

BASE = "http://127.0.0.1:8000/"
ARTICLE = f"article/{SEED_ID}"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _subjects(client: TestClient) -> list[str]:
    response = client.get(
        "/sparql",
        params={
            "query": f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{BASE}')) }}"
        },
    )
    return [b["s"]["value"] for b in response.json()["results"]["bindings"]]


def test_every_minted_iri_resolves_as_turtle(client: TestClient) -> None:
    subjects = _subjects(client)
    assert len(subjects) > 80
    for iri in subjects:
        response = client.get("/" + iri.removeprefix(BASE), headers={"accept": "text/turtle"})
        assert response.status_code == 200, iri
        triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
        assert any(t.subject.value == iri for t in triples), iri


def test_every_minted_iri_has_a_page(client: TestClient) -> None:
    for iri in _subjects(client):
        response = client.get("/" + iri.removeprefix(BASE), headers={"accept": BROWSER})
        assert response.status_code == 200, iri
        assert response.headers["content-type"].startswith("text/html")


def test_every_named_graph_the_service_lists_resolves(client: TestClient) -> None:
    """Each graph IRI the service description names (graph/build included)
    resolves like any minted IRI: RDF about it, and a page."""
    description = client.get("/sparql", headers={"accept": "application/n-triples"})
    sd_name = "http://www.w3.org/ns/sparql-service-description#name"
    names = [
        t.object.value
        for t in ox.parse(description.content, format=ox.RdfFormat.N_TRIPLES)
        if t.predicate.value == sd_name
    ]
    assert BASE + "graph/build" in names and BASE + "graph/registry" in names
    for iri in names:
        path = "/" + iri.removeprefix(BASE)
        rdf = client.get(path, headers={"accept": "text/turtle"})
        assert rdf.status_code == 200, iri
        assert any(
            t.subject.value == iri for t in ox.parse(rdf.content, format=ox.RdfFormat.TURTLE)
        )
        page = client.get(path, headers={"accept": BROWSER})
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    build = client.get("/graph/build.ttl").text
    assert "wasGeneratedBy" in build  # the build activity that made it


@pytest.mark.parametrize(
    ("extension", "fmt"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("nt", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_format_by_extension(client: TestClient, extension: str, fmt: ox.RdfFormat) -> None:
    response = client.get(f"/actor/mokhtar-belmokhtar.{extension}", headers={"accept": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(fmt.media_type)
    triples = list(ox.parse(response.content, format=fmt))
    iri = BASE + "actor/mokhtar-belmokhtar"
    assert any(t.subject.value == iri for t in triples)
    assert any(t.object.value == iri for t in triples)  # links both ways


def test_json_ld_by_accept(client: TestClient) -> None:
    response = client.get("/actor/mokhtar-belmokhtar", headers={"accept": "application/ld+json"})
    assert response.headers["content-type"].startswith("application/ld+json")


def test_unknown_iri_is_404(client: TestClient) -> None:
    machine = client.get("/actor/nobody-at-all", headers={"accept": "text/turtle"})
    assert machine.status_code == 404
    assert "nobody-at-all" in machine.json()["error"]["message"]
    browser = client.get("/actor/nobody-at-all", headers={"accept": BROWSER})
    assert browser.status_code == 404 and "nobody-at-all" in browser.text


def test_claim_page_draws_the_attribution_chain(client: TestClient) -> None:
    page = client.get(f"/{ARTICLE}/claim/lede", headers={"accept": BROWSER}).text
    chain = page[page.index('<ol class="chain">') : page.index("</ol>")]
    who = re.findall(r"<strong><a [^>]*>([^<]+)</a></strong>", chain)
    assert who[1:] == ["Sidney Blumenthal", "anonymous source: «a very sensitive source»"]
    assert who[0].startswith("unnamed author of")
    assert "certainty: certain" in chain and "certainty: underspecified" in chain
    assert "“revealed that”" in chain and "“cites”" in chain
    # each hop shows its own claimant's act: the article reports, the e-mail cites,
    # the source says
    acts = re.findall(r'<span class="act">([^<]*)</span>', chain)
    assert acts == ["reports", "cites", "says"]
    assert "Hillary Clinton" not in who


def test_a_claim_page_shows_its_summary_and_the_sentence_of_its_chain(
    client: TestClient,
) -> None:
    """A summary given in the annotation is the claim's label (the page's title);
    the sentence generated from the chain is shown beside it, not lost."""
    page = html.unescape(client.get(f"/{ARTICLE}/claim/lede", headers={"accept": BROWSER}).text)
    summary = "The article reports the correspondence revealed that Algeria “encouraged”"
    assert f"<title>{summary}" in page
    assert f"<h1>{summary}" in page
    generated = page[page.index('<p class="generated">') :]
    generated = generated[: generated.index("</p>")]
    assert "The title is the annotation’s summary. From its attribution chain:" in generated
    assert (
        "The article's author reports that Sidney Blumenthal (aide) cites the anonymous source "
        "«a very sensitive source», who says: Algeria encouraged Belmokhtar's attacks" in generated
    )
    # a claim without a summary: its title is the chain's sentence, shown once
    plain = client.get(f"/{ARTICLE}/claim/attacks-2012", headers={"accept": BROWSER}).text
    assert 'class="generated"' not in plain


def test_a_denial_page_names_the_denier_not_the_reporter(client: TestClient) -> None:
    page = client.get(
        "/article/001_wikinews_uk_asylum_questionnaire/claim/ho-denies-amnesty",
        headers={"accept": BROWSER},
    ).text
    chain = page[page.index('<ol class="chain">') : page.index("</ol>")]
    rows = re.findall(
        r'<strong><a [^>]*>([^<]+)</a></strong>.*?<span class="act">([^<]*)</span>', chain, re.S
    )
    assert rows[0][0].startswith("unnamed author of") and rows[0][1] == "reports"
    assert rows[1] == ("Home Office", "denies")
    # the words that date the denial are marked in the text, as its cue is
    assert marked(page, "timeexpression") == ["today"]
    assert "polarity: negative" in chain.split("</li>")[1]
    assert "polarity: negative" not in chain.split("</li>")[0]


def test_claim_page_highlights_its_chains_words_in_the_text(client: TestClient) -> None:
    page = client.get(f"/{ARTICLE}/claim/lede", headers={"accept": BROWSER}).text
    quotes, cues = marked(page, "quote"), marked(page, "cue")
    assert quotes == [
        "the Algerian government of Abdelaziz Bouteflika “encouraged” terrorist Mokhtar "
        "Belmokhtar to carry out attacks in Morocco’s southern regions"
    ]
    # its own cue, and that of the e-mail's hop it relays (which cites the source)
    assert cues == ["revealed that", "cites"]


def marked(page: str, kind: str) -> list[str]:
    """The words of the text highlighted as ``kind``, without the links inside."""
    found = re.findall(rf'<mark class="{kind}"[^>]*>(.*?)</mark>', page, re.S)
    return [re.sub(r"<[^>]+>", "", words) for words in found]


def test_article_page_highlights_every_anchor(client: TestClient) -> None:
    page = client.get(f"/{ARTICLE}", headers={"accept": BROWSER}).text
    assert len(marked(page, "quote")) >= 12
    assert len(marked(page, "cue")) >= 11
    assert marked(page, "mention")


def test_a_highlight_links_to_its_claim_or_actor_and_says_what_it_is(client: TestClient) -> None:
    """Each highlight links to what it belongs to, its tooltip a label (not an IRI),
    and a legend says what each colour marks."""
    page = client.get(f"/{ARTICLE}", headers={"accept": BROWSER}).text
    legend = page[page.index('<p class="legend">') : page.index('<div class="text">')]
    for kind in ("quote", "cue", "mention"):
        assert f'<span class="swatch {kind}">' in legend
    mention = re.search(r'<mark class="mention" title="([^"]*)"><a href="([^"]*)">', page)
    assert mention, "a mention without its link"
    title, href = html.unescape(mention.group(1)), mention.group(2)
    assert title.startswith("mention of an actor: ") and "http" not in title, title
    assert client.get(href, headers={"accept": BROWSER}).status_code == 200
    quote = re.search(r'<mark class="quote" title="([^"]*)"><a href="([^"]*)">', page)
    assert quote and quote.group(2).startswith(f"/{ARTICLE}/claim/")
    assert "http" not in html.unescape(quote.group(1))


def test_what_refers_to_a_resource_reads_as_english(client: TestClient) -> None:
    """'Referred to by' says "X relays this", not "relays of X"."""
    page = client.get(f"/{ARTICLE}/claim/email-encouraged", headers={"accept": BROWSER}).text
    referred = page[page.index("<h2>Referred to by</h2>") :]
    assert " of</th>" not in referred
    assert re.search(r'<th><a [^>]*>relays</a> <span class="types">this</span></th>', referred)


def test_terms_link_to_the_ontology_page(client: TestClient) -> None:
    page = client.get("/actor/mokhtar-belmokhtar", headers={"accept": BROWSER}).text
    assert 'href="/ns#Person"' in page
    claim = client.get(f"/{ARTICLE}/claim/lede", headers={"accept": BROWSER}).text
    anchor = re.search(r'href="/ns#(\w+)">claim<', claim)  # the term's label, not its code
    assert anchor is not None
    # statements read as prose: the property's and the value's labels
    assert ">speech act</a>" in claim and ">reports</a>" in claim
    assert "cg:speechAct" not in claim and "cg:actReport" not in claim
    ontology = client.get("/ns", headers={"accept": BROWSER}).text
    assert f'id="{anchor[1]}"' in ontology


def test_landing_page(client: TestClient, corpus_graph: Graph) -> None:
    response = client.get("/", headers={"accept": BROWSER})
    assert response.status_code == 200
    page = response.text
    counts = {name: int(n) for n, name in re.findall(r"<strong>(\d+)</strong> (\w+)", page)}

    def count(where: str) -> int:
        query = f"PREFIX cg: <{CG_IRI}> SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}"
        return int(next(iter(corpus_graph.query(query)))[0])  # type: ignore[index]

    assert counts == {
        "articles": len(list(SEEDS.glob("*.txt"))),
        # every hop is a claim, the articles' own statements included: not "allegations"
        "claims": count("?x a cg:Claim"),
        "sources": count("?c cg:claimant ?x"),
        "events": count("?x a cg:Event"),
        "propositions": count(
            "?x a ?k VALUES ?k { cg:StateOfAffairs cg:Relation cg:Characterisation"
            " cg:Causation cg:Exchange }"
        ),
    }
    assert counts["articles"] == 14 and counts["propositions"] > 0
    for link in ("/query", "/dumps/claimgraph.nq", "/.well-known/void", "/ns"):
        assert f'href="{link}' in page
    assert page.count("<h3>") == len(examples()) == 9  # the example queries
    assert "Allegations that rest only on anonymous sources" in page


def test_example_queries_run(client: TestClient) -> None:
    for example in examples():
        response = client.get("/sparql", params={"query": example.query})
        assert response.status_code == 200, example.name


def test_ontology_at_its_namespace(client: TestClient) -> None:
    html = client.get("/ns", headers={"accept": BROWSER})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert "<title>claimgraph ontology</title>" in html.text
    assert "One hop of a report chain" in html.text
    assert '<script src="http' not in html.text  # renders offline
    turtle = client.get("/ns", headers={"accept": "text/turtle"})
    triples = list(ox.parse(turtle.content, format=ox.RdfFormat.TURTLE))
    assert any(t.subject.value == "https://w3id.org/claimgraph/ns#Claim" for t in triples)
    assert client.get("/ns.jsonld").headers["content-type"].startswith("application/ld+json")


def test_links_never_leave_the_server_by_a_double_slash(served_store: Path, tmp_path: Path) -> None:
    """The IRI BASE/evil.example/p (BASE ending in /) would be the path
    //evil.example/p, which a browser reads as another host's address: such a
    link begins /./ instead. IRIs a browser would read as another host's
    address, or run (https:/x, http:javascript:...), are shown as text."""
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token="t0ken")
    odd = f"{BASE}/evil.example/p"
    actor = f"{BASE}actor/mokhtar-belmokhtar"
    update = (
        f'INSERT DATA {{ <{odd}> <{RDFS_LABEL}> "odd" . <{actor}> <http://example.org/rel>'
        f" <{odd}>, <https:/x>, <http:javascript:alert(1)>, <https://example.org/fine> }}"
    )
    with TestClient(create_app(settings)) as client:
        written = client.post(
            "/sparql",
            content=update,
            headers={"content-type": "application/sparql-update", "authorization": "Bearer t0ken"},
        )
        assert written.status_code == 204
        page = client.get("/actor/mokhtar-belmokhtar", headers={"accept": BROWSER})
        hrefs = re.findall(r'href="([^"]*)"', page.text)
        assert "/.//evil.example/p" in hrefs and "https://example.org/fine" in hrefs
        assert not [h for h in hrefs if h.startswith("//") or h.startswith(("https:/x", "http:j"))]
        assert "https:/x" in page.text and "http:javascript:alert(1)" in page.text  # as text
        results = client.get(
            "/sparql",
            params={"query": f"SELECT ?x {{ BIND(<{odd}> AS ?x) }}"},
            headers={"accept": BROWSER},
        )
        assert 'href="/.//evil.example/p"' in results.text and 'href="//' not in results.text
        target = client.get("/.//evil.example/p", headers={"accept": BROWSER})
        assert target.status_code == 200 and "odd" in target.text
        links = re.findall(r"<([^>]+)>", target.headers["link"])
        assert links and all(link.startswith("/.//evil.example/p") for link in links)
        for link in links:
            assert client.get(link).status_code == 200, link


def _row_text(cell: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", cell))).strip()


def test_an_event_listed_on_a_page_says_its_status_and_who_asserts_it(client: TestClient) -> None:
    """An actor's page lists the events it takes part in; none reads as fact: each
    says its status and links the claimants of the statements that assert it."""
    page = client.get("/actor/mokhtar-belmokhtar", headers={"accept": BROWSER}).text
    referred = page[page.index("<h2>Referred to by</h2>") :]
    cells = re.findall(r"<td>(.*?)</td>", referred, re.S)
    betrayal = next(_row_text(c) for c in cells if "betrayal" in c)
    assert "alleged asserted by unnamed author of" in betrayal, betrayal
    understanding = next(c for c in cells if "Secret understanding" in c)
    assert '<span class="badge status">alleged</span>' in understanding
    assert re.search(
        r'asserted by <a href="/[^"]*">anonymous source: «a very sensitive',
        html.unescape(understanding),
    )
    kidnapping = next(_row_text(c) for c in cells if "Kidnapping" in c)
    assert " established asserted by " in f" {kidnapping}"


def test_a_denied_proposition_says_who_denies_it(client: TestClient) -> None:
    page = client.get(
        "/article/001_wikinews_uk_asylum_questionnaire/claim/ho-denies-amnesty",
        headers={"accept": BROWSER},
    ).text
    statements = page[page.index("<h2>Statements</h2>") :]
    asserted = next(
        _row_text(row)
        for row in re.findall(r"<tr>(.*?)</tr>", statements, re.S)
        if "amnesty" in row
    )
    assert "denied by Home Office" in asserted, asserted


def test_a_statement_reported_several_ways_has_one_chain_for_each(client: TestClient) -> None:
    """Minasyan's words, reported by article 003 (through two tweets) and relayed by
    article 004: each report is its own chain, read from its article down to his
    statement; no chain runs one article's report into another's."""
    page = client.get(
        "/article/003_globalvoices_armenia_bail/claim/minasyan-justifies",
        headers={"accept": BROWSER},
    ).text
    chains = re.findall(r'<ol class="chain">(.*?)</ol>', page, re.S)
    assert len(chains) >= 2
    assert "ways this claim is reported, each its own chain" in page
    # (two reports in one article are told apart by their words, after the title)
    headings = re.findall(r"<h3>\d+\. As reported in <a [^>]*>([^<]+)</a>[^<]*</h3>", page)
    assert len(headings) == len(chains)
    for chain in chains:
        who = [
            html.unescape(w) for w in re.findall(r"<strong><a [^>]*>([^<]+)</a></strong>", chain)
        ]
        assert who[-1] == "Artsvik Minasyan", who
        assert who[0] == "Onnik Krikorian", who  # the reporting article's author, at the top only
        assert "Onnik Krikorian" not in who[1:], who
    # each chain's words are shown in its own article, folded
    assert page.count('<details class="chain-text">') == len(chains)


def test_labels_read_as_english(client: TestClient) -> None:
    """An occasion's label names who was told, and the words that date it when no
    date follows from them; other vocabularies' terms show by name, not as codes."""
    page = client.get(
        "/article/001_wikinews_uk_asylum_questionnaire/claim/solomon-1",
        headers={"accept": BROWSER},
    ).text
    assert "statement by Enver Solomon (CEO) to Sky News, «After the leak»" in html.unescape(page)
    actor = client.get("/actor/mokhtar-belmokhtar", headers={"accept": BROWSER}).text
    headers = re.findall(r"<th><a [^>]*>([^<]+)</a></th>", actor)
    assert "preferred label" in headers and "skos:prefLabel" not in headers, headers


def test_a_cause_page_says_what_it_links_and_whose_link_it_is(client: TestClient) -> None:
    """Issue 18, point 4: Braverman's "because of" is her claim, not the article's:
    the cause's page names what it links, its status and who asserts it; a state it
    links lists the cause among what refers to it, in English."""
    prefix = "/article/001_wikinews_uk_asylum_questionnaire/proposition/"
    page = html.unescape(
        client.get(prefix + "unsustainable-because-of-arrivals", headers={"accept": BROWSER}).text
    )
    assert 'href="/ns#Causation"' in page
    assert f'href="{prefix}overwhelming-arrivals"' in page
    assert f'href="{prefix}unsustainable-situation"' in page
    assert re.search(r">because of</a>", page)
    assert "alleged" in page and "Suella Braverman" in page
    state = client.get(prefix + "overwhelming-arrivals", headers={"accept": BROWSER}).text
    referred = state[state.index("<h2>Referred to by</h2>") :]
    assert re.search(r'<th><a [^>]*>because of</a> <span class="types">this</span></th>', referred)


def test_query_results_name_the_ontologys_terms_by_their_labels(client: TestClient) -> None:
    """A medium, a speech act, a class in query results reads as the ontology
    labels it ("social-media post"), with the compact IRI beside it."""
    query = (
        "PREFIX cg: <https://w3id.org/claimgraph/ns#> SELECT DISTINCT ?m WHERE "
        "{ ?o cg:medium ?m } ORDER BY ?m"
    )
    page = client.get("/sparql", params={"query": query}, headers={"Accept": BROWSER})
    assert page.status_code == 200
    assert "social-media post</a>" in page.text
    assert "cg:mediumSocialMediaPost" in page.text
