"""claimgraph.sparql: the server's own parse of SPARQL 1.1, whose canonical text
is what the engine runs. Regressions for the probe findings of issue 17 (texts
our old tokenizer and Oxigraph read differently), the depth of the tree, the
W3C syntax and evaluation suites read by both parsers, and a differential
fuzzer against pyoxigraph with a loopback listener as the SSRF oracle. No test
sends traffic anywhere but 127.0.0.1."""

from __future__ import annotations

import http.server
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Graph, Namespace
from rdflib.collection import Collection

from claimgraph.sparql import (
    Checked,
    DatasetConflict,
    SparqlSyntaxError,
    TooDeep,
    check_query,
    check_update,
)
from tests.conftest import ROOT, SUMMARY

W3C = Path(os.environ.get("CLAIMGRAPH_W3C_DIR", ROOT.parent / "shared" / "w3c"))
SPARQL11 = W3C / "rdf-tests-sparql" / "sparql11"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
EXAMPLES = ROOT / "src" / "claimgraph" / "web" / "queries"
LIMIT = 100
G1, G2 = "http://example.org/g1", "http://example.org/g2"


def query(text: str, limit: int = LIMIT) -> Checked:
    return check_query(text, max_depth=limit)


def update(text: str, limit: int = LIMIT) -> Checked:
    return check_update(text, max_depth=limit)


def loopback(text: str) -> str:
    """``text`` with every SERVICE / LOAD target (a canonical text's token after
    the keyword) replaced by a closed port on loopback: the W3C tests name
    remote endpoints, and no test may call anything but 127.0.0.1."""
    return re.sub(r"\b(SERVICE|LOAD)( SILENT)? (<[^>]*>|\S+)", r"\1\2 <http://127.0.0.1:9/>", text)


def oxigraph_accepts(text: str, is_update: bool = False) -> bool:
    """Whether pyoxigraph parses ``text`` (an evaluation error still means it did)."""
    try:
        if is_update:
            ox.Store().update(text, base_iri="http://example.org/base/")
        else:
            result = ox.Store().query(text, base_iri="http://example.org/base/")
            if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
                list(result)
    except SyntaxError:
        return False
    except (OSError, RuntimeError, ValueError):
        return True
    return True


# -- the probe findings of issue 17 -------------------------------------------------------

SERVICE = "SERVICE <http://127.0.0.1:9/x> { ?leak ?p ?o }"


@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE # x\r{{ {SERVICE} }}",
        f"SELECT * WHERE # x\r\n{{ {SERVICE} }}",
        f"PREFIX ex: <http://e/> SELECT * WHERE {{ ?s ex:a\\' ?o . {SERVICE} # '\n}}",
    ],
    ids=["cr-comment", "crlf-comment", "local-name-escape"],
)
def test_a_service_our_old_tokenizer_missed_is_reported(text: str) -> None:
    checked = query(text)
    assert checked.remote == (("SERVICE", "http://127.0.0.1:9/x"),)
    assert "SERVICE <http://127.0.0.1:9/x>" in checked.text
    assert "#" not in checked.text.replace("<http://127.0.0.1:9/x>", "")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVIC\\u0045 <http://127.0.0.1:9/x> { ?s ?p ?o } }",
        "SELECT * WHERE { # \\u000D SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } \n}",
        "SELECT * WHERE { # \\U0000000a SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } \n}",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\u0041 ?o }",
    ],
    ids=["keyword-start", "keyword-end", "comment-cr", "comment-lf", "local-name"],
)
def test_a_codepoint_escape_outside_strings_and_iris_is_refused(text: str) -> None:
    """The specification decodes them before parsing, the engine does not: the
    two would read these texts differently, so neither reading is run."""
    with pytest.raises(SparqlSyntaxError, match=r"line \d+, column \d+: expected"):
        query(text)


def test_codepoint_escapes_in_strings_and_iris_are_decoded() -> None:
    checked = query("SELECT * WHERE { ?s <http://e/\\u0041> '\\u00e9\\U0001F46A' }")
    assert checked.text == 'SELECT * WHERE { ?s <http://e/A> "é\U0001f46a" }'
    for bad in ('"\\u0022"', "'\\u0027'", '"\\u005Cn"', '"a\\u000Ab"', "<http://e/\\u003E>"):
        with pytest.raises(SparqlSyntaxError):
            query(f"SELECT * WHERE {{ ?s ?p {bad} }}")
    assert query('SELECT * WHERE { ?s ?p """\\u000A""" }').text.endswith('"\\n" }')


