"""The mapped dataset: each named graph's triples, where each minted node came
from and the files each graph is made from; the whole as quads, N-Quads or one
union graph."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from rdflib.term import Node

from claimgraph.annotation.files import SourceFile
from claimgraph.errors import InputWarning, Location
from claimgraph.rdf.nquads import Writer

Triple = tuple[Node, Node, Node]


@dataclass
class Dataset:
    """The mapped dataset: named graphs, and where each minted node came from.

    The mapper writes each graph's triples (``triples``, in order, without
    duplicates); ``graphs`` gives them as rdflib graphs, made on first use, for
    code that reads or changes them one by one. Once made, they are the data.
    """

    triples: dict[URIRef, list[Triple]] = field(default_factory=dict)
    origins: dict[URIRef, Location] = field(default_factory=dict)
    # the files each graph (but the build graph) is made from
    sources: dict[URIRef, list[SourceFile]] = field(default_factory=dict)
    # what was kept as written but a user should look at (see InputWarning)
    warnings: list[InputWarning] = field(default_factory=list)
    _graphs: dict[URIRef, Graph] | None = field(default=None, repr=False, compare=False)

    @property
    def graphs(self) -> dict[URIRef, Graph]:
        if self._graphs is None:
            self._graphs = {}
            for name, triples in self.triples.items():
                graph = self._graphs[name] = Graph()
                for triple in triples:
                    graph.add(triple)
        return self._graphs

    def graph_triples(self) -> Iterator[tuple[URIRef, Collection[Triple]]]:
        if self._graphs is not None:
            yield from self._graphs.items()  # type: ignore[misc]  # a Graph is a collection of triples
        else:
            yield from self.triples.items()

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        for name, triples in self.graph_triples():
            for s, p, o in triples:
                yield s, p, o, name

    def nquads(self) -> bytes:
        """Every quad as N-Quads (graph by graph, in the mapper's order)."""
        writer = Writer()
        return "".join(writer.lines(t, name) for name, t in self.graph_triples()).encode()

    def union(self) -> Graph:
        union = Graph()
        for _, triples in self.graph_triples():
            for triple in triples:
                union.add(triple)
        return union

    def __len__(self) -> int:
        return sum(len(t) for _, t in self.graph_triples())
