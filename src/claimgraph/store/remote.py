"""Server-grade SPARQL stores that ``claimgraph publish`` writes into, over HTTP.

Each kind of store is a :class:`RemoteStore`: what every kind does the same way
(SPARQL 1.1 Query and Update for the lock and the graph listing, Graph Store
Protocol reads of the manifest) is here, and a kind says how it replaces a
graph, deletes graphs and loads a whole dataset:

* ``oxigraph`` (Oxigraph server, ``--to`` its root URL): the first publish
  POSTs the whole dataset as N-Quads to ``/store?no_transaction`` (Oxigraph's
  bulk loader, oxigraph#892); a graph is then replaced by one SPARQL Update
  (``DROP SILENT GRAPH``, ``INSERT DATA``), which Oxigraph applies in one
  transaction: its Graph Store PUT clears the graph and loads the new one in
  two, so that a reader could see the graph empty in between;
* ``gsp`` (any store that speaks the SPARQL 1.1 Graph Store Protocol, ``--to``
  its Graph Store endpoint, with ``--query-endpoint`` and ``--update-endpoint``):
  one PUT per graph, one DELETE per removed graph.

A further kind (Virtuoso's bulk loader) is one more subclass and one more name
in :data:`KINDS`.

Every request has a time-out; a redirect is never followed (it is an error
naming where it led); the credentials go in the Authorization header only, and
every message is scrubbed of them before it is shown, whatever the store
answered.
"""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx2

from claimgraph.errors import ClaimgraphError, printable

KINDS = ("oxigraph", "gsp")
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
SPARQL_JSON = "application/sparql-results+json"
# A bulk load's answer is awaited --timeout seconds for each of these sent.
BULK_WAIT_BYTES = 64 * 2**20
# What claimgraph reads from a store (the manifest, query results): more is an error.
MAX_ANSWER_BYTES = 256 * 2**20


