"""``claims.v1``: the proposition of each attributed claim and observation.

Event type, actor and target, places, quantity, time, modality and evidence are read by
:mod:`claimscope.stages.propositions` from the claim's content span, with the language's
trigger and marker lists: every PLOVER category whose trigger stem starts a word of the content
competes and the category ranked first in the data's ``order`` wins (a denied invasion is coded
as the invasion, with modality ``negated``); a reporting verb that is the act itself ("called
for", "accused", data: ``[speech_acts]``) decides first; no trigger leaves a ``STATEMENT``.
"""

from __future__ import annotations

from ..model import Claim, ClaimLink, Document
from ..registry import register
from ..resources import Resources
from . import propositions


@register(
    "claims.v1",
    requires=[
        "text",
        "lang",
        "claims",
        "claims.observations",
        "claims.claimant",
        "mentions.quantities",
        "mentions.dates",
        "mentions.gazetteer",
        "entities",
    ],
    assigns=["claims.proposition", "claims.merged"],
)
def propose(doc: Document, resources: Resources) -> None:
    if not doc.claims:
        return
    dm = propositions.DocMentions.of(doc)
    for claim in doc.claims:
        propositions.fill(doc, claim, resources, dm)
    _merge_quote_sentences(doc)


def _question(doc: Document, claim: Claim) -> bool:
    """A question asserts nothing ("Як вона змогла це зробити?")."""
    return doc.text[claim.start : claim.end].rstrip(" \t\n\"'”»“«’").endswith("?")


def _merge_quote_sentences(doc: Document) -> None:
    """A later sentence of an attributed quotation that asserts no event and no number of its
    own ("This is the nature of the evil."), or that asks a question, is part of the claim
    before it, not a claim of its own: that claim's span and content grow to cover it, and
    links to the dropped claim point to the claim it joined (``claims.merged``). Sentences
    with an event keep their own claim, so that each proposition stays checkable on its own."""
    kept: list[Claim] = []
    joined: dict[int, Claim] = {}  # id of a dropped claim -> the claim it joined
    for claim in doc.claims:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and claim.continues is not None
            and claim.continues.kind == "quote"
            and (
                (claim.proposition.event_type == "STATEMENT" and claim.proposition.quantity is None)
                or _question(doc, claim)
            )
            and prev.claimant.start == claim.claimant.start
            and prev.mode == claim.mode
            and prev.end <= claim.start
        ):
            prev.end = claim.end
            if claim.content_end is not None:
                prev.content_end = claim.content_end
            joined[id(claim)] = prev
            continue
        kept.append(claim)
    if not joined:
        return
    for claim in kept:
        link = claim.continues
        if link is not None and id(link.parent) in joined:
            claim.continues = ClaimLink(link.kind, joined[id(link.parent)])
    doc.claims[:] = kept
