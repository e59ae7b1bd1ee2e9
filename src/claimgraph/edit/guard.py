"""Who may talk to the editor, decided before a request's body is read.

A pure ASGI middleware, outermost: the Host must name this server (a DNS
rebinding attack names another host that resolves to 127.0.0.1); every API
request must carry the editor's cookie; a request that changes anything must
also carry the token in a header (which only the editor's own page can read
and send), and, when the browser says where it comes from, an Origin of this
server and Sec-Fetch-Site same-origin. A body is read only after that, and no
more of it than the limit: a request that says or sends more is refused (413),
whether it gives a Content-Length or is chunked.
"""

from __future__ import annotations

import hmac
import json
from http.cookies import SimpleCookie

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-claimgraph-token"
SAFE = {"GET", "HEAD"}


def cookie_name(port: int) -> str:
    """The cookie of the editor on ``port``: cookies are shared by every port
    of a host, so two editors (two corpora) each need their own, as Jupyter's."""
    return f"claimgraph_edit_{port}"


def same_token(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


class Guard:
    def __init__(
        self, app: ASGIApp, *, token: str, port: int, hosts: set[str], max_body: int
    ) -> None:
        self.app, self.token, self.hosts, self.max_body = app, token, hosts, max_body
        self.cookie = cookie_name(port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if refusal is not None:
            return await _answer(send, *refusal)
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            return await _answer(send, 413, self._too_large())
        if scope.get("method") in SAFE:
            return await self.app(scope, receive, send)
        # the body read here, up to the limit, before the app sees any of it
        chunks: list[bytes] = []
        received = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            received += len(chunk)
            if received > self.max_body:
                return await _answer(send, 413, self._too_large())
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()  # the disconnect, when it comes
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    def _too_large(self) -> str:
        return f"a request body of more than {self.max_body} bytes is refused"

    def _refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        if headers.get("host") not in self.hosts:
            return 421, "unknown Host: open the editor with the URL claimgraph edit printed"
        path: str = scope.get("path", "")
        if not path.startswith("/api/"):
            return None  # the page and its static files (the page checks the cookie itself)
        cookies = SimpleCookie()
        try:
            cookies.load(headers.get("cookie", ""))
        except Exception:  # a malformed Cookie header is no cookie
            cookies = SimpleCookie()
        given = cookies.get(self.cookie)
        if not same_token(given.value if given else None, self.token):
            return 403, "open the editor with the URL that claimgraph edit printed"
        if scope.get("method") in SAFE:
            return None
        if not same_token(headers.get(HEADER), self.token):
            return 403, "a change needs the X-Claimgraph-Token header of the editor's page"
        origin = headers.get("origin")
        host = headers.get("host", "")
        if origin is not None and origin not in (f"http://{host}", f"https://{host}"):
            return 403, f"cross-site request refused (Origin {origin!r})"
        if headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
            return 403, "cross-site request refused"
        return None


async def _answer(send: Send, status: int, message: str) -> None:
    body = json.dumps({"error": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
