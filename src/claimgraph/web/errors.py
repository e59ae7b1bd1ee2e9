"""One JSON error body for every API error:

{"error": {"status": 400, "title": "Bad Request", "message": "..."}}

except that a browser asking for a page that is not there gets an HTML 404,
with links to the landing page and the query editor.
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


NOT_FOUND_PAGE = Markup("""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Not found · claimgraph</title>
<link rel="stylesheet" href="{root}static/claimgraph/claimgraph.css">
</head>
<body>
<main>
<h1>Not found</h1>
<p>{message}</p>
<p>Start from <a href="{root}">the dataset's landing page</a>, look for it with
<a href="{root}query">a SPARQL query</a>, or browse <a href="{root}sitemap.xml">every page</a>.</p>
</main>
</body>
</html>
""")


def not_found_page(request: Request, message: str) -> HTMLResponse:
    settings = getattr(request.app.state, "settings", None)
    root = urlsplit(settings.base_iri).path if settings is not None else "/"
    body = NOT_FOUND_PAGE.format(root=root, message=escape(message))
    return HTMLResponse(str(body), status_code=404)


async def api_error_handler(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    assert isinstance(exc, ApiError)
    if exc.status == 404 and wants_html(request.headers.get("accept")):
        return not_found_page(request, exc.message)
    return error_response(exc.status, exc.message, exc.headers)


def query_error_response(exc: QueryError) -> JSONResponse:
    headers = {"Retry-After": "1"} if exc.status == 503 else None
    return error_response(exc.status, exc.message, headers)


async def query_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QueryError)
    return query_error_response(exc)


async def http_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return error_response(exc.status_code, str(exc.detail), dict(exc.headers or {}))
