"""What the tests of ``claimgraph publish`` share, whatever the store: the
seeds built in three versions, the command run in this process or in a
process of its own, a build's lines and digests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner, Result

from claimgraph.cli import main
from claimgraph.store.publish import BuildDump
from tests.conftest import EPOCH, SEEDS

BASE = "http://127.0.0.1:8000/"
EDITED = "006_wikinews_canada_document"
REMOVED = "005_wikinews_scientology_defector"
PASSWORD = "s3cret-Pa55word-xyzzy"


def digests(build: Path) -> dict[str, str]:
    dump = BuildDump(build)
    try:
        return dump.digests
    finally:
        dump.close()


def dump_lines(build: Path) -> list[bytes]:
    return sorted((build / "claimgraph.nq").read_bytes().splitlines())


def same_dataset(store_lines: list[bytes], build: Path) -> bool:
    """Term for term: the same canonical N-Quads lines, and isomorphic as datasets."""
    if store_lines != dump_lines(build):
        return False
    ours = ox.Dataset(ox.parse(b"\n".join(store_lines) + b"\n", format=ox.RdfFormat.N_QUADS))
    theirs = ox.Dataset(ox.parse(path=build / "claimgraph.nq", format=ox.RdfFormat.N_QUADS))
    return ours == theirs


def cli(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(
        main, list(args), env={"SOURCE_DATE_EPOCH": str(EPOCH), **(env or {})}
    )


def build(corpus: Path, out: Path) -> Path:
    result = cli("build", str(corpus), "--out", str(out), "--no-cache")
    assert result.exit_code == 0, result.output
    return out


def make_builds(root: Path) -> dict[str, Path]:
    """The seeds built in ``root`` as published (v1), after one edit (v2), and
    after that edit, two more and an article removed (v3)."""
    corpus = root / "corpus"
    shutil.copytree(SEEDS, corpus)
    found = {"v1": build(corpus, root / "v1")}
    for suffix in ("yaml", "txt"):
        path = corpus / f"{EDITED}.{suffix}"
        path.write_text(path.read_text().replace("on rainy streets", "on wet streets"))
    found["v2"] = build(corpus, root / "v2")
    for name in ("001_wikinews_uk_asylum_questionnaire", "002_globalvoices_egypt_gizawy"):
        path = corpus / f"{name}.yaml"
        text = path.read_text()
        edited = text.replace("format: 2\n", "format: 2\n# edited\n", 1)
        # a comment changes the file's digest, so its graph's provenance
        assert edited != text
        path.write_text(edited)
    for suffix in ("yaml", "txt"):
        (corpus / f"{REMOVED}.{suffix}").unlink()
    found["v3"] = build(corpus, root / "v3")
    found["corpus"] = corpus
    return found


def publish(source: Path, url: str, *options: str, env: dict[str, str] | None = None) -> Result:
    return cli("publish", str(source), "--to", url, *options, env=env)


def publisher(
    source: Path, url: str, *options: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """``claimgraph publish`` in a process of its own (a publisher of its own,
    gone when it ends)."""
    return subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "publish", str(source), "--to", url, *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), **(env or {})},
    )


def finished(process: subprocess.Popen[str]) -> tuple[int, str]:
    output, _ = process.communicate(timeout=120)
    return process.returncode, output
