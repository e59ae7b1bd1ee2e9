"""``claimgraph build --scheduler ADDRESS``: the mapping and the validation of
the parts on a Dask cluster's workers (a LocalCluster of two worker processes
on loopback), the output byte for byte a local build's; a worker killed
mid-build has its work redone; without the option Dask is not imported.

The tests that need a cluster are skipped when Dask is not installed (it is
the extra ``cluster``: ``pip install -r requirements-cluster.lock``)."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.pipeline import cluster as cluster_module
from claimgraph.pipeline import parts as parts_module
from claimgraph.pipeline import run as run_module
from tests.conftest import ROOT, SEEDS, _free_port

NO_DASK = "Dask is not installed: pip install -r requirements-cluster.lock (the extra 'cluster')"


def _build(corpus: Path, out: Path, cache: Path | None, *more: str) -> None:
    cached = ["--cache-dir", str(cache)] if cache is not None else ["--no-cache"]
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--out", str(out), "-q", *cached, *more]
    )
    assert result.exit_code == 0, result.output + str(result.exception)


def _files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file()}


def _same(one: Path, other: Path) -> None:
    a, b = _files(one), _files(other)
    assert sorted(a) == sorted(b)
    assert len(a) > 5
    for name in a:
        assert a[name] == b[name], f"{name} differs"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[Any]:
    """A LocalCluster of two worker processes, one thread each, on loopback:
    its scheduler's address and a client of the test's own."""
    pytest.importorskip("distributed", reason=NO_DASK)
    from distributed import Client

    with (
        cluster_module.local_cluster(2) as local,
        Client(local, set_as_default=False) as client,
    ):
        yield local.scheduler_address, client


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated corpus of 600 articles (three mapping batches)."""
    sys.path.insert(0, str(ROOT))
    from bench.generate import generate

    return generate(tmp_path_factory.mktemp("generated") / "corpus", 600)


