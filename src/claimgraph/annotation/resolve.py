"""Checking IDs, references and attribution: every ID unique, every reference to
a known entity of the right kind, no relay cycles, and each hop's speech act
where it belongs.

The registry's entities are visible from every article; an article's own
entities and claims only from that article, except that a claim of another
article can be named as ``ARTICLE/CLAIM`` wherever a claim is expected. A
registry entity may refer only to registry entities.

Every problem found is collected, so that a run reports all of them at once.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from claimgraph.annotation.corpus import Corpus, LoadedArticle, LoadedRegistry
from claimgraph.annotation.model import (
    RELAYING_ACTS,
    STANCELESS_ACTS,
    Actor,
    Claim,
    Document,
    Event,
    Place,
    Post,
    Proposition,
)
from claimgraph.annotation.yamlio import LineIndex
from claimgraph.errors import (
    AnnotationError,
    ClaimgraphError,
    Collector,
    DependentError,
    Location,
    shown,
)

Kind = Literal["actor", "place", "document", "event", "proposition", "post", "claim"]
Entity = Actor | Place | Document | Event | Proposition | Post | Claim

SECTIONS: tuple[tuple[str, Kind], ...] = (
    ("actors", "actor"),
    ("places", "place"),
    ("documents", "document"),
    ("events", "event"),
    ("propositions", "proposition"),
    ("posts", "post"),
    ("claims", "claim"),
)
CONTENT: tuple[Kind, ...] = ("event", "proposition")
TOPICS: tuple[Kind, ...] = ("event", "proposition", "actor", "place", "document", "claim")
CLAIM: tuple[Kind, ...] = ("claim",)
# what a statement can be made after, or in response to
ORDERED: tuple[Kind, ...] = ("claim", "event", "document")
# the propositions that link content to content: their subjects are content
LINKS = frozenset({"cause", "exchange"})
AUTHOR = "author"


@dataclass(frozen=True)
class Entry:
    kind: Kind
    obj: Entity
    scope: str | None  # None: the registry; else the article ID
    location: Location
    path: tuple[str | int, ...]


@dataclass
class Scope:
    """The IDs visible from one file, with where each was defined; and the
    claims of the other articles of the corpus, for ``ARTICLE/CLAIM``."""

    entries: dict[str, Entry] = field(default_factory=dict)
    # every article's claims by ID (this article's too: its own are in ``entries``)
    others: dict[str, dict[str, Entry]] = field(default_factory=dict)
    article: str | None = None
    # the articles that failed to load, with their files: named as the cause
    failed: dict[str, Path] = field(default_factory=dict)
    # the IDs of the entries left out for errors of their own, by owner (None: the
    # registry; else the article); and whether the registry did not load at all.
    # A reference to them is not checked: their own errors are reported.
    broken: dict[str | None, frozenset[str]] = field(default_factory=dict)
    registry_failed: bool = False

    def _left_out(self, ref: str, article: str | None = None) -> bool:
        if article is not None:
            return ref in self.broken.get(article, frozenset())
        return (
            self.registry_failed
            or ref in self.broken.get(None, frozenset())
            or ref in self.broken.get(self.article, frozenset())
        )

    def add(self, entry: Entry) -> None:
        ident = entry.obj.id
        if ident in self.entries:
            first = self.entries[ident]
            raise AnnotationError(
                f"duplicate ID {ident!r}: already used for {_a(first.kind)} at {first.location}",
                entry.location,
                hint="give each actor, place, document, event, proposition, post and claim "
                "its own ID",
            )
        self.entries[ident] = entry

    def of_kind(self, kind: Kind) -> Iterator[Entry]:
        return (e for e in self.entries.values() if e.kind == kind)

    def claim(self, ref: str) -> Entry:
        """The claim ``ref`` names, in this article or (``ARTICLE/CLAIM``) another."""
        if "/" in ref:
            article, ident = ref.split("/", 1)
            if article != self.article:
                return self.others[article][ident]
            ref = ident
        return self.entries[ref]

    def lookup(self, ref: str, kinds: tuple[Kind, ...], where: Location, what: str) -> Entry:
        if "/" in ref and "claim" in kinds:
            return self._lookup_qualified(ref, where, what)
        entry = self.entries.get(ref)
        if entry is not None and (entry.kind in kinds or _is_state(entry, kinds)):
            return entry
        if entry is None and self._left_out(ref):
            raise DependentError(f"{what} names {ref!r}, which failed to load", where)
        wanted = " or ".join(kinds)
        if entry is not None:
            raise AnnotationError(
                f"{what} {ref!r} is {_a(entry.kind)} (defined at {entry.location}), "
                f"but {_a(wanted)} is expected here",
                where,
            )
        candidates = [e.obj.id for e in self.entries.values() if e.kind in kinds]
        if kinds == CLAIM:
            candidates += [
                f"{a}/{c}" for a, claims in self.others.items() if a != self.article for c in claims
            ]
        where_to = (
            "in this file (a claim of another article is ARTICLE/CLAIM)"
            if kinds == CLAIM
            else "in this file or in registry.yaml"
        )
        raise AnnotationError(
            f"unknown {wanted} ID {ref!r} in {what}",
            where,
            hint=_did_you_mean(ref, candidates) + f"define it under '{kinds[0]}s' {where_to}",
        )

    def _lookup_qualified(self, ref: str, where: Location, what: str) -> Entry:
        article, ident = ref.split("/", 1)
        if article == self.article:  # this article's own claim, named in full
            return self.lookup(ident, CLAIM, where, what)
        claims = self.others.get(article)
        if claims is None and article in self.failed:
            raise AnnotationError(
                f"article {article!r} failed to load, so {what} {ref!r} cannot be checked",
                where,
                hint=f"fix the errors of {shown(self.failed[article])} (said with its own "
                "lines): this reference is checked once it loads",
            )
        if claims is None:
            raise AnnotationError(
                f"unknown article {article!r} in {what} {ref!r}",
                where,
                hint=_did_you_mean(article, [a for a in self.others if a != self.article])
                + "ARTICLE is the ID of another article of the corpus (its file name "
                "without .yaml, or its 'article.id')",
            )
        if ident not in claims and self._left_out(ident, article):
            raise DependentError(f"{what} names {ref!r}, which failed to load", where)
        if ident not in claims:
            claims_file = shown(next(iter(claims.values())).location.file)
            raise AnnotationError(
                f"article {article!r} has no claim {ident!r} ({what})",
                where,
                hint=_did_you_mean(ident, list(claims), prefix=f"{article}/")
                + f"the claims of {article!r} are in {claims_file}",
            )
        return claims[ident]


def _did_you_mean(ref: str, candidates: list[str], prefix: str = "") -> str:
    close = difflib.get_close_matches(ref, candidates, n=3)
    return f"did you mean {', '.join(repr(prefix + c) for c in close)}?\n" if close else ""


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun


def _is_state(entry: Entry, kinds: tuple[Kind, ...]) -> bool:
    """A state is an actor and also the place of its territory."""
    return "place" in kinds and isinstance(entry.obj, Actor) and entry.obj.kind == "state"


def _collect(
    scope: Scope,
    sections: object,
    lines: LineIndex,
    owner: str | None,
    errors: Collector,
) -> None:
    for section, kind in SECTIONS:
        for i, obj in enumerate(getattr(sections, section, [])):
            path = (section, i)
            with errors.collect():
                scope.add(Entry(kind, obj, owner, lines.at(*path, "id"), path))


def registry_scope(registry: LoadedRegistry, errors: Collector) -> Scope:
    scope = Scope(broken={None: registry.broken}, registry_failed=registry.failed)
    if registry.lines is None:
        return scope
    _collect(scope, registry.model, registry.lines, None, errors)
    unresolved = _check_entities(scope, scope.entries.values(), registry.lines, errors)
    _check_content_links(scope, list(scope.entries.values()), registry.lines, errors, unresolved)
    return scope


def claim_index(corpus: Corpus) -> dict[str, dict[str, Entry]]:
    """Every article's claims by ID, for references across articles."""
    index: dict[str, dict[str, Entry]] = {}
    for article in corpus.articles:
        claims = index.setdefault(article.id, {})
        for i, claim in enumerate(article.model.claims):
            path = ("claims", i)
            claims.setdefault(
                claim.id, Entry("claim", claim, article.id, article.lines.at(*path, "id"), path)
            )
    return index