def test_no_escape_in_the_canonical_text_can_be_decoded_again() -> None:
    """A backslash of a string's value followed by u is written so that a
    codepoint pre-pass (the specification's, or spargebra's optional one) leaves
    it alone."""
    checked = query('SELECT ("a\\\\u0041" AS ?x) WHERE { }')
    for text in (checked.text, prepass(checked.text)):
        [row] = list(ox.Store().query(text))  # type: ignore[arg-type]
        assert row["x"] == ox.Literal("a\\u0041")


def prepass(text: str) -> str:
    """The specification's codepoint pre-pass (§19.2): one pass over the text."""
    return re.sub(
        r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
        lambda m: chr(int(m.group(1) or m.group(2), 16)),
        text,
    )


def test_load_after_a_cr_comment_is_reported() -> None:
    checked = update("# c\rLOAD <http://127.0.0.1:9/x> INTO GRAPH <urn:x>")
    assert checked.remote == (("LOAD", "http://127.0.0.1:9/x"),)


@pytest.mark.parametrize(
    "text",
    [
        "SELECT (" + "+".join(["1"] * 10_000) + " AS ?x) WHERE { }",
        "SELECT * WHERE { FILTER(" + "&&".join(["true"] * 10_000) + ") }",
        "SELECT * WHERE { " + " UNION ".join(["{ }"] * 10_000) + " }",
        "SELECT * WHERE { " + " ".join(["OPTIONAL { }"] * 10_000) + " }",
        "SELECT * WHERE { " + " ".join(f"BIND(1 AS ?x{i})" for i in range(10_000)) + " }",
        "SELECT * WHERE { ?s " + "/".join(["<http://e/p>"] * 10_000) + " ?o }",
        "SELECT * WHERE { # c\r BIND(" + "(" * 5000 + "1" + ")" * 5000 + " AS ?x) }",
        "SELECT * WHERE { FILTER(1<2&&" + "(" * 5000 + "1" + ")" * 5000 + "&&2>1) }",
        "SELECT * WHERE { " + " . ".join(f"?s <http://e/p> ?o{i}" for i in range(10_000)) + " }",
        "SELECT * WHERE { ?s ?p " + ", ".join(["1"] * 10_000) + " }",
    ],
    ids=[
        "plus",
        "and",
        "union",
        "optional",
        "bind",
        "path",
        "cr-hidden-brackets",
        "less-than-hidden-brackets",
        "triples",
        "objects",
    ],
)
def test_deep_trees_the_bracket_counter_missed_are_refused(text: str) -> None:
    with pytest.raises(TooDeep, match="nested more than 100 levels deep"):
        query(text)


def test_less_than_after_an_operand_is_the_operator() -> None:
    checked = query("SELECT * WHERE { ?a ?b ?c FILTER(?a<?b&&?c>?d) }")
    assert checked.text.endswith("FILTER ( ?a < ?b && ?c > ?d ) }")
    assert query("SELECT * WHERE { FILTER(?a<=<http://e/x>) }").text.endswith(
        "FILTER ( ?a <= <http://e/x> ) }"
    )
    assert oxigraph_accepts(checked.text)


# -- depth ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "depth"),
    [
        ("SELECT * WHERE { }", 1),
        ("SELECT * WHERE { ?s ?p ?o }", 2),
        ("SELECT * WHERE { ?s ?p ?o . ?s ?q ?r }", 3),  # a basic graph pattern is joined
        ("SELECT * WHERE { FILTER(1+1+1+1) }", 5),  # the bracket and three operators
        ("SELECT * WHERE { FILTER(1+2*3) }", 4),
        ("SELECT * WHERE { FILTER(-(1)) }", 4),
        ("SELECT * WHERE { { } UNION { } UNION { } }", 4),
        ("SELECT * WHERE { ?s <http://e/p>/<http://e/q>/<http://e/r> ?o }", 4),
        ("SELECT * WHERE { ?s ?p [ ?q [ ?r ?o ] ] }", 6),
        ("SELECT * WHERE { { SELECT * WHERE { } } }", 4),
    ],
)
def test_depth_counts_the_tree(text: str, depth: int) -> None:
    assert query(text).depth == depth


