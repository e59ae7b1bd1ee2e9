"""The ontology's documentation at /ns: one ontology header, and an entry (an
id= anchor) for every class, property, concept scheme and concept, so that
every link from a data page to a term lands on it."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, SKOS, Graph, URIRef

from claimgraph.rdf.vocab import CG_IRI, ontology_graph
from claimgraph.web.ontology_docs import term_anchor

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="module")
def ns_page(client: TestClient) -> str:
    response = client.get("/ns", headers={"accept": BROWSER})
    assert response.status_code == 200
    return response.text


def ids(html: str) -> set[str]:
    return {unescape(i) for i in re.findall(r'\bid="([^"]+)"', html)}


def test_one_ontology_header(ns_page: str) -> None:
    assert re.findall(r"<title>(.*?)</title>", ns_page, re.S) == ["claimgraph ontology"]
    assert re.findall(r"<h1>(.*?)</h1>", ns_page, re.S) == ["claimgraph ontology"]
    metadata = ns_page[ns_page.index('id="metadata"') : ns_page.index('id="contents"')]
    assert "https://w3id.org/claimgraph/ns<" in metadata
    assert "0.2.0" in metadata
    assert "Scheme" not in metadata  # no concept scheme taken for the ontology


def test_every_term_has_an_entry(ns_page: str) -> None:
    graph = ontology_graph()
    anchors = ids(ns_page)
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, SKOS.ConceptScheme, SKOS.Concept)
    terms = {s for k in kinds for s in graph.subjects(RDF.type, k) if str(s).startswith(CG_IRI)}
    assert len(terms) > 150
    for term in terms:
        fragment = term_anchor(str(term))
        assert fragment == str(term)[len(CG_IRI) :]  # the IRI dereferences to its entry
        assert fragment in anchors, term
    for term in ("certain", "alleged", "positive", "cueReveal", "summer", "actDeny"):
        assert term in anchors
    assert "mediumStatement" in anchors and "SeasonScheme" in anchors


def _iris(graph: Graph, query: str) -> list[str]:
    return sorted(str(row[0]) for row in graph.query(f"PREFIX cg: <{CG_IRI}> {query}"))  # type: ignore[index]


def _pages(graph: Graph) -> list[str]:
    """Paths of the landing page and, for the example corpus: every article, a
    claim per article, and some actors, events and propositions."""
    articles = _iris(graph, "SELECT DISTINCT ?a WHERE { ?a a cg:NewsArticle ; cg:hasText ?t }")
    claims = _iris(
        graph,
        "SELECT (MIN(STR(?c)) AS ?claim) WHERE { ?c a cg:Claim ; cg:statedIn ?a ."
        " ?a a cg:NewsArticle } GROUP BY ?a",
    )
    actors = _iris(graph, "SELECT DISTINCT ?x WHERE { ?c cg:claimant ?x }")[:8]
    events = _iris(graph, "SELECT DISTINCT ?e WHERE { ?e a cg:Event }")[:8]
    others = _iris(
        graph,
        "SELECT DISTINCT ?p WHERE { ?p a ?k VALUES ?k { cg:StateOfAffairs cg:Relation"
        " cg:Characterisation } }",
    )[:5]
    iris = [*articles, *claims, *actors, *events, *others]
    assert len(articles) == 14 and len(claims) >= 7 and actors and events
    assert all(i.startswith(BASE) for i in iris), [i for i in iris if not i.startswith(BASE)]
    return ["/", *(urlsplit(i).path for i in iris)]


def test_every_term_link_on_the_data_pages_lands(
    client: TestClient, corpus_graph: Graph, ns_page: str
) -> None:
    anchors = ids(ns_page)
    followed: dict[str, str] = {}
    for path in _pages(corpus_graph):
        response = client.get(path, headers={"accept": BROWSER})
        assert response.status_code == 200, path
        for fragment in re.findall(r'href="/ns#([^"]*)"', response.text):
            followed.setdefault(unescape(fragment), path)
    missing = {f: p for f, p in followed.items() if f not in anchors}
    assert missing == {}
    # the pages link to classes, properties and controlled values alike
    for term in ("Claim", "claimant", "certain", "positive"):
        assert term in followed, sorted(followed)
    concepts = set(ontology_graph().subjects(RDF.type, SKOS.Concept))
    assert sum(URIRef(CG_IRI + f) in concepts for f in followed) >= 5


def test_terms_outside_the_ontology_still_get_a_fragment() -> None:
    assert term_anchor(CG_IRI + "noSuchTerm") == "noSuchTerm"
