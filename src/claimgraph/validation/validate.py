"""SHACL validation of claimgraph data.

Two engines give the same results: claimgraph's own (``claimgraph.validation.shacl``:
SHACL Core and SHACL-SPARQL evaluated set-at-a-time as SPARQL on an Oxigraph
store, the default) and pySHACL (``engine="pyshacl"``, the reference the
test suite compares it with). The data is validated as one graph (the union
of its named graphs) with the claimgraph ontology mixed in, so that
``sh:class`` follows ``rdfs:subClassOf``. Results carry the focus node's label
and, for data mapped from annotations, the file and line the focus node came
from.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph import defaults
from claimgraph.cores import usable_cores
from claimgraph.errors import InputWarning, Location
from claimgraph.progress import progress
from claimgraph.rdf.vocab import CG, PREFIXES, RDFS, SH, SHAPES_IRI, ontology_graph
from claimgraph.resources import shapes_file
from claimgraph.validation.shacl import Result as ShaclResult
from claimgraph.validation.shacl import ShapesGraph, quads_of
from claimgraph.validation.shacl import validate_graph as shacl_validate_graph
from claimgraph.validation.shacl import validate_store as shacl_validate_store
from claimgraph.validation.shacl.canonical import changed_literals, restoring
from claimgraph.validation.shacl.engine import Term as ShaclTerm
from claimgraph.validation.shacl.report import report_graph as results_graph
from claimgraph.validation.shacl.shapes import stable_blank_nodes
from claimgraph.validation.shacl.terms import to_ox, to_rdflib

REPORT_PREFIXES = {**PREFIXES, "cgsh": SHAPES_IRI, "sh": str(SH)}
SEVERITIES: dict[URIRef, str] = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class Result:
    """One validation result, ready to print."""

    focus: str
    label: str | None
    message: str
    severity: str
    shape: str
    component: str
    path: str | None
    value: str | None
    location: Location | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "focus": self.focus,
            "label": self.label,
            "message": self.message,
            "severity": self.severity,
            "shape": self.shape,
            "component": self.component,
            "path": self.path,
            "value": self.value,
            "file": str(self.location.file) if self.location else None,
            "line": self.location.line if self.location else None,
        }


@dataclass(frozen=True)
class Report:
    conforms: bool
    results: tuple[Result, ...]
    graph: Graph
    triples: int
    engine: str = "claimgraph"  # the engine that ran
    notes: tuple[str, ...] = ()  # what a user should know about how it ran
    # what the input keeps as written but a user should look at (not results:
    # they change neither ``conforms`` nor the exit status)
    warnings: tuple[InputWarning, ...] = ()

    @property
    def violations(self) -> int:
        return sum(1 for r in self.results if r.severity == "violation")

    def without(self, files: set[Path]) -> Report:
        """The results that do not come from ``files`` (files loaded only as the
        context of the ones asked about)."""
        kept = tuple(r for r in self.results if r.location is None or r.location.file not in files)
        warnings = tuple(
            w for w in self.warnings if w.location is None or w.location.file not in files
        )
        return Report(not kept, kept, self.graph, self.triples, self.engine, self.notes, warnings)

    def with_warnings(self, warnings: Iterable[InputWarning]) -> Report:
        """This report with ``warnings``, sorted by file and line."""
        return replace(self, warnings=tuple(sorted(warnings, key=_warning_order)))


def _warning_order(warning: InputWarning) -> tuple[str, int]:
    where = warning.location
    return ("", 0) if where is None else (str(where.file), where.line or 0)


@cache
def shapes_graph(with_sparql: bool = True) -> Graph:
    """The shapes, parsed once, their blank nodes named the same in every process
    (results can be kept between runs); without SPARQL constraints if asked."""
    parsed = Graph()
    parsed.parse(shapes_file(), format="turtle")
    graph = stable_blank_nodes(parsed)
    if not with_sparql:
        for shape, constraint in list(graph.subject_objects(SH.sparql)):
            graph.remove((shape, SH.sparql, constraint))
    return graph


def compact(node: Node) -> str:
    """A node as a readable string: prefixed name, <IRI> or literal."""
    if isinstance(node, URIRef):
        text = str(node)
        for prefix, namespace in REPORT_PREFIXES.items():
            if text.startswith(namespace) and len(text) > len(namespace):
                return f"{prefix}:{text[len(namespace) :]}"
        return text
    if isinstance(node, Literal):
        return str(node)
    return "(path expression)" if isinstance(node, BNode) else str(node)


def _shape_name(shapes: Graph, shape: Node) -> str:
    seen: set[Node] = set()
    while isinstance(shape, BNode) and shape not in seen:
        seen.add(shape)
        parent = next(shapes.subjects(None, shape), None)
        if parent is None:
            # a member of an RDF list (sh:or, sh:and): climb to the list's owner
            parent = next((s for s, p, o in shapes if o == shape), None)
        if parent is None:
            break
        shape = parent
    return compact(shape)


def _severity(node: Node | None) -> str:
    if isinstance(node, URIRef):
        return SEVERITIES.get(node, compact(node))
    return "violation"


def _origin(
    origins: Mapping[URIRef, Location],
    focus: Node | None,
    value: Node | None,
    value_at_fault: bool = False,
) -> Location | None:
    """Where the result came from: the focus node's line, which has the link or
    the property at fault (a post's cg:publishedOn naming a document that is no
    website is the post's, not the document's); the value's line when the value is
    the node at fault (``value_at_fault``: see :func:`_value_at_fault`)."""
    nodes = (value, focus) if value_at_fault else (focus, value)
    for node in nodes:
        if isinstance(node, URIRef) and node in origins:
            return origins[node]
    return None


# The shapes whose SPARQL constraints check, from one node, many others (set at a
# time): every anchor of an article's text, every claim of an article.
_CONTAINERS = (CG.NewsArticle, CG.ArticleText)


def _value_at_fault(
    shapes: Graph,
    shape: Node | None,
    component: Node | None,
    focus: Node | None,
    value: Node | None,
) -> bool:
    """Whether a result's value, not its focus node, is the node at fault: a SPARQL
    constraint's value that is part of the focus node (a quote's part, under its
    IRI), or one of the many nodes a shape checks from an article or its text (a
    misquoted anchor, reported at its words; a claim of the article). Any other
    result's value is what the focus node points to."""
    if component != SH.SPARQLConstraintComponent or not isinstance(value, URIRef):
        return False
    if isinstance(focus, URIRef) and str(value).startswith(f"{focus}/"):
        return True
    return any((shape, SH.targetClass, cls) in shapes for cls in _CONTAINERS)