def test_depth_is_refused_as_soon_as_it_passes_the_limit() -> None:
    at_limit = "SELECT * WHERE { BIND(" + "(" * 98 + "1" + ")" * 98 + " AS ?x) }"
    assert query(at_limit).depth == 100
    with pytest.raises(TooDeep, match="more than 10 levels deep"):
        query(at_limit, limit=10)
    with pytest.raises(TooDeep, match="more than 100 levels"):
        query(at_limit.replace("BIND(", "BIND(("))


@pytest.mark.parametrize("limit", [100, 1000])
@pytest.mark.parametrize(
    ("start", "unit"),
    [
        ("FILTER(", "("),
        ("FILTER(", "!"),
        ("FILTER(", "1+"),
        ("FILTER(", "CONCAT("),
        ("FILTER(", "EXISTS {"),
        ("FILTER(", "1<2&&"),
        ("", "{"),
        ("", "OPTIONAL {"),
        ("", "{ } UNION "),
        ("", "BIND(1 AS ?x) "),
        ("?s ?p ", "[ ?p "),
        ("?s ?p ", "[ <a:b> ( "),
        ("?s ", "<a:b>/"),
        ("?s ", "^("),
        ("", "?s ?p ?o . "),
    ],
)
def test_a_mebibyte_of_nesting_is_refused_quickly(start: str, unit: str, limit: int) -> None:
    text = "SELECT * WHERE { " + start + unit * ((1 << 20) // len(unit))
    started = time.perf_counter()
    with pytest.raises((TooDeep, SparqlSyntaxError)):
        query(text, limit=limit)
    assert time.perf_counter() - started < 1


def test_the_example_queries_are_well_under_the_limit() -> None:
    depths = {
        path.name: query(path.read_text(encoding="utf-8")).depth for path in EXAMPLES.glob("*.rq")
    }
    assert depths and max(depths.values()) < 50, depths


# -- the canonical text ---------------------------------------------------------------------


def test_the_canonical_text_is_what_the_parser_read() -> None:
    checked = query(
        "prefix ex: <http://e/>  # a comment\n"
        "select distinct ?s (count(*) as ?n) where {\r\n"
        '  ?s ex:a.b.c \'it\\\'s\', """two\nlines"""@en ; a ex:C ; ex:p+ +1 .\n'
        "  filter(bnode() != concat('a', \"b\")) optional { ?s ex:q ?o }\n"
        "} group by ?s order by desc(?n) limit 10"
    )
    assert checked.text == (
        "PREFIX ex: <http://e/> SELECT DISTINCT ?s ( COUNT( * ) AS ?n ) WHERE { "
        '?s ex:a\\.b\\.c "it\'s" , "two\\nlines"@en ; a ex:C ; ex:p + '
        '"+1"^^<http://www.w3.org/2001/XMLSchema#integer> . '
        'FILTER ( BNODE() != CONCAT( "a" , "b" ) ) OPTIONAL { ?s ex:q ?o } } '
        "GROUP BY ?s ORDER BY DESC ( ?n ) LIMIT 10"
    )
    assert query(checked.text).text == checked.text
    assert oxigraph_accepts(checked.text)


def test_no_hash_outside_iris_and_strings() -> None:
    checked = query("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\#b '#' } # c")
    assert checked.text == 'PREFIX ex: <http://e/> SELECT * WHERE { ?s <http://e/a#b> "#" }'


def test_sparql_12_and_extensions_are_refused_clearly() -> None:
    for text in [
        "SELECT * WHERE { <<( <a:s> <a:p> <a:o> )>> ?p ?o }",
        "SELECT * WHERE { << <a:s> <a:p> <a:o> >> ?p ?o }",
        "SELECT * WHERE { ?s ?p ?o {| <a:q> <a:r> |} }",
        "SELECT * WHERE { ?s ?p ?o ~ <a:r> }",
        'VERSION "1.2" SELECT * WHERE { }',
        "SELECT (TRIPLE(<a:s>, <a:p>, <a:o>) AS ?t) WHERE { }",
        "SELECT * WHERE { LATERAL { } }",
        'SELECT * WHERE { BIND("a"@en--ltr AS ?x) }',
        "SELECT * WHERE { FILTER(!!true) }",
    ]:
        with pytest.raises(SparqlSyntaxError, match=r"SPARQL 1\.1"):
            query(text)


def test_a_prefixed_name_the_engine_would_split_at_a_keyword_is_refused() -> None:
    prologue = "PREFIX SILENTx: <http://127.0.0.1:1/allowed> PREFIX x: <http://127.0.0.1:2/> "
    with pytest.raises(SparqlSyntaxError, match="would read SILENT"):
        query(prologue + "SELECT * WHERE { SERVICE SILENTx: { } }")
    with pytest.raises(SparqlSyntaxError, match="would read SILENT"):
        update(prologue + "LOAD SILENTx:")
    with pytest.raises(SparqlSyntaxError, match="would read GRAPH"):
        update("PREFIX GRAPHx: <http://e/> ADD GRAPHx:y TO DEFAULT")
    with pytest.raises(SparqlSyntaxError, match="would read DISTINCT"):
        query("PREFIX DISTINCTx: <http://e/> SELECT (COUNT(DISTINCTx:y) AS ?n) WHERE { }")
    assert query(prologue + "SELECT * WHERE { SERVICE SILENT SILENTx: { } }").remote == (
        ("SERVICE", "http://127.0.0.1:1/allowed"),
    )


def test_errors_are_located_in_the_text_the_client_sent() -> None:
    with pytest.raises(SparqlSyntaxError) as caught:
        query("SELECT *\r\nWHERE {\n  ?s ?p }")
    assert str(caught.value) == "line 3, column 9: expected an object, found '}'"
    with pytest.raises(SparqlSyntaxError, match=r"line 1, column 15: expected .*, found the end"):
        query("SELECT * WHERE")
    with pytest.raises(SparqlSyntaxError, match=r"whose prefix is declared"):
        query("SELECT * WHERE { ?s ex:p ?o }")


def test_remote_calls_name_the_iri_the_engine_would_call() -> None:
    text = (
        "PREFIX r: <http://127.0.0.1:1/> SELECT * WHERE { SERVICE r:sparql { } "
        "SERVICE ?endpoint { } SERVICE <http://127.0.0.1:1/x/../sparql> { } }"
    )
    assert query(text).remote == (
        ("SERVICE", "http://127.0.0.1:1/sparql"),
        ("SERVICE", None),
        ("SERVICE", None),  # the engine resolves the dot segments into another IRI
    )


# -- the protocol's update dataset (moved from test_sparqltext.py) --------------------------


def test_using_clauses_go_before_each_modify_where() -> None:
    checked = update(
        "PREFIX ex: <http://example.org/>\n"
        "INSERT { ?s a ex:Seen } WHERE { ?s ?p ?o } ;\n"
        "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o FILTER(?o = 'WHERE') }"
    )
    rewritten = checked.with_using([G1], [G2])
    assert rewritten.count(f"USING <{G1}> USING NAMED <{G2}> WHERE") == 2
    assert '"WHERE"' in rewritten  # a string is not a keyword
    assert update(rewritten).text == rewritten


def test_delete_where_data_and_subqueries_are_left_alone() -> None:
    checked = update(
        "DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <http://e/s> <http://e/p> 1 } ;\n"
        "INSERT { ?s <http://e/n> ?n } WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } "
        "GROUP BY ?s } } # WHERE in a comment"
    )
    rewritten = checked.with_using([G1], [])
    assert rewritten.count(f"USING <{G1}>") == 1
    assert rewritten.index(f"USING <{G1}>") < rewritten.index("SELECT")
    assert rewritten.startswith("DELETE WHERE")


def test_the_rewritten_update_means_what_the_protocol_says() -> None:
    store = ox.Store()
    store.update(
        f"INSERT DATA {{ GRAPH <{G1}> {{ <http://e/a> a <http://e/Doc> }} "
        f"GRAPH <{G2}> {{ <http://e/b> a <http://e/Doc> }} }}"
    )
    checked = update(
        "INSERT { GRAPH <http://e/out> { ?s a <http://e/Seen> } } WHERE { ?s a <http://e/Doc> }"
    )
    store.update(checked.with_using([G1], []))
    seen = {
        str(q.subject)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode("http://e/out"))
    }
    assert seen == {"<http://e/a>"}  # only what the using graph holds


