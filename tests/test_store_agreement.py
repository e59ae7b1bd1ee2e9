"""The store and the dumps hold the same terms: a dump re-read equals the store.

SPARQL queries are answered from an Oxigraph store; downloads are the dumps. Oxigraph
keeps some literals only in their canonical form (a derived integer type such as
xsd:nonNegativeInteger becomes xsd:integer, a "+00:00" time zone becomes "Z",
"1.50"^^xsd:decimal becomes "1.5", a language tag goes lower case), so every literal
in a dump must already be in that form, or a query on the endpoint would see other
terms (other datatypes) than the same query on a downloaded dump.

For the seed corpus and a generated one, each dump that ``claimgraph build`` writes and
that ``claimgraph serve`` publishes (N-Quads, TriG, JSON-LD; Turtle against the union
of the graphs) is read as written (pyoxigraph's parser keeps lexical forms), by rdflib,
and loaded into a fresh Oxigraph store; each must equal the store that ``claimgraph
serve`` queries, term for term. rdflib reads with its literal normalisation off: by
default it rewrites what it reads into its own preferred forms (a UTC time with
"+00:00", whether it comes from a dump or from the endpoint's results), which would
hide what the file says.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from bench.generate import generate
from click.testing import CliRunner
from fastapi.testclient import TestClient
from rdflib import Dataset as RdflibDataset

from claimgraph.cli import main
from claimgraph.rdf.iris import Minter
from claimgraph.store.dumps import to_ox
from claimgraph.store.embedded import db_path, dumps_path
from claimgraph.web.app import create_app
from claimgraph.web.serve import Extra, prepare_store
from claimgraph.web.settings import ServerSettings
from tests.conftest import EPOCH, SEEDS

Term = ox.Quad | ox.Triple


@dataclass(frozen=True)
class Format:
    filename: str
    format: ox.RdfFormat
    rdflib_format: str

    @property
    def union(self) -> bool:
        """Whether the dump holds the union of the graphs (triples), not the graphs."""
        return self.format == ox.RdfFormat.TURTLE


FORMATS = [
    Format("claimgraph.nq", ox.RdfFormat.N_QUADS, "nquads"),
    Format("claimgraph.trig", ox.RdfFormat.TRIG, "trig"),
    Format("claimgraph.ttl", ox.RdfFormat.TURTLE, "turtle"),
    Format("claimgraph.jsonld", ox.RdfFormat.JSON_LD, "json-ld"),
]


@dataclass(frozen=True)
class Built:
    """A corpus built by ``claimgraph build`` and by ``claimgraph serve``."""

    out: Path  # the build's output folder
    store: Path  # serve's store folder (the database, its published dumps)

    def served(self) -> set[ox.Quad]:
        """Every quad of the store ``claimgraph serve`` answers queries from."""
        store = ox.Store.read_only(str(db_path(self.store)))
        try:
            return set(store)
        finally:
            del store


@pytest.fixture(scope="module", params=["seeds", "generated"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp(request.param)
    corpus = SEEDS if request.param == "seeds" else generate(root / "corpus", articles=12)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        env.delenv("CLAIMGRAPH_BASE_IRI", raising=False)
        result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(root / "out")])
        assert result.exit_code == 0, result.output
        assert prepare_store(corpus, root / "store", Minter(), rebuild=True).rebuilt
    return Built(root / "out", root / "store")


def as_written(path: Path, fmt: Format) -> set[ox.Quad]:
    """The quads of a dump as its text says (pyoxigraph's parser keeps lexical forms)."""
    return set(ox.parse(path=str(path), format=fmt.format))


def loaded(path: Path, fmt: Format) -> set[ox.Quad]:
    """The quads of a dump as an Oxigraph store holds them once loaded."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=fmt.format)
    return set(store)


@pytest.fixture
def rdflib_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib keeps each literal's lexical form as read (see the module's docstring)."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


def read_by_rdflib(path: Path, fmt: Format) -> set[ox.Quad]:
    """The quads of a dump as rdflib parses it."""
    dataset = RdflibDataset()
    dataset.parse(data=path.read_bytes(), format=fmt.rdflib_format)
    quads = set()
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graph = ox.DefaultGraph() if g == rdflib.graph.DATASET_DEFAULT_GRAPH_ID else to_ox(g)
        quads.add(ox.Quad(to_ox(s), to_ox(p), to_ox(o), graph))  # type: ignore[arg-type]
    return quads


def view(quads: set[ox.Quad], fmt: Format) -> set[Term]:
    """What a dump of ``fmt`` can hold of ``quads``: the quads, or for Turtle the triples."""
    if fmt.union:
        return {ox.Triple(q.subject, q.predicate, q.object) for q in quads}
    return set(quads)


def _kind(term: Term) -> str:
    """A difference's kind: the predicate and the object's datatype or language."""
    obj = term.object
    if isinstance(obj, ox.Literal):
        return f"{term.predicate} {'@' + obj.language if obj.language else obj.datatype}"
    return f"{term.predicate} {type(obj).__name__}"


def assert_same_terms(actual: set[Term], expected: set[Term], what: str) -> None:
    """Equal sets of quads, or a failure that shows each kind of difference once."""
    if actual == expected:
        return
    dump, store = actual - expected, expected - actual
    lines = [f"{what}: {len(dump)} quads only in the dump, {len(store)} only in the store"]
    for side, extra in (("dump", dump), ("store", store)):
        kinds: dict[str, list[str]] = {}
        for term in extra:
            kinds.setdefault(_kind(term), []).append(str(term))
        for kind, terms in sorted(kinds.items()):
            lines.append(f"only in the {side}: {len(terms)} x {kind}, e.g.\n  {min(terms)}")
    pytest.fail("\n".join(lines))


# rdflib 7.6 warns of its own deprecated calls when it parses into a Dataset.
@pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.usefixtures("rdflib_as_written")
@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.filename)
@pytest.mark.parametrize("where", ["build", "serve"])
def test_a_dump_re_read_equals_the_store(built: Built, fmt: Format, where: str) -> None:
    """The dump ``build`` wrote, and the one ``serve`` publishes for download, read as
    written, by rdflib and loaded into Oxigraph: each the same quads as the store."""
    folder = built.out if where == "build" else dumps_path(built.store)
    path = folder / fmt.filename
    served = view(built.served(), fmt)
    in_store = view(loaded(path, fmt), fmt)
    assert_same_terms(view(as_written(path, fmt), fmt), in_store, f"{path.name} as written")
    assert_same_terms(view(read_by_rdflib(path, fmt), fmt), in_store, f"{path.name} by rdflib")
    assert_same_terms(in_store, served, f"{path.name} loaded, against the served store")


# Literals in a form Oxigraph does not keep: written by a client, or in a published file.
NOT_CANONICAL = """
    <http://example.org/s>
        <http://example.org/count> "05"^^xsd:integer ;
        <http://example.org/offset> "7"^^xsd:nonNegativeInteger ;
        <http://example.org/share> "1.50"^^xsd:decimal ;
        <http://example.org/flag> "1"^^xsd:boolean ;
        <http://example.org/at> "2026-01-01T00:00:00+00:00"^^xsd:dateTime ;
        <http://example.org/utc> "2026-01-01T00:00:00Z"^^xsd:dateTime ;
        <http://example.org/label> "colour"@en-GB .
"""
XSD_PREFIX = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"


def _published_dumps_equal_the_store(store: Path) -> None:
    served = Built(store, store).served()
    for fmt in FORMATS:
        path = dumps_path(store) / fmt.filename
        assert_same_terms(view(as_written(path, fmt), fmt), view(served, fmt), path.name)


def test_published_files_are_dumped_as_the_store_holds_them(tmp_path: Path) -> None:
    """``serve --publish FILE`` with literals Oxigraph rewrites: the published dumps
    hold them as the store does."""
    extra = tmp_path / "notes.ttl"
    extra.write_text(XSD_PREFIX + NOT_CANONICAL, encoding="utf-8")
    store = tmp_path / "store"
    prepare_store(SEEDS, store, Minter(), extras=(Extra(extra, None),), rebuild=True)
    _published_dumps_equal_the_store(store)


@pytest.fixture
def updated(served_store: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the seed's store after a SPARQL update that wrote literals Oxigraph
    rewrites, with its dumps republished: the store folder."""
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    settings = ServerSettings(store=store, allow_update=True, update_token="t0ken", workers=2)
    graph = "http://127.0.0.1:8000/graph/article/000_68f2744142ff802d"
    update = f"{XSD_PREFIX}INSERT DATA {{ GRAPH <{graph}> {{ {NOT_CANONICAL} }} }}"
    with TestClient(create_app(settings)) as client:
        auth = {"authorization": "Bearer t0ken"}
        assert client.post("/sparql", data={"update": update}, headers=auth).status_code == 204
        for fmt in FORMATS:  # each download is the dump written again from the store
            response = client.get(f"/dumps/{fmt.filename}")
            assert response.status_code == 200
            assert b"http://example.org/s" in response.content
    yield store


def test_dumps_republished_after_an_update_equal_the_store(updated: Path) -> None:
    _published_dumps_equal_the_store(updated)
