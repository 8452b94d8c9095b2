"""Read and validate conflict profiles (TOML data files) into a :class:`ProfileSet`.

``base.toml`` holds actors that appear in news about any conflict (states and their leaders,
international organisations, observers, news media), each with a default role. A conflict
profile (``russia-ukraine.toml``, ``israel-hamas.toml``, or a user's own file) adds that
conflict's parties and organs and may re-assign roles of base entities in its ``[roles]`` table:
Israel is a third party to the Russia–Ukraine war and a party to the Gaza war. Every error names
the file and the key and says what was expected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources as package_files
from pathlib import Path
from typing import Any

from ..errors import ClaimscopeError
from ..lang.loader import available_languages
from ..model import Entity

BASE = "base"
_PACKAGE = "claimscope.profiles"
ROLES = ("party", "third_party", "observer", "media")
# Entity type -> the mention kind it is found as.
TYPES = {
    "person": "person",
    "organization": "organization",
    "government": "organization",
    "media": "organization",
    "country": "place",
    "military_unit": "military_unit",
}
_ID = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ENTITY_KEYS = {
    "id", "name", "type", "country", "role", "side", "member_of", "speaks_for", "names",
    "generic", "offices", "short",
}  # fmt: skip
_OFFICE_KEYS = {"key", "country", "from", "until"}


class ProfileError(ClaimscopeError):
    """A conflict profile file is malformed or refers to an unknown entity."""


@dataclass(frozen=True, slots=True)
class Office:
    key: str  # a [generic] key of the language data, e.g. "foreign_minister"
    country: str
    start: str = ""
    until: str = ""

    def holds(self, date: str | None) -> bool:
        """True when the office is held at some point of ``date`` (YYYY, YYYY-MM or YYYY-MM-DD).

        Without a date, the current holder (no end date) holds it.
        """
        if not date:
            return not self.until
        first, last = (date + "-00-00")[:10], (date + "-99-99")[:10]
        return (not self.start or self.start <= last) and (not self.until or self.until >= first)


@dataclass(slots=True)
class EntityRecord:
    entity: Entity
    source: str  # file:key where it is defined
    side: str | None = None
    member_of: tuple[str, ...] = ()
    speaks_for: tuple[str, ...] = ()
    generic: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    short: bool = True
    roles: dict[str, str] = field(default_factory=dict)  # profile id -> role


@dataclass(frozen=True, slots=True)
class ProfileInfo:
    id: str
    name: str
    file: str
    region: tuple[str, ...]


def shipped_profiles() -> tuple[str, ...]:
    """Names of the conflict profiles shipped with the package (``base`` excluded)."""
    root = package_files.files(_PACKAGE)
    names = [e.name[:-5] for e in root.iterdir() if e.name.endswith(".toml")]
    return tuple(sorted(n for n in names if n != BASE))


def _read(name: str) -> tuple[str, dict[str, Any]]:
    """``name`` is a shipped profile name or a path to a .toml file."""
    if name.endswith(".toml") or "/" in name or "\\" in name:
        path = Path(name)
        label = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ProfileError(f"{label}: cannot read profile: {exc.strerror}") from exc
    else:
        label = f"profiles/{name}.toml"
        res = package_files.files(_PACKAGE).joinpath(f"{name}.toml")
        if not res.is_file():
            known = ", ".join(shipped_profiles())
            raise ProfileError(f"{label}: no such profile (shipped: {known}); or give a path")
        text = res.read_text(encoding="utf-8")
    try:
        return label, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{label}: not valid TOML: {exc}") from exc


def _fail(where: str, key: str, message: str) -> ProfileError:
    return ProfileError(f"{where}: {key}: {message}")


def _str(value: Any, where: str, key: str, pattern: re.Pattern[str] | None = None) -> str:
    if not isinstance(value, str) or not value.strip():
        return _raise(_fail(where, key, f"expected a non-empty string, found {value!r}"))
    if pattern is not None and not pattern.match(value):
        raise _fail(where, key, f"{value!r} does not match {pattern.pattern}")
    return value


def _raise(exc: ProfileError) -> Any:
    raise exc


def _str_list(value: Any, where: str, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(where, key, f"expected a list of non-empty strings, found {value!r}")
    return tuple(value)


def _entity(
    raw: Any, where: str, index: int, profile_id: str, langs: frozenset[str]
) -> EntityRecord:
    key = f"entity[{index}]"
    if not isinstance(raw, dict):
        raise _fail(where, key, "expected a table ([[entity]])")
    if "id" in raw and isinstance(raw["id"], str):
        key = f"entity {raw['id']!r}"
    unknown = set(raw) - _ENTITY_KEYS
    if unknown:
        known = ", ".join(sorted(_ENTITY_KEYS))
        raise _fail(where, key, f"unknown key {sorted(unknown)[0]!r} (known: {known})")
    for required in ("id", "name", "type"):
        if required not in raw:
            raise _fail(where, key, f"missing required key {required!r}")
    ent_id = _str(raw["id"], where, f"{key}.id", _ID)
    etype = _str(raw["type"], where, f"{key}.type")
    if etype not in TYPES:
        raise _fail(where, f"{key}.type", f"{etype!r} is not one of {', '.join(TYPES)}")
    country = raw.get("country")
    if country is not None:
        country = _str(country, where, f"{key}.country", _ISO2)
    role = raw.get("role")
    if role is not None and role not in ROLES:
        raise _fail(where, f"{key}.role", f"{role!r} is not one of {', '.join(ROLES)}")
    names_raw = raw.get("names", {})
    if not isinstance(names_raw, dict):
        raise _fail(where, f"{key}.names", "expected a table of language -> list of names")
    names: dict[str, list[str]] = {}
    for lang, values in names_raw.items():
        if lang not in langs:
            known = ", ".join(sorted(langs))
            raise _fail(
                where,
                f"{key}.names.{lang}",
                f"unknown language (known: {known}; a language is a folder lang/<code>/)",
            )
        names[lang] = list(_str_list(values, where, f"{key}.names.{lang}"))
    offices = []
    for i, office in enumerate(raw.get("offices", [])):
        okey = f"{key}.offices[{i}]"
        if not isinstance(office, dict) or "key" not in office:
            raise _fail(where, okey, "expected a table with at least 'key'")
        if set(office) - _OFFICE_KEYS:
            bad = sorted(set(office) - _OFFICE_KEYS)[0]
            raise _fail(where, okey, f"unknown key {bad!r} (known: {sorted(_OFFICE_KEYS)})")
        for date_key in ("from", "until"):
            if date_key in office:
                _str(office[date_key], where, f"{okey}.{date_key}", _DATE)
        ocountry = office.get("country", country)
        if ocountry is None:
            raise _fail(where, okey, "no country (give the entity or the office a country)")
        offices.append(
            Office(
                _str(office["key"], where, f"{okey}.key"),
                _str(ocountry, where, f"{okey}.country", _ISO2),
                office.get("from", ""),
                office.get("until", ""),
            )
        )
    short = raw.get("short", True)
    if not isinstance(short, bool):
        raise _fail(where, f"{key}.short", "expected true or false")
    record = EntityRecord(
        entity=Entity(ent_id, _str(raw["name"], where, f"{key}.name"), etype, country, role, names),
        source=f"{where}: {key}",
        side=raw.get("side"),
        member_of=_str_list(raw.get("member_of", []), where, f"{key}.member_of"),
        speaks_for=_str_list(raw.get("speaks_for", []), where, f"{key}.speaks_for"),
        generic=_str_list(raw.get("generic", []), where, f"{key}.generic"),
        offices=tuple(offices),
        short=short,
    )
    if role is not None:
        record.roles[profile_id] = role
    return record


def read_profile(name: str) -> tuple[ProfileInfo, list[EntityRecord], dict[str, str]]:
    """Parse one profile file: its header, its entities and its role overrides."""
    where, data = _read(name)
    unknown = set(data) - {"profile", "entity", "roles"}
    if unknown:
        raise _fail(where, sorted(unknown)[0], "unknown key (known: profile, entity, roles)")
    head = data.get("profile")
    if not isinstance(head, dict):
        raise _fail(where, "profile", "missing [profile] table with id and name")
    pid = _str(head.get("id"), where, "profile.id", _ID)
    info = ProfileInfo(
        pid,
        _str(head.get("name"), where, "profile.name"),
        where,
        _str_list(head.get("region", []), where, "profile.region"),
    )
    for code in info.region:
        _str(code, where, "profile.region", _ISO2)
    entities_raw = data.get("entity", [])
    if not isinstance(entities_raw, list):
        raise _fail(where, "entity", "expected an array of tables ([[entity]])")
    langs = frozenset(available_languages())  # names may be given in any language with data
    records = [_entity(raw, where, i, pid, langs) for i, raw in enumerate(entities_raw)]
    seen: dict[str, int] = {}
    for i, rec in enumerate(records):
        if rec.entity.id in seen:
            raise _fail(where, f"entity[{i}].id", f"{rec.entity.id!r} is defined twice")
        seen[rec.entity.id] = i
    roles = data.get("roles", {})
    if not isinstance(roles, dict):
        raise _fail(where, "roles", "expected a table of entity id -> role")
    for ent_id, role in roles.items():
        if role not in ROLES:
            raise _fail(where, f"roles.{ent_id}", f"{role!r} is not one of {', '.join(ROLES)}")
    return info, records, dict(roles)
