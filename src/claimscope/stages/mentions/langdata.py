"""Load a language's gazetteer data: ``lang/<code>/gazetteer.toml`` and ``demonyms.toml``.

These files sit beside the language's other data but are read here rather than by
:mod:`claimscope.lang.loader`, because only the gazetteer and its build script use them. Errors
name the file and the key, as the language loader's do.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import Any

from ...errors import LanguageDataError
from ...lang import loader

GAZETTEER = "gazetteer.toml"
DEMONYMS = "demonyms.toml"
SLOTS = ("{ADJ}", "{COUNTRY}", "{CAPITAL}")


@dataclass(frozen=True, slots=True)
class GazetteerLang:
    code: str
    also: tuple[str, ...]
    adjectives_capitalised: bool
    inflection: dict[str, Any]
    generic: dict[str, tuple[str, ...]]
    admin1_patterns: tuple[str, ...]
    places: dict[str, tuple[str, ...]]
    stop_names: frozenset[str]
    former: frozenset[str]  # words before a title that make it a past office ("former")
    adjectives: dict[str, tuple[str, ...]]
    people: dict[str, tuple[str, ...]]


def gazetteer_languages() -> tuple[str, ...]:
    """Codes of the language folders that hold a ``gazetteer.toml``."""
    root = loader.language_root()
    return tuple(
        sorted(e.name for e in root.iterdir() if e.is_dir() and e.joinpath(GAZETTEER).is_file())
    )


def _read(code: str, name: str, required: bool) -> dict[str, Any]:
    where = f"{code}/{name}"
    path = loader.language_root().joinpath(code, name)
    if not path.is_file():
        if required:
            raise LanguageDataError(f"{where}: missing")
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise LanguageDataError(f"{where}: not valid TOML: {exc}") from exc


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise LanguageDataError(f"{where}: {key}: expected a list of strings")
    return tuple(value)


def _table_of_lists(value: Any, where: str, key: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        raise LanguageDataError(f"{where}: [{key}] must be a table")
    return {k: _str_list(v, where, f"[{key}] {k}") for k, v in value.items()}


def _check_inflection(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise LanguageDataError(f"{where}: [inflection] must be a table")
    out: dict[str, Any] = {}
    for key, table in value.items():
        if key == "person_words":
            if table not in ("last", "all"):
                raise LanguageDataError(
                    f"{where}: [inflection] person_words: expected 'last' or 'all', found {table!r}"
                )
            out[key] = table
        elif key in ("name", "noun", "adjective", "demonym"):
            out[key] = _table_of_lists(table, where, f"inflection.{key}")
            lengths = {len(v) for v in out[key].values() if v}
            if key != "demonym" and len(lengths) > 1:
                raise LanguageDataError(
                    f"{where}: [inflection.{key}]: every non-empty slot list must have the same "
                    f"length (case order); found lengths {sorted(lengths)}"
                )
        else:
            raise LanguageDataError(
                f"{where}: unknown key [inflection] {key} "
                "(known: person_words, name, noun, adjective, demonym)"
            )
    return out


def load_gazetteer_lang(code: str) -> GazetteerLang:
    """Load and validate ``code``'s gazetteer data; raises :class:`LanguageDataError`."""
    where = f"{code}/{GAZETTEER}"
    data = _read(code, GAZETTEER, required=True)
    known = {"also", "adjectives_capitalised", "inflection", "generic", "admin1", "places"}
    known |= {"stop_names", "former"}
    for key in data:
        if key not in known:
            raise LanguageDataError(
                f"{where}: unknown key {key} (known: {', '.join(sorted(known))})"
            )
    capitalised = data.get("adjectives_capitalised", True)
    if not isinstance(capitalised, bool):
        raise LanguageDataError(f"{where}: adjectives_capitalised: expected true or false")
    generic = _table_of_lists(data.get("generic", {}), where, "generic")
    for key, patterns in generic.items():
        for pattern in patterns:
            if sum(pattern.count(s) for s in SLOTS) > 1:
                raise LanguageDataError(
                    f"{where}: [generic] {key}: {pattern!r} has more than one slot"
                )
    admin1 = data.get("admin1", {})
    if not isinstance(admin1, dict):
        raise LanguageDataError(f"{where}: [admin1] must be a table")
    patterns = _str_list(admin1.get("patterns", []), where, "[admin1] patterns")
    for pattern in patterns:
        if "{NAME}" not in pattern:
            raise LanguageDataError(f"{where}: [admin1] patterns: {pattern!r} has no {{NAME}}")
    dem_where = f"{code}/{DEMONYMS}"
    dem = _read(code, DEMONYMS, required=False)
    for key in dem:
        if key not in ("adjectives", "people"):
            raise LanguageDataError(f"{dem_where}: unknown key {key} (known: adjectives, people)")
    return GazetteerLang(
        code=code,
        also=_str_list(data.get("also", []), where, "also"),
        adjectives_capitalised=capitalised,
        inflection=_check_inflection(data.get("inflection", {}), where),
        generic=generic,
        admin1_patterns=patterns,
        places=_table_of_lists(data.get("places", {}), where, "places"),
        stop_names=frozenset(_str_list(data.get("stop_names", []), where, "stop_names")),
        former=frozenset(w.lower() for w in _str_list(data.get("former", []), where, "former")),
        adjectives=_table_of_lists(dem.get("adjectives", {}), dem_where, "adjectives"),
        people=_table_of_lists(dem.get("people", {}), dem_where, "people"),
    )
