"""What a claim asserts: event type, actor and target, places, quantity, time, modality, evidence.

Shared by ``claims.v1`` (attributed claims and observations) and ``narration.v1`` (the outlet's
own claims), so that a proposition is read the same way whoever asserts it. All language
knowledge comes from ``lang/<code>/``: event triggers (``triggers.toml``), modality markers
(``modality.toml``), documents and estimates (``evidence.toml``); the rules here only rank keys
and pick mentions by their offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lang.loader import fold
from ..model import (
    Argument,
    Claim,
    Document,
    EntityRef,
    Mention,
    Place,
    PlaceArg,
    Quantity,
    QuantityArg,
    TimeArg,
    TimeInterval,
)
from ..resources import Resources
from .text import CLAUSE_MARKS
from .wordlists import NEVER, Hit, Ranked, word_pattern

# Quantities counting time are durations, not the number an event is about (dev gold: "null
# for distances, dates and durations").
DURATION_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year"})
DISTANCE_UNITS = frozenset({"kilometre", "metre", "mile"})
ACTOR_KINDS = ("person", "organization", "military_unit", "place")
# Categories that are acts of war or of its diplomacy: a sentence of the outlet's own narration
# with one of these and a number or a place is a claim of the outlet (dev/README.md).
CONFLICT_EVENTS = frozenset(
    {"ASSAULT", "MOBILIZE", "RETREAT", "COERCE", "AID", "SANCTION", "THREATEN", "CONSULT",
     "REQUEST", "AGREE", "REJECT", "ACCUSE", "PROTEST", "CONCEDE", "COOPERATE", "SUPPORT"}
)  # fmt: skip


@dataclass(slots=True)
class Lexicons:
    """One language's compiled word lists (built once per Resources)."""

    events: Ranked
    modes: Ranked  # event modes, each under its category
    mode_events: dict[str, str]
    modality: Ranked
    documents: Ranked
    speech_acts: dict[str, str] = field(default_factory=dict)  # reporting-verb key -> PLOVER
    cue_modality: dict[str, str] = field(default_factory=dict)  # reporting-verb key -> modality
    reportative: frozenset[str] = frozenset()  # words marking reported speech (cues.toml)
    military: re.Pattern[str] = NEVER  # topics.toml military nouns
    background: re.Pattern[str] = NEVER  # opens a reason or time clause
    ignore: re.Pattern[str] = NEVER  # phrases whose triggers name equipment
    relative: re.Pattern[str] = NEVER  # ", <relative pronoun>" opens a relative clause


def lexicons(resources: Resources, lang: str | None) -> Lexicons:
    def build() -> Lexicons:
        data = resources.lang(lang)
        evidence = data.evidence
        return Lexicons(
            events=Ranked(data.event_triggers, data.event_order),
            modes=Ranked(data.event_modes),
            mode_events={k: v.upper() for k, v in (data.mode_events or {}).items()},
            modality=Ranked(data.modality_markers, data.modality_order, whole_word=True),
            documents=Ranked(evidence.documents if evidence else None, ("document", "estimate")),
            speech_acts={k: v.upper() for k, v in (data.speech_acts or {}).items()},
            cue_modality=dict(data.cue_modality or {}),
            reportative=frozenset(data.reportative),
            military=word_pattern((data.topics or {}).get("military", ()), whole_word=False),
            background=word_pattern(data.background, whole_word=True),
            ignore=word_pattern(data.trigger_ignore, whole_word=False),
            relative=re.compile(
                r",\s*(?:" + "|".join(map(re.escape, sorted(data.speaker.relatives))) + r")\b",
                re.IGNORECASE,
            )
            if data.speaker.relatives
            else NEVER,
        )

    return resources.get(f"propositions.{lang}", build)


