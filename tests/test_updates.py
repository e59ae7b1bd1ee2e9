"""SPARQL Update and the Graph Store HTTP Protocol: refused by default, open
with --allow-update to clients that send the bearer token only."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from claimgraph.errors import ClaimgraphError
from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings

TOKEN = "s3cret-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}
ASK_NEW = "ASK { <http://example.org/new> <http://example.org/p> 1 }"


@pytest.fixture
def writable(served_store: Path, tmp_path: Path) -> Iterator[TestClient]:
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token=TOKEN, workers=2)
    with TestClient(create_app(settings)) as client:
        yield client


def _ask(client: TestClient, query: str) -> bool:
    return bool(client.get("/sparql", params={"query": query}).json()["boolean"])


def test_updates_need_the_token(writable: TestClient) -> None:
    update = "INSERT DATA { <http://example.org/new> <http://example.org/p> 1 }"
    missing = writable.post("/sparql", data={"update": update})
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"].startswith("Bearer")
    wrong = writable.post(
        "/sparql", data={"update": update}, headers={"authorization": "Bearer nope"}
    )
    assert wrong.status_code == 401
    assert not _ask(writable, ASK_NEW)
    done = writable.post("/sparql", data={"update": update}, headers=AUTH)
    assert done.status_code == 204
    assert _ask(writable, ASK_NEW)  # queries see the write at once


def test_update_by_direct_post_and_its_errors(writable: TestClient) -> None:
    headers = {**AUTH, "content-type": "application/sparql-update"}
    ok = writable.post(
        "/sparql",
        content="INSERT DATA { <http://example.org/new> <http://example.org/p> 1 }",
        headers=headers,
    )
    assert ok.status_code == 204
    bad = writable.post("/sparql", content="INSERT NONSENSE", headers=headers)
    assert bad.status_code == 400 and "syntax error" in bad.json()["error"]["message"]
    bad_datasets = [  # the protocol's update dataset: parameter, value, update
        ("using-graph-uri", "http://e/g", "DELETE { ?s ?p ?o } USING <http://e/h> WHERE { }"),
        ("using-named-graph-uri", "not an iri", "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"),
    ]
    for name, value, update in bad_datasets:
        refused = writable.post("/sparql", params={name: value}, content=update, headers=headers)
        assert refused.status_code == 400
        message = refused.json()["error"]["message"]
        assert name in message
        assert ("USING" if "USING" in update else repr(value)) in message
    assert _ask(writable, ASK_NEW)


def test_dumps_and_void_follow_updates(writable: TestClient) -> None:
    before = writable.get("/dumps/claimgraph.nq")
    void_before = writable.get("/.well-known/void", headers={"accept": "text/turtle"})
    article = writable.get("/dumps/article/000_68f2744142ff802d.ttl")
    graph = "http://127.0.0.1:8000/graph/article/000_68f2744142ff802d"
    update = (
        f"INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/new> <http://example.org/p> 1 }} }}"
    )
    assert writable.post("/sparql", data={"update": update}, headers=AUTH).status_code == 204
    after = writable.get("/dumps/claimgraph.nq")
    assert b"<http://example.org/new>" in after.content
    assert b"<http://example.org/new>" not in before.content
    assert after.headers["etag"] != before.headers["etag"]
    # a client holding the old copy gets the new one, not 304
    stale = writable.get("/dumps/claimgraph.nq", headers={"if-none-match": before.headers["etag"]})
    assert stale.status_code == 200
    fresh = writable.get("/dumps/claimgraph.nq", headers={"if-none-match": after.headers["etag"]})
    assert fresh.status_code == 304
    again = update.replace("example.org/new", "example.org/again")  # within the same second
    assert writable.post("/sparql", data={"update": again}, headers=AUTH).status_code == 204
    latest = writable.get("/dumps/claimgraph.nq", headers={"if-none-match": after.headers["etag"]})
    assert latest.status_code == 200 and b"<http://example.org/again>" in latest.content
    gz = writable.get("/dumps/claimgraph.ttl", headers={"accept-encoding": "gzip"})
    assert b"http://example.org/new" in gz.content  # decompressed by the client
    changed = writable.get("/dumps/article/000_68f2744142ff802d.ttl")
    assert b"http://example.org/new" in changed.content
    assert changed.headers["etag"] != article.headers["etag"]
    void_after = writable.get("/.well-known/void", headers={"accept": "text/turtle"})
    assert void_after.headers["etag"] != void_before.headers["etag"]
    counts = [ox.Store() for _ in range(2)]
    for store, response in zip(counts, (void_before, void_after), strict=True):
        store.load(response.content, format=ox.RdfFormat.TURTLE)
    triples = (
        "SELECT ?n WHERE { ?d <http://rdfs.org/ns/void#triples> ?n } ORDER BY DESC(?n) LIMIT 1"
    )
    old, new = (int(next(iter(s.query(triples)))["n"].value) for s in counts)
    assert new == old + 2


def test_graph_store_protocol(writable: TestClient) -> None:
    graph = "http://example.org/graph/notes"
    turtle = "<http://example.org/new> <http://example.org/p> 1 ."
    assert writable.get("/store", params={"graph": graph}).status_code == 404
    assert (
        writable.put(
            "/store",
            params={"graph": graph},
            content=turtle,
            headers={"content-type": "text/turtle"},
        ).status_code
        == 401
    )
    created = writable.put(
        "/store",
        params={"graph": graph},
        content=turtle,
        headers={**AUTH, "content-type": "text/turtle"},
    )
    assert created.status_code == 201
    read = writable.get(
        "/store", params={"graph": graph}, headers={"accept": "application/n-triples"}
    )
    assert read.status_code == 200
    assert len(list(ox.parse(read.content, format=ox.RdfFormat.N_TRIPLES))) == 1
    merged = writable.post(
        "/store",
        params={"graph": graph},
        content="<http://example.org/b> <http://example.org/p> 2 .",
        headers={**AUTH, "content-type": "text/turtle"},
    )
    assert merged.status_code == 204
    read = writable.get(
        "/store", params={"graph": graph}, headers={"accept": "application/n-triples"}
    )
    assert len(list(ox.parse(read.content, format=ox.RdfFormat.N_TRIPLES))) == 2
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 204
    assert writable.get("/store", params={"graph": graph}).status_code == 404
    assert writable.delete("/store", params={"graph": graph}, headers=AUTH).status_code == 404


def test_every_write_is_seen_by_the_next_query(writable: TestClient) -> None:
    """Queries run in processes of their own, which read a snapshot the writer
    takes after each write: the store's own files, compacted as writes go on,
    would vanish under a reader that opened them (RocksDB), a snapshot's never."""
    graph = "http://example.org/graph/counter"
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
    for n in range(1, 41):
        body = " ".join(f"<http://example.org/s{i}> <http://example.org/p> {i} ." for i in range(n))
        put = writable.put(
            "/store", params={"graph": graph}, content=body,
            headers={**AUTH, "content-type": "text/turtle"},
        )  # fmt: skip
        assert put.status_code in (201, 204), put.text
        seen = writable.get("/sparql", params={"query": count}, headers={"accept": "text/csv"})
        assert seen.status_code == 200, seen.text
        assert seen.text.split()[1] == str(n)


