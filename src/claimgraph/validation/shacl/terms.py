"""RDF terms between the shapes graph (rdflib), the data (an Oxigraph store)
and SPARQL text."""

from __future__ import annotations

import logging

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

# rdflib logs a warning (with a traceback) for each literal whose lexical form
# does not fit its datatype; the engine builds such literals on purpose to ask
# whether they are ill-typed, and reports them as results instead.
_TERM_LOG = logging.getLogger("rdflib.term")


class ShapesError(ValueError):
    """The shapes graph is malformed or asks for something the engine refuses."""


def to_ox(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def to_rdflib(term: object) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == str(XSD.string):
            return Literal(term.value)
        _TERM_LOG.disabled, was = True, _TERM_LOG.disabled
        try:
            return Literal(term.value, datatype=URIRef(datatype))
        finally:
            _TERM_LOG.disabled = was
    raise TypeError(f"not an RDF term: {term!r}")


def sparql(node: Node) -> str:
    """``node`` written as a SPARQL constant. Blank nodes of the shapes graph
    have no SPARQL constant (a blank node in a query is a variable)."""
    if isinstance(node, BNode):
        raise ShapesError(f"a blank node ({node.n3()}) cannot be used as a value here")
    return str(to_ox(node))


def is_ill_typed(term: ox.Literal) -> bool:
    """Whether a literal's lexical form is not in its datatype's lexical space
    (as rdflib knows the XSD datatypes)."""
    datatype = term.datatype.value
    if datatype in _ALWAYS_WELL_FORMED or not datatype.startswith(str(XSD)):
        return False
    _TERM_LOG.disabled, was = True, _TERM_LOG.disabled
    try:
        return bool(Literal(term.value, datatype=URIRef(datatype)).ill_typed)
    finally:
        _TERM_LOG.disabled = was


_ALWAYS_WELL_FORMED = {str(XSD.string), str(RDF.langString), str(XSD.anyURI)}
