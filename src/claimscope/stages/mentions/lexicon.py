"""The gazetteer's alias index: every surface form of every place and profile entity, per language.

An alias is stored under the tuple of its token keys (``tokens``/``token_key``), so a document is
matched in one left-to-right pass with one dict look-up per candidate length (see
:mod:`.gazetteer`), whatever the number of names. Case is checked only on a hit: a token written
with a capital in the data needs its capital in the text ("Kiev", not "kiev"), an acronym must
match exactly ("VS", not "vs"), and lower-case data tokens accept any case ("ministerie van
Defensie", "russischen").

Sources: ``data/gazetteer/places.tsv`` and ``names.tsv`` (built by scripts/build_gazetteer.py),
the active conflict profiles, and ``lang/<code>/gazetteer.toml`` (inflection rules, generic names
such as "{ADJ} ministerie van Defensie" that need a country).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources as package_files

from ...profiles import ProfileSet
from . import inflect
from .langdata import GazetteerLang, load_gazetteer_lang

TOKEN = re.compile(r"\w+|[^\w\s]")
ANY, CAPITAL, EXACT = 0, 1, 2
_SLOT = re.compile(r"\{(ADJ|COUNTRY|CAPITAL)\}")
_DATA = ("data", "gazetteer")


def token_key(token: str) -> str:
    """The form tokens are compared in: case-folded, ё as е, typographic apostrophes as '."""
    return token.casefold().replace("ё", "е").replace("’", "'").replace("ʼ", "'")


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    kind: str  # country | admin1 | city | region
    name: str
    country: str
    admin1: str
    lat: float | None
    lon: float | None
    population: int
    geonameid: str
    ne_id: str
    control: str
    capital: str


@dataclass(frozen=True, slots=True)
class Alias:
    """One reading of a surface form.

    ``kind``: place, adjective, people (a country's), entity (a profile entity's full name),
    short (a person's surname alone), generic (a name that needs a country: "ministerie van
    Defensie"; ``country`` is set when the alias itself names it).
    """

    target: str
    kind: str
    checks: tuple[int, ...]
    raw: tuple[str, ...]
    country: str | None = None
    slot: tuple[int, int, str] | None = None  # token range of the {CAPITAL}/{COUNTRY} place
    curated: bool = False

    def accepts(self, surface: list[str]) -> bool:
        for check, raw, word in zip(self.checks, self.raw, surface, strict=False):
            if check == CAPITAL and not word[:1].isupper():
                return False
            if check == EXACT and word != raw:
                return False
        return True


@dataclass(slots=True)
class Index:
    """token-key tuple -> aliases; ``longest`` bounds the look-ups per first token."""

    table: dict[tuple[str, ...], list[Alias]] = field(default_factory=dict)
    longest: dict[str, int] = field(default_factory=dict)

    def add(self, text: str, make: Iterable[Alias] | Alias, cased: bool = True) -> None:
        toks = tokens(text)
        if not toks:
            return
        key = tuple(token_key(t) for t in toks)
        checks = tuple(_check(t) if cased else (EXACT if _acronym(t) else ANY) for t in toks)
        items = [make] if isinstance(make, Alias) else list(make)
        bucket = self.table.setdefault(key, [])
        for item in items:
            alias = Alias(
                item.target, item.kind, checks, tuple(toks), item.country, item.slot, item.curated
            )
            if alias not in bucket:
                bucket.append(alias)
        if len(key) > self.longest.get(key[0], 0):
            self.longest[key[0]] = len(key)


def _acronym(token: str) -> bool:
    return len(token) > 1 and token.isupper()


def _check(token: str) -> int:
    if _acronym(token) or any(ch.isupper() for ch in token[1:]):
        return EXACT  # NATO, VS; iStories, McDonald: written exactly so

    return CAPITAL if token[:1].isupper() else ANY


# ---------------------------------------------------------------- package data


def _rows(name: str) -> Iterable[list[str]]:
    text = package_files.files("claimscope").joinpath(*_DATA, name).read_text(encoding="utf-8")
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    next(lines)  # the column header
    for line in lines:
        yield line.split("\t")


def load_places() -> dict[str, Place]:
    out = {}
    for r in _rows("places.tsv"):
        out[r[0]] = Place(
            r[0], r[1], r[2], r[3], r[4],
            float(r[5]) if r[5] else None, float(r[6]) if r[6] else None,
            int(r[7] or 0), r[8], r[9], r[10], r[11],
        )  # fmt: skip
    return out


def load_place_names() -> list[tuple[str, str, str, list[str]]]:
    """(place id, lang or *, kind n/c/a/p, forms) rows of names.tsv."""
    return [(r[0], r[1], r[2], r[3].split("|")) for r in _rows("names.tsv")]


