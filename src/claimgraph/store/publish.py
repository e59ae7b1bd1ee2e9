"""``claimgraph publish``: a build's dataset into a server-grade SPARQL store.

What is published is the build's N-Quads dump (``claimgraph.nq``), graph by
graph: the store then holds the dumps' quads term for term. The store keeps,
beside the dataset, three graphs of its own under the dataset's base IRI:

* ``graph/publication`` — the manifest: the dataset's version, when and by whom
  it was published, and each graph's SHA-256 digest (of its N-Quads lines), so
  that any machine can publish the next version. It is written last: until
  then readers (and the next publisher) see the previous version's.
* ``graph/publication/pending`` — the graphs a publish that has begun may have
  changed, written before it changes any and removed once the manifest is
  written: a publish that stopped part-way leaves it, and the next one sends
  those graphs again, whatever their digests.
* ``graph/publication/lock`` — the publishers' claims (an owner, a token, since
  and until when, by the store's clock). A claim is written by a conditional
  SPARQL Update (only while no live claim is there) and read back after a
  moment (the manifest is read meanwhile, nothing written): a store whose
  updates are isolated by snapshots (Oxigraph's are, without write conflicts)
  could let two simultaneous conditional updates both pass, and then both
  publishers see both claims and stand back. A claim is renewed every minute
  while its publish runs, by a thread of its own (a bulk load can take longer
  than a claim lives, in one request); one that expired, or whose publisher on
  this machine is no longer running, is taken over; ``--break-lock`` removes any.

The first publish of a dataset (no manifest) uses the store's bulk path when it
has one (Oxigraph: the N-Quads file POSTed in two parts at once; Virtuoso: its
bulk loader, or SPARQL Updates of about 100,000 triples); later ones
send only the graphs whose digest changed and delete the graphs of removed
articles (every graph of the manifest, and every graph named as a build names
them, that the new version does not have), and change the manifest by one
update of what changed.

Which graphs changed is known from the digests the build's index of its dump
records (:mod:`claimgraph.store.nqindex`), when it describes the dump as it
is, the graphs to send hashed again as they are read; else from every graph's
lines read and hashed.
"""

from __future__ import annotations

import getpass
import hashlib
import itertools
import mmap
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from claimgraph import __version__
from claimgraph.errors import ClaimgraphError, Location, printable, shown
from claimgraph.store.nqindex import (
    INDEX_FILE,
    NQUADS_DUMP,
    Span,
    Untrusted,
    holds,
    read_index,
)
from claimgraph.store.remote import RemoteStore, StoreError

NS = "https://w3id.org/claimgraph/publication#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
REPORT_FILE = "validation-report.ttl"
MARKER = ".claimgraph-build"

LOCK_TTL = timedelta(minutes=10)  # a claim lives this long unless renewed
RENEW_AFTER = 60.0  # seconds between renewals while publishing
SETTLE = 0.2  # seconds between writing a claim and reading it back


class NotConforming(ClaimgraphError):
    """The build's data does not conform (exit 1): nothing is published."""


# -- the build's dump, graph by graph ------------------------------------------------


