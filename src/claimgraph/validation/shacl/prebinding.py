"""SHACL-SPARQL queries (§5, §6): the restrictions on them, and how their
pre-bound variables are bound.

The spec defines pre-binding as substituting the variables' values in the
query; Oxigraph's ``substitutions`` (SPARQL SEP-0007) does exactly that, one
focus node at a time. Most constraints are written so that all focus nodes
can be checked in one query: when the query has no sub-queries, unions or
nested groups in which ``$this`` could be read before it is bound, the focus
nodes are joined in at the start of its outermost group instead, which gives
the same solutions in one evaluation.
"""

from __future__ import annotations

import re

from claimgraph.validation.shacl.terms import ShapesError

# The queries are the shapes' own (SHACL-SPARQL constraints), not a client's: a
# tokenizer that skips IRIs, strings and comments is enough to find their
# keywords, variables and braces. The server reads clients' queries with
# claimgraph.sparql instead.
_TOKEN = re.compile(
    r"""(?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<long>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
      | (?P<string>"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<comment>\#[^\r\n]*)
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


def check(query: str, prebound: set[str], where: str) -> None:
    """Refuse what SHACL-SPARQL does not allow (§5.3.1): MINUS, VALUES,
    SERVICE, a pre-bound variable assigned with AS, a sub-query that does not
    name the pre-bound ``$this`` in its projection."""
    toks = tokens(query)
    selects = 0
    for i, (kind, value, _) in enumerate(toks):
        if kind == "word" and value in ("MINUS", "VALUES", "SERVICE"):
            raise ShapesError(f"{where}: SHACL-SPARQL queries may not use {value}")
        if kind == "word" and value == "AS" and i + 1 < len(toks):
            name = toks[i + 1][1]
            if toks[i + 1][0] == "var" and name[1:] in prebound:
                raise ShapesError(
                    f"{where}: the pre-bound variable ${name[1:]} is assigned with AS"
                )
        if kind == "word" and value == "SELECT":
            selects += 1
            if selects > 1 and "this" in prebound:
                projection = _projection(toks, i)
                if "?this" not in projection:
                    raise ShapesError(
                        f"{where}: a sub-query must name the pre-bound $this in its projection"
                    )


def _projection(toks: list[tuple[str, str, int]], select: int) -> list[str]:
    names = []
    for kind, value, _ in toks[select + 1 :]:
        if kind == "open" or (kind == "word" and value in ("WHERE", "FROM")):
            break
        names.append(value)
    return names


def joinable(query: str) -> bool:
    """Whether the focus nodes can be joined in at the start of the query's
    outermost group with the same solutions as binding ``$this`` one focus
    node at a time."""
    toks = tokens(query)
    outer = next((i for i, t in enumerate(toks) if t[0] == "open"), None)
    if outer is None:
        return False
    depth = 0
    for i, (kind, value, _) in enumerate(toks):
        if kind == "word" and value in ("UNION", "GROUP", "HAVING", "LIMIT", "OFFSET"):
            return False
        if kind == "word" and value == "SELECT" and i > outer:
            return False
        if kind == "open":
            depth += 1
            if i > outer:
                before = toks[i - 1][1] if i else ""
                graph = i >= 2 and toks[i - 2][1] == "GRAPH"
                if before not in ("OPTIONAL", "EXISTS") and not graph:
                    return False
        elif kind == "close":
            depth -= 1
    return True


def join_focus(query: str, focus: str) -> str:
    """``query`` with the focus pattern at the start of its outermost group,
    and ``?this`` in its projection."""
    toks = tokens(query)
    outer = next(t for t in toks if t[0] == "open")
    position = outer[2] + 1
    text = f"{query[:position]} {focus} {query[position:]}"
    select = next((i for i, t in enumerate(toks) if t[1] == "SELECT"), None)
    if select is not None:
        projection = _projection(toks, select)
        if "*" not in projection and "?this" not in projection:
            at = toks[select][2] + len("SELECT")
            for _kind, value, pos in toks[select + 1 : select + 2]:
                if value in ("DISTINCT", "REDUCED"):
                    at = pos + len(value)
            text = f"{text[:at]} ?this{text[at:]}"
    return text


def substitute_path(query: str, path: str) -> str:
    """``query`` with ``$PATH`` replaced by the shape's SPARQL path."""
    return substitute(query, "PATH", path)


def substitute(query: str, name: str, text: str) -> str:
    """``query`` with the variable ``name`` written as ``text`` wherever it
    occurs outside a SELECT projection (where it stays a variable)."""
    pieces = []
    last = 0
    in_projection = False
    toks = tokens(query)
    for i, (kind, value, position) in enumerate(toks):
        if kind == "word" and value == "SELECT":
            in_projection = True
        elif kind == "open" or (kind == "word" and value in ("WHERE", "FROM")):
            in_projection = False
        if kind == "var" and value == f"?{name}" and not in_projection:
            end = position + len(name) + 1
            replacement = text
            # BOUND($x) of a pre-bound variable is true (BOUND takes only a variable)
            if (
                i >= 2
                and toks[i - 2][1] == "BOUND"
                and toks[i - 1][1] == "("
                and i + 1 < len(toks)
                and toks[i + 1][1] == ")"
            ):
                position, end, replacement = toks[i - 2][2], toks[i + 1][2] + 1, "(true)"
            pieces.append(query[last:position])
            pieces.append(replacement)
            last = end
    pieces.append(query[last:])
    return "".join(pieces)


def variables(query: str) -> set[str]:
    return {value[1:] for kind, value, _ in tokens(query) if kind == "var"}
