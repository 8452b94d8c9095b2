"""The committed gazetteer tables are what scripts/build_gazetteer.py builds from their sources
(the dateparser data-integrity pattern), and every language's gazetteer data loads."""

from __future__ import annotations

import importlib.util
import re
from importlib import metadata
from importlib import resources as package_files
from pathlib import Path

import pytest

from claimscope.lang.loader import available_languages
from claimscope.stages.mentions.langdata import gazetteer_languages, load_gazetteer_lang

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "build_gazetteer.py"
DATA = package_files.files("claimscope").joinpath("data", "gazetteer")


def _committed(name: str) -> str:
    return DATA.joinpath(name).read_text(encoding="utf-8")


def test_gazetteer_data_files_open_with_source_licence_format() -> None:
    for name in ("places.tsv", "names.tsv", "curated.toml"):
        head = _committed(name)[:3000]
        assert "Source" in head and "Licence" in head and "Format" in head, name


def test_gazetteer_data_every_language_loads() -> None:
    assert set(gazetteer_languages()) == available_languages()
    for code in gazetteer_languages():
        data = load_gazetteer_lang(code)
        assert data.adjectives and data.generic, code


def test_gazetteer_data_is_current(shared_dir: Path) -> None:
    built_with = re.search(r"^# Built with: (.*)\.$", _committed("places.tsv"), re.M)
    assert built_with is not None
    for item in built_with.group(1).split(", "):
        package, version = item.rsplit(" ", 1)
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            pytest.skip(f"{package} is not installed (pip install -e '.[build]')")
        if installed != version:
            pytest.skip(
                f"built with {package} {version}, installed {installed}: rebuild to compare"
            )
    spec = importlib.util.spec_from_file_location("build_gazetteer", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, text in module.build().items():
        assert _committed(name) == text, (
            f"data/gazetteer/{name} is stale; run python scripts/build_gazetteer.py"
        )
