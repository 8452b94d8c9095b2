"""Regular expressions built from the surface lists of the language data.

Surfaces are folded (lower case, ASCII apostrophe; see :func:`claimscope.lang.loader.fold`) and
compiled case-insensitively. In a surface a space matches any run of whitespace (also no-break
spaces) and ``'`` matches any apostrophe, so that "zo’n" and "zo'n" are one entry. A list of
surfaces becomes a character trie, not a flat alternation: Python's ``re`` tries the branches of
an alternation one by one, so a trie keeps a pattern of a few hundred words about as fast as one
of a few (measured in benchmarks/quantities_dates_speed.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...lang.loader import fold

APOSTROPHES = "'’ʼ"
_APOSTROPHE = "['’ʼ]"
_END = ""  # trie key marking the end of a surface


def normalise(surface: str) -> str:
    """The lookup form of a matched surface: folded, whitespace runs collapsed."""
    return " ".join(fold(surface).split())


def _tokens(surface: str) -> list[str]:
    out: list[str] = []
    for ch in surface:
        if ch.isspace():
            if out and out[-1] == r"\s+":
                continue
            out.append(r"\s+")
        elif ch in APOSTROPHES:
            out.append(_APOSTROPHE)
        else:
            out.append(re.escape(ch))
    return out


def _trie(surfaces: Iterable[str]) -> str:
    root: dict = {}
    for surface in surfaces:
        node = root
        for tok in _tokens(surface):
            node = node.setdefault(tok, {})
        node[_END] = {}
    return _emit(root)


def _emit(node: dict) -> str:
    ends = _END in node
    branches = [tok + _emit(child) for tok, child in sorted(node.items()) if tok != _END]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # Greedy: the longer surface is tried first, the shorter one on backtracking.
        return body + "?" if len(branches) == 1 and len(branches[0]) == 1 else f"(?:{body})?"
    return body


def alternation(
    surfaces: Iterable[str],
    *,
    bounded: bool = True,
    left: bool = True,
    lowercase_only: Iterable[str] = (),
) -> str:
    """A non-capturing pattern matching any of ``surfaces`` (to compile with re.IGNORECASE).

    ``bounded`` adds word boundaries where a surface starts or ends with a word character (a
    surface such as "mi-" or "€" needs none on that side); ``left=False`` leaves out the one
    before, for what may be glued to a number ("25m", "$1.2bn", "35%"). Surfaces in ``lowercase_only`` match
    only as written (German "morgen", tomorrow, but not "Morgen", the morning).
    """
    keep = sorted({fold(s) for s in surfaces if s})
    if not keep:
        return "(?!)"
    lower = {fold(s) for s in lowercase_only}
    groups: dict[tuple[bool, bool, bool], list[str]] = {}
    for s in keep:
        key = (s in lower, bounded and left and _is_word(s[0]), bounded and _is_word(s[-1]))
        groups.setdefault(key, []).append(s)
    parts = []
    for (exact, left, right), items in sorted(groups.items()):
        body = _trie(items)
        if exact:
            body = f"(?-i:{body})"
        parts.append(("(?<!\\w)" if left else "") + body + ("(?!\\w)" if right else ""))
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def compile_ci(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def lookup(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Surface (in :func:`normalise` form) -> canonical key. A surface listed under two keys
    keeps the first."""
    out: dict[str, str] = {}
    for key, surfaces in table.items():
        for s in surfaces:
            out.setdefault(normalise(s), key)
    return out
