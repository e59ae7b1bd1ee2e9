"""The drafter's entry point: text in, annotation file out."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from claimgraph import __version__
from claimgraph.annotation.model import Registry
from claimgraph.draft import acts, lexicon
from claimgraph.draft.attribution import Finder
from claimgraph.draft.cast import Actor, Cast
from claimgraph.draft.segments import Span, paragraphs, quotations, sentences
from claimgraph.draft.writer import Sheet, TooCommon, header
from claimgraph.errors import ClaimgraphError

_DATE_LINE = re.compile(
    r"^(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})|"
    r"(?P<day2>\d{1,2})\s+(?P<month2>[A-Z][a-z]+)\s+(?P<year2>\d{4})|"
    r"(?P<iso>\d{4}-\d{2}-\d{2}))\s*$"
)
# The outlet in a dateline ("LONDON (Reuters) -", "(AP) —") or a line naming
# where the text was published ("This story originally appeared on Global Voices").
_DATELINE_OUTLET = re.compile(
    r"(?:[A-Z][\w .,'’/-]{0,60}?\s)?\((?P<outlet>[A-Z][\w&.’' -]{0,38}[\w.])\)\s*[-–—]"
)
_PUBLISHED_ON = re.compile(
    r"(?:This|The) (?:article|story|post|report) (?:was )?(?:originally |first )?"
    r"(?:published|appeared) (?:on|in|by) (?P<outlet>[A-Z][\w&.’' -]{0,38}[\w])\.?\s*$"
)
_BYLINE = re.compile(r"^By\s+(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*$")


@dataclass(frozen=True)
class Drafted:
    """A drafted annotation: the file's text and what went into it."""

    yaml: str
    claims: int


def _date_of(line: str) -> str | None:
    match = _DATE_LINE.match(line.strip())
    if match is None:
        return None
    if match["iso"]:
        try:
            return date.fromisoformat(match["iso"]).isoformat()
        except ValueError:
            return None
    month = match["month"] or match["month2"]
    day = match["day"] or match["day2"]
    year = match["year"] or match["year2"]
    if month not in lexicon.MONTHS:
        return None
    try:
        return date(int(year), lexicon.MONTHS.index(month) + 1, int(day)).isoformat()
    except ValueError:
        return None


def draft_text(
    text: str,
    *,
    name: str,
    registry: Registry | None = None,
    today: date | None = None,
    schema: str = "../schema/article.schema.json",
) -> Drafted:
    """Draft the annotation of the article ``text`` (the article file's stem is
    ``name``), with ``registry``'s actors as the gazetteer; ``today`` is the
    drafting date recorded in the file's provenance (default: today).

    Raises :class:`ClaimgraphError` for a text with no words (nothing to draft)."""
    text = unicodedata.normalize("NFC", text)
    if "\x00" in text:
        raise ClaimgraphError(f"{name}: the text contains NUL characters: not an article's text")
    paras = paragraphs(text)
    if not paras or not any(ch.isalnum() for ch in text[paras[0].begin : paras[0].end]):
        raise ClaimgraphError(f"{name}: the text has no headline (its first line has no words)")
    headline = paras[0]
    cast = Cast(text, registry)
    for spot, known in cast.names_in(Span(0, len(text))):
        cast.named(spot.begin, known)
    article: dict[str, Any] = {
        "headline": " ".join(text[headline.begin : headline.end].split()),
        "author": "unknown",
        "publisher": "unknown",
        "published": "unknown",
    }
    body_start = 1
    byline: Actor | None = None
    for para in paras[1:4]:
        line = text[para.begin : para.end]
        found_date = _date_of(line)
        if found_date and article["published"] == "unknown":
            article["published"] = found_date
            body_start += 1
            continue
        match = _BYLINE.match(line)
        if match and byline is None:
            span = Span(para.begin + match.start("name"), para.begin + match.end("name"))
            found = cast.resolve(span)
            if found is not None:
                byline = found.actor
                body_start += 1
    publisher = _publisher(text, paras[body_start:], cast)
    article["status"] = "draft"
    article["drafted"] = {
        "by": f"claimgraph {__version__}",
        "on": (today or datetime.now().date()).isoformat(),
    }

    quotes = quotations(text, paras)
    finder = Finder(text, cast, quotes, paras)
    all_sentences = sentences(text, paras)
    by_paragraph = finder.sentences
    for sentence in all_sentences:
        by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
    for index in range(body_start, len(paras)):
        own = by_paragraph.get(index, [])
        if finder.signature(index) or finder.pull_quote(index):
            continue  # an embedded post and its attribution line, a signed pull quote
        if finder.label(index):
            continue  # a transcript's or a Q&A's paragraph, with its speaker's label
        finder.first_person(index)
        if index in finder.blocks:
            finder.block(index)  # quoted after a cue ending with a colon
            continue
        before = len(finder.found)
        for sentence in own:
            count = len(finder.found)
            finder.sentence(sentence)
            if len(finder.found) == count:
                finder.quoted_sentence(sentence)
        if len(finder.found) == before:
            finder.continuation(paras[index], own)

    finder.headline(headline)  # after the body: the documents and sources it names
    finder.nest()
    finder.own_voice(publisher)
    acts.settle(finder.found, text, cast)  # the acts the speakers' kinds give
    cast.settle(finder.speaking())
    sheet = Sheet(text, cast, article)
    if byline is not None:
        article["author"] = [sheet.use(byline)]
    if publisher is not None:
        article["publisher"] = sheet.use(publisher)
    hop_ids: dict[int, str] = {}
    for attribution in finder.found:
        with contextlib.suppress(TooCommon):  # left out: its words cannot be anchored
            sheet.attribution(attribution, hop_ids)
    if not sheet.claims:
        _headline_claim(sheet, headline)
    sheet.mention_registry_names()
    return Drafted(sheet.render(header(name, __version__, schema)), len(sheet.claims))


def _publisher(text: str, body: list[Span], cast: Cast) -> Actor | None:
    """The publisher, where the text says it: the outlet of a dateline in the
    first paragraph ("LONDON (Reuters) -"), or a closing line saying where the
    text appeared; a registry actor when its name is known."""
    candidates: list[tuple[Span, re.Pattern[str]]] = []
    if body:
        candidates.append((body[0], _DATELINE_OUTLET))
        candidates += [(para, _PUBLISHED_ON) for para in body[-2:]]
    for para, pattern in candidates:
        match = pattern.match(text, para.begin, para.end)
        if match is None:
            continue
        span = Span(match.start("outlet"), match.end("outlet"))
        if len(text[span.begin : span.end].split()) > 4:
            continue
        known = cast.names_in(span)
        if known and known[0][0] == span:
            return known[0][1]
        words = " ".join(text[span.begin : span.end].split())
        return cast.add(Actor(cast.new_id(words), "organisation", [words], confidence=0.6))
    return None


def _headline_claim(sheet: Sheet, headline: Span) -> None:
    """No reported speech found: the headline, in the article's own voice, so
    that the file is a valid start."""
    event = {
        "id": sheet.new_id("e-headline"),
        "label": sheet.words(headline),
        "status": "established",
        "date": "unknown",
        "confidence": 0.2,
    }
    sheet.events.append(event)
    claim = {
        "id": sheet.new_id("headline"),
        "quote": sheet.anchor(headline, mode="direct"),
        "asserts": [event["id"]],
        "certainty": "certain",
        "confidence": 0.2,
    }
    sheet.comments[id(claim)] = [
        "The drafter found no reported speech: the headline as the article's own statement."
    ]
    sheet.claims.append(claim)
