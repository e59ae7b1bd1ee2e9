"""Incremental runs: after each kind of change, a run with the cache gives
exactly what a run without it gives (the same quads in the store, the same
validation results), and redoes only what the change reaches."""

from __future__ import annotations

import gc
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from claimgraph.errors import ClaimgraphError
from claimgraph.pipeline import cache as cache_module
from claimgraph.pipeline import run as pipeline
from claimgraph.pipeline.cache import opened
from claimgraph.rdf import vocab
from claimgraph.rdf.iris import Minter
from claimgraph.resources import ontology_file, shapes_file
from claimgraph.store import dumps
from claimgraph.validation import validate as validation
from tests.conftest import SEED_ID, SEEDS

# The seed corpus's units: its articles and its registry. A run maps each once;
# the store holds a graph for each, the registry's and the build's less one.
UNITS = len(list(SEEDS.glob("*.yaml")))

TIME = datetime(2026, 1, 2, tzinfo=UTC)
BASE = "http://127.0.0.1:8000/"


def _state(outcome: pipeline.Outcome) -> tuple[set[str], list[tuple[str | None, ...]]]:
    quads = {str(q) for q in outcome.store}
    results: list[tuple[str | None, ...]] = sorted(
        (r.focus, r.shape, r.component, r.severity, r.path, r.value, r.message, str(r.location))
        for r in outcome.report.results
    )
    return quads, results


@dataclass
class Run:
    remapped: int
    revalidated: str
    conforms: bool
    graphs: list[str]