def article_scope(
    article: LoadedArticle,
    registry: Scope,
    claims: dict[str, dict[str, Entry]],
    errors: Collector,
    failed: dict[str, Path] | None = None,
    broken: dict[str, frozenset[str]] | None = None,
) -> Scope:
    """The IDs visible from ``article``, every reference of its own checked;
    ``failed``: the articles that failed to load (a reference to one says so);
    ``broken``: the IDs of the entries of each article left out for their errors
    (a reference to one is not checked: their own errors are reported)."""
    left_out = dict(registry.broken)
    for owner, idents in (broken or {}).items():
        left_out[owner] = idents
    left_out[article.id] = article.broken
    scope = Scope(
        dict(registry.entries),
        claims,  # the index is shared, not copied
        article.id,
        dict(failed or {}),
        left_out,
        registry.registry_failed,
    )
    _collect(scope, article.model, article.lines, article.id, errors)
    own = [e for e in scope.entries.values() if e.scope == article.id]
    broken_content = _check_entities(
        scope, [e for e in own if e.kind != "claim"], article.lines, errors
    )
    _check_content_links(scope, own, article.lines, errors, broken_content)
    # the claims whose references do not resolve are left out of the checks below
    unresolved = _check_entities(
        scope, [e for e in own if e.kind == "claim"], article.lines, errors
    )
    meta = article.model.article
    lines = article.lines
    # an article's own unnamed source and characterisation say it in its words
    without_words = [
        (
            ("propositions", i),
            f"proposition {prop.id!r}: a characterisation of an article needs 'words': the "
            "description, verbatim",
            "give 'words' (verbatim, anchored in the text); a characterisation several "
            "outlets word differently goes in registry.yaml, and each article anchors its own "
            "words for it under its 'mentions'",
        )
        for i, prop in enumerate(article.model.propositions)
        if prop.kind == "characterisation" and prop.words is None
    ] + [
        (
            ("actors", i),
            f"actor {actor.id!r}: an anonymous source of an article needs 'described_as': "
            "the article's words for it",
            "give 'described_as' (verbatim, anchored in the text); a source several articles "
            "cite goes in registry.yaml, and each article that cites it gives its own words "
            "for it under its 'mentions'",
        )
        for i, actor in enumerate(article.model.actors)
        if actor.needs_article_words
    ]
    for (section, i), message, hint in without_words:
        errors.collect_error(AnnotationError(message, lines.at(section, i, "id"), hint=hint))
    with errors.collect():
        if meta.author != "unknown":
            for i, ref in enumerate(meta.author):
                scope.lookup(ref, ("actor",), lines.at("article", "author", i), "article.author")
    with errors.collect():
        if meta.publisher != "unknown":
            scope.lookup(meta.publisher, ("actor",), lines.at("article", "publisher"), "publisher")
    with errors.collect():
        if meta.dateline is not None:
            scope.lookup(meta.dateline, ("place",), lines.at("article", "dateline"), "dateline")
    for i, mention in enumerate(article.model.mentions):
        with errors.collect():
            scope.lookup(
                mention.of,
                (*TOPICS, "post"),
                lines.at("mentions", i, "of"),
                f"mention {i + 1}.of",
            )
    _check_claims(scope, article, errors, unresolved)
    return scope


