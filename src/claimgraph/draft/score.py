"""Scoring a drafted annotation against the hand ("gold") annotation of the same article.

Both annotations are read as claimgraph reads every annotation: the gold one
from its corpus (:func:`read_gold`), the draft from a folder of its own that
holds only the draft, a copy of the article's text and of ``registry.yaml``
(:func:`read_draft`; and, should the draft name claims of other articles, the
hand annotations of those articles, as context). Every cue, quote, mention and
``described_as`` becomes character offsets by claimgraph's own anchoring
(:func:`claimgraph.rdf.anchors.locate_anchors`): offsets are code points of the
NFC text, end exclusive. Only :func:`read_gold` and :func:`read_draft` touch
files; everything else is a pure function of what they return.

Definitions (the figures ``bench/draft.py`` prints are these):

* **Effective claimant** of a claim: its ``claimant``; else the claimant carried
  over by ``continues`` (the chain followed); else ``author``. A claimant that
  is one of the article's ``article.author`` actors counts as ``author``.
* **Attributed claim**: a claim of the article file (any hop, the article's own
  or another's) that has a cue, or relays another claim, or whose effective
  claimant is not the author. The other claims, plain author-voice statements
  (no cue, no relays, claimant the author), are left out of every score below
  on both sides, and counted apart.
* **Cue and quote spans**: the sets of (begin, end) of the cues, and of the
  quotes (each part of a quotation split by its cue), of the attributed claims;
  identical spans count once. P = matched
  draft spans / draft spans, R = matched gold spans / gold spans,
  F1 = 2 matched / (gold + draft). *Exact*: same begin and end. *Overlap*
  (Citron's): spans sharing at least one character, paired one to one, greedily
  by the largest shared length. Quotes are also scored at the Gender Gap
  Tracker's overlap ratios, 0.3 and 0.8: pairs whose shared length over the
  longer span's length reaches the ratio, paired the same way.
* **Attribution**: one per relayed claim of each attributed claim that has a
  cue or a quote anchored (one, for a claim that relays nothing). Its cue and
  quote are the claim's; its **source** is the effective claimant of the
  relayed hop (of the claim itself if it relays nothing); its **act** is that
  hop's speech act; its **chain** is the effective claimants from the claim
  down: the claim, the relayed hop, then the first relayed hop at each level;
  its **stances** are the polarities of the chain's hops, in order, and its
  **degrees** the words of each hop's ``degree`` (none for most), compared case
  folded, spaces folded. It is a **denial** if any stance is negative.
* **Same actor**: both the author; both registry actors with the same ID; both
  the same actor of a third article; otherwise (an actor of the article file on
  either side, or a registry actor against one) a shared name (any of
  ``names`` and the ``described_as`` text, compared case-insensitively, spaces
  folded, curly quotes as straight, a leading "the" dropped) or overlapping
  spans (the ``described_as`` and the ``mentions`` of the actor in this text).
* **Matched attributions**: gold and draft attributions paired one to one when
  their cues or their quotes (cue with cue, quote with quote) overlap (overlap
  mode) or are identical (exact mode); greedily, by the most identical spans,
  then the most shared characters; among equal pairs, one with the same source,
  then the same act, then the same chain first (a quote that relays two hops of
  one claimant is two gold attributions with the same spans).
* **Claimant** P/R/F1: correct = matched pairs whose sources are the same actor;
  P = correct / draft attributions, R = correct / gold attributions.
* **Speech act** accuracy: matched pairs whose source hops have the same act,
  over matched pairs. **Polarity** accuracy: matched pairs whose stances are
  equal position by position (chains of different length differ), over matched
  pairs; and the same over the matched pairs whose gold attribution is a denial.
  **Degree** accuracy: matched pairs whose degrees are equal position by
  position, over the matched pairs either of which gives a degree on a hop.
* **Chains exactly right**: gold attributions whose matched draft attribution
  has a chain of the same length, the same actor at each position; over all
  gold attributions (an unmatched one is wrong).
* **Denials given to the reporter**: hops of the draft whose stance is negative
  and whose effective claimant is the author or whose act is report or cite.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Literal, TypeVar

import yaml

from claimgraph.annotation.anchoring import Span
from claimgraph.annotation.corpus import (
    Corpus,
    LoadedArticle,
    LoadedRegistry,
    load_article,
    load_files,
    referenced_articles,
)
from claimgraph.annotation.files import REGISTRY_NAME
from claimgraph.annotation.model import RELAYING_ACTS, Actor, Claim, Polarity, Registry
from claimgraph.annotation.resolve import (
    AUTHOR,
    SECTIONS,
    Scope,
    article_scope,
    claim_index,
    references,
    registry_scope,
)
from claimgraph.annotation.yamlio import load_yaml
from claimgraph.errors import ClaimgraphError, Collector
from claimgraph.rdf.anchors import locate_anchors, quote_part_path

SourceKind = Literal["author", "registry", "article", "other", "unknown"]


# -- actors --------------------------------------------------------------------


_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def name_key(name: str) -> str:
    """A name as names are compared: case folded, spaces folded, curly quotes
    straight, without a leading "the"."""
    key = " ".join(name.translate(_FOLD).split()).casefold()
    return key.removeprefix("the ")


@dataclass(frozen=True)
class Source:
    """An actor as the scorer compares it (see "Same actor" above)."""

    kind: SourceKind
    id: str  # 'author'; a registry ID; ARTICLE/ID for a third article's actor; a local ID
    label: str
    names: frozenset[str] = frozenset()
    spans: tuple[Span, ...] = ()


def overlap(a: Span, b: Span) -> int:
    """How many characters two spans share."""
    return max(0, min(a.end, b.end) - max(a.begin, b.begin))


def same_actor(a: Source, b: Source) -> bool:
    if "unknown" in (a.kind, b.kind):
        return False
    if "author" in (a.kind, b.kind):
        return a.kind == b.kind and a.id == b.id
    if a.kind == b.kind == "registry":
        return a.id == b.id
    if a.kind == b.kind == "other" and a.id == b.id:
        return True
    return bool(a.names & b.names) or any(overlap(x, y) for x in a.spans for y in b.spans)


def same_chain(a: Sequence[Source], b: Sequence[Source]) -> bool:
    return len(a) == len(b) and all(same_actor(x, y) for x, y in zip(a, b, strict=True))


# -- one annotation, analysed --------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """An anchored attributed claim and one of the hops it relays (see above)."""

    claim: str
    cue: Span | None
    quote: Span | None
    source: Source
    act: str
    chain: tuple[Source, ...]
    stances: tuple[Polarity, ...]
    degrees: tuple[str | None, ...] = ()

    @property
    def denial(self) -> bool:
        return "negative" in self.stances


@dataclass(frozen=True)
class Analysed:
    """What the scores are computed from, for one annotation of one article."""

    text: str
    cues: tuple[Span, ...]
    quotes: tuple[Span, ...]
    attributions: tuple[Attribution, ...]
    author_voice: int  # plain author-voice statements, left out of the scores
    reporter_denials: tuple[str, ...]  # IDs of negative hops of the author, or that relay
    claims: int
    actors: int
    mentions: int
    problems: tuple[str, ...] = ()  # anchors not found, references not resolved

    @classmethod
    def empty(cls, text: str, problems: tuple[str, ...] = ()) -> Analysed:
        """A draft that could not be read scores as one that found nothing."""
        return cls(text, (), (), (), 0, (), 0, 0, 0, problems)


def effective_claimant(claim: Claim, claims: Mapping[str, Claim]) -> str:
    """The claim's claimant, else the one carried over by ``continues``, else
    the author: :func:`claimgraph.annotation.resolve.claimant_of`, tolerant of a
    ``continues`` that names nothing (a draft that does not resolve is scored
    all the same)."""
    seen: set[str] = set()
    while claim.claimant is None and claim.continues is not None and claim.id not in seen:
        seen.add(claim.id)
        earlier = claims.get(claim.continues)
        if earlier is None:
            break
        claim = earlier
    return claim.claimant or AUTHOR


@dataclass(frozen=True)
class _Hop:
    claim: Claim
    article: str  # the ID of the article whose file defines it


class _Reader:
    """Analyses one article of a loaded corpus (the corpus gives the registry
    and any article whose claims it names)."""

    def __init__(self, corpus: Corpus, article: LoadedArticle) -> None:
        errors = Collector()
        shared = registry_scope(corpus.registry, errors)
        index = claim_index(corpus)
        self.article = article
        self.articles = {a.id: a for a in corpus.articles}
        self.scopes: dict[str, Scope] = {
            a.id: article_scope(a, shared, index, errors) for a in corpus.articles
        }
        self.claims = {a.id: {c.id: c for c in a.model.claims} for a in corpus.articles}
        self.spans = locate_anchors(article, errors)
        own = article.annotation_source.path
        self.problems = tuple(
            str(e) for e in errors.errors if e.location is None or e.location.file == own
        )
        self.actor_spans: dict[str, list[Span]] = {}
        model = article.model
        for i, actor in enumerate(model.actors):
            span = self.spans.get(("actors", i, "described_as"))
            if span is not None:
                self.actor_spans.setdefault(actor.id, []).append(span)
        for i, mention in enumerate(model.mentions):
            span = self.spans.get(("mentions", i, "text"))
            if span is not None:
                self.actor_spans.setdefault(mention.of, []).append(span)

    def source(self, hop: _Hop) -> Source:
        """The effective claimant of ``hop``, as the scorer compares actors."""
        ident = effective_claimant(hop.claim, self.claims[hop.article])
        meta = self.articles[hop.article].model.article
        own = hop.article == self.article.id
        if ident == AUTHOR or (meta.author != "unknown" and ident in meta.author):
            key = AUTHOR if own else f"{hop.article}/{AUTHOR}"
            return Source("author", key, "the author" if own else f"the author of {hop.article}")
        entry = self.scopes[hop.article].entries.get(ident)
        if entry is None or not isinstance(entry.obj, Actor):
            return Source("unknown", ident, f"{ident} (not an actor)")
        actor = entry.obj
        names = [*actor.names]
        anchor = actor.description_anchor
        if anchor is not None:
            names.append(anchor.text)
        kind: SourceKind
        if entry.scope is None:
            kind, key = "registry", ident
        elif entry.scope == self.article.id:
            kind, key = "article", ident
        else:
            kind, key = "other", f"{entry.scope}/{ident}"
        spans = tuple(self.actor_spans.get(ident, ())) if kind != "other" else ()
        label = f"{names[0]} [{key}]" if names else key
        return Source(kind, key, label, frozenset(name_key(n) for n in names), spans)

    def relayed(self, hop: _Hop, ref: str) -> _Hop | None:
        try:
            entry = self.scopes[hop.article].claim(ref)
        except KeyError:
            return None
        if not isinstance(entry.obj, Claim) or entry.scope is None:
            return None
        return _Hop(entry.obj, entry.scope)

    def chain(self, start: _Hop) -> list[_Hop]:
        """``start``, then the first hop it relays at each level."""
        hops = [start]
        seen = {(start.article, start.claim.id)}
        while hops[-1].claim.relays:
            nxt = self.relayed(hops[-1], hops[-1].claim.relays[0])
            if nxt is None or (nxt.article, nxt.claim.id) in seen:
                break
            seen.add((nxt.article, nxt.claim.id))
            hops.append(nxt)
        return hops

    def attributions(
        self, hop: _Hop, cue: Span | None, quote: Span | None
    ) -> Iterator[Attribution]:
        targets = [self.relayed(hop, ref) for ref in hop.claim.relays]
        for target in targets or [None]:
            if target is None and hop.claim.relays:  # a relay that names nothing
                unknown = Source("unknown", ",".join(hop.claim.relays), "(unresolved relay)")
                yield Attribution(
                    hop.claim.id, cue, quote, unknown, "?", (self.source(hop), unknown), ()
                )
                continue
            hops = [hop, *self.chain(target)] if target is not None else [hop]
            speaker = target or hop
            yield Attribution(
                hop.claim.id,
                cue,
                quote,
                self.source(speaker),
                speaker.claim.speech_act,
                tuple(self.source(h) for h in hops),
                tuple(h.claim.stance for h in hops),
                tuple(_degree(h.claim) for h in hops),
            )

    def quote_parts(self, claim: Claim, index: int) -> list[Span]:
        """The anchored parts of the claim's quote, if it is split by its cue."""
        count = len(claim.quote.parts) if claim.quote is not None and claim.quote.parts else 0
        paths = [quote_part_path(("claims", index), k) for k in range(count)]
        return [self.spans[path] for path in paths if path in self.spans]

    def analyse(self) -> Analysed:
        model = self.article.model
        cues: dict[tuple[int, int], Span] = {}
        quotes: dict[tuple[int, int], Span] = {}
        attributions: list[Attribution] = []
        author_voice = 0
        reporter_denials: list[str] = []
        for i, claim in enumerate(model.claims):
            hop = _Hop(claim, self.article.id)
            by_author = self.source(hop).kind == "author"
            if claim.stance == "negative" and (by_author or claim.speech_act in RELAYING_ACTS):
                reporter_denials.append(claim.id)
            if claim.cue is None and not claim.relays and by_author:
                author_voice += 1
                continue
            cue = self.spans.get(("claims", i, "cue"))
            whole = self.spans.get(("claims", i, "quote"))
            # each part of a quotation split by its cue is a quote span of its own; the
            # attribution's quote is then the first part
            quoted = [whole] if whole is not None else self.quote_parts(claim, i)
            quote = quoted[0] if quoted else None
            if cue is not None:
                cues.setdefault((cue.begin, cue.end), cue)
            for span in quoted:
                quotes.setdefault((span.begin, span.end), span)
            if cue is not None or quote is not None:
                attributions += self.attributions(hop, cue, quote)
        return Analysed(
            self.article.text,
            tuple(sorted(cues.values(), key=_position)),
            tuple(sorted(quotes.values(), key=_position)),
            tuple(attributions),
            author_voice,
            tuple(reporter_denials),
            len(model.claims),
            len(model.actors),
            len(model.mentions),
            self.problems,
        )


