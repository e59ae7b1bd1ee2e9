"""The editor modeline at the top of a new or drafted annotation:
``# yaml-language-server: $schema=PATH``.

``PATH`` must work on every machine that opens the file, so it never points
into wherever claimgraph happens to be installed (a virtual environment's
``site-packages`` is not in the user's repository):

* a ``schema/article.schema.json`` identical to claimgraph's, in the
  annotation's folder or a folder above it (a project that keeps the schema
  beside its corpus, as claimgraph's own ``seeds/`` do), is named by its path
  relative to the annotation;
* otherwise claimgraph keeps a copy in the corpus, ``.claimgraph/article.schema.json``
  (written if missing, replaced when claimgraph's schema has changed), and the
  modeline names that.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from claimgraph.annotation.files import write_atomically
from claimgraph.errors import ClaimgraphError, Location
from claimgraph.resources import schema_dir

SCHEMA_NAME = "article.schema.json"
LOCAL_FOLDER = ".claimgraph"


def _same_bytes(path: Path, content: bytes) -> bool:
    try:
        same_size = path.is_file() and path.stat().st_size == len(content)
        return same_size and path.read_bytes() == content
    except OSError:
        return False


@functools.cache
def _content() -> bytes:
    """claimgraph's schema (read once: `draft` of a folder writes many files)."""
    return (schema_dir() / SCHEMA_NAME).read_bytes()


def schema_reference(folder: Path) -> str:
    """The ``$schema`` path for an annotation written into ``folder``, relative
    to it (with ``/``). Writes nothing: :func:`keep_schema` does, once the
    annotation is written."""
    content = _content()
    folder = folder.resolve()
    for parent in (folder, *folder.parents):
        candidate = parent / "schema" / SCHEMA_NAME
        if _same_bytes(candidate, content):
            try:
                return Path(os.path.relpath(candidate, folder)).as_posix()
            except ValueError:  # another drive (Windows)
                break
    local = folder / LOCAL_FOLDER
    if local.is_symlink() or (local.exists() and not local.is_dir()):
        raise ClaimgraphError(
            "cannot keep the JSON Schema's copy here: not a folder",
            Location(local),
            hint=f"remove it or move it away: claimgraph writes {LOCAL_FOLDER}/{SCHEMA_NAME} there",
        )
    return f"{LOCAL_FOLDER}/{SCHEMA_NAME}"


def keep_schema(folder: Path, reference: str) -> None:
    """Write the corpus's copy of the schema if ``reference`` (from
    :func:`schema_reference`, which refuses a ``.claimgraph`` that is not a
    folder) names it and it is missing or out of date."""
    if reference != f"{LOCAL_FOLDER}/{SCHEMA_NAME}":
        return
    local = folder / LOCAL_FOLDER
    content = _content()
    copy = local / SCHEMA_NAME
    if not _same_bytes(copy, content):
        local.mkdir(exist_ok=True)
        write_atomically(copy, content)
