"""The corpus as the editor sees it: which texts it has, which of them are
annotated and how far, and saving an annotation without losing anyone's edit.

A save names the version of the file the edit started from (the SHA-256 of
its bytes); if the file on disk is no longer that version (another tab, a text
editor, git pull), the save is refused as a conflict and nothing is written.
A save is written to a temporary file beside the annotation and renamed over
it, so that the file is the old one or the new one, never half of either.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from claimgraph.annotation.corpus import inside, read_yaml_file
from claimgraph.annotation.files import REGISTRY_NAME, annotation_files, write_atomically
from claimgraph.annotation.textio import (
    ANNOTATION_LIMIT,
    REGISTRY_LIMIT,
    TEXT_LIMIT,
    read_bytes,
    read_text,
)
from claimgraph.edit.roundtrip import as_yaml, merged
from claimgraph.errors import ClaimgraphError


class NotInCorpus(ClaimgraphError):
    """A name that is no article of the corpus (or a path outside it)."""


class Conflict(ClaimgraphError):
    """The file changed on disk since the edit began."""

    def __init__(self, message: str, current: str | None) -> None:
        super().__init__(message)
        self.current = current


def digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class ArticleFiles:
    name: str
    text: Path
    annotation: Path


@dataclass(frozen=True)
class Saved:
    digest: str | None
    written: bool
    layout_kept: bool


class CorpusFiles:
    """The texts and annotations of the corpus folder ``root``."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._lock = threading.Lock()

    def _listing(self) -> dict[str, ArticleFiles]:
        """Every article of the folder by name: a text, an annotation (.yaml or
        .yml, as every command reads them), or both."""
        annotations = {p.stem: p for p in annotation_files(self.root)}
        with os.scandir(self.root) as entries:
            texts = {
                e.name[: -len(".txt")]
                for e in entries
                if e.name.endswith(".txt") and not e.name.startswith(".") and e.is_file()
            }
        return {
            name: ArticleFiles(
                name, self.root / f"{name}.txt", annotations.get(name, self.root / f"{name}.yaml")
            )
            for name in texts | annotations.keys()
        }

    def listing(self) -> dict[str, ArticleFiles]:
        """One listing of the folder, for :meth:`article` to look names up in
        when it is asked for many."""
        return self._listing()

    def article(self, name: str, listing: dict[str, ArticleFiles] | None = None) -> ArticleFiles:
        """The files of the article ``name``: only a name the folder's listing
        (``listing``, else one made now) has (a path, '..', 'registry' or a
        file that does not exist is refused); a symbolic link out of the
        corpus is refused."""
        files = (self._listing() if listing is None else listing).get(name)
        if files is None:
            raise NotInCorpus(f"no article {name!r} in {self.root}")
        for path in (files.text, files.annotation):
            inside(path, self.root)
        return files

    def read_text(self, files: ArticleFiles) -> str:
        return read_text(files.text, TEXT_LIMIT)

    def read_annotation(self, files: ArticleFiles) -> bytes | None:
        if not files.annotation.exists():
            return None
        return read_bytes(files.annotation, ANNOTATION_LIMIT)

    def start(self, files: ArticleFiles, write: Callable[[], object]) -> None:
        """Start the annotation of ``files`` with ``write`` (as claimgraph new or
        draft), under the lock that saves take: never over an annotation."""
        with self._lock:
            if files.annotation.exists():
                raise Conflict(f"{files.annotation.name} exists already", None)
            write()

    @property
    def registry(self) -> Path:
        return self.root / REGISTRY_NAME

    def read_registry(self) -> bytes | None:
        if not self.registry.exists():
            return None
        inside(self.registry, self.root)
        return read_bytes(self.registry, REGISTRY_LIMIT)

    def save(self, files: ArticleFiles, data: Any, base: str | None) -> Saved:
        """Write ``data`` into the annotation, if the file is still the version
        ``base`` (its SHA-256; None: it did not exist). Only what changed is
        written anew (see :mod:`~claimgraph.edit.roundtrip`)."""
        with self._lock:
            current = self.read_annotation(files)
            return self._save(files.annotation, "annotation file", current, data, base)

    def save_registry(self, data: Any, base: str | None) -> Saved:
        """Write ``data`` into registry.yaml, as :meth:`save` writes an annotation."""
        with self._lock:
            return self._save(self.registry, REGISTRY_NAME, self.read_registry(), data, base)

    def _save(
        self, path: Path, kind: str, current: bytes | None, data: Any, base: str | None
    ) -> Saved:
        if digest(current) != base:
            raise Conflict(
                f"{path.name} changed on disk since it was opened "
                "(in another tab, another editor, or by git): nothing was written",
                digest(current),
            )
        if current is None:
            raise NotInCorpus(f"{path.name} does not exist: start it first")
        old = read_yaml_file(path, self.root, kind, current)[0]
        text, exact = merged(current.decode("utf-8"), old, data)
        new = text.encode("utf-8")
        if new == current:
            return Saved(digest(current), False, True)
        # what is written must read back as what was checked, value for value
        checked = read_yaml_file(path, self.root, kind, as_yaml(data))[0]
        if read_yaml_file(path, self.root, kind, new)[0] != checked:
            raise ClaimgraphError(
                f"{path.name}: the edit would be written as YAML that reads "
                "back differently from what was checked: nothing was written",
                hint="report this as a bug of claimgraph edit, with the edit you made",
            )
        write_atomically(path, new)
        return Saved(digest(new), True, exact)
