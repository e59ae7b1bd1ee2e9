"""The SPARQL 1.1 Graph Store HTTP Protocol at /store: GET and HEAD for
anyone; PUT, POST and DELETE only with --allow-update and the bearer token."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request, Response

from claimgraph.errors import ClaimgraphError
from claimgraph.rdf.iris import check_iri
from claimgraph.store.publication import mark_unpublished
from claimgraph.web.backend import Backend
from claimgraph.web.errors import ApiError
from claimgraph.web.executor import QueryRequest, WriteRequest
from claimgraph.web.formats import content_type
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sparql import authorise_write, get_executor, get_settings, read_body

router = APIRouter()
Executor = Annotated[Backend, Depends(get_executor)]
Settings = Annotated[ServerSettings, Depends(get_settings)]


def _target(request: Request) -> str | None:
    """The graph IRI of ``?graph=IRI``, or ``None`` for ``?default``."""
    params = parse_qs(request.url.query, keep_blank_values=True)
    graphs = params.get("graph", [])
    if ("default" in params) == bool(graphs) or len(graphs) > 1:
        raise ApiError(400, "give exactly one of ?default or ?graph=IRI")
    if not graphs:
        return None
    try:
        return check_iri(graphs[0], "?graph")
    except ClaimgraphError as exc:
        raise ApiError(400, exc.message) from None


@router.api_route("/store", methods=["GET", "HEAD"], summary="Read a graph (Graph Store Protocol)")
async def read_graph(request: Request, executor: Executor) -> Response:
    graph = _target(request)
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    if graph:
        exists = QueryRequest(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}", accept="text/csv")
        found = await executor.query(exists)
        if found.body.strip() != b"true":
            raise ApiError(404, f"no graph <{graph}> in the store")
    query = QueryRequest(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {where} }}",
        accept=request.headers.get("accept"),
        union_default_graph=False,
    )
    result = await executor.query(query)
    body = b"" if request.method == "HEAD" else result.body
    return Response(body, media_type=content_type(result.media_type), headers={"Vary": "Accept"})


@router.api_route("/store", methods=["PUT", "POST", "DELETE"], summary="Write a graph")
async def write_graph(request: Request, executor: Executor, settings: Settings) -> Response:
    authorise_write(request, settings)
    graph = _target(request)
    operation = request.method.lower()
    body = b"" if operation == "delete" else await read_body(request, settings)
    media = request.headers.get("content-type", "").split(";")[0].strip() or None
    if operation != "delete" and media is None:
        raise ApiError(415, "send the graph with its Content-Type (e.g. text/turtle)")
    base = settings.base_iri + "store"  # the configured IRI, never the Host header
    write = WriteRequest(operation, body, graph=graph, media_type=media, base_iri=base)
    status = await executor.write(write)
    mark_unpublished(settings.store)
    return Response(status_code=status)
