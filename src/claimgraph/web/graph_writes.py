"""A Graph Store write (PUT or POST of an RDF graph) as one SPARQL Update.

The body is parsed whole before anything changes: a body that does not parse
changes nothing. Then the write is one update (``CLEAR`` and ``INSERT DATA``
for a PUT), which Oxigraph applies in one transaction: queries see the graph as
it was or as it is written, never empty in between, and a write that fails
leaves it as it was. The triples are written in the update as Oxigraph itself
writes them (N-Triples, whose terms SPARQL reads as they are).
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from claimgraph.sparql import MAX_DEPTH as MAX_NESTING

# What the body's triples may take once written out in full (prefixes expanded),
# in times the body's size: Turtle or JSON-LD written out take a few times
# theirs; a long prefix used by a thousand short names would take far more.
MAX_EXPANSION = 64
MIN_EXPANDED = 1024 * 1024

_TEXT_FORMATS = (
    ox.RdfFormat.TURTLE,
    ox.RdfFormat.TRIG,
    ox.RdfFormat.N_TRIPLES,
    ox.RdfFormat.N_QUADS,
    ox.RdfFormat.N3,
)
_TRIPLE_TERM = re.compile(rb"<<\s*\(|\)\s*>>")


class TooLarge(ValueError):
    """The graph, written out, would be too large to apply."""


def triple_term_depth(data: bytes) -> int:
    """How deep the triple terms ``<<( … )>>`` of a Turtle-like text nest, at
    most (a string that holds ``<<(`` counts too: a bound, not a parse)."""
    depth = deepest = 0
    for match in _TRIPLE_TERM.finditer(data):
        depth = depth + 1 if match.group().startswith(b"<") else max(depth - 1, 0)
        deepest = max(deepest, depth)
    return deepest


def graph_update(
    data: bytes, fmt: ox.RdfFormat, graph: str | None, base_iri: str | None, *, replace: bool
) -> str:
    """The update that adds the graph ``data`` (in ``fmt``) to ``graph`` (None:
    the default graph), or replaces it with it (``replace``). Raises
    ``SyntaxError`` when ``data`` does not parse (or holds named graphs: a
    Graph Store write is one graph), ``ValueError`` when it cannot be applied."""
    if fmt in _TEXT_FORMATS and (depth := triple_term_depth(data)) > MAX_NESTING:
        raise ValueError(
            f"triple terms <<( … )>> nested {depth} deep: the limit is {MAX_NESTING}, as for "
            "queries (their parsers recurse once per level)"
        )
    target = str(ox.NamedNode(graph)) if graph else None
    limit = max(MAX_EXPANSION * len(data), MIN_EXPANDED)
    size = 0
    lines: list[str] = []
    for quad in ox.parse(
        data, fmt, base_iri=base_iri, without_named_graphs=True, rename_blank_nodes=True
    ):
        line = f"{quad.triple} .\n"
        size += len(line)
        if size > limit:
            raise TooLarge(
                f"the graph takes over {limit} bytes written out in full ({MAX_EXPANSION} times "
                "the request's size, at least 1 MiB): send it in N-Triples, or in parts with POST"
            )
        lines.append(line)
    triples = "".join(lines)
    cleared = f"GRAPH {target}" if target else "DEFAULT"
    clear = f"CLEAR SILENT {cleared} ;\n" if replace else ""
    insert = f"GRAPH {target} {{\n{triples}}}" if target else triples
    return f"{clear}INSERT DATA {{\n{insert}}}"
