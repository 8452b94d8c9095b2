"""Load a language's data: the shared ``base/`` folder merged with the language's own folder.

Files are package data read with :mod:`importlib.resources` and parsed with :mod:`tomllib`. A
language folder may leave out a file or a key; base supplies it. Lists are joined (base first,
duplicates dropped), tables are merged key by key, and a scalar in the language file wins.
Nothing is cached here: :class:`claimscope.resources.Resources` keeps what it loads.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources as package_files
from importlib.resources.abc import Traversable
from typing import Any

from ..errors import LanguageDataError
from . import schema

BASE = "base"
_RELATIVE_MEANING = re.compile(r"(day|week|weekend|month|year) [+-]?\d+(\.\.[+-]?\d+)?")
_PART_MEANING = re.compile(r"\d+(/\d+)? \d+(/\d+)?")
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
    relatives: frozenset[str] = frozenset()
    adverbials: frozenset[str] = frozenset()  # mark a fronted adverbial (verb-second)
    reflexives: frozenset[str] = frozenset()
    plural_pronouns: frozenset[str] = frozenset()
    singular_pronouns: frozenset[str] = frozenset()
    group_pronouns: frozenset[str] = frozenset()
    case_analyzer: str = ""  # "pymorphy3" where the subject is known by its case
    indefinites: frozenset[str] = frozenset()  # "an official" is someone new
    not_names: frozenset[str] = frozenset()  # cues_mined.toml [not_names]
    auxiliaries: frozenset[str] = frozenset()  # leave the reporting verb at the clause end
    name_links: frozenset[str] = frozenset()  # join capitalised words only ("Times of Israel")
    plural_verb_endings: tuple[str, ...] = ()  # "zeggen ze" is they, "zegt ze" she
    possessives: tuple[str, ...] = ()  # "Putin's spokesman": Putin is no speaker


@dataclass(frozen=True, slots=True)
class NumberData:
    """numbers.toml: surfaces (folded) under canonical keys, and base's meaning of each key."""

    decimal_separators: tuple[str, ...]
    group_separators: tuple[str, ...]
    number_parser: str  # "text2num" (text2num knows the language) or "table"
    compound_number_words: bool  # number words are written as one word (tweehonderdduizend)
    ordinal_period: bool  # "3. Brigade": a number with a period before a word is an ordinal
    number_words: dict[str, tuple[str, ...]]
    number_word_joiners: tuple[str, ...]
    ambiguous_number_words: frozenset[str]
    fractions: dict[str, tuple[str, ...]]
    scales: dict[str, tuple[str, ...]]
    money_scales: dict[str, tuple[str, ...]]
    vague: dict[str, tuple[str, ...]]
    approximators: dict[str, tuple[str, ...]]
    range_patterns: tuple[str, ...]
    currencies: dict[str, tuple[str, ...]]
    percent: tuple[str, ...]
    units: dict[str, tuple[str, ...]]
    unit_links: tuple[str, ...]
    not_units: frozenset[str]
    labels: tuple[str, ...]
    time_words: tuple[str, ...]
    values: dict[str, float]
    denominators: dict[str, float]
    vague_bounds: dict[str, tuple[float, float]]
    approximator_bounds: dict[str, str]


@dataclass(frozen=True, slots=True)
class DateData:
    """dates.toml: month/weekday names (generated from CLDR) and hand-written expressions."""

    months: dict[str, tuple[str, ...]]  # january..december, generated names + month_forms
    months_abbreviated: dict[str, tuple[str, ...]]
    weekdays: dict[str, tuple[str, ...]]  # monday..sunday, generated names + weekday_forms
    weekday_suffixes: tuple[str, ...]
    ambiguous: frozenset[str]
    lowercase_only: frozenset[str]
    prepositions: tuple[str, ...]
    since: tuple[str, ...]
    until: tuple[str, ...]
    day_suffixes: tuple[str, ...]
    year_words: tuple[str, ...]
    month_day_order: bool
    numeric_order: str
    list_joiners: tuple[str, ...]
    range_joiners: tuple[str, ...]
    relative: dict[str, tuple[str, ...]]
    parts: dict[str, tuple[str, ...]]
    weekday_modifiers: dict[str, tuple[str, ...]]
    weekday_modifiers_after: dict[str, tuple[str, ...]]
    event_relative: dict[str, tuple[str, ...]]
    relative_meanings: dict[str, str]
    part_meanings: dict[str, str]


