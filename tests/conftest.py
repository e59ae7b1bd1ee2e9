from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_ID = "000_68f2744142ff802d"
EPOCH = 1767225600  # 2026-01-01T00:00:00Z
BUILD_TIME = datetime.fromtimestamp(EPOCH, UTC)


# Lines a test module wants shown at the end of the run (conformance pass rates).
SUMMARY: list[str] = []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in SUMMARY:
        terminalreporter.write_line(line)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a pytest-xdist worker, hand the summary lines to the controller."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["summary"] = list(SUMMARY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """pytest-xdist's controller: a worker's summary lines, shown at the end."""
    SUMMARY.extend(getattr(node, "workeroutput", {}).get("summary", []))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite the golden files from the current output instead of comparing",
    )


# Fixtures shared by a module or the session build with a cache of the test
# run's own, never the user's (each test then gets a fresh one, below).
os.environ["CLAIMGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="claimgraph-test-cache-")


@pytest.fixture(autouse=True)
def _reproducible(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.delenv("CLAIMGRAPH_BASE_IRI", raising=False)
    # each test starts with an empty cache of its own, never the user's
    monkeypatch.setenv("CLAIMGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("claimgraph-cache")))


@pytest.fixture(scope="session")
def seed_dataset() -> Dataset:
    return build_dataset(load_corpus(SEEDS), Minter(), BUILD_TIME)


@pytest.fixture(scope="session")
def corpus_graph(seed_dataset: Dataset) -> Graph:
    """The whole example corpus (seeds/), as one graph."""
    return seed_dataset.union()


def article_graph(dataset: Dataset, article: str) -> Graph:
    """One article's graph with the registry's: what the article's checklist reads."""
    graph = Graph()
    for name in (
        f"http://127.0.0.1:8000/graph/article/{article}",
        "http://127.0.0.1:8000/graph/registry",
    ):
        graph += dataset.graphs[URIRef(name)]
    return graph


@pytest.fixture(scope="session")
def seed_graph(seed_dataset: Dataset) -> Graph:
    """The seed article (with the registry): the article the corpus grew from."""
    return article_graph(seed_dataset, SEED_ID)


@pytest.fixture(scope="session")
def served_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus built into a store (with dumps and VoID), once."""
    from claimgraph.web.serve import prepare_store

    path = tmp_path_factory.mktemp("store") / "store"
    prepared = prepare_store(SEEDS, path, Minter(), rebuild=True)
    assert prepared.rebuilt
    return path


@pytest.fixture(scope="session")
def client(served_store: Path) -> Iterator[TestClient]:
    """The real app over the seed's store, with small limits to test them."""
    from claimgraph.web.app import create_app
    from claimgraph.web.settings import ServerSettings

    settings = ServerSettings(store=served_store, query_timeout=2, workers=2, max_body_bytes=4096)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_server(
    store: Path, *options: str, env: dict[str, str] | None = None, ready: str = "sparql"
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """``claimgraph serve --store STORE OPTIONS`` in its own process, on a free
    port on loopback, until the block ends (ready once ``ready`` answers 200):
    the process and its root URL."""
    import httpx2

    port = _free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below) not a pipe: nobody reads it until the end
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "claimgraph",
            "serve",
            "--store",
            str(store),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            *options,
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, **(env or {})},
    )
    root = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx2.get(root + ready, timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                server.wait()
                log.seek(0)
                pytest.fail(f"the server did not start: {log.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield server, root
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


def server_processes(supervisor: int) -> set[int]:
    """The serving processes the supervisor runs (not multiprocessing's helpers)."""
    children = Path(f"/proc/{supervisor}/task/{supervisor}/children").read_text().split()
    found = set()
    for child in children:
        try:
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(int(child))
        except FileNotFoundError:
            continue
    return found


def _children(pid: int) -> list[int]:
    """The processes ``pid`` started, from any of its threads."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
        except FileNotFoundError:
            continue
    return found


def query_processes(supervisor: int) -> set[int]:
    """The query processes under the supervisor's serving processes (each serving
    process forks them from a fork server of its own)."""
    found = set()
    for server in server_processes(supervisor):
        for forkserver in _children(server):
            found.update(_children(forkserver))
    return found


def from_address(address: str, timeout: float = 30) -> httpx2.Client:
    """An HTTP client whose connections come from ``address`` (any 127.x.y.z is
    loopback): a client the server tells apart from the test's other clients."""
    import httpx2

    return httpx2.Client(transport=httpx2.HTTPTransport(local_address=address), timeout=timeout)


def wait_for(condition: Callable[[], bool], seconds: float = 30) -> bool:
    """Whether ``condition`` becomes true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture(scope="session")
def live_server(served_store: Path) -> Iterator[str]:
    """``claimgraph serve`` over the seed's store, for the whole session; its root URL."""
    with running_server(served_store) as (_, root):
        yield root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A writable copy of the seed corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(SEEDS, target)
    return target


def headless_chromium(width: int, height: int) -> Any:
    """Debian's Chromium, headless, through its chromedriver, offline: the
    browser the UI tests drive."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(shutil.which("chromium"))
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(str(shutil.which("chromedriver"))), options=options)
