"""claimgraph at a newsroom archive's size (issue 21): build, validate and
publish one generated corpus of 100,000 articles on this machine.

Each step runs in a fresh process with a fresh cache, as a first run would:

* build:     ``claimgraph build CORPUS --out OUT`` (map, validate, dumps);
* validate:  ``claimgraph validate CORPUS`` with an empty cache of its own;
* floor:     ``oxigraph load`` of the build's N-Quads into an empty store (the
             engine's own bulk load of the same data: the reference each figure
             is printed beside, since one machine here can be 1.7x slower than
             another);
* publish:   ``claimgraph publish OUT --to URL`` into a fresh ``oxigraph serve``.

For each step: wall seconds, CPU seconds (user + system of the whole process
tree; less moved by other load than the wall time) and the peak memory of the
process tree (as bench/scale.py measures it); for the publish, the Oxigraph
server's own peak too. The corpus is generated once (bench/generate.py) and
kept under bench/out/.

    python bench/archive.py [--articles 100000] [--skip-validate]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
from oxigraph_server import OxigraphProcess, binary  # noqa: E402
from scale import corpus, run  # noqa: E402

GIB = 1024


def cpu_seconds() -> float:
    """User + system seconds of the children waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def step(name: str, argv: list[str], env: dict[str, str], rows: list[tuple[str, ...]]) -> float:
    before = cpu_seconds()
    wall, mib = run(argv, env)
    cpu = cpu_seconds() - before
    rows.append((name, f"{wall:.1f}", f"{cpu:.1f}", f"{mib:.0f}"))
    print(f"{name}: {wall:.1f} s wall, {cpu:.1f} s CPU, peak {mib:.0f} MiB", flush=True)
    return wall


def peak_rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status", encoding="ascii") as file:
        for line in file:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--skip-validate", action="store_true")
    args = parser.parse_args()
    oxigraph = binary()
    if oxigraph is None:
        raise SystemExit("needs the oxigraph server binary: pip install oxigraph")
    claimgraph = str(BIN / "claimgraph")

    start = time.perf_counter()
    folder = corpus(args.articles)
    print(f"corpus: {args.articles:,} articles in {folder} ({time.perf_counter() - start:.0f} s)")
    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-archive-") as scratch:
        work = Path(scratch)
        env = {**os.environ, "CLAIMGRAPH_CACHE_DIR": str(work / "cache")}
        out = work / "out"
        argv = [claimgraph, "build", str(folder), "--out", str(out), "-q"]
        build = step("build", argv, env, rows)
        nquads = out / "claimgraph.nq"
        with nquads.open("rb") as file:
            quads = sum(1 for _ in file)
        size = nquads.stat().st_size / 1024**3
        print(f"dumps: {quads:,} quads, claimgraph.nq {size:.2f} GiB", flush=True)
        if not args.skip_validate:
            apart = {**env, "CLAIMGRAPH_CACHE_DIR": str(work / "cache-validate")}
            step("validate", [claimgraph, "validate", str(folder), "-q"], apart, rows)
            shutil.rmtree(work / "cache-validate")
        floor_argv = [oxigraph, "load", "--location", str(work / "floor"), "--file", str(nquads)]
        floor = step("floor: oxigraph load", floor_argv, env, rows)
        shutil.rmtree(work / "floor")
        server = OxigraphProcess(oxigraph, work / "server")
        try:
            argv = [claimgraph, "publish", str(out), "--to", server.url, "--timeout", "3600"]
            publish = step("publish", argv, env, rows)
            assert server.process is not None
            server_mib = peak_rss_mib(server.process.pid)
            print(f"oxigraph server peak: {server_mib:.0f} MiB", flush=True)
        finally:
            server.kill()

    print()
    print(f"{args.articles:,} articles, {quads:,} quads")
    print("| step | wall s | CPU s | peak MiB |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(f"| oxigraph server (publish) | | | {server_mib:.0f} |")
    peaks = [float(row[3]) for row in rows if not row[0].startswith("floor")]
    print(
        f"\nbuild {build / floor:.2f}x the floor's time; publish ratio floor/publish "
        f"{floor / publish:.2f} (target >= 0.8)"
    )
    fits = "fits" if max(peaks) <= 4 * GIB else "does not fit"
    print(f"claimgraph's largest peak {max(peaks):.0f} MiB: {fits} in 4 GiB")


if __name__ == "__main__":
    main()
