"""Finding verbatim words in an article's text and computing their offsets.

Offsets count Unicode code points of the NFC-normalised text, from 0, end
exclusive: Python string indices, which agree with SPARQL's ``SUBSTR`` and
``STRLEN`` (1-based: ``SUBSTR(text, begin + 1, end - begin)``). JavaScript
counts UTF-16 units; convert at that boundary.

Words match the text verbatim except for whitespace: each run of whitespace in
the words (spaces, tabs, line breaks, no-break spaces: Python's ``\\s``) matches
any run of whitespace in the text, so a quote may be written across YAML lines.
Whitespace at either end of the words is ignored. Everything else, case,
quotation marks and apostrophes included, must be identical. A :class:`Span`
keeps the text's own characters: its anchor holds the text's line break where
the words had a space.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from claimgraph.errors import AnchorError, Location

_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_SPACES = re.compile(r"\s+")
_TOKENS = re.compile(r"\w+|[^\w\s]")  # words, and each other non-space character
# how far (in characters) the closest passage's ends may move from where rapidfuzz puts them
_MAX_SLACK = 200
# up to this many begin/end pairs, the closest passage is found by trying them all
_EXHAUSTIVE = 2500


@dataclass(frozen=True)
class Span:
    """A passage of the text: ``text[begin:end] == anchor``."""

    begin: int
    end: int
    anchor: str


def _pattern(words: str) -> re.Pattern[str]:
    """Words as a regex: each chunk literal, each whitespace run ``\\s+``; ends stripped."""
    return re.compile(r"\s+".join(re.escape(chunk) for chunk in words.split()))


@lru_cache(maxsize=16)
def _squeezed(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` with each whitespace run as one space, and where each character of
    it begins in ``text``: made once per article, then every quote is one
    ``str.find`` away (compiling a regex per quote cost a third of the mapping)."""
    pieces: list[str] = []
    offsets: list[int] = []
    last = 0
    for run in _SPACES.finditer(text):
        pieces.append(text[last : run.start()])
        offsets.extend(range(last, run.start()))
        pieces.append(" ")
        offsets.append(run.start())
        last = run.end()
    pieces.append(text[last:])
    offsets.extend(range(last, len(text)))
    return "".join(pieces), tuple(offsets)


def occurrences(text: str, words: str) -> list[Span]:
    """Every passage of ``text`` that ``words`` match, in order, overlaps included.

    Whitespace runs in ``words`` match any whitespace run in ``text`` (see the
    module docstring); leading and trailing whitespace of ``words`` is ignored.
    Overlapping matches count separately (``"aa"`` occurs twice in ``"aaa"``):
    the words begin and end with a non-space character, so each start offset
    has at most one match. ``words`` must contain a non-space character.
    """
    key = " ".join(words.split())
    if not key:
        raise ValueError("words contain no non-space character")
    squeezed, offsets = _squeezed(text)
    spans = []
    start = squeezed.find(key)
    while start != -1:
        # the match begins and ends on non-space characters, each one of the text's
        begin, end = offsets[start], offsets[start + len(key) - 1] + 1
        spans.append(Span(begin, end, text[begin:end]))
        start = squeezed.find(key, start + 1)
    return spans


def ordinal(text: str, begin: int, words: str, *, limit: int = 1000) -> tuple[int, bool] | None:
    """Which occurrence of ``words`` the one at ``begin`` is (1-based, as
    :func:`occurrences` counts), and whether the words occur elsewhere too.

    Words that cannot overlap themselves (almost all) are counted by one
    ``str.count``, however often they repeat. Words that can ("Jones and
    according to Jones") are counted one match at a time: past ``limit``
    matches before ``begin``, None (no article repeats a passage so often).
    """
    key = " ".join(words.split())
    squeezed, offsets = _squeezed(text)
    at = bisect.bisect_left(offsets, begin)
    if not _overlaps_itself(key):
        before = squeezed.count(key, 0, at + len(key) - 1)  # those ending before ours ends
    else:
        before, found = 0, squeezed.find(key)
        while found != -1 and found < at:
            before += 1
            if before > limit:
                return None
            found = squeezed.find(key, found + 1)
    return before + 1, before > 0 or squeezed.find(key, at + 1) != -1


