"""``claimgraph publish --store virtuoso`` against a real Virtuoso Open Source
7.2 (Debian's ``virtuoso-opensource``), started once for the module on
loopback in a folder of its own, with its own ``virtuoso.ini`` (its ``load/``
folder in DirsAllowed): the first publish by the bulk loader equals the dumps
term for term (read back graph by graph); without the loader's folder, in
SPARQL Updates; one edit sends one article graph; a removed article's graph is
deleted; a publish cut off by the server's death is completed by the next run;
a second publisher is refused; a wrong password is a clear error without the
password."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pyoxigraph as ox
import pytest
from bench.virtuoso_server import VirtuosoProcess, binary

from claimgraph.store import publish as publishing
from claimgraph.store import remote
from claimgraph.store.publish import Names
from claimgraph.store.remote import Credentials, VirtuosoServer
from tests.proxy import Proxy
from tests.publishing import (
    BASE,
    EDITED,
    PASSWORD,
    REMOVED,
    digests,
    dump_lines,
    finished,
    make_builds,
    publish,
    publisher,
)

if binary() is None:
    if os.environ.get("CI"):
        raise RuntimeError("virtuoso-t is missing (apt-get install virtuoso-opensource)")
    pytest.skip(
        "no virtuoso-t: Virtuoso Open Source is not installed "
        "(apt-get install virtuoso-opensource; .ci/run installs it)",
        allow_module_level=True,
    )

ENV = {"CLAIMGRAPH_STORE_PASSWORD": PASSWORD}


class Server(VirtuosoProcess):
    """The module's Virtuoso, read back through claimgraph's own client."""

    def client(self) -> VirtuosoServer:
        return VirtuosoServer.at(self.url, Credentials("dba", PASSWORD), 30)

    def graphs(self) -> list[str]:
        """The graphs under the base IRI, the publication's own included."""
        store = self.client()
        try:
            rows = store.query(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
                f'FILTER(STRSTARTS(STR(?g), "{BASE}")) }}'
            )
        finally:
            store.close()
        return sorted(str(row["g"]["value"]) for row in rows)

    def dataset(self) -> list[bytes]:
        """The store's quads (the publication's own graphs aside), as sorted
        canonical N-Quads lines, each graph read by a Graph Store GET."""
        store = self.client()
        lines = []
        try:
            for graph in self.graphs():
                if graph.startswith(Names(BASE).manifest):
                    continue
                body = store.get_graph(graph) or b""
                for triple in ox.parse(body, format=ox.RdfFormat.N_TRIPLES):
                    quad = ox.Quad(
                        triple.subject, triple.predicate, triple.object, ox.NamedNode(graph)
                    )
                    lines.append(f"{quad} .".encode())
        finally:
            store.close()
        return sorted(lines)

    def manifest(self) -> publishing.Manifest | None:
        store = self.client()
        try:
            return publishing.read_manifest(store, Names(BASE))
        finally:
            store.close()

    def clear(self) -> None:
        """Every graph under the base IRI dropped."""
        store = self.client()
        try:
            store.drop_graphs(self.graphs())
        finally:
            store.close()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return make_builds(tmp_path_factory.mktemp("builds"))


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = Server(tmp_path_factory.mktemp("virtuoso"), PASSWORD)
    yield server
    server.kill()


@pytest.fixture
def server(running: Server) -> Server:
    """The module's server, up, and without the base IRI's graphs."""
    if running.process is None or running.process.poll() is not None:
        running.start()
    running.clear()
    return running


@pytest.fixture
def proxy(server: Server) -> Iterator[Proxy]:
    found = Proxy(server.url)
    yield found
    found.close()


def virtuoso(server: Server, *more: str) -> tuple[str, ...]:
    return ("--store", "virtuoso", "--load-dir", str(server.load), *more)


def equal(server: Server, build: Path) -> bool:
    return server.dataset() == dump_lines(build)


