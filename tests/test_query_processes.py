"""Queries run in processes the operating system holds in: no network, bounded
memory, a stack for the deepest query, and a fair share of them per client.

These tests go below the query check on purpose (straight to the executor),
to show that each protection holds on its own, whatever a query says."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx2
import pytest

from claimgraph.store.embedded import db_path
from claimgraph.web.executor import (
    LimitExceeded,
    QueryError,
    QueryExecutor,
    QueryRequest,
    stack_for,
)
from claimgraph.web.fairness import CLIENT, FairPool
from tests.conftest import from_address, query_processes, running_server, wait_for

CHEAP = "ASK { ?s ?p ?o }"
EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# sorting a cross product of the seed store (8,000 quads squared) needs gigabytes
HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


@contextmanager
def listener() -> Iterator[tuple[int, list[bytes]]]:
    """A TCP listener on loopback: its port, and what each connection sent."""
    received: list[bytes] = []
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(1)
                try:
                    received.append(conn.recv(65536))
                except OSError:
                    received.append(b"")

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], received
    finally:
        stop.set()
        thread.join()
        server.close()


def run(store: Path, queries: list[str], **options: object) -> list[object]:
    """Each query's response or error, from an executor started for them."""

    async def main() -> list[object]:
        executor = QueryExecutor(db_path(store), **options)  # type: ignore[arg-type]
        await executor.start()
        try:
            results: list[object] = []
            for query in queries:
                try:
                    results.append(await executor.query(QueryRequest(query, accept="text/csv")))
                except QueryError as exc:
                    results.append(exc)
            results.append(executor.protections)
            return results
        finally:
            await executor.close()

    return asyncio.run(main())


def test_query_processes_cannot_open_a_connection(served_store: Path) -> None:
    """A SERVICE that got past every check still reaches nothing: the process
    evaluating it has no network. Without the isolation, the same query does
    reach the listener (so the test can see a connection when there is one)."""
    with listener() as (port, received):
        service = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
        isolated = run(served_store, [service, CHEAP])
        time.sleep(0.5)
        assert received == []
        failed, cheap, protections = isolated
        assert isinstance(failed, QueryError) and failed.status == 500
        assert isinstance(cheap, object) and not isinstance(cheap, QueryError)
        assert isinstance(protections, str) and "no network" in protections

        open_net = run(served_store, [service], isolate=False, timeout=5)
        assert wait_for(lambda: len(received) == 1, 10)
        assert received[0].startswith(b"POST /sparql") or received[0].startswith(b"GET /sparql")
        assert "no network" not in str(open_net[-1])


def test_a_query_as_deep_as_the_body_limit_admits_is_evaluated(served_store: Path) -> None:
    """100,000 levels of `!` overflow a default 8 MiB stack (the process dies
    with SIGSEGV); the evaluation thread's stack is sized for the body limit."""
    deep = "SELECT (" + "!" * 100_000 + "true AS ?x) WHERE {}"
    answered = run(served_store, [deep, CHEAP], stack_bytes=stack_for(1024 * 1024))
    assert not isinstance(answered[0], QueryError), answered[0]
    assert answered[0].body.split() == [b"x", b"true"]  # type: ignore[attr-defined]


def test_a_query_past_the_memory_limit_is_stopped_and_its_process_replaced(
    served_store: Path,
) -> None:
    started = time.perf_counter()
    hungry, cheap, _ = run(served_store, [HUNGRY, CHEAP], max_memory=256 * 2**20, timeout=60)
    assert isinstance(hungry, LimitExceeded) and hungry.status == 503
    assert "memory limit of 256 MiB" in hungry.message and "max_query_memory" in hungry.message
    assert time.perf_counter() - started < 30  # the limit stopped it, not the timeout
    assert not isinstance(cheap, QueryError)


def test_other_clients_are_answered_while_one_runs_out_of_memory(served_store: Path) -> None:
    options = ("--query-timeout", "60", "--max-query-memory", "256")
    with running_server(served_store, *options) as (server, root):
        endpoint = root + "sparql"
        assert wait_for(lambda: len(query_processes(server.pid)) == 4)
        with ThreadPoolExecutor(1) as pool, from_address("127.0.0.2") as other:
            hungry = pool.submit(httpx2.get, endpoint, params={"query": HUNGRY}, timeout=60)
            answered = []
            while not hungry.done():
                answered.append(other.get(endpoint, params={"query": CHEAP}).status_code)
                time.sleep(0.05)
            response = hungry.result()
        assert response.status_code == 503 and "256 MiB" in response.json()["error"]["message"]
        assert answered and set(answered) == {200}
        assert wait_for(lambda: len(query_processes(server.pid)) == 4)