def references(entry: Entry) -> Iterable[tuple[str, list[str], tuple[Kind, ...]]]:
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
        yield "published_on", _opt(obj.published_on), ("document",)
        yield "alleged_author", obj.alleged_author, ("actor",)
        yield "authorship", obj.authorship, CONTENT
    elif isinstance(obj, Event):
        for role in ("instigators", "agents", "targets", "victims", "beneficiaries"):
            yield role, getattr(obj, role), ("actor",)
        yield "participants", obj.participants, ("actor",)
        yield "places", obj.places, ("place",)
        yield "part_of", obj.part_of, ("event",)
        yield "follows", obj.follows, ("event",)
    elif isinstance(obj, Proposition):
        # a cause or an exchange links what happens or holds (events, propositions)
        yield "subjects", obj.subjects, CONTENT if obj.kind in LINKS else TOPICS
        yield "objects", obj.objects, TOPICS
        yield "because_of", obj.because_of, (*CONTENT, "claim")
        yield "in_return_for", obj.in_return_for, CONTENT
    elif isinstance(obj, Post):
        yield "of", [obj.of], ("actor",)
        yield "holder", _opt(obj.holder), ("actor",)
    else:
        claimant = [] if obj.claimant in (None, AUTHOR) else [obj.claimant]
        yield "claimant", claimant, ("actor",)
        yield "as", obj.capacity, ("post",)
        yield "document", [] if obj.document in (None, "article") else [obj.document], ("document",)
        yield "asserts", obj.asserts, CONTENT
        yield "about", obj.about, TOPICS
        yield "relays", obj.relays, CLAIM
        yield "continues", _opt(obj.continues), CLAIM
        yield "inferred_from", obj.inferred_from, ("document",)
        for name in ("corroborates", "contradicts", "repeats", "same_statement"):
            yield name, getattr(obj, name), CLAIM
        if obj.said is not None and obj.said.to is not None:
            yield "said.to", [obj.said.to], ("actor",)
        yield "after", obj.after, ORDERED
        yield "in_response_to", obj.in_response_to, ORDERED


def _opt(value: str | None) -> list[str]:
    return [] if value is None else [value]


def _check_entities(
    scope: Scope, entries: Iterable[Entry], lines: LineIndex, errors: Collector
) -> set[str]:
    """Check every reference of ``entries``; the IDs of those with one that does
    not resolve (or names an entry that failed to load)."""
    unresolved: set[str] = set()
    for entry in entries:
        for name, refs, kinds in references(entry):
            keys: tuple[str, ...] = tuple(name.split("."))
            for j, ref in enumerate(refs):
                path = (*entry.path, *keys) if len(refs) == 1 else (*entry.path, *keys, j)
                try:
                    target = scope.lookup(ref, kinds, lines.at(*path), f"{entry.obj.id}.{name}")
                    if target.obj is entry.obj:
                        raise AnnotationError(
                            f"{entry.kind} {entry.obj.id!r} refers to itself in '{name}'",
                            lines.at(*path),
                        )
                except ClaimgraphError as exc:
                    errors.collect_error(exc)
                    unresolved.add(entry.obj.id)
    return unresolved


# -- order and cause between events and propositions ----------------------------


def _check_content_links(
    scope: Scope,
    entries: list[Entry],
    lines: LineIndex,
    errors: Collector,
    unresolved: set[str],
) -> None:
    """Order and cause among ``entries`` (their references resolved): an event does
    not follow itself through others (``follows``); a cause or an exchange does not
    link a thing to itself; and what an annotation says in its own voice (causes
    with status established) does not run in a circle. Causes only claimed may:
    two sources can each say the other way round, and the data shows both."""
    causes: dict[str, list[str]] = {}

    def leads_to(ident: str) -> list[str]:
        if not causes:  # read once, when a cause stated as established needs it
            causes.update(_established_causes(scope))
        return causes.get(ident, [])

    for entry in entries:
        obj = entry.obj
        if obj.id in unresolved:
            continue
        if isinstance(obj, Document):
            for message, key, hint in _authorship_problems(scope, obj):
                errors.collect_error(
                    AnnotationError(message, lines.at(*entry.path, *key), hint=hint)
                )
            continue
        if isinstance(obj, Event) and obj.follows:
            path = _circle(obj.id, obj.follows, lambda ident: _follows(scope, ident))
            if path is not None:
                key = (
                    ("follows",)
                    if len(obj.follows) == 1
                    else ("follows", obj.follows.index(path[1]))
                )
                errors.collect_error(
                    AnnotationError(
                        f"event {obj.id!r} follows itself through {' → '.join(path)}",
                        lines.at(*entry.path, *key),
                        hint="'follows' names events that happened before this one: an order "
                        "that comes back to where it started cannot hold",
                    )
                )
        if not isinstance(obj, Proposition) or obj.kind not in LINKS:
            continue
        field_name = "because_of" if obj.kind == "cause" else "in_return_for"
        linked = obj.because_of if obj.kind == "cause" else obj.in_return_for
        both = [ref for ref in linked if ref in obj.subjects]
        if both:
            key = (field_name,) if len(linked) == 1 else (field_name, linked.index(both[0]))
            what = (
                "happened or holds because of" if obj.kind == "cause" else "was done in return for"
            )
            errors.collect_error(
                AnnotationError(
                    f"proposition {obj.id!r}: {both[0]!r} {what} itself",
                    lines.at(*entry.path, *key),
                    hint=f"'subjects' is what {what} '{field_name}': name two different "
                    "events or propositions",
                )
            )
            continue
        if obj.kind == "cause" and obj.status == "established":
            for j, ref in enumerate(obj.because_of):
                path = _circle(ref, obj.subjects, leads_to)
                if path is None:
                    continue
                key = ("because_of",) if len(obj.because_of) == 1 else ("because_of", j)
                errors.collect_error(
                    AnnotationError(
                        f"proposition {obj.id!r}: the established causes run in a circle: "
                        f"{' → '.join(path)} (each leads to the next)",
                        lines.at(*entry.path, *key),
                        hint="a cause stated in the annotation's own voice (status: "
                        "established) cannot lead back to itself; if a source says so, the "
                        "cause is only claimed: give it status alleged (or disputed) and the "
                        "claim that asserts it",
                    )
                )
                break


