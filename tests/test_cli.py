"""The claimgraph command: exit codes, report formats, builds, scaffolding."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pyoxigraph as ox
import pytest
import yaml
from click.testing import CliRunner
from rdflib import XSD, Literal

from claimgraph.cli import main
from claimgraph.rdf.rdfinput import RDF_FORMATS
from tests.conftest import ROOT, SEED_ID, SEEDS

EXAMPLES = ROOT / "shapes" / "examples"
INVALID_RDF = EXAMPLES / "01-claim-attribution-invalid.ttl"
VALID_RDF = EXAMPLES / "01-claim-attribution-valid.ttl"
ANCHOR_RDF = EXAMPLES / "04-text-anchor-valid.ttl"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


# -- build ---------------------------------------------------------------------------


def test_build_writes_every_format_and_the_report(tmp_path: Path) -> None:
    code, out, err = run("build", str(SEEDS), "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert "Conforms" in out
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == [
        ".claimgraph-build",
        "claimgraph.jsonld",
        "claimgraph.nq",
        "claimgraph.nq.index.json",
        "claimgraph.trig",
        "claimgraph.ttl",
        "context.jsonld",
        "validation-report.ttl",
    ]
    formats = {
        "claimgraph.nq": ox.RdfFormat.N_QUADS,
        "claimgraph.trig": ox.RdfFormat.TRIG,
        "claimgraph.jsonld": ox.RdfFormat.JSON_LD,
    }
    quads = {
        name: set(ox.parse(path=str(tmp_path / "out" / name), format=fmt))
        for name, fmt in formats.items()
    }
    assert quads["claimgraph.nq"] == quads["claimgraph.trig"] == quads["claimgraph.jsonld"]
    graphs = {q.graph_name.value for q in quads["claimgraph.nq"]}
    assert graphs == {
        "http://127.0.0.1:8000/graph/registry",
        "http://127.0.0.1:8000/graph/build",
    } | {
        f"http://127.0.0.1:8000/graph/article/{path.stem}"
        for path in SEEDS.glob("*.yaml")
        if path.name != "registry.yaml"
    }
    triples = set(
        ox.parse(path=str(tmp_path / "out" / "claimgraph.ttl"), format=ox.RdfFormat.TURTLE)
    )
    assert {(t.subject, t.predicate, t.object) for t in triples} == {
        (q.subject, q.predicate, q.object) for q in quads["claimgraph.nq"]
    }
    report = set(
        ox.parse(path=str(tmp_path / "out" / "validation-report.ttl"), format=ox.RdfFormat.TURTLE)
    )
    assert any(t.predicate.value.endswith("#conforms") and t.object.value == "true" for t in report)


def test_jsonld_uses_the_published_context(tmp_path: Path) -> None:
    run("build", str(SEEDS), "--out", str(tmp_path / "out"))
    data = json.loads((tmp_path / "out" / "claimgraph.jsonld").read_text(encoding="utf-8"))
    published = json.loads((ROOT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert data["@context"] == published["@context"]
    nodes = [n for g in data["@graph"] for n in g["@graph"]]
    lede = next(n for n in nodes if n["@id"].endswith("/claim/lede"))
    assert lede["@type"] == "Claim"
    assert lede["certainty"] == "cg:certain"


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    run("build", str(SEEDS), "--out", str(tmp_path / "a"))
    run("build", str(SEEDS), "--out", str(tmp_path / "b"))
    for path in sorted((tmp_path / "a").iterdir()):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes(), path.name
        # validation's own graph (the ontology, beside the data for its run) is not published
        assert b"urn:x-claimgraph:validation" not in path.read_bytes(), path.name


def test_nquads_are_sorted_graph_by_graph(tmp_path: Path) -> None:
    run("build", str(SEEDS), "--out", str(tmp_path / "out"))
    lines = (tmp_path / "out" / "claimgraph.nq").read_bytes().splitlines()
    assert len(lines) == len(set(lines)) > 500
    graph_of = [line.rsplit(b" ", 2)[1] for line in lines]
    assert graph_of == sorted(graph_of) and len(set(graph_of)) > 2
    assert lines == sorted(lines, key=lambda line: (line.rsplit(b" ", 2)[1], line))


def test_build_time_comes_from_source_date_epoch(tmp_path: Path) -> None:
    run("build", str(SEEDS), "--out", str(tmp_path / "out"))
    nq = (tmp_path / "out" / "claimgraph.nq").read_text(encoding="utf-8")
    assert '"2026-01-01T00:00:00Z"^^<http://www.w3.org/2001/XMLSchema#dateTime>' in nq


def test_base_iri_is_configurable(tmp_path: Path) -> None:
    code, _, err = run(
        "build",
        str(SEEDS),
        "--out",
        str(tmp_path / "out"),
        "--base-iri",
        "https://data.example.org/claims/",
    )
    assert code == 0, err
    nq = (tmp_path / "out" / "claimgraph.nq").read_text(encoding="utf-8")
    assert f"<https://data.example.org/claims/article/{SEED_ID}/claim/lede>" in nq
    assert "127.0.0.1" not in nq


def test_provenance_names_tool_version_and_source_hashes(tmp_path: Path) -> None:
    import hashlib

    run("build", str(SEEDS), "--out", str(tmp_path / "out"))
    nq = (tmp_path / "out" / "claimgraph.nq").read_text(encoding="utf-8")
    for name in (f"{SEED_ID}.txt", f"{SEED_ID}.yaml", "registry.yaml"):
        digest = hashlib.sha256((SEEDS / name).read_bytes()).hexdigest()
        assert f'"{digest}"^^<http://www.w3.org/2001/XMLSchema#hexBinary>' in nq
        assert f'<https://w3id.org/claimgraph/ns#sourcePath> "{name}"' in nq
    assert "<https://w3id.org/claimgraph/ns#softwareVersion>" in nq


def _add_unclaimed_event(corpus: Path) -> int:
    path = corpus / f"{SEED_ID}.yaml"
    content = path.read_text(encoding="utf-8")
    line = content.index("events:\n") + len("events:\n")
    path.write_text(
        content[:line]
        + "  - id: orphan\n    label: Nobody claims this\n    status: alleged\n\n"
        + content[line:],
        encoding="utf-8",
    )
    return content[:line].count("\n") + 1


def test_build_with_violations_exits_1_and_keeps_previous_output(
    corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    assert run("build", str(corpus), "--out", str(out))[0] == 0
    before = (out / "claimgraph.nq").read_bytes()
    beside = sorted(p.name for p in out.parent.iterdir())
    line = _add_unclaimed_event(corpus)
    code, stdout, stderr = run("build", str(corpus), "--out", str(out))
    assert code == 1
    assert sorted(p.name for p in out.parent.iterdir()) == beside  # no staging folder left
    assert f"{SEED_ID}.yaml:{line}: violation:" in stdout
    assert "Nobody claims this" in stdout
    assert (
        "an alleged, disputed, denied, planned, announced or called-for one needs "
        "at least one cg:Claim" in stdout
    )
    assert "nothing written" in stderr
    assert (out / "claimgraph.nq").read_bytes() == before


def test_allow_violations_writes_but_still_exits_1(corpus: Path, tmp_path: Path) -> None:
    _add_unclaimed_event(corpus)
    code, _, _ = run("build", str(corpus), "--out", str(tmp_path / "out"), "--allow-violations")
    assert code == 1
    assert "orphan" in (tmp_path / "out" / "claimgraph.nq").read_text(encoding="utf-8")


# -- validate ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paths",
    [
        [str(SEEDS)],
        [str(SEEDS / f"{SEED_ID}.yaml")],
        [str(SEEDS / "registry.yaml")],
        [str(VALID_RDF)],
    ],
)
def test_validate_conforming_input_exits_0(paths: list[str]) -> None:
    code, out, err = run("validate", *paths)
    assert code == 0, out + err
    assert out.startswith("Conforms:")


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".nq", ".trig", ".jsonld", ".rdf"])
def test_validate_reads_every_rdf_format(suffix: str, tmp_path: Path) -> None:
    quads = list(ox.parse(path=str(INVALID_RDF), format=ox.RdfFormat.TURTLE))
    fmt = RDF_FORMATS[suffix]
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    target = tmp_path / f"data{suffix}"
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
        graph = ox.NamedNode("http://example.org/graph")
        ox.serialize(
            [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples], str(target), fmt
        )
    else:
        ox.serialize(triples, str(target), fmt)
    code, out, _ = run("validate", str(target), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert [r["shape"] for r in report["results"]] == ["cgsh:ClaimAttributionShape"]


def test_validate_text_report(tmp_path: Path) -> None:
    code, out, _ = run("validate", str(INVALID_RDF))
    assert code == 1
    assert "violation: http://example.org/claim (The reporter states that the minister" in out
    assert "The claim has no claimant" in out
    assert "(shape cgsh:ClaimAttributionShape, path cg:claimant)" in out
    triples = len(list(ox.parse(path=str(INVALID_RDF), format=ox.RdfFormat.TURTLE)))
    assert out.rstrip().endswith(f"Does not conform: 1 violation(s) in {triples} triples.")


def test_validate_json_report(corpus: Path) -> None:
    line = _add_unclaimed_event(corpus)
    code, out, _ = run("validate", str(corpus), "--format", "json")
    assert code == 1
    report = json.loads(out)
    assert report["conforms"] is False and report["violations"] == 1
    (result,) = report["results"]
    assert result["focus"] == f"http://127.0.0.1:8000/article/{SEED_ID}/event/orphan"
    assert result["label"] == "Nobody claims this"
    assert result["shape"] == "cgsh:ClaimedPropositionShape"
    assert result["file"].endswith(f"{SEED_ID}.yaml") and result["line"] == line
    assert result["severity"] == "violation"


def test_validate_junit_report(corpus: Path) -> None:
    _add_unclaimed_event(corpus)
    code, out, _ = run("validate", str(corpus), "--format", "junit")
    assert code == 1
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    assert suite.get("failures") == "1"
    # one failing case; the others are the seeds' warnings, passing
    cases = suite.findall("testcase")
    (case,) = [c for c in cases if c.find("failure") is not None]
    assert all(c.get("name", "").startswith("warning: ") for c in cases if c is not case)
    failure = case.find("failure")
    assert failure is not None and "needs at least one cg:Claim" in failure.get("message", "")
    assert case.get("file", "").endswith(f"{SEED_ID}.yaml")


def test_validate_junit_report_when_conforming() -> None:
    code, out, _ = run("validate", str(SEEDS), "--format", "junit")
    assert code == 0
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("failures") == "0"
    names = [c.get("name", "") for c in suite.findall("testcase")]
    # the seeds' time expressions kept without a date are warnings: passing cases
    assert [n for n in names if not n.startswith("warning: ")] == ["conforms"]
    assert all(c.find("failure") is None for c in suite.findall("testcase"))


def test_validate_several_paths_together() -> None:
    """Data split over several files is validated as one graph."""
    code, out, _ = run("validate", str(SEEDS), str(VALID_RDF))
    assert code == 0, out


def test_validate_needs_a_path() -> None:
    code, _, err = run("validate")
    assert code == 2
    assert "Missing argument" in err


def test_validate_missing_file() -> None:
    code, _, err = run("validate", "no/such/file.ttl")
    assert code == 2
    assert "no/such/file.ttl: file not found" in err


def test_validate_reports_an_ill_formed_date_and_only_the_report(tmp_path: Path) -> None:
    """A TriG file with "2024-02-30"^^xsd:date: the report names the violation, and
    stderr holds no rdflib traceback or warning about the literal."""
    graph = ox.NamedNode("http://example.org/graph")
    triples = ox.parse(path=str(EXAMPLES / "10-date-invalid.ttl"), format=ox.RdfFormat.TURTLE)
    target = tmp_path / "data.trig"
    ox.serialize(
        [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples],
        str(target),
        ox.RdfFormat.TRIG,
    )
    assert '"2024-02-30"^^<http://www.w3.org/2001/XMLSchema#date>' in target.read_text("utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "claimgraph", "validate", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "cgsh:DateShape" in done.stdout and "2024-02-30" in done.stdout
    assert "Traceback" not in done.stderr
    assert "Failed to convert" not in done.stderr


def test_other_rdflib_warnings_still_show(caplog: pytest.LogCaptureFixture) -> None:
    """Only rdflib's warning about an ill-formed literal is dropped, nothing else."""
    logger = logging.getLogger("rdflib.term")
    with caplog.at_level(logging.WARNING, logger="rdflib.term"):
        Literal("2024-02-30", datatype=XSD.date)
        logger.warning("another rdflib warning")
    assert [r.getMessage() for r in caplog.records] == ["another rdflib warning"]