@lru_cache(maxsize=4096)
def _overlaps_itself(key: str) -> bool:
    """Whether a proper prefix of ``key`` is also its suffix ("abab", "aa"):
    the last value of Knuth-Morris-Pratt's prefix function, in linear time."""
    border = [0] * len(key)
    for i in range(1, len(key)):
        k = border[i - 1]
        while k and key[i] != key[k]:
            k = border[k - 1]
        border[i] = k + (key[i] == key[k])
    return bool(key) and border[-1] > 0


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _closest_span(text: str, words: str) -> tuple[float, int, int] | None:
    """The passage of ``text`` most similar to ``words``: ``(similarity %, begin, end)``.

    ``fuzz.partial_ratio_alignment`` only locates it: its destination is a window
    exactly as long as the shorter string, so it cuts a word at either end whenever
    the passage and the words differ in length (a changed word, a line break), and
    it is the whole text when the words are longer than the text. Around that
    window, passages that begin and end on a token edge (never inside a word) are
    scored by normalised Levenshtein similarity to the words, whitespace runs
    counted as one space; ties go to the passage closest in length to the words,
    then to the first. All begin/end pairs are tried when they are few; otherwise
    the begin and the end are improved in turn until neither changes.
    """
    quote = " ".join(words.split())
    alignment = fuzz.partial_ratio_alignment(quote, text)
    if alignment is None or alignment.score == 0:
        return None
    tokens = list(_TOKENS.finditer(text))
    slack = min(_MAX_SLACK, max(10, len(quote) // 2))
    begins = [t.start() for t in tokens if abs(t.start() - alignment.dest_start) <= slack]
    ends = [t.end() for t in tokens if abs(t.end() - alignment.dest_end) <= slack]

    def key(begin: int, end: int) -> tuple[float, int, int]:
        passage = _SPACES.sub(" ", text[begin:end])
        similarity = Levenshtein.normalized_similarity(quote, passage)
        return (similarity, -abs(len(passage) - len(quote)), -begin)

    if len(begins) * len(ends) <= _EXHAUSTIVE:
        pairs = [(b, e) for b in begins for e in ends if b < e]
        if not pairs:
            return None
        begin, end = max(pairs, key=lambda pair: key(*pair))
    else:  # a long quote: begins and ends are each a few hundred characters apart
        begin = min(begins, key=lambda b: abs(b - alignment.dest_start))
        later = [e for e in ends if e > begin]
        if not later:
            return None
        end = min(later, key=lambda e: abs(e - alignment.dest_end))
        while True:  # stops: key() never decreases, and at equal key() the begin is the same
            best = begin, end
            begin = max((b for b in begins if b < end), key=lambda b: key(b, end))
            end = max((e for e in ends if e > begin), key=lambda e: key(begin, e))
            if (begin, end) == best:
                break
    similarity = key(begin, end)[0]
    return (similarity * 100, begin, end) if similarity > 0 else None


def _closest(text: str, words: str) -> str:
    found = _closest_span(text, words)
    if found is None:
        return "nothing in the text resembles it"
    score, begin, end = found
    return (
        f"closest passage ({score:.0f}% similar, line {_line_of(text, begin)}, "
        f"characters {begin}–{end}): «{text[begin:end]}»"
    )


def _why_not_found(text: str, words: str) -> str:
    if _pattern(words.translate(_QUOTE_FOLD)).search(text.translate(_QUOTE_FOLD)):
        return "the quotation marks or apostrophes differ (’ and ' are different characters)"
    if _pattern(words.casefold()).search(text.casefold()):
        return "the upper and lower case differ"
    # whitespace runs match any whitespace run, but a space cannot match no space
    if "".join(words.split()) in "".join(text.split()):
        return "a space is missing or extra"
    return ""


_SHOWN = 300  # the words an error shows, at most: a megabyte of them would bury it


def _cut(words: str) -> str:
    """``words`` as an error shows them: whole up to a few lines, else their start
    and how long they are."""
    if len(words) <= _SHOWN:
        return words
    return f"{words[:_SHOWN]}… ({len(words):,} characters in all)"


def find(
    text: str, words: str, occurrence: int | None, *, what: str, location: Location | None
) -> Span:
    """Anchor ``words`` (NFC-normalised here) in ``text`` (already NFC).

    Whitespace in ``words`` matches any whitespace in ``text`` (see
    :func:`occurrences`). ``occurrence`` picks one of several matches, 1-based,
    counting overlapping matches. Raises :class:`AnchorError` when the words are
    missing, ambiguous, or the occurrence does not exist.
    """
    words = unicodedata.normalize("NFC", words)
    shown = _cut(words.strip())
    if not shown:
        raise AnchorError(
            f"{what} has no words, only whitespace", location, hint="copy the words from the text"
        )
    spans = occurrences(text, words)
    if not spans:
        reason = _why_not_found(text, words)
        raise AnchorError(
            f"{what} not found verbatim in the text: «{shown}»"
            + (f" ({reason})" if reason else ""),
            location,
            hint=_closest(text, words) + "\ncopy the words exactly from the text file",
        )
    if occurrence is None:
        if len(spans) > 1:
            where = ", ".join(
                f"{n}: line {_line_of(text, span.begin)}, characters {span.begin}–{span.end}"
                for n, span in enumerate(spans, 1)
            )
            raise AnchorError(
                f"{what} found {len(spans)} times in the text: «{shown}»",
                location,
                hint=f"occurrences ({where})\nadd 'occurrence: N' to pick one, or quote "
                "more words so that only one passage matches",
            )
        occurrence = 1
    if occurrence > len(spans):
        raise AnchorError(
            f"{what} has occurrence {occurrence}, but «{shown}» occurs "
            f"{len(spans)} time(s) in the text",
            location,
            hint=f"use an occurrence from 1 to {len(spans)}",
        )
    return spans[occurrence - 1]


def find_after(text: str, words: str, begin: int, *, what: str, location: Location | None) -> Span:
    """Anchor ``words`` at their first occurrence that starts at or after ``begin``:
    a part of a quotation split by its cue, after the part before it. Raises
    :class:`AnchorError` as :func:`find` does when the words are not in the text,
    and says so when they stand only before ``begin`` (parts out of order)."""
    words = unicodedata.normalize("NFC", words)
    if not words.strip():
        return find(text, words, None, what=what, location=location)  # raises: no words
    spans = occurrences(text, words)
    if not spans:
        return find(text, words, None, what=what, location=location)  # raises: not found
    later = [span for span in spans if span.begin >= begin]
    if later:
        return later[0]
    raise AnchorError(
        f"{what} is not after the part before it: «{_cut(words.strip())}» stands only before "
        f"character {begin} (line {_line_of(text, spans[-1].begin)})",
        location,
        hint="give the parts in the order they stand in the text: each part is anchored "
        "after the end of the one before it",
    )
