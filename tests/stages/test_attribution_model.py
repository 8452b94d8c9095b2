"""The trained attribution model (stages/attribution_model.py): files, licence, what it adds
to the rules, what it leaves alone, and a deterministic training script."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from claimscope.model import Document
from claimscope.pipeline import Pipeline
from claimscope.resources import Resources
from claimscope.stages import DEFAULT_STAGES
from claimscope.stages.attribution_model import MODEL_LANGS, model_path

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT.parent / "shared" / "attribution" / "train"
RULES_ONLY = [s for s in DEFAULT_STAGES if s != "attribution_model.v1"]


RESOURCES = Resources()


def _run(text: str, lang: str, stages: list[str] | None = None) -> Document:
    doc = Pipeline(stages)(Document(text, date="2024-03-05"), RESOURCES)
    assert doc.lang == lang
    return doc


@pytest.mark.parametrize("lang", MODEL_LANGS)
def test_model_files_exist_load_and_carry_their_licence(lang: str) -> None:
    import pycrfsuite

    folder = model_path(lang)
    model = folder / "model.crfsuite"
    assert model.is_file()
    assert model.stat().st_size <= 8_000_000
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))  # a local file: nothing is fetched
    assert {"B-SOURCE", "B-CUE", "B-CONTENT", "O"} <= set(tagger.labels())
    notice = (folder / "LICENSE").read_text(encoding="utf-8")
    if lang == "en":
        assert "PolNeAR" in notice and "Newell" in notice and "no licence" in notice
    else:
        assert "WikiNews" in notice and "CC BY-NC-SA 4.0" in notice and "NC" in notice


def _speakers(doc: Document) -> list[str]:
    return [c.claimant.surface for c in doc.claims if c.mode != "narration"]


# What the model adds is measured on the public gold (README: attribution rows), not asserted
# here: since the cues are matched on lemmas and the speaker is found across appositions, the
# rules find every construction in the sentences written for this test that the model was sure
# of ("X, the port's chief engineer, argued …", "…, so der Leiter des Hafenamts").


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "The ferry left the harbour at dawn and reached the island before noon. "
            "Fishermen unloaded their boats on the quay while gulls circled above.\n\n"
            "By evening the wind had dropped and the market stalls were packed away.",
        ),
        (
            "de",
            "Die Fähre verließ den Hafen im Morgengrauen und erreichte die Insel vor Mittag. "
            "Fischer entluden ihre Boote am Kai, während Möwen über ihnen kreisten.\n\n"
            "Am Abend ließ der Wind nach, und die Marktstände wurden abgebaut.",
        ),
    ],
)
def test_model_invents_nothing_in_plain_narrative(lang: str, text: str) -> None:
    doc = _run(text, lang)
    assert [c for c in doc.claims if c.attributed_by == "model"] == []


def test_rule_claims_are_left_alone() -> None:
    text = (
        "“We will not raise the fares this year,” said Jonas Whitfield, the transit "
        "director.\n\nHe added that new buses would arrive in May."
    )
    rules = _run(text, "en", RULES_ONLY)
    both = _run(text, "en")
    keep = [(c.start, c.end, c.claimant.surface, c.mode) for c in rules.claims]
    assert keep and keep == [
        (c.start, c.end, c.claimant.surface, c.mode)
        for c in both.claims
        if c.attributed_by != "model"
    ]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.skipif(not TRAIN.is_dir(), reason="needs ../shared/attribution/train")
def test_training_is_deterministic(tmp_path: Path) -> None:
    digests = []
    for run in ("a", "b"):
        out = tmp_path / run
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "train_attribution.py"),
                "--lang",
                "de",
                "--max-docs",
                "6",
                "--iterations",
                "15",
                "--out",
                str(out),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        digests.append(_digest(out / "model.crfsuite"))
    assert digests[0] == digests[1]
