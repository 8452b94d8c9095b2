"""The data model of DESIGN.md: one Document owns its text; everything else points into it.

Every annotation holds ``(start, end)`` character offsets into ``Document.text`` (the ORIGINAL
text as ingested, never a normalised copy), so ``doc.text[a.start:a.end]`` is its surface.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

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
class Sentence:
    start: int
    end: int
    lang: str | None = None


# Mention values: what a mention's words mean, one class per producer. Frozen because a value
# is shared, never edited: the gazetteer hands one reading's value to the NER mention of the same
# span. Their JSON form (the mentions table of the store) is made in records.py.


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number of ``quantities.v1``, as written with scale words applied ("1,5 miljoen" ->
    1500000; 35% -> 35). ``low``/``high`` bound it: both equal the value for an exact number,
    a range gives both, an approximator one or none ("more than 240": low 240; "about 130,000":
    neither), a vague plural its bounds ("tienduizenden": 20000-99999, value 20000)."""

    value: int | float
    low: int | float | None = None
    high: int | float | None = None
    approximate: bool = False
    unit: str | None = None  # the counted noun as written ("militairen")
    unit_span: tuple[int, int] | None = None  # its offsets
    unit_key: str | None = None  # its key in the [units] lexicon ("troops"), if it is there
    currency: str | None = None  # ISO 4217 code ("USD")
    percent: bool = False


@dataclass(frozen=True, slots=True)
class TimeInterval:
    """A date of ``dates.v1`` as an interval of ISO dates (None when the text does not fix it).

    ``relative``: resolved against the publication date, which is then ``anchor`` (as given).
    ``relation``: for a date relative to another event ("een dag nadat ..."), which one
    (day_after, week_before ...); its interval is null.
    """

    start: str | None
    end: str | None
    precision: str  # day, week, month, year, range or unknown
    relative: bool = False
    anchor: str | None = None
    relation: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place of ``gazetteer.v1``, or the country a country adjective or a people's
    name points at ("Russische", "Ukrainians": ``adjective``/``people`` set)."""

    name: str
    country: str | None = None  # ISO 3166-1 alpha-2
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    type: str | None = None  # country, admin1, city or region
    place_id: str | None = None  # the gazetteer's id
    geonameid: int | None = None
    ne_id: str | None = None  # Natural Earth id
    # Crimea and Sevastopol: ISO 3166-2 puts them in Ukraine, Russia controls them; both are
    # recorded, so that neither point of view is silently imposed.
    control: str | None = None
    iso_3166_2: str | None = None  # of a first-level region
    adjective: bool = False
    people: bool = False


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A conflict-profile entity a mention names (``Mention.entity_id`` holds its id)."""

    name: str
    country: str | None = None
    role: str | None = None  # party / third_party / observer / media in the document's conflict
    type: str | None = None  # the profile's entity type (person, government, country ...)
    title: str | None = None  # the title written before a person's name ("minister van ...")


MentionValue = Quantity | TimeInterval | Place | EntityRef


@dataclass(slots=True)
class Mention:
    start: int
    end: int
    kind: str
    text: str
    value: MentionValue | None = None
    entity_id: str | None = None
    source: str = ""  # which stage or gazetteer produced it

    @property
    def is_adjective(self) -> bool:
        """A country adjective ("Russische", "Ukrainian"), not a name."""
        return isinstance(self.value, Place) and self.value.adjective

    @property
    def name(self) -> str:
        """The canonical name of the place or entity named ("Kyiv" for "Kiev"), else the words
        as written."""
        v = self.value
        return v.name if isinstance(v, Place | EntityRef) and v.name else self.text

    @property
    def country(self) -> str | None:
        """The country of the place or entity named; None for numbers, dates and names the
        gazetteer does not know."""
        v = self.value
        return v.country if isinstance(v, Place | EntityRef) else None


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    role: str | None = None  # party / third_party / observer / media within a conflict profile
    names: dict[str, list[str]] = field(default_factory=dict)


# How far a link may be trusted, by how it was made: the share of right links of that kind among
# the 150 claims of held-out news read in benchmarks/data/claimant_sample*.tsv (2026-12-05:
# name 21 of 22, title 6 of 6, reference 6 of 8, pronoun 7 of 10), rounded down, since the
# counts are small; a capital for its government (metonym) was not in the samples and is trusted
# like a reference. An unresolved claimant has no link and no confidence.
LINK_CONFIDENCE = {"name": 0.95, "title": 0.95, "reference": 0.75, "metonym": 0.75, "pronoun": 0.7}


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
    # How the words were linked to ``entity_id`` (claimants.LINKS): "name", "title",
    # "reference" (an earlier mention the words point back to), "pronoun", "metonym" (a
    # capital for its government); None when unresolved.
    link: str | None = None


@dataclass(slots=True)
class Argument:
    name: str
    entity_id: str | None = None
    country: str | None = None
    start: int | None = None  # the words naming it in the text
    end: int | None = None


# The proposition's places, quantity and time: what the claim record keeps of a mention's value,
# with the words naming it (``surface``) and their offsets (``span``). Frozen because one value
# may be held twice: an observation's capture date is also its proposition's time.


@dataclass(frozen=True, slots=True)
class PlaceArg:
    name: str
    surface: str
    span: tuple[int, int]
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class QuantityArg:
    value: int | float
    surface: str
    span: tuple[int, int]
    low: int | float | None = None
    high: int | float | None = None
    unit: str | None = None
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class TimeArg:
    """A resolved date: ``start``/``end`` are ISO dates (the interval), ``span`` the offsets."""

    start: str
    end: str
    surface: str
    span: tuple[int, int]


