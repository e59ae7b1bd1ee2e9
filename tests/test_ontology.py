"""Ontology quality: the checks in ontology/checks/*-violation.rq return no rows
over the ontology, the shapes and the seed's data; and each check can fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from claimgraph.rdf.vocab import CG, CG_IRI, ONTOLOGY_IRI, RDFS, SKOS, ontology_graph
from claimgraph.resources import checks_dir
from claimgraph.validation.validate import shapes_graph

CHECKS = sorted(checks_dir().glob("*-violation.rq"))


def _union(*graphs: Graph) -> Graph:
    union = Graph()
    for graph in graphs:
        union += graph
    return union


def violations(check: Path, graph: Graph) -> list[tuple[str, ...]]:
    result = graph.query(check.read_text(encoding="utf-8"))
    return [tuple(str(v) for v in row) for row in result]  # type: ignore[union-attr]


def test_there_are_checks() -> None:
    assert {c.name for c in CHECKS} >= {
        "undeclared-term-violation.rq",
        "missing-label-violation.rq",
        "missing-definition-violation.rq",
    }


@pytest.mark.parametrize("check", CHECKS, ids=[c.stem for c in CHECKS])
def test_check_passes(check: Path, seed_graph: Graph) -> None:
    graph = _union(ontology_graph(), shapes_graph(), seed_graph)
    assert violations(check, graph) == []


def _check(name: str) -> Path:
    return checks_dir() / name


def test_undeclared_term_used_by_data_is_caught(seed_graph: Graph) -> None:
    data = _union(seed_graph)
    data.add((URIRef("http://example.org/x"), URIRef(CG_IRI + "claimnt"), Literal("typo")))
    graph = _union(ontology_graph(), shapes_graph(), data)
    assert violations(_check("undeclared-term-violation.rq"), graph) == [(CG_IRI + "claimnt",)]


def test_undeclared_term_used_by_shapes_is_caught() -> None:
    shapes = _union(shapes_graph())
    shapes.add(
        (
            URIRef("http://example.org/shape"),
            URIRef("http://www.w3.org/ns/shacl#path"),
            URIRef(CG_IRI + "nope"),
        )
    )
    graph = _union(ontology_graph(), shapes)
    assert (CG_IRI + "nope",) in violations(_check("undeclared-term-violation.rq"), graph)


def test_term_without_label_or_definition_is_caught() -> None:
    ontology = _union(ontology_graph())
    ontology.remove((CG.Claim, RDFS.label, None))
    ontology.remove((CG.Claim, SKOS.definition, None))
    assert violations(_check("missing-label-violation.rq"), ontology) == [(str(CG.Claim),)]
    assert violations(_check("missing-definition-violation.rq"), ontology) == [(str(CG.Claim),)]


def test_concept_missing_from_shape_is_caught() -> None:
    ontology = _union(ontology_graph())
    extra = URIRef(CG_IRI + "doubtful")
    ontology.add((extra, SKOS.inScheme, CG.CertaintyScheme))
    rows = violations(
        _check("scheme-value-missing-from-shape-violation.rq"), _union(ontology, shapes_graph())
    )
    assert rows == [(str(CG.certainty), str(extra))]


def test_ontology_header(seed_graph: Graph) -> None:
    graph = ontology_graph()
    assert (
        graph.value(ONTOLOGY_IRI, URIRef("http://www.w3.org/2002/07/owl#versionInfo")) is not None
    )
    ontology = _union(graph)
    ontology.remove((ONTOLOGY_IRI, URIRef("http://purl.org/dc/terms/license"), None))
    assert violations(_check("ontology-header-violation.rq"), ontology) == [
        (str(ONTOLOGY_IRI), "http://purl.org/dc/terms/license")
    ]


def test_closed_namespace_rejects_typos() -> None:
    assert str(CG.claimant) == CG_IRI + "claimant"
    with pytest.raises(AttributeError):
        _ = CG.claimnt


def test_alignment_to_external_vocabularies() -> None:
    graph = ontology_graph()
    sub_class = {(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subClassOf)}
    sub_prop = {(str(s), str(o)) for s, o in graph.subject_objects(RDFS.subPropertyOf)}
    assert (str(CG.Claim), "https://schema.org/Claim") in sub_class
    assert (str(CG.Event), "http://semanticweb.cs.vu.nl/2009/11/sem/Event") in sub_class
    assert (str(CG.Actor), "http://www.w3.org/ns/prov#Agent") in sub_class
    assert (
        str(CG.TextAnchor),
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#String",
    ) in sub_class
    assert (str(CG.relays), "http://www.w3.org/ns/prov#wasDerivedFrom") in sub_prop
    assert (str(CG.claimant), "http://www.w3.org/ns/prov#wasAttributedTo") in sub_prop
    # aligned, not imported
    assert not list(graph.objects(ONTOLOGY_IRI, URIRef("http://www.w3.org/2002/07/owl#imports")))
