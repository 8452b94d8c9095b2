"""Start-up and peak memory: how long a fresh process takes to its first claim, and how much
memory it holds, for one language and for six (issue 15's "one machine, lean").

    python benchmarks/startup.py [--repeat 3]

Each figure is measured in a new Python process (nothing loaded before), best of --repeat:

1. **one Dutch article**: ``import claimscope`` then ``analyze_text`` on the Dutch dev article
   with the most words (../shared/dev/texts, read at run time, never copied), until its claims
   are there. Target: under 2 s on a quiet machine.
2. **six languages**: one dev article per language (nl en de fr ru uk) analysed in one process,
   the time to the last one's claims. Target: no slower to start than one language, i.e. the
   extra time over (1) small against (1) itself.
3. **peak memory** (the child's ru_maxrss) of (1) and (2). Target: under 1 GB whatever the
   languages in play.
4. **baseline**, in the same run: a fresh process that imports spaCy and runs
   ``spacy.blank("nl")`` on the same Dutch article: what any spaCy-based tool pays to start.

The ratios to the baseline are printed beside the absolute figures, since the machine is shared.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "dev" / "texts"
LANGS = ("nl", "en", "de", "fr", "ru", "uk")

CHILD = r"""
import json, resource, sys, time
start = time.perf_counter()
paths = json.loads(sys.argv[1])
mode = sys.argv[2]
if mode == "baseline":
    import spacy
    text = open(paths[0][1], encoding="utf-8").read().split("\n", 1)[1]
    spacy.blank("nl")(text)
    claims = 0
else:
    import claimscope
    claims = 0
    for lang, path in paths:
        head, text = open(path, encoding="utf-8").read().split("\n", 1)
        date = head.split()[1]
        claims += len(claimscope.analyze_text(text, date=date, lang=lang).claims)
took = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux -> MiB
print(json.dumps({"seconds": took, "peak_mb": peak, "claims": claims}))
"""


def longest(lang: str) -> Path:
    """The dev article of ``lang`` with the most characters."""
    found = sorted(DEV.glob(f"{lang}-*.txt"), key=lambda p: p.stat().st_size)
    if not found:
        raise SystemExit(f"no {lang} article in {DEV}")
    return found[-1]


def run(paths: list[tuple[str, str]], mode: str, repeat: int) -> dict[str, float]:
    best: dict[str, float] | None = None
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, json.dumps(paths), mode],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise SystemExit(f"{mode} failed:\n{done.stderr[-2000:]}")
        got = json.loads(done.stdout.strip().splitlines()[-1])
        if best is None or got["seconds"] < best["seconds"]:
            best = got
    assert best is not None
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not DEV.is_dir():
        raise SystemExit(f"{DEV} is missing: ../shared must sit beside the repository")
    dutch = [("nl", str(longest("nl")))]
    six = [(lang, str(longest(lang))) for lang in LANGS]
    base = run(dutch, "baseline", args.repeat)
    one = run(dutch, "claimscope", args.repeat)
    many = run(six, "claimscope", args.repeat)
    print(f"best of {args.repeat} fresh processes each")
    print(f"baseline: import spaCy + blank('nl') on the article  {base['seconds']:6.2f} s")
    for label, got in (("one Dutch article", one), ("six languages, one article each", many)):
        print(
            f"{label:34s} {got['seconds']:6.2f} s  (x{got['seconds'] / base['seconds']:.1f} "
            f"the baseline)  peak {got['peak_mb']:6.0f} MB  claims {got['claims']}"
        )
    extra = many["seconds"] - one["seconds"]
    print(
        f"five more languages cost {extra:.2f} s more to start ({extra / one['seconds']:.1f}x (1))"
    )
    checks = (
        ("first claims of one Dutch article under 2 s", one["seconds"] < 2.0),
        (
            "six languages no slower to start than one (extra < 0.5x (1))",
            extra < 0.5 * one["seconds"],
        ),
        ("peak memory under 1 GB with six languages", many["peak_mb"] < 1024),
    )
    for what, ok in checks:
        print(f"target {what}: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
