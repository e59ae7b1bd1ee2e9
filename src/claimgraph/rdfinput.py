"""Reading RDF files users hand to ``claimgraph validate``.

pyoxigraph parses (fast, with line and column in its errors); the triples are
then handed to rdflib for pySHACL. Quads from named graphs are merged: SHACL
validates the union.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from claimgraph.dumps import from_ox
from claimgraph.errors import InputError, Location

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}


def is_rdf_file(path: Path) -> bool:
    return path.suffix.lower() in RDF_FORMATS


def load_rdf(path: Path, into: Graph) -> None:
    """Parse ``path`` (format from its extension) and add its triples to ``into``."""
    rdf_format = RDF_FORMATS[path.suffix.lower()]
    if not path.is_file():
        raise InputError("file not found" if not path.exists() else "not a file", Location(path))
    try:
        for quad in ox.parse(path=str(path), format=rdf_format, base_iri=path.resolve().as_uri()):
            into.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    except SyntaxError as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(
            f"invalid {rdf_format.name}: {exc.msg}",
            Location(path, line),
            hint="check the syntax on that line",
        ) from None
    except (OSError, ValueError) as exc:
        raise InputError(f"cannot read {rdf_format.name}: {exc}", Location(path)) from None
