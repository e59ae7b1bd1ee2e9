"""The SPARQL 1.1 Protocol at /sparql, through the real app (TestClient)."""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from claimgraph.rdf.dataset import Dataset
from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings

SELECT = "SELECT ?s WHERE { ?s a <https://w3id.org/claimgraph/ns#Claim> } ORDER BY ?s LIMIT 3"
CONSTRUCT = "CONSTRUCT WHERE { ?s a <https://w3id.org/claimgraph/ns#AnonymousSource> }"


def _claims(response_json: dict[str, object]) -> list[str]:
    bindings = response_json["results"]["bindings"]  # type: ignore[index]
    return [b["s"]["value"] for b in bindings]  # type: ignore[index]


def test_get_query(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    assert len(_claims(response.json())) == 3


def test_post_form_and_post_direct_give_the_same_results(client: TestClient) -> None:
    by_get = client.get("/sparql", params={"query": SELECT}).json()
    by_form = client.post("/sparql", data={"query": SELECT}).json()
    by_direct = client.post(
        "/sparql", content=SELECT, headers={"content-type": "application/sparql-query"}
    ).json()
    assert by_get == by_form == by_direct


def test_default_graph_is_the_union(client: TestClient, seed_dataset: Dataset) -> None:
    query = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    graphs = client.get("/sparql", params={"query": query}).json()
    assert graphs["results"]["bindings"][0]["n"]["value"] == str(len(seed_dataset.graphs)) == "16"
    ask = (
        "ASK { ?claim a <https://w3id.org/claimgraph/ns#Claim> ."
        " ?actor a <https://w3id.org/claimgraph/ns#Person> }"
    )
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is True


def test_default_graph_uri_restricts_the_default_graph(client: TestClient) -> None:
    ask = "ASK { ?claim a <https://w3id.org/claimgraph/ns#Claim> }"
    response = client.get(
        "/sparql",
        params={"query": ask, "default-graph-uri": "http://127.0.0.1:8000/graph/registry"},
    )
    assert response.json()["boolean"] is False


def test_a_query_with_from_has_the_dataset_it_names(client: TestClient) -> None:
    """FROM replaces the union default graph (the server must not put it back)."""
    ask = (
        "ASK FROM <http://127.0.0.1:8000/graph/registry> "
        "{ ?claim a <https://w3id.org/claimgraph/ns#Claim> }"
    )
    assert client.get("/sparql", params={"query": ask}).json()["boolean"] is False
    page = client.get("/sparql", params={"query": ask}, headers={"accept": "text/html"})
    assert page.status_code == 200 and "The answer is <strong>no</strong>" in page.text


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("*/*", "application/sparql-results+json"),
        ("text/*", "text/"),
    ],
)
def test_select_negotiation(client: TestClient, accept: str, expected: str) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(expected)
    assert "Accept" in response.headers["vary"]


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/n-quads", ox.RdfFormat.N_QUADS),
        ("application/trig", ox.RdfFormat.TRIG),
    ],
)
def test_construct_negotiation(
    client: TestClient, accept: str, fmt: ox.RdfFormat, corpus_graph: Graph
) -> None:
    response = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(accept)
    triples = list(ox.parse(response.content, format=fmt))
    assert len(triples) == len(corpus_graph.query(CONSTRUCT)) > 1


def test_nothing_acceptable_is_406(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"})
    assert response.status_code == 406
    assert "image/png" in response.json()["error"]["message"]


def test_syntax_error_is_400_with_the_parser_message(client: TestClient) -> None:
    response = client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?y }"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"]["status"] == 400
    assert body["error"]["message"] == (  # the server's own parser, located in the text
        "SPARQL syntax error: line 1, column 25: expected an object, found '}'"
    )


