"""The dumps written from an Oxigraph store (claimgraph.store.dumps.write_store_dumps).

Each dump re-read holds the store's quads (Turtle: the union of its graphs'
triples); every dump is the same bytes whatever order the store gives its quads
in; graphs come in order of their names, each graph's N-Quads lines in byte
order; the JSON-LD is what rdflib's compaction with the published context
writes, one graph at a time, laid out as ``json.dumps(document, indent=1)``.
Dumps written after a change, copying the fragments of the graphs that did not
change from the last files, are the bytes written from scratch.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.nquads import as_stored
from claimgraph.rdf.rdfinput import from_ox
from claimgraph.resources import context_file
from claimgraph.store.dumps import (
    DUMPS,
    Previous,
    Stopped,
    Written,
    context,
    to_store,
    write_dumps,
    write_store_dumps,
)

PREFIXES = """
@prefix cg: <https://w3id.org/claimgraph/ns#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""

# Terms of every kind the compaction treats apart, in graphs that share a triple.
# Everything here rdflib's JSON-LD serialiser writes without loss.
VARIED = (
    PREFIXES
    + """
ex:g1 {
    ex:claim a cg:Claim, ex:Other ;
        rdfs:label "a claim", "une affirmation"@fr, "colour"@en-gb ;
        cg:about ex:event, ex:other-event ;
        cg:certainty cg:certain ;
        cg:beginIndex 12 ;
        cg:endIndex "12"^^xsd:string ;
        cg:unknownProperty "text", 7, true, 1.5, "2026-01-01"^^xsd:date ;
        rdfs:seeAlso ex:elsewhere ;
        <http://unprefixed.example/p> <http://unprefixed.example/o> ;
        cg:anchorOf "with \\"quotes\\", a tab\\t, a newline\\n and é" ;
        ex:knows _:someone ;
        ex:same "in two graphs" .
    _:someone ex:name "someone" ; a ex:Person .
    ex:event a cg:Event ; skos:prefLabel "event" .
}
ex:g2 {
    ex:claim ex:same "in two graphs" .
    ex:b ex:p ex:claim .
    ex:a ex:p ex:claim .
}
ex:g0 { ex:a ex:p "first graph by name" . }
"""
)

# What rdflib's JSON-LD serialiser loses, and this writer keeps.
LOSSY_IN_RDFLIB = (
    PREFIXES
    + """
ex:g {
    ex:s ex:count "abc"^^xsd:integer, "0"^^xsd:integer, 3 ;
        ex:flag false, true ;
        ex:empty "", "other" ;
        ex:double 2.5e0, 1.0e1, "INF"^^xsd:double ;
        ex:large 1000000000000000000000 ;
        a _:type ;
        rdf:type "a literal type" ;
        cg:about _:only-by-id .
    _:only-by-id ex:p "kept" .
    _:type ex:p "a type" .
    ex:list ex:items ( ex:one "two" ) .
}
"""
)


def store_of(trig: str, order: int | None = None) -> ox.Store:
    """A store of the TriG's quads, added in the order of a seed (or as parsed)."""
    quads = list(ox.parse(trig, format=ox.RdfFormat.TRIG))
    if order is not None:
        random.Random(order).shuffle(quads)
    store = ox.Store()
    for quad in quads:
        store.add(quad)
    return store


def canonical(quads: Any) -> set[ox.Quad]:
    """Quads with blank nodes named canonically (RDFC-1.0), to compare datasets."""
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    return set(dataset)


def canonical_union(terms: Any) -> set[ox.Quad]:
    """The triples of quads or triples, in the default graph, named canonically."""
    return canonical(ox.Quad(t.subject, t.predicate, t.object) for t in terms)


def read(path: Path) -> list[ox.Quad]:
    return list(ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix[1:])))


def written(store: ox.Store, folder: Path) -> dict[str, bytes]:
    folder.mkdir()
    paths = write_store_dumps(store, folder).paths
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in paths)
    return {p.name: p.read_bytes() for p in paths}


