"""The pipeline `build` and `validate` run on a corpus folder: each article
and the registry mapped to its named graph (or taken from the cache when
nothing it depends on changed), the graphs loaded into an Oxigraph store,
the store validated.

With a cache (see :mod:`claimgraph.pipeline.cache`) a run redoes only what changed:

* an unreviewed draft (``status: draft``) is published only with ``include_drafts``
  (see :mod:`claimgraph.pipeline.drafts`): the option chooses which units a run
  publishes, never what they map to, so switching it maps nothing again;
* an article's graph is re-mapped when its annotation, its text, the registry,
  or an article it names (``ARTICLE/CLAIM``) changed, or claimgraph's version
  or the base IRI;
* the store of the last run is kept on disk and only the graphs that changed
  are replaced in it (and the build's own graph, which names the run);
* validation is redone for the focus nodes those graphs hold or mention, and
  for every node of the articles connected to them by references, in either
  direction; the results for every other node are the last run's. A focus
  node's results depend only on what its shapes read, and claimgraph's shapes
  read from a node only along its own article's graph, the registry and the
  articles it is linked to by references, which are all re-validated. When the
  registry, the shapes or the ontology change, everything is validated again.

When everything is validated and the store is on disk, it is validated a
part of the corpus at a time in memory (:mod:`claimgraph.pipeline.parts`).
Without a cache the same pipeline runs in memory, everything at once.
"""

from __future__ import annotations

import contextvars
import hashlib
import itertools
import json
import os
import shutil
import stat
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox
from rdflib import Graph, URIRef

from claimgraph.annotation.files import REGISTRY_NAME, corpus_files
from claimgraph.errors import (
    AnnotationError,
    ClaimgraphError,
    Collector,
    ErrorList,
    InputWarning,
    Location,
    shown,
)
from claimgraph.pipeline import cluster
from claimgraph.pipeline.cache import Cache, digest
from claimgraph.pipeline.drafts import select_units
from claimgraph.pipeline.parts import (
    PartResults,
    finish,
    graph_iris,
    parts,
    validate_in_parts,
    validate_parts,
)
from claimgraph.pipeline.units import Unit, as_object, relative
from claimgraph.progress import progress
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.nquads import Writer, as_stored
from claimgraph.rdf.provenance import build_graph, build_time
from claimgraph.resources import ontology_file, shapes_file
from claimgraph.validation.shacl import Result as ShaclResult
from claimgraph.validation.validate import (
    Report,
    distinct_triples,
    engine_results,
    report_from,
    results_from_json,
    results_to_json,
    validate_store,
)

T = TypeVar("T")


@dataclass
class Outcome:
    """What a run produced: the store (the dataset's graphs, nothing else), the
    validation report, and what it redid."""

    store: ox.Store
    report: Report
    quads: int
    graphs: list[str]
    remapped: int  # graphs mapped in this run (the others came from the cache)
    revalidated: str  # "all", "none" or "N focus nodes"
    drafts: list[str] = field(default_factory=list)  # the unreviewed drafts, by file name
    left_out: list[str] = field(default_factory=list)  # the drafts not published


