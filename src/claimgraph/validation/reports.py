"""Validation reports for people (text), programs (JSON) and CI systems (JUnit XML)."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from claimgraph.validation.validate import Report, Result

FORMATS = ("text", "json", "junit")


def _where(result: Result) -> str:
    return f"{result.location}: " if result.location else ""


def text(report: Report) -> str:
    lines = []
    for r in report.results:
        label = f" ({r.label})" if r.label else ""
        lines.append(f"{_where(r)}{r.severity}: {r.focus}{label}")
        lines.append(f"  {r.message}")
        details = [f"shape {r.shape}"]
        if r.path:
            details.append(f"path {r.path}")
        if r.value:
            details.append(f"value {r.value}")
        lines.append("  (" + ", ".join(details) + ")")
    if report.conforms:
        lines.append(f"Conforms: {report.triples} triples, no violations.")
    else:
        lines.append(
            f"Does not conform: {report.violations} violation(s) in {report.triples} triples."
        )
    return "\n".join(lines) + "\n"


def as_json(report: Report) -> str:
    data = {
        "conforms": report.conforms,
        "triples": report.triples,
        "violations": report.violations,
        "results": [r.as_dict() for r in report.results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def junit(report: Report, name: str = "claimgraph validate") -> str:
    """One test case per result (a failure each); a single passing case if none."""
    suite = ET.Element(
        "testsuite",
        name=name,
        tests=str(max(1, len(report.results))),
        failures=str(report.violations),
        errors="0",
        skipped="0",
    )
    if not report.results:
        ET.SubElement(suite, "testcase", classname="claimgraph", name="conforms")
    for r in report.results:
        classname = str(r.location.file) if r.location else "rdf"
        case = ET.SubElement(suite, "testcase", classname=classname, name=f"{r.shape} {r.focus}")
        if r.location and r.location.line:
            case.set("file", str(r.location.file))
            case.set("line", str(r.location.line))
        body = "\n".join(
            x
            for x in (
                f"focus: {r.focus}" + (f" ({r.label})" if r.label else ""),
                f"path: {r.path}" if r.path else "",
                f"value: {r.value}" if r.value else "",
                f"severity: {r.severity}",
            )
            if x
        )
        if r.severity == "violation":
            failure = ET.SubElement(case, "failure", message=r.message, type=r.component)
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = f"{r.message}\n{body}"
    suites = ET.Element("testsuites", name=name)
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return as_json(report)
    if fmt == "junit":
        return junit(report)
    return text(report)
