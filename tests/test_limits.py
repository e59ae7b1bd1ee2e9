"""The limits that protect the service, each named in the error it gives."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.settings import ServerSettings
from claimgraph.web.app import create_app

EXPLOSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_result_size_limit(served_store: Path) -> None:
    settings = ServerSettings(store=served_store, max_result_bytes=2000, workers=1)
    with TestClient(create_app(settings)) as client:
        big = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert big.status_code == 503
        message = big.json()["error"]["message"]
        assert "result too large" in message and "2000 bytes" in message
        assert "max_result_bytes" in message
        small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})
        assert small.status_code == 200


def test_concurrency_limit(served_store: Path) -> None:
    settings = ServerSettings(store=served_store, workers=1, queue_timeout=0.5, query_timeout=3)
    with TestClient(create_app(settings)) as client, ThreadPoolExecutor(1) as pool:
        slow = pool.submit(client.get, "/sparql", params={"query": EXPLOSIVE})
        time.sleep(0.3)
        refused = client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert refused.status_code == 503
        assert refused.headers["retry-after"] == "1"
        message = refused.json()["error"]["message"]
        assert "too many concurrent queries" in message and "workers" in message
        assert slow.result(timeout=30).status_code == 503  # then the slow one times out