def _makers(entry: Entry) -> list[str]:
    """Who an event or a proposition says did or holds it: an event's agents and
    instigators, a proposition's subjects."""
    obj = entry.obj
    if isinstance(obj, Event):
        return [*obj.agents, *obj.instigators]
    return list(obj.subjects) if isinstance(obj, Proposition) else []


def _authorship_problems(
    scope: Scope, doc: Document
) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """A document's claimed authorship (its references resolved): each 'authorship'
    is not established and names alleged authors among its makers; each alleged
    author is one of them. (message, key under the document, hint)"""
    makers: set[str] = set()
    for j, ref in enumerate(doc.authorship):
        key: tuple[str | int, ...] = (
            ("authorship",) if len(doc.authorship) == 1 else ("authorship", j)
        )
        entry = scope.entries.get(ref)
        if entry is None:  # another article's, or left out for its own errors
            continue
        own = set(_makers(entry))
        makers |= own
        status = getattr(entry.obj, "status", None)
        if status == "established":
            yield (
                f"document {doc.id!r}: its authorship {ref!r} is established, yet its "
                "authors are given as 'alleged_author'",
                key,
                "an authorship the text establishes is a plain 'author' (drop 'alleged_author' "
                f"and 'authorship'); if only a source says so, give {ref!r} status alleged "
                "(or disputed, denied) and the claim that asserts it",
            )
        elif not own & set(doc.alleged_author):
            yield (
                f"document {doc.id!r}: its authorship {ref!r} names none of its alleged "
                f"authors ({', '.join(doc.alleged_author)}) among its "
                + ("agents or instigators" if entry.kind == "event" else "subjects"),
                key,
                f"{ref!r} must say who made the document: name the alleged author among "
                "its " + ("agents" if entry.kind == "event" else "subjects") + ", or name "
                "in 'authorship' the event or proposition that says so",
            )
    if not makers:
        return
    for j, ref in enumerate(doc.alleged_author):
        if ref not in makers:
            key = ("alleged_author",) if len(doc.alleged_author) == 1 else ("alleged_author", j)
            yield (
                f"document {doc.id!r}: alleged author {ref!r} is not among those its "
                f"authorship ({', '.join(doc.authorship)}) says made it",
                key,
                "each alleged author must be an agent or instigator of an event, or a "
                "subject of a proposition, named in 'authorship': that is what the claims "
                "asserting it say",
            )


def _follows(scope: Scope, ident: str) -> list[str]:
    entry = scope.entries.get(ident)
    return entry.obj.follows if entry is not None and isinstance(entry.obj, Event) else []


def _established_causes(scope: Scope) -> dict[str, list[str]]:
    """What leads to what, by the causes the annotation states in its own voice:
    each cause to its effects (the subjects of a cause with status established)."""
    leads: dict[str, list[str]] = {}
    for entry in scope.entries.values():
        obj = entry.obj
        if isinstance(obj, Proposition) and obj.kind == "cause" and obj.status == "established":
            for cause in obj.because_of:
                leads.setdefault(cause, []).extend(obj.subjects)
    return leads


def _circle(
    start: str, first: list[str], step: Callable[[str], list[str]], stop: str | None = None
) -> list[str] | None:
    """The way from ``start`` through one of ``first``, then from each ID to those
    ``step`` gives, to ``stop`` (``start`` unless given), if there is one."""
    target = start if stop is None else stop
    seen: set[str] = set()
    frontier: list[list[str]] = [[start, ref] for ref in first]
    while frontier:
        path = frontier.pop(0)
        current = path[-1]
        if current == target:
            return path
        if current in seen:
            continue
        seen.add(current)
        frontier += [[*path, ref] for ref in step(current)]
    return None


# -- attribution -----------------------------------------------------------------


def claimant_of(claim: Claim, scope: Scope) -> str:
    """The claim's claimant: its own, or carried over by ``continues``; else the author."""
    seen: set[str] = set()
    current = claim
    while current.claimant is None and current.continues and current.id not in seen:
        seen.add(current.id)
        if current.continues not in scope.entries:  # left out for its errors
            break
        nxt = scope.entries[current.continues].obj
        assert isinstance(nxt, Claim)
        current = nxt
    return current.claimant or AUTHOR


def _claimant_of_entry(scope: Scope, entry: Entry) -> str:
    """The claimant of ``entry``, a claim of any article: its own, carried over by
    ``continues`` in its article, else that article's author (``author of ARTICLE``)."""
    claims = scope.others.get(entry.scope or "", {})
    current: Entity = entry.obj
    seen: set[str] = set()
    while isinstance(current, Claim) and current.claimant is None and current.continues:
        if current.id in seen or current.continues not in claims:
            break
        seen.add(current.id)
        current = claims[current.continues].obj
    assert isinstance(current, Claim)
    return current.claimant or f"{AUTHOR} of {entry.scope}"


_SAME_STATEMENT_HINT = (
    "one statement has one claimant. If this hop reports that statement, write "
    "'relays: {ref}' instead; if two claimants each say it, these are two statements of "
    "the same content: give both hops 'asserts' the same event or proposition (and link "
    "them with 'corroborates' or 'repeats')"
)


