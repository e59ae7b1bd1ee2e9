"""Writing the dataset's dumps from an Oxigraph store: N-Quads, TriG, Turtle, JSON-LD.

:func:`write_store_dumps` writes every dump of a store that holds the dataset's
quads (named graphs only), graph by graph in order of the graphs' names, so that
memory stays bounded by one graph:

* N-Quads: each graph's quads as canonical lines, sorted as bytes;
* TriG: each graph, its quads in the order of their N-Quads lines, written by
  Oxigraph;
* Turtle: the union of the graphs, each graph's triples in turn (a triple two
  graphs hold is written with each), written by Oxigraph;
* JSON-LD: each named graph compacted with the published context on its own
  and written to the file as the next entry of the document's ``@graph``.

Each dump is thus a head, one fragment per graph, and a tail: a build after an
edit copies the fragments of the graphs that did not change from the files the
last build wrote (:class:`Previous`), and writes the others.

Every dump is deterministic: two builds of the same input are byte-identical,
whatever order the store gives its quads in. :func:`write_dumps` takes the
mapped rdflib dataset instead and loads it into an in-memory store first.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

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
    "DumpStream",
    "as_stored",
    "graph_order",
    "nquads",
    "ox_quads",
    "to_ox",
    "to_store",
    "write_dumps",
    "write_graph_dumps",
    "write_store_dumps",
]

XSD_STRING = str(XSD.string)
TURTLE_PREFIXES = {k: v for k, v in PREFIXES.items() if k != "owl"}


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
_NQUADS = 0  # the N-Quads dump's place in DUMPS


def nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Sorted N-Quads: one canonical line per quad, lines in byte order."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    assert data is not None  # pyoxigraph returns bytes when given no output
    return b"".join(sorted(set(data.splitlines(keepends=True))))


def write_dumps(dataset: ClaimDataset, folder: Path) -> list[Path]:
    """Write every dump of ``dataset`` into ``folder`` (see :func:`write_store_dumps`)."""
    return write_store_dumps(to_store(dataset), folder).paths


def write_store_dumps(
    store: ox.Store,
    folder: Path,
    *,
    digests: Mapping[str, str] | None = None,
    previous: Previous | None = None,
    stop: threading.Event | None = None,
    graphs: Iterable[str] | None = None,
    nquads_of: Callable[[str], str | None] | None = None,
) -> Written:
    """Write every dump of the dataset ``store`` holds, and the JSON-LD context,
    into ``folder`` (see :func:`write_graph_dumps`). The store holds the
    dataset's named graphs and nothing in its default graph. ``graphs``: the
    IRIs of the graphs to write, when the store may hold others meanwhile
    (validation adds the ontology for its run); by default every named graph
    of the store."""
    if any(True for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise ValueError("the store holds triples in its default graph: dumps hold named graphs")
    named = store.named_graphs() if graphs is None else graphs
    return write_graph_dumps(
        folder,
        named,
        lambda: store,
        digests=digests,
        previous=previous,
        stop=stop,
        nquads_of=nquads_of,
    )


def write_graph_dumps(
    folder: Path,
    graphs: Iterable[str | ox.NamedNode | ox.BlankNode],
    store: Callable[[], ox.Store],
    *,
    digests: Mapping[str, str] | None = None,
    previous: Previous | None = None,
    stop: threading.Event | None = None,
    nquads_of: Callable[[str], str | None] | None = None,
) -> Written:
    """Write every dump of the named graphs ``graphs`` (IRIs, or terms), and the
    JSON-LD context, into ``folder``.

    Each dump is a head, then one fragment per graph (in order of the graphs'
    names), then a tail; ``digests`` names each graph's content. A graph whose
    digest is the one ``previous`` recorded is copied from the files it
    describes (by the kernel, where it can) rather than written again. When
    ``stop`` is set (from another thread), it stops between two graphs, raising
    :class:`Stopped`, the files half-written. ``nquads_of``: a graph's N-Quads
    as the store holds them (see :func:`claimgraph.rdf.nquads.as_stored`), or
    None to read them from the store ``store()`` gives, which may wait for it
    to be loaded (reading Oxigraph's on-disk store takes about 5 µs a quad,
    most of the time it takes to write the dumps)."""
    terms = (ox.NamedNode(g) if isinstance(g, str) else g for g in graphs)
    ordered = sorted((_node_id(term), term) for term in terms)
    digests = digests or {}
    reusable = previous.reusable() if previous is not None else None
    fragments = _Fragments()
    index: dict[str, list[Any]] = {}
    nquads_index: list[tuple[str, int, int, str]] = []  # see claimgraph.store.nqindex
    with ExitStack() as files:
        writers = []
        for dump in DUMPS:
            target = files.enter_context((folder / dump.filename).open("wb"))
            source = None
            if reusable is not None and previous is not None:
                source = files.enter_context((previous.folder / dump.filename).open("rb"))
            writers.append(_SplicedFile(target, source, fragments.frame(dump)))
            files.callback(writers[-1].abandon)  # before its files close, however this ends
        for name, graph in ordered:
            if stop is not None and stop.is_set():
                raise Stopped
            digest = digests.get(name)
            old = reusable.get(name) if reusable is not None and digest else None
            if old is not None and old[0] == digest:
                spans = [writer.copy(*span) for writer, span in zip(writers, old[2:], strict=True)]
                sha = old[1]
            else:
                text = nquads_of(name) if nquads_of is not None else None
                if text is not None:
                    texts = fragments.of_nquads(text.encode())
                else:
                    texts = fragments.of(store().quads_for_pattern(None, None, None, graph))
                spans = [writer.write(text) for writer, text in zip(writers, texts, strict=True)]
                sha = hashlib.sha256(texts[_NQUADS]).hexdigest()  # (lets go of the interpreter)
            if spans[_NQUADS][1]:
                nquads_index.append((name, *spans[_NQUADS], sha))
            if digest:
                index[name] = [digest, sha, *spans]
        for writer in writers:
            writer.close()
    context_path = folder / "context.jsonld"
    context_path.write_bytes(context_file().read_bytes())
    paths = [folder / dump.filename for dump in DUMPS]
    stats = {path.name: _file_stat(path) for path in paths}
    return Written([*paths, context_path], {"files": stats, "graphs": index}, nquads_index)


def graph_order(graphs: Iterable[str]) -> list[str]:
    """The order the dumps write named graphs in."""
    return sorted(graphs, key=lambda iri: _node_id(ox.NamedNode(iri)))


class DumpStream:
    """One dump written piece by piece as :func:`write_graph_dumps` writes it
    (byte for byte): ``head()``, then ``graph(nquads)`` for each graph in
    :func:`graph_order`, then ``tail()``: for a dump streamed from a store that
    holds the dataset elsewhere, one graph at a time."""

    def __init__(self, dump: Dump) -> None:
        self.dump = dump
        self._fragments = _Fragments()
        self._head, self._separator, self._tail, self._empty_tail = self._fragments.frame(dump)
        self._written = 0

    def head(self) -> bytes:
        return self._head

    def graph(self, nquads: bytes) -> bytes:
        """The graph whose quads ``nquads`` holds (N-Quads, any order), with the
        separator before it."""
        (text,) = self._fragments.of_nquads(nquads, (self.dump,))
        if not text:
            return b""
        self._written += 1
        return (self._separator if self._written > 1 else b"") + text

    def tail(self) -> bytes:
        return self._tail if self._written else self._empty_tail


class Stopped(Exception):
    """Writing the dumps was stopped from another thread."""


@dataclass(frozen=True)
class Written:
    """The files a run of :func:`write_store_dumps` wrote, and where each
    graph's fragment is in them (JSON, for :class:`Previous`: each graph's
    digest as given, the SHA-256 of its N-Quads lines, its offset and length in
    each dump); ``nquads``: each graph with lines in the N-Quads dump, its
    offset, length and SHA-256 there (for :mod:`claimgraph.store.nqindex`)."""

    paths: list[Path]
    index: dict[str, Any]
    nquads: list[tuple[str, int, int, str]]


@dataclass(frozen=True)
class Previous:
    """Dumps written earlier (in ``folder``, as ``index`` records them), whose
    fragments a new run may copy."""

    folder: Path
    index: dict[str, Any]

    def reusable(self) -> dict[str, list[Any]] | None:
        """The recorded fragments, if every file is still as it was written
        (same size, modification and change time, and inode) and every
        fragment lies inside its file."""
        try:
            files, graphs = self.index["files"], self.index["graphs"]
            sizes = []
            for dump in DUMPS:
                stat = _file_stat(self.folder / dump.filename)
                if stat != list(files[dump.filename]):
                    return None
                sizes.append(stat[0])
            if not isinstance(graphs, dict):
                return None
            found = {}
            for name, entry in graphs.items():
                if not isinstance(entry, list) or len(entry) != len(DUMPS) + 2:
                    return None
                spans = [(int(offset), int(length)) for offset, length in entry[2:]]
                inside = zip(spans, sizes, strict=True)
                if any(o < 0 or n < 0 or o + n > size for (o, n), size in inside):
                    return None
                if not isinstance(entry[1], str) or len(entry[1]) != 64:
                    return None
                found[str(name)] = [str(entry[0]), entry[1], *spans]
            return found
        except (OSError, KeyError, TypeError, ValueError):
            return None


def _file_stat(path: Path) -> list[int]:
    """What identifies a file as written: its change time too, which only the
    kernel sets (an edit that puts the modification time back changes it)."""
    st = path.stat()
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_dev, st.st_ctime_ns]


class _SplicedFile:
    """One dump being written: its head, fragments (written, or copied from
    the same dump written before) with a separator between them, its tail.

    What is copied from the earlier file is copied (by the kernel) in a
    thread of the file's own, so that the four dumps are copied at once while
    the caller goes on; what is written is written here, unless a copy before
    it is still under way (then it waits its turn in that thread: at most
    ``_PENDING`` do). Writing every fragment in a thread costs more than it
    gains: 3 CPU-seconds more at 10,000 articles."""

    def __init__(self, target: BinaryIO, source: BinaryIO | None, frame: _Frame) -> None:
        self.target, self.source = target, source
        head, self.separator, self.tail, self.empty_tail = frame
        self.written = 0  # fragments so far
        self.run: list[int] | None = None  # [start, end] in source, to copy in one go
        self.offset = 0
        self._io: ThreadPoolExecutor | None = None  # made for the first copy
        self._pending: deque[Future[Any]] = deque()
        self._put(head)

    def write(self, text: bytes) -> tuple[int, int]:
        """Write a fragment; its offset and length in the file."""
        if not text:
            return (self.offset, 0)
        self._flush_run()
        if self.written:
            self._put(self.separator)
        self.written += 1
        at = self.offset
        self._put(text)
        return (at, len(text))

    def copy(self, offset: int, length: int) -> tuple[int, int]:
        """Copy a fragment of the earlier file; its offset and length in this one."""
        if not length:
            return (self.offset, 0)
        separator = len(self.separator) if self.written else 0
        run = self.run
        if run is not None and offset == run[1] + separator:
            run[1] = offset + length  # the earlier file had the same separator between
        else:
            self._flush_run()
            if self.written:
                self._put(self.separator)
            self.run = run = [offset, offset + length]
        self.written += 1
        end = self.offset + (run[1] - run[0])
        return (end - length, length)

    def close(self) -> None:
        """Write the tail, and wait until everything is written (raising what
        writing raised)."""
        self._flush_run()
        self._put(self.tail if self.written else self.empty_tail)
        try:
            while self._pending:
                self._pending.popleft().result()
        finally:
            self.abandon()

    def abandon(self) -> None:
        """Stop writing: what waits is dropped, what is under way ends."""
        if self._io is not None:
            self._io.shutdown(wait=True, cancel_futures=True)

    def _submit(self, work: Callable[..., Any], *args: Any, apart: bool = False) -> None:
        """Do ``work(*args)`` after what was asked before: here, unless ``apart``
        or earlier work is still under way in the file's thread."""
        while len(self._pending) >= _PENDING or (self._pending and self._pending[0].done()):
            self._pending.popleft().result()  # raises what writing raised
        if not apart and not self._pending:
            work(*args)
            return
        if self._io is None:
            self._io = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimgraph-dump")
        self._pending.append(self._io.submit(work, *args))

    def _put(self, data: bytes) -> None:
        self._submit(self.target.write, data)
        self.offset += len(data)

    def _flush_run(self) -> None:
        if self.run is None:
            return
        assert self.source is not None
        start, end = self.run
        self.run = None
        self._submit(_copy_range, self.source, self.target, start, end - start, apart=True)
        self.offset += end - start


