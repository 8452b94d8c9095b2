"""A document in the terminal: claimants, cues, claim content, evidence and the proposition's
arguments (actor, target, places, quantity, time) in colour, over the mentions.

Every highlight is an offset span of the stored document, so what is coloured is exactly what
the claim record points at. rich's :class:`~rich.text.Text` interprets no markup in the article
text, but it drops carriage returns and passes escape sequences through: the text is first made
safe by :func:`claimscope.terminal.safe`, which replaces each control character by one visible
character, so every offset still points at the same character.
"""

from __future__ import annotations

from rich.text import Text

from .model import Claim, Document
from .terminal import safe

STYLES = {
    "content": "on grey23",
    "cue": "bold magenta",
    "claimant": "bold cyan",
    "argument": "bold yellow underline",
    "evidence": "bold blue",
    "mention": "green",
}


def legend() -> Text:
    out = Text("legend: ")
    for name, style in STYLES.items():
        out.append(name, style=style).append("  ")
    return out


def argument_spans(claim: Claim) -> list[tuple[int, int]]:
    """Offsets of the proposition's arguments in the text."""
    p = claim.proposition
    spans = []
    for arg in (p.actor, p.target):
        if arg is not None and arg.start is not None and arg.end is not None:
            spans.append((arg.start, arg.end))
    for item in [*p.places, p.quantity, p.time]:
        if item is not None:
            spans.append(item.span)
    return spans


def render_document(doc: Document) -> Text:
    """The document's text with its claims and mentions in colour (later layers on top)."""
    text = Text(safe(doc.text, newlines=True))
    for m in doc.mentions:
        text.stylize(STYLES["mention"], m.start, m.end)
    for c in doc.claims:
        cs, ce = (
            (c.content_start, c.content_end) if c.content_start is not None else (c.start, c.end)
        )
        text.stylize(STYLES["content"], cs, ce)
        for a, b in argument_spans(c):
            text.stylize(STYLES["argument"], a, b)
        if c.evidence_start is not None and c.evidence_end is not None:
            text.stylize(STYLES["evidence"], c.evidence_start, c.evidence_end)
        if c.cue_start is not None and c.cue_end is not None:
            text.stylize(STYLES["cue"], c.cue_start, c.cue_end)
        if c.claimant.start is not None and c.claimant.end is not None:
            text.stylize(STYLES["claimant"], c.claimant.start, c.claimant.end)
    return text
