"""``gazetteer.v1``: places, country adjectives and conflict-profile entities, linked and geocoded.

One pass over the document's tokens finds the longest alias at each position (see
:mod:`.lexicon`); then the readings are resolved in document order with what came before and
what the whole document says:

- a profile name ("Dimitri Kuleba", "Министерства обороны России") is its entity;
- a name that needs a country ("ministerie van Defensie", "minister van Buitenlandse Zaken") takes
  the one written with it ("Russische ministerie van Defensie", "… in Moskou"), or else the one it
  had earlier in the document; a title before a name ("president Vladimir Poetin") is kept on the
  person's mention; a title alone is its holder at the document's date;
- a surname alone ("Kuleba", "Путина") is the profile person named in full earlier in the document,
  or the only profile person of that surname, unless it is also a place and nobody of that name
  came before ("Austin");
- a place name is geocoded with :mod:`.geo`;
- mentions of the NER stage (``entities.v1``) get the entity and value of a gazetteer reading of
  the same span, or of their own text.

The stage only adds to ``doc.mentions``; every mention satisfies
``doc.text[m.start:m.end] == m.text``.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from ...model import Document, EntityRef, Mention
from ...profiles import ProfileSet, load_profiles
from ...profiles.loader import TYPES
from ...registry import register
from ...resources import Resources
from . import geo
from .langdata import gazetteer_languages, load_gazetteer_lang
from .lexicon import TOKEN, Alias, Gazetteer, Index, build_index, token_key

STAGE = "gazetteer.v1"
NER = "entities.v1"
# Characters before a title searched for a word that makes it a past office ("former").
FORMER_WINDOW = 24
# Letters of a surname compared to tell a spelling of an office holder's name from another name.
SURNAME_STEM = 5
KIND_OF_TYPE = TYPES  # entity type -> the mention kind it is found as, as profiles define it
NER_KINDS = {
    "person": {"person"},
    "organization": {"organization", "military_unit"},
    "place": {"place"},
    "misc": {"place", "organization", "military_unit"},
}


# ---------------------------------------------------------------- resources


def profile_set(resources: Resources) -> ProfileSet:
    """The active profiles: ``Settings.profiles`` (names or paths), default every shipped one."""
    names = resources.settings.profiles
    key = tuple(names) if names is not None else None
    return resources.get(f"profiles:{key}", lambda: load_profiles(key))


def gazetteer(resources: Resources) -> Gazetteer:
    return resources.get("gazetteer.places", Gazetteer.load)


def index(resources: Resources, lang: str | None) -> Index:
    profiles = profile_set(resources)
    # A language without gazetteer data gets every language's names, as None does: one index
    # for them all, not one more (~4 s to build) for each such language a corpus holds.
    codes = resources.get("gazetteer.languages", gazetteer_languages)
    key = lang if lang in codes else None
    return resources.get(
        f"gazetteer.index:{key}:{id(profiles)}",
        lambda: build_index(key, gazetteer(resources), profiles),
    )


# ---------------------------------------------------------------- matching


@dataclass(slots=True)
class Match:
    start: int  # character offsets
    end: int
    first: int  # token indices
    last: int
    aliases: list[Alias]


def find(text: str, idx: Index) -> tuple[list[Match], list[tuple[int, int, str]]]:
    """Longest alias matches, left to right, without overlap; and the tokens."""
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    keys = [token_key(t[2]) for t in toks]
    longest, get = idx.longest, idx.get
    out: list[Match] = []
    i, n = 0, len(toks)
    while i < n:
        most = longest(keys[i])
        if most is None:
            i += 1
            continue
        found = None
        for length in range(min(most, n - i), 0, -1):
            cands = get(tuple(keys[i : i + length]))
            if cands:
                surface = [t[2] for t in toks[i : i + length]]
                ok = [a for a in cands if a.accepts(surface)]
                if ok:
                    found = Match(toks[i][0], toks[i + length - 1][1], i, i + length, ok)
                    break
        if found is None:
            i += 1
        else:
            out.append(found)
            i = found.last
    return out, toks


# ---------------------------------------------------------------- resolution


@dataclass(slots=True)
class State:
    doc: Document
    profiles: ProfileSet
    places: dict[str, geo.Place]
    profile: str | None = None
    seen: dict[str, int] = field(default_factory=dict)  # entity id -> last start offset
    generic_last: dict[str, str] = field(default_factory=dict)  # generic key -> entity id
    out: list[Mention] = field(default_factory=list)
    former: frozenset[str] = frozenset()  # gazetteer.toml "former": a past office's words
    named_persons: dict[int, str] | None = None  # the NER model's person names, by start

    def entity_value(self, ent_id: str, title: str | None = None) -> EntityRef:
        ent = self.profiles.entity(ent_id)
        role = self.profiles.source_type_of(ent_id, self.profile)
        return EntityRef(ent.name, ent.country, role, ent.type, title)

    def add_entity(self, m: Match, ent_id: str, title: str | None = None) -> Mention:
        ent = self.profiles.entity(ent_id)
        value = self.entity_value(ent_id, title)
        text = self.doc.text[m.start : m.end]
        mention = Mention(m.start, m.end, KIND_OF_TYPE[ent.type], text, value, ent_id, STAGE)
        self.out.append(mention)
        self.seen[ent_id] = m.start
        return mention

    def add_place(
        self, start: int, end: int, place: geo.Place, adjective: bool = False, people: bool = False
    ) -> None:
        ent_id = self.profiles.country_entity(place.country) if place.kind == "country" else None
        name = self.profiles.entity(ent_id).name if ent_id is not None else None
        value = geo.place_value(place, name, adjective, people)
        text = self.doc.text[start:end]
        self.out.append(Mention(start, end, "place", text, value, ent_id, STAGE))


def _kinds(m: Match) -> set[str]:
    return {a.kind for a in m.aliases}


def _resolve_generic(st: State, alias: Alias, date: str | None) -> str | None:
    if alias.country is None:
        return st.generic_last.get(alias.target)
    found = st.profiles.with_generic(alias.target, alias.country)
    if not found:
        found = st.profiles.office_holders(alias.target, alias.country, date)
    return found[0] if len(found) == 1 else None


def _adjacent(text: str, a: Match, b: Match) -> bool:
    return b.start >= a.end and not text[a.end : b.start].strip()


def _doc_profile(st: State, matches: list[Match]) -> str | None:
    """The conflict profile the document is about: most party mentions, then region mentions."""
    best, best_score = None, 0.0
    entity_ids = [a.target for m in matches for a in m.aliases if a.kind in ("entity", "short")]
    countries = [a.country for m in matches for a in m.aliases if a.kind != "entity" and a.country]
    for info in st.profiles.profiles:
        parties = sum(st.profiles.source_type_of(e, info.id) == "party" for e in entity_ids)
        region = sum(c in info.region for c in countries)
        score = parties + 0.5 * region
        if score > best_score:
            best, best_score = info.id, score
    return best


def _context(st: State, matches: list[Match]) -> geo.Context:
    ctx = geo.Context()
    for m in matches:
        kinds = _kinds(m)
        if "entity" in kinds:
            continue
        country = geo.unambiguous_country(m.aliases, st.places)
        if country is None and kinds & {"adjective", "people"}:
            country = next(a.country for a in m.aliases if a.kind in ("adjective", "people"))
        if country:
            ctx.countries[country] += 1
            readings = [st.places[a.target] for a in m.aliases if a.kind == "place"]
            if any(p.kind in ("city", "admin1") for p in readings):
                ctx.subnational[country] += 1
            regions = {(p.country, p.admin1) for p in readings if p.admin1}
            if len(regions) == 1:
                ctx.admin1[regions.pop()] += 1
    for m in matches:
        for a in m.aliases:
            if a.kind in ("entity",) and a.country:
                ctx.countries[a.country] += 1
    region = next((p.region for p in st.profiles.profiles if p.id == st.profile), ())
    ctx.region = frozenset(region)
    return ctx


def _name_like_next_to(
    text: str, toks: list[tuple[int, int, str]], m: Match, starts: set[int], matched: set[int]
) -> bool:
    """A capitalised word right before or after, not sentence-initial and not itself a name
    the gazetteer knows: the place is more likely part of a person's name ("George Washington",
    "Stanislav Petrov")."""
    i = m.first - 1
    before = i >= 1 and _capitalised(toks[i][2]) and toks[i][0] not in starts
    if before and i not in matched and toks[i - 1][2][:1].isalnum():
        return not text[toks[i][1] : m.start].strip()
    j = m.last
    if j < len(toks) and _capitalised(toks[j][2]) and j not in matched:
        return not text[m.end : toks[j][0]].strip()
    return False


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and not word.isupper()


def resolve(doc: Document, matches: list[Match], toks: list, st: State, nouns_cap: bool) -> None:
    text, date = doc.text, doc.date
    st.profile = doc.profile = _doc_profile(st, matches)
    ctx = _context(st, matches)
    starts = {s.start for s in doc.sentences}
    matched = {t for m in matches for t in range(m.first, m.last)}
    skip: set[int] = set()
    for k, m in enumerate(matches):
        if k in skip:
            continue
        kinds = _kinds(m)
        nxt = matches[k + 1] if k + 1 < len(matches) else None
        if "entity" in kinds:
            ent_ids = sorted({a.target for a in m.aliases if a.kind == "entity"})
            st.add_entity(m, ent_ids[0])
            continue
        generic = [a for a in m.aliases if a.kind == "generic"]
        if generic and not kinds & {"place", "adjective", "people", "short"}:
            alias = max(generic, key=lambda a: a.country is not None)
            ent_id = _resolve_generic(st, alias, date)
            title = text[m.start : m.end]
            if nxt is not None and _adjacent(text, m, nxt) and _person_next(st, nxt):
                # "minister van Buitenlandse Zaken Dimitri Kuleba": the title goes with the name.
                person = _person_of(st, nxt, date)
                if person is not None:
                    st.add_entity(nxt, person, title)
                    skip.add(k + 1)
                    continue
            if ent_id is not None and _not_holder(st, m, ent_id):
                ent_id = None
            if ent_id is not None:
                st.add_entity(m, ent_id)
                st.generic_last[alias.target] = ent_id
                if alias.slot is not None:
                    a, b, pid = alias.slot
                    st.add_place(toks[m.first + a][0], toks[m.first + b - 1][1], st.places[pid])
            continue
        if "short" in kinds:
            person = _person_of(st, m, date)
            if person is not None:
                st.add_entity(m, person)
                continue
        if kinds & {"adjective", "people"}:
            alias = next(a for a in m.aliases if a.kind in ("adjective", "people"))
            country = st.places[alias.target]
            adjective = alias.kind == "adjective"
            st.add_place(m.start, m.end, country, adjective=adjective, people=not adjective)
            continue
        if "place" in kinds:
            place = geo.choose(m.aliases, st.places, ctx)
            if place is None:
                continue
            curated = any(a.curated for a in m.aliases)
            if (
                place.kind in ("city", "admin1")
                and not nouns_cap
                and not curated
                and _name_like_next_to(text, toks, m, starts, matched)
            ):
                continue
            st.add_place(m.start, m.end, place)


def _not_holder(st: State, m: Match, ent_id: str) -> bool:
    """A title that names someone other than its holder on the document's date: a past office
    ("the former Polish president") or a title before a name no profile knows ("Polish
    president Aleksander Kwasniewski")."""
    if st.profiles.entity(ent_id).type != "person":
        return False
    before = st.doc.text[max(0, m.start - FORMER_WINDOW) : m.start].split()
    if before and before[-1].lower().strip(",") in st.former:
        return True
    after = st.doc.text[m.end : m.end + FORMER_WINDOW]
    gap = len(after) - len(after.lstrip(" ,"))
    if st.named_persons is None:
        st.named_persons = {
            n.start: n.text
            for n in st.doc.mentions
            if n.kind == "person" and n.source == NER and n.entity_id is None
        }
    name = st.named_persons.get(m.end + gap)
    if name is None:
        return False
    # "Ukraine's president, Volodymyr Zelenskiy": a spelling of the holder's own name.
    ent = st.profiles.entity(ent_id)
    known = {_surname_stem(n) for names in ent.names.values() for n in names} | {
        _surname_stem(ent.name)
    }
    return _surname_stem(name) not in known


def _surname_stem(name: str) -> str:
    words = name.split()
    return words[-1].lower()[:SURNAME_STEM] if words else ""


def _person_next(st: State, m: Match) -> bool:
    return any(
        a.kind in ("entity", "short") and st.profiles.entity(a.target).type == "person"
        for a in m.aliases
    )


def _person_of(st: State, m: Match, date: str | None) -> str | None:
    full = sorted({a.target for a in m.aliases if a.kind == "entity"})
    full = [e for e in full if st.profiles.entity(e).type == "person"]
    if full:
        return full[0]
    shorts = sorted({a.target for a in m.aliases if a.kind == "short"})
    earlier = [e for e in shorts if e in st.seen]
    if earlier:
        return max(earlier, key=lambda e: st.seen[e])
    if "place" in _kinds(m):
        return None  # "Austin" alone is the city unless Lloyd Austin came before
    return shorts[0] if len(shorts) == 1 else None


# ---------------------------------------------------------------- NER linking


class _Cover:
    """Whether a span lies inside one of ``spans``, in log time: the spans sorted by start,
    with the furthest end reached so far (a scan of all of them per NER mention made a 1 MB
    article quadratic)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self.starts = [a for a, _ in spans]
        self.reach = list(itertools.accumulate((b for _, b in spans), max))

    def __call__(self, start: int, end: int) -> bool:
        k = bisect_right(self.starts, start)
        return k > 0 and self.reach[k - 1] >= end


def link_ner(st: State, ner: list[Mention], idx: Index) -> list[Mention]:
    """Give NER mentions the entity of a gazetteer reading of the same span or of their text.

    Returns the NER mentions that a curated reading overrules: the same span read as another
    kind ("Kiev" tagged a person, "Russische" misc) or a fragment inside a profile entity's span
    ("Defensie" inside "ministerie van Defensie in Moskou"). The gazetteer's readings are
    curated data, the NER model a statistical guess trained on other text, so the data wins.
    """
    by_span = {(m.start, m.end): m for m in st.out}
    covered = _Cover([(o.start, o.end) for o in st.out if o.entity_id and o.kind != "place"])
    places = sorted((o.start, i) for i, o in enumerate(st.out) if o.kind == "place")
    place_starts = [a for a, _ in places]
    # Readings taken over by an NER mention or inside a person's name, removed from st.out in
    # one pass at the end: removing each from the list as it was found made a long article
    # quadratic (nothing below reads st.out).
    gone: set[int] = set()
    dropped: list[Mention] = []
    for mention in ner:
        own = by_span.get((mention.start, mention.end))
        if own is not None:
            if own.kind in NER_KINDS.get(mention.kind, {own.kind}):
                mention.entity_id, mention.value = own.entity_id, own.value
                if mention.kind == "misc":  # "Russische": the data knows it is Russia
                    mention.kind = own.kind
                gone.add(id(own))
            else:
                dropped.append(mention)
            continue
        if covered(mention.start, mention.end):
            dropped.append(mention)
            continue
        if mention.kind == "person":
            # A place inside a person's name ("Denzel Washington") is not a place.
            k = bisect_left(place_starts, mention.start)
            while k < len(places) and places[k][0] < mention.end:
                o = st.out[places[k][1]]
                if o.end <= mention.end:
                    gone.add(id(o))
                k += 1
        found = _lookup(st, mention, idx)
        if found is not None:
            mention.entity_id = found
            mention.value = st.entity_value(found)
    if gone:
        st.out[:] = [o for o in st.out if id(o) not in gone]
    return dropped


def _lookup(st: State, mention: Mention, idx: Index) -> str | None:
    keys = tuple(token_key(t) for t in TOKEN.findall(mention.text))
    allowed = NER_KINDS.get(mention.kind, set())
    for alias in idx.get(keys):
        if alias.kind == "entity":
            ent = st.profiles.entity(alias.target)
            if KIND_OF_TYPE[ent.type] in allowed:
                return alias.target
    if mention.kind == "person" and keys:
        shorts = {a.target for a in idx.get(keys[-1:]) if a.kind in ("short", "entity")}
        earlier = [e for e in shorts if st.seen.get(e, mention.start) < mention.start]
        if earlier:
            return max(earlier, key=lambda e: st.seen[e])
        people = [e for e in shorts if st.profiles.entity(e).type == "person"]
        if len(people) == 1:
            return people[0]
    return None


# ---------------------------------------------------------------- the stage


def _former(resources: Resources, lang: str | None) -> frozenset[str]:
    if lang is None or lang not in resources.get("gazetteer.languages", gazetteer_languages):
        return frozenset()
    code = lang
    return resources.get(f"gazetteer.former.{code}", lambda: load_gazetteer_lang(code).former)


@register(
    STAGE,
    requires=["text", "date", "lang", "sentences", "mentions.ner"],
    assigns=["mentions.gazetteer", "entities"],
)
def link_gazetteer(doc: Document, resources: Resources) -> None:
    """Add place, country-adjective and profile-entity mentions; link the NER stage's mentions."""
    idx = index(resources, doc.lang)
    profiles = profile_set(resources)
    gaz = gazetteer(resources)
    matches, toks = find(doc.text, idx)
    st = State(doc, profiles, gaz.places, former=_former(resources, doc.lang))
    nouns_cap = resources.lang(doc.lang).speaker.nouns_capitalised
    resolve(doc, matches, toks, st, nouns_cap)
    ner = [m for m in doc.mentions if m.source == NER and m.entity_id is None]
    if ner:
        dropped = {id(m) for m in link_ner(st, ner, idx)}
        if dropped:
            doc.mentions[:] = [m for m in doc.mentions if id(m) not in dropped]
    doc.mentions.extend(st.out)
    doc.mentions.sort(key=lambda m: (m.start, -m.end))


__all__ = ["STAGE", "find", "link_gazetteer", "profile_set"]
