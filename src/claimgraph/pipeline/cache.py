"""The build cache: what each article and the registry mapped to, the store of
the last run and its validation results, kept between runs so that a build or
a validation redoes only what an edit changed.

One folder per corpus and base IRI under the cache root
(``$CLAIMGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/claimgraph``, else
``~/.cache/claimgraph``), never inside the corpus: a corpus received from
someone else cannot bring a cache that would publish something its files do
not say. Entries are JSON and N-Quads text in SQLite (nothing is unpickled);
each is keyed by the digests of everything its output depends on, so a stale
or damaged entry is a miss, never a wrong result. A run holds the folder's
lock; a second run at the same time on the same corpus goes without the cache.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from claimgraph import __version__

# Bump when what is cached changes shape or meaning.
CACHE_FORMAT = 8

TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by claimgraph.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)


def default_root() -> Path:
    configured = os.environ.get("CLAIMGRAPH_CACHE_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "claimgraph"


def digest(*parts: object) -> str:
    """A key over ``parts`` (and the cache format and claimgraph's version)."""
    text = json.dumps([CACHE_FORMAT, __version__, *parts], sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


class Cache:
    """The cache folder of one corpus and base IRI, open for one run."""

    def __init__(self, folder: Path, db: sqlite3.Connection, lock: int) -> None:
        self.folder = folder
        self._db = db
        self._lock = lock

    @property
    def store_path(self) -> Path:
        return self.folder / "store"

    def get(self, table: str, name: str, key: str) -> dict[str, Any] | None:
        """The entry ``name`` if it was stored under ``key``; None otherwise,
        and for an entry that cannot be read."""
        try:
            row = self._db.execute(
                f"SELECT key, data FROM {table} WHERE name = ?", (name,)
            ).fetchone()
            if row is None or row[0] != key:
                return None
            data = json.loads(row[1])
        except (sqlite3.Error, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def entries(self, table: str) -> dict[str, tuple[str, dict[str, Any]]]:
        """Every entry of ``table``: name -> (key, data), in one read (a corpus of
        10,000 articles asked one by one spends a third of a second on it)."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        try:
            rows = self._db.execute(f"SELECT name, key, data FROM {table}").fetchall()
        except sqlite3.Error:
            return found
        for name, key, text in rows:
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict):
                found[name] = (key, data)
        return found

    def put(
        self,
        table: str,
        name: str,
        key: str,
        data: dict[str, Any],
        text: str = "",
        extra: str = "",
    ) -> None:
        """Keep ``data`` (JSON), and ``text`` and ``extra``, each read apart (see
        :meth:`text`, :meth:`extras`)."""
        with suppress(sqlite3.Error):
            self._db.execute(
                f"INSERT OR REPLACE INTO {table} (name, key, data, text, extra) "
                "VALUES (?, ?, ?, ?, ?)",
                (name, key, json.dumps(data), text, extra),
            )

    def extras(self, table: str, names: set[str]) -> dict[str, str]:
        """The ``extra`` of the entries ``names``, in one read."""
        try:
            rows = self._db.execute(f"SELECT name, extra FROM {table}").fetchall()
        except sqlite3.Error:
            return {}
        return {name: extra for name, extra in rows if name in names and isinstance(extra, str)}

    def text(self, table: str, name: str) -> str | None:
        """The text kept with the entry ``name``."""
        try:
            row = self._db.execute(f"SELECT text FROM {table} WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def reader(self) -> Reader:
        """A read-only connection of its own, for another thread to read texts
        (as of the last commit) while this one goes on."""
        return Reader(self.folder / "cache.sqlite")

    def delete(self, table: str, name: str) -> None:
        with suppress(sqlite3.Error):
            self._db.execute(f"DELETE FROM {table} WHERE name = ?", (name,))

    def commit(self) -> None:
        with suppress(sqlite3.Error):
            self._db.commit()

    def close(self) -> None:
        with suppress(sqlite3.Error):
            self._db.close()
        os.close(self._lock)


class Reader:
    """Reads texts of the cache from any one thread (see :meth:`Cache.reader`)."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._db: sqlite3.Connection | None = None

    def text(self, table: str, name: str) -> str | None:
        """The text kept with the entry ``name``; None if it cannot be read."""
        try:
            if self._db is None:
                uri = f"{self._path.absolute().as_uri()}?mode=ro"
                self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            row = self._db.execute(f"SELECT text FROM {table} WHERE name = ?", (name,)).fetchone()
        except sqlite3.Error:
            return None
        return row[0] if row and isinstance(row[0], str) else None

    def close(self) -> None:
        if self._db is not None:
            with suppress(sqlite3.Error):
                self._db.close()
            self._db = None


_TABLES = ("units", "runs")


@contextmanager
def opened(root: Path | None, corpus: Path, base: str) -> Iterator[tuple[Cache | None, str]]:
    """The cache of ``corpus`` under ``root`` (default: :func:`default_root`),
    and a note when it cannot be used (None then: the run goes without)."""
    folder = (root or default_root()) / digest(str(corpus.resolve()), base)[:24]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tag = folder / "CACHEDIR.TAG"
        if not tag.exists():
            tag.write_text(TAG, encoding="utf-8")
        lock = os.open(folder / "lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:
        yield None, f"the cache at {folder} cannot be used ({exc.strerror}): building without it"
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(lock)
        yield None, f"another claimgraph run is using the cache at {folder}: building without it"
        return
    db = _connect(folder / "cache.sqlite")
    if db is None:
        os.close(lock)
        yield None, f"the cache at {folder} cannot be opened: building without it"
        return
    cache = Cache(folder, db, lock)
    try:
        yield cache, ""
    finally:
        cache.close()


def _connect(path: Path) -> sqlite3.Connection | None:
    for attempt in range(2):
        try:
            db = sqlite3.connect(path, isolation_level="DEFERRED")
            if db.execute("PRAGMA user_version").fetchone()[0] != CACHE_FORMAT:
                for table in _TABLES:  # written by another version: start again
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute(f"PRAGMA user_version = {CACHE_FORMAT}")
            for table in _TABLES:
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} "
                    "(name TEXT PRIMARY KEY, key TEXT NOT NULL, data TEXT NOT NULL, "
                    "text TEXT NOT NULL DEFAULT '', extra TEXT NOT NULL DEFAULT '')"
                )
            db.execute("PRAGMA journal_mode=WAL")
            return db
        except sqlite3.Error:
            if attempt == 0:  # damaged: start again with an empty cache
                with suppress(OSError):
                    path.unlink()
    return None
