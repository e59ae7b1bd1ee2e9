"""The limits that protect the service, each named in the error it gives.

Timeouts are tested against ``claimgraph serve`` itself: a query that outlives
its timeout is stopped by ending its server process, which only the supervisor
does (an app under TestClient has no process to give up)."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx2
from fastapi.testclient import TestClient

from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings
from tests.conftest import (
    from_address,
    query_processes,
    running_server,
    server_processes,
    wait_for,
)

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = "ASK { ?s ?p ?o }"
TOKEN = "s3cret-token"


def test_result_size_limit(served_store: Path) -> None:
    settings = ServerSettings(store=served_store, max_result_bytes=2000, workers=1)
    with TestClient(create_app(settings)) as client:
        for query in (
            "SELECT * WHERE { ?s ?p ?o }",
            "CONSTRUCT WHERE { ?s ?p ?o }",
        ):
            big = client.get("/sparql", params={"query": query})
            # the same query would fail again: not a 503 to retry, a 422 to narrow it
            assert big.status_code == 422
            assert "retry-after" not in big.headers
            message = big.json()["error"]["message"]
            assert "result too large" in message and "2000 bytes" in message
            assert "max_result_bytes" in message and "add a LIMIT" in message
        small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
        assert small.status_code == 200


def test_explosive_query_times_out_while_cheap_ones_are_answered(served_store: Path) -> None:
    with running_server(served_store, "--query-timeout", "2") as (server, root):
        endpoint = root + "sparql"
        assert wait_for(lambda: len(query_processes(server.pid)) == 4)
        servers, before = server_processes(server.pid), query_processes(server.pid)
        with ThreadPoolExecutor(1) as pool, from_address("127.0.0.2") as other:
            slow = pool.submit(httpx2.get, endpoint, params={"query": EXPLOSIVE}, timeout=30)
            time.sleep(0.3)  # the explosive query is running
            # another client's cheap queries are answered while it runs, not after it:
            # how many fit in its 2 s depends on the machine's load, that some do does not
            answered_while_it_ran = 0
            while not slow.done():
                cheap = other.get(endpoint, params={"query": CHEAP})
                assert cheap.status_code == 200 and cheap.json()["boolean"] is True
                answered_while_it_ran += not slow.done()
                time.sleep(0.1)
            slow_response = slow.result()
        assert answered_while_it_ran >= 1
        assert slow_response.status_code == 503
        assert slow_response.headers["retry-after"] == "1"
        message = slow_response.json()["error"]["message"]
        assert "query timeout" in message and "2 s" in message and "query_timeout" in message
        # the query process that ran it was killed (ending the query) and replaced; the
        # server processes, and every other query process, are the same as before
        assert wait_for(lambda: len(query_processes(server.pid) & before) == 3)
        assert wait_for(lambda: len(query_processes(server.pid)) == 4)
        assert server_processes(server.pid) == servers
        for _ in range(10):
            assert httpx2.get(endpoint, params={"query": CHEAP}, timeout=10).status_code == 200


def test_concurrency_limit(served_store: Path) -> None:
    options = ("--query-timeout", "3", "--processes", "1", "--workers", "1")
    env = {"CLAIMGRAPH_QUEUE_TIMEOUT": "0.5"}
    with running_server(served_store, *options, env=env) as (_, root):
        endpoint = root + "sparql"
        with ThreadPoolExecutor(1) as pool:
            slow = pool.submit(httpx2.get, endpoint, params={"query": EXPLOSIVE}, timeout=30)
            time.sleep(0.3)
            refused = httpx2.get(endpoint, params={"query": CHEAP}, timeout=10)
            assert refused.status_code == 503
            assert refused.headers["retry-after"] == "1"
            message = refused.json()["error"]["message"]
            assert "too many concurrent queries" in message and "0.5 s" in message
            assert "workers" in message and "queue_timeout" in message
            assert slow.result().status_code == 503  # then the slow one times out
        # and its replacement answers (one process: the requests wait in the backlog)
        assert httpx2.get(endpoint, params={"query": CHEAP}, timeout=30).status_code == 200


def test_runaway_update_is_stopped_and_the_store_left_as_it_was(
    served_store: Path, tmp_path: Path
) -> None:
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    options = ("--query-timeout", "2", "--allow-update", "--update-token", TOKEN)
    auth = {"authorization": f"Bearer {TOKEN}"}
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    with running_server(store, *options) as (server, root):
        endpoint = root + "sparql"

        def quads() -> int:
            response = httpx2.get(
                endpoint, params={"query": count}, headers={"accept": "text/csv"}, timeout=30
            )
            assert response.status_code == 200, response.text
            return int(response.text.split()[1])

        def small(n: int) -> str:
            return (
                "INSERT DATA { GRAPH <http://example.org/g> "
                f"{{ <http://example.org/s> <http://example.org/p> {n} }} }}"
            )

        # a committed update survives the restart that stops a runaway one
        committed = httpx2.post(endpoint, data={"update": small(1)}, headers=auth, timeout=30)
        assert committed.status_code == 204, committed.text
        before = quads()
        runaway = (
            "INSERT { GRAPH <http://example.org/g> { ?a <http://example.org/p> ?l } } "
            "WHERE { GRAPH ?w { ?a ?b ?c } GRAPH ?x { ?d ?e ?f } GRAPH ?y { ?g ?h ?i } "
            "GRAPH ?z { ?j ?k ?l } }"  # updates see the store's own default graph: empty
        )
        response = httpx2.post(endpoint, data={"update": runaway}, headers=auth, timeout=30)
        assert response.status_code == 503
        message = response.json()["error"]["message"]
        assert "update timeout" in message and "query_timeout" in message
        # the one writer process is replaced once it has exited; nothing was written
        assert quads() == before
        done = httpx2.post(endpoint, data={"update": small(2)}, headers=auth, timeout=30)
        assert done.status_code == 204, done.text
        assert quads() == before + 1
        assert server.poll() is None
