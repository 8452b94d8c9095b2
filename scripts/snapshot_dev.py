"""Digests of the JSONL records the pipeline makes on ../shared/dev, for the refactoring guard
tests/test_records_unchanged.py.

    python scripts/snapshot_dev.py [--from FILE.jsonl]

Writes tests/data/dev-records.sha256: one line per document, ``doc_id<TAB>sha256`` of its
records' JSONL lines (as `claimscope claims --format jsonl` prints them, in order). Only digests
are kept: the articles are copyrighted and stay in ../shared. Re-run it in the commit that
changes the pipeline's output on purpose, and say why there.
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "dev" / "texts"
OUT = ROOT / "tests" / "data" / "dev-records.sha256"


def digests(lines: Iterable[str]) -> dict[str, str]:
    """doc_id -> sha256 over that document's JSONL lines, in order."""
    import json

    by_doc: dict[str, hashlib._Hash] = {}
    for line in lines:
        line = line.rstrip("\n")
        if not line:
            continue
        doc = json.loads(line)["doc_id"]
        by_doc.setdefault(doc, hashlib.sha256()).update(line.encode("utf-8") + b"\n")
    return {doc: h.hexdigest() for doc, h in sorted(by_doc.items())}


def dev_jsonl(texts: Path = DEV) -> list[str]:
    """The JSONL lines of the current pipeline on ``texts`` (a fresh ledger)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = str(Path(tmp) / "dev.db")
        cli = [sys.executable, "-m", "claimscope"]
        subprocess.run([*cli, "analyze", str(texts), "--db", db, "-q"], check=False)
        proc = subprocess.run(
            [*cli, "claims", "--db", db, "--format", "jsonl"],
            check=True,
            capture_output=True,
            text=True,
        )
        return proc.stdout.splitlines()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--from", dest="src", type=Path, help="digest this JSONL file instead")
    args = ap.parse_args()
    lines = args.src.read_text("utf-8").splitlines() if args.src else dev_jsonl()
    found = digests(lines)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("".join(f"{d}\t{h}\n" for d, h in found.items()), encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(found)} documents, {len(lines)} records")


if __name__ == "__main__":
    main()
