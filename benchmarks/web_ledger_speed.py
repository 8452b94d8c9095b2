"""The ledger page of ``claimscope serve`` on a ledger of --claims claims (default 100,000), beside
the same query through the Python API in the same run.

    python benchmarks/web_ledger_speed.py [--claims 100000] [--repeat 5] [--db FILE]

The ledger is built at run time (not timed) from the claims the real pipeline finds in
../shared/dev/texts and ../shared/examples (read, never copied into the repository), copied into
synthetic documents with new dates, claimants, statuses and places, so that the facets have
many values as in a long-running corpus. What is timed, best of --repeat, for a few views:

1. baseline: ``Ledger.claims(**filters, limit=50)``, the page's rows through the Python API;
2. the page: ``GET /?filters`` through FastAPI's TestClient (the rows, the total, the five facet
   counts, the rendering). Target: under 200 ms for each view.
3. the command ``claimscope claims --db LEDGER`` in a fresh process, as a user types it (the
   table of the first 100 claims and the count), and ``--format jsonl`` to its first line, beside
   two baselines in the same run: ``claimscope --help`` (the CLI's start-up) and a fresh Python
   reading 100 claim rows with sqlite3. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from claimscope import Ledger
from claimscope.model import Document
from claimscope.records import claim_from_record, claim_record
from claimscope.web import create_app

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COUNTRIES = ["RU", "UA", "BY", "PL", "MD", "GE", "US", "GB", "DE", "FR", "IL", "PS"]
STATUSES = ["corroborated", "contradicted", "contested", "unverified", "not_assessed"]
LANGS = ["en", "nl", "de", "fr", "ru", "uk"]
PAGE = 50
# (label, query parameters of the page = keyword arguments of Ledger.claims)
VIEWS: list[tuple[str, dict[str, str]]] = [
    ("default view", {}),
    ("status filter", {"status": "contradicted"}),
    ("source type + newest first", {"source_type": "observer", "sort": "-date"}),
    ("full-text search", {"q": "troops"}),
    ("claimant + language", {"claimant": "ministry", "lang": "en"}),
]


def seed_records(tmp: Path) -> list[dict[str, Any]]:
    """Claim records of the real pipeline on the dev texts and the example."""
    paths = [str(SHARED / "dev" / "texts"), str(SHARED / "examples")]
    with Ledger(tmp / "seed.db") as ledger:
        ledger.analyze(paths, assess=False)
        return [claim_record(c) for c in ledger.claims()]


def synthetic_documents(
    records: list[dict[str, Any]], n_claims: int, rng: random.Random
) -> list[Document]:
    """Documents of 15-25 claims each, copied from ``records`` with new dates, languages,
    statuses, claimant names and places."""
    docs, made, k = [], 0, 0
    claimants = sorted({r["claimant"]["name"] for r in records})
    while made < n_claims:
        size = min(rng.randint(15, 25), n_claims - made)
        day = rng.randint(0, 1460)
        year, month = 2022 + day // 365, 1 + (day % 365) // 31
        date = f"{year}-{min(month, 12):02d}-{1 + day % 28:02d}"
        picked = [copy.deepcopy(rng.choice(records)) for _ in range(size)]
        # the document is the claims' own words, one a line, so full-text search finds them
        text = "\n".join(r["text"] for r in picked)
        doc = Document(text=text, date=date, date_precision="day", lang=rng.choice(LANGS))
        doc.id = f"{k:016x}"
        at = 0
        for i, rec in enumerate(picked):
            rec["doc_date"] = date
            rec["stances"] = []
            rec["lang"] = doc.lang
            # a few thousand distinct claimants, as a large corpus has
            rec["claimant"]["name"] = f"{rng.choice(claimants)} {rng.randint(1, 150)}"
            for place in rec["proposition"].get("places") or []:
                place["country"] = rng.choice(COUNTRIES)
            claim = claim_from_record(rec)
            claim.start, claim.end = at, at + len(rec["text"])
            at = claim.end + 1
            claim.claimant.start = claim.claimant.end = None
            claim.cue_start = claim.cue_end = claim.content_start = claim.content_end = None
            claim.evidence_start = claim.evidence_end = None
            claim.status = rng.choice(STATUSES)
            claim.id = f"c{k:07d}{i:03d}"
            doc.claims.append(claim)
        doc.pipeline_version = "benchmark"
        docs.append(doc)
        made += size
        k += 1
    return docs


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return min(times), result


def python_filters(params: dict[str, str]) -> dict[str, str]:
    """The page's query parameters as Ledger.claims keyword arguments."""
    names = {"q": "search", "situation": "situation_id"}
    return {names.get(k, k): v for k, v in params.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--claims", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", type=Path, default=None, help="keep the ledger in this file")
    args = ap.parse_args()
    if not (SHARED / "dev" / "texts").is_dir():
        raise SystemExit(f"{SHARED} not found: the benchmark seeds from ../shared")
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path = args.db or tmp / "bench.db"
        if not Path(path).exists():
            records = seed_records(tmp)
            docs = synthetic_documents(records, args.claims, rng)
            t0 = time.perf_counter()
            with Ledger(path) as ledger:
                for doc in docs:
                    ledger.store.write_document(doc)
            print(
                f"ledger built from {len(records)} real claims in "
                f"{time.perf_counter() - t0:.1f} s (not timed)"
            )
        client = TestClient(create_app(str(path)))
        with Ledger(path, create=False) as ledger:
            print(
                f"ledger: {ledger.stats()['claims']} claims in {ledger.stats()['documents']} docs"
            )
            client.get("/")  # first connection and template compilation, not timed
            worst = 0.0
            for label, params in VIEWS:
                kwargs = python_filters(params)

                def through_python(kwargs: dict[str, str] = kwargs) -> int:
                    return len(list(ledger.claims(**kwargs, limit=PAGE)))

                def through_page(params: dict[str, str] = params) -> int:
                    r = client.get("/", params=params)
                    assert r.status_code == 200, r.text[:300]
                    return r.text.count('<tr class="claim" data-nav')

                t_py, n_py = best(through_python, args.repeat)
                t_page, n_page = best(through_page, args.repeat)
                assert n_py == n_page, (label, n_py, n_page)
                worst = max(worst, t_page)
                print(
                    f"{label:28s} Ledger.claims {t_py * 1000:7.1f} ms   page {t_page * 1000:7.1f} ms"
                    f"   x{t_page / max(t_py, 1e-6):5.1f}   ({n_page} rows)"
                )
        print(
            f"target: the ledger page under 200 ms on {args.claims} claims: "
            f"{'met' if worst < 0.2 else 'NOT met'} (slowest view {worst * 1000:.0f} ms)"
        )
        command_line(Path(path), args.repeat)


