"""Validation reports for people (text), programs (JSON) and CI systems (JUnit XML)."""

from __future__ import annotations

import json
from typing import Any
from xml.etree import ElementTree as ET

from claimgraph.defaults import REPORT_FORMATS
from claimgraph.errors import InputWarning, Location, printable
from claimgraph.validation.validate import Report, Result

FORMATS = REPORT_FORMATS


def _where(result: Result) -> str:
    return f"{result.location}: " if result.location else ""


def text(report: Report) -> str:
    """The report for a terminal: every value printable (see :func:`printable`)."""
    lines = []
    for r in report.results:
        label = f" ({printable(r.label)})" if r.label else ""
        lines.append(f"{_where(r)}{r.severity}: {printable(r.focus)}{label}")
        lines.append(f"  {printable(r.message)}")
        details = [f"shape {printable(r.shape)}"]
        if r.path:
            details.append(f"path {printable(r.path)}")
        if r.value:
            details.append(f"value {printable(r.value)}")
        lines.append("  (" + ", ".join(details) + ")")
    if report.conforms:
        lines.append(f"Conforms: {report.triples} triples, no violations.")
    else:
        lines.append(
            f"Does not conform: {report.violations} violation(s) in {report.triples} triples."
        )
    if report.warnings:  # after the verdict: they do not change it
        count = len(report.warnings)
        lines.append(f"{count} warning{'s' if count != 1 else ''} (not violations):")
        lines += [str(w) for w in report.warnings]
    return "\n".join(lines) + "\n"


def _warning_dict(warning: InputWarning) -> dict[str, Any]:
    where = warning.location
    return {
        "message": warning.message,
        "file": str(where.file) if where else None,
        "line": where.line if where else None,
    }


def as_json(report: Report) -> str:
    data = {
        "conforms": report.conforms,
        "triples": report.triples,
        "violations": report.violations,
        "results": [r.as_dict() for r in report.results],
        "warnings": [_warning_dict(w) for w in report.warnings],
    }
    return _json_printable(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


def _json_printable(text: str) -> str:
    """JSON ``text`` with every character that is not printable written as
    ``\\uXXXX``: JSON escapes C0 itself, not DEL, C1 or the bidi overrides. The
    same strings to a program, nothing a terminal acts on. Outside strings,
    json.dumps writes only newlines and spaces."""
    if text.replace("\n", "").isprintable():
        return text
    return "".join(c if c.isprintable() or c == "\n" else _json_escape(c) for c in text)


def _json_escape(char: str) -> str:
    encoded = char.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{encoded[i : i + 2].hex()}" for i in range(0, len(encoded), 2))


def junit(report: Report, name: str = "claimgraph validate") -> str:
    """One test case per result (a failure each); a single passing case if none."""
    suite = ET.Element(
        "testsuite",
        name=name,
        tests=str(max(1, len(report.results)) + len(report.warnings)),
        failures=str(report.violations),
        errors="0",
        skipped="0",
    )
    if not report.results:
        ET.SubElement(suite, "testcase", classname="claimgraph", name="conforms")
    for r in report.results:
        message = printable(r.message)
        case = _case(suite, r.location, f"{r.shape} {r.focus}", "rdf")
        body = "\n".join(
            printable(x)
            for x in (
                f"focus: {r.focus}" + (f" ({r.label})" if r.label else ""),
                f"path: {r.path}" if r.path else "",
                f"value: {r.value}" if r.value else "",
                f"severity: {r.severity}",
            )
            if x
        )
        if r.severity == "violation":
            failure = ET.SubElement(case, "failure", message=message, type=r.component)
            failure.text = body
        else:
            ET.SubElement(case, "system-out").text = f"{message}\n{body}"
    for w in report.warnings:  # a passing case each, its message on its output
        case = _case(suite, w.location, f"warning: {w.message}", "claimgraph")
        ET.SubElement(case, "system-out").text = str(w)
    suites = ET.Element("testsuites", name=name)
    suites.append(suite)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, "unicode") + "\n"


def _case(suite: ET.Element, where: Location | None, name: str, default: str) -> ET.Element:
    """A test case named ``name``, of the file ``where`` (its class) and its line."""
    # every value printable (see printable()): XML 1.0 cannot hold most C0
    # controls at all, and a terminal showing the file acts on the others
    file = printable(str(where.file)) if where else None
    case = ET.SubElement(suite, "testcase", classname=file or default, name=printable(name))
    if file and where and where.line:
        case.set("file", file)
        case.set("line", str(where.line))
    return case


def render(report: Report, fmt: str) -> str:
    if fmt == "json":
        return as_json(report)
    if fmt == "junit":
        return junit(report)
    return text(report)
