"""HTTP caching for a dataset that changes only when it is rebuilt or updated.

Every GET that depends only on the data (pages, dumps, VoID, the service
description, query results of GET /sparql, Graph Store reads) gets an ETag
made from the dataset's version and the request (path, query string, the
negotiated representation's Accept header), a Last-Modified of the dataset's
last change, ``Cache-Control: public, max-age=N`` and ``Vary: Accept,
Accept-Encoding, Origin`` (the CORS header is sent to requests with an
Origin only). HEAD is answered wherever GET is, with the same headers and no
body. Errors are ``no-store``. A pure ASGI middleware, installed outside the
fast path for queries.

A 304 only ever stands for a 200 the server would send. An ``If-None-Match``
naming this request's ETag is answered 304 before the app runs, so a repeated
lookup costs no query: that ETag was only sent with a 200 for the same
request at the same version of the data. ``If-None-Match: *`` and
``If-Modified-Since`` (when there is no If-None-Match) say nothing of that:
the app runs, and its 200 becomes a 304 when the condition holds. An
If-Modified-Since later than now is ignored (RFC 9110 §13.1.3). Last-Modified
counts whole seconds, so it is a strong validator only while the data has not
changed twice in the second of its last change (RFC 9110 §8.8.2.2): after two
writes in one second, If-Modified-Since gets 200 until the next change, since
a copy taken between them bears the same date. (Making Last-Modified advance
a second per write instead would date responses in the future, which RFC 9110
§8.8.2.1 forbids.)"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNCACHED_PREFIXES = ("/static/",)  # static files carry their own validators


def _version(state: Any) -> tuple[str, datetime]:
    """The dataset's version (it changes with each build, each write, and each
    publish into a remote store) and when it last changed."""
    info = state.publication.record
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
    if since.tzinfo is None or since > datetime.now(UTC):  # not a date the server has seen
        return False
    return modified.replace(microsecond=0) <= since


NOT_IN_304 = ("content-length", "content-type", "content-encoding", "transfer-encoding")


class HttpCaching:
    def __init__(self, app: ASGIApp, max_age: int) -> None:
        self.app = app
        self.max_age = max_age
        self._seen: tuple[int, datetime] | None = None  # the data's last change seen, and when
        self._twice = False  # it changed twice in the second of its last change

    def _changed_twice(self, state: Any, modified: datetime) -> bool:
        """Whether the data may have changed more than once in the second of
        its last change; seen at each request, so several changes between two
        requests count as twice. Writes happen in this process (a writable
        store has one), so it sees them all."""
        revision, second = state.executor.revision, modified.replace(microsecond=0)
        if self._seen is None:  # updates accepted before this process started: unknown
            self._twice = state.publication.record.revision > 0 or revision > 0
        elif revision != self._seen[0]:
            self._twice = revision - self._seen[0] > 1 or second == self._seen[1]
        self._seen = (revision, second)
        return self._twice

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not hasattr(scope["app"].state, "executor"):
            return await self.app(scope, receive, send)  # not started: nothing to version
        state = scope["app"].state
        await state.publication.refresh()  # a remote store's version: read at most once a second
        version, modified = _version(state)
        twice = self._changed_twice(state, modified)  # seen at every request, writes included
        method = scope["method"]
        if method not in ("GET", "HEAD") or scope["path"].startswith(UNCACHED_PREFIXES):
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        etag = _etag(version, scope, headers)
        validators = {
            "ETag": etag,
            "Last-Modified": format_datetime(modified, usegmt=True),
            "Cache-Control": f"public, max-age={self.max_age}",
            "Vary": "Accept, Accept-Encoding, Origin",
        }
        tags = headers.get("if-none-match")
        since = headers.get("if-modified-since")
        if tags is not None and tags.strip() != "*" and _matches(tags, etag):
            await send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k.lower().encode(), v.encode()) for k, v in validators.items()],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        # the other conditions hold only if the app answers 200: the resource exists
        if_exists = tags.strip() == "*" if tags is not None else since is not None and not twice
        head = method == "HEAD"
        inner = dict(scope, method="GET") if head else scope
        empty = head  # send no body (HEAD, or a 200 turned 304)

        async def send_with_validators(message: Message) -> None:
            nonlocal empty
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                status = message["status"]
                if status in (200, 304):
                    _add_validators(out, validators)
                if status == 200 and if_exists and (tags is not None or _unchanged(out, since)):
                    empty = True
                    for name in NOT_IN_304:
                        del out[name]
                    message = {**message, "status": 304}
                elif status >= 400:
                    out["Cache-Control"] = "no-store"  # never kept by a cache
            elif empty and message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # drop the body, keep reading until its end
                message = {"type": "http.response.body", "body": b""}
            await send(message)

        await self.app(inner, receive, send_with_validators)


def _add_validators(out: MutableHeaders, validators: dict[str, str]) -> None:
    """``validators`` where the response has none of its own; Vary merged."""
    for name, value in validators.items():
        if name == "Vary" and "vary" in out:
            present = {v.strip().lower() for v in out["vary"].split(",")}
            missing = [v.strip() for v in value.split(",") if v.strip().lower() not in present]
            if missing:
                out["Vary"] = ", ".join([out["vary"], *missing])
            continue
        out.setdefault(name, value)


def _unchanged(out: MutableHeaders, since: str | None) -> bool:
    """Whether a response dated by its Last-Modified is not modified since ``since``."""
    try:
        modified = parsedate_to_datetime(out["last-modified"])
    except (KeyError, TypeError, ValueError, IndexError):
        return False
    return since is not None and _not_modified_since(since, modified)
