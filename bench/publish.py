"""``claimgraph publish`` into an Oxigraph server or Virtuoso, against the
store's own bulk loader (issue 21's figures).

For each size (default 1,000 articles; bench/generate.py, cached under
bench/out/ as bench/scale.py does), in one run, on loopback:

* build:     ``claimgraph build`` of the generated corpus (not a publish figure:
             what makes the dumps that are published);
* floor:     ``oxigraph load --location EMPTY --file claimgraph.nq``, the native
             bulk load of the same N-Quads file into an empty store;
* publish:   ``claimgraph publish BUILD --to URL`` into a fresh ``oxigraph serve``
             (the first publish: lock, manifest, one bulk POST), the store then
             read back and counted;
* one edit:  once the server is at rest (RocksDB compacts what the bulk load
             wrote for a while after: how long is printed), one article's claim
             relabelled, the build redone (with its cache), then ``claimgraph
             publish`` of it into the same server (only the graphs that changed
             are sent).

With ``--store virtuoso`` (Debian's ``virtuoso-opensource``), a fresh
``virtuoso-t`` in a folder of its own for each (bench/virtuoso_server.py, 1.3 GB
of buffers, as Virtuoso's documents advise for 2 GB of memory):

* floor:     the dump copied into the server's load folder, then through
             ``isql-vt``: ``ld_dir``, ``rdf_loader_run()``, ``checkpoint`` (the
             bulk load as Virtuoso's documents give it; the copy not timed);
* publish:   ``claimgraph publish BUILD --to URL --store virtuoso --load-dir
             LOAD`` (lock, manifest, the dump written into LOAD in two files
             loaded by two loaders at once, checkpoint);
* one edit:  as above (one Graph Store PUT per changed graph).

The floor and the first publish alternate for ``--rounds`` rounds (a slow spell
of the shared machine falls on both), each figure the median; the ratio is the
floor's time over the publish's (issue 21's target: at least 0.8). The one-edit
publish is the median of ``--rounds`` edits (target: at most 2 s at 10,000).

    python bench/publish.py [--sizes 1000 10000] [--rounds 3] [--store oxigraph|virtuoso]
        [--oxigraph PATH]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from oxigraph_server import OxigraphProcess, binary  # noqa: E402
from scale import OUT, corpus, edit  # noqa: E402
from virtuoso_server import VirtuosoProcess  # noqa: E402

PASSWORD = "bench-Pa55"
COUNT = (
    "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER(STRSTARTS(STR(?g), 'http') && !CONTAINS(STR(?g), 'graph/publication') "
    "&& CONTAINS(STR(?g), '/graph/')) }"
)


def timed(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return wall


class Server(OxigraphProcess):
    def wait_idle(self, seconds: float = 300) -> float:
        """Wait until the server uses under 5% of a core over a second (RocksDB
        compacts what a bulk load wrote for a while after); how long it took."""
        assert self.process is not None
        stat = Path(f"/proc/{self.process.pid}/stat")
        tick = os.sysconf("SC_CLK_TCK")
        start = time.monotonic()

        def cpu() -> float:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / tick

        before = cpu()
        while time.monotonic() - start < seconds:
            time.sleep(1)
            now = cpu()
            if now - before < 0.05:
                break
            before = now
        return time.monotonic() - start

    def count(self) -> int:
        answer = httpx2.post(
            self.url + "query",
            content=b"SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
            b"FILTER(!CONTAINS(STR(?g), 'graph/publication')) }",
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
            timeout=600,
        )
        answer.raise_for_status()
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])


class Virtuoso(VirtuosoProcess):
    def __init__(self, folder: Path) -> None:
        super().__init__(folder, PASSWORD, buffers=170000)

    def count(self) -> int:
        answer = httpx2.post(
            self.url + "sparql-auth",
            data={"query": COUNT},
            headers={"Accept": "application/sparql-results+json"},
            auth=httpx2.DigestAuth("dba", PASSWORD),
            timeout=600,
        )
        answer.raise_for_status()
        return int(answer.json()["results"]["bindings"][0]["n"]["value"])

    def wait_idle(self, seconds: float = 300) -> float:
        return 0.0  # the checkpoint after the load wrote what it loaded

    def load_floor(self, dump: Path) -> float:
        """Virtuoso's own bulk load of ``dump`` (copied into its load folder first)."""
        shutil.copyfile(dump, self.load / dump.name)
        start = time.perf_counter()
        self.isql(f"ld_dir('{self.load}', '{dump.name}', '');\nrdf_loader_run();\ncheckpoint;")
        return time.perf_counter() - start


def oxigraph_rounds(
    oxigraph: str, work: Path, dump: Path, build: Path, rounds: int, env: dict[str, str]
) -> tuple[list[float], list[float], Server]:
    claimgraph = [sys.executable, "-m", "claimgraph"]
    floors, publishes = [], []
    server: Server | None = None
    for turn in range(rounds):
        floor = work / f"floor-{turn}"
        floors.append(timed([oxigraph, "load", "--location", str(floor), "--file", str(dump)], env))
        shutil.rmtree(floor, ignore_errors=True)
        if server is not None:
            server.kill()
        shutil.rmtree(work / "served", ignore_errors=True)
        server = Server(oxigraph, work / "served")
        publishes.append(timed([*claimgraph, "publish", str(build), "--to", server.url], env))
    assert server is not None
    return floors, publishes, server


