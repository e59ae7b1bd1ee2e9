"""One JSON error body for every API error:

{"error": {"status": 400, "title": "Bad Request", "message": "..."}}
"""

from __future__ import annotations

from http import HTTPStatus

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimgraph.executor import QueryError


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


async def api_error_handler(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
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
