"""``claimgraph publish`` against a real Oxigraph server (the PyPI package
``oxigraph``'s binary), started on loopback by the tests: the store then holds
the build's dumps term for term (read back and compared), one edit sends one
graph (counted by a reverse proxy), removed articles' graphs are deleted, a
publish cut off by the server's death is completed by the next run, a second
publisher is refused; hostile stores and URLs are clear errors, and the
password is never shown."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import shutil
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx2
import pytest
import trustme
from bench.oxigraph_server import OxigraphProcess, binary

from claimgraph.store import publish as publishing
from claimgraph.store.nqindex import INDEX_FILE, Span, write_index
from claimgraph.store.publish import BuildDump, Lock, Names
from claimgraph.store.remote import Credentials, OxigraphServer
from tests.proxy import Proxy, forward
from tests.publishing import (
    BASE,
    EDITED,
    PASSWORD,
    REMOVED,
    cli,
    digests,
    dump_lines,
    finished,
    make_builds,
    publish,
    publisher,
    same_dataset,
)

OXIGRAPH = binary()
if OXIGRAPH is None:
    if os.environ.get("CI"):
        raise RuntimeError("the oxigraph server binary is missing (pip install oxigraph)")
    pytest.skip("no oxigraph server binary (pip install oxigraph)", allow_module_level=True)


class Server(OxigraphProcess):
    """An Oxigraph server over a folder that outlives it, read back."""

    def dataset(self) -> list[bytes]:
        """The store's quads (the publication's own graphs aside), as sorted lines."""
        answer = httpx2.get(self.url + "store", headers={"Accept": "application/n-quads"})
        answer.raise_for_status()
        own = f"<{BASE}graph/publication".encode()
        return sorted(line for line in answer.content.splitlines() if own not in line)

    def manifest(self) -> publishing.Manifest | None:
        store = OxigraphServer.at(self.url, Credentials(), 10)
        try:
            return publishing.read_manifest(store, Names(BASE))
        finally:
            store.close()

    def manifest_version(self) -> str | None:
        manifest = self.manifest()
        return manifest.version if manifest else None


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_builds(tmp_path_factory.mktemp("builds"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    assert OXIGRAPH is not None
    running = Server(OXIGRAPH, tmp_path / "oxigraph")
    yield running
    running.kill()


@pytest.fixture
def proxy(server: Server) -> Iterator[Proxy]:
    running = Proxy(server.url)
    yield running
    running.close()


# -- publishing ------------------------------------------------------------------------


def test_first_publish_bulk_loads_and_equals_the_dumps(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    result = publish(builds["v1"], proxy.url)
    assert result.exit_code == 0, result.output
    assert "bulk load" in result.output
    bulk = [r for r in proxy.requests if r[0] == "POST" and r[1].startswith("/store")]
    assert len(bulk) == 2 and all("no_transaction" in r[1] for r in bulk)  # two parts at once
    assert same_dataset(server.dataset(), builds["v1"])
    assert server.manifest_version() == publishing.version_of(digests(builds["v1"]))
    # again: nothing to send
    proxy.requests.clear()
    result = publish(builds["v1"], proxy.url)
    assert result.exit_code == 0, result.output
    assert "up to date" in result.output
    assert proxy.graph_writes() == []
    assert not any(r[0] in ("PUT", "DELETE") for r in proxy.requests)
    assert not any(r[0] == "POST" and r[1].startswith("/store") for r in proxy.requests)


def test_one_edit_sends_one_article_graph(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    assert publish(builds["v1"], server.url).exit_code == 0
    result = publish(builds["v2"], proxy.url)
    assert result.exit_code == 0, result.output
    names = Names(BASE)
    data = [g for g in proxy.graph_writes() if g not in names.own]
    assert data == [f"{BASE}graph/article/{EDITED}", f"{BASE}graph/build"]
    # the manifest last: one update of what changed, after every graph
    bodies = [body for _, path, body in proxy.requests if path.startswith("/update")]
    manifest = [
        i
        for i, b in enumerate(bodies)
        if b.startswith(f"DELETE {{ GRAPH <{BASE}graph/publication> ".encode())
    ]
    data_writes = [
        i
        for i, b in enumerate(bodies)
        if b.startswith(f"DROP SILENT GRAPH <{BASE}graph/a".encode())
    ]
    assert len(manifest) == 1 and data_writes and max(data_writes) < manifest[0]
    found = server.manifest()
    assert found is not None and found.digests == digests(builds["v2"])
    assert found.version == publishing.version_of(found.digests)
    assert same_dataset(server.dataset(), builds["v2"])


def test_removed_article_graph_is_deleted(server: Server, builds: dict[str, Path]) -> None:
    assert publish(builds["v1"], server.url).exit_code == 0
    graph = f"{BASE}graph/article/{REMOVED}".encode()
    assert any(graph in line for line in server.dataset())
    result = publish(builds["v3"], server.url)
    assert result.exit_code == 0, result.output
    assert "1 deleted" in result.output
    assert not any(graph in line for line in server.dataset())
    assert same_dataset(server.dataset(), builds["v3"])
    found = server.manifest()
    assert found is not None and found.digests == digests(builds["v3"])


def test_other_graphs_of_the_store_are_left_alone(server: Server, builds: dict[str, Path]) -> None:
    others = {
        f"{BASE}graph/file/notes": b"<urn:x:a> <urn:x:b> <urn:x:c> .\n",
        "http://other.example/graph/article/x": b"<urn:x:d> <urn:x:e> <urn:x:f> .\n",
    }
    for graph, triples in others.items():
        httpx2.put(
            server.url + "store",
            params={"graph": graph},
            content=triples,
            headers={"Content-Type": "application/n-triples"},
        ).raise_for_status()
    for version in ("v1", "v3"):
        result = publish(builds[version], server.url)
        assert result.exit_code == 0, result.output
    kept = [line for line in server.dataset() if b"urn:x:" in line]
    assert len(kept) == 2
    ours = [line for line in server.dataset() if b"urn:x:" not in line]
    assert ours == dump_lines(builds["v3"])


def test_publish_of_a_corpus_folder_equals_its_build(
    server: Server, builds: dict[str, Path], tmp_path: Path
) -> None:
    result = publish(
        builds["corpus"], server.url, "--cache-dir", str(tmp_path / "cache"), "--quiet"
    )
    assert result.exit_code == 0, result.output
    assert same_dataset(server.dataset(), builds["v3"])


def test_failed_publish_is_completed_by_the_next(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    assert publish(builds["v1"], server.url).exit_code == 0
    v1 = server.manifest_version()
    writes = 0

    def kill_after_two(method: str, path: str, body: bytes) -> None:
        nonlocal writes
        if body.startswith(f"DROP SILENT GRAPH <{BASE}graph/article/".encode()):
            writes += 1
            if writes == 3:  # two article graphs replaced, then the server dies
                server.kill()

    proxy.before = kill_after_two
    code, output = finished(publisher(builds["v3"], proxy.url, "--timeout", "5"))
    assert code == 2, output
    assert "error: the store at" in output
    server.start()
    assert server.manifest_version() == v1  # the previous manifest is intact
    assert not same_dataset(server.dataset(), builds["v1"])  # half of v3 is in
    proxy.before = None
    # the next run (the store's lock left by a process that is gone) completes it
    result = publish(builds["v3"], server.url)
    assert result.exit_code == 0, result.output
    assert same_dataset(server.dataset(), builds["v3"])


def test_failed_first_publish_is_done_again_whole(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    """A bulk load cut off leaves part of the dataset and no manifest: the next
    run clears what it left and loads it all."""
    arrived = 0

    def kill_on_second_part(method: str, path: str, body: bytes) -> None:
        nonlocal arrived
        if method == "POST" and path.startswith("/store"):
            arrived += 1
            if arrived == 2:
                time.sleep(1)  # the first part loaded meanwhile
                server.kill()

    proxy.before = kill_on_second_part
    code, output = finished(publisher(builds["v2"], proxy.url, "--timeout", "5"))
    assert code == 2, output
    server.start()
    assert server.manifest_version() is None
    result = publish(builds["v1"], server.url)
    assert result.exit_code == 0, result.output
    assert "bulk load" in result.output
    assert same_dataset(server.dataset(), builds["v1"])


def test_failed_publish_then_the_previous_version_again(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    """The graphs a stopped publish changed are sent again even when their
    digest is the manifest's: the pending list names them."""
    assert publish(builds["v1"], server.url).exit_code == 0

    def kill_on_build_graph(method: str, path: str, body: bytes) -> None:
        if body.startswith(f"DROP SILENT GRAPH <{BASE}graph/build>".encode()):
            server.kill()

    proxy.before = kill_on_build_graph
    code, output = finished(publisher(builds["v3"], proxy.url, "--timeout", "5"))
    assert code == 2, output
    server.start()
    result = publish(builds["v1"], server.url)
    assert result.exit_code == 0, result.output
    assert same_dataset(server.dataset(), builds["v1"])


