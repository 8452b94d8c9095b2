"""Ingest + store throughput (no NLP stages), beside a bare-SQLite baseline from the same run.

    python benchmarks/ingest_store.py [--docs 3000] [--words 500] [--repeat 3]
                                      [--postgres postgresql://user@host/empty_db]

Both sides read the same seed-format files from disk. The baseline reads each file and inserts
its raw text into a bare SQLite table (one transaction per file, as the ledger does); claimscope
runs its real path: format detection, decoding, date parsing, content hash, dedup check, and one
transaction per document into the full schema with FTS5. The figure that counts is claimscope's
documents/s (target >= 1,000 on 2 cores) and its ratio to the baseline. Best of --repeat runs,
because the machine is shared and noisy. ``--postgres`` also stores the corpus once into that
(empty) PostgreSQL database, to set beside the SQLite figures of the same run.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from claimscope import Ledger
from claimscope.pipeline import Pipeline

WORDS = [
    "the",
    "ministry",
    "said",
    "troops",
    "were",
    "moving",
    "closer",
    "to",
    "the",
    "border",
    "while",
    "officials",
    "in",
    "Kyiv",
    "warned",
    "that",
    "satellite",
    "images",
    "showed",
    "new",
    "equipment",
    "arriving",
    "near",
    "Belgorod",
    "and",
    "Crimea",
    "according",
    "to",
    "analysts",
    "who",
    "have",
    "followed",
    "the",
    "build-up",
    "for",
    "weeks",
    "president",
    "spokesman",
    "de",
    "regering",
    "meldde",
    "dat",
    "militairen",
    "werden",
    "teruggetrokken",
    "volgens",
    "het",
    "ministerie",
    "van",
    "Defensie",
    "maar",
    "Oekraïne",
    "zegt",
    "dat",
    "het",
    "pas",
    "gelooft",
    "wanneer",
    "het",
    "de",
    "terugtrekking",
    "ziet",
]


def make_corpus(folder: Path, n: int, words: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        sentences = []
        left = words
        while left > 0:
            k = min(left, rng.randint(12, 25))
            s = " ".join(rng.choice(WORDS) for _ in range(k))
            sentences.append(s[0].upper() + s[1:] + ".")
            left -= k
        day = 1 + i % 28
        body = f"date 2022-02-{day:02d}\n{i} " + " ".join(sentences) + "\n"
        p = folder / f"a{i:05d}.txt"
        p.write_text(body, encoding="utf-8")
        paths.append(p)
    return paths


def baseline(paths: list[Path], db: Path) -> float:
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, text TEXT)")
    t = time.perf_counter()
    for p in paths:
        text = p.read_text(encoding="utf-8")
        conn.execute("BEGIN")
        conn.execute("INSERT INTO docs (text) VALUES (?)", (text,))
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - t
    conn.close()
    return elapsed


def claimscope_run(folder: Path, db: Path | str) -> tuple[float, int]:
    with Ledger(db, pipeline=Pipeline([])) as ledger:
        t = time.perf_counter()
        report = ledger.analyze([folder])
        elapsed = time.perf_counter() - t
    if report.failed:
        raise SystemExit(f"unexpected failures: {report.failed[:3]}")
    return elapsed, report.new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--words", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--postgres", help="also store once into this empty PostgreSQL database")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpus = root / "corpus"
        corpus.mkdir()
        paths = make_corpus(corpus, args.docs, args.words)
        base_best = cs_best = float("inf")
        for r in range(args.repeat):
            base_best = min(base_best, baseline(paths, root / f"base{r}.db"))
            elapsed, new = claimscope_run(corpus, root / f"cs{r}.db")
            assert new == args.docs, (new, args.docs)
            cs_best = min(cs_best, elapsed)
        # Re-running on the same ledger must change nothing and be faster still.
        t = time.perf_counter()
        with Ledger(root / "cs0.db", pipeline=Pipeline([])) as ledger:
            again = ledger.analyze([corpus])
        rerun = time.perf_counter() - t
        if args.postgres:
            pg_elapsed, pg_new = claimscope_run(corpus, args.postgres)
            assert pg_new == args.docs, (pg_new, args.docs)
    n = args.docs
    print(f"corpus: {n} seed files of {args.words} words; best of {args.repeat}")
    print(f"baseline (read + bare SQLite insert): {n / base_best:8.0f} docs/s")
    print(f"claimscope ingest + store:            {n / cs_best:8.0f} docs/s")
    print(f"ratio claimscope / baseline:          {base_best / cs_best:8.2f}")
    print(
        f"re-run on the same ledger:            {n / rerun:8.0f} docs/s ({again.unchanged} unchanged, {again.new} new)"
    )
    print(f"target >= 1000 docs/s: {'met' if n / cs_best >= 1000 else 'NOT met'}")
    if args.postgres:
        print(f"claimscope into PostgreSQL (one run):  {n / pg_elapsed:8.0f} docs/s")


if __name__ == "__main__":
    main()
