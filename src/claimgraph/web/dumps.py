"""Downloads: the whole dataset as N-Quads, TriG, Turtle and JSON-LD (gzip on
request, ETag and Last-Modified, streamed from disk so memory stays flat), one
article's graph in any RDF format, and the VoID description."""

from __future__ import annotations

import hashlib
from email.utils import format_datetime
from typing import Annotated
from urllib.parse import urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from claimgraph.store.dumps import DUMPS
from claimgraph.store.embedded import StoreInfo
from claimgraph.store.void import VOID_PREFIXES
from claimgraph.web.backend import Backend, Publication
from claimgraph.web.errors import ApiError
from claimgraph.web.executor import QueryRequest
from claimgraph.web.formats import GRAPH_FORMATS, content_type, negotiate, wants_html
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sparql import get_executor, get_info, get_publication, get_settings
from claimgraph.web.templating import description_page, page_context, templates

router = APIRouter()

MEDIA = {dump.filename: dump.format.media_type for dump in DUMPS}
MEDIA["context.jsonld"] = "application/ld+json"
EXTENSIONS = {
    f.file_extension: f for f in GRAPH_FORMATS if f not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
}


Info = Annotated[StoreInfo, Depends(get_info)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
Executor = Annotated[Backend, Depends(get_executor)]
Published = Annotated[Publication, Depends(get_publication)]


def _validators(info: StoreInfo, name: str, encoding: str = "") -> dict[str, str]:
    # changes with each build and each republication after updates, even within a second
    record = f"{info.source_digest} {info.built} {info.revision}"
    version = hashlib.sha256(record.encode()).hexdigest()[:20]
    etag = f'"{version}-{name}{"-" + encoding if encoding else ""}"'
    return {"ETag": etag, "Last-Modified": format_datetime(info.built_at, usegmt=True)}


def _not_modified(request: Request, headers: dict[str, str]) -> bool:
    tags = request.headers.get("if-none-match")
    if tags is not None:
        return headers["ETag"] in [t.strip() for t in tags.split(",")] or tags.strip() == "*"
    return False


def _accepts_gzip(request: Request) -> bool:
    """Whether ``Accept-Encoding`` accepts gzip (by name or ``*``) with q > 0."""
    weights: dict[str, float] = {}
    for part in request.headers.get("accept-encoding", "").split(","):
        coding, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if coding:
            weights[coding.lower()] = q
    return weights.get("gzip", weights.get("*", 0.0)) > 0


@router.get("/dumps", summary="Every dump, with its format and size", response_class=HTMLResponse)
async def dump_list(
    request: Request, info: Info, settings: Settings, publication: Published
) -> Response:
    dumps = publication.listing()
    prefix = f"{settings.base_iri}graph/article/"
    articles = [
        {"id": graph.removeprefix(prefix), "label": graph.removeprefix(prefix)}
        for graph in info.graphs
        if graph.startswith(prefix)
    ]
    return templates.TemplateResponse(
        request,
        "dumps.html",
        page_context(
            request,
            settings,
            dumps=dumps,
            articles=articles,
            extensions=sorted(EXTENSIONS),
            quads=info.quads,
            graphs=info.graphs,
            built=info.built,
            streamed=publication.streamed,
        ),
    )


@router.get("/dumps/", summary="A redirect (301) to /dumps", include_in_schema=False)
async def dump_list_slash(settings: Settings) -> RedirectResponse:
    """``/dumps/`` is the list at ``/dumps`` (a path under the base IRI's,
    never built from the Host header)."""
    return RedirectResponse(urlsplit(settings.base_iri).path + "dumps", status_code=301)


@router.get("/dumps/{name}", summary="A dump of the whole dataset")
async def dump(name: str, request: Request, info: Info, publication: Published) -> Response:
    if name not in MEDIA:
        raise ApiError(404, f"no dump named {name!r}; available: {', '.join(MEDIA)}")
    gzip_ok = _accepts_gzip(request) and publication.has_gzip(name)
    headers = _validators(info, name, "gzip" if gzip_ok else "")
    headers["Vary"] = "Accept-Encoding"
    if _not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    if gzip_ok:
        headers["Content-Encoding"] = "gzip"
    return await publication.dump(name, gzip_ok, content_type(MEDIA[name]), headers)


@router.get("/dumps/article/{filename}", summary="One article's named graph")
async def article_dump(
    filename: str, request: Request, info: Info, executor: Executor, settings: Settings
) -> Response:
    article, _, extension = filename.rpartition(".")
    if extension not in EXTENSIONS or not article:
        offered = ", ".join(sorted(EXTENSIONS))
        raise ApiError(
            404, f"give the article ID and an extension ({offered}), e.g. /dumps/article/ID.ttl"
        )
    graph = f"{settings.base_iri}graph/article/{article}"
    if graph not in info.graphs:
        raise ApiError(404, f"no article {article!r} in this dataset")
    headers = _validators(info, filename)
    if _not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    fmt = EXTENSIONS[extension]
    query = QueryRequest(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}",
        accept=fmt.media_type,
    )
    result = await executor.query(query)
    return Response(result.body, media_type=content_type(result.media_type), headers=headers)


@router.get("/.well-known/void", summary="VoID description of the dataset")
async def void(
    request: Request, info: Info, settings: Settings, publication: Published
) -> Response:
    """The VoID description: RDF by ``Accept``, a page for a browser."""
    accept = request.headers.get("accept")
    if wants_html(accept):
        headers = _validators(info, "void-html")
        if _not_modified(request, headers):
            return Response(status_code=304, headers={**headers, "Vary": "Accept"})
        described = await publication.void()
        return description_page(
            request, settings, "void", "VoID", described, VOID_PREFIXES, headers
        )
    chosen = negotiate(accept, GRAPH_FORMATS)
    if chosen is None or not isinstance(chosen.format, ox.RdfFormat):
        raise ApiError(406, "no acceptable RDF format for the VoID description")
    headers = _validators(info, "void-" + chosen.format.file_extension)
    headers["Vary"] = "Accept"
    if _not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    triples = await publication.void()
    body = ox.serialize(triples, format=chosen.format, prefixes=VOID_PREFIXES) or b""
    return Response(body, media_type=content_type(chosen.media_type), headers=headers)
