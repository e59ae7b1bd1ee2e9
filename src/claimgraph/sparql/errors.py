"""What the parser raises: a syntax error located in the text the client sent,
a text nested too deeply, an update whose dataset conflicts with the request's."""

from __future__ import annotations

import re

_LINE_END = re.compile(r"\r\n|\r|\n")


def location(text: str, position: int) -> tuple[int, int]:
    """(line, column) of ``position`` in ``text``, both from 1; a line ends at
    CR, LF or CRLF."""
    line, start = 1, 0
    for match in _LINE_END.finditer(text, 0, position):
        line, start = line + 1, match.end()
    return line, position - start + 1


def shown(found: str) -> str:
    """A token as an error message shows it."""
    if not found:
        return "the end of the text"
    if len(found) > 30:
        found = found[:27] + "..."
    return repr(found)


class SparqlSyntaxError(ValueError):
    """The text is not SPARQL 1.1 as claimgraph's endpoint accepts it. The
    message reads "line L, column C: expected X, found Y"."""

    def __init__(self, text: str, position: int, expected: str, found: str) -> None:
        line, column = location(text, position)
        super().__init__(f"line {line}, column {column}: expected {expected}, found {found}")
        self.line, self.column = line, column


class TooDeep(ValueError):
    """The text's tree (expressions, patterns, paths) is deeper than the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"nested more than {limit} levels deep (setting max_nesting)")
        self.limit = limit


class DatasetConflict(ValueError):
    """The update names its own dataset (USING, WITH) and the request gave one too."""
