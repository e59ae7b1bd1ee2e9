"""claimgraph serve's processes: it refuses to start when it cannot serve
(exit 2, saying why), and its server processes do not outlive it."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from claimgraph.store.embedded import db_path
from tests.conftest import running_server, server_processes, wait_for


def _serve(store: Path, *options: str) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-m", "claimgraph", "serve", "--store", str(store), *options]
    return subprocess.run(argv, capture_output=True, text=True, timeout=120)


def _exited(pid: int) -> bool:
    """Gone, or a zombie (exited; whether anyone reaps it is the container's affair)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")


def test_a_port_in_use_is_an_error(served_store: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = _serve(served_store, "--host", "127.0.0.1", "--port", str(port))
    assert result.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr


def test_a_server_process_that_cannot_start_is_an_error(served_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    holder = ox.Store(str(db_path(store)))  # another writer holds the store's lock
    try:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        result = _serve(store, "--port", str(port), "--allow-update", "--update-token", "t")
    finally:
        del holder
    assert result.returncode == 2
    assert "a server process could not start" in result.stderr


def test_server_processes_end_with_the_supervisor(served_store: Path) -> None:
    with running_server(served_store) as (server, _):
        assert wait_for(lambda: len(server_processes(server.pid)) == 2)
        children = server_processes(server.pid)
        os.kill(server.pid, signal.SIGKILL)  # no chance to stop them itself
        server.wait()

        def gone() -> bool:
            return all(_exited(pid) for pid in children)

        assert wait_for(gone, 30), "server processes outlived their supervisor"
