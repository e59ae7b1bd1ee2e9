"""Writing the dataset's dumps from an Oxigraph store: N-Quads, TriG, Turtle, JSON-LD.

:func:`write_store_dumps` writes every dump of a store that holds the dataset's
quads (named graphs only), streaming each to its file so that memory stays
bounded by one article's graph, plus one run of N-Quads lines being sorted:

* N-Quads: the store's quads as canonical lines, sorted as bytes (in runs of
  at most :data:`RUN_BYTES`, merged), no line twice;
* TriG: one graph after the other, each sorted, written by Oxigraph;
* Turtle: the union of the graphs, read back from the sorted N-Quads (the
  same triple in several graphs is on consecutive lines), written by Oxigraph;
* JSON-LD: each named graph compacted with the published context on its own
  and written to the file as the next entry of the document's ``@graph``.

Every dump is deterministic: two builds of the same input are byte-identical,
whatever order the store gives its quads in. :func:`write_dumps` takes the
mapped rdflib dataset instead and loads it into an in-memory store first.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.namespace import RDF, XSD
from rdflib.plugins.shared.jsonld.context import UNDEF, Context
from rdflib.plugins.shared.jsonld.keys import LANG, LIST, SET

from claimgraph.rdf.dataset import Dataset as ClaimDataset
from claimgraph.rdf.vocab import PREFIXES
from claimgraph.resources import context_file
from claimgraph.validation.shacl.terms import to_ox

__all__ = [
    "DUMPS",
    "Dump",
    "as_stored",
    "nquads",
    "ox_quads",
    "to_ox",
    "to_store",
    "write_dumps",
    "write_store_dumps",
]

XSD_STRING = str(XSD.string)
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "owl"}
# The most bytes of N-Quads lines sorted in memory at once; a larger dump is
# sorted in runs of this size, written beside the dumps and merged.
RUN_BYTES = 64 * 1024 * 1024


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
    """All quads of ``dataset`` as pyoxigraph quads, in no particular order."""
    return [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))  # type: ignore[arg-type]
        for s, p, o, g in dataset.quads()
    ]


def to_store(dataset: ClaimDataset) -> ox.Store:
    """An in-memory store holding the quads of ``dataset``."""
    store = ox.Store()
    store.bulk_load(dataset.nquads(), format=ox.RdfFormat.N_QUADS)
    return store


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


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted N-Quads: one canonical line per quad, lines in byte order."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None  # pyoxigraph returns bytes when given no output
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def write_dumps(dataset: ClaimDataset, folder: Path) -> list[Path]:
    """Write every dump of ``dataset`` into ``folder`` (see :func:`write_store_dumps`)."""
    return write_store_dumps(to_store(dataset), folder)


def write_store_dumps(store: ox.Store, folder: Path) -> list[Path]:
    """Write every dump of the dataset ``store`` holds, and the JSON-LD context,
    into ``folder``; return the paths written. The store holds the dataset's
    named graphs and nothing in its default graph."""
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise ValueError("the store holds triples in its default graph: dumps hold named graphs")
    graphs = list(store.named_graphs())
    paths = {dump.filename: folder / dump.filename for dump in DUMPS}
    with tempfile.TemporaryDirectory(dir=folder, prefix=".dumps-") as scratch:
        _write_nquads(store, paths["claimgraph.nq"], Path(scratch))
        _write_trig(store, graphs, paths["claimgraph.trig"])
        _write_turtle(paths["claimgraph.nq"], paths["claimgraph.ttl"], Path(scratch))
    _write_jsonld(store, graphs, paths["claimgraph.jsonld"])
    context_path = folder / "context.jsonld"
    context_path.write_bytes(context_file().read_bytes())
    return [*paths.values(), context_path]


# -- N-Quads, TriG, Turtle ---------------------------------------------------------------


def _write_nquads(store: ox.Store, path: Path, scratch: Path) -> None:
    """The store's quads as N-Quads lines in byte order, each once."""
    unsorted = scratch / "unsorted.nq"
    store.dump(str(unsorted), ox.RdfFormat.N_QUADS)
    runs: list[Path] = []
    with unsorted.open("rb") as source:
        while lines := source.readlines(RUN_BYTES):
            lines.sort()
            if not runs and not source.peek(1):  # the whole dump in one run
                with path.open("wb") as target:
                    target.writelines(_unique(lines))
                return
            runs.append(scratch / f"run-{len(runs)}.nq")
            with runs[-1].open("wb") as run:
                run.writelines(lines)
            del lines
    unsorted.unlink()
    with ExitStack() as files, path.open("wb") as target:
        target.writelines(_unique(heapq.merge(*(files.enter_context(r.open("rb")) for r in runs))))


