"""One JSON error body for every API error:

{"error": {"status": 400, "title": "Bad Request", "message": "..."}}

except that a browser (a client that prefers HTML) gets the error as a page:
a 404 with links to the landing page and the query editor, a SPARQL syntax
error with the parser's message and a link to the query editor.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import HTMLResponse, JSONResponse
from markupsafe import Markup, escape
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.web.executor import QueryError
from claimgraph.web.formats import wants_html


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def error_body(status: int, message: str) -> dict[str, dict[str, object]]:
    return {"error": {"status": status, "title": HTTPStatus(status).phrase, "message": message}}


def error_response(
    status: int, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(error_body(status, message), status_code=status, headers=headers)


ERROR_PAGE = Markup("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · claimgraph</title>
<link rel="stylesheet" href="{root}static/claimgraph/claimgraph.css">
</head>
<body>
<main>
<h1>{title}</h1>
<p>{message}</p>
{advice}
</main>
</body>
</html>
""")
NOT_FOUND_ADVICE = Markup("""<p>Start from <a href="{root}">the dataset's landing page</a>,
look for it with <a href="{root}query">a SPARQL query</a>, or browse
<a href="{root}sitemap.xml">every page</a>.</p>""")
ERROR_ADVICE = Markup("""<p>Write the query in <a href="{root}query">the query editor</a>,
start from <a href="{root}">the example queries</a>, or read about
<a href="{root}sparql">the endpoint</a>.</p>""")


def error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An error as a page, for a browser: its status, the message, and where to go."""
    settings = getattr(request.app.state, "settings", None)
    root = urlsplit(settings.base_iri).path if settings is not None else "/"
    advice = NOT_FOUND_ADVICE if status == 404 else ERROR_ADVICE
    title = "Not found" if status == 404 else f"{status} {HTTPStatus(status).phrase}"
    body = ERROR_PAGE.format(
        root=root, title=title, message=escape(message), advice=advice.format(root=root)
    )
    return HTMLResponse(str(body), status_code=status, headers=headers)


def api_error_response(request: Request, exc: ApiError) -> JSONResponse | HTMLResponse:
    """The error in JSON, or as a page for a client that prefers HTML (a
    browser): SPARQL clients, which ask for results formats, keep the JSON body
    with the status (400 and the parser's message for a syntax error)."""
    if wants_html(request.headers.get("accept")):
        return error_page(request, exc.status, exc.message, exc.headers)
    return error_response(exc.status, exc.message, exc.headers)


async def api_error_handler(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    assert isinstance(exc, ApiError)
    return api_error_response(request, exc)


def query_error_response(exc: QueryError) -> JSONResponse:
    headers = {"Retry-After": "1"} if exc.status == 503 else None
    return error_response(exc.status, exc.message, headers)


async def query_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    return query_error_response(exc)


async def http_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(exc.status_code, str(exc.detail), dict(exc.headers or {}))
