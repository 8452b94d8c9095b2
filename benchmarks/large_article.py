"""Time of the whole default pipeline on one very long article, per MB, at 0.25/0.5/1/2 MB.

    python benchmarks/large_article.py [--lang nl] [--sizes 0.25,0.5,1,2] [--repeat 1]
                                       [--profile 2]

The article is built at run time by concatenating the real articles of ../shared/corpus/<lang>
(read, never copied into the repository; their ``date`` header lines dropped), cycling through
them until the size is reached, so each size holds the text of the smaller ones. Each size is
analysed with ``max_chars`` raised above it and no ``timeout_per_doc``. Models and tables are
loaded by an untimed warm-up on a 50,000-character article, and whatever a larger one still
loads is left out of its time, as ``timeout_per_doc`` leaves it out. The figure is seconds per MB (best
of --repeat), and the ratio of the largest size's time to (largest / smallest) x the smallest
size's time, both measured in this run: 1.0 is linear; for 2 MB against 250 KB, a ratio of 2
means the time grows like size^1.33, and a quadratic pipeline would give 8.

Measured on the shared 2-core machine (2026-12-05, nl corpus, one run each, load varying):
before the look-backs were indexed 10.3 / 24.7 / 66.4 / 210.4 s at 0.25 / 0.5 / 1 / 2 MB (ratio
2.55); after, 5.6 / 10.5 / 22.0 / 50.3 s (ratio 1.12).

--profile N runs cProfile on the N MB article after the timings and prints the 25 functions of
most own time (tottime), to find what grows.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

from claimscope import analyze_text  # noqa: E402
from claimscope.pipeline import Pipeline  # noqa: E402
from claimscope.resources import Resources  # noqa: E402
from claimscope.settings import Settings  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
MB = 1_000_000


def articles(lang: str) -> list[str]:
    """The corpus articles of ``lang``, their ``date`` header lines dropped."""
    out = []
    for path in sorted((CORPUS / lang).glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        if lines and lines[0].startswith("date "):
            lines = lines[1:]
        out.append("\n".join(lines).strip())
    if not out:
        raise SystemExit(f"{CORPUS / lang}: no articles (is ../shared beside the repository?)")
    return out


def long_article(texts: list[str], chars: int) -> str:
    """The articles one after another, cycling, cut at a paragraph near ``chars``."""
    parts: list[str] = []
    size = 0
    i = 0
    while size < chars:
        text = texts[i % len(texts)]
        parts.append(text)
        size += len(text) + 2
        i += 1
    joined = "\n\n".join(parts)
    cut = joined.rfind("\n\n", 0, chars)
    return joined[: cut if cut > chars // 2 else chars]


def run(text: str, lang: str, pipeline: Pipeline, resources: Resources) -> float:
    """Seconds of analysis, loading left out."""
    loaded = resources.loading_seconds
    started = time.perf_counter()
    analyze_text(text, date="2023-11-01", lang=lang, pipeline=pipeline, resources=resources)
    return time.perf_counter() - started - (resources.loading_seconds - loaded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--lang", default="nl")
    parser.add_argument("--sizes", default="0.25,0.5,1,2", help="MB, comma-separated")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile", type=float, default=0.0, help="MB to profile (0: none)")
    args = parser.parse_args()
    sizes = [float(s) for s in args.sizes.split(",")]
    texts = articles(args.lang)
    settings = Settings(max_chars=int(max(sizes + [args.profile]) * MB) + 1, timeout_per_doc=0)
    resources = Resources(settings)
    pipeline = Pipeline()
    run(long_article(texts, 50_000), args.lang, pipeline, resources)  # loads models, tables
    times: dict[float, float] = {}
    print(f"{'MB':>6} {'chars':>10} {'seconds':>9} {'s/MB':>8}")
    for mb in sizes:
        text = long_article(texts, int(mb * MB))
        best = min(run(text, args.lang, pipeline, resources) for _ in range(args.repeat))
        times[mb] = best
        print(f"{mb:>6.2f} {len(text):>10,} {best:>9.2f} {best / (len(text) / MB):>8.2f}")
    small, large = min(sizes), max(sizes)
    if large > small:
        ratio = times[large] / (times[small] * large / small)
        print(
            f"ratio of the {large:g} MB time to {large / small:g} x the {small:g} MB time: "
            f"{ratio:.2f} (linear = 1.0)"
        )
    if args.profile:
        text = long_article(texts, int(args.profile * MB))
        profiler = cProfile.Profile()
        profiler.enable()
        run(text, args.lang, pipeline, resources)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":
    main()
