"""numbers.toml and dates.toml: every language loads, every key has a meaning, the generated
month and weekday names are current, and the engines' patterns compile."""

from __future__ import annotations

import importlib.util
from importlib import resources as package_files
from pathlib import Path

import pytest

from claimscope.errors import LanguageDataError
from claimscope.lang import loader, schema
from claimscope.lang.loader import available_languages, load_language
from claimscope.resources import Resources
from claimscope.stages.mentions import date_grammar, numbers

LANGUAGES = sorted(available_languages())
FOLDERS = ["base", *LANGUAGES]
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_date_names.py"


def _script():
    spec = importlib.util.spec_from_file_location("build_date_names", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("code", LANGUAGES)
def test_numbers_dates_every_language_has_its_words(code: str) -> None:
    data = load_language(code)
    assert data.numbers is not None and data.dates is not None
    n, d = data.numbers, data.dates
    assert n.decimal_separators and n.group_separators
    assert {"two", "hundred", "thousand", "million"} <= set(n.number_words)
    assert n.approximators and n.vague and n.units and n.currencies and n.percent
    assert set(d.months) == set(date_grammar.MONTH_KEYS)
    assert set(d.weekdays) == set(date_grammar.WEEKDAY_KEYS)
    assert {"today", "yesterday", "last_week"} <= set(d.relative)


@pytest.mark.parametrize("code", FOLDERS)
def test_numbers_dates_grammars_compile(code: str) -> None:
    resources = Resources()
    g = numbers.grammar(resources, code)
    dg = date_grammar.grammar(resources, code)
    assert g.atoms.pattern and dg.pattern.pattern and dg.trigger.pattern


@pytest.mark.parametrize("code", LANGUAGES)
def test_numbers_every_number_word_reads_as_its_key(code: str) -> None:
    resources = Resources()
    g = numbers.grammar(resources, code)
    for key, surfaces in g.data.number_words.items():
        for surface in surfaces:
            value = numbers.parse_words(g, surface)
            assert value == g.data.values[key], f"{code}: {surface!r} read as {value}, not {key}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_dates_generated_names_are_current(code: str) -> None:
    pytest.importorskip("babel")
    pytest.importorskip("dateparser")
    build = _script()
    path = package_files.files("claimscope.lang").joinpath(code, "dates.toml")
    current = build.current_block(path.read_text(encoding="utf-8"))
    assert current is not None, f"{code}/dates.toml has no generated block"
    assert current == build.block(code), (
        f"{code}/dates.toml is out of date; run python scripts/build_date_names.py"
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("numbers.toml", {"values": {"one": "1"}}, r"\[values\] one: expected a number"),
        ("numbers.toml", {"vague_bounds": {"tens": [99, 20]}}, r"low <= high"),
        ("numbers.toml", {"number_words": {"one": ["Een"]}}, r"'Een' must be lower case"),
        ("numbers.toml", {"number_parser": "spacy"}, r"'spacy' is not one of"),
        ("numbers.toml", {"units": {"troops": "soldaten"}}, r"\[units\] troops: expected a list"),
        ("numbers.toml", {"approximator_bounds": {"about": 1}}, r"expected a string"),
        ("dates.toml", {"numeric_order": "ymd"}, r"'ymd' is not one of"),
        ("dates.toml", {"months": {"january": [" januari"]}}, r"outer spaces"),
        ("dates.toml", {"weekday_suffix": []}, r"unknown key weekday_suffix"),
    ],
)
def test_schema_rejects_bad_numbers_and_dates(name: str, data: dict, message: str) -> None:
    with pytest.raises(LanguageDataError, match=message):
        schema.validate_file(name, data, f"nl/{name}")


def _merged(name: str, extra: dict) -> dict:
    return loader._merge(loader._read("base", name), extra)


@pytest.mark.parametrize(
    ("name", "extra", "message"),
    [
        ("numbers.toml", {"number_words": {"zillion": ["zillion"]}}, r"\[number_words\] zillion: no meaning"),
        ("numbers.toml", {"vague": {"scores": ["scores"]}}, r"add scores to \[vague_bounds\]"),
        ("numbers.toml", {"approximator_bounds": {"roughly": "around"}}, r"not low, high or none"),
        ("numbers.toml", {"range_patterns": ["{N} tot"]}, r"exactly two \{N\}"),
        ("dates.toml", {"relative": {"fortnight": ["veertien dagen"]}}, r"\[relative\] fortnight"),
        ("dates.toml", {"relative_meanings": {"today": "day"}}, r"is not '<unit> <offset>'"),
        ("dates.toml", {"part_meanings": {"end": "last third"}}, r"fractions"),
    ],
)  # fmt: skip
def test_loader_rejects_keys_without_meaning(name: str, extra: dict, message: str) -> None:
    build = loader._build_numbers if name == "numbers.toml" else loader._build_dates
    with pytest.raises(LanguageDataError, match=message):
        build("xx", _merged(name, extra))