def event_hit(text: str, lex: Lexicons, start: int = 0, end: int | None = None) -> Hit | None:
    """The highest-ranked PLOVER category with a trigger in the main clause of
    ``text[start:end]``; triggers in reason, time and relative clauses ("because Russia could
    attack", ", die al jaren vechten") count only when the main clause has none."""
    end = len(text) if end is None else end
    hits = lex.events.all(text, start, end)
    if hits:
        masks = [(m.start(), m.end()) for m in lex.ignore.finditer(text, start, end)]
        hits = [h for h in hits if not any(a <= h.start < b for a, b in masks)]
    if not hits:
        return None
    regions = _background(text, lex, start, end)
    main = [h for h in hits if not any(a <= h.start < b for a, b in regions)]
    rank = {key: i for i, (key, _) in enumerate(lex.events.items)}
    return min(main or hits, key=lambda h: (rank[h.key], h.start))


def event_mode(text: str, lex: Lexicons, event_type: str, start: int, end: int) -> str | None:
    """The first mode of ``event_type`` (data order) with a stem in the span: RETREAT
    "withdraw", MOBILIZE "exercise", CONSULT "visit"."""
    for key, pattern in lex.modes.items:
        if lex.mode_events.get(key) == event_type and pattern.search(text, start, end):
            return key
    return None


