"""Running SPARQL queries where they can be stopped, and where they cannot
reach the network or exhaust the machine.

Each serving process keeps ``workers`` query processes (``evaluation``), each
evaluating one query at a time on the store opened read-only, cut off the
network and with its memory capped by the operating system (``isolation``).
From the event loop, ``await query(...)`` takes a free process in the client's
turn (``fairness``), sends it the query and awaits the answer. Limits, each
named in the error it raises:

* ``timeout``          seconds a query (or write) may run: then its process is
                       killed, which ends the query at once, and replaced;
* ``max_memory``       bytes a query may allocate: past it the query's own
                       process ends, and is replaced; nobody else's query is in it;
* ``workers``          query processes of this serving process; a client holds
                       at most ``client_share`` of them, and waits its turn up
                       to ``queue_timeout`` seconds for one;
* ``max_result_bytes`` size of a serialised result.

A writable store (``--allow-update``) is opened for writing by one more
process of the same kind, which applies the writes one at a time; the query
processes open it read-only and reopen it when a write has been applied, so
that each query sees every write answered before it began.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import signal
import socket
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from claimgraph.errors import ClaimgraphError
from claimgraph.web import evaluation
from claimgraph.web.fairness import CLIENT, FairPool
from claimgraph.web.querytypes import (
    Job,
    LimitExceeded,
    NotAcceptable,
    QueryError,
    QueryRequest,
    QueryResponse,
    QuerySyntaxError,
    ResultTooLarge,
    WriteRequest,
    encode,
    read_frame,
)

__all__ = [
    "LimitExceeded",
    "NotAcceptable",
    "QueryError",
    "QueryExecutor",
    "QueryRequest",
    "QueryResponse",
    "QuerySyntaxError",
    "ResultTooLarge",
    "WriteRequest",
]

log = logging.getLogger("uvicorn.error")

START_TIMEOUT = 120.0  # seconds a query process may take to open the store
RESTART_DELAY = 1.0  # seconds between attempts to replace a query process that failed to start
WRITER_ATTEMPTS = 25  # 0.2 s apart: how long a new writer waits for the old one's lock


def stack_for(max_body_bytes: int) -> int:
    """A stack deep enough for any query the body limit admits: Oxigraph uses
    up to about 2 KiB of stack per level, and a level can take one byte (``!``).
    Address space only: pages are used as deep as a query actually goes."""
    return max(256 * 2**20, max_body_bytes * 4096)


@dataclass(eq=False)
class _Process:
    process: BaseProcess
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, OSError, ValueError):
            self.process.kill()
        self.writer.close()

    async def exit_code(self) -> int | None:
        """The process's exit code, once it has exited (it is not waited for long)."""
        await asyncio.get_running_loop().run_in_executor(None, self.process.join, 5.0)
        return self.process.exitcode

    async def call(self, job: Job) -> tuple[dict[str, Any], bytes]:
        self.writer.write(encode(job.header(), job.body))
        if job.body:
            self.writer.write(job.body)
        await self.writer.drain()
        return await read_frame(self.reader)


