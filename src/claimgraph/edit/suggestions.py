"""The drafter's proposals for an article, as suggestions the editor shows one
by one: each is a claim of the article's voice with the hops it relays and the
entries they name that the annotation does not have yet, with the drafter's
confidence. A proposal whose quote or cue the annotation already has is left
out: it is annotated."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from claimgraph.annotation.model import Registry
from claimgraph.annotation.yamlio import load_yaml
from claimgraph.draft.api import draft_text
from claimgraph.draft.files import registry_of
from claimgraph.edit.files import ArticleFiles

SECTIONS = ("actors", "places", "documents", "events", "propositions", "posts")
# the fields of a claim that name entries
NAMING = ("claimant", "as", "document", "asserts", "about", "inferred_from")


def _ids(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _words(claim: dict[str, Any]) -> list[str]:
    found = []
    for key in ("quote", "cue"):
        part = claim.get(key)
        if isinstance(part, dict) and isinstance(part.get("text"), str):
            found.append(part["text"])
    return found


def _annotated(words: list[str], current: dict[str, Any]) -> bool:
    """Whether the annotation has a claim with one of these quotes already."""
    quotes = [
        w
        for claim in current.get("claims") or []
        if isinstance(claim, dict)
        for w in _words(claim)[:1]
    ]
    return any(w and (w in q or q in w) for w in words[:1] for q in quotes if q)


def suggestions(
    root: Path,
    files: ArticleFiles,
    text: str,
    current: dict[str, Any] | None,
    today: date,
) -> dict[str, Any]:
    registry: Registry | None = registry_of(root)
    drafted = draft_text(text, name=files.name, registry=registry, today=today)
    draft, _ = load_yaml(files.annotation, drafted.yaml.encode("utf-8"))
    current = current or {}
    have = {
        str(e.get("id"))
        for section in (*SECTIONS, "claims")
        for e in current.get(section) or []
        if isinstance(e, dict)
    }
    if registry is not None:  # the registry's entries are there for every article
        have |= {e.id for section in SECTIONS for e in getattr(registry, section)}
    entries = {
        str(e["id"]): (section, e)
        for section in SECTIONS
        for e in draft.get(section) or []
        if isinstance(e, dict) and "id" in e
    }
    claims = {str(c["id"]): c for c in draft.get("claims") or [] if isinstance(c, dict)}
    relayed = {r for c in claims.values() for r in _ids(c.get("relays"))}
    groups = []
    for ident, claim in claims.items():
        if ident in relayed or _annotated(_words(claim), current):
            continue
        members, pending = [], [ident]
        while pending:
            name = pending.pop(0)
            if name in claims and name not in members and name not in have:
                members.append(name)
                pending += _ids(claims[name].get("relays"))
        needed: dict[str, list[dict[str, Any]]] = {}
        for name in members:
            hop = claims[name]
            named = [i for key in NAMING for i in _ids(hop.get(key))]
            said = hop.get("said")
            if isinstance(said, dict):
                named += _ids(said.get("to"))
            for other in named:
                if other in entries and other not in have:
                    section, entry = entries[other]
                    if entry not in needed.setdefault(section, []):
                        needed[section].append(entry)
        confidence = min((float(claims[m].get("confidence") or 1) for m in members), default=1.0)
        if members:
            groups.append(
                {
                    "id": ident,
                    "claims": [claims[m] for m in members],
                    "entries": needed,
                    "confidence": confidence,
                    "words": _words(claim),
                }
            )
    return {"suggestions": groups, "drafted_by": (draft.get("article") or {}).get("drafted")}