def _background(text: str, lex: Lexicons, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` that give background: from a reason/time subordinator to
    the end (or, when it opens the content, to the next comma), and relative clauses after a
    comma up to the next comma."""
    out = []
    for m in lex.background.finditer(text, start, end):
        fronted = not text[start : m.start()].strip(" ,")
        stop = text.find(",", m.end(), end) if fronted else -1
        out.append((m.start(), end if stop < 0 else stop))
    for m in lex.relative.finditer(text, start, end):
        stop = text.find(",", m.end(), end)
        out.append((m.start(), end if stop < 0 else stop))
    return out


def modality_of(
    text: str,
    lex: Lexicons,
    start: int = 0,
    end: int | None = None,
    trigger: Hit | None = None,
    reported: bool = False,
) -> str:
    """The first modality of the data's order with a marker in ``text[start:end]``.

    Negation counts only inside the clause of the event's trigger: "it was not for Russia to
    determine …" does not negate the event, "no troops had crossed the border" does. Without a
    trigger, a negation in the first clause negates the statement. In ``reported`` content the words that mark reported speech
    ("zou … hebben afgeschoten", "aurait subi", "sei") say who asserts, not that the event is
    hypothetical, so they are not modality markers there.
    """
    end = len(text) if end is None else end
    for key, pattern in lex.modality.items:
        if key != "negated":
            for m in pattern.finditer(text, start, end):
                if not (reported and fold(m.group()) in lex.reportative):
                    return key
            continue
        if trigger is None:
            # Without an event, the statement's first clause is what it says.
            a, b = _clause(text, start, end, Hit(key, start, start))
        else:
            a, b = _clause(text, start, end, trigger)
        if pattern.search(text, a, b):
            return key
    return "asserted"


def _clause(text: str, start: int, end: int, hit: Hit) -> tuple[int, int]:
    """The comma-delimited clause of ``text[start:end]`` holding ``hit``."""
    a = max((text.rfind(ch, start, hit.start) for ch in CLAUSE_MARKS), default=-1)
    a = start if a < 0 else a + 1
    ends = [i for i in (text.find(ch, hit.end, end) for ch in CLAUSE_MARKS) if i >= 0]
    return a, min(ends) if ends else end


def content_span(claim: Claim) -> tuple[int, int]:
    start = claim.content_start if claim.content_start is not None else claim.start
    end = claim.content_end if claim.content_end is not None else claim.end
    return start, end


@dataclass(slots=True)
class DocMentions:
    """A document's mentions by kind, sorted by offset (built once per document)."""

    quantities: list[Mention]
    places: list[Mention]
    dates: list[Mention]
    actors: list[Mention]

    @classmethod
    def of(cls, doc: Document) -> DocMentions:
        by: dict[str, list[Mention]] = {}
        for m in sorted(doc.mentions, key=lambda m: (m.start, -m.end)):
            by.setdefault(m.kind, []).append(m)
        actors = [
            m
            for kind in ACTOR_KINDS
            for m in by.get(kind, [])
            if (m.entity_id or kind == "place") and _may_act(m)
        ]
        actors.sort(key=lambda m: (m.start, -m.end))
        return cls(by.get("quantity", []), by.get("place", []), by.get("date", []), actors)


def _may_act(m: Mention) -> bool:
    """Persons, organisations and units act; of places only states do ("Rusland heeft …
    samengetrokken"), not the cities and regions where things happen ("op de Krim")."""
    if m.kind != "place":
        return True
    return isinstance(m.value, Place | EntityRef) and m.value.type == "country"


def _within(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions inside ``(start, end)``; ``mentions`` are sorted by start (DocMentions), so
    only those starting in the span are looked at: a scan of all of them per claim made a
    1 MB article quadratic."""
    lo = bisect_left(mentions, start, key=_start)
    hi = bisect_right(mentions, end, key=_start)
    return [m for m in mentions[lo:hi] if m.end <= end]


def _start(m: Mention) -> int:
    return m.start


def _countable(v: Quantity, text: str) -> bool:
    """A quantity an event is about: not a duration or a distance, and not a vague plural
    ("duizenden", "thousands": a range, not a number anyone asserted)."""
    if v.unit_key in DURATION_UNITS or v.unit_key in DISTANCE_UNITS:
        return False
    vague = v.low is not None and v.high not in (None, v.low)
    return not (vague and not any(ch.isdigit() for ch in text))


def quantity(start: int, end: int, dm: DocMentions) -> QuantityArg | None:
    """The first quantity of the span written in digits, else the first (dev gold convention)."""
    inside = [
        (m, m.value)
        for m in _within(dm.quantities, start, end)
        if isinstance(m.value, Quantity) and _countable(m.value, m.text)
    ]
    if not inside:
        return None
    digits = [(m, v) for m, v in inside if any(ch.isdigit() for ch in m.text)]
    m, v = (digits or inside)[0]
    return QuantityArg(v.value, m.text, (m.start, m.end), v.low, v.high, v.unit, v.approximate)


def places(
    start: int, end: int, dm: DocMentions, skip: tuple[int, int] | None = None
) -> list[PlaceArg]:
    """The places named in the span (not country adjectives), each once; ``skip`` is a span
    whose places are not the event's (the claimant's words: "volgens de VS")."""
    out: list[PlaceArg] = []
    seen: set[str] = set()
    for m in _within(dm.places, start, end):
        v = m.value
        if isinstance(v, EntityRef):  # a country of the profile the gazetteer did not geocode
            v = Place(v.name, v.country)
        if not isinstance(v, Place) or v.adjective or not v.name or v.name in seen:
            continue
        if skip is not None and skip[0] <= m.start < skip[1]:
            continue
        seen.add(v.name)
        out.append(PlaceArg(v.name, m.text, (m.start, m.end), v.country, v.admin1, v.lat, v.lon))
    return out


def interval_of(m: Mention) -> TimeArg | None:
    """A date mention as an interval with its words, if it was resolved."""
    v = m.value
    if not isinstance(v, TimeInterval) or not v.start:
        return None
    return TimeArg(v.start, v.end or v.start, m.text, (m.start, m.end))


def time_of(start: int, end: int, dm: DocMentions) -> TimeArg | None:
    """The first resolved date of the span as an interval."""
    for m in _within(dm.dates, start, end):
        found = interval_of(m)
        if found is not None:
            return found
    return None


def _argument(m: Mention) -> Argument:
    return Argument(
        name=m.name,
        entity_id=m.entity_id,
        country=m.country,
        start=m.start,
        end=m.end,
    )


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def actor_target(
    start: int,
    end: int,
    trigger: Hit | None,
    dm: DocMentions,
    claim: Claim | None = None,
    military: Callable[[int], bool] | None = None,
) -> tuple[Argument | None, Argument | None]:
    """Actor: the first actor mention before the trigger — the subject comes first in the
    clause in all six languages ("Russische militairen werden verplaatst", "Macron deed in het
    Kremlin een beroep op Poetin"); target: the first after it ("attacks on Kyiv"). Without a
    trigger, the first actor mention is the actor. Mentions inside the claimant's own words are
    not arguments of what it says."""
    who = claim.claimant if claim is not None else None
    own = (
        (who.start, who.end)
        if who is not None and who.start is not None and who.end is not None
        else None
    )
    found = [
        m for m in _within(dm.actors, start, end) if own is None or not (own[0] <= m.start < own[1])
    ]
    if not found:
        return None, None
    if trigger is None:
        return _argument(found[0]), None
    before = [m for m in found if m.end <= trigger.start]
    after = [m for m in found if m.start >= trigger.end]
    # A name outranks a country adjective ("Zijn Franse collega Emmanuel Macron deed …"); an
    # adjective is an actor only before a military noun ("Russische militairen", not "near the
    # Ukrainian border").
    named = [m for m in before if not m.is_adjective]
    before = named or [m for m in before if military is not None and military(m.end)]
    actor = _argument(before[0]) if before else None
    target = _argument(after[0]) if after else None
    if actor is not None and target is not None and actor.name == target.name:
        target = None
    return actor, target


def document_evidence(text: str, lex: Lexicons, spans: list[tuple[int, int]]) -> str | None:
    """document or estimate when the claimant's words or the cue name a written source
    ("laut dem Bericht", "the report", "оценки разведки")."""
    for a, b in spans:
        hit = lex.documents.first(text, a, b)
        if hit is not None:
            return hit.key
    return None


def fill(doc: Document, claim: Claim, resources: Resources, dm: DocMentions) -> None:
    """Set the proposition, modality and (for statements) evidence of ``claim``."""
    lang = claim.lang or doc.lang
    lex = lexicons(resources, lang)
    text = doc.text
    start, end = content_span(claim)
    prop = claim.proposition
    hit = event_hit(text, lex, start, end)
    key = claim.cue_key if claim.mode not in ("observation", "narration") else None
    act = lex.speech_acts.get(key) if key else None
    prop.event_type = act or (hit.key.upper() if hit else "STATEMENT")
    prop.event_mode = event_mode(text, lex, prop.event_type, start, end)
    reported = claim.mode not in ("narration", "observation")
    claim.modality = modality_of(text, lex, start, end, hit, reported)
    forced = lex.cue_modality.get(key) if key else None
    if forced is not None and claim.modality in ("asserted", "negated", "future"):
        claim.modality = forced
    elif act is not None and claim.modality != "negated":
        # A reporting verb that is the act ("accused", "called for", "praised") asserts that
        # the act took place, whatever the words it reports hedge.
        claim.modality = "asserted"
    prop.quantity = quantity(claim.start, claim.end, dm)
    who = claim.claimant
    own = (who.start, who.end) if who.start is not None and who.end is not None else None
    prop.places = places(start, end, dm, own)
    prop.time = claim.captured or time_of(start, end, dm)
    prop.actor, prop.target = actor_target(
        start,
        end,
        hit,
        dm,
        claim,
        lambda pos: lex.military.match(text, _skip_space(text, pos)) is not None,
    )
    if claim.mode in ("observation", "narration"):
        return
    spans = []
    if claim.claimant.start is not None and claim.claimant.end is not None:
        spans.append((claim.claimant.start, claim.claimant.end))
    if claim.cue_start is not None and claim.cue_end is not None:
        spans.append((claim.cue_start, claim.cue_end))
    kind = document_evidence(text, lex, spans)
    if kind is not None:
        claim.evidence = kind
    elif claim.source_type == "media":
        # Claims attributed to another outlet carry no evidence of their own (dev/README.md).
        claim.evidence = None
