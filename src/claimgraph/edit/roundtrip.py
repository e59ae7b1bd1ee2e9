"""Saving an edited annotation into its YAML file as a person would have edited
it: only what changed is written anew; comments, key order, quoting and layout
stay where nothing changed.

The editor holds the annotation as claimgraph reads it (every scalar a string,
as :func:`~claimgraph.annotation.yamlio.load_yaml` gives it). :func:`merged`
compares the edited data with what the file held, and applies the differences
to the file's round-trip tree (ruamel.yaml): a changed value is replaced, a key
removed or added, and items of a list (claims, actors, ...) are matched by
their ``id`` (by value for lists of strings), so that deleting one claim leaves
the others and their comments as they were.
"""

from __future__ import annotations

import difflib
import io
import json
from collections.abc import Hashable
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

# (mapping, sequence, offset) indents: the seeds' and `claimgraph new`'s layout
# (list items indented under their key), then ruamel's default
LAYOUTS = ((2, 4, 2), (2, 2, 0), (4, 4, 2), (4, 6, 4))
SHORT_LIST = 80  # a new list of strings this long or shorter is written [a, b]


def _yaml(layout: tuple[int, int, int]) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line the file kept on one
    yaml.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return yaml


def _dump(yaml: YAML, tree: Any) -> str:
    out = io.StringIO()
    yaml.dump(tree, out)
    return out.getvalue()


def _layout_of(text: str) -> tuple[YAML, Any, bool]:
    """The round-trip loader whose indentation reproduces ``text``, its tree,
    and whether the file round-trips byte for byte (else the first layout)."""
    first: tuple[YAML, Any] | None = None
    for layout in LAYOUTS:
        yaml = _yaml(layout)
        tree = yaml.load(text)
        if _dump(yaml, tree) == text:
            return yaml, tree, True
        first = first or (yaml, tree)
    assert first is not None
    return first[0], first[1], False


def _as_read(value: Any) -> Any:
    """A value sent by the editor as claimgraph's loader reads it: every
    number or truth value as the string it is written as."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return {key: _as_read(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_read(item) for item in value]
    return value


def _fresh(value: Any) -> Any:
    """A new value as a round-trip node: mappings and lists of their own kind;
    a short list of strings in flow style (``names: [A, B]``), as people write it."""
    if isinstance(value, dict):
        node = CommentedMap()
        for key, item in value.items():
            node[key] = _fresh(item)
        return node
    if isinstance(value, list):
        seq = CommentedSeq(_fresh(item) for item in value)
        if all(isinstance(item, str) for item in value) and len(json.dumps(value)) <= SHORT_LIST:
            seq.fa.set_flow_style()
        return seq
    return value


def _key(item: Any) -> Hashable:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return ("id", item["id"])
    return ("value", json.dumps(item, sort_keys=True, default=str))


def _apply(node: Any, old: Any, new: Any) -> Any:
    """``node`` (the file's tree for ``old``) changed to hold ``new``; the
    same object where it could be changed in place."""
    if _as_read(new) == old:
        return node
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key in node and key in old:
                node[key] = _apply(node[key], old[key], value)
            elif key not in node:
                node.insert(min(position, len(node)), key, _fresh(value))
            else:
                node[key] = _fresh(value)
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        if len(node) != len(old):
            return _fresh(new)
        keys = [_key(_as_read(i)) for i in new]
        matcher = difflib.SequenceMatcher(None, [_key(i) for i in old], keys, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    node[i] = _apply(node[i], old[i], new[j])
                continue
            for i in reversed(range(i1, i2)):
                del node[i]
            for offset, j in enumerate(range(j1, j2)):
                node.insert(i1 + offset, _fresh(new[j]))
        return node
    return _fresh(new)


def merged(text: str, old: Any, new: Any) -> tuple[str, bool]:
    """``text`` (a YAML file whose data claimgraph reads as ``old``) changed to
    hold ``new``: (the new text, whether the rest of the file kept its layout
    byte for byte). Unchanged data gives ``text`` itself."""
    if _as_read(new) == old:
        return text, True
    yaml, tree, exact = _layout_of(text)
    if tree is None:
        tree = CommentedMap()
    return _dump(yaml, _apply(tree, old, new)), exact
