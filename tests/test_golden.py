"""The seed's dataset against its golden file, compared graph by graph by isomorphism.

Regenerate after an intended change with: pytest tests/test_golden.py --regen-golden
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, to_isomorphic

from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.rdfinput import from_ox
from claimgraph.store.dumps import nquads, ox_quads

GOLDEN = Path(__file__).parent / "golden" / "seed.nq"


def _graphs(nq: bytes) -> dict[URIRef, Graph]:
    """N-Quads as one rdflib graph per named graph."""
    out: dict[URIRef, Graph] = {}
    for quad in ox.parse(nq, format=ox.RdfFormat.N_QUADS):
        name = URIRef(str(quad.graph_name.value))
        graph = out.setdefault(name, Graph())
        graph.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))
    return out


def _nt_lines(graph: Graph) -> list[str]:
    return sorted(line for line in graph.serialize(format="nt").splitlines() if line.strip())


def assert_isomorphic(expected: Graph, actual: Graph, name: str) -> None:
    iso_expected, iso_actual = to_isomorphic(expected), to_isomorphic(actual)
    if iso_expected == iso_actual:
        return
    _, only_expected, only_actual = graph_diff(iso_expected, iso_actual)
    lines = [f"graph {name} differs from the golden file"]
    lines += ["only in expected:"] + [f"  {t}" for t in _nt_lines(only_expected)]
    lines += ["only in actual:"] + [f"  {t}" for t in _nt_lines(only_actual)]
    lines.append("run pytest --regen-golden if the change is intended")
    pytest.fail("\n".join(lines))


def test_seed_matches_golden(seed_dataset: Dataset, request: pytest.FixtureRequest) -> None:
    actual_nq = nquads(ox_quads(seed_dataset))
    if request.config.getoption("--regen-golden"):
        GOLDEN.write_bytes(actual_nq)
        pytest.skip(f"regenerated {GOLDEN}")
    expected_graphs, actual_graphs = _graphs(GOLDEN.read_bytes()), _graphs(actual_nq)
    assert sorted(expected_graphs) == sorted(actual_graphs), "named graphs differ"
    for name, graph in expected_graphs.items():
        assert_isomorphic(graph, actual_graphs[name], name)


def test_golden_diff_is_readable() -> None:
    """A difference is reported as the triples only in one side, not as a bare False."""
    a, b = Graph(), Graph()
    a.parse(data="<http://e/s> <http://e/p> 'one' .", format="turtle")
    b.parse(data="<http://e/s> <http://e/p> 'two' .", format="turtle")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_isomorphic(a, b, "g")
    message = str(failure.value)
    assert 'only in expected:\n  <http://e/s> <http://e/p> "one" .' in message
    assert 'only in actual:\n  <http://e/s> <http://e/p> "two" .' in message