def test_first_publish_by_the_bulk_loader_equals_the_dumps(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    result = publish(builds["v1"], proxy.url, *virtuoso(server), env=ENV)
    assert result.exit_code == 0, result.output
    assert "bulk load" in result.output
    bodies = [body for _, path, body in proxy.requests if path.startswith("/sparql-auth")]
    assert sum(b"rdf_loader_run" in body for body in bodies) == remote.LOADERS
    assert any(b"checkpoint" in body for body in bodies)
    assert not [g for g in proxy.graph_writes() if "/graph/article/" in g]
    assert equal(server, builds["v1"])
    assert list(server.load.iterdir()) == []  # its files removed
    found = server.manifest()
    assert found is not None and found.version == publishing.version_of(digests(builds["v1"]))
    proxy.requests.clear()
    again = publish(builds["v1"], proxy.url, *virtuoso(server), env=ENV)
    assert again.exit_code == 0, again.output
    assert "up to date" in again.output
    assert proxy.graph_writes() == []


def test_without_the_loader_the_first_publish_goes_in_updates(
    server: Server, builds: dict[str, Path]
) -> None:
    # a folder the server may not read (not in its DirsAllowed; Virtuoso allows
    # /tmp, its temporary files' folder): a note, then updates
    elsewhere = Path(tempfile.mkdtemp(dir="/var/tmp"))
    try:
        result = publish(
            builds["v1"], server.url, "--store", "virtuoso", "--load-dir", str(elsewhere), env=ENV
        )
        assert list(elsewhere.iterdir()) == []
    finally:
        shutil.rmtree(elsewhere)
    assert result.exit_code == 0, result.output
    assert "cannot read" in result.output and "not in the server's DirsAllowed" in result.output
    assert equal(server, builds["v1"])
    server.clear()
    result = publish(builds["v1"], server.url, "--store", "virtuoso", env=ENV)
    assert result.exit_code == 0, result.output
    assert equal(server, builds["v1"])


def test_one_edit_sends_one_article_graph(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    assert publish(builds["v1"], server.url, *virtuoso(server), env=ENV).exit_code == 0
    result = publish(builds["v2"], proxy.url, *virtuoso(server), env=ENV)
    assert result.exit_code == 0, result.output
    data = [g for g in proxy.graph_writes() if g not in Names(BASE).own]
    assert data == [f"{BASE}graph/article/{EDITED}", f"{BASE}graph/build"]
    assert not any(b"rdf_loader_run" in body for _, _, body in proxy.requests)
    found = server.manifest()
    assert found is not None and found.digests == digests(builds["v2"])
    assert equal(server, builds["v2"])


def test_removed_article_graph_is_deleted(server: Server, builds: dict[str, Path]) -> None:
    assert publish(builds["v1"], server.url, *virtuoso(server), env=ENV).exit_code == 0
    graph = f"{BASE}graph/article/{REMOVED}"
    assert graph in server.graphs()
    result = publish(builds["v3"], server.url, *virtuoso(server), env=ENV)
    assert result.exit_code == 0, result.output
    assert "1 deleted" in result.output
    assert graph not in server.graphs()
    assert equal(server, builds["v3"])


def test_failed_publish_is_completed_by_the_next(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    assert publish(builds["v1"], server.url, *virtuoso(server), env=ENV).exit_code == 0
    v1 = publishing.version_of(digests(builds["v1"]))
    puts = 0

    def kill_on_the_third(method: str, path: str, body: bytes) -> None:
        nonlocal puts
        if method == "PUT" and "/graph/article/" in httpx2.URL(path).params.get("graph", ""):
            puts += 1
            if puts == 3:  # two article graphs replaced, then the server dies
                server.kill()

    proxy.before = kill_on_the_third
    process = publisher(builds["v3"], proxy.url, *virtuoso(server, "--timeout", "5"), env=ENV)
    code, output = finished(process)
    assert code == 2, output
    assert "error: the store at" in output and PASSWORD not in output
    server.start()
    found = server.manifest()
    assert found is not None and found.version == v1  # the previous manifest is intact
    proxy.before = None
    result = publish(builds["v3"], server.url, *virtuoso(server), env=ENV)
    assert result.exit_code == 0, result.output
    assert equal(server, builds["v3"])


def test_a_second_publisher_is_refused(
    server: Server, proxy: Proxy, builds: dict[str, Path]
) -> None:
    assert publish(builds["v1"], server.url, *virtuoso(server), env=ENV).exit_code == 0
    started = threading.Event()

    def slow(method: str, path: str, body: bytes) -> None:
        if method == "PUT":
            started.set()
            time.sleep(0.5)

    proxy.before = slow
    first = publisher(builds["v3"], proxy.url, *virtuoso(server), env=ENV)
    assert started.wait(60)
    second = publish(builds["v2"], server.url, *virtuoso(server), env=ENV)
    code, output = finished(first)
    assert second.exit_code == 2, second.output
    assert "locked by another publisher" in second.output
    assert f"pid {first.pid}" in second.output
    assert code == 0, output
    assert equal(server, builds["v3"])


def test_a_wrong_password_is_a_clear_error(server: Server, builds: dict[str, Path]) -> None:
    result = publish(
        builds["v1"],
        server.url,
        *virtuoso(server),
        env={"CLAIMGRAPH_STORE_PASSWORD": PASSWORD + "-wrong"},
    )
    assert result.exit_code == 2
    assert "HTTP 401" in result.output and "error: the store at" in result.output
    assert PASSWORD not in result.output
    assert "Traceback" not in result.output
    assert server.graphs() == []  # nothing published


def test_options_of_another_store_are_refused(builds: dict[str, Path], tmp_path: Path) -> None:
    result = publish(builds["v1"], "http://127.0.0.1:9/", "--load-dir", str(tmp_path))
    assert result.exit_code == 2
    assert "--load-dir is for --store virtuoso" in result.output
    result = publish(
        builds["v1"],
        "http://127.0.0.1:9/",
        "--store",
        "virtuoso",
        "--query-endpoint",
        "http://127.0.0.1:9/sparql",
    )
    assert result.exit_code == 2
    assert "are for --store gsp" in result.output
