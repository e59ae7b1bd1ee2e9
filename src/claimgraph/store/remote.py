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
* ``virtuoso`` (Virtuoso Open Source 7.2, ``--to`` its HTTP root URL): HTTP
  Digest authentication (user ``dba`` unless ``--user``), SPARQL at
  ``/sparql-auth`` (queries form-encoded: Virtuoso 7.2 does not answer a query
  POSTed as ``application/sparql-query``), a graph replaced by one Graph Store
  PUT to ``/sparql-graph-crud-auth``, removed graphs dropped by SPARQL Update.
  The first publish runs Virtuoso's bulk loader (``ld_dir`` and
  ``rdf_loader_run()``, called as SQL procedures from SPARQL over HTTP) on
  N-Quads files written into ``--load-dir``, a folder the server reads (in its
  ``DirsAllowed``); without one, or when the server cannot read it, the dataset
  goes in SPARQL Updates of about 100,000 triples each (Virtuoso's Graph Store
  takes one graph per request, and many small requests are slow,
  virtuoso-opensource#1246);
* ``gsp`` (any store that speaks the SPARQL 1.1 Graph Store Protocol, ``--to``
  its Graph Store endpoint, with ``--query-endpoint`` and ``--update-endpoint``):
  one PUT per graph, one DELETE per removed graph.

A kind is a small strategy: which of the shared ways it replaces a graph
(:meth:`RemoteStore.put_graph`, :meth:`RemoteStore.update_graph`) and deletes
graphs (:meth:`RemoteStore.drop_graphs`, :meth:`RemoteStore.delete_each`), and
how it loads a whole dataset.

Every request has a time-out; a redirect is never followed (it is an error
naming where it led); the credentials go in the Authorization header only, and
every message is scrubbed of them before it is shown, whatever the store
answered.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import httpx2
from pyoxigraph import Literal

from claimgraph.errors import ClaimgraphError, printable

KINDS = ("oxigraph", "virtuoso", "gsp")
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
SPARQL_JSON = "application/sparql-results+json"
# A bulk load's answer is awaited --timeout seconds for each of these sent.
BULK_WAIT_BYTES = 64 * 2**20
# What claimgraph reads from a store (the manifest, query results): more is an error.
MAX_ANSWER_BYTES = 256 * 2**20
# A batch of the bulk path by SPARQL Update: about 100,000 triples of claimgraph's N-Quads.
BATCH_BYTES = 20 * 2**20
# Virtuoso's bulk loaders run at once, each on a file of its own: the number of
# cores / 2.5, as Virtuoso's documents advise, at least one
LOADERS = max(1, (os.cpu_count() or 1) * 2 // 5)
# The byte ranges of an N-Quads dump cut into at most n parts, each a run of whole graphs.
Parts = Callable[[int], list[tuple[int, int]]]


class StoreError(ClaimgraphError):
    """A store that refused, failed, did not answer in time or answered
    something else than a store would (exit 2)."""


@dataclass(frozen=True)
class Credentials:
    """HTTP Basic credentials for the store (none when ``user`` is None)."""

    user: str | None = None
    password: str | None = None

    def auth(self, default_user: str = "") -> tuple[str, str] | None:
        if self.user is None and self.password is None:
            return None
        return (self.user or default_user, self.password or "")

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
    # What a graph must hold to be listed by ``GRAPH ?g { … }``: nothing, in
    # SPARQL 1.1 (Virtuoso 7.2 lists no graph for an empty pattern)
    any_triple = ""
    # Whether listing the graphs reads every quad (Virtuoso): then a publish lists
    # them only when the manifest is missing or a publish stopped part-way
    slow_listing = False

    def __init__(
        self, endpoints: Endpoints, credentials: Credentials, timeout: float = 60.0
    ) -> None:
        self.endpoints = endpoints
        self.credentials = credentials
        self.timeout = timeout
        self._secrets = credentials.secrets()
        self.requests = 0  # how many were sent
        self.notes: list[str] = []  # what the bulk path had to say (a fallback)
        self._count = threading.Lock()
        urls = (endpoints.store, endpoints.query, endpoints.update)
        self.client = httpx2.Client(
            auth=self.authentication(credentials),
            # certificates are loaded (a third of a second) only when a URL needs them;
            # no redirect is followed, so an http:// store never leads to TLS
            verify=any(url.startswith("https:") for url in urls),
            timeout=httpx2.Timeout(timeout),
            follow_redirects=False,
            headers={"User-Agent": "claimgraph-publish"},
        )

    def close(self) -> None:
        self.client.close()

    def authentication(self, credentials: Credentials) -> httpx2.Auth | tuple[str, str] | None:
        """How the credentials are sent: HTTP Basic."""
        return credentials.auth()

    # -- what every kind does the same way -----------------------------------------

    def query(self, sparql: str) -> list[dict[str, Any]]:
        """A SELECT query's solutions, each a dict of variable to its JSON binding."""
        body = self._send(
            "POST",
            self.endpoints.query,
            what="a SPARQL query",
            read=True,
            **self.query_request(sparql),
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

    def query_request(self, sparql: str) -> dict[str, Any]:
        """The body and headers of a SPARQL query's POST."""
        return {
            "content": sparql.encode(),
            "headers": {"Content-Type": "application/sparql-query", "Accept": SPARQL_JSON},
        }

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

    def load_dataset(self, path: Path, parts: Parts) -> None:
        """Add a whole dataset, the N-Quads file ``path``: the bulk path.
        ``parts(n)`` cuts it into at most n byte ranges of about the same size,
        each a run of whole graphs. (The publish's lock is renewed meanwhile by
        a thread of its own.)"""
        raise NotImplementedError

    # -- the ways the kinds choose from ----------------------------------------------

    def update_graph(self, graph: str, ntriples: bytes) -> None:
        """One SPARQL Update: ``DROP SILENT GRAPH``, ``INSERT DATA``."""
        head = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n".encode()
        self._send(
            "POST",
            self.endpoints.update,
            what=f"the graph <{graph}>",
            content=b"".join([head, ntriples, b"} }\n"]),
            headers={"Content-Type": "application/sparql-update"},
        )

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """One Graph Store PUT."""
        self._send(
            "PUT",
            self.endpoints.store,
            what=f"the graph <{graph}>",
            content=ntriples,
            params={"graph": graph},
            headers={"Content-Type": NTRIPLES},
        )

    def drop_graphs(self, graphs: list[str]) -> None:
        """SPARQL Updates of ``DROP SILENT GRAPH``, a thousand graphs each."""
        for first in range(0, len(graphs), 1000):
            batch = graphs[first : first + 1000]
            self.update(
                " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in batch),
                what=f"the deletion of {len(batch)} graph(s)",
            )

    def delete_each(self, graphs: list[str]) -> None:
        """One Graph Store DELETE per graph."""
        for graph in graphs:
            self._send(
                "DELETE",
                self.endpoints.store,
                what=f"the graph <{graph}>",
                params={"graph": graph},
                missing_ok=True,
            )

    def insert_batches(self, path: Path, parts: Parts) -> None:
        """The N-Quads file in SPARQL Updates of about ``BATCH_BYTES`` each
        (``INSERT DATA`` with a ``GRAPH`` block per graph), one after the other."""
        size = path.stat().st_size
        for start, end in parts(max(1, -(-size // BATCH_BYTES))):
            self._send(
                "POST",
                self.endpoints.update,
                what=f"the dataset (bytes {start} to {end})",
                content=insert_data(read_range(path, start, end)),
                headers={"Content-Type": "application/sparql-update"},
                wait=self.timeout * max(1, -(-(end - start) // BULK_WAIT_BYTES)),
            )

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
                capped = response.headers.get("X-SPARQL-MaxRows")
                if capped is not None and 200 <= status < 300:
                    raise self._error(
                        f"cut its answer to {method} of {what} at {printable(capped)} rows",
                        url,
                        hint="raise the store's limit on results (Virtuoso: ResultSetMaxRows "
                        "in the [SPARQL] section of virtuoso.ini) above the number of graphs",
                    )
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
            untrusted = "CERTIFICATE_VERIFY_FAILED" in str(exc)
            raise self._error(
                f"failed on {method} of {what}: {reason} ({exc})",
                url,
                hint=(
                    "the store's TLS certificate is not signed by an authority this machine "
                    "trusts: name yours with SSL_CERT_FILE=ca.pem (or a folder, SSL_CERT_DIR)"
                    if untrusted
                    else "is it a SPARQL store, and the URL the right one?"
                ),
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

    # One update, one transaction: readers see the old graph or the new one.
    replace_graph = RemoteStore.update_graph
    delete_graphs = RemoteStore.drop_graphs

    def load_dataset(self, path: Path, parts: Parts) -> None:
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

        chosen = parts(2)
        with ThreadPoolExecutor(max_workers=len(chosen) or 1) as pool:
            for done in [pool.submit(send, part) for part in chosen]:
                done.result()


class VirtuosoServer(RemoteStore):
    """Virtuoso Open Source 7.2, from its HTTP root URL (see the module's
    docstring). ``load_dir``: the folder its bulk loader reads N-Quads files
    from, or None."""

    kind = "virtuoso"
    bulk = True
    any_triple = "?s ?p ?o"
    slow_listing = True  # 1.8 s at 1,000 articles on 2 cores

    def __init__(
        self,
        endpoints: Endpoints,
        credentials: Credentials,
        timeout: float = 60.0,
        load_dir: Path | None = None,
    ) -> None:
        super().__init__(endpoints, credentials, timeout)
        self.load_dir = load_dir

    @classmethod
    def at(
        cls, url: str, credentials: Credentials, timeout: float, load_dir: Path | None = None
    ) -> VirtuosoServer:
        root = url if url.endswith("/") else url + "/"
        sparql = root + "sparql-auth"
        return cls(
            Endpoints(root + "sparql-graph-crud-auth", sparql, sparql),
            credentials,
            timeout,
            load_dir,
        )

    def authentication(self, credentials: Credentials) -> httpx2.Auth | tuple[str, str] | None:
        pair = credentials.auth(default_user="dba")
        return httpx2.DigestAuth(*pair) if pair else None

    def query_request(self, sparql: str) -> dict[str, Any]:
        # Virtuoso 7.2 never answers a query POSTed as application/sparql-query
        return {
            "content": urlencode({"query": sparql}).encode(),
            "headers": {
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": SPARQL_JSON,
            },
        }

    def get_graph(self, graph: str) -> bytes | None:
        # Virtuoso cuts a Graph Store read at ResultSetMaxRows without saying so:
        # the triples read are counted against the store's count.
        body = super().get_graph(graph)
        if body is None:
            return None
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        try:
            expected = int(rows[0]["n"]["value"])
        except (IndexError, KeyError, TypeError, ValueError):
            raise self._error(
                "answered a count with something else", self.endpoints.query
            ) from None
        read = sum(1 for line in body.splitlines() if line.strip())
        if read != expected:
            raise self._error(
                f"answered the read of <{graph}> with {read} of its {expected} triples",
                self.endpoints.store,
                hint="raise ResultSetMaxRows in the [SPARQL] section of virtuoso.ini above "
                "the number of graphs",
            )
        return body

    replace_graph = RemoteStore.put_graph
    delete_graphs = RemoteStore.drop_graphs

    def sql(self, call: str, what: str, wait: float | None = None) -> None:
        """Run ``call``, SQL procedures called from SPARQL (``sql:NAME(…)`` is
        ``DB.DBA.NAME``, ``bif:NAME(…)`` a built-in function), as the user."""
        self._send(
            "POST",
            self.endpoints.query,
            what=what,
            read=True,
            wait=wait,
            **self.query_request(f"SELECT ({call} AS ?done) WHERE {{ }}"),
        )

    def load_dataset(self, path: Path, parts: Parts) -> None:
        if self.load_dir is None:
            self.insert_batches(path, parts)
            return
        try:
            self._run_loader(path, parts(LOADERS), self.load_dir)
        except _Unreadable as exc:
            self.notes.append(
                f"Virtuoso's bulk loader cannot read {printable(str(self.load_dir))} ({exc}): "
                f"the dataset goes in SPARQL Updates of about 100,000 triples instead"
            )
            self.insert_batches(path, parts)

    def _run_loader(self, path: Path, parts: list[tuple[int, int]], folder: Path) -> None:
        """The parts written into ``folder`` as files of their own, queued with
        ``ld_dir``, loaded by one ``rdf_loader_run()`` each at once, any error
        the loader recorded raised, a checkpoint (the loader writes no
        transaction log: what it loaded survives a crash once checkpointed);
        then the files and their rows of the load list removed."""
        token = secrets.token_hex(8)
        stem = f"claimgraph-{token}-"
        folder = folder.resolve()
        files = [folder / f"{stem}{n}.nq" for n in range(len(parts))]
        pattern = f"{folder}/{stem}%"
        try:
            try:
                for file, (start, end) in zip(files, parts, strict=True):
                    if (start, end) == (0, path.stat().st_size):
                        try:  # the whole dump: a second name for it, not a copy
                            os.link(path, file)
                        except OSError:
                            copy_range(path, start, end, file)
                    else:
                        copy_range(path, start, end, file)
                    file.chmod(0o644)
            except OSError as exc:
                raise _Unreadable(f"cannot write there: {exc.strerror}") from None
            try:
                self.sql(
                    f"sql:ld_dir({_string(str(folder))}, {_string(stem + '%.nq')}, '')",
                    "the bulk loader's list (ld_dir)",
                )
            except StoreError as exc:  # FA003: not in DirsAllowed; FA0..: not there
                if "FA003" in str(exc):
                    raise _Unreadable("not in the server's DirsAllowed") from None
                if "FA0" in str(exc):
                    raise _Unreadable("the server cannot list it") from None
                raise
            size = sum(end - start for start, end in parts)
            wait = self.timeout * max(1, -(-size // BULK_WAIT_BYTES))

            def run(_n: int) -> None:
                self.sql("sql:rdf_loader_run()", "the bulk load (rdf_loader_run)", wait)

            with ThreadPoolExecutor(max_workers=len(files)) as pool:
                for done in [pool.submit(run, n) for n in range(len(files))]:
                    done.result()
            self.sql(
                "bif:exec(\"SELECT signal('CGL01', LL_FILE || ': ' || LL_ERROR) FROM "
                f"DB.DBA.LOAD_LIST WHERE LL_FILE LIKE '{pattern}' AND "
                '(LL_ERROR IS NOT NULL OR LL_STATE <> 2)")',
                "the bulk loader's report",
            )
            self.sql('bif:exec("checkpoint")', "the checkpoint after the bulk load", wait)
        finally:
            for file in files:
                file.unlink(missing_ok=True)
            with suppress(StoreError):
                self.sql(
                    f"bif:exec(\"DELETE FROM DB.DBA.LOAD_LIST WHERE LL_FILE LIKE '{pattern}'\")",
                    "the bulk loader's list",
                )


class _Unreadable(Exception):
    """The bulk loader's folder cannot be used."""


def _string(value: str) -> str:
    """A SPARQL string literal."""
    return str(Literal(value))


class GraphStore(RemoteStore):
    """Any store that speaks the SPARQL 1.1 Graph Store Protocol."""

    kind = "gsp"
    replace_graph = RemoteStore.put_graph
    delete_graphs = RemoteStore.delete_each


def open_store(
    kind: str,
    url: str,
    credentials: Credentials,
    *,
    timeout: float = 60.0,
    query_endpoint: str | None = None,
    update_endpoint: str | None = None,
    load_dir: Path | None = None,
) -> RemoteStore:
    """The store of ``kind`` at ``url``; its URLs checked."""
    check_url(url, "--to")
    if load_dir is not None and kind != "virtuoso":
        raise StoreError("--load-dir is for --store virtuoso (its bulk loader's folder)")
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
    if kind == "virtuoso":
        if query_endpoint or update_endpoint:
            raise StoreError(
                "--query-endpoint and --update-endpoint are for --store gsp: Virtuoso "
                "answers at --to's /sparql-auth and /sparql-graph-crud-auth"
            )
        return VirtuosoServer.at(url, credentials, timeout, load_dir)
    raise StoreError(f"unknown --store {kind!r}: one of {', '.join(KINDS)}")


def iter_file(path: Path, start: int, end: int, chunk: int = 1 << 20) -> Iterator[bytes]:
    """The bytes of a file from ``start`` to ``end``, a chunk at a time."""
    with path.open("rb") as file:
        file.seek(start)
        left = end - start
        while left > 0 and (block := file.read(min(chunk, left))):
            left -= len(block)
            yield block


def read_range(path: Path, start: int, end: int) -> bytes:
    with path.open("rb") as file:
        file.seek(start)
        return file.read(end - start)


def copy_range(path: Path, start: int, end: int, target: Path) -> None:
    """The bytes of ``path`` from ``start`` to ``end`` into the new file ``target``."""
    with target.open("xb") as out:
        for block in iter_file(path, start, end):
            out.write(block)


def insert_data(nquads: bytes) -> bytes:
    """N-Quads lines (a graph's lines together) as one ``INSERT DATA`` with a
    ``GRAPH`` block per graph (N-Triples lines are SPARQL's triples)."""
    out = [b"INSERT DATA {\n"]
    current = b""
    for line in nquads.splitlines(keepends=True):
        triple, _, graph = line.rstrip(b" .\n").rpartition(b" ")
        if graph != current:
            if current:
                out.append(b"}\n")
            out.append(b"GRAPH " + graph + b" {\n")
            current = graph
        out.append(triple + b" .\n")
    if current:
        out.append(b"}\n")
    out.append(b"}\n")
    return b"".join(out)