def _sha256(path: Path) -> str | None:
    """The file's digest; None for what is not a regular file (a FIFO or a
    device would never end), or cannot be read: loading it reports why."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return None
        with path.open("rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _own_sha(recorded: dict[str, Any]) -> str | None:
    """The digest of its own annotation file a unit was made from."""
    sources = recorded.get("sources")
    name = recorded.get("name")
    if isinstance(sources, list):
        for item in sources:
            if isinstance(item, list) and len(item) == 2 and item[0] == name:
                return str(item[1])
    return None


# A file whose modification time is this close to when its entry was made may
# have changed again within the clock's resolution: it is read, not trusted.
RACY_NS = 2_000_000_000


def _quick_sha256(path: str | Path, stats: object, which: str, recorded: str | None) -> str | None:
    """The file's SHA-256: the recorded one when the file's size and
    modification time are those recorded (and not too close to when they
    were), else read from the file."""
    if recorded is not None and isinstance(stats, dict):
        then, written = stats.get(which), stats.get("written")
        if then and written and then[1] < written[0] - RACY_NS:
            try:
                st = os.stat(path)
            except OSError:
                return _sha256(Path(path))
            if stat.S_ISREG(st.st_mode) and [st.st_size, st.st_mtime_ns] == list(then):
                return recorded
    return _sha256(Path(path))


def _fresh(unit: Unit, root: str, shas: dict[str, str | None]) -> bool:
    """Whether a cached unit still holds: its text and the annotations it
    names are as they were."""
    if unit.text is not None:
        path = os.path.join(root, unit.text[0])  # 10,000 Path objects take 0.1 s
        current = _quick_sha256(path, unit.stats, "text", unit.text[1])
        if current != unit.text[1]:
            return False
    return all(shas.get(name) == sha for name, sha in unit.refs.items())


def _article_keys(
    inputs: dict[str, str | None], registry_sha: str | None
) -> Callable[[str, str | None], str]:
    """The cache key of an article's unit, from its file's name and digest:
    one digest over what every article shares, then a quick one per article."""
    shared = digest("article", inputs, registry_sha)

    def key(name: str, sha: str | None) -> str:
        text = f"{shared}\0{name}\0{sha}"  # a file name need not be UTF-8: its bytes, then
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()

    return key


def _inputs_key(minter: Minter) -> dict[str, str | None]:
    return {
        "base": minter.base,
        "ontology": _sha256(ontology_file()),
        "shapes": _sha256(shapes_file()),
    }


def run(corpus_dir: Path, minter: Minter, **options: Any) -> Outcome:
    """Map, load and validate the corpus in ``corpus_dir`` (``options``: those
    of :func:`load`)."""
    return load(corpus_dir, minter, **options).validate()


def load(
    corpus_dir: Path,
    minter: Minter,
    *,
    time: datetime | None = None,
    engine: str = "claimgraph",
    cache: Cache | None = None,
    refresh_build: bool = True,
    include_drafts: bool = False,
) -> Loaded:
    """Map the corpus in ``corpus_dir`` and load it into a store, redoing only
    what changed since the last run with ``cache``; validated by the result's
    :meth:`Loaded.validate`. Without ``refresh_build`` (a validation, which
    publishes nothing) the build graph in a kept store is left as an earlier
    run wrote it: no shape reads it. Unreviewed drafts are left out unless
    ``include_drafts``."""
    mapped = map_corpus(
        corpus_dir, minter, time=time, engine=engine, cache=cache, include_drafts=include_drafts
    )
    return mapped.load(refresh_build=refresh_build)


def map_corpus(
    corpus_dir: Path,
    minter: Minter,
    *,
    time: datetime | None = None,
    engine: str = "claimgraph",
    cache: Cache | None = None,
    include_drafts: bool = False,
) -> Mapped:
    """Map what changed in the corpus in ``corpus_dir`` since the last run with
    ``cache`` (everything, without one): every graph of the dataset is then
    known by its N-Quads, the store not yet made (see :meth:`Mapped.load`).
    The unreviewed drafts are left out of the dataset unless ``include_drafts``
    (an article that names a claim of one left out is an error)."""
    root = corpus_dir
    files = corpus_files(root)
    time = time or build_time()
    registry_path = root / REGISTRY_NAME
    has_registry = registry_path.exists() or registry_path.is_symlink()
    entries = cache.entries("units") if cache is not None else {}
    names = {path: relative(path, root) for path in files}
    shas: dict[str, str | None] = {}
    for path, name in names.items():
        recorded = entries[name][1] if name in entries else {}
        shas[name] = _quick_sha256(path, recorded.get("stats"), "annotation", _own_sha(recorded))
    registry_sha = _sha256(registry_path) if has_registry else None
    if has_registry:
        shas[REGISTRY_NAME] = registry_sha
    inputs = _inputs_key(minter)
    article_key = _article_keys(inputs, registry_sha)

    units: dict[str, Unit] = {}
    missing: list[Path] = []
    old_refs: dict[str, dict[str, str]] = {}  # what re-mapped units named before
    for path, name in names.items():
        key = article_key(name, shas[name])
        found = entries[name][1] if name in entries and entries[name][0] == key else None
        unit = Unit.from_json(found) if found and shas[name] else None
        if unit is not None and _fresh(unit, str(root), shas):
            units[name] = unit
        else:
            missing.append(path)
            earlier = entries[name][1] if name in entries else None
            if earlier is not None and isinstance(earlier.get("refs"), dict):
                old_refs[name] = earlier["refs"]
    registry_key = digest("registry", inputs, registry_sha)
    if has_registry:
        found = cache.get("units", REGISTRY_NAME, registry_key) if cache is not None else None
        unit = Unit.from_json(found) if found else None
        if unit is not None:
            units[REGISTRY_NAME] = unit
    registry_missing = has_registry and REGISTRY_NAME not in units

    errors = Collector()
    batches: list[tuple[list[Path], set[str]]] = []
    for first in range(0, len(missing), BATCH):
        # a batch at a time: memory stays bounded, whatever the corpus's size
        batch = missing[first : first + BATCH]
        batches.append((batch, {relative(p, root) for p in batch}))
    if registry_missing:
        if not batches:
            batches.append(([], set()))
        batches[0][1].add(REGISTRY_NAME)
    with progress("mapping", len(missing)) as advance:
        for mapped, failed, count in _map_all(batches, root, minter, time):
            errors.errors += failed
            for unit in mapped:
                units[unit.name] = unit
                if cache is not None:
                    name = unit.name
                    key = registry_key if name == REGISTRY_NAME else article_key(name, shas[name])
                    where = json.dumps(unit.origins)
                    cache.put("units", name, key, unit.as_json(), unit.nquads, where)
                    if len(missing) > BATCH:
                        unit.nquads = ""  # read back from the cache when needed
                        unit.fresh = True
            advance(count)
    _raise_unique(errors)
    _check_unique_graphs(units.values(), root)
    if cache is not None:
        cache.commit()  # the graphs' texts, for a reader of its own (see Mapped.nquads_reader)
    remapped = len(missing) + (1 if registry_missing else 0)
    selected = select_units(units, root, include=include_drafts)
    return Mapped(
        root,
        minter,
        time,
        engine,
        selected.published,
        cache,
        inputs,
        old_refs,
        remapped,
        selected.left_out,
    )


@dataclass
class Mapped:
    """A corpus mapped: each graph's unit (its N-Quads in the unit, or in the
    cache), the store not yet made or brought up to date. What ``build`` needs
    to start writing the dumps while the store is loaded and validated."""

    root: Path
    minter: Minter
    time: datetime
    engine: str
    units: dict[str, Unit]
    cache: Cache | None
    inputs: dict[str, str | None]
    old_refs: dict[str, dict[str, str]]  # what re-mapped units named before
    remapped: int  # units mapped in this run (the others came from the cache)
    left_out: dict[str, Unit] = field(default_factory=dict)  # the drafts not published
    _build_text: str | None = field(default=None, repr=False)

    @property
    def drafts(self) -> list[str]:
        """The corpus's unreviewed drafts, published or left out, by file name."""
        return sorted(u.name for u in [*self.units.values(), *self.left_out.values()] if u.draft)

    @property
    def build(self) -> URIRef:
        """The IRI of the build's own graph."""
        return self.minter.graph_build()

    def build_nquads(self) -> str:
        """The build graph's N-Quads, as the store holds them."""
        if self._build_text is None:
            shas = {URIRef(u.graph): [sha for _, sha in u.sources] for u in self.units.values()}
            text = Writer().lines(build_graph(self.minter, shas, self.time), self.build)
            self._build_text = as_stored({str(self.build): text})[str(self.build)]
        return self._build_text

    @property
    def graphs(self) -> list[str]:
        """The IRIs of the dataset's graphs, in order."""
        return sorted([*(u.graph for u in self.units.values()), str(self.build)])

    @property
    def fingerprint(self) -> str:
        """A digest of everything the dataset is made from (not the build time)."""
        contents = sorted((u.graph, u.content) for u in self.units.values())
        return digest(self.inputs, self.engine, contents)

    @property
    def digests(self) -> dict[str, str]:
        """Each graph's IRI and the digest of its N-Quads, the build graph's included."""
        found = {u.graph: u.content for u in self.units.values()}
        found[str(self.build)] = _digest_text(self.build_nquads())
        return found

    @contextmanager
    def nquads_reader(self) -> Iterator[Callable[[str], str | None]]:
        """A graph's N-Quads as the store holds them, for the dumps; None when
        the cache's copy is not what was mapped. Made to be called from
        another thread than this one, which goes on using the cache."""
        by_graph = {u.graph: u for u in self.units.values()}
        build, build_text = str(self.build), self.build_nquads()
        reader = self.cache.reader() if self.cache is not None else None

        def nquads(graph: str) -> str | None:
            if graph == build:
                return build_text
            unit = by_graph.get(graph)
            if unit is None:
                return None
            if reader is None:
                return unit.nquads or None
            return _cached_text(unit, reader.text)  # None: read from the store instead

        try:
            yield nquads
        finally:
            if reader is not None:
                reader.close()

    def load(self, *, refresh_build: bool = True) -> Loaded:
        """The store holding the dataset: the last run's brought up to date
        when the cache has it, else made anew. Without ``refresh_build`` (a
        validation, which publishes nothing) the build graph in a kept store
        is left as an earlier run wrote it: no shape reads it."""
        units, cache, inputs = self.units, self.cache, self.inputs
        origins = _Origins(self.root, units.values(), cache)
        # The last results hold for the store as the last run left it: taken out
        # before the store changes, and put back only with the results for it
        # (a run that stops between, or that ran pySHACL, leaves none behind).
        previous = cache.get("runs", "validation", digest(inputs)) if cache else None
        if cache is not None:
            cache.delete("runs", "validation")
            cache.commit()
        # With no results to start from, everything is validated: its parts
        # are, from the graphs' texts, while the store is loaded.
        early = self._validate_parts() if previous is None else None
        try:
            kept = _store(cache, units, inputs, self.build, self.build_nquads, refresh_build)
        except BaseException:
            if early is not None:
                early.stop.set()
            raise
        if early is None:  # else the parts count the triples
            kept.count_apart()
        outcome = Outcome(
            store=kept.store,
            report=Report(True, (), Graph(), 0),
            quads=kept.quads,
            graphs=self.graphs,
            remapped=self.remapped,
            revalidated="all",
            drafts=self.drafts,
            left_out=sorted(self.left_out),
        )
        return Loaded(
            outcome,
            self.engine,
            kept,
            units,
            origins,
            cache,
            inputs,
            previous,
            self.old_refs,
            early,
            self.left_out,
            tuple(
                InputWarning(Location(self.root / unit.name, line), message)
                for unit in units.values()
                for line, message in unit.warnings
            ),
        )

    def _validate_parts(self) -> _Parts | None:
        """The corpus's parts validated in a thread of their own (see
        :func:`~claimgraph.pipeline.parts.validate_parts`), when the store is
        on disk and the engine is claimgraph's."""
        cache = self.cache
        split = _split(self.units, self.graphs) if self.engine == "claimgraph" else None
        # without a cache too when on a cluster: its workers validate the parts
        if (cache is None and cluster.current() is None) or split is None:
            return None
        grouped, shared = split
        registry = self.units.get(REGISTRY_NAME)
        reader = cache.reader() if cache is not None else None
        stop = threading.Event()

        def text(unit: Unit) -> str:
            found = _cached_text(unit, reader.text) if reader is not None else unit.nquads
            if found is None:
                raise _Unreadable
            return found

        def work() -> PartResults | None:
            try:
                shared_text = text(registry) if registry is not None else ""
                return validate_parts(grouped, shared, text, shared_text, stop)
            except _Unreadable:  # validated on the store, which reports the damaged copy
                return None
            finally:
                if reader is not None:
                    reader.close()

        return _Parts(shared, _in_thread(work), stop)


