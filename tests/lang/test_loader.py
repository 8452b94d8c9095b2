"""Every language folder loads, validates and merges over base."""

from __future__ import annotations

import shutil
from importlib import resources as package_files
from pathlib import Path

import pytest

from claimscope.errors import LanguageDataError
from claimscope.lang import loader, schema
from claimscope.lang.loader import available_languages, load_language
from claimscope.profiles import build_profile_set
from claimscope.resources import Resources
from claimscope.stages.mentions.langdata import gazetteer_languages

LANGUAGES = sorted(available_languages())
FOLDERS = ["base", *LANGUAGES]


def test_loader_every_language_folder_is_discovered() -> None:
    # A folder without cues.toml would be left out silently: none may be.
    root = loader.language_root()
    folders = {
        e.name for e in root.iterdir() if e.is_dir() and e.name not in ("base", "__pycache__")
    }
    assert LANGUAGES and set(LANGUAGES) == folders
    assert "base" not in LANGUAGES


def test_loader_a_new_language_folder_is_found_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language_copy: Path
) -> None:
    shutil.copytree(language_copy / "nl", language_copy / "xx")
    monkeypatch.setattr(loader, "language_root", lambda: language_copy)
    assert available_languages() == {*LANGUAGES, "xx"}
    resources = Resources()
    assert "xx" in resources.languages
    assert resources.lang("xx").code == "xx"  # not the base fallback of an unknown code
    assert "xx" in gazetteer_languages()
    # Profiles may name entities in it: their languages are the folders too.
    profile = tmp_path / "mine.toml"
    profile.write_text(
        '[profile]\nid = "mine"\nname = "Mine"\n[[entity]]\nid = "x.a"\nname = "X"\n'
        'type = "person"\nrole = "party"\nnames.xx = ["Iks"]\n',
        encoding="utf-8",
    )
    assert "x.a" in build_profile_set([str(profile)])


@pytest.mark.parametrize("code", FOLDERS)
def test_loader_every_folder_loads_and_validates(code: str) -> None:
    data = load_language(code)
    assert data.code == code
    assert data.quote_pairs, "base supplies the shared quotation marks"
    assert data.candidates, "base supplies the language-identification candidates"
    if code != "base":
        assert data.reporting_verbs and data.according_to
        assert data.complementisers
        assert data.script in ("latin", "cyrillic")
        assert data.function_words


@pytest.mark.parametrize("code", LANGUAGES)
def test_loader_merges_language_over_base(code: str) -> None:
    base, merged = load_language("base"), load_language(code)
    assert set(base.quote_pairs) <= set(merged.quote_pairs)
    assert base.abbreviations <= merged.abbreviations


@pytest.mark.parametrize("code", FOLDERS)
@pytest.mark.parametrize("name", schema.FILES)
def test_loader_files_open_with_source_licence_format(code: str, name: str) -> None:
    path = package_files.files("claimscope.lang").joinpath(code, name)
    if not path.is_file():
        pytest.skip(f"{code}/{name} not present (base supplies it)")
    head = "\n".join(path.read_text(encoding="utf-8").splitlines()[:8])
    assert head.startswith("# claimscope language data")
    for word in ("Source:", "Licence:", "Format:"):
        assert word in head, f"{code}/{name}: header lacks {word}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_loader_every_language_has_examples(code: str) -> None:
    path = package_files.files("claimscope.lang").joinpath(code, "examples.txt")
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert lines[0].startswith("# claimscope language data")
    assert len([line for line in lines if not line.startswith("#")]) >= 3


def test_loader_unknown_language_is_an_error() -> None:
    with pytest.raises(LanguageDataError, match="no language data for 'xx'"):
        load_language("xx")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "cues.toml",
            {"complementisers": "dat"},
            r"nl/cues.toml: complementisers: expected a list",
        ),
        ("cues.toml", {"reporting_verbs": {"say": "zei"}}, r"\[reporting_verbs\] say: expected"),
        ("cues.toml", {"reporting_verbs": {"say": ["Zei"]}}, r"must be lower case"),
        ("cues.toml", {"according_to": {"according_to": ["volgens"]}}, r"exactly one \{X\}"),
        ("cues.toml", {"reporting_verbs": {"say": ["zei {X}"]}}, r"may not hold \{X\}"),
        ("cues.toml", {"speaker": {"stop_word": []}}, r"unknown key \[speaker\] stop_word"),
        (
            "cues.toml",
            {"speaker": {"nouns_capitalised": "yes"}},
            r"nouns_capitalised: expected true",
        ),
        (
            "quotes.toml",
            {"pairs": [{"open": "«»", "close": "»"}]},
            r"pairs\[0\] open: expected one",
        ),
        ("sentences.toml", {"identify": {"script": "greek"}}, r"'greek' is not one of"),
        ("sentences.toml", {"abbrevations": []}, r"unknown key abbrevations"),
    ],
)
def test_schema_rejects_bad_shape_naming_file_and_key(name: str, data: dict, message: str) -> None:
    with pytest.raises(LanguageDataError, match=message):
        schema.validate_file(name, data, f"nl/{name}")


def test_schema_requires_every_key_after_merge() -> None:
    with pytest.raises(LanguageDataError, match="key complementisers is missing"):
        schema.require_complete("cues.toml", {}, "xx/cues.toml")
