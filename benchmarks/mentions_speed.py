"""Speed of the whole mention layer per core, beside spaCy's bare tokenizer in the same run.

    python benchmarks/mentions_speed.py [--docs 200] [--words 500] [--repeat 3]

Articles of about --words words are built at run time from the sentences of the real dev texts
in ../shared/dev/texts (read, never copied into the repository), per language. The benchmark runs
language + sentences once (not timed), then times the mention stages (NER, gazetteer, quantities,
dates) on one core, and `spacy.blank(lang)` tokenising the same texts. Target: the mention layer
>= 40 documents/s per core. Best of --repeat runs (the machine is shared and noisy).
"""

from __future__ import annotations

import argparse
import copy
import os
import re
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # per core: keep BLAS on one thread
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import spacy  # noqa: E402

from claimscope.model import Document  # noqa: E402
from claimscope.pipeline import Pipeline, registered  # noqa: E402
from claimscope.resources import Resources  # noqa: E402

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "texts"
MENTION_STAGES = ("entities.v1", "gazetteer.v1", "quantities.v1", "dates.v1")


def build_articles(n: int, words: int) -> list[tuple[str, str]]:
    """(lang, text) pairs of about ``words`` words, cycling through the dev texts' sentences."""
    pools: dict[str, list[str]] = {}
    for path in sorted(DEV.glob("*.txt")):
        lang = path.name[:2]
        body = path.read_text(encoding="utf-8").split("\n", 1)[-1]
        sents = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", body) if len(s.split()) > 3]
        pools.setdefault(lang, []).extend(sents)
    langs = sorted(pools)
    out = []
    for i in range(n):
        lang = langs[i % len(langs)]
        pool = pools[lang]
        chosen, count, k = [], 0, (i * 7) % len(pool)
        while count < words:
            s = pool[k % len(pool)]
            chosen.append(s)
            count += len(s.split())
            k += 1
        out.append((lang, " ".join(chosen)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} not found: the benchmark reads the dev texts from ../shared")
    articles = build_articles(args.docs, args.words)
    resources = Resources()
    prep = Pipeline(["language.v1", "sentences.v1"])
    stages = [s for s in MENTION_STAGES if s in registered()]
    layer = Pipeline(["language.v1", "sentences.v1", *stages])
    docs = []
    for lang, text in articles:
        doc = Document(text=text, date="2024-03-07", date_precision="day", lang=lang)
        docs.append(prep(doc, resources))
    # Warm up: load every model and table once before timing.
    for doc in docs[: len({d.lang for d in docs}) * 2]:
        for stage in layer.stages[2:]:
            stage.func(copy.deepcopy(doc), resources)
    blanks = {lang: spacy.blank(lang) for lang in {d.lang for d in docs}}

    best_layer = best_tok = float("inf")
    per_stage: dict[str, float] = {}
    for _ in range(args.repeat):
        work = [copy.deepcopy(d) for d in docs]
        t0 = time.perf_counter()
        for doc in work:
            blanks[doc.lang](doc.text)
        best_tok = min(best_tok, time.perf_counter() - t0)
        timings = dict.fromkeys(stages, 0.0)
        t0 = time.perf_counter()
        for doc in work:
            for stage in layer.stages[2:]:
                t = time.perf_counter()
                stage.func(doc, resources)
                timings[stage.name] += time.perf_counter() - t
        elapsed = time.perf_counter() - t0
        if elapsed < best_layer:
            best_layer, per_stage = elapsed, timings
    n = len(docs)
    words = sum(len(d.text.split()) for d in docs)
    mentions = sum(len(d.mentions) for d in work)
    print(
        f"{n} articles of ~{args.words} words ({words / n:.0f} on average), languages {sorted(blanks)}; best of {args.repeat}, one core"
    )
    print(f"baseline spaCy blank tokenizer: {n / best_tok:8.1f} docs/s")
    print(
        f"mention layer ({' + '.join(stages)}): {n / best_layer:8.1f} docs/s  ({mentions / n:.0f} mentions/doc)"
    )
    for name, t in per_stage.items():
        print(f"    {name:15s} {n / t:8.1f} docs/s  ({100 * t / best_layer:4.1f} % of the layer)")
    print(f"ratio mention layer / tokenizer: {best_tok / best_layer:.3f}")
    print(f"target >= 40 docs/s per core: {'met' if n / best_layer >= 40 else 'NOT met'}")


if __name__ == "__main__":
    main()