def test_a_second_publisher_is_refused(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    assert publish(builds["v1"], server.url).exit_code == 0
    started = threading.Event()

    def slow(method: str, path: str, body: bytes) -> None:
        if b"INSERT DATA" in body:
            started.set()
            time.sleep(0.5)

    proxy.before = slow
    first = publisher(builds["v3"], proxy.url)
    assert started.wait(60)
    second = publish(builds["v2"], server.url)
    code, output = finished(first)
    assert second.exit_code == 2
    assert "locked by another publisher" in second.output
    assert f"pid {first.pid}" in second.output and "since 20" in second.output
    assert code == 0, output
    assert same_dataset(server.dataset(), builds["v3"])


def test_the_lock_is_kept_through_a_bulk_load_longer_than_it_lives(
    server: Server, proxy: Proxy, builds: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One bulk request that outlives a claim (10 minutes; 2 s here): the claim
    is renewed meanwhile, so a second publisher is still refused after it would
    have lapsed, and the publish ends with its manifest written."""
    monkeypatch.setattr(publishing, "LOCK_TTL", timedelta(seconds=2))
    monkeypatch.setattr(publishing, "RENEW_AFTER", 0.3)
    loading = threading.Event()

    def slow(method: str, path: str, body: bytes) -> None:
        if method == "POST" and "no_transaction" in path:  # a part of the bulk load
            loading.set()
            time.sleep(5)

    proxy.before = slow
    outcome: dict[str, Any] = {}
    first = threading.Thread(target=lambda: outcome.update(r=publish(builds["v1"], proxy.url)))
    first.start()
    assert loading.wait(60)
    time.sleep(3)  # past the first claim's 2 s
    store = OxigraphServer.at(server.url, Credentials(), 10)
    try:
        second = Lock(store, Names(BASE), lambda _line: None, break_lock=False)
        with pytest.raises(publishing.StoreError, match="locked by another publisher"):
            second.acquire()
    finally:
        store.close()
    first.join(120)
    assert outcome["r"].exit_code == 0, outcome["r"].output
    assert same_dataset(server.dataset(), builds["v1"])
    assert server.manifest_version() is not None


def test_a_held_lock_and_break_lock(server: Server, builds: dict[str, Path]) -> None:
    store = OxigraphServer.at(server.url, Credentials(), 10)
    holder = Lock(store, Names(BASE), lambda _line: None, break_lock=False)
    holder.acquire()  # a publisher of this process, so alive
    result = publish(builds["v1"], server.url)
    assert result.exit_code == 2
    assert "locked by another publisher" in result.output and "--break-lock" in result.output
    assert server.dataset() == []  # nothing published
    result = publish(builds["v1"], server.url, "--break-lock")
    assert result.exit_code == 0, result.output
    assert "broke the lock of" in result.output
    assert same_dataset(server.dataset(), builds["v1"])
    store.close()


def test_simultaneous_publishers_never_both_publish(
    server: Server, builds: dict[str, Path]
) -> None:
    processes = {v: publisher(builds[v], server.url) for v in ("v1", "v2")}
    results = {v: finished(p) for v, p in processes.items()}
    codes = sorted(code for code, _ in results.values())
    assert codes in ([0, 2], [2, 2]), results
    for version, (code, output) in results.items():
        if code == 0:
            assert same_dataset(server.dataset(), builds[version])
        else:
            assert "another publisher" in output


def test_a_store_over_https_is_trusted_by_the_authority_the_user_names(
    server: Server, builds: dict[str, Path], tmp_path: Path
) -> None:
    """A store behind TLS with a desk's own certificate authority: refused by
    default (the system's authorities do not know it), nothing published; with
    SSL_CERT_FILE naming the authority, published as over HTTP."""
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    front = Proxy(server.url, tls=tls)
    try:
        refused = publish(builds["v1"], front.url)
        assert refused.exit_code == 2, refused.output
        assert "certificate" in refused.output and front.url.rstrip("/") in refused.output
        assert "SSL_CERT_FILE" in refused.output and "Traceback" not in refused.output
        assert server.dataset() == []
        ca = tmp_path / "desk-ca.pem"
        authority.cert_pem.write_to_path(str(ca))
        published = publish(builds["v1"], front.url, env={"SSL_CERT_FILE": str(ca)})
        assert published.exit_code == 0, published.output
        assert same_dataset(server.dataset(), builds["v1"])
    finally:
        front.close()


def test_gsp_store_type(server: Server, proxy: Proxy, builds: dict[str, Path]) -> None:
    gsp = (
        "--store",
        "gsp",
        "--query-endpoint",
        proxy.url + "query",
        "--update-endpoint",
        proxy.url + "update",
    )
    result = publish(builds["v1"], proxy.url + "store", *gsp)
    assert result.exit_code == 0, result.output
    assert same_dataset(server.dataset(), builds["v1"])
    puts = [r for r in proxy.requests if r[0] == "PUT"]
    assert len(puts) == 16 + 1  # one per graph (14 articles, registry, build), and the manifest
    proxy.requests.clear()
    assert publish(builds["v2"], proxy.url + "store", *gsp).exit_code == 0
    data = [g for g in proxy.graph_writes() if g not in Names(BASE).own]
    assert data == [f"{BASE}graph/article/{EDITED}", f"{BASE}graph/build"]
    assert same_dataset(server.dataset(), builds["v2"])
    result = publish(builds["v3"], proxy.url + "store", *gsp)
    assert result.exit_code == 0, result.output
    deletes = [r for r in proxy.requests if r[0] == "DELETE"]
    assert any(REMOVED in httpx2.URL(r[1]).params["graph"] for r in deletes)
    assert same_dataset(server.dataset(), builds["v3"])


def test_gsp_needs_its_sparql_endpoints(server: Server, builds: dict[str, Path]) -> None:
    result = publish(builds["v1"], server.url + "store", "--store", "gsp")
    assert result.exit_code == 2
    assert "--query-endpoint" in result.output
    assert server.dataset() == []


def test_credentials_are_sent_and_never_shown(server: Server, builds: dict[str, Path]) -> None:
    seen: list[str] = []
    # a store behind HTTP Basic: answers 401 unless the right credentials come
    guard = _Guard(server.url, httpx2.BasicAuth("editor", PASSWORD), seen)
    try:
        ok = publish(builds["v1"], guard.url, "--user", "editor", env=_password_env())
        assert ok.exit_code == 0, ok.output
        assert same_dataset(server.dataset(), builds["v1"])
        wrong = publish(
            builds["v2"],
            guard.url,
            "--user",
            "editor",
            env={"CLAIMGRAPH_STORE_PASSWORD": PASSWORD + "-wrong"},
        )
        assert wrong.exit_code == 2
        assert "HTTP 401" in wrong.output
        assert PASSWORD not in wrong.output
    finally:
        guard.close()
    assert seen  # the header was sent


def _password_env() -> dict[str, str]:
    return {"CLAIMGRAPH_STORE_PASSWORD": PASSWORD}


class _Guard:
    """HTTP Basic in front of ``upstream``; a wrong one gets a 401 whose body
    echoes the request's headers (as a careless server might)."""

    def __init__(self, upstream: str, auth: httpx2.BasicAuth, seen: list[str]) -> None:
        request = httpx2.Request("GET", "http://x/")
        expected = next(auth.auth_flow(request)).headers["Authorization"]
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                given = self.headers.get("Authorization", "")
                seen.append(given)
                if given != expected:
                    body = str(dict(self.headers.items())).encode()
                    self.send_response(401)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                length = int(self.headers.get("Content-Length") or 0)
                forward(self, upstream, self.rfile.read(length) if length else b"")

            do_GET = do_POST = do_PUT = do_DELETE = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=outer.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# -- hostile stores and URLs -----------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "ftp://127.0.0.1/store",
        "file:///etc/passwd",
        "127.0.0.1:7878",
        "http://",
        "javascript:alert(1)",
        "http://127.0.0.1:notaport/",
    ],
)
def test_a_url_that_is_not_http_is_refused(url: str, builds: dict[str, Path]) -> None:
    result = publish(builds["v1"], url)
    assert result.exit_code == 2
    assert "error: --to" in result.output


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (f"http://editor:{PASSWORD}@127.0.0.1:9/", "holds credentials"),
        (f"http://editor:{PASSWORD}@127.0.0.1:port/", "is not a URL"),
        (f"ftp://editor:{PASSWORD}@127.0.0.1/", "not an http(s) URL"),
        (f"http://editor:{PASSWORD}@127.0.0.1/#frag", "holds credentials"),
    ],
)
def test_credentials_in_the_url_are_refused_unshown(
    url: str, said: str, builds: dict[str, Path]
) -> None:
    result = publish(builds["v1"], url)
    assert result.exit_code == 2
    assert said in result.output
    assert PASSWORD not in result.output


