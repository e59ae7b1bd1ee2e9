"""Hostile input (issue 8, items 8-12): a corpus or RDF file written to harm the
machine that builds it, or to mislead whoever reads the errors. Each test
reproduces the attack; every one ends with exit status 2, a message naming the
file, no traceback, and nothing written."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from claimgraph.annotation.yamlio import load_yaml
from claimgraph.cli import main
from claimgraph.errors import InputError, Location
from claimgraph.pipeline.build import MARKER
from claimgraph.rdf.dataset import Dataset
from claimgraph.rdf.iris import Minter
from claimgraph.store.atomic import remove_stale, replacing, settle
from claimgraph.web.serve import Extra
from tests.conftest import SEED_ID

ARTICLE = f"{SEED_ID}.yaml"
TEXT = f"{SEED_ID}.txt"
SECRET = "TOP-SECRET-7f3a9c: the password is hunter2"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_error(result: Result, *expected: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


def set_text(corpus: Path, value: str) -> None:
    """Give the seed article's 'article.text'."""
    path = corpus / ARTICLE
    content = path.read_text(encoding="utf-8")
    assert "\narticle:\n" in content
    path.write_text(
        content.replace("\narticle:\n", f"\narticle:\n  text: {value}\n", 1), encoding="utf-8"
    )


def outputs(folder: Path) -> str:
    """Everything under ``folder``, as text."""
    if not folder.exists():
        return ""
    return "".join(
        p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file()
    )


# -- item 8: every file of a corpus is inside the corpus folder ---------------


@pytest.fixture
def secret(corpus: Path, tmp_path: Path) -> Path:
    """A file outside the corpus that would build: it holds the article's text
    (so that its headline is found) and a secret."""
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text((corpus / TEXT).read_text(encoding="utf-8") + f"\n{SECRET}\n", "utf-8")
    return path


def _relative(corpus: Path, secret: Path) -> str:
    set_text(corpus, "../outside/secret.txt")
    return "../outside/secret.txt"


def _absolute(corpus: Path, secret: Path) -> str:
    set_text(corpus, "/proc/self/environ")
    return "/proc/self/environ"


def _absolute_secret(corpus: Path, secret: Path) -> str:
    set_text(corpus, str(secret))
    return str(secret)


def _text_symlink(corpus: Path, secret: Path) -> str:
    (corpus / TEXT).unlink()
    (corpus / TEXT).symlink_to(secret)
    return TEXT


def _annotation_symlink(corpus: Path, secret: Path) -> str:
    # an annotation found by listing the folder, linked to one outside it
    outside = secret.parent / "other"
    outside.mkdir()
    shutil.copy(corpus / ARTICLE, outside / "evil.yaml")
    shutil.copy(corpus / TEXT, outside / "evil.txt")
    (outside / "evil.yaml").write_text(
        (corpus / ARTICLE)
        .read_text(encoding="utf-8")
        .replace("\narticle:\n", "\narticle:\n  id: evil\n", 1),
        encoding="utf-8",
    )
    (corpus / "evil.yaml").symlink_to(outside / "evil.yaml")
    return "evil.yaml"


def _registry_symlink(corpus: Path, secret: Path) -> str:
    moved = secret.parent / "registry.yaml"
    shutil.move(corpus / "registry.yaml", moved)
    (corpus / "registry.yaml").symlink_to(moved)
    return "registry.yaml"


OUTSIDE = {
    "relative ../ text": _relative,
    "absolute /proc/self/environ": _absolute,
    "absolute path to a file that builds": _absolute_secret,
    "text is a symlink to outside": _text_symlink,
    "annotation is a symlink to outside": _annotation_symlink,
    "registry is a symlink to outside": _registry_symlink,
}


@pytest.mark.parametrize("attack", OUTSIDE.values(), ids=OUTSIDE.keys())
def test_files_outside_the_corpus_are_refused(
    attack: object, corpus: Path, secret: Path, tmp_path: Path
) -> None:
    assert callable(attack)
    name = attack(corpus, secret)
    out = tmp_path / "out"
    environ = Path("/proc/self/environ").read_bytes().split(b"\0")
    for args in (["build", str(corpus), "--out", str(out)], ["validate", str(corpus)]):
        result = run(*args)
        assert_error(result, f"{name}' is outside the corpus folder")
        assert SECRET not in result.output
        assert not out.exists(), "a build refused wrote its output"
        assert not list(tmp_path.glob(".out*")), "left temporary files"
        for variable in environ:
            if len(variable) > 20:  # not in any output
                assert variable.decode("utf-8", "replace") not in result.output


