"""What passes between a serving process and its query processes: the
requests, the responses, the errors (each with the HTTP status that says why),
and the frames that carry them over the pipe between the two.

A frame is a fixed header (the lengths of the two parts), a JSON object and
raw bytes (a result, a graph to write): results are never copied into JSON."""

from __future__ import annotations

import asyncio
import json
import socket
import struct
from dataclasses import asdict, dataclass
from typing import Any

from claimgraph.errors import ClaimgraphError

FRAME = struct.Struct(">IQ")  # length of the JSON part, length of the bytes


class QueryError(ClaimgraphError):
    """A query failed; ``status`` is the HTTP status that says why."""

    status = 500

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        if status is not None:
            self.status = status


class QuerySyntaxError(QueryError):
    status = 400


class NotAcceptable(QueryError):
    status = 406


class LimitExceeded(QueryError):
    """A protective limit was hit; the message names the limit and its value."""

    status = 503


class ResultTooLarge(QueryError):
    """The result is over the size limit: asking again gives the same answer, so
    not a 503 to retry, but a 422 that says to narrow the query."""

    status = 422


@dataclass(frozen=True)
class QueryRequest:
    query: str
    accept: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    base_iri: str | None = None
    union_default_graph: bool = True  # else the store's own default graph
    dataset_clause: bool = False  # the query has FROM / FROM NAMED: its dataset stands


@dataclass(frozen=True)
class QueryResponse:
    media_type: str
    body: bytes


@dataclass(frozen=True)
class WriteRequest:
    """A SPARQL Update, or a Graph Store Protocol operation on one graph."""

    operation: str  # "update", "put", "post", "delete"
    text: str | bytes = ""
    graph: str | None = None  # None: the default graph
    media_type: str | None = None
    base_iri: str | None = None


@dataclass(frozen=True)
class Job:
    """One request to a query process, as it travels."""

    kind: str  # "query" or "write"
    fields: dict[str, Any]
    body: bytes = b""
    revision: int = 0  # the store's writes so far: a reader older than this reopens it

    @classmethod
    def query(cls, request: QueryRequest, revision: int) -> Job:
        return cls("query", asdict(request), revision=revision)

    @classmethod
    def write(cls, request: WriteRequest, revision: int) -> Job:
        fields = asdict(request)
        text = fields.pop("text")
        fields["text_is_str"] = isinstance(text, str)
        body = text.encode() if isinstance(text, str) else text
        return cls("write", fields, body, revision)

    def query_request(self) -> QueryRequest:
        fields = dict(self.fields)
        fields["default_graphs"] = tuple(fields["default_graphs"])
        fields["named_graphs"] = tuple(fields["named_graphs"])
        return QueryRequest(**fields)

    def write_request(self) -> WriteRequest:
        fields = dict(self.fields)
        as_text = fields.pop("text_is_str")
        return WriteRequest(text=self.body.decode() if as_text else self.body, **fields)

    def header(self) -> dict[str, Any]:
        return {"kind": self.kind, "fields": self.fields, "revision": self.revision}

    @classmethod
    def from_frame(cls, header: dict[str, Any], body: bytes) -> Job:
        return cls(header["kind"], header["fields"], body, header["revision"])


def encode(header: dict[str, Any], body: bytes = b"") -> bytes:
    data = json.dumps(header, separators=(",", ":")).encode()
    return FRAME.pack(len(data), len(body)) + data


def send_frame(sock: socket.socket, header: dict[str, Any], body: bytes = b"") -> None:
    """Send one frame (blocking): the query process's side."""
    sock.sendall(encode(header, body))
    if body:
        sock.sendall(body)


def _read_exactly(sock: socket.socket, size: int) -> bytes:
    parts, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end of the pipe closed")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


async def read_frame(reader: asyncio.StreamReader) -> tuple[dict[str, Any], bytes]:
    """Receive one frame (from the event loop): the serving process's side."""
    size, body_size = FRAME.unpack(await reader.readexactly(FRAME.size))
    header = json.loads(await reader.readexactly(size))
    return header, await reader.readexactly(body_size) if body_size else b""


def receive_frame(sock: socket.socket) -> tuple[dict[str, Any], bytes]:
    """Receive one frame (blocking): the query process's side."""
    size, body_size = FRAME.unpack(_read_exactly(sock, FRAME.size))
    header = json.loads(_read_exactly(sock, size))
    return header, _read_exactly(sock, body_size) if body_size else b""
