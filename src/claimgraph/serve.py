"""``claimgraph serve``: build, validate and load the corpus into the store,
or reopen a store built earlier from the same sources, then serve it."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from claimgraph import __version__
from claimgraph.corpus import load_corpus
from claimgraph.dumps import ox_quads, write_dumps
from claimgraph.errors import ClaimgraphError, Location
from claimgraph.iris import Minter
from claimgraph.mapping import build_dataset, build_time
from claimgraph.store import StoreInfo, db_path, dumps_path, read_info, void_path, write_store
from claimgraph.validation import Report, validate_graph
from claimgraph.void import VOID_PREFIXES, describe


@dataclass(frozen=True)
class Prepared:
    info: StoreInfo | None  # None when nothing could be loaded
    rebuilt: bool
    report: Report | None  # None when the store was reused


def source_digest(shas: list[str], base_iri: str) -> str:
    """What a store is built from: the source files, the base IRI, the version."""
    text = "\n".join([__version__, base_iri, *sorted(shas)])
    return hashlib.sha256(text.encode()).hexdigest()


def prepare_store(
    corpus_dir: Path | None,
    store: Path,
    minter: Minter,
    *,
    rebuild: bool = False,
    allow_violations: bool = False,
) -> Prepared:
    """Make sure ``store`` holds the validated corpus. A store built from the
    same sources is reused unless ``rebuild``. Raises when there is neither a
    corpus nor a store; returns the report (not conforming) without loading
    when the data has violations and ``allow_violations`` is off."""
    existing = read_info(store)
    if corpus_dir is None:
        if existing is None:
            raise ClaimgraphError(
                "no store to serve", Location(store), hint="give a corpus folder to build one"
            )
        return Prepared(existing, False, None)
    corpus = load_corpus(corpus_dir)
    digest = source_digest([s.sha256 for s in corpus.sources], minter.base)
    if existing is not None and existing.source_digest == digest and not rebuild:
        return Prepared(existing, False, None)
    time = build_time()
    dataset = build_dataset(corpus, minter, time)
    report = validate_graph(dataset.union(), dataset.origins)
    if not report.conforms and not allow_violations:
        return Prepared(existing, False, report)

    def extras(folder: Path) -> None:
        """Dumps (each also gzipped) and the VoID description, beside the store."""
        dumps = dumps_path(folder)
        dumps.mkdir()
        for path in write_dumps(dataset, dumps):
            with (
                path.open("rb") as source,
                open(f"{path}.gz", "wb") as raw,
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as target,  # reproducible
            ):
                shutil.copyfileobj(source, target)
        db = ox.Store.read_only(str(db_path(folder)))
        void = describe(db, minter.base, time)
        void_path(folder).write_bytes(
            ox.serialize(void, format=ox.RdfFormat.TURTLE, prefixes=VOID_PREFIXES) or b""
        )

    info = write_store(store, ox_quads(dataset), digest, time, extras)
    return Prepared(info, True, report)
