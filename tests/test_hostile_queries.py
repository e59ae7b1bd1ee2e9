"""Queries and updates an attacker would send: nesting deep enough to overflow
the engine's parser, and SERVICE / LOAD to make the server fetch URLs. Every
remote endpoint here is a listener on 127.0.0.1 that records whether it was
called; no test sends traffic anywhere else."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from claimgraph.web.app import create_app
from claimgraph.web.executor import QueryExecutor, QueryRequest, QueryResponse, WriteRequest
from claimgraph.web.settings import ServerSettings
from tests.conftest import running_server, server_processes, wait_for

TOKEN = "s3cret-token"
QUERY_TYPE = "application/sparql-query"
SECRET = "internal-secret-in-the-remote-body"
NESTING = ServerSettings.model_fields["max_nesting"].default  # the default limit
NESTED_PARENS = "SELECT * WHERE { BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }"
NESTED_BRACES = "SELECT * WHERE " + "{" * 5000 + "}" * 5000


class _Recorder(http.server.BaseHTTPRequestHandler):
    calls: list[str]

    def _answer(self) -> None:
        self.calls.append(self.path)
        body = SECRET.encode()
        self.send_response(500)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def remote_endpoint() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that answers every request 500 with a secret body."""
    calls: list[str] = []
    handler = type("Handler", (_Recorder,), {"calls": calls})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", calls
    finally:
        server.shutdown()
        server.server_close()


def _copy(served_store: Path, tmp_path: Path, name: str = "store") -> Path:
    """A copy of the served store, for a test that writes to it."""
    store = tmp_path / name
    shutil.copytree(served_store, store)
    return store


def _client(store: Path, **settings: object) -> TestClient:
    return TestClient(create_app(ServerSettings(store=store, **settings)))  # type: ignore[arg-type]


# -- nesting ----------------------------------------------------------------------


@pytest.mark.parametrize("query", [NESTED_PARENS, NESTED_BRACES], ids=["parens", "braces"])
def test_deep_nesting_is_refused_before_the_engine(served_store: Path, query: str) -> None:
    with _client(served_store) as client:
        for send in (
            lambda: client.get("/sparql", params={"query": query}),
            lambda: client.post(
                "/sparql", content=query, headers={"content-type": "application/sparql-query"}
            ),
        ):
            response = send()
            assert response.status_code == 400
            message = response.json()["error"]["message"]
            assert f"nested more than {NESTING} levels" in message and "max_nesting" in message
        assert client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).status_code == 200


def test_a_group_of_many_triple_patterns_is_answered_up_to_the_limit(served_store: Path) -> None:
    """Each triple pattern of a group is a level: Oxigraph joins them one by one, and
    plans the join in time that grows steeply with their number (measured: 100
    patterns 0.7 s, 200 patterns 11 s, 400 patterns 184 s)."""

    def ask(n: int) -> str:
        return "ASK { " + " ".join(f"?s <http://example.org/p{i}> ?o{i} ." for i in range(n)) + " }"

    with _client(served_store) as client:
        answered = client.get("/sparql", params={"query": ask(NESTING - 10)})
        assert answered.status_code == 200 and answered.json()["boolean"] is False
        refused = client.get("/sparql", params={"query": ask(4 * NESTING)})
        assert refused.status_code == 400 and "max_nesting" in refused.text


def test_nesting_up_to_the_limit_is_answered(served_store: Path) -> None:
    query = "SELECT * WHERE { BIND(" + "(" * (NESTING - 2) + "1" + ")" * (NESTING - 2) + " AS ?x) }"
    with _client(served_store) as client:
        assert client.get("/sparql", params={"query": query}).status_code == 200
    with _client(served_store, max_nesting=10) as client:
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400 and "10 levels" in response.text


def test_nesting_in_strings_iris_and_comments_does_not_count(served_store: Path) -> None:
    query = f'SELECT ("{"(" * 500}" AS ?s) WHERE {{ }} # {"{" * 500}'
    with _client(served_store) as client:
        assert client.get("/sparql", params={"query": query}).status_code == 200