def _position(span: Span) -> tuple[int, int]:
    return span.begin, span.end


def _degree(claim: Claim) -> str | None:
    """The words of the claim's ``degree``, as degrees are compared."""
    anchor = claim.degree_anchor
    return None if anchor is None else " ".join(anchor.text.split()).casefold()


def analyse(corpus: Corpus, article: LoadedArticle) -> Analysed:
    """The spans, attributions and counts of ``article``, an article of ``corpus``."""
    return _Reader(corpus, article).analyse()


# -- matching ------------------------------------------------------------------


Pair = tuple[int, int]  # (index in the gold list, index in the draft list)


def _greedy(candidates: list[tuple[tuple[float, ...], int, int]]) -> list[Pair]:
    """Pairs one to one, best key first (smallest key; ties by the gold, then the
    draft, index)."""
    used_gold: set[int] = set()
    used_draft: set[int] = set()
    pairs: list[Pair] = []
    for _, i, j in sorted(candidates):
        if i not in used_gold and j not in used_draft:
            used_gold.add(i)
            used_draft.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def match_spans(
    gold: Sequence[Span], draft: Sequence[Span], *, exact: bool = False, ratio: float = 0.0
) -> list[Pair]:
    """Gold and draft spans paired one to one: identical ones (``exact``), or
    those sharing a character (and at least ``ratio`` of the longer one), the
    largest shared length first."""
    candidates: list[tuple[tuple[float, ...], int, int]] = []
    for i, g in enumerate(gold):
        for j, d in enumerate(draft):
            shared = overlap(g, d)
            if exact and _position(g) != _position(d):
                continue
            if shared == 0 or shared / max(g.end - g.begin, d.end - d.begin) < ratio:
                continue
            longer = max(g.end - g.begin, d.end - d.begin)
            candidates.append(((-shared, longer), i, j))
    return _greedy(candidates)


