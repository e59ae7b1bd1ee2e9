"""Validating a whole corpus a part at a time, each part in memory.

Oxigraph answers the engine's queries about four times faster from memory
than from its on-disk store (10,000 articles: 22 CPU seconds against 84), but
a whole corpus in memory takes more than it may (1.5 GiB for 3.4 million
quads). So a run that validates everything loads the articles into memory a
part at a time, each part with the registry, and validates each part there.

A part never splits articles linked by references (``ARTICLE/CLAIM``, either
way): this rests on what :mod:`claimgraph.pipeline.run` already relies on to
re-validate after an edit, that claimgraph's shapes read from a focus node
only along its own article's graph, the registry and the articles it is
linked to by references. A part's results are kept for the focus nodes that
no other part and no shared graph (the registry, the build graph) mentions;
every other focus node (the registry's actors, say, which articles of many
parts name) is validated on the whole store, where all of its data is.
Shapes that target nodes some other way than by class or by the subjects of
a predicate (``sh:targetNode``, ``sh:targetObjectsOf``) are validated on the
whole store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from claimgraph.pipeline.cluster import current, in_order
from claimgraph.pipeline.units import Unit
from claimgraph.progress import progress, quiet
from claimgraph.validation.shacl import Result as ShaclResult
from claimgraph.validation.validate import engine_results, subject_targets_only

# Articles a part holds (more when references link more): 1,000 take about
# 160 MiB in memory, and a part's queries cost about as much as a larger one's.
PART_ARTICLES = 1000
# Articles linked by references into one group larger than this are not
# loaded into memory: the whole corpus is validated on disk.
LARGEST_PART = 8 * PART_ARTICLES

_IRIS = (
    "SELECT DISTINCT ?x WHERE {{ GRAPH ?g {{ {{ ?x ?p ?o }} "
    "UNION {{ ?s ?p ?x FILTER (isIRI(?x)) }} }} FILTER (?g NOT IN ({shared})) }}"
)
_SHARED = -1  # an IRI that more than one part mentions
# The distinct triples of a part's own graphs, by subject: with the IRIs the
# parts share, the distinct triples of the whole dataset, without a pass over
# the store on disk (5 s at 10,000 articles).
_BY_SUBJECT = (
    "SELECT ?s (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ "
    "GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({shared})) }} }} GROUP BY ?s"
)
_SHARED_TRIPLES = (
    "SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ "
    "VALUES ?s {{ {subjects} }} LATERAL {{ GRAPH ?g {{ ?s ?p ?o }} }} }} }}"
)


def parts(articles: Iterable[Unit], size: int = PART_ARTICLES) -> list[list[Unit]] | None:
    """The articles in parts of about ``size``, articles linked by references
    (either way, through any number of others) in the same part; None if such
    a group is too large to load into memory."""
    units = sorted(articles, key=lambda u: u.name)
    parent = {u.name: u.name for u in units}

    def root(name: str) -> str:
        while parent[name] != name:
            parent[name] = parent[parent[name]]
            name = parent[name]
        return name

    for unit in units:
        for other in unit.refs:
            if other in parent:
                parent[root(other)] = root(unit.name)
    groups: dict[str, list[Unit]] = {}
    for unit in units:  # in name order, each group where its first article is
        groups.setdefault(root(unit.name), []).append(unit)
    found: list[list[Unit]] = []
    current: list[Unit] = []
    for group in groups.values():
        if len(group) > max(size, LARGEST_PART):
            return None
        if current and len(current) + len(group) > size:
            found.append(current)
            current = []
        current += group
    if current:
        found.append(current)
    return found


def validate_in_parts(
    store: ox.Store,
    articles: list[list[Unit]],
    shared: list[str],
    text: Callable[[Unit], str],
    shared_text: str,
) -> Finished | None:
    """The engine's results on the dataset in ``store``, found a part at a
    time: ``articles``, the parts (see :func:`parts`); ``shared``, the graphs
    every part reads or may read (the registry and the build graph), whose
    N-Quads other than the build graph's are ``shared_text``; ``text``, a
    unit's N-Quads. None when the shapes cannot be validated in parts."""
    found = validate_parts(articles, shared, text, shared_text)
    return None if found is None else finish(store, shared, found)


@dataclass
class PartResults:
    """What the parts found: each part's results, which part mentions each
    IRI (``_SHARED`` when more than one does), and the distinct triples of
    each part's own graphs by subject (None if a subject is a blank node)."""

    results: list[list[ShaclResult]]
    owner: dict[str, int]
    by_subject: list[dict[str, int]] | None


@dataclass
class Finished:
    """The results of the whole dataset, and its distinct triples (None when
    the parts cannot tell: count them on the store)."""

    results: list[ShaclResult]
    triples: int | None