def test_nested_update_is_refused(served_store: Path, tmp_path: Path) -> None:
    store = _copy(served_store, tmp_path)
    with _client(store, allow_update=True, update_token=TOKEN) as client:
        response = client.post(
            "/sparql",
            content="INSERT { <urn:a> <urn:b> " + "(" * 3000 + " } WHERE {}",
            headers={
                "content-type": "application/sparql-update",
                "authorization": f"Bearer {TOKEN}",
            },
        )
        assert response.status_code == 400 and "max_nesting" in response.text


def test_the_serving_process_survives_nested_queries(served_store: Path) -> None:
    """Against `claimgraph serve` itself: nested queries never reach the engine,
    the processes stay the same, and ordinary queries are answered throughout."""
    with running_server(served_store) as (server, root):
        endpoint = root + "sparql"
        assert wait_for(lambda: len(server_processes(server.pid)) == 2)
        before = server_processes(server.pid)

        def attack() -> list[int]:
            return [
                httpx2.get(endpoint, params={"query": NESTED_PARENS}, timeout=10).status_code
                for _ in range(20)
            ]

        with ThreadPoolExecutor(1) as pool:
            attacks = pool.submit(attack)
            answered = []
            while not attacks.done():
                response = httpx2.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
                answered.append(response.status_code)
                time.sleep(0.02)
            assert attacks.result() == [400] * 20
        assert answered and set(answered) == {200}
        assert server_processes(server.pid) == before


# -- SERVICE and LOAD ---------------------------------------------------------------


def test_service_is_off_by_default_and_nothing_is_fetched(served_store: Path) -> None:
    with remote_endpoint() as (remote, calls), _client(served_store) as client:
        query = f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"
        response = client.get("/sparql", params={"query": query})
        assert response.status_code == 400
        assert "SERVICE is off" in response.text and "--allow-service" in response.text
        silent = client.get("/sparql", params={"query": query.replace("SERVICE", "SERVICE SILENT")})
        assert silent.status_code == 400
        time.sleep(0.2)
        assert calls == []


@pytest.mark.parametrize(
    "target",
    ["<file:///etc/passwd>", "<gopher://127.0.0.1:70/>", "<http://127.0.0.1:9/other>", "?endpoint"],
)
def test_only_allowed_endpoints_are_called(served_store: Path, target: str) -> None:
    with remote_endpoint() as (remote, calls):
        with _client(served_store, allow_service=(remote,)) as client:
            query = f"SELECT * WHERE {{ SERVICE {target} {{ ?s ?p ?o }} }}"
            response = client.get("/sparql", params={"query": query})
            assert response.status_code == 400, response.text
            assert "is not allowed" in response.text and remote in response.text
        assert calls == []


def test_a_failing_allowed_endpoint_is_a_502_without_its_body(served_store: Path) -> None:
    with remote_endpoint() as (remote, calls):
        with _client(served_store, allow_service=(remote,)) as client:
            query = f"SELECT * WHERE {{ SERVICE <{remote}> {{ ?s ?p ?o }} }}"
            response = client.get("/sparql", params={"query": query})
        assert calls, "the allowed endpoint is called"
        assert response.status_code == 502, response.text
        assert SECRET not in response.text
        assert "remote endpoint" in response.json()["error"]["message"]


def test_load_follows_the_same_rules(served_store: Path, tmp_path: Path) -> None:
    store, allowing = _copy(served_store, tmp_path), _copy(served_store, tmp_path, "allowing")
    headers = {"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"}
    with remote_endpoint() as (remote, calls):
        with _client(store, allow_update=True, update_token=TOKEN) as client:
            for source in (remote, "file:///etc/passwd"):
                response = client.post(
                    "/sparql", content=f"LOAD <{source}> INTO GRAPH <urn:x>", headers=headers
                )
                assert response.status_code == 400 and "LOAD is off" in response.text
        assert calls == []
        with _client(
            allowing, allow_update=True, update_token=TOKEN, allow_service=(remote,)
        ) as client:
            response = client.post(
                "/sparql", content=f"LOAD <{remote}> INTO GRAPH <urn:x>", headers=headers
            )
            assert response.status_code in (400, 502), response.text
            assert SECRET not in response.text
            refused = client.post(
                "/sparql", content="LOAD <file:///etc/passwd> INTO GRAPH <urn:x>", headers=headers
            )
            assert refused.status_code == 400 and "is not allowed" in refused.text
        assert calls  # the allowed source was fetched, and its body not echoed


