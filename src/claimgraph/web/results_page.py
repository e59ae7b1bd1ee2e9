"""SPARQL results as a page, for browsers: a client that prefers HTML (a link
followed from the landing page) sees the query and its results as a table, as
Fuseki and Virtuoso show them, with labels beside the dataset's IRIs and links
to their pages; machine clients keep the format they ask for."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from fastapi import Request, Response

from claimgraph.web import describe
from claimgraph.web.executor import QueryExecutor, QueryRequest

RESULTS_JSON = "application/sparql-results+json"
GRAPH_TEXT = "text/turtle"
LABELS_LIMIT = 500  # IRIs whose labels are looked up for one page


async def results_page(http: Request, executor: QueryExecutor, request: QueryRequest) -> Response:
    """Run ``request`` for a browser and answer with the page of its results."""
    from claimgraph.web.pages import _context, templates  # the pages' look and links

    settings = http.app.state.settings
    table = await executor.query(
        dataclasses.replace(request, accept=f"{RESULTS_JSON}, {GRAPH_TEXT};q=0.9")
    )
    context: dict[str, Any] = {"query": request.query, "variables": [], "rows": []}
    if table.media_type == RESULTS_JSON:
        data = json.loads(table.body)
        if "boolean" in data:
            context["boolean"] = data["boolean"]
        else:
            context["variables"] = data["head"]["vars"]
            context["rows"] = data["results"]["bindings"]
            context["labels"] = await _labels(executor, context["rows"])
    else:
        context["graph"] = table.body.decode("utf-8", "replace")
    return templates.TemplateResponse(
        http, "results.html", _context(http, settings, **context), headers={"Vary": "Accept"}
    )


async def _labels(executor: QueryExecutor, rows: list[dict[str, Any]]) -> dict[str, str]:
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
