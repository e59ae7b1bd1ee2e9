"""Real SPARQL clients against a live uvicorn server on loopback:
SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, XML, SPARQLWrapper

CG = "https://w3id.org/claimgraph/ns#"


@pytest.fixture(scope="module")
def endpoint(live_server: str) -> str:
    return live_server + "sparql"


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
    assert len(graph) == 2 * len(set(graph.subjects())) > 2  # a type and a description each


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
