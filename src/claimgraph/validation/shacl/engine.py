"""SHACL Core and SHACL-SPARQL, evaluated as SPARQL over an Oxigraph store.

Every constraint is checked for all of its focus nodes at once: the focus
nodes of a shape are a SPARQL pattern that binds ``?this`` (its targets, or
the value nodes of the shape that refers to it), and each constraint is one
query over that pattern that returns only the violations. Logical constraints
(sh:and, sh:or, sh:not, sh:xone, sh:node, sh:qualifiedValueShape) whose shapes
can be written as a SPARQL condition on a node are inlined as one; the others
are decided in Python from the failing nodes of each member shape, found the
same way. Nothing is evaluated one focus node at a time except SHACL-SPARQL
queries that need exact pre-binding (sub-queries, unions) and ASK validators.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from claimgraph.validation.shacl import prebinding
from claimgraph.validation.shacl.shapes import Component, Shape, ShapesGraph, Validator
from claimgraph.validation.shacl.terms import ShapesError, is_ill_typed, sparql, to_ox, to_rdflib
from claimgraph.validation.shacl.vocabulary import COMPONENTS, NODE_KINDS, SH

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
Constant = ox.NamedNode | ox.BlankNode | ox.Literal

WELL_FORMED = ox.NamedNode("urn:x-claimgraph:shacl:well-formed")
# XSD datatypes Oxigraph stores by value and casts to (checked on ill-formed literals)
_CASTABLE = {
    XSD[name]
    for name in [
        "boolean",
        "integer",
        "decimal",
        "double",
        "float",
        "dateTime",
        "date",
        "time",
        "duration",
        "dayTimeDuration",
        "yearMonthDuration",
        "gYear",
        "gYearMonth",
        "gMonth",
        "gDay",
        "gMonthDay",
    ]
}
_FALSE = ox.Literal("false", datatype=ox.NamedNode(str(XSD.boolean)))
_TYPE_PATH = f"<{RDF.type}>/<{RDFS.subClassOf}>*"
_VALUE_LEVEL = {
    SH["class"],
    SH.datatype,
    SH.nodeKind,
    SH.minExclusive,
    SH.minInclusive,
    SH.maxExclusive,
    SH.maxInclusive,
    SH.minLength,
    SH.maxLength,
    SH.pattern,
    SH.languageIn,
    SH["in"],
    SH.node,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
}
_COMPARISONS: dict[Node, str] = {
    SH.minExclusive: ">",
    SH.minInclusive: ">=",
    SH.maxExclusive: "<",
    SH.maxInclusive: "<=",
}
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Result:
    """One validation result (SHACL §3.6), with the data's terms as the store holds them."""

    focus: Term
    value: Term | None
    path: Node | None
    shape: Node
    component: Node
    severity: Node
    messages: tuple[Literal, ...]
    constraint: Node | None = None


class _Fresh:
    def __init__(self) -> None:
        self._count = itertools.count()

    def __call__(self) -> str:
        return f"?_v{next(self._count)}"


def target_pattern(
    shape: Shape, instances: Callable[[str, str], str], restriction: str = ""
) -> str | None:
    """The pattern binding ``?this`` to the shape's targets (SHACL §2.1.3);
    ``instances(variable, class)`` is the pattern of a class's instances;
    ``restriction`` (a VALUES clause) keeps some of them: the targets are
    looked up for each of its nodes (``LATERAL``, an Oxigraph extension), as
    a join would read every target (in Oxigraph 0.5, 1,754 nodes joined with
    140,000 instances of a class took 2.8 s, looked up one by one 0.02 s)."""
    parts = []
    for cls in shape.targets.get(SH.targetClass, []):
        if isinstance(cls, URIRef):
            parts.append(f"{{ {instances('?this', f'<{cls}>')} }}")
    nodes = [n for n in shape.targets.get(SH.targetNode, []) if not isinstance(n, BNode)]
    if nodes:
        parts.append("{ VALUES ?this { " + " ".join(sparql(n) for n in nodes) + " } }")
    for predicate in shape.targets.get(SH.targetSubjectsOf, []):
        if isinstance(predicate, URIRef):
            parts.append(f"{{ ?this <{predicate}> ?_o }}")
    for predicate in shape.targets.get(SH.targetObjectsOf, []):
        if isinstance(predicate, URIRef):
            parts.append(f"{{ ?_s <{predicate}> ?this }}")
    if not parts:
        return None
    union = " UNION ".join(parts)
    if restriction:
        union = f"{restriction} LATERAL {{ {union} }}"
    return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"


def values_focus(focus: str, path: str) -> str:
    """The pattern binding ``?this`` to the value nodes of ``path`` from ``focus``."""
    return (
        "{ SELECT (?_value AS ?this) WHERE { { SELECT DISTINCT ?_value WHERE { "
        f"{focus} ?this {path} ?_value }} }} }} }}"
    )


