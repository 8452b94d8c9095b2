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
from ..model import Claim, Claimant, Document, EntityRef, Mention, Place
from ..profiles import ProfileSet
from ..registry import register
from ..resources import Resources
from . import propositions
from .mentions.gazetteer import gazetteer, profile_set
from .speakers import names_someone, trimmed_span
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
# Profile entity types a bare official noun ("the ministry", "het kabinet", "the spokesman")
# may point back to; an army noun ("het leger", "die Armee") points back only to armed forces.
STATE_TYPES = frozenset({"government", "country"})
MILITARY_TYPES = frozenset({"military_unit"})
# Event categories whose trigger ending a claimant's words makes them an event, not a speaker
# ("the shelling", "a drone strike", "die Angriffe"); speech and diplomacy words are also
# people ("Clinton supporters", "those involved in the negotiations").
EVENT_NOUN_KINDS = frozenset({"assault", "coerce", "mobilize", "retreat", "sanction"})
# The name of a claimant whose words name no one (the claim stays, its speaker unnamed).
UNNAMED = "unknown"
# Mentions of the NER model that name someone (when no profile entity is linked to them).
NAME_KINDS = ("person", "organization")
# Words of a class description ("the human rights group"): determiner, modifiers, head noun.
MAX_CLASS_WORDS = 4
# Words before a name that may still open its sentence as the subject ("Ukraine's nuclear
# operator Energoatom").
SUBJECT_WORDS = 4
# Sentences back (besides its own) where a bare official noun looks for its organ.
ORGAN_SENTENCES = 3
# Source-noun kinds that name one person by their role ("de PVV-leider", "the minister").
ROLE_KINDS = ("official", "observer", "media", "person")
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


def _head_entity(text: str, tops: list[Mention], possessives: tuple[str, ...]) -> Mention:
    """The entity a speaker phrase names: a person when there is one — the first, since the
    subject comes before an object in a verb-final clause ("nadat minister Sergej Lavrov
    president Vladimir Poetin vroeg") and a title's name is its person ("de woordvoerder van
    het ministerie, Igor Konasjenkov") — else the widest organisation ("een woordvoerder van
    het ministerie van Defensie" is the ministry), a place last."""
    persons = [m for m in tops if m.kind == "person"]
    if len(persons) >= 2 and text.startswith(possessives, persons[0].end):
        return persons[1]  # "President Vladimir Putin's spokesman Dmitry Peskov" is Peskov
    if persons:
        return persons[0]
    return max(tops, key=lambda m: (m.kind != "place", m.end - m.start))


def _set_members(c: Claimant, members: list[Claimant], rename: bool = True) -> None:
    """A joint claimant: its members, and ``mixed`` when their source types differ."""
    c.members = members
    c.link = "name" if rename else None
    kinds = {m.source_type for m in members}
    c.source_type = kinds.pop() if len(kinds) == 1 else "mixed"
    if rename:
        c.name = " and ".join(m.name for m in members)


def _adjective_only(tops: list[Mention]) -> bool:
    return all(m.is_adjective for m in tops)


def _bare(surface: str, words: SpeakerWords, nouns: dict[str, tuple[str, ...]]) -> str | None:
    """ "definite" or "indefinite" for a description made of common words only ("het
    departement", "the two officials", "der Sprecher", "a senior official"); None when it
    holds a name ("het ministerie van Buitenlandse Zaken in Den Haag" says whose it is)."""
    tokens = surface.replace(",", " ").split()
    if not tokens:
        return None
    for word in tokens:
        low = fold(word)
        if low in words.determiners or not word[:1].isupper():
            continue
        if _word_kind(low, nouns) is None:
            return None
    # The article of the source noun decides, not the phrase's first word: "A video released
    # by the ministry" points back to a ministry; "an Indian official" is someone new.
    folded = [fold(w) for w in tokens]
    nouns_at = [i for i, w in enumerate(folded) if _word_kind(w, nouns) is not None]
    last = nouns_at[-1] if nouns_at else len(folded)
    article = next((w for w in reversed(folded[:last]) if w in words.determiners), None)
    return "indefinite" if article in words.indefinites else "definite"


