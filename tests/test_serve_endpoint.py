"""``claimgraph serve --endpoint URL`` over a real Oxigraph server (the PyPI
package ``oxigraph``'s binary) that ``claimgraph publish`` filled, both live
on loopback, against ``claimgraph serve`` of the same corpus on its embedded
store: the same pages, protocol answers, dumps and VoID; ETags that follow
the published version; SERVICE and updates refused; a store that is down is
a 502, one that hangs a 504 after the query timeout, one that answers
something else than HTTP or a result cut short a 502, each with a message; a
store that closes idle connections still answers every query; a result over
the size limit a 422; a store URL that is not http(s) a clear error (exit
2)."""

from __future__ import annotations

import base64
import shutil
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import httpx2
import pyoxigraph as ox
import pytest
from bench.oxigraph_server import OxigraphProcess, binary, free_port
from click.testing import CliRunner, Result

from claimgraph.cli import main
from tests.conftest import EPOCH, SEEDS, running_server, wait_for

BASE = "http://127.0.0.1:8000/"
ARTICLE = "article/001_wikinews_uk_asylum_questionnaire"
CLAIM = "article/002_globalvoices_egypt_gizawy/claim/art-hashtag"
ACTOR = "actor/abdelaziz-bouteflika"
PASSWORD = "s3cret-Pa55word-xyzzy"

OXIGRAPH = binary()
if OXIGRAPH is None:
    pytest.skip("no oxigraph server binary (pip install oxigraph)", allow_module_level=True)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), env={"SOURCE_DATE_EPOCH": str(EPOCH)})


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus") / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


@pytest.fixture(scope="module")
def store_server(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[str]:
    """An Oxigraph server holding the seeds, as claimgraph publish put them."""
    assert OXIGRAPH is not None
    root = tmp_path_factory.mktemp("published")
    built = cli("build", str(corpus), "--out", str(root / "build"), "--base-iri", BASE)
    assert built.exit_code == 0, built.output
    server = OxigraphProcess(OXIGRAPH, root / "oxigraph")
    published = cli("publish", str(root / "build"), "--to", server.url)
    assert published.exit_code == 0, published.output
    yield server.url
    server.kill()


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory, corpus: Path) -> Iterator[str]:
    """``claimgraph serve`` of the same corpus, on its embedded store."""
    store = tmp_path_factory.mktemp("embedded") / "store"
    made = cli("serve", str(corpus), "--store", str(store), "--base-iri", BASE, "--get", "/ns")
    assert made.exit_code == 0, made.output
    with running_server(store, "--base-iri", BASE) as (_, root):
        yield root