@pytest.mark.parametrize(
    "text",
    [
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "DELETE { ?s ?p ?o } USING <http://e/g> WHERE { ?s ?p ?o }",
        "delete { ?s ?p ?o } using named <http://e/g> where { ?s ?p ?o }",
    ],
)
def test_an_update_with_its_own_dataset_conflicts(text: str) -> None:
    checked = update(text)
    with pytest.raises(DatasetConflict, match="give one or the other"):
        checked.with_using([G1], [])
    assert checked.with_using([], []) == checked.text  # without protocol dataset: untouched


def test_from_only_where_it_is_a_keyword() -> None:
    assert query("SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }").dataset_clause
    assert query("select * from named <http://e/g> { graph ?g { ?s ?p ?o } }").dataset_clause
    assert not query("SELECT * WHERE { ?s <http://e/from> 'from' } # from").dataset_clause


# -- W3C syntax tests --------------------------------------------------------------------------

needs_w3c = pytest.mark.skipif(
    not SPARQL11.exists(),
    reason=f"W3C SPARQL 1.1 tests not found at {SPARQL11}; set CLAIMGRAPH_W3C_DIR",
)
SYNTAX_DIRS = ("syntax-query", "syntax-update-1", "syntax-update-2", "syntax-fed")
SYNTAX: Counter[str] = Counter()