_PENDING = 64


def _copy_range(source: BinaryIO, target: BinaryIO, offset: int, length: int) -> None:
    """Append ``length`` bytes of ``source`` from ``offset`` to ``target``: by
    the kernel where it can, else read and written."""
    target.flush()
    out = target.fileno()
    if hasattr(os, "copy_file_range"):
        try:
            while length > 0:
                copied = os.copy_file_range(source.fileno(), out, length, offset)
                if copied == 0:
                    raise OSError(errno.EIO, "the earlier dump ended early")
                offset += copied
                length -= copied
            target.seek(0, os.SEEK_END)
            return
        except OSError as exc:
            if exc.errno not in (errno.EXDEV, errno.ENOSYS, errno.EOPNOTSUPP, errno.EINVAL):
                raise
    source.seek(offset)
    while length > 0:
        chunk = source.read(min(length, 1 << 20))
        if not chunk:
            raise OSError(errno.EIO, "the earlier dump ended early")
        target.write(chunk)
        length -= len(chunk)


# A dump's head, the separator between its fragments, its tail, and its tail
# when it has no fragments.
_Frame = tuple[bytes, bytes, bytes, bytes]


class _Fragments:
    """Each dump's text of one graph: N-Quads lines in byte order; the graph
    in TriG and its triples in Turtle (the lines' order, written by Oxigraph,
    without the prefixes); its JSON-LD entry: ``@id`` and ``@graph``, the
    graph compacted with the published context."""

    def __init__(self) -> None:
        self.context = context()
        self.compactor = _Compactor(self.context)
        probe = ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.NamedNode("urn:x:g"))
        self.prefixes = {
            fmt: _prefix_lines(ox.serialize([probe], format=fmt, prefixes=TURTLE_PREFIXES))
            for fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE)
        }

    def frame(self, dump: Dump) -> _Frame:
        """How ``dump`` starts, separates its fragments and ends. The JSON-LD is
        laid out as ``json.dumps(document, indent=1)`` would write it."""
        if dump.format == ox.RdfFormat.JSON_LD:
            head = '{\n "@context": ' + _indented(self.context, " ") + ',\n "@graph": ['
            return head.encode(), b",", b"\n ]\n}\n", b"]\n}\n"
        return self.prefixes.get(dump.format, b""), b"", b"", b""

    def of(self, quads: Iterable[ox.Quad]) -> list[bytes]:
        """The fragments of the graph of ``quads``, one per dump, in the order of DUMPS."""
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
        assert data is not None
        return self.of_nquads(data)

    def of_nquads(self, data: bytes, dumps: tuple[Dump, ...] = DUMPS) -> list[bytes]:
        """The fragments of the graph whose quads ``data`` holds as N-Quads, one
        per dump of ``dumps``."""
        lines = data.splitlines(keepends=True)
        lines.sort()
        nquads = b"".join(lines)
        ordered = list(ox.parse(nquads, format=ox.RdfFormat.N_QUADS))
        texts = []
        for dump in dumps:
            if dump.format == ox.RdfFormat.N_QUADS:
                texts.append(nquads)
            elif dump.format == ox.RdfFormat.JSON_LD:
                texts.append(self._jsonld(ordered))
            else:
                terms = ordered if dump.format == ox.RdfFormat.TRIG else [q.triple for q in ordered]
                text = ox.serialize(terms, format=dump.format, prefixes=TURTLE_PREFIXES) or b""
                texts.append(text[len(self.prefixes[dump.format]) :] if text else b"")
        return texts

    def _jsonld(self, quads: list[ox.Quad]) -> bytes:
        nodes = self.compactor.graph(quads)
        if not nodes:
            return b""
        entry = {"@id": _node_id(quads[0].graph_name), "@graph": nodes}  # type: ignore[arg-type]
        return ("\n  " + _indented(entry, "  ")).encode()


def _prefix_lines(text: bytes | None) -> bytes:
    """The ``@prefix`` lines Oxigraph writes at the start of a Turtle or TriG document."""
    assert text is not None
    end = 0
    while text.startswith(b"@prefix ", end):
        end = text.index(b"\n", end) + 1
    return text[:end]


# -- JSON-LD ------------------------------------------------------------------------------


def context() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(context_file().read_text(encoding="utf-8"))
    return data["@context"]  # type: ignore[no-any-return]


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
