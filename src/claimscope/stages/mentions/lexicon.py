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

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources as package_files

from ...profiles import ProfileSet
from . import inflect
from .langdata import GazetteerLang, load_gazetteer_lang

TOKEN = re.compile(r"\w+|[^\w\s]")
# The first token of each form in a names.tsv field ("Kyiv|Kiev|Kijiw"): forms never hold "|".
_FIRST_TOKENS = re.compile(r"(?:^|(?<=\|))[^\S|]*(\w+|[^\w\s|])")
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


class Index:
    """token-key tuple -> aliases; ``longest`` bounds the look-ups per first token.

    Built lazily: :meth:`add` only files a form under its first token's key, and the forms of
    one first token are tokenized and checked the first time a text holds that token. A
    document meets a few hundred of the index's ~100,000 first tokens, so a process pays for
    those instead of the whole index before its first document (issue 15: start-up).
    """

    __slots__ = ("_table", "_longest", "_pending", "_opened", "_places")

    def __init__(self, places: PlaceNames | None = None) -> None:
        self._table: dict[tuple[str, ...], list[Alias]] = {}
        self._longest: dict[str, int] = {}
        self._pending: dict[str, list[tuple[str, Iterable[Alias] | Alias, bool]]] = {}
        self._opened: set[str] = set()
        # The gazetteer's place names, read on demand and filed before everything added here
        # (they come first in the index's order).
        self._places = places

    def add(self, text: str, make: Iterable[Alias] | Alias, cased: bool = True) -> None:
        first = TOKEN.search(text)
        if first is None:
            return
        if not isinstance(make, Alias):
            make = tuple(make)
        self._pending.setdefault(token_key(first.group()), []).append((text, make, cased))

    def get(self, key: tuple[str, ...]) -> list[Alias]:
        """The aliases stored under ``key`` (token keys), in the order they were added."""
        if not key:
            return []
        self._open(key[0])
        return self._table.get(key, [])

    def longest(self, first: str) -> int | None:
        """The most tokens of an alias starting with token key ``first``; None: no alias."""
        self._open(first)
        return self._longest.get(first)

    def _open(self, first: str) -> None:
        if first in self._opened:
            return
        self._opened.add(first)
        if self._places is not None:
            for text, alias, cased in self._places.forms(first):
                self._insert(text, alias, cased)
        for text, make, cased in self._pending.pop(first, ()):
            self._insert(text, make, cased)

    def _insert(self, text: str, make: Iterable[Alias] | Alias, cased: bool) -> None:
        toks = tokens(text)
        key = tuple(token_key(t) for t in toks)
        checks = tuple(_check(t) if cased else (EXACT if _acronym(t) else ANY) for t in toks)
        items = [make] if isinstance(make, Alias) else list(make)
        bucket = self._table.setdefault(key, [])
        for item in items:
            alias = Alias(
                item.target, item.kind, checks, tuple(toks), item.country, item.slot, item.curated
            )
            if alias not in bucket:
                bucket.append(alias)
        if len(key) > self._longest.get(key[0], 0):
            self._longest[key[0]] = len(key)


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


def first_keys(forms: list[str]) -> list[str]:
    """The key of each form's first token, as :meth:`Index.add` files it, in one regex and one
    :func:`token_key` call for all of them (for the ~130,000 place names, per form it was most
    of the index's build time)."""
    firsts = _FIRST_TOKENS.findall("|".join(forms))
    if len(firsts) != len(forms):  # a form without any token: no fast path
        return [token_key(m.group()) if (m := TOKEN.search(f)) else "" for f in forms]
    return token_key("\x00".join(firsts)).split("\x00")


@dataclass(slots=True)
class Gazetteer:
    """Places and their names, shared by every language's index."""

    places: dict[str, Place]
    names: list[tuple[str, str, str, list[str]]]
    first_index: FirstTokenIndex  # the forms of names by their first token
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
        return cls(places, names, FirstTokenIndex(names), capitals, by_place)

    def forms(self, pid: str, langs: Iterable[str], kinds: str = "nc") -> list[str]:
        wanted = set(langs)
        rows = self.by_place.get(pid, [])
        return [f for lang, k, forms in rows if lang in wanted and k in kinds for f in forms]