@dataclass(frozen=True, slots=True)
class EvidenceData:
    """evidence.toml: imagery, documents and estimates, and the verbs around them."""

    show: tuple[str, ...]
    publish: tuple[str, ...]
    capture: tuple[str, ...]
    media: dict[str, tuple[str, ...]]  # evidence key -> stems
    documents: dict[str, tuple[str, ...]]
    unnamed_provider: dict[str, str]  # evidence key -> source type


@dataclass(frozen=True, slots=True)
class StanceData:
    """stances.toml: markers of doubt, denial and support, and nouns that point at claims."""

    order: tuple[str, ...]
    references: tuple[str, ...]
    markers: dict[str, tuple[str, ...]]


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
    numbers: NumberData | None = None
    dates: DateData | None = None
    # PLOVER category (lower case) -> word stems, and the categories' precedence.
    event_triggers: dict[str, tuple[str, ...]] | None = None
    event_order: tuple[str, ...] = ()
    speech_acts: dict[str, str] | None = None  # reporting-verb key -> PLOVER category
    background: tuple[str, ...] = ()  # words opening a reason or time clause
    trigger_ignore: tuple[str, ...] = ()  # phrases whose triggers name equipment
    event_modes: dict[str, tuple[str, ...]] | None = None  # mode key -> stems
    mode_events: dict[str, str] | None = None  # mode key -> PLOVER category (lower case)
    modality_markers: dict[str, tuple[str, ...]] | None = None
    modality_order: tuple[str, ...] = ()
    cue_modality: dict[str, str] | None = None  # reporting-verb key -> modality
    reportative: tuple[str, ...] = ()
    anaphors: frozenset[str] = frozenset()
    source_labels: frozenset[str] = frozenset()
    evidence: EvidenceData | None = None
    source_nouns: dict[str, tuple[str, ...]] | None = None  # kind -> stems
    source_classes: dict[str, tuple[str, ...]] | None = None  # entity kind -> head-noun stems
    stances: StanceData | None = None
    topics: dict[str, tuple[str, ...]] | None = None  # topic key -> stems
    # Reporting-verb key -> lemma patterns ([reporting_lemmas] and cues_mined.toml [lemmas]).
    reporting_lemmas: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lemmatizer: str = ""
    passive_auxiliaries: frozenset[str] = frozenset()
    lemma_blockers: frozenset[str] = frozenset()
    nonfinite_suffixes: tuple[str, ...] = ()


@functools.cache
def language_root() -> Traversable:
    """The folder that holds ``base/`` and one folder per language (the package's ``lang/``).

    Every reader of language data asks here, so that a test can point it at a copy (by
    replacing this function). Cached: importlib.resources takes ~15 µs to answer, and the
    version of every stored document asks."""
    return package_files.files(_PACKAGE)


def available_languages() -> set[str]:
    """ISO 639-1 codes of the language folders shipped with the package (``base`` excluded)."""
    root = language_root()
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
    path = language_root().joinpath(folder, name)
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


def _with_mined(
    table: dict[str, tuple[str, ...]], mined: dict[str, dict[str, Any]]
) -> dict[str, tuple[str, ...]]:
    """``table`` with the mined entries added under their keys (duplicates dropped)."""
    out = {key: list(patterns) for key, patterns in table.items()}
    slot = fold(schema.SLOT)
    for entry, fields in mined.items():
        pattern = fold(entry).replace(slot, schema.SLOT)
        patterns = out.setdefault(fields["key"], [])
        if pattern not in patterns:
            patterns.append(pattern)
    return {key: tuple(patterns) for key, patterns in out.items()}