def test_one_client_holds_at_most_its_share_of_the_workers(served_store: Path) -> None:
    """Six runaway queries from one client (naming other clients in
    X-Forwarded-For, which only a configured proxy may do) leave the other
    worker to everyone else: a second client's cheap queries are answered."""
    options = ("--query-timeout", "4", "--processes", "1", "--workers", "2")
    with running_server(served_store, *options) as (server, root):
        endpoint = root + "sparql"
        assert wait_for(lambda: len(query_processes(server.pid)) == 2)

        def runaway(n: int) -> int:
            forged = {"x-forwarded-for": f"10.0.0.{n}"}
            return httpx2.get(
                endpoint, params={"query": EXPLOSIVE}, headers=forged, timeout=60
            ).status_code

        with ThreadPoolExecutor(6) as pool, from_address("127.0.0.2") as other:
            runaways = [pool.submit(runaway, n) for n in range(6)]
            time.sleep(0.5)
            waits = []
            while not all(r.done() for r in runaways):
                began = time.perf_counter()
                assert other.get(endpoint, params={"query": CHEAP}).status_code == 200
                waits.append(time.perf_counter() - began)
                time.sleep(0.1)
            statuses = [r.result() for r in runaways]
        assert set(statuses) == {503}  # timed out, or refused while they waited their turn
        assert len(waits) >= 10 and max(waits) < 1.0, f"the other client waited {max(waits)} s"


# -- the fair pool itself ----------------------------------------------------------


def test_waiting_clients_take_turns_and_each_holds_at_most_its_share() -> None:
    async def main() -> list[str]:
        pool: FairPool[str] = FairPool(share=1, max_waiting=8, queue_timeout=5)
        pool.add("w1")
        pool.add("w2")
        order: list[str] = []

        async def client(name: str, hold: float) -> None:
            resource = await pool.acquire(name)
            order.append(name)
            await asyncio.sleep(hold)
            pool.release(name, resource)

        # a sends three at once, then b and c one each: a never holds both workers, and
        # c, although it came last, goes before a's third
        tasks = [asyncio.create_task(client("a", 0.05)) for _ in range(3)]
        await asyncio.sleep(0)
        tasks += [asyncio.create_task(client(n, 0.05)) for n in ("b", "c")]
        await asyncio.gather(*tasks)
        return order

    order = asyncio.run(main())
    assert order == ["a", "b", "a", "c", "a"]


def test_a_client_with_too_many_waiting_queries_is_refused_at_once() -> None:
    async def main() -> str:
        pool: FairPool[str] = FairPool(share=1, max_waiting=2, queue_timeout=5)
        pool.add("w")
        held = await pool.acquire("a")
        waiting = [asyncio.create_task(pool.acquire("a")) for _ in range(2)]
        await asyncio.sleep(0)
        try:
            await pool.acquire("a")
        except LimitExceeded as exc:
            return exc.message
        finally:
            for task in waiting:
                task.cancel()
            pool.release("a", held)
        return "not refused"

    assert "2 are waiting" in asyncio.run(main())


def test_a_request_abandoned_while_it_waits_gives_nothing_away() -> None:
    async def main() -> int:
        pool: FairPool[str] = FairPool(share=1, max_waiting=4, queue_timeout=5)
        pool.add("w")
        held = await pool.acquire("a")
        waiter = asyncio.create_task(pool.acquire("b"))
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        pool.release("a", held)
        again = await asyncio.wait_for(pool.acquire("c"), 1)  # the resource is free
        pool.release("c", again)
        return pool.capacity

    assert asyncio.run(main()) == 1


def test_the_client_is_the_peer_unless_a_trusted_proxy_says_otherwise() -> None:
    assert CLIENT.get() == ""
    from claimgraph.web.settings import ServerSettings
    from claimgraph.web.supervisor import Supervisor

    plain = Supervisor(ServerSettings(store=Path("s")), host="127.0.0.1", port=0, processes=1)
    assert plain.options["proxy_headers"] is False
    proxied = Supervisor(
        ServerSettings(store=Path("s"), trusted_proxies=("10.1.2.3",)),
        host="127.0.0.1",
        port=0,
        processes=1,
    )
    assert proxied.options["proxy_headers"] is True
    assert proxied.options["forwarded_allow_ips"] == ["10.1.2.3"]


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_default_share_is_half_the_workers(workers: int, served_store: Path) -> None:
    executor = QueryExecutor(db_path(served_store), workers=workers)
    assert executor._pool.share == max(1, workers // 2)


def test_a_trusted_proxy_must_be_an_address() -> None:
    from click.testing import CliRunner

    from claimgraph.cli import main

    result = CliRunner().invoke(main, ["serve", "--trusted-proxy", "proxy\x1b]0;x\x07"])
    assert result.exit_code == 2
    assert "is not an IP address or network" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output


def test_the_start_up_line_says_which_protection_is_in_force(
    served_store: Path, tmp_path: Path
) -> None:
    import subprocess
    import sys

    log = tmp_path / "serve.log"
    with log.open("wb") as err:
        server = subprocess.Popen(
            [sys.executable, "-m", "claimgraph", "serve", "--store", str(served_store),
             "--host", "127.0.0.1", "--port", "0", "--processes", "1"],
            stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
        try:
            assert wait_for(lambda: "Queries run in" in log.read_text(), 60), log.read_text()
        finally:
            server.terminate()
            server.wait(60)
    line = next(line for line in log.read_text().splitlines() if "Queries run in" in line)
    assert "2 query processes" in line and "no network" in line
    assert "1024 MiB of memory each (RLIMIT_AS)" in line and "30 s" in line
