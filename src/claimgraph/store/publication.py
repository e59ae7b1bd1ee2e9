"""The files published beside the store: the dumps (each also gzipped) and
the VoID description. Written when the store is built, and written again from
the store after updates, so that what is downloaded matches what is queried."""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.rdfinput import from_ox
from claimgraph.store.dumps import write_dumps, write_store_dumps
from claimgraph.store.embedded import StoreInfo, dumps_path, void_path, write_info
from claimgraph.store.void import VOID_PREFIXES, describe


def write_publication(
    folder: Path, dataset: Dataset | None, store: ox.Store, base: str, time: datetime
) -> None:
    """Write the dumps of ``dataset`` (None: of ``store``, which holds only named
    graphs) and the VoID description of ``store`` into the store folder ``folder``."""
    dumps = dumps_path(folder)
    dumps.mkdir(exist_ok=True)
    if dataset is not None:
        written = write_dumps(dataset, dumps)
    else:
        written = write_store_dumps(store, dumps).paths
    for path in written:
        with (
            path.open("rb") as source,
            open(f"{path}.gz", "wb") as raw,
            gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as target,  # reproducible
        ):
            shutil.copyfileobj(source, target)
    void = describe(store, base, time)
    void_path(folder).write_bytes(
        ox.serialize(void, format=ox.RdfFormat.TURTLE, prefixes=VOID_PREFIXES) or b""
    )


# A file in the store folder while the store holds writes that the published
# files do not: made when a write is accepted, removed once they are rewritten,
# so that a restart brings them up to date even if no one asked before it.
UNPUBLISHED = ".unpublished"


# The number of writes accepted since the store was built from its sources:
# a rebuild would lose them, so it is refused while there are any (serve's
# --discard-updates rebuilds anyway), and serving says so.
UPDATES = ".updates"


def mark_unpublished(folder: Path) -> None:
    """Record an accepted write: the published files are out of date, and the
    store no longer matches its sources."""
    (folder / UNPUBLISHED).touch()
    (folder / UPDATES).write_text(str(accepted_updates(folder) + 1), encoding="ascii")


def accepted_updates(folder: Path) -> int:
    """How many writes were accepted since the store was built (0 if none)."""
    try:
        return int((folder / UPDATES).read_text(encoding="ascii"))
    except (FileNotFoundError, ValueError):
        return 0


def is_unpublished(folder: Path) -> bool:
    return (folder / UNPUBLISHED).exists()


def republish(
    folder: Path, store: ox.Store, info: StoreInfo, base: str, time: datetime
) -> StoreInfo:
    """Rewrite the dumps, the VoID description and the store's record from the
    store as it is now (after updates): each file is replaced whole, so a
    download in progress finishes with the file it began. The dumps hold the
    named graphs (as the built ones do); triples written to the store's own
    default graph are queryable but not dumped."""
    dataset = Dataset()
    for quad in store.quads_for_pattern(None, None, None, None):
        if isinstance(quad.graph_name, ox.NamedNode):
            graph = dataset.graphs.setdefault(URIRef(quad.graph_name.value), Graph())
            graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    with tempfile.TemporaryDirectory(dir=folder, prefix=".republish-") as staging:
        staged = Path(staging)
        write_publication(staged, dataset, store, base, time)
        for path in dumps_path(staged).iterdir():
            os.replace(path, dumps_path(folder) / path.name)
        os.replace(void_path(staged), void_path(folder))
    graphs = sorted(str(name) for name in dataset.graphs)
    updated = StoreInfo(
        info.source_digest, time.isoformat(), len(store), graphs, info.revision + 1, info.base
    )
    write_info(folder, updated)
    (folder / UNPUBLISHED).unlink(missing_ok=True)
    return updated
