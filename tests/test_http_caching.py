"""HTTP semantics of a linked-data server: HEAD wherever GET, ETags from the
dataset's version, Cache-Control, and 304 for conditional requests."""

from __future__ import annotations

import re
import shutil
import time
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings
from tests.conftest import SEED_ID

ASK = {"query": "ASK { ?s ?p ?o }"}
READS = [
    ("/", {}, "text/html"),
    (f"/article/{SEED_ID}", {}, "text/html"),
    ("/actor/mokhtar-belmokhtar", {}, "text/turtle"),
    ("/.well-known/void", {}, "text/turtle"),
    ("/dumps/claimgraph.nq", {}, "*/*"),
    ("/sparql", ASK, "application/sparql-results+json"),
    ("/sparql", {}, "text/turtle"),
    ("/ns", {}, "text/html"),
    ("/query", {}, "text/html"),
]


@pytest.mark.parametrize(("path", "params", "accept"), READS)
def test_head_is_answered_wherever_get_is(
    client: TestClient, path: str, params: dict[str, str], accept: str
) -> None:
    got = client.get(path, params=params, headers={"accept": accept})
    head = client.head(path, params=params, headers={"accept": accept})
    assert got.status_code == head.status_code == 200, path
    assert head.content == b""
    for name in ("content-type", "etag", "last-modified", "cache-control", "content-length"):
        assert head.headers.get(name) == got.headers.get(name), (path, name)


@pytest.mark.parametrize(("path", "params", "accept"), READS)
def test_reads_are_cacheable_and_answer_conditional_requests(
    client: TestClient, path: str, params: dict[str, str], accept: str
) -> None:
    first = client.get(path, params=params, headers={"accept": accept})
    assert first.status_code == 200
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert "max-age=" in first.headers["cache-control"]
    assert "Accept" in first.headers["vary"]
    again = client.get(path, params=params, headers={"accept": accept, "if-none-match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    since = client.get(
        path, params=params, headers={"accept": accept, "if-modified-since": modified}
    )
    assert since.status_code == 304
    earlier = format_datetime(parsedate_to_datetime(modified).replace(year=2000), usegmt=True)
    older = client.get(
        path, params=params, headers={"accept": accept, "if-modified-since": earlier}
    )
    assert older.status_code == 200


def test_each_representation_has_its_own_etag(client: TestClient) -> None:
    turtle = client.get("/actor/mokhtar-belmokhtar", headers={"accept": "text/turtle"})
    html = client.get("/actor/mokhtar-belmokhtar", headers={"accept": "text/html"})
    assert turtle.headers["etag"] != html.headers["etag"]
    stale = client.get(
        "/actor/mokhtar-belmokhtar",
        headers={"accept": "text/html", "if-none-match": turtle.headers["etag"]},
    )
    assert stale.status_code == 200


def test_errors_are_not_cached(client: TestClient) -> None:
    missing = client.get("/actor/nobody-at-all", headers={"accept": "text/turtle"})
    assert missing.status_code == 404
    assert missing.headers["cache-control"] == "no-store" and "etag" not in missing.headers


def test_a_write_changes_every_etag(served_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token="t0ken", cache_max_age=5)
    with TestClient(create_app(settings)) as client:
        before = client.get("/sparql", params=ASK)
        assert before.headers["cache-control"] == "public, max-age=5"
        response = client.post(
            "/sparql",
            content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={"content-type": "application/sparql-update", "authorization": "Bearer t0ken"},
        )
        assert response.status_code == 204
        after = client.get("/sparql", params=ASK, headers={"if-none-match": before.headers["etag"]})
        assert after.status_code == 200
        assert after.headers["etag"] != before.headers["etag"]


def test_robots_sitemap_and_favicon(served_store: Path) -> None:
    """(Its own app, with the default query timeout: the sitemap scans the whole
    dataset, and the shared test client's 2 s limit, there to test limits, was
    passed on a loaded machine.)"""
    from claimgraph.web.settings import ServerSettings

    with TestClient(create_app(ServerSettings(store=served_store, workers=2))) as client:
        _check_robots_sitemap_and_favicon(client)


def _check_robots_sitemap_and_favicon(client: TestClient) -> None:
    robots = client.get("/robots.txt")
    assert robots.status_code == 200 and robots.headers["content-type"].startswith("text/plain")
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots.text
    assert "Disallow: /sparql" in robots.text
    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200 and sitemap.headers["content-type"] == "application/xml"
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap.text)
    assert "http://127.0.0.1:8000/" in locs
    assert f"http://127.0.0.1:8000/article/{SEED_ID}" in locs
    assert "http://127.0.0.1:8000/actor/mokhtar-belmokhtar" in locs
    assert all(loc.startswith("http://127.0.0.1:8000/") for loc in locs)
    for loc in locs[:40]:  # each is a page that resolves
        path = loc.removeprefix("http://127.0.0.1:8000")
        assert client.get(path, headers={"accept": "text/html"}).status_code == 200, loc
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"


