"""``claimants.v1``: resolve each claim's claimant to profile entities and a source type.

The attribution stage finds the claimant's words; this stage reads the entity mentions inside
them (from the gazetteer, which links NER mentions too) and sets the canonical English name,
entity id, country and the source type the conflict profile gives the entity:

- a spokesperson's phrase resolves to the organisation it names ("een woordvoerder van het
  ministerie van Defensie" → the ministry); the surface keeps the original words;
- joint claimants ("Amerikaanse inlichtingendiensten en Oekraïne") become members, each with its
  own source type; the claim is ``mixed`` when they differ;
- a bare definite description ("het ministerie", "the ministry") and a pronoun resolve to the
  latest earlier entity mention whose words contain the description's head noun, or whose
  surface the attribution stage named.

A claimant without any entity keeps its surface and source type ``unknown``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable

from ..lang.loader import SpeakerWords, fold
from ..model import Claim, Claimant, Document, EntityRef, Mention
from ..profiles import ProfileSet
from ..registry import register
from ..resources import Resources
from .mentions.gazetteer import profile_set
from .wordlists import stem_matches

ENTITY_KINDS = ("person", "organization", "military_unit", "place")
# Kinds of source noun (lang/<code>/sources.toml) that type a claimant whatever country an
# adjective gives it: "russische Medien" are media, "een Oekraïense vrouw" is no party.
TYPED_KINDS = ("media", "observer", "unknown", "person", "third_party")
# The source type a kind of noun gives by itself (official depends on a country).
_KIND_ROLE = {
    "media": "media",
    "observer": "observer",
    "unknown": "unknown",
    "person": "unknown",
    "third_party": "third_party",
}
# Person and group kinds a pronoun may point back to.
GROUP_KINDS = ("organization", "military_unit", "place")
# Sentences back (besides the pronoun's own) where a pronoun's antecedent is looked for.
PRONOUN_SENTENCES = 2
# Characters before a person's name searched for a title said of them.
TITLE_WINDOW = 60
# A compound ends in a source noun when the noun is followed by at most this many letters of
# inflection ("Außenministeriumssprecher", "Ermittlungskreisen" -> "ermittlungskreise").
MAX_COMPOUND_ENDING = 3
MIN_COMPOUND_STEM = 5
# Separators between two members of a joint claimant, beside the language's conjunctions.
_JOINT_PUNCT = (",", "&", "/")


def _noun_kinds(resources: Resources, lang: str | None) -> dict[str, tuple[str, ...]]:
    return resources.lang(lang).source_nouns or {}


# Kinds of word forms already looked up, per source-noun table (the table is kept to check
# that an id was not reused); a document repeats its words.
_KINDS: dict[int, tuple[dict[str, tuple[str, ...]], dict[str, str | None]]] = {}
MAX_KINDS = 100_000


def _word_kind(word: str, nouns: dict[str, tuple[str, ...]]) -> str | None:
    entry = _KINDS.get(id(nouns))
    if entry is None or entry[0] is not nouns:
        entry = _KINDS[id(nouns)] = (nouns, {})
    known = entry[1]
    if word in known:
        return known[word]
    if len(known) >= MAX_KINDS:
        known.clear()
    kind = known[word] = _lookup_kind(word, nouns)
    return kind


def _lookup_kind(word: str, nouns: dict[str, tuple[str, ...]]) -> str | None:
    for kind, stems in nouns.items():
        if stem_matches(word, stems):
            return kind
    for kind, stems in nouns.items():
        for stem in stems:
            if len(stem) < MIN_COMPOUND_STEM:
                continue
            at = word.rfind(stem)
            if at > 0 and len(word) - at - len(stem) <= MAX_COMPOUND_ENDING:
                return kind
    return None


def noun_kind(phrase: str, nouns: dict[str, tuple[str, ...]]) -> str | None:
    """The kind of source the phrase's nouns name (sources.toml): its last word with a kind,
    which is the head in "de Russische staatsmedia" and the compound's head in German; a
    multi-word stem ("media reports") is tried on the whole phrase first."""
    low = fold(phrase)
    for kind, stems in nouns.items():
        if any(" " in s and s in low for s in stems):
            return kind
    words = [w for w in low.replace("-", " ").split() if w.isalpha() or "'" in w]
    for word in reversed(words):
        found = _word_kind(word, nouns)
        if found is not None:
            return found
    return None


def _reflexive(surface: str, reflexives: frozenset[str]) -> bool:
    return bool(surface) and fold(surface) in reflexives


def _subject(ents: _Entities, claim: Claim) -> Mention | None:
    """The first entity of the claim's sentence before its claimant: who "own" refers to in
    "Russland erwartet … eigenen Angaben zufolge …"."""
    stop = claim.claimant.start if claim.claimant.start is not None else claim.end
    k = bisect_left(ents, claim.start, key=_start)  # ents are in order of start
    if k < len(ents) and ents[k].start < stop:
        return ents[k]
    return None


def _elided_members(
    doc: Document,
    inside: list[Mention],
    tops: list[Mention],
    profiles: ProfileSet,
    conjunctions: frozenset[str],
) -> list[Claimant]:
    """Members of a coordinated ellipsis: "US and British intelligence" is the US
    intelligence community and British intelligence, each the same kind of organ (its
    ``generic`` key in the profile) of the country its adjective names."""
    head = tops[0] if len(tops) == 1 else None
    if head is None or not head.entity_id:
        return []
    rec = profiles.records.get(head.entity_id)
    if rec is None or not rec.generic:
        return []
    members = []
    for adj in inside:
        if not adj.is_adjective or adj.end > head.start or adj.start >= head.start:
            continue
        if doc.text[adj.end : head.start].strip().lower() not in conjunctions:
            continue
        country = adj.country
        ids = [i for key in rec.generic for i in profiles.with_generic(key, country)]
        if ids:
            ent = profiles.entity(ids[0])
            members.append(
                Claimant(
                    name=ent.name,
                    surface=adj.text,
                    start=adj.start,
                    end=adj.end,
                    entity_id=ent.id,
                    country=ent.country,
                    source_type=profiles.source_type_of(ent.id),
                )
            )
    return [*members, _member(head, profiles)] if members else []


def _head_entity(tops: list[Mention]) -> Mention:
    """The entity a speaker phrase names: a person when there is one — the first, since the
    subject comes before an object in a verb-final clause ("nadat minister Sergej Lavrov
    president Vladimir Poetin vroeg") and a title's name is its person ("de woordvoerder van
    het ministerie, Igor Konasjenkov") — else the widest organisation ("een woordvoerder van
    het ministerie van Defensie" is the ministry), a place last."""
    persons = [m for m in tops if m.kind == "person"]
    if persons:
        return persons[0]
    return max(tops, key=lambda m: (m.kind != "place", m.end - m.start))


def _set_members(c: Claimant, members: list[Claimant], rename: bool = True) -> None:
    """A joint claimant: its members, and ``mixed`` when their source types differ."""
    c.members = members
    kinds = {m.source_type for m in members}
    c.source_type = kinds.pop() if len(kinds) == 1 else "mixed"
    if rename:
        c.name = " and ".join(m.name for m in members)


def _adjective_only(tops: list[Mention]) -> bool:
    return all(m.is_adjective for m in tops)


def _last_claimant_entity(ents: _Entities, claim: Claim, claims: list[Claim]) -> Mention | None:
    """For a bare official noun ("het departement", "the official"): the organisation behind
    the latest earlier claim, else the latest organisation named before it in the document
    (the last one, whether or not in the claim's own sentence)."""
    before = claim.claimant.start or claim.start
    first_org = ents.first_org()
    for other in reversed(claims):
        o = other.claimant
        if other is claim or o.start is None or o.start >= before or not o.entity_id:
            continue
        found = first_org.get(o.entity_id)
        if found is not None:
            return found
    for k in range(ents.before(before) - 1, -1, -1):  # none after can end by ``before``
        m = ents[k]
        if m.kind == "organization" and m.end <= before:
            return m
    return None


def _type_by_noun(c: Claimant, kind: str, tops: list[Mention], profiles: ProfileSet) -> None:
    """A claimant named by a common noun: media, observer and unknown are typed by the noun;
    an official by the country an adjective gives it ("ukrainische Ermittler"), else unknown."""
    with_country = next((m for m in tops if m.country), None)
    if with_country is not None:
        c.country = with_country.country
    if kind in _KIND_ROLE and kind != "person":
        c.source_type = _KIND_ROLE[kind]
    elif kind == "official" and with_country is not None:
        c.source_type = _role(with_country, profiles)
    else:
        c.source_type = "unknown"


def _role(m: Mention, profiles: ProfileSet) -> str:
    role = m.value.role if isinstance(m.value, EntityRef) else None
    return role or profiles.source_type_of(m.entity_id)


def _member(m: Mention, profiles: ProfileSet) -> Claimant:
    return Claimant(
        name=m.name,
        surface=m.text,
        start=m.start,
        end=m.end,
        entity_id=m.entity_id,
        country=m.country,
        source_type=_role(m, profiles),
    )


def _top_level(inside: list[Mention]) -> list[Mention]:
    """Entity mentions not nested in a larger one; country adjectives only when alone."""
    tops = [
        m
        for m in inside
        if not any(
            o is not m
            and o.start <= m.start
            and m.end <= o.end
            and (o.end - o.start) > (m.end - m.start)
            for o in inside
        )
    ]
    full = [m for m in tops if not m.is_adjective]
    return full or tops


def _joined(doc: Document, a: Mention, b: Mention, conjunctions: frozenset[str]) -> bool:
    between = doc.text[a.end : b.start].strip().lower()
    return between in conjunctions or between in _JOINT_PUNCT


def _fill(claimant: Claimant, m: Mention, profiles: ProfileSet) -> None:
    member = _member(m, profiles)
    claimant.name = member.name
    claimant.entity_id = member.entity_id
    claimant.country = member.country
    claimant.source_type = member.source_type


def _head_word(surface: str, determiners: frozenset[str]) -> str | None:
    words = [w for w in surface.lower().split() if w not in determiners]
    return words[-1] if len(words) == 1 else None


def _antecedent(
    doc: Document, ents: _Entities, claim: Claim, determiners: frozenset[str]
) -> Mention | None:
    """The latest entity mention before the claimant that its words point back to: a title
    said before of a named person ("the foreign secretary" after "The UK foreign secretary,
    Liz Truss"), or an organisation whose name holds the description's head noun ("het
    ministerie" after "het ministerie van Defensie")."""
    claimant = claim.claimant
    bound = claimant.start or claim.start
    words = [w for w in fold(claimant.surface).split() if w not in determiners]
    if words:
        found = ents.latest(ents.titled(doc), words, bound)
        if found is not None:
            return found
    head = _head_word(claimant.surface, determiners)
    if head is None:
        return None
    return ents.latest(ents.named(), [head], bound)


class _Entities(list[Mention]):
    """A document's entity mentions sorted by (start, -end), with word indexes built on first
    use: which person mentions a title word stands before, which organisation names hold a
    word. Looking back through every earlier mention for each claim made a 1 MB article
    take minutes (claims and mentions both grow with the text)."""

    def __init__(self, mentions: list[Mention]) -> None:
        super().__init__(mentions)
        self._titled: _WordIndex | None = None
        self._named: _WordIndex | None = None
        self._first_org: dict[str, Mention] | None = None
        self._by_entity: tuple[dict[str, str], dict[str, Mention]] | None = None

    def titled(self, doc: Document) -> _WordIndex:
        if self._titled is None:
            self._titled = _WordIndex(
                (i, _title_words(doc, m)) for i, m in enumerate(self) if m.kind == "person"
            )
        return self._titled

    def named(self) -> _WordIndex:
        if self._named is None:
            self._named = _WordIndex(
                (i, set(m.text.lower().split()))
                for i, m in enumerate(self)
                if m.kind in ("organization", "military_unit")
            )
        return self._named

    def first_org(self) -> dict[str, Mention]:
        """Entity id -> its first organisation or military-unit mention."""
        if self._first_org is None:
            self._first_org = {}
            for m in self:
                if m.entity_id and m.kind in ("organization", "military_unit"):
                    self._first_org.setdefault(m.entity_id, m)
        return self._first_org

    def by_entity(self) -> tuple[dict[str, str], dict[str, Mention]]:
        """Entity id -> the kind of its last mention, and -> its first mention."""
        if self._by_entity is None:
            kinds = {m.entity_id: m.kind for m in self if m.entity_id}
            first: dict[str, Mention] = {}
            for m in self:
                if m.entity_id:
                    first.setdefault(m.entity_id, m)
            self._by_entity = (kinds, first)
        return self._by_entity

    def before(self, bound: int) -> int:
        """How many mentions start at or before ``bound`` (none after can end before it)."""
        return bisect_right(self, bound, key=_start)

    def latest(self, index: _WordIndex, words: list[str], bound: int) -> Mention | None:
        """The last mention (in order) ending by ``bound`` whose words hold all of ``words``."""
        postings: list[list[int]] = []
        for w in words:
            found = index.postings.get(w)
            if found is None:  # no mention holds this word
                return None
            postings.append(found)
        rarest = min(postings, key=len)
        for k in range(bisect_left(rarest, self.before(bound)) - 1, -1, -1):
            i = rarest[k]
            m = self[i]
            if m.end <= bound and all(w in index.words[i] for w in words):
                return m
        return None


class _WordIndex:
    """Mention index -> its words, and word -> the mention indexes holding it, ascending."""

    def __init__(self, items: Iterable[tuple[int, set[str]]]) -> None:
        self.words: dict[int, set[str]] = {}
        self.postings: dict[str, list[int]] = {}
        for i, words in items:
            self.words[i] = words
            for w in words:
                self.postings.setdefault(w, []).append(i)


def _start(m: Mention) -> int:
    return m.start


def _title_words(doc: Document, person: Mention) -> set[str]:
    """The words just before the person's name, where a title stands: "The UK foreign
    secretary, Liz Truss" or "Außenministeriumssprecher Heorhij Tychyj"."""
    before = fold(doc.text[max(0, person.start - TITLE_WINDOW) : person.start])
    return set(before.replace(",", " ").split())


def _pronoun_antecedent(
    doc: Document, ents: _Entities, claim: Claim, words: SpeakerWords, near: _Near
) -> Mention | None:
    """Who a pronoun speaker is: the speaker of a claim in the last sentences, else the
    subject (first mention) of the sentence before, else the latest mention — a person for
    "he"/"hij"/"он", a group (organisation, state, unit) for "they"/"они"/"it", either for
    Dutch "ze" or German "sie"."""
    low = fold(claim.claimant.surface)
    fits: tuple[str, ...]
    if low in words.plural_pronouns or low in words.group_pronouns:
        fits = GROUP_KINDS
    elif low in words.singular_pronouns:
        fits = ("person",)
    else:
        fits = ("person", *GROUP_KINDS)
    start = claim.claimant.start if claim.claimant.start is not None else claim.start
    k = near.sentence(start)
    window = doc.sentences[max(0, k - PRONOUN_SENTENCES)].start
    kind_of, first = ents.by_entity()
    for other in near.claims_between(window, claim.start):  # latest in doc.claims first
        o = other.claimant
        if o.entity_id and kind_of.get(o.entity_id) in fits:
            return first[o.entity_id]
    if k > 0:
        prev = doc.sentences[k - 1]
        for i in range(bisect_left(ents, prev.start, key=_start), len(ents)):
            m = ents[i]
            if m.start >= prev.end:
                break
            if m.kind in fits and not m.is_adjective:
                return m
    for i in range(ents.before(start) - 1, -1, -1):  # none after can end by ``start``
        m = ents[i]
        if m.start < window:
            break
        if m.end <= start and m.kind in fits and not m.is_adjective:
            return m
    return None


class _Near:
    """Which sentence an offset is in, and the claims starting in a stretch of text, found by
    bisection: a pronoun looked through every sentence and every claim of the document."""

    def __init__(self, doc: Document) -> None:
        self.sentences = doc.sentences
        self.starts = [s.start for s in doc.sentences]
        order = sorted(range(len(doc.claims)), key=lambda i: doc.claims[i].start)
        self.claim_starts = [doc.claims[i].start for i in order]
        self.claim_order = order
        self.claims = doc.claims

    def sentence(self, at: int) -> int:
        """Index of the sentence holding offset ``at``, 0 when none does."""
        k = bisect_right(self.starts, at) - 1
        return k if k >= 0 and at < self.sentences[k].end else 0

    def claims_between(self, low: int, high: int) -> list[Claim]:
        """The claims starting at or after ``low`` and before ``high``, latest in the
        document's list of claims first."""
        a, b = bisect_left(self.claim_starts, low), bisect_left(self.claim_starts, high)
        return [self.claims[i] for i in sorted(self.claim_order[a:b], reverse=True)]


def _noun_members(
    doc: Document, c: Claimant, nouns: dict[str, tuple[str, ...]], conjunctions: frozenset[str]
) -> list[Claimant]:
    """Joint claimants named by common nouns ("NGOs und Medienberichten", "reporters and
    independent monitors"): one member per conjoined part that names a kind of source."""
    if c.start is None or c.end is None:
        return []
    surface = doc.text[c.start : c.end]
    parts = [
        p
        for p in re.split(
            r"\s+(?:" + "|".join(map(re.escape, conjunctions)) + r")\s+|,\s*", surface
        )
        if p
    ]
    if len(parts) < 2:
        return []
    members = []
    for part in parts:
        kind = noun_kind(part, nouns)
        if kind not in TYPED_KINDS:
            return []
        members.append(Claimant(name=part, surface=part, source_type=_KIND_ROLE[kind]))
    return members


@register(
    "claimants.v1",
    # Observations' providers are resolved like any speaker, so they must exist by now.
    requires=["text", "lang", "sentences", "claims", "claims.observations", "entities"],
    assigns=["claims.claimant"],
)
def resolve_claimants(doc: Document, resources: Resources) -> None:
    if not doc.claims:
        return
    profiles = profile_set(resources)
    words = resources.lang(doc.lang).speaker
    ents = _Entities(
        sorted(
            (m for m in doc.mentions if m.entity_id and m.kind in ENTITY_KINDS),
            key=lambda m: (m.start, -m.end),
        )
    )
    nouns = _noun_kinds(resources, doc.lang)
    near = _Near(doc)
    for claim in doc.claims:
        c = claim.claimant
        if c.start is None or c.end is None:
            continue
        first = bisect_left(ents, c.start, key=_start)
        inside = [m for m in ents[first : ents.before(c.end)] if m.end <= c.end]
        tops = _top_level(inside)
        kind = noun_kind(doc.text[c.start : c.end], nouns)
        if _reflexive(c.surface, words.reflexives):
            subject = _subject(ents, claim)
            if subject is not None:
                # "Russland erwartet … eigenen Angaben zufolge": Russland speaks; its words
                # are the claimant's words.
                _fill(c, subject, profiles)
                c.start, c.end, c.surface = subject.start, subject.end, subject.text
                claim.source_type = c.source_type
                continue
        elided = _elided_members(doc, inside, tops, profiles, words.conjunctions)
        if elided:  # "US and British intelligence"
            _set_members(c, elided)
        elif len(tops) >= 2 and all(
            _joined(doc, a, b, words.conjunctions) for a, b in zip(tops, tops[1:], strict=False)
        ):
            _set_members(c, [_member(m, profiles) for m in tops])
        elif tops and not (_adjective_only(tops) and kind in TYPED_KINDS):
            _fill(c, _head_entity(tops), profiles)
        else:
            pronoun = fold(c.surface) in words.pronouns
            if pronoun:
                found = _pronoun_antecedent(doc, ents, claim, words, near)
            else:
                found = _antecedent(doc, ents, claim, words.determiners)
            if found is None and kind == "official":
                found = _last_claimant_entity(ents, claim, doc.claims)
            members = [] if found is not None else _noun_members(doc, c, nouns, words.conjunctions)
            if found is not None:
                _fill(c, found, profiles)
            elif members:
                _set_members(c, members, rename=False)
            elif kind is not None:
                _type_by_noun(c, kind, tops, profiles)
            elif pronoun and c.name != c.surface:
                bound = c.start or 0
                for k in range(ents.before(bound) - 1, -1, -1):  # the latest that names it
                    if ents[k].end <= bound and c.name in ents[k].text:
                        _fill(c, ents[k], profiles)
                        break
        claim.source_type = c.source_type