def _last_claimant_entity(
    ents: _Entities,
    claim: Claim,
    claims: list[Claim],
    profiles: ProfileSet,
    military: bool,
    since: int = 0,
    named_since: int = 0,
) -> Mention | None:
    """For a bare official noun ("het departement", "the official"): the state organ behind
    the latest earlier claim, else the latest state organ named before it, both after
    ``since`` (a few sentences back: "het kabinet" ten paragraphs after a claim of the
    Palestinian Authority is not that authority); an organ only named, not speaking, after
    ``named_since`` (its own sentence: "Moscow's control" does not make "the foreign
    minister" of the next sentence Russia's). News media, observers and international
    bodies are no antecedent of an official: "the president" after a claim of
    RIA Novosti is not RIA Novosti; an army noun ("die Armee", "het leger") points back
    only to armed forces, not to an intelligence agency."""
    types = MILITARY_TYPES if military else STATE_TYPES
    before = claim.claimant.start or claim.start
    first_org = ents.first_org()
    for other in reversed(claims):
        o = other.claimant
        if other is claim or o.start is None or not since <= o.start < before:
            continue
        found = first_org.get(o.entity_id or "")
        if found is not None and _state_organ(found, profiles, types):
            return found
    for k in range(ents.before(before) - 1, -1, -1):  # none after can end by ``before``
        m = ents[k]
        if m.start < max(since, named_since):
            break
        if m.kind == "organization" and m.end <= before and _state_organ(m, profiles, types):
            return m
    return None


def _military(surface: str, resources: Resources, lang: str | None) -> bool:
    """The words name armed forces ("het leger", "the troops"): topics.toml's military nouns."""
    stems = tuple((resources.lang(lang).topics or {}).get("military", ()))
    return any(stem_matches(fold(w), stems) for w in surface.split())


def _state_organ(m: Mention, profiles: ProfileSet, types: frozenset[str]) -> bool:
    rec = profiles.records.get(m.entity_id or "")
    return rec is not None and rec.entity.type in types


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


def _fill(claimant: Claimant, m: Mention, profiles: ProfileSet, link: str) -> None:
    member = _member(m, profiles)
    claimant.name = member.name
    claimant.entity_id = member.entity_id
    claimant.country = member.country
    claimant.source_type = member.source_type
    claimant.link = link


def _titled(m: Mention) -> bool:
    """The mention is an office title the profile resolves by date ("de Russische minister
    van Buitenlandse Zaken"), not a name."""
    return isinstance(m.value, EntityRef) and bool(m.value.title) and m.kind == "person"


class _Placed(list[Mention]):
    """Mentions of one sort (those giving a country, names, dates …) by start, so that the
    ones within a stretch of text are found by bisection."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        super().__init__(sorted(mentions, key=_start))

    def within(self, start: int, end: int) -> list[Mention]:
        k = bisect_left(self, start, key=_start)
        out = []
        while k < len(self) and self[k].start < end:
            if self[k].end <= end:
                out.append(self[k])
            k += 1
        return out


class _Persons(_Placed):
    """Person names no profile knows (NER mentions), by start."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        super().__init__(mentions)
        self._first: dict[str, Mention] = {}
        for m in self:
            self._first.setdefault(_surname(m.text), m)

    def named(self, start: int, end: int) -> Mention | None:
        """The person the words name: the only person name within them."""
        found = self.within(start, end)
        return found[0] if len(found) == 1 else None

    def surname(self, words: str, before: int) -> Mention | None:
        """The person named earlier whose surname the words are, alone ("Kwasniewski")."""
        if len(words.split()) != 1 or not words[:1].isupper():
            return None
        found = self._first.get(fold(words))
        return found if found is not None and found.end <= before else None

    def first(self, m: Mention) -> Mention:
        """The document's first mention of the person: the first name with its surname."""
        return self._first.get(_surname(m.text), m)


def _surname(name: str) -> str:
    words = name.split()
    return fold(words[-1]) if words else ""


