"""A hostile-query campaign against a running `claimgraph serve`, on loopback.

Attackers (several client addresses, 127.0.0.1 to 127.0.0.N) send every
family of the attack probe of issue 17 and generated variants of each (at
least 10,000 requests): SERVICE smuggled past comments ended by CR, LF, CRLF
or the end of the text, behind codepoint escapes and local-name escapes,
LOAD the same way; operator, pattern and path chains thousands deep;
brackets hidden after comments; runaway cross products; memory-hungry sorts;
huge headers; HTML pages of huge results. Meanwhile a second client
(127.0.0.250) sends a cheap query every 50 ms. Printed:

* server processes that died (must be 0), query processes replaced (by
  timeout or memory limit: expected), connections that reached a loopback
  listener every SERVICE names (must be 0);
* the peak RSS of every query process beside the memory limit;
* the cheap client's p50 / p99 latency and failures, under attack and, as the
  reference measured in the same run, before the attack began.

    python bench/hostile.py [--requests 10000] [--concurrency 8] [--attackers 4]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx2

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import query_processes, server_processes  # noqa: E402

CHEAP = "ASK { ?s ?p ?o }"
MEMORY_MIB = 512
TIMEOUT_S = 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class Listener:
    """Counts the TCP connections that reach a loopback port."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


