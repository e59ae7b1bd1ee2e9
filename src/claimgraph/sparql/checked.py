"""What a parse yields: the canonical text the server sends to the engine, and
what the server's policy needs to know of it."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

from claimgraph.sparql.errors import DatasetConflict, SparqlSyntaxError, TooDeep
from claimgraph.sparql.grammar import Parser

# The default limit on the depth of a text's tree (the server's setting max_nesting)
MAX_DEPTH = 100
_NOT_IRIREF = re.compile(r'[<>"{}|^`\\\x00-\x20]').search
# Python frames the parser may use per level of depth (see grammar), and a margin
FRAMES_PER_LEVEL = 4
FRAMES_MARGIN = 1000


@dataclass(frozen=True)
class Checked:
    """A query or update as the parser read it.

    ``text`` is what the server sends to the engine: the engine can only see a
    SERVICE or LOAD the parser saw as a keyword. ``depth`` is the depth of the
    expression and pattern tree (see ``grammar``). ``remote`` holds ("SERVICE"
    or "LOAD", IRI) for each remote call, the IRI None where it is a variable
    (or an IRI the engine would resolve into another). ``dataset_clause`` says
    whether the query names its own dataset (FROM / FROM NAMED)."""

    text: str
    depth: int
    remote: tuple[tuple[str, str | None], ...]
    dataset_clause: bool
    # offsets in ``text`` of each DELETE/INSERT ... WHERE's WHERE; the update's own
    # USING or WITH, if any
    _using_at: tuple[int, ...] = field(default=(), repr=False)
    _own_dataset: str | None = field(default=None, repr=False)

    def with_using(self, default: list[str], named: list[str]) -> str:
        """``text`` with the protocol's ``using-graph-uri`` (``default``) and
        ``using-named-graph-uri`` (``named``) written in as USING / USING NAMED
        clauses of each DELETE/INSERT ... WHERE operation (not the DELETE WHERE
        shorthand), as the SPARQL 1.1 Protocol defines them. Raises
        ``DatasetConflict`` if the update has its own USING or WITH (the
        protocol calls that an error), ValueError for an IRI that an IRIREF
        cannot hold."""
        if not default and not named:
            return self.text
        if self._own_dataset is not None:
            raise DatasetConflict(
                f"the update has its own {self._own_dataset} clause and the request gives "
                "using-graph-uri / using-named-graph-uri: give one or the other"
            )
        for iri in (*default, *named):
            if not iri or _NOT_IRIREF(iri):
                raise ValueError(f"not an IRI that SPARQL can write between < and >: {iri!r}")
        clauses = " ".join(
            [f"USING <{iri}>" for iri in default] + [f"USING NAMED <{iri}>" for iri in named]
        )
        text = self.text
        for offset in reversed(self._using_at):
            text = f"{text[:offset]}{clauses} {text[offset:]}"
        return text


def check_query(text: str, *, max_depth: int) -> Checked:
    """Parse a SPARQL 1.1 query. Raises SparqlSyntaxError, or TooDeep as soon as
    the tree is deeper than ``max_depth``."""
    return _check(text, max_depth, update=False)


def check_update(text: str, *, max_depth: int) -> Checked:
    """Parse a SPARQL 1.1 update (a sequence of operations)."""
    return _check(text, max_depth, update=True)


def _check(text: str, max_depth: int, update: bool) -> Checked:
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise SparqlSyntaxError(
                text, exc.start, "a Unicode character", "half of a surrogate pair"
            ) from None
    frames = FRAMES_PER_LEVEL * max_depth + FRAMES_MARGIN
    if sys.getrecursionlimit() < frames:
        sys.setrecursionlimit(frames)  # raised once, never lowered
    parser = Parser(text, max_depth)
    try:
        depth = parser.update() if update else parser.query()
    except RecursionError:  # only if the caller's own stack was already deep
        raise TooDeep(max_depth) from None
    out = parser.out
    offsets, at, length = [], 0, -1
    for index in parser.using_at:  # the character offset of out[index] in the joined text
        length += sum(len(token) + 1 for token in out[at:index])
        at = index
        offsets.append(length + 1)
    return Checked(
        " ".join(out),
        depth,
        tuple(parser.remote),
        parser.dataset,
        tuple(offsets),
        parser.own_dataset,
    )