def test_a_text_in_a_subfolder_of_the_corpus_still_builds(corpus: Path, tmp_path: Path) -> None:
    (corpus / "texts").mkdir()
    shutil.move(corpus / TEXT, corpus / "texts" / TEXT)
    set_text(corpus, f"texts/../texts/{TEXT}")
    result = run("build", str(corpus), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


def test_a_corpus_reached_through_a_symlink_still_builds(corpus: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(corpus)
    result = run("build", str(link), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


# -- item 9: YAML aliases ------------------------------------------------------

BOMB = "\n".join(
    ["a: &a [x, x, x, x, x, x, x, x, x]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(8)
    ]
)


def _limited() -> None:  # in the child: 2 GB of address space at most
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_yaml_alias_bomb_fails_fast(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("format: 2\n" + BOMB + "\n", encoding="utf-8")
    (tmp_path / "bomb.txt").write_text("text\n", encoding="utf-8")
    started = time.monotonic()
    # a child process, with its memory capped: without the fix it would take
    # gigabytes, and the test must not
    child = subprocess.run(
        [sys.executable, "-m", "claimgraph", "validate", str(bomb)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
    )
    assert time.monotonic() - started < 60
    assert child.returncode == 2, child.stderr[-2000:]
    assert "Traceback" not in child.stderr
    assert f"{bomb}:3: YAML aliases (*name) are not allowed in annotation files" in child.stderr


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("format: 2\nx: &x {a: 1}\ny: *x\n", 3),
        ("format: 2\nx: &x {a: 1}\ny:\n  <<: *x\n  b: 2\n", 4),
        ("format: 2\nx: &x [1, *x]\n", 2),
    ],
    ids=["alias", "merge key", "recursive"],
)
def test_yaml_aliases_are_refused(content: str, line: int, tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_yaml(path)
    assert "YAML aliases (*name) are not allowed" in caught.value.message
    assert caught.value.location == Location(path, line)


def test_yaml_anchor_without_alias_and_asterisks_in_text_are_fine(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("format: 2\nx: &x {a: '*not an alias*'}\ny: 2 * 3\n", encoding="utf-8")
    data, lines = load_yaml(path)
    assert data == {"format": 2, "x": {"a": "*not an alias*"}, "y": "2 * 3"}
    assert lines.line(("y",)) == 3


# -- item 10: RDF/XML entity expansion ----------------------------------------


def billion_laughs(levels: int) -> str:
    entities = ['<!ENTITY lol0 "lollollollol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n'
        + "\n".join(entities)
        + '\n]>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns:ex="http://example.org/">\n'
        f'<rdf:Description rdf:about="http://example.org/s"><ex:p>&lol{levels};</ex:p>'
        "</rdf:Description>\n</rdf:RDF>\n"
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_rdf_xml_entity_bomb_is_refused(encoding: str, tmp_path: Path) -> None:
    # 5 levels: 12 MB once expanded, enough to show the expansion without the
    # fix, and small enough not to hurt
    bomb = tmp_path / "bomb.rdf"
    bomb.write_bytes(billion_laughs(5).encode(encoding))
    result = run("validate", str(bomb))
    assert_error(result, f"{bomb}:3: ", "DTD entity declarations (<!ENTITY) are not allowed")


def test_rdf_xml_without_entities_still_validates(tmp_path: Path) -> None:
    plain = tmp_path / "plain.rdf"
    plain.write_text(
        billion_laughs(0).replace('<!ENTITY lol0 "lollollollol">', "").replace("&lol0;", "x"),
        encoding="utf-8",
    )
    assert run("validate", str(plain)).exit_code == 0


def test_publish_reads_rdf_xml_through_the_same_check(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.rdf"
    bomb.write_text(billion_laughs(5), encoding="utf-8")
    with pytest.raises(InputError, match="<!ENTITY"):
        Extra(bomb, None).load(Minter(), Dataset())


# -- item 11: names, empty files, remote contexts, UTF-16 --------------------


def _with_id(corpus: Path, name: bytes, article_id: str) -> None:
    content = (corpus / ARTICLE).read_text(encoding="utf-8")
    content = content.replace("\narticle:\n", f"\narticle:\n  id: {article_id}\n", 1)
    stem = os.fsencode(corpus) + b"/" + name
    Path(os.fsdecode(stem + b".yaml")).write_text(content, encoding="utf-8")
    shutil.copy(corpus / TEXT, os.fsdecode(stem + b".txt"))


def test_file_name_not_utf8(corpus: Path, tmp_path: Path) -> None:
    _with_id(corpus, b"bad\xff", "bad-name")
    out = tmp_path / "out"
    for args in (["build", str(corpus), "--out", str(out)], ["validate", str(corpus)]):
        assert_error(run(*args), "'bad\\xff.yaml'", "is not valid UTF-8")
    assert not out.exists()


def test_output_folder_under_a_file(corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "some_file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run("build", str(corpus), "--out", str(blocker / "out"))
    assert_error(result, f"'{blocker}' is a file, not a folder")
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_output_folder_that_cannot_be_written(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(tmp_path))

    monkeypatch.setattr("tempfile.mkdtemp", refuse)
    result = run("build", str(corpus), "--out", str(tmp_path / "out"))
    assert_error(result, "cannot write the output folder", "Permission denied")


def test_newline_in_a_file_name_forges_no_line(corpus: Path) -> None:
    forged = "evil\nerror: forged.yaml:1: all is well"
    (corpus / f"{forged}.yaml").write_text("format: 2\n[unclosed\n", encoding="utf-8")
    result = run("validate", str(corpus))
    assert_error(result, "evil\\nerror: forged.yaml:1: all is well.yaml'")
    assert not any(line.startswith("error: forged") for line in result.stderr.splitlines())


def test_ordinary_names_keep_the_file_line_form() -> None:
    assert str(Location(Path("corpus/a b-é.yaml"), 3)) == "corpus/a b-é.yaml:3"
    assert str(Location(Path("a\tb.yaml"), 3)) == "'a\\tb.yaml':3"
    assert str(Location(Path(os.fsdecode(b"x\xfe.yaml")))) == "'x\\xfe.yaml'"


@pytest.mark.parametrize("name", [ARTICLE, "registry.yaml"])
@pytest.mark.parametrize("content", ["", "\n\n", "# only a comment\n", "---\n"])
def test_empty_yaml_file(name: str, content: str, corpus: Path) -> None:
    (corpus / name).write_text(content, encoding="utf-8")
    result = run("validate", str(corpus))
    assert_error(result, f"{name}:1: ", "is empty")
    assert "None" not in result.stderr


def test_empty_yaml_line_index(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("", encoding="utf-8")
    data, lines = load_yaml(path)
    assert data is None
    assert lines.at("article", "headline") == Location(path, 1)


def test_jsonld_remote_context(tmp_path: Path) -> None:
    path = tmp_path / "remote.jsonld"
    path.write_text(
        '{\n  "@context": "https://schema.org/",\n  "@id": "http://example.org/a",\n'
        '  "name": "A"\n}\n',
        encoding="utf-8",
    )
    result = run("validate", str(path))
    assert_error(
        result,
        f"{path}:2: ",
        "'https://schema.org/'",
        "never fetches",
        "inline the context",
        "local copy",
    )
    assert "check the syntax" not in result.stderr


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_hint(codec: str, corpus: Path) -> None:
    text = (corpus / TEXT).read_text(encoding="utf-8")
    (corpus / TEXT).write_bytes(text.encode(codec))
    result = run("validate", str(corpus))
    assert_error(result, f"{TEXT}:1: ", "looks like UTF-16", "iconv -f UTF-16")
    assert "WINDOWS-1252" not in result.stderr


# -- item 12: the output folder ------------------------------------------------


def test_build_keeps_foreign_files_in_the_output_folder(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0
    (out / "precious.txt").write_text("years of work", encoding="utf-8")
    (out / "notes").mkdir()
    before = sorted(p.name for p in out.iterdir())
    result = run("build", str(corpus), "--out", str(out))
    assert_error(result, "'precious.txt'", "'notes'", "no claimgraph build wrote")
    assert (out / "precious.txt").read_text(encoding="utf-8") == "years of work"
    assert sorted(p.name for p in out.iterdir()) == before
    (out / "precious.txt").unlink()
    (out / "notes").rmdir()
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0


def test_marker_lists_the_files_written(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0
    listed = [
        line
        for line in (out / MARKER).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert sorted(listed) == sorted(p.name for p in out.iterdir() if p.name != MARKER)


def test_an_older_marker_is_still_replaced(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0
    (out / MARKER).write_text("claimgraph build output; replaced on each build\n", "utf-8")
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from claimgraph.store.atomic import replacing
with replacing(Path(sys.argv[1])) as staging:
    (staging / "claimgraph.nq").write_text("half a build")
    os.kill(os.getpid(), signal.SIGKILL)
"""


def test_staging_folders_of_a_killed_build_are_removed(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0
    killed = subprocess.run([sys.executable, "-c", KILLED_BUILD, str(out)], check=False)
    assert killed.returncode == -signal.SIGKILL
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]
    assert left, "the killed build left nothing: the test shows nothing"
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0
    settle()  # the output it replaced is removed by a process of its own
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.")]


def test_staging_folder_in_use_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with replacing(target) as staging:
        (staging / "file").write_text("being written", encoding="utf-8")
        assert remove_stale(target) == []
        assert staging.is_dir()
    assert (target / "file").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_output_of_a_build_killed_between_its_renames_is_put_back(tmp_path: Path) -> None:
    retired = tmp_path / ".out.retired-999999-abcdefgh"
    retired.mkdir()
    (retired / "claimgraph.nq").write_text("the last good build", encoding="utf-8")
    assert remove_stale(tmp_path / "out") == []
    assert (tmp_path / "out" / "claimgraph.nq").read_text(encoding="utf-8") == (
        "the last good build"
    )


def test_a_replaced_folder_is_removed_apart_and_never_put_back(tmp_path: Path) -> None:
    """The folder a replacement swapped out is renamed as discarded and removed
    by a process of its own (the command need not wait for the file system
    to free it); a discarded folder left behind, even with no output beside
    it, is removed by the next replacement, not taken for the last output."""
    target = tmp_path / "out"
    for text in ("first", "second"):
        with replacing(target) as staging:
            (staging / "file").write_text(text, encoding="utf-8")
            (staging / "big").write_bytes(b"x" * (1 << 20))
    settle()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]
    assert (target / "file").read_text(encoding="utf-8") == "second"
    shutil.rmtree(target)
    left = tmp_path / ".out.discarded-999999-abcdefgh"
    left.mkdir()
    (left / "file").write_text("half removed", encoding="utf-8")
    assert remove_stale(target) == [left]
    assert not target.exists() and not left.exists()


def test_a_folder_being_removed_apart_is_left_to_its_remover(tmp_path: Path) -> None:
    """The removing process holds the discarded folder's lock until it is
    gone: a replacement meanwhile leaves it alone."""
    target = tmp_path / "out"
    discarded = tmp_path / ".out.discarded-999999-abcdefgh"
    discarded.mkdir()
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(discarded)], stdout=subprocess.PIPE, text=True
    ) as holder:
        try:
            assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
            assert remove_stale(target) == []
            assert discarded.is_dir()
        finally:
            holder.kill()
    assert remove_stale(target) == [discarded]


def test_the_process_removing_a_replaced_folder_holds_its_lock(tmp_path: Path) -> None:
    """The removing process inherits the swapped-out folder's lock: a
    replacement started meanwhile leaves the folder to it."""
    target = tmp_path / "out"
    for _ in range(2):
        with replacing(target) as staging:
            for n in range(5000):  # long enough to remove to be seen under way
                (staging / f"f{n}").write_bytes(b"")
    try:
        removed = remove_stale(target)
        assert removed == [], "a folder being removed was taken from its remover"
    finally:
        settle()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
time.sleep(60)
"""