@dataclass
class _Parts:
    """The parts of the corpus being validated apart from the store."""

    shared: list[str]  # the graphs every part may read
    future: Future[PartResults | None]
    stop: threading.Event  # set when the run fails: no part is begun after


class _Unreadable(Exception):
    """A graph's text in the cache is not what was mapped."""


def _split(units: dict[str, Unit], graphs: list[str]) -> tuple[list[list[Unit]], list[str]] | None:
    """The articles in parts (see :func:`~claimgraph.pipeline.parts.parts`), and
    the graphs every part may read; None if they cannot be parted."""
    articles = [u for u in units.values() if u.name != REGISTRY_NAME]
    grouped = parts(articles)
    if grouped is None:
        return None
    own = {u.graph for u in articles}
    return grouped, [g for g in graphs if g not in own]


@dataclass
class Loaded:
    """A run whose store is up to date, not yet validated."""

    outcome: Outcome  # its report not yet made
    engine: str
    kept: _Kept
    units: dict[str, Unit]
    origins: Mapping[URIRef, Location]
    cache: Cache | None
    inputs: dict[str, str | None]
    previous: dict[str, Any] | None  # the last run's results
    old_refs: dict[str, dict[str, str]]
    early: _Parts | None = None  # the parts, validated while the store was loaded
    # Drafts left out: a change of what is published reaches, through their
    # references, the articles they are linked to (see :func:`_affected`)
    left_out: dict[str, Unit] = field(default_factory=dict)
    # what the published files keep as written but a user should look at
    warnings: tuple[InputWarning, ...] = ()

    def validate(self) -> Outcome:
        """Validate the store: all of it, or the focus nodes the changes can
        reach; the report has the files' warnings too."""
        outcome = self._validated()
        outcome.report = outcome.report.with_warnings(self.warnings)
        return outcome

    def _validated(self) -> Outcome:
        outcome, kept, cache, store = self.outcome, self.kept, self.cache, self.kept.store
        if self.engine != "claimgraph":
            outcome.report = validate_store(store, self.origins, engine=self.engine)
            kept.keep_record(cache)
            return outcome
        previous, changed = self.previous, kept.changed
        cached = results_from_json(previous.get("results")) if previous else None
        if cached is None or kept.rebuilt or changed is None or _widespread(changed, self.units):
            results = self._everything()
        elif not changed["graphs"]:
            results, outcome.revalidated = cached, "none"
        else:
            focus = _affected(changed, {**self.units, **self.left_out}, cache, self.old_refs)
            results = [r for r in cached if r.focus not in focus]
            results += engine_results(store, only=focus)
            outcome.revalidated = f"{len(focus)} focus nodes"
        kept.keep_record(cache)  # first: the results hold for the store it records
        if cache is not None:
            data = {"results": results_to_json(results)}
            cache.put("runs", "validation", digest(self.inputs), data)
            cache.commit()
        outcome.report = report_from(results, store, self.origins, triples=kept.distinct())
        return outcome

    def _everything(self) -> list[ShaclResult]:
        """The results of the whole store: a part at a time in memory when
        the store is on disk (see :mod:`claimgraph.pipeline.parts`)."""
        kept, cache = self.kept, self.cache
        finished = None
        if self.early is not None:
            found = self.early.future.result()
            if found is not None:
                finished = finish(kept.store, self.early.shared, found)
        split = _split(self.units, self.outcome.graphs) if finished is None and cache else None
        if split is not None:
            grouped, shared = split
            registry = self.units.get(REGISTRY_NAME)
            finished = validate_in_parts(
                kept.store,
                grouped,
                shared,
                lambda unit: _text(unit, cache),
                _text(registry, cache) if registry is not None else "",
            )
        if finished is None:
            return engine_results(kept.store)
        if finished.triples is not None and not kept.counted:
            kept.triples, kept.counted = finished.triples, True
        return finished.results