def match_attributions(
    gold: Sequence[Attribution], draft: Sequence[Attribution], *, exact: bool
) -> list[Pair]:
    """Gold and draft attributions paired one to one (see "Matched attributions")."""
    candidates: list[tuple[tuple[float, ...], int, int]] = []
    for i, g in enumerate(gold):
        for j, d in enumerate(draft):
            links = [(a, b) for a, b in ((g.cue, d.cue), (g.quote, d.quote)) if a and b]
            same = sum(1 for a, b in links if _position(a) == _position(b))
            shared = sum(overlap(a, b) for a, b in links)
            if (exact and not same) or not shared:
                continue
            agree = (same_actor(g.source, d.source), g.act == d.act, same_chain(g.chain, d.chain))
            candidates.append(((-same, -shared, *(-int(a) for a in agree)), i, j))
    return _greedy(candidates)


# -- scores ----------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1 from counts (in %, ``None`` where undefined)."""

    correct: int = 0
    gold: int = 0
    draft: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.correct + other.correct, self.gold + other.gold, self.draft + other.draft)

    @property
    def precision(self) -> float | None:
        return 100 * self.correct / self.draft if self.draft else None

    @property
    def recall(self) -> float | None:
        return 100 * self.correct / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        total = self.gold + self.draft
        return 200 * self.correct / total if total else None


