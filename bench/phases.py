"""Where a ``claimgraph build`` spends its time: the build run in this process
with each phase timed (when it ended, and how long it took), to see what a
change to the pipeline moved. Run it twice on the same cache to see the
incremental path (after editing an article in between), or with a fresh
``CLAIMGRAPH_CACHE_DIR`` for the cold one.

    python bench/phases.py CORPUS_DIR OUT_DIR

Phases that overlap (the dumps are written while the store is validated) are
each timed on their own; their end times show the overlap.
"""

from __future__ import annotations

import functools
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.perf_counter()

from claimgraph import cli  # noqa: E402  (imports are the first phase)
from claimgraph.pipeline import build, run  # noqa: E402
from claimgraph.store import atomic  # noqa: E402

IMPORTED = time.perf_counter()

# (module, function, the phase it is)
PHASES = [
    (run, "_map_all", "mapping (its generator: the work shows in 'loading')"),
    (run, "_store", "store: made or updated"),
    (run, "_affected", "focus nodes an edit reaches"),
    (run, "engine_results", "validation (claimgraph's engine)"),
    (run.Loaded, "validate", "validation and its report"),
    (run, "map_corpus", "hashing, cache, mapping"),
    (run.Mapped, "load", "loading the store"),
    (build, "write_graph_dumps", "dumps"),
    (atomic.shutil, "rmtree", "removing a folder"),
]


def timed(function: Callable[..., Any], phase: str) -> Callable[..., Any]:
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            ended = time.perf_counter()
            print(f"{ended - START:8.2f} {ended - began:8.2f}  {phase}", file=sys.stderr)

    return wrapper


def main() -> None:
    corpus, out = sys.argv[1], sys.argv[2]
    for owner, name, phase in PHASES:
        setattr(owner, name, timed(getattr(owner, name), phase))
    print("   ended     took  phase (seconds)", file=sys.stderr)
    print(f"{IMPORTED - START:8.2f} {IMPORTED - START:8.2f}  imports", file=sys.stderr)
    sys.argv = ["claimgraph", "build", corpus, "--out", out, "--quiet"]
    try:
        cli.main()
    except SystemExit as exit:
        code = exit.code
    end = time.perf_counter() - START
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{end:8.2f}           end (exit {code}); peak RSS {peak:.0f} MiB", file=sys.stderr)


if __name__ == "__main__":
    main()
