"""Attribution cues compiled from a language's ``cues.toml`` and matched against tokens.

A pattern is literal words, optionally split by one gap ("maakte ... bekend") or by the source
slot ("по {X} словам"). The engine sees only the kind and the canonical key of a match.

Lemma patterns ([reporting_lemmas], cues_mined.toml) compare their words with the lemma of each
text word: simplemma (nl en de fr) or pymorphy3 (ru uk), chosen by ``lemmatizer`` in cues.toml.
The lemma of a word form is computed once per form and language (a dict per CueIndex).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from ..lang.loader import LanguageData, SpeakerWords, fold
from ..lang.schema import GAP, SLOT
from ..resources import WORD_CACHE, Resources
from .text import Token

VERB = "verb"
ACCORDING_TO = "according_to"
QUOTE_INTRO = "quote_intro"

# Sentence-internal punctuation a gap or slot never crosses (keeps a separable verb's particle
# and a slotted source inside their clause).
_CLAUSE_END = frozenset(".!?;:")
# Marks that end a clause when looking back from a lemma match for a passive auxiliary.
_CLAUSE_MARKS = frozenset('.!?;:,"“”«»„—–-()')
MAX_GAP = 12  # tokens between a separable verb and its particle ("maakte een woordvoerder ...")
# Tokens in a slot between words ("по его словам", "uit onderzoek van het ICC blijkt").
MAX_INNER_SLOT = 12
AFTER_CLAUSE = "after_clause"  # [according_to] key: only after a comma or a closing quote
# Tokens after which an after_clause phrase may stand ("„…“, so der Minister").
_CLAUSE_CLOSERS = frozenset(',"“”»«‘’–—')
PARTICLE = "|"  # "mit|teilen": a separable verb's particle and verb in a lemma pattern


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: str
    key: str
    parts: tuple[tuple[str, ...], ...]  # literal word runs, split at the gap or the slot
    slot: int | None  # index into parts before which the slot sits; len(parts) = after all
    lemma: bool = False  # the first run is compared with lemmas, not word forms

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
    by_first_lemma: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    lemma_keys: dict[str, str] = field(default_factory=dict)  # lemma cue -> key
    lemma_of: Callable[[str], str] | None = None  # folded word form -> lemma (cached)
    passive_auxiliaries: frozenset[str] = frozenset()
    lemma_blockers: frozenset[str] = frozenset()
    nonfinite_suffixes: tuple[str, ...] = ()


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
    if not cue:
        return None
    words = fold(cue).split()
    key = index.keys.get(" ".join(words))
    if key is None and index.lemma_of is not None:
        key = index.lemma_keys.get(" ".join(index.lemma_of(w) for w in words))
    return key


def _lemma_keys(by_lemma: dict[str, list[Pattern]]) -> dict[str, str]:
    """Lemma cue -> key, like cue_keys: a pattern's lemmas joined and its longest lemma."""
    seen: dict[str, set[str]] = {}
    for patterns in by_lemma.values():
        for p in patterns:
            words = [w for part in p.parts for w in part]
            for form in {" ".join(words), max(words, key=len)}:
                seen.setdefault(form, set()).add(p.key)
    return {form: next(iter(keys)) for form, keys in seen.items() if len(keys) == 1}


def lemmatizer(name: str, lang: str) -> Callable[[str], str] | None:
    """A cached folded-form -> lemma function for ``lang`` with the named analyser, or None."""
    if not name:
        return None
    if name == "simplemma":
        import simplemma

        def analyse(word: str) -> str:
            # Dutch separable verbs come back as "af_wijzen": the joined lemma is "afwijzen".
            # low_memory: simplemma 2 reads its front-coded dictionary in place instead of
            # building a dict of it: same lemmas (checked on every word of the corpus), 21 MB
            # instead of 101 for German and 7 instead of 41 for Dutch per process, and less
            # time to load (issue 15). Looking a word up is slower; lemma_of caches each.
            lemma = simplemma.lemmatize(word, lang=lang, low_memory=True)
            return fold(lemma).replace("_", "")

    else:
        from .cases import morph_analyzer

        morph = morph_analyzer(lang)

        def analyse(word: str) -> str:
            try:
                return fold(morph.parse(word)[0].normal_form)
            except ValueError:  # a character pymorphy3 cannot name (Tangut): the word itself
                return word

    lemma_of = functools.lru_cache(maxsize=WORD_CACHE)(analyse)
    # The analyser reads its dictionary on first use (simplemma: about half a second); do it
    # now, while the cue index is built (counted as loading), not in the first document's time.
    analyse("a")
    return lemma_of


def _lemma_patterns(key: str, text: str) -> list[Pattern]:
    """The patterns of one lemma entry: a separable "particle|verb" word gives the joined
    lemma, the verb with its particle later in the clause, and the particle before the verb."""
    words = text.split()
    seps = [k for k, w in enumerate(words) if PARTICLE in w]
    if not seps:
        return [_lemma(_parse(VERB, key, text))]
    k = seps[0]
    particle, verb = words[k].split(PARTICLE, 1)
    before, after = words[:k], words[k + 1 :]
    variants = [
        before + [particle + verb] + after,
        before + [verb] + after + [GAP, particle] if GAP not in after else None,
        before + [particle, verb] + after,
    ]
    return [_lemma(_parse(VERB, key, " ".join(v))) for v in variants if v is not None]


def _lemma(p: Pattern) -> Pattern:
    return Pattern(p.kind, p.key, p.parts, p.slot, lemma=True)


