"""Attribution cues compiled from a language's ``cues.toml`` and matched against tokens.

A pattern is literal words, optionally split by one gap ("maakte ... bekend") or by the source
slot ("по {X} словам"). The engine sees only the kind and the canonical key of a match.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..lang.loader import LanguageData, SpeakerWords, fold
from ..lang.schema import GAP, SLOT
from .text import Token

VERB = "verb"
ACCORDING_TO = "according_to"
QUOTE_INTRO = "quote_intro"

# Sentence-internal punctuation a gap or slot never crosses (keeps a separable verb's particle
# and a slotted source inside their clause).
_CLAUSE_END = frozenset(".!?;:")
MAX_GAP = 12  # tokens between a separable verb and its particle ("maakte een woordvoerder ...")
# Tokens in a slot between words ("по его словам", "uit onderzoek van het ICC blijkt").
MAX_INNER_SLOT = 12


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str
    key: str
    parts: tuple[tuple[str, ...], ...]  # literal word runs, split at the gap or the slot
    slot: int | None  # index into parts before which the slot sits; len(parts) = after all

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.parts)


@dataclass(slots=True)
class Match:
    pattern: Pattern
    first: int  # token index of the first cue word
    last: int  # token index of the last cue word (the particle for a separable verb)
    head_end: int  # token index just after the first literal run
    inner: tuple[int, int] | None  # token range of a gap or an inner slot


@dataclass(frozen=True, slots=True)
class CueIndex:
    by_first_word: dict[str, tuple[Pattern, ...]]
    complementisers: frozenset[str]
    speaker: SpeakerWords
    anaphors: frozenset[str] = frozenset()
    source_labels: frozenset[str] = frozenset()
    keys: dict[str, str] = field(default_factory=dict)  # cue form -> reporting-verb key


def cue_keys(data: LanguageData) -> dict[str, str]:
    """Cue (folded) -> its reporting-verb key.

    A pattern is known by its words joined ("called for") and by its longest word, which is the
    part the attribution stage keeps as the cue of a split verb ("riep … op" -> "riep"). A form
    that appears under several keys is ambiguous and left out.
    """
    seen: dict[str, set[str]] = {}
    for key, patterns in data.reporting_verbs.items():
        for pattern in patterns:
            words = [fold(w) for w in pattern.split() if w != "..."]
            for form in {" ".join(words), max(words, key=len)}:
                seen.setdefault(form, set()).add(key)
    return {form: next(iter(keys)) for form, keys in seen.items() if len(keys) == 1}


def cue_key(index: CueIndex, cue: str | None) -> str | None:
    """The canonical key of ``cue`` (its words as they stand in the text) among the reporting
    verbs of ``index``'s language, or None. The attribution stage sets it on each claim where
    it finds the cue, so that later stages see the key, never the surface."""
    return index.keys.get(" ".join(fold(cue).split())) if cue else None


def compile_cues(data: LanguageData) -> CueIndex:
    patterns: list[Pattern] = []
    for kind, table in (
        (VERB, data.reporting_verbs),
        (ACCORDING_TO, data.according_to),
        (QUOTE_INTRO, data.quote_intros),
    ):
        for key, texts in table.items():
            patterns.extend(_parse(kind, key, text) for text in texts)
    index: dict[str, list[Pattern]] = {}
    for p in patterns:
        index.setdefault(p.parts[0][0], []).append(p)
    # Longest first, so "a déclaré" wins over "déclaré" and "nach angaben von" over "nach angaben".
    return CueIndex(
        by_first_word={w: tuple(sorted(ps, key=lambda p: -p.size)) for w, ps in index.items()},
        complementisers=data.complementisers,
        anaphors=data.anaphors,
        source_labels=data.source_labels,
        speaker=data.speaker,
        keys=cue_keys(data),
    )


def _parse(kind: str, key: str, text: str) -> Pattern:
    parts: list[tuple[str, ...]] = []
    slot = None
    run: list[str] = []
    for word in text.split():
        if word in (GAP, SLOT):
            if run:
                parts.append(tuple(run))
            run = []
            if word == SLOT:
                slot = len(parts)
        else:
            run.append(word)
    if run:
        parts.append(tuple(run))
    return Pattern(kind, key, tuple(parts), slot)


def find_cues(tokens: list[Token], index: CueIndex) -> list[Match]:
    """Non-overlapping cue matches, left to right, the longest pattern winning at a position."""
    out: list[Match] = []
    used: set[int] = set()  # cue words already matched (a particle is not a new cue)
    for i, tok in enumerate(tokens):
        if i in used or not tok.is_word:
            continue
        for pattern in index.by_first_word.get(tok.low, ()):
            m = _match(tokens, i, pattern)
            if m is not None:
                out.append(m)
                used.update(range(i, m.head_end))
                if m.inner is not None:
                    used.update(range(m.inner[1], m.last + 1))
                break
    return out


def _run_at(tokens: list[Token], i: int, run: tuple[str, ...]) -> bool:
    if i + len(run) > len(tokens):
        return False
    return all(tokens[i + k].low == w for k, w in enumerate(run))


def _match(tokens: list[Token], i: int, p: Pattern) -> Match | None:
    head = p.parts[0]
    if not _run_at(tokens, i, head):
        return None
    head_end = i + len(head)
    if len(p.parts) == 1:
        return Match(p, i, head_end - 1, head_end, None)
    # Two runs: a gap (verbs) or an inner slot; find the second run inside the clause.
    tail = p.parts[1]
    limit = MAX_INNER_SLOT if p.slot == 1 else MAX_GAP
    for j in range(head_end, min(len(tokens), head_end + limit + 1)):
        if tokens[j].text in _CLAUSE_END:
            return None
        if _run_at(tokens, j, tail):
            if p.slot == 1 and j == head_end:
                continue  # an inner slot must hold at least one word
            return Match(p, i, j + len(tail) - 1, head_end, (head_end, j))
    # A separable verb may also appear without its particle in another tense: no match.
    return None
