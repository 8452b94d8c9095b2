"""Reading numbers: the per-language number grammar compiled from ``numbers.toml``.

:class:`NumberGrammar` holds the compiled patterns of one language; :func:`grammar` builds it
once per :class:`~claimscope.resources.Resources`. The engine sees canonical keys only: digit
separators, number words, scales, approximators, currencies and units all come from the data.

Number words are read by text2num where the data says the language is one text2num knows
(``number_parser = "text2num"``), falling back to the data's own table, which is the parser
for the others (Russian, Ukrainian): the values of the words are added up, and a scale word
(thousand, million) multiplies what precedes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from text_to_num import text2num

from ...lang.loader import LanguageData, NumberData, fold
from ...resources import Resources
from .patterns import alternation, compile_ci, lookup, normalise

# Numbers of more plain digits than this (no separators) are identifiers or phone numbers in
# news copy, where large numbers are written with separators or scale words.
MAX_PLAIN_DIGITS = 6
# Words after a number searched for its counted noun ("130.000 Russische militairen").
UNIT_WINDOW = 3
# How far before a number an approximator, currency sign, label or range opener may start.
LOOKBACK = 40
_SPACE = "[ \u00a0\u202f]"
# A phone number: "+31 20 123 4567", "020-123 45 67"; masked when it holds PHONE_DIGITS digits.
PHONE = re.compile(r"(?<![\w.,])(?:\+|0)\(?\d[\d \u00a0().\-/]{5,}\d")
PHONE_DIGITS = 8
_WORD = r"[^\W\d_][\w'’ʼ\-]*"


@dataclass(frozen=True, slots=True)
class NumberGrammar:
    """Compiled patterns and lookups for one language."""

    code: str
    data: NumberData
    atoms: re.Pattern[str]  # groups: vague | digits | words
    fraction_after: re.Pattern[str]
    scale_after: re.Pattern[str]
    money_scale_after: re.Pattern[str]
    percent_after: re.Pattern[str]
    currency_after: re.Pattern[str]
    currency_before: re.Pattern[str]
    currency_at: re.Pattern[str]
    approximator_before: re.Pattern[str]
    label_before: re.Pattern[str]
    time_after: re.Pattern[str]
    time_before: re.Pattern[str]
    unit_link: re.Pattern[str]
    unit_at: re.Pattern[str]
    word_at: re.Pattern[str]
    range_middles: tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]
    keys: dict[str, dict[str, str]]  # table name -> normalised surface -> key
    stop_words: frozenset[str]
    nouns_capitalised: bool


def grammar(resources: Resources, lang: str | None) -> NumberGrammar:
    """The number grammar of ``lang`` (base alone for an unknown language), built once."""
    # Keyed by the code asked for: Resources.lang() scans the package folders on every call.
    return resources.get(f"mentions.numbers.{lang}", lambda: build(resources.lang(lang)))


def build(lang: LanguageData) -> NumberGrammar:
    n = lang.numbers
    assert n is not None, "numbers.toml is part of every language (base supplies it)"
    group = "".join(re.escape(c) for c in n.group_separators)
    dec = "".join(re.escape(c) for c in n.decimal_separators)
    grouped = rf"\d{{1,3}}(?:[{group}]\d{{3}})+|" if group else ""
    decimal = rf"(?:[{dec}]\d+)?" if dec else ""
    digits = rf"(?<![\w])(?:{grouped}\d+){decimal}(?!\d)"
    words = _number_words(n)
    # The leading boundary lets the scan skip the inside of words at one test per position.
    atoms = (
        rf"(?<!\w)(?:(?P<vague>{alternation(_all(n.vague))})|(?P<digits>{digits})"
        f"|(?P<words>{words}))"
    )
    currencies = _all(n.currencies)
    speaker = lang.speaker
    stop = (
        speaker.stop_words
        | speaker.determiners
        | speaker.prepositions
        | speaker.conjunctions
        | speaker.complementisers
        | n.not_units
    )
    return NumberGrammar(
        code=lang.code,
        data=n,
        atoms=compile_ci(atoms),
        fraction_after=compile_ci(rf"\s+({alternation(_all(n.fractions))})"),
        scale_after=compile_ci(rf"{_SPACE}?({alternation(_all(n.scales), left=False)})"),
        money_scale_after=compile_ci(f"({alternation(_all(n.money_scales), left=False)})"),
        percent_after=compile_ci(rf"{_SPACE}?({alternation(n.percent, left=False)})"),
        currency_after=compile_ci(rf"{_SPACE}?({alternation(currencies, left=False)})"),
        currency_before=compile_ci(rf"({alternation(currencies)}){_SPACE}?\Z"),
        currency_at=compile_ci(rf"({alternation(currencies)}){_SPACE}?"),
        approximator_before=compile_ci(rf"({alternation(_all(n.approximators))})\s*\Z"),
        label_before=compile_ci(rf"(?:{alternation(n.labels)})\s*\Z"),
        time_after=compile_ci(rf"\s*(?:{alternation(n.time_words)})"),
        time_before=compile_ci(rf"\d\s*(?:{alternation(n.time_words)})\s*\Z"),
        unit_link=compile_ci(rf"\s*(?:{alternation(n.unit_links, bounded=True)})\s*"),
        unit_at=compile_ci(alternation(_all(n.units))),
        word_at=re.compile(_WORD),
        range_middles=_range_middles(n),
        keys={
            "vague": lookup(n.vague),
            "fractions": lookup(n.fractions),
            "scales": lookup(n.scales),
            "money_scales": lookup(n.money_scales),
            "approximators": lookup(n.approximators),
            "currencies": lookup(n.currencies),
            "units": lookup(n.units),
            "number_words": lookup(n.number_words),
        },
        stop_words=frozenset(stop),
        nouns_capitalised=speaker.nouns_capitalised,
    )


def _all(table: dict[str, tuple[str, ...]]) -> list[str]:
    return [s for surfaces in table.values() for s in surfaces]


def _number_words(n: NumberData) -> str:
    """Number words in a row ("two hundred and fifty thousand", "vingt-et-un", "двести
    тысяч"); in a compounding language also glued (tweehonderdvijftigduizend)."""
    word = f"(?:{alternation(_all(n.number_words), bounded=False)})"
    joiner = f"(?:{alternation(n.number_word_joiners, bounded=False)})"
    if n.compound_number_words:
        word = f"{word}(?:{joiner}?{word})*" if n.number_word_joiners else f"(?:{word})+"
    sep = r"(?:\s+|-)"
    join = f"(?:{joiner}{sep})?" if n.number_word_joiners else ""
    return rf"(?<!\w){word}(?:{sep}{join}{word})*(?!\w)"


def _range_middles(n: NumberData) -> tuple[tuple[re.Pattern[str] | None, re.Pattern[str]], ...]:
    """Per range opener ("tussen", or none): the words between the two numbers."""
    by_opener: dict[str, list[str]] = {}
    for pattern in n.range_patterns:
        before, middle, _after = fold(pattern).split("{n}")
        by_opener.setdefault(before.strip(), []).append(middle.strip())
    out = []
    for opener, middles in by_opener.items():
        opener_re = compile_ci(rf"{alternation([opener])}\s*\Z") if opener else None
        out.append((opener_re, compile_ci(rf"\s*(?:{alternation(middles)})\s*")))
    # Ranges with an opener first: "tussen 10 en 15" must not read as "10 en ..." alone.
    out.sort(key=lambda pair: pair[0] is None)
    return tuple(out)


def parse_digits(text: str, n: NumberData) -> float:
    """Digits as written: "130.000" (nl) -> 130000, "1,5" (nl) -> 1.5, "130 000" (fr)."""
    out = []
    for ch in text:
        if ch.isdigit():
            out.append(ch)
        elif ch in n.decimal_separators:
            out.append(".")
    return float("".join(out))


def parse_words(g: NumberGrammar, text: str) -> float | None:
    """The value of a run of number words, or None if it is not one number."""
    phrase = normalise(text)
    if g.data.number_parser == "text2num":
        try:
            return float(text2num(phrase, g.code))
        except ValueError:
            pass  # text2num refuses some valid phrases ("anderhalf miljoen"): try the table
    return _table_value(g, phrase)


def _table_value(g: NumberGrammar, phrase: str) -> float | None:
    words = g.keys["number_words"]
    values = g.data.values
    joiners = set(g.data.number_word_joiners)
    tokens = [t for t in re.split(r"[\s\-]+", phrase) if t and t not in joiners]
    total = current = 0.0
    seen = False
    i = 0
    while i < len(tokens):
        # Longest surface first: "half a" before "half".
        for size in (3, 2, 1):
            key = words.get(" ".join(tokens[i : i + size]))
            if key is not None:
                break
        if key is None:
            return None  # a glued compound the table cannot split, or a stray word
        i += size
        value = values[key]
        seen = True
        if value >= 1000:
            total += (current or 1) * value
            current = 0
        elif value == 100 and 0 < current < 10:
            current *= 100  # "two hundred" where the language writes it as two words
        else:
            current += value
    return total + current if seen else None


def unit_after(
    g: NumberGrammar, text: str, pos: int, hi: int
) -> tuple[int, int, str | None] | None:
    """The counted noun after a number ending at ``pos``: ``(start, end, unit key)``.

    A noun of the [units] lexicon within the next few words wins, stepping over adjectives
    ("20,000 Ukrainian soldiers", "240 voornamelijk Israëlische gijzelaars"); otherwise the
    first word that is no stop word (in a language that capitalises nouns, the first
    capitalised one), with key None. Nothing across punctuation or a stop word.
    """
    link = g.unit_link.match(text, pos, hi)
    if link is not None and link.end() > pos:
        pos = link.end()
    fallback = None
    for _ in range(UNIT_WINDOW):
        while pos < hi and text[pos].isspace():
            pos += 1
        found = g.unit_at.match(text, pos, hi)
        if found is not None:
            return found.start(), found.end(), g.keys["units"].get(normalise(found.group()))
        word = g.word_at.match(text, pos, hi)
        if word is None:
            break
        folded = fold(word.group())
        if folded in g.stop_words or folded in g.keys["number_words"]:
            break
        if fallback is None and (not g.nouns_capitalised or word.group()[0].isupper()):
            fallback = (word.start(), word.end(), None)
        pos = word.end()
    return fallback


def as_number(value: float) -> int | float:
    """An int when the value is whole (130000, not 130000.0)."""
    if value.is_integer() and abs(value) < 1e18:
        return int(value)
    return round(value, 6)
