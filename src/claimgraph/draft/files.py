"""``claimgraph draft``'s files: which texts to draft, the registry beside
them, and writing ``ARTICLE.yaml`` without ever replacing a person's work
unless asked (``force``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.annotation.corpus import load_registry
from claimgraph.annotation.files import REGISTRY_NAME, write_atomically
from claimgraph.annotation.model import Registry
from claimgraph.annotation.modeline import keep_schema, schema_reference
from claimgraph.annotation.textio import TEXT_LIMIT, read_text
from claimgraph.draft.api import draft_text
from claimgraph.errors import ClaimgraphError, Location


@dataclass(frozen=True)
class Outcome:
    text: Path
    target: Path
    claims: int


def registry_of(folder: Path) -> Registry | None:
    path = folder / REGISTRY_NAME
    if not path.is_file():
        return None
    return load_registry(path, folder).model


def check_target(text_path: Path, *, force: bool) -> Path:
    """The annotation ``text_path`` drafts into; an error if it is not a text, or if
    an annotation is there already and ``force`` is not given."""
    if text_path.suffix != ".txt":
        raise ClaimgraphError(
            "not an article's text: claimgraph drafts ARTICLE.txt files", Location(text_path)
        )
    target = text_path.with_suffix(".yaml")
    if (target.exists() or target.is_symlink()) and not force:
        raise ClaimgraphError(
            "an annotation file already exists: the draft would replace it",
            Location(target),
            hint="use --force to replace it (a hand annotation is lost)",
        )
    return target


def draft_file(
    text_path: Path, *, force: bool = False, registry: Registry | None = None
) -> Outcome:
    """Draft ``ARTICLE.yaml`` beside ``text_path`` (an ``ARTICLE.txt``)."""
    target = check_target(text_path, force=force)
    text = read_text(text_path, TEXT_LIMIT)
    if registry is None:
        registry = registry_of(text_path.parent)
    schema = schema_reference(target.parent)
    drafted = draft_text(text, name=text_path.stem, registry=registry, schema=schema)
    write_atomically(target, drafted.yaml.encode("utf-8"))
    keep_schema(target.parent, schema)
    return Outcome(text_path, target, drafted.claims)


def texts_to_draft(folder: Path, *, force: bool) -> list[Path]:
    """The folder's ``*.txt`` without an annotation beside them (all, with ``force``)."""
    return [
        path
        for path in sorted(folder.glob("*.txt"))
        if path.is_file() and (force or not path.with_suffix(".yaml").exists())
    ]