@pytest.fixture(scope="module")
def remote(store_server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``claimgraph serve --endpoint`` over the published store (its base IRI
    found in the store's manifest)."""
    unused = tmp_path_factory.mktemp("unused") / "store"
    with running_server(unused, "--endpoint", store_server) as (_, root):
        yield root


def get(root: str, path: str, **headers: str) -> httpx2.Response:
    return httpx2.get(root + path, headers=headers, timeout=60)


@pytest.mark.parametrize("path", ["", ARTICLE, CLAIM, ACTOR, "graph/registry", "dumps", "sparql"])
def test_pages_are_the_embedded_servers(embedded: str, remote: str, path: str) -> None:
    ours, theirs = get(remote, path, accept="text/html"), get(embedded, path, accept="text/html")
    assert ours.status_code == theirs.status_code == 200
    if path == "dumps":  # the sizes and the time: the build's files, or streamed from the store
        assert "streamed from the store" in ours.text and "quads in 16 named graphs" in ours.text
        assert "gzipped to clients" in theirs.text and "gzipped to clients" not in ours.text
        return
    assert ours.text == theirs.text


@pytest.mark.parametrize("path", [ARTICLE, CLAIM, f"{ACTOR}.ttl", f"{CLAIM}.jsonld"])
@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json"])
def test_iris_resolve_to_the_same_data(embedded: str, remote: str, path: str, accept: str) -> None:
    ours, theirs = get(remote, path, accept=accept), get(embedded, path, accept=accept)
    assert ours.status_code == theirs.status_code == 200
    assert ours.headers["content-type"] == theirs.headers["content-type"]
    assert ours.headers["link"] == theirs.headers["link"]
    assert same_graph(ours, theirs)


def same_graph(ours: httpx2.Response, theirs: httpx2.Response) -> bool:
    media = ours.headers["content-type"].split(";")[0]
    fmt = ox.RdfFormat.from_media_type(media)
    assert fmt is not None
    parsed = [ox.Dataset(ox.parse(r.content, format=fmt)) for r in (ours, theirs)]
    return parsed[0] == parsed[1]


SELECT = (
    "PREFIX cg: <https://w3id.org/claimgraph/ns#> PREFIX rdfs: "
    "<http://www.w3.org/2000/01/rdf-schema#> SELECT ?claim ?label ?n WHERE { "
    "?claim a cg:Claim ; rdfs:label ?label . BIND(STRLEN(?label) AS ?n) } ORDER BY ?claim LIMIT 40"
)
CONSTRUCT = (
    "PREFIX cg: <https://w3id.org/claimgraph/ns#> CONSTRUCT { ?c cg:claimant ?who } "
    "WHERE { ?c cg:claimant ?who } "
)
ASK = "ASK { ?s a <https://w3id.org/claimgraph/ns#NewsArticle> }"
SOLUTIONS = [
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
]
GRAPHS = ["text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json"]
CASES = (
    [(SELECT, accept) for accept in SOLUTIONS]
    + [(ASK, accept) for accept in SOLUTIONS[:2]]
    + [(CONSTRUCT, accept) for accept in GRAPHS]
    + [("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 0", "text/csv")]
)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("query", "accept"), CASES)
def test_protocol_answers_are_the_embedded_servers(
    embedded: str, remote: str, query: str, accept: str, method: str
) -> None:
    answers = []
    for root in (remote, embedded):
        if method == "GET":
            answers.append(
                httpx2.get(root + "sparql", params={"query": query}, headers={"accept": accept})
            )
        else:
            answers.append(
                httpx2.post(
                    root + "sparql",
                    content=query.encode(),
                    headers={"accept": accept, "content-type": "application/sparql-query"},
                )
            )
    ours, theirs = answers
    assert ours.status_code == theirs.status_code == 200, ours.text
    assert ours.headers["content-type"] == theirs.headers["content-type"]
    if query == CONSTRUCT:  # a graph: the same triples (their order is the engine's)
        assert same_graph(ours, theirs)
    else:
        assert ours.content == theirs.content


def test_a_protocol_dataset_and_relative_iris_are_the_embedded_servers(
    embedded: str, remote: str
) -> None:
    params = {
        "query": "SELECT (COUNT(*) AS ?n) ?rel WHERE { ?s ?p ?o BIND(<x> AS ?rel) } GROUP BY ?rel",
        "default-graph-uri": f"{BASE}graph/registry",
    }
    ours, theirs = (
        httpx2.get(r + "sparql", params=params, headers={"accept": "text/csv"})
        for r in (remote, embedded)
    )
    assert ours.status_code == 200 and ours.text == theirs.text
    assert f"{BASE}x" in ours.text


def test_the_dumps_are_the_builds_files(embedded: str, remote: str) -> None:
    for name in (
        "claimgraph.nq",
        "claimgraph.trig",
        "claimgraph.ttl",
        "claimgraph.jsonld",
        "context.jsonld",
    ):
        ours = get(remote, f"dumps/{name}", **{"accept-encoding": "identity"})
        theirs = get(embedded, f"dumps/{name}", **{"accept-encoding": "identity"})
        assert ours.status_code == theirs.status_code == 200
        assert ours.headers["content-type"] == theirs.headers["content-type"]
        assert ours.content == theirs.content, name
        if name == "context.jsonld":
            continue
        # gzipped as it streams, to a client that accepts it: the same bytes once unpacked
        packed = httpx2.get(
            remote + f"dumps/{name}", headers={"accept-encoding": "gzip"}, timeout=60
        )
        assert packed.headers["content-encoding"] == "gzip" and "gzip" in packed.headers["etag"]
        assert packed.content == theirs.content, name  # httpx unpacks it
        assert packed.headers["etag"] != ours.headers["etag"]
        gzip = {"accept-encoding": "gzip"}
        with httpx2.stream("GET", remote + f"dumps/{name}", headers=gzip, timeout=60) as answer:
            raw = b"".join(answer.iter_raw())
        assert len(raw) < len(theirs.content) / 3, (name, len(raw), len(theirs.content))
    article = get(remote, "dumps/article/001_wikinews_uk_asylum_questionnaire.ttl")
    assert same_graph(
        article, get(embedded, "dumps/article/001_wikinews_uk_asylum_questionnaire.ttl")
    )


def test_void_and_the_service_description_are_the_embedded_servers(
    embedded: str, remote: str
) -> None:
    modified = "http://purl.org/dc/terms/modified"  # the build's time, or the publish's
    ours, theirs = (
        {
            t
            for t in ox.parse(
                get(r, ".well-known/void", accept="application/n-triples").content,
                format=ox.RdfFormat.N_TRIPLES,
            )
            if t.predicate.value != modified
        }
        for r in (remote, embedded)
    )
    assert ours == theirs and len(ours) > 50
    ours_sd, theirs_sd = (get(r, "sparql", accept="text/turtle") for r in (remote, embedded))
    assert ours_sd.status_code == 200 and ours_sd.content == theirs_sd.content
    partition = get(remote, "dataset/class/https%3A%2F%2Fw3id.org%2Fclaimgraph%2Fns%23Claim.ttl")
    assert (
        partition.status_code == 200 and "void:entities" in partition.text
    ) or "entities" in partition.text


def test_service_is_refused_as_by_the_embedded_server(embedded: str, remote: str) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    ours, theirs = (httpx2.get(r + "sparql", params={"query": query}) for r in (remote, embedded))
    assert ours.status_code == theirs.status_code == 400
    assert ours.json() == theirs.json()
    assert "SERVICE is off" in ours.text


def test_updates_are_refused_read_only(remote: str, store_server: str) -> None:
    update = httpx2.post(
        remote + "sparql",
        content=b"INSERT DATA { <urn:x:s> <urn:x:p> <urn:x:o> }",
        headers={"content-type": "application/sparql-update"},
    )
    assert update.status_code == 403 and "read-only" in update.text
    put = httpx2.put(
        remote + "store",
        params={"graph": "urn:x:g"},
        content=b"<urn:x:s> <urn:x:p> <urn:x:o> .",
        headers={"content-type": "application/n-triples"},
    )
    assert put.status_code == 403
    asked = httpx2.get(
        store_server + "query",
        params={"query": "ASK { ?s <urn:x:p> ?o }", "union-default-graph": ""},
        headers={"accept": "text/tab-separated-values"},
    )
    assert asked.text.strip() == "false"


def test_etags_follow_the_published_version(
    remote: str, store_server: str, corpus: Path, tmp_path: Path
) -> None:
    first = get(remote, ARTICLE, accept="text/html")
    etag = first.headers["etag"]
    assert get(remote, ARTICLE, accept="text/html", **{"if-none-match": etag}).status_code == 304
    dump_etag = get(remote, "dumps/claimgraph.nq").headers["etag"]
    # the next version, published by another machine as far as serve can tell
    edited = tmp_path / "corpus"
    shutil.copytree(corpus, edited)
    annotation = edited / "006_wikinews_canada_document.yaml"
    annotation.write_text(annotation.read_text().replace("format: 2\n", "format: 2\n# edited\n", 1))
    built = cli("build", str(edited), "--out", str(tmp_path / "build"), "--base-iri", BASE)
    assert built.exit_code == 0, built.output
    assert cli("publish", str(tmp_path / "build"), "--to", store_server).exit_code == 0
    assert wait_for(lambda: get(remote, ARTICLE, accept="text/html").headers["etag"] != etag, 10)
    again = get(remote, ARTICLE, accept="text/html", **{"if-none-match": etag})
    assert again.status_code == 200 and again.text == first.text  # that article did not change
    assert get(remote, "dumps/claimgraph.nq").headers["etag"] != dump_etag


@pytest.fixture
def nothing_listening() -> str:
    return f"http://127.0.0.1:{free_port()}/"


@pytest.fixture
def hanging_store() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    accepted: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/"
    stop.set()
    thread.join()
    for conn in accepted:
        conn.close()
    listener.close()


def test_a_store_that_is_down_is_a_502_with_a_message(
    nothing_listening: str, tmp_path: Path
) -> None:
    options = ("--endpoint", nothing_listening, "--base-iri", BASE)
    with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
        answer = httpx2.get(root + "sparql", params={"query": ASK}, timeout=60)
        assert answer.status_code == 502
        message = answer.json()["error"]["message"]
        assert nothing_listening in message and "cannot be reached" in message
        page = httpx2.get(root + ARTICLE, headers={"accept": "text/html"}, timeout=60)
        assert page.status_code == 502 and "cannot be reached" in page.text
        assert page.headers["cache-control"] == "no-store"


def test_a_store_that_hangs_is_a_504_after_the_query_timeout(
    hanging_store: str, tmp_path: Path
) -> None:
    options = ("--endpoint", hanging_store, "--base-iri", BASE, "--query-timeout", "2")
    with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
        # the client would wait 60 s: the server answers after its query timeout
        answer = httpx2.get(root + "sparql", params={"query": ASK}, timeout=60)
        assert answer.status_code == 504
        message = answer.json()["error"]["message"]
        assert (
            "did not answer" in message and "within 2 s" in message and "query_timeout" in message
        )


@contextmanager
def raw_store(answer: Callable[[socket.socket, int], bool]) -> Iterator[tuple[str, list[int]]]:
    """A loopback server that reads each request's head and lets ``answer``
    (the connection, and how many requests it carried before) reply, or not:
    ``answer`` says whether the connection stays open. Its URL, and the
    requests each connection carried (one entry per connection)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    carried: list[int] = []

    def serve(conn: socket.socket, index: int) -> None:
        with conn:
            head = b""
            while True:
                data = conn.recv(65536)
                if not data:
                    return
                head += data
                while b"\r\n\r\n" in head:  # the store's requests have no body (GET)
                    _, _, head = head.partition(b"\r\n\r\n")
                    if not answer(conn, carried[index]):
                        return
                    carried[index] += 1

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            carried.append(0)
            threading.Thread(target=serve, args=(conn, len(carried) - 1), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/", carried
    finally:
        listener.close()


TRUE = b'{"head":{},"boolean":true}'


def _once_per_connection(conn: socket.socket, before: int) -> bool:
    """Answer a connection's first request (keeping it open, as HTTP/1.1 does);
    close it, unanswered, when a second one comes: a store whose idle
    connections time out just as a request is sent on one."""
    if before:
        return False
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(TRUE), TRUE)
    )
    return True


def test_a_store_that_closes_idle_connections_still_answers(tmp_path: Path) -> None:
    with raw_store(_once_per_connection) as (store, carried):
        options = ("--endpoint", store, "--base-iri", BASE, "--processes", "1")
        with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
            for _ in range(4):
                answer = httpx2.get(
                    root + "sparql",
                    params={"query": ASK},
                    headers={"accept": "application/sparql-results+json"},
                    timeout=60,
                )
                assert answer.status_code == 200, answer.text
                assert answer.content == TRUE
    assert max(carried) == 1  # each connection answered once, each query sent again


def _not_http(conn: socket.socket, before: int) -> bool:
    conn.sendall(b"SPARQL? Never heard of it.\r\n\r\n")
    return False


def test_a_store_that_answers_something_else_than_http_is_a_502(tmp_path: Path) -> None:
    with raw_store(_not_http) as (store, _):
        options = ("--endpoint", store, "--base-iri", BASE)
        with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
            answer = httpx2.get(root + "sparql", params={"query": ASK}, timeout=60)
            assert answer.status_code == 502
            message = answer.json()["error"]["message"]
            assert store in message and "failed on the request for the query" in message
            assert "not HTTP/1.1" in message


def _cut_short(conn: socket.socket, before: int) -> bool:
    """As the Oxigraph server answers a query it stops on its own timeout
    (``--timeout-s``): a 200 whose document ends with the error's text."""
    part = b'{"head":{"vars":["s"]},"results":{"bindings":[The SPARQL operation has been cancelled'
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n%x\r\n%s\r\n0\r\n\r\n" % (len(part), part)
    )
    return True