def virtuoso_rounds(
    work: Path, dump: Path, build: Path, rounds: int, env: dict[str, str]
) -> tuple[list[float], list[float], Virtuoso]:
    claimgraph = [sys.executable, "-m", "claimgraph"]
    floors, publishes = [], []
    server: Virtuoso | None = None
    for turn in range(rounds):
        floor = Virtuoso(work / f"floor-{turn}")
        try:
            floors.append(floor.load_floor(dump))
            if floor.count() != sum(1 for _ in dump.open("rb")):
                raise SystemExit("Virtuoso's own load does not hold the dump's quads")
        finally:
            floor.kill()
            shutil.rmtree(work / f"floor-{turn}", ignore_errors=True)
        if server is not None:
            server.kill()
        shutil.rmtree(work / "served", ignore_errors=True)
        server = Virtuoso(work / "served")
        publishes.append(
            timed(
                [*claimgraph, "publish", str(build), "--to", server.url, *server_options(server)],
                env,
            )
        )
    assert server is not None
    return floors, publishes, server


def server_options(server: Server | Virtuoso) -> list[str]:
    if isinstance(server, Virtuoso):
        return ["--store", "virtuoso", "--load-dir", str(server.load)]
    return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", choices=["oxigraph", "virtuoso"], default="oxigraph")
    parser.add_argument("--oxigraph", help="the oxigraph binary (default: beside python, or PATH)")
    args = parser.parse_args()
    oxigraph = binary(args.oxigraph)
    if args.store == "virtuoso":
        if shutil.which("virtuoso-t") is None:
            raise SystemExit("no virtuoso-t: apt-get install virtuoso-opensource")
        version = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
        version_text = (
            "Virtuoso " + (version.stdout + version.stderr).split("Version ")[1].split()[0]
        )
        floor_name = "Virtuoso ld_dir + rdf_loader_run + checkpoint s (floor)"
    else:
        if oxigraph is None:
            raise SystemExit("no oxigraph binary: pip install oxigraph (or --oxigraph PATH)")
        version_text = subprocess.run(
            [oxigraph, "--version"], capture_output=True, text=True
        ).stdout.strip()
        floor_name = "oxigraph load s (floor)"
    claimgraph = [sys.executable, "-m", "claimgraph"]
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "CLAIMGRAPH_STORE_PASSWORD": PASSWORD}
    rows = []
    for size in args.sizes:
        folder = corpus(size)
        work = Path(tempfile.mkdtemp(prefix=f"claimgraph-bench-publish-{size}-", dir=OUT))
        try:
            cache = work / "cache"
            build = work / "build"
            build_s = timed(
                [*claimgraph, "build", str(folder), "--out", str(build), "--cache-dir", str(cache)],
                env,
            )
            dump = build / "claimgraph.nq"
            quads = sum(1 for _ in dump.open("rb"))
            server: Server | Virtuoso
            if args.store == "virtuoso":
                floors, publishes, server = virtuoso_rounds(work, dump, build, args.rounds, env)
            else:
                assert oxigraph is not None
                floors, publishes, server = oxigraph_rounds(
                    oxigraph, work, dump, build, args.rounds, env
                )
            stored = server.count()
            if stored != quads:
                raise SystemExit(f"the store holds {stored} quads, the dump {quads}")
            idle = server.wait_idle()  # the one-edit publishes meet a server at rest
            edits, rebuilds = [], []
            cached = ["--cache-dir", str(cache)]
            for turn in range(args.rounds):
                path, text = edit(folder, mark=f"(edited {turn}) ")
                try:
                    rebuilds.append(
                        timed(
                            [*claimgraph, "build", str(folder), "--out", str(build), *cached],
                            env,
                        )
                    )
                finally:
                    path.write_text(text, encoding="utf-8")
                edits.append(
                    timed(
                        [
                            *claimgraph,
                            "publish",
                            str(build),
                            "--to",
                            server.url,
                            *server_options(server),
                        ],
                        env,
                    )
                )
            if server.count() != sum(1 for _ in dump.open("rb")):
                raise SystemExit("after the edit, the store does not hold the dump's quads")
            server.kill()
            floor, first = statistics.median(floors), statistics.median(publishes)
            rows.append(
                (
                    size,
                    quads,
                    build_s,
                    floor,
                    first,
                    floor / first,
                    statistics.median(edits),
                    statistics.median(rebuilds),
                    idle,
                )
            )
        finally:
            shutil.rmtree(work, ignore_errors=True)
    print(f"Store and its loader: {version_text}; medians of {args.rounds} rounds")
    print(
        f"| articles | quads | build s | {floor_name} | publish s | ratio floor/publish "
        "| server busy after it s | one edit: publish s | one edit: build s |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for size, quads, build_s, floor, first, ratio, one, rebuild, idle in rows:
        print(
            f"| {size:,} | {quads:,} | {build_s:.1f} | {floor:.2f} | {first:.2f} | {ratio:.2f} "
            f"| {idle:.0f} | {one:.2f} | {rebuild:.2f} |"
        )
    for size, _, _, _, _, ratio, one, _, _ in rows:
        print(
            f"{size:,} articles: publish/floor ratio {ratio:.2f} (target >= 0.8: "
            f"{'met' if ratio >= 0.8 else 'NOT met'}); one-edit publish {one:.2f} s "
            f"(target <= 2 s: {'met' if one <= 2 else 'NOT met'})"
        )


if __name__ == "__main__":
    main()