@dataclass(slots=True)
class Proposition:
    event_type: str = "STATEMENT"
    event_mode: str | None = None
    actor: Argument | None = None
    target: Argument | None = None
    places: list[PlaceArg] = field(default_factory=list)
    quantity: QuantityArg | None = None
    time: TimeArg | None = None


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
    reasons: list[Reason] = field(default_factory=list)
    confidence: float | None = None
    # How the attribution was found, for the record only (JSONL "attributed_by"; no stage
    # reads it: they read ``cue_key`` and ``continues``): "cue" (a reporting verb or
    # according-to phrase in the sentence), "quote" (a later sentence of an attributed
    # quotation), "reportative" (a sentence without a cue whose mood still reports: "sei",
    # "aurait", "zou"), "observation" (imagery that shows something), "continued" (the next
    # sentence of the paragraph goes on describing what the imagery shows), "narration" (the
    # outlet's own words), "model" (the trained attribution model, stages/attribution_model.py).
    attributed_by: str = "cue"
    # The canonical key of the cue among the language's reporting verbs (cues.toml
    # [reporting_verbs]: "say", "state", …), set by attribution.v1 where it finds the cue and
    # kept by claims that share it; None without a cue, for a cue that is no reporting verb,
    # and for an observation's "show" word. A working annotation of the pipeline, like
    # ``continues``: the JSON record (whose contract is unchanged) does not carry it, so a claim
    # read back has None, and equality leaves it out.
    cue_key: str | None = field(default=None, compare=False)
    # The claim whose attribution this one continues, and how; None for a claim of its own.
    continues: ClaimLink | None = field(default=None, repr=False, compare=False)
    # When imagery was taken, for observations (a date interval and the words naming it).
    captured: TimeArg | None = None
    # Where the observation or document is named (its noun phrase), as offsets.
    evidence_start: int | None = None
    evidence_end: int | None = None
    # The document it belongs to, and its words: set when the claim gets its id, so that a claim
    # read back from the store is whole without its document.
    doc_id: str = ""
    doc_date: str | None = None
    text: str = ""


ATTRIBUTION_VIAS = (
    "cue",
    "quote",
    "reportative",
    "observation",
    "continued",
    "narration",
    "model",
)
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
    """Claims from any document and language about the same actor, kind of event, region and
    time (see assess/situations.py); ``start``/``end`` are ISO dates of its window."""

    id: str
    axis: str
    title: str
    actor: str | None = None  # ISO 3166-1 alpha-2 of who acts, if known
    area: list[str] = field(default_factory=list)  # ISO countries
    start: str = ""
    end: str = ""
    claims: int = 0
    updated_at: str | None = None


@dataclass(slots=True)
class Placement:
    """What the assessment keeps of a claim to place it in a situation again without reading
    the claim: its footprint under the ledger's policy (axis, direction, actor, area, window,
    source groups before echoes) and the situation it is in. Every assessment places the whole
    ledger from these, so two batches end in the same situations as one run."""

    id: str
    doc_id: str
    pos: int  # where the claim starts in its document: claims are clustered in text order
    axis: str | None
    direction: int
    speculative: bool
    narration: bool
    actor: str | None
    own_side: str | None
    area: frozenset[str]
    start: date
    end: date
    groups: frozenset[str]
    situation_id: str | None = None


@dataclass(frozen=True, slots=True)
class Cited:
    """Another claim named in a reason, as it stood when the verdict was made: its full id to
    link to, and what a reader needs to weigh it without opening it."""

    id: str
    claimant: str
    event_type: str
    source_type: str | None = None
    evidence: str | None = None
    modality: str | None = None
    time_start: str | None = None  # when the event or the capture was, if the text says
    time_end: str | None = None
    doc_date: str | None = None  # else when it was published


# What a reason says; assess/verdict.py makes them, claimscope/reasons.py renders them as text.
REASON_KINDS = (
    "summary",  # the status with the independent weight for and against, under a policy rule
    "not_checkable",  # no axis: not an event other claims can check
    "speculative",  # a future/hypothetical/conditional/unknown claim
    "contradicted_by_observation",
    "contradicted_by",
    "doubted_by",
    "denied_by",
    "seen_by",
    "supported_by",
    "backed_by",
    "own_side_also",  # also supported by its own side (independent support exists)
    "own_side_only",
    "quantity_disagrees",
    "no_other_source",
    "text",  # a reason known only as text (read back from a JSONL record)
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Reason:
    """One reason for a claim's status, as data: a web page links ``claims`` by id, the CLI
    renders it as a sentence. Only the fields of its kind are set."""

    kind: str
    claims: tuple[Cited, ...] = ()
    total: int = 0  # claims of this kind in all; those beyond ``claims`` are counted
    status: str | None = None  # summary
    favour: float | None = None  # summary: independent weight for / against
    against: float | None = None
    policy: str | None = None  # summary: the policy's name and its rule
    decide: float | None = None
    dominance: float | None = None
    modality: str | None = None  # speculative
    quantity: float | None = None  # quantity_disagrees: this claim's number, vs claims[0]'s
    other_quantity: float | None = None
    text: str | None = None  # kind "text"


@dataclass(slots=True)
class Assessment:
    """The verdict on one claim: its status, its situation and the reasons."""

    claim_id: str
    status: str
    situation_id: str | None = None
    reasons: list[Reason] = field(default_factory=list)


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
    profile: str | None = None  # the conflict profile the document is about (its entities' roles)
    # What ingest could read only in part ("not valid UTF-8 at 1 place ..."): the document is
    # stored, and whoever reads the run's report learns its text may be damaged.
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_hash(self.text)

    def span_text(self, start: int, end: int) -> str:
        return self.text[start:end]
