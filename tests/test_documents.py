"""Issue 18, point 2: the documents news cites beyond e-mails and reports (a post on
a blog or a forum, a reader's comment, a press release) and the website a document
is published on."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from claimgraph.cli import main
from tests.test_errors_fidelity import ANNOTATION, line_of, validate, write_article

DOCUMENTS = """documents:
  - id: blog
    kind: website
    title: "Unzipped: Gay Armenia"
  - id: post
    kind: web-post
    title: Blog post on the bribe
    published_on: blog
  - id: comment
    kind: comment
    title: A reader's comment under the post
    published_on: blog
  - id: release
    kind: press-release
    title: The ministry's press release
"""


def with_documents(published_on: str = "blog") -> str:
    documents = DOCUMENTS.replace(
        "published_on: blog\n  - id: comment", f"published_on: {published_on}\n  - id: comment"
    )
    return ANNOTATION.replace("events:\n", documents + "events:\n", 1)


def test_web_posts_comments_and_press_releases_are_published_on_a_site(tmp_path: Path) -> None:
    write_article(tmp_path / "c", "a", with_documents())
    result = validate(str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    built = CliRunner().invoke(
        main, ["build", "--no-cache", str(tmp_path / "c"), "--out", str(out)]
    )
    assert built.exit_code == 0, built.output
    store = ox.Store()
    store.load(path=str(out / "claimgraph.trig"), format=ox.RdfFormat.TRIG)
    rows = {
        (
            r["kind"].value.rsplit("#", 1)[1],
            r["site"].value.rsplit("/", 1)[1] if r["site"] else None,
        )
        for r in store.query(
            """PREFIX cg: <https://w3id.org/claimgraph/ns#>
            SELECT ?kind ?site WHERE { ?d a ?kind . FILTER(?kind != cg:Document)
              FILTER(STRSTARTS(STR(?kind), STR(cg:)))
              OPTIONAL { ?d cg:publishedOn ?site } }""",
            use_default_graph_as_union=True,
        )
    }
    assert {
        ("WebPost", "blog"),
        ("ReaderComment", "blog"),
        ("PressRelease", None),
        ("Website", None),
    } <= rows, rows


def test_published_on_a_document_that_is_no_website_is_a_violation(tmp_path: Path) -> None:
    path = write_article(tmp_path / "c", "a", with_documents(published_on="release"))
    result = validate(str(tmp_path / "c"))
    assert result.exit_code == 1, result.output
    assert f"{path}:" in result.stdout and "document/post" in result.stdout
    assert "cg:publishedOn must point to one cg:Website" in result.stdout
    # at the line of the document that has the link, not of the one it names
    violation = next(line for line in result.stdout.splitlines() if "document/post" in line)
    assert violation.startswith(f"{path}:{line_of(path, 'id: post')}:"), result.stdout
    assert f"{path}:{line_of(path, 'id: release')}:" not in result.stdout


def test_published_on_an_actor_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = write_article(tmp_path / "c", "a", with_documents(published_on="minister"))
    result = validate(str(tmp_path / "c"))
    assert result.exit_code == 2, result.output
    assert f"a.yaml:{line_of(path, 'published_on: minister')}" in result.output
    assert "minister" in result.output
