"""``stances.v1``: claims about other claims — doubts, denials, support — within a document.

A claim takes a stance when a marker of ``stances.toml`` occurs in what it says, or in the
sentence without a claimant of its own just before its speaker's words ("In Kiev wordt
terughoudend gereageerd op het bericht over de terugtrekking. Kuleba verklaarde: …"). The
words of one speaker in a row (a quotation over several sentences) are read together, so "wij
geloven het pas als wij het zien" is read with "verklaringen van Rusland" and "terugtrekking".

The target is the earlier claim of another claimant that the context points at best: the same
event type as a trigger in the context ("het bericht over de terugtrekking" -> RETREAT) counts
most, the target's claimant (or its country) named in the context next. Without any such pointer
no stance is recorded: a guess would send the assessment the wrong way.

This stage also gives every claim its id, since stances refer to claims by id.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Claim, Claimant, Document, Mention, Stance
from ..records import assign_claim_ids
from ..registry import register
from ..resources import Resources
from . import propositions
from .wordlists import Ranked

EVENT_WEIGHT = 2
CLAIMANT_WEIGHT = 1


@dataclass(slots=True)
class _Group:
    """Consecutive claims of one claimant (one speech), with the sentence before it."""

    claims: list[Claim]
    lead: tuple[int, int] | None  # a claimant-less sentence just before, if any


def markers(resources: Resources, lang: str | None) -> Ranked:
    """The language's stance markers, ranked by the data's order."""

    def build() -> Ranked:
        st = resources.lang(lang).stances
        return Ranked(st.markers if st else None, st.order if st else None, whole_word=True)

    return resources.get(f"stances.markers.{lang}", build)


@register(
    "stances.v1",
    requires=[
        "text",
        "lang",
        "sentences",
        "claims",
        "claims.claimant",
        "claims.proposition",
        "claims.narration",
        "entities",
    ],
    assigns=["claims.ids", "claims.stances"],
)
def take_stances(doc: Document, resources: Resources) -> None:
    assign_claim_ids(doc)
    said = [c for c in doc.claims if c.mode != "narration"]
    if len(said) < 2:
        return
    ents = sorted((m for m in doc.mentions if m.entity_id), key=_start)
    index = _Said(said)
    for group in _groups(doc, said):
        _stance(doc, group, index, ents, resources)


def _start(m: Mention) -> int:
    return m.start


def _inside(ents: list[Mention], a: int, b: int) -> Iterator[Mention]:
    """The mentions of ``ents`` (sorted by start) within ``a``-``b``."""
    for k in range(bisect_left(ents, a, key=_start), len(ents)):
        m = ents[k]
        if m.start > b:
            break
        if m.end <= b:
            yield m


def _ids(who: Claimant) -> set[str | None]:
    """What names a claimant: its entity, its country, and those of its members."""
    ids = {who.entity_id, (who.country or "").lower() or None} - {None}
    ids |= {m.entity_id for m in who.members} | {(m.country or "").lower() for m in who.members}
    return ids


class _Said:
    """The claims said (not narrated), indexed by event type and by what names their
    claimant: a claim that shares neither with a group scores nothing as its target, and a
    scan of every earlier claim for each group made a long article quadratic."""

    def __init__(self, said: list[Claim]) -> None:
        self.said = said
        self.ids = [_ids(t.claimant) for t in said]
        self.by_event: dict[str | None, list[int]] = {}
        self.by_id: dict[str | None, list[int]] = {}
        for k, t in enumerate(said):
            self.by_event.setdefault(t.proposition.event_type, []).append(k)
            for i in self.ids[k]:
                self.by_id.setdefault(i, []).append(k)

    def candidates(self, events: set[str], named: set) -> list[int]:
        """Positions of the claims whose event is in ``events`` or whose claimant is named."""
        found: set[int] = set()
        for e in events:
            found.update(self.by_event.get(e, ()))
        for i in named:
            found.update(self.by_id.get(i, ()))
        return sorted(found)


def _same_speaker(a: Claim, b: Claim) -> bool:
    if a.claimant.entity_id and a.claimant.entity_id == b.claimant.entity_id:
        return True
    return a.claimant.name == b.claimant.name


def _groups(doc: Document, said: list[Claim]) -> list[_Group]:
    index = {s.start: k for k, s in enumerate(doc.sentences)}
    attributed = {c.start for c in said}
    groups: list[_Group] = []
    for c in said:
        last = groups[-1].claims[-1] if groups else None
        if (
            last is not None
            and _same_speaker(last, c)
            and c.continues is not None
            and c.continues.kind in ("quote", "reportative")
        ):
            groups[-1].claims.append(c)
            continue
        if last is not None and last.start == c.start and _same_speaker(last, c):
            groups[-1].claims.append(c)
            continue
        k = index.get(c.start)
        lead = None
        if k:
            prev = doc.sentences[k - 1]
            if prev.start not in attributed:
                lead = (prev.start, prev.end)
        groups.append(_Group([c], lead))
    return groups


def _stance(
    doc: Document, group: _Group, said: _Said, ents: list[Mention], resources: Resources
) -> None:
    text = doc.text
    first = group.claims[0]
    lang = first.lang or doc.lang
    lexicon = markers(resources, lang)
    spans = [propositions.content_span(c) for c in group.claims]
    if group.lead is not None:
        spans.insert(0, group.lead)
    hits = [(span, lexicon.first(text, *span)) for span in spans]
    found = [(span, h) for span, h in hits if h is not None]
    if not found:
        return
    relation = min((h for _, h in found), key=lambda h: _rank(lexicon, h.key)).key
    lex = propositions.lexicons(resources, lang)
    events = {h.key.upper() for a, b in spans for h in lex.events.all(text, a, b)}
    named = {m.entity_id for a, b in spans for m in _inside(ents, a, b)}
    named |= {_country(m) for a, b in spans for m in _inside(ents, a, b)}
    target = _target(first, said, events, named)
    if target is None:
        return
    # The stance belongs to the claim whose words carry the marker; a marker in the lead
    # sentence belongs to the first claim of the speech.
    holder = first
    for c in group.claims:
        a, b = propositions.content_span(c)
        if lexicon.first(text, a, b) is not None:
            holder = c
            break
    # A marker key is one of Stance's relations: lang/loader.py checks it when the data loads.
    holder.stances.append(Stance(toward=target.id, relation=relation))  # type: ignore[arg-type]


def _rank(lexicon: Ranked, key: str) -> int:
    return next(i for i, (k, _) in enumerate(lexicon.items) if k == key)


def _country(m: Mention) -> str | None:
    country = m.country
    return country.lower() if isinstance(country, str) else None


def _target(first: Claim, said: _Said, events: set[str], named: set) -> Claim | None:
    best, best_score = None, 0
    for k in said.candidates(events, named):  # the others score nothing
        t = said.said[k]
        if t.start >= first.start or _same_speaker(t, first):
            continue
        score = 0
        if t.proposition.event_type in events:
            score += EVENT_WEIGHT
        if said.ids[k] & named:
            score += CLAIMANT_WEIGHT
        # The earliest claim with the best score: the announcement, not its repetitions.
        if score > best_score:
            best, best_score = t, score
    return best
