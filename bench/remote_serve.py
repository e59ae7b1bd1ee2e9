"""``claimgraph serve --endpoint`` (an Oxigraph server behind it, filled by
``claimgraph publish``) against ``claimgraph serve`` on its embedded store, in
one run on one machine, over the same generated corpus (bench/generate.py).

Both serve with the same processes and workers, without access log; they run
side by side and take turns (as bench/endpoint.py's servers do). Workloads:

* lookups under load: wrk, 4 connections, rotating over 200 claims
  (requests/s, p50, p99), --rounds turns each, --duration seconds in all;
  and the CPU time each lookup took, in the serve's processes (its query
  processes included) and in the Oxigraph server: on a shared machine a
  steadier figure than the rate;
* the example queries (web/queries/*.rq), each three times by each server,
  as SPARQL JSON: the median time of each, and their sum (the Oxigraph server
  is restarted after one that outlives the query timeout: it would run on);
* a page (an article's, as a browser asks for it): median of 20.

When Debian's nginx is installed, the lookups are also measured through nginx
with proxy_cache in front of ``serve --endpoint`` (bench/endpoint.py's
configuration, on loopback), taking its turn with the others.

It prints each figure and the ratio of the remote serve's to the embedded's
(target: at least 0.7x the embedded lookups' rate; through the cache, at
least the embedded rate).

    python bench/remote_serve.py [--articles 3000] [--duration 20] [--rounds 4]

Needs wrk (Debian: apt-get install wrk) and the oxigraph server binary (the
PyPI package oxigraph, a test dependency).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import httpx2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from claimgraph.web.examples import examples  # noqa: E402
from endpoint import (  # noqa: E402
    BASE,
    BIN,
    OUT,
    caching_proxy,
    free_port,
    running,
    subjects,
    wrk,
)
from oxigraph_server import OxigraphProcess, binary  # noqa: E402
from scale import corpus  # noqa: E402

ARTICLE_PAGE = "article/article-00005"
PROXIED = "remote behind nginx"


def claimgraph(*args: str) -> None:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600"}
    subprocess.run([str(BIN / "claimgraph"), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def timed(call: Callable[..., httpx2.Response], *args: object, **options: object) -> float:
    started = time.perf_counter()
    response = call(*args, **options)
    assert response.status_code == 200, response.text[:300]
    return time.perf_counter() - started


def example_time(client: httpx2.Client, endpoint: str, query: str) -> float | None:
    """Seconds an example query takes (the median of 3 when it takes under 2 s);
    None when it outlives the servers' query timeout."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        response = client.get(
            endpoint, params={"query": query}, headers={"accept": "application/sparql-results+json"}
        )
        if response.status_code in (503, 504):  # the query timeout
            return None
        assert response.status_code == 200, response.text[:300]
        times.append(time.perf_counter() - started)
        if times[0] >= 2:
            break
    return statistics.median(times)


def cpu_seconds(pids: list[int]) -> float:
    """User and system CPU seconds the processes have used so far."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def cpu(name: str, groups: dict[str, int], store: OxigraphProcess) -> dict[str, float]:
    """CPU seconds so far of serve ``name``'s processes and of the store."""
    if name not in groups:  # the proxy: its own CPU is not counted
        return {}
    found = subprocess.run(["pgrep", "-g", str(groups[name])], capture_output=True, text=True)
    assert store.process is not None
    return {
        "serve": cpu_seconds([int(p) for p in found.stdout.split()]),
        "store": cpu_seconds([store.process.pid]),
    }


