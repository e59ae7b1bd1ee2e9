"""SPARQL 1.1 as the server reads it before its engine does: one conformant
parse of a query or update, whose canonical text is what the engine runs.

``check_query`` / ``check_update`` return a ``Checked`` (the canonical text,
the depth of its tree, its remote calls, whether it names its own dataset) or
raise ``SparqlSyntaxError`` (located in the client's text) or ``TooDeep``."""

from claimgraph.sparql.checked import MAX_DEPTH, Checked, check_query, check_update
from claimgraph.sparql.errors import DatasetConflict, SparqlSyntaxError, TooDeep

__all__ = [
    "MAX_DEPTH",
    "Checked",
    "DatasetConflict",
    "SparqlSyntaxError",
    "TooDeep",
    "check_query",
    "check_update",
]
