"""A Virtuoso Open Source server (Debian's ``virtuoso-opensource``, the binary
``virtuoso-t``) in a folder of its own, with its own ``virtuoso.ini``: loopback
only, free ports, the folder's ``load/`` in DirsAllowed (the bulk loader's
folder), results not cut at 10,000 rows. For bench/publish.py and the tests of
``claimgraph publish --store virtuoso``."""

from __future__ import annotations

import shutil
import subprocess
import time
from pathlib import Path

import httpx2

try:
    from bench.oxigraph_server import free_port
except ImportError:  # run as bench/publish.py, with bench/ on the path
    from oxigraph_server import free_port  # type: ignore[no-redef]

INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {load}
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
ThreadsPerQuery = 2

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 10
MaxClientConnections = 10
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 600
"""


def binary() -> str | None:
    return shutil.which("virtuoso-t")


class VirtuosoProcess:
    """``virtuoso-t +foreground`` over ``folder`` (made on the first start,
    with the dba password set to ``password``), ready when made; ``kill`` and
    ``start`` again on the same folder."""

    def __init__(self, folder: Path, password: str, buffers: int = 10000) -> None:
        self.folder, self.password = folder, password
        self.db = folder / "db"
        self.load = folder / "load"
        self.http_port, self.sql_port = free_port(), free_port()
        self.process: subprocess.Popen[bytes] | None = None
        fresh = not self.db.exists()
        self.db.mkdir(parents=True, exist_ok=True)
        self.load.mkdir(exist_ok=True)
        (folder / "virtuoso.ini").write_text(
            INI.format(
                db=self.db,
                load=self.load,
                sql_port=self.sql_port,
                http_port=self.http_port,
                buffers=buffers,
                dirty=buffers * 3 // 4,
            )
        )
        self.start()
        if fresh:  # a new database's dba password is dba
            self.isql(f"USER_SET_PASSWORD('dba', '{password}');", password="dba")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["virtuoso-t", "+foreground", "+configfile", str(self.folder / "virtuoso.ini")],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx2.get(self.url + "sparql?query=ASK%7B%7D", timeout=2).status_code == 200:
                    return
            except httpx2.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.kill()
                log = self.db / "virtuoso.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                raise RuntimeError(f"virtuoso did not start:\n{tail}")
            time.sleep(0.1)

    def isql(self, sql: str, password: str | None = None) -> str:
        """Run SQL with ``isql-vt`` as dba (the password on stdin, not on the
        command line: isql reads it there when it has no terminal)."""
        password = password or self.password
        # isql tries the password dba first, then asks for one
        given = ["dba"] if password == "dba" else []
        done = subprocess.run(
            ["isql-vt", f"127.0.0.1:{self.sql_port}", "dba", *given],
            input=("" if given else f"{password}\n") + f"{sql}\n",
            capture_output=True,
            text=True,
            start_new_session=True,  # no terminal: the password is read from stdin
            timeout=3600,
        )
        if done.returncode != 0 or "*** Error" in done.stdout:
            raise RuntimeError(f"isql-vt failed: {done.stdout[-2000:]}{done.stderr[-2000:]}")
        return done.stdout

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
