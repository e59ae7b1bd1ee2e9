"""Serving from several processes on one listening socket (bound once, here),
and replacing one that ends.

Each serving process runs its queries in query processes of its own (see
``executor``), which it kills and replaces when a query outlives its timeout
or its memory; a serving process itself only ends if something fails, and the
supervisor then starts another on the same socket, so that clients only ever
wait in the socket's backlog, never find it closed.

A writable store (``--allow-update``) is served by one process, since only
one process may open it for writing; its replacement starts when it has exited.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from types import FrameType
from typing import Any

import uvicorn

from claimgraph.errors import ClaimgraphError
from claimgraph.web.settings import ServerSettings
from claimgraph.web.uvicorn_options import uvicorn_options

log = logging.getLogger("uvicorn.error")

READY = "ready"


def _child(
    settings: ServerSettings,
    options: dict[str, Any],
    sockets: list[socket.socket],
    conn: Connection,
) -> None:
    """One serving process: the app under uvicorn on the shared sockets."""
    from claimgraph.web.app import create_app

    app = create_app(settings, on_ready=lambda: conn.send(READY))
    server = uvicorn.Server(uvicorn.Config(app, **options))
    threading.Thread(target=_watch_supervisor, args=(conn, server), daemon=True).start()
    server.run(sockets=sockets)
    logging.shutdown()
    os._exit(0)


def _watch_supervisor(conn: Connection, server: uvicorn.Server) -> None:
    """Shut this process down if the supervisor dies (its end of the pipe closes),
    rather than serve on, orphaned."""
    try:
        while True:
            conn.recv()  # the supervisor sends nothing: this waits for EOF
    except (EOFError, OSError):
        server.should_exit = True


@dataclass
class _Process:
    process: Any  # multiprocessing's SpawnProcess
    conn: Connection
    ready: bool = False


class Supervisor:
    """Keeps ``processes`` serving processes on one listening socket."""

    def __init__(
        self,
        settings: ServerSettings,
        *,
        host: str,
        port: int,
        processes: int,
        log_level: str = "info",
        access_log: bool = True,
    ) -> None:
        if settings.allow_update and processes != 1:
            raise ClaimgraphError(
                f"--allow-update serves from one process (only one may write to the "
                f"store), not --processes {processes}"
            )
        self.settings = settings
        self.processes = processes
        grace = settings.query_timeout + settings.queue_timeout + 5
        self.options: dict[str, Any] = {
            "host": host,
            "port": port,
            "log_level": log_level,
            "access_log": access_log,
            "timeout_graceful_shutdown": grace,
            **uvicorn_options(settings),
        }
        self.config = uvicorn.Config(app=None, **self.options)  # type: ignore[arg-type]
        self._context = multiprocessing.get_context("spawn")
        self._children: list[_Process] = []
        self._stopping = False

    def _start(self, sockets: list[socket.socket]) -> None:
        conn, child_conn = self._context.Pipe()
        process = self._context.Process(
            target=_child,
            args=(self.settings, self.options, sockets, child_conn),
            name="claimgraph-server",
        )
        process.start()
        child_conn.close()
        self._children.append(_Process(process, conn))

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self._stopping = True

    def run(self) -> None:
        """Serve until SIGINT or SIGTERM; raise ``ClaimgraphError`` if a process
        cannot start (its own error is in the log above)."""
        try:
            sock = self.config.bind_socket()
        except SystemExit:  # uvicorn has logged why (e.g. the address is in use)
            where = f"{self.options['host']}:{self.options['port']}"
            raise ClaimgraphError(f"cannot listen on {where}") from None
        previous = {sig: signal.signal(sig, self._stop) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            while not self._stopping:
                self._tend([sock])
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self._shutdown()
            sock.close()

    def _tend(self, sockets: list[socket.socket]) -> None:
        waitables: list[Any] = [c.conn for c in self._children]
        waitables += [c.process.sentinel for c in self._children]
        wait(waitables, timeout=0.5)
        for child in list(self._children):
            self._read(child)
            if child.process.is_alive():
                continue
            child.process.join()
            child.conn.close()
            self._children.remove(child)
            code = child.process.exitcode
            if not child.ready:
                raise ClaimgraphError(
                    f"a server process could not start (exit code {code}); its error is above"
                )
            if not self._stopping:
                log.error("server process %s ended (exit code %s)", child.process.pid, code)
        while not self._stopping and len(self._children) < self.processes:
            self._start(sockets)

    def _read(self, child: _Process) -> None:
        try:
            while child.conn.poll():
                message = child.conn.recv()
                if message == READY:
                    child.ready = True
        except (EOFError, OSError):  # it exited; the sentinel says so
            pass

    def _shutdown(self) -> None:
        for child in self._children:
            if child.process.is_alive():
                os.kill(child.process.pid, signal.SIGTERM)
        deadline = time.monotonic() + float(self.options["timeout_graceful_shutdown"]) + 5
        for child in self._children:
            child.process.join(max(0.0, deadline - time.monotonic()))
            if child.process.is_alive():
                child.process.kill()
                child.process.join()
            child.conn.close()
        self._children.clear()
