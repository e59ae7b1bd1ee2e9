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
from datetime import date
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken

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


def _plain_reads_as_itself(value: str) -> bool:
    """Whether ``value`` written as a plain scalar reads back as the same
    string in claimgraph's loader (YAML 1.1: ``yes``, ``off``, ``12:30`` or
    ``0x1F`` read as something else; a date stays the string it is)."""
    try:
        read = yaml.safe_load(value)
    except yaml.YAMLError:
        return False
    if isinstance(read, date):  # claimgraph keeps timestamps as written
        return True
    return isinstance(read, str) and read == value


FOLD_AT = 84  # a long new string is folded (>-) into lines of about this many characters


def _folded(value: str) -> Any:
    """``value`` as a folded block (``>-``, lines of about FOLD_AT characters)
    when it is long and folding keeps it exactly (single spaces, nothing at
    either end that folding would change); else as it is."""
    if len(value) <= FOLD_AT or value != value.strip() or "  " in value:
        return value
    if any(ch in value for ch in "\n\r\t") or not _plain_reads_as_itself(value):
        return value
    folded = FoldedScalarString(value)
    positions: list[int] = []
    start, last = 0, None
    for i, ch in enumerate(value):
        if ch == " ":
            if i - start > FOLD_AT and last is not None:
                positions.append(last)
                start = last + 1
            last = i
    folded.fold_pos = positions
    return folded


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
    if isinstance(value, str) and len(value) > FOLD_AT:
        return _folded(value)
    if isinstance(value, str) and not _plain_reads_as_itself(value):
        return DoubleQuotedScalarString(value)
    return value


def _last_comment(node: Any) -> tuple[Any, Any] | None:
    """Where the comment after ``node`` is kept: ruamel.yaml attaches the lines
    between an item and the next (a blank line, a '# -- Section' comment) to
    the item's last key, as deep as the value goes."""
    while isinstance(node, CommentedMap) and node:
        key = list(node.keys())[-1]
        if isinstance(node[key], CommentedMap | CommentedSeq) and node[key]:
            node = node[key]
            continue
        return node, key
    if isinstance(node, CommentedSeq) and node:
        if isinstance(node[-1], CommentedMap | CommentedSeq):
            return _last_comment(node[-1])
        return node, len(node) - 1
    return None


def _comment_after(node: Any) -> Any:
    where = _last_comment(node)
    if where is None:
        return None
    holder, key = where
    slots = holder.ca.items.get(key)
    return slots[2] if slots and len(slots) > 2 else None


def _set_comment_after(node: Any, token: Any) -> None:
    where = _last_comment(node)
    if where is None:
        return
    holder, key = where
    slots = holder.ca.items.setdefault(key, [None, None, None, None])
    while len(slots) < 4:
        slots.append(None)
    slots[2] = token


def _ends_in_block(node: Any) -> bool:
    """Whether ``node`` ends with a block scalar (``>-``, ``|``), whose own
    text ends its line: the lines after it are then counted from the next."""
    where = _last_comment(node)
    if where is None:
        return False
    holder, key = where
    return isinstance(holder[key], FoldedScalarString | LiteralScalarString)


def _line_break(node: Any) -> str:
    return "" if _ends_in_block(node) else "\n"


def _lines_after(node: Any) -> str:
    """The lines that follow ``node`` (blank lines, comments), each ending in a
    line break, whatever ``node`` ends in."""
    token = _comment_after(node)
    if token is None:
        return ""
    value = str(token.value)
    return value if _ends_in_block(node) else value[1:]


def _set_lines_after(node: Any, lines: str) -> None:
    _set_comment_after(node, CommentToken(_line_break(node) + lines, CommentMark(0)))


def _separate(before: Any, after: Any) -> None:
    """A blank line after ``before`` (an item written before ``after``), as
    the file's items are separated; the lines that followed ``before`` (a
    section's comment) now follow ``after``."""
    moved = _lines_after(before)
    _set_lines_after(before, "\n")
    if moved:
        _set_lines_after(after, moved)


def _join_comments(before: Any, deleted: Any) -> None:
    """The comment after a deleted item (a section's heading) kept, after the
    item before it."""
    token = _comment_after(deleted)
    if token is None or "#" not in token.value:
        return
    _set_lines_after(before, "\n" + token.value.lstrip("\n"))


def _key(item: Any) -> Hashable:
    if isinstance(item, dict) and isinstance(item.get("id"), str):
        return ("id", item["id"])
    return ("value", json.dumps(item, sort_keys=True, default=str))


def _apply(node: Any, old: Any, new: Any) -> Any:
    """``node`` (the file's tree for ``old``) changed to hold ``new``; the
    same object where it could be changed in place."""
    if new == old:
        return node
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        for key in [k for k in node if k not in new]:
            del node[key]
        for position, (key, value) in enumerate(new.items()):
            if key in node and key in old:
                node[key] = _apply(node[key], old[key], value)
            elif key not in node:
                # a key added last takes over the lines that followed the mapping
                moved = _lines_after(node) if position >= len(node) else ""
                if moved:
                    _set_comment_after(node, None)
                node.insert(min(position, len(node)), key, _fresh(value))
                if moved:
                    _set_lines_after(node, moved)
            else:
                node[key] = _fresh(value)
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        if len(node) != len(old):
            return _fresh(new)
        keys = [_key(i) for i in new]
        matcher = difflib.SequenceMatcher(None, [_key(i) for i in old], keys, autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    node[i] = _apply(node[i], old[i], new[j])
                continue
            for i in reversed(range(i1, i2)):
                if i > 0 and j2 == j1:
                    _join_comments(node[i - 1], node[i])
                del node[i]
            for offset, j in enumerate(range(j1, j2)):
                at = i1 + offset
                node.insert(at, _fresh(new[j]))
                if at > 0 and at == len(node) - 1:  # a new last item
                    _separate(node[at - 1], node[at])
                elif at < len(node) - 1 and _lines_after(node[at + 1 if at == 0 else at - 1]):
                    _set_lines_after(node[at], "\n")  # separated as its neighbours are
        return node
    return _fresh(new)


def merged(text: str, old: Any, new: Any) -> tuple[str, bool]:
    """``text`` (a YAML file whose data claimgraph reads as ``old``) changed to
    hold ``new``: (the new text, whether the rest of the file kept its layout
    byte for byte). Unchanged data gives ``text`` itself."""
    if new == old:
        return text, True
    # a file with Windows line ends (CRLF) is merged with LF ones and written
    # back with CRLF: ruamel.yaml would keep '\r' in comments and drop the
    # blank lines it holds as comments
    crlf = "\r\n" in text
    if crlf:
        text = text.replace("\r\n", "\n")
    yaml, tree, exact = _layout_of(text)
    if tree is None:
        tree = CommentedMap()
    out = _dump(yaml, _apply(tree, old, new))
    if crlf:  # a file that mixed both line ends is written with CRLF only
        return out.replace("\n", "\r\n"), exact and "\r" not in text
    return out, exact


def as_yaml(data: Any) -> bytes:
    """The editor's data written as YAML for the loader (quickly, by PyYAML's
    C emitter where present): the same data ``merged`` writes into the file."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=4096)
    return text.encode("utf-8")