class QueryExecutor:
    """Runs queries and writes on one store from the event loop: ``await start()``,
    then ``await query(...)`` / ``await write(...)``, and ``await close()``."""

    def __init__(
        self,
        store_path: Path,
        *,
        workers: int = 2,
        timeout: float = 30.0,
        queue_timeout: float = 10.0,
        max_result_bytes: int = 100 * 1024 * 1024,
        max_memory: int = 2**30,
        stack_bytes: int = 256 * 2**20,
        writable: bool = False,
        isolate: bool = True,
        client_share: int | None = None,
    ) -> None:
        self.path = store_path
        self.timeout = timeout
        self.queue_timeout = queue_timeout
        self.max_memory = max_memory
        self.workers = workers
        self.writable = writable
        self.revision = 0  # writes applied since the store was opened
        self.modified: datetime | None = None  # when the last one was
        self.protections = ""  # what the operating system enforces, once started
        self._config = evaluation.Config(
            store=store_path,
            writable=False,
            isolate=isolate,
            max_memory=max_memory,
            stack_bytes=stack_bytes,
            max_result_bytes=max_result_bytes,
            snapshots=store_path.parent / "snapshots" if writable else None,
        )
        share = client_share if client_share is not None else max(1, workers // 2)
        self._pool: FairPool[_Process] = FairPool(
            share=share, max_waiting=4 * workers, queue_timeout=queue_timeout
        )
        # forked from a server process of their own (single-threaded, with the
        # evaluation code loaded): quick to start, and free to unshare
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["claimgraph.web.evaluation"])
        self._writer: _Process | None = None
        self._write_lock = asyncio.Lock()
        self._tasks: set[asyncio.Task[None]] = set()
        self._live: set[_Process] = set()  # every process started and not yet killed
        self._closed = False

    async def start(self) -> None:
        """Start the query processes (and the writer); raise ``ClaimgraphError`` if
        one cannot open the store."""
        try:
            if self.writable:  # first: it takes the store's lock, and makes the first snapshot
                self._writer, _ = await self._spawn(replace(self._config, writable=True))
            spawns = [self._spawn(self._config) for _ in range(self.workers)]
            started = await asyncio.gather(*spawns)
        except (OSError, EOFError, asyncio.IncompleteReadError, TimeoutError) as exc:
            await self.close()
            raise ClaimgraphError(f"cannot open the store at {self.path}: {exc}") from None
        for process, _ in started:
            self._pool.add(process)
        ready = started[0][1]  # what each query process found in force
        self.protections = (
            f"{self.workers} query processes, one query at a time each: {ready['network']}; "
            f"{ready['memory']}; stopped after {self.timeout:g} s"
        )

    async def _spawn(self, config: evaluation.Config) -> tuple[_Process, dict[str, Any]]:
        ours, theirs = socket.socketpair()
        process = self._context.Process(
            target=evaluation.main, args=(theirs, config), name="claimgraph-query", daemon=True
        )
        try:
            await asyncio.get_running_loop().run_in_executor(None, process.start)
            reader, writer = await asyncio.open_unix_connection(sock=ours, limit=2**20)
        except BaseException:  # the process, if it started, ends when its pipe closes
            ours.close()
            raise
        finally:
            theirs.close()
        started = _Process(process, reader, writer)
        self._live.add(started)
        try:
            async with asyncio.timeout(START_TIMEOUT):
                ready, _ = await read_frame(reader)
        except BaseException:
            self._kill(started)
            raise
        if evaluation.READY not in ready:
            self._kill(started)
            raise OSError(ready.get("error", "the query process did not start"))
        return started, ready

    async def query(self, request: QueryRequest) -> QueryResponse:
        """Run ``request`` in a query process; raise the ``QueryError`` that says why not."""
        client = CLIENT.get()
        process = await self._pool.acquire(client)
        kept: _Process | None = None
        try:
            header, body = await self._call(process, Job.query(request, self.revision), "query")
            kept = process
        finally:
            if kept is None:
                self._pool.lose()
                self._renew()
            self._pool.release(client, kept)
        if "error" in header:
            raise _error(header)
        return QueryResponse(header["media_type"], body)

    async def write(self, request: WriteRequest) -> int:
        """Apply ``request`` (one write at a time; queries go on, each seeing the
        store as it was when it began); return the HTTP status."""
        if not self.writable:
            raise QueryError("this store is read-only", 403)
        try:
            await asyncio.wait_for(self._write_lock.acquire(), self.queue_timeout)
        except TimeoutError:
            raise LimitExceeded(
                f"another update is running: waited {self.queue_timeout:g} s "
                "(setting queue_timeout)"
            ) from None
        try:
            if self._writer is None:  # the last one was stopped: start another
                await self._restart_writer()
            assert self._writer is not None
            try:
                header, _ = await self._call(
                    self._writer, Job.write(request, self.revision), "update"
                )
            except BaseException:
                self._writer = None
                raise
        finally:
            self._write_lock.release()
        if "error" in header:
            raise _error(header)
        self.revision += 1
        self.modified = datetime.now(UTC).replace(microsecond=0)
        status: int = header["status"]
        return status

    async def _restart_writer(self) -> None:
        """Open the store for writing again, once the process stopped last has let
        go of its lock (a killed process's files close as it goes)."""
        for attempt in range(WRITER_ATTEMPTS):
            try:
                config = replace(self._config, writable=True, revision=self.revision)
                self._writer, _ = await self._spawn(config)
                return
            except (OSError, EOFError, asyncio.IncompleteReadError, TimeoutError) as exc:
                if attempt == WRITER_ATTEMPTS - 1:
                    message = f"the store cannot be opened for writing: {exc}"
                    raise QueryError(message, 503) from None
                await asyncio.sleep(0.2)

    async def _call(self, process: _Process, job: Job, what: str) -> tuple[dict[str, Any], bytes]:
        """Send ``job`` to ``process`` and await the answer; kill the process if it
        runs out of time or if the request is abandoned midway."""
        try:
            async with asyncio.timeout(self.timeout):
                return await process.call(job)
        except TimeoutError:
            self._kill(process)
            raise LimitExceeded(
                f"{what} timeout: stopped after {self.timeout:g} s (setting query_timeout)"
            ) from None
        except (asyncio.IncompleteReadError, ConnectionError):
            code = await process.exit_code()
            self._kill(process)
            raise self._ended(code, what) from None
        except BaseException:  # cancelled midway: its answer would go to the next request
            self._kill(process)
            raise

    def _kill(self, process: _Process) -> None:
        process.kill()
        self._live.discard(process)

    def _ended(self, code: int | None, what: str) -> QueryError:
        limit = self.max_memory // 2**20
        if code in (evaluation.MEMORY_EXIT, -signal.SIGABRT, -signal.SIGKILL):
            return LimitExceeded(
                f"the {what} needed more than the memory limit of {limit} MiB (setting "
                "max_query_memory) and was stopped; narrow it, or add a LIMIT"
            )
        log.error("a query process ended while evaluating a %s (exit code %s)", what, code)
        return QueryError(f"the {what}'s process ended unexpectedly (exit code {code})", 500)

    def _renew(self) -> None:
        """Replace a query process that was killed or that ended."""
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._replace())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _replace(self) -> None:
        while not self._closed:
            try:
                process, _ = await self._spawn(replace(self._config, revision=self.revision))
            except (OSError, EOFError, asyncio.IncompleteReadError, TimeoutError) as exc:
                log.error("a query process could not start (%s); retrying", exc)
                await asyncio.sleep(RESTART_DELAY)
                continue
            if self._closed:
                self._kill(process)
            else:
                self._pool.add(process)
            return

    def snapshot(self) -> ox.Store:
        """The store as it is now, read-only, in this process (for republishing)."""
        snapshots = self._config.snapshots
        if snapshots is not None:  # the store's own files may be compacted under a reader
            return ox.Store.read_only(str(evaluation.snapshot_path(snapshots, self.revision)))
        return ox.Store.read_only(str(self.path))

    async def close(self) -> None:
        self._closed = True
        for task in list(self._tasks):
            task.cancel()
        self._writer = None
        live, self._live = list(self._live), set()
        for process in live:
            process.kill()
        for process in live:  # the pipes' transports close on the loop's next turns
            with contextlib.suppress(OSError):
                await process.writer.wait_closed()


def _error(header: dict[str, Any]) -> QueryError:
    status: int = header["status"]
    kind = {400: QuerySyntaxError, 406: NotAcceptable, 422: ResultTooLarge, 503: LimitExceeded}
    error = kind.get(status, QueryError)(header["error"])
    error.status = status
    return error
