"""The index of a build's N-Quads dump: where each graph's lines are in
``claimgraph.nq`` and their SHA-256 digest, so that ``claimgraph publish``
need not read and hash the whole dump (749 MB at 10,000 articles) to learn
which graphs changed.

The build writes it beside the dumps, as ``claimgraph.nq.index.json``, once
the dump is written, from what it knows while writing them (a graph it copies
from the last build's dump keeps the digest recorded then). It is JSON, the
same for two builds of the same input as the dumps are::

    {"format": "claimgraph-nq-index/1", "size": SIZE,
     "graphs": [[IRI, OFFSET, LENGTH, SHA256], …]}

``size`` is the dump's, in bytes; ``graphs`` each graph with at least one
line, in the dump's order (of the graphs' IRIs): the byte offset and length
of its lines, and the SHA-256 of those bytes (lowercase hex), the digest
publish records in the store's manifest.

:func:`read_index` gives the index only when it describes the dump as it is:
the dump not changed since the index was written (its change time, ``ctime``,
which no one but the kernel sets and any write or rename sets to the time of
it, not after the index's), of the size it gives; the index well formed, its
graphs covering the dump from its first byte to its last, in order, each
after the other. Publish then still reads the graphs it sends, checks that
each is a run of its graph's lines of the digest the index gives, and hashes
the whole dump when one of them is not.
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


def write_index(folder: Path, graphs: list[tuple[str, int, int, str]]) -> Path:
    """Write the index of ``folder``'s dump, whose graphs are ``graphs`` (IRI,
    offset, length, SHA-256), once the dump is written and closed."""
    path = folder / INDEX_FILE
    document = {
        "format": FORMAT,
        "size": (folder / NQUADS_DUMP).stat().st_size,
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
        changed = (folder / NQUADS_DUMP).stat().st_ctime_ns > path.stat().st_ctime_ns
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
        if changed or document.get("size") != len(data):
            raise Untrusted(
                f"{NQUADS_DUMP} changed since {INDEX_FILE} was written "
                "(edited, or replaced, after the build)"
            )
        spans = [_entry(item) for item in document["graphs"]]
    except (KeyError, TypeError, ValueError, RecursionError):
        raise Untrusted(f"{INDEX_FILE} is damaged") from None
    _check_spans(spans, len(data))
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


def _check_spans(spans: list[Span], size: int) -> None:
    """The spans cover the dump's ``size`` bytes in order, graph after graph.
    (Whether a span holds its graph's lines is known once its bytes are read:
    reading a byte of each graph of a dump not in the page cache reads all of
    it, as hashing it would.)"""
    end = 0
    previous = ""
    for span in spans:
        if span.start != end or span.iri <= previous:
            raise Untrusted(f"{INDEX_FILE} does not match {NQUADS_DUMP}")
        end, previous = span.end, span.iri
    if end != size:
        raise Untrusted(f"{INDEX_FILE} does not match {NQUADS_DUMP}")


def holds(data: Any, span: Span) -> bool:
    """Whether ``span`` of ``data`` is a run of lines of its graph: its first
    and last line end with the graph's term."""
    suffix = f" <{span.iri}> .\n".encode()
    first = data.find(b"\n", span.start, span.end)
    return bool(
        span.end <= len(data)
        and data[span.end - len(suffix) : span.end] == suffix
        and first + 1 - len(suffix) >= span.start
        and data[first + 1 - len(suffix) : first + 1] == suffix
    )
