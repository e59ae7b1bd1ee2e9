"""The W3C SPARQL 1.1 Protocol tests, over HTTP against the real app with their
data loaded (protocol/manifest.ttl: each test's ht:Requests, expected status,
result format and boolean).

Read from $CLAIMGRAPH_W3C_DIR (default ../shared/w3c beside the repository);
skipped, saying where it looked, when absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2
import pyoxigraph as ox
import pytest
from bench.oxigraph_server import OxigraphProcess, binary
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from claimgraph.rdf.iris import DEFAULT_BASE_IRI
from claimgraph.store.embedded import write_store
from claimgraph.store.publish import NS, XSD
from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings
from tests.conftest import ROOT

W3C = Path(os.environ.get("CLAIMGRAPH_W3C_DIR", ROOT.parent / "shared" / "w3c"))
PROTOCOL = W3C / "rdf-tests-sparql" / "sparql11" / "protocol"
MANIFEST = PROTOCOL / "manifest.ttl"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"

TOKEN = "w3c-test-token"
XFAIL: dict[str, str] = {}  # every protocol test passes


def _manifest() -> Graph:
    graph = Graph()
    graph.parse(
        data=MANIFEST.read_text(encoding="utf-8"), format="turtle", publicID=MANIFEST.as_uri()
    )
    return graph


def _tests() -> list[tuple[str, URIRef]]:
    if not MANIFEST.exists():
        return []
    graph = _manifest()
    entries = next(graph.objects(None, MF.entries))
    return [(str(t).rsplit("#", 1)[1], t) for t in Collection(graph, entries)]  # type: ignore[misc]


TESTS = _tests()


def _data(graph: Graph, test: Node) -> list[ox.Quad]:
    quads = []
    for data in graph.objects(test, UT.graphData):
        path = Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
        name = ox.NamedNode(str(graph.value(data, RDFS.label)))
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES):
            quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, name))
    return quads


def _requests(graph: Graph, test: Node) -> list[dict[str, Any]]:
    action = graph.value(test, MF.action)
    out = []
    for request in Collection(graph, graph.value(action, HT.requests)):
        headers = {}
        header_list = graph.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(graph, header_list):
                headers[str(graph.value(header, HT.fieldName))] = str(
                    graph.value(header, HT.fieldValue)
                )
        body = graph.value(request, HT.body)
        content = None
        if body is not None:
            encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
            content = str(graph.value(body, CNT.chars)).encode(encoding)
        response = graph.value(request, HT.resp)
        out.append(
            {
                "method": str(graph.value(request, HT.methodName)),
                "path": str(graph.value(request, HT.absolutePath)).replace(
                    "/sparql/", "/sparql", 1
                ),
                "headers": headers,
                "content": content,
                "statuses": sorted(
                    str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)
                ),
                "format": graph.value(response, MF.expectedFormat),
                "boolean": graph.value(response, MF.expectedBoolean),
            }
        )
    return out


def _check_format(response: Any, expected: str) -> None:
    media = response.headers["content-type"].split(";")[0]
    if expected == "boolean":
        assert media in ("application/sparql-results+json", "application/sparql-results+xml")
    elif expected == "tabular":
        assert media in (
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
        )
    else:
        assert media in ("application/rdf+xml", "text/turtle", "application/n-triples")


def _boolean(response: Any) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return bool(response.json()["boolean"])
    return "<boolean>true</boolean>" in response.text


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphProcess]:
    """An Oxigraph server, for the tests against ``serve --endpoint``."""
    oxigraph = binary()
    if oxigraph is None:
        pytest.skip("no oxigraph server binary (pip install oxigraph)")
    server = OxigraphProcess(oxigraph, tmp_path_factory.mktemp("w3c") / "oxigraph")
    yield server
    server.kill()


def _published(server: OxigraphProcess, quads: list[ox.Quad]) -> None:
    """The server holding ``quads`` and nothing else, as if claimgraph publish had
    put them there (a manifest naming a version)."""
    manifest = ox.NamedNode(DEFAULT_BASE_IRI + "graph/publication")
    quads = [
        *quads,
        ox.Quad(manifest, ox.NamedNode(NS + "version"), ox.Literal("w3c"), manifest),
        ox.Quad(
            manifest,
            ox.NamedNode(NS + "published"),
            ox.Literal("2026-01-01T00:00:00Z", datatype=ox.NamedNode(XSD + "dateTime")),
            manifest,
        ),
    ]
    httpx2.post(
        server.url + "update",
        content=b"DROP ALL",
        headers={"content-type": "application/sparql-update"},
    ).raise_for_status()
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""
    httpx2.post(
        server.url + "store", content=data, headers={"content-type": "application/n-quads"}
    ).raise_for_status()


@pytest.mark.skipif(
    not MANIFEST.exists(),
    reason=f"W3C SPARQL protocol tests not found at {PROTOCOL}; set CLAIMGRAPH_W3C_DIR",
)
@pytest.mark.parametrize("backend", ["embedded", "endpoint"])
@pytest.mark.parametrize("test", [t for _, t in TESTS], ids=[name for name, _ in TESTS])
def test_w3c_protocol(
    test: URIRef, backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    name = request.node.callspec.id.split("-")[0]
    graph = _manifest()
    if name in XFAIL:
        request.applymarker(pytest.mark.xfail(reason=XFAIL[name], strict=True))
    updates = "update" in name  # the update tests run with updates enabled
    store = tmp_path / "store"
    if backend == "embedded":
        write_store(store, _data(graph, test), "w3c", datetime.now(UTC))
        settings = ServerSettings(
            store=store, workers=1, query_timeout=10, allow_update=updates, update_token=TOKEN
        )
    else:  # serve --endpoint: read-only, so the update tests are not for it
        if updates:
            pytest.skip("serve --endpoint is read-only: updates go through claimgraph publish")
        server = request.getfixturevalue("oxigraph_server")
        _published(server, _data(graph, test))
        settings = ServerSettings(store=store, endpoint=server.url, workers=1, query_timeout=10)
    with TestClient(create_app(settings)) as client:
        for req in _requests(graph, test):
            headers = dict(req["headers"])
            if updates:
                headers["authorization"] = f"Bearer {TOKEN}"
            response = client.request(
                req["method"], req["path"], headers=headers, content=req["content"]
            )
            assert str(response.status_code)[0] + "xx" in req["statuses"], (
                f"{req['method']} {req['path']}: {response.status_code} {response.text[:300]}"
            )
            if req["format"] is not None:
                _check_format(response, str(req["format"]))
            if req["boolean"] is not None:
                assert _boolean(response) is bool(req["boolean"].toPython())