@pytest.mark.parametrize(
    ("content_type", "status"),
    [("text/plain", 415), ("application/json", 415), (None, 415)],
)
def test_unknown_body_type_is_415(
    client: TestClient, content_type: str | None, status: int
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    response = client.post("/sparql", content=SELECT.encode(), headers=headers)
    assert response.status_code == status


def test_protocol_errors_are_400(client: TestClient) -> None:
    assert client.get("/sparql", params=[("query", SELECT), ("query", SELECT)]).status_code == 400
    assert client.post("/sparql", data={"query": SELECT, "update": "CLEAR ALL"}).status_code == 400
    assert client.get("/sparql", params={"update": "CLEAR ALL"}).status_code == 400
    non_utf8 = client.post(
        "/sparql",
        content=b"ASK { ?s ?p \xff }",
        headers={"content-type": "application/sparql-query"},
    )
    assert non_utf8.status_code == 400


def test_updates_are_refused_by_default(client: TestClient) -> None:
    for response in (
        client.post("/sparql", data={"update": "CLEAR ALL"}),
        client.post(
            "/sparql", content="CLEAR ALL", headers={"content-type": "application/sparql-update"}
        ),
    ):
        assert response.status_code == 403
        assert "read-only" in response.json()["error"]["message"]
    assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


def test_body_size_limit_is_named(client: TestClient) -> None:
    query = "ASK { ?s ?p ?o } #" + "x" * 5000
    response = client.post(
        "/sparql", content=query, headers={"content-type": "application/sparql-query"}
    )
    assert response.status_code == 413
    assert "max_body_bytes" in response.json()["error"]["message"]


def test_service_description_for_get_without_query(
    client: TestClient, seed_dataset: Dataset
) -> None:
    response = client.get("/sparql", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.predicate.value == sd + "endpoint" for t in triples)
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert names == {str(name) for name in seed_dataset.graphs}
    assert "http://127.0.0.1:8000/graph/article/000_68f2744142ff802d" in names


SD_FEDERATED = "http://www.w3.org/ns/sparql-service-description#BasicFederatedQuery"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _features(client: TestClient) -> set[str]:
    response = client.get("/sparql", headers={"accept": "application/n-triples"})
    feature = "http://www.w3.org/ns/sparql-service-description#feature"
    return {
        t.object.value
        for t in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)
        if t.predicate.value == feature
    }


