"""The defining example: the full default pipeline on the Dutch pull-back article."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimscope.model import Document
from claimscope.pipeline import Pipeline
from claimscope.resources import Resources
from claimscope.stages import DEFAULT_STAGES

EXAMPLE = (
    Path(__file__).resolve().parents[3] / "shared" / "examples" / "nl-2022-02-russia-pullback.txt"
)


@pytest.fixture(scope="module")
def doc(resources: Resources) -> Document:
    if not EXAMPLE.is_file():
        pytest.skip(f"{EXAMPLE} not available")
    raw = EXAMPLE.read_text(encoding="utf-8")
    # Seed header: "date 2022-02", here followed by the text on the same line.
    text = re.sub(r"^\s*date \S+\s+", "", raw, count=1)
    return Pipeline()(Document(text, date="2022-02"), resources)


def _claims(doc: Document, mode: str, surface: str) -> list[str]:
    return [
        doc.text[c.start : c.end]
        for c in doc.claims
        if c.mode == mode and c.claimant.surface == surface
    ]


def test_pipeline_example_runs_the_default_stages(doc: Document) -> None:
    assert DEFAULT_STAGES[:2] == ("language.v1", "sentences.v1")
    assert "attribution.v1" in DEFAULT_STAGES
    assert (doc.pipeline_version or "").startswith("+".join(DEFAULT_STAGES) + "@nl:")
    assert doc.lang == "nl"
    assert all(s.lang == "nl" for s in doc.sentences)


def test_pipeline_example_lavrov_quote(doc: Document) -> None:
    (sentence,) = _claims(doc, "direct_quote", "Lavrov")
    assert sentence.startswith("“Onze mogelijkheden zijn verre van uitgeput”")


def test_pipeline_example_kuleba_quote(doc: Document) -> None:
    sentences = _claims(doc, "direct_quote", "Minister van Buitenlandse Zaken Dimitri Kuleba")
    assert len(sentences) == 3  # the quotation runs over three sentences
    assert any("wij geloven het pas als wij het zien gebeuren" in s for s in sentences)


def test_pipeline_example_spokesman_quote(doc: Document) -> None:
    sentences = _claims(doc, "direct_quote", "een woordvoerder van het ministerie van Defensie")
    # One claim for the two-sentence quotation: its second sentence asserts no event of its own.
    assert sentences[0].startswith("“Eenheden van het Zuidelijke-en Westelijke")
    assert sentences[0].endswith("“Sommige eenheden zullen zich bij militaire konvooien voegen.”")


@pytest.mark.parametrize(
    ("surface", "opening"),
    [
        ("het ministerie", "Volgens het ministerie keren ze weer terug"),
        (
            "Amerikaanse inlichtingendiensten en Oekraïne",
            "Volgens Amerikaanse inlichtingendiensten",
        ),
    ],
)
def test_pipeline_example_according_to(doc: Document, surface: str, opening: str) -> None:
    assert any(s.startswith(opening) for s in _claims(doc, "according_to", surface))


def test_pipeline_example_ministry_indirect(doc: Document) -> None:
    (sentence,) = _claims(doc, "indirect", "Het ministerie van Defensie in Moskou")
    assert sentence.startswith("Het ministerie van Defensie in Moskou zei dat")


def test_pipeline_example_offsets_hold(doc: Document) -> None:
    for c in doc.claims:
        if c.claimant.start is not None:  # narration has no claimant words
            assert doc.text[c.claimant.start : c.claimant.end] == c.claimant.surface
        if c.cue is not None:
            assert doc.text[c.cue_start : c.cue_end] == c.cue
        assert c.id.startswith("c") and c.status == "not_assessed"
