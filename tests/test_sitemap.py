"""The sitemap of a dataset with more pages than one sitemap file may hold
(50,000, sitemaps.org): /sitemap.xml becomes an index of parts, and the parts
list every page once."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.rdf.iris import Minter
from claimgraph.store.embedded import db_path, void_path
from claimgraph.web.app import create_app
from claimgraph.web.serve import Extra, prepare_store
from claimgraph.web.settings import ServerSettings
from tests.conftest import SEEDS

BASE = "http://127.0.0.1:8000/"
PAGES = 60_000  # with the seeds' pages: two parts
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LOC = re.compile(r"<loc>([^<]+)</loc>")


def _listed(client: TestClient) -> list[str]:
    """Every URL of the sitemap's parts, in order."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200 and index.headers["content-type"] == "application/xml"
    assert "<sitemapindex " in index.text and "<urlset" not in index.text
    parts = LOC.findall(index.text)
    assert parts == [f"{BASE}sitemap-{n}.xml" for n in range(1, len(parts) + 1)]
    listed: list[str] = []
    for part in parts:
        answer = client.get(part.removeprefix(BASE[:-1]))
        assert answer.status_code == 200 and "<urlset " in answer.text
        locs = LOC.findall(answer.text)
        assert len(locs) <= 50_000
        listed += locs
    return listed


def _pages(store: Path) -> set[str]:
    """Every page, as the whole dataset's subjects under the base (the store read
    directly, in one query): what the parts must list, once each."""
    import pyoxigraph as ox

    from claimgraph.store.publish import NS
    from claimgraph.web.describe import NOT_PUBLICATION

    found = ox.Store.read_only(str(db_path(store))).query(
        f"""SELECT DISTINCT ?s WHERE {{ GRAPH ?g {{ ?s ?p ?o }}
              FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}")) {NOT_PUBLICATION}
              FILTER(!sameTerm(?o, <{NS}Manifest>)) }}"""
    )
    assert isinstance(found, ox.QuerySolutions)
    return {BASE} | {row[0].value for row in found if row[0] is not None}


def test_a_dataset_past_50000_pages_gets_a_sitemap_index(tmp_path: Path) -> None:
    extra = tmp_path / "events.nt"  # a dataset the seeds plus 60,000 pages in one graph
    with extra.open("w", encoding="utf-8") as out:
        for i in range(PAGES):
            out.write(f'<{BASE}event/e{i:06d}> <{LABEL}> "e{i}" .\n')
    store = tmp_path / "store"
    prepare_store(SEEDS, store, Minter(), extras=(Extra(extra, None),), rebuild=True)
    settings = ServerSettings(store=store, workers=2)
    with TestClient(create_app(settings)) as client:
        listed = _listed(client)
        for bad in ("0", "3", "-1", "1e3", "٣", "9" * 40, "x"):  # hostile part numbers
            missing = client.get(f"/sitemap-{bad}.xml", headers={"accept": "application/json"})
            assert missing.status_code == 404, bad
            assert "/sitemap.xml lists the parts" in missing.text
    assert listed[0] == BASE and len(listed) == len(set(listed))  # every page once
    pages = _pages(store)
    assert len(pages) > PAGES + 2000  # the seeds' pages too
    assert set(listed) == pages
    # a store whose VoID description has no graph subsets (written elsewhere, or
    # removed): the graphs' subjects are counted in the store; the same pages
    void_path(store).unlink()
    with TestClient(create_app(settings)) as client:
        assert set(_listed(client)) == pages


def test_a_small_dataset_has_one_sitemap_and_no_parts(client: TestClient) -> None:
    whole = client.get("/sitemap.xml")
    assert "<urlset " in whole.text
    assert client.get("/sitemap-1.xml").status_code == 404


def test_parts_hold_whole_graphs_and_slice_only_a_graph_larger_than_a_part() -> None:
    from claimgraph.web.sitemap import Segment, plan

    sizes = {"g:a": 3, "g:b": 5, "g:c": 12, "g:d": 2, "g:e": 0, "g:f": 4}
    parts = plan(sizes, limit=5)
    assert parts == [
        (Segment("g:a"),),  # with the landing page: 4 of 5
        (Segment("g:b"),),
        (Segment("g:c", 0, 5),),
        (Segment("g:c", 5, 5),),
        (Segment("g:c", 10, 2), Segment("g:d")),
        (Segment("g:f"),),  # an empty graph takes no room
    ]
    for part in parts:  # never more than a part holds
        held = sum(s.limit if s.limit is not None else sizes[s.graph] for s in part)
        assert held + (part is parts[0]) <= 5
    assert plan({}, limit=5) == [()]  # the landing page alone
    # a graph that fills a part alone does not join the landing page's
    assert plan({"g:a": 5}, limit=5) == [(), (Segment("g:a"),)]
    # a graph larger than a part begins in the room the part before left
    assert plan({"g:a": 2, "g:b": 7}, limit=5) == [
        (Segment("g:a"), Segment("g:b", 0, 2)),
        (Segment("g:b", 2, 5),),
    ]


def test_graph_sizes_come_from_void_and_triples_bound_them_in_an_older_void() -> None:
    import pyoxigraph as ox

    from claimgraph.web.sitemap import VOID, graph_sizes

    def t(s: str, p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
        return ox.Triple(ox.NamedNode(s), ox.NamedNode(VOID + p), o)

    dataset = "http://x/dataset"
    void = [
        t(dataset, "subset", ox.NamedNode("http://x/g1")),
        t(dataset, "subset", ox.NamedNode("http://x/g2")),
        t("http://x/g1", "triples", ox.Literal("40")),
        t("http://x/g1", "distinctSubjects", ox.Literal("7")),
        t("http://x/g2", "triples", ox.Literal("30")),  # written before subjects were counted
        t(dataset, "distinctSubjects", ox.Literal("1000")),  # the dataset's own: not a graph
    ]
    assert graph_sizes(void) == {"http://x/g1": 7, "http://x/g2": 30}


def test_every_plan_covers_each_graph_once_and_no_part_overflows() -> None:
    import random

    from claimgraph.web.sitemap import plan

    rng = random.Random(19)
    for _ in range(2000):
        limit = rng.randint(2, 12)
        sizes = {
            f"g:{i:02d}": rng.choice([0, 1, 2, limit - 1, limit, limit + 1, 3 * limit])
            for i in range(rng.randint(0, 8))
        }
        parts = plan(sizes, limit=limit)
        for number, part in enumerate(parts):
            held = sum(s.limit if s.limit is not None else sizes[s.graph] for s in part)
            assert held + (number == 0) <= limit, (sizes, limit, parts)
            assert part or number == 0, (sizes, limit, parts)  # no empty part but the first
        for graph, size in sizes.items():  # each graph whole once, or sliced end to end
            segments = [s for part in parts for s in part if s.graph == graph]
            if size == 0:
                assert not segments
            elif len(segments) == 1 and segments[0].limit is None:
                assert size <= limit
            else:
                assert [(s.offset, s.limit) for s in segments] == [
                    (sum(t.limit or 0 for t in segments[:k]), s.limit)
                    for k, s in enumerate(segments)
                ]
                assert sum(s.limit or 0 for s in segments) == size > limit
