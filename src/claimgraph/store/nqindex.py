"""The index of a build's N-Quads dump: where each graph's lines are in
``claimgraph.nq`` and their SHA-256 digest, so that ``claimgraph publish``
need not read and hash the whole dump (749 MB at 10,000 articles) to learn
which graphs changed.

The build writes it beside the dumps, as ``claimgraph.nq.index.json``, from
what it knows while writing them (a graph it copies from the last build's
dump keeps the digest recorded then). It is JSON::

    {"format": "claimgraph-nq-index/1",
     "dump": {"size": …, "mtime_ns": …, "ctime_ns": …, "inode": …, "device": …},
     "graphs": [[IRI, OFFSET, LENGTH, SHA256], …]}

``dump`` is ``claimgraph.nq`` as the build left it: the index describes that
file only while it is the same file, unchanged since (an edit changes its
change time, ``ctime``, which no one but the kernel sets; a copy is another
inode). ``graphs``: each graph with at least one line, in the dump's order (of
the graphs' IRIs): the byte offset and length of its lines, and the SHA-256
of those bytes (lowercase hex) — the digest publish records in the store's
manifest.

:func:`read_index` gives the index only when it is that: the file it names,
well formed, its graphs covering the dump from its first byte to its last,
in order, each span's first and last line ending with its graph's term.
Publish then still hashes the bytes of the graphs it sends, and hashes the
whole dump when one of them is not what the index says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NQUADS_DUMP = "claimgraph.nq"
INDEX_FILE = "claimgraph.nq.index.json"
FORMAT = "claimgraph-nq-index/1"

_SHA256 = re.compile(r"[0-9a-f]{64}\Z")
_IRI = re.compile(r"[^<>\s]+\Z")


@dataclass(frozen=True)
class Span:
    """One graph's lines in the dump."""

    iri: str
    start: int
    end: int
    digest: str


def dump_stat(path: Path) -> dict[str, int]:
    """What identifies the file at ``path`` as it is now."""
    st = path.stat()
    return {
        "size": st.st_size,
        "mtime_ns": st.st_mtime_ns,
        "ctime_ns": st.st_ctime_ns,
        "inode": st.st_ino,
        "device": st.st_dev,
    }


def write_index(folder: Path, graphs: list[tuple[str, int, int, str]]) -> Path:
    """Write the index of ``folder``'s dump, whose graphs are ``graphs`` (IRI,
    offset, length, SHA-256), once the dump is written and closed."""
    path = folder / INDEX_FILE
    document = {
        "format": FORMAT,
        "dump": dump_stat(folder / NQUADS_DUMP),
        "graphs": [list(entry) for entry in graphs],
    }
    path.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    return path


class Untrusted(Exception):
    """The index does not describe the dump (the message says why)."""


def read_index(folder: Path, data: Any) -> list[Span]:
    """The graphs of ``folder``'s dump, whose bytes (as it is now) are
    ``data``, as its index records them; :class:`Untrusted` when there is no
    index, or it does not describe the dump as it is."""
    path = folder / INDEX_FILE
    try:
        text = path.read_bytes()
    except FileNotFoundError:
        raise Untrusted(
            f"the build has no {INDEX_FILE} (a build of an earlier version: build again)"
        ) from None
    except OSError as exc:
        raise Untrusted(f"cannot read {INDEX_FILE}: {exc.strerror}") from None
    try:
        document = json.loads(text)
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise Untrusted(f"{INDEX_FILE} is not of the format {FORMAT}")
        if document.get("dump") != dump_stat(folder / NQUADS_DUMP):
            raise Untrusted(
                f"{NQUADS_DUMP} is not the file {INDEX_FILE} describes "
                "(changed, copied or replaced since the build wrote it)"
            )
        spans = [_entry(item) for item in document["graphs"]]
    except (KeyError, TypeError, ValueError, RecursionError):
        raise Untrusted(f"{INDEX_FILE} is damaged") from None
    _check_spans(spans, data)
    return spans


def _entry(item: Any) -> Span:
    iri, offset, length, digest = item
    if not (
        isinstance(iri, str)
        and _IRI.match(iri)
        and type(offset) is int
        and type(length) is int
        and offset >= 0
        and length > 0
        and isinstance(digest, str)
        and _SHA256.match(digest)
    ):
        raise ValueError(item)
    return Span(iri, offset, offset + length, digest)


def _check_spans(spans: list[Span], data: Any) -> None:
    """The spans cover ``data`` in order, each a run of its graph's lines (its
    first and last line end with the graph's term)."""
    end = 0
    previous = ""
    for entry in spans:
        suffix = f" <{entry.iri}> .\n".encode()
        first = data.find(b"\n", entry.start, entry.end)
        if (
            entry.start != end
            or entry.iri <= previous
            or entry.end > len(data)
            or data[entry.end - len(suffix) : entry.end] != suffix
            or first + 1 - len(suffix) < entry.start
            or data[first + 1 - len(suffix) : first + 1] != suffix
        ):
            raise Untrusted(f"{INDEX_FILE} does not match {NQUADS_DUMP}")
        end, previous = entry.end, entry.iri
    if end != len(data):
        raise Untrusted(f"{INDEX_FILE} does not match {NQUADS_DUMP}")