def _widespread(changed: dict[str, Any], units: dict[str, Unit]) -> bool:
    """Whether a change reaches so far (the registry, or many articles) that
    validating everything again is quicker than following it."""
    registry = units.get(REGISTRY_NAME)
    if registry is not None and registry.graph in changed["graphs"]:
        return True
    return len(changed["graphs"]) > max(20, len(units) // 10)


# Articles mapped at a time when many are: bounds the memory a cold build takes.
BATCH = 200


def _map_all(
    batches: list[tuple[list[Path], set[str]]], root: Path, minter: Minter, time: datetime
) -> Iterator[tuple[list[Unit], list[ClaimgraphError], int]]:
    if not batches:
        return iter(())
    # imported only when there is something to map: the annotation and RDF
    # stages take longer to import than a run that maps nothing takes
    from claimgraph.pipeline.batches import map_all

    return map_all(root, batches, minter, time)


def _raise_unique(errors: Collector) -> None:
    """Raise the errors of every batch at once; an article named by articles of
    several batches was loaded (and found wrong) with each: reported once."""
    seen: dict[tuple[str, str], ClaimgraphError] = {}
    for error in errors.errors:
        flat = error.errors if isinstance(error, ErrorList) else [error]
        for one in flat:
            seen.setdefault((str(one.location), one.message), one)
    found = Collector()
    found.errors = list(seen.values())
    found.raise_any()


def _cached_text(unit: Unit, read: Callable[[str, str], str | None]) -> str | None:
    """The unit's N-Quads: kept in the unit, or read from the cache with
    ``read`` (a connection's ``text``); None when the cache's copy is missing
    or is not what was mapped (by digest, unless this run mapped it and
    wrote it there)."""
    if unit.nquads:
        return unit.nquads
    text = read("units", unit.name)
    if text is None or not (unit.fresh or _digest_text(text) == unit.content):
        return None
    return text


def _text(unit: Unit, cache: Cache | None) -> str:
    """The unit's N-Quads."""
    if cache is None:
        return unit.nquads
    text = _cached_text(unit, cache.text)
    if text is None:
        cache.delete("units", unit.name)  # mapped again by the next run
        cache.commit()
        raise ClaimgraphError(
            f"the cache's copy of the graph of {unit.name} is damaged; it has been dropped: "
            "run again",
            Location(cache.folder),
        )
    return text


class _Origins(Mapping[URIRef, Location]):
    """Where each node came from, made into a :class:`Location` only when asked
    (a report asks for a few; a corpus has hundreds of thousands)."""

    def __init__(self, root: Path, units: Iterable[Unit], cache: Cache | None) -> None:
        self._root = root
        self._units = list(units)
        self._cache = cache
        self._read: dict[str, Any] | None = None

    @property
    def _raw(self) -> dict[str, Any]:
        if self._read is None:
            read: dict[str, Any] = {}
            if self._cache is not None:  # the units taken from the cache keep theirs there
                kept = self._cache.extras("units", {u.name for u in self._units if not u.origins})
                for text in kept.values():
                    with suppress(ValueError, TypeError):
                        read.update(as_object(json.loads(text)))
            for unit in self._units:
                read.update(unit.origins)
            self._read = read
        return self._read

    def __getitem__(self, node: URIRef) -> Location:
        try:
            file, line = self._raw[str(node)]
            return Location(self._root / str(file), line if isinstance(line, int) else None)
        except (TypeError, ValueError):  # a damaged entry: no location rather than a crash
            raise KeyError(node) from None

    def __contains__(self, node: object) -> bool:
        return str(node) in self._raw

    def __iter__(self) -> Iterator[URIRef]:
        return (URIRef(node) for node in self._raw)

    def __len__(self) -> int:
        return len(self._raw)


def _check_unique_graphs(units: Iterable[Unit], root: Path) -> None:
    seen: dict[str, str] = {}
    for unit in sorted(units, key=lambda u: u.name):
        if unit.graph in seen:
            raise AnnotationError(
                f"duplicate article ID: {shown(root / unit.name)} maps to the same graph "
                f"as {shown(root / seen[unit.graph])} ({unit.graph})",
                Location(root / unit.name),
                hint="give one of them another 'article.id' (or file name)",
            )
        seen[unit.graph] = unit.name


@dataclass
class _Kept:
    """The store a run validates and publishes, and what changed in it."""

    store: ox.Store
    changed: dict[str, Any] | None  # graphs replaced, and the IRIs their old and new versions hold
    rebuilt: bool  # made anew: everything is validated
    # Counted when the store is made, then kept in the cache and updated graph
    # by graph: counting them anew takes a pass over the whole store.
    triples: int  # distinct triples
    quads: int
    # A store just made: its triples not yet counted (validating it a part at
    # a time counts them; else a pass over the store does, 5 s at 10,000
    # articles, while it is validated), and its record, kept in the cache
    # once they are (see :meth:`Loaded.validate`): a run that stops before
    # leaves no record, and the next one makes the store anew.
    counted: bool = True
    counting: Future[int] | None = None
    record: tuple[str, dict[str, Any]] | None = None

    @classmethod
    def new(cls, store: ox.Store) -> _Kept:
        return cls(store, None, True, 0, len(store), counted=False)

    def count_apart(self) -> None:
        """Begin counting the store's triples in a thread of its own."""
        if not self.counted and self.counting is None:
            self.counting = _in_thread(distinct_triples, self.store)

    def distinct(self) -> int:
        """The distinct triples of the store (waiting until they are counted)."""
        if not self.counted:
            self.count_apart()
            assert self.counting is not None
            self.triples, self.counted = self.counting.result(), True
        self.counting = None
        return self.triples

    def keep_record(self, cache: Cache | None) -> None:
        """Keep the record of a store just made in ``cache``, once counted."""
        if self.record is not None and cache is not None:
            key, record = self.record
            cache.put("runs", "store", key, {**record, "triples": self.distinct()})
            cache.commit()
        self.record = None


def _in_thread(work: Callable[..., T], *args: Any) -> Future[T]:
    """``work(*args)`` begun in a thread of its own (with this thread's
    context: --quiet, for one), its result to come."""
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimgraph")
    future = pool.submit(contextvars.copy_context().run, work, *args)
    pool.shutdown(wait=False)
    return future


def _store(
    cache: Cache | None,
    units: dict[str, Unit],
    inputs: dict[str, str | None],
    build: URIRef,
    build_nquads: Callable[[], str],
    refresh_build: bool,
) -> _Kept:
    """The store holding every unit's graph and the build graph: the last
    run's, updated, when the cache has it; else a new one."""
    if cache is None:
        memory = ox.Store()
        text = "".join(u.nquads for u in units.values()) + build_nquads()
        memory.load(text.encode(), format=ox.RdfFormat.N_QUADS)
        return _Kept.new(memory)
    key = digest("store", inputs)
    meta = cache.get("runs", "store", key)
    path = cache.store_path
    after = {u.graph: u.content for u in units.values()}
    try:
        opened = ox.Store(str(path)) if meta is not None and path.is_dir() else None
    except OSError:  # held open (by this process: a store still in use): go without
        memory = ox.Store()
        for unit in units.values():
            memory.load(_text(unit, cache).encode(), format=ox.RdfFormat.N_QUADS)
        memory.load(build_nquads().encode(), format=ox.RdfFormat.N_QUADS)
        return _Kept.new(memory)
    except RuntimeError:  # damaged: made anew below
        opened = None

    def made_anew() -> _Kept:
        shutil.rmtree(path, ignore_errors=True)
        store = ox.Store(str(path))
        texts = (_text(unit, cache) for unit in units.values())
        build_text = build_nquads()
        _bulk_load(store, itertools.chain(texts, [build_text]))
        kept = _Kept.new(store)
        kept.record = (
            key,
            {"graphs": after, "quads": kept.quads, "build": _digest_text(build_text)},
        )
        return kept

    if opened is None or meta is None:
        return made_anew()
    # The record goes while the store changes, and comes back once it is
    # flushed: a run stopped half-way leaves no record, and the next one
    # makes the store anew rather than trust it.
    cache.delete("runs", "store")
    cache.commit()
    try:
        return _update(opened, cache, key, meta, units, after, build, build_nquads, refresh_build)
    except (RuntimeError, OSError, ValueError, TypeError, KeyError):  # damaged store or record
        del opened
        return made_anew()


def _update(
    store: ox.Store,
    cache: Cache,
    key: str,
    meta: dict[str, Any],
    units: dict[str, Unit],
    after: dict[str, str],
    build: URIRef,
    build_nquads: Callable[[], str],
    refresh_build: bool,
) -> _Kept:
    """Bring the kept store up to date, graph by graph."""
    before = {str(g): str(d) for g, d in as_object(meta.get("graphs", {})).items()}
    kept = _Kept(store, None, False, int(meta["triples"]), int(meta["quads"]))
    replaced = sorted(g for g in set(before) | set(after) if before.get(g) != after.get(g))
    nodes: set[str] = set()
    by_graph = {u.graph: u for u in units.values()}
    for graph in replaced:
        nodes |= _remove(kept, graph)
    for graph in replaced:
        if graph in by_graph:
            nodes |= _add(kept, graph, _text(by_graph[graph], cache))
    build_digest = meta.get("build")
    if refresh_build:  # the build graph as this run makes it (a build, serve), if it differs
        build_text = build_nquads()
        if _digest_text(build_text) != build_digest:
            _remove(kept, str(build))
            _add(kept, str(build), build_text)
            build_digest = _digest_text(build_text)
    store.flush()
    record = {
        "graphs": after,
        "triples": kept.triples,
        "quads": kept.quads,
        "build": build_digest,
    }
    cache.put("runs", "store", key, record)
    cache.commit()
    kept.changed = {"graphs": replaced, "nodes": nodes}
    return kept


def _remove(kept: _Kept, graph: str) -> set[str]:
    """Take ``graph`` out of the store; the IRIs it held."""
    iris, quads = graph_iris(kept.store, graph)
    kept.triples -= _unique(kept.store, graph)
    kept.quads -= quads
    kept.store.remove_graph(ox.NamedNode(graph))
    return iris


def _add(kept: _Kept, graph: str, nquads: str) -> set[str]:
    """Load ``graph`` (as N-Quads) into the store; the IRIs it holds."""
    kept.store.load(nquads.encode(), format=ox.RdfFormat.N_QUADS)
    iris, quads = graph_iris(kept.store, graph)
    kept.triples += _unique(kept.store, graph)
    kept.quads += quads
    return iris


def _digest_text(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _unique(store: ox.Store, graph: str) -> int:
    """The triples of ``graph`` that no other graph of the store holds."""
    query = (
        f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER (?other != <{graph}>) }} }}"
    )
    (row,) = store.query(query)  # type: ignore[misc]
    return int(row["n"].value)