class BuildDump:
    """The N-Quads dump of a build folder: every graph's lines (the dump
    writes them graph by graph, in order of the graphs' IRIs), its digest, and
    the base IRI the dataset was minted under.

    The graphs and their digests are those the build's index of the dump
    records (:mod:`claimgraph.store.nqindex`) when it describes the dump as it
    is; :meth:`verified` then hashes the graphs about to be sent. Otherwise
    (``note`` says why) every graph's bytes are read and hashed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / NQUADS_DUMP
        if not (folder / MARKER).is_file() or not self.path.is_file():
            raise ClaimgraphError(
                "not a claimgraph build folder (no .claimgraph-build and claimgraph.nq in it)",
                Location(folder),
                hint="give a folder `claimgraph build` wrote, or a corpus folder",
            )
        _check_conforms(folder / REPORT_FILE)
        self.size = self.path.stat().st_size
        with self.path.open("rb") as file:
            self._data = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) if self.size else b""
        self.note: str | None = None  # why the index was not used
        self._checked: set[str] = set()  # graphs whose digest was computed here
        try:
            self.spans = read_index(folder, self._data)
            self.indexed = True
        except Untrusted as exc:
            self.note = f"{exc}: every graph of the dump hashed"
            self._hash_all()
        self.by_iri = {span.iri: span for span in self.spans}
        self.base = _base(self.by_iri, self.path)

    def _hash_all(self) -> None:
        self.spans = _spans(self._data, self.path)
        self.by_iri = {span.iri: span for span in self.spans}
        self.indexed = False
        self._checked = set(self.by_iri)

    def verified(self, graphs: list[str]) -> bool:
        """Whether ``graphs`` are runs of their lines of the digests the index
        gives (their bytes hashed, as sending them reads them anyway). When one
        is not,
        the index is dropped: every graph is hashed again (``note`` says
        why), and the digests may then differ from those given before."""
        wrong = None
        with memoryview(self._data) as view:
            for iri in graphs:
                span = self.by_iri[iri]
                if iri not in self._checked:
                    digest = hashlib.sha256(view[span.start : span.end]).hexdigest()
                    if digest != span.digest or not holds(self._data, span):
                        wrong = iri
                        break
                    self._checked.add(iri)
        if wrong is None:
            return True
        self.note = (
            f"{INDEX_FILE} does not give the graph <{printable(wrong)}> as its lines are "
            f"in {NQUADS_DUMP}: every graph of the dump hashed"
        )
        self._hash_all()
        return False

    def close(self) -> None:
        if isinstance(self._data, mmap.mmap):
            self._data.close()

    @property
    def digests(self) -> dict[str, str]:
        return {span.iri: span.digest for span in self.spans}

    def parts(self, count: int) -> list[tuple[int, int]]:
        """The file in at most ``count`` byte ranges of about the same size, each
        a run of whole graphs."""
        cuts = [0]
        for n in range(1, count):
            target = self.size * n // count
            start = next((s.start for s in self.spans if s.start >= target), self.size)
            if cuts[-1] < start < self.size:
                cuts.append(start)
        cuts.append(self.size)
        return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]

    def ntriples(self, iri: str) -> bytes:
        """The graph's triples as N-Triples (its lines without the graph)."""
        span = self.by_iri[iri]
        lines = self._data[span.start : span.end]
        return lines.replace(f" <{iri}> .\n".encode(), b" .\n")


def _check_conforms(report: Path) -> None:
    try:
        text = report.read_text(encoding="utf-8", errors="replace")
    except OSError:
        raise ClaimgraphError(
            "the build folder has no validation report", Location(report)
        ) from None
    found = re.search(r"sh:conforms\s+(true|false)", text)
    if found is None or found.group(1) != "true":
        raise NotConforming(
            "the build's data does not conform (it was built with --allow-violations): "
            "nothing published",
            Location(report),
        )


_GRAPH_AT_END = re.compile(rb" <([^<>\s]*)> \.\n\Z")


def _graph_of(line: bytes, path: Path) -> str:
    found = _GRAPH_AT_END.search(line)
    if found is None:
        raise ClaimgraphError(
            "not a claimgraph N-Quads dump: a line without a named graph "
            f"({printable(line[:120].decode('utf-8', 'replace'))!r})",
            Location(path),
        )
    return found.group(1).decode("utf-8")


