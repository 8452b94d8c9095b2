"""``claims.v1``: the proposition of each claim — event type, quantity and places.

Event types come from the per-language trigger stems of ``lang/<code>/triggers.toml``: every
PLOVER category whose stem starts a word of the claim's content competes, and the category
ranked first in the data's ``order`` wins (a denied invasion is coded as the invasion). A
reporting verb that is the act itself ("called for", "accused", data: ``[speech_acts]``) decides
first; no trigger leaves the claim a ``STATEMENT``. The quantity is the first quantity mention of the
claim's sentence written in digits, else the first (the dev gold convention); durations are not
quantities. Places are the place mentions of the claim's content.

Modality, observations, narration and stances are not done here yet.
"""

from __future__ import annotations

import re

from ..lang.loader import fold
from ..model import Claim, Document, Mention
from ..pipeline import register
from ..resources import Resources

# Quantities counting time are durations, not the number an event is about.
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})


Ranked = list[tuple[str, re.Pattern[str]]]


def _word_pattern(surfaces: tuple[str, ...], whole_word: bool) -> re.Pattern[str]:
    # Longest first, so that "drone strike" is tried before "drone"; a space matches any run
    # of whitespace; a surface must start a word (a stem), and with whole_word also end one.
    alts = sorted(surfaces, key=len, reverse=True)
    body = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in alts)
    end = r"(?!\w)" if whole_word else ""
    return re.compile(rf"(?<!\w)(?:{body}){end}", re.IGNORECASE)


def _ranked(
    table: dict[str, tuple[str, ...]] | None, order: tuple[str, ...], whole_word: bool
) -> Ranked:
    """One pattern per key of ``table`` that has surfaces, in the data's ``order``."""
    table = table or {}
    return [(key, _word_pattern(table[key], whole_word)) for key in order if table.get(key)]


def _patterns(resources: Resources, lang: str | None) -> Ranked:
    def build() -> Ranked:
        data = resources.lang(lang)
        return _ranked(data.event_triggers, data.event_order, whole_word=False)

    return resources.get(f"claims.triggers.{lang}", build)


def _modality_patterns(resources: Resources, lang: str | None) -> Ranked:
    def build() -> Ranked:
        data = resources.lang(lang)
        return _ranked(data.modality_markers, data.modality_order, whole_word=True)

    return resources.get(f"claims.modality.{lang}", build)


def _first(text: str, ranked: Ranked) -> str | None:
    """The first key, in rank order, whose pattern occurs in ``text``."""
    return next((key for key, pattern in ranked if pattern.search(text)), None)


def _speech_acts(resources: Resources, lang: str | None) -> dict[str, str]:
    """Cue (folded) -> PLOVER category, for reporting verbs that are the act itself.

    A pattern is known by its words joined ("called for") and by its longest word, which is the
    part the attribution stage keeps as the cue of a split verb ("riep … op" -> "riep"). A form
    counts only when every reporting-verb key it appears under maps to the same act.
    """

    def build() -> dict[str, str]:
        data = resources.lang(lang)
        acts = data.speech_acts or {}
        seen: dict[str, set[str | None]] = {}
        for key, patterns in data.reporting_verbs.items():
            for pattern in patterns:
                words = [fold(w) for w in pattern.split() if w != "..."]
                for form in {" ".join(words), max(words, key=len)}:
                    seen.setdefault(form, set()).add(acts.get(key))
        return {w: next(iter(a)).upper() for w, a in seen.items() if len(a) == 1 and None not in a}

    return resources.get(f"claims.speech_acts.{lang}", build)


def _speech_act(resources: Resources, lang: str | None, cue: str | None) -> str | None:
    """The act a reporting verb performs, if it is one of the speech acts of the data."""
    return _speech_acts(resources, lang).get(" ".join(fold(cue).split())) if cue else None


def modality(text: str, patterns: Ranked) -> str:
    """The first modality of the data's order with a marker (whole words) in ``text``."""
    return _first(text, patterns) or "asserted"


def event_type(text: str, patterns: Ranked) -> str:
    """The PLOVER category of ``text``: the highest-ranked one with a trigger, else STATEMENT."""
    found = _first(text, patterns)
    return found.upper() if found else "STATEMENT"


def _quantity(claim: Claim, quantities: list[Mention]) -> dict | None:
    inside = [
        m
        for m in quantities
        if claim.start <= m.start
        and m.end <= claim.end
        and (m.value or {}).get("unit_key") not in DURATION_UNITS
    ]
    if not inside:
        return None
    digits = [m for m in inside if any(ch.isdigit() for ch in m.text)]
    m = (digits or inside)[0]
    v = m.value or {}
    return {
        "value": v.get("value"),
        "low": v.get("low"),
        "high": v.get("high"),
        "unit": v.get("unit"),
        "approximate": bool(v.get("approximate")),
        "surface": m.text,
    }


def _places(start: int, end: int, places: list[Mention]) -> list[dict]:
    out, seen = [], set()
    for m in places:
        v = m.value if isinstance(m.value, dict) else {}
        if not (start <= m.start and m.end <= end) or v.get("adjective") or not v.get("name"):
            continue
        if v["name"] in seen:
            continue
        seen.add(v["name"])
        out.append(
            {
                "name": v["name"],
                "surface": m.text,
                "country": v.get("country"),
                "admin1": v.get("admin1"),
                "lat": v.get("lat"),
                "lon": v.get("lon"),
            }
        )
    return out


@register("claims.v1", requires=["claims", "mentions.quantities"], assigns=["claims.proposition"])
def propose(doc: Document, resources: Resources) -> None:
    quantities = [m for m in doc.mentions if m.kind == "quantity"]
    places = [m for m in doc.mentions if m.kind == "place"]
    for claim in doc.claims:
        start = claim.content_start if claim.content_start is not None else claim.start
        end = claim.content_end if claim.content_end is not None else claim.end
        prop = claim.proposition
        lang = claim.lang or doc.lang
        prop.event_type = _speech_act(resources, lang, claim.cue) or event_type(
            doc.text[start:end], _patterns(resources, lang)
        )
        claim.modality = modality(doc.text[start:end], _modality_patterns(resources, lang))
        prop.quantity = _quantity(claim, quantities)
        prop.places = _places(start, end, places)
