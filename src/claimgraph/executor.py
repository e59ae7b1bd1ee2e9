"""Running SPARQL queries where they can be stopped.

pyoxigraph has no query timeout, and a thread cannot be stopped, so queries
run in a pool of worker processes, each with the store opened read-only. A
query that outlives its timeout has its worker killed and replaced; the event
loop only ever waits. Limits, each named in the error it raises:

* ``timeout``        seconds a query may run;
* ``workers``        queries running at once (others wait up to ``queue_timeout``);
* ``max_result_bytes`` size of a serialised result.
"""

from __future__ import annotations

import multiprocessing
import queue
import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from claimgraph.errors import ClaimgraphError
from claimgraph.formats import GRAPH_FORMATS, SOLUTION_FORMATS, negotiate


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


_TOKEN = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<comment>\#[^\n]*)
      | (?P<word>[?$]?[A-Za-z_][\w-]*(?::[\w.-]*)?)""",
    re.VERBOSE,
)


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), so that the
    union default graph must not replace it. Strings, IRIs and comments are
    skipped; FROM is a keyword nowhere else."""
    return any(
        m.lastgroup == "word" and m.group().upper() == "FROM" for m in _TOKEN.finditer(query)
    )


def _execute(store: Any, request: QueryRequest, max_bytes: int) -> tuple[str, Any, Any]:

    options: dict[str, Any] = {"base_iri": request.base_iri}
    if request.default_graphs or request.named_graphs:
        # the protocol's dataset replaces the query's: default graph = merge of the given ones
        options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
        options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
    elif not has_dataset_clause(request.query):
        options["use_default_graph_as_union"] = request.union_default_graph
    try:
        result = store.query(request.query, **options)
    except SyntaxError as exc:
        return ("error", 400, f"SPARQL syntax error: {exc}")
    except ValueError as exc:  # an invalid IRI in default-graph-uri / named-graph-uri
        return ("error", 400, str(exc))
    formats = GRAPH_FORMATS if isinstance(result, ox.QueryTriples) else SOLUTION_FORMATS
    chosen = negotiate(request.accept, formats)
    if chosen is None:
        offered = ", ".join(f.media_type for f in formats)
        return (
            "error",
            406,
            f"none of the acceptable media types ({request.accept}) fits this "
            f"query's results; offered: {offered}",
        )
    buffer = _CappedBuffer(max_bytes)
    try:
        result.serialize(buffer, chosen.format)
    except _ResultTooLarge:
        return (
            "error",
            503,
            f"result too large: over the limit of {max_bytes} bytes "
            "(setting max_result_bytes); add a LIMIT or narrow the query",
        )
    except (OSError, RuntimeError, ValueError) as exc:
        return ("error", 500, f"query evaluation failed: {exc}")
    return ("ok", chosen.media_type, b"".join(buffer.parts))


@dataclass(frozen=True)
class WriteRequest:
    """A SPARQL Update, or a Graph Store Protocol operation on one graph."""

    operation: str  # "update", "put", "post", "delete"
    text: str | bytes = ""
    graph: str | None = None  # None: the default graph
    media_type: str | None = None
    base_iri: str | None = None


def _write(store: Any, request: WriteRequest) -> tuple[str, Any, Any]:
    target = ox.NamedNode(request.graph) if request.graph else ox.DefaultGraph()
    try:
        if request.operation == "update":
            store.update(request.text, base_iri=request.base_iri)
        elif request.operation == "delete":
            if request.graph and not store.contains_named_graph(target):
                return ("error", 404, f"no graph <{request.graph}> in the store")
            store.clear_graph(target)
            if request.graph:
                store.remove_graph(target)
        else:
            fmt = ox.RdfFormat.from_media_type(request.media_type or "")
            if fmt is None:
                return ("error", 415, f"unsupported RDF media type {request.media_type!r}")
            created = bool(request.graph) and not store.contains_named_graph(target)
            if request.operation == "put":
                store.clear_graph(target)
            store.load(request.text, format=fmt, to_graph=target, base_iri=request.base_iri)
            store.flush()
            return ("ok", 201 if created else 204, b"")
        store.flush()
    except SyntaxError as exc:
        return ("error", 400, f"syntax error: {exc}")
    except ValueError as exc:
        return ("error", 400, str(exc))
    return ("ok", 204, b"")


def _serve(conn: Connection, handle: Callable[[Any], tuple[str, Any, Any]], failure: str) -> None:
    """A worker process's loop: answer each request from the pipe with ``handle``;
    an exception becomes an error reply (status 500, prefixed by ``failure``)."""
    conn.send(("ready",))
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            reply = handle(request)
        except Exception as exc:
            reply = ("error", 500, f"{failure}: {type(exc).__name__}: {exc}")
        conn.send(reply)


def _writer_main(conn: Connection, store_path: str) -> None:
    """Applies writes, opening the store for each one and closing it after:
    closing waits for RocksDB's background work, so the query workers'
    read-only views never race with files the writer deletes."""

    def handle(request: WriteRequest) -> tuple[str, Any, Any]:
        store = ox.Store(store_path)
        try:
            return _write(store, request)
        finally:
            del store

    _serve(conn, handle, "update failed")