def _message_text(template: str, binding: Callable[[str], Term | None]) -> str:
    def replace(match: re.Match[str]) -> str:
        term = binding(match.group(1))
        if term is None:
            return match.group(0)
        return str(term) if isinstance(term, ox.BlankNode | ox.Triple) else term.value

    return re.sub(r"\{[?$](\w+)\}", replace, template)


class Engine:
    """Validates the data in ``store`` against the shapes of ``shapes``."""

    def __init__(self, store: ox.Store, shapes: ShapesGraph, *, union: bool = True) -> None:
        self.store = store
        self.shapes = shapes
        self.union = union
        self._failing: dict[tuple[Node, str], set[Term]] = {}
        self._subclasses: dict[str, str] = {}
        self._type_variables = itertools.count()
        self._parents: dict[Node, list[Shape]] = defaultdict(list)
        for shape in list(shapes._shapes.values()):
            for child in shape.properties:
                self._parents[child.node].append(shape)

    def _instances(self, v: str, cls: str) -> str:
        """The pattern of ``v`` being an instance of ``cls`` (rdf:type, then
        rdfs:subClassOf any number of times): its rdf:type is one of the class
        and its subclasses, read from the data once per class."""
        if cls not in self._subclasses:
            query = f"SELECT DISTINCT ?sub WHERE {{ ?sub <{RDFS.subClassOf}>* {cls} }}"
            found = sorted({str(row["sub"]) for row in self._select(query)} | {cls})
            if any(not term.startswith("<") for term in found):  # blank node classes
                self._subclasses[cls] = ""
            else:
                self._subclasses[cls] = " ".join(found)
        classes = self._subclasses[cls]
        if not classes:
            return f"{v} {_TYPE_PATH} {cls}"
        if " " not in classes:
            return f"{v} <{RDF.type}> {classes}"
        t = f"?_type{next(self._type_variables)}"
        return f"{v} <{RDF.type}> {t} . VALUES {t} {{ {classes} }}"

    # -- running queries --------------------------------------------------

    def _query(self, text: str, substitutions: dict[ox.Variable, Term] | None = None) -> object:
        try:
            return self.store.query(
                text,
                use_default_graph_as_union=self.union,
                substitutions=substitutions,
                custom_functions={WELL_FORMED: _well_formed},
            )
        except SyntaxError as exc:
            raise ShapesError(
                f"the engine wrote a query Oxigraph cannot parse: {exc}\n{text}"
            ) from exc

    def _bound_query(self, text: str, substitutions: dict[ox.Variable, Term]) -> object:
        """Run ``text`` with pre-bound variables (SHACL §5.6): an IRI or a
        literal is written into the text in place of the variable, which is
        the spec's substitution exactly; a blank node has no constant in
        SPARQL and is passed as an Oxigraph substitution, which binds it where
        the query matches it in a pattern."""
        blank: dict[ox.Variable, Term] = {}
        for variable, term in substitutions.items():
            if isinstance(term, ox.BlankNode):
                blank[variable] = term
            else:
                text = prebinding.substitute(text, variable.value, str(term))
        try:
            return self._query(text, blank or None)
        except RuntimeError as exc:
            raise ShapesError(
                f"cannot pre-bind a blank node where the query does not match it: {exc}"
            ) from exc

    def _select(
        self, text: str, substitutions: dict[ox.Variable, Term] | None = None
    ) -> Iterator[ox.QuerySolution]:
        result = self._bound_query(text, substitutions) if substitutions else self._query(text)
        assert isinstance(result, ox.QuerySolutions)
        return iter(result)

    # -- validation ------------------------------------------------------------

    def validate(
        self,
        only: Collection[Term] | None = None,
        done: Callable[[], None] | None = None,
        *,
        threads: int = 1,
    ) -> list[Result]:
        """Validate every targeted shape; with ``only``, just for the focus
        nodes among ``only`` (IRIs and literals). A focus node's results depend
        on the data alone, so they are the same as a whole validation's.
        ``done`` is called after each of :attr:`ShapesGraph.targeted`. With
        ``threads``, that many shapes are validated at once (Oxigraph lets go
        of the interpreter while it queries); the results are in the same
        order."""
        restriction = ""
        if only is not None:
            if any(isinstance(t, ox.BlankNode | ox.Triple) for t in only):
                raise ValueError("validation can be restricted to IRIs and literals only")
            if not only:
                return []
            restriction = "VALUES ?this { " + " ".join(str(t) for t in only) + " } "

        def targeted(shape: Shape) -> list[Result]:
            focus = target_pattern(shape, self._instances, restriction)
            return self.evaluate(shape, focus) if focus is not None else []

        results: list[Result] = []
        with ThreadPoolExecutor(max_workers=max(1, threads)) as pool:
            for found in pool.map(targeted, self.shapes.targeted):
                results += found
                if done is not None:
                    done()  # one more shape checked (for a progress display)
        return results

    def evaluate(self, shape: Shape, focus: str, depth: int = 0) -> list[Result]:
        """The results of ``shape`` on the focus nodes ``focus`` binds."""
        if shape.deactivated:
            return []
        if depth > _MAX_DEPTH:
            raise ShapesError(f"shapes refer to each other more than {_MAX_DEPTH} levels deep")
        results: list[Result] = []
        # value-level constraints written as conditions are checked in one query,
        # the counts of a property shape in another
        conditions: list[tuple[Node, Any, str]] = []
        counts: list[tuple[Node, int]] = []
        for parameter, value in shape.constraints:
            if parameter not in COMPONENTS:
                continue
            if parameter in _VALUE_LEVEL or (parameter == SH.hasValue and shape.path is None):
                condition = self._value_condition(parameter, value, "?value", _Fresh(), shape)
                if condition is not None:
                    conditions.append((parameter, value, condition))
                else:
                    results += self._value_fallback(shape, focus, parameter, value, depth)
            elif parameter in (SH.minCount, SH.maxCount):
                if shape.path is not None:  # (counts apply to property shapes only)
                    counts.append((parameter, _integer(value, parameter)))
            else:
                results += self._constraint(shape, focus, parameter, value, depth)
        if conditions:
            results += self._conditions(shape, focus, conditions)
        if counts:
            results += self._counts(shape, focus, counts)
        for component in self.shapes.components:
            results += self._component(shape, focus, component)
        if shape.path is None:
            for child in shape.properties:
                results += self.evaluate(child, focus, depth + 1)
            return results
        inner = values_focus(focus, shape.sparql_path or "")
        nested = [r for child in shape.properties for r in self.evaluate(child, inner, depth + 1)]
        if nested:
            # each value node is validated once for each focus node that has it
            times = self._focus_counts(shape, focus)
            results += [r for r in nested for _ in range(times.get(r.focus, 1))]
        return results

    def _conditions(
        self, shape: Shape, focus: str, conditions: list[tuple[Node, Any, str]]
    ) -> list[Result]:
        binds = " ".join(
            f"BIND (COALESCE({condition}, false) AS ?_c{i})"
            for i, (_, _, condition) in enumerate(conditions)
        )
        failed = " || ".join(f"!?_c{i}" for i in range(len(conditions)))
        names = " ".join(f"?_c{i}" for i in range(len(conditions)))
        query = (
            f"SELECT DISTINCT ?this ?value {names} WHERE {{ {self._values(shape, focus)} "
            f"{binds} FILTER ({failed}) }}"
        )
        results = []
        for row in self._select(query):
            this, value = row["this"], _bound(row, "value")
            for i, (parameter, expected, _) in enumerate(conditions):
                if _bound(row, f"_c{i}") == _FALSE:
                    results.append(
                        self._result(
                            shape,
                            COMPONENTS[parameter],
                            this,
                            None if parameter == SH.hasValue else value,
                            default=_default_message(parameter, expected),
                        )
                    )
        return results

    def _counts(self, shape: Shape, focus: str, counts: list[tuple[Node, int]]) -> list[Result]:
        path = shape.sparql_path
        counts = [(p, n) for p, n in counts if not (p == SH.minCount and n == 0)]
        if not counts:
            return []
        if counts == [(SH.minCount, 1)]:
            query = f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} ?value }} }}"
            rows = [(row["this"], 0) for row in self._select(query)]
        else:
            having = " || ".join(
                f"COUNT(DISTINCT ?value) {'<' if p == SH.minCount else '>'} {n}" for p, n in counts
            )
            query = (
                f"SELECT ?this (COUNT(DISTINCT ?value) AS ?n) WHERE {{ {focus} "
                f"OPTIONAL {{ ?this {path} ?value }} }} GROUP BY ?this HAVING ({having})"
            )
            rows = [(row["this"], int(row["n"].value)) for row in self._select(query)]
        results = []
        for this, found in rows:
            for parameter, n in counts:
                if found < n if parameter == SH.minCount else found > n:
                    less = parameter == SH.minCount
                    results.append(
                        self._result(
                            shape,
                            COMPONENTS[parameter],
                            this,
                            None,
                            default=f"{'Fewer' if less else 'More'} than {n} values",
                        )
                    )
        return results

    def _focus_counts(self, shape: Shape, focus: str) -> dict[Term, int]:
        query = (
            f"SELECT ?value (COUNT(DISTINCT ?this) AS ?n) WHERE {{ {focus} "
            f"?this {shape.sparql_path} ?value }} GROUP BY ?value"
        )
        return {row["value"]: int(row["n"].value) for row in self._select(query)}

    def failing(self, shape: Shape, focus: str, depth: int) -> set[Term]:
        """The nodes ``focus`` binds that do not conform to ``shape``."""
        key = (shape.node, focus)
        if key not in self._failing:
            self._failing[key] = {r.focus for r in self.evaluate(shape, focus, depth + 1)}
        return self._failing[key]

    def _result(
        self,
        shape: Shape,
        component: Node,
        focus: Term,
        value: Term | None,
        *,
        messages: tuple[Literal, ...] = (),
        default: str = "",
        path: Node | None = None,
        constraint: Node | None = None,
    ) -> Result:
        if shape.messages:
            messages = shape.messages
        elif not messages and default:
            messages = (Literal(default),)
        return Result(
            focus=focus,
            value=value,
            path=path if path is not None else shape.path,
            shape=shape.node,
            component=component,
            severity=shape.severity,
            messages=messages,
            constraint=constraint,
        )

    def _values(self, shape: Shape, focus: str) -> str:
        """A pattern binding ``?this`` (focus) and ``?value`` (its value nodes)."""
        if shape.path is None:
            return f"{focus} BIND (?this AS ?value)"
        return f"{focus} ?this {shape.sparql_path} ?value ."

    def _rows(self, text: str) -> Iterator[tuple[Term, Term | None]]:
        for row in self._select(text):
            yield row["this"], _bound(row, "value")

    def _constraint(
        self, shape: Shape, focus: str, parameter: Node, value: Any, depth: int
    ) -> list[Result]:
        """A constraint neither written as a condition on each value nor a count:
        sh:hasValue of a property shape, sh:uniqueLang, pairs of properties,
        sh:closed, sh:qualifiedValueShape, sh:sparql."""
        component = COMPONENTS[parameter]
        path = shape.sparql_path
        if parameter == SH.hasValue:
            target = sparql(value)
            query = (
                f"SELECT ?this WHERE {{ {focus} FILTER NOT EXISTS {{ ?this {path} {target} }} }}"
            )
            return [
                self._result(shape, component, this, None, default=f"Missing value {_shown(value)}")
                for this, _ in self._rows(query)
            ]
        if parameter == SH.uniqueLang:
            if path is None or not (
                isinstance(value, Literal)
                and value.datatype == XSD.boolean
                and str(value) == "true"
            ):
                return []
            query = (
                f"SELECT ?this (SAMPLE(?value) AS ?one) WHERE {{ {focus} ?this {path} ?value "
                'FILTER (isLiteral(?value) && lang(?value) != "") } '
                "GROUP BY ?this (LCASE(lang(?value)) AS ?lang) HAVING (COUNT(DISTINCT ?value) > 1)"
            )
            return [
                self._result(
                    shape, component, row["this"], None, default="More than one value per language"
                )
                for row in self._select(query)
            ]
        if parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            return self._pair_constraint(shape, focus, parameter, value)
        if parameter == SH.closed:
            return self._closed(shape, focus, value)
        if parameter == SH.qualifiedValueShape:
            return self._qualified(shape, focus, value, depth)
        if parameter == SH.sparql:
            return self._sparql_constraint(shape, focus, value)
        return []

    # -- conditions on one node, as SPARQL expressions ------------------------

    def _value_condition(
        self, parameter: Node, value: Any, v: str, fresh: _Fresh, shape: Shape | None = None
    ) -> str | None:
        """A SPARQL condition true when the node ``v`` satisfies the constraint,
        or None when it cannot be written as one."""
        try:
            if parameter == SH["class"]:
                return f"EXISTS {{ {self._instances(v, sparql(value))} }}"
            if parameter == SH.datatype:
                if value == RDF.langString:
                    return f'(isLiteral({v}) && lang({v}) != "")'
                if not isinstance(value, URIRef):
                    raise ShapesError(f"sh:datatype must be an IRI, not {_shown(value)}")
                check = f"datatype({v}) = <{value}>"
                if value in _CASTABLE:
                    # Oxigraph keeps a literal of these types that is not well
                    # formed as it was written; casting it again fails
                    check += f" && sameTerm(<{value}>(STR({v})), {v})"
                elif str(value).startswith(str(XSD)) and value not in (XSD.string, XSD.anyURI):
                    check += f" && <{WELL_FORMED.value}>({v})"
                return f"(isLiteral({v}) && {check})"
            if parameter == SH.nodeKind:
                if value not in NODE_KINDS:
                    raise ShapesError(f"sh:nodeKind {_shown(value)} is not a node kind")
                return NODE_KINDS[value].format(v=v)
            if parameter in _COMPARISONS:
                return f"({v} {_COMPARISONS[parameter]} {sparql(value)})"
            if parameter in (SH.minLength, SH.maxLength):
                op = ">=" if parameter == SH.minLength else "<="
                return f"(!isBlank({v}) && STRLEN(STR({v})) {op} {_integer(value, parameter)})"
            if parameter == SH.pattern:
                flags = shape.first(SH.flags) if shape is not None else None
                flag_text = f", {sparql(Literal(str(flags)))}" if flags is not None else ""
                return (
                    f"(!isBlank({v}) && REGEX(STR({v}), {sparql(Literal(str(value)))}{flag_text}))"
                )
            if parameter == SH.languageIn:
                tags = " || ".join(
                    f"langMatches(lang({v}), {sparql(Literal(str(t)))})" for t in value
                )
                return f"(isLiteral({v}) && ({tags or 'false'}))"
            if parameter == SH["in"]:
                members = " || ".join(f"sameTerm({v}, {sparql(m)})" for m in value)
                return f"({members or 'false'})"
            if parameter == SH.hasValue:
                return f"sameTerm({v}, {sparql(value)})"
        except ShapesError:
            if parameter in (SH["in"], SH.hasValue, SH["class"]):
                return None  # a blank node of the shapes graph: compared in Python
            raise
        if parameter in (SH.node, SH["not"]):
            inner = self._shape_condition(value, v, fresh)
            if inner is None:
                return None
            return inner if parameter == SH.node else f"(!{inner})"
        if parameter in (SH["and"], SH["or"], SH.xone):
            found = [self._shape_condition(m, v, fresh) for m in value]
            parts = [p for p in found if p is not None]
            if len(parts) < len(found):
                return None
            if not parts:
                return "true" if parameter == SH["and"] else "false"
            if parameter == SH["and"]:
                return "(" + " && ".join(parts) + ")"
            if parameter == SH["or"]:
                return "(" + " || ".join(parts) + ")"
            return "((" + " + ".join(f"IF({p}, 1, 0)" for p in parts) + ") = 1)"
        return None

    def _shape_condition(self, shape: Shape, v: str, fresh: _Fresh, depth: int = 0) -> str | None:
        """A SPARQL condition true when the node ``v`` conforms to ``shape``,
        or None when the shape cannot be written as one. Errors count as false."""
        if shape.deactivated:
            return "true"
        if depth > 8 or any(c.parameters for c in self._applicable(shape)):
            return None
        parts: list[str] = []
        for parameter, value in shape.constraints:
            if parameter not in COMPONENTS:
                continue
            if shape.path is None:
                part = self._node_condition(shape, parameter, value, v, fresh)
            else:
                part = self._path_condition(shape, parameter, value, v, fresh)
            if part is None:
                return None
            parts.append(f"COALESCE({part}, false)")
        for child in shape.properties:
            if shape.path is None:
                part = self._shape_condition(child, v, fresh, depth + 1)
            else:
                x = fresh()
                inner = self._shape_condition(child, x, fresh, depth + 1)
                part = (
                    None
                    if inner is None
                    else f"NOT EXISTS {{ {v} {shape.sparql_path} {x} FILTER (!{inner}) }}"
                )
            if part is None:
                return None
            parts.append(part)
        return "(" + " && ".join(parts) + ")" if parts else "true"

    def _node_condition(
        self, shape: Shape, parameter: Node, value: Any, v: str, fresh: _Fresh
    ) -> str | None:
        if parameter in _VALUE_LEVEL or parameter == SH.hasValue:
            return self._value_condition(parameter, value, v, fresh, shape)
        if parameter == SH.closed:
            allowed = self._closed_allowed(shape, value)
            if allowed is None:
                return "true"
            p, o = fresh(), fresh()
            listed = ", ".join(allowed) or "<urn:x-none>"
            return f"NOT EXISTS {{ {v} {p} {o} FILTER ({p} NOT IN ({listed})) }}"
        if parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            return _pair_condition(parameter, value, v, None, fresh)
        return None

    def _path_condition(
        self, shape: Shape, parameter: Node, value: Any, v: str, fresh: _Fresh
    ) -> str | None:
        path = shape.sparql_path
        if parameter in _VALUE_LEVEL:
            x = fresh()
            inner = self._value_condition(parameter, value, x, fresh, shape)
            if inner is None:
                return None
            return f"NOT EXISTS {{ {v} {path} {x} FILTER (!COALESCE({inner}, false)) }}"
        if parameter == SH.minCount:
            count = _integer(value, parameter)
            if count == 0:
                return "true"
            if count == 1:
                return f"EXISTS {{ {v} {path} {fresh()} }}"
            return None
        if parameter == SH.maxCount:
            count = _integer(value, parameter)
            a, b = fresh(), fresh()
            if count == 0:
                return f"NOT EXISTS {{ {v} {path} {a} }}"
            if count == 1:
                return (
                    f"NOT EXISTS {{ {v} {path} {a} . {v} {path} {b} FILTER (!sameTerm({a}, {b})) }}"
                )
            return None
        if parameter == SH.hasValue:
            try:
                return f"EXISTS {{ {v} {path} {sparql(value)} }}"
            except ShapesError:
                return None
        if parameter in (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals):
            return _pair_condition(parameter, value, v, path, fresh)
        if parameter == SH.uniqueLang:
            if not (
                isinstance(value, Literal)
                and str(value) == "true"
                and value.datatype == XSD.boolean
            ):
                return "true"
            a, b = fresh(), fresh()
            return (
                f"NOT EXISTS {{ {v} {path} {a} . {v} {path} {b} FILTER (!sameTerm({a}, {b}) "
                f'&& isLiteral({a}) && lang({a}) != "" && LCASE(lang({a})) = LCASE(lang({b}))) }}'
            )
        return None

    # -- constraints decided in Python ------------------------------------------

    def _pairs(self, shape: Shape, focus: str) -> list[tuple[Term, Term]]:
        query = f"SELECT DISTINCT ?this ?value WHERE {{ {self._values(shape, focus)} }}"
        return [(this, value) for this, value in self._rows(query) if value is not None]

    def _candidates(self, shape: Shape, focus: str) -> str:
        return focus if shape.path is None else values_focus(focus, shape.sparql_path or "")

    def _value_fallback(
        self, shape: Shape, focus: str, parameter: Node, value: Any, depth: int
    ) -> list[Result]:
        component = COMPONENTS[parameter]
        pairs = self._pairs(shape, focus)
        candidates = self._candidates(shape, focus)
        if parameter in (SH["in"], SH.hasValue, SH["class"]):
            members = {to_ox(m) for m in (value if parameter == SH["in"] else [value])}
            if parameter == SH["class"]:
                return []  # a blank node class: no data node can be an instance of it
            bad = [(t, v) for t, v in pairs if v not in members]
        elif parameter in (SH.node, SH["not"]):
            failing = self.failing(value, candidates, depth)
            bad = [(t, v) for t, v in pairs if (v in failing) == (parameter == SH.node)]
        else:
            member_failing = [self.failing(m, candidates, depth) for m in value]

            def conforming(v: Term) -> int:
                return sum(1 for f in member_failing if v not in f)

            if parameter == SH["and"]:
                bad = [(t, v) for t, v in pairs if conforming(v) < len(member_failing)]
            elif parameter == SH["or"]:
                bad = [(t, v) for t, v in pairs if conforming(v) == 0]
            else:
                bad = [(t, v) for t, v in pairs if conforming(v) != 1]
        describe = f"{_label(parameter)} {_shown(value)}"
        return [
            self._result(shape, component, this, v, default=f"Value does not satisfy {describe}")
            for this, v in bad
        ]

    def _pair_constraint(
        self, shape: Shape, focus: str, parameter: Node, other: Any
    ) -> list[Result]:
        if not isinstance(other, URIRef):
            raise ShapesError(f"{_label(parameter)} must be a property IRI, not {_shown(other)}")
        component = COMPONENTS[parameter]
        values = self._values(shape, focus)
        default = f"Value violates {_label(parameter)} {_shown(other)}"
        if parameter == SH.equals:
            own = (
                f"?this {shape.sparql_path} ?value"
                if shape.path is not None
                else "FILTER (sameTerm(?this, ?value))"
            )
            queries = [
                f"SELECT DISTINCT ?this ?value WHERE {{ {values} "
                f"FILTER NOT EXISTS {{ ?this <{other}> ?value }} }}",
                f"SELECT DISTINCT ?this ?value WHERE {{ {focus} ?this <{other}> ?value "
                f"FILTER NOT EXISTS {{ {own} }} }}",
            ]
        elif parameter == SH.disjoint:
            queries = [f"SELECT DISTINCT ?this ?value WHERE {{ {values} ?this <{other}> ?value }}"]
        else:
            op = "<" if parameter == SH.lessThan else "<="
            # one result per pair of values compared
            queries = [
                f"SELECT DISTINCT ?this ?value ?_other WHERE {{ {values} ?this <{other}> ?_other "
                f"FILTER (!COALESCE(?value {op} ?_other, false)) }}"
            ]
        return [
            self._result(shape, component, this, v, default=default)
            for query in queries
            for this, v in self._rows(query)
        ]

    def _closed_allowed(self, shape: Shape, value: Any) -> list[str] | None:
        if not (isinstance(value, Literal) and value.toPython() is True):
            return None
        allowed = {child.path for child in shape.properties if isinstance(child.path, URIRef)}
        for ignored in shape.values(SH.ignoredProperties):
            allowed |= {m for m in ignored if isinstance(m, URIRef)}
        return sorted(f"<{p}>" for p in allowed)

    def _closed(self, shape: Shape, focus: str, value: Any) -> list[Result]:
        allowed = self._closed_allowed(shape, value)
        if allowed is None:
            return []
        not_in = f"FILTER (?_p NOT IN ({', '.join(allowed)}))" if allowed else ""
        values = self._values(shape, focus)
        query = f"SELECT DISTINCT ?this ?_p ?_o WHERE {{ {values} ?value ?_p ?_o {not_in} }}"
        return [
            self._result(
                shape,
                SH.ClosedConstraintComponent,
                row["this"],
                row["_o"],
                path=URIRef(row["_p"].value),
                default=f"Predicate {row['_p'].value} is not allowed (closed shape)",
            )
            for row in self._select(query)
        ]

    def _qualified(self, shape: Shape, focus: str, qualified: Shape, depth: int) -> list[Result]:
        if shape.path is None:
            return []
        minimum, maximum = shape.first(SH.qualifiedMinCount), shape.first(SH.qualifiedMaxCount)
        disjoint = shape.first(SH.qualifiedValueShapesDisjoint)
        siblings: list[Shape] = []
        if isinstance(disjoint, Literal) and disjoint.toPython() is True:
            for parent in self._parents.get(shape.node, []):
                for child in parent.properties:
                    for other in child.values(SH.qualifiedValueShape):
                        if other is not qualified and other not in siblings:
                            siblings.append(other)
        path = shape.sparql_path
        fresh = _Fresh()
        condition = self._shape_condition(qualified, "?value", fresh)
        others = [self._shape_condition(s, "?value", fresh) for s in siblings]
        results = []
        if condition is not None and all(o is not None for o in others):
            matching = f"COALESCE({condition}, false)"
            if others:
                matching += " && !(" + " || ".join(f"COALESCE({o}, false)" for o in others) + ")"
            counts = (
                f"SELECT ?this (COUNT(DISTINCT ?value) AS ?count) WHERE {{ {focus} "
                f"OPTIONAL {{ ?this {path} ?value FILTER ({matching}) }} }} GROUP BY ?this"
            )
            rows = [(row["this"], int(row["count"].value)) for row in self._select(counts)]
        else:
            candidates = values_focus(focus, path or "")
            failing = self.failing(qualified, candidates, depth)
            sibling_failing = [self.failing(s, candidates, depth) for s in siblings]
            counted: dict[Term, int] = {
                this: 0 for this, _ in self._rows(f"SELECT ?this WHERE {{ {focus} }}")
            }
            for this, value in self._pairs(shape, focus):
                if value not in failing and all(value in f for f in sibling_failing):
                    counted[this] = counted.get(this, 0) + 1
            rows = list(counted.items())
        for this, count in rows:
            if minimum is not None and count < _integer(minimum, SH.qualifiedMinCount):
                results.append(
                    self._result(
                        shape,
                        SH.QualifiedMinCountConstraintComponent,
                        this,
                        None,
                        default=f"Fewer than {minimum} values conform to the qualified shape",
                    )
                )
            if maximum is not None and count > _integer(maximum, SH.qualifiedMaxCount):
                results.append(
                    self._result(
                        shape,
                        SH.QualifiedMaxCountConstraintComponent,
                        this,
                        None,
                        default=f"More than {maximum} values conform to the qualified shape",
                    )
                )
        return results

    # -- SHACL-SPARQL ------------------------------------------------------------

    def _sparql_constraint(self, shape: Shape, focus: str, node: Node) -> list[Result]:
        query, messages, deactivated = self.shapes.constraint(node)
        if deactivated:
            return []
        where = f"the SPARQL constraint of {_shown(shape.node)}"
        return self._run_select(
            shape, focus, query, messages, where, {}, SH.SPARQLConstraintComponent, node
        )

    def _run_select(
        self,
        shape: Shape,
        focus: str,
        query: str,
        messages: tuple[Literal, ...],
        where: str,
        parameters: dict[str, Term],
        component: Node,
        constraint: Node | None,
    ) -> list[Result]:
        prebound = {"this", "currentShape", "shapesGraph", *parameters}
        prebinding.check(query, prebound, where)
        if shape.sparql_path is not None:
            query = prebinding.substitute_path(query, shape.sparql_path)
        used = prebinding.variables(query)
        if "shapesGraph" in used:
            raise ShapesError(
                f"{where}: $shapesGraph is not supported (the shapes are not in the store)"
            )
        substitutions: dict[ox.Variable, Term] = {
            ox.Variable(name): term for name, term in parameters.items() if name in used
        }
        if "currentShape" in used:
            substitutions[ox.Variable("currentShape")] = to_ox(shape.node)
        solutions: list[tuple[Term | None, ox.QuerySolution]] = []
        if prebinding.joinable(query):
            text = prebinding.join_focus(query, focus)
            solutions += [(None, row) for row in self._select(text, substitutions or None)]
        else:  # one focus node at a time
            for (this,) in self._select(f"SELECT ?this WHERE {{ {focus} }}"):
                bound = {**substitutions, ox.Variable("this"): this}
                solutions += [(this, row) for row in self._select(query, bound)]
        results = []
        if shape.messages:
            messages = shape.messages
        for focus_node, row in solutions:
            if _bound(row, "failure") == ox.Literal(
                "true", datatype=ox.NamedNode(str(XSD.boolean))
            ):
                raise ShapesError(f"{where} reported a failure (?failure true)")
            this = _bound(row, "this") or focus_node
            if this is None:
                continue

            def binding(name: str, row: ox.QuerySolution = row) -> Term | None:
                return _bound(row, name) if name not in parameters else parameters[name]

            texts = tuple(
                Literal(_message_text(str(m), binding), lang=m.language) for m in messages
            )
            path_term = _bound(row, "path")
            results.append(
                Result(
                    focus=this,
                    value=_bound(row, "value")
                    if shape.path is not None or _bound(row, "value") is not None
                    else this,
                    path=to_rdflib(path_term) if path_term is not None else shape.path,
                    shape=shape.node,
                    component=component,
                    severity=shape.severity,
                    messages=texts,
                    constraint=constraint,
                )
            )
        return results

    def _applicable(self, shape: Shape) -> list[Component]:
        found = []
        for component in self.shapes.components:
            required = [p for p, optional in component.parameters if not optional]
            if required and all(shape.values(p) for p in required):
                found.append(component)
        return found

    def _component(self, shape: Shape, focus: str, component: Component) -> list[Result]:
        if component not in self._applicable(shape):
            return []
        validator: Validator | None = (
            component.property_validator if shape.path is not None else component.node_validator
        ) or component.validator
        if validator is None:
            return []
        if validator.ask and validator is not component.validator:
            raise ShapesError(
                f"the validator of {_shown(component.iri)} must be a SELECT validator"
            )
        choices = [
            [(p, v) for v in shape.values(p)] or [(p, None)] for p, _ in component.parameters
        ]
        results: list[Result] = []
        for combination in itertools.product(*choices):
            parameters: dict[str, Term] = {
                _local(p): to_ox(v) for p, v in combination if v is not None
            }
            messages = validator.messages or component.messages
            where = f"the validator of {_shown(component.iri)}"
            if not validator.ask:
                results += self._run_select(
                    shape,
                    focus,
                    validator.prefixes + validator.query,
                    messages,
                    where,
                    parameters,
                    component.iri,
                    None,
                )
                continue
            prebinding.check(validator.query, {"this", "value", *parameters}, where)
            query = validator.prefixes + validator.query
            used = prebinding.variables(query)
            for this, value in self._pairs(shape, focus):
                bound: dict[ox.Variable, Term] = {
                    ox.Variable(k): t for k, t in parameters.items() if k in used
                }
                bound[ox.Variable("this")] = this
                bound[ox.Variable("value")] = value
                if "currentShape" in used:
                    bound[ox.Variable("currentShape")] = to_ox(shape.node)
                answer = self._bound_query(query, bound)
                if not bool(answer):
                    named = {**parameters, "value": value}
                    texts = tuple(
                        Literal(_message_text(str(m), named.get), lang=m.language) for m in messages
                    )
                    results.append(self._result(shape, component.iri, this, value, messages=texts))
        return results


