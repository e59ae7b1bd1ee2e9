"""Writes and files (issue 17): what a write, a corpus or an output folder can do
to claimgraph's data when it is malformed or hostile. A refused write changes
nothing; every bad file ends with exit status 2, a message naming the file and
the value, no traceback, and nothing written."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from claimgraph.cli import main
from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings
from tests.conftest import SEED_ID

ARTICLE = f"{SEED_ID}.yaml"
TEXT = f"{SEED_ID}.txt"
TOKEN = "s3cret-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _set_text(corpus: Path, value: str) -> None:
    """Give (or change) the seed article's 'article.text'."""
    path = corpus / ARTICLE
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True)
        if not line.startswith("  text: ")
    ]
    content = "".join(lines)
    assert "\narticle:\n" in content
    path.write_text(
        content.replace("\narticle:\n", f"\narticle:\n  text: {value}\n", 1), encoding="utf-8"
    )


def assert_error(result: Result, *expected: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    for text in expected:
        assert text in result.stderr, result.stderr


# -- item 6: a Graph Store write is parsed whole, then applied in one transaction


GRAPH = f"http://127.0.0.1:8000/graph/article/{SEED_ID}"
COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH}> {{ ?s ?p ?o }} }}"
GOOD = "<http://example.org/a> <http://example.org/p> 1 ."