def _class_antecedent(
    doc: Document,
    c: Claimant,
    words: SpeakerWords,
    classes: tuple[str, ...],
    orgs: _Placed,
    near: _Near,
) -> Mention | None:
    """For a definite description whose head is a class noun ("die Organisation", "the
    group", "de organisatie"): the latest organisation named before it, a few sentences back
    at most."""
    assert c.start is not None
    tokens = [fold(w) for w in c.surface.split()]
    if not classes or len(tokens) < 2 or len(tokens) > MAX_CLASS_WORDS:
        return None
    if tokens[0] not in words.determiners or tokens[0] in words.indefinites:
        return None
    if not stem_matches(tokens[-1], classes):
        return None
    since = near.back(c.start, ORGAN_SENTENCES)
    found = [
        m
        for m in orgs.within(since, c.start)
        # A name, not an earlier description ("Die Organisation" read as a name by the model).
        if m.end <= c.start and not _described(m.text, words, classes)
    ]
    return found[-1] if found else None


def _described(text: str, words: SpeakerWords, classes: tuple[str, ...]) -> bool:
    """The words are a class noun with at most a determiner ("Organisation", "the group")."""
    content = [w for w in (fold(x) for x in text.split()) if w not in words.determiners]
    return len(content) == 1 and stem_matches(content[0], classes)


def _a_person(name: str, surnames: frozenset[str]) -> bool:
    """The name ends in the surname of a person the document names ("Bruins Slot",
    "minister Bruins Slot")."""
    return _surname(name) in surnames


def _prefix(text: str, m: Mention, end: int) -> bool:
    """The mention is the first part of a hyphenated compound ("EU-Korrespondent")."""
    return m.end + 1 < end and text[m.end] == "-" and text[m.end + 1].isalpha()


def _dated(c: Claimant, dates: _Placed) -> bool:
    """The claimant's words are a date or time ("Gisteravond", "vanochtend")."""
    assert c.start is not None and c.end is not None
    found = dates.within(c.start, c.end)
    if not found:
        return False
    covered = [(m.start - c.start, m.end - c.start) for m in found]
    return all(
        any(a <= at < b for a, b in covered) for at, ch in enumerate(c.surface) if ch.isalpha()
    )


def _unknown_head(
    doc: Document,
    c: Claimant,
    tops: list[Mention],
    names: _Placed,
    words: SpeakerWords,
    nouns: dict[str, tuple[str, ...]],
) -> bool:
    """The words open with a name no profile knows, and the entities after it only qualify it:
    in apposition ("The FSB, Russia's main intelligence service" is the FSB, not Russia), or
    after a link ("The Times of Israel", "University of Kyiv": a name whose head is no office,
    institution or role noun is not the state it is named after)."""
    assert c.start is not None and c.end is not None
    found = names.within(c.start, tops[0].start)
    if found and doc.text.startswith(",", found[0].end):
        lead = doc.text[c.start : found[0].start].split()
        return all(fold(w) in words.determiners for w in lead)
    lead = doc.text[c.start : tops[0].start].split()
    while lead and fold(lead[0]) in words.determiners:
        lead = lead[1:]
    if len(lead) < 2 or fold(lead[-1]) not in words.links | words.name_links:
        return False
    head = lead[:-1]
    return all(w[:1].isupper() for w in head) and noun_kind(" ".join(head), nouns) is None


