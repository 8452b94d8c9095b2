"""``analyze --dask`` throughput: documents/s through a two-worker Dask LocalCluster into
PostgreSQL, beside ``analyze --workers 2`` (one machine, the parent writes) into the same kind of
PostgreSQL database, in the same run, on the same texts.

    python benchmarks/dask_speed.py [--docs 200] [--postgres postgresql://user@host/db]

The texts are real articles from ../shared/corpus (read at run time, never copied), every n-th
of the sorted files so that all six languages are in. Each side is one ``claimscope analyze``
process (the CLI as a user runs it, ``--quiet``) into an empty database of its own, timed from
start to end, models loading included:

1. baseline: ``analyze --workers 2``: two local worker processes analyse, the parent writes;
2. dask, cold: ``analyze --dask ADDRESS`` on a fresh LocalCluster (two one-thread worker
   processes): the workers load their models on their first documents, analyse and write;
3. dask, warm: the same again into another empty database, on the same workers, whose models
   stay loaded between runs (as on a long-lived cluster).

Printed: documents/s of each, its ratio to the baseline, the cost per document in seconds of
one worker core (wall time x worker processes / documents), and the claims each ledger holds
(the same in all three, or the exit status is 1). Without ``--postgres`` a
throw-away server is started (tests/pg_server.py) and removed at the end; with it, the URL must
let this script create and drop databases.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
WORKERS = 2


def texts(n: int) -> list[Path]:
    found = sorted(CORPUS.glob("*/*.txt"))
    if len(found) < n:
        raise SystemExit(f"{CORPUS}: {len(found)} articles, fewer than --docs {n}")
    step = len(found) / n
    return [found[int(i * step)] for i in range(n)]


def analyze(paths: list[Path], url: str, *extra: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "claimscope", "analyze", *map(str, paths), "--db", url, "-q",
         *extra],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"analyze {' '.join(extra)} failed:\n{done.stderr[-2000:]}")
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--postgres", help="a server URL this script may create databases in")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        raise SystemExit(f"{CORPUS} is missing: ../shared must sit beside the repository")
    import psycopg
    from distributed import LocalCluster

    paths = texts(args.docs)
    server = None
    base_url = args.postgres
    if base_url is None:
        sys.path.insert(0, str(ROOT))
        from tests.pg_server import Cluster

        server = Cluster.start()
        base_url = server.url()
    made: list[str] = []

    def claims(url: str) -> int:
        with psycopg.connect(url) as conn:
            return int(conn.execute("SELECT count(*) FROM claims").fetchone()[0])

    def database() -> str:
        name = f"bench_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(base_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')  # a name made here, not given
        made.append(name)
        return base_url.rsplit("/", 1)[0] + f"/{name}"

    try:
        urls = [database() for _ in range(3)]
        base = analyze(paths, urls[0], "--workers", str(WORKERS))
        cluster = LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=":0",
        )  # fmt: skip
        try:
            cold = analyze(paths, urls[1], "--dask", cluster.scheduler_address)
            warm = analyze(paths, urls[2], "--dask", cluster.scheduler_address)
        finally:
            cluster.close()
        counts = [claims(url) for url in urls]
    finally:
        with psycopg.connect(base_url, autocommit=True) as conn:
            for name in made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if server is not None:
            server.stop()
    n = len(paths)
    langs = sorted({p.parent.name for p in paths})
    print(f"{n} articles from {CORPUS} ({', '.join(langs)}), {WORKERS} worker processes each")
    for label, seconds in (
        ("baseline: analyze --workers 2", base),
        ("dask LocalCluster, cold workers", cold),
        ("dask LocalCluster, warm workers", warm),
    ):
        print(
            f"{label:34s} {seconds:7.1f} s  {n / seconds:6.2f} docs/s  "
            f"x{base / seconds:.2f} the baseline's speed  "
            f"{seconds * WORKERS / n:.3f} s per document per worker core"
        )
    same = len(set(counts)) == 1
    print(f"claims stored: {counts} ({'the same' if same else 'NOT the same'} in each ledger)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
