"""The shapes graph read into shapes, constraints and declared components.

A shape is a node of the shapes graph: one typed sh:NodeShape or
sh:PropertyShape, one with a target, or one another shape names (sh:node,
sh:property, sh:not, sh:qualifiedValueShape, the members of sh:and, sh:or,
sh:xone). Its constraints are its parameters; SHACL-SPARQL components declared
in the shapes graph (sh:ConstraintComponent with sh:parameter and validators)
are read as well.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from claimgraph.validation.shacl.paths import path_text
from claimgraph.validation.shacl.terms import ShapesError
from claimgraph.validation.shacl.vocabulary import (
    LIST_PARAMETERS,
    SH,
    SHAPE_LIST_PARAMETERS,
    SHAPE_PARAMETERS,
    TARGETS,
)


@dataclass(frozen=True)
class Validator:
    """A SPARQL-based validator of a declared component (sh:ask or sh:select)."""

    node: Node
    query: str
    ask: bool
    prefixes: str
    messages: tuple[Literal, ...]


@dataclass(frozen=True)
class Component:
    """A constraint component declared in the shapes graph (SHACL-SPARQL §6)."""

    iri: Node
    parameters: tuple[tuple[URIRef, bool], ...]  # (path, optional)
    validator: Validator | None
    node_validator: Validator | None
    property_validator: Validator | None
    messages: tuple[Literal, ...]


@dataclass
class Shape:
    node: Node
    path: Node | None
    sparql_path: str | None
    targets: dict[URIRef, list[Node]]
    severity: Node
    messages: tuple[Literal, ...]
    deactivated: bool
    # (parameter, value) in the shapes graph's order; list values as lists
    constraints: list[tuple[Node, Any]] = field(default_factory=list)
    properties: list[Shape] = field(default_factory=list)

    @property
    def is_property_shape(self) -> bool:
        return self.path is not None

    def values(self, parameter: Node) -> list[Any]:
        return [value for p, value in self.constraints if p == parameter]

    def first(self, parameter: Node) -> Any:
        found = self.values(parameter)
        return found[0] if found else None


class ShapesGraph:
    """The shapes of a shapes graph, each read once."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self._shapes: dict[Node, Shape] = {}
        for node in self._shape_nodes():
            self.shape(node)

    def _shape_nodes(self) -> list[Node]:
        g = self.graph
        nodes: dict[Node, None] = {}
        for kind in (SH.NodeShape, SH.PropertyShape):
            for node in g.subjects(RDF.type, kind):
                nodes[node] = None
        for target in TARGETS:
            for node in g.subjects(target, None):
                nodes[node] = None
        for node in g.subjects(SH.path, None):
            if not self._is_parameter(node):
                nodes[node] = None
        return list(nodes)

    def _is_parameter(self, node: Node) -> bool:
        return (None, SH.parameter, node) in self.graph or (node, RDF.type, SH.Parameter) in (
            self.graph
        )

    @cached_property
    def targeted(self) -> list[Shape]:
        """The shapes with targets: where validation starts."""
        return [shape for shape in self._shapes.values() if any(shape.targets.values())]

    def shape(self, node: Node) -> Shape:
        if node in self._shapes:
            return self._shapes[node]
        g = self.graph
        path = g.value(node, SH.path)
        targets: dict[URIRef, list[Node]] = {t: list(g.objects(node, t)) for t in TARGETS}
        # a shape that is also a class targets its instances (§2.1.3.3)
        is_class = (node, RDF.type, RDFS.Class) in g or (node, RDF.type, OWL.Class) in g
        if is_class and isinstance(node, URIRef):
            targets[SH.targetClass] = [*targets[SH.targetClass], node]
        deactivated = g.value(node, SH.deactivated)
        shape = Shape(
            node=node,
            path=path,
            sparql_path=path_text(g, path) if path is not None else None,
            targets=targets,
            severity=g.value(node, SH.severity) or SH.Violation,
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            deactivated=isinstance(deactivated, Literal) and deactivated.toPython() is True,
        )
        self._shapes[node] = shape  # before its parts: shapes may refer to themselves
        for predicate, value in g.predicate_objects(node):
            if predicate == SH.property:
                shape.properties.append(self.shape(value))
            elif predicate in LIST_PARAMETERS:
                members: list[object] = list(Collection(g, value)) if value != RDF.nil else []
                if predicate in SHAPE_LIST_PARAMETERS:
                    members = [self.shape(m) for m in members]  # type: ignore[arg-type]
                shape.constraints.append((predicate, members))
            elif predicate in SHAPE_PARAMETERS:
                shape.constraints.append((predicate, self.shape(value)))
            elif str(predicate).startswith(str(SH)) or predicate in self.component_parameters:
                shape.constraints.append((predicate, value))
        return shape

    @cached_property
    def components(self) -> list[Component]:
        g = self.graph
        kinds = {SH.ConstraintComponent} | set(
            g.transitive_subjects(RDFS.subClassOf, SH.ConstraintComponent)
        )
        found = []
        for kind in kinds:
            for node in g.subjects(RDF.type, kind):
                parameters = []
                for parameter in g.objects(node, SH.parameter):
                    path = g.value(parameter, SH.path)
                    if not isinstance(path, URIRef):
                        raise ShapesError(f"the parameter {parameter.n3()} has no sh:path IRI")
                    optional = g.value(parameter, SH.optional)
                    parameters.append(
                        (path, isinstance(optional, Literal) and optional.toPython() is True)
                    )
                found.append(
                    Component(
                        iri=node,
                        parameters=tuple(sorted(parameters)),
                        validator=self._validator(g.value(node, SH.validator)),
                        node_validator=self._validator(g.value(node, SH.nodeValidator)),
                        property_validator=self._validator(g.value(node, SH.propertyValidator)),
                        messages=tuple(
                            m for m in g.objects(node, SH.message) if isinstance(m, Literal)
                        ),
                    )
                )
        return found

    @cached_property
    def component_parameters(self) -> set[URIRef]:
        return {path for c in self.components for path, _ in c.parameters}

    def _validator(self, node: Node | None) -> Validator | None:
        if node is None:
            return None
        g = self.graph
        ask, select = g.value(node, SH.ask), g.value(node, SH.select)
        if ask is None and select is None:
            raise ShapesError(f"the validator {node.n3()} has neither sh:ask nor sh:select")
        return Validator(
            node=node,
            query=str(ask if ask is not None else select),
            ask=ask is not None,
            prefixes=self.prefixes(node),
            messages=tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
        )

    def prefixes(self, node: Node) -> str:
        """PREFIX declarations for the sh:prefixes of ``node`` (SHACL §5.2.1)."""
        g = self.graph
        declared: dict[str, str] = {}
        sources: list[Node] = list(g.objects(node, SH.prefixes))
        for source in list(sources):  # with what each imports (owl:imports)
            for imported in g.transitive_objects(source, OWL.imports):
                if imported is not None and imported not in sources:
                    sources.append(imported)
        for source in sources:
            for declaration in g.objects(source, SH.declare):
                prefix = g.value(declaration, SH.prefix)
                namespace = g.value(declaration, SH.namespace)
                if prefix is None or namespace is None:
                    raise ShapesError(f"a prefix declaration of {source.n3()} is incomplete")
                if str(prefix) in declared and declared[str(prefix)] != str(namespace):
                    raise ShapesError(f"the prefix {prefix}: is declared twice, differently")
                declared[str(prefix)] = str(namespace)
        return "".join(f"PREFIX {p}: <{n}>\n" for p, n in sorted(declared.items()))

    def constraint(self, node: Node) -> tuple[str, tuple[Literal, ...], bool]:
        """A SPARQL constraint's query (with its prefixes), messages, and whether
        it is deactivated."""
        g = self.graph
        select = g.value(node, SH.select)
        if select is None:
            raise ShapesError(f"the SPARQL constraint {node.n3()} has no sh:select")
        deactivated = g.value(node, SH.deactivated)
        return (
            self.prefixes(node) + str(select),
            tuple(m for m in g.objects(node, SH.message) if isinstance(m, Literal)),
            isinstance(deactivated, Literal) and deactivated.toPython() is True,
        )


