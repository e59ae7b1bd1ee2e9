"""HTTP caching for a dataset that changes only when it is rebuilt or updated.

Every GET that depends only on the data (pages, dumps, VoID, the service
description, query results of GET /sparql, Graph Store reads) gets an ETag
made from the dataset's version and the request (path, query string, the
negotiated representation's Accept header), a Last-Modified of the dataset's
last change, ``Cache-Control: public, max-age=N`` and ``Vary: Accept``; a
conditional request (If-None-Match, else If-Modified-Since) that matches is
answered 304 before the app runs, so a repeated lookup costs no query. HEAD is
answered wherever GET is, with the same headers and no body. A pure ASGI
middleware, installed outside the fast path for queries."""

from __future__ import annotations

import hashlib
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNCACHED_PREFIXES = ("/static/",)  # static files carry their own validators


def _version(state: Any) -> tuple[str, datetime]:
    """The dataset's version (it changes with each build and each write) and
    when it last changed."""
    info = state.store_info
    executor = state.executor
    version = f"{info.source_digest} {info.built} {info.revision} {executor.revision}"
    modified = info.built_at
    if executor.modified is not None and executor.modified > modified:
        modified = executor.modified
    return version, modified


def _etag(version: str, scope: Scope, headers: Headers) -> str:
    key = "\n".join(
        [version, scope["path"], scope.get("query_string", b"").decode("latin-1")]
        + [headers.get(name, "") for name in ("accept", "accept-encoding")]
    )
    return '"' + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()[:24] + '"'


def _matches(tags: str, etag: str) -> bool:
    if tags.strip() == "*":
        return True
    weak = etag.removeprefix("W/")
    return any(t.strip().removeprefix("W/") == weak for t in tags.split(","))


def _not_modified_since(value: str, modified: datetime) -> bool:
    try:
        since = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return False
    if since.tzinfo is None:
        return False
    return modified.replace(microsecond=0) <= since


class HttpCaching:
    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.max_age = max_age

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        method = scope.get("method")
        if (
            scope["type"] != "http"
            or method not in ("GET", "HEAD")
            or scope["path"].startswith(UNCACHED_PREFIXES)
        ):
            return await self.app(scope, receive, send)
        state = scope["app"].state
        if not hasattr(state, "executor"):  # not started: nothing to version
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        version, modified = _version(state)
        etag = _etag(version, scope, headers)
        validators = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified, usegmt=True),
            "Cache-Control": f"public, max-age={self.max_age}",
            "Vary": "Accept, Accept-Encoding",
        }
        tags = headers.get("if-none-match")
        since = headers.get("if-modified-since")
        fresh = (
            _matches(tags, etag)
            if tags is not None
            else (since is not None and _not_modified_since(since, modified))
        )
        if fresh:
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k.lower().encode(), v.encode()) for k, v in validators.items()],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        head = method == "HEAD"
        inner = dict(scope, method="GET") if head else scope

        async def send_with_validators(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                if message["status"] == 200:
                    for name, value in validators.items():
                        if name == "Vary" and "vary" in out:
                            present = {v.strip().lower() for v in out["vary"].split(",")}
                            missing = [
                                v for v in ("Accept", "Accept-Encoding") if v.lower() not in present
                            ]
                            if missing:
                                out["Vary"] = ", ".join([out["vary"], *missing])
                            continue
                        out.setdefault(name, value)
                elif message["status"] >= 400:
                    out.setdefault("Cache-Control", "no-store")
            elif head and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # drop the body, keep reading until its end
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(inner, receive, send_with_validators)
