"""claimgraph build on a Dask cluster against the local build (issue 21).

For each size (default 2,000 articles; bench/generate.py, cached under
bench/out/), on this machine:

* local:   ``claimgraph build`` with an empty cache (its own worker processes,
           one per core);
* cluster: the same with ``--scheduler``, on a LocalCluster of two worker
           processes of one thread each, on loopback, on the same cores; the
           two outputs compared byte for byte (SOURCE_DATE_EPOCH set).

The scheduler's task stream gives each task's compute time on its worker
(mapping a batch, validating a part). The scheduler's overhead per task is
measured twice: 400 empty tasks one after another (submit to result), and a
part of real N-Quads sent to a worker, its round trip less its compute time.

From those costs it prints a *model* (not a measurement) of the build on N
machines of two cores each.

    python bench/cluster.py [--sizes 2000 10000] [--rounds 1]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from scale import corpus, run  # noqa: E402

EPOCH = "1767225600"


def _noop(x: int) -> int:
    return x


def _timed(work: Any, *args: Any) -> tuple[Any, float]:
    began = time.perf_counter()
    result = work(*args)
    return result, time.perf_counter() - began


def _same(one: Path, other: Path) -> bool:
    names = sorted(p.name for p in one.iterdir())
    return names == sorted(p.name for p in other.iterdir()) and all(
        (one / n).read_bytes() == (other / n).read_bytes() for n in names
    )


def _part_data(out: Path, articles: int) -> tuple[bytes, str]:
    """A part as the build sends it: the registry's N-Quads and those of
    ``articles`` articles, read from a build's N-Quads dump."""
    registry, by_graph = [], {}
    with (out / "claimgraph.nq").open(encoding="utf-8") as dump:
        for line in dump:
            graph = line.rstrip(" .\n").rsplit(" ", 1)[-1]
            if graph.endswith("/graph/registry>"):
                registry.append(line)
            elif "/graph/article/" in graph and (graph in by_graph or len(by_graph) < articles):
                by_graph.setdefault(graph, []).append(line)
    text = "".join(registry) + "".join(line for lines in by_graph.values() for line in lines)
    return (
        text.encode(),
        "<http://127.0.0.1:8000/graph/registry>, <http://127.0.0.1:8000/graph/build>",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000])
    parser.add_argument("--rounds", type=int, default=1, help="builds each way, median taken")
    args = parser.parse_args()

    import dask
    from distributed import Client

    from claimgraph.pipeline.cluster import local_cluster
    from claimgraph.pipeline.parts import PART_ARTICLES, validate_part

    work = Path(tempfile.mkdtemp(prefix="claimgraph-cluster-bench-"))
    with (
        local_cluster(2) as local,
        Client(local) as client,
        dask.config.set({"distributed.admin.large-graph-warning-threshold": "4GiB"}),
    ):
        address = local.scheduler_address
        print(f"LocalCluster: 2 worker processes x 1 thread on {os.cpu_count()} cores, {address}")

        # the scheduler's overhead per task: empty tasks, one after another
        client.submit(_noop, -1, pure=False).result()
        began = time.perf_counter()
        for i in range(400):
            client.submit(_noop, i, pure=False).result()
        empty_ms = (time.perf_counter() - began) / 400 * 1000
        print(f"empty task, submit to result, one after another: {empty_ms:.2f} ms")

        rows = []
        for size in args.sizes:
            folder = corpus(size)
            local_s, cluster_s, stream = [], [], []
            for turn in range(args.rounds):
                for way in ("local", "cluster"):
                    out = work / f"{way}-{size}"
                    shutil.rmtree(out, ignore_errors=True)
                    env = {
                        **os.environ,
                        "SOURCE_DATE_EPOCH": EPOCH,
                        "CLAIMGRAPH_CACHE_DIR": str(work / f"cache-{way}-{size}-{turn}"),
                    }
                    env.pop("CLAIMGRAPH_SCHEDULER", None)
                    argv = [str(BIN / "claimgraph"), "build", str(folder), "--out", str(out), "-q"]
                    if way == "cluster":
                        argv += ["--scheduler", address]
                        with _stream(client) as tasks:
                            wall, _ = run(argv, env)
                        stream = tasks
                        cluster_s.append(wall)
                    else:
                        local_s.append(wall := run(argv, env)[0])
                    print(f"  {size} articles, {way}: {wall:.1f} s", flush=True)
            same = _same(work / f"local-{size}", work / f"cluster-{size}")
            compute: dict[str, list[float]] = {}
            for task in stream:
                name = str(task["key"][0] if isinstance(task["key"], tuple) else task["key"])
                kind = name.rsplit("-", 1)[0]
                for step in task["startstops"]:
                    if step["action"] == "compute":
                        compute.setdefault(kind, []).append(step["stop"] - step["start"])
            # a real part sent to a worker: round trip less compute
            data, excluded = _part_data(work / f"local-{size}", PART_ARTICLES)
            trips = []
            for _ in range(3):
                began = time.perf_counter()
                _, seconds = client.submit(
                    _timed, validate_part, data, excluded, pure=False
                ).result()
                trips.append((time.perf_counter() - began, seconds))
            trip, seconds = min(trips)
            rows.append(
                {
                    "size": size,
                    "local": statistics.median(local_s),
                    "cluster": statistics.median(cluster_s),
                    "same": same,
                    "compute": compute,
                    "part_articles": PART_ARTICLES,
                    "part_mib": len(data) / 2**20,
                    "part_trip": trip,
                    "part_compute": seconds,
                }
            )
    shutil.rmtree(work, ignore_errors=True)
    _report(rows, empty_ms)


