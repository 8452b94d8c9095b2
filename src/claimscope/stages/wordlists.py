"""Word lists of the language data compiled to regular expressions, and lookups over them.

Every lexicon of ``lang/<code>/`` (event triggers, modality and stance markers, evidence words,
source nouns) is a list of lower-case surfaces under a canonical key. A surface matches where a
word starts; with ``whole_word`` it must also end one. Inside a surface a space matches any run
of whitespace and ``...`` a gap of up to :data:`MAX_GAP_WORDS` words that does not cross a
sentence-internal stop (``laten ... zien``, ``wies ... zurück``). A surface of at most
:data:`SHORT_SURFACE` characters matches a whole word only ("met", "top", "мэр"). Written here because the
gap rule and the per-key ranking are ours; the matching itself is :mod:`re`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.schema import GAP

# Words a "..." gap may span: a separable verb's object or subject ("laten nieuwe foto's juist
# toegenomen militaire activiteiten zien" has 6).
MAX_GAP_WORDS = 8
_GAP = rf"(?:[^\w.;:!?]+\w+){{0,{MAX_GAP_WORDS}}}?[^\w.;:!?]+"


# Surfaces this short match whole words only ("met" is not a stem of "method").
SHORT_SURFACE = 3


def _surface_regex(surface: str) -> str:
    # The data is folded ("d'après"); the text may use any apostrophe ("d’après").
    parts = [
        re.escape(p.strip()).replace(r"\ ", r"\s+").replace("'", "['’ʼ]")
        for p in surface.split(GAP)
    ]
    body = _GAP.join(p for p in parts if p)
    short = len(surface) <= SHORT_SURFACE and surface[-1:].isalnum()
    return body + r"(?!\w)" if short else body


def word_pattern(surfaces: tuple[str, ...] | list[str], whole_word: bool) -> re.Pattern[str]:
    """One pattern for all ``surfaces``, longest first ("drone strike" before "drone")."""
    alts = sorted(set(surfaces), key=len, reverse=True)
    body = "|".join(_surface_regex(s) for s in alts) or r"(?!x)x"
    end = r"(?!\w)" if whole_word else ""
    return re.compile(rf"(?<!\w)(?:{body}){end}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    start: int
    end: int


class Ranked:
    """Keys in precedence order, each with the pattern of its surfaces."""

    __slots__ = ("_any", "items")

    def __init__(
        self,
        table: dict[str, tuple[str, ...]] | None,
        order: tuple[str, ...] | None = None,
        whole_word: bool = False,
    ) -> None:
        table = table or {}
        keys = [k for k in (order or tuple(table)) if table.get(k)]
        self.items: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
            (k, word_pattern(table[k], whole_word)) for k in keys
        )
        # One scan for all keys (measured: the narration stage ran 16 scans per sentence).
        # Where matches of several keys start at one position, the higher-ranked key wins.
        self._any = re.compile(
            "|".join(f"(?P<g{i}>{p.pattern})" for i, (_, p) in enumerate(self.items)) or "(?!x)x",
            re.IGNORECASE,
        )

    def first(self, text: str, pos: int = 0, endpos: int | None = None) -> Hit | None:
        """The highest-ranked key with a match in ``text[pos:endpos]``, at its first match."""
        end = len(text) if endpos is None else endpos
        for key, pattern in self.items:
            m = pattern.search(text, pos, end)
            if m is not None:
                return Hit(key, m.start(), m.end())
        return None

    def all(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Hit]:
        """The matches of all keys in ``text[pos:endpos]``, in text order, not overlapping."""
        end = len(text) if endpos is None else endpos
        keys = [k for k, _ in self.items]
        return [
            Hit(keys[int(m.lastgroup[1:])], m.start(), m.end())
            for m in self._any.finditer(text, pos, end)
            if m.lastgroup
        ]


def stem_matches(word: str, stems: tuple[str, ...], min_prefix: int = 4) -> bool:
    """Whether a (lower-case) word starts with one of ``stems``; stems shorter than
    ``min_prefix`` characters must equal the word (Ukrainian "мер", mayor, must not take
    "мережа", network)."""
    return any(word == s or (len(s) >= min_prefix and word.startswith(s)) for s in stems)
