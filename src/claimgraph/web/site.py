"""What crawlers and browsers ask a website for: robots.txt, a sitemap of every
page the dataset has, and a favicon."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import FileResponse, PlainTextResponse

from claimgraph.web import sitemap
from claimgraph.web.backend import Backend, Publication
from claimgraph.web.errors import ApiError
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sitemap import Part
from claimgraph.web.sparql import get_executor, get_publication, get_settings

router = APIRouter()
Executor = Annotated[Backend, Depends(get_executor)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
Published = Annotated[Publication, Depends(get_publication)]
FAVICON = Path(__file__).parent / "static" / "favicon.ico"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _xml(root: str, body: str) -> Response:
    return Response(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SITEMAP_NS}">\n{body}</{root}>\n',
        media_type="application/xml",
    )


async def _plan(request: Request, publication: Publication, executor: Backend) -> list[Part]:
    """The sitemap's parts, for the published version (computed once per version
    by each serving process, from the VoID description)."""
    record = await publication.info()
    version = (record.source_digest, record.built, record.revision)
    kept: tuple[object, list[Part]] | None = getattr(request.app.state, "sitemap", None)
    if kept is not None and kept[0] == version:
        return kept[1]
    sizes = sitemap.graph_sizes(await publication.void())
    if not sizes:  # a VoID without subsets: count them in the store
        sizes = await sitemap.counted_sizes(executor)
    parts = sitemap.plan(sizes)
    request.app.state.sitemap = (version, parts)
    return parts


async def _urlset(executor: Backend, base: str, parts: list[Part], number: int) -> Response:
    found = await sitemap.pages(executor, base, parts[number - 1])
    listed = [base, *found] if number == 1 else found
    return _xml("urlset", "".join(f"<url><loc>{escape(page)}</loc></url>\n" for page in listed))


@router.get("/robots.txt", summary="Where crawlers may go", response_class=PlainTextResponse)
async def robots(settings: Settings) -> str:
    return (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /sparql\n"  # queries are for people and programs, not crawlers
        "Disallow: /store\n"
        f"Sitemap: {settings.base_iri}sitemap.xml\n"
    )


@router.get("/sitemap.xml", summary="Every page of the dataset (an index of parts past 50,000)")
async def sitemap_index(
    request: Request, executor: Executor, settings: Settings, publication: Published
) -> Response:
    base = settings.base_iri
    parts = await _plan(request, publication, executor)
    if len(parts) == 1:
        return await _urlset(executor, base, parts, 1)
    body = "".join(
        f"<sitemap><loc>{escape(f'{base}sitemap-{number}.xml')}</loc></sitemap>\n"
        for number in range(1, len(parts) + 1)
    )
    return _xml("sitemapindex", body)


@router.get("/sitemap-{part}.xml", summary="One part of the pages, when they are past 50,000")
async def sitemap_part(
    part: str, request: Request, executor: Executor, settings: Settings, publication: Published
) -> Response:
    number = int(part) if part.isascii() and part.isdigit() and len(part) < 10 else 0
    parts = await _plan(request, publication, executor) if number else []
    if not 1 <= number <= len(parts) or len(parts) == 1:  # one part: /sitemap.xml only
        raise ApiError(404, f"no sitemap part {part!r}: /sitemap.xml lists the parts there are")
    return await _urlset(executor, settings.base_iri, parts, number)


@router.get("/favicon.ico", summary="The site's icon", include_in_schema=False)
async def favicon() -> FileResponse:
    return FileResponse(FAVICON, media_type="image/x-icon")