def _unique(lines: Iterable[bytes]) -> Iterator[bytes]:
    """Sorted lines without repeats."""
    last = None
    for line in lines:
        if line != last:
            yield line
            last = line


def _write_trig(store: ox.Store, graphs: list[ox.NamedNode | ox.BlankNode], path: Path) -> None:
    """The graphs in order of their names, each graph's quads sorted."""

    def quads() -> Iterator[ox.Quad]:
        for graph in sorted(graphs, key=str):
            yield from sorted(store.quads_for_pattern(None, None, None, graph), key=str)

    ox.serialize(quads(), str(path), ox.RdfFormat.TRIG, prefixes=TURTLE_PREFIXES)


def _write_turtle(nquads_path: Path, path: Path, scratch: Path) -> None:
    """The union of the graphs, its triples sorted, from the sorted N-Quads: the
    lines of one triple in several graphs are consecutive (they differ only in
    their last term, the graph name, which holds no space)."""
    union = scratch / "union.nt"
    with nquads_path.open("rb") as source, union.open("wb") as target:
        last = b""
        for line in source:
            triple = line[: line.rindex(b" ", 0, len(line) - 3)]
            if triple != last:
                target.write(triple + b" .\n")
                last = triple
    triples = ox.parse(path=str(union), format=ox.RdfFormat.N_TRIPLES)
    ox.serialize(triples, str(path), ox.RdfFormat.TURTLE, prefixes=TURTLE_PREFIXES)


# -- JSON-LD ------------------------------------------------------------------------------


def context() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))
    return data["@context"]  # type: ignore[no-any-return]


def _write_jsonld(store: ox.Store, graphs: list[ox.NamedNode | ox.BlankNode], path: Path) -> None:
    """The dataset as JSON-LD compacted with claimgraph's context: one entry per
    named graph, each with its ``@id`` and ``@graph``, in order of their ``@id``.
    Written entry by entry as ``json.dumps(document, indent=1)`` would write the
    whole document."""
    ctx = context()
    compactor = _Compactor(ctx)
    named = sorted((_node_id(graph), graph) for graph in graphs)
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write('{\n "@context": ' + _indented(ctx, " ") + ',\n "@graph": [')
        separator = "\n  "
        for name, graph in named:
            nodes = compactor.graph(store.quads_for_pattern(None, None, None, graph))
            if nodes:
                entry = {"@id": name, "@graph": nodes}
                out.write(separator + _indented(entry, "  "))
                separator = ",\n  "
        out.write("]\n}\n" if separator == "\n  " else "\n ]\n}\n")


def _indented(value: Any, indent: str) -> str:
    """``value`` as JSON indented by one space a level, inside a document at ``indent``."""
    return json.dumps(value, indent=1, ensure_ascii=False).replace("\n", "\n" + indent)


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


_encode_string: Any = json.encoder.encode_basestring
_XSD_INTEGER = str(XSD.integer)
_XSD_BOOLEAN = str(XSD.boolean)
_LARGEST_INTEGER = 10**21 - 1  # JSON-LD reads a number from 10^21 on as an xsd:double
_RDF_TYPE = str(RDF.type)
# How a key's values are written: "@id" for a node's identifier (compacted),
# "@vocab" for a term or compact IRI, "@type" that or a blank node's identifier,
# "@language" the literal's text, a datatype IRI the text of a literal of that
# datatype; anything else (and None) as the object's own value (see _Compactor._raw).
_Coercion = str | None


