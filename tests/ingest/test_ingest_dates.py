"""parse_date: every form keeps its precision; absurd dates are refused in words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimscope.errors import DateError
from claimscope.ingest import parse_date

NEXT_YEAR = datetime.now(UTC).year + 2


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022", ("2022", "year")),
        (2022, ("2022", "year")),
        ("2022-02", ("2022-02", "month")),
        ("2022-2", ("2022-02", "month")),
        (" 2022-02 ", ("2022-02", "month")),
        ("2022-02-15", ("2022-02-15", "day")),
        ("2022/02/15", ("2022-02-15", "day")),
        ("2022.2.5", ("2022-02-05", "day")),
        ("20220215", ("2022-02-15", "day")),
        ("2024-02-29", ("2024-02-29", "day")),
        (date(2022, 2, 15), ("2022-02-15", "day")),
        ("2022-02-15T10:30:00Z", ("2022-02-15T10:30:00+00:00", "timestamp")),
        ("2022-02-15T10:30:00+01:00", ("2022-02-15T10:30:00+01:00", "timestamp")),
        ("2022-02-15 10:30", ("2022-02-15T10:30:00", "timestamp")),
        ("Tue, 15 Feb 2022 10:30:00 GMT", ("2022-02-15T10:30:00+00:00", "timestamp")),
        (datetime(2022, 2, 15, 10, 30, tzinfo=UTC), ("2022-02-15T10:30:00+00:00", "timestamp")),
    ],
)
def test_ingest_parse_date_keeps_precision(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("2022-13", "month 13 does not exist"),
        ("2022-00-10", "month 0 does not exist"),
        ("2022-02-30", "day 30 does not exist in 2022-02"),
        ("2023-02-29", "day 29 does not exist in 2023-02"),
        ("1799-12-31", "before 1800"),
        ("0001-01-01", "before 1800"),
        (str(NEXT_YEAR), "more than a year in the future"),
        (f"{NEXT_YEAR}-01-01T00:00:00Z", "more than a year in the future"),
        ("yesterday", "not a date"),
        ("15 februari 2022", "not a date"),
        ("", "empty date"),
        ("2022-02-15T25:00", "2022-02-15T25:00"),
        (True, "not a date"),
        (3.5, "not a date"),
    ],
)
def test_ingest_parse_date_refuses_absurd_dates(value, words):
    with pytest.raises(DateError, match=words):
        parse_date(value)


def test_ingest_parse_date_accepts_next_months_issue():
    soon = datetime.now(UTC).date() + timedelta(days=30)
    assert parse_date(soon.isoformat()) == (soon.isoformat(), "day")


days = st.dates(min_value=date(1800, 1, 1), max_value=date(2025, 12, 31))


@given(days)
def test_ingest_parse_date_round_trips_days(day):
    assert parse_date(day.isoformat()) == (day.isoformat(), "day")
    assert parse_date(f"{day.year}-{day.month}-{day.day}") == (day.isoformat(), "day")
    assert parse_date(day.isoformat()[:7]) == (day.isoformat()[:7], "month")
    assert parse_date(str(day.year)) == (f"{day.year:04d}", "year")


@given(st.datetimes(min_value=datetime(1800, 1, 2), max_value=datetime(2025, 12, 31)))
def test_ingest_parse_date_round_trips_timestamps(stamp):
    value, precision = parse_date(stamp.replace(tzinfo=UTC).isoformat())
    assert precision == "timestamp"
    assert datetime.fromisoformat(value) == stamp.replace(tzinfo=UTC)
    assert parse_date(value) == (value, "timestamp")  # normalised output is a fixed point


@given(st.text(max_size=30))
def test_ingest_parse_date_raises_only_date_error(text):
    try:
        value, precision = parse_date(text)
    except DateError:
        return
    assert precision in ("year", "month", "day", "timestamp")
    assert parse_date(value) == (value, precision)