def validate_parts(
    articles: list[list[Unit]],
    shared: list[str],
    text: Callable[[Unit], str],
    shared_text: str,
    stop: threading.Event | None = None,
) -> PartResults | None:
    """Validate each part in memory (the first step of :func:`validate_in_parts`,
    which needs no store: it may run while the store is loaded). None when the
    shapes cannot be validated in parts, or when ``stop`` is set (between two
    parts, from another thread)."""
    if not subject_targets_only():
        return None
    owner: dict[str, int] = {}
    found: list[list[ShaclResult]] = []
    by_subject: list[dict[str, int]] | None = []
    excluded = ", ".join(f"<{g}>" for g in shared)
    total = sum(len(part) for part in articles)

    def data(part: list[Unit]) -> bytes:
        return (shared_text + "".join(text(unit) for unit in part)).encode()

    cluster = current()
    if cluster is None:
        each: Generator[_Part] = (validate_part(data(part), excluded) for part in articles)
    else:  # on the cluster's workers, the parts' N-Quads sent to them
        each = in_order(cluster, validate_part, ((data(part), excluded) for part in articles))
    with progress("validating", total) as advance, quiet():
        for index, part in enumerate(articles):
            if stop is not None and stop.is_set():
                each.close()
                return None
            results, iris, counts = next(each)
            found.append(results)
            for iri in iris:
                if owner.setdefault(iri, index) != index:
                    owner[iri] = _SHARED
            if by_subject is not None:
                by_subject = None if counts is None else [*by_subject, counts]
            advance(len(part))
    return PartResults(found, owner, by_subject)


# A part's results, the IRIs its own graphs mention, and their distinct
# triples by subject (None if a subject is a blank node).
_Part = tuple[list[ShaclResult], list[str], dict[str, int] | None]


def validate_part(data: bytes, excluded: str) -> _Part:
    """Validate one part, ``data`` its N-Quads with the shared graphs' (those
    ``excluded`` lists): here, or on a cluster's worker."""
    memory = ox.Store()
    # lenient: the texts are Oxigraph's own N-Quads (see rdf.nquads.as_stored)
    memory.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    del data
    with quiet():
        results = engine_results(memory)
    rows = memory.query(_IRIS.format(shared=excluded))
    iris = [row[0].value for row in rows]  # type: ignore[union-attr]
    counts: dict[str, int] | None = _by_subject(memory, excluded)
    if counts is not None and any(key.startswith("_:") for key in counts):
        counts = None
    return results, iris, counts


def _by_subject(memory: ox.Store, excluded: str) -> dict[str, int]:
    counts = {}
    for row in memory.query(_BY_SUBJECT.format(shared=excluded)):  # type: ignore[union-attr]
        subject = row[0]
        key = subject.value if isinstance(subject, ox.NamedNode) else f"_:{subject.value}"
        counts[key] = int(row[1].value)
    return counts


def finish(store: ox.Store, shared: list[str], found: PartResults) -> Finished:
    """The results of the whole dataset in ``store``: the parts' for the focus
    nodes only one part mentions, and the others' found on the whole store.

    Its distinct triples too: a subject that only one part mentions has all
    its triples in that part's own graphs (counted there), and the triples of
    every other subject (those the parts or the shared graphs share) are
    counted on the store."""
    everywhere = {iri for iri, index in found.owner.items() if index == _SHARED}
    for graph in shared:
        everywhere |= graph_iris(store, graph)[0]
    results = [
        result
        for part_results in found.results
        for result in part_results
        if not isinstance(result.focus, ox.NamedNode) or result.focus.value not in everywhere
    ]
    with quiet():
        results += engine_results(store, only=[ox.NamedNode(iri) for iri in sorted(everywhere)])
    triples = None
    if found.by_subject is not None:
        triples = sum(  # a subject not everywhere is one part's only
            n
            for counts in found.by_subject
            for subject, n in counts.items()
            if subject not in everywhere
        )
        triples += _shared_triples(store, everywhere)
    return Finished(results, triples)


def _shared_triples(store: ox.Store, subjects: set[str]) -> int:
    """The distinct triples, in any graph of ``store``, of ``subjects``."""
    if not subjects:
        return 0
    listed = " ".join(str(ox.NamedNode(iri)) for iri in sorted(subjects))
    (row,) = store.query(_SHARED_TRIPLES.format(subjects=listed))  # type: ignore[misc]
    return int(row["n"].value)


def graph_iris(store: ox.Store, graph: str) -> tuple[set[str], int]:
    """Every IRI in the graph, as subject or object, and how many quads it holds."""
    found = set()
    quads = 0
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
        quads += 1
        for term in (quad.subject, quad.object):
            if isinstance(term, ox.NamedNode):
                found.add(term.value)
    return found, quads
