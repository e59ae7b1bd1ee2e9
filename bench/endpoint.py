"""claimgraph's endpoint against its peers, in one run on one machine.

Peers: rdflib-endpoint (the direct Python peer, serving the Turtle dump from
rdflib's memory store) and the native Oxigraph server (`oxigraph load`, then
`oxigraph serve-read-only --union-default-graph`). Each serves the same
generated corpus (bench/generate.py) on loopback. The servers run side by
side and take turns, so that a slow spell of a shared machine falls on all of
them alike. Workloads:

* lookups under concurrent load: wrk, 4 connections, rotating over 200 subjects
  (requests/s, p50, p99): --rounds turns per server, --duration seconds in all,
  medians of the turns;
* a heavy aggregate (GROUP BY with FILTER NOT EXISTS): latency, median of 3;
* a CONSTRUCT of 20,000 triples as Turtle: time, median of 3;
* claimgraph's peak memory (supervisor and server processes, VmHWM).

claimgraph is measured twice: without its access log (the peers log nothing per
request), and as served by default, logging each request.

    python bench/endpoint.py [--articles 10000] [--duration 20] [--rounds 4]
                             [--skip rdflib-endpoint]

Needs wrk (Debian: apt-get install wrk) and the bench extras (make bench-endpoint).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import quote

import httpx2

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from scale import corpus  # noqa: E402

CG = "https://w3id.org/claimgraph/ns#"
HEAVY = f"""PREFIX cg: <{CG}>
SELECT ?claimant (COUNT(?claim) AS ?claims) (COUNT(DISTINCT ?event) AS ?events)
WHERE {{
  ?claim a cg:Claim ; cg:claimant ?claimant ; cg:about ?event .
  FILTER NOT EXISTS {{ ?claim cg:polarity cg:negative }}
}}
GROUP BY ?claimant ORDER BY DESC(?claims) LIMIT 20"""
CONSTRUCT = f"""PREFIX cg: <{CG}>
CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s a cg:Quote ; ?p ?o }} LIMIT 20000"""
LOOKUP = "SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}"
BASE = "http://127.0.0.1:8000/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 3600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode} before answering {url}")
        try:
            if httpx2.get(url, params={"query": "ASK {}"}, timeout=5).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"no answer from {url}")


@contextmanager
def running(argv: list[str], url: str, log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as sink:
        process = subprocess.Popen(
            argv, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            wait_ready(url, process)
            yield process
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def oxigraph_server(location: Path) -> tuple[list[str], str]:
    """The command that serves the native Oxigraph database at ``location``
    (read-only, default graph = union, as claimgraph), and its endpoint."""
    port = free_port()
    argv = [
        str(BIN / "oxigraph"),
        "serve-read-only",
        "--location",
        str(location),
        "--bind",
        f"127.0.0.1:{port}",
        "--union-default-graph",
    ]
    return argv, f"http://127.0.0.1:{port}/query"


def caching_proxy(work: Path, upstream: str) -> tuple[list[str], str]:
    """nginx (Debian's) with proxy_cache in front of claimgraph, as the README
    describes the deployment: the cache keeps what claimgraph's Cache-Control
    allows and revalidates it with its ETags."""
    port = free_port()
    folder = work / "nginx"
    (folder / "cache").mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    proxy_cache_path {folder}/cache keys_zone=claimgraph:10m max_size=1g;
    upstream claimgraph {{ server {upstream.removeprefix("http://").rstrip("/")}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://claimgraph;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_cache claimgraph;
            proxy_cache_key "$request_method$request_uri$http_accept";
            proxy_cache_revalidate on;
            proxy_cache_lock on;
            proxy_cache_use_stale updating;
        }}
    }}
}}
""",
        encoding="utf-8",
    )
    argv = ["nginx", "-c", str(conf), "-g", "daemon off;"]
    return argv, f"http://127.0.0.1:{port}/sparql"


def subjects(endpoint: str, count: int = 200) -> list[str]:
    query = f"SELECT DISTINCT ?s WHERE {{ ?s a <{CG}Claim> }} LIMIT {count}"
    response = httpx2.get(
        endpoint,
        params={"query": query},
        headers={"accept": "application/sparql-results+json"},
        timeout=600,
    )
    return [b["s"]["value"] for b in response.json()["results"]["bindings"]]


