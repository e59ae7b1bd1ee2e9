"""The ontology's HTML documentation, served at its namespace (/ns).

One page for the one ontology: its metadata, then every class, property,
concept scheme and concept, each under an ``id`` equal to its local name, so
that a term's IRI (``…/ns#Claim``) dereferences to its entry and the data
pages' links to terms land on them. Generated from ontology/claimgraph.ttl
once per process; links on it are relative, so it is right under any base
IRI's path."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from claimgraph import __version__
from claimgraph.rdf.vocab import CG_IRI
from claimgraph.resources import ontology_file

DCTERMS = Namespace("http://purl.org/dc/terms/")
VANN = Namespace("http://purl.org/vocab/vann/")
ONTOLOGY_IRI = CG_IRI.rstrip("#")
# ids of the page's own sections: never a term's local name
SECTIONS = ("metadata", "contents", "classes", "objectproperties", "datatypeproperties", "values")


@dataclass(frozen=True)
class OntologyDocs:
    html: str
    anchors: dict[str, str]  # term IRI -> fragment id in the HTML


@dataclass
class Entry:
    """One term's entry: its fragment, label, definition and facts (name -> links)."""

    iri: str
    fragment: str
    label: str
    kinds: list[str]
    definition: str | None
    facts: list[tuple[str, list[Markup]]] = field(default_factory=list)
    alt_labels: list[str] = field(default_factory=list)
    concepts: list[Entry] = field(default_factory=list)


def _text(graph: Graph, subject: URIRef, *predicates: URIRef) -> str | None:
    """The English (or untagged) value of the first of ``predicates`` ``subject`` has."""
    for predicate in predicates:
        values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
        for value in sorted(values, key=lambda v: (v.language not in ("en", None), str(v))):
            return str(value)
    return None


class _Renderer:
    def __init__(self, graph: Graph, source: str) -> None:
        self.graph = graph
        self.source = source  # the Turtle: terms are listed in its order
        self.prefixes = sorted(
            ((p, str(n)) for p, n in graph.namespaces() if p), key=lambda pn: -len(pn[1])
        )

    def compact(self, iri: str) -> str:
        for prefix, namespace in self.prefixes:
            if iri.startswith(namespace) and len(iri) > len(namespace):
                return f"{prefix}:{iri[len(namespace) :]}"
        return iri

    def link(self, term: object) -> Markup:
        """A link to a term: ours to its entry on this page, others where they point."""
        if isinstance(term, Literal):
            return Markup("{}").format(str(term))
        iri = str(term)
        if iri.startswith(CG_IRI):
            return Markup('<a href="#{}"><code>{}</code></a>').format(
                iri[len(CG_IRI) :], self.compact(iri)
            )
        if iri.startswith(("http://", "https://")):
            return Markup('<a href="{}"><code>{}</code></a>').format(iri, self.compact(iri))
        return Markup("<code>{}</code>").format(iri)

    def links(self, terms: Iterable[object]) -> list[Markup]:
        return [self.link(t) for t in sorted(set(terms), key=str)]

    def position(self, term: object) -> tuple[int, str]:
        """Where the ontology file defines ``term``: entries follow its order."""
        at = self.source.find(f"\ncg:{str(term)[len(CG_IRI) :]} ")
        return (at if at >= 0 else len(self.source), str(term))

    def terms(self, kind: URIRef) -> list[URIRef]:
        """Our terms of type ``kind``, in the order the ontology file lists them."""
        found = {s for s in self.graph.subjects(RDF.type, kind) if isinstance(s, URIRef)}
        return sorted((s for s in found if _ours(s)), key=self.position)

    def entry(self, term: URIRef, kinds: list[str]) -> Entry:
        g = self.graph
        label = _text(g, term, RDFS.label, SKOS.prefLabel) or str(term)[len(CG_IRI) :]
        return Entry(
            iri=str(term),
            fragment=str(term)[len(CG_IRI) :],
            label=label,
            kinds=kinds,
            definition=_text(g, term, SKOS.definition, RDFS.comment),
            alt_labels=sorted(str(a) for a in g.objects(term, SKOS.altLabel)),
        )

    def add(self, entry: Entry, name: str, values: list[Markup]) -> None:
        if values:
            entry.facts.append((name, values))

    def classes(self) -> list[Entry]:
        g = self.graph
        entries = []
        for cls in self.terms(OWL.Class):
            entry = self.entry(cls, ["class"])
            self.add(entry, "subclass of", self.links(g.objects(cls, RDFS.subClassOf)))
            self.add(entry, "superclass of", self.links(g.subjects(RDFS.subClassOf, cls)))
            self.add(entry, "in the domain of", self.links(g.subjects(RDFS.domain, cls)))
            self.add(entry, "in the range of", self.links(g.subjects(RDFS.range, cls)))
            entries.append(entry)
        return entries

    def properties(self, kind: URIRef) -> list[Entry]:
        g = self.graph
        entries = []
        for prop in self.terms(kind):
            kinds = ["object property" if kind == OWL.ObjectProperty else "datatype property"]
            if (prop, RDF.type, OWL.SymmetricProperty) in g:
                kinds.append("symmetric")
            if (prop, RDF.type, OWL.TransitiveProperty) in g:
                kinds.append("transitive")
            if (prop, RDF.type, OWL.FunctionalProperty) in g:
                kinds.append("functional")
            entry = self.entry(prop, kinds)
            self.add(entry, "subproperty of", self.links(g.objects(prop, RDFS.subPropertyOf)))
            self.add(entry, "superproperty of", self.links(g.subjects(RDFS.subPropertyOf, prop)))
            self.add(entry, "inverse of", self.links(g.objects(prop, OWL.inverseOf)))
            self.add(entry, "domain", self.links(g.objects(prop, RDFS.domain)))
            self.add(entry, "range", self.links(g.objects(prop, RDFS.range)))
            entries.append(entry)
        return entries

    def schemes(self) -> list[Entry]:
        g = self.graph
        entries = []
        for scheme in self.terms(SKOS.ConceptScheme):
            entry = self.entry(scheme, ["concept scheme"])
            members = set(g.subjects(SKOS.inScheme, scheme)) | set(
                g.subjects(SKOS.topConceptOf, scheme)
            )
            for concept in sorted((c for c in members if _ours(c)), key=self.position):
                if isinstance(concept, URIRef):
                    entry.concepts.append(self.entry(concept, ["concept"]))
            entries.append(entry)
        return entries