def _manifest(path: Path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle", publicID=path.as_uri())
    return graph


def _syntax_cases() -> list[tuple[str, Path, bool, bool]]:
    """(name, file, positive, update) of each syntax test."""
    cases = []
    for folder in SYNTAX_DIRS:
        manifest = SPARQL11 / folder / "manifest.ttl"
        if not manifest.exists():
            continue
        graph = _manifest(manifest)
        for entries in graph.objects(None, MF.entries):
            for test in Collection(graph, entries):
                kind = str(graph.value(test, RDF.type)).rsplit("#", 1)[-1]
                action = Path(str(graph.value(test, MF.action)).removeprefix("file://"))
                cases.append(
                    (f"{folder}/{action.name}", action, kind.startswith("Pos"), "Update" in kind)
                )
    return cases


SYNTAX_CASES = _syntax_cases()


@pytest.fixture(scope="module", autouse=True)
def _summary() -> Iterator[None]:
    yield
    if SYNTAX["run"]:
        SUMMARY.append(
            f"W3C SPARQL 1.1 syntax tests through claimgraph.sparql: {SYNTAX['positive']} "
            f"positive parsed and accepted by Oxigraph as re-emitted, {SYNTAX['negative']} "
            f"negative refused ({SYNTAX['negative-ours']} by claimgraph, the rest by Oxigraph "
            "on the canonical text)"
        )
    if FUZZ["run"]:
        SUMMARY.append(
            f"SPARQL differential fuzzing: {FUZZ['run']} texts, {FUZZ['accepted']} accepted "
            f"by claimgraph, {FUZZ['service-seen']} reached the loopback SERVICE through "
            f"Oxigraph (all reported or refused by claimgraph), {FUZZ['only-oxigraph']} "
            "accepted by Oxigraph and refused by claimgraph, most often for: "
            + "; ".join(f"{reason} ({n})" for reason, n in ONLY_OXIGRAPH.most_common(3))
        )


@needs_w3c
@pytest.mark.parametrize(
    ("name", "path", "positive", "is_update"), SYNTAX_CASES, ids=[c[0] for c in SYNTAX_CASES]
)
def test_w3c_syntax(name: str, path: Path, positive: bool, is_update: bool) -> None:
    SYNTAX["run"] += 1
    text = path.read_text(encoding="utf-8")
    parse = update if is_update else query
    try:
        checked = parse(text)
    except (SparqlSyntaxError, TooDeep):
        assert not positive, f"{name} is refused"
        SYNTAX["negative"] += 1
        SYNTAX["negative-ours"] += 1
        return
    runnable = loopback(checked.text)
    if positive:
        assert checked.depth < 30
        assert oxigraph_accepts(runnable, is_update), checked.text
        assert parse(checked.text).text == checked.text
        SYNTAX["positive"] += 1
    else:
        assert not oxigraph_accepts(runnable, is_update), f"{name} is accepted: {checked.text}"
        SYNTAX["negative"] += 1


# -- W3C evaluation queries: the canonical text means what the original does --------------

RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".trig": ox.RdfFormat.TRIG,
}
UNSTABLE = re.compile(r"\b(RAND|NOW|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)


def _evaluation_cases() -> list[tuple[str, Path, tuple[Path, ...], tuple[Path, ...]]]:
    cases = {}
    for manifest in sorted(SPARQL11.glob("*/manifest.ttl")):
        graph = _manifest(manifest)
        for action in graph.subjects(QT.query, None):
            path = Path(str(graph.value(action, QT.query)).removeprefix("file://"))
            data = tuple(
                Path(str(d).removeprefix("file://")) for d in graph.objects(action, QT.data)
            )
            named = tuple(
                Path(str(d).removeprefix("file://")) for d in graph.objects(action, QT.graphData)
            )
            name = f"{manifest.parent.name}/{path.name}"
            if path.exists():
                cases[name] = (name, path, data, named)
    return [cases[name] for name in sorted(cases)]


EVALUATION_CASES = _evaluation_cases() if SPARQL11.exists() else []


def _results(store: ox.Store, text: str, base: str) -> tuple[str, object]:
    """The results of ``text``, comparable: multisets of rows (or triples), blank
    nodes all alike; an evaluation error is its type."""
    try:
        result: Any = store.query(text, base_iri=base)
        if isinstance(result, ox.QueryBoolean):
            return "boolean", bool(result)
        if isinstance(result, ox.QueryTriples):
            return "graph", Counter(tuple(_key(term) for term in triple) for triple in result)
        variables = [v.value for v in result.variables]
        return "solutions", Counter(tuple(_key(row[v]) for v in variables) for row in result)
    except (OSError, RuntimeError, ValueError) as exc:
        return "error", type(exc).__name__


def _key(term: object) -> str:
    if term is None:
        return ""
    return "_:b" if isinstance(term, ox.BlankNode) else str(term)


@needs_w3c
@pytest.mark.parametrize(
    ("name", "path", "data", "named"), EVALUATION_CASES, ids=[c[0] for c in EVALUATION_CASES]
)
def test_w3c_evaluation_queries_mean_the_same_when_re_emitted(
    name: str, path: Path, data: tuple[Path, ...], named: tuple[Path, ...]
) -> None:
    text = path.read_text(encoding="utf-8")
    checked = query(text)
    assert query(checked.text).text == checked.text
    if checked.remote:  # the service tests name remote endpoints: parsed, never run
        return
    store = ox.Store()
    for file, graph in [*((d, ox.DefaultGraph()) for d in data), *((g, None) for g in named)]:
        if file.suffix in RDF_FORMATS and file.exists():
            store.load(
                path=str(file),
                format=RDF_FORMATS[file.suffix],
                base_iri=file.as_uri(),
                to_graph=graph or ox.NamedNode(file.as_uri()),
            )
    original = _results(store, text, path.as_uri())
    canonical = _results(store, checked.text, path.as_uri())
    if UNSTABLE.search(text):
        assert original[0] == canonical[0]
    else:
        assert canonical == original


# -- differential fuzzing against pyoxigraph -------------------------------------------------

FUZZ: Counter[str] = Counter()
ONLY_OXIGRAPH: Counter[str] = Counter()


class _Listener(http.server.BaseHTTPRequestHandler):
    calls: list[str]

    def _answer(self) -> None:
        self.calls.append(self.path)
        self.send_response(500)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def listener() -> Iterator[tuple[int, list[str]]]:
    """An HTTP server on 127.0.0.1 (port 0: any free one) recording the paths it
    is asked for."""
    calls: list[str] = []
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), type("Handler", (_Listener,), {"calls": calls})
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1], calls
    finally:
        server.shutdown()
        server.server_close()


