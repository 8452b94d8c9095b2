"""``dates.v1``: dates and relative dates, resolved to intervals against the publication date.

Each date mention's value is a :class:`~claimscope.model.TimeInterval` (start, end, precision,
relative, anchor): ISO dates (or None when the text does not fix them), a precision of day, week,
month, year, range or unknown, whether the expression was resolved against the publication date,
and that date as given (``anchor``, None when it was not used). Expressions relative to another event
("een dag nadat ...") get a null interval and ``relation`` (day_after, week_before ...).

The publication date's own precision is honoured: against "2022-02" a weekday is every day it
may be, 2022-01-31 .. 2022-02-28 with precision "month", never a guessed day (see
:mod:`.intervals` for the conventions). The forms and their order are in :mod:`.date_grammar`;
all words come from ``lang/<code>/dates.toml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ...model import Document, Mention, TimeInterval
from ...registry import register
from ...resources import Resources
from . import intervals as iv
from . import numbers
from .date_grammar import DateGrammar, grammar
from .patterns import normalise

STAGE = "dates.v1"
# How far before a date a "since"/"until" word or a preposition may start.
LOOKBACK = 25
# A weekday and the date right after it are one date ("maandag 17 juli", "Monday, July 17").
_WEEKDAY_GAP = re.compile(r"[\s,]{1,3}")
_SINGLE = frozenset({"iso", "num", "dmy", "mdy", "my", "mo", "wd", "year"})


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    form: str
    match: re.Match[str]
    weekdays: list[int] = field(default_factory=list)
    direction: str = "past"
    since: bool = False


@register(STAGE, requires=["text", "date", "lang", "sentences"], assigns=["mentions.dates"])
def extract_dates(doc: Document, resources: Resources) -> None:
    """Append the date mentions of ``doc`` to ``doc.mentions``."""
    anchor = iv.anchor_of(doc.date)
    for start, end, lang in sentence_spans(doc):
        doc.mentions.extend(find_dates(doc.text, start, end, lang, resources, anchor))


def sentence_spans(doc: Document) -> list[tuple[int, int, str | None]]:
    """Each sentence with its language (the document's when the sentence has none)."""
    if not doc.sentences:
        return [(0, len(doc.text), doc.lang)]
    return [(s.start, s.end, s.lang or doc.lang) for s in doc.sentences]


def parse_dates(
    text: str, lang: str | None, resources: Resources, date: str | None = None
) -> list[Mention]:
    """The date mentions of ``text`` against the publication ``date`` ("2022-02")."""
    return find_dates(text, 0, len(text), lang, resources, iv.anchor_of(date))


def date_spans(
    text: str, start: int, end: int, lang: str | None, resources: Resources
) -> list[tuple[int, int]]:
    """Where dates are in ``text[start:end]`` (without resolving them): the quantities stage
    keeps its numbers out of them."""
    g = grammar(resources, lang)
    return [(f.start, f.end) for f in _find(g, text, start, end)]


def find_dates(
    text: str,
    start: int,
    end: int,
    lang: str | None,
    resources: Resources,
    anchor: iv.Anchor | None,
) -> list[Mention]:
    g = grammar(resources, lang)
    out = []
    for f in _find(g, text, start, end):
        value = _resolve(g, f, anchor)
        if value is not None:
            out.append(Mention(f.start, f.end, "date", text[f.start : f.end], value, source=STAGE))
    return out


def _find(g: DateGrammar, text: str, lo: int, hi: int) -> list[_Found]:
    found: list[_Found] = []
    end = lo
    for trigger in g.trigger.finditer(text, lo, hi):
        if trigger.start() < end:
            continue
        m = g.pattern.match(text, trigger.start(), hi)
        if m is None:
            continue
        end = m.end()
        f = _read(g, text, m, lo)
        if f is None:
            continue
        if found and _merge(g, text, found[-1], f):
            continue
        found.append(f)
    for f in found:
        if f.form in _SINGLE and not f.since:
            sm = g.since_before.search(text, max(lo, f.start - LOOKBACK), f.start)
            if sm is not None:
                f.since, f.start = True, sm.start(1)
    return found


def _read(g: DateGrammar, text: str, m: re.Match[str], lo: int) -> _Found | None:
    form = m.lastgroup or ""
    f = _Found(m.start(), m.end(), form, m)
    if form == "mo":
        # A bare month name is a date only after a preposition ("in februari", "seit März"):
        # alone it may be a verb or a name ("May", "March", "Mars").
        prep = g.preposition_before.search(text, max(lo, f.start - LOOKBACK), f.start)
        if prep is None:
            return None
        if normalise(prep.group(1)) in g.since_words:
            f.since, f.start = True, prep.start(1)
    elif form == "wd":
        return _weekday(g, text, f, lo)
    elif form == "year" and not (m.group("y_w") or m.group("y2")):
        bare = (m.start("y1"), m.end("y1"))
        return None if _is_quantity(g.numbers, text, *bare, lo) else f
    return f


def _weekday(g: DateGrammar, text: str, f: _Found, lo: int) -> _Found | None:
    m = f.match
    name = normalise(m.group("w_day"))
    window = max(lo, f.start - LOOKBACK)
    if name in g.data.ambiguous and not g.preposition_before.search(text, window, f.start):
        return None
    f.weekdays = [g.weekday_of[name]]
    modifier = g.modifier_of.get(normalise(m.group("w_mod") or "")) or g.modifier_after_of.get(
        normalise(m.group("w_post") or "")
    )
    if modifier in ("last", "next"):
        f.direction = modifier
    elif g.until_before.search(text, window, f.start):
        f.direction = "forward"
    return f


def _is_quantity(ng: numbers.NumberGrammar, text: str, start: int, end: int, lo: int) -> bool:
    """A four-digit number that counts something ("2000 soldiers", "$2014") is no year."""
    if ng.currency_before.search(text, max(lo, start - 6), start):
        return True
    if ng.label_before.search(text, max(lo, start - numbers.LOOKBACK), start):
        return True
    for after in (ng.scale_after, ng.percent_after, ng.currency_after):
        if after.match(text, end):
            return True
    unit = numbers.unit_after(ng, text, end, len(text))
    return unit is not None and unit[2] is not None


def _merge(g: DateGrammar, text: str, prev: _Found, f: _Found) -> bool:
    """Fold ``f`` into ``prev`` when they are one date: a weekday before its date, or a list
    of weekdays ("zondag en maandag")."""
    gap = text[prev.end : f.start]
    dated = f.form in ("dmy", "mdy", "num", "iso")
    if prev.form == "wd" and dated and (not gap or _WEEKDAY_GAP.fullmatch(gap)):
        prev.form, prev.match, prev.end = f.form, f.match, f.end
        return True
    if prev.form == "wd" and f.form == "wd" and g.list_joiner.fullmatch(gap):
        prev.weekdays.extend(f.weekdays)
        prev.end = f.end
        if f.direction != "past":
            prev.direction = f.direction
        return True
    return False


def _value(
    start: date | None,
    end: date | None,
    precision: str,
    relative: bool,
    anchor: iv.Anchor | None,
) -> TimeInterval:
    if start is None or end is None:
        bounds: tuple[str | None, str | None] = (None, None)
        precision = "unknown"
    else:
        bounds = (start.isoformat(), end.isoformat())
    return TimeInterval(
        bounds[0],
        bounds[1],
        precision,
        relative,
        anchor.text if anchor is not None and relative else None,
    )


def _resolve(g: DateGrammar, f: _Found, anchor: iv.Anchor | None) -> TimeInterval | None:
    """The value of a found date; None drops it (an impossible date such as 31.02.2014)."""
    m, form = f.match, f.form
    if form == "evt":
        relation = g.event_of.get(normalise(m.group("evt")))
        return TimeInterval(None, None, "unknown", True, None, relation)
    if form == "rel":
        return _relative(g, normalise(m.group("rel")), anchor)
    if form == "wd":
        if anchor is None:
            return _value(None, None, "unknown", True, None)
        first, last = iv.weekdays_interval(anchor, f.weekdays, f.direction)
        span = len(f.weekdays) > 1
        return _since(f, first, last, iv.precision("day", anchor, span=span), True, anchor)
    if form == "part":
        return _part(g, f, anchor)
    got = _absolute(g, f, anchor)
    if got is None:
        return None
    start, end, precision, used = got
    return _since(f, start, end, precision, used, anchor)


def _since(
    f: _Found,
    start: date | None,
    end: date | None,
    precision: str,
    relative: bool,
    anchor: iv.Anchor | None,
) -> TimeInterval:
    if not f.since or start is None:
        return _value(start, end, precision, relative, anchor)
    if anchor is None:
        return _value(start, None, "unknown", True, None)
    return _value(start, max(start, anchor.end), "range", True, anchor)


def _relative(g: DateGrammar, surface: str, anchor: iv.Anchor | None) -> TimeInterval | None:
    key = g.relative_of.get(surface)
    if key is None or key not in g.meanings:
        return None
    if anchor is None:
        return _value(None, None, "unknown", True, None)
    unit, first, last = g.meanings[key]
    start, end = iv.relative_interval(anchor, unit, first, last)
    span = first != last or unit == "weekend"
    return _value(start, end, iv.precision(unit, anchor, span=span), True, anchor)


def _part(g: DateGrammar, f: _Found, anchor: iv.Anchor | None) -> TimeInterval | None:
    m = f.match
    key = g.part_of.get(normalise(m.group("p_part")))
    if key is None or key not in g.parts:
        return None
    frm, to = g.parts[key]
    if m.group("p_rel") is not None:
        rel = g.relative_of.get(normalise(m.group("p_rel")))
        if rel is None or rel not in g.meanings:
            return None
        if anchor is None:
            return _value(None, None, "unknown", True, None)
        unit, first, last = g.meanings[rel]
        # The part of the period each end of the anchor gives: against "2022-02", "eind
        # vorige maand" is the end of January either way.
        lo = iv.relative_interval(_day_anchor(anchor.start, anchor), unit, first, last)
        hi = iv.relative_interval(_day_anchor(anchor.end, anchor), unit, first, last)
        start, end = iv.part_interval(*lo, frm, to)[0], iv.part_interval(*hi, frm, to)[1]
        precision = "range" if lo == hi else iv.precision(unit, anchor, span=True)
        return _value(start, end, precision, True, anchor)
    if m.group("p_m"):
        month = g.month_of[normalise(m.group("p_m"))]
        year = _year(m.group("p_y"))
        used = year is None
        if year is None:
            if anchor is None:
                return _value(None, None, "unknown", True, None)
            year = iv.infer_year(anchor, month)
        period = iv.month_bounds(year, month)
    else:
        used, period = False, iv.year_bounds(int(m.group("p_y2")))
    start, end = iv.part_interval(*period, frm, to)
    return _value(start, end, "range", used, anchor)


def _day_anchor(day: date, anchor: iv.Anchor) -> iv.Anchor:
    return iv.Anchor(day, day, "day", anchor.text)


def _year(text: str | None) -> int | None:
    return int(text) if text else None


def _absolute(
    g: DateGrammar, f: _Found, anchor: iv.Anchor | None
) -> tuple[date | None, date | None, str, bool] | None:
    """``(start, end, precision, anchor_used)`` of a calendar date."""
    m, form = f.match, f.form
    if form == "iso":
        day = iv.safe_date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
        return (day, day, "day", False) if day else None
    if form == "num":
        a, b, y = int(m.group("n1")), int(m.group("n2")), int(m.group("n3"))
        d, mo = (a, b) if g.data.numeric_order == "dmy" else (b, a)
        if mo > 12 and d <= 12:
            d, mo = mo, d
        y = y if y > 99 else 2000 + y if y < 50 else 1900 + y
        day = iv.safe_date(y, mo, d)
        return (day, day, "day", False) if day else None
    if form in ("year",):
        first = int(m.group("y1"))
        second = m.group("y2")
        if second is None:
            return (*iv.year_bounds(first), "year", False)
        last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if last <= first:
            return None
        return iv.year_bounds(first)[0], iv.year_bounds(last)[1], "range", False
    names = {"dmy": ("d_m", "d_d", "d_y"), "mdy": ("a_m", "a_d", "a_y"),
             "drange": ("dr_m", "dr1", "dr_y"), "my": ("m_m", None, "m_y"),
             "mo": ("mo_m", None, "mo_y")}  # fmt: skip
    month_group, day_group, year_group = names[form]
    month = g.month_of.get(normalise(m.group(month_group)).rstrip("."))
    if month is None:
        return None
    year = _year(m.group(year_group))
    used = year is None
    if year is None:
        if anchor is None:
            return None, None, "unknown", True
        year = iv.infer_year(anchor, month, int(m.group(day_group)) if day_group else 1)
    if day_group is None:
        return (*iv.month_bounds(year, month), "month", used)
    start = iv.safe_date(year, month, int(m.group(day_group)))
    if form == "drange":
        end = iv.safe_date(year, month, int(m.group("dr2")))
        if start is None or end is None or end < start:
            return None
        return start, end, "range", used
    return (start, start, "day", used) if start else None