class Hostile:
    """A loopback server that misbehaves in one of several ways."""

    def __init__(self, how: str, **options: Any) -> None:
        self.how, self.options = how, options
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/"
        self.requests: list[bytes] = []
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                head = conn.recv(65536)
            except OSError:
                return
            self.requests.append(head)
            if self.how == "hang":
                self.stop.wait(30)
                return
            if self.how == "garbage":
                conn.sendall(b"\x00\xff\xfe NOT HTTP AT ALL \r\n\r\n\x1b[2J")
                return
            if self.how == "500":
                body = b"Internal error; you sent: " + head[:2000]
                status = b"500 Internal Server Error"
                extra = b""
            elif self.how == "html":
                body = b"<html><body>Welcome to nginx!</body></html>"
                status, extra = b"200 OK", b"Content-Type: text/html\r\n"
            else:  # redirect
                body, status = b"", b"307 Temporary Redirect"
                extra = f"Location: {self.options['to']}\r\n".encode()
            conn.sendall(
                b"HTTP/1.1 "
                + status
                + b"\r\n"
                + extra
                + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
                + body
            )

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.mark.parametrize(
    ("how", "said"),
    [
        ("hang", "did not answer"),
        ("garbage", "failed on"),
        ("500", "HTTP 500"),
        ("html", "not SPARQL JSON results"),
    ],
)
def test_a_hostile_store_is_a_clear_error(how: str, said: str, builds: dict[str, Path]) -> None:
    hostile = Hostile(how)
    try:
        started = time.monotonic()
        result = publish(
            builds["v1"], hostile.url, "--timeout", "1", "--user", "editor", env=_password_env()
        )
        assert time.monotonic() - started < 20
    finally:
        hostile.close()
    assert result.exit_code == 2, result.output
    assert said in result.output
    assert "Traceback" not in result.output
    assert PASSWORD not in result.output
    assert "\x1b" not in result.output
    import base64

    assert base64.b64encode(f"editor:{PASSWORD}".encode()).decode() not in result.output
    assert hostile.requests  # it was asked, and nothing else was sent after the failure
    assert len(hostile.requests) == 1


