"""A VoID description of the dataset: statistics, dumps, endpoint, subsets.

Computed once, when the store is built, with SPARQL over the new store.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import Any
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


# A SELECT query's solutions: over the union of the dataset's named graphs, or
# (``union`` false) over the store's own default graph.
Select = Callable[[str, bool], Iterable[Sequence[Any]]]


def _count(select: Select, query: str) -> int:
    return int(next(iter(select(query, True)))[0].value)


def _on_store(store: ox.Store) -> Select:
    def select(query: str, union: bool) -> Iterable[Sequence[Any]]:
        solutions = store.query(query, use_default_graph_as_union=union)
        assert isinstance(solutions, ox.QuerySolutions)
        return solutions

    return select


def dataset_iri(base: str) -> ox.NamedNode:
    return ox.NamedNode(str(Minter(base).dataset()))


def describe(store: ox.Store, base: str, built: datetime) -> list[ox.Triple]:
    """VoID triples for the dataset in ``store``, published under ``base``."""
    return describe_with(_on_store(store), base, built)


def describe_with(
    select: Select, base: str, built: datetime, leave_out: Collection[str] = ()
) -> list[ox.Triple]:
    """VoID triples for the dataset ``select`` queries, published under
    ``base``; the graphs ``leave_out`` (a store's own, beside the dataset's)
    counted nowhere."""
    # each triple of the dataset: in the union of the graphs, or in those not left out
    where = "?s ?p ?o"
    if leave_out:
        names = ", ".join(f"<{g}>" for g in sorted(leave_out))
        where = f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g NOT IN ({names}))"
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
    typed = where.replace("?p ?o", "a ?c") if leave_out else "?s a ?c"
    distinct = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {where} }}"
    stats = {
        "triples": f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}",
        "distinctSubjects": f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {where} }}",
        "distinctObjects": f"SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {{ {where} }}",
        "properties": f"SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ {where} }}",
        "classes": f"SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {{ {typed} }}",
    }
    for prop, query in stats.items():
        triples.append(ox.Triple(dataset, _v(prop), _int(_count(select, query))))
    classes = select(
        f"SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {typed} }} GROUP BY ?c ORDER BY ?c", True
    )
    for row in classes:
        cls, count = row[0], row[1]
        assert isinstance(cls, ox.NamedNode) and count is not None
        partition = ox.NamedNode(f"{base}dataset/class/{quote(cls.value, safe='')}")
        triples += [
            ox.Triple(dataset, _v("classPartition"), partition),
            ox.Triple(partition, _v("class"), cls),
            ox.Triple(partition, _v("entities"), _int(int(count.value))),
        ]
    # each graph's subjects too: what the sitemap divides into parts (web/site.py)
    graphs = select(
        "SELECT ?g (COUNT(*) AS ?n) (COUNT(DISTINCT ?s) AS ?subjects)"
        " WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
        False,
    )
    for row in graphs:
        if row[0] is not None and row[0].value in leave_out:
            continue
        graph, count, subjects = row[0], row[1], row[2]
        assert isinstance(graph, ox.NamedNode) and count is not None and subjects is not None
        triples += [
            ox.Triple(dataset, _v("subset"), graph),
            ox.Triple(graph, RDF_TYPE, _v("Dataset")),
            ox.Triple(graph, _v("triples"), _int(int(count.value))),
            ox.Triple(graph, _v("distinctSubjects"), _int(int(subjects.value))),
        ]
    return triples
