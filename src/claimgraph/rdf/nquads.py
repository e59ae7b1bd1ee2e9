"""rdflib terms written as N-Quads text, fast: the mapper's triples go to the
store (and the cache) as N-Quads, parsed by Oxigraph in one call, instead of
one Python object per quad.

The text is N-Quads 1.1 exactly: IRIs with the characters IRIREF does not
allow escaped as \\uXXXX, literals with the four characters ECHAR must
escape escaped, the datatype left out for xsd:string.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
