"""The article's text cut into what the drafter reads: paragraphs, sentences
(syntok's segmenter) and quotations (paired quotation marks), each as
character offsets into the text, so that everything drafted is a span of it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from syntok import segmenter


@dataclass(frozen=True)
class Span:
    begin: int
    end: int

    def __contains__(self, offset: object) -> bool:
        return isinstance(offset, int) and self.begin <= offset < self.end

    def covers(self, other: Span) -> bool:
        return self.begin <= other.begin and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        return self.begin < other.end and other.begin < self.end


@dataclass(frozen=True)
class Sentence(Span):
    paragraph: int


@dataclass(frozen=True)
class Quotation(Span):
    """The words inside a pair of quotation marks (the marks excluded);
    ``open_end`` when the paragraph ends before the closing mark (a quotation
    running on into the next paragraph)."""

    paragraph: int
    open_end: bool = False

    @property
    def outer(self) -> Span:
        return Span(self.begin - 1, self.end if self.open_end else self.end + 1)


OPENING = "“‘«„"
CLOSING = "”’»“"
STRAIGHT = '"'
# Longest run of characters handed to the sentence segmenter at once: a
# paragraph of a megabyte with no punctuation is cut, not fed whole.
_CHUNK = 20_000
MAX_SENTENCE = 2_000


def paragraphs(text: str) -> list[Span]:
    """Non-blank lines: articles come with one paragraph per line, blank lines
    between them or not."""
    spans = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            begin = match.start() + (len(line) - len(line.lstrip()))
            spans.append(Span(begin, begin + len(stripped)))
    return spans


def _chunks(begin: int, end: int) -> Iterator[tuple[int, int]]:
    while end - begin > _CHUNK:
        yield begin, begin + _CHUNK
        begin += _CHUNK
    yield begin, end


def sentences(text: str, paras: list[Span]) -> list[Sentence]:
    found: list[Sentence] = []
    for index, para in enumerate(paras):
        for begin, end in _chunks(para.begin, para.end):
            piece = text[begin:end]
            for paragraph in segmenter.analyze(piece):
                for sentence in paragraph:
                    tokens = list(sentence)
                    if not tokens:
                        continue
                    first = tokens[0].offset
                    last = tokens[-1].offset + len(tokens[-1].value)
                    found.append(Sentence(begin + first, begin + last, index))
    return _bounded(text, _glue_quotes(text, found))


def _bounded(text: str, found: list[Sentence]) -> list[Sentence]:
    """A sentence longer than MAX_SENTENCE characters (a text without full
    stops) is cut at the last space within the limit: the attribution rules
    read each sentence around every verb in it, and no real sentence is so long."""
    bounded: list[Sentence] = []
    for sentence in found:
        begin = sentence.begin
        while sentence.end - begin > MAX_SENTENCE:
            cut = text.rfind(" ", begin + 1, begin + MAX_SENTENCE)
            end = cut if cut > begin else begin + MAX_SENTENCE
            bounded.append(Sentence(begin, end, sentence.paragraph))
            begin = end + 1 if cut > begin else end
        bounded.append(Sentence(begin, sentence.end, sentence.paragraph))
    return bounded


def _glue_quotes(text: str, found: list[Sentence]) -> list[Sentence]:
    """syntok ends a sentence at a full stop inside a quotation and starts the
    next at the closing mark: a sentence that starts with a closing mark, or
    is only a cue after a quotation, belongs to the one before."""
    glued: list[Sentence] = []
    for sentence in found:
        piece = text[sentence.begin : sentence.end]
        if (
            glued
            and glued[-1].paragraph == sentence.paragraph
            and ((piece[:1] in CLOSING + STRAIGHT and len(piece) <= 2) or piece[:1].islower())
        ):
            glued[-1] = Sentence(glued[-1].begin, sentence.end, sentence.paragraph)
        else:
            glued.append(sentence)
    return glued


def _opens_straight(text: str, at: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    return before.isspace() or before in "([{—–-:;,/" or at == 0


def quotations(text: str, paras: list[Span]) -> list[Quotation]:
    """Quotations with double marks (“…”, "…", «…»), and with single marks
    (‘…’, '…', British style) outside them: a single mark opens at the start of
    a word and closes at the end of one, so that apostrophes ("don't", "the
    workers' rights") are left alone; a single quotation holds the double
    quotations nested in it."""
    found: list[Quotation] = []
    for index, para in enumerate(paras):
        doubles = _doubles(text, para, index)
        singles = _singles(text, para, index, doubles)
        inner = [d for d in doubles if any(s.begin <= d.begin and d.end <= s.end for s in singles)]
        found += sorted([d for d in doubles if d not in inner] + singles, key=lambda q: q.begin)
    return found


def _doubles(text: str, para: Span, index: int) -> list[Quotation]:
    found: list[Quotation] = []
    opened: int | None = None
    for at in range(para.begin, para.end):
        char = text[at]
        if char in "“«„" or (char == STRAIGHT and opened is None and _opens_straight(text, at)):
            if opened is None:
                opened = at + 1
            continue
        if (char in "”»" or char == STRAIGHT) and opened is not None:
            if at > opened:
                found.append(Quotation(opened, at, index))
            opened = None
    if opened is not None and para.end > opened:
        found.append(Quotation(opened, para.end, index, open_end=True))
    return found


SINGLE_OPENING = "‘'"
SINGLE_CLOSING = "’'"
# A single mark after a plural's s and before a lower-case word is a possessive
# ("the workers' rights"), not the end of a quotation.
_POSSESSIVE_PLURAL = re.compile(r"s['’]\s+[a-z]")


def _singles(text: str, para: Span, index: int, doubles: list[Quotation]) -> list[Quotation]:
    found: list[Quotation] = []
    opened: int | None = None
    skip = iter(sorted(doubles, key=lambda q: q.begin))
    nxt = next(skip, None)
    at = para.begin
    while at < para.end:
        if nxt is not None and at >= nxt.outer.begin:
            at = max(at, nxt.outer.end)  # inside a double quotation: its own marks
            nxt = next(skip, None)
            continue
        char = text[at]
        after = text[at + 1] if at + 1 < para.end else " "
        if opened is None:
            if (
                char in SINGLE_OPENING
                and _opens_straight(text, at)
                and (after.isalnum() or after in "[…(")
            ):
                opened = at + 1
        elif (
            char in SINGLE_CLOSING
            and not text[at - 1].isspace()
            and not after.isalnum()
            and _POSSESSIVE_PLURAL.match(text, at - 1) is None
        ):
            if at > opened:
                found.append(Quotation(opened, at, index))
            opened = None
        at += 1
    if (
        opened is not None
        and para.end > opened
        and (
            opened == para.begin + 1
            or text[para.begin : opened - 1].rstrip().endswith((":", ".", "?", "!"))
        )
    ):
        # a quotation opening its paragraph, a sentence or after a colon, running on into
        # the next paragraph
        found.append(Quotation(opened, para.end, index, open_end=True))
    return found
