"""What the server needs to know of a query's or update's text without
parsing it: whether it names its own dataset, and where the protocol's
dataset goes into an update.

A tokenizer skips IRIs, strings and comments, so that keywords are only
found where they are keywords; braces give the nesting depth."""

from __future__ import annotations

import re
from collections.abc import Iterator

_TOKEN = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<comment>\#[^\n]*)
      | (?P<open>\{)
      | (?P<close>\})
      | (?P<word>[?$]?[A-Za-z_][\w-]*(?::[\w.-]*)?)""",
    re.VERBOSE,
)


class DatasetConflict(ValueError):
    """The update names its own dataset and the request gave one too."""


def _keywords(text: str) -> Iterator[tuple[int, int, str]]:
    """(position, brace depth, upper-cased word) of each bare word, and of braces."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "open":
            yield match.start(), depth, "{"
            depth += 1
        elif kind == "close":
            depth -= 1
            yield match.start(), depth, "}"
        elif kind == "word":
            yield match.start(), depth, match.group().upper()


def has_dataset_clause(query: str) -> bool:
    """Whether the query names its own dataset (FROM / FROM NAMED), so that the
    union default graph must not replace it. FROM is a keyword nowhere else."""
    if "from" not in query.lower():  # most queries: no need to tokenise
        return False
    return any(word == "FROM" for _, _, word in _keywords(query))


def with_using(update: str, default: list[str], named: list[str]) -> str:
    """``update`` with the protocol's ``using-graph-uri`` (``default``) and
    ``using-named-graph-uri`` (``named``) written in as USING / USING NAMED
    clauses of each DELETE/INSERT ... WHERE operation, as the SPARQL 1.1
    Protocol defines them. Raises ``DatasetConflict`` if the update has its own
    USING or WITH (the protocol calls that an error)."""
    if not default and not named:
        return update
    clauses = " ".join(
        [f"USING <{iri}>" for iri in default] + [f"USING NAMED <{iri}>" for iri in named]
    )
    inserts = []
    previous = ""
    for position, depth, word in _keywords(update):
        if depth == 0:
            if word in ("USING", "WITH"):
                raise DatasetConflict(
                    f"the update has its own {word} clause and the request gives "
                    "using-graph-uri / using-named-graph-uri: give one or the other"
                )
            if word == "WHERE" and previous != "DELETE":  # not the DELETE WHERE shorthand
                inserts.append(position)
            previous = word
    for position in reversed(inserts):
        update = f"{update[:position]}{clauses} {update[position:]}"
    return update
