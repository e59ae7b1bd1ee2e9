"""Running SPARQL queries where they can be stopped.

Queries run on the store opened in this process, in a few daemon threads
(pyoxigraph releases the GIL while it evaluates, so the event loop and the
other queries go on), never on the event loop. pyoxigraph has no query
timeout and a thread cannot be stopped, so a query that outlives its timeout
is answered with the timeout error and reported as a runaway: under
``claimgraph serve`` (see ``supervisor``) its process then stops taking
connections, finishes its other requests and exits, which ends the query,
while a fresh process takes its place. Limits, each named in the error it
raises:

* ``timeout``          seconds a query (or update) may run;
* ``workers``          queries running at once in this process (others wait
                       up to ``queue_timeout``);
* ``max_result_bytes`` size of a serialised result.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.rdfinput import xml_entity_line
from claimgraph.rdf.sparqltext import has_dataset_clause
from claimgraph.web.formats import GRAPH_FORMATS, SOLUTION_FORMATS, negotiate

log = logging.getLogger(__name__)
T = TypeVar("T")


class QueryError(ClaimgraphError):
    """A query failed; ``status`` is the HTTP status that says why."""

    status = 500

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class QuerySyntaxError(QueryError):
    status = 400


class NotAcceptable(QueryError):
    status = 406


class LimitExceeded(QueryError):
    """A protective limit was hit; the message names the limit and its value."""

    status = 503


class ResultTooLarge(QueryError):
    """The result is over the size limit: asking again gives the same answer, so
    not a 503 to retry, but a 422 that says to narrow the query."""

    status = 422


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    union_default_graph: bool = True  # else the store's own default graph


@dataclass(frozen=True)
class QueryResponse:
    media_type: str
    body: bytes


class _ResultTooLarge(Exception):
    pass


class _CappedBuffer:
    """A binary writer that refuses to grow past ``limit`` bytes."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass


def _execute(store: ox.Store, request: QueryRequest, max_bytes: int) -> QueryResponse:
    options: dict[str, Any] = {"base_iri": request.base_iri}
    try:
        if request.default_graphs or request.named_graphs:
            # the protocol's dataset replaces the query's: default graph = merge of the given ones
            options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
        elif not has_dataset_clause(request.query):
            options["use_default_graph_as_union"] = request.union_default_graph
        result: Any = store.query(request.query, **options)  # solutions, boolean or triples
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except ValueError as exc:  # an invalid IRI in default-graph-uri / named-graph-uri
        raise QuerySyntaxError(str(exc)) from None
    formats = GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else SOLUTION_FORMATS
    chosen = negotiate(request.accept, formats)
    if chosen is None:
        offered = ", ".join(f.media_type for f in formats)
        raise NotAcceptable(
            f"none of the acceptable media types ({request.accept}) fits this "
            f"query's results; offered: {offered}"
        )
    buffer = _CappedBuffer(max_bytes)
    try:
        result.serialize(buffer, chosen.format)
    except _ResultTooLarge:
        raise ResultTooLarge(
            f"result too large: over the limit of {max_bytes} bytes "
            "(setting max_result_bytes); add a LIMIT or narrow the query"
        ) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query evaluation failed: {exc}") from None
    return QueryResponse(chosen.media_type, b"".join(buffer.parts))


@dataclass(frozen=True)
class WriteRequest:
    """A SPARQL Update, or a Graph Store Protocol operation on one graph."""

    operation: str  # "update", "put", "post", "delete"
    text: str | bytes = ""
    graph: str | None = None  # None: the default graph
    media_type: str | None = None
    base_iri: str | None = None


def _write(store: ox.Store, request: WriteRequest) -> int:
    """Apply ``request``; return the HTTP status that reports it."""
    target = ox.NamedNode(request.graph) if request.graph else ox.DefaultGraph()
    try:
        if request.operation == "update":
            assert isinstance(request.text, str)  # an update is text, a graph bytes
            store.update(request.text, base_iri=request.base_iri)
        elif request.operation == "delete":
            if request.graph and not store.contains_named_graph(target):
                raise QueryError(f"no graph <{request.graph}> in the store", 404)
            store.clear_graph(target)
            if request.graph:
                store.remove_graph(target)
        else:
            fmt = ox.RdfFormat.from_media_type(request.media_type or "")
            if fmt is None:
                raise QueryError(f"unsupported RDF media type {request.media_type!r}", 415)
            data = request.text.encode() if isinstance(request.text, str) else request.text
            if fmt == ox.RdfFormat.RDF_XML and (line := xml_entity_line(data)) is not None:
                raise QueryError(
                    f"DTD entity declarations (<!ENTITY, line {line}) are not allowed in "
                    "RDF/XML: they can expand to gigabytes; write the entities out in full",
                    400,
                )
            created = bool(request.graph) and not store.contains_named_graph(target)
            if request.operation == "put":
                store.clear_graph(target)
            store.load(request.text, format=fmt, to_graph=target, base_iri=request.base_iri)
            return 201 if created else 204
    except SyntaxError as exc:
        raise QueryError(f"syntax error: {exc}", 400) from None
    except ValueError as exc:
        raise QueryError(str(exc), 400) from None
    except (OSError, RuntimeError) as exc:  # a LOAD whose source failed
        raise QueryError(f"update failed: {exc}", 502) from None
    return 204


