"""What the server needs to know of a query's or update's text without
parsing it: whether it names its own dataset, where the protocol's dataset
goes into an update, how deeply it nests, and which remote endpoints it would
make the server call (SERVICE, LOAD).

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
      | (?P<popen>[(\[])
      | (?P<pclose>[)\]])
      | (?P<var>[?$]\w+)
      | (?P<word>[A-Za-z_][\w-]*(?::[\w.-]*)?)
      | (?P<other>\S)""",
    re.VERBOSE,
)


def tokens(text: str) -> list[tuple[str, str, int]]:
    """(kind, text, position) of each token outside comments: ``iri``, ``long``
    and ``string`` literals, ``open``/``close`` braces, ``popen``/``pclose``
    brackets, ``var`` (written ``?name``), ``word`` (upper-cased unless it is
    a prefixed name), ``other`` (any other character)."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or ""
        if kind == "comment":
            continue
        value = match.group()
        if kind == "var":
            value = "?" + value[1:]
        elif kind == "word" and ":" not in value:
            value = value.upper()
        found.append((kind, value, match.start()))
    return found


class DatasetConflict(ValueError):
    """The update names its own dataset and the request gave one too."""


# Deeper nesting than this is refused before the engine sees the text: its parser
# recurses once per level, and a few thousand levels overflow its stack.
MAX_NESTING = 100


def nesting_depth(text: str) -> int:
    """The deepest nesting of ( [ { in ``text``, outside IRIs, strings and comments."""
    depth = deepest = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind in ("open", "popen"):
            depth += 1
            deepest = max(deepest, depth)
        elif kind in ("close", "pclose"):
            depth -= 1
    return deepest


def remote_targets(text: str) -> list[tuple[str, str | None]]:
    """The remote calls the text asks for: (keyword, IRI) for each SERVICE of a
    query or LOAD of an update; the IRI is None when it is not written out (a
    variable), so that it cannot be checked."""
    found: list[tuple[str, str | None]] = []
    pending: str | None = None
    for match in _TOKEN.finditer(text):
        kind, value = match.lastgroup, match.group()
        if kind == "word" and value.upper() in ("SERVICE", "LOAD"):
            pending = value.upper()
        elif pending is not None:
            if kind == "word" and value.upper() == "SILENT":
                continue
            found.append((pending, value[1:-1] if kind == "iri" else None))
            pending = None
    if pending is not None:
        found.append((pending, None))
    return found


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