def _in_thread(run: Callable[[], tuple[str, object]], seconds: float = 5) -> tuple[str, object]:
    box: list[tuple[str, object]] = []
    thread = threading.Thread(target=lambda: box.append(run()), daemon=True)
    thread.start()
    thread.join(seconds)
    return box[0] if box else ("timeout", None)


def _oxigraph(store: ox.Store, text: str) -> tuple[str, object]:
    try:
        ox.Store().query(text)  # syntax first, on an empty store
    except SyntaxError:
        return "syntax", None
    except (OSError, RuntimeError, ValueError):
        pass
    return _results(store, text, "http://example.org/base/")


SPACE = st.sampled_from([" ", "\n", "\r", "\r\n", "\t", "  "])
END = st.sampled_from(["\n", "\r", "\r\n"])
COMMENT_BODY = st.sampled_from(
    ["", " c", " { SERVICE", " '", ' "', " é \U0001f46a", " <http://e/", " \\", " }"]
)
ESCAPED_END = st.sampled_from([" \\u000D x", " \\u000a }", " \\U0000000A {"])
COMMENT = st.builds(lambda body, end: f"#{body}{end}", COMMENT_BODY, END)
GAP = st.one_of(SPACE, SPACE, SPACE, SPACE, st.builds(lambda c, s: c + s, COMMENT, SPACE))
TERM = st.sampled_from(
    [
        "?s",
        "$o",
        "?o",
        "<http://e/s>",
        "<http://e/\\u0041>",
        "ex:a",
        "ex:a\\'",
        "ex:a\\.b",
        "ex:%41",
        "ex:a.b.c",
        "ex:a\\#b",
        ":x",
        "'a'",
        '"b\\"c"',
        "'''x\\'''y'''",
        '"""l\\u0022"""',
        '"\\u00e9"@en',
        '"1"^^xsd:integer',
        "'\\u0027'",
        "'\\\\u0041'",
        "1",
        "-1",
        "+1",
        "1.5",
        ".5",
        "1e3",
        "true",
        "TRUE",
        "()",
        "[]",
    ]
)
OP = st.sampled_from(
    ["<", ">", "<=", "=", "!=", "&&", "||", "+", "-", "*", "/", " IN ", " NOT IN "]
)


