"""The stage registry and the vocabulary of what stages require and assign.

A stage is a plain function ``(doc, resources) -> None`` registered under a versioned name
(``attribution.v1``). It declares what it reads (``requires``) and what it writes (``assigns``)
in the words of :data:`ANNOTATIONS`, as spaCy's ``pipe_analysis`` does with ``Doc`` attributes;
:func:`register` rejects any other word. :class:`~claimscope.pipeline.Pipeline` checks the order
when it is built, and with ``check`` on, that each stage changed only what it assigns
(:mod:`claimscope.contract`).

This module imports no stage: the stages import it to register themselves, and
``claimscope.pipeline`` imports the stages, so no module imports one that imports it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .errors import PipelineError
from .model import Document
from .resources import Resources

StageFunc = Callable[[Document, Resources], None]


@dataclass(frozen=True, slots=True)
class Annotation:
    """One word of the vocabulary: what it means, and what a stage assigning it may change.

    ``changes`` names parts of a Document: ``doc.<field>``; ``mentions`` (add, drop or reorder
    mentions); ``mention.<field>`` and ``claim.<field>`` (a field of a mention or claim that
    was there before the stage: what a stage adds is its own); ``claims+`` (add claims, and
    sort the list they join); ``claims-`` (drop claims).
    """

    meaning: str
    changes: frozenset[str] = frozenset()


def _a(meaning: str, *changes: str) -> Annotation:
    return Annotation(meaning, frozenset(changes))


ANNOTATIONS: dict[str, Annotation] = {
    "text": _a("Document.text as ingested; every offset points into it", "doc.text"),
    "date": _a(
        "Document.date and date_precision: publication date as ingested",
        "doc.date",
        "doc.date_precision",
    ),
    "lang": _a("Document.lang: the document's language code", "doc.lang"),
    "sentences": _a("Document.sentences, each with its language", "doc.sentences"),
    "mentions.ner": _a("person/organization/place/misc mentions of the NER model", "mentions"),
    "mentions.gazetteer": _a(
        "place, country-adjective and profile-entity mentions of the gazetteer; the NER "
        "mentions its curated data overrules are dropped",
        "mentions",
    ),
    "entities": _a(
        "Mention.entity_id and value: mentions linked to profile entities and geocoded "
        "places (a linked NER 'misc' mention takes the kind the data knows); Document.profile, "
        "the conflict profile the document is about",
        "doc.profile",
        "mention.entity_id",
        "mention.value",
        "mention.kind",
    ),
    "mentions.quantities": _a("quantity mentions with their values", "mentions"),
    "mentions.dates": _a("date mentions with their intervals", "mentions"),
    "claims": _a(
        "attributed claims: span, claimant's words, mode, cue and cue_key, content, and the "
        "link of a claim that continues another's attribution (Claim.continues)",
        "claims+",
    ),
    "claims.observations": _a(
        "observations: claims of what imagery shows (new ones, and attributed claims that "
        "turn out to describe imagery: mode, evidence and its span, capture time)",
        "claims+",
        "claim.mode",
        "claim.evidence",
        "claim.evidence_start",
        "claim.evidence_end",
        "claim.captured",
    ),
    "claims.claimant": _a(
        "Claim.claimant resolved (name, entity, country, members, source type) and "
        "Claim.source_type",
        "claim.claimant",
        "claim.source_type",
    ),
    "claims.proposition": _a(
        "Claim.proposition, modality and evidence",
        "claim.proposition",
        "claim.modality",
        "claim.evidence",
    ),
    "claims.merged": _a(
        "later sentences of a quotation that assert nothing of their own merged into the "
        "claim before them: that claim's span grows, theirs are dropped, links re-pointed",
        "claims-",
        "claim.end",
        "claim.content_end",
        "claim.continues",
    ),
    "claims.narration": _a("claims of the outlet itself (mode narration)", "claims+"),
    "claims.ids": _a(
        "Claim.id: stable ids of every claim, with the document's id and date and the claim's "
        "words, so that a claim read back from the store is whole",
        "claim.id",
        "claim.doc_id",
        "claim.doc_date",
        "claim.text",
    ),
    "claims.stances": _a("Claim.stances: claims about other claims", "claim.stances"),
}
VOCABULARY: frozenset[str] = frozenset(ANNOTATIONS)

# What ingest gives every document before any stage runs.
INGESTED = frozenset({"text", "date"})


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    func: StageFunc
    requires: frozenset[str]
    assigns: frozenset[str]


_REGISTRY: dict[str, Stage] = {}


def _checked(name: str, what: str, keys: Iterable[str]) -> frozenset[str]:
    keys = frozenset(keys)
    unknown = sorted(keys - VOCABULARY)
    if unknown:
        raise PipelineError(
            f"stage {name!r} {what} {unknown}, not in the vocabulary of claimscope.registry "
            f"({', '.join(sorted(VOCABULARY))}); use one of these or add it to ANNOTATIONS"
        )
    return keys


def register(
    name: str, *, requires: Iterable[str] = (), assigns: Iterable[str] = ()
) -> Callable[[StageFunc], StageFunc]:
    """Decorator: register a stage function under a versioned name such as ``language.v1``."""
    if "." not in name or not name.rsplit(".", 1)[1].startswith("v"):
        raise PipelineError(f"stage name {name!r} must end in a version such as '.v1'")
    stage_requires = _checked(name, "requires", requires)
    stage_assigns = _checked(name, "assigns", assigns)

    def deco(func: StageFunc) -> StageFunc:
        if name in _REGISTRY and _REGISTRY[name].func is not func:
            raise PipelineError(f"stage {name!r} is registered twice")
        _REGISTRY[name] = Stage(name, func, stage_requires, stage_assigns)
        return func

    return deco


def registered_so_far() -> dict[str, Stage]:
    """The stages registered by the modules imported so far (``pipeline.registered`` imports
    them all)."""
    return dict(_REGISTRY)
