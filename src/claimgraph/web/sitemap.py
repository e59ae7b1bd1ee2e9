"""The sitemap's parts: every page of the dataset, divided into sitemap files of
at most 50,000 URLs (sitemaps.org) without sorting the whole dataset.

A page is a subject IRI under the base IRI. The pages are divided by named
graph, from the number of subjects of each graph that the VoID description
gives (``void:distinctSubjects`` of each ``void:subset``, counted when the
dataset was published; in a VoID without it, ``void:triples``, an upper bound).
A part lists whole graphs, as many as fit; a graph with more subjects than a
part holds is cut into slices of its own, in IRI order. So a part is read with
one query over its graphs (or one slice of one graph), whatever the size of the
dataset, where a single list in IRI order sorts every page for each part.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from claimgraph.store.publish import NS as PUBLICATION_NS
from claimgraph.web import describe
from claimgraph.web.backend import Backend

# One sitemap file holds at most 50,000 URLs (sitemaps.org).
SITEMAP_LIMIT = 50_000
VOID = "http://rdfs.org/ns/void#"


@dataclass(frozen=True)
class Segment:
    """The pages of one graph, or of a slice of it (IRI order) if ``limit``."""

    graph: str
    offset: int = 0
    limit: int | None = None


Part = tuple[Segment, ...]


def graph_sizes(void: Iterable[ox.Triple]) -> dict[str, int]:
    """Each subset graph of a VoID description, with its number of subjects (or
    of triples, where the subjects were not counted: never fewer)."""
    subjects: dict[str, int] = {}
    triples: dict[str, int] = {}
    subsets: set[str] = set()
    for t in void:
        p = t.predicate.value
        if p == VOID + "subset" and isinstance(t.object, ox.NamedNode):
            subsets.add(t.object.value)
        elif isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.Literal):
            if p == VOID + "distinctSubjects":
                subjects[t.subject.value] = int(t.object.value)
            elif p == VOID + "triples":
                triples[t.subject.value] = int(t.object.value)
    return {g: subjects.get(g, triples.get(g, 0)) for g in sorted(subsets)}


def plan(sizes: dict[str, int], limit: int = SITEMAP_LIMIT) -> list[Part]:
    """The parts: graphs in IRI order, whole while they fit (the first part also
    holds the landing page), a graph larger than a part cut into slices."""
    parts: list[Part] = []
    current: list[Segment] = []
    room = limit - 1  # the landing page opens the first part

    def close() -> None:
        nonlocal current, room
        if current or not parts:  # the first part holds the landing page, if nothing else
            parts.append(tuple(current))
        current, room = [], limit

    for graph, size in sizes.items():
        if size == 0:
            continue
        if size <= room:
            current.append(Segment(graph))
            room -= size
            continue
        if size <= limit:  # whole, in the next part
            close()
            current.append(Segment(graph))
            room -= size
            continue
        offset = 0  # larger than a part: slices, the first filling this part's room
        while offset < size:
            if room == 0:
                close()
            take = min(room, size - offset)
            current.append(Segment(graph, offset, take))
            offset += take
            room -= take
    if current or not parts:
        parts.append(tuple(current))
    return parts


async def pages(executor: Backend, base: str, part: Part) -> list[str]:
    """The page IRIs of ``part``: its whole graphs' in IRI order (sorted here:
    the engine's ORDER BY decodes every IRI it compares, about ten times the
    query's cost), then each slice's (ordered by the engine, to cut it)."""
    where = f"""?s ?p ?o . FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}"))
                {describe.NOT_PUBLICATION} FILTER(!sameTerm(?o, <{PUBLICATION_NS}Manifest>))"""
    found: list[str] = []
    whole = [ref for s in part if s.limit is None and (ref := describe.iri_ref(s.graph))]
    if whole:
        graphs = " ".join(whole)
        rows = await describe.select(
            executor,
            f"SELECT DISTINCT ?s WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ {where} }} }}",
        )
        found += sorted(row["s"]["value"] for row in rows)
    for s in part:
        ref = describe.iri_ref(s.graph)
        if s.limit is None or ref is None:
            continue
        rows = await describe.select(
            executor,
            f"SELECT DISTINCT ?s WHERE {{ GRAPH {ref} {{ {where} }} }}"
            f" ORDER BY ?s OFFSET {s.offset} LIMIT {s.limit}",
        )
        found += (row["s"]["value"] for row in rows)
    return found


async def counted_sizes(executor: Backend) -> dict[str, int]:
    """Each named graph's subjects, counted in the store (one scan): for a
    dataset whose VoID description has no subsets."""
    rows = await describe.select(
        executor,
        "SELECT ?g (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
    )
    return {row["g"]["value"]: int(row["n"]["value"]) for row in sorted(rows, key=_graph)}


def _graph(row: dict[str, dict[str, str]]) -> str:
    return row["g"]["value"]
