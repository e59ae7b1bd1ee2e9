"""Issue 18, fidelity (second pass): what a user sees for mistakes that were
accepted silently or explained in YAML's terms rather than the annotation's.
Each test runs the command line on a small corpus and reads its output."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

from click.testing import CliRunner, Result

from claimgraph.cli import main

TEXT = """Minister denies bribe

The minister said on Monday that he took no bribe. Officials said over the weekend that he did.
An aide said yesterday that the minister would resign soon.
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


def validate_changed(tmp_path: Path, *changes: tuple[str, str]) -> tuple[Path, Result]:
    """Validate a corpus of one article, the example annotation with ``changes``
    (each old text and its new text) made; its annotation file, and the result."""
    annotation = ANNOTATION
    for old, new in changes:
        assert old in annotation, old
        annotation = annotation.replace(old, new)
    path = write_article(tmp_path / "c", "a", annotation)
    return path, validate(str(tmp_path / "c"))


CUE = "    cue: {text: said, type: say, occurrence: 1}\n"


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


# -- 10. YAML mistakes explained in the user's terms ----------------------------------


def test_a_comma_inside_curly_quotes_is_explained(tmp_path: Path) -> None:
    path, result = validate_changed(
        tmp_path, (CUE, CUE + "    quote: {text: “We will go, now”, mode: direct}\n")
    )
    assert result.exit_code == 2, result.output
    line = line_of(path, "quote: {text: “We will go, now”")
    assert f"a.yaml:{line}: claims.0.quote.text: the value was split at a comma" in result.stderr
    assert "YAML read '“We will go' as 'text', and 'now”' as a key of its own" in result.stderr
    assert "curly quotation marks (“ ” ‘ ’ « ») are not YAML quotes" in result.stderr
    assert 'wrap the value in straight quotes: text: "“We will go, now”"' in result.stderr
    assert "or write the mapping as a block" in result.stderr
    assert "Extra inputs are not permitted" not in result.stderr


def test_a_value_split_in_several_pieces_is_said_once(tmp_path: Path) -> None:
    path, result = validate_changed(
        tmp_path, (CUE, CUE + "    quote: {text: ‘one, two, three’, mode: direct}\n")
    )
    assert result.exit_code == 2, result.output
    line = line_of(path, "quote: {text: ‘one, two")
    assert result.stderr.count("split at a comma") == 1, result.stderr
    assert f"a.yaml:{line}:" in result.stderr
    assert "'two' and 'three’' as keys of their own" in result.stderr


def test_a_comma_in_a_plain_flow_value_is_explained(tmp_path: Path) -> None:
    path, result = validate_changed(
        tmp_path,
        (
            "    act: say\n",
            "    act: say\n    cue: {text: Officials said, over the weekend, type: say}\n",
        ),
    )
    assert result.exit_code == 2, result.output
    line = line_of(path, "cue: {text: Officials said, over")
    assert f"a.yaml:{line}: claims.3.cue.text: the value was split at a comma" in result.stderr
    assert "in a {…} mapping a comma ends a value" in result.stderr
    assert 'text: "Officials said, over the weekend"' in result.stderr


def test_an_unknown_key_of_its_own_line_is_still_an_unknown_key(tmp_path: Path) -> None:
    path, result = validate_changed(
        tmp_path, ("    relays: denial\n", "    relays: denial\n    foo:\n")
    )
    assert result.exit_code == 2, result.output
    assert f"a.yaml:{line_of(path, 'foo:')}: claims.0.foo: Extra inputs are not permitted" in (
        result.stderr
    )
    assert "split" not in result.stderr


# -- 9. a file that fails to load is named once, as the cause -------------------------