class FirstTokenIndex:
    """The forms of names.tsv by the key of their first token, as sorted arrays searched by
    bisection: sorting the ~160,000 keys runs in C, where filing each form in a dict of lists
    cost half a second of every process's start-up."""

    __slots__ = ("_forms", "_rows", "_order", "_keys")

    def __init__(self, names: list[tuple[str, str, str, list[str]]]) -> None:
        self._forms = [f for _, _, _, forms in names for f in forms]
        self._rows = [row for row, (_, _, _, forms) in enumerate(names) for _ in forms]
        firsts = first_keys(self._forms)
        # sorted() is stable: forms with one first token stay in names order.
        self._order = sorted(range(len(firsts)), key=firsts.__getitem__)
        self._keys = [firsts[i] for i in self._order]

    def get(self, first: str) -> list[tuple[int, str]]:
        """(row of names, form) of every form whose first token's key is ``first``."""
        lo = bisect.bisect_left(self._keys, first)
        hi = bisect.bisect_right(self._keys, first, lo)
        return [(self._rows[i], self._forms[i]) for i in self._order[lo:hi]]


# ---------------------------------------------------------------- index per language


def build_index(lang: str | None, gazetteer: Gazetteer, profiles: ProfileSet) -> Index:
    """The alias index for text in ``lang`` (None: every language's names)."""
    from .langdata import gazetteer_languages

    codes = gazetteer_languages()
    own = [lang] if lang in codes else list(codes)
    datas = {code: load_gazetteer_lang(code) for code in own}
    also = sorted({a for d in datas.values() for a in d.also} - set(own))
    stop = {s for d in datas.values() for s in d.stop_names}
    index = Index(PlaceNames(gazetteer, set(own), set(also), stop, datas))
    for code, data in datas.items():
        _add_profiles(index, profiles, data, [code, *data.also])
        _add_generic(index, gazetteer, profiles, data)
    return index


class PlaceNames:
    """The gazetteer's place names a language's index takes, read by first token on demand:
    the names of its own languages (and ``*``), and the nouns and curated names of the
    languages it also reads. Filing all ~130,000 forms up front was most of a process's
    start-up; a document looks up a few hundred first tokens."""

    def __init__(
        self,
        gazetteer: Gazetteer,
        own: set[str],
        also: set[str],
        stop: set[str],
        datas: dict[str, GazetteerLang],
    ) -> None:
        self.gazetteer = gazetteer
        self.own, self.also, self.stop, self.datas = own, also, stop, datas
        self._rows: dict[int, tuple[Alias, bool, bool] | None] = {}

    def forms(self, first: str) -> Iterator[tuple[str, Alias, bool]]:
        """(form, alias, cased) of the names whose first token's key is ``first``."""
        for row, form in self.gazetteer.first_index.get(first):
            if row not in self._rows:
                self._rows[row] = self._alias(row)
            made = self._rows[row]
            if made is None:
                continue
            alias, cased, stopped = made
            if stopped and form in self.stop:
                continue
            yield form, alias, cased

    def _alias(self, row: int) -> tuple[Alias, bool, bool] | None:
        """The alias of a names row, whether its case counts, whether stop names apply; None
        for a row this language does not take."""
        pid, lang, kind, _ = self.gazetteer.names[row]
        if not (lang in self.own or lang == "*" or (lang in self.also and kind in "nc")):
            return None
        place = self.gazetteer.places[pid]
        if kind in "ap":
            cased = any(self.datas[c].adjectives_capitalised for c in self.own if lang in (c, "*"))
            kind_name = "adjective" if kind == "a" else "people"
            return Alias(pid, kind_name, (), (), place.country), cased, False
        return Alias(pid, "place", (), (), place.country, curated=kind == "c"), True, kind == "n"


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
