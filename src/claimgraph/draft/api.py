"""The drafter's entry point: text in, annotation file out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from claimgraph.annotation.model import Registry


@dataclass(frozen=True)
class Drafted:
    """A drafted annotation: the file's text and what went into it."""

    yaml: str
    claims: int


def draft_text(
    text: str, *, name: str, registry: Registry | None = None, today: date | None = None
) -> Drafted:
    """Draft the annotation of the article ``text`` (the article file's stem is
    ``name``), with ``registry``'s actors as the gazetteer; ``today`` is the
    drafting date recorded in the file's provenance (default: today)."""
    raise NotImplementedError("the drafter is being written")