def _ours(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(CG_IRI) and str(term) != CG_IRI


TEMPLATES = Path(__file__).parent / "templates"


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True)
    )


@cache
def ontology_docs() -> OntologyDocs:
    """The ontology's HTML documentation (generated once)."""
    source = ontology_file().read_text(encoding="utf-8")
    graph = Graph()
    graph.parse(data=source, format="turtle")
    renderer = _Renderer(graph, source)
    ontology = URIRef(ONTOLOGY_IRI)
    metadata: list[tuple[str, list[Markup]]] = []
    for name, predicate in (
        ("version", OWL.versionInfo),
        ("version IRI", OWL.versionIRI),
        ("created", DCTERMS.created),
        ("modified", DCTERMS.modified),
        ("creator", DCTERMS.creator),
        ("licence", DCTERMS.license),
        ("preferred prefix", VANN.preferredNamespacePrefix),
        ("namespace", VANN.preferredNamespaceUri),
        ("see also", RDFS.seeAlso),
    ):
        values = renderer.links(graph.objects(ontology, predicate))
        if values:
            metadata.append((name, values))
    sections = [
        ("classes", "Classes", renderer.classes()),
        ("objectproperties", "Object properties", renderer.properties(OWL.ObjectProperty)),
        ("datatypeproperties", "Datatype properties", renderer.properties(OWL.DatatypeProperty)),
        ("values", "Controlled values (concept schemes)", renderer.schemes()),
    ]
    anchors: dict[str, str] = {}
    for _, _, entries in sections:
        for entry in entries:
            for item in (entry, *entry.concepts):
                anchors.setdefault(item.iri, item.fragment)
    clashes = set(anchors.values()) & set(SECTIONS)
    assert not clashes, f"ontology terms named like the page's sections: {clashes}"
    html = (
        _environment()
        .get_template("ontology.html")
        .render(
            root="./",  # /ns is at the top of the site: relative links are right
            version=__version__,
            title=_text(graph, ontology, DCTERMS.title) or "claimgraph ontology",
            iri=ONTOLOGY_IRI,
            description=_text(graph, ontology, DCTERMS.description),
            metadata=metadata,
            sections=sections,
            compact=renderer.compact,
        )
    )
    return OntologyDocs(html, anchors)


def term_anchor(iri: str) -> str:
    """The fragment of ``iri``'s entry in the ontology page: its local name."""
    return ontology_docs().anchors.get(iri, iri[len(CG_IRI) :])
