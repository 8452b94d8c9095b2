"""Inflected forms of names from per-language suffix rules (``lang/<code>/gazetteer.toml``).

The rules are data: ``[inflection.name]``, ``[inflection.noun]``, ``[inflection.adjective]`` and
``[inflection.demonym]`` map a word ending to its replacements, the longest ending of a word wins,
``""`` matches any word and ``[]`` means the word does not inflect. Slot lists are aligned by case
(genitive, dative, ...) so that the words of a phrase agree: ``Министерство обороны`` gives
``Министерства обороны`` and not ``Министерства обороне``. ``"a|b"`` in a slot gives both forms.

Profiles are inflected with these rules when they are loaded, so that a user's profile needs no
build step. The shipped place names are inflected by ``scripts/build_gazetteer.py`` with pymorphy3
for Russian and Ukrainian (it knows irregular names such as Київ -> Києва) and with these rules for
the other languages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import product

Rules = Mapping[str, Sequence[str]]


def _ending(word: str, rules: Rules) -> str | None:
    # Longest ending first; the rule tables are small (a few dozen keys).
    for cut in range(min(len(word), 6), -1, -1):
        end = word[len(word) - cut :] if cut else ""
        if end in rules:
            return end
    return None


def _inflectable(word: str) -> bool:
    # Acronyms (РФ, ВСУ, NATO) and words with digits or quotes never inflect.
    return any(ch.islower() for ch in word) and all(ch.isalpha() or ch in "-'’" for ch in word)


def word_forms(word: str, rules: Rules) -> list[list[str]] | None:
    """The forms of ``word`` per slot, or None when no rule applies (the word stays as it is)."""
    if not rules or not _inflectable(word):
        return None
    end = _ending(word.lower(), rules)
    if end is None:
        return None
    stem = word[: len(word) - len(end)] if end else word
    return [[stem + alt for alt in slot.split("|")] for slot in rules[end]]


def _is_adjective(word: str, rules: Rules) -> bool:
    return bool(rules) and _inflectable(word) and _ending(word.lower(), rules) not in (None, "")


def _combine(words: list[str], per_word: list[list[list[str]] | None]) -> set[str]:
    slots = max((len(f) for f in per_word if f), default=0)
    out: set[str] = set()
    for slot in range(slots):
        choices = []
        for word, forms in zip(words, per_word, strict=True):
            if forms and slot < len(forms):
                choices.append(forms[slot])
            else:
                choices.append([word])
        out.update(" ".join(c) for c in product(*choices))
    return out


def person_forms(name: str, inflection: Mapping[str, object]) -> set[str]:
    """Forms of a person's name: the last word (``person_words = "last"``) or every word."""
    rules = inflection.get("name") or {}
    words = name.split()
    if not words or not rules:
        return {name}
    every = inflection.get("person_words") == "all"
    per_word = [
        word_forms(w, rules) if (every or i == len(words) - 1) else None  # type: ignore[arg-type]
        for i, w in enumerate(words)
    ]
    return {name} | _combine(words, per_word)


def phrase_forms(name: str, inflection: Mapping[str, object]) -> set[str]:
    """Forms of an organisation or place name: leading adjectives and the first noun inflect.

    A one-word name with no noun table takes the proper-name rules (Kreml -> Kremls).
    """
    words = name.split()
    nouns: Rules = inflection.get("noun") or {}  # type: ignore[assignment]
    adjectives: Rules = inflection.get("adjective") or {}  # type: ignore[assignment]
    if not words:
        return {name}
    if not nouns:
        names: Rules = inflection.get("name") or {}  # type: ignore[assignment]
        if len(words) == 1 and names:
            forms = word_forms(words[0], names)
            return {name} | {f for slot in forms or [] for f in slot}
        return {name}
    per_word: list[list[list[str]] | None] = []
    head_done = False
    for word in words:
        if head_done or not _inflectable(word):
            # A slot ({ADJ}), an acronym (ЧВК) or a quoted name neither inflects nor is the head.
            per_word.append(None)
        elif _is_adjective(word, adjectives):
            per_word.append(word_forms(word, adjectives))
        else:
            per_word.append(word_forms(word, nouns))
            head_done = True
    return {name} | _combine(words, per_word)


def demonym_forms(base: str, inflection: Mapping[str, object]) -> set[str]:
    """All forms of a country adjective from ``[inflection.demonym]`` (russisch -> russische…)."""
    rules: Rules = inflection.get("demonym") or {}  # type: ignore[assignment]
    forms = word_forms(base.split()[-1], rules) if base else None
    head = base.rsplit(" ", 1)[0] + " " if " " in base else ""
    return {base} | {head + f for slot in forms or [] for f in slot}


def all_forms(names: Iterable[str], inflection: Mapping[str, object], person: bool) -> set[str]:
    out: set[str] = set()
    for name in names:
        out |= person_forms(name, inflection) if person else phrase_forms(name, inflection)
    return out
