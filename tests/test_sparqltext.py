"""The protocol's update dataset (using-graph-uri, using-named-graph-uri)
written into the update text, and FROM found only where it is a keyword."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from claimgraph.rdf.sparqltext import DatasetConflict, has_dataset_clause, with_using

G1, G2 = "http://example.org/g1", "http://example.org/g2"


def test_using_clauses_go_before_each_modify_where() -> None:
    update = (
        "PREFIX ex: <http://example.org/>\n"
        "INSERT { ?s a ex:Seen } WHERE { ?s ?p ?o } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o FILTER(?o = 'WHERE') }"
    )
    rewritten = with_using(update, [G1], [G2])
    clauses = f"USING <{G1}> USING NAMED <{G2}> WHERE"
    assert rewritten.count(clauses) == 2
    assert "'WHERE'" in rewritten  # a string is not a keyword


def test_delete_where_data_and_subqueries_are_left_alone() -> None:
    update = (
        "DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <http://e/s> <http://e/p> 1 } ;\n"
        "INSERT { ?s <http://e/n> ?n } WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } "
        "GROUP BY ?s } } # WHERE in a comment"
    )
    rewritten = with_using(update, [G1], [])
    assert rewritten.count(f"USING <{G1}>") == 1
    assert rewritten.index(f"USING <{G1}>") < rewritten.index("SELECT")
    assert rewritten.startswith("DELETE WHERE")


def test_the_rewritten_update_means_what_the_protocol_says() -> None:
    store = ox.Store()
    store.update(
        f"INSERT DATA {{ GRAPH <{G1}> {{ <http://e/a> a <http://e/Doc> }} "
        f"GRAPH <{G2}> {{ <http://e/b> a <http://e/Doc> }} }}"
    )
    update = (
        "INSERT { GRAPH <http://e/out> { ?s a <http://e/Seen> } } WHERE { ?s a <http://e/Doc> }"
    )
    store.update(with_using(update, [G1], []))
    seen = {
        str(q.subject)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode("http://e/out"))
    }
    assert seen == {"<http://e/a>"}  # only what the using graph holds


@pytest.mark.parametrize(
    "update",
    [
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <http://e/g> WHERE { ?s ?p ?o }",
        "delete { ?s ?p ?o } using named <http://e/g> where { ?s ?p ?o }",
    ],
)
def test_an_update_with_its_own_dataset_conflicts(update: str) -> None:
    with pytest.raises(DatasetConflict, match="give one or the other"):
        with_using(update, [G1], [])
    assert with_using(update, [], []) == update  # without protocol dataset: untouched


def test_from_only_where_it_is_a_keyword() -> None:
    assert has_dataset_clause("SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }")
    assert has_dataset_clause("select * from named <http://e/g> { graph ?g { ?s ?p ?o } }")
    assert not has_dataset_clause("SELECT * WHERE { ?s <http://e/from> 'from' } # from")
