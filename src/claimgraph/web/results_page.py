"""SPARQL results as a page, for browsers: a client that prefers HTML (a link
followed from the landing page) sees the query and its results as a table, as
Fuseki and Virtuoso show them, with labels beside the dataset's IRIs and links
to their pages; machine clients keep the format they ask for.

A page shows the first ``max_page_rows`` rows (or triples) at most, and no
more of the result than ``PAGE_BYTES``; it says how many there are, and links
the whole result as CSV and JSON (Turtle and JSON-LD for a graph). The query
runs as any other, under the timeout and the result-size limit, and asks for
TSV (N-Triples for a graph), one line a row: counting the rows and parsing
the few shown costs little, whatever the result's size."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import anyio
import pyoxigraph as ox
from fastapi import Request, Response

from claimgraph.web import describe
from claimgraph.web.backend import Backend
from claimgraph.web.executor import QueryRequest
from claimgraph.web.templating import page_context, templates

TSV = "text/tab-separated-values"
LINES = f"{TSV}, application/n-triples;q=0.9"  # results one row (or triple) a line
LABELS_LIMIT = 500  # IRIs whose labels are looked up for one page
PAGE_BYTES = 1024 * 1024  # of the result, shown on one page at the most (one row at least)
CELL_CHARS = 2000  # characters of a value shown in a table


@dataclass(frozen=True)
class Shown:
    """The part of a result a page shows."""

    total: int  # rows (triples) in the whole result
    count: int  # rows (triples) shown
    variables: list[str]
    rows: list[dict[str, dict[str, str]]]  # as in SPARQL JSON results
    graph: str | None = None  # a graph result's first triples, as Turtle
    boolean: bool | None = None


def _lines(body: bytes, skip: int, most: int) -> tuple[int, int, int]:
    """Where the first ``most`` lines after the first ``skip`` end (within
    ``PAGE_BYTES``, one line at least), how many they are, and how many lines
    follow the first ``skip``."""
    start = end = 0
    for _ in range(skip):
        start = end = body.find(b"\n", end) + 1
    count = 0
    while count < most:
        newline = body.find(b"\n", end)
        if newline < 0 or (count and newline - start >= PAGE_BYTES):
            break
        end, count = newline + 1, count + 1
    return end, count, body.count(b"\n") - skip


def _cell(term: Any) -> dict[str, str]:
    value = term.value if len(term.value) <= CELL_CHARS else term.value[:CELL_CHARS] + " […]"
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": value}
    return {"type": "literal", "value": value}


def shown(body: bytes, media_type: str, most: int) -> Shown:
    """The first rows of a TSV result (or triples of an N-Triples one)."""
    if media_type.startswith(TSV):
        parsed = ox.parse_query_results(body, ox.QueryResultsFormat.TSV)
        if isinstance(parsed, ox.QueryBoolean):
            return Shown(0, 0, [], [], boolean=bool(parsed))
        end, count, total = _lines(body, 1, most)
        solutions = ox.parse_query_results(body[:end], ox.QueryResultsFormat.TSV)
        assert isinstance(solutions, ox.QuerySolutions)
        names = [v.value for v in solutions.variables]
        rows = [
            {name: _cell(term) for name, term in zip(names, solution, strict=True) if term}
            for solution in solutions
        ]
        return Shown(total, count, names, rows)
    end, count, total = _lines(body, 0, most)
    triples = ox.parse(body[:end], ox.RdfFormat.N_TRIPLES)
    turtle = (ox.serialize(triples, format=ox.RdfFormat.TURTLE) or b"").decode()
    return Shown(total, count, [], [], graph=turtle)


async def results_page(
    http: Request, executor: Backend, request: QueryRequest, query_text: str | None = None
) -> Response:
    """Run ``request`` for a browser and answer with the page of its first results,
    showing the query as ``query_text`` (the client's own text) if given."""

    settings = http.app.state.settings
    result = await executor.query(
        replace(request, accept=LINES)  # the whole request: its dataset too
    )
    most = settings.max_page_rows
    part = await anyio.to_thread.run_sync(shown, result.body, result.media_type, most)
    formats = [("CSV", "csv"), ("JSON", "json")]
    if part.graph is not None:
        formats = [("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt")]
    context: dict[str, Any] = {
        "query": request.query if query_text is None else query_text,
        "total": part.total,
        "variables": part.variables,
        "rows": part.rows,
        "shown": part.count,
        "downloads": [(label, f"{http.url.query}&format={name}") for label, name in formats],
    }
    if part.boolean is not None:
        context["boolean"] = part.boolean
    elif part.graph is not None:
        context["graph"] = part.graph
    else:
        context["labels"] = await _labels(executor, part.rows)
    return templates.TemplateResponse(
        http, "results.html", page_context(http, settings, **context), headers={"Vary": "Accept"}
    )


async def _labels(executor: Backend, rows: list[dict[str, Any]]) -> dict[str, str]:
    iris = sorted(
        {cell["value"] for row in rows for cell in row.values() if cell["type"] == "uri"}
    )[:LABELS_LIMIT]
    terms = [t for t in (describe.iri_ref(iri) for iri in iris) if t is not None]
    if not terms:
        return {}
    found = await describe.select(
        executor,
        f"SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {' '.join(terms)} }}"
        " ?s rdfs:label ?l } GROUP BY ?s",
    )
    return {row["s"]["value"]: row["label"]["value"] for row in found}