@pytest.mark.parametrize("where", ["127.0.0.2", "another port"])
def test_a_redirect_is_not_followed(where: str, server: Server, builds: dict[str, Path]) -> None:
    target = server.url if where == "another port" else server.url.replace("127.0.0.1", "127.0.0.2")
    hostile = Hostile("redirect", to=target + "query")
    try:
        result = publish(builds["v1"], hostile.url, "--user", "editor", env=_password_env())
    finally:
        hostile.close()
    assert result.exit_code == 2
    assert "redirected" in result.output and "follows no redirect" in result.output
    assert PASSWORD not in result.output
    assert server.dataset() == []  # nothing went to where it led


def test_a_build_that_does_not_conform_is_not_published(
    server: Server, builds: dict[str, Path], tmp_path: Path
) -> None:
    copy = tmp_path / "build"
    shutil.copytree(builds["v1"], copy)
    report = copy / "validation-report.ttl"
    report.write_text(report.read_text().replace("sh:conforms true", "sh:conforms false"))
    result = publish(copy, server.url)
    assert result.exit_code == 1
    assert "does not conform" in result.output
    assert server.dataset() == []


def test_not_a_build_nor_a_corpus(server: Server, tmp_path: Path) -> None:
    result = publish(tmp_path / "missing", server.url)
    assert result.exit_code == 2
    assert "not a build folder nor a corpus folder" in result.output


