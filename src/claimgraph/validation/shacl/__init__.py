"""A SHACL engine that runs on an Oxigraph store.

SHACL Core and SHACL-SPARQL (constraints and constraint components), every
constraint evaluated set-at-a-time as SPARQL (see ``engine``). Use::

    results = validate_store(store, shapes_graph)           # data already in a store
    conforms, report = validate_graph(data_graph, shapes)   # rdflib graphs, like pySHACL

The shapes are an rdflib graph (small, read once); the data is an Oxigraph
store, queried with its named graphs as one union default graph (or its
default graph alone with ``union=False``). Literals are validated as the store
holds them: Oxigraph keeps each literal's value, so a non-canonical lexical
form (``"01"^^xsd:integer``) or a derived integer type (``xsd:byte``) reads
back canonical (``"1"^^xsd:integer``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import Graph, Literal

from claimgraph.validation.shacl.canonical import changed_literals, restoring
from claimgraph.validation.shacl.engine import Engine, Result, Term
from claimgraph.validation.shacl.report import report_graph
from claimgraph.validation.shacl.shapes import ShapesGraph
from claimgraph.validation.shacl.terms import ShapesError, to_ox

__all__ = [
    "Result",
    "ShapesError",
    "ShapesGraph",
    "quads_of",
    "report_graph",
    "validate_graph",
    "validate_store",
]


def validate_store(
    store: ox.Store,
    shapes: Graph | ShapesGraph,
    *,
    union: bool = True,
    only: Collection[Term] | None = None,
    done: Callable[[], None] | None = None,
    threads: int = 1,
) -> list[Result]:
    """The results of validating the data in ``store`` against ``shapes``
    (with ``only``: the results whose focus node is one of these; ``done`` is
    called after each shape with targets; ``threads``: how many shapes are
    validated at once)."""
    shapes_graph = shapes if isinstance(shapes, ShapesGraph) else ShapesGraph(shapes)
    return Engine(store, shapes_graph, union=union).validate(only, done, threads=threads)


def quads_of(graph: Graph, name: ox.NamedNode | None = None) -> Iterator[ox.Quad]:
    """An rdflib graph's triples as quads (in the default graph, or ``name``)."""
    for s, p, o in graph:
        yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), name)  # type: ignore[arg-type]


def validate_graph(
    data: Graph,
    shapes: Graph | ShapesGraph,
    *,
    also: Iterable[Graph] = (),
    restore: Mapping[ox.Literal, ox.Literal] | None = None,
    threads: int = 1,
) -> tuple[bool, Graph]:
    """Validate an rdflib graph, with the graphs ``also`` mixed in (an ontology,
    for sh:class): (conforms, report graph), as pySHACL returns them. The report
    names the data's own literals where the store changed them (``restore``:
    stored form -> the data's, worked out here unless given). ``threads``: as
    for :func:`validate_store`."""
    shapes_graph = shapes if isinstance(shapes, ShapesGraph) else ShapesGraph(shapes)
    store = ox.Store()
    for graph in (data, *also):
        store.bulk_extend(quads_of(graph))
    results = validate_store(store, shapes_graph, union=False, threads=threads)
    if restore is None:
        objects = (*data.objects(), *shapes_graph.graph.objects())
        literals = [to_ox(o) for o in objects if isinstance(o, Literal)]
        restore = restoring(changed_literals(literals))  # type: ignore[arg-type]
    return not results, report_graph(results, shapes_graph.graph, restore)