def cue_index(resources: Resources, lang: str | None) -> CueIndex:
    """The compiled cue index of ``lang``, built once per ``Resources`` (the rules, the
    attribution model and the carry-over passes share it)."""
    return resources.get(f"attribution.cues.{lang}", lambda: compile_cues(resources.lang(lang)))


def compile_cues(data: LanguageData) -> CueIndex:
    lemma_of = lemmatizer(data.lemmatizer, data.code)
    by_lemma: dict[str, list[Pattern]] = {}
    if lemma_of is not None:
        for key, texts in data.reporting_lemmas.items():
            for text in texts:
                for p in _lemma_patterns(key, text):
                    by_lemma.setdefault(p.parts[0][0], []).append(p)
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
        by_first_lemma={w: tuple(sorted(ps, key=lambda p: -p.size)) for w, ps in by_lemma.items()},
        lemma_keys=_lemma_keys(by_lemma),
        lemma_of=lemma_of,
        passive_auxiliaries=data.passive_auxiliaries,
        lemma_blockers=data.lemma_blockers,
        nonfinite_suffixes=data.nonfinite_suffixes,
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
    """Non-overlapping cue matches, left to right, the longest pattern winning at a position
    (a surface pattern before a lemma pattern of the same length)."""
    out: list[Match] = []
    used: set[int] = set()  # cue words already matched (a particle is not a new cue)
    lemmas: list[str] | None = None
    lemma_of = index.lemma_of
    for i, tok in enumerate(tokens):
        if i in used or not tok.is_word:
            continue
        candidates: tuple[Pattern, ...] = index.by_first_word.get(tok.low, ())
        if lemma_of is not None and index.by_first_lemma:
            # The lemma lookup is a dict hit per form; the rest only for a listed lemma.
            by_lemma = index.by_first_lemma.get(lemma_of(tok.low), ())
            if by_lemma and _verb_like(tokens, i, index):
                if lemmas is None:
                    lemmas = [lemma_of(t.low) if t.is_word else t.low for t in tokens]
                candidates = tuple(sorted(candidates + by_lemma, key=lambda p: -p.size))
        for pattern in candidates:
            if pattern.key == AFTER_CLAUSE and not _after_clause(tokens, i):
                continue
            m = _match(tokens, i, pattern, lemmas)
            if m is not None and pattern.lemma and not _reports(tokens, m, index):
                continue
            if m is not None:
                out.append(m)
                used.update(range(i, m.head_end))
                if m.inner is not None:
                    used.update(range(m.inner[1], m.last + 1))
                break
    return out


def _after_clause(tokens: list[Token], i: int) -> bool:
    return i > 0 and all(ch in _CLAUSE_CLOSERS for ch in tokens[i - 1].text)


_QUOTE_MARKS = frozenset('"“”«»„‘’‹›')


def _reports(tokens: list[Token], m: Match, index: CueIndex) -> bool:
    """Whether a lemma match has what makes a verb report in its sentence: a complementiser or
    colon right after the cue ("argued that", "meinte, dass", "noted:") or a quotation in the
    sentence. Lemma cues cover verbs that also have non-reporting senses ("ask", "note",
    "vinden", "noemen"); without one of these the match is dropped."""
    for j in range(m.last + 1, min(len(tokens), m.last + 4)):
        t = tokens[j]
        if t.low in index.complementisers or t.text == ":":
            return True
        if t.text != ",":
            break
    return any(ch in _QUOTE_MARKS for t in tokens if not t.is_word for ch in t.text)


def _verb_like(tokens: list[Token], i: int, index: CueIndex) -> bool:
    """Whether token ``i`` may be a speaker's verb for a lemma pattern: not right after a
    determiner ("the report", "een verklaring") or an infinitive marker ("niets te
    vertellen"), not a capitalised word inside the sentence where nouns are capitalised ("die
    Erklärung"), not after a passive auxiliary in its clause ("Het werd al gedacht", "wurden
    … gemeldet")."""
    if i > 0 and (
        tokens[i - 1].low in index.speaker.determiners or tokens[i - 1].low in index.lemma_blockers
    ):
        return False
    if index.speaker.nouns_capitalised and tokens[i].is_cap and i > 0:
        return False
    if index.nonfinite_suffixes and tokens[i].low.endswith(index.nonfinite_suffixes):
        return False
    for j in range(i - 1, -1, -1):
        t = tokens[j]
        if not t.is_word and t.text in _CLAUSE_MARKS:
            break
        if t.low in index.passive_auxiliaries:
            return False
    return True


def _run_at(
    tokens: list[Token], i: int, run: tuple[str, ...], lemmas: list[str] | None = None
) -> bool:
    if i + len(run) > len(tokens):
        return False
    if lemmas is not None:
        return all(lemmas[i + k] == w or tokens[i + k].low == w for k, w in enumerate(run))
    return all(tokens[i + k].low == w for k, w in enumerate(run))


def _match(
    tokens: list[Token], i: int, p: Pattern, lemmas: list[str] | None = None
) -> Match | None:
    head = p.parts[0]
    lemma_run = lemmas if p.lemma else None
    if not _run_at(tokens, i, head, lemma_run):
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
        if _run_at(tokens, j, tail, lemma_run):
            if p.slot == 1 and j == head_end:
                continue  # an inner slot must hold at least one word
            return Match(p, i, j + len(tail) - 1, head_end, (head_end, j))
    # A separable verb may also appear without its particle in another tense: no match.
    return None