def test_a_reference_to_an_article_that_failed_to_load_says_so(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    # a headline not in the text: article a does not load at all
    a = write_article(corpus, "a", ANNOTATION.replace("denies bribe", "denies bribes"))
    b = write_article(
        corpus,
        "b",
        ANNOTATION.replace("relays: officials-say", "relays: [officials-say, a/denial]"),
    )
    for args in (
        [str(corpus)],
        [str(b)],
        [str(corpus), "--cache-dir", str(tmp_path / "cache")],
    ):
        result = validate(*args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        # the cause, once, at its line
        assert result.stderr.count("headline not found") == 1, result.stderr
        assert f"a.yaml:{line_of(a, 'headline:')}: headline not found" in result.stderr
        # the reference, at its line, says the article failed to load
        line = line_of(b, "relays: [officials-say, a/denial]")
        assert (
            f"b.yaml:{line}: article 'a' failed to load, so art-officials.relays 'a/denial' "
            "cannot be checked"
        ) in result.stderr
        assert "fix the errors of" in result.stderr
        assert "unknown article" not in result.stderr


# -- 8. one run reports all of a file's errors ----------------------------------------


def test_one_run_reports_schema_reference_and_semantic_errors_together(tmp_path: Path) -> None:
    path, _ = validate_changed(
        tmp_path,
        (CUE + "    certainty: certain", CUE + "    certainty: sure"),  # schema
        ("claimant: minister", "claimant: ministr"),  # an unknown reference
        (  # a semantic error: a reporting hop cannot be negative
            "  - id: art-officials\n    certainty: certain\n",
            "  - id: art-officials\n    certainty: certain\n    polarity: negative\n",
        ),
    )
    corpus = tmp_path / "c"
    for args in ([str(corpus)], [str(path)], [str(corpus), "--cache-dir", str(tmp_path / "k")]):
        result = validate(*args)
        assert result.exit_code == 2, result.output
        assert result.stdout == ""
        assert "3 errors in 1 file" in result.stderr, result.stderr
        assert f"a.yaml:{line_of(path, 'certainty: sure')}: claims.0.certainty" in result.stderr
        assert "(got 'sure')" in result.stderr
        line = line_of(path, "claimant: ministr")
        assert f"a.yaml:{line}: unknown actor ID 'ministr' in denial.claimant" in result.stderr
        line = line_of(path, "polarity: negative")
        assert (
            f"a.yaml:{line}: claim 'art-officials': it relays officials-say with polarity negative"
        ) in result.stderr


def test_what_depends_on_an_entry_that_failed_to_load_is_not_reported_again(
    tmp_path: Path,
) -> None:
    path, result = validate_changed(
        tmp_path,
        ("    kind: people-group", "    kind: crowd"),  # the officials fail to load
        ("status: disputed", "status: rumoured"),  # the event every claim asserts too
    )
    assert result.exit_code == 2, result.output
    assert "2 errors in 1 file" in result.stderr, result.stderr
    assert f"a.yaml:{line_of(path, 'kind: crowd')}: actors.1.kind" in result.stderr
    assert f"a.yaml:{line_of(path, 'status: rumoured')}: events.0.status" in result.stderr
    assert "unknown" not in result.stderr.replace("'unknown'", "")


def test_a_claim_of_another_article_that_failed_to_load_is_not_reported_again(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "c"
    a = write_article(corpus, "a", ANNOTATION.replace("    act: deny\n", "    act: refute\n"))
    b = write_article(
        corpus,
        "b",
        ANNOTATION.replace("relays: officials-say", "relays: [officials-say, a/denial]").replace(
            "claimant: officials", "claimant: oficials"
        ),
    )
    for args in ([str(corpus)], [str(b)]):
        result = validate(*args)
        assert result.exit_code == 2, result.output
        assert "2 errors in 2 files" in result.stderr, result.stderr
        assert f"a.yaml:{line_of(a, 'act: refute')}: claims.1.act" in result.stderr
        assert f"b.yaml:{line_of(b, 'claimant: oficials')}: unknown actor ID" in result.stderr
        assert "a/denial" not in result.stderr


def test_a_registry_entry_that_failed_to_load_is_not_reported_again(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    write_article(
        corpus,
        "a",
        ANNOTATION.replace("  - id: minister\n    kind: person\n    names: [the minister]\n", ""),
    )
    registry = corpus / "registry.yaml"
    registry.write_text(
        "format: 2\nactors:\n  - id: minister\n    kind: minister\n    names: [the minister]\n",
        encoding="utf-8",
    )
    result = validate(str(corpus))
    assert result.exit_code == 2, result.output
    assert f"registry.yaml:{line_of(registry, 'kind: minister')}: actors.0.kind" in result.stderr
    assert "errors in" not in result.stderr  # that one error alone


# -- 6. time expressions kept without a date are warnings -----------------------------

WHEN = "    said: {medium: unknown}\n"  # the officials' hop


def _warned(tmp_path: Path, when: str, published: str = "2020-01-08") -> tuple[Path, Result]:
    return validate_changed(
        tmp_path,
        (WHEN, f"    said: {{when: {when}, medium: unknown}}\n"),
        ("published: 2020-01-08", f"published: {published}"),
    )


def test_a_time_expression_without_a_date_is_a_warning(tmp_path: Path) -> None:
    path, result = _warned(tmp_path, "over the weekend")
    assert result.exit_code == 0, result.output  # a warning, not a violation
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Conforms:"), result.stdout
    assert lines[1] == "1 warning (not violations):"
    line = line_of(path, "when: over the weekend")
    assert lines[2] == (
        f"{path}:{line}: warning: claim 'officials-say': the time expression «over the weekend» "
        "is kept without a date: no date can be resolved from these words (give 'date:' if "
        "the text says when)"
    )
    # the denial's «on Monday» resolves against the publication date: no warning
    assert "on Monday" not in result.stdout


def test_a_relative_day_without_the_articles_date_is_a_warning(tmp_path: Path) -> None:
    path, result = _warned(tmp_path, "yesterday", published="unknown")
    assert result.exit_code == 0, result.output
    assert f"{path}:{line_of(path, 'when: yesterday')}: warning:" in result.stdout
    assert (
        "«yesterday» is kept without a date: relative to the article's publication date, "
        "which is unknown (give the article's 'published:' day, or the statement's 'date:')"
    ) in result.stdout
    # «on Monday» cannot be resolved either, now
    assert f"{path}:{line_of(path, 'when: on Monday')}: warning: claim 'denial'" in result.stdout


def test_a_future_time_expression_is_a_warning(tmp_path: Path) -> None:
    path, result = _warned(tmp_path, "soon")
    assert result.exit_code == 0, result.output
    assert (
        f"{path}:{line_of(path, 'when: soon')}: warning: claim 'officials-say': the time "
        "expression «soon» is kept without a date: a time to come names no date"
    ) in result.stdout


def test_warnings_are_in_the_json_and_junit_reports_too(tmp_path: Path) -> None:
    path, _ = _warned(tmp_path, "over the weekend")
    line = line_of(path, "when: over the weekend")
    corpus = str(tmp_path / "c")
    report = json.loads(validate(corpus, "--format", "json").stdout)
    assert report["conforms"] is True and report["results"] == []
    (warning,) = report["warnings"]
    assert warning["file"] == str(path) and warning["line"] == line
    assert "«over the weekend» is kept without a date" in warning["message"]

    junit = ET.fromstring(validate(corpus, "--format", "junit").stdout)
    suite = junit.find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    cases = [c for c in suite.iter("testcase") if c.get("name", "").startswith("warning:")]
    assert len(cases) == 1
    assert cases[0].get("file") == str(path) and cases[0].get("line") == str(line)
    assert cases[0].find("failure") is None
    out = cases[0].find("system-out")
    assert out is not None and "«over the weekend»" in (out.text or "")


def test_warnings_are_reported_again_from_the_cache(tmp_path: Path) -> None:
    path, _ = _warned(tmp_path, "over the weekend")
    cache = str(tmp_path / "cache")
    first = validate(str(tmp_path / "c"), "--cache-dir", cache)
    again = validate(str(tmp_path / "c"), "--cache-dir", cache)  # nothing mapped again
    assert first.exit_code == again.exit_code == 0
    assert first.stdout == again.stdout
    assert f"{path}:{line_of(path, 'when: over the weekend')}: warning:" in again.stdout


def test_references_into_a_registry_that_failed_to_load_are_not_reported(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "c"
    path = write_article(
        corpus,
        "a",
        ANNOTATION.replace(
            "  - id: minister\n    kind: person\n    names: [the minister]\n", ""
        ).replace("    act: deny\n", "    act: refute\n"),  # an error of the article's own
    )
    registry = corpus / "registry.yaml"
    registry.write_text("format: 2\nactors: [\n", encoding="utf-8")  # not YAML
    result = validate(str(corpus))
    assert result.exit_code == 2, result.output
    assert "2 errors in 2 files" in result.stderr, result.stderr
    assert "registry.yaml:" in result.stderr and "malformed YAML" in result.stderr
    assert f"a.yaml:{line_of(path, 'act: refute')}: claims.1.act" in result.stderr
    assert "'minister'" not in result.stderr  # defined in the registry, perhaps: not said
