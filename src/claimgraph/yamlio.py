"""YAML loading that remembers the line of every value.

PyYAML's C parser does the parsing; the constructor below records, for each
mapping and sequence, the line of each key and item, so that any error found
later (by pydantic or by reference resolution) can name the file and line.
Duplicate keys, which YAML forbids but PyYAML silently accepts, are errors.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from claimgraph.errors import InputError, Location
from claimgraph.textio import decode_utf8, read_bytes

PathKey = tuple[str | int, ...]

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that records where each key and item starts (1-based)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, tuple[int, dict[Hashable, int]]] = {}


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    key_lines: dict[Hashable, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                f"found duplicate key {key!r} (first at line {key_lines[key]})",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        key_lines[key] = key_node.start_mark.line + 1
    loader.lines[id(result)] = (node.start_mark.line + 1, key_lines)
    return result


def _construct_sequence(loader: _LocatingLoader, node: yaml.SequenceNode) -> list[Any]:
    result = [loader.construct_object(child, deep=True) for child in node.value]
    item_lines = {i: child.start_mark.line + 1 for i, child in enumerate(node.value)}
    loader.lines[id(result)] = (node.start_mark.line + 1, item_lines)  # type: ignore[assignment]
    return result


_LocatingLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LocatingLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
# Dates stay strings: claimgraph parses them itself (claimgraph.dates), with
# precisions YAML does not know and errors that name the line.
_LocatingLoader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)


class LineIndex:
    """Maps a path into the loaded data (``("claims", 3, "quote")``) to a line."""

    def __init__(self, file: Path, lines: dict[PathKey, int]) -> None:
        self.file = file
        self._lines = lines

    def line(self, path: PathKey) -> int | None:
        """The line of ``path``, or of its nearest enclosing value that has one."""
        key = tuple(path)
        while key:
            if key in self._lines:
                return self._lines[key]
            key = key[:-1]
        return self._lines.get((), None)

    def at(self, *path: str | int) -> Location:
        return Location(self.file, self.line(path))


def _index(data: Any, lines: dict[int, tuple[int, dict[Hashable, int]]]) -> dict[PathKey, int]:
    out: dict[PathKey, int] = {}

    def walk(value: Any, path: PathKey) -> None:
        entry = lines.get(id(value))
        if entry is None:
            return
        start, children = entry
        out.setdefault(path, start)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            child_path = (*path, key)
            out[child_path] = children[key]
            walk(child, child_path)

    walk(data, ())
    return out


def load_yaml(path: Path) -> tuple[Any, LineIndex]:
    """Parse the YAML file at ``path``; return its data and a line index."""
    text = decode_utf8(read_bytes(path), path)
    loader = _LocatingLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(
            f"malformed YAML: {problem}",
            Location(path, line),
            hint="check the indentation and quoting on that line",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", Location(path)) from None
    finally:
        loader.dispose()
    return data, LineIndex(path, _index(data, loader.lines))
