"""Calendar arithmetic for dates: resolving expressions to intervals against a publication date.

The publication date is an interval too (:class:`Anchor`): "2022-02" is every day of February
2022. A relative expression is resolved at both ends of the anchor, so its interval holds every
day it can mean: "maandag" in an article dated 2022-02 is 2022-01-31 .. 2022-02-28 (the Monday
on or before 1 February, up to the Monday on or before 28 February), never a guessed day.

Conventions (news usage, kept simple):
- a bare weekday is the most recent such day on or before the publication day; "next"
  modifiers and "until" words ("bis Samstag") point forward, "last" modifiers strictly back;
- weeks run Monday to Sunday (ISO 8601); "weekend 0" is the most recent Saturday-Sunday that
  has begun on or before the day;
- a day and month without a year take the publication year, or the year before when that
  would put them more than FORWARD_DAYS after the publication date.
"""

from __future__ import annotations

import calendar
import math
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

# News looks back more than forward: "in december" in a February article is the December
# before, "in april" the April to come. A quarter of a year is the forward reach.
FORWARD_DAYS = 92
_ORDER = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class Anchor:
    """The publication date as the interval of days it may be, with its precision."""

    start: date
    end: date
    precision: str  # day, month or year (a timestamp counts as a day)
    text: str


def anchor_of(value: str | None) -> Anchor | None:
    """The anchor of a Document's ``date`` ("2022", "2022-02", "2022-02-15", a timestamp).

    The form of the normalised date carries its precision (ingest's ``parse_date`` writes
    ``date_precision`` from the same form), so it is read from the value itself.
    """
    if not value:
        return None
    head = value.strip()[:10]
    try:
        parts = [int(p) for p in head.split("-") if p]
        if len(parts) >= 3:
            day = date(parts[0], parts[1], parts[2])
            return Anchor(day, day, "day", value)
        if len(parts) == 2:
            first, last = month_bounds(parts[0], parts[1])
            return Anchor(first, last, "month", value)
        if len(parts) == 1:
            return Anchor(date(parts[0], 1, 1), date(parts[0], 12, 31), "year", value)
    except ValueError:
        return None
    return None


def month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


def shift_month(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def precision(unit: str, anchor: Anchor, *, span: bool = False) -> str:
    """The precision of an interval of ``unit`` resolved against ``anchor``: the anchor's own
    when it is coarser (a weekday in a month-dated article is known to the month), else the
    unit's, or "range" for an interval of several units."""
    if _ORDER[anchor.precision] > _ORDER.get(unit, 0):
        return anchor.precision
    return "range" if span else unit


def weekday_on(day: date, weekday: int, direction: str) -> date:
    """The ``weekday`` (Monday = 0) nearest ``day``: "past" on or before, "last" strictly
    before, "forward" on or after, "next" strictly after."""
    delta = (day.weekday() - weekday) % 7
    if direction == "past":
        return day - timedelta(days=delta)
    if direction == "last":
        return day - timedelta(days=delta or 7)
    ahead = (weekday - day.weekday()) % 7
    if direction == "forward":
        return day + timedelta(days=ahead)
    return day + timedelta(days=ahead or 7)


def weekdays_interval(anchor: Anchor, weekdays: list[int], direction: str) -> tuple[date, date]:
    """One weekday or a list ("zondag en maandag"): the last named is resolved against the
    anchor, each earlier one is the day of its name before the one after it."""
    ends = []
    for bound in (anchor.start, anchor.end):
        days = [weekday_on(bound, weekdays[-1], direction)]
        for wd in reversed(weekdays[:-1]):
            days.append(weekday_on(days[-1], wd, "last"))
        ends.append((min(days), max(days)))
    return ends[0][0], ends[1][1]


def relative_interval(anchor: Anchor, unit: str, first: int, last: int) -> tuple[date, date]:
    """``unit`` offsets ``first``..``last`` from the anchor ("week -1": last week)."""
    if unit == "day":
        return anchor.start + timedelta(days=first), anchor.end + timedelta(days=last)
    if unit == "week":
        monday_a = anchor.start - timedelta(days=anchor.start.weekday())
        monday_b = anchor.end - timedelta(days=anchor.end.weekday())
        return monday_a + timedelta(weeks=first), monday_b + timedelta(weeks=last, days=6)
    if unit == "weekend":  # the Saturday on or before the day opens the weekend
        sat_a, sat_b = weekday_on(anchor.start, 5, "past"), weekday_on(anchor.end, 5, "past")
        return sat_a + timedelta(weeks=first), sat_b + timedelta(weeks=last, days=1)
    if unit == "month":
        y, m = shift_month(anchor.start, first)
        y2, m2 = shift_month(anchor.end, last)
        return month_bounds(y, m)[0], month_bounds(y2, m2)[1]
    return date(anchor.start.year + first, 1, 1), date(anchor.end.year + last, 12, 31)


def part_interval(start: date, end: date, frm: Fraction, to: Fraction) -> tuple[date, date]:
    """The part ``frm``..``to`` of the period ``start``..``end`` ("eind": the last third)."""
    days = (end - start).days + 1
    first = math.floor(frm * days)
    last = max(first, math.ceil(to * days) - 1)
    return start + timedelta(days=first), start + timedelta(days=last)


def infer_year(anchor: Anchor, month: int, day: int = 1) -> int:
    """The year of a date written without one."""
    year = anchor.end.year
    try:
        candidate = date(year, month, day)
    except ValueError:  # 29 February in a common year
        candidate = date(year, month, 28)
    if candidate > anchor.end + timedelta(days=FORWARD_DAYS):
        return year - 1
    return year


def safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
