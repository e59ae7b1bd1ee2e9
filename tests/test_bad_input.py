"""Every bad input named by the issue: a clear message naming the file, the line
and the offending value on stderr, exit status 2, no traceback, nothing written,
and the previous good output left as it was."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimgraph.cli import main
from tests.conftest import SEED_ID

ARTICLE = f"{SEED_ID}.yaml"
TEXT = f"{SEED_ID}.txt"


def replace_in(path: Path, old: str, new: str, count: int = 1) -> int:
    """Replace ``old`` once in ``path``; return the 1-based line of the change."""
    content = path.read_text(encoding="utf-8")
    assert content.count(old) >= 1, f"{old!r} not in {path}"
    line = content[: content.index(old)].count("\n") + 1
    path.write_text(content.replace(old, new, count), encoding="utf-8")
    return line


@dataclass
class Case:
    name: str
    mutate: Callable[[Path], tuple[str, int | None]]  # returns (file name, line)
    expected: tuple[str, ...]  # substrings of stderr


def _malformed_yaml(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / ARTICLE, "  - id: lede\n", "  - id: lede\n   summary: [unclosed\n")
    return ARTICLE, line + 1


def _unknown_id(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / ARTICLE, "claimant: sidney-blumenthal", "claimant: sidney-blumental")
    return ARTICLE, line


def _duplicate_id(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / ARTICLE, "  - id: algerian-diplomats", "  - id: hillary-clinton")
    return ARTICLE, line


def _duplicate_key(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(
        corpus / ARTICLE, "    label: Breakdown", "    status: alleged\n    label: Breakdown"
    )
    return ARTICLE, line + 2  # the original 'status', now the second one


def _invalid_date(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / ARTICLE, "date: 2012\n", "date: 2012-02-30\n")
    return ARTICLE, line


def _invalid_registry_date(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / "registry.yaml", "sent: 2013-01-18", "sent: 18/01/2013")
    return "registry.yaml", line


def _quote_not_found(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(
        corpus / ARTICLE, "Belmokhtar to carry out attacks in", "Belmokhtar to carry out strikes in"
    )
    return ARTICLE, line


def _straight_apostrophe(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(
        corpus / ARTICLE, "According to Blumenthal’s email", "According to Blumenthal's email"
    )
    return ARTICLE, line


def _quote_found_twice(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(
        corpus / ARTICLE, "{text: cites, type: cite}", "{text: Belmokhtar, type: cite}"
    )
    return ARTICLE, line


def _occurrence_too_high(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(
        corpus / ARTICLE, "{text: cites, type: cite}", "{text: cites, type: cite, occurrence: 3}"
    )
    return ARTICLE, line


def _missing_text(corpus: Path) -> tuple[str, int | None]:
    (corpus / TEXT).unlink()
    return ARTICLE, 1


def _not_utf8(corpus: Path) -> tuple[str, int | None]:
    (corpus / TEXT).write_bytes("Caf\u00e9 au lait\nsecond line".encode("latin-1"))
    return TEXT, 1


def _invalid_iri(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(
        corpus / ARTICLE,
        "    names: [the Algerian consul and six other diplomats]",
        "    names: [the Algerian consul and six other diplomats]\n    same_as: [not an iri]",
    )
    return ARTICLE, line + 1


def _wrong_value(corpus: Path) -> tuple[str, int | None]:
    content = (corpus / ARTICLE).read_text(encoding="utf-8")
    line = content[: content.index("certainty: possible")].count("\n") + 1
    (corpus / ARTICLE).write_text(
        content.replace("certainty: possible", "certainty: sure"), encoding="utf-8"
    )
    return ARTICLE, line


def _unknown_field(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / ARTICLE, "    certainty: possible", "    certainity: possible")
    return ARTICLE, line


def _wrong_kind(corpus: Path) -> tuple[str, int | None]:
    line = replace_in(corpus / ARTICLE, "claimant: dgse-source", "claimant: gao")
    return ARTICLE, line


def _relay_cycle(corpus: Path) -> tuple[str, int | None]:
    replace_in(
        corpus / ARTICLE,
        "    asserts: [secret-understanding, encouraged-attacks]\n    certainty: underspecified",
        "    asserts: [secret-understanding, encouraged-attacks]\n    relays: lede\n"
        "    certainty: underspecified",
    )
    return ARTICLE, None  # reported where the cycle is first entered


CASES = [
    Case("malformed YAML", _malformed_yaml, ("malformed YAML",)),
    Case(
        "unknown entity ID",
        _unknown_id,
        ("unknown actor ID 'sidney-blumental'", "did you mean 'sidney-blumenthal'"),
    ),
    Case("duplicate ID", _duplicate_id, ("duplicate ID 'hillary-clinton'", "registry.yaml:")),
    Case("duplicate key", _duplicate_key, ("duplicate key 'status'",)),
    Case("invalid date", _invalid_date, ("invalid date '2012-02-30'", "day is out of range")),
    Case("invalid date in registry", _invalid_registry_date, ("invalid date '18/01/2013'",)),
    Case(
        "quote not found",
        _quote_not_found,
        (
            "not found verbatim",
            "to carry out strikes in",
            "closest passage",
            "to carry out attacks in Morocco",
        ),
    ),
    Case(
        "straight apostrophe",
        _straight_apostrophe,
        ("quotation marks or apostrophes differ", "Blumenthal’s"),
    ),
    Case(
        "quote found more than once",
        _quote_found_twice,
        ("found 9 times", "«Belmokhtar»", "occurrence: N"),
    ),
    Case("occurrence beyond the matches", _occurrence_too_high, ("occurrence 3", "occurs 1 time")),
    Case("missing text file", _missing_text, ("file not found", TEXT)),
    Case("text not UTF-8", _not_utf8, ("not UTF-8", "e9")),
    Case("invalid IRI", _invalid_iri, ("invalid IRI", "'not an iri'")),
    Case("value outside the controlled list", _wrong_value, ("certainty", "'sure'")),
    Case("unknown field", _unknown_field, ("certainity", "Extra inputs are not permitted")),
    Case("reference of the wrong kind", _wrong_kind, ("'gao' is a place", "an actor is expected")),
    Case("relay cycle", _relay_cycle, ("relays itself",)),
]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_fails_cleanly(case: Case, corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    good = runner.invoke(main, ["build", str(corpus), "--out", str(out)])
    assert good.exit_code == 0, good.output
    before = _digest(out)

    file_name, line = case.mutate(corpus)
    result = runner.invoke(main, ["build", str(corpus), "--out", str(out)])

    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    where = f"{file_name}:{line}:" if line else file_name
    assert where in result.stderr, result.stderr
    assert re.search(rf"{re.escape(file_name)}:\d+: ", result.stderr), "no line number"
    for text in case.expected:
        assert text in result.stderr, result.stderr
    assert _digest(out) == before, "a failed build changed the previous output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "out"], "left temporary files"

    # validate reports the same error the same way
    checked = runner.invoke(main, ["validate", str(corpus)])
    assert checked.exit_code == 2
    assert where in checked.stderr


@pytest.mark.parametrize(
    ("base", "expected"),
    [
        ("ftp://example.org/", "must be an http(s) IRI"),
        ("http://example.org/data", "must end with '/'"),
        ("http://exa mple.org/", "invalid IRI"),
        ("not-an-iri", "invalid IRI"),
    ],
)
def test_invalid_base_iri(base: str, expected: str, corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(corpus), "--out", str(tmp_path / "out"), "--base-iri", base]
    )
    assert result.exit_code == 2
    assert expected in result.stderr and repr(base) in result.stderr
    assert not (tmp_path / "out").exists()


def test_invalid_base_iri_from_environment(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["validate", str(corpus)], env={"CLAIMGRAPH_BASE_IRI": "http://example.org/x"}
    )
    assert result.exit_code == 2
    assert "'http://example.org/x'" in result.stderr


def test_invalid_source_date_epoch(corpus: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["build", str(corpus), "--out", str(tmp_path / "o")],
        env={"SOURCE_DATE_EPOCH": "yesterday"},
    )
    assert result.exit_code == 2
    assert "invalid SOURCE_DATE_EPOCH 'yesterday'" in result.stderr


def test_missing_corpus_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]
    )
    assert result.exit_code == 2
    assert "corpus folder not found" in result.stderr and "nope" in result.stderr


def test_empty_corpus_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "no annotation files" in result.stderr
    assert "claimgraph new" in result.stderr


def test_invalid_rdf_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n", encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:4:" in result.stderr
    assert "invalid Turtle" in result.stderr


def test_unknown_file_kind(tmp_path: Path) -> None:
    odd = tmp_path / "notes.docx"
    odd.write_bytes(b"PK")
    result = CliRunner().invoke(main, ["validate", str(odd)])
    assert result.exit_code == 2
    assert "unknown kind of file '.docx'" in result.stderr


def test_refuses_to_replace_a_folder_that_is_not_a_build(corpus: Path, tmp_path: Path) -> None:
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.tex").write_text("years of work", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(corpus), "--out", str(precious)])
    assert result.exit_code == 2
    assert "refusing to replace this folder" in result.stderr
    assert (precious / "thesis.tex").read_text(encoding="utf-8") == "years of work"