def _patterns(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    # fold() lower-cases the slot marker too; put it back so engines compare with schema.SLOT.
    slot = fold(schema.SLOT)
    return {
        key: tuple(fold(p).replace(slot, schema.SLOT) for p in patterns)
        for key, patterns in table.items()
    }


def _surfaces(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(dict.fromkeys(fold(v) for v in values)) for key, values in table.items()}


def _tuple(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(v) for v in values))


def _joined(*tables: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for table in tables:
        for key, values in table.items():
            out.setdefault(key, []).extend(values)
    return _surfaces(out)


def _require_keys(
    used: dict[str, Any], known: dict[str, Any], where: str, table: str, meaning: str
) -> None:
    """Every key a language uses must have a meaning in base (engines see only keys)."""
    for key in used:
        if key not in known:
            raise LanguageDataError(
                f"{where}: [{table}] {key}: no meaning for this key; add {key} to [{meaning}] "
                "in base/ (or use one of its keys)"
            )


def _build_numbers(code: str, n: dict[str, Any]) -> NumberData:
    where = f"{code}/numbers.toml (merged with {BASE}/)"
    values = {k: float(v) for k, v in n["values"].items()}
    for table in ("number_words", "scales", "money_scales"):
        _require_keys(n[table], values, where, table, "values")
    _require_keys(n["fractions"], n["denominators"], where, "fractions", "denominators")
    _require_keys(n["vague"], n["vague_bounds"], where, "vague", "vague_bounds")
    _require_keys(
        n["approximators"], n["approximator_bounds"], where, "approximators", "approximator_bounds"
    )
    for key, bound in n["approximator_bounds"].items():
        if bound not in ("low", "high", "none"):
            raise LanguageDataError(
                f"{where}: [approximator_bounds] {key}: {bound!r} is not low, high or none"
            )
    for pattern in n["range_patterns"]:
        if pattern.count(schema.NUMBER_SLOT) != 2:
            raise LanguageDataError(
                f"{where}: range_patterns: {pattern!r} needs exactly two {schema.NUMBER_SLOT}"
            )
    return NumberData(
        decimal_separators=tuple(n["decimal_separators"]),
        group_separators=tuple(n["group_separators"]),
        number_parser=n["number_parser"],
        compound_number_words=n["compound_number_words"],
        ordinal_period=n["ordinal_period"],
        number_words=_surfaces(n["number_words"]),
        number_word_joiners=_tuple(n["number_word_joiners"]),
        ambiguous_number_words=_words(n["ambiguous_number_words"]),
        fractions=_surfaces(n["fractions"]),
        scales=_surfaces(n["scales"]),
        money_scales=_surfaces(n["money_scales"]),
        vague=_surfaces(n["vague"]),
        approximators=_surfaces(n["approximators"]),
        range_patterns=tuple(dict.fromkeys(n["range_patterns"])),
        currencies=_surfaces(n["currencies"]),
        percent=_tuple(n["percent"]),
        units=_surfaces(n["units"]),
        unit_links=_tuple(n["unit_links"]),
        not_units=_words(n["not_units"]),
        labels=_tuple(n["labels"]),
        time_words=_tuple(n["time_words"]),
        values=values,
        denominators={k: float(v) for k, v in n["denominators"].items()},
        vague_bounds={k: (float(v[0]), float(v[1])) for k, v in n["vague_bounds"].items()},
        approximator_bounds=dict(n["approximator_bounds"]),
    )


def _build_dates(code: str, d: dict[str, Any]) -> DateData:
    where = f"{code}/dates.toml (merged with {BASE}/)"
    _require_keys(d["relative"], d["relative_meanings"], where, "relative", "relative_meanings")
    _require_keys(d["parts"], d["part_meanings"], where, "parts", "part_meanings")
    for key, meaning in d["relative_meanings"].items():
        if not _RELATIVE_MEANING.fullmatch(meaning):
            raise LanguageDataError(
                f"{where}: [relative_meanings] {key}: {meaning!r} is not '<unit> <offset>' or "
                "'<unit> <offset>..<offset>' with unit day, week, weekend, month or year"
            )
    for key, meaning in d["part_meanings"].items():
        if not _PART_MEANING.fullmatch(meaning):
            raise LanguageDataError(
                f"{where}: [part_meanings] {key}: {meaning!r} is not '<from> <to>' fractions "
                "such as '2/3 1'"
            )
    return DateData(
        months=_joined(d["months"], d["month_forms"]),
        months_abbreviated=_surfaces(d["months_abbreviated"]),
        weekdays=_joined(d["weekdays"], d["weekday_forms"]),
        weekday_suffixes=_tuple(d["weekday_suffixes"]),
        ambiguous=_words(d["ambiguous"]),
        lowercase_only=_words(d["lowercase_only"]),
        prepositions=_tuple(d["prepositions"]),
        since=_tuple(d["since"]),
        until=_tuple(d["until"]),
        day_suffixes=_tuple(d["day_suffixes"]),
        year_words=_tuple(d["year_words"]),
        month_day_order=d["month_day_order"],
        numeric_order=d["numeric_order"],
        list_joiners=_tuple(d["list_joiners"]),
        range_joiners=_tuple(d["range_joiners"]),
        relative=_surfaces(d["relative"]),
        parts=_surfaces(d["parts"]),
        weekday_modifiers=_surfaces(d["weekday_modifiers"]),
        weekday_modifiers_after=_surfaces(d["weekday_modifiers_after"]),
        event_relative=_surfaces(d["event_relative"]),
        relative_meanings=dict(d["relative_meanings"]),
        part_meanings=dict(d["part_meanings"]),
    )


def _build(code: str, files: dict[str, dict[str, Any]]) -> LanguageData:
    cues, quotes, sentences = files["cues.toml"], files["quotes.toml"], files["sentences.toml"]
    speaker = cues["speaker"]
    identify = sentences["identify"]
    return LanguageData(
        code=code,
        reporting_verbs=_patterns(cues["reporting_verbs"]),
        reporting_lemmas=_with_mined(
            _patterns(cues["reporting_lemmas"]), files["cues_mined.toml"]["lemmas"]
        ),
        lemmatizer=cues["lemmatizer"],
        passive_auxiliaries=_words(cues["passive_auxiliaries"]),
        lemma_blockers=_words(cues["lemma_blockers"]),
        nonfinite_suffixes=_tuple(cues["nonfinite_suffixes"]),
        according_to=_with_mined(
            _patterns(cues["according_to"]), files["cues_mined.toml"]["phrases"]
        ),
        quote_intros=_patterns(cues["quote_intros"]),
        complementisers=_words(cues["complementisers"]),
        speaker=SpeakerWords(
            determiners=_words(speaker["determiners"]),
            links=_words(speaker["links"]),
            name_links=_words(speaker["name_links"]),
            plural_verb_endings=_tuple(speaker["plural_verb_endings"]),
            possessives=_tuple(speaker["possessives"]),
            conjunctions=_words(speaker["conjunctions"]),
            prepositions=_words(
                [*speaker["prepositions"], *files["cues_mined.toml"]["prepositions"]]
            ),
            pronouns=_words(speaker["pronouns"]),
            stop_words=_words(speaker["stop_words"]),
            complementisers=_words(cues["complementisers"]),
            nouns_capitalised=speaker["nouns_capitalised"],
            verb_second=speaker["verb_second"],
            relatives=_words(speaker["relatives"]),
            adverbials=_words(speaker["adverbials"]),
            reflexives=_words(speaker["reflexives"]),
            plural_pronouns=_words(speaker["plural_pronouns"]),
            singular_pronouns=_words(speaker["singular_pronouns"]),
            group_pronouns=_words(speaker["group_pronouns"]),
            case_analyzer=speaker["case_analyzer"],
            indefinites=_words(speaker["indefinites"]),
            not_names=_words(list(files["cues_mined.toml"]["not_names"])),
            auxiliaries=_words(speaker["auxiliaries"]),
        ),
        reportative=_tuple(cues["reportative"]),
        anaphors=_words(cues["anaphors"]),
        source_labels=_words(cues["source_labels"]),
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
        numbers=_build_numbers(code, files["numbers.toml"]) if "numbers.toml" in files else None,
        dates=_build_dates(code, files["dates.toml"]) if "dates.toml" in files else None,
        event_triggers=_surfaces(files["triggers.toml"]["events"])
        if "triggers.toml" in files
        else None,
        event_order=tuple(files.get("triggers.toml", {}).get("order", ())),
        speech_acts=dict(files.get("triggers.toml", {}).get("speech_acts", {})),
        background=_tuple(files["triggers.toml"]["background"]),
        trigger_ignore=_tuple(files["triggers.toml"]["ignore"]),
        event_modes=_surfaces(files["triggers.toml"]["modes"]),
        mode_events=_mode_events(code, files["triggers.toml"]),
        modality_markers=_surfaces(files["modality.toml"]["markers"])
        if "modality.toml" in files
        else None,
        modality_order=tuple(files.get("modality.toml", {}).get("order", ())),
        cue_modality=dict(files["modality.toml"]["cue_keys"]),
        evidence=_build_evidence(code, files["evidence.toml"]),
        source_nouns=_surfaces(files["sources.toml"]["nouns"]),
        source_classes=_surfaces(files["sources.toml"]["classes"]),
        stances=_build_stances(code, files["stances.toml"]),
        topics=_surfaces(files["topics.toml"]["topics"]),
    )


def _mode_events(code: str, t: dict[str, Any]) -> dict[str, str]:
    where = f"{code}/triggers.toml (merged with {BASE}/)"
    _require_keys(t["modes"], t["mode_events"], where, "modes", "mode_events")
    for key, category in t["mode_events"].items():
        if category not in t["order"]:
            raise LanguageDataError(f"{where}: [mode_events] {key}: {category!r} is not in order")
    return dict(t["mode_events"])


_EVIDENCE_KEYS = ("satellite_imagery", "photo", "video", "document", "estimate")
_STANCES = ("supports", "doubts", "denies")
_ROLES = ("party", "third_party", "observer", "media", "unknown")


def _check_choice(where: str, table: str, key: str, allowed: tuple[str, ...]) -> None:
    if key not in allowed:
        raise LanguageDataError(f"{where}: [{table}] {key}: not one of {', '.join(allowed)}")


def _build_evidence(code: str, e: dict[str, Any]) -> EvidenceData:
    where = f"{code}/evidence.toml (merged with {BASE}/)"
    for table in ("media", "documents", "unnamed_provider"):
        for key in e[table]:
            _check_choice(where, table, key, _EVIDENCE_KEYS)
    for key, role in e["unnamed_provider"].items():
        _check_choice(where, f"unnamed_provider] [{key}", role, _ROLES)
    return EvidenceData(
        show=_tuple(e["show"]),
        publish=_tuple(e["publish"]),
        capture=_tuple(e["capture"]),
        media=_surfaces(e["media"]),
        documents=_surfaces(e["documents"]),
        unnamed_provider=dict(e["unnamed_provider"]),
    )


def _build_stances(code: str, st: dict[str, Any]) -> StanceData:
    where = f"{code}/stances.toml (merged with {BASE}/)"
    for key in list(st["markers"]) + list(st["order"]):
        _check_choice(where, "markers", key, _STANCES)
    return StanceData(
        order=tuple(st["order"]),
        references=_tuple(st["references"]),
        markers=_surfaces(st["markers"]),
    )
