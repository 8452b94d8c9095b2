"""Conflict profiles: who the parties, third parties, observers and media of a conflict are.

A profile is a data file (``profiles/<name>.toml``, or any .toml path); see ``base.toml`` for the
format. Which profiles are active is a setting (``Settings.profiles``: names or paths; default:
every shipped profile). ``base.toml`` is always loaded under them.

    >>> from claimscope.profiles import entity, source_type_of
    >>> entity("ru.mod").name
    'Ministry of Defence of Russia'
    >>> source_type_of("ru.mod")
    'party'
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..model import Entity
from .loader import (
    BASE,
    ROLES,
    TYPES,
    EntityRecord,
    Office,
    ProfileError,
    ProfileInfo,
    read_profile,
    shipped_profiles,
)

__all__ = [
    "ROLES", "TYPES", "EntityRecord", "Office", "ProfileError", "ProfileInfo",
    "ProfileSet", "entity", "load_profiles", "shipped_profiles", "source_type_of",
]  # fmt: skip


class ProfileSet:
    """The merged entities of ``base`` and the active conflict profiles, with lookups."""

    def __init__(self, profiles: Sequence[ProfileInfo], records: dict[str, EntityRecord]) -> None:
        self.profiles = tuple(profiles)
        self.records = records
        self._countries = {
            r.entity.country: i
            for i, r in records.items()
            if r.entity.type == "country" and r.entity.country
        }

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.records

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id; raises KeyError naming the active profiles if unknown."""
        try:
            return self.records[entity_id].entity
        except KeyError:
            active = ", ".join(p.id for p in self.profiles)
            raise KeyError(f"no entity {entity_id!r} in the active profiles ({active})") from None

    def source_type_of(self, entity_id: str | None, profile: str | None = None) -> str:
        """``party``/``third_party``/``observer``/``media`` in ``profile`` (default: the entity's
        own role), or ``unknown`` for an entity that no active profile knows.

        An entity that ``profile`` does not mention takes its base role, else the role there of
        its country: Netanyahu (a party in israel-hamas) is a third party in russia-ukraine.
        """
        rec = self.records.get(entity_id or "")
        if rec is None:
            return "unknown"
        if profile is None:
            return rec.entity.role or "unknown"
        for pid in (profile, BASE):
            if pid in rec.roles:
                return rec.roles[pid]
        country = self.country_entity(rec.entity.country)
        if country is not None and country != rec.entity.id:
            return self.source_type_of(country, profile)
        return rec.entity.role or "unknown"

    def country_entity(self, iso2: str | None) -> str | None:
        """The id of the entity of type country for ``iso2``, if a profile has one."""
        return self._countries.get(iso2 or "")

    def with_generic(self, key: str, country: str | None) -> list[str]:
        """Entities that are the ``key`` organ of ``country`` (``defence_ministry``, RU)."""
        return [
            i for i, r in self.records.items() if key in r.generic and r.entity.country == country
        ]

    def office_holders(self, key: str, country: str, date: str | None) -> list[str]:
        """Persons holding office ``key`` for ``country`` at ``date``."""
        return [
            i
            for i, r in self.records.items()
            if any(o.key == key and o.country == country and o.holds(date) for o in r.offices)
        ]


def _resolve_roles(records: dict[str, EntityRecord], order: Sequence[str]) -> None:
    # A person or unit without a role takes the roles of what it speaks for or belongs to.
    for _ in range(4):  # links are at most a few levels deep (minister -> ministry -> state)
        for rec in records.values():
            if rec.roles:
                continue
            for target in (*rec.speaks_for, *rec.member_of):
                parent = records.get(target)
                if parent is not None and parent.roles:
                    rec.roles.update(parent.roles)
                    break
    # The role shown on the Entity: the first active conflict profile's, else the base one.
    for rec in records.values():
        for pid in (*order, BASE):
            if pid in rec.roles:
                rec.entity.role = rec.roles[pid]
                break


def _check_links(records: dict[str, EntityRecord]) -> None:
    for rec in records.values():
        for key in ("member_of", "speaks_for"):
            for target in getattr(rec, key):
                if target not in records:
                    raise ProfileError(f"{rec.source}: {key}: unknown entity id {target!r}")
        if rec.side is not None and rec.side not in records:
            raise ProfileError(f"{rec.source}: side: unknown entity id {rec.side!r}")
        if not rec.entity.role:
            raise ProfileError(
                f"{rec.source}: no role, and none to inherit through speaks_for/member_of; "
                f"add role = one of {', '.join(ROLES)}"
            )


def build_profile_set(names: Sequence[str] | None = None) -> ProfileSet:
    """Load ``base`` and ``names`` (shipped names or .toml paths; None: every shipped one)."""
    active = tuple(names) if names is not None else shipped_profiles()
    infos: list[ProfileInfo] = []
    records: dict[str, EntityRecord] = {}
    overrides: list[tuple[str, str, dict[str, str]]] = []
    for name in (BASE, *[n for n in active if n != BASE]):
        info, recs, roles = read_profile(name)
        if info.id != BASE:
            infos.append(info)
        for rec in recs:
            if rec.entity.id in records:
                first = records[rec.entity.id].source
                raise ProfileError(
                    f"{rec.source}: id {rec.entity.id!r} is already defined in {first}"
                )
            records[rec.entity.id] = rec
        overrides.append((info.file, info.id, roles))
    for where, pid, roles in overrides:
        for ent_id, role in roles.items():
            if ent_id not in records:
                raise ProfileError(f"{where}: roles.{ent_id}: unknown entity id")
            records[ent_id].roles[pid] = role
    _resolve_roles(records, [i.id for i in infos])
    _check_links(records)
    return ProfileSet(infos, records)


@lru_cache(maxsize=8)
def load_profiles(names: tuple[str, ...] | None = None) -> ProfileSet:
    """:func:`build_profile_set`, memoised: profiles are read-only data, loaded once per set."""
    return build_profile_set(names)


def entity(entity_id: str, profiles: tuple[str, ...] | None = None) -> Entity:
    """The :class:`~claimscope.model.Entity` with this id in the given (default: all) profiles."""
    return load_profiles(profiles).entity(entity_id)


def source_type_of(
    entity_id: str | None, profile: str | None = None, profiles: tuple[str, ...] | None = None
) -> str:
    """The source type of an entity: its role (in ``profile`` if given), or ``unknown``."""
    return load_profiles(profiles).source_type_of(entity_id, profile)