def _pair_condition(
    parameter: Node, other: Any, v: str, path: str | None, fresh: _Fresh
) -> str | None:
    if not isinstance(other, URIRef):
        return None
    x, y = fresh(), fresh()
    own = f"{v} {path} {x}" if path is not None else f"BIND ({v} AS {x})"
    if parameter == SH.disjoint:
        return f"NOT EXISTS {{ {own} . {v} <{other}> {x} }}"
    if parameter == SH.equals:
        back = f"{v} {path} {y}" if path is not None else f"FILTER (sameTerm({v}, {y}))"
        return (
            f"(NOT EXISTS {{ {own} FILTER NOT EXISTS {{ {v} <{other}> {x} }} }} && "
            f"NOT EXISTS {{ {v} <{other}> {y} FILTER NOT EXISTS {{ {back} }} }})"
        )
    op = "<" if parameter == SH.lessThan else "<="
    return f"NOT EXISTS {{ {own} . {v} <{other}> {y} FILTER (!COALESCE({x} {op} {y}, false)) }}"


def _well_formed(term: object) -> ox.Literal:
    ok = isinstance(term, ox.Literal) and not is_ill_typed(term)
    return ox.Literal("true" if ok else "false", datatype=ox.NamedNode(str(XSD.boolean)))


def _bound(row: ox.QuerySolution, name: str) -> Term | None:
    try:
        term: Term | None = row[name]
    except (KeyError, IndexError):
        return None
    return term


def _integer(value: object, parameter: Node) -> int:
    try:
        number = int(value.toPython()) if isinstance(value, Literal) else None
    except (TypeError, ValueError):
        number = None
    if number is None:
        raise ShapesError(f"{_label(parameter)} must be an integer, not {_shown(value)}")
    return number


def _default_message(parameter: Node, value: object) -> str:
    return f"Value does not satisfy {_label(parameter)} {_shown(value)}"


def _label(parameter: Node) -> str:
    text = str(parameter)
    return "sh:" + text[len(str(SH)) :] if text.startswith(str(SH)) else text


def _local(parameter: Node) -> str:
    return re.split(r"[#/]", str(parameter))[-1]


def _shown(value: object) -> str:
    if isinstance(value, Shape):
        return _shown(value.node)
    if isinstance(value, list):
        return "(" + " ".join(_shown(v) for v in value) + ")"
    if isinstance(value, URIRef):
        return _label(value) if str(value).startswith(str(SH)) else f"<{value}>"
    if isinstance(value, BNode):
        return "[]"
    return str(value.n3()) if isinstance(value, Literal) else str(value)