def stable_blank_nodes(graph: Graph) -> Graph:
    """``graph`` with each blank node named by where it sits (the IRI it hangs
    from, the predicates on the way, its content), so that the same shapes
    file gives the same blank nodes in every process: results that name a
    blank-node shape or path can be kept and compared between runs."""
    content: dict[Node, str] = {}

    def signature(node: Node, seen: frozenset[Node] = frozenset()) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node in content:
            return content[node]
        if node in seen:
            return "[cycle]"
        parts = sorted(
            f"{p.n3()} {signature(o, seen | {node})}" for p, o in graph.predicate_objects(node)
        )
        content[node] = text = "[" + "; ".join(parts) + "]"
        return text

    names: dict[Node, BNode] = {}
    pending: list[tuple[str, Node]] = []
    roots = sorted({s for s in graph.subjects() if not isinstance(s, BNode)}, key=str)
    roots_blank = sorted(
        (s for s in set(graph.subjects()) if isinstance(s, BNode) and (None, None, s) not in graph),
        key=signature,
    )
    pending += [(str(s), s) for s in roots]
    for i, node in enumerate(roots_blank):
        name = f"r{i}"
        names[node] = BNode(_digest(name + signature(node)))
        pending.append((name, node))
    while pending:
        prefix, subject = pending.pop(0)
        counts: dict[str, int] = {}
        for predicate, obj in sorted(
            graph.predicate_objects(subject), key=lambda po: (str(po[0]), signature(po[1]))
        ):
            if not isinstance(obj, BNode) or obj in names:
                continue
            key = f"{prefix} {predicate} {signature(obj)}"
            counts[key] = counts.get(key, 0) + 1
            label = f"{key} #{counts[key]}"
            names[obj] = BNode(_digest(label))
            pending.append((label, obj))
    stable = Graph()
    for prefix, namespace in graph.namespaces():
        stable.bind(prefix, namespace)
    for s, p, o in graph:
        stable.add((names.get(s, s), p, names.get(o, o)))
    return stable


def _digest(text: str) -> str:
    return "s" + hashlib.sha256(text.encode()).hexdigest()[:20]
