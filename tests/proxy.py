"""A counting reverse proxy on loopback, for the tests of ``claimgraph
publish``: it records each request, and can run a hook before forwarding one
(to delay it, or kill the store)."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx2


def forward(handler: BaseHTTPRequestHandler, upstream: str, body: bytes) -> None:
    """Send the request ``handler`` holds (its ``body`` read) to ``upstream``,
    and its answer back (a 502 when upstream cannot be reached)."""
    headers = {k: v for k, v in handler.headers.items() if k.lower() not in ("host", "connection")}
    try:
        answer = httpx2.request(
            handler.command,
            upstream.rstrip("/") + handler.path,
            content=body,
            headers=headers,
            timeout=30,
        )
    except httpx2.TransportError:
        handler.send_response(502)
        handler.send_header("Content-Length", "0")
        handler.end_headers()
        return
    handler.send_response(answer.status_code)
    for key, value in answer.headers.items():
        if key.lower() not in ("content-length", "transfer-encoding", "connection"):
            handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(answer.content)))
    handler.end_headers()
    handler.wfile.write(answer.content)


class Proxy:
    """A reverse proxy on loopback in front of ``upstream``: records each
    request (method, path and query, the start of its body), and can run a hook
    before forwarding one (to delay it, or kill the server); over HTTPS when
    given a server-side ``tls`` context."""

    def __init__(self, upstream: str, tls: ssl.SSLContext | None = None) -> None:
        self.upstream = upstream
        self.requests: list[tuple[str, str, bytes]] = []
        self.before: Callable[[str, str, bytes], None] | None = None
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                proxy.requests.append((self.command, self.path, body[:300]))
                if proxy.before is not None:
                    proxy.before(self.command, self.path, body)
                forward(self, proxy.upstream, body)

            do_GET = do_POST = do_PUT = do_DELETE = _forward

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls is not None:  # HTTPS, with the certificate ``tls`` holds
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def graph_writes(self) -> list[str]:
        """The graphs written (replaced), in order: the manifest's and pending's included."""
        found = []
        for method, path, body in self.requests:
            if method == "POST" and path.startswith("/update") and b"INSERT DATA" in body:
                if body.startswith(b"DROP SILENT GRAPH <"):
                    first = body.split(b"\n", 1)[0].decode()
                    found.append(first.removeprefix("DROP SILENT GRAPH <").split(">")[0])
            elif method == "PUT":  # a Graph Store PUT
                found.append(httpx2.URL(path).params["graph"])
        return found

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
