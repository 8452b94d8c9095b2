"""A dependency parse of the sentences where a reporting verb was found, and the speaker it gives.

The parsers are small spaCy pipelines trained here on Universal Dependencies treebanks
(scripts/train_parser.py; ``data/models/parse-<lang>/``, each with its licence notice). The
attribution stage parses a sentence only when a reporting verb is in it, on the package's own
tokens, so offsets and token indices stay those of the rest of the stage.

What it reads from the parse: the subject of the reporting verb (``nsubj``), or the agent of a
passive one ("was told by X"), or the subject of the verb it is coordinated with ("X accused …
and said"). The speaker's phrase is the subject's subtree without appositions, relative clauses
and other clauses hung on it ("Dmytro Kuleba, the foreign minister, who …, said" gives "Dmytro
Kuleba"); a common-noun subject with a named apposition gives the name ("the country's foreign
minister, Dmytro Kuleba, said").
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..lang.loader import SpeakerWords
from ..resources import shipped_spacy_model
from .text import Token

# Dependents of a subject that are not part of the speaker's name.
# A verb's dependents hung on the subject by mistake ("On Thursday, the UN office said",
# "only the ministry") are left out too.
_ASIDES = (
    "appos",
    "acl",
    "parataxis",
    "punct",
    "dep",
    "discourse",
    "vocative",
    "advcl",
    "obl",
    "advmod",
)
# Relations through which a verb without a subject of its own shares that of its head: a
# coordinated verb ("X accused … and said") and a participle or infinitive clause ("X wrote
# on Friday, saying …", "X refused to say …").
_SHARED = ("conj", "advcl", "xcomp")
# Dependents only a noun has: a cue word with one of them and no subject is used as a noun
# ("Editor's note:", "the report", "a statement by"), not as a reporting verb.
_NOUN_DEPENDENTS = ("det", "det:poss", "case", "amod", "nmod:poss", "compound")
# The test LAS (UD test files, written into the model's meta.json by scripts/train_parser.py)
# from which the parse's speaker is taken before the rules'. A less accurate parser is not
# used (it lost more speakers than it found where it was tried: Dutch, German) and is not
# shipped.
TRUST_LAS = 0.7
# A phrase longer than this is a clause the parser took for a noun phrase.
MAX_PHRASE = 16


def parser_path(lang: str | None) -> Path | None:
    """The folder of the shipped parser for ``lang``, or None if there is none."""
    return shipped_spacy_model("parse", lang)


def load_parser(lang: str | None) -> Any:
    """The spaCy parser for ``lang``, or None without a model."""
    path = parser_path(lang)
    if path is None:
        return None
    import spacy
    from spacy.tokens import Doc

    nlp = spacy.load(path)
    # The first call sets up the model's arrays; do it here, where it counts as loading
    # (Resources.get), not in the first document's time limit.
    doc = Doc(nlp.vocab, words=["a", "b"])
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return nlp


def trusted(nlp: Any) -> bool:
    """Whether the parser was measured accurate enough to overrule the speaker rules."""
    return float(nlp.meta.get("claimscope", {}).get("test_las", 0.0)) >= TRUST_LAS


@dataclass(slots=True, frozen=True)
class Parse:
    """Heads and relations of one sentence's tokens (``heads[i] == i`` at a root)."""

    heads: tuple[int, ...]
    deps: tuple[str, ...]

    def placed(self, offset: int, size: int) -> Parse:
        """This parse of a stretch of a sentence that starts at token ``offset``, as a parse of
        the whole sentence of ``size`` tokens: the words outside are unattached roots."""
        heads = list(range(size))
        deps = [""] * size
        for i, (h, d) in enumerate(zip(self.heads, self.deps, strict=True)):
            heads[offset + i] = offset + h
            deps[offset + i] = d
        return Parse(tuple(heads), tuple(deps))

    def children(self, i: int) -> list[int]:
        return [j for j, h in enumerate(self.heads) if h == i and j != i]

    def rel(self, i: int) -> str:
        """The relation without its subtype ("acl:relcl" → "acl")."""
        return self.deps[i].split(":")[0]


def parse(nlp: Any, toks: list[Token]) -> Parse:
    """Parse the tokens as they are (no re-tokenisation)."""
    return parse_many(nlp, [toks])[0]


def parse_many(nlp: Any, sentences: list[list[Token]]) -> list[Parse]:
    """Parse several token lists in one batch (about twice as fast as one by one)."""
    from spacy.tokens import Doc

    # In a memory zone, the words these sentences add to the model's vocabulary are dropped
    # again when it ends, so that a long run does not grow with every new word (ner.py).
    with nlp.memory_zone():
        docs = []
        for toks in sentences:
            words = [t.text for t in toks]
            spaces = [toks[i + 1].start > toks[i].end for i in range(len(toks) - 1)] + [False]
            # One sentence: the parser must not split it (it would at "S." in "Joseph S.
            # Bermudez").
            starts: list[bool | int | None] = [i == 0 for i in range(len(words))]
            docs.append(Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts))
        for _, proc in nlp.pipeline:
            docs = list(proc.pipe(docs, batch_size=64))
        return [Parse(tuple(t.head.i for t in d), tuple(t.dep_.lower() for t in d)) for d in docs]


def cue_root(p: Parse, cue: list[int]) -> int:
    """The token of the cue that the rest of the sentence hangs on."""
    for i in cue:
        if p.heads[i] not in cue or p.heads[i] == i:
            return i
    return cue[0]