class StoreError(ClaimgraphError):
    """A store that refused, failed, did not answer in time or answered
    something else than a store would (exit 2)."""


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic credentials for the store (none when ``user`` is None)."""

    user: str | None = None
    password: str | None = None

    def auth(self) -> tuple[str, str] | None:
        if self.user is None and self.password is None:
            return None
        return (self.user or "", self.password or "")

    def secrets(self) -> list[str]:
        """Every form of the secret a message must never show."""
        found = []
        if self.password:
            found.append(self.password)
            pair = f"{self.user or ''}:{self.password}".encode()
            found.append(base64.b64encode(pair).decode("ascii"))
            found.append(base64.urlsafe_b64encode(pair).decode("ascii"))
        return found


def check_url(value: str, option: str) -> str:
    """``value`` if it is an http(s) URL with a host and no credentials in it
    (they would be shown wherever the URL is), else an error naming ``option``."""
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 (raises for a port that is not a number)
    except ValueError:
        raise StoreError(f"{option}: {printable(shown_url(value))!r} is not a URL") from None
    if parts.scheme not in ("http", "https") or not host:
        raise StoreError(
            f"{option}: {printable(shown_url(value))!r} is not an http(s) URL with a host",
            hint=f"for example {option} http://127.0.0.1:7878/",
        )
    if parts.username is not None or parts.password is not None:
        raise StoreError(
            f"{option}: the URL holds credentials; give them with the user and password "
            "options (or CLAIMGRAPH_STORE_USER and CLAIMGRAPH_STORE_PASSWORD) instead, "
            "so that they are never shown",
        )
    if parts.fragment:
        raise StoreError(f"{option}: {printable(shown_url(value))!r} has a fragment ('#…')")
    return value


def shown_url(value: str) -> str:
    """``value`` without any user name or password it holds."""
    try:
        parts = urlsplit(value)
        if parts.username is None and parts.password is None:
            return value
        netloc = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=netloc))
    except ValueError:
        return "(not a URL)"


@dataclass(frozen=True)
class Endpoints:
    """Where a store answers: its Graph Store endpoint, SPARQL query and update."""

    store: str
    query: str
    update: str


class RemoteStore:
    """A store reached over HTTP. Subclasses say how a graph is replaced,
    graphs deleted and a whole dataset loaded."""

    kind = ""
    bulk = False  # whether a whole dataset can be loaded at once (see load_dataset)

    def __init__(
        self, endpoints: Endpoints, credentials: Credentials, timeout: float = 60.0
    ) -> None:
        self.endpoints = endpoints
        self.credentials = credentials
        self.timeout = timeout
        self._secrets = credentials.secrets()
        self.requests = 0  # how many were sent
        self._count = threading.Lock()
        urls = (endpoints.store, endpoints.query, endpoints.update)
        self.client = httpx2.Client(
            auth=credentials.auth(),
            # certificates are loaded (a third of a second) only when a URL needs them;
            # no redirect is followed, so an http:// store never leads to TLS
            verify=any(url.startswith("https:") for url in urls),
            timeout=httpx2.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": "claimgraph-publish"},
        )

    def close(self) -> None:
        self.client.close()

    # -- what every kind does the same way -----------------------------------------

    def query(self, sparql: str) -> list[dict[str, Any]]:
        """A SELECT query's solutions, each a dict of variable to its JSON binding."""
        body = self._send(
            "POST",
            self.endpoints.query,
            what="a SPARQL query",
            content=sparql.encode(),
            headers={"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON},
            read=True,
        )
        try:
            data = json.loads(body or b"")
            bindings = data["results"]["bindings"]
            if not isinstance(bindings, list) or not all(isinstance(b, dict) for b in bindings):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            raise self._error(
                "answered a SPARQL query with something that is not SPARQL JSON results",
                self.endpoints.query,
                body,
            ) from None
        return bindings

    def update(self, sparql: str, what: str = "a SPARQL update") -> None:
        self._send(
            "POST",
            self.endpoints.update,
            what=what,
            content=sparql.encode(),
            headers={"Content-Type": "application/sparql-update"},
        )

    def get_graph(self, graph: str) -> bytes | None:
        """A graph's triples as N-Triples; None when the store has no such graph."""
        return self._send(
            "GET",
            self.endpoints.store,
            what=f"the graph <{graph}>",
            params={"graph": graph},
            headers={"Accept": NTRIPLES},
            read=True,
            missing_ok=True,
        )

    def get_dataset(self) -> bytes:
        """The whole dataset, as N-Quads (for the tests and the benchmark)."""
        body = self._send(
            "GET",
            self.endpoints.store,
            what="the dataset",
            headers={"Accept": NQUADS},
            read=True,
            limit=None,
        )
        assert body is not None
        return body

    # -- what each kind does its own way -------------------------------------------

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace ``graph`` with the triples of ``ntriples``, in one request."""
        raise NotImplementedError

    def delete_graphs(self, graphs: list[str]) -> None:
        """Delete ``graphs`` (those the store does not have are no error)."""
        raise NotImplementedError

    def load_dataset(self, path: Path, parts: list[tuple[int, int]]) -> None:
        """Add a whole dataset, the N-Quads file ``path`` (whose byte ranges
        ``parts`` each begin and end at a line's start): the bulk path."""
        raise NotImplementedError

    # -- HTTP ------------------------------------------------------------------------

    def _send(
        self,
        method: str,
        url: str,
        *,
        what: str,
        content: Any = None,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        read: bool = False,
        missing_ok: bool = False,
        limit: int | None = MAX_ANSWER_BYTES,
        wait: float | None = None,
    ) -> bytes | None:
        """Send one request; the body of its answer when ``read``; an error
        naming the request (``what``) for anything but a 2xx answer (and a 404
        when ``missing_ok``: None)."""
        with self._count:
            self.requests += 1
        wait = wait or self.timeout  # for the answer, once the request is sent
        try:
            with self.client.stream(
                method,
                url,
                content=content,
                params=params,
                headers=headers,
                timeout=httpx2.Timeout(self.timeout, read=wait),
            ) as response:
                status = response.status_code
                if 300 <= status < 400:
                    where = response.headers.get("Location", "(no Location)")
                    raise self._error(
                        f"redirected {method} of {what} to {printable(shown_url(where))!r} "
                        f"(HTTP {status}); claimgraph follows no redirect",
                        url,
                        hint="give the URL the store answers at itself",
                    )
                if status == 404 and missing_ok:
                    return None
                body = self._read(response, limit)
                if not 200 <= status < 300:
                    raise self._error(
                        f"refused {method} of {what}: HTTP {status}", url, body, status=status
                    )
                return body if read else b""
        except httpx2.TimeoutException:
            raise self._error(
                f"did not answer {method} of {what} within {wait:g} s",
                url,
                hint="is the store up and reachable? --timeout sets the time-out",
            ) from None
        except httpx2.HTTPError as exc:
            reason = type(exc).__name__
            raise self._error(
                f"failed on {method} of {what}: {reason} ({exc})",
                url,
                hint="is it a SPARQL store, and the URL the right one?",
            ) from None

    def _read(self, response: httpx2.Response, limit: int | None) -> bytes:
        chunks = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if limit is not None and size > limit:
                raise self._error(
                    f"answered with more than {limit} bytes", str(response.request.url)
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _error(
        self,
        message: str,
        url: str,
        body: bytes | None = None,
        *,
        status: int | None = None,
        hint: str | None = None,
    ) -> StoreError:
        """An error naming the store's URL and what it said (at most 300
        characters of it), without the credentials."""
        text = f"the store at {shown_url(str(url)).split('?')[0]} {message}"
        if body:
            said = body[:300].decode("utf-8", "replace").strip()
            if said:
                text += f": {said!r}"
        for secret in self._secrets:
            text = text.replace(secret, "***")
            if hint:
                hint = hint.replace(secret, "***")
        error = StoreError(text, hint=hint)
        error.status = status  # type: ignore[attr-defined]
        return error


class OxigraphServer(RemoteStore):
    """Oxigraph server (``oxigraph serve``), from its root URL."""

    kind = "oxigraph"
    bulk = True

    @classmethod
    def at(cls, url: str, credentials: Credentials, timeout: float) -> OxigraphServer:
        root = url if url.endswith("/") else url + "/"
        return cls(Endpoints(root + "store", root + "query", root + "update"), credentials, timeout)

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        # One update, one transaction: readers see the old graph or the new one.
        head = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n".encode()
        self._send(
            "POST",
            self.endpoints.update,
            what=f"the graph <{graph}>",
            content=b"".join([head, ntriples, b"} }\n"]),
            headers={"Content-Type": "application/sparql-update"},
        )

    def delete_graphs(self, graphs: list[str]) -> None:
        for first in range(0, len(graphs), 1000):
            batch = graphs[first : first + 1000]
            self.update(
                " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch),
                what=f"the deletion of {len(batch)} graph(s)",
            )

    def load_dataset(self, path: Path, parts: list[tuple[int, int]]) -> None:
        # Oxigraph parses one request on one thread (its `load` parses a file in
        # parallel): the parts are sent at once, each to a bulk loader of its own.
        def send(part: tuple[int, int]) -> None:
            start, end = part
            self._send(
                "POST",
                self.endpoints.store,
                what=f"the dataset (bulk load, bytes {start} to {end})",
                content=iter_file(path, start, end),
                params={"no_transaction": ""},
                headers={"Content-Type": NQUADS, "Content-Length": str(end - start)},
                # it answers once the part is loaded: a while after the last byte
                wait=self.timeout * max(1, -(-(end - start) // BULK_WAIT_BYTES)),
            )

        with ThreadPoolExecutor(max_workers=len(parts) or 1) as pool:
            for done in [pool.submit(send, part) for part in parts]:
                done.result()


class GraphStore(RemoteStore):
    """Any store that speaks the SPARQL 1.1 Graph Store Protocol."""

    kind = "gsp"

    def replace_graph(self, graph: str, ntriples: bytes) -> None:
        self._send(
            "PUT",
            self.endpoints.store,
            what=f"the graph <{graph}>",
            content=ntriples,
            params={"graph": graph},
            headers={"Content-Type": NTRIPLES},
        )

    def delete_graphs(self, graphs: list[str]) -> None:
        for graph in graphs:
            self._send(
                "DELETE",
                self.endpoints.store,
                what=f"the graph <{graph}>",
                params={"graph": graph},
                missing_ok=True,
            )


def open_store(
    kind: str,
    url: str,
    credentials: Credentials,
    *,
    timeout: float = 60.0,
    query_endpoint: str | None = None,
    update_endpoint: str | None = None,
) -> RemoteStore:
    """The store of ``kind`` at ``url``; its URLs checked."""
    check_url(url, "--to")
    if kind == "oxigraph":
        if query_endpoint or update_endpoint:
            raise StoreError(
                "--query-endpoint and --update-endpoint are for --store gsp: an Oxigraph "
                "server answers at --to's /query and /update"
            )
        return OxigraphServer.at(url, credentials, timeout)
    if kind == "gsp":
        if not query_endpoint or not update_endpoint:
            raise StoreError(
                "--store gsp needs --query-endpoint and --update-endpoint: the lock is a "
                "conditional SPARQL update and the graphs are listed by a query",
                hint="e.g. Fuseki: --to http://HOST:3030/ds/data --query-endpoint "
                "http://HOST:3030/ds/query --update-endpoint http://HOST:3030/ds/update",
            )
        check_url(query_endpoint, "--query-endpoint")
        check_url(update_endpoint, "--update-endpoint")
        return GraphStore(Endpoints(url, query_endpoint, update_endpoint), credentials, timeout)
    raise StoreError(f"unknown --store {kind!r}: one of {', '.join(KINDS)}")


def iter_file(path: Path, start: int, end: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of a file from ``start`` to ``end``, a chunk at a time."""
    with path.open("rb") as file:
        file.seek(start)
        left = end - start
        while left > 0 and (block := file.read(min(chunk, left))):
            left -= len(block)
            yield block
