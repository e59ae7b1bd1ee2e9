"""Finding verbatim words in an article's text and computing their offsets.

Offsets count Unicode code points of the NFC-normalised text, from 0, end
exclusive: Python string indices, which agree with SPARQL's ``SUBSTR`` and
``STRLEN`` (1-based: ``SUBSTR(text, begin + 1, end - begin)``). JavaScript
counts UTF-16 units; convert at that boundary.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

from claimgraph.errors import AnchorError, Location

_QUOTE_FOLD = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "«": '"', "»": '"'})


@dataclass(frozen=True)
class Span:
    """A passage of the text: ``text[begin:end] == anchor``."""

    begin: int
    end: int
    anchor: str


def occurrences(text: str, words: str) -> list[int]:
    """Start offsets of every occurrence of ``words`` in ``text``, overlaps included."""
    starts: list[int] = []
    start = text.find(words)
    while start != -1:
        starts.append(start)
        start = text.find(words, start + 1)
    return starts


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _closest(text: str, words: str) -> str:
    alignment = fuzz.partial_ratio_alignment(words, text)
    if alignment is None or alignment.score == 0:
        return "nothing in the text resembles it"
    begin, end = alignment.dest_start, alignment.dest_end
    passage = text[begin:end]
    return (
        f"closest passage ({alignment.score:.0f}% similar, line {_line_of(text, begin)}, "
        f"characters {begin}–{end}): «{passage}»"
    )


def _why_not_found(text: str, words: str) -> str:
    if words.translate(_QUOTE_FOLD) in text.translate(_QUOTE_FOLD):
        return "the quotation marks or apostrophes differ (’ and ' are different characters)"
    squeeze = re.compile(r"\s+")
    if squeeze.sub(" ", words) in squeeze.sub(" ", text):
        return "the spacing or line breaks differ"
    if words.casefold() in text.casefold():
        return "the upper and lower case differ"
    return ""


def find(
    text: str, words: str, occurrence: int | None, *, what: str, location: Location | None
) -> Span:
    """Anchor ``words`` (NFC-normalised here) in ``text`` (already NFC).

    ``occurrence`` picks one of several matches, 1-based. Raises
    :class:`AnchorError` when the words are missing, ambiguous, or the
    occurrence does not exist.
    """
    words = unicodedata.normalize("NFC", words)
    starts = occurrences(text, words)
    if not starts:
        reason = _why_not_found(text, words)
        raise AnchorError(
            f"{what} not found verbatim in the text: «{words}»"
            + (f" ({reason})" if reason else ""),
            location,
            hint=_closest(text, words) + "\ncopy the words exactly from the text file",
        )
    if occurrence is None:
        if len(starts) > 1:
            where = ", ".join(
                f"{n}: line {_line_of(text, s)}, characters {s}–{s + len(words)}"
                for n, s in enumerate(starts, 1)
            )
            raise AnchorError(
                f"{what} found {len(starts)} times in the text: «{words}»",
                location,
                hint=f"occurrences ({where})\nadd 'occurrence: N' to pick one, or quote "
                "more words so that only one passage matches",
            )
        occurrence = 1
    if occurrence > len(starts):
        raise AnchorError(
            f"{what} has occurrence {occurrence}, but «{words}» occurs "
            f"{len(starts)} time(s) in the text",
            location,
            hint=f"use an occurrence from 1 to {len(starts)}",
        )
    begin = starts[occurrence - 1]
    return Span(begin, begin + len(words), words)
