"""What the web tier reads the dataset through, and the embedded kind of it.

Two seams, each with two implementations; the app picks one pair at start:

* a query backend (:class:`Backend`): queries and writes. The embedded store's
  is ``executor.QueryExecutor`` (query processes over the store folder); a
  remote store's is ``remote.RemoteBackend`` (HTTP to an Oxigraph server that
  ``claimgraph publish`` filled, read-only);
* what is published beside the data (:class:`Publication`): the dataset's
  record (its version, for ETags), its VoID description and its dumps. The
  embedded store's are files in the store folder (:class:`EmbeddedPublication`),
  written when it is built and rewritten after updates; a remote store's are
  read from the store (``remote.RemotePublication``: the manifest's version,
  VoID computed from the store, the dumps streamed from it graph by graph).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import Protocol

import anyio
import pyoxigraph as ox
from fastapi import Response
from fastapi.responses import FileResponse

from claimgraph.store.dumps import DUMPS
from claimgraph.store.embedded import StoreInfo, dumps_path, void_path
from claimgraph.store.publication import republish
from claimgraph.web.executor import QueryExecutor
from claimgraph.web.querytypes import QueryRequest, QueryResponse, WriteRequest
from claimgraph.web.settings import ServerSettings


class Backend(Protocol):
    """Where queries run and writes go."""

    revision: int  # writes applied since it started (a remote store's: none)
    modified: datetime | None  # when the last one was
    protections: str  # what keeps queries in bounds, for the start-up line

    async def start(self) -> None: ...

    async def close(self) -> None: ...

    async def query(self, request: QueryRequest) -> QueryResponse:
        """The result, or the ``QueryError`` that says why not."""
        ...

    async def write(self, request: WriteRequest) -> int:
        """Apply ``request``; the HTTP status that reports it."""
        ...


class Publication(Protocol):
    """The dataset's record, VoID description and dumps."""

    record: StoreInfo  # as last known (the ETags' version)
    streamed: bool  # whether the dumps are streamed from the store (else files, gzipped too)

    async def refresh(self) -> None:
        """Bring ``record`` up to date if it may be stale (called for each request)."""
        ...

    async def info(self) -> StoreInfo:
        """The record, with what it describes up to date (after updates too)."""
        ...

    async def void(self) -> list[ox.Triple]: ...

    def listing(self) -> list[dict[str, str]]:
        """Each dump: name, format, media type, size and size gzipped, as shown."""
        ...

    def has_gzip(self, name: str) -> bool: ...

    async def dump(self, name: str, gzip: bool, media: str, headers: dict[str, str]) -> Response:
        """The dump ``name`` (gzipped if ``gzip``), with ``headers``."""
        ...


def size_text(path: Path) -> str:
    size = path.stat().st_size if path.exists() else 0
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""


class EmbeddedPublication:
    """The files beside the embedded store: the record, ``void.ttl`` and the
    dumps, written again from the store (once per change, whoever asks first)
    after updates."""

    streamed = False

    def __init__(
        self, settings: ServerSettings, record: StoreInfo, executor: QueryExecutor
    ) -> None:
        self.settings = settings
        self.record = record
        self.executor = executor
        self.published_revision = 0  # the executor's revision the files match
        self._publishing = asyncio.Lock()

    async def refresh(self) -> None:
        return None  # the record changes only with writes, which this process applies

    async def info(self) -> StoreInfo:
        executor = self.executor
        if executor.revision != self.published_revision:
            async with self._publishing:
                revision, modified = executor.revision, executor.modified
                if revision != self.published_revision:
                    assert modified is not None  # set by each write
                    self.record = await anyio.to_thread.run_sync(
                        republish,
                        self.settings.store,
                        executor.snapshot(),
                        self.record,
                        self.settings.base_iri,
                        modified,
                    )
                    self.published_revision = revision
        return self.record

    async def void(self) -> list[ox.Triple]:
        path = void_path(self.settings.store)
        if not path.exists():
            return []
        return list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))

    def listing(self) -> list[dict[str, str]]:
        folder = dumps_path(self.settings.store)
        return [
            {
                "name": dump.filename,
                "format": dump.format.name,
                "media_type": dump.format.media_type,
                "size": size_text(folder / dump.filename),
                "gzipped": size_text(folder / f"{dump.filename}.gz"),
            }
            for dump in DUMPS
        ]

    def has_gzip(self, name: str) -> bool:
        return (dumps_path(self.settings.store) / f"{name}.gz").exists()

    async def dump(self, name: str, gzip: bool, media: str, headers: dict[str, str]) -> Response:
        path = dumps_path(self.settings.store) / (f"{name}.gz" if gzip else name)
        return FileResponse(path, media_type=media, headers=headers)
