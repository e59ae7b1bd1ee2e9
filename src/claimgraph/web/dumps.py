"""Downloads: the whole dataset as N-Quads, TriG, Turtle and JSON-LD (gzip on
request, ETag and Last-Modified, streamed from disk so memory stays flat), one
article's graph in any RDF format, and the VoID description."""

from __future__ import annotations

import hashlib
from email.utils import format_datetime
from pathlib import Path
from typing import Annotated
from urllib.parse import urlsplit

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse

from claimgraph.store.dumps import DUMPS
from claimgraph.store.embedded import StoreInfo, dumps_path, void_path
from claimgraph.store.void import VOID_PREFIXES
from claimgraph.web.errors import ApiError
from claimgraph.web.executor import QueryExecutor, QueryRequest
from claimgraph.web.formats import GRAPH_FORMATS, content_type, negotiate, wants_html
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sparql import get_executor, get_info, get_settings
from claimgraph.web.templating import description_page, page_context, templates

router = APIRouter()

MEDIA = {dump.filename: dump.format.media_type for dump in DUMPS}
MEDIA["context.jsonld"] = "application/ld+json"
EXTENSIONS = {
    f.file_extension: f for f in GRAPH_FORMATS if f not in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG)
}


Info = Annotated[StoreInfo, Depends(get_info)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
Executor = Annotated[QueryExecutor, Depends(get_executor)]


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


def _size(path: Path) -> str:
    size = path.stat().st_size if path.exists() else 0
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:,} {unit}" if unit == "bytes" else f"{size:,.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""


@router.get("/dumps", summary="Every dump, with its format and size", response_class=HTMLResponse)
async def dump_list(request: Request, info: Info, settings: Settings) -> Response:

    folder = dumps_path(settings.store)
    dumps = [
        {
            "name": dump.filename,
            "format": dump.format.name,
            "media_type": dump.format.media_type,
            "size": _size(folder / dump.filename),
            "gzipped": _size(folder / f"{dump.filename}.gz"),
        }
        for dump in DUMPS
    ]
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
        ),
    )


@router.get("/dumps/", summary="A redirect (301) to /dumps", include_in_schema=False)
async def dump_list_slash(settings: Settings) -> RedirectResponse:
    """``/dumps/`` is the list at ``/dumps`` (a path under the base IRI's,
    never built from the Host header)."""
    return RedirectResponse(urlsplit(settings.base_iri).path + "dumps", status_code=301)


@router.get("/dumps/{name}", summary="A dump of the whole dataset")
async def dump(name: str, request: Request, info: Info, settings: Settings) -> Response:
    if name not in MEDIA:
        raise ApiError(404, f"no dump named {name!r}; available: {', '.join(MEDIA)}")
    path = dumps_path(settings.store) / name
    gzip_ok = _accepts_gzip(request) and path.with_name(name + ".gz").exists()
    headers = _validators(info, name, "gzip" if gzip_ok else "")
    headers["Vary"] = "Accept-Encoding"
    if _not_modified(request, headers):
        return Response(status_code=304, headers=headers)
    if gzip_ok:
        headers["Content-Encoding"] = "gzip"
        path = path.with_name(name + ".gz")
    return FileResponse(path, media_type=content_type(MEDIA[name]), headers=headers)


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
async def void(request: Request, info: Info, settings: Settings) -> Response:
    """The VoID description: RDF by ``Accept``, a page for a browser."""
    accept = request.headers.get("accept")
    if wants_html(accept):
        headers = _validators(info, "void-html")
        if _not_modified(request, headers):
            return Response(status_code=304, headers={**headers, "Vary": "Accept"})

        described = list(ox.parse(path=str(void_path(settings.store)), format=ox.RdfFormat.TURTLE))
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
    triples = ox.parse(path=str(void_path(settings.store)), format=ox.RdfFormat.TURTLE)
    body = ox.serialize(triples, format=chosen.format, prefixes=VOID_PREFIXES) or b""
    return Response(body, media_type=content_type(chosen.media_type), headers=headers)