def test_federated_query_is_advertised_only_when_an_endpoint_is_allowed(
    client: TestClient, served_store: Path
) -> None:
    # SERVICE is off by default: a client that reads the description does not try it
    assert SD_FEDERATED not in _features(client)
    assert (
        client.get(
            "/sparql", params={"query": "ASK { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}
        ).status_code
        == 400
    )
    settings = ServerSettings(
        store=served_store, workers=1, allow_service=("http://127.0.0.1:9/sparql",)
    )
    with TestClient(create_app(settings)) as allowing:
        assert SD_FEDERATED in _features(allowing)


@pytest.mark.parametrize("accept", [BROWSER, "text/html"])
@pytest.mark.parametrize(
    ("path", "title", "shown"),
    [
        ("/sparql", "SPARQL endpoint", "sd:endpoint"),
        ("/.well-known/void", "VoID", "void:triples"),
    ],
)
def test_a_browser_gets_the_descriptions_as_pages(
    client: TestClient, accept: str, path: str, title: str, shown: str
) -> None:
    page = client.get(path, headers={"accept": accept})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert f"<h1>{title}</h1>" in page.text and shown in page.text  # the Turtle, on the page
    assert "accept" in page.headers["vary"].lower()
    # machines keep the RDF they ask for (Turtle for anything), and a 406 for none
    assert client.get(path).headers["content-type"].startswith("text/turtle")
    assert client.get(path, headers={"accept": "image/png"}).status_code == 406


def test_a_syntax_error_from_a_browser_is_a_page_and_json_for_sparql_clients(
    client: TestClient,
) -> None:
    bad = "SELECT ?x WHERE { ?x ?y }"
    message = "SPARQL syntax error: line 1, column 25: expected an object, found '}'"
    for page in (
        client.get("/sparql", params={"query": bad}, headers={"accept": BROWSER}),
        client.post("/sparql", data={"query": bad}, headers={"accept": BROWSER}),
    ):
        assert page.status_code == 400
        assert page.headers["content-type"].startswith("text/html")
        assert message in html.unescape(page.text)
        assert 'href="/query"' in page.text
    # the SPARQL protocol's clients: 400 with the message, in the JSON error body
    for accept in ("application/sparql-results+json", "application/sparql-results+xml, */*"):
        response = client.get("/sparql", params={"query": bad}, headers={"accept": accept})
        assert response.status_code == 400
        assert response.json()["error"]["message"] == message


def test_dumps_with_a_trailing_slash_redirects_to_the_list(client: TestClient) -> None:
    response = client.get("/dumps/", follow_redirects=False)
    assert response.status_code == 301 and response.headers["location"] == "/dumps"
    followed = client.get("/dumps/", headers={"accept": BROWSER})
    assert followed.status_code == 200 and "<h1>Dumps</h1>" in followed.text


def test_cors_for_reads(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": SELECT}, headers={"origin": "https://example.org"}
    )
    assert response.headers["access-control-allow-origin"] == "*"


def test_error_bodies_share_one_shape(client: TestClient) -> None:
    responses = [
        client.get("/sparql", params={"query": "nonsense"}),
        client.get("/sparql", params={"query": SELECT}, headers={"accept": "image/png"}),
        client.post("/sparql", content=b"x", headers={"content-type": "text/plain"}),
        client.get("/no/such/page"),
    ]
    for response in responses:
        body = response.json()
        assert set(body) == {"error"}
        assert set(body["error"]) == {"status", "title", "message"}
        assert body["error"]["status"] == response.status_code
        json.dumps(body)


# -- dumps and VoID ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("claimgraph.nq", ox.RdfFormat.N_QUADS),
        ("claimgraph.trig", ox.RdfFormat.TRIG),
        ("claimgraph.ttl", ox.RdfFormat.TURTLE),
        ("claimgraph.jsonld", ox.RdfFormat.JSON_LD),
    ],
)
def test_dumps(client: TestClient, name: str, fmt: ox.RdfFormat) -> None:
    plain = client.get(f"/dumps/{name}", headers={"accept-encoding": "identity"})
    assert plain.status_code == 200
    assert plain.headers["content-type"].startswith(fmt.media_type)
    assert "content-encoding" not in plain.headers
    assert len(list(ox.parse(plain.content, format=fmt))) > 500
    zipped = client.get(f"/dumps/{name}", headers={"accept-encoding": "gzip"})
    assert zipped.headers["content-encoding"] == "gzip"
    assert zipped.content == plain.content  # the client decompressed it
    assert zipped.headers["etag"] != plain.headers["etag"]
    assert plain.headers["last-modified"].endswith("GMT")
    again = client.get(
        f"/dumps/{name}",
        headers={"accept-encoding": "identity", "if-none-match": plain.headers["etag"]},
    )
    assert again.status_code == 304 and again.content == b""


def test_unknown_dump_is_404(client: TestClient) -> None:
    response = client.get("/dumps/everything.zip")
    assert response.status_code == 404
    assert "claimgraph.nq" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("extension", "fmt"),
    [
        ("ttl", ox.RdfFormat.TURTLE),
        ("jsonld", ox.RdfFormat.JSON_LD),
        ("nt", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_article_dump(client: TestClient, extension: str, fmt: ox.RdfFormat) -> None:
    response = client.get(f"/dumps/article/000_68f2744142ff802d.{extension}")
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=fmt))
    assert any(t.object.value.startswith("Clinton Emails") for t in triples)
    assert not any("hillary-clinton" in t.subject.value for t in triples)  # registry graph excluded
    assert client.get("/dumps/article/no-such-article.ttl").status_code == 404