# each begins with a well-formed triple: nothing of it may be written
MALFORMED = {
    "text/turtle": b"<http://example.org/a> <http://example.org/p> 1 .\n<http://example.org/b> <",
    "application/ld+json": b'[{"@id": "http://example.org/a", "http://example.org/p": 1}, {"@id": ',
    "application/rdf+xml": b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>1</ex:p></rdf:Description>
  <rdf:Description rdf:about="http://example.org/b"><ex:p>2</ex:p>
</rdf:RDF>
""",
    # a Graph Store write is one graph: quads of another are refused, not written there
    "application/n-quads": b"<http://example.org/a> <http://example.org/p> 1 <urn:elsewhere> .\n",
}


def writable_app(store: Path) -> TestClient:
    settings = ServerSettings(store=store, allow_update=True, update_token=TOKEN, workers=2)
    return TestClient(create_app(settings))


def restarted_app(store: Path) -> TestClient:
    """The app as a restart opens it (read-only: the writable one holds the store's lock)."""
    return TestClient(create_app(ServerSettings(store=store)))


def _count(client: TestClient) -> int:
    rows = client.get("/sparql", params={"query": COUNT}).json()["results"]["bindings"]
    return int(rows[0]["n"]["value"])


def _read(client: TestClient) -> tuple[bytes, str]:
    response = client.get("/store", params={"graph": GRAPH}, headers={"accept": "text/turtle"})
    assert response.status_code == 200
    return response.content, response.headers["etag"]


def test_a_refused_graph_store_write_changes_nothing(served_store: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    with writable_app(store) as client:
        triples, (body, etag) = _count(client), _read(client)
        dump = client.get("/dumps/claimgraph.nq").content
        assert triples > 40
        for method in ("PUT", "POST"):
            for media, data in MALFORMED.items():
                response = client.request(
                    method,
                    "/store",
                    params={"graph": GRAPH},
                    content=data,
                    headers={**AUTH, "content-type": media},
                )
                assert response.status_code == 400, (method, media, response.text)
                assert _count(client) == triples, (method, media)
                assert _read(client) == (body, etag), (method, media)
                cached = {"if-none-match": etag, "accept": "text/turtle"}
                again = client.get("/store", params={"graph": GRAPH}, headers=cached)
                assert again.status_code == 304
        assert not (store / ".unpublished").exists()
        assert not (store / ".updates").exists()
        with restarted_app(store) as restarted:  # the dumps hold what the store holds
            assert _count(restarted) == triples
            assert restarted.get("/dumps/claimgraph.nq").content == dump
        put = client.put(
            "/store",
            params={"graph": GRAPH},
            content=GOOD,
            headers={**AUTH, "content-type": "text/turtle"},
        )
        assert put.status_code == 204
        assert _count(client) == 1
        new_body, new_etag = _read(client)
        assert new_etag != etag and b"http://example.org/a" in new_body
        stale = client.get("/store", params={"graph": GRAPH}, headers={"if-none-match": etag})
        assert stale.status_code == 200
    with restarted_app(store) as restarted:  # and the dumps follow the write
        assert _count(restarted) == 1
        assert b"<http://example.org/a>" in restarted.get("/dumps/claimgraph.nq").content


BLOW_UP = """
import json, sys
from pathlib import Path
from fastapi.testclient import TestClient
from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings

store, graph, token = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
settings = ServerSettings(
    store=store, allow_update=True, update_token=token, max_body_bytes=4 << 20
)
depth = 20_000
nested = (
    "<http://e/a> <http://e/b> " + "<<( <http://e/a> <http://e/b> " * depth
    + "<http://e/c>" + " )>>" * depth + " ."
)
prefix = "http://example.org/" + "x" * 60_000
expanding = f"@prefix a: <{prefix}> .\\na:s a:p " + ", ".join(f"a:{n}" for n in range(60_000))
count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"
with TestClient(create_app(settings)) as client:
    for body in (nested, expanding):
        response = client.put(
            "/store", params={"graph": graph}, content=body,
            headers={"authorization": f"Bearer {token}", "content-type": "text/turtle"},
        )
        rows = client.get("/sparql", params={"query": count}).json()["results"]["bindings"]
        print(json.dumps([response.status_code, response.text, rows[0]["n"]["value"]]))
"""


def test_graph_store_bodies_that_would_blow_up(served_store: Path, tmp_path: Path) -> None:
    """Triple terms nested thousands deep: their parsers recurse once per level
    (on a thread's default stack, 20,000 levels ended the process in a
    segmentation fault; run here in a process of its own); they are refused
    past 100 levels, as queries are. A body of a few megabytes, with a long
    prefix, can stand for gigabytes of triples. Both are refused before
    anything is written."""
    store = tmp_path / "store"
    shutil.copytree(served_store, store)
    done = subprocess.run(
        [sys.executable, "-c", BLOW_UP, str(store), GRAPH, TOKEN],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    nested, expanding = (json.loads(line) for line in done.stdout.splitlines())
    assert nested[0] == 400 and "nested 20000 deep" in nested[1], nested
    assert expanding[0] == 413 and "in parts" in expanding[1], expanding[:2]
    assert nested[2] == expanding[2] and int(nested[2]) > 40  # the graph as it was


# -- item 8: a build deletes nothing it did not write ---------------------------


def _snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under ``folder``: a file's bytes, a link's target, a folder's name."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            found[name] = "link:" + str(path.readlink())
        elif path.is_dir():
            found[name] = "folder"
        else:
            found[name] = path.read_bytes()
    return found


@pytest.mark.parametrize("kind", ["folder", "link to a folder", "link to a file"])
@pytest.mark.parametrize("name", ["validation-report.ttl", "claimgraph.nq"])
def test_build_never_deletes_what_it_did_not_write(
    kind: str, name: str, corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out)).exit_code == 0
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes").write_text("years of work", encoding="utf-8")
    (out / name).unlink()
    if kind == "folder":
        (out / name).mkdir()
        (out / name / "notes").write_text("years of work", encoding="utf-8")
    else:
        (out / name).symlink_to(mine if kind == "link to a folder" else mine / "notes")
    corpus_before = _snapshot(corpus)
    (corpus / ARTICLE).write_text(  # an edit: the build would replace the output
        (corpus / ARTICLE).read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    before, theirs = _snapshot(out), _snapshot(mine)
    result = run("build", str(corpus), "--out", str(out))
    assert_error(result, f"'{out / name}' is not a file a claimgraph build wrote")
    assert _snapshot(out) == before and _snapshot(mine) == theirs
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []
    assert corpus_before.keys() == _snapshot(corpus).keys()


def test_stale_folders_are_only_those_claimgraph_names(tmp_path: Path) -> None:
    """Beside the output, only the folders named as claimgraph names its
    temporary ones are taken for a killed build's."""
    from claimgraph.store.atomic import remove_stale

    kept = [".out.staging-1-notes", ".out.discarded-2-my-old-build", ".out.retired-3-x/y"]
    for name in kept:
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "file").write_text("mine", encoding="utf-8")
    (tmp_path / "out").mkdir()
    assert remove_stale(tmp_path / "out") == []
    assert all((tmp_path / name / "file").is_file() for name in kept)


# -- item 10: sizes, and a text named by an absolute path ------------------------

MIB = 1024 * 1024


def _grow(path: Path, size: int) -> None:
    """Make ``path`` ``size`` bytes long: what it held, then a YAML comment (a
    sparse file of NUL bytes past 16 MiB: the size is refused before a byte is read)."""
    with path.open("ab") as file:
        if size <= 16 * MIB:
            file.write(b"\n#" + b" padding" * ((size - path.stat().st_size) // 8))
        file.truncate(size)


@pytest.mark.parametrize(
    ("name", "size", "setting"),
    [
        (ARTICLE, 17 * MIB, "CLAIMGRAPH_MAX_ANNOTATION_BYTES"),
        (ARTICLE, 200 * MIB, "CLAIMGRAPH_MAX_ANNOTATION_BYTES"),
        (TEXT, 17 * MIB, "CLAIMGRAPH_MAX_TEXT_BYTES"),
        ("registry.yaml", 200 * MIB, "CLAIMGRAPH_MAX_REGISTRY_BYTES"),
    ],
)
def test_files_too_large_are_refused_by_size(
    name: str, size: int, setting: str, corpus: Path, tmp_path: Path
) -> None:
    _grow(corpus / name, size)
    out = tmp_path / "out"
    for args in (["build", str(corpus), "--out", str(out)], ["validate", str(corpus)]):
        result = run(*args)
        assert_error(result, f"{corpus / name}: ", f"is {size} bytes: over the limit", setting)
        assert "MemoryError" not in result.output
    assert not out.exists()


def test_size_limits_are_settings(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from claimgraph.annotation.textio import ANNOTATION_LIMIT, REGISTRY_LIMIT, TEXT_LIMIT

    largest = max(p.stat().st_size for p in corpus.iterdir())
    for limit in (ANNOTATION_LIMIT, REGISTRY_LIMIT, TEXT_LIMIT):
        assert limit.default >= 50 * largest  # far above any real file
    size = max(p.stat().st_size for p in corpus.glob("*.yaml") if p.name != "registry.yaml")
    monkeypatch.setenv("CLAIMGRAPH_MAX_ANNOTATION_BYTES", str(size - 1))
    assert_error(run("validate", str(corpus)), f"is {size} bytes: over the limit of {size - 1}")
    monkeypatch.setenv("CLAIMGRAPH_MAX_ANNOTATION_BYTES", str(size))
    assert run("validate", str(corpus)).exit_code == 0
    monkeypatch.setenv("CLAIMGRAPH_MAX_TEXT_BYTES", "lots")
    assert_error(run("validate", str(corpus)), "CLAIMGRAPH_MAX_TEXT_BYTES='lots'")


def test_an_absolute_text_path_in_a_corpus_given_as_a_relative_one(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``text: /abs/corpus/texts/A.txt`` with the corpus given as ``corpus``:
    it builds, and an edit of the text is seen by the next build. A text
    outside the corpus is still refused, however it is written."""
    (corpus / "texts").mkdir()
    shutil.move(corpus / TEXT, corpus / "texts" / TEXT)
    _set_text(corpus, str(corpus.resolve() / "texts" / TEXT))
    monkeypatch.chdir(corpus.parent)
    for args in (["build", "corpus", "--out", "out"], ["validate", "corpus"]):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output
    text = corpus / "texts" / TEXT
    text.write_text("another text\n", encoding="utf-8")
    assert_error(run("build", "corpus", "--out", "out"), "headline not found")  # the edit is seen
    (tmp_path / "outside").mkdir()
    shutil.copy(text, tmp_path / "outside" / TEXT)
    _set_text(corpus, str(corpus.resolve() / ".." / "outside" / TEXT))
    assert_error(run("build", "corpus", "--out", "out"), "is outside the corpus folder")
