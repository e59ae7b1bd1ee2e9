"""rdflib terms written as N-Quads text, fast: the mapper's triples go to the
store (and the cache) as N-Quads, parsed by Oxigraph in one call, instead of
one Python object per quad.

The text is N-Quads 1.1 exactly: IRIs with the characters IRIREF does not
allow escaped as \\uXXXX, literals with the four characters ECHAR must
escape escaped, the datatype left out for xsd:string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_LITERAL_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})
_BNODE_UNSAFE = re.compile(r"[^A-Za-z0-9_]")
_STRING = str(XSD.string)


def _iri(text: str) -> str:
    if _IRI_UNSAFE.search(text):
        text = _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text)
    return f"<{text}>"


def term(node: Node) -> str:
    """One term as N-Quads text."""
    if isinstance(node, URIRef):
        return _iri(str(node))
    if isinstance(node, Literal):
        lexical = f'"{str(node).translate(_LITERAL_ESCAPES)}"'
        if node.language:
            return f"{lexical}@{node.language}"
        if node.datatype is not None and str(node.datatype) != _STRING:
            return f"{lexical}^^{_iri(str(node.datatype))}"
        return lexical
    if isinstance(node, BNode):
        return f"_:{_BNODE_UNSAFE.sub('_', str(node))}"
    raise TypeError(f"not an RDF term: {node!r}")


class Writer:
    """Writes quads as N-Quads lines, remembering the text of IRIs (which
    repeat: predicates, classes, the graph name)."""

    def __init__(self) -> None:
        self._iris: dict[str, str] = {}

    def term(self, node: Node) -> str:
        if type(node) is URIRef:
            text = self._iris.get(node)
            if text is None:
                text = self._iris[node] = _iri(str(node))
            return text
        return term(node)

    def lines(self, triples: Iterable[tuple[Node, Node, Node]], graph: URIRef) -> str:
        name = self.term(graph)
        t = self.term
        return "".join(f"{t(s)} {t(p)} {t(o)} {name} .\n" for s, p, o in triples)


def as_stored(texts: Mapping[str, str]) -> dict[str, str]:
    """Each graph's N-Quads (``texts``: graph IRI -> the graph's quads, without
    blank nodes) as an Oxigraph store gives them back: every term in the form
    the store keeps (an xsd:integer "01" comes back "1"), each quad once, the
    lines in byte order. What the store holds and the dumps written from these
    texts then agree term for term, and a graph's N-Quads dump is its text."""
    store = ox.Store()
    store.bulk_load("".join(texts.values()).encode(), format=ox.RdfFormat.N_QUADS)
    stored = {}
    for graph in texts:
        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        assert data is not None  # pyoxigraph returns bytes when given no output
        # Each N-Triples line ends " .\n" (a line break in a literal is
        # written \n): the graph's name goes before the dot.
        named = data.replace(b" .\n", f" {_iri(graph)} .\n".encode())
        lines = named.splitlines(keepends=True)
        lines.sort()
        stored[graph] = b"".join(lines).decode()
    return stored
