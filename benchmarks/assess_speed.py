"""Re-assessment of a ledger of --claims claims (default 100,000), beside reading the same claims
back in the same run; then the incremental assessment after adding a few articles.

    python benchmarks/assess_speed.py [--claims 100000] [--new-docs 20] [--db FILE]

The ledger is built at run time (not timed) from the claims the real pipeline finds in
../shared/dev/texts and ../shared/examples (read, never copied into the repository), replicated
into synthetic documents: each copy gets a new document, a date spread over two years and,
for a share of them, another actor country and place — so that situations form and merge as in
a long-running corpus. What is timed, best of --repeat:

1. baseline: reading every claim record back (``SELECT record`` + ``json.loads``), the least
   any whole-ledger assessment must do;
2. ``Ledger.assess()``: the whole ledger placed in situations and judged (target < 30 s for
   100,000 claims on this 2-core machine);
3. ``Ledger.assess(doc_ids)`` after --new-docs more documents: only the situations they touch.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from claimscope import Ledger
from claimscope.model import Document
from claimscope.records import claim_from_record, claim_record

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COUNTRIES = ["RU", "UA", "BY", "PL", "MD", "GE", "US", "GB", "DE", "FR", "IL", "PS"]


def seed_records(tmp: Path) -> list[dict]:
    """Claim records of the real pipeline on the dev texts and the example."""
    paths = [str(SHARED / "dev" / "texts"), str(SHARED / "examples")]
    with Ledger(tmp / "seed.db") as ledger:
        ledger.analyze(paths, assess=False)
        return [claim_record(c) for c in ledger.claims()]


def synthetic_documents(records: list[dict], n_claims: int, rng: random.Random) -> list[Document]:
    """Documents of 15-25 claims each, copied from ``records`` with new dates and places."""
    docs, made, k = [], 0, 0
    while made < n_claims:
        size = min(rng.randint(15, 25), n_claims - made)
        day = rng.randint(0, 730)
        year, month = 2022 + day // 365, 1 + (day % 365) // 31
        date = f"{year}-{min(month, 12):02d}-{1 + day % 28:02d}"
        text = f"synthetic article {k} for the assessment benchmark"
        doc = Document(text=text, date=date, date_precision="day", lang="en")
        swap = rng.random() < 0.5
        a, b = rng.sample(COUNTRIES, 2)
        for i in range(size):
            rec = copy.deepcopy(rng.choice(records))
            rec["doc_date"] = date
            rec["stances"] = []
            p = rec["proposition"]
            p["time"] = None
            rec["captured"] = None
            if swap:
                if p.get("actor"):
                    p["actor"]["country"] = a
                for place in p.get("places") or []:
                    place["country"] = b
            claim = claim_from_record(rec)
            claim.start, claim.end = 0, len(text)
            claim.claimant.start = claim.claimant.end = None
            claim.cue_start = claim.cue_end = claim.content_start = claim.content_end = None
            claim.id = f"c{k:07d}{i:03d}"
            doc.claims.append(claim)
        doc.pipeline_version = "benchmark"
        docs.append(doc)
        made += size
        k += 1
    return docs


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--new-docs", type=int, default=20)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--db", type=Path, default=None, help="keep the ledger in this file")
    args = ap.parse_args()
    if not (SHARED / "dev" / "texts").is_dir():
        raise SystemExit(f"{SHARED} not found: the benchmark seeds from ../shared")
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        records = seed_records(tmp)
        docs = synthetic_documents(records, args.claims, rng)
        path = args.db or tmp / "bench.db"
        t0 = time.perf_counter()
        with Ledger(path) as ledger:
            for doc in docs:
                ledger.store.write_document(doc)
            build = time.perf_counter() - t0
            n = ledger.stats()["claims"]
            print(
                f"ledger: {n} claims in {len(docs)} documents, seeded from {len(records)} real "
                f"claims (built in {build:.1f} s, not timed)"
            )

            def read_back() -> int:
                # The floor of any whole-ledger pass: every stored record parsed once, with
                # bare sqlite3 and json (not claimscope's store).
                with sqlite3.connect(path) as conn:
                    return sum(
                        1 for (r,) in conn.execute("SELECT record FROM claims") if json.loads(r)
                    )

            t_read, _ = best(read_back, args.repeat)
            print(f"baseline, reading the {n} claim records back: {t_read:6.2f} s")
            t_full, report = best(ledger.assess, args.repeat)
            print(
                f"whole-ledger assessment:                 {t_full:6.2f} s  "
                f"({report.claims} claims, {report.situations} situations; "
                f"x{t_full / t_read:.1f} the baseline)"
            )
            print(f"target < 30 s for {args.claims} claims: {'met' if t_full < 30 else 'NOT met'}")
            more = synthetic_documents(records, args.new_docs * 20, rng)[: args.new_docs]
            for doc in more:
                doc.id = "new" + doc.id[3:]
                for claim in doc.claims:
                    claim.id = "cnew" + claim.id[1:]
                ledger.store.write_document(doc)
            t0 = time.perf_counter()
            inc = ledger.assess([d.id for d in more])
            t_inc = time.perf_counter() - t0
            print(
                f"incremental, {len(more)} new documents:        {t_inc:6.2f} s  "
                f"({inc.claims} claims judged again in {inc.situations} situations; full={inc.full})"
            )


if __name__ == "__main__":
    main()
