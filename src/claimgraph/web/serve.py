"""``claimgraph serve``: build, validate and load the corpus into the store,
or reopen a store built earlier from the same sources, then serve it."""

from __future__ import annotations

import hashlib
import stat
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox
from rdflib import Graph, URIRef

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError, InputError, Location
from claimgraph.pipeline import run as pipeline
from claimgraph.pipeline.cache import Cache
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter, check_iri
from claimgraph.rdf.provenance import build_time
from claimgraph.rdf.rdfinput import RDF_FORMATS, from_ox, is_rdf_file, load_rdf
from claimgraph.store.dumps import as_stored, to_ox
from claimgraph.store.embedded import StoreInfo, copy_store, db_path, read_info
from claimgraph.store.publication import accepted_updates, write_publication
from claimgraph.validation.validate import Report


@dataclass(frozen=True)
class Prepared:
    info: StoreInfo | None  # None when nothing could be loaded
    rebuilt: bool
    report: Report | None  # None when the store was reused
    left_out: list[str] = field(default_factory=list)  # unreviewed drafts not published


def source_digest(shas: list[str], base_iri: str) -> str:
    """What a store is built from: the source files, the base IRI, the version."""
    text = "\n".join([__version__, base_iri, *sorted(shas)])
    return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Extra:
    """An RDF file published beside the corpus, into ``graph`` (or its own graphs)."""

    path: Path
    graph: str | None

    @classmethod
    def parse(cls, spec: str) -> Extra:
        """``FILE`` or ``FILE=GRAPH_IRI``."""
        path, _, graph = spec.partition("=")
        if not path:
            raise ClaimgraphError(f"--publish {spec!r}: give a file, optionally =GRAPH_IRI")
        if graph:
            check_iri(graph, f"the graph of --publish {spec!r}")
        return cls(Path(path), graph or None)

    def sha256(self) -> str:
        """The file's SHA-256, read only if it is a regular RDF file."""
        self._check_kind()
        try:
            if not stat.S_ISREG(self.path.stat().st_mode):
                raise InputError("--publish takes a regular file", Location(self.path))
            with self.path.open("rb") as file:
                return hashlib.file_digest(file, "sha256").hexdigest()
        except FileNotFoundError:
            raise InputError("file not found", Location(self.path)) from None
        except OSError as exc:
            message = f"cannot read the --publish file: {exc.strerror}"
            raise InputError(message, Location(self.path)) from None

    def _check_kind(self) -> None:
        if not is_rdf_file(self.path):
            raise InputError(
                "--publish takes RDF files (.ttl, .nt, .nq, .trig, .jsonld, .rdf)",
                Location(self.path),
            )

    def load(self, minter: Minter, into: Dataset) -> str:
        """Add the file's triples to ``into``, as the store will hold them (see
        :func:`as_stored`); return the file's SHA-256."""
        self._check_kind()
        quads_format = self.path.suffix.lower() in (".nq", ".trig")
        if quads_format and self.graph:
            raise InputError(
                "an N-Quads or TriG file keeps its own graphs: drop '=GRAPH'", Location(self.path)
            )
        target = ox.NamedNode(
            self.graph or f"{minter.base}graph/file/{quote(self.path.name, safe='')}"
        )
        if quads_format:
            try:
                parsed = list(
                    ox.parse(path=str(self.path), format=RDF_FORMATS[self.path.suffix.lower()])
                )
            except (SyntaxError, OSError, ValueError) as exc:
                message = f"cannot read the --publish file: {exc}"
                raise InputError(message, Location(self.path)) from None
            quads = [
                q
                if isinstance(q.graph_name, ox.NamedNode)
                else ox.Quad(q.subject, q.predicate, q.object, target)
                for q in parsed
            ]
        else:
            graph = Graph()
            load_rdf(self.path, graph)
            quads = [
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), target)  # type: ignore[arg-type]
                for s, p, o in graph
            ]
        for quad in as_stored(quads):
            assert isinstance(quad.graph_name, ox.NamedNode)  # each quad has one, above
            into.graphs.setdefault(URIRef(quad.graph_name.value), Graph()).add(
                (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
            )
        return hashlib.sha256(self.path.read_bytes()).hexdigest()


def prepare_store(
    corpus_dir: Path | None,
    store: Path,
    minter: Minter,
    *,
    extras: tuple[Extra, ...] = (),
    rebuild: bool = False,
    allow_violations: bool = False,
    discard_updates: bool = False,
    cache: Cache | None = None,
    include_drafts: bool = False,
) -> Prepared:
    """Make sure ``store`` holds the validated corpus. A store built from the
    same sources is reused unless ``rebuild``. Raises when there is neither a
    corpus nor a store; returns the report (not conforming) without loading
    when the data has violations and ``allow_violations`` is off. Unreviewed
    drafts are left out unless ``include_drafts``."""
    existing = read_info(store)
    if corpus_dir is None:
        if existing is None:
            raise ClaimgraphError(
                "no store to serve", Location(store), hint="give a corpus folder to build one"
            )
        return Prepared(existing, False, None)
    # decided as build decides it (one rule): the corpus maps to the dataset the
    # store was built from. What changed is mapped again (every file each
    # article reads, wherever it is: its annotation, its text, the articles it
    # names, the registry); with the cache, nothing else is read
    time = build_time()
    mapped = pipeline.map_corpus(
        corpus_dir, minter, time=time, cache=cache, include_drafts=include_drafts
    )
    left_out = sorted(mapped.left_out)
    extra_shas = [f"{e.sha256()}={e.graph or ''}" for e in extras]
    digest = source_digest([mapped.fingerprint, *extra_shas], minter.base)
    if existing is not None and existing.source_digest == digest and not rebuild:
        return Prepared(existing, False, None, left_out)
    updates = accepted_updates(store) if existing is not None else 0
    if updates and not discard_updates:
        raise ClaimgraphError(
            f"the store holds {updates} update(s) accepted since it was built; rebuilding it "
            "from the corpus (which changed, or --rebuild) would lose them",
            Location(store),
            hint="keep them: download /dumps/claimgraph.nq (or GET /store?graph=...) and "
            "publish it with --publish, or add them to the corpus; or rebuild anyway with "
            "--discard-updates",
        )
    outcome = mapped.load().validate()
    report = outcome.report  # the claims, not the extras
    if not report.conforms and not allow_violations:
        return Prepared(existing, False, report, left_out)
    published = Dataset()
    for extra in extras:
        extra.load(minter, published)
    more = [
        ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(str(g)))  # type: ignore[arg-type]
        for s, p, o, g in published.quads()
    ]

    def write_extras(folder: Path) -> None:
        write_publication(folder, None, ox.Store.read_only(str(db_path(folder))), minter.base, time)

    info = copy_store(store, outcome.store, more, digest, time, write_extras, base=minter.base)
    return Prepared(info, True, report, left_out)