def _spans(data: Any, path: Path) -> list[Span]:
    """Each graph's range of lines. The lines of a graph are together and
    each ends with the graph's term, which no line of another graph ends
    with: the last such ending in a window after the graph's first line is
    found from the end (in C), the window doubled while the line after it is
    still the graph's. Each graph's bytes are then read once, for its digest."""
    size = len(data)
    spans: list[Span] = []
    pos = 0
    view = memoryview(data)  # hashed where it is, not copied
    window = 1 << 17

    def ends_with(start: int, suffix: bytes) -> bool:  # the line at start is the graph's
        end = data.find(b"\n", start)
        return bool(end >= 0 and data[end + 1 - len(suffix) : end + 1] == suffix)

    while pos < size:
        eol = data.find(b"\n", pos)
        if eol < 0:
            raise ClaimgraphError("not a claimgraph N-Quads dump: cut short", Location(path))
        iri = _graph_of(data[pos : eol + 1], path)
        suffix = f" <{iri}> .\n".encode()
        end = eol + 1  # the graph's lines so far
        while end < size and ends_with(end, suffix):
            found = data.rfind(suffix, end, min(size, end + window))
            # (none: the line is longer than the window, and taken alone)
            end = found + len(suffix) if found >= 0 else data.find(b"\n", end) + 1
            window *= 2  # when it takes more than one, the window was short
        window = max(1 << 17, 2 * (end - pos))
        if spans and spans[-1].iri >= iri:
            raise ClaimgraphError(
                f"not a claimgraph N-Quads dump: the graph <{printable(iri)}> is not in "
                "order (was the file edited?)",
                Location(path),
            )
        spans.append(Span(iri, pos, end, hashlib.sha256(view[pos:end]).hexdigest()))
        pos = end
    return spans


def _base(graphs: dict[str, Span], path: Path) -> str:
    """The base IRI: what comes before ``graph/build``, which every build has."""
    builds = [iri for iri in graphs if iri.endswith("/graph/build")]
    if len(builds) != 1:
        raise ClaimgraphError(
            "not a claimgraph N-Quads dump: no graph/build graph in it", Location(path)
        )
    base = builds[0].removesuffix("graph/build")
    outside = [iri for iri in graphs if not iri.startswith(base + "graph/")]
    if outside:
        raise ClaimgraphError(
            f"not a claimgraph N-Quads dump: the graph <{printable(outside[0])}> is not "
            f"under {printable(base)}graph/",
            Location(path),
        )
    return base


# -- the store's own graphs ----------------------------------------------------------


@dataclass(frozen=True)
class Names:
    """The IRIs of the publication's own graphs under a base IRI."""

    base: str

    @property
    def manifest(self) -> str:
        return self.base + "graph/publication"

    @property
    def pending(self) -> str:
        return self.base + "graph/publication/pending"

    @property
    def lock(self) -> str:
        return self.base + "graph/publication/lock"

    @property
    def own(self) -> set[str]:
        return {self.manifest, self.pending, self.lock}

    @property
    def graphs_prefix(self) -> str:
        return self.base + "graph/"


@dataclass(frozen=True)
class Manifest:
    """What the store says was last published."""

    version: str
    published: str
    publisher: str
    digests: dict[str, str]


def version_of(digests: dict[str, str]) -> str:
    text = "".join(f"{iri} {digest}\n" for iri, digest in sorted(digests.items()))
    return hashlib.sha256(text.encode()).hexdigest()


def _literal(value: str | int | datetime) -> str:
    if isinstance(value, datetime):
        return f'"{value.astimezone(UTC).isoformat().replace("+00:00", "Z")}"^^<{XSD}dateTime>'
    if isinstance(value, int):
        return f'"{value}"^^<{XSD}integer>'
    return str(ox.Literal(value))


def _triples(store: RemoteStore, graph: str, what: str) -> list[ox.Triple] | None:
    body = store.get_graph(graph)
    if body is None:
        return None
    try:
        return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    except (SyntaxError, ValueError):
        raise StoreError(
            f"the store answered the read of {what} <{graph}> with something that is not "
            f"N-Triples: {body[:200].decode('utf-8', 'replace')!r}",
            hint="is --to a SPARQL store of the kind --store names?",
        ) from None