def _unresolved(
    doc: Document,
    claim: Claim,
    kind: str | None,
    places: _Placed,
    persons: _Persons,
    nouns: dict[str, tuple[str, ...]],
    profiles: ProfileSet,
    resources: Resources,
    near: _Near,
) -> None:
    """A claimant whose words name no profile entity and point back to none: a capital that
    stands for its government ("Moscow denied", "volgens Kyiv") is that government; anything
    else stays unresolved, typed by its words ("a senior US official", "the Indian embassy",
    "Gouverneur Igor Artamonow") and given the country the words give, or the title said
    where the person was first named; the sentence around is no evidence (in "'Putin made a
    mistake,' Kwasniewski said" Russia is not his country)."""
    c = claim.claimant
    assert c.start is not None and c.end is not None
    if kind is None and _event_noun(doc, c, resources):
        # "a drone strike", "the shelling": an event is no speaker.
        _unname(c)
        return
    own = places.within(c.start, c.end)
    person = persons.named(c.start, c.end)
    by_surname = persons.surname(c.surface, c.start) if person is None else None
    if by_surname is not None:
        # The model may read a surname alone as a place ("Kwasniewski"): the name wins.
        person, own = by_surname, []
        c.name = by_surname.text
    if person is not None:
        # "Der ukrainische Botschafter in Deutschland, Oleksii Makeiev": the title said
        # where the person is first named types them, and a later surname alone takes the
        # full name ("Kwasniewski" after "former Polish president Aleksander Kwasniewski").
        first = persons.first(person)
        lo = max(first.start - TITLE_WINDOW, near.sentence_start(first.start))
        titled = noun_kind(doc.text[lo : first.start], nouns)
        if titled is not None:
            kind = kind or titled
            own = own or [m for m in places.within(lo, first.start) if m.is_adjective]
        if first is not person and len(person.text.split()) == 1:
            c.name = first.text
    capital = _capital(doc, c, own, resources)
    if capital is not None:
        gov = profiles.with_generic("government", capital)
        if gov:
            c.name, c.entity_id, c.country = profiles.entity(gov[0]).name, gov[0], capital
            c.source_type, c.link = _entity_role(gov[0], doc, profiles), "metonym"
            return
        c.country, c.source_type = capital, _country_role(capital, doc, profiles)
        return
    # An adjective before a place: "der ukrainische Botschafter in Deutschland" is Ukraine's.
    countries = {m.country for m in own if m.country and m.is_adjective} or {
        m.country for m in own if m.country
    }
    country = countries.pop() if len(countries) == 1 else None
    c.country = country
    if kind in _KIND_ROLE:
        c.source_type = _KIND_ROLE[kind]
    elif kind == "official" and country is not None:
        c.source_type = _country_role(country, doc, profiles)
    elif kind is not None:
        c.source_type = "unknown"
    # Words of no kind keep the type an earlier stage gave ("nieuwe satellietfoto's" are an
    # observer's, set where the observation was found).


def _unname(c: Claimant) -> None:
    """Leave the claim with a speaker the text does not name: no words, no entity."""
    c.name, c.surface, c.start, c.end = UNNAMED, "", None, None
    c.entity_id, c.country, c.source_type, c.link, c.members = None, None, "unknown", None, []


def _event_noun(doc: Document, c: Claimant, resources: Resources) -> bool:
    """The words end in an event trigger of the language ("a drone strike", "die Angriffe"):
    an event, not someone who speaks. Names are never events ("Strike Force" is capitalised
    where the language does not capitalise nouns)."""
    assert c.start is not None and c.end is not None
    words = c.surface.split()
    if not words:
        return False
    last = words[-1]
    if last[:1].isupper() and not resources.lang(doc.lang).speaker.nouns_capitalised:
        return False
    at = c.end - len(last)
    lex = propositions.lexicons(resources, doc.lang)
    return any(
        h.start == at and h.key in EVENT_NOUN_KINDS for h in lex.events.all(doc.text, at, c.end)
    )


def _capital(doc: Document, c: Claimant, own: list[Mention], resources: Resources) -> str | None:
    """The country whose capital the claimant's words are, alone ("Moscow", "Kiew")."""
    if len(own) != 1 or (own[0].start, own[0].end) != (c.start, c.end):
        return None
    value = own[0].value
    if not isinstance(value, Place) or value.type != "city" or not value.place_id:
        return None
    place = gazetteer(resources).places.get(value.place_id)
    if place is None or not place.capital or place.capital != place.country:
        return None
    return place.capital


def _entity_role(entity_id: str, doc: Document, profiles: ProfileSet) -> str:
    return profiles.source_type_of(entity_id, doc.profile)


def _country_role(country: str, doc: Document, profiles: ProfileSet) -> str:
    """The source type of a state's organs and officials in the document's conflict: its
    profile role, else a third party (a state no profile lists takes no side)."""
    ent = profiles.country_entity(country)
    return _entity_role(ent, doc, profiles) if ent is not None else "third_party"


def _head_word(surface: str, determiners: frozenset[str]) -> str | None:
    words = [w for w in surface.lower().split() if w not in determiners]
    return words[-1] if len(words) == 1 else None


