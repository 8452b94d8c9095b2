"""Speed of the gazetteer stage (``gazetteer.v1``) on 500-word articles, against spaCy's bare
tokenizer (``spacy.blank(lang)``) on the same texts in the same run.

The articles are built at run time from the sentences of ../shared/dev/texts (never copied into
the repository): each language's sentences are shuffled with a fixed seed and cut into articles of
about 500 words. Index building (once per language) is timed apart from the per-document cost.

    python benchmarks/gazetteer_speed.py [--docs 200]
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

import spacy

from claimscope.model import Document
from claimscope.pipeline import registered
from claimscope.resources import Resources
from claimscope.stages.mentions.gazetteer import link_gazetteer

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ROOT.parent / "shared" / "dev" / "texts"
WORDS = 500


def articles(lang: str, count: int, resources: Resources) -> list[str]:
    split = registered()["sentences.v1"].func
    sentences: list[str] = []
    for path in sorted(TEXTS.glob(f"{lang}-*.txt")):
        text = path.read_text(encoding="utf-8").split("\n", 1)[1]
        doc = Document(text, lang=lang)
        split(doc, resources)
        sentences += [text[s.start : s.end] for s in doc.sentences]
    if not sentences:
        return []
    rng = random.Random(13)
    out: list[str] = []
    words, parts = 0, []
    while len(out) < count:
        rng.shuffle(sentences)
        for sentence in sentences:
            parts.append(sentence)
            words += len(sentence.split())
            if words >= WORDS:
                out.append(" ".join(parts))
                words, parts = 0, []
                if len(out) == count:
                    break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=200, help="articles per language")
    args = parser.parse_args()
    resources = Resources()
    split = registered()["sentences.v1"].func
    print(
        f"{'lang':5} {'index s':>8} {'docs':>5} {'gazetteer docs/s':>17} {'spaCy tok docs/s':>17} {'ratio':>6}"
    )
    total_g = total_s = 0.0
    total_n = 0
    for lang in resources.languages:
        texts = articles(lang, args.docs, resources)
        if not texts:
            print(f"{lang:5} no dev texts")
            continue
        docs = []
        for text in texts:
            doc = Document(text, lang=lang)
            split(doc, resources)
            docs.append(doc)
        t0 = time.perf_counter()
        link_gazetteer(Document("x", lang=lang), resources)  # builds the language's index
        build = time.perf_counter() - t0
        t0 = time.perf_counter()
        for doc in docs:
            link_gazetteer(doc, resources)
        gaz = time.perf_counter() - t0
        nlp = spacy.blank(lang)
        t0 = time.perf_counter()
        for text in texts:
            nlp(text)
        tok = time.perf_counter() - t0
        n = len(docs)
        total_g, total_s, total_n = total_g + gaz, total_s + tok, total_n + n
        print(f"{lang:5} {build:8.2f} {n:5d} {n / gaz:17.0f} {n / tok:17.0f} {tok / gaz:6.2f}")
    print(
        f"{'all':5} {'':8} {total_n:5d} {total_n / total_g:17.0f} {total_n / total_s:17.0f} {total_s / total_g:6.2f}"
    )


if __name__ == "__main__":
    main()