def test_the_dump_is_read_graph_by_graph(builds: dict[str, Path]) -> None:
    """The graphs' spans, found by binary search, are those a line-by-line read
    finds; the bulk parts cover the file, a run of whole graphs each."""
    dump = BuildDump(builds["v1"])
    try:
        expected: dict[str, list[bytes]] = {}
        for line in (builds["v1"] / "claimgraph.nq").read_bytes().splitlines(keepends=True):
            graph = line.rsplit(b" <", 1)[1].split(b">")[0].decode()
            expected.setdefault(graph, []).append(line)
        assert [s.iri for s in dump.spans] == sorted(expected)
        for span in dump.spans:
            lines = expected[span.iri]
            assert dump.ntriples(span.iri) == b"".join(lines).replace(
                f" <{span.iri}> .\n".encode(), b" .\n"
            )
        assert dump.base == BASE
        for count in (1, 2, 3, 50):
            parts = dump.parts(count)
            assert parts[0][0] == 0 and parts[-1][1] == dump.size
            assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
            starts = {s.start for s in dump.spans}
            assert all(start in starts for start, _ in parts)
    finally:
        dump.close()


# -- the build's index of its dump ---------------------------------------------------


def hashed(build: Path) -> list[Span]:
    """Every graph of the dump read and hashed, as publish does without an index."""
    path = build / "claimgraph.nq"
    return publishing._spans(path.read_bytes(), path)