def _antecedent(
    doc: Document,
    ents: _Entities,
    claim: Claim,
    determiners: frozenset[str],
    nouns: dict[str, tuple[str, ...]],
) -> Mention | None:
    """The latest entity mention before the claimant that its words point back to: a title
    said before of a named person ("the foreign secretary" after "The UK foreign secretary,
    Liz Truss"), or an organisation whose name holds the description's head noun ("het
    ministerie" after "het ministerie van Defensie")."""
    claimant = claim.claimant
    bound = claimant.start or claim.start
    words = [w for w in fold(claimant.surface).split() if w not in determiners]
    if words:
        found = ents.latest(ents.titled(doc, nouns), words, bound)
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

    def titled(self, doc: Document, nouns: dict[str, tuple[str, ...]]) -> _WordIndex:
        if self._titled is None:
            self._titled = _WordIndex(
                (i, _title_words(doc, m, nouns)) for i, m in enumerate(self) if m.kind == "person"
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


def _title_words(doc: Document, person: Mention, nouns: dict[str, tuple[str, ...]]) -> set[str]:
    """The words just before the person's name, where a title stands: "The UK foreign
    secretary, Liz Truss" or "Außenministeriumssprecher Heorhij Tychyj". A capitalised word
    is a title only when it is a source noun ("President", "Sprecher"): other capitalised
    words are names, and "Wilders, Yesilgöz en Timmermans" gives Timmermans no title
    "Wilders"."""
    before = doc.text[max(0, person.start - TITLE_WINDOW) : person.start]
    words = set()
    for word in before.replace(",", " ").split():
        low = fold(word)
        if word[:1].isupper() and _word_kind(low, nouns) is None:
            continue
        words.add(low)
    return words


def _pronoun_antecedent(
    doc: Document, ents: _Entities, claim: Claim, words: SpeakerWords, near: _Near
) -> Mention | None:
    """Who a pronoun speaker is: the speaker of a claim in the last sentences, else the
    subject (first mention) of the sentence before, else the latest mention — a person for
    "he"/"hij"/"он", a group (organisation, state, unit) for "they"/"они"/"it", either for
    Dutch "ze" or German "sie"."""
    fits: tuple[str, ...]
    number = _number(claim, words)
    low = fold(claim.claimant.surface)
    if number == "plural" and low not in words.plural_pronouns | words.group_pronouns:
        fits = ("organization", "military_unit")  # "zeggen ze": a group, still no state
    elif number == "plural":
        fits = GROUP_KINDS
    elif number == "singular":
        fits = ("person",)
    else:
        # "ze", "sie" with a verb that does not say: she or they. A state or place is not
        # what they point back to in reported speech ("zei ze" after a claim of the
        # Netherlands is the minister).
        fits = ("person", "organization", "military_unit")
    start = claim.claimant.start if claim.claimant.start is not None else claim.start
    k = near.sentence(start)
    window = near.back(start, PRONOUN_SENTENCES)
    kind_of, first = ents.by_entity()
    # The subject of the pronoun's own sentence, named before it: "Ukraine's nuclear operator
    # Energoatom reports what it calls a cyberattack" (not the speaker of the claim before).
    own = doc.sentences[k] if doc.sentences else None
    if own is not None and own.start < start:
        subject = None  # the last name of the opening words is their head
        for i in range(bisect_left(ents, own.start, key=_start), len(ents)):
            m = ents[i]
            if m.start >= start or not _opens(doc.text, own.start, m):
                break
            if m.kind in fits and not m.is_adjective:
                subject = m
        if subject is not None:
            return subject
    for other in near.claims_between(window, claim.start):  # latest in doc.claims first
        o = other.claimant
        if o.entity_id and kind_of.get(o.entity_id) in fits:
            return first[o.entity_id]
        if "person" in fits and not o.entity_id and _named_speaker(o, words):
            # The latest speaker is someone no profile knows ("…, fügte Carney hinzu. …,
            # sagte er"): the pronoun is theirs (the name attribution carried), not that of
            # an earlier speaker the profile knows.
            return None
    # A name inside the claim's own words is not its speaker: in "'… Vladimir Putin already
    # possesses …,' he said" he is not Putin.
    quoted = (claim.start, claim.end)
    if k > 0:
        prev = doc.sentences[k - 1]
        for i in range(bisect_left(ents, prev.start, key=_start), len(ents)):
            m = ents[i]
            if m.start >= prev.end:
                break
            if m.kind in fits and not m.is_adjective and not _inside(m, quoted):
                return m
    for i in range(ents.before(start) - 1, -1, -1):  # none after can end by ``start``
        m = ents[i]
        if m.start < window:
            break
        if m.end <= start and m.kind in fits and not m.is_adjective and not _inside(m, quoted):
            return m
    return None


def _number(claim: Claim, words: SpeakerWords) -> str | None:
    """singular or plural for a pronoun speaker: from the pronoun ("hij", "they"), else from
    the reporting verb next to it where the pronoun is both ("zeggen ze" plural, "schrijft ze"
    singular; not "ze wilde … noemen", whose finite verb is another); None where nothing
    says."""
    low = fold(claim.claimant.surface)
    if low in words.plural_pronouns or low in words.group_pronouns:
        return "plural"
    if low in words.singular_pronouns:
        return "singular"
    if words.plural_verb_endings and claim.cue and _next_to_cue(claim):
        verb = fold(claim.cue.split()[0])
        plural = any(verb.endswith(e) for e in words.plural_verb_endings)
        return "plural" if plural else "singular"
    return None


def _next_to_cue(claim: Claim) -> bool:
    c = claim.claimant
    if None in (c.start, c.end, claim.cue_start, claim.cue_end):
        return False
    assert c.start is not None and c.end is not None
    assert claim.cue_start is not None and claim.cue_end is not None
    gap = (c.end, claim.cue_start) if c.end <= claim.cue_start else (claim.cue_end, c.start)
    return 0 <= gap[1] - gap[0] <= 1


def _named_speaker(c: Claimant, words: SpeakerWords) -> bool:
    """A claimant named by capitalised words (a name no profile knows), not a pronoun or a
    description."""
    surface = c.surface or ""
    if not surface or fold(surface) in words.pronouns:
        return False
    content = [w for w in surface.split() if fold(w) not in words.determiners]
    return bool(content) and all(w[:1].isupper() for w in content)


def _opens(text: str, sentence_start: int, m: Mention) -> bool:
    """The mention stands in the first words of its sentence, where its subject is."""
    return len(text[sentence_start : m.start].split()) <= SUBJECT_WORDS


def _inside(m: Mention, span: tuple[int, int]) -> bool:
    return span[0] <= m.start and m.end <= span[1]


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

    def back(self, at: int, sentences: int) -> int:
        """Where the text starts that holds the sentence of ``at`` and ``sentences`` before it."""
        return self.starts[max(0, self.sentence(at) - sentences)] if self.starts else 0

    def sentence_start(self, at: int) -> int:
        """Where the sentence holding ``at`` starts (0 in a document without sentences)."""
        return self.starts[self.sentence(at)] if self.starts else 0

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
    places = _Placed(m for m in doc.mentions if m.country)
    persons = _Persons(m for m in doc.mentions if m.kind == "person" and not m.entity_id)
    orgs = _Placed(m for m in doc.mentions if m.kind == "organization")
    dates = _Placed(m for m in doc.mentions if m.kind == "date")
    surnames = frozenset(_surname(m.text) for m in doc.mentions if m.kind == "person")
    classes = (resources.lang(doc.lang).source_classes or {}).get("organization", ())
    names = _Placed(m for m in doc.mentions if m.kind in NAME_KINDS and not m.entity_id)
    for claim in doc.claims:
        c = claim.claimant
        if c.start is None or c.end is None:
            continue
        a, b = trimmed_span(doc.text, c.start, c.end, words)
        if (a, b) != (c.start, c.end):
            surface = doc.text[a:b]
            if c.name == c.surface:
                c.name = surface
            c.start, c.end, c.surface = a, b, surface
        if c.name != c.surface and not names_someone(c.name, words):
            c.name = c.surface  # a name carried from an earlier sentence that names no one
        if not names_someone(c.surface, words) or _dated(c, dates):
            # "Damals sagte …", "13", "M", "Gisteravond": words that name no one (or only a
            # time) are no claimant; the claim keeps its words and mode, said by someone the
            # text does not name.
            _unname(c)
            claim.source_type = c.source_type
            continue
        first = bisect_left(ents, c.start, key=_start)
        inside = [m for m in ents[first : ents.before(c.end)] if m.end <= c.end]
        kind = noun_kind(doc.text[c.start : c.end], nouns)
        if kind in TYPED_KINDS:
            # "der EU-Korrespondent", "ein Russland-Experte": the correspondent is no EU.
            inside = [m for m in inside if not _prefix(doc.text, m, c.end)]
        tops = _top_level(inside)
        if _reflexive(c.surface, words.reflexives):
            subject = _subject(ents, claim)
            if subject is not None:
                # "Russland erwartet … eigenen Angaben zufolge": Russland speaks; its words
                # are the claimant's words.
                _fill(c, subject, profiles, "reference")
                c.start, c.end, c.surface = subject.start, subject.end, subject.text
                claim.source_type = c.source_type
                continue
        elided = _elided_members(doc, inside, tops, profiles, words.conjunctions)
        if elided:  # "US and British intelligence"
            _set_members(c, elided)
        elif len({m.entity_id for m in tops}) >= 2 and all(
            _joined(doc, a, b, words.conjunctions) for a, b in zip(tops, tops[1:], strict=False)
        ):
            _set_members(c, [_member(m, profiles) for m in tops])
        elif (
            tops
            and (not _adjective_only(tops) or tops[-1].end == c.end)
            and not _unknown_head(doc, c, tops, names, words, nouns)
        ):
            # A country adjective that ends the words modifies the cue's noun, not a speaker
            # noun: "ukrainischen [Angaben zufolge]", "russischen [Angaben]".
            head = _head_entity(doc.text, tops, words.possessives)
            _fill(c, head, profiles, "title" if _titled(head) else "name")
        else:
            # Words that name no entity (a country adjective is no name: "de Egyptische Rode
            # Halve Maan" is not Egypt): a pronoun or description that points back, else a
            # claimant typed by its words and left unresolved.
            pronoun = fold(c.surface) in words.pronouns
            if pronoun:
                found = _pronoun_antecedent(doc, ents, claim, words, near)
            else:
                found = _antecedent(doc, ents, claim, words.determiners, nouns)
            bare = None
            if found is None and kind == "official" and not places.within(c.start, c.end):
                bare = _bare(c.surface, words, nouns)
            military = bare is not None and _military(c.surface, resources, doc.lang)
            if bare == "definite":
                back = near.back(c.start, ORGAN_SENTENCES)
                found = _last_claimant_entity(
                    ents,
                    claim,
                    doc.claims,
                    profiles,
                    military,
                    since=back,
                    named_since=near.sentence_start(c.start),
                )
            elif bare == "indefinite":
                # "The State Department is drawing down …, according to a senior official":
                # someone new, but of the organ the sentence names.
                own = near.sentence_start(c.start)
                found = _last_claimant_entity(ents, claim, [], profiles, military, since=own)
            if found is None and not pronoun:
                org = _class_antecedent(doc, c, words, classes, orgs, near)
                if org is not None and org.entity_id:
                    found = org
                elif org is not None:
                    # "Human Rights Watch … die Organisation": the name it points back to,
                    # so that both claims are one source.
                    c.name = org.text
            members = [] if found is not None else _noun_members(doc, c, nouns, words.conjunctions)
            if found is not None:
                _fill(c, found, profiles, "pronoun" if pronoun else "reference")
            elif members:
                _set_members(c, members, rename=False)
            elif pronoun and c.name != c.surface:
                bound = c.start or 0
                for k in range(ents.before(bound) - 1, -1, -1):  # the latest that names it
                    if ents[k].end <= bound and c.name in ents[k].text:
                        _fill(c, ents[k], profiles, "pronoun")
                        break
                else:
                    singular = fold(c.surface) in words.singular_pronouns
                    person = _a_person(c.name, surnames) or noun_kind(c.name, nouns) in ROLE_KINDS
                    if (singular and not person) or (person and _number(claim, words) == "plural"):
                        # "hij" carried the name of a party or a crowd, "zeggen ze" that of
                        # one person: not who speaks, left open.
                        c.name = c.surface
            else:
                _unresolved(doc, claim, kind, places, persons, nouns, profiles, resources, near)
        claim.source_type = c.source_type