def test_graph_store_bad_requests(writable: TestClient) -> None:
    assert writable.get("/store").status_code == 400  # neither ?default nor ?graph
    assert writable.get("/store", params={"graph": "not an iri"}).status_code == 400
    bad_type = writable.put(
        "/store",
        params={"default": ""},
        content=b"x",
        headers={**AUTH, "content-type": "image/png"},
    )
    assert bad_type.status_code == 415
    bad_body = writable.put(
        "/store",
        params={"default": ""},
        content=b"<a> <b>",
        headers={**AUTH, "content-type": "text/turtle"},
    )
    assert bad_body.status_code == 400


def test_reads_of_the_store_are_open_to_all(client: TestClient) -> None:
    graph = "http://127.0.0.1:8000/graph/registry"
    response = client.get("/store", params={"graph": graph}, headers={"accept": "text/turtle"})
    assert response.status_code == 200
    assert client.head("/store", params={"graph": graph}).status_code == 200
    refused = client.put("/store", params={"graph": graph}, content=b"", headers=AUTH)
    assert refused.status_code == 403
    assert "read-only" in refused.json()["error"]["message"]


def test_allow_update_without_a_token_refuses_to_start(served_store: Path) -> None:
    with pytest.raises(ClaimgraphError, match="needs a token"):
        create_app(ServerSettings(store=served_store, allow_update=True))