def nominal(p: Parse, cue: list[int]) -> bool:
    """Whether the parse uses the cue word as a noun rather than as a verb: it has a
    determiner, a preposition, an adjective or a possessor, and no subject."""
    kids = p.children(cue_root(p, cue))
    if any(p.rel(j) == "nsubj" for j in kids):
        return False
    # Exact relations: a verb has "compound:prt" ("pointed out"), never "compound".
    return any(p.deps[j] in _NOUN_DEPENDENTS for j in kids)


def impersonal(p: Parse, cue: list[int]) -> bool:
    """Whether the reporting verb is a passive or impersonal one without an agent ("it was
    reported that", "it is said"): its subject is a placeholder, not a speaker."""
    kids = p.children(cue_root(p, cue))
    if any(p.deps[j] == "obl:agent" for j in kids):
        return False
    return any(p.deps[j] in ("nsubj:pass", "expl", "expl:pass") for j in kids)


def subject(p: Parse, toks: list[Token], cue: list[int], w: SpeakerWords) -> tuple[int, int] | None:
    """First and last token of the speaker of the reporting verb ``cue``, or None when the
    parse gives no subject (a passive without agent, an imperative, a parse that went wrong).
    A relative pronoun subject (``w.relatives``: "officials who said") gives the noun the
    relative clause hangs on; ``w`` also trims the phrase at a comma (see ``_trimmed``)."""
    verb = cue_root(p, cue)
    for _ in range(3):
        heads = _subject_heads(p, verb)
        if heads:
            head = heads[0]
            if toks[head].low in w.relatives and p.rel(verb) == "acl" and p.heads[verb] != verb:
                return _phrase(p, toks, p.heads[verb], w)
            phrases = [x for x in (_phrase(p, toks, h, w) for h in heads) if x is not None]
            # "Name, the minister, said" and "The minister, Name, said" are often parsed as
            # two subjects: the first that holds a name is the speaker.
            named = [x for x in phrases if _named(toks, x)]
            best = named or phrases
            return best[0] if best else None
        if not _shares_subject(p, verb):
            return None
        verb = p.heads[verb]
    return None


def _shares_subject(p: Parse, verb: int) -> bool:
    """Whether ``verb`` takes the subject of its head: a coordinated verb, or a participle or
    infinitive clause after it (", saying …"), not an adverbial clause before it with a
    marker of its own ("When asked …, X said": the head verb is the cue)."""
    head = p.heads[verb]
    if head == verb or p.rel(verb) not in _SHARED:
        return False
    if p.rel(verb) == "advcl":
        return verb > head and not any(p.rel(j) == "mark" for j in p.children(verb))
    return True


def _named(toks: list[Token], span: tuple[int, int]) -> bool:
    return any(toks[k].is_cap for k in range(span[0], span[1] + 1) if k != 0)


def _subject_heads(p: Parse, verb: int) -> list[int]:
    """The subject of ``verb`` and, before it, nominals the parser hung on the verb beside it
    (a name and its apposition, one taken for a vocative or dislocated phrase); or the agent
    of a passive ("was told by X"; "by" itself is its case marker)."""
    kids = p.children(verb)
    # An active subject; "nsubj:pass" ("it was reported") names no speaker.
    subj = [j for j in kids if p.rel(j) == "nsubj" and p.deps[j] != "nsubj:pass"]
    if subj:
        beside = [j for j in kids if j < subj[0] and p.rel(j) in ("vocative", "dislocated")]
        return beside + subj
    return [j for j in kids if p.deps[j] == "obl:agent"]


def _trimmed(
    toks: list[Token], first: int, last: int, head: int, w: SpeakerWords
) -> tuple[int, int]:
    """The phrase without what a misattachment adds across a comma: an adverbial before it
    ("On Thursday, the UN office"), and an apposition or relative clause after the head
    ("Joseph Bermudez Jr., a senior fellow …")."""
    for i in range(head - 1, first - 1, -1):
        if toks[i].text == ",":
            first = i + 1
            break
    for i in range(head + 1, last):
        nxt = toks[i + 1].low
        if toks[i].text == "," and (nxt in w.determiners or nxt in w.relatives):
            last = i - 1
            break
    return first, last


def _subtree(p: Parse, i: int, skip: tuple[str, ...]) -> list[int]:
    out = [i]
    for j in p.children(i):
        if p.rel(j) in skip:
            continue
        if p.deps[j] == "case" and j < i and p.deps[i] == "obl:agent":
            continue
        out.extend(_subtree(p, j, skip))
    return out


def _phrase(p: Parse, toks: list[Token], head: int, w: SpeakerWords) -> tuple[int, int] | None:
    core = _subtree(p, head, _ASIDES)
    # "the country's foreign minister, Dmytro Kuleba,", "The director of GCHQ, Sir Jeremy
    # Fleming,": a name in apposition to the subject or to a noun inside it is the speaker.
    for j in sorted(j for k in core for j in p.children(k)):
        if p.rel(j) == "appos" and j > head:
            named = _subtree(p, j, _ASIDES)
            if all(toks[k].is_cap or len(toks[k].text) <= 3 for k in named if toks[k].is_word):
                core = named
                break
    first, last = _trimmed(toks, min(core), max(core), head, w)
    while first < head and p.heads[first] == head and p.deps[first] == "cc":
        first += 1  # "But Joseph Bermudez …": the clause's conjunction
    while first < last and not toks[first].is_word:
        first += 1
    while last > first and not toks[last].is_word:
        last -= 1
    if not toks[first].is_word or last - first + 1 > MAX_PHRASE:
        return None
    return first, last