def wrk(endpoint: str, iris: list[str], duration: int, connections: int = 4) -> dict[str, float]:
    """Lookups under load: requests/s and latency percentiles, from wrk."""
    paths = [f"{endpoint}?query={quote(LOOKUP.format(iri=iri), safe='')}" for iri in iris]
    script = "\n".join(
        [
            "paths = {" + ",".join(json.dumps("/" + p.split("/", 3)[3]) for p in paths) + "}",
            "counter = 0",
            "request = function()",
            "  counter = counter + 1",
            "  local headers = {Accept = 'application/sparql-results+json'}",
            "  return wrk.format('GET', paths[(counter % #paths) + 1], headers)",
            "end",
        ]
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{connections}",
                f"-d{duration}s",
                "--latency",
                "-s",
                handle.name,
                endpoint,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)

    def latency(label: str) -> float:
        match = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", result, re.M)
        assert match, result
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[match[2]]
        return float(match[1]) * scale

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", result)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", result)
    return {
        "rps": rps,
        "p50_ms": latency("50%"),
        "p99_ms": latency("99%"),
        "non_2xx": int(errors[1]) if errors else 0,
    }


def _get(endpoint: str, query: str, accept: str) -> httpx2.Response:
    response = httpx2.get(
        endpoint, params={"query": query}, headers={"accept": accept}, timeout=3600
    )
    assert response.status_code == 200, response.text[:300]
    return response