@pytest.mark.parametrize("data", [VARIED, LOSSY_IN_RDFLIB], ids=["varied", "lossy-in-rdflib"])
def test_every_dump_re_read_holds_the_store(tmp_path: Path, data: str) -> None:
    store = store_of(data)
    paths = write_store_dumps(store, tmp_path).paths
    assert [p.name for p in paths] == [*(d.filename for d in DUMPS), "context.jsonld"]
    quads = canonical(store)
    for dump in DUMPS:
        path = tmp_path / dump.filename
        if dump.format == ox.RdfFormat.TURTLE:
            assert canonical_union(read(path)) == canonical_union(store)
        else:
            assert canonical(read(path)) == quads, dump.filename
    assert (tmp_path / "context.jsonld").read_bytes() == context_file().read_bytes()


def test_dumps_do_not_depend_on_the_order_of_the_store(tmp_path: Path) -> None:
    first = written(store_of(VARIED, order=1), tmp_path / "a")
    second = written(store_of(VARIED, order=2), tmp_path / "b")
    assert first == second


def test_nquads_lines_are_graph_by_graph_in_byte_order(tmp_path: Path) -> None:
    lines = written(store_of(VARIED, order=3), tmp_path / "out")["claimgraph.nq"].splitlines()
    assert len(lines) == len(set(lines)) == len(store_of(VARIED))
    graphs = [line.rsplit(b" ", 2)[1] for line in lines]
    assert graphs == sorted(graphs)
    for graph in set(graphs):
        own = [line for line in lines if line.rsplit(b" ", 2)[1] == graph]
        assert own == sorted(own)


def test_trig_has_each_graph_once_in_order_of_names(tmp_path: Path) -> None:
    trig = written(store_of(VARIED, order=4), tmp_path / "out")["claimgraph.trig"].decode()
    opened = [line.split()[0] for line in trig.splitlines() if line.endswith("{")]
    assert opened == [f"<http://example.org/{g}>" for g in ("g0", "g1", "g2")]
    assert "@prefix cg: <https://w3id.org/claimgraph/ns#> ." in trig


def test_turtle_has_each_graphs_triples_in_turn(tmp_path: Path) -> None:
    turtle = written(store_of(VARIED, order=5), tmp_path / "out")["claimgraph.ttl"].decode()
    assert turtle.startswith("@prefix ")
    assert turtle.count("@prefix cg:") == 1
    assert turtle.index('"first graph by name"') < turtle.index('"a claim"')  # g0 before g1
    assert turtle.count('"in two graphs"') == 2  # written with each graph


def _rdflib_graph_jsonld(store: ox.Store, graph: ox.NamedNode) -> list[Any]:
    """A named graph as rdflib compacts it with the published context (what the
    dumps were before): its nodes, every array in order of its items' JSON."""
    rdflib_graph = Graph()
    for quad in store.quads_for_pattern(None, None, None, graph):
        rdflib_graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    text = rdflib_graph.serialize(format="json-ld", context=context(), auto_compact=True)
    compacted = json.loads(text)
    nodes = compacted.get("@graph", [compacted])
    return _stable([{k: v for k, v in node.items() if k != "@context"} for node in nodes])