@dataclass(frozen=True)
class Ratio:
    """``hits`` of ``total``, in % (``None`` when there is none)."""

    hits: int = 0
    total: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)

    @property
    def percent(self) -> float | None:
        return 100 * self.hits / self.total if self.total else None


@dataclass(frozen=True)
class AttributionScore:
    """The scores of the attributions, matched one way (exact or overlap)."""

    claimant: PRF
    speaker: Ratio  # same source, over matched pairs (GGT's speaker accuracy)
    same_cue: Ratio  # identical cue, over matched pairs whose gold has a cue
    act: Ratio
    polarity: Ratio
    denial_polarity: Ratio
    degree: Ratio  # over matched pairs either of which gives a degree
    chains: Ratio  # over gold attributions

    def __add__(self, other: AttributionScore) -> AttributionScore:
        return _sum(self, other)


@dataclass(frozen=True)
class Score:
    """A draft's scores on one article (or, summed, on several: micro-averages)."""

    cues_exact: PRF
    cues_overlap: PRF
    quotes_exact: PRF
    quotes_overlap: PRF
    quotes_03: PRF
    quotes_08: PRF
    exact: AttributionScore
    overlap: AttributionScore
    reporter_denials: int
    author_voice_gold: int
    author_voice_draft: int

    def __add__(self, other: Score) -> Score:
        return _sum(self, other)


