"""The data model of DESIGN.md: one Document owns its text; everything else points into it.

Every annotation holds ``(start, end)`` character offsets into ``Document.text`` (the ORIGINAL
text as ingested, never a normalised copy), so ``doc.text[a.start:a.end]`` is its surface.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal

SourceType = Literal["party", "third_party", "observer", "media", "unknown", "mixed"]
Mode = Literal["direct_quote", "indirect", "according_to", "observation", "narration"]
Modality = Literal["asserted", "negated", "future", "hypothetical", "conditional", "unknown"]
Status = Literal["corroborated", "contradicted", "contested", "unverified", "not_assessed"]
Precision = Literal["year", "month", "day", "timestamp"]

SOURCE_TYPES = ("party", "third_party", "observer", "media", "unknown", "mixed")
MODES = ("direct_quote", "indirect", "according_to", "observation", "narration")
MODALITIES = ("asserted", "negated", "future", "hypothetical", "conditional", "unknown")
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    "STATEMENT", "OTHER",
)  # fmt: skip
MENTION_KINDS = (
    "person", "organization", "place", "military_unit", "quantity", "date", "media", "misc",
)  # fmt: skip


def normalise_text(text: str) -> str:
    """The form documents are deduplicated on: NFC, whitespace runs collapsed, stripped.

    Case and punctuation are kept: two articles differing only in case are rare, and folding
    quotes would merge texts that quote differently.
    """
    # str.split() splits on exactly the characters regex \s matches, at a third of the cost.
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(text: str) -> str:
    """Document id: 16 hex digits of BLAKE2b over the normalised text (64 bits)."""
    return hashlib.blake2b(normalise_text(text).encode("utf-8"), digest_size=8).hexdigest()


@dataclass(slots=True)
class Span:
    """A character interval ``[start, end)`` of a document's text."""

    start: int
    end: int

    def text(self, doc: Document) -> str:
        return doc.text[self.start : self.end]


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    lang: str | None = None


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str
    text: str
    value: Any = None
    entity_id: str | None = None
    source: str = ""  # which stage or gazetteer produced it

    @property
    def is_adjective(self) -> bool:
        """A country adjective ("Russische", "Ukrainian"), not a name."""
        return isinstance(self.value, dict) and bool(self.value.get("adjective"))


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None  # party / third_party / observer / media within a conflict profile
    names: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class Claimant:
    name: str
    surface: str = ""
    start: int | None = None
    end: int | None = None
    entity_id: str | None = None
    country: str | None = None
    source_type: str = "unknown"
    members: list[Claimant] = field(default_factory=list)


@dataclass(slots=True)
class Argument:
    name: str
    entity_id: str | None = None
    country: str | None = None
    start: int | None = None  # the words naming it in the text
    end: int | None = None


@dataclass(slots=True)
class Proposition:
    event_type: str = "STATEMENT"
    event_mode: str | None = None
    actor: Argument | None = None
    target: Argument | None = None
    places: list[dict[str, Any]] = field(default_factory=list)
    quantity: dict[str, Any] | None = None
    time: dict[str, Any] | None = None


@dataclass(slots=True)
class Stance:
    toward: str  # id of the other claim
    relation: Literal["supports", "doubts", "denies", "contradicts"]


@dataclass(slots=True)
class Claim:
    """An attribution plus a proposition. ``start``/``end`` cover the claim's sentence(s)."""

    start: int
    end: int
    claimant: Claimant
    source_type: str
    mode: str
    proposition: Proposition = field(default_factory=Proposition)
    modality: str = "asserted"
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    content_start: int | None = None
    content_end: int | None = None
    evidence: str | None = "statement"
    lang: str | None = None
    id: str = ""
    stances: list[Stance] = field(default_factory=list)
    situation_id: str | None = None
    status: str = "not_assessed"
    reasons: list[str] = field(default_factory=list)
    confidence: float | None = None
    # How the attribution was found, for the record only (JSONL "attributed_by"; no stage
    # reads it: they read ``cue_key`` and ``continues``): "cue" (a reporting verb or
    # according-to phrase in the sentence), "quote" (a later sentence of an attributed
    # quotation), "reportative" (a sentence without a cue whose mood still reports: "sei",
    # "aurait", "zou"), "observation" (imagery that shows something), "continued" (the next
    # sentence of the paragraph goes on describing what the imagery shows), "narration" (the
    # outlet's own words).
    attributed_by: str = "cue"
    # The canonical key of the cue among the language's reporting verbs (cues.toml
    # [reporting_verbs]: "say", "state", …), set by attribution.v1 where it finds the cue and
    # kept by claims that share it; None without a cue, for a cue that is no reporting verb,
    # and for an observation's "show" word.
    cue_key: str | None = None
    # The claim whose attribution this one continues, and how; None for a claim of its own.
    continues: ClaimLink | None = field(default=None, repr=False, compare=False)
    # When imagery was taken, for observations: {"start", "end", "surface"} (a date interval).
    captured: dict[str, Any] | None = None
    # Where the observation or document is named (its noun phrase), as offsets.
    evidence_start: int | None = None
    evidence_end: int | None = None


ATTRIBUTION_VIAS = ("cue", "quote", "reportative", "observation", "continued", "narration")
LinkKind = Literal["quote", "reportative", "continued"]


@dataclass(frozen=True, slots=True, eq=False)
class ClaimLink:
    """A claim that continues another claim's attribution without a cue of its own: ``quote``
    (a later sentence of the parent's quotation), ``reportative`` (a sentence whose mood still
    reports, carrying the parent's claimant), ``continued`` (the next sentence goes on
    describing what the parent observation's imagery shows). Compared by identity: it points at
    one claim object of the same document."""

    kind: LinkKind
    parent: Claim = field(repr=False)


@dataclass(slots=True)
class Situation:
    id: str
    title: str
    claim_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Assessment:
    claim_id: str
    status: str
    reasons: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Document:
    """One article. ``id`` is the content hash of the normalised text."""

    text: str
    date: str | None = None  # as given: 2022, 2022-02, 2022-02-15 or an ISO timestamp
    date_precision: str | None = None
    lang: str | None = None
    title: str | None = None
    source: str | None = None  # publisher
    url: str | None = None
    origin: str | None = None  # file (and line/record) it came from
    id: str = ""
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    pipeline_version: str | None = None

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]