def _stable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _stable(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_stable(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _as_rdflib_writes(store: ox.Store) -> dict[str, Any]:
    graphs = sorted(store.named_graphs(), key=lambda g: g.value)
    return {
        "@context": context(),
        "@graph": [{"@id": g.value, "@graph": _rdflib_graph_jsonld(store, g)} for g in graphs],
    }


@pytest.mark.parametrize("source", ["varied", "seeds"])
def test_jsonld_is_what_rdflib_compacts(tmp_path: Path, source: str, seed_dataset: Dataset) -> None:
    store = store_of(VARIED) if source == "varied" else to_store(seed_dataset)
    text = written(store, tmp_path / "out")["claimgraph.jsonld"].decode("utf-8")
    expected = _as_rdflib_writes(store)
    assert text == json.dumps(expected, indent=1, ensure_ascii=False) + "\n"


def test_jsonld_keeps_what_rdflib_would_lose(tmp_path: Path) -> None:
    document = json.loads(written(store_of(LOSSY_IN_RDFLIB), tmp_path / "out")["claimgraph.jsonld"])
    nodes = {node["@id"]: node for node in document["@graph"][0]["@graph"]}
    s = nodes["http://example.org/s"]
    assert s["http://example.org/count"] == [0, 3, {"@type": "xsd:integer", "@value": "abc"}]
    assert s["http://example.org/flag"] == [False, True]
    assert s["http://example.org/empty"] == ["", "other"]
    assert s["http://example.org/double"] == [
        {"@type": "xsd:double", "@value": value} for value in ("10", "2.5", "INF")
    ]
    assert s["http://example.org/large"] == {
        "@type": "xsd:integer",
        "@value": "1000000000000000000000",
    }
    assert s["rdf:type"] == "a literal type"
    assert s["@type"].startswith("_:")
    assert nodes[s["about"]]["http://example.org/p"] == "kept"


def test_jsonld_layout_is_one_json_document(tmp_path: Path) -> None:
    for name, trig in (("some", VARIED), ("none", "")):
        text = written(store_of(trig), tmp_path / name)["claimgraph.jsonld"].decode("utf-8")
        document = json.loads(text)
        assert text == json.dumps(document, indent=1, ensure_ascii=False) + "\n"
        assert document["@context"] == context()
    assert document["@graph"] == []


def test_default_graph_triples_are_refused(tmp_path: Path) -> None:
    store = store_of(VARIED)
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o")))
    with pytest.raises(ValueError, match="default graph"):
        write_store_dumps(store, tmp_path)
    assert not list(tmp_path.iterdir())  # nothing half-written


def test_the_dataset_adapter_writes_the_store_dumps(tmp_path: Path, seed_dataset: Dataset) -> None:
    (tmp_path / "dataset").mkdir()
    paths = write_dumps(seed_dataset, tmp_path / "dataset")
    from_store = written(to_store(seed_dataset), tmp_path / "store")
    assert {p.name: p.read_bytes() for p in paths} == from_store
    nquads = ox.parse(from_store["claimgraph.nq"], format=ox.RdfFormat.N_QUADS)
    assert len(list(nquads)) == len(seed_dataset)


# -- a build after a change copies the unchanged graphs' fragments ---------------------------


def graph_digests(store: ox.Store) -> dict[str, str]:
    """A digest of each graph's content, as the pipeline names graphs."""
    found = {}
    for graph in store.named_graphs():
        quads = store.quads_for_pattern(None, None, None, graph)
        lines = sorted(str(q) for q in quads)
        found[graph.value] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return found


def write_with(store: ox.Store, folder: Path, previous: Previous | None = None) -> Written:
    folder.mkdir()
    return write_store_dumps(store, folder, digests=graph_digests(store), previous=previous)


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


EX = "http://example.org/"
CHANGES = {
    "one graph changed": ("add", "g1"),
    "first graph changed": ("add", "g0"),
    "last graph changed": ("add", "g2"),
    "graph added between": ("add", "g15"),
    "graph added first": ("add", "a0"),
    "graph removed": ("remove", "g1"),
    "first graph removed": ("remove", "g0"),
    "every graph removed": ("remove", "*"),
}


def changed(store: ox.Store, change: tuple[str, str]) -> ox.Store:
    what, name = change
    after = ox.Store()
    after.extend(store)
    if what == "add":
        quad = ox.Quad(ox.NamedNode(EX + "new"), ox.NamedNode(EX + "p"), ox.Literal("added"))
        after.add(ox.Quad(quad.subject, quad.predicate, quad.object, ox.NamedNode(EX + name)))
    else:
        for graph in list(after.named_graphs()):
            if name in ("*", graph.value.removeprefix(EX)):
                after.remove_graph(graph)
    return after


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_dumps_after_a_change_are_the_bytes_written_anew(tmp_path: Path, change: Any) -> None:
    before = store_of(VARIED)
    first = write_with(before, tmp_path / "before")
    after = changed(before, change)
    spliced = write_with(after, tmp_path / "spliced", Previous(tmp_path / "before", first.index))
    anew = write_with(after, tmp_path / "anew")
    assert contents(tmp_path / "spliced") == contents(tmp_path / "anew")
    # each graph's place and SHA-256 in the N-Quads dump, copied or written
    assert spliced.nquads == anew.nquads == nquads_spans(tmp_path / "anew" / "claimgraph.nq")


def nquads_spans(path: Path) -> list[tuple[str, int, int, str]]:
    """Each graph's lines in an N-Quads dump: offset, length, SHA-256."""
    found: list[tuple[str, int, int, str]] = []
    offset = 0
    lines: dict[str, list[bytes]] = {}
    for line in path.read_bytes().splitlines(keepends=True):
        lines.setdefault(line.rsplit(b" <", 1)[1].split(b">")[0].decode(), []).append(line)
    for graph, its in lines.items():
        data = b"".join(its)
        found.append((graph, offset, len(data), hashlib.sha256(data).hexdigest()))
        offset += len(data)
    return found


def test_dumps_from_nothing_before_are_the_bytes_written_anew(tmp_path: Path) -> None:
    first = write_with(ox.Store(), tmp_path / "before")
    write_with(store_of(VARIED), tmp_path / "spliced", Previous(tmp_path / "before", first.index))
    write_with(store_of(VARIED), tmp_path / "anew")
    assert contents(tmp_path / "spliced") == contents(tmp_path / "anew")


def _tamper(path: Path, old: bytes, new: bytes) -> None:
    """Replace bytes in ``path`` keeping its size, modification time and inode."""
    stat = path.stat()
    data = path.read_bytes()
    assert len(old) == len(new) and old in data
    with path.open("r+b") as file:
        file.seek(data.index(old))
        file.write(new)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def test_unchanged_graphs_are_copied_from_the_last_files(tmp_path: Path) -> None:
    """The fragments of unchanged graphs come from the files written before,
    not from the store (shown by a mark made in those files behind its back)."""
    before = store_of(VARIED)
    first = write_with(before, tmp_path / "before")
    nq = tmp_path / "before" / "claimgraph.nq"
    _tamper(nq, b"first graph", b"FIRST GRAPH")
    # (as if written so: the change time, which no one but the kernel sets, gives it away)
    first.index["files"]["claimgraph.nq"][4] = nq.stat().st_ctime_ns
    after = changed(before, ("add", "g1"))
    write_with(after, tmp_path / "spliced", Previous(tmp_path / "before", first.index))
    assert b"FIRST GRAPH" in (tmp_path / "spliced" / "claimgraph.nq").read_bytes()


@pytest.mark.parametrize("damage", ["edited", "tampered", "removed", "index", "outside"])
def test_last_files_changed_since_are_not_copied(tmp_path: Path, damage: str) -> None:
    """A file edited (its modification time changed, or put back: its change
    time changed) or removed since it was written, an index of the wrong
    shape, or one pointing outside its files (a damaged cache): every graph is
    written anew."""
    before = store_of(VARIED)
    first = write_with(before, tmp_path / "before")
    index: Any = first.index
    nq = tmp_path / "before" / "claimgraph.nq"
    if damage == "edited":
        nq.write_bytes(nq.read_bytes().replace(b"first graph", b"FIRST GRAPH"))
    elif damage == "tampered":
        written_at = nq.stat().st_ctime_ns
        _tamper(nq, b"first graph", b"FIRST GRAPH")
        while nq.stat().st_ctime_ns == written_at:  # (within the clock's tick: again)
            _tamper(nq, b"FIRST GRAPH", b"FIRST GRAPH")
    elif damage == "removed":
        nq.unlink()
    elif damage == "index":
        index = {"files": first.index["files"], "graphs": ["not", "an", "object"]}
    else:
        graphs = {
            name: [*entry[:2], *([10**9, 5],) * len(DUMPS)]
            for name, entry in index["graphs"].items()
        }
        index = {"files": first.index["files"], "graphs": graphs}
    after = changed(before, ("add", "g1"))
    write_with(after, tmp_path / "spliced", Previous(tmp_path / "before", index))
    write_with(after, tmp_path / "anew")
    assert contents(tmp_path / "spliced") == contents(tmp_path / "anew")


def test_writing_stops_when_asked(tmp_path: Path) -> None:
    """A build whose validation fails or is interrupted stops the dumps being
    written beside it between two graphs."""
    stop = threading.Event()
    stop.set()
    with pytest.raises(Stopped):
        write_store_dumps(store_of(VARIED), tmp_path, stop=stop)


def test_only_the_graphs_named_are_written(tmp_path: Path) -> None:
    """A build names the dataset's graphs: validation adds the ontology to the
    store as a graph of its own while the dumps are written beside it."""
    store = store_of(VARIED)
    store.add(
        ox.Quad(
            ox.NamedNode(EX + "s"),
            ox.NamedNode(EX + "p"),
            ox.Literal("o"),
            ox.NamedNode("urn:x:other"),
        )
    )
    dataset = [g.value for g in store.named_graphs() if g.value != "urn:x:other"]
    write_store_dumps(store, tmp_path, graphs=dataset)
    for dump in DUMPS:
        assert b"urn:x:other" not in (tmp_path / dump.filename).read_bytes(), dump.filename
    assert canonical(read(tmp_path / "claimgraph.nq")) == canonical(
        q for q in store if q.graph_name != ox.NamedNode("urn:x:other")
    )


# Literals an Oxigraph store keeps in another form than they were written in,
# and text that N-Quads may write in more than one way.
XSD_ = "http://www.w3.org/2001/XMLSchema#"
NOT_AS_STORED = "".join(
    f"<http://example.org/{s}> <http://example.org/p> {o} <http://example.org/g1> .\n"
    for s, o in [
        ("b", f'"01"^^<{XSD_}integer>'),
        ("a", f'"1.50"^^<{XSD_}decimal>'),
        ("a", f'"1"^^<{XSD_}boolean>'),
        ("a", f'"2026-01-01T10:00:00+00:00"^^<{XSD_}dateTime>'),
        ("a", '"a\\u0009tab"'),
        ("a", '"twice"'),
        ("a", '"twice"'),
    ]
)
OTHER_GRAPH = '<http://example.org/a> <http://example.org/p> "twice" <http://example.org/g2> .\n'


def test_texts_as_the_store_holds_them() -> None:
    texts = {"http://example.org/g1": NOT_AS_STORED, "http://example.org/g2": OTHER_GRAPH}
    stored = as_stored(texts)
    store = ox.Store()
    store.load(NOT_AS_STORED + OTHER_GRAPH, format=ox.RdfFormat.N_QUADS)
    for graph, text in stored.items():
        held = ox.serialize(
            store.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
            format=ox.RdfFormat.N_QUADS,
        )
        assert held is not None
        assert text.encode() == b"".join(sorted(held.splitlines(keepends=True)))
    lines = stored["http://example.org/g1"].splitlines()
    assert lines == sorted(set(lines)) and len(lines) == 6
    assert '"1"^^<http://www.w3.org/2001/XMLSchema#integer>' in stored["http://example.org/g1"]
    assert stored["http://example.org/g2"] == OTHER_GRAPH


@pytest.mark.parametrize("data", [VARIED, LOSSY_IN_RDFLIB], ids=["varied", "lossy-in-rdflib"])
def test_dumps_from_the_graphs_texts_are_those_from_the_store(tmp_path: Path, data: str) -> None:
    """The build gives the writer each graph's N-Quads (reading them from the
    store on disk is slow): the same bytes, and a graph it has no text for
    (None) is read from the store."""
    store = store_of(data)
    expected = written(store, tmp_path / "from-store")
    texts: dict[str, str] = {}
    for graph in store.named_graphs():
        text = ox.serialize(
            store.quads_for_pattern(None, None, None, graph), format=ox.RdfFormat.N_QUADS
        )
        assert text is not None
        texts[graph.value] = text.decode()
    first = sorted(texts)[0]
    asked: list[str] = []

    def nquads_of(graph: str) -> str | None:
        asked.append(graph)
        return None if graph == first else texts[graph]

    folder = tmp_path / "from-texts"
    folder.mkdir()
    paths = write_store_dumps(store, folder, nquads_of=nquads_of).paths
    assert {p.name: p.read_bytes() for p in paths} == expected
    assert sorted(asked) == sorted(texts)
    # a text is what is written: a graph's text that differs shows in the dumps
    texts[sorted(texts)[-1]] = OTHER_GRAPH.replace("g2", sorted(texts)[-1].split("/")[-1])
    folder = tmp_path / "from-other-texts"
    folder.mkdir()
    paths = write_store_dumps(store, folder, nquads_of=texts.get).paths
    assert b'"twice"' in (folder / "claimgraph.nq").read_bytes()