T = TypeVar("T", Score, AttributionScore)


def _sum(a: T, b: T) -> T:
    return type(a)(*(getattr(a, f.name) + getattr(b, f.name) for f in fields(a)))


@dataclass(frozen=True)
class Alignment:
    """Which gold element each draft element was matched with, for every score."""

    gold: Analysed
    draft: Analysed
    cues_exact: list[Pair]
    cues_overlap: list[Pair]
    quotes_exact: list[Pair]
    quotes_overlap: list[Pair]
    quotes_03: list[Pair]
    quotes_08: list[Pair]
    attributions_exact: list[Pair]
    attributions_overlap: list[Pair]


def align(gold: Analysed, draft: Analysed) -> Alignment:
    return Alignment(
        gold,
        draft,
        match_spans(gold.cues, draft.cues, exact=True),
        match_spans(gold.cues, draft.cues),
        match_spans(gold.quotes, draft.quotes, exact=True),
        match_spans(gold.quotes, draft.quotes),
        match_spans(gold.quotes, draft.quotes, ratio=0.3),
        match_spans(gold.quotes, draft.quotes, ratio=0.8),
        match_attributions(gold.attributions, draft.attributions, exact=True),
        match_attributions(gold.attributions, draft.attributions, exact=False),
    )


def _attribution_score(
    gold: Sequence[Attribution], draft: Sequence[Attribution], pairs: Iterable[Pair]
) -> AttributionScore:
    matched = [(gold[i], draft[j]) for i, j in pairs]
    correct = sum(1 for g, d in matched if same_actor(g.source, d.source))
    with_cue = [(g, d) for g, d in matched if g.cue is not None]
    denials = [(g, d) for g, d in matched if g.denial]
    graded = [(g, d) for g, d in matched if any(g.degrees) or any(d.degrees)]
    return AttributionScore(
        claimant=PRF(correct, len(gold), len(draft)),
        speaker=Ratio(correct, len(matched)),
        same_cue=Ratio(
            sum(1 for g, d in with_cue if d.cue is not None and _same(g.cue, d.cue)),
            len(with_cue),
        ),
        act=Ratio(sum(1 for g, d in matched if g.act == d.act), len(matched)),
        polarity=Ratio(sum(1 for g, d in matched if g.stances == d.stances), len(matched)),
        denial_polarity=Ratio(sum(1 for g, d in denials if g.stances == d.stances), len(denials)),
        degree=Ratio(sum(1 for g, d in graded if g.degrees == d.degrees), len(graded)),
        chains=Ratio(sum(1 for g, d in matched if same_chain(g.chain, d.chain)), len(gold)),
    )


def _same(a: Span | None, b: Span | None) -> bool:
    return a is not None and b is not None and _position(a) == _position(b)


def _prf(pairs: list[Pair], gold: Sequence[Span], draft: Sequence[Span]) -> PRF:
    return PRF(len(pairs), len(gold), len(draft))