def interleaved(
    endpoints: dict[str, str], duration: int, rounds: int, heavy: bool = True
) -> dict[str, dict[str, float]]:
    """Every workload on every server, taking turns: ``rounds`` rounds of
    lookups (``duration`` seconds per server in all), then the heavy queries
    three times each; medians. Servers run side by side, idle but for their
    turn, so that a slow spell of a shared machine falls on all of them."""
    iris = {name: subjects(endpoint) for name, endpoint in endpoints.items()}
    runs: dict[str, list[dict[str, float]]] = {name: [] for name in endpoints}
    for _ in range(rounds):
        for name, endpoint in endpoints.items():
            runs[name].append(wrk(endpoint, iris[name], max(1, duration // rounds)))
    figures = {
        name: {
            key: statistics.median(run[key] for run in rounds_of)
            for key in ("rps", "p50_ms", "p99_ms")
        }
        | {"non_2xx": sum(run["non_2xx"] for run in rounds_of)}
        for name, rounds_of in runs.items()
    }
    if heavy:
        times: dict[str, dict[str, list[float]]] = {
            name: {"heavy_s": [], "construct_s": []} for name in endpoints
        }
        for _ in range(3):
            for name, endpoint in endpoints.items():
                for key, query, accept in (
                    ("heavy_s", HEAVY, "application/sparql-results+json"),
                    ("construct_s", CONSTRUCT, "text/turtle"),
                ):
                    started = time.perf_counter()
                    response = _get(endpoint, query, accept)
                    times[name][key].append(time.perf_counter() - started)
                    if key == "construct_s":
                        figures[name]["construct_bytes"] = len(response.content)
        for name, measured in times.items():
            figures[name] |= {key: statistics.median(values) for key, values in measured.items()}
    return figures


def peak_mib(pid: int) -> float:
    """VmHWM of a process and its children, in MiB."""
    pids = [pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-g", str(os.getpgid(pid))], capture_output=True, text=True
        ).stdout.split()
        if int(p) != pid
    ]
    total = 0
    for p in set(pids):
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except FileNotFoundError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        total += int(match[1]) if match else 0
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=20, help="seconds of load per server")
    parser.add_argument("--rounds", type=int, default=4, help="turns each server takes")
    parser.add_argument(
        "--skip",
        nargs="*",
        default=[],
        choices=["claimgraph", "proxy", "oxigraph", "rdflib-endpoint"],
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed: apt-get install wrk")
    folder = corpus(args.articles)
    work = OUT / f"endpoint-{args.articles}"
    work.mkdir(parents=True, exist_ok=True)
    store = work / "claimgraph-store"
    # Build (and validate) the store first, in its own process, so that the servers
    # measured below reopen it and their peak memory is that of serving alone.
    subprocess.run(
        [str(BIN / "claimgraph"), "serve", str(folder), "--store", str(store), "--get", "/sparql"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    servers: dict[str, tuple[list[str], str]] = {}  # name: command, endpoint
    # wrk is one client (one address): let it hold every query process, as the peers let it
    os.environ["CLAIMGRAPH_CLIENT_SHARE"] = "2"
    if "claimgraph" not in args.skip:
        # as the peers log nothing per request; and as served by default, with the access log
        for name, options in (("claimgraph", ["--no-access-log"]), ("claimgraph (access log)", [])):
            port = free_port()
            argv = [
                str(BIN / "claimgraph"),
                "serve",
                "--store",
                str(store),
                "--port",
                str(port),
                "--processes",
                "2",
                "--workers",
                "2",
                "--query-timeout",
                "3600",
                *options,
            ]
            servers[name] = (argv, f"http://127.0.0.1:{port}/sparql")
    if "claimgraph" not in args.skip and "proxy" not in args.skip and shutil.which("nginx"):
        upstream = servers["claimgraph"][1].removesuffix("sparql")
        servers["claimgraph behind nginx (proxy_cache)"] = caching_proxy(work, upstream)
    dump_nq, dump_ttl = store / "dumps" / "claimgraph.nq", store / "dumps" / "claimgraph.ttl"
    if "oxigraph" not in args.skip:
        location = work / "oxigraph-db"
        if not location.exists():
            subprocess.run(
                [
                    str(BIN / "oxigraph"),
                    "load",
                    "--location",
                    str(location),
                    "--file",
                    str(dump_nq),
                ],
                check=True,
            )
            # as claimgraph's store is optimised when built: compare like with like
            subprocess.run(
                [str(BIN / "oxigraph"), "optimize", "--location", str(location)], check=True
            )
        servers["oxigraph"] = oxigraph_server(location)
    if "rdflib-endpoint" not in args.skip:
        port = free_port()
        argv = [
            str(BIN / "rdflib-endpoint"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            str(dump_ttl),
        ]
        servers["rdflib-endpoint"] = (argv, f"http://127.0.0.1:{port}/")  # SPARQL at /

    with ExitStack() as stack:
        processes = {
            name: stack.enter_context(running(argv, endpoint, work / f"{name.split()[0]}.log"))
            for name, (argv, endpoint) in servers.items()
        }
        endpoints = {name: endpoint for name, (_, endpoint) in servers.items()}
        results = interleaved(endpoints, args.duration, args.rounds)
        for name, process in processes.items():
            if name.startswith("claimgraph"):
                results[name]["peak_mib"] = peak_mib(process.pid)

    print(json.dumps(results, indent=2))
    print()
    print(
        "server | lookups req/s | p50 ms | p99 ms | heavy aggregate s | CONSTRUCT 20k s | peak MiB"
    )
    for name, row in results.items():
        print(
            f"{name} | {row['rps']:.0f} | {row['p50_ms']:.2f} | {row['p99_ms']:.2f} | "
            f"{row['heavy_s']:.3f} | {row['construct_s']:.3f} | "
            f"{row.get('peak_mib', float('nan')):.0f}"
        )
    proxied = results.get("claimgraph behind nginx (proxy_cache)")
    if proxied is not None:
        for peer in ("claimgraph", "oxigraph"):
            if peer in results:
                print(
                    f"claimgraph behind nginx vs {peer}: lookups "
                    f"{proxied['rps'] / results[peer]['rps']:.2f}x the req/s"
                )
    if "claimgraph" in results:
        ours = results["claimgraph"]
        for peer in ("oxigraph", "rdflib-endpoint"):
            if peer in results:
                theirs = results[peer]
                print(
                    f"claimgraph vs {peer}: lookups {ours['rps'] / theirs['rps']:.2f}x the req/s, "
                    f"heavy {ours['heavy_s'] / theirs['heavy_s']:.2f}x the time, "
                    f"CONSTRUCT {ours['construct_s'] / theirs['construct_s']:.2f}x the time"
                )


if __name__ == "__main__":
    main()