def attacks(port: int, rng: random.Random) -> list[tuple[str, dict[str, str], str]]:
    """(family, request parameters, extra header kind) for one round of every family."""
    target = f"http://127.0.0.1:{port}/x"
    service = f"{{ SERVICE <{target}> {{ ?leak ?p ?o }} }}"
    ends = ["\r", "\n", "\r\n", "\\u000D", "\\u000A", "\\U0000000D", ""]
    end = rng.choice(ends)
    n = rng.choice([1_000, 5_000, 10_000, 50_000])
    depth = rng.choice([200, 1_000, 10_000, 100_000])
    keyword = rng.choice(["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE"])
    smuggled = f"{{ {keyword} <{target}> {{ ?leak ?p ?o }} }}"
    out: list[tuple[str, dict[str, str], str]] = [
        ("service-after-comment", {"query": f"SELECT * WHERE # x{end}{service}"}, ""),
        ("service-escaped-keyword", {"query": f"SELECT * WHERE {smuggled}"}, ""),
        (
            "service-after-local-escape",
            {"query": f"PREFIX ex: <http://e/> SELECT * WHERE {{ ex:a\\' ?p ?o }} {service}"},
            "",
        ),
        (
            "service-in-string-lookalike",
            {"query": f"SELECT * WHERE {{ ?s ?p '''{end}' }} {service}"},
            "",
        ),
        ("plus-chain", {"query": "SELECT (" + "+".join(["1"] * n) + " AS ?x) {}"}, ""),
        ("and-chain", {"query": "SELECT * { FILTER(" + "&&".join(["true"] * n) + ") }"}, ""),
        ("union-chain", {"query": "SELECT * {" + " UNION ".join(["{}"] * n) + "}"}, ""),
        ("optional-chain", {"query": "SELECT * {" + " OPTIONAL {}" * n + "}"}, ""),
        (
            "bind-chain",
            {"query": "SELECT * {" + "".join(f" BIND(1 AS ?v{i})" for i in range(n // 10)) + "}"},
            "",
        ),
        ("path-chain", {"query": "SELECT * { ?s " + "/".join(["<http://p>"] * n) + " ?o }"}, ""),
        ("not-chain", {"query": "SELECT (" + "!" * depth + "true AS ?x) {}"}, ""),
        ("hidden-brackets", {"query": "SELECT * WHERE { # c\r" + "(" * depth + " }"}, ""),
        (
            "comparison-brackets",
            {"query": "SELECT * { FILTER(1<2&&" + "(" * depth + "1" + ")" * depth + "&&2>1) }"},
            "",
        ),
        ("braces", {"query": "SELECT * " + "{" * depth + "}" * depth}, ""),
        (
            "runaway",
            {"query": "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"},
            "",
        ),
        ("hungry-sort", {"query": "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"}, ""),
        ("html-huge-result", {"query": "SELECT * { ?a ?b ?c . ?d ?e ?f }"}, "html"),
        ("huge-header", {"query": CHEAP}, "header"),
    ]
    return out


HEAVY = {"runaway", "hungry-sort", "html-huge-result"}


def campaign(total: int, port: int, seed: int) -> list[tuple[str, dict[str, str], str]]:
    """``total`` requests: the cheap-to-refuse families as often as they come, the
    heavy ones (each holds a query process for seconds) one in fifty."""
    rng = random.Random(seed)
    out: list[tuple[str, dict[str, str], str]] = []
    while len(out) < total:
        for family in attacks(port, rng):
            if family[0] in HEAVY and rng.random() > 0.02:
                continue
            out.append(family)
    return out[:total]


def address_space_share(pid: int) -> float:
    """The process's peak address space as a share of its RLIMIT_AS (0 if unknown)."""
    try:
        peak = next(
            int(line.split()[1]) * 1024
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("VmPeak:")
        )
        limits = Path(f"/proc/{pid}/limits").read_text().splitlines()
        cap = next(line.split()[3] for line in limits if line.startswith("Max address space"))
    except (FileNotFoundError, ProcessLookupError, StopIteration):
        return 0.0
    return peak / int(cap) if cap.isdigit() else 0.0


def rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


async def cheap_client(
    root: str, stop: asyncio.Event, out: list[float], failures: Counter[str]
) -> None:
    transport = httpx2.AsyncHTTPTransport(local_address="127.0.0.250")
    async with httpx2.AsyncClient(transport=transport, timeout=30) as client:
        while not stop.is_set():
            began = time.perf_counter()
            try:
                response = await client.get(root + "sparql", params={"query": CHEAP})
                if response.status_code == 200:
                    out.append(time.perf_counter() - began)
                else:
                    failures[str(response.status_code)] += 1
            except httpx2.HTTPError as exc:
                failures[type(exc).__name__] += 1
            await asyncio.sleep(0.05)


async def attacker(
    root: str,
    address: str,
    jobs: asyncio.Queue[tuple[str, dict[str, str], str]],
    results: Counter[tuple[str, str]],
) -> None:
    transport = httpx2.AsyncHTTPTransport(local_address=address)
    async with httpx2.AsyncClient(transport=transport, timeout=60) as client:
        while True:
            try:
                family, params, kind = jobs.get_nowait()
            except asyncio.QueueEmpty:
                return
            headers = {}
            if kind == "html":
                headers["accept"] = "text/html"
            elif kind == "header":
                headers["x-filler"] = "a" * (4 * 2**20)
            try:
                if len(params["query"]) > 4000:
                    response = await client.post(root + "sparql", data=params, headers=headers)
                else:
                    response = await client.get(root + "sparql", params=params, headers=headers)
                outcome = str(response.status_code)
                if response.status_code == 503:  # which limit: timeout, memory, or the queue
                    message = response.json()["error"]["message"]
                    outcome += " " + next(
                        (w for w in ("timeout", "memory", "too many") if w in message), "other"
                    )
                results[(family, outcome)] += 1
            except httpx2.HTTPError as exc:
                results[(family, type(exc).__name__)] += 1


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def run(args: argparse.Namespace, root: str, supervisor: int, listener: Listener) -> None:
    stop = asyncio.Event()
    reference: list[float] = []
    ref_failures: Counter[str] = Counter()
    task = asyncio.create_task(cheap_client(root, stop, reference, ref_failures))
    await asyncio.sleep(args.reference_seconds)
    stop.set()
    await task

    servers = server_processes(supervisor)
    seen: set[int] = set()
    peaks: dict[int, float] = {}
    starts: dict[int, float] = {}
    shares: dict[int, float] = {}
    sampling = True

    def sample() -> None:
        while sampling:
            for pid in query_processes(supervisor):
                seen.add(pid)
                rss = rss_mib(pid)
                starts.setdefault(pid, rss)
                peaks[pid] = max(peaks.get(pid, 0.0), rss)
                shares[pid] = max(shares.get(pid, 0.0), address_space_share(pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    jobs: asyncio.Queue[tuple[str, dict[str, str], str]] = asyncio.Queue()
    for job in campaign(args.requests, listener.port, args.seed):
        jobs.put_nowait(job)
    results: Counter[tuple[str, str]] = Counter()
    under: list[float] = []
    failures: Counter[str] = Counter()
    stop = asyncio.Event()
    began = time.perf_counter()
    cheap = asyncio.create_task(cheap_client(root, stop, under, failures))
    addresses = [f"127.0.0.{1 + i % args.attackers}" for i in range(args.concurrency)]
    await asyncio.gather(*(attacker(root, a, jobs, results) for a in addresses))
    elapsed = time.perf_counter() - began
    stop.set()
    await cheap
    sampling = False
    sampler.join()
    now = server_processes(supervisor)

    sent = sum(results.values())
    print(f"\n{sent} hostile requests in {elapsed:.0f} s", end=" ")
    print(f"from {args.attackers} client addresses, {args.concurrency} at a time")
    by_family: dict[str, Counter[str]] = {}
    for (family, outcome), count in results.items():
        by_family.setdefault(family, Counter())[outcome] += count
    for family in sorted(by_family):
        outcomes = ", ".join(f"{k}: {v}" for k, v in sorted(by_family[family].items()))
        print(f"  {family:28} {outcomes}")
    print(f"server processes that died: {len(servers - now)} (of {len(servers)})")
    replaced = max(0, len(seen) - 2 * len(servers))
    print(f"query processes started in all: {len(seen)} (replacements: {replaced})")
    print(f"connections that reached the loopback listener: {listener.connections}")
    worst = max(peaks.values(), default=0.0)
    growth = max((peaks[pid] - starts[pid] for pid in peaks), default=0.0)
    print(f"peak RSS of any query process: {worst:.0f} MiB; most grown since its start:", end=" ")
    print(f"{growth:.0f} MiB (limit: {MEMORY_MIB} MiB of new address space; the stack and the")
    print("  malloc arena reserved before the cap become resident without new address space)")
    top = max(shares.values(), default=0.0)
    print(f"peak address space of any query process: {top:.0%} of its RLIMIT_AS cap")
    for name, latencies, failed in (
        ("under attack", under, failures),
        ("before the attack (reference)", reference, ref_failures),
    ):
        p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
        print(f"cheap client {name}: p50 {p50:.1f} ms, p99 {p99:.1f} ms,", end=" ")
        print(f"{len(latencies)} answered, failures {dict(failed) or 0}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--attackers", type=int, default=4)
    parser.add_argument("--reference-seconds", type=float, default=10)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="claimgraph-hostile-"))
    port = free_port()
    listener = Listener()
    log = (work / "serve.log").open("wb")
    argv = [sys.executable, "-m", "claimgraph", "serve", str(ROOT / "seeds")]
    argv += ["--store", str(work / "store"), "--host", "127.0.0.1", "--port", str(port)]
    argv += ["--query-timeout", str(TIMEOUT_S), "--max-query-memory", str(MEMORY_MIB)]
    argv += ["--no-access-log"]
    env = {**os.environ, "CLAIMGRAPH_CACHE_DIR": str(work / "cache")}
    server = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=log, env=env)
    root = f"http://127.0.0.1:{port}/"
    try:
        for _ in itertools.count():
            try:
                if (
                    httpx2.get(root + "sparql", params={"query": CHEAP}, timeout=2).status_code
                    == 200
                ):
                    break
            except httpx2.TransportError:
                time.sleep(0.5)
            if server.poll() is not None:
                sys.exit(f"the server did not start; see {work / 'serve.log'}")
        asyncio.run(run(args, root, server.pid, listener))
    finally:
        server.terminate()
        server.wait(60)
        listener.close()
        log.close()
        lines = (work / "serve.log").read_text(errors="replace").splitlines()
        for line in lines:
            if "Queries run in" in line:
                print("start-up line:", line.split("INFO:", 1)[-1].strip())
                break
        ended = [line for line in lines if "server process" in line and "ended" in line]
        print(f"server processes the supervisor saw end: {len(ended)}")
        crashed = [line for line in lines if "a query process ended while" in line]
        print(f"query processes that crashed (not stopped by a limit): {len(crashed)}")
        print(f"log: {work / 'serve.log'}")


if __name__ == "__main__":
    main()
