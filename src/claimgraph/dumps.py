"""Writing the dataset: N-Quads, TriG, Turtle (pyoxigraph) and JSON-LD (rdflib).

Every dump is deterministic: quads are sorted before serialisation, and the
JSON-LD is compacted with the published context and then put in a stable
order, so two builds of the same input are byte-identical.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from claimgraph.mapping import Dataset as ClaimDataset
from claimgraph.resources import context_file
from claimgraph.vocab import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "owl"}


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to pyoxigraph")


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


def as_stored(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """``quads`` as an Oxigraph store holds them: a store keeps each literal of a
    datatype it knows in its canonical form only (xsd:integer for the types derived
    from it, "Z" for UTC, "1.5" for "1.50"^^xsd:decimal, "true" for "1"^^xsd:boolean,
    language tags in lower case), so data claimgraph does not write itself goes
    through this before it is dumped, for the dumps to hold what is queried."""
    store = ox.Store()
    store.extend(quads)
    return list(store)


def ox_quads(dataset: ClaimDataset) -> list[ox.Quad]:
    """All quads, sorted by graph, subject, predicate, object."""
    quads = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))  # type: ignore[arg-type]
        for s, p, o, g in dataset.quads()
    ]
    quads.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return quads


@dataclass(frozen=True)
class Dump:
    """One output format: its file name and how it is written."""

    filename: str
    format: ox.RdfFormat


DUMPS = (
    Dump("claimgraph.nq", ox.RdfFormat.N_QUADS),
    Dump("claimgraph.trig", ox.RdfFormat.TRIG),
    Dump("claimgraph.ttl", ox.RdfFormat.TURTLE),
    Dump("claimgraph.jsonld", ox.RdfFormat.JSON_LD),
)


def _bytes(data: bytes | None) -> bytes:
    assert data is not None  # pyoxigraph returns bytes when given no output
    return data


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted N-Quads: one canonical line per quad, lines in byte order."""
    lines = _bytes(ox.serialize(quads, format=ox.RdfFormat.N_QUADS)).splitlines(keepends=True)
    return b"".join(sorted(set(lines)))


def trig(quads: list[ox.Quad]) -> bytes:
    return _bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES))


def turtle(quads: list[ox.Quad]) -> bytes:
    """The union of all graphs as Turtle, triples sorted."""
    triples = sorted(
        {ox.Triple(q.subject, q.predicate, q.object) for q in quads},
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    return _bytes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES))


def context() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))
    return data["@context"]  # type: ignore[no-any-return]


def _stable(value: Any) -> Any:
    """JSON-LD with every array in a stable order (node arrays by @id)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_stable(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def jsonld(dataset: ClaimDataset) -> bytes:
    """The dataset as JSON-LD compacted with claimgraph's context: one entry per
    named graph, each with its ``@id`` and ``@graph``."""
    ctx = context()
    graphs = []
    for name, graph in dataset.graphs.items():
        compacted = json.loads(graph.serialize(format="json-ld", context=ctx, auto_compact=True))
        nodes = compacted.get("@graph", [compacted])
        nodes = [{k: v for k, v in node.items() if k != "@context"} for node in nodes]
        graphs.append({"@id": str(name), "@graph": _stable(nodes)})
    graphs.sort(key=lambda g: str(g["@id"]))
    document = {"@context": ctx, "@graph": graphs}
    return (json.dumps(document, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def write_dumps(dataset: ClaimDataset, folder: Path) -> list[Path]:
    """Write every dump of ``dataset`` into ``folder``; return the paths written."""
    quads = ox_quads(dataset)
    writers = {
        "claimgraph.nq": lambda: nquads(quads),
        "claimgraph.trig": lambda: trig(quads),
        "claimgraph.ttl": lambda: turtle(quads),
        "claimgraph.jsonld": lambda: jsonld(dataset),
    }
    written = []
    for dump in DUMPS:
        path = folder / dump.filename
        path.write_bytes(writers[dump.filename]())
        written.append(path)
    context_path = folder / "context.jsonld"
    context_path.write_bytes(context_file().read_bytes())
    written.append(context_path)
    return written