def test_void_describes_the_dataset(client: TestClient, seed_dataset: Dataset) -> None:
    response = client.get("/.well-known/void", headers={"accept": "text/turtle"})
    assert response.status_code == 200
    triples = list(ox.parse(response.content, format=ox.RdfFormat.TURTLE))
    void = "http://rdfs.org/ns/void#"
    by_predicate: dict[str, list[str]] = {}
    for t in triples:
        by_predicate.setdefault(t.predicate.value.removeprefix(void), []).append(t.object.value)
    assert by_predicate["sparqlEndpoint"] == ["http://127.0.0.1:8000/sparql"]
    assert sorted(by_predicate["dataDump"]) == [
        f"http://127.0.0.1:8000/dumps/claimgraph.{ext}" for ext in ("jsonld", "nq", "trig", "ttl")
    ]
    assert by_predicate["triples"][0] == str(len(seed_dataset.union()))
    assert "https://w3id.org/claimgraph/ns#Claim" in by_predicate["class"]
    # linked from the service description
    sd = client.get("/sparql", headers={"accept": "application/n-triples"}).text
    assert "/.well-known/void>" in sd


def test_each_triple_is_in_one_graph_so_every_count_agrees(
    client: TestClient, tmp_path: Path
) -> None:
    """COUNT(*) over the default graph (the union of the graphs, a triple once
    per graph that holds it), VoID's void:triples, the build's report (its
    triples and the quads it wrote) and the endpoint's distinct triples agree:
    no triple (a source file's description, shared by the graphs made from it)
    is written into more than one graph."""
    from click.testing import CliRunner

    from claimgraph.cli import main
    from tests.conftest import SEEDS

    def count(query: str) -> int:
        response = client.get("/sparql", params={"query": query})
        return int(response.json()["results"]["bindings"][0]["n"]["value"])

    everything = count("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    distinct = count("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }")
    quads = count("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }")
    void = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
    dataset = ox.NamedNode("http://127.0.0.1:8000/dataset")
    (void_triples,) = (
        int(t.object.value)
        for t in ox.parse(void.content, format=ox.RdfFormat.N_TRIPLES)
        if t.subject == dataset and t.predicate.value == "http://rdfs.org/ns/void#triples"
    )
    result = CliRunner().invoke(main, ["build", str(SEEDS), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    reported = re.search(r"Conforms: (\d+) triples", result.stdout)
    written = re.search(r"wrote (\d+) quads", result.stderr)
    assert reported and written
    assert everything == distinct == quads == void_triples > 10_000
    assert int(reported[1]) == int(written[1]) == everything


def test_fastapi_telemetry_follows_the_opentelemetry_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from claimgraph.web.app import _telemetry

    for name in [n for n in os.environ if n.startswith("OTEL_")]:
        monkeypatch.delenv(name)
    assert _telemetry() == {"tracing": False, "metrics": False, "logs": False}
    monkeypatch.setenv("OTEL_SERVICE_NAME", "claimgraph")
    assert _telemetry() == {}  # FastAPI's defaults: spans, metrics and logs when configured


def test_format_parameter_stands_for_accept(client: TestClient) -> None:
    """Links (the results page's downloads) cannot send Accept: ``format`` can."""
    csv = client.get("/sparql", params={"query": SELECT, "format": "csv"})
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "s" and len(csv.text.splitlines()) == 4
    browser = {"accept": "text/html"}
    json_select = client.get("/sparql", params={"query": SELECT, "format": "json"}, headers=browser)
    assert json_select.headers["content-type"].startswith("application/sparql-results+json")
    json_graph = client.get("/sparql", params={"query": CONSTRUCT, "format": "json"})
    assert json_graph.headers["content-type"].startswith("application/ld+json")
    assert (
        client.get("/sparql", params={"query": CONSTRUCT, "format": "nt"})
        .headers["content-type"]
        .startswith("application/n-triples")
    )
    # other values are clients' own, sent beside a right Accept (SPARQLWrapper's): ignored
    for values in (["n3"], ["tsv", "text/tab-separated-values"], ["docx"]):
        other = client.get(
            "/sparql",
            params=[("query", SELECT), *(("format", value) for value in values)],
            headers={"accept": "application/sparql-results+xml"},
        )
        assert other.status_code == 200, values
        assert other.headers["content-type"].startswith("application/sparql-results+xml")


def test_the_results_page_shows_max_page_rows(served_store: Path) -> None:
    settings = ServerSettings(store=served_store, max_page_rows=7)
    browser = {"accept": "text/html"}
    with TestClient(create_app(settings)) as app:
        every = app.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}).json()
        total = len(every["results"]["bindings"])
        page = app.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers=browser)
        assert f"{total:,} rows; the first 7 are shown" in page.text
        assert page.text.count("<tr>") == 1 + 7
        graph = app.get(
            "/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers=browser
        )
        assert "triples; the first 7 are shown" in graph.text
        shown = graph.text.split('<pre class="graph">')[1].split("</pre>")[0]
        assert len(list(ox.parse(html.unescape(shown), ox.RdfFormat.TURTLE))) == 7
        for link in re.findall(r'href="(/sparql\?[^"]+)"', graph.text):
            assert app.get(html.unescape(link)).status_code == 200
        few = app.get("/sparql", params={"query": SELECT}, headers=browser)
        assert "3 rows." in few.text and "are shown" not in few.text
        # a long value is cut in the table (the downloads have it whole)
        text = "SELECT ?t WHERE { ?x <https://w3id.org/claimgraph/ns#isString> ?t } LIMIT 1"
        long = app.get("/sparql", params={"query": text}, headers=browser)
        cell = re.findall(r"<td>(.*?)</td>", long.text, re.S)[0]
        assert cell.endswith(" […]") and len(html.unescape(cell)) == 2000 + len(" […]")


