"""``entities.v1``: person, organization, place and misc mentions from the trained NER models.

The models are spaCy pipelines trained from scratch by ``scripts/train_ner.py`` and shipped in
``claimscope/data/models/ner-<lang>/``: a tok2vec with either spaCy's transition-based ``ner``
or (the shipped default, about twice as fast) a softmax ``tagger`` over BILUO entity tags,
decoded here by :func:`entity_spans`. A language without a model gets no mentions from this
stage (and a debug log), never an error.

The model runs on ``doc.text`` itself, so its character offsets are offsets into the original
text; each span is then trimmed of surrounding punctuation, quotes and spaces, so that
``doc.text[m.start:m.end] == m.text`` always holds.
"""

from __future__ import annotations

import logging
import unicodedata
from pathlib import Path
from typing import Any

from ...lang.codes import parse_lang
from ...model import Document, Mention
from ...registry import register
from ...resources import Resources, shipped_spacy_model

log = logging.getLogger(__name__)

STAGE = "entities.v1"
# A 500-word article is ~3,500 characters; pieces this size keep memory flat for book-length
# input while never splitting an ordinary article.
CHUNK_CHARS = 100_000
KINDS = {"PER": "person", "ORG": "organization", "LOC": "place", "MISC": "misc"}
# Unicode categories trimmed from the edges of a span: punctuation, spaces, controls, format
# characters (see ``trim`` for the two exceptions).
_TRIM_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po", "Zs", "Cc", "Cf"})
_PAIRS = {")": "(", "]": "[", "}": "{"}


def ner_model_path(lang: str | None) -> Path | None:
    """The folder of the shipped NER model for ``lang``, or None if there is none."""
    return shipped_spacy_model("ner", lang)


def biluo_to_iob2(tags: list[str]) -> list[str]:
    """BILUO token tags (what a tagger-head model predicts) to IOB tags for conlleval's chunk
    rules: L continues a chunk like I, U opens one like B; anything else is O."""
    out = []
    for tag in tags:
        prefix, _, typ = tag.partition("-")
        if not typ or prefix not in _BILUO:
            out.append("O")
        else:
            out.append(_BILUO[prefix] + typ)
    return out


_BILUO = {"B": "B-", "I": "I-", "L": "I-", "U": "B-"}


def entity_spans(doc: Any) -> list[tuple[int, int, str]]:
    """Token spans ``(start, end, label)`` of a processed spaCy Doc.

    Models with a ``ner`` component set ``doc.ents``; tagger-head models (faster: one softmax
    per token instead of a transition loop) leave BILUO tags in ``token.tag_``, decoded here.
    """
    if doc.has_annotation("ENT_IOB"):
        return [(e.start, e.end, e.label_) for e in doc.ents]
    from spacy.attrs import TAG

    from ...tags import conll_chunks

    # Read the tag ids as one array and look up only the non-O ones: building a Token object
    # per word cost as much as the decoding itself.
    ids = doc.to_array(TAG)
    strings = doc.vocab.strings
    tags = ["O"] * len(ids)
    o_id = strings.as_int("O") if "O" in strings else -1
    for i in (ids != o_id).nonzero()[0].tolist():
        tags[i] = strings[int(ids[i])] if ids[i] else "O"
    return conll_chunks(biluo_to_iob2(tags))


def load_model(lang: str) -> Any:
    """The spaCy pipeline for ``lang`` with only what NER needs, or None without a model."""
    path = ner_model_path(lang)
    if path is None:
        return None
    import spacy

    # The saved tokenizer is the language's default one, which spaCy has already built when
    # it made the Language; reading it again from disk only adds its ~9,000 special cases a
    # second time (half of the model's load). tests/stages/test_ner.py holds the two equal.
    nlp = spacy.load(path, exclude=["tokenizer"])
    keep = {"tok2vec", "ner", "tagger"}
    for name in list(nlp.pipe_names):
        if name not in keep:
            nlp.disable_pipe(name)
    return nlp


def _is_trim(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in _TRIM_CATEGORIES


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink ``[start, end)`` past punctuation, quotes and spaces at either edge.

    A closing bracket whose opener is inside the span stays ("Hamas (Gaza)"), and so does a
    final ``.`` right after a letter: spaCy's tokenizer splits a sentence-final dot off a word
    and leaves it attached only to abbreviations ("Corp.", "N.V."), so such a dot is part of
    the name.
    """
    while start < end and _is_trim(text[start]):
        start += 1
    while end > start:
        ch = text[end - 1]
        if not _is_trim(ch):
            break
        if ch in _PAIRS and _PAIRS[ch] in text[start : end - 1]:
            break
        if ch == "." and end - start > 1 and text[end - 2].isalpha():
            break
        end -= 1
    return start, end


@register(STAGE, requires=["text", "lang"], assigns=["mentions.ner"])
def find_entities(doc: Document, resources: Resources) -> None:
    """Append a Mention for each entity the language's model finds in ``doc.text``."""
    # "nl-BE" or "pt_BR" use the model of their primary language.
    lang = parse_lang(doc.lang or "") or ""
    nlp = resources.get("ner." + lang, lambda: load_model(lang))
    if nlp is None:
        log.debug("document %s: no NER model for language %r; no entity mentions", doc.id, lang)
        return
    text = doc.text
    for offset, piece in chunks(text, CHUNK_CHARS):
        # spaCy adds every new word of a text to the model's vocabulary for good: over a large
        # corpus, memory grew with each one (46 MB per 100,000 new words). In a memory zone
        # (spaCy 3.8) they are dropped again when it ends; what is kept here is plain offsets.
        with nlp.memory_zone():
            sdoc = nlp(piece)
            spans = [
                (offset + sdoc[i].idx, offset + sdoc[j - 1].idx + len(sdoc[j - 1]), label)
                for i, j, label in entity_spans(sdoc)
            ]
        for first, last, label in spans:
            start, end = trim(text, first, last)
            if start >= end:
                continue
            kind = KINDS.get(label, "misc")
            doc.mentions.append(Mention(start, end, kind, text[start:end], source=STAGE))


def chunks(text: str, limit: int) -> list[tuple[int, str]]:
    """``(offset, piece)`` pieces of at most ``limit`` characters, cut after a newline or a
    space where there is one, so that a huge document neither hits spaCy's ``max_length``
    nor holds all its token vectors at once."""
    out = []
    start = 0
    while len(text) - start > limit:
        cut = max(text.rfind("\n", start, start + limit), text.rfind(" ", start, start + limit))
        cut = cut + 1 if cut > start else start + limit
        out.append((start, text[start:cut]))
        start = cut
    out.append((start, text[start:]))
    return out
