"""Word lists of the language data compiled to regular expressions, and lookups over them.

Every lexicon of ``lang/<code>/`` (event triggers, modality and stance markers, evidence words,
source nouns) is a list of lower-case surfaces under a canonical key. A surface matches where a
word starts; with ``whole_word`` it must also end one. Inside a surface a space matches any run
of whitespace and ``...`` a gap of up to :data:`MAX_GAP_WORDS` words that does not cross a
sentence-internal stop (``laten ... zien``, ``wies ... zurück``). A surface of at most
:data:`SHORT_SURFACE` characters matches a whole word only ("met", "top", "мэр"). Written here
because the gap rule, the per-key ranking and the first-word index are ours; each surface is
still matched by :mod:`re`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..lang.schema import GAP

# Words a "..." gap may span: a separable verb's object or subject ("laten nieuwe foto's juist
# toegenomen militaire activiteiten zien" has 6).
MAX_GAP_WORDS = 8
_GAP = rf"(?:[^\w.;:!?]+\w+){{0,{MAX_GAP_WORDS}}}?[^\w.;:!?]+"
# What an empty word list compiles to: a pattern that never matches.
NEVER = re.compile(r"(?!x)x")


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
    body = "|".join(_surface_regex(s) for s in alts) or NEVER.pattern
    end = r"(?!\w)" if whole_word else ""
    return re.compile(rf"(?<!\w)(?:{body}){end}", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    start: int
    end: int


_WORD = re.compile(r"\w+")


# Word forms whose filed surfaces a Ranked table remembers before it starts afresh.
MAX_FILED = 200_000


class Ranked:
    """Keys in precedence order, each with its surfaces.

    Lookups go word by word: every surface is filed under its first word (a stem or a whole
    word), and at each word of the text only the surfaces filed under a prefix of that word are
    tried. One regular expression with hundreds of alternatives (tried first) cost the
    narration stage 70 µs a sentence; this index is several times faster (benchmarks/
    pipeline_speed.py).
    """

    __slots__ = ("_filed", "_heads", "_longest", "_loose", "items")

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
        end = r"(?!\w)" if whole_word else ""
        self._heads: dict[str, list[tuple[int, str, re.Pattern[str]]]] = {}
        loose = []  # surfaces that open with a sign ("$"), tried everywhere
        for rank, key in enumerate(keys):
            for surface in sorted(set(table[key]), key=len, reverse=True):
                pattern = re.compile(_surface_regex(surface) + end, re.IGNORECASE)
                head = _WORD.match(surface)
                if head is None:
                    loose.append(f"(?P<g{rank}>{pattern.pattern})")
                else:
                    self._heads.setdefault(head.group(), []).append((rank, key, pattern))
        self._loose = re.compile("|".join(loose), re.IGNORECASE) if loose else None
        # Prefixes longer than the longest first word cannot be filed: looking them up too made
        # each word cost the square of its length (one 1 MB "word" took 113 s).
        self._longest = max(map(len, self._heads), default=0)
        self._filed: dict[str, tuple[tuple[int, str, re.Pattern[str]], ...]] = {}

    def _file(self, word: str) -> tuple[tuple[int, str, re.Pattern[str]], ...]:
        """The surfaces filed under a prefix of ``word``, remembered per word form (text
        repeats its words: most lookups are of a form seen before)."""
        heads = self._heads
        found = tuple(
            entry
            for n in range(1, min(len(word), self._longest) + 1)
            for entry in heads.get(word[:n], ())
        )
        if len(self._filed) >= MAX_FILED:
            self._filed.clear()
        self._filed[word] = found
        return found

    def _matches(self, text: str, pos: int, end: int) -> list[tuple[int, int, int, str]]:
        """``(start, rank, -end, key)`` of every surface matching at a word start."""
        out = []
        filed = self._filed
        for m in _WORD.finditer(text, pos, end):
            word = m.group().lower()
            candidates = filed.get(word)
            if candidates is None:
                candidates = self._file(word)
            if not candidates:
                continue
            at = m.start()
            for rank, key, pattern in candidates:
                found = pattern.match(text, at, end)
                if found is not None:
                    out.append((at, rank, -found.end(), key))
        if self._loose is not None:
            keys = [k for k, _ in self.items]
            for m in self._loose.finditer(text, pos, end):
                if m.lastgroup:
                    rank = int(m.lastgroup[1:])
                    out.append((m.start(), rank, -m.end(), keys[rank]))
        return out

    def first(self, text: str, pos: int = 0, endpos: int | None = None) -> Hit | None:
        """The highest-ranked key with a match in ``text[pos:endpos]``, at its first match."""
        end = len(text) if endpos is None else endpos
        found = self._matches(text, pos, end)
        if not found:
            return None
        start, _, neg_end, key = min(found, key=lambda f: (f[1], f[0], f[2]))
        return Hit(key, start, -neg_end)

    def all(self, text: str, pos: int = 0, endpos: int | None = None) -> list[Hit]:
        """The matches of all keys in ``text[pos:endpos]``, in text order, not overlapping:
        where several start at one word, the higher-ranked key (then the longer) wins."""
        end = len(text) if endpos is None else endpos
        hits: list[Hit] = []
        last = pos
        for start, _, neg_end, key in sorted(self._matches(text, pos, end)):
            if start >= last:
                hits.append(Hit(key, start, -neg_end))
                last = -neg_end
        return hits


def stem_matches(word: str, stems: tuple[str, ...], min_prefix: int = 4) -> bool:
    """Whether a (lower-case) word starts with one of ``stems``; stems shorter than
    ``min_prefix`` characters must equal the word (Ukrainian "мер", mayor, must not take
    "мережа", network)."""
    return any(word == s or (len(s) >= min_prefix and word.startswith(s)) for s in stems)
