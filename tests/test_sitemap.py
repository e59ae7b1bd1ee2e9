"""The sitemap of a dataset with more pages than one sitemap file may hold
(50,000, sitemaps.org): /sitemap.xml becomes an index of parts, and the parts
list every page once."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from claimgraph.rdf.iris import Minter
from claimgraph.web.app import create_app
from claimgraph.web.serve import Extra, prepare_store
from claimgraph.web.settings import ServerSettings
from tests.conftest import SEEDS

BASE = "http://127.0.0.1:8000/"
PAGES = 60_000  # with the seeds' pages: two parts
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LOC = re.compile(r"<loc>([^<]+)</loc>")


def test_a_dataset_past_50000_pages_gets_a_sitemap_index(tmp_path: Path) -> None:
    extra = tmp_path / "events.nt"  # a dataset the seeds plus 60,000 pages
    with extra.open("w", encoding="utf-8") as out:
        for i in range(PAGES):
            out.write(f'<{BASE}event/e{i:06d}> <{LABEL}> "e{i}" .\n')
    prepare_store(SEEDS, tmp_path / "store", Minter(), extras=(Extra(extra, None),), rebuild=True)
    settings = ServerSettings(store=tmp_path / "store", workers=2)
    with TestClient(create_app(settings)) as client:
        index = client.get("/sitemap.xml")
        assert index.status_code == 200 and index.headers["content-type"] == "application/xml"
        assert "<sitemapindex " in index.text and "<urlset" not in index.text
        parts = LOC.findall(index.text)
        assert parts == [f"{BASE}sitemap-1.xml", f"{BASE}sitemap-2.xml"]
        listed: list[str] = []
        for part in parts:
            answer = client.get(part.removeprefix(BASE[:-1]))
            assert answer.status_code == 200 and "<urlset " in answer.text
            locs = LOC.findall(answer.text)
            assert len(locs) <= 50_000
            listed += locs
        assert len(listed) == len(set(listed))  # every page once
        assert len(listed) > PAGES + 100  # the seeds' pages too
        assert listed[0] == BASE and f"{BASE}event/e059999" in listed
        for bad in ("0", "3", "-1", "1e3", "٣", "9" * 40, "x"):  # hostile part numbers
            missing = client.get(f"/sitemap-{bad}.xml", headers={"accept": "application/json"})
            assert missing.status_code == 404, bad
            assert "/sitemap.xml lists the parts" in missing.text


def test_a_small_dataset_has_one_sitemap_and_no_parts(client: TestClient) -> None:
    whole = client.get("/sitemap.xml")
    assert "<urlset " in whole.text
    assert client.get("/sitemap-1.xml").status_code == 404
