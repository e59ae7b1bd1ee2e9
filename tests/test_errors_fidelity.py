"""Issue 18, fidelity (second pass): what a user sees for mistakes that were
accepted silently or explained in YAML's terms rather than the annotation's.
Each test runs the command line on a small corpus and reads its output."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from claimgraph.cli import main

TEXT = """Minister denies bribe

The minister said on Monday that he took no bribe. Officials said over the weekend that he did.
"""

ANNOTATION = """format: 2
article:
  headline: Minister denies bribe
  author: unknown
  publisher: unknown
  published: 2020-01-08
actors:
  - id: minister
    kind: person
    names: [the minister]
  - id: officials
    kind: people-group
    names: [Officials]
events:
  - id: bribe
    label: The minister took a bribe
    status: disputed
claims:
  - id: art-denial
    cue: {text: said, type: say, occurrence: 1}
    certainty: certain
    relays: denial
  - id: denial
    claimant: minister
    act: deny
    said: {when: on Monday, medium: unknown}
    asserts: bribe
    certainty: certain
  - id: art-officials
    certainty: certain
    relays: officials-say
  - id: officials-say
    claimant: officials
    act: say
    said: {medium: unknown}
    asserts: bribe
    certainty: certain
"""


def write_article(folder: Path, name: str, annotation: str = ANNOTATION) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.txt").write_text(TEXT, encoding="utf-8")
    path = folder / f"{name}.yaml"
    path.write_text(annotation, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    content = path.read_text(encoding="utf-8")
    assert content.count(text) == 1, text
    return content[: content.index(text)].count("\n") + 1


def validate(*args: str) -> Result:
    return CliRunner().invoke(main, ["validate", "--no-cache", *args])


def test_a_valid_corpus_conforms(tmp_path: Path) -> None:
    write_article(tmp_path / "c", "a")
    result = validate(str(tmp_path / "c"))
    assert result.exit_code == 0, result.output
    assert "Conforms" in result.stdout


# -- 5. same_statement between hops of different claimants -------------------------


def test_same_statement_of_another_claimant_is_refused(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write_article(corpus, "a")
    b = write_article(
        corpus,
        "b",
        ANNOTATION.replace(
            "  - id: art-officials\n",
            "  - id: art-officials\n    same_statement: a/denial\n",
        ).replace(
            "  - id: officials-say\n",
            "  - id: officials-say\n    same_statement: a/officials-say\n",
        ),
    )
    result = validate(str(corpus))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    line = line_of(b, "same_statement: a/denial")
    assert f"b.yaml:{line}: claim 'art-officials': 'same_statement' names 'a/denial'" in (
        result.stderr
    )
    assert "whose claimant is 'minister'" in result.stderr
    assert "this hop's claimant is the author of article 'b'" in result.stderr
    assert "write 'relays: a/denial' instead" in result.stderr
    assert "two statements of the same content" in result.stderr
    assert "'asserts' the same event or proposition" in result.stderr
    # the officials' hop names the officials' hop of article a: the same claimant, accepted
    assert "'officials-say'" not in result.stderr
    assert "errors in" not in result.stderr  # the one error


def test_same_statement_of_the_same_claimant_is_accepted(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write_article(corpus, "a")
    write_article(
        corpus,
        "b",
        ANNOTATION.replace(
            "  - id: officials-say\n",
            "  - id: officials-say\n    same_statement: a/officials-say\n",
        ),
    )
    result = validate(str(corpus))
    assert result.exit_code == 0, result.output
