"""The shape of the per-language data files, checked when a file is loaded.

Validation happens here, at the edge, so that engines can trust the data in their loops. Every
error names the file and the key and says what was expected, e.g.
``nl/cues.toml: [reporting_verbs] say: expected a list of strings, found str``.
"""

from __future__ import annotations

from typing import Any

from ..errors import LanguageDataError

# Kinds of value a key may hold.
STR = "a string"
BOOL = "true or false"
STR_LIST = "a list of strings"
PATTERN_TABLE = "a table of pattern lists"
SLOT_TABLE = "a table of pattern lists with one {X} slot each"
PAIRS = "a list of [[pairs]] tables with open and close"

SLOT = "{X}"
GAP = "..."
SCRIPTS = ("", "latin", "cyrillic")

# file name -> key -> kind (a nested dict is a TOML table with its own keys).
SCHEMAS: dict[str, dict[str, Any]] = {
    "cues.toml": {
        "complementisers": STR_LIST,
        "reporting_verbs": PATTERN_TABLE,
        "according_to": SLOT_TABLE,
        "quote_intros": SLOT_TABLE,
        "speaker": {
            "nouns_capitalised": BOOL,
            "verb_second": BOOL,
            "determiners": STR_LIST,
            "links": STR_LIST,
            "conjunctions": STR_LIST,
            "prepositions": STR_LIST,
            "pronouns": STR_LIST,
            "stop_words": STR_LIST,
        },
    },
    "quotes.toml": {
        "apostrophes": STR_LIST,
        "dialogue_dashes": STR_LIST,
        "pairs": PAIRS,
    },
    "sentences.toml": {
        "abbreviations": STR_LIST,
        "ordinal_followers": STR_LIST,
        "identify": {
            "candidates": STR_LIST,
            "script": STR,
            "function_words": STR_LIST,
        },
    },
}

FILES = tuple(SCHEMAS)


def validate_file(name: str, data: dict[str, Any], where: str) -> None:
    """Check one loaded file against its schema. Keys may be missing (base supplies them)."""
    if name not in SCHEMAS:
        raise LanguageDataError(f"{where}: unknown language data file (known: {', '.join(FILES)})")
    _check_table(SCHEMAS[name], data, where, prefix="")


def require_complete(name: str, data: dict[str, Any], where: str) -> None:
    """Check that the merged data of ``name`` holds every key of the schema."""
    _require(SCHEMAS[name], data, where, prefix="")


def _require(schema: dict[str, Any], data: dict[str, Any], where: str, prefix: str) -> None:
    for key, kind in schema.items():
        if key not in data:
            raise LanguageDataError(
                f"{where}: key {prefix}{key} is missing; add it (as {_kind_name(kind)}) to the "
                "language file or to base/"
            )
        if isinstance(kind, dict):
            _require(kind, data[key], where, prefix=f"[{key}] ")


def _kind_name(kind: Any) -> str:
    return "a table" if isinstance(kind, dict) else str(kind)


def _check_table(schema: dict[str, Any], data: Any, where: str, prefix: str) -> None:
    if not isinstance(data, dict):
        raise LanguageDataError(f"{where}: {prefix or 'file'} must be a table")
    for key, value in data.items():
        if key not in schema:
            known = ", ".join(schema)
            raise LanguageDataError(f"{where}: unknown key {prefix}{key} (known: {known})")
        kind = schema[key]
        label = f"{prefix}{key}"
        if isinstance(kind, dict):
            _check_table(kind, value, where, prefix=f"[{key}] ")
        else:
            _check_value(kind, value, where, label)


def _found(value: Any) -> str:
    return type(value).__name__


def _check_value(kind: str, value: Any, where: str, label: str) -> None:
    if kind == STR:
        if not isinstance(value, str):
            raise LanguageDataError(f"{where}: {label}: expected {kind}, found {_found(value)}")
        if label.endswith("script") and value not in SCRIPTS:
            raise LanguageDataError(f"{where}: {label}: {value!r} is not one of {SCRIPTS}")
    elif kind == BOOL:
        if not isinstance(value, bool):
            raise LanguageDataError(f"{where}: {label}: expected {kind}, found {_found(value)}")
    elif kind == STR_LIST:
        _check_str_list(value, where, label)
    elif kind in (PATTERN_TABLE, SLOT_TABLE):
        if not isinstance(value, dict):
            raise LanguageDataError(f"{where}: {label}: expected {kind}, found {_found(value)}")
        for key, patterns in value.items():
            _check_str_list(patterns, where, f"[{label}] {key}")
            for pattern in patterns:
                _check_pattern(pattern, kind == SLOT_TABLE, where, f"[{label}] {key}")
    elif kind == PAIRS:
        _check_pairs(value, where, label)
    else:  # pragma: no cover - a schema typo, not a data error
        raise AssertionError(kind)


def _check_str_list(value: Any, where: str, label: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise LanguageDataError(
            f"{where}: {label}: expected {STR_LIST} (non-empty strings), found {_found(value)}"
        )


def _check_pattern(pattern: str, slotted: bool, where: str, label: str) -> None:
    if pattern.replace(SLOT, "") != pattern.replace(SLOT, "").lower():
        raise LanguageDataError(f"{where}: {label}: pattern {pattern!r} must be lower case")
    words = pattern.split()
    slots = words.count(SLOT)
    if slotted and slots != 1:
        raise LanguageDataError(f"{where}: {label}: pattern {pattern!r} needs exactly one {SLOT}")
    if not slotted and slots:
        raise LanguageDataError(f"{where}: {label}: pattern {pattern!r} may not hold {SLOT}")
    if words and (words[0] == GAP or words[-1] == GAP) or len(words) == words.count(SLOT):
        raise LanguageDataError(f"{where}: {label}: pattern {pattern!r} needs words around gaps")
    if slotted and GAP in words:
        raise LanguageDataError(
            f"{where}: {label}: pattern {pattern!r} may not mix {SLOT} and {GAP}"
        )


def _check_pairs(value: Any, where: str, label: str) -> None:
    if not isinstance(value, list):
        raise LanguageDataError(f"{where}: {label}: expected {PAIRS}, found {_found(value)}")
    for i, pair in enumerate(value):
        if not isinstance(pair, dict) or set(pair) - {"open", "close", "spaced"}:
            raise LanguageDataError(
                f"{where}: {label}[{i}]: expected a table with open, close and optional spaced"
            )
        for key in ("open", "close"):
            mark = pair.get(key)
            if not isinstance(mark, str) or len(mark) != 1:
                raise LanguageDataError(
                    f"{where}: {label}[{i}] {key}: expected one character, found {mark!r}"
                )
        if not isinstance(pair.get("spaced", False), bool):
            raise LanguageDataError(f"{where}: {label}[{i}] spaced: expected {BOOL}")