def cpu_of(row: dict[str, object]) -> float:
    return float(row["serve_cpu_ms"]) + float(row["store_cpu_ms"])  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per server")
    parser.add_argument("--rounds", type=int, default=4, help="turns each server takes")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--query-timeout",
        type=int,
        default=30,
        help="seconds; an example query past it is left out",
    )
    args = parser.parse_args()
    oxigraph = binary()
    if shutil.which("wrk") is None or oxigraph is None:
        raise SystemExit("wrk (apt-get install wrk) and oxigraph (pip install oxigraph) are needed")
    folder = corpus(args.articles)
    work = OUT / f"remote-serve-{args.articles}"
    for stale in ("oxigraph", "nginx"):  # the store and build are reused, not the cache
        shutil.rmtree(work / stale, ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    store, build = work / "store", work / "build"
    # the same corpus, built once into the embedded store and once for publish
    claimgraph("serve", str(folder), "--store", str(store), "--base-iri", BASE, "--get", "/ns")
    claimgraph("build", str(folder), "--out", str(build), "--base-iri", BASE, "--quiet")
    common = ["--processes", str(args.processes), "--workers", str(args.workers)]
    common += ["--query-timeout", str(args.query_timeout), "--no-access-log"]
    os.environ["CLAIMGRAPH_CLIENT_SHARE"] = str(args.workers)  # wrk is one client
    with ExitStack() as stack:
        server = OxigraphProcess(oxigraph, work / "oxigraph")
        stack.callback(server.kill)
        started = time.perf_counter()
        claimgraph("publish", str(build), "--to", server.url, "--quiet")
        publish_s = time.perf_counter() - started
        servers, groups = {}, {}
        for name, options in (
            ("embedded", ["--store", str(store)]),
            ("remote", ["--endpoint", server.url]),
        ):
            port = free_port()
            argv = [str(BIN / "claimgraph"), "serve", *options, "--port", str(port), *common]
            endpoint = f"http://127.0.0.1:{port}/sparql"
            serving = stack.enter_context(running(argv, endpoint, work / f"{name}.log"))
            servers[name] = endpoint
            groups[name] = serving.pid  # a session of its own: its process group
        loaded = dict(servers)  # what takes turns under wrk
        if shutil.which("nginx"):
            argv, endpoint = caching_proxy(work, servers["remote"].removesuffix("sparql"))
            stack.enter_context(running(argv, endpoint, work / "nginx.log"))
            loaded[PROXIED] = endpoint
        iris = {name: subjects(endpoint) for name, endpoint in loaded.items()}
        lookups: dict[str, list[dict[str, float]]] = {name: [] for name in loaded}
        for _ in range(args.rounds):
            for name, endpoint in loaded.items():
                before = cpu(name, groups, server)
                run = wrk(endpoint, iris[name], max(1, args.duration // args.rounds))
                spent = cpu(name, groups, server)
                requests = run["rps"] * max(1, args.duration // args.rounds)
                run |= {f"{k}_cpu_ms": 1000 * (spent[k] - before[k]) / requests for k in spent}
                lookups[name].append(run)
        queries: dict[str, dict[str, float | None]] = {name: {} for name in servers}
        pages: dict[str, list[float]] = {name: [] for name in servers}
        with httpx2.Client(timeout=3600) as client:
            for example in examples():
                for name, endpoint in servers.items():
                    queries[name][example.name] = example_time(client, endpoint, example.query)
                if queries["remote"][example.name] is None:
                    # the store runs on a query serve --endpoint gave up on (the embedded
                    # serve kills its query process): restart it, or it would slow down
                    # what is measured next (Oxigraph's --timeout-s fails under load)
                    server.kill()
                    server.start()
            for _ in range(20):
                for name, endpoint in servers.items():
                    page = endpoint.removesuffix("sparql") + ARTICLE_PAGE
                    pages[name].append(timed(client.get, page, headers={"accept": "text/html"}))
    both = [
        q for q in queries["embedded"] if None not in (queries["embedded"][q], queries["remote"][q])
    ]
    figures = {
        name: {
            "lookups_rps": statistics.median(run["rps"] for run in lookups[name]),
            "p50_ms": statistics.median(run["p50_ms"] for run in lookups[name]),
            "p99_ms": statistics.median(run["p99_ms"] for run in lookups[name]),
            "non_2xx": sum(run["non_2xx"] for run in lookups[name]),
            "serve_cpu_ms": statistics.median(run["serve_cpu_ms"] for run in lookups[name]),
            "store_cpu_ms": statistics.median(run["store_cpu_ms"] for run in lookups[name]),
            "examples_s": queries[name],
            "examples_total_s": sum(queries[name][q] or 0.0 for q in both),
            "page_ms": statistics.median(pages[name]) * 1000,
        }
        for name in servers
    }
    proxied = (
        {
            key: statistics.median(run[key] for run in lookups[PROXIED])
            for key in ("rps", "p50_ms", "p99_ms")
        }
        | {"non_2xx": sum(run["non_2xx"] for run in lookups[PROXIED])}
        if PROXIED in lookups
        else None
    )
    print(
        json.dumps(
            {"articles": args.articles, "publish_s": publish_s, **figures, PROXIED: proxied},
            indent=2,
        )
    )
    print()
    print("example query | embedded s | serve --endpoint s | ratio (speed)")
    for query in queries["embedded"]:
        mine, theirs = queries["remote"][query], queries["embedded"][query]
        shown = [
            f"{t:.3f}" if t is not None else f"> {args.query_timeout} s" for t in (theirs, mine)
        ]
        ratio = f"{theirs / mine:.2f}x" if mine and theirs else "-"
        print(f"{query} | {shown[0]} | {shown[1]} | {ratio}")
    print()
    print(
        "serve | lookups req/s | p50 ms | p99 ms | CPU ms a lookup: serve + store | "
        "example queries s (sum) | page ms"
    )
    for name, row in figures.items():
        print(
            f"{name} | {row['lookups_rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
            f"{row['serve_cpu_ms']:.3f} + {row['store_cpu_ms']:.3f} | "
            f"{row['examples_total_s']:.3f} | {row['page_ms']:.1f}"
        )
    ours, theirs = figures["remote"], figures["embedded"]
    print(
        f"serve --endpoint vs embedded serve: lookups "
        f"{float(ours['lookups_rps']) / float(theirs['lookups_rps']):.2f}x the req/s "
        f"(target >= 0.7x), {cpu_of(theirs) / cpu_of(ours):.2f}x by CPU time a lookup; "
        f"the {len(both)} example queries that finish within "
        f"{args.query_timeout} s on both: "
        f"{float(theirs['examples_total_s']) / float(ours['examples_total_s']):.2f}x the speed; "
        f"a page {float(theirs['page_ms']) / float(ours['page_ms']):.2f}x the speed"
    )
    if proxied is None:
        print("(nginx is not installed: no figure through the caching proxy)")
        return
    print(
        f"serve --endpoint behind nginx (proxy_cache): {proxied['rps']:.0f} lookups/s, "
        f"p50 {proxied['p50_ms']:.2f} ms, p99 {proxied['p99_ms']:.2f} ms; "
        f"{proxied['rps'] / float(theirs['lookups_rps']):.2f}x the embedded serve's rate "
        f"(target >= 1x), {proxied['rps'] / float(ours['lookups_rps']):.2f}x serve --endpoint's"
    )


if __name__ == "__main__":
    main()