def test_a_result_the_store_cut_short_is_a_502_not_passed_on(tmp_path: Path) -> None:
    with raw_store(_cut_short) as (store, _):
        options = ("--endpoint", store, "--base-iri", BASE)
        with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
            answer = httpx2.get(
                root + "sparql",
                params={"query": "SELECT ?s WHERE { ?s ?p ?o }"},
                headers={"accept": "application/sparql-results+json"},
                timeout=60,
            )
            assert answer.status_code == 502
            message = answer.json()["error"]["message"]
            assert "something else than its results" in message and store in message


def test_a_result_over_the_size_limit_is_a_422_and_the_next_query_is_answered(
    store_server: str, tmp_path: Path
) -> None:
    options = ("--endpoint", store_server, "--processes", "1")
    env = {"CLAIMGRAPH_MAX_RESULT_BYTES": "2000"}
    with running_server(tmp_path / "unused", *options, env=env) as (_, root):
        big = httpx2.get(root + "sparql", params={"query": SELECT}, timeout=60)
        assert big.status_code == 422
        assert "over the limit of 2000 bytes" in big.json()["error"]["message"]
        small = httpx2.get(root + "sparql", params={"query": ASK}, timeout=60)
        assert small.status_code == 200 and small.json()["boolean"] is True


class _Redirecting(BaseHTTPRequestHandler):
    def _elsewhere(self) -> None:
        self.send_response(302)
        self.send_header("Location", "http://elsewhere.invalid/query")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _elsewhere

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_a_store_that_redirects_is_a_502_and_is_not_followed(tmp_path: Path) -> None:
    redirecting = ThreadingHTTPServer(("127.0.0.1", 0), _Redirecting)
    threading.Thread(target=redirecting.serve_forever, daemon=True).start()
    store = f"http://127.0.0.1:{redirecting.server_address[1]}/"
    try:
        options = ("--endpoint", store, "--base-iri", BASE)
        with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
            answer = httpx2.get(root + "sparql", params={"query": ASK}, timeout=60)
            assert answer.status_code == 502
            message = answer.json()["error"]["message"]
            assert "http://elsewhere.invalid/query" in message
            assert "claimgraph follows no redirect" in message
    finally:
        redirecting.shutdown()
        redirecting.server_close()