def _expression(depth: int) -> st.SearchStrategy[str]:
    leaf = st.one_of(TERM, st.sampled_from(["?a<?b&&?c>?d", "1<2", "?a<<http://e/x>", "BOUND(?s)"]))
    if depth == 0:
        return leaf
    inner = _expression(depth - 1)
    return st.one_of(
        leaf,
        st.builds(lambda a, o, b: f"{a}{o}{b}", inner, OP, inner),
        st.builds(lambda a: f"({a})", inner),
        st.builds(lambda a: f"!{a}", inner),
        st.builds(lambda a, b: f"CONCAT({a}, {b})", inner, inner),
        st.builds(lambda a: f"STR({a})", inner),
    )


def _pattern(depth: int, service: str) -> st.SearchStrategy[str]:
    triple = st.builds(
        lambda s, p, o: f"{s} {p} {o}",
        TERM,
        st.sampled_from(
            ["?p", "ex:p", "a", "ex:p/ex:q", "^ex:p", "ex:p*", "!ex:p", "(ex:p|ex:q)+"]
        ),
        st.one_of(TERM, st.builds(lambda t: f"[ ex:p {t} ]", TERM), st.just("( 1 [] ?s )")),
    )
    elements = [
        triple,
        st.builds(lambda e: f"FILTER({e})", _expression(2)),
        st.builds(lambda e: f"BIND({e} AS ?b)", _expression(1)),
        st.just(service),
        st.just(service.replace("SERVICE", "\\u0053ERVICE")),
        st.just(service.replace("SERVICE", "service silent")),
        st.just("VALUES ?v { 1 'x' ex:a UNDEF }"),
    ]
    if depth:
        inner = _pattern(depth - 1, service)
        elements += [
            st.builds(lambda p: f"OPTIONAL {{ {p} }}", inner),
            st.builds(lambda p, q: f"{{ {p} }} UNION {{ {q} }}", inner, inner),
            st.builds(lambda p: f"FILTER NOT EXISTS {{ {p} }}", inner),
        ]
    return st.lists(st.one_of(*elements), max_size=3).map(" . ".join)


