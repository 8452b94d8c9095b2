"""Load a language's data: the shared ``base/`` folder merged with the language's own folder.

Files are package data read with :mod:`importlib.resources` and parsed with :mod:`tomllib`. A
language folder may leave out a file or a key; base supplies it. Lists are joined (base first,
duplicates dropped), tables are merged key by key, and a scalar in the language file wins.
Nothing is cached here: :class:`claimscope.resources.Resources` keeps what it loads.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources as package_files
from typing import Any

from ..errors import LanguageDataError
from . import schema

BASE = "base"
_PACKAGE = "claimscope.lang"


@dataclass(frozen=True, slots=True)
class QuotePair:
    open: str
    close: str
    spaced: bool = False  # typography puts a space inside the marks (« … »)


@dataclass(frozen=True, slots=True)
class SpeakerWords:
    """Closed-class words used to delimit a speaker's noun phrase (see base/cues.toml)."""

    determiners: frozenset[str]
    links: frozenset[str]
    conjunctions: frozenset[str]
    prepositions: frozenset[str]
    pronouns: frozenset[str]
    stop_words: frozenset[str]
    complementisers: frozenset[str]
    nouns_capitalised: bool
    verb_second: bool


@dataclass(frozen=True, slots=True)
class LanguageData:
    """Everything the stages know about one language, as canonical keys and surface forms."""

    code: str
    reporting_verbs: dict[str, tuple[str, ...]]
    according_to: dict[str, tuple[str, ...]]
    quote_intros: dict[str, tuple[str, ...]]
    complementisers: frozenset[str]
    speaker: SpeakerWords
    quote_pairs: tuple[QuotePair, ...]
    apostrophes: frozenset[str]
    dialogue_dashes: tuple[str, ...]
    abbreviations: frozenset[str]
    ordinal_followers: frozenset[str]
    candidates: tuple[str, ...]
    script: str
    function_words: frozenset[str]


def available_languages() -> set[str]:
    """ISO 639-1 codes of the language folders shipped with the package (``base`` excluded)."""
    root = package_files.files(_PACKAGE)
    return {
        entry.name
        for entry in root.iterdir()
        if entry.is_dir() and entry.name != BASE and entry.joinpath("cues.toml").is_file()
    }


def load_language(code: str) -> LanguageData:
    """Load and validate ``base`` merged with ``code``; ``load_language("base")`` gives base alone.

    Raises :class:`LanguageDataError` for an unknown code or a malformed file.
    """
    if code != BASE and code not in available_languages():
        known = ", ".join(sorted(available_languages()))
        raise LanguageDataError(f"no language data for {code!r} (available: {known})")
    merged: dict[str, dict[str, Any]] = {}
    for name in schema.FILES:
        data = _read(BASE, name)
        if code != BASE:
            data = _merge(data, _read(code, name))
        schema.require_complete(name, data, f"{code}/{name} (merged with {BASE}/)")
        merged[name] = data
    return _build(code, merged)


def _read(folder: str, name: str) -> dict[str, Any]:
    where = f"{folder}/{name}"
    path = package_files.files(_PACKAGE).joinpath(folder, name)
    if not path.is_file():
        if folder == BASE:
            raise LanguageDataError(f"{where}: missing; base/ must hold every file")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LanguageDataError(f"{where}: not valid TOML: {exc}") from exc
    schema.validate_file(name, data, where)
    return data


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = _merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and isinstance(extra, list):
        out_list = list(base)
        for item in extra:
            if item not in out_list:
                out_list.append(item)
        return out_list
    return extra


def _words(values: list[str]) -> frozenset[str]:
    # Apostrophes are folded so that "d’après" in a text matches "d'après" in the data.
    return frozenset(fold(v) for v in values)


def fold(word: str) -> str:
    """The form cue words are compared in: lower case, typographic apostrophe as ASCII."""
    return word.lower().replace("’", "'").replace("ʼ", "'")


def _patterns(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    # fold() lower-cases the slot marker too; put it back so engines compare with schema.SLOT.
    slot = fold(schema.SLOT)
    return {
        key: tuple(fold(p).replace(slot, schema.SLOT) for p in patterns)
        for key, patterns in table.items()
    }


def _build(code: str, files: dict[str, dict[str, Any]]) -> LanguageData:
    cues, quotes, sentences = files["cues.toml"], files["quotes.toml"], files["sentences.toml"]
    speaker = cues["speaker"]
    identify = sentences["identify"]
    return LanguageData(
        code=code,
        reporting_verbs=_patterns(cues["reporting_verbs"]),
        according_to=_patterns(cues["according_to"]),
        quote_intros=_patterns(cues["quote_intros"]),
        complementisers=_words(cues["complementisers"]),
        speaker=SpeakerWords(
            determiners=_words(speaker["determiners"]),
            links=_words(speaker["links"]),
            conjunctions=_words(speaker["conjunctions"]),
            prepositions=_words(speaker["prepositions"]),
            pronouns=_words(speaker["pronouns"]),
            stop_words=_words(speaker["stop_words"]),
            complementisers=_words(cues["complementisers"]),
            nouns_capitalised=speaker["nouns_capitalised"],
            verb_second=speaker["verb_second"],
        ),
        quote_pairs=tuple(
            QuotePair(p["open"], p["close"], p.get("spaced", False)) for p in quotes["pairs"]
        ),
        apostrophes=frozenset(quotes["apostrophes"]),
        dialogue_dashes=tuple(quotes["dialogue_dashes"]),
        abbreviations=_words(sentences["abbreviations"]),
        ordinal_followers=_words(sentences["ordinal_followers"]),
        candidates=tuple(identify["candidates"]),
        script=identify["script"],
        function_words=_words(identify["function_words"]),
    )
