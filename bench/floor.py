"""How many lookups per second a Python server can answer at best, here.

bench/endpoint.py compares claimgraph with the native Oxigraph server. This
script asks what part of the gap is claimgraph's and what part is Python's
HTTP stack: the same lookups, measured the same way (side by side, taking
turns), against these servers of the same store:

* ``inline``: a bare ASGI app under uvicorn (2 processes, no access log) that
  runs each query on the event loop, the least work a Python server can do,
  which claimgraph must not do (a slow query would stall every request);
* ``thread``: the same app handing each query to a thread, as claimgraph does;
* ``claimgraph``: ``claimgraph serve --no-access-log`` (2 processes);
* ``oxigraph``: ``oxigraph serve-read-only``.

    python bench/floor.py [--articles 10000] [--duration 20] [--rounds 4]

Run bench/endpoint.py first: it builds the store and the native Oxigraph
database this script reuses.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from endpoint import BIN, OUT, free_port, interleaved, oxigraph_server, running  # noqa: E402

# The bare app, imported by uvicorn from this file (module "floor").
_store: Any = None
_pool = ThreadPoolExecutor(2)


def _answer(query: str) -> bytes:
    result = _store.query(query, use_default_graph_as_union=True)
    body: bytes = result.serialize(format=ox.QueryResultsFormat.JSON)
    return body


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    global _store
    if scope["type"] == "lifespan":
        await receive()  # lifespan.startup
        _store = ox.Store.read_only(os.environ["FLOOR_STORE"])
        await send({"type": "lifespan.startup.complete"})
        await receive()  # lifespan.shutdown
        await send({"type": "lifespan.shutdown.complete"})
        return
    query = parse_qs(scope["query_string"].decode())["query"][0]
    if os.environ["FLOOR_MODE"] == "inline":
        body = _answer(query)
    else:
        body = await asyncio.get_running_loop().run_in_executor(_pool, _answer, query)
    headers = [(b"content-type", b"application/sparql-results+json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per server")
    parser.add_argument("--rounds", type=int, default=4, help="turns each server takes")
    args = parser.parse_args()
    work = OUT / f"endpoint-{args.articles}"
    store, location = work / "claimgraph-store", work / "oxigraph-db"
    if not store.exists() or not location.exists():
        raise SystemExit(f"run bench/endpoint.py --articles {args.articles} first")
    servers: dict[str, tuple[list[str], str, dict[str, str]]] = {}  # command, endpoint, env
    for mode in ("inline", "thread"):
        port = free_port()
        argv = [
            str(BIN / "uvicorn"),
            "floor:app",
            "--app-dir",
            str(HERE),
            "--port",
            str(port),
            "--workers",
            "2",
            "--no-access-log",
            "--log-level",
            "warning",
        ]
        env = {"FLOOR_STORE": str(store / "db"), "FLOOR_MODE": mode}
        servers[mode] = (argv, f"http://127.0.0.1:{port}/sparql", env)
    port = free_port()
    argv = [str(BIN / "claimgraph"), "serve", "--store", str(store), "--port", str(port)]
    servers["claimgraph"] = ([*argv, "--no-access-log"], f"http://127.0.0.1:{port}/sparql", {})
    servers["oxigraph"] = (*oxigraph_server(location), {})
    with ExitStack() as stack:
        for name, (argv, endpoint, env) in servers.items():
            os.environ.update(env)  # the server started next inherits it
            stack.enter_context(running(argv, endpoint, work / f"floor-{name}.log"))
        endpoints = {name: endpoint for name, (_, endpoint, _) in servers.items()}
        figures = interleaved(endpoints, args.duration, args.rounds, heavy=False)
    results = {name: row["rps"] for name, row in figures.items()}
    native = results["oxigraph"]
    print("server | lookups req/s | vs native Oxigraph")
    for name, rps in results.items():
        print(f"{name} | {rps:.0f} | {rps / native:.2f}x")


if __name__ == "__main__":
    main()
