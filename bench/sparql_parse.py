"""How fast claimgraph.sparql reads what the endpoint receives, beside pyoxigraph.

The server parses every query before its engine does (check_query): this is
on the hot path. Printed, for each text, the median time of claimgraph's parse
(canonical text, depth, remote calls) and, as the reference measured in the
same run, pyoxigraph's own parse and evaluation of the same text on an empty
in-memory store:

* the example queries of the query page (src/claimgraph/web/queries/*.rq);
* a 1 MiB query that is mostly VALUES (IRIs, numbers, literals, prefixed
  names), in MB/s;
* 1 MiB hostile texts (brackets, operator chains, comments, strings...):
  claimgraph refuses or parses each; pyoxigraph runs in a child process of
  its own, since some of them overflow its stack (SIGSEGV).

    python bench/sparql_parse.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from claimgraph.sparql import SparqlSyntaxError, TooDeep, check_query

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "src" / "claimgraph" / "web" / "queries"
MIB = 1 << 20


def median_seconds(run: Callable[[], object], rounds: int, repeat: int = 1) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(repeat):
            run()
        times.append((time.perf_counter() - started) / repeat)
    return statistics.median(times)


def ours(text: str) -> str:
    try:
        check_query(text, max_depth=100)
    except TooDeep:
        return "too deep"
    except SparqlSyntaxError:
        return "syntax error"
    return "parsed"


def oxigraph(text: str) -> None:
    result = ox.Store().query(text)
    if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
        list(result)


CHILD = """
import sys, time, pyoxigraph as ox
text = sys.stdin.read()
started = time.perf_counter()
try:
    result = ox.Store().query(text)
    if isinstance(result, (ox.QuerySolutions, ox.QueryTriples)):
        list(result)
    outcome = "ran"
except SyntaxError:
    outcome = "syntax error"
except Exception as exc:
    outcome = type(exc).__name__
print(f"{(time.perf_counter() - started) * 1000:.1f} ms, {outcome}")
"""


def oxigraph_child(text: str) -> str:
    try:
        child = subprocess.run(
            [sys.executable, "-c", CHILD], input=text, capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        return "over 30 s"
    if child.returncode < 0:
        return f"crashed (signal {-child.returncode})"
    return child.stdout.strip() or child.stderr.strip()[-80:]


def values_query() -> str:
    values, size, i = [], 0, 0
    while size < MIB:
        value = [
            f"<http://example.org/item/{i}>",
            str(i),
            f'"label {i}"@en',
            f"ex:thing{i}",
            "UNDEF",
            f'"{i}"^^xsd:integer',
        ][i % 6]
        values.append(value)
        size += len(value) + 1
        i += 1
    return (
        "PREFIX ex: <http://example.org/> PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
        "SELECT * WHERE { ?x ?p ?o } VALUES ?x { " + " ".join(values) + " }"
    )


def hostile() -> dict[str, str]:
    def fill(start: str, unit: str, end: str = "") -> str:
        return start + unit * ((MIB - len(start) - len(end)) // len(unit)) + end

    return {
        "( x 1 MiB": fill("SELECT * WHERE { FILTER(", "("),
        "! x 1 MiB": fill("SELECT (", "!", "true AS ?x) WHERE { }"),
        "[ ?p x 1 MiB": fill("SELECT * WHERE { ?s ?p ", "[ ?p "),
        "{ x 1 MiB": fill("SELECT * WHERE ", "{"),
        "1+1+... 1 MiB": fill("SELECT (", "1+", "1 AS ?x) WHERE { }"),
        "&& chain 1 MiB": fill("SELECT * WHERE { FILTER(", "true&&", "true) }"),
        "UNION chain 1 MiB": fill("SELECT * WHERE { ", "{ } UNION ", "{ } }"),
        "/ path 1 MiB": fill("SELECT * WHERE { ?s ", "<a:p>/", "<a:p> ?o }"),
        "?a<?b&& 1 MiB": fill("SELECT * WHERE { FILTER(", "?a<?b&&", "true) }"),
        "# c\\r hidden ( 1 MiB": fill("SELECT * WHERE { # c\r FILTER(", "("),
        "comment 1 MiB": fill("#", "x", "\nASK { }"),
        "string 1 MiB": fill('ASK { FILTER("', "a", '") }'),
        "escapes 1 MiB": fill("ASK { FILTER('", "\\'", "') }"),
        "triples 1 MiB": fill("SELECT * WHERE { ", "?s ?p ?o . ", "}"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    print("example queries: median of", args.rounds, "rounds of 200")
    print(f"{'query':42} {'claimgraph':>12} {'pyoxigraph':>12}")
    for path in sorted(EXAMPLES.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        mine = median_seconds(lambda t=text: check_query(t, max_depth=100), args.rounds, 200)
        theirs = median_seconds(lambda t=text: oxigraph(t), args.rounds, 200)
        print(f"{path.name:42} {mine * 1e3:9.3f} ms {theirs * 1e3:9.3f} ms")

    text = values_query()
    mine = median_seconds(lambda: check_query(text, max_depth=100), args.rounds)
    theirs = median_seconds(lambda: oxigraph(text), args.rounds)
    size = len(text.encode()) / 1e6
    print(f"\n1 MiB VALUES query ({size:.2f} MB):")
    print(f"  claimgraph {mine * 1e3:8.1f} ms  {size / mine:6.2f} MB/s")
    print(f"  pyoxigraph {theirs * 1e3:8.1f} ms  {size / theirs:6.2f} MB/s (parse and evaluate)")

    print("\nhostile texts, 1 MiB each (claimgraph: median; pyoxigraph: one run, own process)")
    print(f"{'text':24} {'claimgraph':>28}   pyoxigraph")
    for name, text in hostile().items():
        outcome = ours(text)
        mine = median_seconds(lambda t=text: ours(t), args.rounds)
        print(f"{name:24} {mine * 1e3:9.2f} ms {outcome:>15}   {oxigraph_child(text)}")


if __name__ == "__main__":
    main()