def score_alignment(alignment: Alignment) -> Score:
    gold, draft = alignment.gold, alignment.draft
    return Score(
        cues_exact=_prf(alignment.cues_exact, gold.cues, draft.cues),
        cues_overlap=_prf(alignment.cues_overlap, gold.cues, draft.cues),
        quotes_exact=_prf(alignment.quotes_exact, gold.quotes, draft.quotes),
        quotes_overlap=_prf(alignment.quotes_overlap, gold.quotes, draft.quotes),
        quotes_03=_prf(alignment.quotes_03, gold.quotes, draft.quotes),
        quotes_08=_prf(alignment.quotes_08, gold.quotes, draft.quotes),
        exact=_attribution_score(
            gold.attributions, draft.attributions, alignment.attributions_exact
        ),
        overlap=_attribution_score(
            gold.attributions, draft.attributions, alignment.attributions_overlap
        ),
        reporter_denials=len(draft.reporter_denials),
        author_voice_gold=gold.author_voice,
        author_voice_draft=draft.author_voice,
    )


def score(gold: Analysed, draft: Analysed) -> Score:
    """The draft's scores against the gold annotation of the same article."""
    return score_alignment(align(gold, draft))


# -- the registry without what only one article needs --------------------------------


def _named(article: LoadedArticle, scope: Scope) -> set[str]:
    """The IDs ``article`` names: in its entries and claims, its metadata, its mentions."""
    named = {
        ref
        for entry in scope.entries.values()
        if entry.scope == article.id
        for _, refs, _ in references(entry)
        for ref in refs
    }
    meta = article.model.article
    named.update([] if meta.author == "unknown" else meta.author)
    named.update(ref for ref in (meta.publisher, meta.dateline) if ref not in (None, "unknown"))
    named.update(mention.of for mention in article.model.mentions)
    return named


