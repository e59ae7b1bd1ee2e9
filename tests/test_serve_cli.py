"""claimgraph serve: builds the store once, reopens it, refuses invalid data;
--get runs the real app in-process as a smoke test."""

from __future__ import annotations

import os
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


def test_the_store_is_reopened_while_the_corpus_files_are_unchanged(
    corpus: Path, tmp_path: Path
) -> None:
    """Whether to rebuild is decided as build decides it, from the bytes of
    the files the articles read (not their times): a touched file, a hidden
    one (a cache, an editor's swap file) or any other file no article reads
    keeps the store; a changed article text, a new article, a removed one
    rebuild it."""
    args = ["serve", str(corpus), "--store", str(tmp_path / "store"), "--get", ASK]

    def state() -> str:
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        return "built" if "built store" in result.stderr else "reopened"

    assert state() == "built"
    text = corpus / f"{SEED_ID}.txt"
    os.utime(text, (1, 1))
    (corpus / ".cache").mkdir()
    (corpus / ".cache" / "anything").write_text("x", encoding="utf-8")
    assert state() == "reopened"
    text.write_bytes(text.read_bytes() + b"\n")
    assert state() == "built"
    (corpus / "NOTES.md").write_text("notes", encoding="utf-8")
    assert state() == "reopened"
    article = (corpus / f"{SEED_ID}.yaml").read_text(encoding="utf-8")
    copy = corpus / "copy.yaml"
    copy.write_text(
        article.replace("\narticle:\n", f"\narticle:\n  text: {SEED_ID}.txt\n", 1),
        encoding="utf-8",
    )
    assert state() == "built"
    copy.unlink()
    assert state() == "built"
    assert state() == "reopened"


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
    assert "ClaimedPropositionShape" in result.stdout
    assert "not serving" in result.stderr
    assert not (tmp_path / "s").exists()


def test_serve_without_corpus_or_store_is_an_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--store", str(tmp_path / "none"), "--get", ASK])
    assert result.exit_code == 2
    assert "no store to serve" in result.stderr


def test_updates_are_served_by_one_process(served_store: Path) -> None:
    argv = ["serve", "--store", str(served_store), "--allow-update", "--update-token", "t"]
    result = CliRunner().invoke(main, [*argv, "--processes", "2", "--get", ASK])
    assert result.exit_code == 2
    assert "--allow-update serves from one process" in result.stderr
    assert "--processes 2" in result.stderr
    assert CliRunner().invoke(main, [*argv, "--get", ASK]).exit_code == 0


GRAPHS_QUERY = (
    "/sparql?query=SELECT%20DISTINCT%20%3Fg%20WHERE%20%7BGRAPH%20%3Fg%20%7B%3Fs%20"
    "%3Chttp%3A%2F%2Fexample.org%2Fsays%3E%20%3Fo%7D%7D%20ORDER%20BY%20%3Fg"
)


def test_publish_extra_rdf_files_into_named_graphs(corpus: Path, tmp_path: Path) -> None:
    import json

    turtle = tmp_path / "links.ttl"
    turtle.write_text(
        '<http://example.org/a> <http://example.org/says> "hello" .\n', encoding="utf-8"
    )
    nquads = tmp_path / "more.nq"
    nquads.write_text(
        '<http://example.org/b> <http://example.org/says> "hi" <http://example.org/g/own> .\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    args = ["serve", str(corpus), "--store", str(store), "--get", GRAPHS_QUERY]
    published = [
        "--publish",
        str(turtle),
        "--publish",
        f"{turtle}=http://example.org/g/links",
        "--publish",
        str(nquads),
    ]
    result = CliRunner().invoke(main, args + published)
    assert result.exit_code == 0, result.output
    graphs = [b["g"]["value"] for b in json.loads(result.stdout)["results"]["bindings"]]
    assert graphs == [
        "http://127.0.0.1:8000/graph/file/links.ttl",
        "http://example.org/g/links",
        "http://example.org/g/own",
    ]
    assert "<http://example.org/g/links>" in (store / "dumps" / "claimgraph.nq").read_text(
        encoding="utf-8"
    )
    # unchanged files: reopened; a changed file: rebuilt
    assert "reopened" in CliRunner().invoke(main, args + published).stderr
    turtle.write_text(
        '<http://example.org/a> <http://example.org/says> "changed" .\n', encoding="utf-8"
    )
    assert "built store" in CliRunner().invoke(main, args + published).stderr


def test_publish_bad_input(corpus: Path, tmp_path: Path) -> None:
    nquads = tmp_path / "more.nq"
    nquads.write_text("<http://e/s> <http://e/p> <http://e/o> <http://e/g> .\n", encoding="utf-8")
    store = ["--store", str(tmp_path / "s"), "--get", ASK]
    cases = [
        (["--publish", str(tmp_path / "missing.ttl")], "file not found"),
        (["--publish", f"{nquads}=http://e/other"], "keeps its own graphs"),
        (["--publish", f"{nquads}=not an iri"], "invalid IRI"),
        (["--publish", str(corpus / "registry.yaml")], "--publish takes RDF files"),
    ]
    for extra, message in cases:
        result = CliRunner().invoke(main, ["serve", str(corpus), *store, *extra])
        assert result.exit_code == 2, result.output
        assert message in result.stderr
    assert not (tmp_path / "s").exists()


def test_publish_reads_only_regular_files(corpus: Path, tmp_path: Path) -> None:
    """A FIFO (or a device) named like an RDF file is refused before it is
    read: reading it would never end."""
    fifo = tmp_path / "pipe.ttl"
    os.mkfifo(fifo)
    args = ["serve", str(corpus), "--store", str(tmp_path / "s"), "--get", ASK]
    result = CliRunner().invoke(main, [*args, "--publish", str(fifo)])
    assert result.exit_code == 2
    assert "--publish takes a regular file" in result.stderr


def test_the_base_iri_follows_the_address_served(corpus: Path, tmp_path: Path) -> None:
    """Without --base-iri, what is minted and linked is the address served, so
    that every link and dump URL resolves; the start-up line says which base."""
    store = tmp_path / "store"
    result = CliRunner().invoke(
        main,
        [
            "serve",
            str(corpus),
            "--store",
            str(store),
            "--port",
            "8765",
            "--get",
            "/.well-known/void",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "base IRI http://127.0.0.1:8765/" in result.stderr
    assert "http://127.0.0.1:8765/dumps/claimgraph.nq" in result.stdout
    assert "127.0.0.1:8000" not in result.stdout
    # the store served alone, on another port, keeps the base it was built under
    page = CliRunner().invoke(
        main, ["serve", "--store", str(store), "--port", "9999", "--get", f"/article/{SEED_ID}"]
    )
    assert page.exit_code == 0, page.output
    assert "base IRI http://127.0.0.1:8765/" in page.stderr
    # given, the base is kept as it is (behind a reverse proxy: the public IRI)
    public = CliRunner().invoke(
        main,
        [
            "serve",
            str(corpus),
            "--store",
            str(tmp_path / "public"),
            "--base-iri",
            "https://data.example.org/claims/",
            "--get",
            "/.well-known/void",
        ],
    )
    assert public.exit_code == 0
    assert "https://data.example.org/claims/dumps/claimgraph.nq" in public.stdout
