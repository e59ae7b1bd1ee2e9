"""Fuzzed requests to the endpoint never produce a 5xx other than a real
evaluation failure (500 "query evaluation failed") or a protective limit (503)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MEDIA = st.sampled_from(
    [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
        "text/turtle",
        "application/ld+json",
        "application/n-triples",
        "application/rdf+xml",
        "application/n-quads",
        "application/trig",
        "text/html",
        "*/*",
        "text/*",
        "image/png",
        "application/json",
        "garbage",
        "",
        ";;;",
        "text/csv;q=abc",
    ]
)
ACCEPT = st.lists(
    st.tuples(MEDIA, st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=2", ";level=1"])),
    max_size=4,
).map(lambda parts: ", ".join(m + q for m, q in parts))
# Nesting deep enough to overflow the engine's parser (refused before it), in
# any mix of brackets, around and inside the places a query allows them.
NESTED = st.builds(
    lambda opener, depth, prefix: prefix + opener * depth,
    st.sampled_from(["(", "{", "[", "({[", "{("]),
    st.integers(min_value=90, max_value=6000),
    st.sampled_from(
        ["SELECT * WHERE { BIND(", "SELECT * WHERE ", "ASK ", "SELECT * WHERE { ?s ?p ", ""]
    ),
)
REMOTE = st.builds(
    lambda keyword, target: f"SELECT * WHERE {{ {keyword} {target} {{ ?s ?p ?o }} }}",
    st.sampled_from(["SERVICE", "SERVICE SILENT", "service"]),
    st.sampled_from(
        [
            "<http://127.0.0.1:9/sparql>",
            "<file:///etc/passwd>",
            "<gopher://127.0.0.1:70/>",
            "<http://[::1]:9/>",
            "?endpoint",
            "<>",
        ]
    ),
)
QUERIES = st.one_of(
    st.text(max_size=200),
    NESTED,
    REMOTE,
    st.sampled_from(
        [
            "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
            "ASK { ?s ?p ?o }",
            "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3",
            "DESCRIBE <http://127.0.0.1:8000/actor/morocco>",
            "SELECT (1/0 AS ?x) WHERE {}",
            "SELECT * WHERE { ?s ?p ?o FILTER(REGEX(?o, '(')) } LIMIT 1",
            "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"
            ' SELECT * WHERE { BIND(STRDT("x", xsd:integer) + 1 AS ?y) }',
            "SELECT * FROM <not an iri> WHERE { ?s ?p ?o }",
            "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        ]
    ),
)
GRAPHS = st.lists(
    st.sampled_from(["http://127.0.0.1:8000/graph/registry", "not an iri", "", "urn:x"]), max_size=2
)


def _acceptable(status: int, body: dict[str, dict[str, object]] | None) -> bool:
    if status < 500:
        return True
    message = str((body or {}).get("error", {}).get("message", ""))
    return (status == 500 and message.startswith("query evaluation failed")) or status == 503


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=QUERIES,
    accept=ACCEPT,
    default=GRAPHS,
    named=GRAPHS,
    method=st.sampled_from(["get", "form", "direct"]),
)
def test_fuzzed_queries(
    client: TestClient, query: str, accept: str, default: list[str], named: list[str], method: str
) -> None:
    params = [("default-graph-uri", g) for g in default] + [("named-graph-uri", g) for g in named]
    headers = {"accept": accept}
    if method == "get":
        response = client.get("/sparql", params=[("query", query), *params], headers=headers)
    elif method == "form":
        response = client.post("/sparql", params=params, data={"query": query}, headers=headers)
    else:
        response = client.post(
            "/sparql",
            params=params,
            content=query.encode("utf-8", "surrogatepass"),
            headers={**headers, "content-type": "application/sparql-query"},
        )
    body = (
        response.json()
        if response.headers.get("content-type", "").startswith("application/json")
        else None
    )
    assert _acceptable(response.status_code, body), (response.status_code, response.text[:300])


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content_type=st.one_of(MEDIA, st.text(max_size=40)),
    body=st.binary(max_size=300),
    path=st.sampled_from(
        ["/sparql", "/", "/dumps/claimgraph.nq", "/actor/morocco", "/ns", "/query"]
    ),
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD"]),
)
def test_fuzzed_requests(
    client: TestClient, content_type: str, body: bytes, path: str, method: str
) -> None:
    try:
        headers = {"content-type": content_type}
        response = client.request(method, path, content=body, headers=headers)
    except UnicodeEncodeError:
        return  # not a valid header value: no client can send it
    assert response.status_code < 500 or response.status_code == 503, (
        method,
        path,
        response.text[:300],
    )


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    keyword=st.sampled_from(["LOAD", "LOAD SILENT", "load"]),
    source=st.sampled_from(
        [
            "<http://127.0.0.1:9/data.ttl>",
            "<file:///etc/passwd>",
            "<file:///proc/self/environ>",
            "<gopher://127.0.0.1:70/>",
            "<http://[::1]:9/>",
            "<>",
        ]
    ),
    nesting=st.integers(min_value=0, max_value=3000),
)
def test_fuzzed_updates_never_fetch(
    writable_client: TestClient, keyword: str, source: str, nesting: int
) -> None:
    """LOAD is refused (the server fetches nothing), and so is deep nesting."""
    insert = f"INSERT DATA {{ <urn:a> <urn:b> {'(' * nesting}<urn:c> }}"
    update = f"{keyword} {source} INTO GRAPH <urn:fuzz> ; {insert}"
    response = writable_client.post(
        "/sparql",
        content=update,
        headers={"content-type": "application/sparql-update", "authorization": "Bearer fuzz"},
    )
    assert response.status_code == 400, response.text[:300]


@pytest.fixture(scope="module")
def writable_client(
    served_store: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    import shutil

    from claimgraph.web.app import create_app
    from claimgraph.web.settings import ServerSettings

    store = tmp_path_factory.mktemp("fuzz") / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token="fuzz")
    with TestClient(create_app(settings)) as client:
        yield client