def held_out(corpus: Corpus, article: LoadedArticle) -> frozenset[str]:
    """The registry entries that only ``article`` needs (issue 19 scores drafts
    "with the registry entries that the article does not define"): those it
    names, or that the registry entries it names name, and that no other article
    of ``corpus`` needs that way, nor any registry entry that stays."""
    errors = Collector()
    shared = registry_scope(corpus.registry, errors)
    index = claim_index(corpus)
    inner = {
        ident: {ref for _, refs, _ in references(entry) for ref in refs}
        for ident, entry in shared.entries.items()
    }

    def closure(ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        todo = [i for i in ids if i in inner]
        while todo:
            ident = todo.pop()
            if ident not in found:
                found.add(ident)
                todo += [ref for ref in inner[ident] if ref in inner]
        return found

    others: set[str] = set()
    for other in corpus.articles:
        if other is not article:
            others |= _named(other, article_scope(other, shared, index, errors))
    hidden = closure(_named(article, article_scope(article, shared, index, errors)))
    hidden -= closure(others)
    while needed := closure(ref for i in inner if i not in hidden for ref in inner[i]) & hidden:
        hidden -= needed
    return frozenset(hidden)


def without(registry: Registry, hidden: Collection[str]) -> Registry:
    """``registry`` without the entries ``hidden`` names."""
    return registry.model_copy(
        update={
            section: [e for e in getattr(registry, section) if e.id not in hidden]
            for section, kind in SECTIONS
            if kind != "claim"
        }
    )


# -- reading: the only functions that touch files ---------------------------------


@dataclass(frozen=True)
class Checked:
    """Whether a draft loads (parses, type-checks, resolves, anchors) and
    validates; ``validates`` is ``None`` when it was not asked or could not run."""

    loads: bool
    validates: bool | None
    messages: tuple[str, ...] = ()


def read_gold(root: Path, path: Path, registry: LoadedRegistry) -> tuple[Corpus, Analysed]:
    """The hand annotation ``path`` of the corpus ``root``, with the articles
    it names; raises :class:`ClaimgraphError` if it does not load."""
    corpus = load_files(root, [path], registry=registry)
    return corpus, analyse(corpus, _the_article(corpus, path))


def _the_article(corpus: Corpus, path: Path) -> LoadedArticle:
    return next(a for a in corpus.articles if a.annotation_source.path == path)


def as_reviewed(yaml_text: str) -> str:
    """The draft with its ``status: draft`` (``article.status``, or at the top
    level) made ``reviewed``, as a person who accepts it unchanged would leave
    it; unchanged if it has no such field (a format without it)."""
    try:
        data, lines = load_yaml(Path("draft.yaml"), yaml_text.encode("utf-8"))
    except ClaimgraphError:
        return yaml_text
    if not isinstance(data, dict):
        return yaml_text
    article = data.get("article")
    rows = yaml_text.splitlines(keepends=True)
    for owner, path in ((article, ("article", "status")), (data, ("status",))):
        number = lines.line(path)
        if isinstance(owner, dict) and owner.get("status") == "draft" and number is not None:
            rows[number - 1] = re.sub(
                r"(\bstatus\s*:\s*)(['\"]?)draft\2", r"\1\2reviewed\2", rows[number - 1], count=1
            )
    return "".join(rows)


def read_draft(
    yaml_text: str,
    gold_corpus: Corpus,
    gold_path: Path,
    *,
    validate: bool = True,
    hidden: Collection[str] = frozenset(),
) -> tuple[Analysed, Checked]:
    """Read a drafted annotation of the article whose hand annotation is
    ``gold_path`` (of ``gold_corpus``), as claimgraph would: in a folder of its
    own holding the draft (marked reviewed, :func:`as_reviewed`), a copy of the
    article's text and of the corpus's ``registry.yaml`` (without the entries
    ``hidden`` names, when the drafter was given the registry without them: a
    draft may define an actor the registry it was given lacks, under the ID the
    full registry gives it). A draft that does not load scores as an empty one;
    the messages say why."""
    gold = _the_article(gold_corpus, gold_path)
    with tempfile.TemporaryDirectory(prefix="claimgraph-draft-score-") as scratch:
        folder = Path(scratch)
        path = folder / gold_path.name
        path.write_text(as_reviewed(yaml_text), encoding="utf-8")
        registry = gold_corpus.registry.source
        if registry is not None and hidden:
            _write_without(registry.path, hidden, folder / REGISTRY_NAME)
        elif registry is not None:
            shutil.copyfile(registry.path, folder / REGISTRY_NAME)
        for text in {gold.text_source.relative, path.with_suffix(".txt").name}:
            (folder / text).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(gold.text_source.path, folder / text)
        try:
            named = referenced_articles(load_article(path, folder))
            _copy_context(gold_corpus, gold, named, folder)
            corpus = load_files(folder, [path])
            draft = _the_article(corpus, path)
            analysed = analyse(corpus, draft)
        except ClaimgraphError as exc:
            return Analysed.empty(gold.text, (str(exc),)), Checked(False, None, (str(exc),))
        if analysed.problems:
            return analysed, Checked(False, None, analysed.problems)
        if not validate:
            return analysed, Checked(True, None)
        return analysed, _validated(corpus, draft)


def _write_without(source: Path, hidden: Collection[str], target: Path) -> None:
    """The registry file ``source`` without the entries ``hidden`` names, to ``target``."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    for key, entries in data.items():
        if isinstance(entries, list):
            data[key] = [e for e in entries if not (isinstance(e, dict) and e.get("id") in hidden)]
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _copy_context(corpus: Corpus, gold: LoadedArticle, named: set[str], folder: Path) -> None:
    """Copy the hand annotations (and texts) of the articles a draft names, and
    of those they name, from the gold corpus: never the article's own."""
    by_id = {a.id: a for a in corpus.articles if a is not gold}
    done: set[str] = set()
    while named - done:
        ident = min(named - done)
        done.add(ident)
        other = by_id.get(ident)
        if other is None:  # not in the gold corpus: the draft's reference fails
            continue
        for source in (other.annotation_source, other.text_source):
            target = folder / source.relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source.path, target)
        named |= referenced_articles(other)


def _validated(corpus: Corpus, article: LoadedArticle) -> Checked:
    """``claimgraph validate`` of the draft, in process: the results that come
    from the draft's file (the registry's own, such as a shared event that no
    article of this one-article corpus asserts, and the context articles', are
    not the draft's)."""
    # imported here: mapping and validation are the heavy part, and only this needs them
    from claimgraph.rdf.iris import Minter
    from claimgraph.rdf.mapping import build_dataset
    from claimgraph.validation.validate import validate_graph

    try:
        dataset = build_dataset(corpus, Minter())
    except ClaimgraphError as exc:
        return Checked(False, None, (str(exc),))
    report = validate_graph(dataset.union(), dataset.origins)
    others = {source.path for source in corpus.sources} - {article.annotation_source.path}
    report = report.without(others)
    messages = tuple(
        f"{r.location or '(no location)'}: {r.severity}: {r.message}"
        + (f" ({r.label})" if r.label else "")
        for r in report.results
    )
    return Checked(True, report.conforms, messages)