def incremental(corpus: Path, root: Path, base: str = BASE) -> Run:
    """A run with the cache, checked against one without; what it redid. (The
    on-disk store is let go before the next run opens it, as a process would.)"""
    with opened(root, corpus, base) as (cache, note):
        assert cache is not None, note
        outcome = pipeline.run(corpus, Minter(base), time=TIME, cache=cache)
        state = _state(outcome)
        triples, quads = outcome.report.triples, outcome.quads
        run = Run(outcome.remapped, outcome.revalidated, outcome.report.conforms, outcome.graphs)
        del outcome
        gc.collect()
    cold = pipeline.run(corpus, Minter(base), time=TIME, cache=None)
    assert _state(cold)[0] == state[0], "the store differs from a run without the cache"
    assert _state(cold)[1] == state[1], "the results differ from a run without the cache"
    assert cold.report.triples == triples, "the count of triples kept up to date is wrong"
    assert cold.quads == quads == len(state[0]), "the count of quads kept up to date is wrong"
    return run


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def _add_unclaimed_event(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    line = text.index("events:\n") + len("events:\n")
    path.write_text(
        text[:line] + "  - id: orphan\n    label: Nobody claims this\n    status: alleged\n\n"
        "" + text[line:],
        encoding="utf-8",
    )
    return text


def test_nothing_changed_redoes_nothing(corpus: Path, root: Path) -> None:
    first = incremental(corpus, root)
    assert (first.remapped, first.revalidated) == (UNITS, "all")
    again = incremental(corpus, root)
    assert (again.remapped, again.revalidated) == (0, "none")


def test_an_annotation_edit(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    original = _add_unclaimed_event(corpus / f"{SEED_ID}.yaml")
    edited = incremental(corpus, root)
    assert edited.remapped == 1 and edited.revalidated.endswith("focus nodes")
    assert not edited.conforms
    (corpus / f"{SEED_ID}.yaml").write_text(original, encoding="utf-8")
    fixed = incremental(corpus, root)
    assert fixed.conforms and fixed.remapped == 1


def test_an_article_text_edit(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    text = corpus / f"{SEED_ID}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nA line added at the end.\n", "utf-8")
    edited = incremental(corpus, root)
    assert edited.remapped == 1


def test_an_edit_reaches_the_articles_that_name_it(corpus: Path, root: Path) -> None:
    """004 relays a claim of 003: editing 003 re-maps both (004's graph labels
    003's claim) and re-validates both."""
    incremental(corpus, root)
    (path,) = corpus.glob("003_*.yaml")
    _add_unclaimed_event(path)
    edited = incremental(corpus, root)
    assert edited.remapped == 2
    assert not edited.conforms


def test_a_registry_edit_redoes_everything(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    registry = corpus / "registry.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")
    edited = incremental(corpus, root)
    assert (edited.remapped, edited.revalidated) == (UNITS, "all")


def test_articles_added_and_removed(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    moved = corpus.parent / "aside"
    moved.mkdir()
    for file in corpus.glob("002_*"):
        file.rename(moved / file.name)
    removed = incremental(corpus, root)
    assert removed.remapped == 0 and len(removed.graphs) == UNITS
    for file in moved.iterdir():
        file.rename(corpus / file.name)
    added = incremental(corpus, root)
    assert added.remapped == 0 and len(added.graphs) == UNITS + 1  # its entry was kept


def test_a_changed_base_iri_is_a_cache_of_its_own(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    other = incremental(corpus, root, base="https://news.example.org/data/")
    assert other.remapped == UNITS
    assert all("127.0.0.1" not in g for g in other.graphs)


def test_a_new_version_of_claimgraph_redoes_everything(
    corpus: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incremental(corpus, root)
    monkeypatch.setattr(cache_module, "__version__", "99.0.0")
    again = incremental(corpus, root)
    assert (again.remapped, again.revalidated) == (UNITS, "all")


@pytest.fixture
def own_resources(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Path, Path]]:
    """Copies of the shapes and the ontology that the run reads instead."""
    shapes, ontology = tmp_path / "shapes.ttl", tmp_path / "ontology.ttl"
    shapes.write_bytes(shapes_file().read_bytes())
    ontology.write_bytes(ontology_file().read_bytes())
    for module in (pipeline, validation):
        monkeypatch.setattr(module, "shapes_file", lambda: shapes)
    for module in (pipeline, vocab):
        monkeypatch.setattr(module, "ontology_file", lambda: ontology)
    _clear()
    yield shapes, ontology
    _clear()


def _clear() -> None:
    validation.shapes_graph.cache_clear()
    validation._shapes.cache_clear()
    vocab.ontology_graph.cache_clear()


def test_changed_shapes_redo_validation(
    corpus: Path, root: Path, own_resources: tuple[Path, Path]
) -> None:
    shapes, _ = own_resources
    assert incremental(corpus, root).conforms
    shapes.write_text(
        shapes.read_text(encoding="utf-8")
        + "\ncgsh:ExtraShape a sh:NodeShape ; sh:targetClass cg:Claim ;\n"
        '    sh:property [ sh:path cg:nothing ; sh:minCount 1 ; sh:message "new rule" ] .\n',
        encoding="utf-8",
    )
    _clear()
    again = incremental(corpus, root)
    assert again.revalidated == "all" and not again.conforms


def test_a_changed_ontology_redoes_validation(
    corpus: Path, root: Path, own_resources: tuple[Path, Path]
) -> None:
    """Without the ontology's subclass axioms, sh:class cg:Actor no longer
    holds for a cg:Person: the cached 'conforms' must not survive."""
    _, ontology = own_resources
    assert incremental(corpus, root).conforms
    text = ontology.read_text(encoding="utf-8")
    ontology.write_text(
        text.replace("rdfs:subClassOf cg:Actor", "rdfs:seeAlso cg:Actor"), encoding="utf-8"
    )
    assert text != ontology.read_text(encoding="utf-8")
    _clear()
    again = incremental(corpus, root)
    assert again.revalidated == "all" and not again.conforms


# -- a damaged or busy cache is a slower run, never a wrong one --------------------


def test_a_damaged_cache_is_rebuilt(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("UPDATE units SET data = '{not json'")
    db.execute("UPDATE runs SET data = '[]'")
    db.commit()
    db.close()
    again = incremental(corpus, root)
    assert again.remapped == UNITS


def test_a_cache_file_that_is_not_a_database(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    (folder / "cache.sqlite").write_bytes(b"\x00garbage" * 100)
    for extra in folder.glob("cache.sqlite-*"):
        extra.unlink()
    assert incremental(corpus, root).remapped == UNITS


def test_a_lost_store_is_rebuilt(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    for file in (folder / "store").iterdir():
        file.write_bytes(b"")
    again = incremental(corpus, root)
    assert again.revalidated == "all"


def test_a_busy_cache_is_left_alone(corpus: Path, root: Path) -> None:
    with opened(root, corpus, BASE) as (held, _):
        assert held is not None
        with opened(root, corpus, BASE) as (second, note):
            assert second is None and "another claimgraph run" in note
        result = CliRunner().invoke(main, ["validate", str(corpus), "--cache-dir", str(root)])
        assert result.exit_code == 0, result.output
        assert "another claimgraph run is using the cache" in result.stderr


def test_an_unusable_cache_folder_is_a_note(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(corpus), "--cache-dir", str(blocker)])
    assert result.exit_code == 0, result.output
    assert "cannot be used" in result.stderr and "Conforms" in result.stdout


def test_the_cache_is_never_inside_the_corpus(corpus: Path, tmp_path: Path) -> None:
    """A corpus cannot bring its own cache: the cache lives under the cache
    root, keyed by the corpus's path, and nothing is written into the corpus."""
    before = sorted(p.name for p in corpus.rglob("*"))
    result = CliRunner().invoke(main, ["validate", str(corpus), "--cache-dir", str(tmp_path / "c")])
    assert result.exit_code == 0
    assert sorted(p.name for p in corpus.rglob("*")) == before
    assert (tmp_path / "c").is_dir()


def test_a_corpus_mapped_in_batches_is_the_same(
    corpus: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large corpora are mapped a few articles at a time (memory stays bounded):
    the result is the same as all at once, references across batches included."""
    monkeypatch.setattr(pipeline, "BATCH", 2)
    first = incremental(corpus, root)
    assert (first.remapped, first.conforms) == (UNITS, True)


def test_errors_of_every_batch_are_reported_once(
    corpus: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error in an article that articles of several batches name is
    reported once, with the errors of every other batch."""
    monkeypatch.setattr(pipeline, "BATCH", 1)
    (named,) = corpus.glob("003_*.yaml")
    named.write_text(named.read_text(encoding="utf-8").replace("claims:", "claims: [", 1), "utf-8")
    seed = corpus / f"{SEED_ID}.yaml"
    seed.write_text(seed.read_text(encoding="utf-8").replace("claims:", "claims: [", 1), "utf-8")
    result = CliRunner().invoke(main, ["validate", str(corpus), "--cache-dir", str(root)])
    assert result.exit_code == 2
    errors = [line for line in result.stderr.splitlines() if ".yaml:" in line]
    assert len(errors) == len(set(errors)) >= 2, result.stderr
    assert any(named.name in line for line in errors) and any(seed.name in line for line in errors)


def test_build_leaves_an_up_to_date_output_as_it_is(corpus: Path, tmp_path: Path) -> None:
    """A build of unchanged inputs keeps the output it finds (saying so); an
    edited article, or an output file cut short, is built again."""
    out = tmp_path / "out"
    args = ["build", str(corpus), "--out", str(out)]
    assert CliRunner().invoke(main, args).exit_code == 0
    dump = out / "claimgraph.nq"
    written = dump.stat().st_mtime_ns
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 0 and "is up to date" in again.stderr
    assert "Conforms" in again.stdout and dump.stat().st_mtime_ns == written
    dump.write_bytes(dump.read_bytes()[:100])
    repaired = CliRunner().invoke(main, args)
    assert repaired.exit_code == 0 and "wrote" in repaired.stderr
    assert dump.stat().st_size > 100
    _add_unclaimed_event(corpus / f"{SEED_ID}.yaml")
    edited = CliRunner().invoke(main, [*args, "--allow-violations"])
    assert edited.exit_code == 1 and "wrote" in edited.stderr


def test_results_never_outlive_the_store_they_were_found_in(corpus: Path, root: Path) -> None:
    """A run with pySHACL updates the store but keeps no results of its own:
    the next run with claimgraph's engine must not take the results found
    before the change for the store after it."""
    assert incremental(corpus, root).conforms
    _add_unclaimed_event(corpus / f"{SEED_ID}.yaml")
    with opened(root, corpus, BASE) as (cache, _):
        other = pipeline.run(corpus, Minter(BASE), time=TIME, engine="pyshacl", cache=cache)
        assert not other.report.conforms
        del other
        gc.collect()
    again = incremental(corpus, root)
    assert not again.conforms and again.revalidated == "all"


def test_no_shape_reads_the_build_graph() -> None:
    """Incremental validation leaves the build graph out of what it re-checks
    (it changes with every build, and a validation keeps the last one): that
    holds while no shape targets or reads the build graph. The only shapes that
    read provenance terms are a draft's drafting's and review's, which target
    only cg:Drafting and cg:Review nodes: the article graphs hold them, never
    the build graph."""
    from rdflib import BNode
    from rdflib.namespace import PROV, RDF

    from claimgraph.rdf.provenance import build_graph
    from claimgraph.validation.shacl.vocabulary import TARGETS

    shapes = validation.shapes_graph()

    def closure(node: object) -> set[str]:
        seen, pending = set(), [node]
        while pending:
            for _, _, o in shapes.triples((pending.pop(), None, None)):  # type: ignore[arg-type]
                if o not in seen:
                    seen.add(o)
                    if isinstance(o, BNode):
                        pending.append(o)
        return {str(n) for n in seen}

    drafting = {str(vocab.CG.Drafting), str(vocab.CG.Review)}
    for shape in {s for s in shapes.subjects() if str(s).startswith(str(vocab.CGSH))}:
        if any(n.startswith(str(PROV)) for n in closure(shape)):
            targets = {(str(p), str(o)) for p in TARGETS for o in shapes.objects(shape, p)}
            assert targets and {o for _, o in targets} <= drafting, shape
            assert {p for p, _ in targets} == {str(TARGETS[0])}, shape  # sh:targetClass
    built = build_graph(Minter(BASE), {}, TIME)
    assert not [t for t in built if t[1] == RDF.type and str(t[2]) in drafting]


def test_a_build_names_its_own_time_whatever_the_cache_holds(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The build graph is the one of the build that writes the dumps: with
    SOURCE_DATE_EPOCH changed, nothing else, the dumps name the new time."""
    out = tmp_path / "out"
    args = ["build", str(corpus), "--out", str(out)]
    assert CliRunner().invoke(main, ["validate", str(corpus)]).exit_code == 0
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert CliRunner().invoke(main, args).exit_code == 0
    assert "2023-11-14T22:13:20" in (out / "claimgraph.nq").read_text(encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    assert CliRunner().invoke(main, args).exit_code == 0
    text = (out / "claimgraph.nq").read_text(encoding="utf-8")
    assert "2027-01-15T08:00:00" in text and "2023-11-14T22:13:20" not in text


def test_an_edit_reaches_articles_that_name_it_through_others(corpus: Path, root: Path) -> None:
    """A chain of references across three articles (005 relays 004's report,
    which relays 003's statement): a relaying claim's label follows the whole
    chain, so editing 003 re-maps 005 too, and the cached run stays equal to
    an uncached one."""
    (source,) = corpus.glob("004_*.yaml")
    text = source.read_text(encoding="utf-8")
    relayed = "relays: [003_globalvoices_armenia_bail/minasyan-justifies, karapetyan-justifies]"
    assert relayed in text
    copy = corpus / "005_chain.yaml"
    copy.write_text(
        text.replace(relayed, f"relays: [{source.stem}/mps-justify]", 1), encoding="utf-8"
    )
    (corpus / "005_chain.txt").write_bytes(source.with_suffix(".txt").read_bytes())
    assert incremental(corpus, root).remapped == UNITS + 1
    (target,) = corpus.glob("003_*.yaml")
    target.write_text(
        target.read_text(encoding="utf-8").replace(
            "says the Khapazyan brothers are", "says that the Khapazyan brothers are", 1
        ),
        encoding="utf-8",
    )
    edited = incremental(corpus, root)
    assert edited.remapped == 3  # 003, 004 that names it, 005 that names 004


def test_a_fifo_in_the_corpus_does_not_hang_a_run(corpus: Path, tmp_path: Path) -> None:
    """Only regular files are read to decide what changed: a FIFO named like the
    registry is an error, at once."""
    registry = corpus / "registry.yaml"
    registry.unlink()
    os.mkfifo(registry)
    child = subprocess.run(
        [sys.executable, "-m", "claimgraph", "validate", str(corpus)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CLAIMGRAPH_CACHE_DIR": str(tmp_path / "c")},
    )
    assert child.returncode == 2 and "registry.yaml" in child.stderr


def test_a_linked_annotation_file_is_mapped(corpus: Path, root: Path) -> None:
    """An annotation that is a link to a file inside the corpus is an article like
    any other (it was dropped once, the listed and the resolved names differing)."""
    (path,) = corpus.glob("002_*.yaml")
    (corpus / "sub").mkdir()
    moved = corpus / "sub" / path.name
    path.rename(moved)
    path.symlink_to(moved)
    assert len(incremental(corpus, root).graphs) == UNITS + 1


def test_a_relinked_text_is_noticed(corpus: Path, root: Path) -> None:
    """An article text that is a link, pointed at another file: re-mapped."""
    text = corpus / f"{SEED_ID}.txt"
    (corpus / "texts").mkdir()
    first = corpus / "texts" / "v1.txt"
    text.rename(first)
    text.symlink_to(first)
    incremental(corpus, root)
    second = corpus / "texts" / "v2.txt"
    second.write_text(first.read_text(encoding="utf-8") + "\nA second version.\n", "utf-8")
    text.unlink()
    text.symlink_to(second)
    assert incremental(corpus, root).remapped == 1


def test_a_damaged_store_is_made_anew(corpus: Path, root: Path) -> None:
    incremental(corpus, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    for table in (folder / "store").glob("*.sst"):
        data = bytearray(table.read_bytes())
        data[len(data) // 2 : len(data) // 2 + 64] = b"\xff" * 64
        table.write_bytes(bytes(data))
    _add_unclaimed_event(corpus / f"{SEED_ID}.yaml")
    again = incremental(corpus, root)
    assert not again.conforms


def test_kept_results_keep_their_file_and_line(corpus: Path, root: Path) -> None:
    """Results found in an earlier run, for articles taken from the cache, still
    name the file and line they come from (the origins are kept apart, read
    only when a report needs them)."""
    _add_unclaimed_event(corpus / f"{SEED_ID}.yaml")
    assert not incremental(corpus, root).conforms
    again = incremental(corpus, root)  # compared with an uncached run, locations included
    assert (again.remapped, again.revalidated, again.conforms) == (0, "none", False)


def test_a_build_after_an_edit_writes_the_dumps_a_cold_build_writes(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with the cache copies the unchanged graphs' fragments from the
    files it wrote last; the dumps are byte for byte those of a build without
    the cache, after an edit and an article removed. A mark made in them
    behind its back, their modification time put back, is found out (by
    their change time): they are written anew."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    out, cold = tmp_path / "out", tmp_path / "cold"
    assert CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)]).exit_code == 0
    seed = corpus / f"{SEED_ID}.yaml"
    text = seed.read_text(encoding="utf-8")
    at = text.index("  label: ") + len("  label: ")
    seed.write_text(text[:at] + "(edited) " + text[at:], encoding="utf-8")
    others = sorted(p for p in corpus.glob("*.yaml") if p.name not in (seed.name, "registry.yaml"))
    others[-1].unlink()
    for args in (["--out", str(out)], ["--out", str(cold), "--no-cache"]):
        result = CliRunner().invoke(main, ["build", str(corpus), *args])
        assert result.exit_code == 0, result.output
    for name in ("claimgraph.nq", "claimgraph.trig", "claimgraph.ttl", "claimgraph.jsonld"):
        assert (out / name).read_bytes() == (cold / name).read_bytes(), name
    assert "(edited) " in (out / "claimgraph.jsonld").read_text(encoding="utf-8")
    nquads = out / "claimgraph.nq"
    data, stat = nquads.read_bytes(), nquads.stat()
    mark = data.rindex(b"/graph/registry>")  # a quad of the registry graph
    nquads.write_bytes(data[:mark] + b"/graph/REGISTRY>" + data[mark + 16 :])
    os.utime(nquads, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    copied: list[int] = []
    copy_range = dumps._copy_range

    def counted(*args: Any) -> None:
        copied.append(args[3])
        copy_range(*args)

    monkeypatch.setattr(dumps, "_copy_range", counted)
    seed.write_text(text[:at] + "(edited twice) " + text[at:], encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)]).exit_code == 0
    assert b"/graph/REGISTRY>" not in nquads.read_bytes() and copied == []
    seed.write_text(text[:at] + "(edited thrice) " + text[at:], encoding="utf-8")
    assert CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)]).exit_code == 0
    assert copied  # the unchanged graphs' bytes, from the files the last build wrote


def test_the_dumps_read_a_graphs_text_only_as_the_store_holds_it(corpus: Path, root: Path) -> None:
    """The build hands the dumps each graph's N-Quads (from the cache, and the
    build graph's own), as the store holds them; a copy that is not what was
    mapped is not used (the store is read instead)."""
    incremental(corpus, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("UPDATE units SET text = text || ' ' WHERE name = ?", (f"{SEED_ID}.yaml",))
    db.commit()
    db.close()
    with opened(root, corpus, BASE) as (cache, _):
        mapped = pipeline.map_corpus(corpus, Minter(BASE), time=TIME, cache=cache)
        loaded = mapped.load()
        store = loaded.outcome.store
        by_name = {u.name: u.graph for u in loaded.units.values()}
        by_name["(build)"] = str(Minter(BASE).graph_build())
        with mapped.nquads_reader() as nquads_of:
            assert nquads_of(by_name[f"{SEED_ID}.yaml"]) is None
            for name, graph in by_name.items():
                if name == f"{SEED_ID}.yaml":
                    continue
                text = nquads_of(graph)
                held = ox.serialize(
                    store.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
                    format=ox.RdfFormat.N_QUADS,
                )
                assert held is not None and text is not None, name
                assert text.encode() == b"".join(sorted(held.splitlines(keepends=True))), name
        del loaded, store
        gc.collect()


def test_a_build_whose_cached_text_is_damaged_dumps_the_graph_from_the_store(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The dumps start from the graphs' texts before the store is loaded: a
    graph whose cached text is not what was mapped waits for the store and is
    read from it, and the dumps are those of a build without the cache."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = tmp_path / "cache"
    monkeypatch.setenv("CLAIMGRAPH_CACHE_DIR", str(root))
    out, cold = tmp_path / "out", tmp_path / "cold"
    assert CliRunner().invoke(main, ["build", str(corpus), "--out", str(out)]).exit_code == 0
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("UPDATE units SET text = text || ' ' WHERE name = ?", (f"{SEED_ID}.yaml",))
    db.execute("DELETE FROM runs WHERE name = 'dumps'")  # every graph written anew
    db.commit()
    db.close()
    (out / "claimgraph.nq").unlink()  # not up to date: built again
    for args in (["--out", str(out)], ["--out", str(cold), "--no-cache"]):
        result = CliRunner().invoke(main, ["build", str(corpus), *args])
        assert result.exit_code == 0, result.output
    for name in ("claimgraph.nq", "claimgraph.trig", "claimgraph.ttl", "claimgraph.jsonld"):
        assert (out / name).read_bytes() == (cold / name).read_bytes(), name


def test_a_run_without_results_validates_its_parts_while_the_store_loads(
    corpus: Path, root: Path
) -> None:
    """With no results to start from (a cold run), the corpus's parts are
    validated from the graphs' texts in a thread of their own while the store
    is made; the results are those of a run without the cache."""
    with opened(root, corpus, BASE) as (cache, _):
        loaded = pipeline.load(corpus, Minter(BASE), time=TIME, cache=cache)
        assert loaded.early is not None, "the parts were not validated beside the loading"
        assert loaded.early.future.result() is not None
        state = _state(loaded.validate())
        del loaded
        gc.collect()
    cold = pipeline.run(corpus, Minter(BASE), time=TIME, cache=None)
    assert _state(cold) == state


def test_a_cold_run_whose_cached_text_is_damaged_says_so(corpus: Path, root: Path) -> None:
    """A graph's text in the cache that is not what was mapped is never
    validated: the run stops, naming it, drops it, and the next run maps it
    again."""
    incremental(corpus, root)
    (folder,) = [p for p in root.iterdir() if p.is_dir()]
    db = sqlite3.connect(folder / "cache.sqlite")
    db.execute("UPDATE units SET text = text || ' ' WHERE name = ?", (f"{SEED_ID}.yaml",))
    db.execute("DELETE FROM runs")  # no results, no store: everything is done again
    db.commit()
    db.close()
    with opened(root, corpus, BASE) as (cache, _), pytest.raises(ClaimgraphError) as raised:
        pipeline.run(corpus, Minter(BASE), time=TIME, cache=cache)
    message = str(raised.value)
    del raised  # its traceback holds the store the run was making
    gc.collect()
    assert f"the cache's copy of the graph of {SEED_ID}.yaml is damaged" in message
    assert incremental(corpus, root).remapped == 1


def test_a_store_made_by_a_run_that_stopped_before_validating_is_made_anew(
    corpus: Path, root: Path
) -> None:
    """A new store is recorded in the cache only once its triples are counted
    and it is validated: a run that stopped before leaves none, and the next
    run makes the store anew rather than trust it."""
    with opened(root, corpus, BASE) as (cache, _):
        loaded = pipeline.load(corpus, Minter(BASE), time=TIME, cache=cache)
        assert cache is not None and "store" not in cache.entries("runs")
        assert loaded.kept.record is not None, "the new store was recorded before it was counted"
        loaded.kept.distinct()
        del loaded
        gc.collect()
    again = incremental(corpus, root)
    assert (again.remapped, again.revalidated) == (0, "all")
    assert incremental(corpus, root).revalidated == "none"  # recorded this time
