"""Offline geocoding: pick one place among the readings of a name, from the document's context.

"Kharkiv" is a city and an oblast; "Georgia" a country and a US state; "Gaza" a strip and a city.
Each reading is scored by what it is (a country outranks a region, a big city a village, a
capital any other city), by the countries the document mentions unambiguously, and by the region
of the conflict profile the document is about. The weights are tuned on hand-made cases in
tests/mentions/test_gazetteer.py (Kharkiv in an article about Ukraine, Georgia with and without
US places, Gaza strip vs Gaza City, Moscow city vs Moscow oblast); the numbers below are small
integers on purpose so that a reader can check a decision by hand.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ...model import Place as PlaceValue
from .lexicon import Alias, Place

# What a reading is worth before context: a country name almost always means the country.
BASE = {"country": 7.0, "region": 6.0, "admin1": 3.5}
CAPITAL_BONUS = 2.0  # "Washington" is the capital before it is a state or a town
CURATED_BONUS = 1.5  # a variant written for this language (lang/*/gazetteer.toml [places])
CONTEXT_BONUS = 3.0  # the document names the reading's country unambiguously elsewhere
SUBNATIONAL_BONUS = 1.5  # ...and names other towns or regions of it (Atlanta -> Georgia, US)
REGION_BONUS = 2.0  # the reading lies in the region of the document's conflict profile
# ...and in a first-level region the document names (or names a town of): "the town of
# Stanislav" in an article about Kherson oblast is the village there, not Ivano-Frankivsk
# (once called Stanislav), which is larger.
ADMIN1_BONUS = 2.0


@dataclass(slots=True)
class Context:
    countries: Counter[str] = field(default_factory=Counter)
    subnational: Counter[str] = field(default_factory=Counter)
    admin1: Counter[tuple[str, str]] = field(default_factory=Counter)
    region: frozenset[str] = frozenset()


def base_score(place: Place) -> float:
    if place.kind in BASE:
        return BASE[place.kind]
    score = 1.0 + math.log10(place.population + 1) / 2
    return score + (CAPITAL_BONUS if place.capital else 0.0)


def score(place: Place, curated: bool, ctx: Context) -> float:
    s = base_score(place) + (CURATED_BONUS if curated else 0.0)
    if ctx.countries.get(place.country):
        s += CONTEXT_BONUS
        if place.kind in ("city", "admin1") and ctx.subnational.get(place.country):
            s += SUBNATIONAL_BONUS
    if place.country in ctx.region:
        s += REGION_BONUS
    if place.admin1 and ctx.admin1.get((place.country, place.admin1)):
        s += ADMIN1_BONUS
    return s


def choose(aliases: Iterable[Alias], places: dict[str, Place], ctx: Context) -> Place | None:
    """The best-scoring place among the place readings of one match (ties: the id, for order)."""
    best: dict[str, bool] = {}
    for alias in aliases:
        if alias.kind == "place" and alias.target in places:
            best[alias.target] = best.get(alias.target, False) or alias.curated
    if not best:
        return None
    ranked = sorted(best, key=lambda pid: (-score(places[pid], best[pid], ctx), pid))
    return places[ranked[0]]


def unambiguous_country(aliases: Iterable[Alias], places: dict[str, Place]) -> str | None:
    """The country all place readings of a match share, if they share one."""
    found = {places[a.target].country for a in aliases if a.kind == "place" and a.target in places}
    return found.pop() if len(found) == 1 else None


def place_value(
    place: Place, name: str | None = None, adjective: bool = False, people: bool = False
) -> PlaceValue:
    """The mention value of a gazetteer place; ``name`` overrides the gazetteer's (a country's
    profile entity name), ``adjective``/``people`` mark a country adjective or people's name."""
    iso = place.kind == "admin1" and place.id.startswith("admin1:")
    return PlaceValue(
        name=place.name if name is None else name,
        country=place.country,
        admin1=place.admin1 or None,
        lat=place.lat,
        lon=place.lon,
        type=place.kind,
        place_id=place.id,
        geonameid=int(place.geonameid) if place.geonameid else None,
        ne_id=place.ne_id or None,
        # Crimea and Sevastopol: ISO 3166-2 (UA-43, UA-40) puts them in Ukraine; Russia controls
        # them. Both are recorded, so that neither point of view is silently imposed.
        control=place.control or None,
        iso_3166_2=place.id.split(":", 1)[1] if iso else None,
        adjective=adjective,
        people=people,
    )
