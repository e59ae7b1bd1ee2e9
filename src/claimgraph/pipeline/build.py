"""``claimgraph build``: corpus → validated dataset → dumps, all or nothing.

The output is written to a temporary folder beside ``out`` and swapped in only
once complete, so a failed build never leaves partial output or overwrites the
previous good one.

The swap replaces ``out`` as a whole, so a build only replaces a folder that
holds nothing but what an earlier build wrote: the marker file
(``.claimgraph-build``) lists the files that build wrote, and any other file
in the folder, or a folder or link named like one of them, stops the build
(exit 2, naming it) rather than being deleted.
"""

from __future__ import annotations

import os
import stat
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from claimgraph.errors import ClaimgraphError, Location, quoted, shown
from claimgraph.pipeline import run as pipeline
from claimgraph.pipeline.cache import Cache, digest
from claimgraph.rdf.iris import Minter
from claimgraph.store.atomic import remove_stale, replacing
from claimgraph.store.dumps import DUMPS, Previous, write_graph_dumps
from claimgraph.store.nqindex import INDEX_FILE, write_index
from claimgraph.validation.validate import Report

MARKER = ".claimgraph-build"
REPORT_FILE = "validation-report.ttl"
MARKER_HEADER = (
    "# claimgraph build output, replaced as a whole by the next build.\n"
    "# The files this build wrote (any other file here stops the next build):\n"
)
# What every build writes: a marker from before the marker listed its files
# (or a damaged one) still allows these.
BUILD_FILES = frozenset(
    [*(d.filename for d in DUMPS), INDEX_FILE, "context.jsonld", REPORT_FILE, MARKER]
)


@dataclass(frozen=True)
class BuildResult:
    quads: int
    report: Report
    written: list[Path]
    up_to_date: bool = False  # nothing changed: the output was left as it was
    left_out: list[str] = field(default_factory=list)  # unreviewed drafts not published


def marker_files(out: Path) -> set[str]:
    """The names of the files the build in ``out`` wrote, as its marker lists
    them (with those every build writes)."""
    try:
        text = (out / MARKER).read_text(encoding="utf-8", errors="replace")
    except OSError:
        text = ""
    listed = {line for line in text.splitlines() if line and not line.startswith("#")}
    return listed | BUILD_FILES


def check_out_dir(out: Path) -> None:
    """Refuse to replace a folder that is not an earlier claimgraph build, or
    that holds files no build wrote (they would be deleted with it)."""
    try:
        if not out.exists():
            for parent in out.absolute().parents:
                if parent.exists():
                    if not parent.is_dir():
                        raise ClaimgraphError(
                            f"cannot create the output folder: {quoted(parent)} is a file, "
                            "not a folder",
                            Location(out),
                            hint="choose an --out in a folder you can write to",
                        )
                    break
            return
        if not out.is_dir():
            raise ClaimgraphError("output path exists and is not a folder", Location(out))
        entries = sorted(out.iterdir())
        # what a build writes is regular files: a folder or a link named like one is not its
        kinds = {p.name: stat.S_ISREG(p.lstat().st_mode) for p in entries}
        names = [p.name for p in entries]
        has_marker = kinds.get(MARKER, False)
    except OSError as exc:
        raise ClaimgraphError(
            f"cannot read the output folder: {exc.strerror}", Location(out)
        ) from None
    if names and not has_marker:
        raise ClaimgraphError(
            "refusing to replace this folder: it is not empty and not a claimgraph build",
            Location(out),
            hint="choose another --out, or empty the folder first",
        )
    built = marker_files(out)
    foreign = [name for name in names if name not in built]
    not_files = [name for name in names if name in built and not kinds[name]]
    if not_files:
        raise ClaimgraphError(
            f"refusing to replace this folder: {quoted(out / not_files[0])} is not a file "
            "a claimgraph build wrote (it is a folder or a link), and replacing the folder "
            "would delete it",
            Location(out),
            hint="move it out of the folder, or choose another --out",
        )
    if foreign:
        shown_names = ", ".join(quoted(name) for name in foreign[:10])
        more = f" and {len(foreign) - 10} more" if len(foreign) > 10 else ""
        raise ClaimgraphError(
            "refusing to replace this folder: it holds files that no claimgraph build "
            f"wrote, which replacing it would delete: {shown_names}{more}",
            Location(out),
            hint="move those files out of the folder, or choose another --out",
        )


