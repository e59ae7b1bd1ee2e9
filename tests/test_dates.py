from __future__ import annotations

from datetime import date

import pytest

from claimgraph.annotation.dates import parse_date, unresolved


@pytest.mark.parametrize(
    ("expr", "lexical", "datatype", "precision", "earliest", "latest", "season"),
    [
        ("2013-01-18", "2013-01-18", "date", "day", date(2013, 1, 18), date(2013, 1, 18), None),
        ("2012-02", "2012-02", "gYearMonth", "month", date(2012, 2, 1), date(2012, 2, 29), None),
        ("2012", "2012", "gYear", "year", date(2012, 1, 1), date(2012, 12, 31), None),
        ("summer 2010", "2010", "gYear", "season", date(2010, 6, 1), date(2010, 8, 31), "summer"),
        ("fall 2010", "2010", "gYear", "season", date(2010, 9, 1), date(2010, 11, 30), "autumn"),
        ("winter 2011", "2011", "gYear", "season", date(2011, 12, 1), date(2012, 2, 29), "winter"),
    ],
)
def test_dates_at_every_precision(
    expr: str,
    lexical: str,
    datatype: str,
    precision: str,
    earliest: date,
    latest: date,
    season: str | None,
) -> None:
    value = parse_date(expr)
    assert value is not None
    assert (value.lexical, value.datatype, value.precision) == (lexical, datatype, precision)
    assert (value.earliest, value.latest, value.season) == (earliest, latest, season)


def test_unknown_is_none() -> None:
    assert parse_date("unknown") is None


@pytest.mark.parametrize(
    ("expr", "reason"),
    [
        ("2013-02-30", "day is out of range"),
        ("2013-13", "month must be 01 to 12"),
        ("January 2013", "YYYY-MM-DD"),
        ("13-01-2013", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
    ],
)
def test_invalid_dates_name_the_value(expr: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason) as error:
        parse_date(expr)
    assert repr(expr) in str(error.value)


@pytest.mark.parametrize(
    ("words", "published", "reason"),
    [
        ("on Monday", "2020-01-08", None),
        ("yesterday", "2020-01-08", None),
        ("over the weekend", "2020-01-08", "no date can be resolved from these words"),
        ("later", "2020-01-08", "no date can be resolved from these words"),
        ("yesterday", "unknown", "relative to the article's publication date, which is unknown"),
        ("on Monday", "2020-01", "which is known only to the month"),
        ("soon", "2020-01-08", "a time to come names no date"),
        ("next week", "2020-01-08", "a time to come names no date"),
        ("tomorrow", "unknown", "a time to come names no date"),
    ],
)
def test_why_a_time_expression_has_no_date(words: str, published: str, reason: str | None) -> None:
    why = unresolved(words, parse_date(published))
    assert (why is None) if reason is None else (why is not None and reason in why), why
