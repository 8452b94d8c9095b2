"""Refactoring guard: the JSONL records of ../shared/dev are the same, byte for byte, as when
tests/data/dev-records.sha256 was written (scripts/snapshot_dev.py, which a commit that changes
the output on purpose re-runs, saying why)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "tests" / "data" / "dev-records.sha256"


def _snapshot_module():
    spec = importlib.util.spec_from_file_location(
        "snapshot_dev", ROOT / "scripts" / "snapshot_dev.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_records_of_the_dev_articles_are_byte_identical(shared_dir):
    snap = _snapshot_module()
    expected = dict(line.split("\t") for line in SNAPSHOT.read_text("utf-8").split("\n") if line)
    got = snap.digests(snap.dev_jsonl(shared_dir / "dev" / "texts"))
    changed = sorted(d for d in expected.keys() | got.keys() if expected.get(d) != got.get(d))
    assert not changed, f"records changed for documents {changed}"


def test_records_digest_tells_a_changed_record_apart():
    snap = _snapshot_module()
    line = '{"id": "c1", "doc_id": "d1", "status": "unverified"}'
    assert snap.digests([line]) != snap.digests([line.replace("unverified", "contested")])
    assert list(snap.digests([line, line.replace("d1", "d2")])) == ["d1", "d2"]
