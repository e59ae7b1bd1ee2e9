"""Limits on what a request may make the server hold, against ``claimgraph
serve`` itself on loopback: its request heads (uvicorn's parser, not the app,
reads them) and its HTML results page."""

from __future__ import annotations

import html
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx2
import pytest

from tests.conftest import running_server, server_processes, wait_for

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def server(served_store: Path) -> Iterator[tuple[int, str]]:
    """``claimgraph serve`` with the default limits: its supervisor's pid, its root URL."""
    with running_server(served_store) as (process, root):
        assert wait_for(lambda: len(server_processes(process.pid)) == 2)
        for _ in range(20):  # both processes warm (imports, first queries) before measuring
            httpx2.get(root + ASK.lstrip("/"), timeout=10)
        yield process.pid, root


def _rss(supervisor: int) -> int:
    """Resident memory of the serving processes, in bytes."""
    total = 0
    for pid in server_processes(supervisor):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
    return total


def _exchange(root: str, request: bytes, timeout: float = 30) -> bytes:
    """Send ``request`` on a connection of its own; what the server answered
    before closing it (empty if it reset the connection)."""
    where = urlsplit(root)
    assert where.hostname == "127.0.0.1"  # loopback only
    answer = b""
    with socket.create_connection((where.hostname, where.port or 80), timeout=timeout) as sock:
        try:
            sock.sendall(request)
            while chunk := sock.recv(65536):
                answer += chunk
        except (ConnectionResetError, BrokenPipeError):
            pass
    return answer


def _get(path: str, *headers: bytes) -> bytes:
    lines = [f"GET {path} HTTP/1.1".encode(), b"Host: 127.0.0.1", *headers, b"Connection: close"]
    return b"\r\n".join(lines) + b"\r\n\r\n"


ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"


def test_a_huge_request_header_is_refused_with_431(server: tuple[int, str]) -> None:
    supervisor, root = server
    before = _rss(supervisor)
    for _ in range(4):
        answer = _exchange(root, _get(ASK, b"X-Padding: " + b"a" * MiB))
        status, _, rest = answer.partition(b"\r\n")
        assert status == b"HTTP/1.1 431 Request Header Fields Too Large", answer[:200]
        assert b"max_header_bytes" in rest and b"65536 bytes" in rest
        assert b"connection: close" in rest.lower()
    grown = _rss(supervisor) - before
    assert grown < 8 * MiB, f"the server processes grew by {grown / MiB:.1f} MiB"
    # many header fields count together
    fields = [f"X-Field-{n}: {'b' * 100}".encode() for n in range(1000)]
    assert _exchange(root, _get(ASK, *fields)).startswith(b"HTTP/1.1 431 ")
    # a request line too long is a 414, saying to POST
    long_url = ASK + "&x=" + "c" * 70000
    answer = _exchange(root, _get(long_url))
    assert answer.startswith(b"HTTP/1.1 414 URI Too Long") and b"by POST" in answer
    # ordinary requests, big headers under the limit included, are answered
    normal = httpx2.get(root + ASK.lstrip("/"), headers={"x-padding": "d" * 40000}, timeout=10)
    assert normal.status_code == 200 and normal.json()["boolean"] is True
    assert _exchange(root, _get(ASK)).startswith(b"HTTP/1.1 200 OK")


def test_a_head_that_arrives_slowly_in_pieces_is_refused(server: tuple[int, str]) -> None:
    _, root = server
    where = urlsplit(root)
    assert where.hostname == "127.0.0.1"
    with socket.create_connection((where.hostname, where.port or 80), timeout=10) as sock:
        sock.sendall(_get(ASK).removesuffix(b"\r\n\r\n") + b"\r\nX-Slow: ")
        answer = b""
        try:
            for _ in range(80):
                sock.sendall(b"e" * 1000)
                time.sleep(0.005)
            answer = sock.recv(65536)
        except (ConnectionResetError, BrokenPipeError):
            pass
    assert answer.startswith(b"HTTP/1.1 431 ")


def test_keep_alive_requests_are_each_counted_alone(server: tuple[int, str]) -> None:
    """The limit is per request: many requests on one connection, each under
    it, are all answered."""
    _, root = server
    with httpx2.Client(timeout=10) as client:
        for _ in range(5):
            response = client.get(root + ASK.lstrip("/"), headers={"x-padding": "f" * 30000})
            assert response.status_code == 200


def test_a_huge_trailer_closes_the_connection(server: tuple[int, str]) -> None:
    """Trailer fields after a chunked body are header fields too: the server
    stops reading them (the connection is reset before they are all sent)."""
    supervisor, root = server
    before = _rss(supervisor)
    request = (
        b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4\r\nASK{\r\n"
        b"0\r\nX-Trailer: " + b"g" * (32 * MiB) + b"\r\n\r\n"
    )
    assert _exchange(root, request) == b""
    grown = _rss(supervisor) - before
    assert grown < 8 * MiB, f"the server processes grew by {grown / MiB:.1f} MiB"
    assert httpx2.get(root + ASK.lstrip("/"), timeout=10).status_code == 200


BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
MANY = "SELECT * WHERE { ?s ?p ?o . ?a ?b ?c } LIMIT 50000"


def _peak(supervisor: int) -> int:
    """The most resident memory any serving process has had, in bytes."""
    peaks = [0]
    for pid in server_processes(supervisor):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peaks.append(int(line.split()[1]) * 1024)
    return max(peaks)


def test_the_results_page_of_a_large_result_shows_its_first_rows(server: tuple[int, str]) -> None:
    """50,000 rows: the page shows 1,000 (the default max_page_rows), says how
    many there are, and links the whole result; it costs no more than the
    query (on main: a 29 MiB page after 15 s, a process 297 MiB larger)."""
    supervisor, root = server
    before = _peak(supervisor)
    started = time.perf_counter()
    page = httpx2.get(
        root + "sparql", params={"query": MANY}, headers={"accept": BROWSER}, timeout=60
    )
    elapsed = time.perf_counter() - started
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "50,000 rows; the first 1,000 are shown" in page.text
    assert page.text.count("<tr>") == 1 + 1000
    assert len(page.content) < 2 * MiB, f"a page of {len(page.content) / MiB:.1f} MiB"
    assert elapsed < 10, f"the page took {elapsed:.1f} s"
    grown = _peak(supervisor) - before
    assert grown < 150 * MiB, f"a server process grew by {grown / MiB:.0f} MiB"
    links = re.findall(r'<a href="(/sparql\?[^"]+)">(CSV|JSON)</a>', page.text)
    assert [label for _, label in links] == ["CSV", "JSON"]
    for href, label in links:
        whole = httpx2.get(root + html.unescape(href).lstrip("/"), timeout=60)
        assert whole.status_code == 200, label
        if label == "CSV":
            assert whole.headers["content-type"].startswith("text/csv")
            assert whole.text.count("\r\n") == 1 + 50000
        else:
            assert whole.headers["content-type"].startswith("application/sparql-results+json")
            assert len(whole.json()["results"]["bindings"]) == 50000
