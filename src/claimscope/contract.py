"""The stage contract, enforced: a stage changes only what it assigns.

:class:`~claimscope.pipeline.Pipeline` with ``check`` on takes a :class:`Snapshot` of the
Document before each stage and asks it afterwards what changed that the stage's ``assigns`` do
not allow (``registry.ANNOTATIONS[key].changes``). Objects a stage adds are its own; only what
was there before it ran is compared, field by field. The cost is a copy of the annotations per
stage, so the check is for tests and development, off by default.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import fields
from typing import Any

from .errors import PipelineError
from .model import Claim, Document, Mention
from .registry import ANNOTATIONS, Stage

_DOC_FIELDS = tuple(f.name for f in fields(Document) if f.name not in ("mentions", "claims"))
_MENTION_FIELDS = tuple(f.name for f in fields(Mention))
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


def allowed(assigns: Iterable[str]) -> frozenset[str]:
    """The parts of a Document a stage with these ``assigns`` may change."""
    return frozenset().union(*(ANNOTATIONS[key].changes for key in assigns))


def _claim_field(claim: Claim, name: str) -> Any:
    value = getattr(claim, name)
    if name == "continues":
        # The link points at another claim: compare what it points at, not a copy of it.
        return None if value is None else (value.kind, id(value.parent))
    return copy.deepcopy(value)


def _where_mention(m: Mention) -> str:
    return f"mention {m.text!r} at {m.start}-{m.end}"


def _where_claim(doc: Document, c: Claim) -> str:
    return f"claim at {c.start}-{c.end} {doc.text[c.start : c.end][:40]!r}"


def _order_changed(before: list[Any], after: list[Any]) -> bool:
    kept = {id(x) for x in after}
    common_before = [id(x) for x in before if id(x) in kept]
    seen = {id(x) for x in before}
    common_after = [id(x) for x in after if id(x) in seen]
    return common_before != common_after


class Snapshot:
    """What a Document held before a stage ran (annotations copied, objects by identity)."""

    def __init__(self, doc: Document) -> None:
        self.doc = {name: copy.deepcopy(getattr(doc, name)) for name in _DOC_FIELDS}
        self.mentions = list(doc.mentions)
        self.mention_fields = [
            tuple(copy.deepcopy(getattr(m, name)) for name in _MENTION_FIELDS)
            for m in self.mentions
        ]
        self.claims = list(doc.claims)
        self.claim_fields = [
            tuple(_claim_field(c, name) for name in _CLAIM_FIELDS) for c in self.claims
        ]

    def changes(self, doc: Document) -> list[tuple[str, str]]:
        """What changed since the snapshot, as (part, where) pairs: ``doc.lang``,
        ``mentions``, ``mention.kind``, ``claims+``, ``claims-``, ``claim.proposition`` …"""
        out: list[tuple[str, str]] = []
        for name in _DOC_FIELDS:
            if getattr(doc, name) != self.doc[name]:
                out.append((f"doc.{name}", "the document"))
        now = {id(m) for m in doc.mentions}
        before = {id(m) for m in self.mentions}
        gone = [m for m in self.mentions if id(m) not in now]
        new = [m for m in doc.mentions if id(m) not in before]
        if gone or new or _order_changed(self.mentions, doc.mentions):
            first = (gone or new or doc.mentions)[0]
            out.append(("mentions", _where_mention(first)))
        for m, old in zip(self.mentions, self.mention_fields, strict=True):
            if id(m) in now:
                for name, value in zip(_MENTION_FIELDS, old, strict=True):
                    if getattr(m, name) != value:
                        out.append((f"mention.{name}", _where_mention(m)))
        now = {id(c) for c in doc.claims}
        before = {id(c) for c in self.claims}
        added = [c for c in doc.claims if id(c) not in before]
        if added or _order_changed(self.claims, doc.claims):
            out.append(("claims+", _where_claim(doc, (added or doc.claims)[0])))
        dropped = [c for c in self.claims if id(c) not in now]
        if dropped:
            out.append(("claims-", _where_claim(doc, dropped[0])))
        for c, old in zip(self.claims, self.claim_fields, strict=True):
            if id(c) in now:
                for name, value in zip(_CLAIM_FIELDS, old, strict=True):
                    if _claim_field(c, name) != value:
                        out.append((f"claim.{name}", _where_claim(doc, c)))
        return out

    def verify(self, doc: Document, stage: Stage) -> None:
        """Raise PipelineError when ``stage`` changed what its ``assigns`` do not allow, or
        left a claim linked to a claim that is no longer in the document."""
        may = allowed(stage.assigns)
        for part, where in self.changes(doc):
            if part not in may:
                raise PipelineError(
                    f"stage {stage.name!r} changed {part} ({where}) but assigns only "
                    f"{sorted(stage.assigns)}; assign a key that allows it "
                    f"(claimscope.registry.ANNOTATIONS) or leave it alone"
                )
        present = {id(c) for c in doc.claims}
        for c in doc.claims:
            if c.continues is not None and id(c.continues.parent) not in present:
                raise PipelineError(
                    f"stage {stage.name!r} left the {_where_claim(doc, c)} continuing a claim "
                    f"that is no longer in the document; point its link at the claim that "
                    f"replaced it"
                )