def _same_statement_problem(scope: Scope, claim: Claim, ref: str) -> str | None:
    """Why ``claim`` cannot be the same statement as the claim ``ref`` names: their
    claimants differ (the article's author of one article is not another's)."""
    assert scope.article is not None
    mine = _claimant_of_entry(scope, scope.claim(f"{scope.article}/{claim.id}"))
    target = scope.claim(ref)
    theirs = _claimant_of_entry(scope, target)
    if mine == theirs:
        return None
    return (
        f"'same_statement' names {ref!r}, a hop whose claimant is {_who(theirs)}, but this "
        f"hop's claimant is {_who(mine)}: the same statement cannot have two claimants"
    )


def _who(claimant: str) -> str:
    if claimant.startswith(f"{AUTHOR} of "):
        return f"the author of article {claimant.removeprefix(f'{AUTHOR} of ')!r}"
    return repr(claimant)


def document_of(claim: Claim, claimant: str) -> str | None:
    """The claim's document: its own; the article for the author's hops; else none."""
    if claim.document is not None:
        return claim.document
    return "article" if claimant == AUTHOR else None


def _check_claims(
    scope: Scope, article: LoadedArticle, errors: Collector, unresolved: set[str]
) -> None:
    """The attribution checks of every claim whose references all resolved (those
    in ``unresolved`` are left out: the checks need what they name)."""
    lines = article.lines
    authors = article.model.article.author
    own_claims = {c.id for c in article.model.claims}
    mentioned = {m.of for m in article.model.mentions}
    for i, claim in enumerate(article.model.claims):
        if claim.id in unresolved:
            continue

        def fail(
            message: str,
            *key: str | int,
            hint: str | None = None,
            ident: str = claim.id,
            index: int = i,
        ) -> None:
            errors.collect_error(
                AnnotationError(
                    f"claim {ident!r}: {message}",
                    lines.at("claims", index, *key) if key else lines.at("claims", index, "id"),
                    hint=hint,
                )
            )

        _check_cycle(scope, article, claim, i, errors)
        _check_order(scope, article, claim, i, errors)
        for ident, keys in _carried_characterisations(scope, claim):
            if ident not in mentioned:
                what = {"asserts": "asserts", "about": "doubts"}.get(
                    str(keys[0]), "relays a statement that asserts"
                )
                fail(
                    f"it {what} {ident!r}, a characterisation shared in registry.yaml "
                    "without words of its own, and this article gives no words of its own "
                    "for it",
                    *keys,
                    hint=f"add this article's words for it, verbatim, under 'mentions': "
                    f"{{of: {ident}, text: WORDS}}; each outlet's words for a shared "
                    "characterisation (its spelling of a slur, say) are its own",
                )
        for j, ref in enumerate(claim.same_statement):
            problem = _same_statement_problem(scope, claim, ref)
            if problem is not None:
                several = len(claim.same_statement) > 1
                key = ("same_statement", j) if several else ("same_statement",)
                fail(problem, *key, hint=_SAME_STATEMENT_HINT.format(ref=ref))
        if claim.continues is not None and claim.continues not in own_claims:
            fail(
                f"'continues' names {claim.continues!r}, which is not a claim of this article",
                "continues",
                hint="a carried-over attribution continues an earlier claim of the same article",
            )
            continue
        claimant = claimant_of(claim, scope)
        if claim.continues is not None and claim.claimant is not None:
            earlier = scope.entries[claim.continues].obj
            assert isinstance(earlier, Claim)
            carried = claimant_of(earlier, scope)
            if carried != claim.claimant:
                fail(
                    f"it continues {earlier.id!r}, whose claimant is {carried!r}, "
                    f"but names the claimant {claim.claimant!r}",
                    "claimant",
                    hint="a continuation carries the earlier claim's source over: drop "
                    "'claimant', or drop 'continues' if the source changes",
                )
        act = claim.speech_act
        if act in STANCELESS_ACTS:
            for problem, keys, hint in _doubt_problems(scope, claim):
                fail(problem, *keys, hint=hint)
        elif claim.stanceless:  # a criticism or a question that names only what it concerns
            for problem, keys, hint in _bare_criticism_problems(scope, claim):
                fail(problem, *keys, hint=hint)
        elif not claim.asserts and not claim.relays:
            fail(
                "it asserts nothing",
                hint="give 'asserts' (the events or propositions it states) or 'relays' "
                "(the claim it reports); 'about' only names what it concerns",
            )
        if claim.act is None and not claim.relays and claimant != AUTHOR:
            fail(
                f"it does not say what {claimant!r} does: give 'act'",
                hint="act: say, claim, allege, reveal, confirm, deny, doubt, suggest, "
                "announce, accuse or state: the speech act of this hop's own claimant",
            )
        if claim.relays:
            if claim.asserts:
                fail(
                    f"it relays {', '.join(claim.relays)} and also asserts "
                    f"{', '.join(claim.asserts)}",
                    "asserts",
                    hint="a hop that relays another's statement reports it without asserting "
                    "its content; what the reporter states in its own voice is a hop of its own",
                )
            if act not in RELAYING_ACTS:
                fail(
                    f"it relays {', '.join(claim.relays)} but has act {act!r}",
                    "act",
                    hint="a hop that relays another's statement only reports it (act: report, "
                    "or cite): the speech act it reports, such as deny or confirm, belongs "
                    "on the relayed hop, whose claimant performs it",
                )
            if claim.stance == "negative":
                fail(
                    f"it relays {', '.join(claim.relays)} with polarity negative",
                    "polarity",
                    hint="reporting a denial is not denying: put 'act: deny' (polarity "
                    "negative) on the denier's hop, and leave this reporting hop positive",
                )
        degree = claim.degree_anchor
        if degree is not None and (claim.relays or claim.stanceless):
            fail(
                f"it has a degree («{degree.text}»)"
                + (f" but relays {', '.join(claim.relays)}" if claim.relays else f", act {act}"),
                "degree",
                hint="how far something holds is said by the claimant who states it: put "
                "'degree' on that claimant's own hop (like its polarity); a doubt, a "
                "criticism that names only what it criticises or a question that takes "
                "nothing as given takes no side, so it has no degree",
            )
        for problem, keys, hint in _reports_only_problems(scope, claim):
            fail(problem, *keys, hint=hint)
        if act == "deny" and claim.polarity == "positive":
            fail("act deny with polarity positive", "polarity", hint="a denial is negative")
        if act == "confirm" and claim.polarity == "negative":
            fail("act confirm with polarity negative", "polarity", hint="use act: deny")
        if claimant == AUTHOR and act == "deny":
            fail(
                "the article's author has act deny",
                "act",
                hint="who denies is never the reporter: write the denier's hop (claimant: "
                "the denier, act: deny) and let this hop relay it",
            )
        for j, ref in enumerate(claim.contradicts):
            other = _named(scope, ref)
            if isinstance(other, Claim) and other.speech_act in STANCELESS_ACTS:
                several = len(claim.contradicts) > 1
                fail(
                    f"it contradicts {ref!r}, a doubt (act: {other.speech_act})",
                    *(("contradicts", j) if several else ("contradicts",)),
                    hint="a doubt says nothing that a claim could contradict: drop "
                    f"{ref!r} from 'contradicts' (what it doubts is under its 'about')",
                )
        if claim.cue is not None and claim.cue.type in _THIRD:
            for problem, hint in _cue_problems(scope, claim):
                fail(problem, "cue", hint=hint)
        document = document_of(claim, claimant)
        for source, keys in _cited_sources(scope, claim, claimant, document):
            if source not in mentioned:
                what = (
                    f"it relays a statement of {source!r}, an anonymous source"
                    if keys[0] == "relays"
                    else f"its claimant {source!r} is an anonymous source"
                )
                fail(
                    f"{what} shared in registry.yaml, and this article gives no words of its "
                    "own for it",
                    *keys,
                    hint=f"add the article's words for it, verbatim, under 'mentions': "
                    f"{{of: {source}, text: WORDS}} (such as 'a senior official'); each "
                    "article that cites a shared anonymous source says who it is in its own "
                    "words",
                )
        if document == "article" and claimant != AUTHOR:
            fail(
                f"its claimant {claimant!r} is not the article's author, yet it is stated "
                "in the article",
                "document" if claim.document else "claimant",
                hint="the article reports what others say: give this hop 'said:' (when, how "
                "and to whom it was said) or the 'document' it is stated in, and an article "
                "hop (the default claimant, the author) that relays it",
            )
        elif document is None and claim.said is None:
            fail(
                f"it does not say where {claimant!r} made it",
                hint="give 'said:' (when, how and to whom: said: {medium: interview, to: "
                "some-outlet, when: on Wednesday}; 'said: {medium: unknown}' if the text "
                "does not say) or the 'document' it is stated in",
            )
        for ident in claim.capacity:
            post = scope.entries[ident].obj
            assert isinstance(post, Post)
            holders = _claimant_ids(claimant, authors)
            if post.holder is not None and post.holder not in holders:
                fail(
                    f"it speaks as {post.id!r}, a post held by {post.holder!r}, not by its "
                    f"claimant {claimant!r}",
                    "as",
                )


