"""A query process: it evaluates one query (or write) at a time for the serving
process that started it, over a socket pair (see ``querytypes`` for the frames).

Queries run here, not in the serving process, so that what one query does
stays in its process: the serving process ends a query that outlives its
timeout by killing the process, and a query that needs more memory than the
limit ends its own process, without touching anyone else's request. Before it
opens the store, the process cuts itself off the network (unless endpoints were
allowed for SERVICE / LOAD) and caps its memory (``isolation``), and it
evaluates on a thread whose stack is large enough for the deepest query the
body limit admits (Oxigraph's parser and evaluator recurse once per level of
the query's tree: on a default 8 MiB stack a 100,000-deep ``!!…true``
overflows it, which kills the process; on 1 GiB, 500,000 levels evaluate).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from claimgraph.rdf.rdfinput import xml_entity_line
from claimgraph.web.formats import GRAPH_FORMATS, SOLUTION_FORMATS, negotiate
from claimgraph.web.graph_writes import TooLarge, graph_update
from claimgraph.web.isolation import die_with_parent, isolate_network, limit_memory
from claimgraph.web.querytypes import (
    Job,
    NotAcceptable,
    QueryError,
    QueryRequest,
    QueryResponse,
    QuerySyntaxError,
    ResultTooLarge,
    WriteRequest,
    receive_frame,
    send_frame,
)

READY = "ready"
MEMORY_EXIT = 75  # the exit status of a process whose query ran out of memory


@dataclass(frozen=True)
class Config:
    store: Path
    writable: bool  # the one process that may write; others open the store read-only
    isolate: bool  # cut the process off the network (no endpoint is allowed)
    max_memory: int  # bytes a query may allocate
    stack_bytes: int
    max_result_bytes: int
    # A writable store's readers open a snapshot of it, one per revision, which the
    # writer makes after each write: the store's own files may be compacted away
    # under a reader (RocksDB), a snapshot's hard links never are.
    snapshots: Path | None = None
    revision: int = 0  # the writes applied so far, when the process starts


KEEP_SNAPSHOTS = 8  # the latest ones, for readers that have not reopened yet


def snapshot_path(snapshots: Path, revision: int) -> Path:
    return snapshots / str(revision)


def _take_snapshot(store: ox.Store, snapshots: Path, revision: int) -> None:
    """Snapshot ``store`` as of ``revision`` (hard links: a millisecond), and
    remove the snapshots readers no longer need."""
    target = snapshot_path(snapshots, revision)
    if not target.exists():
        snapshots.mkdir(parents=True, exist_ok=True)
        store.backup(str(target))
    for old in snapshots.iterdir():
        if old.name.isdigit() and int(old.name) < revision - KEEP_SNAPSHOTS:
            shutil.rmtree(old, ignore_errors=True)


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


def execute(store: ox.Store, request: QueryRequest, max_bytes: int) -> QueryResponse:
    """Evaluate ``request`` and serialise its result in the negotiated format."""
    options: dict[str, Any] = {"base_iri": request.base_iri}
    try:
        if request.default_graphs or request.named_graphs:
            # the protocol's dataset replaces the query's: default graph = merge of the given ones
            options["default_graph"] = [ox.NamedNode(g) for g in request.default_graphs]
            options["named_graphs"] = [ox.NamedNode(g) for g in request.named_graphs]
        elif not request.dataset_clause:
            options["use_default_graph_as_union"] = request.union_default_graph
        result: Any = store.query(request.query, **options)  # solutions, boolean or triples
    except SyntaxError as exc:
        raise QuerySyntaxError(f"SPARQL syntax error: {exc}") from None
    except ValueError as exc:  # an invalid IRI in default-graph-uri / named-graph-uri
        raise QuerySyntaxError(str(exc)) from None
    return serialize(result, request.accept, max_bytes)


Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]


def serialize(result: Result, accept: str | None, max_bytes: int) -> QueryResponse:
    """``result`` in the format ``accept`` asks for, at most ``max_bytes`` long:
    also a result read from a remote store (a graph's as a list of triples), so
    that clients get the same formats either way."""
    graph = isinstance(result, ox.QueryTriples | list)
    formats = GRAPH_FORMATS if graph else SOLUTION_FORMATS
    chosen = negotiate(accept, formats)
    if chosen is None:
        offered = ", ".join(f.media_type for f in formats)
        raise NotAcceptable(
            f"none of the acceptable media types ({accept}) fits this "
            f"query's results; offered: {offered}"
        )
    buffer = _CappedBuffer(max_bytes)
    try:
        if isinstance(result, list):
            ox.serialize(result, buffer, chosen.format)  # type: ignore[arg-type]
        else:
            result.serialize(buffer, chosen.format)  # type: ignore[arg-type]
    except _ResultTooLarge:
        raise ResultTooLarge(
            f"result too large: over the limit of {max_bytes} bytes "
            "(setting max_result_bytes); add a LIMIT or narrow the query"
        ) from None
    except (OSError, RuntimeError, ValueError) as exc:
        raise QueryError(f"query evaluation failed: {exc}") from None
    return QueryResponse(chosen.media_type, b"".join(buffer.parts))


def write(store: ox.Store, request: WriteRequest) -> int:
    """Apply ``request``; return the HTTP status that reports it. Each write is
    one transaction, and a body is parsed whole first: a write refused, or one
    that fails, changes nothing."""
    target = ox.NamedNode(request.graph) if request.graph else ox.DefaultGraph()
    try:
        if request.operation == "update":
            assert isinstance(request.text, str)  # an update is text, a graph bytes
            store.update(request.text, base_iri=request.base_iri)
        elif request.operation == "delete":
            if request.graph and not store.contains_named_graph(target):
                raise QueryError(f"no graph <{request.graph}> in the store", 404)
            if request.graph:
                store.remove_graph(target)  # its triples with it, in one transaction
            else:
                store.clear_graph(target)
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
            replace = request.operation == "put"
            update = graph_update(data, fmt, request.graph, request.base_iri, replace=replace)
            created = bool(request.graph) and not store.contains_named_graph(target)
            store.update(update)
            return 201 if created else 204
    except SyntaxError as exc:
        raise QueryError(f"syntax error: {exc}", 400) from None
    except TooLarge as exc:
        raise QueryError(str(exc), 413) from None
    except ValueError as exc:
        raise QueryError(str(exc), 400) from None
    except (OSError, RuntimeError) as exc:  # a LOAD whose source failed
        raise QueryError(f"update failed: {exc}", 502) from None
    return 204


def _open(config: Config, revision: int) -> ox.Store:
    if config.writable:
        store = ox.Store(str(config.store))
        if config.snapshots is not None:
            if revision == 0:  # a new run: the last run's snapshots are stale
                shutil.rmtree(config.snapshots, ignore_errors=True)
            _take_snapshot(store, config.snapshots, revision)
        return store
    if config.snapshots is not None:
        return ox.Store.read_only(str(snapshot_path(config.snapshots, revision)))
    return ox.Store.read_only(str(config.store))


def _answer(store: ox.Store, config: Config, job: Job) -> tuple[dict[str, Any], bytes]:
    try:
        if job.kind == "query":
            response = execute(store, job.query_request(), config.max_result_bytes)
            return {"media_type": response.media_type}, response.body
        status = write(store, job.write_request())
        if config.snapshots is not None:
            _take_snapshot(store, config.snapshots, job.revision + 1)
        return {"status": status}, b""
    except QueryError as exc:
        return {"error": exc.message, "status": exc.status}, b""


def _serve(sock: socket.socket, config: Config, network: str) -> None:
    revision = config.revision
    try:
        store = _open(config, revision)
    except (OSError, RuntimeError) as exc:  # e.g. another process still holds the lock
        with contextlib.suppress(OSError):
            send_frame(sock, {"error": str(exc)})
        return
    memory = limit_memory(config.max_memory)
    try:
        send_frame(sock, {READY: os.getpid(), "network": network, "memory": memory})
    except OSError:  # the serving process gave up on it meanwhile
        return
    while True:
        try:
            header, body = receive_frame(sock)
        except (EOFError, OSError):  # the serving process is gone
            return
        job = Job.from_frame(header, body)
        if not config.writable and job.revision > revision:  # writes since it was opened
            del store
            revision = job.revision
            store = _open(config, revision)
        try:
            reply, data = _answer(store, config, job)
        except MemoryError:  # Python's side ran out; Oxigraph's side aborts the process
            os._exit(MEMORY_EXIT)
        try:
            send_frame(sock, reply, data)
        except OSError:
            return


def main(sock: socket.socket, config: Config) -> None:
    """The query process's entry point (single-threaded until it has isolated itself)."""
    die_with_parent()
    network = isolate_network() if config.isolate else "network allowed (--allow-service)"
    threading.stack_size(config.stack_bytes)
    worker = threading.Thread(
        target=_serve, args=(sock, config, network), name="claimgraph-query", daemon=True
    )
    worker.start()
    worker.join()
    with contextlib.suppress(OSError):
        sock.close()
    os._exit(0)  # not a normal exit: nothing here needs tearing down