def command_line(path: Path, repeat: int) -> None:
    """``claimscope claims`` in a fresh process, beside its start-up and a bare read."""
    exe = shutil.which("claimscope")
    cli = [exe] if exe else [sys.executable, "-m", "claimscope"]
    bare = (
        "import sqlite3, sys; "
        "print(len(sqlite3.connect(sys.argv[1]).execute('SELECT * FROM claims LIMIT 100')"
        ".fetchall()))"
    )

    def timed(cmd: list[str], first_line: bool = False) -> Callable[[], int]:
        def go() -> int:
            if not first_line:
                done = subprocess.run(cmd, capture_output=True, text=True, check=True)
                return len(done.stdout)
            with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True) as proc:
                assert proc.stdout is not None
                line = proc.stdout.readline()
                proc.kill()
            return len(line)

        return go

    runs = [
        ("baseline: claimscope --help", timed([*cli, "--help"])),
        ("baseline: python + sqlite3, 100 rows", timed([sys.executable, "-c", bare, str(path)])),
        ("claimscope claims (table)", timed([*cli, "claims", "--db", str(path)])),
        (
            "claimscope claims -f jsonl, 1st line",
            timed([*cli, "claims", "--db", str(path), "-f", "jsonl"], first_line=True),
        ),
    ]
    took = {}
    for label, fn in runs:
        took[label], size = best(fn, repeat)
        assert size > 0, label
        print(f"{label:40s} {took[label] * 1000:7.0f} ms")
    table = took["claimscope claims (table)"]
    startup = took["baseline: claimscope --help"]
    print(
        f"target: claimscope claims under 1 s on this ledger: "
        f"{'met' if table < 1 else 'NOT met'} ({table:.2f} s, x{table / startup:.2f} the "
        "CLI's start-up)"
    )


if __name__ == "__main__":
    main()
