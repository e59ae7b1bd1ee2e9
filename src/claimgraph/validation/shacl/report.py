"""Results as a SHACL validation report graph (SHACL §3.6)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF
from rdflib.term import Node

from claimgraph.validation.shacl.engine import Result
from claimgraph.validation.shacl.terms import to_rdflib
from claimgraph.validation.shacl.vocabulary import SH


def _copy(source: Graph, target: Graph, node: Node, seen: set[Node]) -> None:
    """Copy the blank-node structure under ``node`` (a path expression)."""
    if not isinstance(node, BNode) or node in seen:
        return
    seen.add(node)
    for predicate, value in source.predicate_objects(node):
        target.add((node, predicate, value))
        _copy(source, target, value, seen)


def report_graph(
    results: Iterable[Result], shapes: Graph, restore: Mapping[ox.Literal, ox.Literal] | None = None
) -> Graph:
    """The sh:ValidationReport of ``results``; blank-node paths are copied
    from the shapes graph so that the report stands alone; ``restore`` maps
    literals as the store holds them back to the data's own."""
    restore = restore or {}

    def term(value: object) -> Node:
        return to_rdflib(restore.get(value, value))  # type: ignore[call-overload]

    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    conforms = True
    seen: set[Node] = set()
    for result in results:
        conforms = False
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, term(result.focus)))
        graph.add((node, SH.resultSeverity, result.severity))
        graph.add((node, SH.sourceConstraintComponent, result.component))
        graph.add((node, SH.sourceShape, result.shape))
        if result.path is not None:
            graph.add((node, SH.resultPath, result.path))
            _copy(shapes, graph, result.path, seen)
        if result.value is not None:
            graph.add((node, SH.value, term(result.value)))
        if result.constraint is not None:
            graph.add((node, SH.sourceConstraint, result.constraint))
        for message in result.messages:
            graph.add((node, SH.resultMessage, message))
    graph.add((report, SH.conforms, Literal(conforms)))
    return graph