class _Failing(BaseHTTPRequestHandler):
    """A store that fails, echoing the credentials it was sent (as a hostile or
    broken one might)."""

    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        said = self.headers.get("Authorization", "")
        self.seen.append(said)
        body = f"internal error for {said}".encode()
        self.send_response(500)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_credentials_are_sent_and_never_shown(tmp_path: Path) -> None:
    failing = ThreadingHTTPServer(("127.0.0.1", 0), _Failing)
    threading.Thread(target=failing.serve_forever, daemon=True).start()
    store = f"http://127.0.0.1:{failing.server_address[1]}/"
    options = ("--endpoint", store, "--base-iri", BASE, "--endpoint-user", "editor")
    try:
        with running_server(
            tmp_path / "unused",
            *options,
            env={"CLAIMGRAPH_STORE_PASSWORD": PASSWORD},
            ready="robots.txt",
        ) as (_, root):
            answer = httpx2.get(root + "sparql", params={"query": ASK}, timeout=60)
            assert answer.status_code == 502
            assert "answered the request for the query with HTTP 500" in answer.text
            assert PASSWORD not in answer.text and "editor:" not in answer.text
    finally:
        failing.shutdown()
        failing.server_close()
    expected = "Basic " + base64.b64encode(f"editor:{PASSWORD}".encode()).decode()
    assert expected in _Failing.seen


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("ftp://127.0.0.1/", "is not an http(s) URL"),
        ("file:///srv/store", "is not an http(s) URL"),
        ("127.0.0.1:7878", "is not an http(s) URL"),
        (f"http://editor:{PASSWORD}@127.0.0.1:9/", "holds credentials"),
    ],
)
def test_a_store_url_that_is_not_http_is_a_clear_error(url: str, said: str) -> None:
    result = cli("serve", "--endpoint", url, "--get", "/")
    assert result.exit_code == 2
    assert "--endpoint" in result.output and said in result.output
    assert PASSWORD not in result.output


def test_endpoint_refuses_what_only_an_embedded_store_does(store_server: str) -> None:
    result = cli("serve", str(SEEDS), "--endpoint", store_server, "--allow-update", "--get", "/")
    assert result.exit_code == 2
    assert "not with CORPUS_DIR, --allow-update" in result.output


def test_a_store_without_a_dataset_is_a_clear_error(tmp_path: Path) -> None:
    assert OXIGRAPH is not None
    empty = OxigraphProcess(OXIGRAPH, tmp_path / "oxigraph")
    try:
        result = cli("serve", "--endpoint", empty.url, "--get", "/")
        assert result.exit_code == 2
        assert f"the store at {empty.url} holds no dataset claimgraph published" in result.output
        assert "claimgraph publish" in result.output
    finally:
        empty.kill()


def test_the_wrong_base_iri_is_a_502_that_says_so(store_server: str, tmp_path: Path) -> None:
    options = ("--endpoint", store_server, "--base-iri", "http://example.org/")
    with running_server(tmp_path / "unused", *options, ready="robots.txt") as (_, root):
        answer = httpx2.get(root + "sparql", timeout=60)  # the service description
        assert answer.status_code == 502
        assert "holds no dataset published under http://example.org/" in answer.text