@st.composite
def fuzzed(draw: st.DrawFn, port: int) -> str:
    service = f"SERVICE <http://127.0.0.1:{port}/hit> {{ ?s ?p ?o }}"
    form = draw(
        st.sampled_from(
            [
                "SELECT * WHERE {{ {} }}",
                "SELECT ?s WHERE {{ {} }} LIMIT 5",
                "ASK {{ {} }}",
                "SELECT (COUNT(*) AS ?n) WHERE {{ {} }}",
                "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ {} }}",
            ]
        )
    )
    body = draw(_pattern(2, service))
    text = "PREFIX ex: <http://e/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " + form.format(
        body
    )
    # the separators between tokens, and tricky characters at a few places
    pieces = re.split(r"(?<=[ ])", text)
    out = []
    for piece in pieces:
        if piece.endswith(" "):
            piece = piece[:-1] + draw(GAP)
        out.append(piece)
    text = "".join(out)
    # now and then, a tricky character, a comment holding an escape of a line
    # end, or a SERVICE, anywhere
    tricky = ["#", "\r", "'", '"', "\\", "<", ">", "{", "}", "(", service]
    for _ in range(draw(st.sampled_from([0, 0, 0, 1, 2]))):
        at = draw(st.integers(0, len(text)))
        snippet = draw(st.one_of(st.sampled_from(tricky), ESCAPED_END.map(lambda e: f"#{e}\n")))
        text = text[:at] + snippet + text[at:]
    if draw(st.booleans()):
        text += draw(COMMENT).rstrip("\r\n")  # a comment ended by the end of the text
    return text


FIXED_STORE = ox.Store()
FIXED_STORE.update(
    "PREFIX ex: <http://e/> INSERT DATA { <http://e/s> ex:p 1 , 'a' ; ex:q <http://e/A> . "
    "<http://e/A> ex:p ex:a . ex:a ex:q 'x' , 1.5 }"
)


@pytest.fixture(scope="module")
def service_listener() -> Iterator[tuple[int, list[str]]]:
    with listener() as found:
        yield found


@settings(
    max_examples=int(os.environ.get("CLAIMGRAPH_FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=st.data())
def test_differential_fuzzing_against_oxigraph(
    data: st.DataObject, service_listener: tuple[int, list[str]]
) -> None:
    """(a) if Oxigraph, running the client's text, called the loopback SERVICE,
    claimgraph reported that SERVICE or refused the text; (b) a text claimgraph
    accepts is accepted by Oxigraph as re-emitted, with the same results on a
    small store; (c) texts Oxigraph accepts and claimgraph refuses are counted."""
    port, calls = service_listener
    FUZZ["run"] += 1
    hit = f"/hit-{FUZZ['run']}-"  # a late call of an earlier text is not this one's
    text = data.draw(fuzzed(port)).replace("/hit>", f"{hit}>")
    original = _in_thread(lambda: _oxigraph(FIXED_STORE, text))
    reached = any(call.startswith(hit) for call in calls)
    try:
        checked = query(text)
    except (SparqlSyntaxError, TooDeep) as exc:
        if original[0] != "syntax":
            FUZZ["only-oxigraph"] += 1
            ONLY_OXIGRAPH[re.sub(r"line \d+, column \d+: ", "", str(exc))[:70]] += 1
        return
    FUZZ["accepted"] += 1
    if reached:  # (a) a SERVICE the engine called is one the parser saw
        FUZZ["service-seen"] += 1
        assert ("SERVICE", f"http://127.0.0.1:{port}{hit}") in checked.remote, text
    assert "#" not in re.sub(r'<[^>]*>|"(?:[^"\\]|\\.)*"', "", checked.text), checked.text
    # (b) the engine accepts the canonical text of what it accepts, and it means
    # the same (what it refuses, such as a BIND over a bound variable, claimgraph
    # leaves to it)
    canonical = _in_thread(lambda: _oxigraph(FIXED_STORE, checked.text))
    if original[0] != "syntax":
        assert canonical[0] != "syntax", (text, checked.text)
    if original[0] not in ("syntax", "timeout") and canonical[0] != "timeout":
        assert canonical == original, (text, checked.text)
    assert query(checked.text).text == checked.text
