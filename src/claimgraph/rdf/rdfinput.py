"""Reading RDF files users hand to ``claimgraph validate``.

pyoxigraph parses (fast, with line and column in its errors); the triples are
then handed to rdflib for pySHACL. Quads from named graphs are merged: SHACL
validates the union.

Nothing is fetched from the network (a JSON-LD ``@context`` given by its IRI is
an error that says how to inline it), and RDF/XML may not declare DTD entities
(``<!ENTITY``): nested ones expand exponentially, a "billion laughs" file of a
few hundred bytes standing for gigabytes of text.

An ill-formed literal ("2023-02-30"^^xsd:date) is reported by the validation, in
its report; rdflib's own warning about it, a traceback on stderr for each such
literal, is dropped (see :class:`IllFormedLiteralNoise`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.annotation.textio import read_bytes
from claimgraph.errors import InputError, Location

XSD_STRING = str(XSD.string)
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


class IllFormedLiteralNoise(logging.Filter):
    """Drops rdflib's "Failed to convert Literal lexical form to value" warning:
    rdflib logs it, with a traceback, each time it builds a literal whose lexical
    form is not valid for its datatype, and claimgraph's report already says so
    (sh:datatype). Every other record of the ``rdflib.term`` logger passes."""

    MESSAGE = "Failed to convert Literal lexical form to value"

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(self.MESSAGE)


def drop_ill_formed_literal_noise() -> None:
    """Install :class:`IllFormedLiteralNoise` on rdflib's ``rdflib.term`` logger, once."""
    logger = logging.getLogger("rdflib.term")
    if not any(isinstance(f, IllFormedLiteralNoise) for f in logger.filters):
        logger.addFilter(IllFormedLiteralNoise())


# Whatever reads users' RDF (validate, serve --publish) imports this module.
drop_ill_formed_literal_noise()


def is_rdf_file(path: Path) -> bool:
    return path.suffix.lower() in RDF_FORMATS


_ENTITY = re.compile(rb"<!ENTITY")


def xml_entity_line(data: bytes) -> int | None:
    """The line of the first DTD entity declaration (``<!ENTITY``) in the XML
    ``data``, or ``None`` if it declares none. The zero bytes of UTF-16 and
    UTF-32 are dropped first, so that no encoding hides a declaration."""
    narrow = data.replace(b"\x00", b"") if b"\x00" in data else data
    match = _ENTITY.search(narrow)
    if match is None:
        return None
    return narrow.count(b"\n", 0, match.start()) + 1


def check_rdf_xml(data: bytes, path: Path) -> None:
    """Refuse RDF/XML that declares DTD entities: claimgraph never expands them."""
    line = xml_entity_line(data)
    if line is not None:
        raise InputError(
            "DTD entity declarations (<!ENTITY) are not allowed in RDF/XML input: "
            "entities can expand to gigabytes (a 'billion laughs' attack) or read "
            "other files",
            Location(path, line),
            hint="remove the <!DOCTYPE ...> declaration and write the entities' text out "
            "in full (or convert the file to Turtle with a tool you trust)",
        )


def _string_contexts(value: Any) -> Iterator[str]:
    """Every ``@context`` of a JSON-LD document given by IRI (not inline)."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "@context":
                for context in item if isinstance(item, list) else [item]:
                    if isinstance(context, str):
                        yield context
            elif key == "@import" and isinstance(item, str):
                yield item
            yield from _string_contexts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _string_contexts(item)


def _remote_context_error(data: bytes, path: Path) -> InputError:
    """The error to give when a JSON-LD file names a context by IRI (pyoxigraph
    does not load them, and claimgraph fetches nothing from the network)."""
    try:
        iri = next(_string_contexts(json.loads(data)), None)
    except ValueError:
        iri = None
    line = 1
    if iri is not None:
        text = data.decode("utf-8", "replace")
        at = text.find(json.dumps(iri)[1:-1])
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
    shown_iri = repr(iri) if iri is not None else "of this file"
    return InputError(
        f"the JSON-LD @context {shown_iri} is given by its IRI: claimgraph never fetches "
        "anything from the network, so it cannot load it",
        Location(path, line),
        hint="inline the context: replace the IRI by the context itself, the object under "
        f"'@context' in the document at {iri or 'that IRI'} (download a local copy once, "
        "e.g. curl -L -o context.jsonld IRI, and paste that object in the IRI's place)",
    )


def from_ox(term: Any) -> Node:
    """A pyoxigraph term as an rdflib term, the same term: a literal keeps its
    lexical form (rdflib would otherwise rewrite some, e.g. a "Z" time zone as
    "+00:00", and the dumps written from it would differ from the store)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # rdflib keeps plain and xsd:string apart
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)
    raise TypeError(f"unsupported RDF term {term!r}")


def load_rdf(path: Path, into: Graph) -> None:
    """Parse ``path`` (format from its extension) and add its triples to ``into``."""
    rdf_format = RDF_FORMATS[path.suffix.lower()]
    if not path.is_file():
        raise InputError("file not found" if not path.exists() else "not a file", Location(path))
    data = read_bytes(path)
    if rdf_format == ox.RdfFormat.RDF_XML:
        check_rdf_xml(data, path)
    try:
        for quad in ox.parse(data, format=rdf_format, base_iri=path.resolve().as_uri()):
            into.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except SyntaxError as exc:
        if rdf_format == ox.RdfFormat.JSON_LD and "LoadDocumentCallback" in str(exc.msg):
            raise _remote_context_error(data, path) from None
        line = getattr(exc, "lineno", None)
        raise InputError(
            f"invalid {rdf_format.name}: {exc.msg}",
            Location(path, line),
            hint="check the syntax on that line",
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {rdf_format.name}: {exc}", Location(path)) from None
