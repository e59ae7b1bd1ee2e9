"""claimgraph's SHACL engine against pySHACL on the same data, side by side.

For each size (default 1,000 and 3,000 generated articles, bench/generate.py,
cached under bench/out/) the corpus is mapped once; then, on the valid data
and on the same data with violations of every kind injected (the mutations
of tests/test_engine_agreement.py, applied to many articles at once), each
engine validates it in its own way:

* claimgraph: the dataset's N-Quads loaded into an in-memory Oxigraph store,
  validated there (``claimgraph.validation.validate.validate_store``);
* pySHACL: the union graph in rdflib with the ontology mixed in, as
  ``--engine pyshacl`` runs it.

It prints the seconds of each, their ratio, and whether both found exactly the
same results (focus node, shape, component, severity, path, value).

    python bench/engines.py [--sizes 1000 3000] [--skip-pyshacl-above N]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef

from claimgraph.annotation.corpus import load_corpus
from claimgraph.rdf.iris import Minter
from claimgraph.rdf.mapping import build_dataset
from claimgraph.rdf.nquads import Writer
from claimgraph.rdf.rdfinput import drop_ill_formed_literal_noise
from claimgraph.rdf.vocab import CG, RDF, RDFS, XSD
from claimgraph.validation.validate import Report, validate_graph, validate_store

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def corpus(size: int) -> Path:
    folder = HERE / "out" / f"corpus-{size}"
    if not (folder / f"article-{size - 1:05d}.yaml").exists():
        generate(folder, size, seed=1)
    return folder


def inject(graph: Graph, every: int = 50) -> int:
    """Violations of many kinds, in every ``every``-th claim, anchor and article."""
    changed = 0
    claims = sorted(s for s in graph.subjects(RDF.type, CG.Claim) if isinstance(s, URIRef))
    for i, claim in enumerate(claims[::every]):
        kind = i % 7
        if kind == 0:
            graph.remove((claim, CG.claimant, None))
        elif kind == 1:
            graph.remove((claim, RDFS.label, None))
        elif kind == 2:
            graph.add((claim, CG.claimant, URIRef("https://example.org/nobody")))
        elif kind == 3:
            graph.set((claim, CG.polarity, CG.actDeny))
        elif kind == 4:
            graph.remove((claim, CG.speechAct, None))
        elif kind == 5:
            graph.remove((claim, CG.statedIn, None))
            graph.remove((claim, CG.occasion, None))
        else:
            graph.remove((claim, CG.certainty, None))
        changed += 1
    anchors = sorted(s for s in graph.subjects(CG.beginIndex, None) if isinstance(s, URIRef))
    for anchor in anchors[::every]:
        begin = graph.value(anchor, CG.beginIndex)
        graph.set((anchor, CG.beginIndex, Literal(int(begin) + 1, datatype=XSD.integer)))
        changed += 1
    for subject in sorted(graph.subjects(CG.datePublished, None))[::every]:
        graph.set((subject, CG.datePublished, Literal("2023-02-30", datatype=XSD.date)))
        changed += 1
    return changed


def results(report: Report) -> Counter[tuple[object, ...]]:
    return Counter(
        (r.focus, r.shape, r.component, r.severity, r.path, r.value) for r in report.results
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 3000])
    parser.add_argument("--skip-pyshacl-above", type=int, default=10_000)
    args = parser.parse_args()
    drop_ill_formed_literal_noise()  # the injected ill-formed dates are reported, not logged
    print("| articles | data | quads | claimgraph s | pySHACL s | ratio | results | same |")
    print("|---|---|---|---|---|---|---|---|")
    for size in args.sizes:
        dataset = build_dataset(load_corpus(corpus(size)), Minter("https://example.org/"))
        union = dataset.union()
        for data in ("valid", "injected"):
            if data == "injected":
                inject(union)
            writer = Writer()
            text = writer.lines(union, URIRef("https://example.org/graph/all")).encode()
            start = time.perf_counter()
            store = ox.Store()
            store.load(text, format=ox.RdfFormat.N_QUADS)
            ours = validate_store(store, dataset.origins)
            ours_s = time.perf_counter() - start
            row = [str(size), data, str(len(union)), f"{ours_s:.1f}"]
            if size <= args.skip_pyshacl_above:
                copy = Graph()
                for triple in union:
                    copy.add(triple)
                start = time.perf_counter()
                theirs = validate_graph(copy, dataset.origins, engine="pyshacl")
                theirs_s = time.perf_counter() - start
                same = results(ours) == results(theirs)
                row += [
                    f"{theirs_s:.1f}",
                    f"{theirs_s / ours_s:.1f}×",
                    str(len(ours.results)),
                    "yes" if same else "NO",
                ]
            else:
                row += ["-", "-", str(len(ours.results)), "-"]
            print("| " + " | ".join(row) + " |", flush=True)


if __name__ == "__main__":
    main()
