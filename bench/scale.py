"""claimgraph at scale: build and validate synthetic corpora and print figures.

For each size (default 1,000 and 10,000 articles) this generates a corpus
(bench/generate.py; cached under bench/out/), then runs, each in a fresh
process so that peak memory is its own:

* ``claimgraph build``     end to end (load, map, validate, write dumps);
* ``claimgraph validate``  end to end (load, map, validate);
* bench/phases.py          the time of each phase, and validation with and
                           without the SHACL-SPARQL anchor constraint.

    python bench/scale.py [--sizes 1000 10000] [--skip-phases-above N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
BIN = Path(sys.executable).parent

sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def _phase(name: str) -> Callable[[dict[str, Any]], object]:
    return lambda row: row.get("phases", {}).get("seconds", {}).get(name, "-")


COLUMNS: list[tuple[str, Callable[[dict[str, Any]], object]]] = [
    ("articles", lambda row: row["articles"]),
    ("quads", lambda row: row.get("phases", {}).get("quads", "-")),
    ("build s", lambda row: row["build_s"]),
    ("build peak MiB", lambda row: row["build_peak_mib"]),
    ("validate s", lambda row: row["validate_s"]),
    ("validate peak MiB", lambda row: row["validate_peak_mib"]),
    ("SHACL core s", _phase("validate_core")),
    ("core+SPARQL s", _phase("validate_full")),
    ("load s", _phase("load")),
    ("map s", _phase("map")),
    ("dumps s", _phase("write_dumps")),
]


def measure(argv: list[str]) -> tuple[float, float, str]:
    """Run ``argv``; return wall seconds, the child's peak RSS in MiB, and its stdout."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    stdout = proc.stdout.read().decode() if proc.stdout else ""
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code not in (0,):
        raise SystemExit(f"{' '.join(argv)} exited {code}:\n{stderr[-2000:]}")
    return wall, usage.ru_maxrss / 1024, stdout


def corpus(size: int) -> Path:
    folder = OUT / f"corpus-{size}"
    if not (folder / "registry.yaml").exists() or len(list(folder.glob("*.yaml"))) != size + 1:
        shutil.rmtree(folder, ignore_errors=True)
        generate(folder, size)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument(
        "--skip-phases-above",
        type=int,
        default=10**9,
        help="skip the per-phase run (which validates twice) above this size",
    )
    args = parser.parse_args()
    claimgraph = str(BIN / "claimgraph")
    rows = []
    for size in args.sizes:
        folder = corpus(size)
        build_s, build_mib, _ = measure(
            [claimgraph, "build", str(folder), "--out", str(OUT / f"build-{size}")]
        )
        validate_s, validate_mib, report = measure([claimgraph, "validate", str(folder)])
        row: dict[str, Any] = {
            "articles": size,
            "build_s": round(build_s, 1),
            "build_peak_mib": round(build_mib),
            "validate_s": round(validate_s, 1),
            "validate_peak_mib": round(validate_mib),
            "report": report.strip().splitlines()[-1],
        }
        if size <= args.skip_phases_above:
            _, _, phases = measure(
                [sys.executable, str(HERE / "phases.py"), str(folder), str(OUT / f"phases-{size}")]
            )
            row["phases"] = json.loads(phases)
        rows.append(row)
        print(json.dumps(row), flush=True)
    print()
    print(" | ".join(name for name, _ in COLUMNS))
    for row in rows:
        print(" | ".join(str(get(row)) for _, get in COLUMNS))


if __name__ == "__main__":
    main()