def store_changes(data: Graph) -> tuple[dict[ox.Literal, ox.Literal], dict[ox.Literal, ox.Literal]]:
    """The data's literals that Oxigraph would store differently, as
    (changes that can alter results, all changes). A language tag's case alone
    (``"x"@en-GB`` stored as ``"x"@en-gb``) alters none: tags compare
    case-insensitively."""
    literals = {to_ox(o) for o in data.objects() if isinstance(o, Literal)}
    changed = changed_literals(literals)  # type: ignore[arg-type]
    altering = {
        original: stored
        for original, stored in changed.items()
        if not (original.language and stored.value == original.value)
    }
    return altering, changed


@lru_cache(maxsize=4)
def _shapes(shapes: Graph) -> ShapesGraph:
    return ShapesGraph(shapes)


ENGINES = defaults.ENGINES


def validate_graph(
    data: Graph,
    origins: Mapping[URIRef, Location] | None = None,
    *,
    with_sparql: bool = True,
    engine: str = "claimgraph",
) -> Report:
    """Validate ``data`` with ``engine`` (pySHACL mixes the ontology into the
    graph; claimgraph's engine leaves it as it was)."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    triples = len(data)
    labels = {s: str(o) for s, o in data.subject_objects(RDFS.label) if isinstance(s, URIRef)}
    shapes = shapes_graph(with_sparql)
    notes: tuple[str, ...] = ()
    if engine == "claimgraph":
        altering, changed = store_changes(data)
        if altering:
            original, stored = next(iter(altering.items()))
            engine = "pyshacl"
            notes = (
                f"{len(altering)} literal(s) of the data would read back differently from "
                f"Oxigraph's store (e.g. {original} as {stored}), which could change the "
                "results: validated with pySHACL, which keeps every literal as written",
            )
    if engine == "claimgraph":
        restore = restoring(changed)
        conforms, report_graph = shacl_validate_graph(
            data,
            _shapes(shapes),
            also=[ontology_graph()],
            restore=restore,
            threads=usable_cores(),
        )
    else:
        from claimgraph.validation.pyshacl_engine import run_shacl  # pySHACL: slow to import

        conforms, report_graph = run_shacl(data, shapes, ontology_graph())
    return _report(
        report_graph, shapes, labels.get, origins or {}, triples, engine, notes, conforms
    )


def _report(
    report_graph: Graph,
    shapes: Graph,
    label: Callable[[URIRef], str | None],
    origins: Mapping[URIRef, Location],
    triples: int,
    engine: str,
    notes: tuple[str, ...],
    conforms: bool,
) -> Report:
    """The report graph read into results, sorted by file, line and focus node."""
    results = []
    for node in report_graph.subjects(SH.resultSeverity, None):
        focus = report_graph.value(node, SH.focusNode)
        path = report_graph.value(node, SH.resultPath)
        value = report_graph.value(node, SH.value)
        severity = report_graph.value(node, SH.resultSeverity)
        shape = report_graph.value(node, SH.sourceShape)
        component = report_graph.value(node, SH.sourceConstraintComponent)
        results.append(
            Result(
                focus=compact(focus) if focus is not None else "",
                label=label(focus) if isinstance(focus, URIRef) else None,
                message=str(report_graph.value(node, SH.resultMessage) or ""),
                severity=_severity(severity),
                shape=_shape_name(shapes, shape) if shape is not None else "",
                component=compact(component) if component is not None else "",
                path=compact(path) if path is not None else None,
                value=compact(value) if value is not None else None,
                location=_origin(
                    origins, focus, value, _value_at_fault(shapes, shape, component, focus, value)
                ),
            )
        )
    results.sort(
        key=lambda r: (
            str(r.location.file) if r.location else "",
            r.location.line or 0 if r.location else 0,
            r.focus,
            r.message,
        )
    )
    return Report(conforms, tuple(results), report_graph, triples, engine, notes)


# The graph the ontology is added to while a store is validated (removed after).
ONTOLOGY_GRAPH = ox.NamedNode("urn:x-claimgraph:validation:ontology")


def validate_store(
    store: ox.Store,
    origins: Mapping[URIRef, Location] | None = None,
    *,
    with_sparql: bool = True,
    engine: str = "claimgraph",
) -> Report:
    """Validate the dataset in ``store`` (its named graphs, as one union) where
    it is: claimgraph's engine queries the store itself, with the ontology added
    as a graph of its own for the run. With ``engine="pyshacl"`` the quads are
    copied into an rdflib graph first."""
    if engine != "claimgraph":
        graph = Graph()
        for quad in store:
            graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
        return validate_graph(graph, origins, with_sparql=with_sparql, engine=engine)
    results = engine_results(store, with_sparql=with_sparql)
    return report_from(results, store, origins or {}, engine, with_sparql=with_sparql)


def engine_results(
    store: ox.Store, *, with_sparql: bool = True, only: Collection[ShaclTerm] | None = None
) -> list[ShaclResult]:
    """claimgraph's engine on the dataset in ``store`` (with ``only``: the
    results of these focus nodes alone)."""
    store.bulk_extend(quads_of(ontology_graph(), ONTOLOGY_GRAPH))
    shapes = _shapes(shapes_graph(with_sparql))
    try:
        with progress("validating", len(shapes.targeted), unit="shapes") as advance:
            return shacl_validate_store(
                store, shapes, union=True, only=only, done=advance, threads=usable_cores()
            )
    finally:
        store.remove_graph(ONTOLOGY_GRAPH)


def subject_targets_only(with_sparql: bool = True) -> bool:
    """Whether every focus node of the shapes is the subject of a triple: its
    shapes target classes and subjects of predicates, nothing else."""
    shapes = _shapes(shapes_graph(with_sparql))
    return not any(
        shape.targets.get(SH.targetNode) or shape.targets.get(SH.targetObjectsOf)
        for shape in shapes.targeted
    )


def report_from(
    results: list[ShaclResult],
    store: ox.Store,
    origins: Mapping[URIRef, Location],
    engine: str = "claimgraph",
    *,
    with_sparql: bool = True,
    triples: int | None = None,
) -> Report:
    """The report of the engine's ``results`` on the dataset in ``store``:
    each result with its focus node's label (read from the store) and origin;
    ``triples``, the store's distinct triples, if known (else counted)."""
    triples = distinct_triples(store) if triples is None else triples
    if not results:  # nothing to describe: no need to read the shapes
        return Report(True, (), results_graph([], Graph()), triples, engine)
    shapes = shapes_graph(with_sparql)

    def label(node: URIRef) -> str | None:
        for quad in store.quads_for_pattern(ox.NamedNode(str(node)), _LABEL, None):
            return str(quad.object.value)  # type: ignore[union-attr]
        return None

    return _report(
        results_graph(results, shapes),
        shapes,
        label,
        origins,
        triples,
        engine,
        (),
        not results,
    )


