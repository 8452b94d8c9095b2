"""``narration.v1``: what the outlet itself asserts about the conflict.

A sentence (or the part of one that no attribution covers: "Russia has amassed 130,000 troops
… and Truss said …") is a claim of the outlet — mode ``narration``, source type ``media``,
no evidence — when it asserts a conflict event (an event trigger, ``triggers.toml``) with a
number, a place or a date (the dev annotation guide names number and place; a dated event is
as checkable), unless it speaks about claims (a stance marker); or when it says that
something about the conflict (``topics.toml``) is not known ("het is niet bekend hoeveel
militairen …"), with modality ``unknown``.

The claimant is the document's publisher when ingest knew it, else "the newspaper".
"""

from __future__ import annotations

from ..model import Claim, Claimant, Document, Proposition, Sentence
from ..registry import register
from ..resources import Resources
from . import propositions, stances
from .text import trim
from .wordlists import Ranked

# The uncovered part of a sentence with an attributed claim must hold this many words to be
# read as the outlet's own clause ("Russia has amassed at least 130,000 troops on the border").
MIN_FREE_WORDS = 5
NEWSPAPER = "the newspaper"


def _topics(resources: Resources, lang: str | None) -> Ranked:
    return resources.get(f"narration.topics.{lang}", lambda: Ranked(resources.lang(lang).topics))


@register(
    "narration.v1",
    # What the attributed claims cover after merging decides what is left to the outlet.
    requires=[
        "text",
        "lang",
        "sentences",
        "claims",
        "claims.observations",
        "claims.merged",
        "mentions.quantities",
        "mentions.dates",
        "mentions.gazetteer",
        "entities",
    ],
    assigns=["claims.narration"],
)
def narrate(doc: Document, resources: Resources) -> None:
    dm = propositions.DocMentions.of(doc)
    covered: dict[int, list[tuple[int, int]]] = {}
    for c in doc.claims:
        covered.setdefault(c.start, []).extend(_spans(c))
    added = []
    for sent in doc.sentences:
        region = _free_region(doc, sent, covered.get(sent.start))
        if region is None:
            continue
        claim = _narration(doc, sent, region, resources, dm)
        if claim is not None:
            added.append(claim)
    if added:
        doc.claims.extend(added)
        doc.claims.sort(key=lambda c: (c.start, c.mode == "narration", c.cue_start or c.start))


def _spans(c: Claim) -> list[tuple[int, int]]:
    out = []
    for a, b in (
        (c.cue_start, c.cue_end),
        (c.claimant.start, c.claimant.end),
        (c.content_start, c.content_end),
    ):
        if a is not None and b is not None:
            out.append((a, b))
    return out or [(c.start, c.end)]


def _free_region(
    doc: Document, sent: Sentence, spans: list[tuple[int, int]] | None
) -> tuple[int, int] | None:
    """The sentence, or its longest stretch outside every attributed span."""
    if not spans:
        return trim(doc.text, sent.start, sent.end)
    gaps, pos = [], sent.start
    for a, b in sorted(spans):
        if a > pos:
            gaps.append((pos, a))
        pos = max(pos, b)
    if pos < sent.end:
        gaps.append((pos, sent.end))
    best = max(gaps, key=lambda g: g[1] - g[0], default=None)
    if best is None or len(doc.text[best[0] : best[1]].split()) < MIN_FREE_WORDS:
        return None
    return trim(doc.text, *best)


def _narration(
    doc: Document,
    sent: Sentence,
    region: tuple[int, int],
    resources: Resources,
    dm: propositions.DocMentions,
) -> Claim | None:
    lang = sent.lang or doc.lang
    lex = propositions.lexicons(resources, lang)
    a, b = region
    hit = propositions.event_hit(doc.text, lex, a, b)
    modality = propositions.modality_of(doc.text, lex, a, b)
    if modality == "unknown":
        if _topics(resources, lang).first(doc.text, a, b) is None and hit is None:
            return None
    elif (
        hit is None
        or hit.key.upper() not in propositions.CONFLICT_EVENTS
        or not (
            propositions.quantity(a, b, dm)
            or propositions.places(a, b, dm)
            or propositions.time_of(a, b, dm)
        )
    ):
        return None
    if stances.markers(resources, lang).first(doc.text, a, b) is not None:
        return None  # "In Kiev wordt terughoudend gereageerd op het bericht …": about a claim
    claim = Claim(
        start=sent.start,
        end=sent.end,
        claimant=Claimant(name=doc.source or NEWSPAPER, source_type="media"),
        source_type="media",
        mode="narration",
        proposition=Proposition(),
        content_start=a,
        content_end=b,
        evidence=None,
        lang=lang,
        attributed_by="narration",
    )
    propositions.fill(doc, claim, resources, dm)
    # The quantity of the outlet's own clause, not of the quotation beside it.
    claim.proposition.quantity = propositions.quantity(a, b, dm)
    return claim