# -- what the engine runs is what the server checked (issue 17) -------------------------
#
# The server used to decide SERVICE/LOAD and nesting with a tokenizer of its own and
# send the client's text to Oxigraph, which read some texts differently. It now parses
# each text itself and sends its own canonical text: each probe below is refused, and
# the engine never sees it.

SSRF_PROBES = {
    "cr-comment": "SELECT * WHERE # x\r{{ SERVICE <{remote}> {{ ?leak ?p ?o }} }}",
    "local-name-escape": "PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:a\\' ?o . "
    "SERVICE <{remote}> {{ ?leak ?p ?o }} # '\n}}",
    "codepoint-keyword": "SELECT * WHERE {{ \\u0053ERVICE <{remote}> {{ ?leak ?p ?o }} }}",
    "codepoint-comment-end": "SELECT * WHERE {{ # \\u000D SERVICE <{remote}> {{ ?l ?p ?o }}\n}}",
}
DEEP_PROBES = {
    "plus": "SELECT (" + "+".join(["1"] * 10_000) + " AS ?x) WHERE { }",
    "and": "SELECT * WHERE { FILTER(" + "&&".join(["true"] * 10_000) + ") }",
    "union": "SELECT * WHERE { " + " UNION ".join(["{ }"] * 10_000) + " }",
    "optional": "SELECT * WHERE { " + " ".join(["OPTIONAL { }"] * 10_000) + " }",
    "bind": "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?x{i})" for i in range(10_000)) + " }",
    "path": "SELECT * WHERE { ?s " + "/".join(["<http://e/p>"] * 10_000) + " ?o }",
    "cr-hidden-brackets": "SELECT * WHERE { # c\r BIND("
    + "(" * 5000
    + "1"
    + ")" * 5000
    + " AS ?x) }",
    "less-than-hidden-brackets": "SELECT * WHERE { FILTER(1<2&&"
    + "(" * 5000
    + "1"
    + ")" * 5000
    + "&&2>1) }",
}