def _native(literal: ox.Literal) -> int | bool | None:
    """A literal as a JSON number or boolean, as rdflib writes an xsd:integer or
    xsd:boolean, if JSON-LD reads it back as the same literal: in its canonical
    form, an integer below 10^21."""
    datatype, text = literal.datatype.value, literal.value
    if datatype == _XSD_INTEGER:
        try:
            number = int(text)
        except ValueError:
            return None
        return number if str(number) == text and abs(number) <= _LARGEST_INTEGER else None
    if datatype == _XSD_BOOLEAN and text in ("true", "false"):
        return text == "true"
    return None


class _Compactor:
    """Compacts one graph at a time with a JSON-LD context, as rdflib's JSON-LD
    serialiser does with ``auto_compact``: the same keys (the context's terms,
    compact IRIs), the same values (coerced by the terms' types; integers and
    booleans as JSON numbers and booleans), each node at the top level of the
    graph; then every array in a stable order.

    Where rdflib's output would be read back as other terms than the store's, it
    keeps the literal as it is (with its datatype): a double (read back as
    "2.5E0", or as an integer when whole), an integer or boolean not in its
    canonical form (or ill-typed), an integer from 10^21 on, a literal or blank
    node object of rdf:type; it keeps
    a key's every value when the first is false, zero or empty, and the triples
    of a blank node that only an ``@id``-typed term refers to. An RDF list stays
    first/rest nodes (rdflib writes ``@list``)."""

    def __init__(self, ctx: dict[str, Any]) -> None:
        self.context = context = Context(ctx)
        for term in context.terms.values():
            if LIST in term.container or LANG in term.container:
                raise ValueError(f"unsupported @container in the JSON-LD context: {term.name}")
        self.id_key: str = context.id_key
        self.type_key: str = context.type_key
        self.value_key: str = context.value_key
        self.lang_key: str = context.lang_key
        self._literal_keys: dict[tuple[str, str | None, str | None], tuple[str, _Coercion, bool]]
        self._literal_keys = {}
        self._node_keys: dict[str, tuple[str, _Coercion, bool]] = {}
        self._symbols: dict[str, str] = {}
        self._ids: dict[str, str] = {}

    def graph(self, quads: Iterable[ox.Quad]) -> list[dict[str, Any]]:
        """The nodes of a graph, compacted, in a stable order."""
        self._ids.clear()  # a graph's IRIs, compacted (most are on several of its quads)
        nodes: dict[str, dict[str, Any]] = {}
        for quad in quads:
            obj = quad.object
            node_id = self._id(quad.subject)  # type: ignore[arg-type]
            node = nodes.get(node_id)
            if node is None:
                node = nodes[node_id] = {self.id_key: node_id}
            key, value, as_set = self._entry(quad.predicate.value, obj)
            if isinstance(obj, ox.BlankNode) and isinstance(value, dict):
                object_id = value[self.id_key]  # a node of its own, as rdflib makes it
                nodes.setdefault(object_id, {self.id_key: object_id})
            if key in node:
                values = node[key]
                if not isinstance(values, list):
                    node[key] = values = [values]
                values.append(value)
            else:
                node[key] = [value] if as_set else value
        return _stable_nodes(list(nodes.values()))

    def _id(self, term: ox.NamedNode | ox.BlankNode) -> str:
        if isinstance(term, ox.NamedNode):
            iri = term.value
            node_id = self._ids.get(iri)
            if node_id is None:
                node_id = self._ids[iri] = self.context.shrink_iri(iri)
            return node_id
        return f"_:{term.value}"

    def _symbol(self, iri: str) -> str:
        symbol = self._symbols.get(iri)
        if symbol is None:
            symbol = self._symbols[iri] = self.context.to_symbol(iri) or iri
        return symbol

    def _entry(self, predicate: str, obj: Any) -> tuple[str, Any, bool]:
        """The key and value of ``predicate obj``, and whether the key's value is
        always an array."""
        if isinstance(obj, ox.Literal):
            language = obj.language
            datatype: str | None = obj.datatype.value
            if language or datatype == XSD_STRING:
                datatype = None  # rdflib's literals have none then
            found = self._literal_keys.get((predicate, datatype, language))
            if found is None:
                found = self._literal_key(predicate, datatype, language)
                self._literal_keys[(predicate, datatype, language)] = found
            key, coercion, as_set = found
            if coercion == "@language" or (coercion is not None and coercion == datatype):
                return key, obj.value, as_set
            return key, self._raw(obj), as_set
        found = self._node_keys.get(predicate)
        if found is None:
            found = self._node_keys[predicate] = self._node_key(predicate)
        key, coercion, as_set = found
        if coercion == "@id" or (coercion == "@type" and isinstance(obj, ox.BlankNode)):
            return key, self._id(obj), as_set
        if coercion in ("@vocab", "@type") and isinstance(obj, ox.NamedNode):
            return key, self._symbol(obj.value), as_set
        return key, self._raw(obj), as_set

    def _literal_key(
        self, predicate: str, datatype: str | None, language: str | None
    ) -> tuple[str, _Coercion, bool]:
        context = self.context
        term = context.find_term(predicate, datatype, language=language)
        if not term:
            return self._symbol_key(predicate), None, False
        as_set = SET in term.container
        if term.type:
            return term.name, term.type, as_set
        if term.language and language == term.language:
            return term.name, "@language", as_set
        if context.language and term.language is None and language is None:
            return term.name, "@language", as_set
        return term.name, None, as_set

    def _node_key(self, predicate: str) -> tuple[str, _Coercion, bool]:
        context = self.context
        for coercion in ("@id", "@vocab", UNDEF):
            term = context.find_term(predicate, coercion, UNDEF)
            if term:
                coerced = term.type if term.type in ("@id", "@vocab") else None
                return term.name, coerced, SET in term.container
        if predicate == _RDF_TYPE:
            return context.type_key, "@type", False
        return self._symbol_key(predicate), None, False

    def _symbol_key(self, predicate: str) -> str:
        """A predicate with no term of its own: a compact IRI, or the IRI itself
        when that compact form is a term that would coerce its values."""
        key = self._symbol(predicate)
        key_term = self.context.terms.get(key)
        if key_term and (key_term.type or key_term.container):
            return predicate
        return key

    def _raw(self, obj: Any) -> Any:
        """An object's value with no coercion by its key's term."""
        if isinstance(obj, ox.NamedNode):
            return {self.id_key: self._id(obj)}
        if isinstance(obj, ox.BlankNode):
            return {self.id_key: f"_:{obj.value}"}
        if not isinstance(obj, ox.Literal):
            raise TypeError(f"JSON-LD has no value for {obj}")
        language = obj.language
        if language:
            if language == self.context.language:
                return obj.value
            return {self.lang_key: language, self.value_key: obj.value}
        datatype = obj.datatype.value
        if datatype == XSD_STRING:
            return {self.value_key: obj.value} if self.context.language else obj.value
        native = _native(obj)
        if native is not None:
            return native
        return {self.type_key: self._symbol(datatype), self.value_key: obj.value}


def _stable_nodes(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Nodes with every array in a stable order (see :func:`_stable`), in the
    order of their JSON text: when every node's first key is ``@id`` (each
    ``@id`` is on one node), the order of their ``@id`` as JSON strings."""
    stable = [_stable(node) for node in nodes]
    if all(next(iter(node)) == "@id" for node in stable):
        stable.sort(key=lambda node: _encode_string(node["@id"]))
        return stable
    return _sorted(stable)


def _stable(value: Any) -> Any:
    """JSON-LD with every object's keys sorted and every array in a stable order
    (by the JSON text of its items)."""
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return _sorted([_stable(v) for v in value])
    return value


def _sorted(items: list[Any]) -> list[Any]:
    return sorted(items, key=_json_text)


def _json_text(value: Any) -> str:
    if isinstance(value, str):
        return _encode_string(value)  # type: ignore[no-any-return]
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
