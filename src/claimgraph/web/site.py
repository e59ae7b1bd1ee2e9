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
from claimgraph.web.settings import ServerSettings
from claimgraph.web.sparql import get_executor, get_settings

router = APIRouter()
Executor = Annotated[Backend, Depends(get_executor)]
Settings = Annotated[ServerSettings, Depends(get_settings)]
FAVICON = Path(__file__).parent / "static" / "favicon.ico"
# One sitemap file holds at most 50,000 URLs (sitemaps.org).
SITEMAP_LIMIT = 50_000


@router.get("/robots.txt", summary="Where crawlers may go", response_class=PlainTextResponse)
async def robots(settings: Settings) -> str:
    return (
        "User-agent: *\n"
        "Allow: /\n"
        "Disallow: /sparql\n"  # queries are for people and programs, not crawlers
        "Disallow: /store\n"
        f"Sitemap: {settings.base_iri}sitemap.xml\n"
    )


@router.get("/sitemap.xml", summary="Every page of the dataset")
async def sitemap(executor: Executor, settings: Settings) -> Response:
    base = settings.base_iri  # a checked IRI: no quote or backslash can end the string
    rows = await describe.select(
        executor,
        f"""SELECT DISTINCT ?s WHERE {{
              ?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}"))
              {describe.NOT_PUBLICATION} FILTER(!sameTerm(?o, <{PUBLICATION_NS}Manifest>))
            }} ORDER BY ?s LIMIT {SITEMAP_LIMIT - 1}""",
    )
    pages = [base, *(row["s"]["value"] for row in rows)]
    body = "".join(f"<url><loc>{escape(page)}</loc></url>\n" for page in pages)
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{body}</urlset>\n"
    )
    return Response(xml, media_type="application/xml")


@router.get("/favicon.ico", summary="The site's icon", include_in_schema=False)
async def favicon() -> FileResponse:
    return FileResponse(FAVICON, media_type="image/x-icon")
