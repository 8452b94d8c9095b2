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

from ..model import Claim, Claimant, Document, Mention
from ..pipeline import register
from ..profiles import ProfileSet
from ..resources import Resources
from .mentions.gazetteer import profile_set

ENTITY_KINDS = ("person", "organization", "military_unit", "place")
# Separators between two members of a joint claimant, beside the language's conjunctions.
_JOINT_PUNCT = (",", "&", "/")


def _role(m: Mention, profiles: ProfileSet) -> str:
    value = m.value if isinstance(m.value, dict) else {}
    return value.get("role") or profiles.source_type_of(m.entity_id)


def _member(m: Mention, profiles: ProfileSet) -> Claimant:
    value = m.value if isinstance(m.value, dict) else {}
    return Claimant(
        name=value.get("name") or m.text,
        surface=m.text,
        start=m.start,
        end=m.end,
        entity_id=m.entity_id,
        country=value.get("country"),
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
    full = [m for m in tops if not (isinstance(m.value, dict) and m.value.get("adjective"))]
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
    doc: Document, ents: list[Mention], claim: Claim, determiners: frozenset[str]
) -> Mention | None:
    """The latest entity mention before the claimant that its words point back to."""
    claimant = claim.claimant
    before = [m for m in ents if m.end <= (claimant.start or claim.start)]
    if claimant.name and claimant.name != claimant.surface:  # a pronoun named by attribution
        named = [m for m in before if m.text == claimant.name or claimant.name in m.text]
        if named:
            return named[-1]
    head = _head_word(claimant.surface, determiners)
    if head is None:
        return None
    for m in reversed(before):
        if m.kind in ("organization", "military_unit") and head in m.text.lower().split():
            return m
    return None


@register("claimants.v1", requires=["claims", "mentions.gazetteer"], assigns=["claims.claimant"])
def resolve_claimants(doc: Document, resources: Resources) -> None:
    if not doc.claims:
        return
    profiles = profile_set(resources)
    words = resources.lang(doc.lang).speaker
    ents = sorted(
        (m for m in doc.mentions if m.entity_id and m.kind in ENTITY_KINDS),
        key=lambda m: (m.start, -m.end),
    )
    for claim in doc.claims:
        c = claim.claimant
        if c.start is None or c.end is None:
            continue
        inside = [m for m in ents if c.start <= m.start and m.end <= c.end]
        tops = _top_level(inside)
        if len(tops) >= 2 and all(
            _joined(doc, a, b, words.conjunctions) for a, b in zip(tops, tops[1:], strict=False)
        ):
            c.members = [_member(m, profiles) for m in tops]
            kinds = {m.source_type for m in c.members}
            c.source_type = kinds.pop() if len(kinds) == 1 else "mixed"
            c.name = " and ".join(m.name for m in c.members)
        elif tops:
            # The widest entity names the claimant: "een woordvoerder van het ministerie van
            # Defensie" is the ministry; "Minister … Dimitri Kuleba" the person.
            _fill(c, max(tops, key=lambda m: (m.kind != "place", m.end - m.start)), profiles)
        else:
            found = _antecedent(doc, ents, claim, words.determiners)
            if found is not None:
                _fill(c, found, profiles)
        claim.source_type = c.source_type
