"""``claimgraph build``: corpus → validated dataset → dumps, all or nothing.

The output is written to a temporary folder beside ``out`` and swapped in only
once complete, so a failed build never leaves partial output or overwrites the
previous good one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from claimgraph.atomic import replacing
from claimgraph.corpus import load_corpus
from claimgraph.dumps import write_dumps
from claimgraph.errors import ClaimgraphError, Location
from claimgraph.iris import Minter
from claimgraph.mapping import Dataset, build_dataset
from claimgraph.validation import Report, validate_graph

MARKER = ".claimgraph-build"
REPORT_FILE = "validation-report.ttl"


@dataclass(frozen=True)
class BuildResult:
    dataset: Dataset
    report: Report
    written: list[Path]


def check_out_dir(out: Path) -> None:
    """Refuse to replace a folder that is not an earlier claimgraph build."""
    if not out.exists():
        return
    if not out.is_dir():
        raise ClaimgraphError("output path exists and is not a folder", Location(out))
    if any(out.iterdir()) and not (out / MARKER).exists():
        raise ClaimgraphError(
            "refusing to replace this folder: it is not empty and not a claimgraph build",
            Location(out),
            hint="choose another --out, or empty the folder first",
        )


def build(
    corpus_dir: Path,
    out: Path,
    minter: Minter,
    *,
    time: datetime | None = None,
    allow_violations: bool = False,
) -> BuildResult:
    """Build the corpus into ``out``. Nothing is written if the data does not
    conform (unless ``allow_violations``) or if anything fails."""
    check_out_dir(out)
    dataset = build_dataset(load_corpus(corpus_dir, keep_going=True), minter, time)
    report = validate_graph(dataset.union(), dataset.origins)
    if not report.conforms and not allow_violations:
        return BuildResult(dataset, report, [])
    with replacing(out) as staging:
        written = write_dumps(dataset, staging)
        report.graph.serialize(staging / REPORT_FILE, format="turtle")
        (staging / MARKER).write_text("claimgraph build output; replaced on each build\n")
    files = [out / p.name for p in written] + [out / REPORT_FILE]
    return BuildResult(dataset, report, files)