HOSTILE_HOST = {"host": "evil.example", "x-forwarded-host": "evil.example"}
RELATIVE = "SELECT ?x WHERE { BIND(<p/q> AS ?x) }"


def test_relative_iris_resolve_against_the_configured_base_not_the_host(
    client: TestClient,
) -> None:
    """A Host header (or X-Forwarded-Host) is anyone's to set, and a cache keeps
    what it poisons: queries resolve relative IRIs against base_iri + sparql."""
    plain = client.get("/sparql", params={"query": RELATIVE})
    hostile = client.get("/sparql", params={"query": RELATIVE}, headers=HOSTILE_HOST)
    value = hostile.json()["results"]["bindings"][0]["x"]["value"]
    assert value == "http://127.0.0.1:8000/p/q"
    assert hostile.content == plain.content and hostile.headers["etag"] == plain.headers["etag"]
    page = client.get(
        "/sparql", params={"query": RELATIVE}, headers={**HOSTILE_HOST, "accept": "text/html"}
    )
    assert page.status_code == 200 and "evil.example" not in page.text
    assert 'href="/p/q"' in page.text
    posted = client.post("/sparql", data={"query": RELATIVE}, headers=HOSTILE_HOST)
    assert posted.json() == plain.json()


def test_the_live_server_ignores_the_host_and_forwarded_headers(live_server: str) -> None:
    """Host, X-Forwarded-Host and -Proto, through uvicorn: nothing of the
    request's address reaches a result."""
    import httpx2

    headers = {**HOSTILE_HOST, "x-forwarded-proto": "https", "x-forwarded-for": "203.0.113.9"}
    for accept in ("application/sparql-results+json", "text/html"):
        response = httpx2.get(
            live_server + "sparql",
            params={"query": RELATIVE},
            headers={**headers, "accept": accept},
            timeout=10,
        )
        assert response.status_code == 200 and "evil.example" not in response.text
        assert "https://" not in response.text.replace("https://w3id.org/", "")
        assert "127.0.0.1:" in response.text or 'href="/p/q"' in response.text