def copied(
    build: Path, to: Path, lie: dict[str, str] | None = None, shift: str | None = None
) -> Path:
    """``build`` copied to ``to``, with its index written again after the
    dump (as the build writes it), giving the digests of ``lie`` instead of
    the true ones, and the graph ``shift`` one line later (the graph before
    it one line longer), with the digest of those bytes."""
    shutil.copytree(build, to)
    lie = lie or {}
    data = (to / "claimgraph.nq").read_bytes()
    spans = [[s.iri, s.start, s.end, lie.get(s.iri, s.digest)] for s in hashed(to)]
    for before, span in itertools.pairwise(spans):
        if span[0] == shift:
            span[1] = before[2] = data.index(b"\n", span[1]) + 1
            before[3] = hashlib.sha256(data[before[1] : before[2]]).hexdigest()
            span[3] = hashlib.sha256(data[span[1] : span[2]]).hexdigest()
    write_index(to, [(iri, start, end - start, digest) for iri, start, end, digest in spans])
    return to


def test_the_index_gives_the_digests_publish_computes(
    builds: dict[str, Path], tmp_path: Path
) -> None:
    """Each build's index gives every graph's lines and SHA-256 exactly as
    hashing the whole dump finds them: also after a build that copied the
    bytes of the unchanged graphs from the last one (with its cache)."""
    for version in ("v1", "v2", "v3"):
        dump = BuildDump(builds[version])
        try:
            assert dump.indexed and dump.note is None
            assert dump.spans == hashed(builds[version])
        finally:
            dump.close()
    corpus = tmp_path / "corpus"
    shutil.copytree(builds["corpus"], corpus)
    out, cached = tmp_path / "out", ("--cache-dir", str(tmp_path / "cache"))
    assert cli("build", str(corpus), "--out", str(out), *cached).exit_code == 0
    before = hashed(out)
    path = corpus / f"{EDITED}.yaml"
    path.write_text(path.read_text().replace("format: 2\n", "format: 2\n# edited\n", 1))
    assert cli("build", str(corpus), "--out", str(out), *cached).exit_code == 0
    dump = BuildDump(out)
    try:
        assert dump.indexed and dump.spans == hashed(out) != before
    finally:
        dump.close()


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        ("missing", "has no claimgraph.nq.index.json"),
        ("cut short", "is damaged"),
        ("other format", "is not of the format"),
        ("other size", "changed since"),
        ("a graph left out", "does not match"),
        ("not in order", "does not match"),
    ],
)
def test_an_index_that_does_not_describe_the_dump_is_not_used(
    builds: dict[str, Path], tmp_path: Path, damage: str, said: str
) -> None:
    build = copied(builds["v2"], tmp_path / "v2")
    index = build / INDEX_FILE
    document = json.loads(index.read_text())
    graphs = document["graphs"]
    if damage == "missing":
        index.unlink()
    elif damage == "cut short":
        index.write_text(index.read_text()[:200])
    elif damage == "other format":
        document["format"] = "claimgraph-nq-index/99"
    elif damage == "other size":
        document["size"] += 1
    elif damage == "a graph left out":
        del graphs[1]
    else:
        graphs[0], graphs[1] = graphs[1], graphs[0]
    if damage not in ("missing", "cut short"):
        index.write_text(json.dumps(document))
    dump = BuildDump(build)
    try:
        assert not dump.indexed
        assert said in str(dump.note) and "every graph of the dump hashed" in str(dump.note)
        assert dump.spans == hashed(build)
    finally:
        dump.close()


