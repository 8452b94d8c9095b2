"""``quantities.v1``: numbers and quantities, with their bounds, currency and counted noun.

Each quantity mention's value is a :class:`~claimscope.model.Quantity`::

    Quantity(value=130000, low=None, high=None, approximate=True, unit="militairen",
             unit_span=(s, e), unit_key="troops", currency=None, percent=False)

``value`` is the number as written with scale words applied ("1,5 miljoen" -> 1500000, "$25m"
-> 25000000), percentages as the number (35% -> 35). ``low``/``high`` bound it: both equal the
value for an exact number, a range gives both ("10 tot 15"), an approximator gives one or
none ("more than 240": low 240; "nearly 100": high 100; "about 130,000": neither), a vague
plural gives its bounds and its low bound as the value ("tienduizenden": 20000-99999).
``unit`` is the counted noun's surface and ``unit_key`` its canonical key when the [units]
lexicon knows it (military, people, weapons, time units).

Not quantities: years, dates and clock times, ordinals ("22e brigade", "3. Brigade"), labels
("artikel 5", "§ 3"), phone numbers and identifiers, numbers inside names ("MH17", "F-16",
"Su-25"), and lone articles that are also number words ("een", "one", "un"). Dates are found
with the dates stage's own grammar, so both stages agree on where a date is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ...model import Document, Mention, Quantity
from ...registry import register
from ...resources import Resources
from . import numbers
from .dates import date_spans, sentence_spans
from .numbers import LOOKBACK, NumberGrammar, as_number, parse_digits, parse_words
from .patterns import normalise

STAGE = "quantities.v1"
# Four-digit numbers in this span are years unless they count something.
YEARS = (1800, 2100)


@dataclass(slots=True)
class _Num:
    """One number as read, with what is glued to it (fraction, scale, percent, currency)."""

    start: int
    end: int  # end of the digits or words
    kind: str  # digits, words or vague
    raw: str
    value: float
    low: float | None = None
    high: float | None = None
    stop: int = 0  # end of everything read with it
    scale: float = 1.0
    percent: bool = False
    currency: str | None = None
    money_scale: bool = False  # "$25m": "m" counts only with a currency
    fraction: bool = False


@register(STAGE, requires=["text", "lang", "sentences"], assigns=["mentions.quantities"])
def extract_quantities(doc: Document, resources: Resources) -> None:
    """Append the quantity mentions of ``doc`` to ``doc.mentions``."""
    for start, end, lang in sentence_spans(doc):
        doc.mentions.extend(find_quantities(doc.text, start, end, lang, resources))


def parse_quantities(text: str, lang: str | None, resources: Resources) -> list[Mention]:
    """The quantity mentions of ``text`` read as language ``lang``."""
    return find_quantities(text, 0, len(text), lang, resources)


def find_quantities(
    text: str, lo: int, hi: int, lang: str | None, resources: Resources
) -> list[Mention]:
    g = numbers.grammar(resources, lang)
    spans: list[tuple[int, int]] | None = None

    def in_date(start: int, end: int) -> bool:
        nonlocal spans
        if spans is None:  # only sentences with a candidate number pay for the date pattern
            spans = date_spans(text, lo, hi, lang, resources)
        return any(a < end and start < b for a, b in spans)

    out: list[Mention] = []
    consumed = lo
    phones = [
        (p.start(), p.end())
        for p in numbers.PHONE.finditer(text, lo, hi)
        if sum(c.isdigit() for c in p.group()) >= numbers.PHONE_DIGITS
    ]
    opening = len(text[lo:hi]) - len(text[lo:hi].lstrip()) + lo
    for m in g.atoms.finditer(text, lo, hi):
        if m.start() < consumed:
            continue
        if m.start() == opening and text[m.end() : m.end() + 1] in (".", ")"):
            continue  # a list marker: "1. Nederland: het slachtoffer"
        if any(a <= m.start() < b for a, b in phones):
            continue
        # Look back no further than the previous quantity: its currency or approximator is
        # not this one's ("100 мільйонів доларів 50 мільйонів").
        found = _quantity(g, text, m, consumed, hi, in_date)
        if found is not None:
            out.append(found)
            consumed = found.end
    return out


def _quantity(
    g: NumberGrammar,
    text: str,
    m: re.Match[str],
    lo: int,
    hi: int,
    in_date: Callable[[int, int], bool],
) -> Mention | None:
    first = _read(g, text, m, hi)
    if first is None or not _allowed(g, text, first, lo, hi):
        return None
    start = first.start
    before = g.currency_before.search(text, max(lo, start - 8), start)
    if before is not None:
        first.currency = first.currency or _currency(g, before.group(1))
        start = before.start()
    second, opener = _range(g, text, first, start, lo, hi)
    if opener is not None:
        start = opener
    lone = first.kind == "words" and second is None and not first.fraction
    if lone and normalise(first.raw) in g.data.ambiguous_number_words:
        return None  # "een", "one", "un": an article, not a count
    approx = g.approximator_before.search(text, max(lo, start - LOOKBACK), start)
    approx_key = g.keys["approximators"].get(normalise(approx.group(1))) if approx else None
    if approx is not None:
        start = approx.start(1)
        if first.kind == "vague" and normalise(first.raw) in g.keys["number_words"]:
            # "свыше тысячи": after an approximator the plural is the singular's genitive.
            first = _read(g, text, m, hi, kind="words") or first
    last = second or first
    stop = last.stop
    currency = first.currency or last.currency
    percent = first.percent or last.percent
    if (first.money_scale or last.money_scale) and currency is None:
        return None  # "25m" without a currency is a length, not 25 million
    unit = None if percent or currency else numbers.unit_after(g, text, stop, hi)
    if unit is not None and unit[2] is None:
        maybe = _currency(g, text[unit[0] : unit[1]])
        if maybe is not None:  # "millions of dollars"
            currency, unit = maybe, None
    counted = unit is not None and unit[2] is not None
    for num in (first, second):
        if num is not None and _is_year(num) and not (counted or currency or percent):
            return None
    if first.kind != "vague" and in_date(first.start, last.end):
        return None
    number, low, high, approximate = _bounds(g, first, second, approx_key)
    value = Quantity(
        number,
        low,
        high,
        approximate,
        unit=text[unit[0] : unit[1]] if unit else None,
        unit_span=(unit[0], unit[1]) if unit else None,
        unit_key=unit[2] if unit else None,
        currency=currency,
        percent=percent,
    )
    return Mention(start, stop, "quantity", text[start:stop], value, source=STAGE)


def _read(g: NumberGrammar, text: str, m: re.Match[str], hi: int, kind: str = "") -> _Num | None:
    kind, raw = kind or m.lastgroup or "", m.group()
    if kind == "vague":
        key = g.keys["vague"].get(normalise(raw))
        if key is None:
            return None
        low, high = g.data.vague_bounds[key]
        return _Num(m.start(), m.end(), kind, raw, low, low, high, stop=m.end())
    value = parse_digits(raw, g.data) if kind == "digits" else parse_words(g, raw)
    if value is None:
        return None
    num = _Num(m.start(), m.end(), kind, raw, value)
    pos = m.end()
    frac = g.fraction_after.match(text, pos, hi)
    if frac is not None:
        key = g.keys["fractions"].get(normalise(frac.group(1)))
        if key is not None:
            num.value /= g.data.denominators[key]
            num.fraction, pos = True, frac.end()
    scale = g.scale_after.match(text, pos, hi)
    if scale is not None:
        key = g.keys["scales"].get(normalise(scale.group(1)))
        num.scale = g.data.values[key] if key else 1.0
        pos = scale.end()
    elif kind == "digits":
        money = g.money_scale_after.match(text, pos, hi)
        if money is not None:
            key = g.keys["money_scales"].get(normalise(money.group(1)))
            num.scale, num.money_scale, pos = g.data.values[key] if key else 1.0, True, money.end()
    num.value *= num.scale
    pct = g.percent_after.match(text, pos, hi)
    if pct is not None:
        num.percent, pos = True, pct.end()
    else:
        cur = g.currency_after.match(text, pos, hi)
        if cur is not None:
            num.currency, pos = _currency(g, cur.group(1)), cur.end()
    if kind == "digits" and m.end() < len(text) and text[m.end()].isalpha() and pos == m.end():
        return None  # an ordinal or a code: "22e", "17th", "5G"
    num.stop = pos
    return num


def _allowed(g: NumberGrammar, text: str, num: _Num, lo: int, hi: int) -> bool:
    """False for digits that are part of a name, code, date, time, label or ordinal."""
    if num.kind != "digits":
        return True
    s, e, raw = num.start, num.end, num.raw
    before, before2 = text[s - 1 : s], text[max(0, s - 2) : max(0, s - 1)]
    after, after2 = text[e : e + 1], text[e + 1 : e + 2]
    if before in ("-", "‐", "/") and before2.isalpha():
        return False  # F-16, Su-25, COVID-19
    if (before in ("-", "–", ".", ",", ":", "/") and before2.isdigit()) or before == "+":
        return False  # the second half of a code, a time or a phone number
    if after in (".", ",", ":", "/") and after2.isdigit():
        return False  # 14.00 (time in a language with decimal comma), 17.07
    if after in ("-", "‐") and after2.isalpha():
        return False  # 30-tägige, 22-й
    if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
        return False  # 020-..., 08
    if raw.isdigit() and len(raw) > numbers.MAX_PLAIN_DIGITS:
        return False
    if g.data.ordinal_period and after == "." and e + 1 < hi and after2.isspace():
        return False  # "die 3. Brigade" (a period that ends the sentence is no ordinal)
    if g.time_after.match(text, e, hi) or g.time_before.search(text, max(lo, s - 12), s):
        return False
    return g.label_before.search(text, max(lo, s - LOOKBACK), s) is None


def _range(
    g: NumberGrammar, text: str, first: _Num, lead: int, lo: int, hi: int
) -> tuple[_Num | None, int | None]:
    """The second number of a range and where an opener ("tussen") starts, if any."""
    if first.kind == "vague":
        return None, None
    for opener_re, middle_re in g.range_middles:
        opener = None
        if opener_re is not None:
            opener = opener_re.search(text, max(lo, lead - LOOKBACK), lead)
            if opener is None:
                continue
        middle = middle_re.match(text, first.stop, hi)
        if middle is None:
            continue
        pos = middle.end()
        cur = g.currency_at.match(text, pos, hi)
        if cur is not None:
            pos = cur.end()
        m2 = g.atoms.match(text, pos, hi)
        if m2 is None or m2.lastgroup == "vague":
            continue
        second = _read(g, text, m2, hi)
        if second is None or not _allowed(g, text, second, lo, hi):
            continue
        if cur is not None:
            second.currency = second.currency or _currency(g, cur.group(1))
        low, shared = first.value, False
        if first.scale == 1.0 and second.scale != 1.0 and low <= second.value / second.scale:
            low, shared = low * second.scale, True  # "1,5 tot 2 miljoen"
        if low > second.value:
            continue
        first.value = low
        first.money_scale = first.money_scale or (shared and second.money_scale)
        return second, (opener.start() if opener is not None else None)
    return None, None


def _is_year(num: _Num) -> bool:
    return (
        num.kind == "digits"
        and num.raw.isdigit()
        and len(num.raw) == 4
        and num.scale == 1.0
        and YEARS[0] <= num.value <= YEARS[1]
    )


def _currency(g: NumberGrammar, surface: str) -> str | None:
    key = g.keys["currencies"].get(normalise(surface))
    return key.upper() if key else None


def _bounds(
    g: NumberGrammar, first: _Num, second: _Num | None, approx_key: str | None
) -> tuple[int | float, int | float | None, int | float | None, bool]:
    """value, low, high and whether the number is approximate."""
    value = first.value
    if first.kind == "vague":
        low, high, approximate = first.low, first.high, True
    elif second is not None:
        low, high, approximate = value, second.value, approx_key is not None
    else:
        low = high = value
        approximate = False
        if approx_key is not None:
            approximate = True
            bound = g.data.approximator_bounds.get(approx_key, "none")
            low = value if bound == "low" else None
            high = value if bound == "high" else None
    return (
        as_number(value),
        as_number(low) if low is not None else None,
        as_number(high) if high is not None else None,
        approximate,
    )
