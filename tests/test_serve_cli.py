"""claimgraph serve: builds the store once, reopens it, refuses invalid data;
--get runs the real app in-process as a smoke test."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from claimgraph.cli import main
from tests.conftest import SEED_ID

ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"


def test_serve_get_builds_then_reopens_the_store(corpus: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    runner = CliRunner()
    first = runner.invoke(main, ["serve", str(corpus), "--store", str(store), "--get", ASK])
    assert first.exit_code == 0, first.output
    assert first.stdout == '{"head":{},"boolean":true}'
    assert "built store" in first.stderr
    second = runner.invoke(main, ["serve", str(corpus), "--store", str(store), "--get", ASK])
    assert second.exit_code == 0
    assert "reopened store" in second.stderr
    without_corpus = runner.invoke(main, ["serve", "--store", str(store), "--get", ASK])
    assert without_corpus.exit_code == 0 and "reopened store" in without_corpus.stderr
    # a changed corpus is rebuilt
    (corpus / f"{SEED_ID}.yaml").write_text(
        (corpus / f"{SEED_ID}.yaml").read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    third = runner.invoke(main, ["serve", str(corpus), "--store", str(store), "--get", ASK])
    assert third.exit_code == 0 and "built store" in third.stderr


def test_serve_get_non_200_exits_1(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["serve", str(corpus), "--store", str(tmp_path / "s"), "--get", "/sparql?query=nonsense"],
    )
    assert result.exit_code == 1
    assert '"status":400' in result.stdout


def test_serve_refuses_data_that_does_not_conform(corpus: Path, tmp_path: Path) -> None:
    path = corpus / f"{SEED_ID}.yaml"
    content = path.read_text(encoding="utf-8")
    path.write_text(
        content.replace(
            "events:\n", "events:\n  - id: orphan\n    label: Nobody\n    status: alleged\n", 1
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["serve", str(corpus), "--store", str(tmp_path / "s"), "--get", ASK]
    )
    assert result.exit_code == 1
    assert "ClaimedEventShape" in result.stdout
    assert "not serving" in result.stderr
    assert not (tmp_path / "s").exists()


def test_serve_without_corpus_or_store_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--get", ASK])
    assert result.exit_code == 2
    assert "no store to serve" in result.stderr
