"""Conflict profiles: loading, validation errors that name the file and key, roles per conflict,
and the entity()/source_type_of() API."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from claimscope.profiles import (
    ProfileError,
    build_profile_set,
    entity,
    load_profiles,
    shipped_profiles,
    source_type_of,
)
from claimscope.resources import Resources
from claimscope.settings import Settings
from claimscope.stages.mentions.gazetteer import profile_set


def test_profiles_shipped_load_and_validate() -> None:
    assert {"russia-ukraine", "israel-hamas"} <= set(shipped_profiles())
    profiles = load_profiles()
    assert {p.id for p in profiles.profiles} >= {"russia-ukraine", "israel-hamas"}
    for rec in profiles.records.values():
        assert rec.entity.role in ("party", "third_party", "observer", "media")


def test_profiles_entity_and_source_type_api() -> None:
    mod = entity("ru.mod")
    assert (mod.name, mod.type, mod.country) == (
        "Ministry of Defence of Russia",
        "government",
        "RU",
    )
    assert source_type_of("ru.mod") == "party"
    assert source_type_of("ru.konashenkov") == "party"  # inherited through speaks_for
    assert source_type_of("maxar") == "observer"
    assert source_type_of("us.blinken") == "third_party"
    assert source_type_of("media.reuters") == "media"
    assert source_type_of("no.such.entity") == "unknown"
    assert source_type_of(None) == "unknown"
    with pytest.raises(KeyError, match="no entity 'nobody'"):
        entity("nobody")


def test_profiles_roles_depend_on_the_conflict() -> None:
    profiles = load_profiles()
    assert profiles.source_type_of("il.netanyahu", "israel-hamas") == "party"
    assert profiles.source_type_of("il.netanyahu", "russia-ukraine") == "third_party"
    assert profiles.source_type_of("ru.putin", "russia-ukraine") == "party"
    assert profiles.source_type_of("ru.putin", "israel-hamas") == "third_party"
    assert profiles.source_type_of("il", "israel-hamas") == "party"
    assert profiles.source_type_of("il", "russia-ukraine") == "third_party"


def test_profiles_offices_by_date() -> None:
    profiles = load_profiles()
    assert profiles.office_holders("foreign_minister", "UA", "2022-02") == ["ua.kuleba"]
    assert profiles.office_holders("foreign_minister", "UA", "2024-10-01") == ["ua.sybiha"]
    assert profiles.office_holders("defence_minister", "RU", "2024-05") == [
        "ru.shoigu",
        "ru.belousov",
    ]
    assert profiles.with_generic("defence_ministry", "RU") == ["ru.mod"]


def test_profiles_second_profile_alone(tmp_path: Path) -> None:
    only = load_profiles(("israel-hamas",))
    assert [p.id for p in only.profiles] == ["israel-hamas"]
    assert "il.netanyahu" in only and "ru.putin" not in only
    assert only.entity("il.netanyahu").role == "party"


def _write(tmp_path: Path, body: str) -> str:
    path = tmp_path / "mine.toml"
    path.write_text('[profile]\nid = "mine"\nname = "Mine"\n' + body, encoding="utf-8")
    return str(path)


BAD = [
    ('[[entity]]\nname = "X"\ntype = "person"\nrole = "party"\n', "entity[0]: missing required key 'id'"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nrole = "winner"\n', "entity 'x.a'.role: 'winner' is not one of"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "robot"\nrole = "party"\n', "entity 'x.a'.type: 'robot' is not one of"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nrole = "party"\ncountry = "Russia"\n', "entity 'x.a'.country"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nrole = "party"\nnames.xx = ["X"]\n', "entity 'x.a'.names.xx: unknown language"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nrole = "party"\nnames.nl = "X"\n', "entity 'x.a'.names.nl: expected a list"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nmember_of = ["x.nowhere"]\nrole = "party"\n', "member_of: unknown entity id 'x.nowhere'"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\n', "no role, and none to inherit"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nrole = "party"\noffices = [{ key = "president", from = "2020/01/01" }]\n', "entity 'x.a'.offices[0].from"),
    ('[[entity]]\nid = "x.a"\nname = "X"\ntype = "person"\nrole = "party"\ncolour = "red"\n', "entity 'x.a': unknown key 'colour'"),
    ('[roles]\nru = "enemy"\n', "roles.ru: 'enemy' is not one of"),
    ('[roles]\nnobody = "party"\n', "roles.nobody: unknown entity id"),
    ('[[entity]]\nid = "ru"\nname = "Russia"\ntype = "country"\nrole = "party"\n', "id 'ru' is already defined in profiles/base.toml"),
    ("[[entity]\n", "not valid TOML"),
]  # fmt: skip


@pytest.mark.parametrize(("body", "message"), BAD, ids=[m for _, m in BAD])
def test_profiles_errors_name_file_and_key(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, body)
    with pytest.raises(ProfileError) as err:
        build_profile_set([path])
    assert str(err.value).startswith(path) or path in str(err.value)
    assert message in str(err.value)


def test_profiles_unknown_shipped_name() -> None:
    with pytest.raises(ProfileError, match="no such profile .*russia-ukraine"):
        build_profile_set(["atlantis"])


def test_profiles_user_file_is_a_whole_profile(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'region = ["SD"]\n[[entity]]\nid = "sd.rsf"\nname = "Rapid Support Forces"\n'
        'type = "military_unit"\ncountry = "SD"\nrole = "party"\n'
        'names.en = ["Rapid Support Forces", "RSF"]\nnames.nl = ["Rapid Support Forces"]\n',
    )

    # Settings.profiles names the active profiles; a subclass stands in until settings.py has it.
    @dataclass
    class WithProfiles(Settings):
        profiles: tuple[str, ...] = ()

    profiles = profile_set(Resources(WithProfiles(profiles=(path,))))
    assert profiles.source_type_of("sd.rsf") == "party"
    assert "ru.putin" not in profiles and "us.blinken" in profiles  # base stays loaded
