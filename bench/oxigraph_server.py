"""An Oxigraph server (``oxigraph serve``, the binary of the PyPI package
``oxigraph``) on a free loopback port: for bench/publish.py and the tests of
``claimgraph publish``."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2


def binary(given: str | None = None) -> str | None:
    """The ``oxigraph`` binary: ``given``, else beside this Python, else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return given or (str(beside) if beside.exists() else shutil.which("oxigraph"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class OxigraphProcess:
    """``oxigraph serve --location LOCATION`` on a free loopback port, started
    at once, ready when made; ``kill`` and ``start`` again on the same folder."""

    def __init__(self, oxigraph: str, location: Path) -> None:
        self.oxigraph, self.location = oxigraph, location
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> None:
        bind = f"127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [self.oxigraph, "serve", "--location", str(self.location), "--bind", bind],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx2.get(self.url + "query?query=ASK{}", timeout=2).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                raise RuntimeError("the oxigraph server did not start")
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