@pytest.fixture
def engine_texts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text the engine is asked to run (queries and updates), in any app."""
    texts: list[str] = []
    query, write = QueryExecutor.query, QueryExecutor.write

    async def recording_query(self: QueryExecutor, request: QueryRequest) -> QueryResponse:
        texts.append(request.query)
        return await query(self, request)

    async def recording_write(self: QueryExecutor, request: WriteRequest) -> int:
        texts.append(str(request.text))
        return await write(self, request)

    monkeypatch.setattr(QueryExecutor, "query", recording_query)
    monkeypatch.setattr(QueryExecutor, "write", recording_write)
    return texts


@pytest.mark.parametrize("probe", list(SSRF_PROBES), ids=list(SSRF_PROBES))
def test_a_service_hidden_from_the_old_tokenizer_is_refused(
    served_store: Path, engine_texts: list[str], probe: str
) -> None:
    with remote_endpoint() as (remote, calls), _client(served_store) as client:
        query = SSRF_PROBES[probe].format(remote=remote)
        for response in (
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", content=query, headers={"content-type": QUERY_TYPE}),
        ):
            assert response.status_code == 400, response.text
            message = response.json()["error"]["message"]
            assert "SERVICE is off" in message or "SPARQL syntax error: line 1" in message
        time.sleep(0.2)
        assert calls == []
    assert engine_texts == []


def test_load_after_a_cr_comment_is_refused(
    served_store: Path, tmp_path: Path, engine_texts: list[str]
) -> None:
    store = _copy(served_store, tmp_path)
    headers = {"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"}
    with remote_endpoint() as (remote, calls):
        with _client(store, allow_update=True, update_token=TOKEN) as client:
            for update in (
                f"# c\rLOAD <{remote}> INTO GRAPH <urn:x>",
                f"INSERT DATA {{ }} ; # c\r LOAD <{remote}>",
            ):
                response = client.post("/sparql", content=update, headers=headers)
                assert response.status_code == 400 and "LOAD is off" in response.text
        time.sleep(0.2)
        assert calls == []
    assert engine_texts == []


def test_the_engine_runs_the_servers_canonical_text(
    served_store: Path, engine_texts: list[str]
) -> None:
    query = "select * # a comment\r\nwhere { ?s a ?type } limit 1"
    with _client(served_store) as client:
        assert client.get("/sparql", params={"query": query}).status_code == 200
    assert engine_texts == ["SELECT * WHERE { ?s a ?type } LIMIT 1"]


@pytest.mark.parametrize("probe", list(DEEP_PROBES), ids=list(DEEP_PROBES))
def test_a_tree_deeper_than_the_brackets_is_refused_before_the_engine(
    served_store: Path, engine_texts: list[str], probe: str
) -> None:
    with _client(served_store) as client:
        response = client.post(
            "/sparql", content=DEEP_PROBES[probe], headers={"content-type": QUERY_TYPE}
        )
        assert response.status_code == 400, response.text[:300]
        message = response.json()["error"]["message"]
        assert f"nested more than {NESTING} levels" in message and "max_nesting" in message
    assert engine_texts == []


def test_the_serving_process_survives_deep_trees(served_store: Path) -> None:
    """Against `claimgraph serve`: each tree that used to crash the engine is a 400,
    and the serving processes stay the same."""
    with running_server(served_store) as (server, root):
        endpoint = root + "sparql"
        assert wait_for(lambda: len(server_processes(server.pid)) == 2)
        before = server_processes(server.pid)
        answers: dict[str, int | str] = {}
        for probe, query in DEEP_PROBES.items():
            try:
                answers[probe] = httpx2.post(
                    endpoint, content=query, headers={"content-type": QUERY_TYPE}, timeout=30
                ).status_code
            except httpx2.TransportError as exc:  # the serving process died
                answers[probe] = type(exc).__name__
        assert answers == dict.fromkeys(DEEP_PROBES, 400)
        ordinary = httpx2.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=10)
        assert ordinary.status_code == 200
        assert server_processes(server.pid) == before


# -- request paths are never query text ------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/actor/mokhtar-belmokhtar%3E",
        "/actor/x%3E%20%3Fp%20%3Fo%20%7D%20UNION%20%7B%20%3Fs%20%3Fp%20%3Fo",
        "/actor/%22quoted%22",
        "/actor/a%20b",
        "/actor/%7Bbrace",
    ],
)
def test_a_malformed_resource_path_is_a_404(client: TestClient, path: str) -> None:
    for accept in ("text/html", "text/turtle"):
        response = client.get(path, headers={"accept": accept})
        assert response.status_code == 404, (path, response.text)
        assert "nothing is known about" in response.text


def test_links_never_come_from_the_host_header(client: TestClient) -> None:
    """Any client can set Host: pages, the service description and VoID link to
    the configured base IRI only, so that no cache can keep a poisoned copy."""
    headers = {"host": "evil.example", "x-forwarded-host": "evil.example"}
    for path, accept in [
        ("/", "text/html"),
        ("/actor/mokhtar-belmokhtar", "text/html"),
        ("/sparql", "text/turtle"),
        ("/.well-known/void", "text/turtle"),
    ]:
        response = client.get(path, headers={**headers, "accept": accept})
        assert response.status_code == 200, path
        assert "evil.example" not in response.text, path
    page = client.get("/", headers={**headers, "accept": "text/html"}).text
    assert 'href="/query"' in page  # a path under the configured base, on any host
    void = client.get("/.well-known/void", headers={**headers, "accept": "text/turtle"}).text
    sd = client.get("/sparql", headers={**headers, "accept": "text/turtle"}).text
    assert "http://127.0.0.1:8000/sparql" in void and "http://127.0.0.1:8000/sparql" in sd


# -- pages in a browser --------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus published with RDF whose links are scripts."""
    from claimgraph.rdf.iris import Minter
    from claimgraph.web.serve import Extra, prepare_store
    from tests.conftest import SEEDS

    folder = tmp_path_factory.mktemp("hostile")
    extra = folder / "links.ttl"
    extra.write_text(
        "<http://127.0.0.1:8000/actor/mokhtar-belmokhtar>"
        " <https://w3id.org/claimgraph/ns#exactMatch>"
        " <javascript:alert(document.cookie)> , <data:text/html,%3Cscript%3E1%3C/script%3E>"
        " , <https://www.wikidata.org/wiki/Q312402> .\n",
        encoding="utf-8",
    )
    store = folder / "store"
    prepare_store(SEEDS, store, Minter(), extras=(Extra(extra, None),), rebuild=True)
    return store


