"""Evaluation against public yardsticks: entity-level NER scores as conlleval computes them.

``evaluate_ner`` reads a CoNLL-2002 file (``WORD POS TAG``, ``-DOCSTART-`` lines, blank-line
sentence breaks) or a WikiANN file (``TOKEN<TAB>TAG``), runs the shipped NER model over the
gold tokens and scores exact span and type matches. The scorer (:func:`conll_chunks`,
:func:`score_chunks`) follows conlleval.pl's chunk rules, so IOB1 and IOB2 input both work.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ClaimscopeError
from .tags import conll_chunks

__all__ = [
    "EvaluationError",
    "GoldSentence",
    "conll_chunks",
    "evaluate_ner",
    "guess_lang",
    "iob_to_iob2",
    "predicted_tags",
    "read_gold",
    "score_chunks",
]


@dataclass(slots=True)
class GoldSentence:
    words: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


class EvaluationError(ClaimscopeError):
    """A gold file that cannot be read or a language without a model."""


# ------------------------------------------------------------------------------------------
# Reading


def read_gold(path: str | Path) -> list[GoldSentence]:
    """Sentences of a CoNLL-2002 or WikiANN file; the format is detected per line.

    A line with a tab is ``TOKEN<TAB>...<TAB>TAG``; otherwise ``WORD ... TAG`` split on spaces.
    The tag is always the last column. ``-DOCSTART-`` lines end a sentence and are skipped.
    """
    path = Path(path)
    sents: list[GoldSentence] = []
    cur = GoldSentence()
    with path.open(encoding="utf-8") as fh:
        for lineno, raw in enumerate(fh, 1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                if cur.words:
                    sents.append(cur)
                cur = GoldSentence()
                continue
            cols = line.split("\t") if "\t" in line else line.split(" ")
            if cols[0] == "-DOCSTART-":
                if cur.words:
                    sents.append(cur)
                cur = GoldSentence()
                continue
            if len(cols) < 2:
                raise EvaluationError(
                    f"{path}:{lineno}: expected 'WORD POS TAG' or 'TOKEN<TAB>TAG', got {line!r}"
                )
            tag = cols[-1]
            if tag != "O" and not re.fullmatch(r"[BI]-\S+", tag):
                raise EvaluationError(f"{path}:{lineno}: {tag!r} is not an IOB tag (B-X, I-X, O)")
            cur.words.append(cols[0])
            cur.tags.append(tag)
    if cur.words:
        sents.append(cur)
    return sents


def iob_to_iob2(tags: Sequence[str]) -> list[str]:
    """IOB1 or IOB2 tags to IOB2 with the chunks conlleval would read; ``""`` stays missing."""
    out = ["O" if t else "" for t in tags]
    for start, end, typ in conll_chunks([t or "O" for t in tags]):
        out[start] = "B-" + typ
        for i in range(start + 1, end):
            out[i] = "I-" + typ
    return out


def score_chunks(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict[str, Any]:
    """conlleval's entity scores over sentences of gold and predicted IOB tags.

    Returns ``f1``, ``precision``, ``recall`` (fractions, not percentages), ``per_type``
    (``{TYPE: {p, r, f1, support}}`` with support = gold chunks of the type),
    ``gold_entities`` and ``pred_entities``. Chunks are compared per sentence by exact
    span and type.
    """
    correct: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    for g_tags, p_tags in zip(gold, pred, strict=True):
        if len(g_tags) != len(p_tags):
            raise ValueError(f"gold has {len(g_tags)} tags and prediction {len(p_tags)}")
        gc = conll_chunks(g_tags)
        pc = conll_chunks(p_tags)
        n_gold.update(c[2] for c in gc)
        n_pred.update(c[2] for c in pc)
        correct.update(c[2] for c in set(gc) & set(pc))
    types = sorted(set(n_gold) | set(n_pred))
    per_type = {}
    for t in types:
        p, r, f = _prf(correct[t], n_pred[t], n_gold[t])
        per_type[t] = {"p": p, "r": r, "f1": f, "support": n_gold[t]}
    p, r, f = _prf(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {
        "f1": f,
        "precision": p,
        "recall": r,
        "per_type": per_type,
        "gold_entities": sum(n_gold.values()),
        "pred_entities": sum(n_pred.values()),
    }


def _prf(correct: int, pred: int, gold: int) -> tuple[float, float, float]:
    p = correct / pred if pred else 0.0
    r = correct / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


# ------------------------------------------------------------------------------------------
# Running a model


# The CoNLL-2002/2003 files are named by three-letter codes (ned.testb, esp.train, eng.testa).
_ALIASES = {"ned": "nl", "eng": "en", "deu": "de", "esp": "es"}


def guess_lang(path: str | Path) -> str | None:
    """Language code from a file name: ``ned.testb`` -> nl, ``test-de.tsv`` -> de. The codes
    looked for are those of the language folders, and the CoNLL names."""
    from .lang.loader import available_languages

    name = Path(path).name.lower()
    codes = "|".join(sorted(available_languages() | set(_ALIASES)))
    m = re.search(rf"(?:^|[^a-z])({codes})(?:[^a-z]|$)", name)
    if not m:
        return None
    code = m.group(1)
    return _ALIASES.get(code, code)


def predicted_tags(doc: Any) -> list[str]:
    """IOB2 tags of the entities a shipped model found in a processed spaCy Doc."""
    from .stages.mentions.ner import entity_spans

    tags = ["O"] * len(doc)
    for start, end, label in entity_spans(doc):
        tags[start] = "B-" + label
        for i in range(start + 1, end):
            tags[i] = "I-" + label
    return tags


def _predict(nlp: Any, sentences: list[GoldSentence]) -> Iterator[list[str]]:
    from spacy.tokens import Doc

    docs = (Doc(nlp.vocab, words=s.words) for s in sentences)
    for doc in nlp.pipe(docs, batch_size=256):
        yield predicted_tags(doc)


def evaluate_ner(
    path: str | Path, lang: str | None = None, *, model: str | Path | None = None
) -> dict[str, Any]:
    """Entity-level P/R/F1 (conlleval) of the NER model for ``lang`` on a gold file.

    ``lang`` defaults to the code guessed from the file name. ``model`` overrides the shipped
    model folder (the training script scores its candidates with it). Docs are built from the
    gold words, one per sentence, so tokenisation matches the gold.

    Returns ``f1``, ``precision``, ``recall``, ``per_type`` (``{TYPE: {p, r, f1, support}}``),
    ``sentences``, ``tokens``, ``gold_entities``, ``pred_entities``, ``lang``, ``model``,
    ``file`` and ``seconds`` (time spent running the model, excluding loading it).
    Raises :class:`EvaluationError` for a missing or malformed file or an unknown language.
    """
    import spacy

    from .stages.mentions.ner import ner_model_path

    path = Path(path)
    if not path.is_file():
        raise EvaluationError(f"{path}: no such file")
    lang = lang or guess_lang(path)
    if lang is None:
        raise EvaluationError(f"{path}: cannot tell the language from the file name; give --lang")
    model_path = Path(model) if model is not None else ner_model_path(lang)
    if model_path is None:
        raise EvaluationError(f"{path}: no NER model for language {lang!r}")
    sentences = read_gold(path)
    if not sentences:
        raise EvaluationError(f"{path}: no sentences found")
    nlp = spacy.load(model_path, exclude=["senter", "parser", "lemmatizer"])
    t0 = time.perf_counter()
    pred = list(_predict(nlp, sentences))
    seconds = time.perf_counter() - t0
    result = score_chunks((s.tags for s in sentences), pred)
    result.update(
        sentences=len(sentences),
        tokens=sum(len(s.words) for s in sentences),
        lang=lang,
        model=str(model_path),
        file=str(path),
        seconds=round(seconds, 3),
    )
    return result
