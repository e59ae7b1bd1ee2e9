"""The ``$schema`` modeline of new and drafted annotations names a schema that
is there on every machine that opens the file, never claimgraph's own install
folder (a virtual environment is not part of a user's repository)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from tests.conftest import ROOT

SCHEMA = ROOT / "schema" / "article.schema.json"
TEXT = "Minister denies report\n\nThe minister denied the report, a spokesperson said.\n"


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def _modeline(annotation: Path) -> str:
    first = annotation.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    return first.split("$schema=", 1)[1]


@pytest.mark.parametrize("command", ["new", "draft"])
def test_outside_a_project_the_corpus_keeps_a_copy(tmp_path: Path, command: str) -> None:
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    code, output = _run(command, str(tmp_path / "story.txt"))
    assert code == 0, output
    reference = _modeline(tmp_path / "story.yaml")
    assert reference == ".claimgraph/article.schema.json"
    assert (tmp_path / reference).read_bytes() == SCHEMA.read_bytes()


def test_an_outdated_copy_is_replaced_and_a_current_one_left(tmp_path: Path) -> None:
    copy = tmp_path / ".claimgraph" / "article.schema.json"
    copy.parent.mkdir()
    copy.write_text('{"title": "an older claimgraph"}', encoding="utf-8")
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    assert _run("new", str(tmp_path / "a.txt"))[0] == 0
    assert copy.read_bytes() == SCHEMA.read_bytes()
    written = copy.stat().st_mtime_ns
    assert _run("new", str(tmp_path / "b.txt"))[0] == 0
    assert copy.stat().st_mtime_ns == written


def test_a_projects_own_schema_is_named_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    shutil.copyfile(SCHEMA, tmp_path / "schema" / "article.schema.json")
    corpus = tmp_path / "desk" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "story.txt").write_text(TEXT, encoding="utf-8")
    assert _run("draft", str(corpus / "story.txt"))[0] == 0
    assert _modeline(corpus / "story.yaml") == "../../schema/article.schema.json"
    assert not (corpus / ".claimgraph").exists()


def test_a_project_schema_of_another_version_is_not_named(tmp_path: Path) -> None:
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "article.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "story.txt").write_text(TEXT, encoding="utf-8")
    assert _run("new", str(tmp_path / "story.txt"))[0] == 0
    assert _modeline(tmp_path / "story.yaml") == ".claimgraph/article.schema.json"


@pytest.mark.parametrize("kind", ["file", "symlink"])
def test_a_claimgraph_entry_that_is_not_a_folder_is_refused_before_writing(
    tmp_path: Path, kind: str
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    if kind == "file":
        (corpus / ".claimgraph").write_text("not a folder", encoding="utf-8")
    else:
        (corpus / ".claimgraph").symlink_to(outside, target_is_directory=True)
    (corpus / "story.txt").write_text(TEXT, encoding="utf-8")
    code, output = _run("draft", str(corpus / "story.txt"))
    assert code == 2, output
    assert ".claimgraph" in output and "not a folder" in output
    assert not (corpus / "story.yaml").exists()
    assert list(outside.iterdir()) == []


def test_the_seeds_name_the_repositorys_schema() -> None:
    for annotation in sorted((ROOT / "seeds").glob("*.yaml")):
        if annotation.name != "registry.yaml":
            assert _modeline(annotation) == "../schema/article.schema.json", annotation
