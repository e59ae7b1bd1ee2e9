"""The HTTP/1.1 client ``serve --endpoint`` talks to its store with: keep-alive
connections over asyncio's transports, answers parsed by httptools (llhttp, in
C: uvicorn's own parser), and nothing else per request.

A lookup through httpcore2's pool cost the serving process about 0.4 ms of CPU
on top of the query itself (h11's parser and its layers of streams, in
Python), which on a shared machine is most of what ``serve --endpoint`` pays
over the embedded store; this client costs a fraction of it
(bench/remote_serve.py). It does what the store client needs and no more: one
request at a time per connection, a connection reused when the store keeps it
open, a request on a reused connection that the store had closed sent again
once on a new one (every request here reads, none changes the store), no
redirect followed, no proxy, no cookie. Time limits are the caller's
(``asyncio.timeout``): a request cancelled part-way closes its connection.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, field
from typing import cast
from urllib.parse import urlsplit

import httptools


class ConnectFailed(OSError):
    """The store cannot be reached."""


class BrokenAnswer(Exception):
    """The connection broke, or what came back is not HTTP/1.1."""


class AnswerTooLarge(Exception):
    """The answer's body is longer than the caller's limit."""


@dataclass
class Answer:
    status: int
    headers: dict[str, bytes]  # by lower-case name (the last of repeated ones)
    body: bytes


@dataclass
class _Exchange:
    """One request's answer, as it comes in."""

    limit: int | None
    done: asyncio.Future[None]
    status: int = 0
    headers: dict[str, bytes] = field(default_factory=dict)
    chunks: list[bytes] = field(default_factory=list)
    size: int = 0
    received: bool = False  # any byte of the answer
    delimited: bool = False  # by Content-Length or chunks, not by closing the connection


class _Connection(asyncio.Protocol):
    """One connection to the store, and httptools' callbacks for its answers."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.exchange: _Exchange | None = None
        self.closed = False
        self.keep_alive = False

    # asyncio's callbacks
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass

    def data_received(self, data: bytes) -> None:
        exchange = self.exchange
        if exchange is None or exchange.done.done():  # nothing was asked: not HTTP
            self.close()
            return
        exchange.received = True
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(BrokenAnswer(f"an answer that is not HTTP/1.1 ({exc})"))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        exchange = self.exchange
        if exchange is None or exchange.done.done():
            return
        if exc is None and exchange.status and not exchange.delimited:
            exchange.done.set_result(None)  # a body that ends with the connection
        else:
            self._fail(BrokenAnswer("the connection closed before the answer was complete"))

    # httptools' callbacks
    def on_header(self, name: bytes, value: bytes) -> None:
        assert self.exchange is not None
        self.exchange.headers[name.decode("latin-1").lower()] = value

    def on_headers_complete(self) -> None:
        exchange = self.exchange
        assert exchange is not None
        exchange.status = self.parser.get_status_code()
        headers = exchange.headers
        exchange.delimited = "content-length" in headers or "transfer-encoding" in headers

    def on_body(self, body: bytes) -> None:
        exchange = self.exchange
        assert exchange is not None
        exchange.size += len(body)
        if exchange.limit is not None and exchange.size > exchange.limit:
            self._fail(AnswerTooLarge())
            return
        exchange.chunks.append(body)

    def on_message_complete(self) -> None:
        exchange = self.exchange
        assert exchange is not None
        if exchange.status < 200:  # an interim answer (100 Continue): the real one follows
            exchange.headers = {}
            return
        self.keep_alive = self.parser.should_keep_alive()
        if not exchange.done.done():
            exchange.done.set_result(None)

    def _fail(self, exc: Exception) -> None:
        assert self.exchange is not None
        if not self.exchange.done.done():
            self.exchange.done.set_exception(exc)
        self.close()

    def close(self) -> None:
        self.closed = True
        if self.transport is not None:
            self.transport.close()

    async def send(self, request: bytes, limit: int | None) -> Answer:
        assert self.transport is not None
        exchange = _Exchange(limit, asyncio.get_running_loop().create_future())
        self.exchange, self.keep_alive = exchange, False
        self.transport.write(request)
        await exchange.done
        return Answer(exchange.status, exchange.headers, b"".join(exchange.chunks))


class StoreClient:
    """Keep-alive connections to one store (``root``: its http(s) URL), at
    most ``keep`` of them idle at a time."""

    def __init__(self, root: str, keep: int) -> None:
        parts = urlsplit(root)
        self.host = parts.hostname or ""
        self.tls = parts.scheme == "https"
        self.port = parts.port or (443 if self.tls else 80)
        self.host_header = parts.netloc.rpartition("@")[2]  # as written, port and brackets too
        self.keep = keep
        self._ssl = ssl.create_default_context() if self.tls else None
        self._idle: list[_Connection] = []

    async def request(
        self,
        method: str,
        target: str,
        headers: list[tuple[str, str | bytes]],
        body: bytes | None = None,
        limit: int | None = None,
    ) -> Answer:
        """Send ``method target`` (a path and query) with ``headers`` (and
        ``body``); the whole answer, its body at most ``limit`` bytes."""
        head = [f"{method} {target} HTTP/1.1\r\nHost: {self.host_header}\r\n".encode()]
        for name, value in headers:
            head.append(
                name.encode() + b": " + (value.encode() if isinstance(value, str) else value)
            )
            head.append(b"\r\n")
        if body is not None:
            head.append(f"Content-Length: {len(body)}\r\n".encode())
        head.append(b"\r\n")
        request = b"".join(head) + (body or b"")
        while self._idle:
            connection = self._idle.pop()
            if connection.closed:
                continue
            try:
                return await self._send(connection, request, limit)
            except BrokenAnswer:
                if connection.exchange is not None and connection.exchange.received:
                    raise
                # the store had closed the idle connection: send it again, on a new one
        return await self._send(await self._connect(), request, limit)

    async def _send(self, connection: _Connection, request: bytes, limit: int | None) -> Answer:
        try:
            answer = await connection.send(request, limit)
        except BaseException:  # failed, too large, or cancelled part-way: never reused
            connection.close()
            raise
        if connection.keep_alive and not connection.closed and len(self._idle) < self.keep:
            connection.exchange = None
            self._idle.append(connection)
        else:
            connection.close()
        return answer

    async def _connect(self) -> _Connection:
        loop = asyncio.get_running_loop()
        try:
            _, connection = await loop.create_connection(
                _Connection,
                self.host,
                self.port,
                ssl=self._ssl,
                server_hostname=self.host if self.tls else None,
            )
        except OSError as exc:
            raise ConnectFailed(f"{type(exc).__name__}: {exc}") from None
        return connection

    async def close(self) -> None:
        idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()
