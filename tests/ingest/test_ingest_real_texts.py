"""The shared example and dev articles (real news, read in place, never copied) ingest cleanly."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from claimscope.ingest import iter_documents
from claimscope.model import Document
from claimscope.settings import Settings

SHARED = Path(__file__).resolve().parents[3] / "shared"
FOLDERS = [SHARED / "examples", SHARED / "dev" / "texts"]
# Up to three marks of punctuation (a "# " heading, a "- " live-blog bullet), then a word.
STARTS_WITH_WORDS = re.compile(r"[\W_]{0,3}[^\W\d_]{2,}")


def manifest_dates() -> dict[str, str]:
    path = SHARED / "dev" / "MANIFEST.tsv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["date"] for row in csv.DictReader(f, delimiter="\t")}


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_ingest_real_texts_have_dates_and_start_with_words(folder):
    if not folder.is_dir():
        pytest.skip(f"{folder} is not here")
    expected = manifest_dates()
    results = list(iter_documents([str(folder)], Settings()))
    assert results, f"nothing read from {folder}"
    for doc in results:
        assert isinstance(doc, Document), str(doc)
        name = Path(doc.origin).stem
        assert doc.date_precision in ("month", "day"), name
        assert doc.date is not None and len(doc.date) == {"month": 7, "day": 10}[doc.date_precision]
        if name in expected:
            assert doc.date == expected[name], name
        assert STARTS_WITH_WORDS.match(doc.text), f"{name}: {doc.text[:40]!r}"
        assert not doc.text.lstrip().startswith("date "), name
        assert len(doc.text.split()) > 50, name


def test_ingest_real_example_has_its_month():
    path = SHARED / "examples" / "nl-2022-02-russia-pullback.txt"
    if not path.exists():
        pytest.skip(f"{path} is not here")
    (doc,) = list(iter_documents([str(path)], Settings()))
    assert (doc.date, doc.date_precision) == ("2022-02", "month")
    assert doc.text.startswith("Ook is niet bekend")