def test_browsers_get_an_html_404_programs_json(client: TestClient) -> None:
    browser = client.get(
        "/actor/nobody-at-all", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert browser.status_code == 404
    assert browser.headers["content-type"].startswith("text/html")
    assert "nobody-at-all" in browser.text and 'href="/"' in browser.text
    assert "content-security-policy" in browser.headers
    hostile = client.get(
        "/actor/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"accept": "text/html"}
    )
    assert hostile.status_code == 404 and "<script>" not in hostile.text
    program = client.get("/actor/nobody-at-all", headers={"accept": "text/turtle"})
    assert program.status_code == 404 and program.json()["error"]["status"] == 404


def test_pages_link_their_serialisations(client: TestClient) -> None:
    for accept in ("text/html", "text/turtle"):
        response = client.get("/actor/mokhtar-belmokhtar", headers={"accept": accept})
        link = response.headers["link"]
        assert '</actor/mokhtar-belmokhtar.ttl>; rel="alternate"; type="text/turtle"' in link
        assert (
            '</actor/mokhtar-belmokhtar.jsonld>; rel="alternate"; type="application/ld+json"'
            in link
        )
        assert '</actor/mokhtar-belmokhtar.html>; rel="alternate"; type="text/html"' in link
        assert 'rel="describedby"' in link
        assert "Accept" in response.headers["vary"]
    for target in re.findall(r"<([^>]+)>", link):
        assert client.get(target).status_code == 200, target


def test_the_iris_void_mints_resolve(client: TestClient) -> None:
    void = client.get("/.well-known/void", headers={"accept": "application/n-triples"}).text
    minted = sorted(set(re.findall(r"<(http://127\.0\.0\.1:8000/dataset[^>]*)>", void)))
    assert "http://127.0.0.1:8000/dataset" in minted and len(minted) > 3  # and its partitions
    for iri in minted:
        path = iri.removeprefix("http://127.0.0.1:8000")
        turtle = client.get(path, headers={"accept": "text/turtle"})
        assert turtle.status_code == 200, iri
        assert iri in turtle.text or path.rsplit("/", 1)[-1] in turtle.text
        assert client.get(path, headers={"accept": "text/html"}).status_code == 200, iri
    assert client.get("/dataset.ttl").status_code == 200
    assert client.get("/dataset/nothing-here").status_code == 404


def test_the_dumps_page_lists_every_dump(client: TestClient) -> None:
    landing = client.get("/", headers={"accept": "text/html"}).text
    assert '<a href="/dumps">Dumps</a>' in landing
    page = client.get("/dumps", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    for name in ("claimgraph.nq", "claimgraph.trig", "claimgraph.ttl", "claimgraph.jsonld"):
        assert f'href="/dumps/{name}"' in page.text
    assert "application/n-quads" in page.text and "KiB" in page.text
    assert f'href="/dumps/article/{SEED_ID}.ttl"' in page.text
    for link in re.findall(r'href="(/dumps/[^"]+)"', page.text):
        assert client.get(link).status_code == 200, link


BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def test_query_results_in_a_browser_are_a_page(client: TestClient) -> None:
    query = (
        "PREFIX cg: <https://w3id.org/claimgraph/ns#> "
        "SELECT ?hop ?who WHERE { ?hop cg:speechAct cg:actDeny ; cg:claimant ?who }"
    )
    page = client.get("/sparql", params={"query": query}, headers={"accept": BROWSER_ACCEPT})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<table class="results">' in page.text
    assert "Home Office" in page.text  # the label beside the IRI
    assert (
        'href="/article/001_wikinews_uk_asylum_questionnaire/claim/ho-denies-amnesty"' in page.text
    )
    ask = client.get(
        "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"accept": BROWSER_ACCEPT}
    )
    assert "The answer is <strong>yes</strong>" in ask.text
    construct = client.get(
        "/sparql",
        params={
            "query": "CONSTRUCT WHERE { ?s a <https://w3id.org/claimgraph/ns#AnonymousSource> }"
        },
        headers={"accept": BROWSER_ACCEPT},
    )
    assert construct.status_code == 200 and '<pre class="graph">' in construct.text
    hostile = client.get(
        "/sparql",
        params={"query": 'SELECT ("<script>alert(1)</script>" AS ?x) WHERE {}'},
        headers={"accept": BROWSER_ACCEPT},
    )
    assert "<script>alert(1)" not in hostile.text
    # machine clients keep what they ask for
    machine = client.get(
        "/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"}
    )
    assert machine.headers["content-type"].startswith("application/sparql-results+json")
    default = client.get("/sparql", params={"query": query})
    assert not default.headers["content-type"].startswith("text/html")


FUTURE = "Fri, 01 Jan 2100 00:00:00 GMT"
MISSING = [
    ("/actor/nobody-at-all", {}, 404),
    ("/dumps/nothing.nq", {}, 404),
    ("/store", {"graph": "http://example.org/no-such-graph"}, 404),
    ("/sparql", {"query": "nonsense"}, 400),
    ("/sparql", {"query": "ASK {}", "default-graph-uri": "not an IRI"}, 400),
]


@pytest.mark.parametrize(("path", "params", "status"), MISSING)
def test_a_304_stands_only_for_a_200(
    client: TestClient, path: str, params: dict[str, str], status: int
) -> None:
    """If-None-Match: * and If-Modified-Since say nothing of whether the
    resource exists: an error stays an error, never cacheable."""
    since = format_datetime(datetime.now(UTC), usegmt=True)
    for conditions in ({"if-none-match": "*"}, {"if-modified-since": since}):
        response = client.get(path, params=params, headers=conditions)
        assert response.status_code == status, (path, conditions)
        assert response.headers["cache-control"] == "no-store" and "etag" not in response.headers


def test_if_none_match_star_and_if_modified_since_for_what_exists(client: TestClient) -> None:
    for path, params, accept in READS:
        star = client.get(path, params=params, headers={"accept": accept, "if-none-match": "*"})
        assert star.status_code == 304 and star.content == b"", path
        assert star.headers["cache-control"].startswith("public") and "etag" in star.headers
        assert "content-type" not in star.headers
        # a date later than now is no date the server has seen: ignored
        future = client.get(
            path, params=params, headers={"accept": accept, "if-modified-since": FUTURE}
        )
        assert future.status_code == 200, path


def test_if_modified_since_cannot_hide_a_second_write_in_the_same_second(
    served_store: Path, tmp_path: Path
) -> None:
    """Last-Modified counts seconds: a copy taken between two writes of one
    second bears the date of the second write. While the data has changed
    twice in the second of its last change, If-Modified-Since gets 200."""
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token="t0ken")
    auth = {"content-type": "application/sparql-update", "authorization": "Bearer t0ken"}
    query = {"query": "SELECT * { <urn:a> <urn:b> ?o }"}
    with TestClient(create_app(settings)) as client:
        for attempt in range(10):  # until both writes fall in one second
            client.post(
                "/sparql", content=f"INSERT DATA {{ <urn:a> <urn:b> {attempt} }}", headers=auth
            )
            between = client.get("/sparql", params=query)
            second = f"INSERT DATA {{ <urn:a> <urn:b> {-1 - attempt} }}"  # new data every time
            client.post("/sparql", content=second, headers=auth)
            after = client.get("/sparql", params=query)
            if after.headers["last-modified"] == between.headers["last-modified"]:
                break
        else:
            pytest.fail("no two writes in one second")
        assert after.content != between.content
        stale = client.get(
            "/sparql", params=query, headers={"if-modified-since": between.headers["last-modified"]}
        )
        assert stale.status_code == 200 and stale.content == after.content
        # the ETag tells the copies apart: it still answers 304 at once
        again = client.get(
            "/sparql", params=query, headers={"if-none-match": after.headers["etag"]}
        )
        assert again.status_code == 304
        # one write in a second of its own: If-Modified-Since answers 304 again
        time.sleep(1.05)
        client.post("/sparql", content="INSERT DATA { <urn:a> <urn:b> -2 }", headers=auth)
        latest = client.get("/sparql", params=query)
        assert latest.headers["last-modified"] != after.headers["last-modified"]
        fresh = client.get(
            "/sparql", params=query, headers={"if-modified-since": latest.headers["last-modified"]}
        )
        assert fresh.status_code == 304


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/sparql", ASK),  # the fast path for queries
        ("/sparql", {"query": "nonsense"}),
        ("/actor/mokhtar-belmokhtar", {}),
        ("/sparql", {}),
        ("/dumps/claimgraph.nq", {}),
    ],
)
def test_responses_vary_by_origin(client: TestClient, path: str, params: dict[str, str]) -> None:
    """The CORS header is sent only to requests with an Origin: every response
    says so, that a cache keeps one copy for each."""
    plain = client.get(path, params=params)
    cors = client.get(path, params=params, headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in plain.headers
    assert cors.headers["access-control-allow-origin"] == "*"
    for response in (plain, cors):
        assert "origin" in [v.strip().lower() for v in response.headers["vary"].split(",")], path
    if plain.status_code == 200:
        revalidated = client.get(
            path, params=params, headers={"if-none-match": plain.headers["etag"]}
        )
        assert revalidated.status_code == 304 and "Origin" in revalidated.headers["vary"]
