"""The per-language date pattern, compiled once from ``dates.toml``.

One regular expression per language holds every form as a named branch, tried in this order
(the first that matches wins, so longer forms come first). It is tried only where a cheaper
``trigger`` pattern finds a digit or the first word of a form at a word start: scanning the
whole text with the full pattern cost 2.1 ms per 500-word Dutch article, the trigger and
matches 0.4 ms (benchmarks/quantities_dates_speed.py).

- ``iso``     2014-07-17
- ``num``     17.07.2014, 7/17/2014 (day/month order from the data)
- ``drange``  10-15 juli, du 10 au 15 juillet
- ``dmy``     17 juli 2014, 17. Juli, 1er mai, 7 марта, 27 квітня
- ``mdy``     July 17, 2014 (languages with ``month_day_order``)
- ``part``    eind vorig jaar, begin 2014, Ende Februar, в конце прошлого года
- ``my``      februari 2022, марта 2022 года
- ``mo``      in februari, seit Februar, в марте (a bare month: its preposition, looked up
              before it, is required)
- ``rel``     vorige week, gisteren, на прошлой неделе
- ``evt``     een dag nadat (relative to another event)
- ``wd``      maandag, zaterdagavond, vorige maandag, lundi dernier, в понедельник
- ``year``    2014, 2019-20, 1990 года
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ...lang.loader import DateData, LanguageData
from ...resources import Resources
from . import numbers
from .patterns import alternation, compile_ci, lookup, normalise

MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Before a number that starts a date: not inside a word, a decimal or another date.
_SD = r"(?<![\w.,:/\-])"
_YEAR = r"(?:1[89]|20)\d\d(?!\d)"


@dataclass(frozen=True, slots=True)
class DateGrammar:
    code: str
    data: DateData
    pattern: re.Pattern[str]
    trigger: re.Pattern[str]
    month_of: dict[str, int]
    weekday_of: dict[str, int]
    relative_of: dict[str, str]
    meanings: dict[str, tuple[str, int, int]]  # relative key -> unit, first, last offset
    part_of: dict[str, str]
    parts: dict[str, tuple[Fraction, Fraction]]
    modifier_of: dict[str, str]
    modifier_after_of: dict[str, str]
    event_of: dict[str, str]
    since_words: frozenset[str]
    since_before: re.Pattern[str]
    until_before: re.Pattern[str]
    preposition_before: re.Pattern[str]
    list_joiner: re.Pattern[str]
    numbers: numbers.NumberGrammar


def grammar(resources: Resources, lang: str | None) -> DateGrammar:
    """The date grammar of ``lang`` (base alone for an unknown language), built once."""
    return resources.get(
        f"mentions.dates.{lang}",
        lambda: build(resources.lang(lang), numbers.grammar(resources, lang)),
    )


def build(lang: LanguageData, num: numbers.NumberGrammar) -> DateGrammar:
    d = lang.dates
    assert d is not None, "dates.toml is part of every language (base supplies it)"
    return DateGrammar(
        code=lang.code,
        data=d,
        pattern=compile_ci(_pattern(d)),
        trigger=compile_ci(_trigger(d)),
        month_of=_index(d.months, MONTH_KEYS, 1) | _index(d.months_abbreviated, MONTH_KEYS, 1),
        weekday_of=_index(d.weekdays, WEEKDAY_KEYS, 0),
        relative_of=lookup(d.relative),
        meanings={k: _meaning(v) for k, v in d.relative_meanings.items()},
        part_of=lookup(d.parts),
        parts={k: _fractions(v) for k, v in d.part_meanings.items()},
        modifier_of=lookup(d.weekday_modifiers),
        modifier_after_of=lookup(d.weekday_modifiers_after),
        event_of=lookup(d.event_relative),
        since_words=frozenset(normalise(s) for s in d.since),
        since_before=compile_ci(rf"({alternation(d.since)})\s*\Z"),
        until_before=compile_ci(rf"({alternation(d.until)})\s*\Z"),
        preposition_before=compile_ci(rf"({alternation(d.prepositions)})\s*\Z"),
        list_joiner=compile_ci(rf"\s*(?:{alternation(d.list_joiners)})\s*"),
        numbers=num,
    )


def _index(table: dict[str, tuple[str, ...]], keys: tuple[str, ...], first: int) -> dict[str, int]:
    """Surface -> number of its key (months from 1, weekdays from Monday = 0)."""
    return {surface: keys.index(key) + first for surface, key in lookup(table).items()}


def _meaning(text: str) -> tuple[str, int, int]:
    unit, offsets = text.split()
    first, _, last = offsets.partition("..")
    return unit, int(first), int(last or first)


def _fractions(text: str) -> tuple[Fraction, Fraction]:
    frm, to = text.split()
    return Fraction(frm), Fraction(to)


def _all(table: dict[str, tuple[str, ...]]) -> list[str]:
    return [s for surfaces in table.values() for s in surfaces]


def _trigger(d: DateData) -> str:
    """Where a form may start: a digit, or a word opening one of the forms."""
    words = [alternation(_all(d.relative), lowercase_only=d.lowercase_only)]
    for table in (d.months, d.months_abbreviated, d.event_relative, d.weekday_modifiers):
        words.append(alternation(_all(table)))
    words.append(alternation(_all(d.parts), left=False))
    words.append(alternation(_all(d.weekdays), bounded=False))  # zaterdagavond
    return r"(?<!\w)(?:\d|" + "|".join(words) + ")"


def _pattern(d: DateData) -> str:
    month = alternation(_all(d.months))
    short = alternation(_all(d.months_abbreviated)) + r"\.?"
    any_month = f"(?:{month}|{short})"
    suffix = f"(?:{alternation(d.day_suffixes, bounded=False)})?" if d.day_suffixes else ""
    year_word = rf"(?:\s*{alternation(d.year_words)})?" if d.year_words else ""
    joiners = alternation(d.range_joiners)
    relative = alternation(_all(d.relative), lowercase_only=d.lowercase_only)
    weekday = alternation(_all(d.weekdays), bounded=False)
    weekday_suffix = (
        f"(?P<w_suf>{alternation(d.weekday_suffixes, bounded=False)})?"
        if d.weekday_suffixes
        else ""
    )

    # "since October 7": the month with its day is a date of its own, read at the month.
    day_follows = r"(?!\s*\d)" if d.month_day_order else ""

    def day(name: str) -> str:
        return rf"(?P<{name}>0?[1-9]|[12]\d|3[01])(?!\d){suffix}"

    def year(name: str) -> str:
        return rf"(?P<{name}>{_YEAR}){year_word}"

    forms = [
        rf"(?P<iso>{_SD}(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d))",
        rf"(?P<num>{_SD}(?P<n1>\d{{1,2}})(?P<ns>[./])(?P<n2>\d{{1,2}})(?P=ns)(?P<n3>{_YEAR}|\d\d(?!\d)))",
        rf"(?P<drange>{_SD}{day('dr1')}\s*(?:{joiners})\s*{day('dr2')}\s*(?P<dr_m>{any_month})"
        rf"(?:,?\s*{year('dr_y')})?)",
        rf"(?P<dmy>{_SD}{day('d_d')}\s*(?P<d_m>{any_month})(?:,?\s*{year('d_y')})?)",
    ]
    if d.month_day_order:
        forms.append(rf"(?P<mdy>(?P<a_m>{any_month})\s+{day('a_d')}(?:,?\s+{year('a_y')})?)")
    forms += [
        rf"(?P<part>(?P<p_part>{alternation(_all(d.parts))})\s*(?:(?P<p_m>{month})"
        rf"(?:\s+{year('p_y')})?|(?P<p_rel>{relative})|{year('p_y2')}))",
        rf"(?P<my>(?P<m_m>{month})\s+{year('m_y')})",
        rf"(?P<mo>(?P<mo_m>{month})(?:\s+{year('mo_y')})?{day_follows})",
        rf"(?P<rel>{relative})",
        rf"(?P<evt>{alternation(_all(d.event_relative))})",
        rf"(?P<wd>(?:(?P<w_mod>{alternation(_all(d.weekday_modifiers))})\s+)?"
        rf"(?<!\w)(?P<w_day>{weekday}){weekday_suffix}(?!\w)"
        rf"(?:\s+(?P<w_post>{alternation(_all(d.weekday_modifiers_after))}))?)",
        rf"(?P<year>{_SD}(?P<y1>{_YEAR})(?:\s*[-–/]\s*(?P<y2>{_YEAR}|\d\d(?!\d)))?"
        rf"(?:\s*(?P<y_w>{alternation(d.year_words)}))?(?![\w%]))",
    ]
    return "|".join(forms)