# -- new -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", [INVALID_RDF, VALID_RDF, SEEDS], ids=["invalid", "valid", "seeds"])
def test_both_engines_give_the_same_report(path: Path) -> None:
    """--engine pyshacl runs the reference engine; the report is the same."""
    ours = run("validate", str(path), "--format", "json")
    theirs = run("validate", str(path), "--format", "json", "--engine", "pyshacl")
    assert ours[0] == theirs[0] == (1 if path == INVALID_RDF else 0)
    assert json.loads(ours[1]) == json.loads(theirs[1])


def test_an_unknown_engine_is_a_usage_error() -> None:
    code, _, err = run("validate", str(VALID_RDF), "--engine", "topbraid")
    assert code == 2
    assert "'topbraid' is not one of 'claimgraph', 'pyshacl'" in err


def test_literals_the_store_would_change_are_validated_as_written(tmp_path: Path) -> None:
    """An offset typed xsd:nonNegativeInteger (Oxigraph would store it as
    xsd:integer, hiding the violation) is reported; a note on stderr says that
    pySHACL validated it and why."""
    data = ANCHOR_RDF.read_text(encoding="utf-8").replace(
        "cg:beginIndex 23 ;",
        'cg:beginIndex "23"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger> ;',
        1,
    )
    assert "nonNegativeInteger" in data
    path = tmp_path / "offsets.ttl"
    path.write_text(data, encoding="utf-8")
    code, out, err = run("validate", str(path))
    assert code == 1
    assert "DatatypeConstraintComponent" in out or "xsd:integer" in out
    assert "note:" in err and "pySHACL" in err and '"23"^^' in err


