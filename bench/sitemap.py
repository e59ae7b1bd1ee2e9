"""The sitemap of a large dataset: how long a crawler waits for each part.

A dataset of the seeds plus N pages in G named graphs (N/G pages a graph, as an
article's graph has about 236) is built into a claimgraph store; the served app
then answers /sitemap.xml and a sample of its parts (the first, the middle, the
last). Beside them, in the same run: the store's own bulk load of the same
quads (the reference for this machine's speed), and the query a single list in
IRI order needs for the same last part (ORDER BY over every page, OFFSET), as
the sitemap was read before it was divided by graph.

    python bench/sitemap.py [--pages 2300000] [--graphs 10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from fastapi.testclient import TestClient

from claimgraph.progress import quiet
from claimgraph.rdf.iris import Minter
from claimgraph.store.embedded import db_path
from claimgraph.store.publish import NS
from claimgraph.web.app import create_app
from claimgraph.web.describe import NOT_PUBLICATION
from claimgraph.web.serve import Extra, prepare_store
from claimgraph.web.settings import ServerSettings

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parent / "seeds"
BASE = "http://127.0.0.1:8000/"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def write_quads(path: Path, pages: int, graphs: int) -> None:
    per = max(1, pages // graphs)
    with path.open("w", encoding="utf-8") as out:
        for i in range(pages):
            g = i // per
            out.write(f'<{BASE}x/{g:06d}/e{i:08d}> {LABEL} "e{i}" <{BASE}graph/x/{g:06d}> .\n')


def timed(what: str, action: Callable[[], object], reference: float | None = None) -> float:
    start = time.perf_counter()
    action()
    took = time.perf_counter() - start
    ratio = f"  ({took / reference:.2f}× the bulk load)" if reference else ""
    print(f"{what:<66} {took:8.2f} s{ratio}", flush=True)
    return took


def part(client: TestClient, number: int, urls: list[int]) -> None:
    response = client.get(f"/sitemap-{number}.xml")
    assert response.status_code == 200, response.text[:200]
    urls.append(response.text.count("<loc>"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2_300_000)
    parser.add_argument("--graphs", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        quads = folder / "pages.nq"
        write_quads(quads, args.pages, args.graphs)
        print(f"{args.pages:,} pages in {args.graphs:,} graphs, and the seeds")
        load = timed(
            "reference: Oxigraph's bulk load of the same quads",
            lambda: ox.Store(str(folder / "ref")).bulk_load(
                path=str(quads), format=ox.RdfFormat.N_QUADS
            ),
        )
        store = folder / "store"
        with quiet():
            timed(
                "claimgraph store built (seeds + the quads, VoID, dumps)",
                lambda: prepare_store(
                    SEEDS, store, Minter(), extras=(Extra(quads, None),), rebuild=True
                ),
                load,
            )
        settings = ServerSettings(store=store, workers=2, query_timeout=600)
        with TestClient(create_app(settings)) as client:
            index: list[str] = []

            def first() -> None:
                text = client.get("/sitemap.xml").text
                index.extend(line for line in text.split("<loc>")[1:])

            timed("/sitemap.xml, first request (the parts planned)", first, load)
            timed("/sitemap.xml again (the plan kept)", lambda: client.get("/sitemap.xml"), load)
            parts = len(index)
            print(f"{parts} parts")
            for number in sorted({1, (parts + 1) // 2, parts}):
                urls: list[int] = []
                timed(f"/sitemap-{number}.xml", lambda n=number, u=urls: part(client, n, u), load)
                print(f"{'':<66} {urls[0]:>8,} URLs")
        where = f"""?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{BASE}"))
                   {NOT_PUBLICATION} FILTER(!sameTerm(?o, <{NS}Manifest>))"""
        offset = max(0, (parts - 1) * 50_000 - 1)
        engine = ox.Store.read_only(str(db_path(store)))
        timed(
            "before: one list in IRI order, the last part (ORDER BY, OFFSET)",
            lambda: list(
                engine.query(
                    f"SELECT DISTINCT ?s WHERE {{ {where} }} ORDER BY ?s OFFSET {offset} "
                    "LIMIT 50000",
                    use_default_graph_as_union=True,
                )
            ),
            load,
        )


if __name__ == "__main__":
    sys.exit(main())
