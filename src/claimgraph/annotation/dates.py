"""Date expressions of the annotation format, at the precision the source gives.

=================  =====================  ============================
written            meaning                RDF
=================  =====================  ============================
``2013-01-18``     a day                  ``"2013-01-18"^^xsd:date``
``2013-01``        a month                ``"2013-01"^^xsd:gYearMonth``
``2012``           a year                 ``"2012"^^xsd:gYear``
``summer 2010``    a season of a year     ``"2010"^^xsd:gYear`` + ``cg:season cg:summer``
``unknown``        the sources don't say  ``cg:unstated`` (no placeholder value)
=================  =====================  ============================

Every known date also gets earliest and latest days, so timelines can sort
dates of mixed precision. Seasons are the northern meteorological ones; winter
YYYY runs from December YYYY to February YYYY+1.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

Precision = Literal["day", "month", "year", "season"]

SEASONS: dict[str, tuple[int, int]] = {  # first month, months spanned
    "spring": (3, 3),
    "summer": (6, 3),
    "autumn": (9, 3),
    "fall": (9, 3),
    "winter": (12, 3),
}

UNKNOWN = "unknown"

_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_SEASON = re.compile(r"^(spring|summer|autumn|fall|winter) (\d{4})$")

PATTERN = r"^(unknown|\d{4}(-\d{2}(-\d{2})?)?|(spring|summer|autumn|fall|winter) \d{4})$"
DESCRIPTION = (
    "A date at the precision the source gives: YYYY-MM-DD, YYYY-MM, YYYY, "
    "'<season> YYYY' (spring, summer, autumn/fall, winter), or 'unknown'."
)


@dataclass(frozen=True)
class DateValue:
    """A parsed, known date."""

    lexical: str
    datatype: Literal["date", "gYearMonth", "gYear"]
    precision: Precision
    earliest: date
    latest: date
    season: str | None = None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_span(year: int, month: int, months: int) -> tuple[date, date]:
    last_year, last_month = _add_months(year, month, months - 1)
    last_day = calendar.monthrange(last_year, last_month)[1]
    return date(year, month, 1), date(last_year, last_month, last_day)


def parse_date(expr: str) -> DateValue | None:
    """Parse a date expression; ``None`` means ``unknown``.

    >>> parse_date("summer 2010").earliest
    datetime.date(2010, 6, 1)

    Raises ``ValueError`` naming the expression when it is not a valid date.
    """
    text = expr.strip()
    if text == UNKNOWN:
        return None
    if match := _DAY.match(text):
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise ValueError(f"invalid date {expr!r}: {exc}") from None
        return DateValue(text, "date", "day", day, day)
    if match := _MONTH.match(text):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValueError(f"invalid date {expr!r}: month must be 01 to 12")
        first, last = _month_span(year, month, 1)
        return DateValue(text, "gYearMonth", "month", first, last)
    if match := _YEAR.match(text):
        year = int(match[1])
        return DateValue(text, "gYear", "year", date(year, 1, 1), date(year, 12, 31))
    if match := _SEASON.match(text):
        season, year = match[1], int(match[2])
        first_month, months = SEASONS[season]
        first, last = _month_span(year, first_month, months)
        canonical = "autumn" if season == "fall" else season
        return DateValue(match[2], "gYear", "season", first, last, canonical)
    raise ValueError(f"invalid date {expr!r}: {DESCRIPTION}")


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_FILLER = re.compile(r"^(?:on|last|this|earlier|late|early)\s+", re.I)
_MONTH_DAY = re.compile(r"^([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?$")
_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)$")


def _day(value: date) -> DateValue:
    return DateValue(value.isoformat(), "date", "day", value, value)


def resolve_relative(words: str, published: DateValue | None) -> DateValue | None:
    """The day that ``words`` ("on Wednesday", "yesterday", "January 16") name,
    counted back from ``published``, the article's date; ``None`` when the words
    are not such an expression or the article's day is not known.

    A weekday is the latest such day on or before the article's date; a month
    and day without a year is the latest on or before it.

    >>> article = parse_date("2013-01-23")  # a Wednesday
    >>> resolve_relative("on Monday", article).lexical
    '2013-01-21'
    >>> resolve_relative("on Wednesday", article).lexical
    '2013-01-23'
    """
    if published is None or published.precision != "day":
        return None
    today = published.earliest
    text = " ".join(words.split()).strip(" ,.").lower()
    while (shorter := _FILLER.sub("", text)) != text:
        text = shorter
    if " " in text and text.rsplit(" ", 1)[1] in ("morning", "afternoon", "evening", "night"):
        part = text.rsplit(" ", 1)[0]
        text = part if part in _WEEKDAYS else text
    if text in ("today", "this morning", "this afternoon", "this evening", "tonight"):
        return _day(today)
    if text in ("yesterday", "last night"):
        return _day(date.fromordinal(today.toordinal() - 1))
    if text in _WEEKDAYS:
        back = (today.weekday() - _WEEKDAYS.index(text)) % 7
        return _day(date.fromordinal(today.toordinal() - back))
    match = _MONTH_DAY.match(text) or _DAY_MONTH.match(text)
    if match:
        month_name, day_text = (
            (match[1], match[2]) if match.re is _MONTH_DAY else (match[2], match[1])
        )
        month = _MONTHS.get(month_name)
        if month is None:
            return None
        for year in (today.year, today.year - 1):
            try:
                candidate = date(year, month, int(day_text))
            except ValueError:
                return None
            if candidate <= today:
                return _day(candidate)
    return None


_FUTURE = re.compile(
    r"\b(soon|shortly|tomorrow|next|coming|upcoming|later (?:this|today|tonight)|"
    r"in the future|in (?:a|the) few|from now)\b",
    re.I,
)
_SOME_DAY = DateValue("2000-01-01", "date", "day", date(2000, 1, 1), date(2000, 1, 1))


def unresolved(words: str, published: DateValue | None) -> str | None:
    """Why no date can be resolved from ``words`` (the words dating a statement)
    against ``published``, the article's date; ``None`` when one can.

    >>> unresolved("soon", parse_date("2013-01-23"))
    'a time to come names no date'
    >>> unresolved("yesterday", None)[:42]
    "relative to the article's publication date"
    """
    if resolve_relative(words, published) is not None:
        return None
    if _FUTURE.search(words):
        return "a time to come names no date"
    if resolve_relative(words, _SOME_DAY) is not None:  # relative: the article's day is missing
        known = "unknown" if published is None else f"known only to the {published.precision}"
        return (
            f"relative to the article's publication date, which is {known} "
            "(give the article's 'published:' day, or the statement's 'date:')"
        )
    return "no date can be resolved from these words (give 'date:' if the text says when)"
