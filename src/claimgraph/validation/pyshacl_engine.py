"""pySHACL as claimgraph runs it (``--engine pyshacl``, and beside claimgraph's
own engine in the differential tests): SHACL Core and SHACL-SPARQL, no
inference, each SPARQL constraint's text parsed once. Imported only when used:
pySHACL and rdflib's SPARQL parser take longer to import than a validation
with nothing to redo takes."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pyshacl import validate as pyshacl_validate
from rdflib import Graph
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result as QueryResult
from rdflib.term import Identifier


class _PreparingGraph(Graph):
    """A view of a graph (same store) that parses each SPARQL query text once.

    pySHACL runs a SHACL-SPARQL constraint by passing its query text to
    ``Graph.query`` once per focus node, and rdflib parses the text every time
    (about 20 ms of pyparsing, four times the query's own evaluation on an
    article). Prepared queries are made for reuse with other bindings.
    """

    def query(  # type: ignore[override]
        self,
        query_object: str | Query,
        processor: str = "sparql",
        result: str = "sparql",
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Identifier] | None = None,
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> QueryResult:
        if isinstance(query_object, str) and processor == "sparql":
            # as Graph.query does: prefixes default to the graph's namespace bindings
            namespaces = dict(self.namespaces()) if initNs is None else dict(initNs)
            query_object = _prepare(query_object, tuple(sorted(namespaces.items())))
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@lru_cache(maxsize=128)
def _prepare(text: str, namespaces: tuple[tuple[str, Any], ...]) -> Query:
    return prepareQuery(text, initNs=dict(namespaces))


def run_shacl(data: Graph, shapes: Graph, ontology: Graph | None = None) -> tuple[bool, Graph]:
    """pySHACL as claimgraph runs it: SHACL Core and SHACL-SPARQL, no inference,
    the ontology mixed into the data (which is modified in place)."""
    conforms, report_graph, _ = pyshacl_validate(
        _PreparingGraph(store=data.store, identifier=data.identifier),
        shacl_graph=shapes,
        ont_graph=ontology,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,  # as the SHACL spec: any result, warnings too, fails
        inplace=True,
    )
    assert isinstance(report_graph, Graph)
    return bool(conforms), report_graph
