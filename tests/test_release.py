"""What a release states, checked against itself.

The three versions claimgraph states agree with CHANGELOG.md: the package's
(pyproject.toml and the installed metadata), the annotation format's (the models
and the JSON Schemas) and the ontology's (owl:versionInfo and owl:versionIRI in
ontology/claimgraph.ttl, owl:versionInfo in the shapes); `claimgraph --version`
prints them; each release's number follows from what it changed. LICENSE is the
licence pyproject.toml declares, CITATION.cff names the latest release, and
SECURITY.md leads to the documentation's security page."""

from __future__ import annotations

import json
import re
import tomllib
from datetime import date
from itertools import pairwise
from typing import Any, NamedTuple

import pytest
import yaml
from click.testing import CliRunner
from rdflib import OWL, Graph, URIRef

from claimgraph import __version__
from claimgraph.annotation.model import FORMAT_VERSION
from claimgraph.cli import main
from claimgraph.resources import ontology_file, schema_dir, shapes_file
from claimgraph.versions import ontology_version, versions
from tests.conftest import ROOT

CHANGELOG = ROOT / "CHANGELOG.md"
HEADING = re.compile(r"^## \[(?P<name>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?$", re.M)
STATED = re.compile(
    r"^Package (?P<package>\S+) · annotation format (?P<format>\d+) · ontology (?P<ontology>\S+)$",
    re.M,
)
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")
CFF_REQUIRED = ("cff-version", "message", "title", "authors")


class Release(NamedTuple):
    version: str
    date: str
    format: int
    ontology: str


def numbers(version: str) -> tuple[int, int, int]:
    match = SEMVER.match(version)
    assert match, f"{version!r} is not a MAJOR.MINOR.PATCH version"
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch


def sections() -> list[tuple[str, str | None, str]]:
    """(name, date, body) of each '## [...]' section, in the file's order."""
    text = CHANGELOG.read_text(encoding="utf-8")
    headings = list(HEADING.finditer(text))
    ends = [h.start() for h in headings[1:]] + [len(text)]
    return [
        (h.group("name"), h.group("date"), text[h.end() : end])
        for h, end in zip(headings, ends, strict=True)
    ]


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, Any] = tomllib.load(file)["project"]
    return project


def releases() -> list[Release]:
    """The released versions, newest first, each with the versions it states."""
    found = []
    for name, day, body in sections():
        if name == "Unreleased":
            continue
        stated = STATED.search(body)
        assert day and stated, f"release {name} needs a date and its 'Package … ·' line"
        assert stated.group("package") == name, f"release {name} states package {stated[0]}"
        found.append(Release(name, day, int(stated.group("format")), stated.group("ontology")))
    return found


def test_the_changelog_opens_with_unreleased_then_releases_newest_first() -> None:
    names = [name for name, _, _ in sections()]
    assert names[0] == "Unreleased" and "Unreleased" not in names[1:]
    listed = releases()
    assert listed, "CHANGELOG.md lists no release"
    assert [numbers(r.version) for r in listed] == sorted(
        (numbers(r.version) for r in listed), reverse=True
    )
    assert [r.date for r in listed] == sorted((r.date for r in listed), reverse=True)


def test_the_package_is_the_latest_release() -> None:
    latest = releases()[0]
    assert _project()["version"] == latest.version
    assert __version__ == latest.version, "reinstall claimgraph (make) after changing its version"


def test_the_annotation_format_is_the_latest_releases() -> None:
    assert releases()[0].format == FORMAT_VERSION
    for name in ("article", "registry"):
        schema = json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))
        assert schema["properties"]["format"]["const"] == FORMAT_VERSION


def test_the_ontology_and_the_shapes_are_the_latest_releases() -> None:
    latest = releases()[0].ontology
    ontology = Graph().parse(ontology_file(), format="turtle")
    header = URIRef("https://w3id.org/claimgraph/ns")
    assert str(ontology.value(header, OWL.versionInfo)) == latest == ontology_version()
    assert ontology.value(header, OWL.versionIRI) == URIRef(f"{header}/{latest}")
    shapes = Graph().parse(shapes_file(), format="turtle")
    assert str(shapes.value(URIRef("https://w3id.org/claimgraph/shapes"), OWL.versionInfo)) == (
        latest
    )


def test_version_prints_the_three() -> None:
    result = CliRunner().invoke(main, ["--version"])
    package, format_version, ontology = versions()
    assert result.exit_code == 0
    assert result.stdout == (
        f"claimgraph, version {package} (annotation format {format_version}, ontology {ontology})\n"
    )
    latest = releases()[0]
    assert (package, format_version, ontology) == (latest.version, latest.format, latest.ontology)


def _breaking(old: str, new: str) -> bool:
    """Whether going from version old to new may break (semantic versioning; in 0.y.z a
    new y may break)."""
    (old_major, old_minor, _), (new_major, new_minor, _) = numbers(old), numbers(new)
    return new_major != old_major or (new_major == 0 and new_minor != old_minor)


@pytest.mark.parametrize(
    ("old", "new", "breaking"),
    [("0.1.0", "0.2.0", True), ("0.2.0", "0.2.1", False), ("1.2.0", "1.3.0", False)],
)
def test_breaking_follows_semantic_versioning(old: str, new: str, breaking: bool) -> None:
    assert _breaking(old, new) is breaking


def test_a_new_format_or_ontology_version_is_a_breaking_release() -> None:
    for newer, older in pairwise(releases()):
        changed = newer.format != older.format or _breaking(older.ontology, newer.ontology)
        if changed:
            assert _breaking(older.version, newer.version), (
                f"{newer.version} changes the format or the ontology incompatibly "
                f"after {older.version}: its number must say so"
            )


# -- the files beside the code -------------------------------------------------------


def test_license_is_the_declared_one() -> None:
    assert _project()["license"] == "Apache-2.0"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text
    notice = (ROOT / "NOTICE").read_text(encoding="utf-8")
    assert notice.startswith("claimgraph\nCopyright ")
    assert "seeds/SOURCES.md" in notice


def test_citation_names_the_latest_release() -> None:
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert all(citation.get(key) for key in CFF_REQUIRED), "CITATION.cff lacks a required key"
    assert citation["cff-version"] == "1.2.0"
    assert all(author.get("name") or author.get("family-names") for author in citation["authors"])
    latest = releases()[0]
    assert citation["version"] == latest.version == _project()["version"]
    assert date.fromisoformat(str(citation["date-released"])) == date.fromisoformat(latest.date)
    assert citation["license"] == _project()["license"]


def test_security_points_to_the_documentations_security_page() -> None:
    security = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\((docs/security\.md)(?:#[^)]+)?\)", security)
    assert links == ["docs/security.md"]
    assert (ROOT / links[0]).read_text(encoding="utf-8").startswith("# Security")
