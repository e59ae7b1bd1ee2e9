"""Serving a remote store (``claimgraph serve --endpoint URL``): an Oxigraph
server that ``claimgraph publish`` filled, read-only.

:class:`RemoteBackend` sends each query (the checked, canonical text, never the
client's) to the server's ``/query``, with the union of the named graphs as the
default graph (``union-default-graph``) as the embedded store has it, unless
the request names its dataset; it asks for TSV or N-Triples (lossless, one row
or triple a line) beside the format the client negotiated: an answer in that
format is checked to be whole (parsed, not written again) and passed on as
it is (the same engine writes it as the embedded store's query processes do),
any other is parsed with pyoxigraph and written in it. Requests go over
keep-alive connections (``storeclient``).
Each query holds one of ``workers`` slots of this serving process, shared
fairly between clients as query processes are, and is given
``query_timeout`` seconds in all (connecting, sending, the whole answer):
past it, a 504; a store that cannot be reached, fails, redirects (never
followed) or answers something else than results: a 502, each naming the
store's URL, never its credentials. Writes are refused (403).

:class:`RemotePublication` reads the dataset's version from the manifest
``publish`` keeps in the store (``graph/publication``), at most once a second
(``VERSION_TTL``): ETags change within a second of a publish, in every serving
process alike, and no process keeps anything else. The VoID description is
computed from the store once per version; the dumps are streamed from it, one
graph at a time (a Graph Store GET each, a few at once), written as the build
writes them: byte for byte the build's files, not gzipped.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import logging
import time
import zlib
from collections import deque
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode, urlsplit

import anyio
import anyio.from_thread
import pyoxigraph as ox
from fastapi import Response
from fastapi.responses import StreamingResponse

from claimgraph.resources import context_file
from claimgraph.store.dumps import DUMPS, DumpStream, graph_order
from claimgraph.store.embedded import StoreInfo
from claimgraph.store.publish import NS, Names
from claimgraph.store.remote import Credentials, shown_url
from claimgraph.store.void import describe_with
from claimgraph.web.evaluation import Result, serialize
from claimgraph.web.fairness import CLIENT, FairPool
from claimgraph.web.formats import GRAPH_FORMATS, SOLUTION_FORMATS, ResultFormat, negotiate
from claimgraph.web.querytypes import (
    QueryError,
    QueryRequest,
    QueryResponse,
    QuerySyntaxError,
    ResultTooLarge,
    WriteRequest,
)
from claimgraph.web.settings import ServerSettings
from claimgraph.web.storeclient import AnswerTooLarge, BrokenAnswer, ConnectFailed, StoreClient

log = logging.getLogger("uvicorn.error")

VERSION_TTL = 1.0  # seconds a serving process trusts the manifest's version it read
DUMP_WINDOW = 4  # graphs fetched at once while a dump streams
# zlib's default: a dump gzipped as it streams costs the server CPU per request
# (the embedded store's dumps are gzipped once, at build time, at level 9)
GZIP_LEVEL = 6
GET_LIMIT = 4096  # a query whose form is longer than this is POSTed
FORM = "application/x-www-form-urlencoded"
TSV = "text/tab-separated-values"
NTRIPLES = "application/n-triples"
ANSWER_FORMATS = f"{NTRIPLES}, {TSV};q=0.9"  # what the store is asked for, losslessly
FALLBACK = f"{NTRIPLES};q=0.5, {TSV};q=0.5"  # beside the client's format, if the store lacks it
REPARSE_ON_LOOP = 64 * 1024  # bytes of an answer re-serialised on the event loop; more in a thread
Row = tuple[Any, ...]  # terms, None where unbound
UNKNOWN = StoreInfo("", datetime.fromtimestamp(0, UTC).isoformat(), 0, [])


def _bare(media_type: str) -> str:
    """A media type without its parameters, in lower case."""
    return media_type.split(";")[0].strip().lower()


class StoreFailure(QueryError):
    """The store failed, could not be reached or answered something else (502),
    or did not answer in time (504)."""

    status = 502


class RemoteBackend:
    """Queries to an Oxigraph server (see the module's docstring)."""

    revision = 0  # a remote store takes no writes from here
    modified: datetime | None = None

    def __init__(self, settings: ServerSettings) -> None:
        assert settings.endpoint is not None
        root = settings.endpoint if settings.endpoint.endswith("/") else settings.endpoint + "/"
        self.root = root
        path = urlsplit(root).path
        self._query_path, self._store_path = path + "query", path + "store"
        self.shown = shown_url(root)
        self.timeout = settings.query_timeout
        self.max_result_bytes = settings.max_result_bytes
        password = settings.endpoint_password
        self.credentials = Credentials(
            settings.endpoint_user, password.get_secret_value() if password else None
        )
        self._secrets = self.credentials.secrets()
        auth = self.credentials.auth()
        self._authorization = (
            b"Basic " + base64.b64encode(f"{auth[0]}:{auth[1]}".encode()) if auth else None
        )
        self.workers = settings.workers
        share = settings.client_share if settings.client_share is not None else None
        self._pool: FairPool[int] = FairPool(
            share=share or max(1, settings.workers // 2),
            max_waiting=4 * settings.workers,
            queue_timeout=settings.queue_timeout,
        )
        for slot in range(settings.workers):
            self._pool.add(slot)
        self.protections = (
            f"the Oxigraph server at {self.shown}, read-only: {settings.workers} queries at "
            f"once per server process, each given up after {self.timeout:g} s "
            "(the store runs it to its end)"
        )
        self._client: StoreClient | None = None

    async def start(self) -> None:
        self._client = StoreClient(self.root, keep=self.workers + DUMP_WINDOW)

    async def close(self) -> None:
        if self._client is not None:
            await self._client.close()

    async def write(self, request: WriteRequest) -> int:
        raise QueryError(
            "this server serves a remote store read-only: publish changes with claimgraph publish",
            403,
        )

    async def query(self, request: QueryRequest) -> QueryResponse:
        client = CLIENT.get()
        slot = await self._pool.acquire(client)
        solutions = negotiate(request.accept, SOLUTION_FORMATS)
        graph = negotiate(request.accept, GRAPH_FORMATS)
        if solutions is not None and solutions.format == ox.QueryResultsFormat.CSV:
            solutions = None  # lossy, it cannot be checked: asked for as TSV, written as CSV
        # the formats' own types, bare (TSV's without "; charset=utf-8")
        wanted = [_bare(chosen.format.media_type) for chosen in (solutions, graph) if chosen]
        try:
            media, body = await self.answer(request, ", ".join([*wanted, FALLBACK]))
        finally:
            self._pool.release(client, slot)
        for chosen in (solutions, graph):  # in the client's format: passed on as it is
            if chosen is not None and media == _bare(chosen.format.media_type):
                if len(body) <= REPARSE_ON_LOOP:
                    self.check(chosen.format, body)
                else:
                    await anyio.to_thread.run_sync(self.check, chosen.format, body)
                return QueryResponse(chosen.media_type, body)
        if len(body) <= REPARSE_ON_LOOP:
            return self.reserialize(media, body, request.accept)
        return await anyio.to_thread.run_sync(self.reserialize, media, body, request.accept)

    async def answer(
        self, request: QueryRequest, accept: str = ANSWER_FORMATS
    ) -> tuple[str, bytes]:
        """``request``'s result as the store answers it, in one of the formats
        ``accept`` names: its media type and body."""
        params: list[tuple[str, str]] = []
        if request.default_graphs or request.named_graphs:
            params += [("default-graph-uri", g) for g in request.default_graphs]
            params += [("named-graph-uri", g) for g in request.named_graphs]
        elif not request.dataset_clause and request.union_default_graph:
            params.append(("union-default-graph", ""))
        text = request.query
        if request.base_iri:  # relative IRIs resolve against it, as the embedded store's do
            text = f"BASE <{request.base_iri}>\n{text}"
        form = urlencode([("query", text), *params])
        if len(form) <= GET_LIMIT:
            return await self._send("GET", f"{self._query_path}?{form}", "the query", None, accept)
        return await self._send("POST", self._query_path, "the query", form.encode(), accept, FORM)

    def check(self, fmt: ResultFormat, body: bytes) -> None:
        """Refuse (502) an answer that is not one whole document in ``fmt``:
        the Oxigraph server that stops a query on its own timeout
        (``--timeout-s``) has begun its answer, and ends it well formed at the
        HTTP level with its error's text in the document (HTTP 200)."""
        try:
            if isinstance(fmt, ox.RdfFormat):
                for _ in ox.parse(body, format=fmt):
                    pass
            else:
                result = ox.parse_query_results(body, format=fmt)
                if isinstance(result, ox.QuerySolutions):
                    for _ in result:
                        pass
        except (SyntaxError, ValueError) as exc:
            raise self._failure(
                f"answered a query with something else than its results ({exc}); "
                "a store that stops a query on a timeout of its own answers so"
            ) from None

    def parse(self, media: str, body: bytes) -> Result:
        """The store's answer, parsed (pyoxigraph's results stay in the thread
        that parsed them)."""
        try:
            if media == NTRIPLES:
                return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            if media == TSV:
                return ox.parse_query_results(body, format=ox.QueryResultsFormat.TSV)
            raise SyntaxError(f"an answer of type {media!r}")
        except (SyntaxError, ValueError) as exc:
            raise self._failure(
                f"answered a query with something else than its results ({exc})"
            ) from None

    def reserialize(self, media: str, body: bytes, accept: str | None) -> QueryResponse:
        """The store's answer in the format ``accept`` asks for."""
        return serialize(self.parse(media, body), accept, self.max_result_bytes)

    async def graph_nquads(self, graph: str) -> bytes:
        """The graph's quads as N-Quads (its triples, read by a Graph Store GET)."""
        target = f"{self._store_path}?{urlencode({'graph': graph})}"
        _, body = await self._send(
            "GET", target, f"the graph <{graph}>", None, NTRIPLES, limit=None
        )
        # in N-Triples " .\n" ends a line only: a literal's line break is escaped
        return body.replace(b" .\n", f" <{graph}> .\n".encode())

    async def select(self, query: str, union: bool = False) -> list[Row]:
        """A SELECT query's solutions (for the record and VoID; no slot taken)."""
        answer = await self.answer(QueryRequest(query, union_default_graph=union))
        result = self.parse(*answer)
        if not isinstance(result, ox.QuerySolutions):
            raise self._failure("answered a SELECT query with something else than solutions")
        return [tuple(solution) for solution in result]

    async def _send(
        self,
        method: str,
        target: str,
        what: str,
        content: bytes | None,
        accept: str,
        content_type: str | None = None,
        *,
        limit: int | None = -1,
    ) -> tuple[str, bytes]:
        """Send one request (``target``: a path on the store, and its query;
        never following a redirect); the answer's media type and body (2xx only)."""
        assert self._client is not None, "start() first"
        limit = self.max_result_bytes if limit == -1 else limit
        headers: list[tuple[str, str | bytes]] = [
            ("Accept", accept),
            ("User-Agent", "claimgraph-serve"),
        ]
        if self._authorization is not None:
            headers.append(("Authorization", self._authorization))
        if content is not None:
            headers.append(("Content-Type", content_type or FORM))
        try:
            async with asyncio.timeout(self.timeout):  # the whole exchange
                answer = await self._client.request(method, target, headers, content, limit)
        except TimeoutError:
            raise self._timeout(what) from None
        except ConnectFailed as exc:
            raise self._failure(f"cannot be reached ({exc})") from None
        except AnswerTooLarge:
            raise ResultTooLarge(
                f"result too large: over the limit of {limit} bytes "
                "(setting max_result_bytes); add a LIMIT or narrow the query"
            ) from None
        except (BrokenAnswer, OSError) as exc:
            raise self._failure(f"failed on the request for {what} ({exc})") from None
        status, found, body = answer.status, answer.headers, answer.body
        if 300 <= status < 400:
            where = shown_url(found.get("location", b"(nowhere)").decode("latin-1"))
            raise self._failure(
                f"redirected the request for {what} to {where!r} (HTTP {status}); "
                "claimgraph follows no redirect"
            )
        if status == 400 and target.startswith(self._query_path):  # the engine's word on a query
            said = self._scrub(body[:300].decode("utf-8", "replace").strip())
            raise QuerySyntaxError(f"the store refused the query: {said}")
        if status in (401, 403):
            raise self._failure(f"refused the credentials (HTTP {status})")
        if not 200 <= status < 300:
            log.warning(
                "the store at %s answered HTTP %s: %r",
                self.shown,
                status,
                self._scrub(body[:300].decode("utf-8", "replace")),
            )
            raise self._failure(f"answered the request for {what} with HTTP {status}")
        return _bare(found.get("content-type", b"").decode("latin-1")), body

    def _timeout(self, what: str) -> StoreFailure:
        return self._failure(
            f"did not answer the request for {what} within {self.timeout:g} s "
            "(setting query_timeout)",
            504,
        )

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text

    def _failure(self, message: str, status: int = 502) -> StoreFailure:
        return StoreFailure(self._scrub(f"the store at {self.shown} {message}"), status)


class RemotePublication:
    """The record, VoID and dumps of the dataset in a remote store (see the
    module's docstring)."""

    streamed = True

    def __init__(self, settings: ServerSettings, backend: RemoteBackend) -> None:
        self.settings = settings
        self.backend = backend
        self.names = Names(settings.base_iri)
        self.record = UNKNOWN
        self._checked = float("-inf")  # when the version was last read (monotonic)
        self._reading = asyncio.Lock()
        self._void: tuple[str, list[ox.Triple]] | None = None
        self._void_lock = asyncio.Lock()

    async def refresh(self) -> None:
        if time.monotonic() - self._checked < VERSION_TTL:
            return
        async with self._reading:
            if time.monotonic() - self._checked < VERSION_TTL:
                return
            try:
                await self._read()
            except QueryError as exc:  # the request itself will say so, if it needs the store
                log.warning("cannot read the dataset's version: %s", exc)
            self._checked = time.monotonic()

    async def _read(self) -> None:
        m = f"<{self.names.manifest}>"
        head = list(
            await self.backend.select(
                f"SELECT ?version ?published WHERE {{ GRAPH {m} {{ "
                f"{m} <{NS}version> ?version ; <{NS}published> ?published }} }}"
            )
        )
        if not head:
            raise StoreFailure(
                f"the store at {self.backend.shown} holds no dataset published under "
                f"{self.settings.base_iri} (no manifest graph {m}): run claimgraph publish"
            )
        version, published = (str(term.value) for term in head[0])
        if version == self.record.source_digest:
            return
        rows = await self.backend.select(
            f"SELECT ?g WHERE {{ GRAPH {m} {{ ?g <{NS}digest> ?d }} }}"
        )
        graphs = sorted(str(row[0].value) for row in rows if row[0] is not None)
        own = ", ".join(f"<{g}>" for g in sorted(self.names.own))
        counted = list(
            await self.backend.select(
                f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f"FILTER(?g NOT IN ({own})) }}"
            )
        )
        quads = int(counted[0][0].value) if counted and counted[0][0] is not None else 0
        built = datetime.fromisoformat(published.replace("Z", "+00:00"))
        self.record = StoreInfo(
            version, built.isoformat(), quads, graphs, 0, self.settings.base_iri
        )

    async def info(self) -> StoreInfo:
        if not self.record.source_digest:  # never read: say why
            self._checked = float("-inf")
            async with self._reading:
                await self._read()
                self._checked = time.monotonic()
        return self.record

    async def void(self) -> list[ox.Triple]:
        record = await self.info()
        async with self._void_lock:
            if self._void is None or self._void[0] != record.source_digest:

                def select(query: str, union: bool) -> list[Row]:
                    return anyio.from_thread.run(self.backend.select, query, union)

                triples = await anyio.to_thread.run_sync(
                    describe_with, select, self.settings.base_iri, record.built_at, self.names.own
                )
                self._void = (record.source_digest, triples)
            return self._void[1]

    def listing(self) -> list[dict[str, str]]:
        streamed = "streamed from the store"
        return [
            {
                "name": dump.filename,
                "format": dump.format.name,
                "media_type": dump.format.media_type,
                "size": streamed,
                "gzipped": "as it streams" if self.has_gzip(dump.filename) else "no",
            }
            for dump in DUMPS
        ]

    def has_gzip(self, name: str) -> bool:
        """Every dump but the small context is gzipped as it streams, on request."""
        return name != "context.jsonld"

    async def dump(self, name: str, gzip: bool, media: str, headers: dict[str, str]) -> Response:
        if name == "context.jsonld":
            return Response(context_file().read_bytes(), media_type=media, headers=headers)
        dump = next(d for d in DUMPS if d.filename == name)
        graphs = graph_order(self.record.graphs)
        return StreamingResponse(
            self._stream(DumpStream(dump), graphs, gzip), media_type=media, headers=headers
        )

    async def _stream(
        self, stream: DumpStream, graphs: list[str], gzip: bool
    ) -> AsyncIterator[bytes]:
        """The dump, graph by graph, ``DUMP_WINDOW`` graphs fetched ahead; gzipped
        as it goes if ``gzip`` (one gzip member, in a worker thread)."""
        packer = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS) if gzip else None

        def packed(data: bytes) -> bytes:
            return packer.compress(data) if packer is not None else data

        def graph(nquads: bytes) -> bytes:
            return packed(stream.graph(nquads))

        yield packed(stream.head())
        ahead: deque[asyncio.Task[bytes]] = deque()
        names = iter(graphs)
        try:
            for name in names:
                ahead.append(asyncio.create_task(self.backend.graph_nquads(name)))
                if len(ahead) < DUMP_WINDOW:
                    continue
                yield await anyio.to_thread.run_sync(graph, await ahead.popleft())
            while ahead:
                yield await anyio.to_thread.run_sync(graph, await ahead.popleft())
        except QueryError as exc:  # the answer has begun: it can only be cut short
            log.error("a dump streamed from the store was cut short: %s", exc)
            raise
        finally:
            for task in ahead:
                task.cancel()
            with contextlib.suppress(BaseException):
                await asyncio.gather(*ahead, return_exceptions=True)
        yield packed(stream.tail()) + (packer.flush() if packer is not None else b"")
