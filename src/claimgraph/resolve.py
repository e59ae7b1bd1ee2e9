"""Checking IDs and references: every ID unique, every reference to a known
entity of the right kind, no relay cycles.

The registry's entities are visible from every article; an article's own
entities and claims only from that article. A registry entity may refer only
to registry entities.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from claimgraph.corpus import LoadedArticle, LoadedRegistry
from claimgraph.errors import AnnotationError, Location
from claimgraph.model import Actor, Claim, Document, Event, Place
from claimgraph.yamlio import LineIndex

Kind = Literal["actor", "place", "document", "event", "claim"]
Entity = Actor | Place | Document | Event | Claim

SECTIONS: tuple[tuple[str, Kind], ...] = (
    ("actors", "actor"),
    ("places", "place"),
    ("documents", "document"),
    ("events", "event"),
    ("claims", "claim"),
)


@dataclass(frozen=True)
class Entry:
    kind: Kind
    obj: Entity
    scope: str | None  # None: the registry; else the article ID
    location: Location
    path: tuple[str | int, ...]


@dataclass
class Scope:
    """The IDs visible from one file, with where each was defined."""

    entries: dict[str, Entry] = field(default_factory=dict)

    def add(self, entry: Entry) -> None:
        ident = entry.obj.id
        if ident in self.entries:
            first = self.entries[ident]
            raise AnnotationError(
                f"duplicate ID {ident!r}: already used for {_a(first.kind)} at {first.location}",
                entry.location,
                hint="give each actor, place, document, event and claim its own ID",
            )
        self.entries[ident] = entry

    def of_kind(self, kind: Kind) -> Iterator[Entry]:
        return (e for e in self.entries.values() if e.kind == kind)

    def lookup(self, ref: str, kinds: tuple[Kind, ...], where: Location, what: str) -> Entry:
        entry = self.entries.get(ref)
        if entry is not None and (entry.kind in kinds or _is_state(entry, kinds)):
            return entry
        wanted = " or ".join(kinds)
        if entry is not None:
            raise AnnotationError(
                f"{what} {ref!r} is {_a(entry.kind)} (defined at {entry.location}), "
                f"but {_a(wanted)} is expected here",
                where,
            )
        candidates = [e.obj.id for e in self.entries.values() if e.kind in kinds]
        close = difflib.get_close_matches(ref, candidates, n=3)
        hint = f"did you mean {', '.join(repr(c) for c in close)}?" if close else None
        raise AnnotationError(
            f"unknown {wanted} ID {ref!r} in {what}",
            where,
            hint=(hint + "\n" if hint else "")
            + f"define it under '{kinds[0]}s' in this file or in registry.yaml",
        )


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _is_state(entry: Entry, kinds: tuple[Kind, ...]) -> bool:
    """A state is an actor and also the place of its territory."""
    return "place" in kinds and isinstance(entry.obj, Actor) and entry.obj.kind == "state"


def _collect(
    scope: Scope, sections: object, lines: LineIndex, owner: str | None, with_claims: bool
) -> None:
    for section, kind in SECTIONS:
        if kind == "claim" and not with_claims:
            continue
        for i, obj in enumerate(getattr(sections, section)):
            path = (section, i)
            scope.add(Entry(kind, obj, owner, lines.at(*path, "id"), path))


def registry_scope(registry: LoadedRegistry) -> Scope:
    scope = Scope()
    if registry.lines is None:
        return scope
    _collect(scope, registry.model, registry.lines, None, with_claims=False)
    _check_entities(scope, scope.entries.values(), registry.lines)
    return scope


def article_scope(article: LoadedArticle, registry: Scope) -> Scope:
    scope = Scope(dict(registry.entries))
    _collect(scope, article.model, article.lines, article.id, with_claims=True)
    own = [e for e in scope.entries.values() if e.scope == article.id]
    _check_entities(scope, own, article.lines)
    meta = article.model.article
    lines = article.lines
    if meta.author != "unknown":
        for i, ref in enumerate(meta.author):
            scope.lookup(ref, ("actor",), lines.at("article", "author", i), "article.author")
    if meta.publisher != "unknown":
        scope.lookup(meta.publisher, ("actor",), lines.at("article", "publisher"), "publisher")
    _check_relay_cycles(scope, article)
    return scope


def _refs(entry: Entry) -> Iterable[tuple[str, list[str], tuple[Kind, ...]]]:
    """(field, referenced IDs, allowed kinds) for every reference field of an entity."""
    obj = entry.obj
    if isinstance(obj, Actor):
        yield "reported_affiliation", _opt(obj.reported_affiliation), ("actor",)
        yield "member_of", obj.member_of, ("actor",)
        yield "leads", obj.leads, ("actor",)
    elif isinstance(obj, Place):
        yield "within", obj.within, ("place",)
        yield "near", obj.near, ("place",)
    elif isinstance(obj, Document):
        yield "author", [] if obj.author == "unknown" else obj.author, ("actor",)
        yield "sender", [] if obj.sender in (None, "unknown") else [obj.sender], ("actor",)
        yield "recipients", obj.recipients, ("actor",)
        yield "part_of", _opt(obj.part_of), ("document",)
    elif isinstance(obj, Event):
        for role in ("instigators", "agents", "targets", "victims", "participants"):
            yield role, getattr(obj, role), ("actor",)
        yield "places", obj.places, ("place",)
        yield "part_of", obj.part_of, ("event",)
        yield "follows", obj.follows, ("event",)
    else:
        yield "claimant", [] if obj.claimant == "author" else [obj.claimant], ("actor",)
        yield "document", [] if obj.document == "article" else [obj.document], ("document",)
        yield "about", obj.about, ("event",)
        yield "relays", obj.relays, ("claim",)
        yield "inferred_from", obj.inferred_from, ("document",)
        yield "corroborates", obj.corroborates, ("claim",)
        yield "contradicts", obj.contradicts, ("claim",)


def _opt(value: str | None) -> list[str]:
    return [] if value is None else [value]


def _check_entities(scope: Scope, entries: Iterable[Entry], lines: LineIndex) -> None:
    for entry in entries:
        for name, refs, kinds in _refs(entry):
            for j, ref in enumerate(refs):
                path = (*entry.path, name) if len(refs) == 1 else (*entry.path, name, j)
                target = scope.lookup(ref, kinds, lines.at(*path), f"{entry.obj.id}.{name}")
                if target.obj is entry.obj:
                    raise AnnotationError(
                        f"{entry.kind} {entry.obj.id!r} refers to itself in '{name}'",
                        lines.at(*path),
                    )


def _check_relay_cycles(scope: Scope, article: LoadedArticle) -> None:
    claims = {c.id: c for c in article.model.claims}
    for i, start in enumerate(article.model.claims):
        seen = [start.id]
        frontier = list(start.relays)
        while frontier:
            current = frontier.pop()
            if current == start.id:
                raise AnnotationError(
                    f"claim {start.id!r} relays itself through {' → '.join(seen)} → {start.id}",
                    article.lines.at("claims", i, "relays"),
                    hint="a report chain runs from the article down to the original source, "
                    "never back",
                )
            if current in seen:
                continue
            seen.append(current)
            frontier += claims[current].relays
        if not start.about and not start.relays:
            raise AnnotationError(
                f"claim {start.id!r} is about nothing",
                article.lines.at("claims", i, "id"),
                hint="give 'about' (the events it concerns) or 'relays' (the claim it reports)",
            )
