"""Exceptions claimgraph raises for bad input.

Every error a user can cause is a :class:`ClaimgraphError`: it names the value,
the file and line it came from, and what would fix it. The CLI prints it on
stderr and exits with status 2; no traceback, nothing written.

    ClaimgraphError
    ├── ErrorList           several of the errors below, found in one run: every error of
    │                       a corpus is reported at once, grouped by file, each with its line
    ├── InputError          a file cannot be read or parsed (missing, not UTF-8, bad YAML/RDF)
    ├── AnnotationError     an annotation is well-formed but wrong (unknown or duplicate ID,
    │                       invalid date, invalid IRI, a field of the wrong type)
    │   └── DependentError  a reference to an entry that failed to load: it follows from
    │                       that entry's own error, so it is not reported again
    └── AnchorError         a quote is not found verbatim, or found more than once
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


def _escape(char: str) -> str:
    """``char``, not printable, as an escape: ``\\x1b``, ``\\u202e``; a byte of a
    file name that is not UTF-8 (kept by os.fsdecode as a lone surrogate) as
    the byte (``\\xff``)."""
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")


def _unsafe(char: str) -> bool:
    # not printable: control characters (C0, DEL, C1), format characters (the
    # bidi overrides U+202E and the like), separators other than space, lone
    # surrogates, unassigned code points
    return not char.isprintable()


def _escaped(char: str) -> str:
    if char in "\\'":
        return "\\" + char
    return _escape(char) if _unsafe(char) else char


def quoted(path: Path | str) -> str:
    """``path`` in quotes, with every control character, and every byte of the
    name that is not UTF-8, escaped (``'bad\\xff.yaml'``, ``'a\\nb.yaml'``):
    always one line, whatever the name holds."""
    return "'" + "".join(_escaped(c) for c in str(path)) + "'"


def printable(text: str, keep: str = "") -> str:
    """``text`` as it may be printed on a terminal: every character that is
    not printable escaped, as in :func:`quoted` (an escape sequence that would
    retitle the window or clear the screen, a bidi override that would turn a
    line around, a line break that would forge a line), but those in ``keep``.
    Every message claimgraph prints goes through it, with the values it holds."""
    if text.isprintable():
        return text
    return "".join(_escape(c) if _unsafe(c) and c not in keep else c for c in text)


def shown(path: Path | str) -> str:
    """``path`` as is, when it is an ordinary name; :func:`quoted` when it holds a
    control character or a byte that is not UTF-8, so that no name can forge a
    line of the output."""
    text = str(path)
    if text.isprintable() and not any(0xDC80 <= ord(c) <= 0xDCFF for c in text):
        return text
    return quoted(text)


@dataclass(frozen=True)
class Location:
    """Where a value came from: a file and, when known, a 1-based line (and column)."""

    file: Path
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        # FILE:LINE(:COLUMN), the form editors jump to; a name with control
        # characters is quoted (see :func:`shown`).
        name = shown(self.file)
        if self.line is None:
            return name
        return f"{name}:{self.line}" + (f":{self.column}" if self.column is not None else "")


@dataclass(frozen=True)
class InputWarning:
    """Something of the input kept as written that a user should look at, not an
    error: a time expression no date can be resolved from. Reports list them
    apart from the validation results; they change no exit status."""

    location: Location | None
    message: str

    def __str__(self) -> str:
        where = f"{self.location}: " if self.location else ""
        return f"{where}warning: {printable(self.message)}"


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
        # the values a message or hint holds (a headline, a quote, a passage of
        # the text) are printed as they may be (see :func:`printable`)
        message = printable(self.message)
        text = f"{self.location}: {message}" if self.location else message
        if self.hint:
            text += "\n  " + printable(self.hint, keep="\n").replace("\n", "\n  ")
        return text


class InputError(ClaimgraphError):
    """A file is missing, unreadable, not UTF-8, or not parseable as YAML or RDF."""


class AnnotationError(ClaimgraphError):
    """An annotation parses but says something invalid."""


class DependentError(AnnotationError):
    """A check that cannot be made because what it depends on failed to load (a
    reference to an entry left out for its own errors): :class:`Collector` drops
    it, since the error it follows from is reported already."""


class AnchorError(AnnotationError):
    """A quote, cue or description cannot be anchored in the article's text."""


def _sort_key(error: ClaimgraphError) -> tuple[str, int]:
    if error.location is None:
        return ("", 0)
    return (str(error.location.file), error.location.line or 0)


class ErrorList(ClaimgraphError):
    """Several errors found in one run, sorted by file and line."""

    def __init__(self, errors: list[ClaimgraphError]) -> None:
        self.errors = sorted(errors, key=_sort_key)
        files = {str(e.location.file) for e in self.errors if e.location is not None}
        super().__init__(
            f"{len(self.errors)} errors in {len(files)} file{'s' if len(files) != 1 else ''}"
        )

    def __str__(self) -> str:
        return "\n".join([self.message, *(str(e) for e in self.errors)])


class Collector:
    """Gathers the errors of a run, so that all of them are reported at once.

    >>> errors = Collector()
    >>> with errors.collect():
    ...     raise AnnotationError("first")
    >>> with errors.collect():
    ...     raise AnnotationError("second")
    >>> len(errors.errors)
    2
    """

    def __init__(self) -> None:
        self.errors: list[ClaimgraphError] = []

    @contextmanager
    def collect(self) -> Iterator[None]:
        try:
            yield
        except ClaimgraphError as exc:
            self.collect_error(exc)

    def collect_error(self, error: ClaimgraphError) -> None:
        found = error.errors if isinstance(error, ErrorList) else [error]
        self.errors += [e for e in found if not isinstance(e, DependentError)]

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_any(self) -> None:
        """Raise the one error, or an :class:`ErrorList` of several; nothing if none."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise ErrorList(self.errors)