def test_non_web_iris_are_shown_as_text_never_as_links(hostile_store: Path) -> None:
    with _client(hostile_store) as client:
        page = client.get("/actor/mokhtar-belmokhtar", headers={"accept": "text/html"}).text
    assert 'href="javascript:' not in page and '<a href="data:' not in page
    assert '<span class="iri">javascript:alert(document.cookie)</span>' in page
    assert '<a href="https://www.wikidata.org/wiki/Q312402">' in page


def test_html_responses_carry_a_content_security_policy(client: TestClient) -> None:
    for path in ("/", "/query", "/actor/mokhtar-belmokhtar"):
        response = client.get(path, headers={"accept": "text/html"})
        assert response.headers["content-type"].startswith("text/html")
        policy = response.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "<script>" not in response.text  # no inline script to allow
    query = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert query.headers["x-content-type-options"] == "nosniff"


def test_no_page_loads_anything_from_elsewhere(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404  # FastAPI's docs load a CDN: left out
    for path in ("/", "/query", "/actor/mokhtar-belmokhtar"):
        page = client.get(path, headers={"accept": "text/html"}).text
        loaded = re.findall(r'<(?:script|img|iframe)[^>]*\bsrc="([^"]*)"', page)
        loaded += re.findall(r'<link[^>]*rel="stylesheet"[^>]*href="([^"]*)"', page)
        assert loaded or path != "/query"
        assert all(url.startswith("/") and not url.startswith("//") for url in loaded), loaded


def test_cors_lets_other_origins_send_the_token_only_when_updates_are_on(
    served_store: Path, tmp_path: Path
) -> None:
    preflight = {
        "origin": "https://newsroom.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
    }
    with _client(served_store) as client:
        refused = client.options("/sparql", headers=preflight)
        assert (
            "authorization" not in refused.headers.get("access-control-allow-headers", "").lower()
        )
    store = _copy(served_store, tmp_path)
    with _client(store, allow_update=True, update_token=TOKEN) as client:
        allowed = client.options("/sparql", headers=preflight)
        assert allowed.status_code == 200
        assert "authorization" in allowed.headers["access-control-allow-headers"].lower()
        put = client.options(
            "/store", headers={**preflight, "access-control-request-method": "PUT"}
        )
        assert "PUT" in put.headers["access-control-allow-methods"]


BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&lol2;</ex:p></rdf:Description>
</rdf:RDF>
"""


def test_graph_store_refuses_rdf_xml_entities(served_store: Path, tmp_path: Path) -> None:
    store = _copy(served_store, tmp_path)
    with _client(store, allow_update=True, update_token=TOKEN) as client:
        response = client.put(
            "/store",
            params={"graph": "urn:bomb"},
            content=BOMB,
            headers={"content-type": "application/rdf+xml", "authorization": f"Bearer {TOKEN}"},
        )
        assert response.status_code == 400
        assert "DTD entity declarations" in response.json()["error"]["message"]
        assert client.get("/store", params={"graph": "urn:bomb"}).status_code == 404