@dataclass(slots=True)
class Gazetteer:
    """Places and their names, shared by every language's index."""

    places: dict[str, Place]
    names: list[tuple[str, str, str, list[str]]]
    capitals: dict[str, list[str]]  # ISO2 -> capital place ids
    by_place: dict[str, list[tuple[str, str, list[str]]]]  # place id -> (lang, kind, forms)

    @classmethod
    def load(cls) -> Gazetteer:
        places = load_places()
        capitals: dict[str, list[str]] = {}
        for p in places.values():
            if p.capital:
                capitals.setdefault(p.capital, []).append(p.id)
        names = load_place_names()
        by_place: dict[str, list[tuple[str, str, list[str]]]] = {}
        for pid, lang, kind, forms in names:
            by_place.setdefault(pid, []).append((lang, kind, forms))
        return cls(places, names, capitals, by_place)

    def forms(self, pid: str, langs: Iterable[str], kinds: str = "nc") -> list[str]:
        wanted = set(langs)
        rows = self.by_place.get(pid, [])
        return [f for lang, k, forms in rows if lang in wanted and k in kinds for f in forms]


# ---------------------------------------------------------------- index per language


def build_index(lang: str | None, gazetteer: Gazetteer, profiles: ProfileSet) -> Index:
    """The alias index for text in ``lang`` (None: every language's names)."""
    from .langdata import gazetteer_languages

    codes = gazetteer_languages()
    own = [lang] if lang in codes else list(codes)
    datas = {code: load_gazetteer_lang(code) for code in own}
    also = sorted({a for d in datas.values() for a in d.also} - set(own))
    stop = {s for d in datas.values() for s in d.stop_names}
    index = Index()
    _add_places(index, gazetteer, set(own), set(also), stop, datas)
    for code, data in datas.items():
        _add_profiles(index, profiles, data, [code, *data.also])
        _add_generic(index, gazetteer, profiles, data)
    return index


def _add_places(
    index: Index,
    gazetteer: Gazetteer,
    own: set[str],
    also: set[str],
    stop: set[str],
    datas: dict[str, GazetteerLang],
) -> None:
    for pid, lang, kind, forms in gazetteer.names:
        if not (lang in own or lang == "*" or (lang in also and kind in "nc")):
            continue
        place = gazetteer.places[pid]
        if kind in "ap":
            cased = any(datas[c].adjectives_capitalised for c in own if lang in (c, "*"))
            alias = Alias(pid, "adjective" if kind == "a" else "people", (), (), place.country)
            for form in forms:
                index.add(form, alias, cased=cased)
            continue
        alias = Alias(pid, "place", (), (), place.country, curated=kind == "c")
        for form in forms:
            if kind == "n" and form in stop:
                continue
            index.add(form, alias)


def _add_profiles(
    index: Index, profiles: ProfileSet, data: GazetteerLang, langs: list[str]
) -> None:
    rules = data.inflection
    for ent_id, rec in profiles.records.items():
        ent = rec.entity
        names = [n for code in langs for n in ent.names.get(code, [])]
        if not names:
            continue
        person = ent.type == "person"
        for form in inflect.all_forms(names, rules, person=person):
            index.add(form, Alias(ent_id, "entity", (), (), ent.country))
        if person and rec.short:
            surnames = {n.split()[-1] for n in names if len(n.split()) > 1}
            for surname in surnames:
                if surname[:1].isupper() and len(surname) > 2:
                    for form in inflect.person_forms(surname, rules):
                        index.add(form, Alias(ent_id, "short", (), (), ent.country))


def _generic_countries(profiles: ProfileSet, key: str) -> set[str]:
    out = set()
    for rec in profiles.records.values():
        if key in rec.generic and rec.entity.country:
            out.add(rec.entity.country)
        out |= {o.country for o in rec.offices if o.key == key}
    return out


def _add_generic(
    index: Index, gazetteer: Gazetteer, profiles: ProfileSet, data: GazetteerLang
) -> None:
    langs = [data.code, *data.also]
    for key, patterns in data.generic.items():
        countries = sorted(_generic_countries(profiles, key))
        for pattern in patterns:
            slot = _SLOT.search(pattern)
            forms = inflect.phrase_forms(pattern, data.inflection)
            if slot is None:
                for form in forms:
                    index.add(form, Alias(key, "generic", (), ()), cased=False)
                continue
            for country in countries:
                for filler, place_id in _fillers(gazetteer, data, langs, slot.group(1), country):
                    for form in forms:
                        if slot.group(0) not in form:
                            continue
                        before, after = form.split(slot.group(0), 1)
                        start = len(tokens(before))
                        inner = (start, start + len(tokens(filler)), place_id) if place_id else None
                        alias = Alias(key, "generic", (), (), country, inner)
                        index.add(before + filler + after, alias, cased=False)


def _fillers(
    gazetteer: Gazetteer, data: GazetteerLang, langs: list[str], slot: str, country: str
) -> list[tuple[str, str | None]]:
    pid = f"country:{country}"
    if slot == "ADJ":
        return [(f, None) for f in gazetteer.forms(pid, [data.code], "a")]
    if slot == "COUNTRY":
        return [(f, pid) for f in gazetteer.forms(pid, [data.code, "*"], "nc")]
    out: list[tuple[str, str | None]] = []
    for cap in gazetteer.capitals.get(country, []):
        forms = gazetteer.forms(cap, langs, "nc") or gazetteer.forms(cap, ["*"], "n")[:3]
        out += [(f, cap) for f in forms]
    return out