class _stream:
    """The scheduler's task stream while the block runs (every client's tasks)."""

    def __init__(self, client: Any) -> None:
        from distributed import get_task_stream

        self._inner = get_task_stream(client=client)
        self.tasks: list[dict[str, Any]] = []

    def __enter__(self) -> list[dict[str, Any]]:
        self._inner.__enter__()
        return self.tasks

    def __exit__(self, *exc: object) -> None:
        self._inner.__exit__(*exc)
        self.tasks += self._inner.data


def _report(rows: list[dict[str, Any]], empty_ms: float) -> None:
    print()
    print("| articles | local s | cluster s (2 workers) | speed vs local | byte-identical |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['size']:,} | {r['local']:.1f} | {r['cluster']:.1f} | "
            f"{r['local'] / r['cluster']:.2f}x | {'yes' if r['same'] else 'NO'} |"
        )
    print()
    print(f"scheduler overhead, empty task (submit to result): {empty_ms:.2f} ms")
    for r in rows:
        overhead = r["part_trip"] - r["part_compute"]
        print(
            f"{r['size']:,} articles: a part of {r['part_articles']:,} articles "
            f"({r['part_mib']:.1f} MiB of N-Quads) took {r['part_trip']:.2f} s submit to result, "
            f"{r['part_compute']:.2f} s "
            f"computing: overhead {overhead:.2f} s a part ({overhead / r['part_mib'] * 1000:.1f} "
            "ms/MiB sent)"
        )
        for kind, times in sorted(r["compute"].items()):
            print(
                f"  tasks {kind}: {len(times)}, compute {sum(times):.1f} s in all, "
                f"{statistics.median(times):.2f} s median"
            )
    print()
    print("MODEL (a projection from the costs above, not a measurement): the build on N")
    print("machines of 2 cores each, the command on a machine of its own. C = the tasks'")
    print("compute seconds (they spread over the 2N workers' cores); R = the cluster run's")
    print("wall less C/2 (what did not spread: reading the corpus's digests, loading the")
    print("store, the dumps, the results put together, the parts sent, and the command")
    print("sharing these 2 cores with the workers, so R is an upper bound); T(N) = R + C/(2N).")
    for r in rows:
        c = sum(sum(t) for t in r["compute"].values())
        rest = max(r["cluster"] - c / 2, 0.0)
        cells = ", ".join(f"N={n}: {rest + c / (2 * n):.1f} s" for n in (1, 2, 4, 8, 16))
        print(f"  {r['size']:,} articles: C={c:.1f} s, R={rest:.1f} s -> {cells}")
        print(f"    (floor R={rest:.1f} s; per article {rest / r['size'] * 1000:.1f} ms)")


if __name__ == "__main__":
    main()
