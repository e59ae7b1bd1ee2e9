"""Time each phase of a build in one process, and validation with and without
the SHACL-SPARQL constraint. Prints one JSON object.

    python bench/phases.py CORPUS_DIR OUT_DIR
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

from claimgraph.annotation.corpus import load_corpus
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.store.dumps import write_dumps
from claimgraph.validation.validate import validate_graph


def main() -> None:
    corpus_dir, out = Path(sys.argv[1]), Path(sys.argv[2])
    times: dict[str, float] = {}

    start = time.perf_counter()
    corpus = load_corpus(corpus_dir)
    times["load"] = time.perf_counter() - start

    start = time.perf_counter()
    dataset = build_dataset(corpus, Minter())
    times["map"] = time.perf_counter() - start

    start = time.perf_counter()
    core = validate_graph(dataset.union(), dataset.origins, with_sparql=False)
    times["validate_core"] = time.perf_counter() - start

    start = time.perf_counter()
    full = validate_graph(dataset.union(), dataset.origins, with_sparql=True)
    times["validate_full"] = time.perf_counter() - start

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    write_dumps(dataset, out)
    times["write_dumps"] = time.perf_counter() - start

    print(
        json.dumps(
            {
                "articles": len(corpus.articles),
                "quads": len(dataset),
                "conforms": core.conforms and full.conforms,
                "seconds": {k: round(v, 2) for k, v in times.items()},
                "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            }
        )
    )


if __name__ == "__main__":
    main()