@pytest.fixture
def small_parts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of 150 articles: several parts to validate (and to send)."""
    monkeypatch.setattr(run_module, "parts", functools.partial(parts_module.parts, size=150))


def test_seeds_on_the_cluster_are_the_local_build_byte_for_byte(
    scheduler: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, _ = scheduler
    _build(SEEDS, tmp_path / "local", tmp_path / "cache-local")
    _build(SEEDS, tmp_path / "cluster", tmp_path / "cache-cluster", "--scheduler", address)
    _same(tmp_path / "local", tmp_path / "cluster")
    # the environment variable, and without a cache (the parts validated on the workers too)
    _build(SEEDS, tmp_path / "local-nc", None)
    monkeypatch.setenv("CLAIMGRAPH_SCHEDULER", address)
    _build(SEEDS, tmp_path / "cluster-nc", None)
    _same(tmp_path / "local-nc", tmp_path / "cluster-nc")
    _same(tmp_path / "local", tmp_path / "cluster-nc")


def test_generated_corpus_on_the_cluster_is_the_local_build_byte_for_byte(
    scheduler: Any, generated: Path, tmp_path: Path, small_parts: None
) -> None:
    address, _ = scheduler
    _build(generated, tmp_path / "local", tmp_path / "cache-local")
    _build(generated, tmp_path / "cluster", tmp_path / "cache-cluster", "--scheduler", address)
    _same(tmp_path / "local", tmp_path / "cluster")
    # the next build on the cluster, from its cache, is up to date
    _build(generated, tmp_path / "cluster", tmp_path / "cache-cluster", "--scheduler", address)
    _same(tmp_path / "local", tmp_path / "cluster")


def test_a_worker_killed_mid_build_has_its_work_redone(
    scheduler: Any, generated: Path, tmp_path: Path, small_parts: None
) -> None:
    """A worker process is killed (SIGKILL) while it maps a batch: the
    scheduler gives its work to the other worker (and to the one its nanny
    starts again), and the build's output is the local build's."""
    address, client = scheduler
    pids = client.run(os.getpid)
    killed: list[int] = []

    def kill_one_while_busy() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            for worker, keys in client.processing().items():
                if keys and worker in pids:
                    os.kill(pids[worker], signal.SIGKILL)
                    killed.append(pids[worker])
                    return
            time.sleep(0.05)

    watcher = threading.Thread(target=kill_one_while_busy)
    watcher.start()
    try:
        _build(generated, tmp_path / "cluster", tmp_path / "cache", "--scheduler", address)
    finally:
        watcher.join()
    assert killed, "no worker was seen at work"
    _build(generated, tmp_path / "local", tmp_path / "cache-local")
    _same(tmp_path / "local", tmp_path / "cluster")
    client.wait_for_workers(2, timeout=30)  # the nanny started another
    assert killed[0] not in client.run(os.getpid).values()


def test_an_unreachable_scheduler_is_an_error_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pytest.importorskip("distributed", reason=NO_DASK)
    monkeypatch.setattr(cluster_module, "CONNECT_TIMEOUT", 1.0)
    address = f"tcp://127.0.0.1:{_free_port()}"
    began = time.monotonic()
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", address]
    )
    assert result.exit_code == 2
    assert f"cannot reach the Dask scheduler at '{address}' within 1 s" in result.output
    assert time.monotonic() - began < 20
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "address",
    [
        "http://127.0.0.1:8786",
        "127.0.0.1",
        "tcp://127.0.0.1",
        "tcp://:8786",
        "tcp://a b:1",
        "x:99999",
    ],
)
def test_an_address_that_is_not_a_schedulers_is_refused(address: str, tmp_path: Path) -> None:
    """Refused before anything is imported or reached (Dask installed or not)."""
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", address]
    )
    assert result.exit_code == 2
    assert "not a Dask scheduler address" in result.output


def test_addresses_a_scheduler_prints_are_taken() -> None:
    for address in (
        "tcp://127.0.0.1:8786",
        "tls://scheduler.example:8786",
        "host:8786",
        "tcp://[::1]:8786",
    ):
        assert cluster_module.check_address(address) == address


def test_without_the_option_dask_is_not_imported(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from claimgraph.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "print('loaded:', loaded)\n"
    )
    args = ["build", str(SEEDS), "--out", str(tmp_path / "out"), "-q"]
    env = {k: v for k, v in os.environ.items() if k != "CLAIMGRAPH_SCHEDULER"}
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "loaded: []" in done.stdout


def test_workers_with_another_claimgraph_stop_the_build(
    scheduler: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    address, _ = scheduler
    monkeypatch.setattr(cluster_module, "__version__", "0.0.0+other")
    result = CliRunner().invoke(
        main, ["build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", address]
    )
    assert result.exit_code == 2
    assert "run claimgraph" in result.output and "this is 0.0.0+other" in result.output
    assert not (tmp_path / "out").exists()


def test_without_dask_the_option_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # importing it raises ImportError
    result = CliRunner().invoke(
        main,
        ["build", str(SEEDS), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"],
    )
    assert result.exit_code == 2
    assert "--scheduler needs Dask: pip install 'claimgraph[cluster]'" in result.output
    assert not (tmp_path / "out").exists()


# -- a cluster of processes of its own (as on other machines) ---------------------------


def _unshare_works() -> bool:
    try:
        done = subprocess.run(["unshare", "-m", "true"], capture_output=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


class _Processes:
    """``dask scheduler`` and ``dask worker`` started as commands, on loopback."""

    def __init__(self) -> None:
        self.dask = str(Path(sys.executable).parent / "dask")
        self.env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        self.started: list[subprocess.Popen[bytes]] = []
        self.address = f"tcp://127.0.0.1:{_free_port()}"
        port = self.address.rsplit(":", 1)[1]
        self._start(
            [self.dask, "scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"]
        )

    def _start(self, argv: list[str]) -> None:
        self.started.append(
            subprocess.Popen(
                argv, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        )

    def worker(self, hidden: Path | None = None) -> None:
        """A worker of one thread; with ``hidden``, in a mount namespace of its
        own where that folder is an empty file system (as on a machine that does
        not share it)."""
        argv = [self.dask, "worker", self.address, "--nthreads", "1", "--no-dashboard"]
        argv += ["--host", "127.0.0.1"]
        if hidden is None:
            self._start(argv)
        else:
            joined = " ".join(argv)
            self._start(["unshare", "-m", "sh", "-c", f"mount -t tmpfs none {hidden} && {joined}"])

    def wait_for(self, workers: int) -> None:
        from distributed import Client

        with Client(self.address, timeout=30, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=60)

    def close(self) -> None:
        for process in reversed(self.started):
            process.terminate()
        for process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@pytest.fixture
def processes() -> Iterator[_Processes]:
    pytest.importorskip("distributed", reason=NO_DASK)
    running = _Processes()
    yield running
    running.close()


def test_a_scheduler_and_workers_of_their_own_build_the_local_output(
    processes: _Processes, tmp_path: Path
) -> None:
    processes.worker()
    processes.worker()
    processes.wait_for(2)
    _build(SEEDS, tmp_path / "local", None)
    _build(SEEDS, tmp_path / "cluster", None, "--scheduler", processes.address)
    _same(tmp_path / "local", tmp_path / "cluster")


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -m (mount namespaces)")
def test_a_worker_that_does_not_share_the_corpus_folder_stops_the_build_at_once(
    processes: _Processes, tmp_path: Path
) -> None:
    corpus = tmp_path / "shared" / "corpus"
    corpus.mkdir(parents=True)
    for path in SEEDS.iterdir():
        if path.is_file():
            (corpus / path.name).write_bytes(path.read_bytes())
    processes.worker()
    processes.worker(hidden=tmp_path / "shared")
    processes.wait_for(2)
    result = CliRunner().invoke(
        main,
        ["build", str(corpus), "--out", str(tmp_path / "out"), "--scheduler", processes.address],
    )
    assert result.exit_code == 2, result.output
    assert f"do not see the corpus at '{corpus}'" in result.output
    assert "(No such file or directory)" in result.output  # the hidden worker's, named
    assert result.output.count("tcp://127.0.0.1:") == 2  # the scheduler and that one worker
    assert "a file system they share" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.skipif(not _unshare_works(), reason="needs unshare -m (mount namespaces)")
def test_a_worker_that_joins_later_and_does_not_share_the_folder_stops_the_build(
    processes: _Processes, tmp_path: Path
) -> None:
    """The build checks the workers it finds when it connects; a worker that joins
    the cluster afterwards, on a machine that does not share the folder, is given
    batches like any other. It must stop the build naming itself, not report
    every file of its batches as missing from the corpus. (The batch is given to
    that worker directly, as the scheduler would give it after the check.)"""
    from datetime import UTC, datetime

    from distributed import Client

    from claimgraph.errors import ClaimgraphError
    from claimgraph.pipeline.batches import map_on_worker
    from claimgraph.rdf.iris import Minter

    corpus = tmp_path / "shared" / "corpus"
    corpus.mkdir(parents=True)
    for path in SEEDS.iterdir():
        if path.is_file():
            (corpus / path.name).write_bytes(path.read_bytes())
    processes.worker(hidden=tmp_path / "shared")
    processes.wait_for(1)
    batch = sorted(corpus.glob("00*.yaml"))[:2]
    when = datetime(2026, 1, 1, tzinfo=UTC)
    with Client(processes.address, timeout=30, set_as_default=False) as client:
        (hidden,) = client.scheduler_info()["workers"]
        future = client.submit(map_on_worker, corpus, batch, set(), Minter(), when, None)
        with pytest.raises(ClaimgraphError) as raised:
            future.result(timeout=60)
        message = str(raised.value)
        assert f"the Dask worker {hidden} does not see the corpus at '{corpus}'" in message
        assert "2 of a batch's 2 files are not there" in message
        assert "a file system they share" in message
        # a worker that sees the files maps the batch as this machine does
        processes.worker()
        processes.wait_for(2)
        (seeing,) = set(client.scheduler_info()["workers"]) - {hidden}
        wanted = {path.name for path in batch}  # the units of these files
        units, errors, count = client.submit(
            map_on_worker, corpus, batch, wanted, Minter(), when, None, workers=[seeing]
        ).result(timeout=60)
        assert (errors, count) == ([], 2)
        assert {unit.name for unit in units} == wanted
