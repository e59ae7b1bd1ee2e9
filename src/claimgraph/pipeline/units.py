"""What the pipeline keeps of each file it maps: a :class:`Unit`, the named
graph made from one annotation file (or the registry) with what it depends on.
Light to import: a run that redoes nothing reads units and maps nothing."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Unit:
    """One named graph as the mapper made it, with what it depends on."""

    name: str  # the file it is mapped from, relative to the corpus
    graph: str
    nquads: str
    sources: list[tuple[str, str]]  # (relative path, SHA-256) of the files it derives from
    origins: dict[str, tuple[str, int | None]]  # node IRI -> (file, line)
    refs: dict[str, str] = field(default_factory=dict)  # other annotations read -> SHA-256
    text: tuple[str, str] | None = None  # the article's text file and its SHA-256
    # (size, mtime in ns) of the annotation and the text when mapped, and when
    # the entry was made: a file unchanged since is not read again
    stats: dict[str, list[int]] = field(default_factory=dict)
    draft: bool = False  # an unreviewed draft (status: draft), published only when asked
    # the claims of drafts it names: (ARTICLE/CLAIM, its line, the draft's file)
    draft_refs: list[tuple[str, int | None, str]] = field(default_factory=list)
    # what its file keeps as written but a user should look at: (line, message)
    warnings: list[tuple[int | None, str]] = field(default_factory=list)

    digest: str = ""  # of the N-Quads, which may be dropped once kept in the cache
    # mapped by this run: its N-Quads in the cache were written by it, and are
    # read back without checking them against the digest
    fresh: bool = field(default=False, compare=False)

    @property
    def content(self) -> str:
        if not self.digest:
            self.digest = hashlib.sha256(self.nquads.encode()).hexdigest()
        return self.digest

    def as_json(self) -> dict[str, Any]:
        """Everything but the N-Quads (kept beside, read only when needed)."""
        return {
            "name": self.name,
            "graph": self.graph,
            "content": self.content,
            "sources": self.sources,
            "refs": self.refs,
            "text": self.text,
            "stats": self.stats,
            "draft": self.draft,
            "draft_refs": self.draft_refs,
            "warnings": self.warnings,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Unit | None:
        try:
            return cls(
                name=str(data["name"]),
                graph=str(data["graph"]),
                nquads="",
                digest=str(data["content"]),
                sources=[(str(a), str(b)) for a, b in data["sources"]],
                origins={},  # kept apart, read when a report needs them (see _Origins)
                refs={str(k): str(v) for k, v in as_object(data["refs"]).items()},
                text=(str(data["text"][0]), str(data["text"][1])) if data["text"] else None,
                stats={str(k): [int(n) for n in v] for k, v in as_object(data["stats"]).items()},
                draft=data["draft"] is True,
                draft_refs=[
                    (str(ref), None if line is None else int(line), str(draft))
                    for ref, line, draft in data["draft_refs"]
                ],
                warnings=[
                    (None if line is None else int(line), str(message))
                    for line, message in data["warnings"]
                ],
            )
        except (KeyError, TypeError, ValueError, IndexError):
            return None


def relative(path: Path, root: Path) -> str:
    """The name of ``path`` under the corpus folder ``root``, as it is joined
    to ``root`` again to read it: relative to ``root`` when ``path`` is
    written under it, else ``path`` itself (an absolute ``text:`` in a corpus
    given by a relative path: the file was checked to be in the corpus)."""
    if path.parent == root:  # an annotation file: the common case, and quick
        return path.name
    if path.is_absolute() != root.is_absolute():
        return path.as_posix() if path.is_absolute() else (Path.cwd() / path).as_posix()
    return path.relative_to(root).as_posix()


def file_stat(path: Path) -> list[int]:
    try:
        st = path.stat()
    except OSError:
        return []
    return [st.st_size, st.st_mtime_ns]


def as_object(value: object) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value