def build(
    corpus_dir: Path,
    out: Path,
    minter: Minter,
    *,
    time: datetime | None = None,
    allow_violations: bool = False,
    engine: str = "claimgraph",
    cache: Cache | None = None,
    include_drafts: bool = False,
) -> BuildResult:
    """Build the corpus into ``out``. Nothing is written if the data does not
    conform (unless ``allow_violations``) or if anything fails, nor when ``out``
    already holds the build of the same inputs (the time aside, unless
    SOURCE_DATE_EPOCH fixes it): the same articles published, so the same
    unreviewed drafts (left out unless ``include_drafts``)."""
    check_out_dir(out)
    mapped = pipeline.map_corpus(
        corpus_dir, minter, time=time, engine=engine, cache=cache, include_drafts=include_drafts
    )
    left_out = sorted(mapped.left_out)
    stamp = digest(mapped.fingerprint, allow_violations, os.environ.get("SOURCE_DATE_EPOCH"))
    # written from the same inputs (it conformed, or was allowed not to), with
    # every file this version writes
    if _stamp(out) == stamp and (out / INDEX_FILE).is_file():
        outcome = mapped.load().validate()
        remove_stale(out)  # what a killed build left beside it
        files = [
            out / name for name in sorted(marker_files(out) - {MARKER}) if (out / name).is_file()
        ]
        return BuildResult(outcome.quads, outcome.report, files, True, left_out)
    dumps_key = digest("dumps", str(out.resolve()))
    recorded = cache.get("runs", "dumps", dumps_key) if cache is not None else None
    previous = Previous(out, recorded) if recorded is not None else None
    try:
        with (
            replacing(out) as staging,
            mapped.nquads_reader() as nquads_of,
            ThreadPoolExecutor(max_workers=1) as beside,
        ):
            # The dumps are written from the graphs' texts while the store is
            # loaded and validated (Oxigraph lets go of the interpreter while
            # it loads and queries, the kernel copies the unchanged graphs'
            # bytes), and thrown away if the data does not conform: a build
            # that conforms, the usual case, takes less time.
            stop = threading.Event()
            loading: Future[ox.Store] = Future()
            dumping = beside.submit(
                write_graph_dumps,
                staging,
                mapped.graphs,
                loading.result,  # for a graph whose text the cache lost: waits for the store
                digests=mapped.digests,
                previous=previous,
                stop=stop,
                nquads_of=nquads_of,
            )
            try:
                loaded = mapped.load()
                loading.set_result(loaded.outcome.store)
                outcome = loaded.validate()
                report = outcome.report
                wait([dumping])
            except BaseException as exc:
                stop.set()  # a failed or interrupted build does not wait for the dumps
                if not loading.done():
                    loading.set_exception(exc)
                raise
            dumps = dumping.result()
            written = [*dumps.paths, write_index(staging, dumps.nquads)]
            if not report.conforms and not allow_violations:
                raise _Refused(report)
            report.graph.serialize(staging / REPORT_FILE, format="turtle")
            names = [p.name for p in written] + [REPORT_FILE]
            listing = "".join(f"{name}\n" for name in sorted(names))
            sizes = " ".join(f"{name}={(staging / name).stat().st_size}" for name in sorted(names))
            stamped = f"{STAMP_PREFIX}{stamp}\n{SIZES_PREFIX}{sizes}\n"
            (staging / MARKER).write_text(MARKER_HEADER + listing + stamped, encoding="utf-8")
            check_out_dir(out)  # again: a file may have been added while building
    except _Refused as refused:
        return BuildResult(outcome.quads, refused.report, [], left_out=left_out)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else out
        raise ClaimgraphError(
            f"cannot write the output folder {shown(out)}: {exc.strerror or exc}",
            Location(where),
            hint="choose an --out in a folder you can write to",
        ) from None
    if cache is not None:  # where each graph is in the files now in ``out``
        cache.put("runs", "dumps", dumps_key, dumps.index)
        cache.commit()
    files = [out / p.name for p in written] + [out / REPORT_FILE]
    return BuildResult(outcome.quads, report, files, left_out=left_out)


class _Refused(Exception):
    """The data does not conform: the output folder is left as it is."""

    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report


# After the listing: what the build was made from (a digest of its inputs) and
# the size of each file it wrote, to leave an up-to-date output as it is.
STAMP_PREFIX = "# inputs: "
SIZES_PREFIX = "# sizes: "


def _stamp(out: Path) -> str | None:
    """The inputs the build in ``out`` was made from, if every file it wrote is
    there as it wrote it (by size: a file edited or cut short is rebuilt)."""
    try:
        lines = (out / MARKER).read_text(encoding="utf-8", errors="replace").splitlines()
        stamps = [
            line.removeprefix(STAMP_PREFIX) for line in lines if line.startswith(STAMP_PREFIX)
        ]
        sizes = [line.removeprefix(SIZES_PREFIX) for line in lines if line.startswith(SIZES_PREFIX)]
        if len(stamps) != 1 or len(sizes) != 1 or not sizes[0]:
            return None
        for item in sizes[0].split(" "):
            name, _, size = item.rpartition("=")
            if not (out / name).is_file() or (out / name).stat().st_size != int(size):
                return None
    except (OSError, ValueError):
        return None
    return stamps[0]
