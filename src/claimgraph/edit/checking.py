"""Live validation for the editor: an article's unsaved annotation checked as
``claimgraph validate ARTICLE.yaml`` checks the file, in a fraction of the time.

The corpus as it is on disk is mapped once into an in-memory Oxigraph store.
A check loads the edited annotation with the same loader, resolution and
anchoring as ``validate`` (the other articles it names are read from disk),
maps it, puts its graph in the store in place of the saved one, and runs
claimgraph's SHACL engine on the focus nodes of that graph alone; then the
saved graph goes back. The errors and results are the ones ``validate`` gives,
with the same messages; each also names the path of the field it concerns
(``claims.3.quote``), which is what the editor shows it on.

The store is mapped again when a file of the corpus changes on disk (a save,
another editor, git pull).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from claimgraph.annotation.corpus import (
    Corpus,
    LoadedArticle,
    LoadedRegistry,
    load_files,
    load_registry,
)
from claimgraph.annotation.files import REGISTRY_NAME, annotation_files
from claimgraph.annotation.yamlio import LineIndex, PathKey, load_yaml
from claimgraph.edit.roundtrip import as_yaml as as_yaml
from claimgraph.errors import ClaimgraphError, Collector, Location
from claimgraph.rdf.anchors import locate_anchors
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.vocab import RDFS, SKOS
from claimgraph.validation.shacl.terms import to_ox
from claimgraph.validation.validate import Result, engine_results, report_from

# what each anchored path of an annotation is, for the editor's legend
SPAN_KINDS = {
    "cue": "cue",
    "quote": "quote",
    "when": "time",
    "described_as": "description",
    "words": "description",
    "text": "mention",
}


@dataclass
class Problem:
    """One error, violation or warning, as the editor shows it."""

    severity: str  # error, violation, warning, info
    message: str
    hint: str | None = None
    path: PathKey = ()
    shape: str | None = None
    value: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "path": [str(p) for p in self.path],
            "shape": self.shape,
            "value": self.value,
        }


@dataclass
class Checked:
    """What a check found: the problems, every anchored span, each claim's
    chain sentence (as its page shows it)."""

    problems: list[Problem] = field(default_factory=list)
    spans: list[dict[str, Any]] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        counts = {s: 0 for s in ("error", "violation", "warning", "info")}
        for problem in self.problems:
            counts[problem.severity] += 1
        return {
            "problems": [p.as_dict() for p in self.problems],
            "counts": counts,
            "spans": self.spans,
            "labels": self.labels,
        }


def _kind_of(path: PathKey) -> str:
    """What the words at ``path`` are: the nearest key of the path that says
    (``claims.3.quote.parts.1`` is a quote)."""
    for key in reversed(path):
        if isinstance(key, str) and key in SPAN_KINDS:
            return SPAN_KINDS[key]
    return "mention"


def _graph_iris(triples: Iterable[tuple[Any, Any, Any]]) -> set[ox.NamedNode]:
    found: set[ox.NamedNode] = set()
    for s, _, o in triples:
        for term in (s, o):
            if isinstance(term, URIRef):
                found.add(ox.NamedNode(str(term)))
    return found


def _quads(graph: URIRef, triples: Iterable[tuple[Any, Any, Any]]) -> list[ox.Quad]:
    name = ox.NamedNode(str(graph))
    return [ox.Quad(to_ox(s), to_ox(p), to_ox(o), name) for s, p, o in triples]  # type: ignore[arg-type]


class _WrittenLines:
    """The line index of an annotation as written, read only if a message needs
    it (an article's own index leaves out the entries that failed to load)."""

    def __init__(self, path: Path, content: bytes | None) -> None:
        self.path, self.content = path, content
        self._index: LineIndex | None = None
        self._read = False

    def path_at(self, line: int) -> PathKey:
        if not self._read:
            self._read = True
            try:
                self._index = load_yaml(self.path, self.content)[1]
            except ClaimgraphError:
                self._index = None
        return self._index.path_at(line) if self._index is not None else ()


class LiveChecker:
    """The corpus in ``root``, mapped, for checking edits of its articles."""

    def __init__(self, root: Path, minter: Minter) -> None:
        self.root = root
        self.minter = minter
        self._lock = threading.Lock()
        self._stamps: dict[Path, tuple[int, int]] | None = None
        self._store = ox.Store()
        self._registry: LoadedRegistry | ClaimgraphError | None = None
        self._saved: dict[URIRef, list[ox.Quad]] = {}
        # the graph each annotation file was mapped to (its article's ID, which
        # 'article: id:' may set apart from the file's name)
        self._graphs: dict[Path, URIRef] = {}

    def _disk_stamps(self) -> dict[Path, tuple[int, int]]:
        stamps = {}
        for path in [self.root / REGISTRY_NAME, *annotation_files(self.root)]:
            try:
                info = path.stat()
            except OSError:
                continue
            stamps[path] = (info.st_mtime_ns, info.st_size)
        return stamps

    def _keep(self, graph: URIRef, triples: Iterable[tuple[Any, Any, Any]]) -> None:
        name = ox.NamedNode(str(graph))
        self._store.remove_graph(name)
        self._saved[graph] = _quads(graph, triples)
        self._store.extend(self._saved[graph])

    def _forget(self, graph: URIRef) -> None:
        self._store.remove_graph(ox.NamedNode(str(graph)))
        self._saved.pop(graph, None)

    def _map_one(self, path: Path, with_registry: bool = False) -> bool:
        """Map the saved annotation ``path`` (and the registry, if asked) into
        the store; False if it does not map (its own check says why)."""
        if path in self._graphs:
            self._forget(self._graphs.pop(path))
        try:
            corpus = load_files(self.root, [path], keep_going=True, registry=self._registry)
            dataset = build_dataset(corpus, self.minter, registry=with_registry)
        except ClaimgraphError:
            return False
        self._keep_mapped(corpus.articles, dataset, only=path)
        return True

    def _keep_mapped(
        self, articles: Iterable[LoadedArticle], dataset: Dataset, only: Path | None = None
    ) -> None:
        """Keep the registry's graph of ``dataset`` and its articles' (only the
        one of the file ``only``, if given), each as the file it came from."""
        kept = {self.minter.graph_registry()}
        for article in articles:
            path = article.annotation_source.path
            if only is None or path == only:
                self._graphs[path] = self.minter.graph_article(article.id)
                kept.add(self._graphs[path])
        for graph, triples in dataset.triples.items():
            if graph in kept:
                self._keep(graph, triples)

    def _map_all(self) -> None:
        """The whole corpus as saved: in one mapping when it maps, else article
        by article (an article with errors is left out)."""
        try:
            self._registry = load_registry(self.root / REGISTRY_NAME, self.root, partial=True)
        except ClaimgraphError as exc:
            self._registry = exc
        self._store, self._saved, self._graphs = ox.Store(), {}, {}
        try:
            files = annotation_files(self.root)
            corpus = load_files(self.root, files, registry=self._registry)
            dataset = build_dataset(corpus, self.minter)
        except ClaimgraphError:
            registry_mapped = False
            for path in annotation_files(self.root):
                if self._map_one(path, with_registry=not registry_mapped):
                    registry_mapped = True
            return
        self._keep_mapped(corpus.articles, dataset)

    def _refresh(self) -> None:
        """Bring the store up to the files on disk: the articles changed since
        the last check mapped again, those removed taken out; all of it when
        the registry changed (every article's references resolve in it)."""
        stamps = self._disk_stamps()
        old = self._stamps
        registry = self.root / REGISTRY_NAME
        if old is None or old.get(registry) != stamps.get(registry):
            self._map_all()
        else:
            for path in old.keys() - stamps.keys():
                if path in self._graphs:
                    self._forget(self._graphs.pop(path))
            for path, stamp in stamps.items():
                if old.get(path) != stamp:
                    self._map_one(path)
        self._stamps = stamps

    def check(self, path: Path, content: bytes | None = None) -> Checked:
        """Check the annotation file ``path`` as ``content`` (else as saved)."""
        with self._lock:
            self._refresh()
            return self._check(path, content)

    def _check(self, path: Path, content: bytes | None) -> Checked:
        checked = Checked()
        errors = Collector()
        article: LoadedArticle | None = None
        dataset: Dataset | None = None
        try:
            corpus = load_files(
                self.root,
                [path],
                keep_going=True,
                registry=self._registry,
                content=None if content is None else {path: content},
            )
            article = next((a for a in corpus.articles if a.annotation_source.path == path), None)
            dataset = build_dataset(corpus, self.minter, registry=False)
        except ClaimgraphError as exc:
            errors.collect_error(exc)
        # where each message's line is in the data: the article's own index
        # when nothing was left out, else the file's as written (read again)
        lines: LineIndex | _WrittenLines = (
            article.lines if article is not None and not errors else _WrittenLines(path, content)
        )
        for error in errors.errors:  # every error validate FILE reports, the registry's too
            checked.problems.append(self._problem("error", error, lines, path))
        if article is not None:
            spans = locate_anchors(article, Collector())
            checked.spans = [
                {
                    "begin": span.begin,
                    "end": span.end,
                    "kind": _kind_of(where),
                    "path": [str(p) for p in where],
                }
                for where, span in spans.items()
            ]
        if dataset is not None and article is not None:
            graph = self.minter.graph_article(article.id)
            checked.problems += self._validated(path, graph, dataset, lines)
            checked.labels = self._labels(article, dataset)
        return checked

    def _problem(
        self, severity: str, error: Any, lines: LineIndex | _WrittenLines, edited: Path
    ) -> Problem:
        """A problem on the field it concerns; one of another file (the
        registry, an article this one names) says which file and line."""
        where: Location | None = error.location
        hint = getattr(error, "hint", None)
        if where is not None and where.file != edited:
            return Problem(severity, f"{where}: {error.message}", hint)
        path: PathKey = ()
        if where is not None and where.line is not None:
            path = lines.path_at(where.line)
        return Problem(severity, error.message, hint, path)

    def check_registry(self, content: bytes) -> Checked:
        """Check the registry as ``content`` (an edit not yet saved) as
        ``claimgraph validate`` checks registry.yaml: the same loader, and the
        shapes on its entries, in the corpus as saved."""
        path = self.root / REGISTRY_NAME
        with self._lock:
            self._refresh()
            checked = Checked()
            errors = Collector()
            lines: LineIndex | _WrittenLines = _WrittenLines(path, content)
            try:
                registry = load_registry(path, self.root, partial=True, content=content)
            except ClaimgraphError as exc:  # not YAML, or no mapping: nothing loaded
                errors.collect_error(exc)
                return Checked([self._problem("error", e, lines, path) for e in errors.errors])
            # the registry's own index leaves out the entries that failed to load
            if registry.lines is not None and not registry.errors:
                lines = registry.lines
            for error in registry.errors:
                checked.problems.append(self._problem("error", error, lines, path))
            if registry.errors:  # not mapped with entries left out (as validate does)
                return checked
            try:
                dataset = build_dataset(Corpus(self.root, registry, ()), self.minter)
            except ClaimgraphError as exc:
                errors.collect_error(exc)
                checked.problems += [self._problem("error", e, lines, path) for e in errors.errors]
                return checked
            graph = self.minter.graph_registry()
            checked.problems += self._validated(path, graph, dataset, lines)
            return checked

    def _validated(
        self, path: Path, graph: URIRef, dataset: Dataset, lines: LineIndex | _WrittenLines
    ) -> list[Problem]:
        """The shapes' results on ``graph`` of ``dataset``, put in the store in
        place of the saved one, validated on its own focus nodes; the saved
        graph goes back."""
        triples = dataset.triples.get(graph, [])
        name = ox.NamedNode(str(graph))
        self._store.remove_graph(name)
        try:
            self._store.extend(_quads(graph, triples))
            results = engine_results(self._store, only=_graph_iris(triples))
            report = report_from(results, self._store, dataset.origins, triples=len(triples))
        finally:
            self._store.remove_graph(name)
            self._store.extend(self._saved.get(graph, []))
        problems = [self._result(result, lines, path) for result in report.results]
        problems += [
            self._problem("warning", warning, lines, path)
            for warning in dataset.warnings
            if warning.location is None or warning.location.file == path
        ]
        return problems

    def _result(self, result: Result, lines: LineIndex | _WrittenLines, edited: Path) -> Problem:
        problem = self._problem(result.severity, result, lines, edited)
        problem.shape, problem.value = result.shape, result.value
        return problem

    def _labels(self, article: LoadedArticle, dataset: Dataset) -> dict[str, str]:
        wanted: dict[Any, str] = {
            self.minter.local(article.id, "claim", c.id): c.id for c in article.model.claims
        }
        labels: dict[str, str] = {}
        alternative: dict[str, str] = {}
        for s, p, o in dataset.triples.get(self.minter.graph_article(article.id), []):
            if s in wanted and p == RDFS.label:
                labels[wanted[s]] = str(o)
            elif s in wanted and p == SKOS.altLabel:
                alternative[wanted[s]] = str(o)
        return {**labels, **alternative}  # the generated chain sentence, where a summary hides it
