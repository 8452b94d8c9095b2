"""Speed of the ``entities.v1`` stage on 500-word articles, beside spaCy's bare tokenizer.

    python benchmarks/ner_speed.py [--langs nl en ...] [--docs 200] [--words 500] [--repeat 3]

The articles are built at run time by concatenating sentences of the dev-set texts in
../shared/dev/texts (never copied into the repository), cycling through that language's
sentences from a different start for each article until it has --words words. Both sides run
on the same texts in the same process: the baseline is ``spacy.blank(lang)`` (tokenizer only),
the figure is the NER stage (model run on ``doc.text`` + span trimming + Mention objects).
Docs/s per core is documents / CPU seconds of this process (time.process_time), so other
load on the shared machine does not count against it; wall-clock docs/s is printed beside it.
Best of --repeat runs. Run with OMP_NUM_THREADS=1 for a one-core figure.
"""

from __future__ import annotations

import argparse
import re
import time
from functools import partial
from pathlib import Path

import spacy

from claimscope.lang.loader import available_languages
from claimscope.model import Document
from claimscope.resources import Resources
from claimscope.stages.mentions.ner import find_entities, ner_model_path

TEXTS = Path(__file__).resolve().parents[2] / "shared" / "dev" / "texts"
_SENT = re.compile(r"(?<=[.!?…])\s+(?=\S)|\n+")


def sentences(lang: str) -> list[str]:
    out: list[str] = []
    for path in sorted(TEXTS.glob(f"{lang}-*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        body = "\n".join(lines[1:] if lines and lines[0].startswith("date ") else lines)
        out.extend(s.strip() for s in _SENT.split(body) if len(s.split()) >= 3)
    return out


def articles(lang: str, n: int, words: int) -> list[str]:
    sents = sentences(lang)
    if not sents:
        return []
    docs = []
    for i in range(n):
        parts: list[str] = []
        count = 0
        j = (i * 7) % len(sents)
        while count < words:
            s = sents[j % len(sents)]
            parts.append(s)
            count += len(s.split())
            j += 1
        docs.append(" ".join(parts))
    return docs


def timed(func, items) -> tuple[float, float]:
    c0, w0 = time.process_time(), time.perf_counter()
    for item in items:
        func(item)
    return time.process_time() - c0, time.perf_counter() - w0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shipped = [lang for lang in sorted(available_languages()) if ner_model_path(lang)]
    ap.add_argument("--langs", nargs="*", default=shipped)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    print(f"{a.docs} articles of >= {a.words} words per language, best of {a.repeat}")
    print(
        f"{'lang':4}  {'tokenizer docs/s/core':>21}  {'NER docs/s/core':>15}  "
        f"{'NER wall docs/s':>15}  {'tok/NER':>7}  {'mentions/doc':>12}"
    )
    print("(tok/NER: how many times faster the bare tokenizer is; project goal: the whole")
    print(" mention layer >= 40 docs/s/core, so NER alone must be well above that)")
    for lang in a.langs:
        texts = articles(lang, a.docs, a.words)
        if not texts or ner_model_path(lang) is None:
            print(f"{lang:4}  (no dev texts or no model)")
            continue
        blank = spacy.blank(lang)
        resources = Resources()
        # Load the model outside the timing; the stage fetches it from resources.
        warm = Document(text=texts[0], lang=lang)
        find_entities(warm, resources)
        docs = [Document(text=t, lang=lang) for t in texts]
        best_tok = best_ner = best_wall = float("inf")
        mentions = 0
        for _ in range(a.repeat):
            best_tok = min(best_tok, timed(blank, texts)[0])
            for d in docs:
                d.mentions.clear()
            cpu, wall = timed(partial(find_entities, resources=resources), docs)
            best_ner, best_wall = min(best_ner, cpu), min(best_wall, wall)
            mentions = sum(len(d.mentions) for d in docs)
        tok_rate, ner_rate = a.docs / best_tok, a.docs / best_ner
        print(
            f"{lang:4}  {tok_rate:21.0f}  {ner_rate:15.1f}  {a.docs / best_wall:15.1f}  "
            f"{tok_rate / ner_rate:6.0f}x  {mentions / a.docs:12.1f}"
        )


if __name__ == "__main__":
    main()