def test_new_scaffolds_an_annotation(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_text("\n  Minister “denies” it  \n\nBody.\n", encoding="utf-8")
    code, out, err = run("new", str(text))
    assert code == 0, err
    target = tmp_path / "story.yaml"
    assert out.strip() == f"wrote {target}"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["article"]["headline"] == "Minister “denies” it"
    assert data["article"]["author"] == "unknown"
    # the scaffold parses and names what is left to do
    code, _, err = run("validate", str(target))
    assert code == 2
    assert "claims: List should have at least 1 item" in err


def test_new_scaffold_uncommented_is_a_valid_start(tmp_path: Path) -> None:
    """Removing '# ' from the examples gives well-formed YAML (no 'actors: []'
    followed by list items) that says only what is left to do."""
    text = tmp_path / "story.txt"
    text.write_text(
        "Minister denies it\n\nThe minister denied the words of the article on Wednesday.\n",
        encoding="utf-8",
    )
    assert run("new", str(text))[0] == 0
    target = tmp_path / "story.yaml"
    lines = target.read_text(encoding="utf-8").splitlines()
    uncommented = "\n".join(
        line.replace("# ", "", 1)
        if line.lstrip().startswith("# ") and line.startswith("  ")
        else line
        for line in lines
    )
    target.write_text(uncommented + "\n", encoding="utf-8")
    code, out, err = run("validate", str(target))
    assert "malformed YAML" not in err
    assert code == 2, out
    assert "unknown actor ID 'some-ministry'" in err  # the one thing the example leaves open


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    text = tmp_path / "story.txt"
    text.write_text("Headline\n", encoding="utf-8")
    (tmp_path / "story.yaml").write_text("mine\n", encoding="utf-8")
    code, _, err = run("new", str(text))
    assert code == 2
    assert "already exists" in err and "--force" in err
    assert (tmp_path / "story.yaml").read_text(encoding="utf-8") == "mine\n"
    assert run("new", str(text), "--force")[0] == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "file not found"), (b"\xff\xfeH\x00i\x00", "not UTF-8"), (b"  \n\n", "empty")],
)
def test_new_bad_text(tmp_path: Path, content: bytes | None, message: str) -> None:
    text = tmp_path / "story.txt"
    if content is not None:
        text.write_bytes(content)
    code, _, err = run("new", str(text))
    assert code == 2
    assert message in err and "story.txt" in err
    assert not (tmp_path / "story.yaml").exists()


# -- the command itself ----------------------------------------------------------------


def test_version() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.startswith("claimgraph, version ")


def test_pre_commit_hooks_run_claimgraph_validate() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["claimgraph-validate"]["entry"] == "claimgraph validate"
    assert by_id["claimgraph-validate"]["language"] == "python"
    assert by_id["claimgraph-validate-rdf"]["entry"] == "claimgraph validate"
