"""uvicorn's options for a server process, and the HTTP/1.1 protocol it runs.

uvicorn parses HTTP/1.1 with httptools (installed with ``uvicorn[standard]``,
its choice when present), which has no limit on the request head: it gathers
a header's value piece by piece until the value ends, so a request with a
100 MB header cost a server process 180 MB. uvicorn's other parser, h11, has a
limit (``h11_max_incomplete_event_size``) but parses more slowly and answers
400. :class:`HeadLimitedProtocol` is uvicorn's httptools protocol counting a
request's head (request line and header fields) as it arrives, before the
parser sees it: one over ``max_header_bytes`` is answered 414 (when the
request line alone is too long) or 431, and the connection closed. The limit
travels in uvicorn's option for it, ``h11_max_incomplete_event_size``, so
that ``http="h11"`` would keep it too. The options also say whose
X-Forwarded-For uvicorn believes: only ``--trusted-proxy`` addresses'.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from claimgraph.web.settings import ServerSettings

END_OF_HEAD = re.compile(rb"\r?\n\r?\n")
PHRASES = {414: "URI Too Long", 431: "Request Header Fields Too Large"}  # RFC 9110, RFC 6585
LINGER = 2.0  # seconds a refused request's remaining bytes are read and dropped


def uvicorn_options(settings: ServerSettings) -> dict[str, Any]:
    """The options of ``uvicorn.Config`` that ``settings`` decide."""
    return {
        "http": HeadLimitedProtocol,
        "h11_max_incomplete_event_size": settings.max_header_bytes,
        # X-Forwarded-For names the client only when a configured proxy sends it
        # (uvicorn trusts loopback by default: any local client could say anything)
        "proxy_headers": bool(settings.trusted_proxies),
        "forwarded_allow_ips": list(settings.trusted_proxies),
    }


def refusal(status: int, limit: int, extra: list[tuple[bytes, bytes]]) -> bytes:
    """The whole response that refuses a request head over ``limit`` bytes: the
    app's JSON error, not to be cached, closing the connection."""
    what = "request line (the URL)" if status == 414 else "request header"
    hint = "send a long query by POST" if status == 414 else "send fewer or shorter header fields"
    message = (
        f"{what} too large: over the limit of {limit} bytes for the request line and "
        f"header fields (setting max_header_bytes); {hint}"
    )
    phrase = PHRASES[status]
    body = json.dumps(
        {"error": {"status": status, "title": phrase, "message": message}}, separators=(",", ":")
    ).encode()
    headers = [
        *extra,
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"cache-control", b"no-store"),
        (b"x-content-type-options", b"nosniff"),
        (b"connection", b"close"),
    ]
    head = f"HTTP/1.1 {status} {phrase}\r\n".encode()
    return (
        head + b"".join(name + b": " + value + b"\r\n" for name, value in headers) + b"\r\n" + body
    )


class HeadLimitedProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing a request head over the limit
    before the parser buffers it.

    The head is counted read by read, up to the blank line that ends it. A
    request pipelined behind another in one read (at most 256 KiB) is counted
    from the next read on. The bytes of a body that are not its data (chunk
    sizes, trailer fields) are held to the same limit after each read: over
    it, the connection is closed (the app may be answering already)."""

    def __init__(self, config: Any, server_state: Any, app_state: Any, _loop: Any = None):
        super().__init__(config, server_state, app_state, _loop)
        self.max_head: int = config.h11_max_incomplete_event_size
        self.head: int | None = 0  # bytes of the current request's head so far; None past it
        self.tail = b""  # the head's last bytes: its end may straddle two reads
        self.line: int | None = 0  # bytes of its request line so far; None once it fits
        self.framing = 0  # bytes of the current body that are not its data
        self.refused = False

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return  # read and dropped until the client or the linger timer closes
        after = 0  # bytes of this read past the end of the head: the body's
        if self.head is not None:
            seen = self.tail + data
            end = END_OF_HEAD.search(seen)
            if end is not None:
                after = len(seen) - end.end()
            self.head += len(data) - after
            if self.line is not None:  # the request line goes on: is it the part too long?
                newline = data.find(b"\n")
                self.line += newline if newline >= 0 else len(data)
                if newline >= 0 and self.line <= self.max_head:
                    self.line = None
            self.tail = seen[-3:]
            if self.head > self.max_head:
                return self.refuse(431 if self.line is None else 414)
        else:
            self.framing += len(data)
        super().data_received(data)
        if self.head is None:
            self.framing += after  # on_headers_complete began the count in this read
            if self.framing > self.max_head and not self.refused:
                self.refused = True
                self.transport.close()

    def on_body(self, body: bytes) -> None:
        self.framing -= len(body)
        super().on_body(body)

    def on_headers_complete(self) -> None:
        self.head, self.framing = None, 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.head, self.tail, self.line = 0, b"", 0

    def refuse(self, status: int) -> None:
        """Answer ``status`` and close; the rest of the request is read and
        dropped for a while (nginx's lingering close), since closing with
        unread bytes would reset the connection before the client reads
        the answer."""
        self.refused = True
        self.logger.warning("Refused a request head over %d bytes (%d).", self.max_head, status)
        if self.cycle is not None and not self.cycle.response_complete:
            self.transport.close()  # a response is being sent on this connection
            return
        default = list(self.server_state.default_headers)
        self.transport.write(refusal(status, self.max_head, default))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.flow.resume_reading()
        loop = asyncio.get_running_loop()
        loop.call_later(LINGER, self.transport.close)
