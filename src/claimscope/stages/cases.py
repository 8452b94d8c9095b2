"""Grammatical case of words, for languages whose subject is known by its case (Russian,
Ukrainian): the speaker of "депутаты Государственной думы призывают Бундестаг" is the
nominative "депутаты …", not the accusative "Бундестаг"; in "Марлз на прес-конференції з
прем'єром … та заступником … Гаврилюком уточнив" it is "Марлз", not the instrumental names.

The analyser is pymorphy3 with its OpenCorpora-derived dictionaries for ru and uk (a registry
package, not a model of ours); which analyser a language uses is data (``cues.toml [speaker]
case_analyzer``). Only the most probable reading of each word is used.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ..resources import WORD_CACHE, Resources
from .speakers import Phrase
from .text import Token

CaseOf = Callable[[str], str | None]
# A phrase's words may be nominative (its head) or genitive (its modifiers: "комитета Госдумы
# по международным делам"); anything else ends it.
SUBJECT_CASES = frozenset({"nomn"})
MODIFIER_CASES = frozenset({"nomn", "gent"})


def case_analyzer(resources: Resources, lang: str | None, name: str) -> CaseOf | None:
    """A word -> case function for ``lang``, or None when the language names no analyser."""
    if name != "pymorphy3" or not lang:
        return None

    def build() -> CaseOf:
        morph = _morph(resources, lang)

        @functools.lru_cache(maxsize=WORD_CACHE)
        def case_of(word: str) -> str | None:
            parses = _parses(morph, word)
            tag = parses[0].tag if parses else None
            if tag is None:
                return None
            if "Fixd" in tag:
                # An indeclinable word ("США", "НАТО") has every case: it proves nothing.
                return "fixd"
            if tag.POS in ("NOUN", "ADJF", "NPRO"):
                return tag.case
            return None

        return case_of

    return resources.get(f"cases.{lang}", build)


def _morph(resources: Resources, lang: str) -> Any:
    return resources.get(f"cases.morph.{lang}", lambda: morph_analyzer(lang))


@functools.cache
def morph_analyzer(lang: str) -> Any:
    """pymorphy3's analyser for ``lang``, one per process: the case readers here and the cue
    lemmatizer (stages/cues.py) share it, where each loading its own dictionary cost a third
    of a second and ~20 MB per language. It holds no state between calls."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang=lang)


def oblique_analyzer(
    resources: Resources, lang: str | None, name: str
) -> Callable[[str], bool] | None:
    """A word -> bool function for ``lang``: whether no reading of the word is nominative (a
    declined noun, adjective or pronoun in another case: "организациями", "прокуратурі").
    A word the dictionary does not decline (a Latin name, "США") is never oblique."""
    if name != "pymorphy3" or not lang:
        return None

    def build() -> Callable[[str], bool]:
        morph = _morph(resources, lang)

        @functools.lru_cache(maxsize=WORD_CACHE)
        def oblique(word: str) -> bool:
            tags = [p.tag for p in _parses(morph, word)]
            return bool(tags) and all(
                t.POS in ("NOUN", "ADJF", "NPRO") and "Fixd" not in t and t.case != "nomn"
                for t in tags
            )

        return oblique

    return resources.get(f"cases.oblique.{lang}", build)


def _parses(morph: Any, word: str) -> list[Any]:
    """pymorphy3's readings of ``word``; none for a character it cannot name (it raises
    ValueError on scripts such as Tangut, which random or garbled text can hold)."""
    try:
        return list(morph.parse(word))
    except ValueError:
        return []


def has_subject(toks: list[Token], phrase: Phrase, case_of: CaseOf) -> bool:
    return any(
        case_of(t.text) in SUBJECT_CASES for t in toks[phrase.first : phrase.last + 1] if t.is_word
    )


def nominative_phrase(
    toks: list[Token], verb: int, floor: int, prepositions: frozenset[str], case_of: CaseOf
) -> Phrase | None:
    """The nearest nominative noun phrase before token ``verb``: a nominative word not right
    after a preposition, with the nominative and genitive words around it."""
    for j in range(verb - 1, floor - 1, -1):
        t = toks[j]
        if not t.is_word or t.low in prepositions:
            continue
        if case_of(t.text) not in SUBJECT_CASES:
            continue
        if j > floor and toks[j - 1].low in prepositions:
            continue
        first = j
        while (
            first - 1 >= floor
            and toks[first - 1].is_word
            and toks[first - 1].low not in prepositions
            and case_of(toks[first - 1].text) in SUBJECT_CASES
        ):
            first -= 1
        last = j
        while (
            last + 1 < verb
            and toks[last + 1].is_word
            and toks[last + 1].low not in prepositions
            and case_of(toks[last + 1].text) in MODIFIER_CASES
        ):
            last += 1
        return Phrase(first, last)
    return None