# Bulk loads take this much N-Quads at a time: Oxigraph's bulk loader holds
# what it is given in memory, so one call for a whole corpus would take GiBs.
LOAD_BYTES = 32 * 1024 * 1024


def _bulk_load(store: ox.Store, texts: Iterable[str]) -> None:
    """Load the graphs' N-Quads, as Oxigraph wrote them (see
    :func:`~claimgraph.rdf.nquads.as_stored`): valid, so read leniently, which
    spares the parser a tenth of its work."""
    pending: list[bytes] = []
    size = 0
    for text in texts:
        data = text.encode()
        pending.append(data)
        size += len(data)
        if size >= LOAD_BYTES:
            store.bulk_load(b"".join(pending), format=ox.RdfFormat.N_QUADS, lenient=True)
            pending, size = [], 0
    if pending:
        store.bulk_load(b"".join(pending), format=ox.RdfFormat.N_QUADS, lenient=True)


def _affected(
    changed: dict[str, Any],
    units: dict[str, Unit],
    cache: Cache | None,
    old_refs: dict[str, dict[str, str]],
) -> set[ox.NamedNode]:
    """The focus nodes whose results a change can alter: every IRI the changed
    graphs held or hold, and every IRI of the articles connected to them by
    references (either way, transitively)."""
    by_name = {u.name: u for u in units.values()}
    by_graph = {u.graph: u for u in units.values()}
    linked: dict[str, set[str]] = {u.name: set() for u in units.values()}
    for name, refs in [(u.name, u.refs) for u in units.values()] + list(old_refs.items()):
        for other in refs:  # what a unit names now, and what it named before the change
            if other in linked and name in linked:
                linked[name].add(other)
                linked[other].add(name)
    pending = [by_graph[g].name for g in changed["graphs"] if g in by_graph]
    seen = set(pending)
    while pending:
        for other in linked.get(pending.pop(), ()):
            if other not in seen:
                seen.add(other)
                pending.append(other)
    iris: set[str] = set(changed["nodes"])
    for name in seen - {REGISTRY_NAME}:
        iris |= _unit_iris(_text(by_name[name], cache))
    return {ox.NamedNode(iri) for iri in iris}


def _unit_iris(nquads: str) -> set[str]:
    found = set()
    for quad in ox.parse(nquads.encode(), format=ox.RdfFormat.N_QUADS):
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found
