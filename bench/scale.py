"""claimgraph at scale: the figures of issue 10's targets, on generated corpora.

For each size (default 1,000, 3,000 and 10,000 articles; bench/generate.py,
cached under bench/out/) every step runs in a fresh process, so that its wall
time and peak memory are its own, with a fresh cache folder per size:

* cold:       ``claimgraph build`` with an empty cache (map, validate, dumps),
              then ``claimgraph validate`` with an empty cache of its own;
* unchanged:  ``validate`` and ``build`` again, nothing changed;
* one edit:   one article's claim relabelled, then ``validate``; relabelled
              otherwise, then ``build`` (each run meets an edit it has not seen);
              these four steps three times over, each figure the median;
* serve:      ``claimgraph serve --get`` on a store built from the corpus, then
              again on the unchanged corpus (the restart).

Memory is the peak of each step's whole process tree (the mapping's workers
included).

It prints a table, the per-article slope between the smallest and largest
size, and each target with its figure.

    python bench/scale.py [--sizes 1000 3000 10000]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

ROUNDS = 3
ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"


def run(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``argv`` in a child; wall seconds and the peak memory (MiB) of its
    process tree: the greater of the child's own peak RSS and the largest sum
    of the tree's PSS sampled every 0.2 s (the mapping's worker processes
    share pages with the child: PSS counts each page once)."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    stop = threading.Event()
    peak = [0]

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], _tree_pss_kib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{stderr[-2000:]}")
    return wall, max(usage.ru_maxrss, peak[0]) / 1024


def _tree_pss_kib(root: int) -> int:
    """The summed PSS (KiB) of ``root`` and its descendants, from /proc (0 elsewhere)."""
    pids, total = [root], 0
    while pids:
        pid = pids.pop()
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children", encoding="ascii") as file:
                    pids += [int(child) for child in file.read().split()]
            with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as file:
                total += next((int(line.split()[1]) for line in file if line.startswith("Pss:")), 0)
        except (OSError, ValueError):
            continue  # ended meanwhile, or no /proc
    return total


def corpus(size: int) -> Path:
    folder = OUT / f"corpus-{size}"
    if not (folder / "registry.yaml").exists() or len(list(folder.glob("*.yaml"))) != size + 1:
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, size)
    return folder


def edit(folder: Path, mark: str = "(edited) ") -> tuple[Path, str]:
    """Relabel the first claim of one article; returns the file and its text."""
    path = folder / "article-00005.yaml"
    text = path.read_text(encoding="utf-8")
    at = text.index("  label: ") + len("  label: ")
    path.write_text(text[:at] + mark + text[at:], encoding="utf-8")
    return path, text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000, 10000])
    args = parser.parse_args()
    claimgraph = str(BIN / "claimgraph")
    rows = []
    for size in args.sizes:
        folder = corpus(size)
        with tempfile.TemporaryDirectory(prefix=f"claimgraph-bench-{size}-") as scratch:
            work = Path(scratch)
            env = {**os.environ, "CLAIMGRAPH_CACHE_DIR": str(work / "cache")}
            build = [claimgraph, "build", str(folder), "--out", str(work / "out"), "-q"]
            validate = [claimgraph, "validate", str(folder), "-q"]
            row: dict[str, Any] = {"articles": size}
            row["build_s"], row["build_mib"] = run(build, env)
            # a cold validation with a cache of its own; the build's is kept
            # for the runs after, as a user's is between runs
            apart = {**env, "CLAIMGRAPH_CACHE_DIR": str(work / "cache-validate")}
            row["validate_s"], row["validate_mib"] = run(validate, apart)
            shutil.rmtree(work / "cache-validate")
            # The quick steps are run ROUNDS times each (the median is the
            # figure; every time is kept): on a shared machine one run of a
            # second or two can be off by half a second.
            same_validate, same_build, edit_validate, edit_build, edit_mib = [], [], [], [], []
            for round_ in range(ROUNDS):
                same_validate.append(run(validate, env)[0])
                same_build.append(run(build, env)[0])
                path, text = edit(folder, f"(edited {round_}) ")
                try:
                    edit_validate.append(run(validate, env)[0])
                    path.write_text(text, encoding="utf-8")
                    edit(folder, f"(edited again {round_}) ")  # an edit neither run has seen
                    wall, mib = run(build, env)
                    edit_build.append(wall)
                    edit_mib.append(mib)
                finally:
                    path.write_text(text, encoding="utf-8")
                run(build, env)  # the edit undone: the next round starts from the corpus
            for key, times in [
                ("validate_same_s", same_validate),
                ("build_same_s", same_build),
                ("validate_edit_s", edit_validate),
                ("build_edit_s", edit_build),
            ]:
                row[key] = statistics.median(times)
                row[key.removesuffix("_s") + "_all"] = times
            row["build_edit_mib"] = max(edit_mib)
            serve = [claimgraph, "serve", str(folder), "--store", str(work / "store"), "--get", ASK]
            row["serve_first_s"], _ = run(serve, env)
            row["serve_restart_s"], _ = run(serve, env)
        rows.append(row)
        print(row, flush=True)

    columns = [
        ("articles", "articles"),
        ("build s", "build_s"),
        ("build MiB", "build_mib"),
        ("validate s", "validate_s"),
        ("validate MiB", "validate_mib"),
        ("unchanged: validate s", "validate_same_s"),
        ("unchanged: build s", "build_same_s"),
        ("one edit: validate s", "validate_edit_s"),
        ("one edit: build s", "build_edit_s"),
        ("serve restart s", "serve_restart_s"),
    ]
    print()
    print("| " + " | ".join(name for name, _ in columns) + " |")
    print("|" + "---|" * len(columns))
    for row in rows:
        cells = [f"{row[key]:.1f}" if key != "articles" else str(row[key]) for _, key in columns]
        print("| " + " | ".join(cells) + " |")
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        span = last["articles"] - first["articles"]
        slope = (last["build_s"] - first["build_s"]) / span * 1000
        print(
            f"\nbuild: {slope:.1f} ms per article between "
            f"{first['articles']:.0f} and {last['articles']:.0f}"
        )
    last = rows[-1]
    n = f"{last['articles']:.0f}"
    print(f"\ntargets at {n} articles:")
    print(
        f"  build + validate ≤ 100 s, ≤ 2 GiB: {last['build_s']:.1f} s, {last['build_mib']:.0f} MiB"
    )
    print(
        f"  one edit ≤ 2 s: build {last['build_edit_s']:.1f} s, "
        f"validate {last['validate_edit_s']:.1f} s (medians of {_times(last, 'build_edit_all')} "
        f"and {_times(last, 'validate_edit_all')})"
    )
    print(
        f"  nothing changed ≤ 1 s: build {last['build_same_s']:.1f} s, "
        f"validate {last['validate_same_s']:.1f} s (medians of {_times(last, 'build_same_all')} "
        f"and {_times(last, 'validate_same_all')})"
    )
    print(f"  serve restart ≤ 3 s: {last['serve_restart_s']:.1f} s")


def _times(row: dict[str, Any], key: str) -> str:
    return " / ".join(f"{t:.2f}" for t in row[key])


if __name__ == "__main__":
    main()