def read_manifest(store: RemoteStore, names: Names) -> Manifest | None:
    triples = _triples(store, names.manifest, "the manifest")
    if not triples:
        return None
    about: dict[str, str] = {}
    digests: dict[str, str] = {}
    for triple in triples:
        subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
        if not isinstance(subject, ox.NamedNode) or not isinstance(obj, ox.Literal):
            continue
        if predicate == NS + "digest":
            digests[subject.value] = obj.value
        elif subject.value == names.manifest and predicate.startswith(NS):
            about[predicate.removeprefix(NS)] = obj.value
    if "version" not in about:
        raise StoreError(
            f"the manifest graph <{names.manifest}> in the store has no version: it is not "
            "one claimgraph wrote",
            hint="drop that graph if it is not claimgraph's, then publish again",
        )
    return Manifest(
        about["version"], about.get("published", "?"), about.get("publisher", "?"), digests
    )


def manifest_head(names: Names, digests: dict[str, str], publisher: str, now: datetime) -> bytes:
    """The manifest's own triples: the version, when, by whom, how many graphs."""
    m = f"<{names.manifest}>"
    lines = [
        f"{m} <{RDF_TYPE}> <{NS}Manifest> .",
        f"{m} <{NS}version> {_literal(version_of(digests))} .",
        f"{m} <{NS}published> {_literal(now)} .",
        f"{m} <{NS}publisher> {_literal(publisher)} .",
        f"{m} <{NS}software> {_literal('claimgraph ' + __version__)} .",
        f"{m} <{NS}graphs> {_literal(len(digests))} .",
    ]
    return ("\n".join(lines) + "\n").encode()


def digest_ntriples(digests: dict[str, str]) -> bytes:
    return "".join(
        f"<{iri}> <{NS}digest> {_literal(d)} .\n" for iri, d in sorted(digests.items())
    ).encode()


def manifest_update(names: Names, head: bytes, old: dict[str, str], new: dict[str, str]) -> str:
    """A SPARQL Update that turns the manifest of ``old`` into that of ``new``:
    its own triples replaced, and the digests of the graphs that changed, came
    or went; the others left as they are (at 10,000 articles the whole
    manifest is 1.3 MB, one edit's change a few lines)."""
    m = f"<{names.manifest}>"
    gone = sorted(g for g in old if new.get(g) != old[g])
    came = {g: d for g, d in new.items() if old.get(g) != d}
    parts = [f"DELETE {{ GRAPH {m} {{ {m} ?p ?o }} }} WHERE {{ GRAPH {m} {{ {m} ?p ?o }} }}"]
    if gone:
        values = " ".join(f"<{g}>" for g in gone)
        parts.append(
            f"DELETE {{ GRAPH {m} {{ ?g <{NS}digest> ?d }} }} WHERE {{ VALUES ?g {{ {values} }} "
            f"GRAPH {m} {{ ?g <{NS}digest> ?d }} }}"
        )
    triples = (head + digest_ntriples(came)).decode()
    parts.append(f"INSERT DATA {{ GRAPH {m} {{\n{triples}}} }}")
    return " ;\n".join(parts)


def read_pending(store: RemoteStore, names: Names) -> set[str]:
    triples = _triples(store, names.pending, "the pending list")
    return {
        t.object.value
        for t in triples or []
        if t.predicate.value == NS + "graph" and isinstance(t.object, ox.NamedNode)
    }


def pending_ntriples(names: Names, graphs: set[str]) -> bytes:
    p = f"<{names.pending}>"
    return "".join(f"{p} <{NS}graph> <{g}> .\n" for g in sorted(graphs)).encode()


def list_graphs(store: RemoteStore, names: Names) -> set[str]:
    """The store's graphs named as a build names them under the base IRI
    (``graph/article/…``, ``graph/registry``, ``graph/build``): those a stopped
    publish may have left, beside those the manifest names."""
    articles = ox.Literal(names.graphs_prefix + "article/")
    fixed = ", ".join(f"<{names.graphs_prefix}{name}>" for name in ("registry", "build"))
    rows = store.query(
        f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ {store.any_triple} }} "
        f"FILTER(STRSTARTS(STR(?g), {articles}) || ?g IN ({fixed})) }}"
    )
    found = set()
    for row in rows:
        value = row.get("g")
        if not isinstance(value, dict) or value.get("type") != "uri":
            raise StoreError("the store answered the list of its graphs with something else")
        found.add(str(value.get("value")))
    return found