def _content(scope: Scope, claim: Claim, owner: str, seen: frozenset[str]) -> list[str]:
    """The IDs of what ``claim`` (of article ``owner``) asserts or, for a hop that
    relays, what the statements it relays assert, down their chains: the content its
    report is about; of that, only the part it reports ('reports_only') if it says."""
    if claim.content:
        return claim.content
    found: list[str] = []
    for ref in claim.relays:
        for ident in _relayed_content(scope, ref, owner, seen):
            if ident not in found:
                found.append(ident)
    if claim.reports_only:
        return [ident for ident in found if ident in claim.reports_only]
    return found


def _relayed_content(scope: Scope, ref: str, owner: str, seen: frozenset[str]) -> list[str]:
    """What the statement ``ref`` (named in article ``owner``) is about; nothing if
    it failed to load, or leads back to a claim in ``seen`` (a cycle, said apart)."""
    qualified = ref if "/" in ref else f"{owner}/{ref}"
    if qualified in seen:
        return []
    try:
        entry = scope.claim(qualified)
    except KeyError:  # left out for its errors
        return []
    if not isinstance(entry.obj, Claim) or entry.scope is None:
        return []  # not a claim: said where it is named
    return _content(scope, entry.obj, entry.scope, seen | {qualified})


def _reports_only_problems(
    scope: Scope, claim: Claim
) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """A hop that reports only part of a statement names parts of what the statements
    it relays assert (or deny), and some part of each of them."""
    if not claim.reports_only:
        return
    if not claim.relays:
        yield (
            f"'reports_only' names what it reports of a relayed statement "
            f"({', '.join(claim.reports_only)}), but it relays none",
            ("reports_only",),
            "give 'relays' (the statement this hop reports part of) or, for what the "
            "claimant states in its own voice, 'asserts' instead of 'reports_only'",
        )
        return
    assert scope.article is not None
    seen = frozenset({f"{scope.article}/{claim.id}"})
    relayed = {ref: _relayed_content(scope, ref, scope.article, seen) for ref in claim.relays}
    if not all(relayed.values()):
        return  # a relayed statement left out for its errors, or in a cycle: said apart
    content = list(dict.fromkeys(ident for idents in relayed.values() for ident in idents))
    statement = (
        f"the statement it relays ({claim.relays[0]!r})"
        if len(claim.relays) == 1
        else f"the statements it relays ({', '.join(map(repr, claim.relays))})"
    )
    several = len(claim.reports_only) > 1
    for j, ident in enumerate(claim.reports_only):
        if ident not in content:
            yield (
                f"'reports_only' names {ident!r}, which {statement} does not assert or deny: "
                f"it asserts {', '.join(content)}",
                ("reports_only", j) if several else ("reports_only",),
                _did_you_mean(ident, content)
                + "list the events or propositions of the relayed statement that this hop "
                "reports; something the reporter says in its own voice is a hop of its own",
            )
    for ref, idents in relayed.items():
        if not any(ident in claim.reports_only for ident in idents):
            yield (
                f"it relays {ref!r}, but 'reports_only' names none of what that statement "
                f"asserts ({', '.join(idents)})",
                ("reports_only",),
                f"add the part of {ref!r} this hop reports to 'reports_only', or drop "
                f"{ref!r} from 'relays' if it does not report it",
            )