class _Threads:
    """A fixed set of daemon threads that run blocking calls for the event loop.

    Daemon, unlike ``concurrent.futures``' threads: a query that outlived its
    timeout must not keep the process from exiting, since exiting is what stops it."""

    def __init__(self, count: int) -> None:
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._threads = [
            threading.Thread(target=self._work, name=f"claimgraph-query-{n}", daemon=True)
            for n in range(count)
        ]
        for thread in self._threads:
            thread.start()

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            call, future, done = job
            result, error = None, None
            try:
                result = call()
            except BaseException as exc:  # handed to the awaiting coroutine
                if not isinstance(exc, QueryError):
                    log.exception("a query thread failed")
                error = _detached(exc)
            # RuntimeError: the event loop is closed, nobody waits any more
            with contextlib.suppress(RuntimeError):
                future.get_loop().call_soon_threadsafe(_settle, future, result, error, done)

    def run(self, call: Callable[[], T], done: Callable[[], None]) -> asyncio.Future[T]:
        """Run ``call`` in a thread; ``done`` is called on the event loop when it
        ends, whether or not anyone still awaits its result."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._jobs.put((call, future, done))
        return future

    def close(self) -> None:
        for _ in self._threads:
            self._jobs.put(None)


def _detached(error: BaseException) -> BaseException:
    """``error`` without its traceback (nor its context's): the frames hold
    pyoxigraph results, which must be freed on the thread that made them."""
    seen: BaseException | None = error
    while seen is not None:
        seen.__traceback__ = None
        seen = seen.__cause__ or seen.__context__
    return error


_Job = tuple[Callable[[], Any], "asyncio.Future[Any]", Callable[[], None]]


def _settle(
    future: asyncio.Future[Any], result: Any, error: BaseException | None, done: Callable[[], None]
) -> None:
    done()
    if future.done():  # the awaiting request gave up (timeout, client gone)
        return
    if error is None:
        future.set_result(result)
    else:
        future.set_exception(error)


class QueryExecutor:
    """Runs queries and writes on one store, opened in this process (read-only
    unless ``writable``), from the event loop: ``await query(...)``."""

    def __init__(
        self,
        store_path: Path,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        queue_timeout: float = 10.0,
        max_result_bytes: int = 100 * 1024 * 1024,
        writable: bool = False,
        on_runaway: Callable[[], None] | None = None,
    ) -> None:
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.max_result_bytes = max_result_bytes
        self.workers = workers
        self.writable = writable
        self.on_runaway = on_runaway
        self.runaway = False
        self.revision = 0  # writes applied since the store was opened
        self.modified: datetime | None = None  # when the last one was
        try:
            self.store = (
                ox.Store(str(store_path)) if writable else ox.Store.read_only(str(store_path))
            )
        except OSError as exc:
            raise ClaimgraphError(f"cannot open the store at {store_path}: {exc}") from None
        self._threads = _Threads(workers)
        self._slots = asyncio.Semaphore(workers)
        self._write_lock = asyncio.Lock()

    async def query(self, request: QueryRequest) -> QueryResponse:
        """Run ``request`` in a query thread; raise the ``QueryError`` that says why not."""
        return await self._run(
            lambda: _execute(self.store, request, self.max_result_bytes), "query"
        )

    async def write(self, request: WriteRequest) -> int:
        """Apply ``request`` (one write at a time; queries go on, each seeing the
        store as it was when it began); return the HTTP status."""
        if not self.writable:
            raise QueryError("this store is read-only", 403)
        if self.runaway:  # it may still be writing: nothing else may, until the restart
            raise LimitExceeded(
                "this server process is being replaced (a request outlived its timeout): "
                "retry shortly"
            )
        try:
            await asyncio.wait_for(self._write_lock.acquire(), self.queue_timeout)
        except TimeoutError:
            raise LimitExceeded(
                f"another update is running: waited {self.queue_timeout:g} s "
                "(setting queue_timeout)"
            ) from None
        try:
            status = await self._run(lambda: _write(self.store, request), "update")
        finally:
            self._write_lock.release()
        self.revision += 1
        self.modified = datetime.now(UTC).replace(microsecond=0)
        return status

    async def _run(self, call: Callable[[], T], what: str) -> T:
        if self._slots.locked():
            try:
                await asyncio.wait_for(self._slots.acquire(), self.queue_timeout)
            except TimeoutError:
                raise LimitExceeded(
                    f"too many concurrent queries: all {self.workers} query workers stayed "
                    f"busy for {self.queue_timeout:g} s (settings workers, queue_timeout)"
                ) from None
        else:
            await self._slots.acquire()
        # the slot is freed when the thread ends: a runaway query keeps it
        running = self._threads.run(call, self._slots.release)
        deadline = asyncio.timeout(self.timeout)
        try:
            async with deadline:
                return await running
        except TimeoutError:
            if not deadline.expired():
                raise
            self._report_runaway()
            raise LimitExceeded(
                f"{what} timeout: stopped after {self.timeout:g} s (setting query_timeout)"
            ) from None

    def _report_runaway(self) -> None:
        if self.runaway:
            return
        self.runaway = True
        if self.on_runaway is None:
            log.warning(
                "a query outlived its timeout; nothing here can stop it (run the app "
                "with `claimgraph serve`, whose processes are replaced when this happens)"
            )
        else:
            self.on_runaway()

    def close(self) -> None:
        self._threads.close()