def results_to_json(results: list[ShaclResult]) -> list[dict[str, Any]]:
    """The engine's results as JSON (terms in N-Triples / N3 syntax), to keep
    between runs: the shapes' blank nodes are named the same in every process."""
    return [
        {
            "focus": str(r.focus),
            "value": str(r.value) if r.value is not None else None,
            "path": r.path.n3() if r.path is not None else None,
            "shape": r.shape.n3(),
            "component": r.component.n3(),
            "severity": r.severity.n3(),
            "messages": [[str(m), m.language] for m in r.messages],
            "constraint": r.constraint.n3() if r.constraint is not None else None,
        }
        for r in results
    ]


def results_from_json(data: object) -> list[ShaclResult] | None:
    """Results kept by :func:`results_to_json`; None if they cannot be read."""
    if not isinstance(data, list):
        return None
    try:
        return [
            ShaclResult(
                focus=_term(item["focus"]),
                value=_term(item["value"]) if item["value"] is not None else None,
                path=_node(item["path"]) if item["path"] is not None else None,
                shape=_node(item["shape"]),
                component=_node(item["component"]),
                severity=_node(item["severity"]),
                messages=tuple(Literal(text, lang=lang) for text, lang in item["messages"]),
                constraint=_node(item["constraint"]) if item["constraint"] is not None else None,
            )
            for item in data
        ]
    except (KeyError, TypeError, ValueError, SyntaxError):
        return None


def _term(text: str) -> ShaclTerm:
    (quad,) = ox.parse(f"<urn:x:s> <urn:x:p> {text} .".encode(), format=ox.RdfFormat.N_TRIPLES)
    term: ShaclTerm = quad.object
    return term


def _node(text: str) -> Node:
    if text.startswith("_:"):
        return BNode(text[2:])
    if text.startswith("<") and text.endswith(">"):
        return URIRef(text[1:-1])
    raise ValueError(f"not an IRI or a blank node: {text!r}")


_LABEL = ox.NamedNode(str(RDFS.label))


def distinct_triples(store: ox.Store) -> int:
    """The distinct triples of all the store's graphs (a triple in several counts once)."""
    distinct = "SELECT DISTINCT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    rows = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {distinct} }}")
    (row,) = rows  # type: ignore[misc]
    return int(row["n"].value)