def _worker_main(conn: Connection, store_path: str, max_bytes: int, transient: bool) -> None:
    """Answers queries on a read-only view of the store. ``transient`` (when the
    server accepts writes): open the view for each query and close it after, so
    that no view is open while the writer writes (Oxigraph leaves that undefined)
    and each query sees every write made before it."""
    store = None if transient else ox.Store.read_only(store_path)

    def handle(request: QueryRequest) -> tuple[str, Any, Any]:
        view = store if store is not None else ox.Store.read_only(store_path)
        try:
            return _execute(view, request, max_bytes)
        finally:
            del view

    _serve(conn, handle, "query evaluation failed")


class _Worker:
    def __init__(
        self,
        context: Any,
        store_path: Path,
        max_bytes: int,
        writer: bool = False,
        transient: bool = False,
    ) -> None:
        self.conn, child = context.Pipe()
        target, args = (
            (_writer_main, (child, str(store_path)))
            if writer
            else (_worker_main, (child, str(store_path), max_bytes, transient))
        )
        self.process = context.Process(target=target, args=args, daemon=True)
        self.process.start()
        child.close()
        if not self.conn.poll(60) or self.conn.recv() != ("ready",):
            self.kill()
            raise ClaimgraphError(f"a query worker could not open the store at {store_path}")

    def run(self, request: Any, timeout: float) -> tuple[str, Any, Any]:
        self.conn.send(request)
        if not self.conn.poll(timeout):
            raise TimeoutError
        reply: tuple[str, Any, Any] = self.conn.recv()
        return reply

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class _ReadWriteLock:
    """Many queries at once, or one write alone (a write waits for running
    queries to end, and queries wait while it runs)."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._readers = 0
        self._writing = False

    @contextmanager
    def reading(self, timeout: float) -> Iterator[None]:
        with self._condition:
            if not self._condition.wait_for(lambda: not self._writing, timeout):
                raise LimitExceeded(
                    f"an update is running: waited {timeout:g} s (setting queue_timeout)"
                )
            self._readers += 1
        try:
            yield
        finally:
            with self._condition:
                self._readers -= 1
                self._condition.notify_all()

    @contextmanager
    def writing(self, timeout: float) -> Iterator[None]:
        with self._condition:
            self._writing = True
            try:
                if not self._condition.wait_for(lambda: self._readers == 0, timeout):
                    raise LimitExceeded(f"queries kept running: the update waited {timeout:g} s")
            except BaseException:
                self._writing = False
                self._condition.notify_all()
                raise
        try:
            yield
        finally:
            with self._condition:
                self._writing = False
                self._condition.notify_all()


class QueryExecutor:
    """A pool of query worker processes over one store (opened read-only)."""

    def __init__(
        self,
        store_path: Path,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        queue_timeout: float = 10.0,
        max_result_bytes: int = 100 * 1024 * 1024,
        writable: bool = False,
    ) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.max_result_bytes = max_result_bytes
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.writable = writable
        for _ in range(workers):
            self._add_worker()
        self._writer: _Worker | None = None
        self._write_lock = threading.Lock()
        self._access = _ReadWriteLock()
        if writable:  # after the readers: the writer takes the store's lock
            self._writer = _Worker(self._context, self.store_path, max_result_bytes, writer=True)

    def _add_worker(self) -> None:
        try:
            worker = _Worker(
                self._context, self.store_path, self.max_result_bytes, transient=self.writable
            )
        except (ClaimgraphError, EOFError, OSError):
            if self._closed:  # the pool closed while this worker was starting
                return
            raise
        with self._lock:
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
        self._idle.put(worker)

    def execute(self, request: QueryRequest) -> QueryResponse:
        """Run ``request`` (blocking: call it from a thread, never the event loop)."""
        with self._access.reading(self.queue_timeout):
            return self._execute(request)

    def _execute(self, request: QueryRequest) -> QueryResponse:
        try:
            worker = self._idle.get(timeout=self.queue_timeout)
        except queue.Empty:
            raise LimitExceeded(
                f"too many concurrent queries: all {self.workers} query workers stayed busy "
                f"for {self.queue_timeout:g} s (settings workers, queue_timeout)"
            ) from None
        try:
            kind, first, second = worker.run(request, self.timeout)
        except TimeoutError:
            self._replace(worker)
            raise LimitExceeded(
                f"query timeout: stopped after {self.timeout:g} s (setting query_timeout)"
            ) from None
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise QueryError("query evaluation failed: the query worker died") from None
        self._idle.put(worker)
        if kind == "error":
            status, message = first, second
            error = {400: QuerySyntaxError, 406: NotAcceptable, 503: LimitExceeded}.get(
                status, QueryError
            )
            raise error(message)
        return QueryResponse(first, second)

    def write(self, request: WriteRequest) -> int:
        """Apply ``request`` (one write at a time); return the HTTP status."""
        if self._writer is None:
            raise QueryError("this store is read-only", 403)
        with self._write_lock, self._access.writing(self.timeout + self.queue_timeout):
            try:
                kind, first, second = self._writer.run(request, self.timeout)
            except TimeoutError:
                self._writer.kill()
                self._writer = _Worker(
                    self._context, self.store_path, self.max_result_bytes, writer=True
                )
                raise LimitExceeded(
                    f"update timeout: stopped after {self.timeout:g} s (setting query_timeout)"
                ) from None
            if kind == "error":
                raise QueryError(second, first)
            status: int = first
            return status

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background (starting takes
        a moment: the caller's error response need not wait for it)."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        threading.Thread(target=self._add_worker, daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        if self._writer is not None:
            self._writer.kill()
