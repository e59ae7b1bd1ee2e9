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
from fastapi.testclient import TestClient

from claimgraph.web.app import create_app
from claimgraph.web.settings import ServerSettings
from tests.conftest import SEED_ID
from tests.test_hostile_input import assert_error, run

ARTICLE = f"{SEED_ID}.yaml"
TEXT = f"{SEED_ID}.txt"
TOKEN = "s3cret-token"
AUTH = {"authorization": f"Bearer {TOKEN}"}


def assert_printable(text: str) -> None:
    """Nothing in ``text`` a terminal acts on: no control character (C0 but the
    newline, DEL, C1), no bidi override, no other character that is not printable."""
    for char in text:
        assert char == "\n" or char.isprintable(), f"U+{ord(char):04X} in {text!r}"


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


# -- item 9: characters XML cannot hold ------------------------------------------

# What XML 1.0 cannot hold, even as a character reference: C0 but tab, LF, CR;
# U+FFFE, U+FFFF. DEL and C1 are XML characters (kept; escaped in messages).
NOT_XML = {
    "NUL": "\x00",
    "SOH": "\x01",
    "ESC": "\x1b",
    "US": "\x1f",
    "FFFE": "\ufffe",
    "FFFF": "\uffff",
}


def _put_in_text(corpus: Path, char: str) -> None:
    """``char`` at line 3, column 10 of the seed article's text."""
    text = corpus / TEXT
    lines = text.read_text(encoding="utf-8").split("\n")
    lines[2] = lines[2][:9] + char + lines[2][9:]
    text.write_text("\n".join(lines), encoding="utf-8", newline="")


@pytest.mark.parametrize("char", NOT_XML.values(), ids=NOT_XML.keys())
def test_a_text_with_a_character_xml_cannot_hold_is_refused(
    char: str, corpus: Path, tmp_path: Path
) -> None:
    _put_in_text(corpus, char)
    out = tmp_path / "out"
    for args in (["build", str(corpus), "--out", str(out)], ["validate", str(corpus)]):
        result = run(*args)
        assert_error(result, f"{corpus / TEXT}:3:10: character U+{ord(char):04X}", "is not allowed")
        assert_printable(result.stderr)
    assert not out.exists()


def test_a_text_with_a_lone_surrogate_is_not_utf8(corpus: Path) -> None:
    (corpus / TEXT).write_bytes((corpus / TEXT).read_bytes() + b"\xed\xa0\x80\n")
    assert_error(run("validate", str(corpus)), "not UTF-8: byte(s) ed at byte offset")


@pytest.mark.parametrize(
    ("file", "old", "new", "char"),
    [
        (
            ARTICLE,
            "  author: unknown ",
            '  note: "a \\e]0;pwned\\a note"\n  author: unknown ',
            "ESC",
        ),
        (ARTICLE, "    text: terrorist Mokhtar Belmokhtar", '    text: "terrorist\\0"', "NUL"),
        (ARTICLE, "    description: Described by", '    description: "\\x01" #', "SOH"),
        ("registry.yaml", "\nactors:\n", '\nnote_: 1\nactors:\n  - {id: "x\\uFFFF"}\n', "FFFF"),
    ],
    ids=["note ESC", "mention NUL", "description SOH", "registry key FFFF"],
)
def test_a_yaml_value_with_a_character_xml_cannot_hold_is_refused(
    file: str, old: str, new: str, char: str, corpus: Path, tmp_path: Path
) -> None:
    path = corpus / file
    content = path.read_text(encoding="utf-8")
    assert old in content
    content = content.replace(old, new, 1)
    path.write_text(content, encoding="utf-8")
    line = content[: content.index(new)].count("\n") + new.count("\n", 0, new.index('"')) + 1
    out = tmp_path / "out"
    for args in (["build", str(corpus), "--out", str(out)], ["validate", str(corpus)]):
        result = run(*args)
        code = ord(NOT_XML[char])
        assert_error(result, f"{path}:{line}: character U+{code:04X}", "is not allowed in a value")
        assert_printable(result.stderr)
    assert not out.exists()


def test_rdf_xml_of_the_data_is_well_formed(corpus: Path, tmp_path: Path) -> None:
    """What XML 1.0 holds (DEL, C1, noncharacters other than U+FFFE/U+FFFF)
    builds, and every RDF/XML output parses with an XML parser, as does a
    clean build's."""
    from xml.etree import ElementTree as ET

    from claimgraph.rdf.iris import Minter
    from claimgraph.web.serve import prepare_store

    clean = tmp_path / "clean"
    assert prepare_store(corpus, clean, Minter(), rebuild=True).rebuilt
    _put_in_text(corpus, "\x7f\x85\x9b\ufdd0")
    annotation = corpus / ARTICLE
    annotation.write_text(
        annotation.read_text(encoding="utf-8").replace(
            "  author: unknown ", '  note: "a \\x7f\\x9d note"\n  author: unknown ', 1
        ),
        encoding="utf-8",
    )
    assert run("build", str(corpus), "--out", str(tmp_path / "out")).exit_code == 0
    kept = tmp_path / "kept"
    assert prepare_store(corpus, kept, Minter(), rebuild=True).rebuilt
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
    for store in (clean, kept):
        with TestClient(create_app(ServerSettings(store=store))) as client:
            for response in (
                client.get(f"/dumps/article/{SEED_ID}.rdf"),
                client.get(
                    "/sparql",
                    params={"query": construct},
                    headers={"accept": "application/rdf+xml"},
                ),
            ):
                assert response.status_code == 200
                root = ET.fromstring(response.content)  # well-formed XML 1.0
                assert root.tag.endswith("RDF")
                if store == kept and "dumps" in str(response.url):
                    assert "\x7f\x85\x9b\ufdd0" in response.content.decode("utf-8")


