"""The bundled country outlines are what scripts/build_shapes.py builds from Natural Earth
(the dateparser data-integrity pattern), and they hold what the maps need."""

from __future__ import annotations

import importlib.util
import json
from importlib import resources as package_files
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "build_shapes.py"
DATA = package_files.files("claimscope").joinpath("data", "shapes")


def _committed() -> str:
    return DATA.joinpath("countries.json").read_text(encoding="utf-8")


def _inside(lon: float, lat: float, flat: list[float]) -> bool:
    inside = False
    points = list(zip(flat[0::2], flat[1::2], strict=True))
    for (x1, y1), (x2, y2) in zip(points, points[1:], strict=False):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _country_at(countries: dict, lon: float, lat: float) -> set[str]:
    return {
        key
        for key, entry in countries.items()
        if sum(_inside(lon, lat, ring) for ring in entry["rings"]) % 2
    }


def test_shapes_data_is_current(shared_dir: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_shapes", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    built = module.build(shared_dir / "data" / "naturalearth")
    assert _committed() == built, "data/shapes/countries.json is stale; run scripts/build_shapes.py"


def test_shapes_data_is_small_and_credits_natural_earth() -> None:
    assert len(_committed().encode()) < 1_000_000
    assert "Made with Natural Earth" in json.loads(_committed())["source"]
    notes = DATA.joinpath("SOURCE.md").read_text(encoding="utf-8")
    assert "Made with Natural Earth" in notes and "public domain" in notes


def test_shapes_data_places_cities_in_their_countries() -> None:
    countries = json.loads(_committed())["countries"]
    assert len(countries) > 200
    # (lon, lat): Kyiv, Kharkiv, Belgorod, Lahore, Rotterdam; Simferopol is in Crimea, which
    # the gazetteer places in Ukraine (ISO 3166-2 UA-43), and so does the map.
    assert _country_at(countries, 30.52, 50.45) == {"UA"}
    assert _country_at(countries, 36.23, 49.99) == {"UA"}
    assert _country_at(countries, 36.59, 50.6) == {"RU"}
    assert _country_at(countries, 74.34, 31.55) == {"PK"}
    assert _country_at(countries, 4.48, 51.92) == {"NL"}
    assert _country_at(countries, 34.1, 44.95) == {"UA"}
    assert _country_at(countries, 4.5, 54.0) == set()  # the North Sea


def test_shapes_data_rings_are_closed_with_bboxes_that_hold_them() -> None:
    for key, entry in json.loads(_committed())["countries"].items():
        west, south, east, north = entry["bbox"]
        for ring in entry["rings"]:
            assert len(ring) % 2 == 0 and len(ring) >= 8, key
            assert ring[:2] == ring[-2:], key
            assert west <= min(ring[0::2]) and max(ring[0::2]) <= east, key
            assert south <= min(ring[1::2]) and max(ring[1::2]) <= north, key
