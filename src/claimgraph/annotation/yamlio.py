"""YAML loading that remembers the line of every value.

PyYAML's C parser does the parsing; the constructor below records, for each
mapping and sequence, the line of each key and item, so that any error found
later (by pydantic or by reference resolution) can name the file and line.
Duplicate keys, which YAML forbids but PyYAML silently accepts, are errors.
Aliases (``*name``) are errors too: the annotation format has no use for them,
and nested ones expand exponentially (a "billion laughs" file of a few hundred
bytes stands for gigabytes of data).
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from claimgraph.annotation.textio import (
    NOT_XML,
    NOT_XML_HINT,
    character_name,
    decode_utf8,
    read_bytes,
)
from claimgraph.errors import InputError, Location

PathKey = tuple[str | int, ...]

ALIAS_PROBLEM = "YAML aliases (*name) are not allowed in annotation files"

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LocatingLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """A safe loader that records where each key and item starts (1-based)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.lines: dict[int, tuple[int, dict[Hashable, int]]] = {}

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A node met a second time is an alias (the events were checked for
        # aliases first: this is a second guard, it must never build a shared value).
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, ALIAS_PROBLEM, node.start_mark)
        return super().construct_object(node, deep=deep)


def _construct_mapping(loader: _LocatingLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    result: dict[Any, Any] = {}
    key_lines: dict[Hashable, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if isinstance(key, bool) and isinstance(key_node, yaml.ScalarNode):
            # YAML 1.1 reads a key 'on' (drafted: {by: ..., on: ...}), 'off', 'yes'
            # or 'no' as a boolean; YAML 1.2, and the editors' language server,
            # as the word written: so does claimgraph
            key = key_node.value
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
# Dates stay strings: claimgraph parses them itself (claimgraph.annotation.dates), with
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

    def path_at(self, line: int) -> PathKey:
        """The deepest path whose value begins on ``line`` (or on the nearest
        line before it that begins one): where an editor shows a message
        that names the line."""
        best: PathKey = ()
        best_line = 0
        for path, at in self._lines.items():
            if best_line <= at <= line and (at > best_line or len(path) > len(best)):
                best, best_line = path, at
        return best

    def renumbered(self, kept: dict[str, list[int]]) -> LineIndex:
        """The index of the data with some items of top-level lists left out:
        ``kept`` gives, for such a list, the old index of each item kept, in
        order; the new paths of those items name their old lines."""
        new_index = {
            section: {old: new for new, old in enumerate(olds)} for section, olds in kept.items()
        }
        lines: dict[PathKey, int] = {}
        for path, line in self._lines.items():
            numbers = new_index.get(str(path[0])) if len(path) > 1 else None
            if numbers is None:
                lines[path] = line
            elif path[1] in numbers:
                lines[(path[0], numbers[int(path[1])], *path[2:])] = line
        return LineIndex(self.file, lines)


def _index(data: Any, lines: dict[int, tuple[int, dict[Hashable, int]]]) -> dict[PathKey, int]:
    out: dict[PathKey, int] = {}
    seen: set[int] = set()

    def walk(value: Any, path: PathKey) -> None:
        entry = lines.get(id(value))
        if entry is None or id(value) in seen:  # each value once: never a shared one again
            return
        seen.add(id(value))
        start, children = entry
        out.setdefault(path, start)
        items = value.items() if isinstance(value, dict) else enumerate(value)
        for key, child in items:
            child_path = (*path, key)
            out[child_path] = children[key]
            walk(child, child_path)

    walk(data, ())
    out.setdefault((), 1)  # an empty file, or a lone scalar: its first line
    return out


def _refuse_aliases(text: str, path: Path) -> None:
    """Raise on the first alias (``*name``), before anything is constructed: the
    events are read one by one, so that an alias bomb is never expanded."""
    if "*" not in text:  # no alias without an asterisk
        return
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise InputError(
                f"{ALIAS_PROBLEM} (found *{event.anchor})",
                Location(path, mark.line + 1 if mark is not None else 1),
                hint="write the value out in full wherever it is needed",
            )


def load_yaml(path: Path, data: bytes | None = None) -> tuple[Any, LineIndex]:
    """Parse the YAML file at ``path`` (or its bytes ``data``, read already);
    return its data and a line index."""
    text = decode_utf8(read_bytes(path) if data is None else data, path)
    loader = _LocatingLoader(text)
    try:
        _refuse_aliases(text, path)
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(
            f"malformed YAML: {problem}",
            Location(path, line),
            hint="check the indentation and quoting on that line"
            if problem != ALIAS_PROBLEM
            else "write the value out in full wherever it is needed",
        ) from None
    except yaml.reader.ReaderError as exc:
        character = f"character U+{exc.character:04X}" if isinstance(exc.character, int) else ""
        raise InputError(
            f"malformed YAML: {exc.reason} ({character})" if character else str(exc.reason),
            Location(path, text.count("\n", 0, exc.position) + 1),
            hint="remove the character, or write it as an escape (\\uXXXX) in a "
            "double-quoted string",
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(f"malformed YAML: {exc}", Location(path, 1)) from None
    except RecursionError:
        raise InputError("malformed YAML: nested too deeply", Location(path, 1)) from None
    finally:
        loader.dispose()
    index = LineIndex(path, _index(value, loader.lines))
    _check_characters(value, index)
    return value, index


def _excerpt(value: str, at: int) -> str:
    """Some 60 characters of ``value`` around ``at``."""
    begin = max(0, at - 30)
    cut = value[begin : begin + 60]
    return ("…" if begin else "") + cut + ("…" if begin + 60 < len(value) else "")


def _check_characters(value: Any, lines: LineIndex, path: PathKey = ()) -> None:
    """Refuse a string (key or value) that holds a character XML cannot, as a
    double-quoted string's escapes can write (``"\\e"``, ``"\\x00"``): the
    YAML reader refuses the raw characters themselves."""
    if isinstance(value, str):
        found = NOT_XML.search(value)
        if found is not None:
            where = ".".join(str(part) for part in path) or "the top level"
            raise InputError(
                f"character {character_name(found.group())} is not allowed in a value "
                f"({where}: {_excerpt(value, found.start())!r})",
                lines.at(*path),
                hint=f"remove it, or the escape that writes it: {NOT_XML_HINT}",
            )
    elif isinstance(value, dict):
        for key, child in value.items():
            _check_characters(key, lines, (*path, str(key)))
            _check_characters(child, lines, (*path, key))
    elif isinstance(value, list):
        for number, child in enumerate(value):
            _check_characters(child, lines, (*path, number))
