"""The assessment policy: a TOML file the user can read, copy and edit (``--policy FILE``).

See ``policies/default.toml`` for what every key means. The file is validated here, at the edge;
errors name the file and the key.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ClaimscopeError
from ..model import EVENT_TYPES, SOURCE_TYPES

EVIDENCE_KEYS = ("satellite_imagery", "video", "photo", "document", "estimate", "statement", "none")
STANCES = ("doubts", "denies", "supports")


class PolicyError(ClaimscopeError):
    """A policy file is missing, not TOML, or lacks or mistypes a key."""


@dataclass(frozen=True, slots=True)
class Axis:
    name: str
    label: str
    events: dict[str, int]  # event type -> direction (+1 / -1)
    own_side: bool


@dataclass(frozen=True, slots=True)
class Policy:
    name: str  # file it came from
    digest: str  # content hash: a ledger assessed under another policy is re-assessed whole
    axes: tuple[Axis, ...]
    source_weights: dict[str, float]
    evidence_weights: dict[str, float]
    stance_weights: dict[str, float]
    decide: float
    dominance: float
    tolerance_days: int
    max_span_days: int

    def axis_of(self, event_type: str) -> Axis | None:
        for axis in self.axes:
            if event_type in axis.events:
                return axis
        return None


def load_policy(path: str | Path | None = None) -> Policy:
    """The policy in ``path``, or the shipped default (``policies/default.toml``)."""
    if path is None:
        text = resources.files("claimscope").joinpath("policies", "default.toml").read_text("utf-8")
        name = "default"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as e:
            raise PolicyError(f"{path}: cannot read the policy ({e.strerror})") from e
        name = str(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PolicyError(f"{name}: not valid TOML: {e}") from e
    return _build(name, hashlib.blake2b(text.encode(), digest_size=8).hexdigest(), data)


def _need(data: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise PolicyError(f"{where}: key {key} is missing (see policies/default.toml)")
    value = data[key]
    if not isinstance(value, kind) or isinstance(value, bool) and kind is not bool:
        raise PolicyError(f"{where}: {key}: expected {_kind(kind)}, found {type(value).__name__}")
    return value


def _kind(kind: type | tuple[type, ...]) -> str:
    names = {dict: "a table", str: "a string", bool: "true or false", int: "a number"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _weights(table: dict[str, Any], keys: tuple[str, ...], where: str) -> dict[str, float]:
    out = {}
    for key in keys:
        value = _need(table, key, where, (int, float))
        if value < 0:
            raise PolicyError(f"{where}: {key}: a weight cannot be negative")
        out[key] = float(value)
    unknown = set(table) - set(keys)
    if unknown:
        raise PolicyError(f"{where}: unknown key {sorted(unknown)[0]} (known: {', '.join(keys)})")
    return out


def _build(name: str, digest: str, data: dict[str, Any]) -> Policy:
    axes = []
    for axis_name, raw in _need(data, "axes", name, dict).items():
        where = f"{name}: [axes.{axis_name}]"
        if not isinstance(raw, dict):
            raise PolicyError(f"{where}: expected a table")
        events = _need(raw, "events", where, dict)
        for event, direction in events.items():
            if event not in EVENT_TYPES:
                raise PolicyError(f"{where}: events: {event!r} is not a PLOVER event type")
            if direction not in (1, -1) or isinstance(direction, bool):
                raise PolicyError(f"{where}: events.{event}: direction must be 1 or -1")
        axes.append(
            Axis(
                axis_name,
                _need(raw, "label", where, str),
                dict(events),
                _need(raw, "own_side", where, bool),
            )
        )
    seen: dict[str, str] = {}
    for axis in axes:
        for event in axis.events:
            if event in seen:
                raise PolicyError(f"{name}: {event} is on two axes ({seen[event]}, {axis.name})")
            seen[event] = axis.name
    weights = _need(data, "weights", name, dict)
    source_types = tuple(t for t in SOURCE_TYPES if t != "mixed")  # mixed: its members'
    thresholds = _need(data, "thresholds", name, dict)
    situations = _need(data, "situations", name, dict)
    return Policy(
        name=name,
        digest=digest,
        axes=tuple(axes),
        source_weights=_weights(
            _need(weights, "source_type", f"{name}: [weights]", dict),
            source_types,
            f"{name}: [weights.source_type]",
        ),
        evidence_weights=_weights(
            _need(weights, "evidence", f"{name}: [weights]", dict),
            EVIDENCE_KEYS,
            f"{name}: [weights.evidence]",
        ),
        stance_weights=_weights(_need(data, "stances", name, dict), STANCES, f"{name}: [stances]"),
        decide=float(_need(thresholds, "decide", f"{name}: [thresholds]", (int, float))),
        dominance=float(_need(thresholds, "dominance", f"{name}: [thresholds]", (int, float))),
        tolerance_days=int(_need(situations, "tolerance_days", f"{name}: [situations]", int)),
        max_span_days=int(_need(situations, "max_span_days", f"{name}: [situations]", int)),
    )
