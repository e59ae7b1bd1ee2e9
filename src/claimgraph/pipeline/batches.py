"""Mapping files into units, a batch at a time: in worker processes, one per
core, when there are several batches. This is where the pipeline meets the
annotation and RDF stages; :mod:`claimgraph.pipeline.run` imports it only
when a run has something to map."""

from __future__ import annotations

import multiprocessing
import time as time_module
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from datetime import datetime
from pathlib import Path
from typing import Any

from rdflib import URIRef

from claimgraph.annotation.corpus import (
    Corpus,
    LoadedArticle,
    LoadedRegistry,
    claim_references,
    load_files,
    load_registry,
    referenced_articles,
    text_path_of,
)
from claimgraph.annotation.files import REGISTRY_NAME
from claimgraph.cores import usable_cores
from claimgraph.errors import ClaimgraphError, ErrorList
from claimgraph.pipeline.cluster import check_worker_sees, current
from claimgraph.pipeline.units import Unit, file_stat, relative
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.nquads import Writer, as_stored


def map_batch(
    root: Path,
    batch: list[Path],
    wanted: set[str],
    minter: Minter,
    time: datetime,
    registry: LoadedRegistry | ClaimgraphError | None = None,
) -> tuple[list[Unit], list[ClaimgraphError], int]:
    """Map the articles of ``batch`` (and the registry, if wanted): their units,
    or the errors found (returned, not raised: this may run in another process).
    ``registry``: loaded already (see :func:`load_files`)."""
    try:
        corpus = load_files(root, batch, keep_going=True, registry=registry)
        dataset = build_dataset(corpus, minter, time, registry=REGISTRY_NAME in wanted)
    except ErrorList as exc:
        return [], list(exc.errors), len(batch)
    except ClaimgraphError as exc:
        return [], [exc], len(batch)
    units = units_of(dataset, corpus, minter, wanted)
    for unit in units:
        unit.content  # noqa: B018 (computed here, in the worker)
    return units, [], len(batch)


def map_on_worker(
    root: Path,
    batch: list[Path],
    wanted: set[str],
    minter: Minter,
    time: datetime,
    registry: LoadedRegistry | ClaimgraphError | None,
) -> tuple[list[Unit], list[ClaimgraphError], int]:
    """:func:`map_batch` on a Dask worker, which must see the batch's files as the
    build does (raised: the build stops, naming the worker)."""
    check_worker_sees(root, batch)
    return map_batch(root, batch, wanted, minter, time, registry)


def map_all(
    root: Path, batches: list[tuple[list[Path], set[str]]], minter: Minter, time: datetime
) -> Iterator[tuple[list[Unit], list[ClaimgraphError], int]]:
    """Map every batch: on the cluster's workers with ``--scheduler`` (see
    :mod:`claimgraph.pipeline.cluster`); else in worker processes, one per
    core, when there are several batches; else here."""
    cluster = current()
    if cluster is not None:  # the workers read the files at the same, absolute, paths
        root = root.absolute()
        batches = [([p.absolute() for p in batch], wanted) for batch, wanted in batches]
    registry = _load_registry(root)  # once, not once a batch
    if cluster is not None:
        futures = [
            cluster.executor.submit(map_on_worker, root, batch, wanted, minter, time, registry)
            for batch, wanted in batches
        ]
        try:
            for future in as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
        return
    workers = min(usable_cores(), len(batches))
    if workers < 2:
        for batch, wanted in batches:
            yield map_batch(root, batch, wanted, minter, time, registry)
        return
    global _registry
    _registry = registry
    context = multiprocessing.get_context("fork")  # the modules are loaded already
    try:
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [
                pool.submit(_map_forked, root, batch, wanted, minter, time)
                for batch, wanted in batches
            ]
            for future in as_completed(futures):
                yield future.result()
    finally:
        _registry = None


_registry: LoadedRegistry | ClaimgraphError | None = None


def _map_forked(
    root: Path, batch: list[Path], wanted: set[str], minter: Minter, time: datetime
) -> tuple[list[Unit], list[ClaimgraphError], int]:
    return map_batch(root, batch, wanted, minter, time, _registry)


def _load_registry(root: Path) -> LoadedRegistry | ClaimgraphError:
    try:
        return load_registry(root / REGISTRY_NAME, root, partial=True)
    except ClaimgraphError as exc:
        return exc


def units_of(dataset: Dataset, corpus: Corpus, minter: Minter, wanted: set[str]) -> list[Unit]:
    """The units of the graphs mapped from the files ``wanted`` (relative paths)."""
    root = corpus.root
    by_file: dict[str, dict[str, tuple[str, int | None]]] = {}
    for node, where in dataset.origins.items():
        try:
            name = relative(Path(where.file), root)
        except ValueError:
            continue
        by_file.setdefault(name, {})[str(node)] = (name, where.line)
    warnings: dict[str, list[tuple[int | None, str]]] = {}
    for warning in dataset.warnings:
        if warning.location is not None:
            name = relative(Path(warning.location.file), root)
            warnings.setdefault(name, []).append((warning.location.line, warning.message))
    writer = Writer()

    def unit(name: str, graph: URIRef, **more: Any) -> Unit:
        """The unit of ``graph``, mapped from the file ``name``."""
        return Unit(
            name=name,
            graph=str(graph),
            nquads=writer.lines(dataset.triples[graph], graph),
            sources=[(s.relative, s.sha256) for s in dataset.sources[graph]],
            origins=by_file.get(name, {}),
            warnings=warnings.get(name, []),
            **more,
        )

    units = []
    ids = {a.id: a for a in corpus.articles}
    if corpus.registry.source is not None and REGISTRY_NAME in wanted:
        units.append(unit(REGISTRY_NAME, minter.graph_registry()))
    for article in corpus.articles:
        name = relative(article.annotation_source.path, root)  # as listed, links unfollowed
        if name not in wanted:
            continue
        graph = minter.graph_article(article.id)
        # every article reached by following references: a relaying claim's label
        # and topic follow its whole chain
        reached: set[str] = set()
        pending = list(referenced_articles(article))
        while pending:
            other = pending.pop()
            if other in ids and other not in reached and other != article.id:
                reached.add(other)
                pending += referenced_articles(ids[other])
        refs = {
            relative(ids[o].annotation_source.path, root): ids[o].annotation_source.sha256
            for o in sorted(reached)
        }
        text_path = text_path_of(article.annotation_source.path, article.model)
        stats = {
            "annotation": file_stat(article.annotation_source.path),
            "text": file_stat(text_path),
            "written": [time_module.time_ns()],
        }
        text = (relative(text_path, root), article.text_source.sha256)
        units.append(
            unit(
                name,
                graph,
                refs=refs,
                text=text,
                stats=stats,
                draft=article.model.article.is_draft,
                draft_refs=_draft_refs(article, ids, root),
            )
        )
    stored = as_stored({u.graph: u.nquads for u in units})
    for made in units:
        made.nquads = stored[made.graph]
    return units


def _draft_refs(
    article: LoadedArticle, ids: dict[str, LoadedArticle], root: Path
) -> list[tuple[str, int | None, str]]:
    """The claims of unreviewed drafts that ``article`` names: what it could
    not publish without them (a draft names a draft's claims freely)."""
    if article.model.article.is_draft:
        return []
    found = []
    for ref, path in claim_references(article):
        other = ids.get(ref.split("/", 1)[0])
        if other is not None and other.model.article.is_draft:
            draft = relative(other.annotation_source.path, root)
            found.append((ref, article.lines.line(path), draft))
    return found
