"""What crawlers and browsers ask a website for: robots.txt, a sitemap of every
page the dataset has, and a favicon."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Response
from fastapi.responses import FileResponse, PlainTextResponse

from claimgraph.store.publish import NS as PUBLICATION_NS
from claimgraph.web import describe
from claimgraph.web.backend import Backend
from claimgraph.web.errors import ApiError
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sparql import get_executor, get_settings

router = APIRouter()
Executor = Annotated[Backend, Depends(get_executor)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
FAVICON = Path(__file__).parent / "static" / "favicon.ico"
# One sitemap file holds at most 50,000 URLs (sitemaps.org); a dataset with more
# pages gets a sitemap index at /sitemap.xml naming /sitemap-1.xml, /sitemap-2.xml ...
SITEMAP_LIMIT = 50_000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def _pages_where(base: str) -> str:
    """The pages of the dataset: every subject IRI under the base, but the
    publication's own records (a checked IRI: no quote or backslash can end the
    string)."""
    return f"""?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}"))
              {describe.NOT_PUBLICATION} FILTER(!sameTerm(?o, <{PUBLICATION_NS}Manifest>))"""


def _xml(root: str, body: str) -> Response:
    return Response(
        f'<?xml version="1.0" encoding="UTF-8"?>\n<{root} xmlns="{SITEMAP_NS}">\n{body}</{root}>\n',
        media_type="application/xml",
    )


async def _urlset(executor: Backend, base: str, part: int) -> Response:
    """Part ``part`` (from 1) of the list of pages: the landing page, then the
    pages in IRI order, SITEMAP_LIMIT a part."""
    first = (part - 1) * SITEMAP_LIMIT  # index in [landing page, *subjects]
    offset, limit = (0, SITEMAP_LIMIT - 1) if part == 1 else (first - 1, SITEMAP_LIMIT)
    rows = await describe.select(
        executor,
        f"""SELECT DISTINCT ?s WHERE {{ {_pages_where(base)} }}
            ORDER BY ?s OFFSET {offset} LIMIT {limit}""",
    )
    pages = [base] if part == 1 else []
    pages += (row["s"]["value"] for row in rows)
    return _xml("urlset", "".join(f"<url><loc>{escape(page)}</loc></url>\n" for page in pages))


async def _parts(executor: Backend, base: str) -> int:
    """How many sitemap files the pages take."""
    rows = await describe.select(
        executor, f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ {_pages_where(base)} }}"
    )
    pages = 1 + int(rows[0]["n"]["value"])  # with the landing page
    return -(-pages // SITEMAP_LIMIT)


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
async def sitemap(executor: Executor, settings: Settings) -> Response:
    base = settings.base_iri
    parts = await _parts(executor, base)
    if parts <= 1:
        return await _urlset(executor, base, 1)
    body = "".join(
        f"<sitemap><loc>{escape(f'{base}sitemap-{part}.xml')}</loc></sitemap>\n"
        for part in range(1, parts + 1)
    )
    return _xml("sitemapindex", body)


@router.get("/sitemap-{part}.xml", summary="One part of the pages, when they are past 50,000")
async def sitemap_part(part: str, executor: Executor, settings: Settings) -> Response:
    base = settings.base_iri
    number = int(part) if part.isascii() and part.isdigit() and len(part) < 10 else 0
    parts = await _parts(executor, base) if number else 0
    if not 1 <= number <= parts or parts == 1:  # a dataset in one part has /sitemap.xml only
        raise ApiError(404, f"no sitemap part {part!r}: /sitemap.xml lists the parts there are")
    return await _urlset(executor, base, number)


@router.get("/favicon.ico", summary="The site's icon", include_in_schema=False)
async def favicon() -> FileResponse:
    return FileResponse(FAVICON, media_type="image/x-icon")
