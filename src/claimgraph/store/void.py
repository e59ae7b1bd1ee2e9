"""A VoID description of the dataset: statistics, dumps, endpoint, subsets.

Computed once, when the store is built, with SPARQL over the new store.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

import pyoxigraph as ox

from claimgraph.rdf.iris import Minter
from claimgraph.rdf.vocab import CG_IRI
from claimgraph.store.dumps import DUMPS

VOID = "http://rdfs.org/ns/void#"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
VOID_PREFIXES = {"void": VOID, "dcterms": DCTERMS, "cg": CG_IRI, "xsd": XSD}


def _v(name: str) -> ox.NamedNode:
    return ox.NamedNode(VOID + name)


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _count(store: ox.Store, query: str) -> int:
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    return int(next(iter(solutions))[0].value)


def dataset_iri(base: str) -> ox.NamedNode:
    return ox.NamedNode(str(Minter(base).dataset()))


def describe(store: ox.Store, base: str, built: datetime) -> list[ox.Triple]:
    """VoID triples for the dataset in ``store``, published under ``base``."""
    dataset = dataset_iri(base)
    triples = [
        ox.Triple(dataset, RDF_TYPE, _v("Dataset")),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "title"),
            ox.Literal("claimgraph dataset", language="en"),
        ),
        ox.Triple(
            dataset,
            ox.NamedNode(DCTERMS + "modified"),
            ox.Literal(built.isoformat(), datatype=ox.NamedNode(XSD + "dateTime")),
        ),
        ox.Triple(dataset, _v("sparqlEndpoint"), ox.NamedNode(base + "sparql")),
        ox.Triple(dataset, _v("uriSpace"), ox.Literal(base)),
        ox.Triple(dataset, _v("vocabulary"), ox.NamedNode(CG_IRI)),
        ox.Triple(dataset, _v("feature"), ox.NamedNode("http://www.w3.org/ns/formats/N-Quads")),
    ]
    for dump in DUMPS:
        triples.append(
            ox.Triple(dataset, _v("dataDump"), ox.NamedNode(f"{base}dumps/{dump.filename}"))
        )
    stats = {
        "triples": "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }",
        "distinctSubjects": "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?o }",
        "distinctObjects": "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?s ?p ?o }",
        "properties": "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?s ?p ?o }",
        "classes": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?s a ?c }",
    }
    for prop, query in stats.items():
        triples.append(ox.Triple(dataset, _v(prop), _int(_count(store, query))))
    classes = store.query(
        "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY ?c",
        use_default_graph_as_union=True,
    )
    assert isinstance(classes, ox.QuerySolutions)
    for row in classes:
        cls, count = row[0], row[1]
        assert isinstance(cls, ox.NamedNode) and count is not None
        partition = ox.NamedNode(f"{base}dataset/class/{quote(cls.value, safe='')}")
        triples += [
            ox.Triple(dataset, _v("classPartition"), partition),
            ox.Triple(partition, _v("class"), cls),
            ox.Triple(partition, _v("entities"), _int(int(count.value))),
        ]
    graphs = store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    )
    assert isinstance(graphs, ox.QuerySolutions)
    for row in graphs:
        graph, count = row[0], row[1]
        assert isinstance(graph, ox.NamedNode) and count is not None
        triples += [
            ox.Triple(dataset, _v("subset"), graph),
            ox.Triple(graph, RDF_TYPE, _v("Dataset")),
            ox.Triple(graph, _v("triples"), _int(int(count.value))),
        ]
    return triples
