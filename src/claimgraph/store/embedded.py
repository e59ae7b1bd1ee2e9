"""The embedded Oxigraph store: built once from a dataset, reopened after.

A store folder holds the RocksDB files and ``claimgraph-store.json``, which
records what it was built from (a digest of the source files) so that ``serve``
can reopen it without rebuilding while the corpus is unchanged. A store is
built in a temporary folder and renamed into place, so a failed build leaves
the previous store as it was.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from claimgraph.errors import ClaimgraphError, Location
from claimgraph.store.atomic import replacing

META = "claimgraph-store.json"


@dataclass(frozen=True)
class StoreInfo:
    """What a store holds and was built from."""

    source_digest: str
    built: str  # ISO 8601 build time
    quads: int
    graphs: list[str]
    revision: int = 0  # times the published files were rewritten after updates
    base: str | None = None  # the base IRI its data was minted under

    @property
    def built_at(self) -> datetime:
        return datetime.fromisoformat(self.built)


def write_store(
    path: Path,
    quads: list[ox.Quad],
    source_digest: str,
    built: datetime,
    extras: Callable[[Path], None] | None = None,
    base: str | None = None,
) -> StoreInfo:
    """Build a store at ``path`` from ``quads``, replacing any previous one.
    ``extras`` writes further files (dumps, VoID) into the new store folder
    before it replaces the old one."""
    _check_replaceable(path)
    with replacing(path) as staging:
        store = ox.Store(str(staging / "db"))
        store.bulk_extend(quads)
        store.optimize()
        store.flush()
        del store
        graphs = sorted(
            {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        )
        info = StoreInfo(source_digest, built.isoformat(), len(quads), graphs, base=base)
        write_info(staging, info)
        if extras is not None:
            extras(staging)
    return info


def copy_store(
    path: Path,
    source: ox.Store,
    more: list[ox.Quad],
    source_digest: str,
    built: datetime,
    extras: Callable[[Path], None] | None = None,
    base: str | None = None,
) -> StoreInfo:
    """Build a store at ``path`` holding what ``source`` holds and ``more``,
    replacing any previous one: an on-disk ``source`` is copied by a RocksDB
    backup (hard links on the same file system), an in-memory one a chunk of
    quads at a time. ``extras`` as for :func:`write_store`."""
    _check_replaceable(path)
    with replacing(path) as staging:
        db = staging / "db"
        try:
            source.backup(str(db))
            store = ox.Store(str(db))
        except (OSError, RuntimeError, ValueError):  # in memory: copied quad by quad
            shutil.rmtree(db, ignore_errors=True)
            store = ox.Store(str(db))
            chunk: list[ox.Quad] = []
            for quad in source:
                chunk.append(quad)
                if len(chunk) >= 100_000:
                    store.bulk_extend(chunk)
                    chunk = []
            store.bulk_extend(chunk)
        store.bulk_extend(more)
        store.optimize()
        store.flush()
        graphs = sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))
        info = StoreInfo(source_digest, built.isoformat(), len(store), graphs, base=base)
        del store
        write_info(staging, info)
        if extras is not None:
            extras(staging)
    return info


def _check_replaceable(path: Path) -> None:
    if path.exists() and not (path / META).exists():
        raise ClaimgraphError(
            "refusing to replace this folder: it is not a claimgraph store",
            Location(path),
            hint="choose another --store",
        )


def write_info(path: Path, info: StoreInfo) -> None:
    """Write the store's record, replacing the previous one whole."""
    staged = path / (META + ".tmp")
    staged.write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    staged.replace(path / META)


def read_info(path: Path) -> StoreInfo | None:
    """The store's record, or ``None`` if there is no store at ``path``."""
    try:
        data = json.loads((path / META).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        raise ClaimgraphError(f"unreadable store record: {exc}", Location(path / META)) from None
    try:
        return StoreInfo(**data)
    except TypeError:  # not an object, or other fields than a store record has
        raise ClaimgraphError(
            "unreadable store record: not what claimgraph writes", Location(path / META)
        ) from None


def db_path(path: Path) -> Path:
    return path / "db"


def dumps_path(path: Path) -> Path:
    return path / "dumps"


def void_path(path: Path) -> Path:
    return path / "void.ttl"