def test_published_files_catch_up_with_writes_at_start_up(
    served_store: Path, tmp_path: Path
) -> None:
    """An update accepted just before a restart (no one fetched the dumps in
    between) is in the dumps and VoID as soon as the server is up again."""
    import shutil

    from claimgraph.web.app import create_app
    from claimgraph.web.settings import ServerSettings

    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token="t0ken")
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/sparql",
            content="INSERT DATA { GRAPH <urn:g> { <urn:late> <urn:p> <urn:o> } }",
            headers={"content-type": "application/sparql-update", "authorization": "Bearer t0ken"},
        )
        assert response.status_code == 204
    assert (store / ".unpublished").exists()
    with TestClient(create_app(ServerSettings(store=store))) as client:
        assert not (store / ".unpublished").exists()
        dump = client.get("/dumps/claimgraph.nq").text
        assert "<urn:late> <urn:p> <urn:o> <urn:g> ." in dump
        void = client.get("/.well-known/void", headers={"accept": "application/n-triples"})
        sd = client.get("/sparql", headers={"accept": "text/turtle"}).text
        assert "urn:g" in sd
    triples = "http://rdfs.org/ns/void#triples"

    def void_triples(nt: bytes) -> int:
        counts = [
            int(t.object.value)
            for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
            if t.predicate.value == triples
        ]
        return max(counts)

    before = ox.serialize(
        ox.parse(path=str(served_store / "void.ttl"), format=ox.RdfFormat.TURTLE),
        format=ox.RdfFormat.N_TRIPLES,
    )
    assert before is not None
    assert void_triples(void.content) == void_triples(before) + 1


def test_a_rebuild_never_loses_accepted_updates_without_being_told(
    corpus: Path, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from claimgraph.cli import main
    from claimgraph.rdf.iris import Minter
    from claimgraph.web.serve import prepare_store

    store = tmp_path / "store"
    prepare_store(corpus, store, Minter(), rebuild=True)
    settings = ServerSettings(store=store, allow_update=True, update_token="t0ken")
    with TestClient(create_app(settings)) as client:
        response = client.post(
            "/sparql",
            content="DROP ALL",
            headers={"content-type": "application/sparql-update", "authorization": "Bearer t0ken"},
        )
        assert response.status_code == 204
    # serving the changed store says it no longer matches the corpus
    served = CliRunner().invoke(main, ["serve", "--store", str(store), "--get", "/"])
    assert "holds 1 update(s) accepted since it was built" in served.stderr
    # an edit to the corpus would rebuild the store: refused, naming the option
    annotation = next(corpus.glob("000_*.yaml"))
    annotation.write_text(annotation.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(ClaimgraphError) as refused:
        prepare_store(corpus, store, Minter())
    assert "1 update(s) accepted since it was built" in refused.value.message
    assert "--discard-updates" in (refused.value.hint or "")
    result = CliRunner().invoke(main, ["serve", str(corpus), "--store", str(store), "--get", "/"])
    assert result.exit_code == 2 and "--discard-updates" in result.stderr
    # asked for, the rebuild goes ahead, and the new store has no updates
    prepared = prepare_store(corpus, store, Minter(), discard_updates=True)
    assert prepared.rebuilt and prepared.info.quads > 0
    assert not (store / ".updates").exists()


def test_writes_resolve_relative_iris_against_the_configured_base(writable: TestClient) -> None:
    """Never against the Host header: an update's base is base_iri + sparql, a
    Graph Store write's base_iri + store."""
    hostile = {**AUTH, "host": "evil.example", "x-forwarded-host": "evil.example"}
    update = writable.post(
        "/sparql",
        content="INSERT DATA { <u> <v> <w> }",
        headers={**hostile, "content-type": "application/sparql-update"},
    )
    assert update.status_code == 204
    assert _ask(writable, "ASK { <http://127.0.0.1:8000/u> <http://127.0.0.1:8000/v> ?o }")
    put = writable.put(
        "/store",
        params={"graph": "http://example.org/g"},
        content="<s> <t> <#o> .",
        headers={**hostile, "content-type": "text/turtle"},
    )
    assert put.status_code == 201
    assert _ask(
        writable,
        "ASK { GRAPH <http://example.org/g> { <http://127.0.0.1:8000/s> ?p"
        " <http://127.0.0.1:8000/store#o> } }",
    )
    everything = writable.get("/sparql", params={"query": "SELECT * { ?s ?p ?o }", "format": "tsv"})
    assert "evil.example" not in everything.text