def _carried_characterisations(
    scope: Scope, claim: Claim
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """The characterisations shared without words that ``claim`` asserts, or that a
    statement of another article it relays asserts, each with the key of the field
    that brings it in (this article's own statements are checked as its claims)."""
    field = "about" if claim.stanceless else "asserts"  # a doubt's or a bare criticism's
    for j, ref in enumerate(claim.content):
        if _shared_words_needed(scope, ref):
            yield ref, (field, j) if len(claim.content) > 1 else (field,)
    for j, ref in enumerate(claim.relays):
        if "/" not in ref or ref.split("/", 1)[0] == scope.article:
            continue
        key: tuple[str | int, ...] = ("relays", j) if len(claim.relays) > 1 else ("relays",)
        seen: set[str] = set()
        frontier = [ref]  # down the other article's chain, to what its hops assert
        while frontier:
            current = frontier.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                entry = scope.claim(current)
            except KeyError:  # left out for its errors
                continue
            relayed = entry.obj
            assert isinstance(relayed, Claim)
            for ident in relayed.content:
                if _shared_words_needed(scope, ident):
                    yield ident, key
            frontier += [r if "/" in r else f"{entry.scope}/{r}" for r in relayed.relays]


def _shared_words_needed(scope: Scope, ident: str) -> bool:
    """Whether ``ident`` names a characterisation shared in the registry without
    words of its own: each article that carries it anchors its own words."""
    entry = scope.entries.get(ident)
    return (
        entry is not None
        and entry.scope is None
        and isinstance(entry.obj, Proposition)
        and entry.obj.kind == "characterisation"
        and entry.obj.words is None
    )


def _needs_words(scope: Scope, ident: str) -> bool:
    """Whether ``ident`` names a registry's anonymous source without words of its own
    (an article's own is refused such, where it is defined)."""
    entry = scope.entries.get(ident)
    return (
        entry is not None
        and entry.scope is None
        and isinstance(entry.obj, Actor)
        and entry.obj.needs_article_words
    )


def _cited_sources(
    scope: Scope, claim: Claim, claimant: str, document: str | None
) -> Iterator[tuple[str, tuple[str | int, ...]]]:
    """The anonymous sources without words of their own (shared in the registry)
    that ``claim`` cites, each with the key of the claim's field that names it: its
    claimant, and, for an article's hop, the claimant of a statement of another
    article it relays (this article's own are checked as its own claims)."""
    if claimant != AUTHOR and _needs_words(scope, claimant):
        yield claimant, ("claimant",) if claim.claimant is not None else ("continues",)
    if document != "article":
        return
    for j, ref in enumerate(claim.relays):
        if "/" not in ref or ref.split("/", 1)[0] == scope.article:
            continue
        source = _claimant_of_entry(scope, scope.claim(ref))
        if _needs_words(scope, source):
            yield source, ("relays", j) if len(claim.relays) > 1 else ("relays",)


def _claimant_ids(claimant: str, authors: str | list[str]) -> list[str]:
    if claimant != AUTHOR:
        return [claimant]
    return [] if authors == "unknown" else list(authors)


_THIRD = {"deny": "denies", "confirm": "confirms", "doubt": "doubts"}


def _named(scope: Scope, ref: str) -> object:
    """What ``ref`` names (ARTICLE/CLAIM for another article's claim); None if it
    was left out for its errors."""
    try:
        return scope.claim(ref).obj
    except KeyError:
        return None


def _doubt_problems(scope: Scope, claim: Claim) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """A doubt ("do not believe", "do not buy") names what it doubts under 'about'
    (events or propositions) and takes no side on it: it asserts nothing, has no
    polarity and contradicts no claim (the claim it doubts is what it answers)."""
    if claim.relays:
        return  # a hop that relays has act report or cite: said apart
    if claim.polarity is not None:
        yield (
            f"act doubt with polarity {claim.polarity}",
            ("polarity",),
            "a doubt neither affirms nor denies: drop 'polarity'; a claimant who says "
            "it is not so denies it (act: deny)",
        )
    if claim.asserts:
        yield (
            f"act doubt, yet it asserts {', '.join(claim.asserts)}",
            ("asserts",),
            "a doubt asserts nothing: name what it doubts under 'about'; what the "
            "doubters state in their own voice is a hop of its own (continues: this one)",
        )
    if not claim.about:
        yield (
            "it doubts nothing: act doubt without 'about'",
            (),
            "name under 'about' the events or propositions the claimant does not believe "
            "(those the doubted claim asserts), and the claim under 'in_response_to'",
        )
    several = len(claim.about) > 1
    for j, ref in enumerate(claim.about):
        if not isinstance(_named(scope, ref), Event | Proposition):
            yield (
                f"act doubt, and 'about' names {ref!r}, which is not an event or a proposition",
                ("about", j) if several else ("about",),
                "name the events or propositions doubted (those the doubted claim "
                f"asserts); if {ref!r} is the claim not believed, put it under "
                "'in_response_to'",
            )
    if claim.contradicts:
        yield (
            f"act doubt, yet it contradicts {', '.join(claim.contradicts)}",
            ("contradicts",),
            "a doubt does not say the opposite: put the claim it does not believe under "
            "'in_response_to', or make this hop a denial (act: deny) if the claimant "
            "says it is not so",
        )


# What a hop of each act that names only what it concerns is called in messages.
_ABOUT_ONLY = {
    "criticise": (
        "a criticism that names only what it criticises",
        "what the critic holds",
        "a criticism of a statement",
    ),
    "ask": (
        "a question that takes nothing as given",
        "what the question takes as given",
        "a question about a statement",
    ),
}


def _bare_criticism_problems(
    scope: Scope, claim: Claim
) -> Iterator[tuple[str, tuple[str | int, ...], str]]:
    """A criticism of which the text gives only the target ("criticised the
    policy"), or a question that takes nothing as given ("What's happening?"), names
    what it concerns under 'about' and takes no side on any proposition: it has no
    polarity (with 'asserts' it would have one)."""
    act = claim.speech_act
    what, held, of_statement = _ABOUT_ONLY[act]
    if claim.polarity is not None:
        yield (
            f"act {act} with only 'about' and polarity {claim.polarity}",
            ("polarity",),
            f"{what} asserts nothing, for or against: drop 'polarity', or give {held} "
            "under 'asserts' when the text says it",
        )
    several = len(claim.about) > 1
    for j, ref in enumerate(claim.about):
        if isinstance(_named(scope, ref), Claim):
            yield (
                f"act {act}, and 'about' names the statement {ref!r}",
                ("about", j) if several else ("about",),
                f"{of_statement} answers it: put it under 'in_response_to', and under "
                "'about' what the statement is of",
            )


def _cue_problems(scope: Scope, claim: Claim) -> Iterator[tuple[str, str]]:
    """A deny or confirm cue names the act of the hop it relays, or its own."""
    assert claim.cue is not None
    cue_act = claim.cue.type
    if not claim.relays:
        if claim.speech_act != cue_act:
            yield (
                f"its cue «{claim.cue.text}» is of type {cue_act}, but the hop's act is "
                f"{claim.speech_act}",
                f"a {cue_act} cue on the article's own hop names someone else's "
                f"{cue_act}: write that claimant's hop (act: {cue_act}) and relay it",
            )
        return
    for ref in claim.relays:
        relayed = scope.claim(ref).obj
        assert isinstance(relayed, Claim)
        if relayed.speech_act != cue_act:
            yield (
                f"its cue «{claim.cue.text}» says the relayed claimant {_THIRD[cue_act]}, but "
                f"{ref!r} has act {relayed.speech_act}",
                f"give {ref!r} 'act: {cue_act}', or change the cue's type",
            )


def _check_order(
    scope: Scope, article: LoadedArticle, start: Claim, i: int, errors: Collector
) -> None:
    """A statement is not made after itself: 'after' and 'in_response_to' (the
    statements this one came after, or answers) never lead back to it."""
    fields = [("after", ref) for ref in start.after] + [
        ("in_response_to", ref) for ref in start.in_response_to
    ]
    if not fields:
        return

    def qualified(ref: str, owner: str) -> str:
        return ref if "/" in ref else f"{owner}/{ref}"

    def later(ref: str) -> list[str]:
        owner, _, ident = ref.partition("/")
        claims = scope.others.get(owner, {})
        entry = claims.get(ident)
        if entry is None or not isinstance(entry.obj, Claim):
            return []  # an event or a document (they come after no statement), or left out
        return [qualified(r, owner) for r in [*entry.obj.after, *entry.obj.in_response_to]]

    origin = qualified(start.id, article.id)
    for name, ref in fields:
        entry = scope.entries.get(ref) if "/" not in ref else None
        if entry is not None and entry.kind != "claim":
            continue
        path = _circle(origin, [qualified(ref, article.id)], later)
        if path is None:
            continue
        refs = getattr(start, name)
        key = (name,) if len(refs) == 1 else (name, refs.index(ref))
        errors.collect_error(
            AnnotationError(
                f"claim {start.id!r} is said to come after itself: {' → '.join(path)} "
                "(each made after the next)",
                article.lines.at("claims", i, *key),
                hint="'after' and 'in_response_to' name statements made before this one: "
                "an order that comes back to where it started cannot hold",
            )
        )
        return


def _check_cycle(
    scope: Scope, article: LoadedArticle, start: Claim, i: int, errors: Collector
) -> None:
    def qualified(ref: str, owner: str) -> str:
        return ref if "/" in ref else f"{owner}/{ref}"

    origin = qualified(start.id, article.id)
    seen = [origin]
    frontier = [qualified(r, article.id) for r in start.relays]
    while frontier:
        current = frontier.pop()
        if current == origin:
            with errors.collect():
                raise AnnotationError(
                    f"claim {start.id!r} relays itself through {' → '.join(seen)} → {origin}",
                    article.lines.at("claims", i, "relays"),
                    hint="a report chain runs from the article down to the original source, "
                    "never back",
                )
            return
        if current in seen:
            continue
        seen.append(current)
        try:
            relayed = scope.claim(current)
        except KeyError:  # left out for its errors, or said unknown already
            continue
        assert isinstance(relayed.obj, Claim) and relayed.scope is not None
        frontier += [qualified(r, relayed.scope) for r in relayed.obj.relays]
