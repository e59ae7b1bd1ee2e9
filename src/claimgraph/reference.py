"""The reference pages of the documentation, generated from what they describe,
so that they cannot drift: the annotation format from its JSON Schemas (each
field's description, type, whether it is required, and an example taken from
the example corpus), and the HTTP routes from the server's routers.

The documentation site (``make docs``) calls these from its hook; the tests
hold them complete."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import ClaimgraphError
from claimgraph.resources import schema_dir

# The sections of an annotation file, in the order a file gives them
_TOP = "(file)"


@dataclass(frozen=True)
class Field:
    """One field of the format: where it is, what it holds, an example."""

    model: str  # the schema definition ($defs name), or "(file)" for the file's own keys
    name: str
    type: str
    required: bool
    description: str
    example: str | None


def load_schema(name: str) -> dict[str, Any]:
    """``article`` or ``registry``: the JSON Schema claimgraph ships."""
    path = schema_dir() / f"{name}.schema.json"
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


def _refs(node: dict[str, Any]) -> Iterator[str]:
    """The definitions a property's schema refers to (directly, in a list, in anyOf)."""
    if "$ref" in node:
        yield node["$ref"].rsplit("/", 1)[-1]
    for key in ("anyOf", "oneOf", "allOf"):
        for option in node.get(key, []):
            yield from _refs(option)
    if isinstance(node.get("items"), dict):
        yield from _refs(node["items"])


def _type(node: dict[str, Any]) -> str:
    """A short, readable type: ``string``, ``list of Actor``, ``one of: a, b``; a
    definition is a link to its section."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return f"[{name}](#{name.lower()})"
    if "const" in node:
        return f"`{node['const']}`"
    if "enum" in node:
        return "one of " + ", ".join(f"`{value}`" for value in node["enum"])
    options = [option for option in node.get("anyOf", []) if option.get("type") != "null"]
    if options:
        return " or ".join(dict.fromkeys(_type(option) for option in options))
    kind = node.get("type")
    if kind == "array":
        return "list of " + _type(node.get("items", {}))
    if kind == "string" and "pattern" in node and "ID" not in node.get("description", ""):
        return "ID" if node["pattern"].startswith("^[A-Za-z0-9]") else "string"
    return str(kind or "any")


def _example_text(value: Any) -> str:
    """A value as one line of YAML (of a list of entries, its first entry)."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[:1]
    text = yaml.safe_dump(
        value, default_flow_style=True, allow_unicode=True, sort_keys=False, width=10_000
    )
    text = text.strip().removesuffix("...").strip()
    return text if len(text) <= 90 else text[:87] + "…"


def _collect(
    schema: dict[str, Any], model: str, node: dict[str, Any], value: Any, into: dict[Any, Any]
) -> None:
    """Record the first value of each field met under ``value`` (data of ``node``)."""
    if isinstance(value, list):
        for item in value:
            _collect(schema, model, node, item, into)
        return
    if not isinstance(value, dict):
        return
    for name, field_schema in node.get("properties", {}).items():
        if name not in value or value[name] in (None, [], {}):
            continue
        into.setdefault((model, name), value[name])
        for ref in _refs(field_schema):
            _collect(schema, ref, schema["$defs"][ref], value[name], into)


def _read(path: Path, text: str | None = None) -> Any:
    """YAML as claimgraph reads an annotation (``on:`` is a key, not a boolean)."""
    from claimgraph.annotation.yamlio import load_yaml

    data, _ = load_yaml(path, None if text is None else text.encode("utf-8"))
    return data


def _fragments(guide: Path) -> Iterator[Any]:
    """The YAML examples of a guide page (```yaml blocks): a list is read as
    claims, the article's sections as written."""
    page = guide.read_text(encoding="utf-8")
    for indent, body in re.findall(r"(?m)^( *)```yaml\n(.*?)^\1```", page, re.S):
        text = "\n".join(line[len(indent) :] for line in body.splitlines())
        try:
            data = _read(guide, text)
        except ClaimgraphError:  # a fragment that is not YAML on its own
            continue
        yield {"claims": data} if isinstance(data, list) else data


def examples(
    schema: dict[str, Any], corpus: Path, guide: Path | None = None
) -> dict[tuple[str, str], Any]:
    """The first value of each (definition, field) in the corpus's YAML files,
    then in the YAML examples of ``guide`` for the fields the corpus never uses."""
    found: dict[tuple[str, str], Any] = {}
    for path in sorted(corpus.glob("*.yaml")):
        _collect(schema, _TOP, schema, _read(path), found)
    for data in _fragments(guide) if guide is not None else ():
        _collect(schema, _TOP, schema, data, found)
    return found


def fields(
    schema: dict[str, Any], corpus: Path | None = None, guide: Path | None = None
) -> list[Field]:
    """Every field of ``schema``: the file's own keys first, then each definition's."""
    found = examples(schema, corpus, guide) if corpus is not None else {}
    models = [(_TOP, schema), *sorted(schema["$defs"].items())]
    result = []
    for model, node in models:
        required = set(node.get("required", []))
        for name, field_schema in node.get("properties", {}).items():
            example = found.get((model, name))
            result.append(
                Field(
                    model=model,
                    name=name,
                    type=_type(field_schema),
                    required=name in required,
                    description=" ".join(field_schema.get("description", "").split()),
                    example=None if example is None else _example_text(example),
                )
            )
    return result


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def format_markdown(name: str, corpus: Path | None = None, guide: Path | None = None) -> str:
    """The reference of one file kind (``article`` or ``registry``) as Markdown:
    a section per definition, a table of its fields."""
    schema = load_schema(name)
    lines: list[str] = []
    by_model: dict[str, list[Field]] = {}
    for field in fields(schema, corpus, guide):
        by_model.setdefault(field.model, []).append(field)
    for model, model_fields in by_model.items():
        node = schema if model == _TOP else schema["$defs"][model]
        title = f"The {name} file" if model == _TOP else model
        lines += [f"## {title}", ""]
        if node.get("description"):
            lines += [" ".join(node["description"].split()), ""]
        lines += ["| field | type | description | example |", "|---|---|---|---|"]
        for field in model_fields:
            mark = " **(required)**" if field.required else ""
            example = f"`{_cell(field.example)}`" if field.example else ""
            lines.append(
                f"| `{field.name}`{mark} | {_cell(field.type)} | {_cell(field.description)} "
                f"| {example} |"
            )
        lines.append("")
    return "\n".join(lines)


@dataclass(frozen=True)
class Route:
    path: str
    methods: tuple[str, ...]
    summary: str


def routes() -> list[Route]:
    """The server's routes (``claimgraph serve``), each with its summary (or the
    first paragraph of its handler's docstring)."""
    from fastapi.routing import APIRoute

    from claimgraph.web import dumps, graph_store, pages, site, sparql

    result = []
    for router in (sparql.router, dumps.router, graph_store.router, site.router, pages.router):
        for route in router.routes:
            if not isinstance(route, APIRoute):
                continue
            doc = (route.endpoint.__doc__ or "").strip().split("\n\n")[0]
            summary = route.summary or " ".join(doc.split()).replace("``", "`")
            result.append(Route(route.path, tuple(sorted(route.methods or ())), summary))
    return result


def routes_markdown() -> str:
    lines = ["| path | methods | what it answers |", "|---|---|---|"]
    for route in routes():
        methods = ", ".join(route.methods)
        lines.append(f"| `{_cell(route.path)}` | {methods} | {_cell(route.summary)} |")
    return "\n".join(lines) + "\n"