# -- item 11: nothing printed holds a character a terminal acts on ----------------

# A title change (OSC 0 ... BEL), C1 controls (CSI, OSC), DEL, a bidi override
HOSTILE = "Evil \x1b]0;pwned\x07 \x9b2J \x9d0;t\x9c \x7f \u202egnp.exe"


def test_error_messages_escape_the_values_they_show(corpus: Path) -> None:
    annotation = corpus / ARTICLE
    content = annotation.read_text(encoding="utf-8")
    # XML characters all (no ESC, no BEL): loaded, then not found in the text
    visible = HOSTILE.replace("\x1b", "").replace("\x07", "")
    escaped = visible.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    annotation.write_text(
        content.replace("  headline: ", f'  headline: "{escaped}"\n  note: ', 1), encoding="utf-8"
    )
    result = run("validate", str(corpus))
    assert_error(result, "headline not found verbatim", "\\x9b2J", "\\u202egnp.exe")
    assert_printable(result.stderr)
    # with ESC and BEL: refused when loaded, the value shown escaped
    escaped = HOSTILE.encode("unicode_escape").decode("ascii")
    annotation.write_text(
        content.replace("  headline: ", f'  headline: "{escaped}"\n  note: ', 1), encoding="utf-8"
    )
    result = run("validate", str(corpus))
    assert_error(result, "character U+001B (ESC)", "\\x1b]0;pwned\\x07")
    assert_printable(result.stderr)


def test_validation_reports_escape_the_values_they_show(tmp_path: Path) -> None:
    """An RDF file is not an annotation: its literals may hold anything RDF
    does. A report on it prints them escaped, in every format."""
    import json
    from xml.etree import ElementTree as ET

    literal = HOSTILE.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    literal = literal.replace("\\x", "\\u00")  # Turtle has \\uXXXX, not \\xXX
    data = tmp_path / "claims.ttl"
    data.write_text(
        "@prefix cg: <https://w3id.org/claimgraph/ns#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        f'<http://example.org/c> a cg:Claim ; rdfs:label "{literal}" ;\n'
        f'  cg:certainty "{literal}" .\n',
        encoding="utf-8",
    )
    outputs = {}
    for fmt in ("text", "json", "junit"):
        result = run("validate", str(data), "--format", fmt)
        assert result.exit_code == 1, result.output
        assert_printable(result.output)
        outputs[fmt] = result.stdout
    assert "\\x1b]0;pwned\\x07" in outputs["text"] and "\\u202egnp.exe" in outputs["text"]
    results = json.loads(outputs["json"])["results"]  # the same strings, to a program
    assert HOSTILE in {r["label"] for r in results}
    assert HOSTILE in {r["value"] for r in results}
    suites = ET.fromstring(outputs["junit"])  # and well-formed XML
    assert "\\x1b]0;pwned" in ET.tostring(suites, encoding="unicode")


# -- item 7: one rule decides "unchanged", for build and serve -------------------

ASK = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
LAYOUTS = {
    "hidden folder": ".texts/A.txt",
    "nested folder": "texts/2012/05/A.txt",
    "link to a hidden file": "link",
}


@pytest.mark.parametrize("cached", [True, False], ids=["cache", "no cache"])
@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_build_and_serve_see_the_same_edit(
    layout: str, cached: bool, corpus: Path, tmp_path: Path
) -> None:
    """The article's text is outside the annotation's folder (``text:``), in a
    hidden folder, a nested one, or behind a link: an edit of it is seen by
    ``build`` and by ``serve`` alike, and an unchanged corpus by neither."""
    if layout == "link":
        (corpus / ".store").mkdir()
        text = corpus / ".store" / TEXT
        shutil.move(corpus / TEXT, text)
        (corpus / TEXT).symlink_to(Path(".store") / TEXT)
    else:
        text = corpus / layout
        text.parent.mkdir(parents=True)
        shutil.move(corpus / TEXT, text)
        _set_text(corpus, layout)
    out, store = tmp_path / "out", tmp_path / "store"
    options = [] if cached else ["--no-cache"]

    def build() -> str:
        result = run("build", str(corpus), "--out", str(out), *options)
        assert result.exit_code == 0, result.output
        return result.stderr

    def serve() -> str:
        result = run("serve", str(corpus), "--store", str(store), "--get", ASK, *options)
        assert result.exit_code == 0, result.output
        return result.stderr

    assert "wrote" in build() and "built store" in serve()
    assert "is up to date" in build() and "reopened store" in serve()
    text.write_text(text.read_text(encoding="utf-8") + "\nAn edit.\n", encoding="utf-8")
    assert "wrote" in build() and "built store" in serve()
    assert "An edit." in (out / "claimgraph.nq").read_text(encoding="utf-8")
    query = "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%20FILTER%20CONTAINS(%3Fo%2C%22An%20edit%22)%7D"
    served = run("serve", "--store", str(store), "--get", query)
    assert "true" in served.stdout
    assert "is up to date" in build() and "reopened store" in serve()
    # a file no article reads changes nothing, for either
    (corpus / "SOURCES.md").write_text("edited\n", encoding="utf-8")
    assert "is up to date" in build() and "reopened store" in serve()
