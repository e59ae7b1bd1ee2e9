"""Exceptions claimgraph raises for bad input.

Every error a user can cause is a :class:`ClaimgraphError`: it names the value,
the file and line it came from, and what would fix it. The CLI prints it on
stderr and exits with status 2; no traceback, nothing written.

    ClaimgraphError
    ├── InputError          a file cannot be read or parsed (missing, not UTF-8, bad YAML/RDF)
    ├── AnnotationError     an annotation is well-formed but wrong (unknown or duplicate ID,
    │                       invalid date, invalid IRI, a field of the wrong type)
    └── AnchorError         a quote is not found verbatim, or found more than once
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file and, when known, a 1-based line."""

    file: Path
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else str(self.file)


class ClaimgraphError(Exception):
    """Bad input: ``message`` says what is wrong, ``hint`` how to fix it."""

    def __init__(
        self, message: str, location: Location | None = None, hint: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += "\n  " + self.hint.replace("\n", "\n  ")
        return text


class InputError(ClaimgraphError):
    """A file is missing, unreadable, not UTF-8, or not parseable as YAML or RDF."""


class AnnotationError(ClaimgraphError):
    """An annotation parses but says something invalid."""


class AnchorError(AnnotationError):
    """A quote, cue or description cannot be anchored in the article's text."""