def test_a_dump_edited_after_its_index_is_published_as_it_is(
    server: Server, proxy: Proxy, builds: dict[str, Path], tmp_path: Path
) -> None:
    """The dump edited by hand, in place, its size and modification time
    kept, the index left as it was: the edited graph is still sent (the
    index no longer describes the file: its change time is after the
    index's)."""
    build = copied(builds["v2"], tmp_path / "v2")
    result = publish(build, server.url)
    assert result.exit_code == 0, result.output
    assert "note:" not in result.output  # the index was used
    nq = build / "claimgraph.nq"
    before = nq.stat()
    data = nq.read_bytes()
    with nq.open("r+b") as file:
        file.seek(data.index(b"wet streets"))
        file.write(b"dry streets")
    os.utime(nq, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (nq.stat().st_size, nq.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    result = publish(build, proxy.url)
    assert result.exit_code == 0, result.output
    assert "claimgraph.nq changed since claimgraph.nq.index.json was written" in result.output
    names = Names(BASE)
    assert [g for g in proxy.graph_writes() if g not in names.own] == [
        f"{BASE}graph/article/{EDITED}"
    ]
    assert same_dataset(server.dataset(), build)
    found = server.manifest()
    assert found is not None and found.digests == {s.iri: s.digest for s in hashed(build)}


@pytest.mark.parametrize(
    ("lying", "how"), [(EDITED, "digest"), (REMOVED, "digest"), (EDITED, "spans shifted")]
)
def test_a_wrong_digest_in_the_index_is_found_when_its_graph_is_sent(
    server: Server, proxy: Proxy, builds: dict[str, Path], tmp_path: Path, lying: str, how: str
) -> None:
    """An index that gives a graph another digest than its lines' (the
    edited graph, or one that did not change, which it would then send), or
    other lines than its graph's (its span moved by a line, with the
    digest of those bytes): publish reads what it sends, finds it out, and
    hashes the whole dump."""
    assert publish(builds["v1"], server.url).exit_code == 0
    graph = f"{BASE}graph/article/{lying}"
    if how == "digest":
        build = copied(builds["v2"], tmp_path / "v2", lie={graph: "0" * 64})
    else:
        build = copied(builds["v2"], tmp_path / "v2", shift=graph)
    result = publish(build, proxy.url)
    assert result.exit_code == 0, result.output
    named = graph if how == "digest" else ""  # (shifted: the graph before it is found first)
    assert f"claimgraph.nq.index.json does not give the graph <{named}" in result.output
    names = Names(BASE)
    assert [g for g in proxy.graph_writes() if g not in names.own] == [
        f"{BASE}graph/article/{EDITED}",
        f"{BASE}graph/build",
    ]
    assert same_dataset(server.dataset(), build)
    found = server.manifest()
    assert found is not None and found.digests == digests(builds["v2"])


def test_a_build_without_its_index_is_not_up_to_date(
    builds: dict[str, Path], tmp_path: Path
) -> None:
    """A build folder of the same inputs without the index (an earlier
    version's) is built again, with it."""
    out = tmp_path / "out"
    for _ in range(2):
        result = cli("build", str(builds["corpus"]), "--out", str(out), "--no-cache")
        assert result.exit_code == 0, result.output
    assert "is up to date" in result.output
    (out / INDEX_FILE).unlink()
    result = cli("build", str(builds["corpus"]), "--out", str(out), "--no-cache")
    assert result.exit_code == 0, result.output
    assert "is up to date" not in result.output and (out / INDEX_FILE).is_file()
