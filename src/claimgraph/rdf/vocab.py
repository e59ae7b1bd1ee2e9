"""Term IRIs, with the claimgraph namespace closed over the ontology's terms.

``CG`` is generated from ``ontology/claimgraph.ttl`` when this module is
imported, so a misspelt term (``CG.claimnt``) raises instead of minting an
undeclared IRI. External vocabularies used by the mapper are plain namespaces.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS, XSD, ClosedNamespace

from claimgraph.resources import ontology_file

CG_IRI = "https://w3id.org/claimgraph/ns#"
ONTOLOGY_IRI = URIRef("https://w3id.org/claimgraph/ns")
SHAPES_IRI = "https://w3id.org/claimgraph/shapes#"

SCHEMA = Namespace("https://schema.org/")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")
CGSH = Namespace(SHAPES_IRI)
SH = Namespace("http://www.w3.org/ns/shacl#")


@cache
def ontology_graph() -> Graph:
    """The ontology, parsed once per process."""
    graph = Graph()
    graph.parse(ontology_file(), format="turtle")
    return graph


def _declared_terms() -> list[str]:
    # read with Oxigraph's parser: rdflib's takes every command 20 ms to start
    with ontology_file().open("rb") as file:
        subjects = {q.subject for q in ox.parse(file, format=ox.RdfFormat.TURTLE)}
    return sorted(
        term.value[len(CG_IRI) :]
        for term in subjects
        if isinstance(term, ox.NamedNode) and term.value.startswith(CG_IRI)
    )


CG = ClosedNamespace(CG_IRI, _declared_terms())

PREFIXES: dict[str, str] = {
    "cg": CG_IRI,
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
    "owl": str(OWL),
    "schema": str(SCHEMA),
    "sem": str(SEM),
    "nif": str(NIF),
}

__all__ = [
    "CG",
    "CGSH",
    "NIF",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SEM",
    "SH",
    "SKOS",
    "XSD",
    "ontology_graph",
]
