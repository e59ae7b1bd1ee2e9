"""Real SPARQL clients against a live uvicorn server on loopback:
SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx2
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

from claimgraph.iris import Minter
from claimgraph.serve import prepare_store
from tests.conftest import SEEDS

CG = "https://w3id.org/claimgraph/ns#"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("live") / "store"
    prepare_store(SEEDS, store, Minter())
    port = _free_port()
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
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/sparql"
    deadline = time.monotonic() + 60
    try:
        while True:
            try:
                if httpx2.get(url, timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                stderr = server.stderr.read().decode() if server.stderr else ""
                pytest.fail(f"the server did not start: {stderr[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        if server.stderr:
            server.stderr.close()


def test_sparqlwrapper_select_json(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(
        f"SELECT ?claim WHERE {{ ?claim <{CG}claimant> "
        "<http://127.0.0.1:8000/actor/sidney-blumenthal> }"
    )
    client.setReturnFormat(JSON)
    bindings = client.query().convert()["results"]["bindings"]  # type: ignore[index, call-overload]
    assert len(bindings) == 6


def test_sparqlwrapper_select_xml_by_post(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setMethod("POST")
    client.setQuery(f"ASK {{ ?source a <{CG}AnonymousSource> }}")
    client.setReturnFormat(XML)
    document = client.query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"  # type: ignore[union-attr]


def test_sparqlwrapper_construct_turtle(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(
        f"CONSTRUCT WHERE {{ ?s a <{CG}AnonymousSource> ; <{CG}verbatimDescription> ?d }}"
    )
    client.setReturnFormat(TURTLE)
    data = client.query().convert()
    graph = Graph()
    graph.parse(data=data, format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 2


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint))
    rows = list(
        graph.query(
            "SELECT ?label WHERE { <http://127.0.0.1:8000/actor/signed-in-blood> "
            "<http://www.w3.org/2004/02/skos/core#altLabel> ?label } ORDER BY ?label"
        )
    )
    assert [str(row[0]) for row in rows] == ["Al Mulathamun", "the Belmokhtar group"]  # type: ignore[index]
    assert (
        URIRef("http://127.0.0.1:8000/actor/hillary-clinton"),
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        None,
    ) in graph
