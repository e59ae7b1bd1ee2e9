"""Unreviewed drafts in a run: an article whose annotation says ``status: draft``
(written by ``claimgraph draft``, not yet reviewed) is published only when asked
(``--include-drafts``). Left out, it is named; an article that names one of its
claims (``ARTICLE/CLAIM``) cannot be published without it, and is an error.

Whether a unit is a draft, and which drafts' claims it names, is mapped with the
unit and kept in the cache with it: the option changes which units a run
publishes, never what any of them maps to."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimgraph.errors import AnnotationError, Collector, Location, quoted, shown
from claimgraph.pipeline.units import Unit

INCLUDE_OPTION = "--include-drafts"


@dataclass(frozen=True)
class Drafts:
    """The units a run publishes, and the drafts it leaves out."""

    published: dict[str, Unit]
    left_out: dict[str, Unit]


def select_units(units: dict[str, Unit], root: Path, *, include: bool) -> Drafts:
    """The units to publish: all of them with ``include``, else all but the
    drafts. Raises, naming the file and line of each, when a published
    article names a claim of a draft left out."""
    if include:
        return Drafts(units, {})
    left_out = {name: unit for name, unit in units.items() if unit.draft}
    if not left_out:
        return Drafts(units, {})
    published = {name: unit for name, unit in units.items() if name not in left_out}
    errors = Collector()
    for name in sorted(published):
        for ref, line, draft in published[name].draft_refs:
            errors.collect_error(
                AnnotationError(
                    f"{ref!r} is a claim of {quoted(draft)}, an unreviewed draft (status: "
                    "draft), which this run leaves out: this article cannot be published "
                    "without it",
                    Location(root / name, line),
                    hint=f"review {quoted(draft)} and set 'status: reviewed' in it, or "
                    f"publish drafts too with {INCLUDE_OPTION}",
                )
            )
    errors.raise_any()
    return Drafts(published, left_out)


def left_out_line(names: list[str]) -> str:
    """The line that names the drafts a run left out."""
    count = f"{len(names)} unreviewed draft{'s' if len(names) != 1 else ''}"
    return f"left out {count}: {_listed(names)} (publish them with {INCLUDE_OPTION})"


def validated_line(names: list[str]) -> str:
    """The line that names the drafts a validation checked."""
    count = f"{len(names)} unreviewed draft{'s' if len(names) != 1 else ''}"
    return (
        f"{count}, validated like any article: {_listed(names)} (build and serve "
        f"leave drafts out unless {INCLUDE_OPTION})"
    )


def _listed(names: list[str]) -> str:
    return ", ".join(shown(name) for name in names)