# -- the lock ------------------------------------------------------------------------


def whoami() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "?"
    return f"{user}@{socket.gethostname()}"


def here() -> str:
    """Where a process id means this machine's process: the host's name, its
    boot and the process-id namespace (containers of one host share the first
    two, not the third)."""
    found = [socket.gethostname()]
    with suppress(OSError):
        found.append(Path("/proc/sys/kernel/random/boot_id").read_text().strip())
    with suppress(OSError):
        found.append(os.readlink("/proc/self/ns/pid"))
    return " ".join(found)


@dataclass
class Claim:
    iri: str
    owner: str
    since: str
    expires: datetime
    host: str
    pid: int


class Lock:
    """This publisher's claim on the store (see the module's docstring)."""

    def __init__(
        self, store: RemoteStore, names: Names, say: Callable[[str], None], break_lock: bool
    ) -> None:
        self.store, self.names, self.say, self.break_lock = store, names, say, break_lock
        self.token = secrets.token_hex(16)
        self.claim = f"{names.lock}#{self.token}"
        self.owner = f"{whoami()} pid {os.getpid()}"
        self.store_now = datetime.now(UTC)  # the store's clock, read when claiming
        self.claimed_at = time.monotonic()

    def _claims(self) -> tuple[datetime, list[Claim]]:
        rows = self.store.query(
            "SELECT ?now ?c ?owner ?since ?expires ?host ?pid WHERE { BIND(NOW() AS ?now) "
            f"OPTIONAL {{ GRAPH <{self.names.lock}> {{ ?c <{NS}owner> ?owner ; "
            f"<{NS}since> ?since ; <{NS}expires> ?expires ; <{NS}host> ?host ; "
            f"<{NS}pid> ?pid }} }} }}"
        )
        now: datetime | None = None
        claims = []
        try:
            for row in rows:
                now = _datetime(row["now"]["value"])
                if "c" in row:
                    claims.append(
                        Claim(
                            str(row["c"]["value"]),
                            str(row["owner"]["value"]),
                            str(row["since"]["value"]),
                            _datetime(row["expires"]["value"]),
                            str(row["host"]["value"]),
                            int(row["pid"]["value"]),
                        )
                    )
        except (KeyError, TypeError, ValueError):
            now = None
        if now is None:
            raise StoreError(
                "the store answered the lock's query with something else than its solutions",
                hint="is --to a SPARQL 1.1 store (NOW(), OPTIONAL, GRAPH)?",
            )
        return now, claims

    def _gone(self, claim: Claim, now: datetime) -> bool:
        """Whether ``claim`` holds no more: expired, or its publisher ran on this
        machine and is no longer running."""
        if claim.expires <= now:
            return True
        if claim.host == here() and claim.pid != os.getpid():
            try:
                os.kill(claim.pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:
                return False
        return False

    def acquire(self) -> None:
        """Claim the store, and make sure of it (see :meth:`claim_store`)."""
        self.claim_store()
        self.confirm()

    def claim_store(self) -> None:
        """Write this publisher's claim, when no other claim is live; what it
        may publish is only known by :meth:`confirm`, which reads it back a
        moment after (the store may be read meanwhile, not written)."""
        now, claims = self._claims()
        live = [c for c in claims if not self._gone(c, now)]
        if live and not self.break_lock:
            raise self._refusal(live[0])
        for claim in claims:
            if self.break_lock and claim in live:
                self.say(f"broke the lock of {printable(claim.owner)} (since {claim.since})")
            elif claim not in live:
                self.say(
                    f"took over the lock of {printable(claim.owner)} (since {claim.since}): "
                    "it expired, or that publisher is no longer running"
                )
        stale = [c.iri for c in claims if c not in live or self.break_lock]
        expires = now + LOCK_TTL
        lock = f"<{self.names.lock}>"
        removal = "".join(
            f"DELETE WHERE {{ GRAPH {lock} {{ <{iri}> ?p ?o }} }} ;\n" for iri in stale
        )
        self.store.update(
            removal + f"INSERT {{ GRAPH {lock} {{ <{self.claim}> <{RDF_TYPE}> <{NS}Lock> ; "
            f"<{NS}owner> {_literal(self.owner)} ; <{NS}since> {_literal(now)} ; "
            f"<{NS}expires> {_literal(expires)} ; <{NS}host> {_literal(here())} ; "
            f"<{NS}pid> {_literal(os.getpid())} }} }} WHERE {{ {{ SELECT (COUNT(?other) AS ?live) "
            f"WHERE {{ GRAPH {lock} {{ ?other <{NS}expires> ?until FILTER(?until > NOW()) }} }} }} "
            "FILTER(?live = 0) }",
            # (a count: Virtuoso 7.2 lets a lone FILTER NOT EXISTS pass, and finds no
            # solution for an OPTIONAL on a graph whose IRI it has never seen)
            what="the lock",
        )
        self.store_now, self.claimed_at = now, time.monotonic()

    def confirm(self) -> None:
        """Raise unless the claim is this publisher's alone, read back at least
        ``SETTLE`` seconds after it was written."""
        waited = time.monotonic() - self.claimed_at
        if waited < SETTLE:
            time.sleep(SETTLE - waited)  # an update begun before the claim committed is now
        now, claims = self._claims()
        mine = [c for c in claims if c.iri == self.claim]
        others = [c for c in claims if c.iri != self.claim and not self._gone(c, now)]
        if not mine or others:
            if mine:
                self.release()
            raise self._refusal(others[0] if others else None)

    def _refusal(self, holder: Claim | None) -> StoreError:
        if holder is None:
            return StoreError(
                "another publisher claimed the store at the same moment: nothing published",
                hint="run publish again",
            )
        return StoreError(
            f"the store is locked by another publisher: {printable(holder.owner)}, since "
            f"{holder.since} (until {holder.expires.isoformat()} unless renewed): "
            "nothing published",
            hint="wait for it to finish; if that publisher is gone, run again with --break-lock",
        )

    def renew(self) -> None:
        """Extend the claim by ``LOCK_TTL`` from now (by the store's clock)."""
        now = self.store_now + timedelta(seconds=time.monotonic() - self.claimed_at)
        lock, claim = f"<{self.names.lock}>", f"<{self.claim}>"
        self.store.update(
            f"DELETE {{ GRAPH {lock} {{ {claim} <{NS}expires> ?e }} }} "
            f"INSERT {{ GRAPH {lock} {{ {claim} <{NS}expires> {_literal(now + LOCK_TTL)} }} }} "
            f"WHERE {{ GRAPH {lock} {{ {claim} <{NS}expires> ?e }} }}",
            what="the lock's renewal",
        )

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Renew the claim while the block runs, from a thread of its own: the
        block may wait on one request (a bulk load) for longer than a claim
        lives. A renewal that fails is tried again a minute later; a claim
        that lapsed meanwhile is found by :meth:`check` before the manifest."""
        done = threading.Event()

        def keep() -> None:
            while not done.wait(RENEW_AFTER):
                with suppress(StoreError):
                    self.renew()

        keeper = threading.Thread(target=keep, name="claimgraph-publish-lock", daemon=True)
        keeper.start()
        try:
            yield
        finally:
            done.set()
            keeper.join()

    def check(self) -> None:
        """Raise unless the claim is still this publisher's (not broken)."""
        _now, claims = self._claims()
        if not any(c.iri == self.claim for c in claims):
            raise StoreError(
                "the lock was broken by another publisher while this one was publishing: "
                "the manifest was not written (the store holds the previous version's, "
                "with some graphs of this one)",
                hint="run publish again once the other publisher is done",
            )

    def release(self) -> None:
        self.store.update(
            f"DELETE WHERE {{ GRAPH <{self.names.lock}> {{ <{self.claim}> ?p ?o }} }}",
            what="the lock's release",
        )


def _datetime(value: Any) -> datetime:
    found = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    return found if found.tzinfo else found.replace(tzinfo=UTC)


# -- publishing ----------------------------------------------------------------------


@dataclass
class Published:
    """What a publish did."""

    version: str
    graphs: int
    written: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    bulk: bool = False
    up_to_date: bool = False
    previous: str | None = None  # the version the store had


def publish(
    dump: BuildDump,
    store: RemoteStore,
    *,
    break_lock: bool = False,
    say: Callable[[str], None] = lambda _line: None,
) -> Published:
    """Publish ``dump`` into ``store`` (see the module's docstring)."""
    names = Names(dump.base)
    if dump.note is not None:
        say(dump.note)
    lock = Lock(store, names, say, break_lock)
    lock.claim_store()
    try:
        # read while the claim settles (what is read is only used once it is
        # confirmed), the store's graphs listed beside the manifest's read
        with ThreadPoolExecutor(max_workers=1) as beside:
            listing = None if store.slow_listing else beside.submit(list_graphs, store, names)
            manifest = read_manifest(store, names)
            pending = read_pending(store, names)
            if listing is not None:
                present = listing.result()
            elif manifest is not None and not pending:
                present = set(manifest.digests)  # (graphs changed by hand go unnoticed)
            else:
                present = list_graphs(store, names)
        previous = manifest.version if manifest else None
        lock.confirm()
        while True:  # again with every graph hashed, when the index gave a wrong digest
            digests = dump.digests
            version = version_of(digests)
            unchanged = manifest is not None and manifest.version == version
            if unchanged and not pending and present == set(digests):
                lock.release()
                return Published(version, len(digests), up_to_date=True, previous=previous)
            write, delete = _changes(digests, manifest, pending, present)
            if dump.verified(write):
                break
            say(str(dump.note))
        bulk = manifest is None and store.bulk
        if manifest is not None:  # (without one, the next run does everything anyway)
            touched = pending | set(write + delete)
            store.replace_graph(names.pending, pending_ntriples(names, touched))
        with lock.kept():
            if delete:
                store.delete_graphs(delete)
            if bulk:
                store.load_dataset(dump.path, dump.parts)
                for note in store.notes:
                    say(note)
            else:
                for graph in write:
                    store.replace_graph(graph, dump.ntriples(graph))
        lock.renew()
        lock.check()
        head = manifest_head(names, digests, lock.owner, datetime.now(UTC))
        if manifest is None:
            store.replace_graph(names.manifest, head + digest_ntriples(digests))
        else:  # one update: what changed (a SPARQL Update request is applied as a whole)
            store.update(manifest_update(names, head, manifest.digests, digests), "the manifest")
        store.delete_graphs([names.pending])
    except BaseException:
        with suppress(StoreError):  # gone: the claim expires, or the next run here takes it
            lock.release()
        raise
    lock.release()
    return Published(version, len(digests), write, delete, bulk=bulk, previous=previous)


def _changes(
    digests: dict[str, str], manifest: Manifest | None, pending: set[str], present: set[str]
) -> tuple[list[str], list[str]]:
    """The graphs to write and those to delete, to go from what the store has
    (``manifest``, ``pending``, ``present``) to ``digests``."""
    if manifest is None:
        # (deleted: left by a publish that stopped, or put there by hand)
        return sorted(digests), sorted(present)
    old = manifest.digests
    write = sorted(
        g for g in digests if old.get(g) != digests[g] or g in pending or g not in present
    )
    return write, sorted((present | set(old) | pending) - set(digests))


def describe(result: Published, url: str) -> str:
    """The line that says what a publish did."""
    where = shown(url)
    if result.up_to_date:
        return f"{where} is up to date: version {result.version[:12]} ({result.graphs} graphs)"
    how = "bulk load" if result.bulk else f"{len(result.written)} graph(s) replaced"
    return (
        f"published version {result.version[:12]} to {where} ({result.graphs} graphs; "
        f"{how}, {len(result.deleted)} deleted)"
    )
