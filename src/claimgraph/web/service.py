"""The SPARQL 1.1 Service Description of the endpoint."""

from __future__ import annotations

import pyoxigraph as ox

from claimgraph.web.formats import GRAPH_FORMATS, SOLUTION_FORMATS

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
FORMATS = "http://www.w3.org/ns/formats/"
SD_PREFIXES = {"sd": SD, "formats": FORMATS}  # for the page that shows it as Turtle
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/ld+json": "JSON-LD",
    "application/n-triples": "N-Triples",
    "application/rdf+xml": "RDF_XML",
    "application/n-quads": "N-Quads",
    "application/trig": "TriG",
}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def description(
    endpoint: str, graphs: list[str], void: str | None = None, *, federated: bool = False
) -> list[ox.Triple]:
    """The service description; ``sd:BasicFederatedQuery`` only when
    ``federated`` (``--allow-service`` lets SERVICE call some endpoint)."""
    service = ox.NamedNode(endpoint)
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), service),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
    ]
    if federated:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    media_types = [f.media_type for f in SOLUTION_FORMATS] + [f.media_type for f in GRAPH_FORMATS]
    for media_type in media_types:
        media = media_type.split(";")[0]
        triples.append(
            ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + FORMAT_IRIS[media]))
        )
    for n, graph in enumerate(graphs):
        named = ox.BlankNode(f"named{n}")
        triples += [
            ox.Triple(dataset, _sd("namedGraph"), named),
            ox.Triple(named, RDF_TYPE, _sd("NamedGraph")),
            ox.Triple(named, _sd("name"), ox.NamedNode(graph)),
        ]
    if void:
        triples.append(
            ox.Triple(
                dataset,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
                ox.NamedNode(void),
            )
        )
    return triples
