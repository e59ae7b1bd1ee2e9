"""Finding a corpus's files: ``registry.yaml`` and the annotation files beside
it, without reading them (see :mod:`claimgraph.annotation.corpus` for loading).
Light to import: a run with nothing to redo needs no more of this stage."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import InputError, Location

REGISTRY_NAME = "registry.yaml"
ANNOTATION_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    """A file the dataset is built from, with its digest."""

    path: Path
    relative: str  # to the corpus folder, with forward slashes
    sha256: str


def is_annotation_name(name: str) -> bool:
    """Whether a file of this name is an annotation (not the registry)."""
    return os.path.splitext(name)[1] in ANNOTATION_SUFFIXES and name != REGISTRY_NAME


def is_annotation_file(path: Path) -> bool:
    return is_annotation_name(path.name)


def annotation_files(folder: Path) -> list[Path]:
    # os.scandir knows most entries' type without a stat; sorted by name
    # (comparing Path objects costs ten times as much)
    with os.scandir(folder) as entries:
        names = [e.name for e in entries if is_annotation_name(e.name) and e.is_file()]
    return [folder / name for name in sorted(names)]


def corpus_files(folder: Path) -> list[Path]:
    """The annotation files of the corpus ``folder``; raises if there is none."""
    if not folder.exists():
        raise InputError("corpus folder not found", Location(folder))
    if not folder.is_dir():
        raise InputError("not a folder", Location(folder))
    files = annotation_files(folder)
    if not files:
        raise InputError(
            "no annotation files (*.yaml beside *.txt) in this folder",
            Location(folder),
            hint="create one with: claimgraph new ARTICLE.txt",
        )
    return files


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` as ``path``: into a temporary file beside it, flushed to
    disk, then renamed over it, so that the file is the old one or the new one,
    never half of either (a symbolic link in its place is replaced, not
    followed). An existing file keeps its permissions."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".writing", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        try:
            mode = path.lstat().st_mode & 0o777 if not path.is_symlink() else 0o644
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
