"""SHACL property paths (SHACL §2.3.1) as SPARQL property paths."""

from __future__ import annotations

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from claimgraph.validation.shacl.terms import ShapesError
from claimgraph.validation.shacl.vocabulary import SH

_UNARY = {
    SH.zeroOrMorePath: "*",
    SH.oneOrMorePath: "+",
    SH.zeroOrOnePath: "?",
}


def path_text(shapes: Graph, path: Node, depth: int = 0) -> str:
    """The SPARQL property path of the SHACL path ``path``."""
    if depth > 50:
        raise ShapesError("a property path nests more than 50 levels (a cycle?)")
    if isinstance(path, URIRef):
        return f"<{path}>"
    if not isinstance(path, BNode):
        raise ShapesError(f"not a property path: {path.n3()}")
    if shapes.value(path, RDF.first) is not None:
        members = list(Collection(shapes, path))
        if len(members) < 2:
            raise ShapesError("a sequence path must have at least two members")
        return "(" + "/".join(path_text(shapes, m, depth + 1) for m in members) + ")"
    alternatives = shapes.value(path, SH.alternativePath)
    if alternatives is not None:
        members = list(Collection(shapes, alternatives))
        if len(members) < 2:
            raise ShapesError("an alternative path must have at least two members")
        return "(" + "|".join(path_text(shapes, m, depth + 1) for m in members) + ")"
    inverse = shapes.value(path, SH.inversePath)
    if inverse is not None:
        return f"^({path_text(shapes, inverse, depth + 1)})"
    for predicate, operator in _UNARY.items():
        inner = shapes.value(path, predicate)
        if inner is not None:
            return f"({path_text(shapes, inner, depth + 1)}){operator}"
    raise ShapesError(f"not a property path: {path.n3()} has none of the path properties")
