"""The conlleval scorer on hand-made tag sequences, and the gold-file readers.

Expected figures were worked out by hand with conlleval.pl's chunk rules (startOfChunk /
endOfChunk; a chunk counts as correct only when span and type both match).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimscope.evaluate import (
    EvaluationError,
    conll_chunks,
    evaluate_ner,
    guess_lang,
    iob_to_iob2,
    read_gold,
    score_chunks,
)
from claimscope.stages.mentions.ner import ner_model_path

CHUNK_CASES = [
    # IOB2
    (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["B-PER", "B-PER"], [(0, 1, "PER"), (1, 2, "PER")]),
    # IOB1: an I after O or after another type opens a chunk; B only separates equal types
    (["I-PER", "I-PER", "O", "I-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
    (["I-PER", "B-PER", "I-PER"], [(0, 1, "PER"), (1, 3, "PER")]),
    (["I-ORG", "I-LOC"], [(0, 1, "ORG"), (1, 2, "LOC")]),
    # ill-formed IOB2 as a model may emit it: a type change inside a chunk splits it
    (["B-PER", "I-LOC", "I-LOC"], [(0, 1, "PER"), (1, 3, "LOC")]),
    (["O", "I-MISC"], [(1, 2, "MISC")]),
    ([], []),
    (["O", "O"], []),
]


@pytest.mark.parametrize(("tags", "chunks"), CHUNK_CASES)
def test_evaluate_chunks_follow_conlleval(tags: list[str], chunks: list) -> None:
    assert conll_chunks(tags) == chunks


def test_evaluate_iob1_and_iob2_score_alike() -> None:
    iob1 = [["I-PER", "I-PER", "O", "I-LOC", "B-LOC"]]
    iob2 = [["B-PER", "I-PER", "O", "B-LOC", "B-LOC"]]
    assert iob_to_iob2(iob1[0]) == iob2[0]
    assert score_chunks(iob1, iob2)["f1"] == 1.0


def test_evaluate_iob_to_iob2_keeps_missing() -> None:
    assert iob_to_iob2(["I-ORG", "", "I-ORG"]) == ["B-ORG", "", "B-ORG"]


def test_evaluate_score_half_right() -> None:
    # conlleval: found 2 phrases, 1 correct -> precision 50.00%, recall 50.00%, FB1 50.00;
    # LOC: precision 0.00 recall 0.00 (1 gold, 0 predicted); ORG: 0.00 (0 gold, 1 predicted).
    gold = [["B-PER", "I-PER", "O", "B-LOC"]]
    pred = [["B-PER", "I-PER", "O", "B-ORG"]]
    s = score_chunks(gold, pred)
    assert (s["precision"], s["recall"], s["f1"]) == (0.5, 0.5, 0.5)
    assert s["per_type"]["PER"] == {"p": 1.0, "r": 1.0, "f1": 1.0, "support": 1}
    assert s["per_type"]["LOC"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 1}
    assert s["per_type"]["ORG"] == {"p": 0.0, "r": 0.0, "f1": 0.0, "support": 0}


def test_evaluate_score_partial_span_is_wrong() -> None:
    # A chunk one token short or one token long is both a false positive and a false negative.
    gold = [["B-ORG", "I-ORG", "I-ORG", "O"], ["B-PER", "O"]]
    pred = [["B-ORG", "I-ORG", "O", "O"], ["B-PER", "I-PER"]]
    s = score_chunks(gold, pred)
    assert s["gold_entities"] == 2 and s["pred_entities"] == 2
    assert s["f1"] == 0.0


def test_evaluate_score_mixed_counts() -> None:
    # gold: PER(0-2) LOC(3) | MISC(0) ORG(2-4)      -> 4 gold chunks
    # pred: PER(0-2) LOC(3) | MISC(0) ORG(2-3) LOC(4) -> 5 predicted, 3 correct
    # conlleval: precision 60.00%, recall 75.00%, FB1 66.67
    gold = [["B-PER", "I-PER", "O", "B-LOC"], ["B-MISC", "O", "B-ORG", "I-ORG"]]
    pred = [["B-PER", "I-PER", "O", "B-LOC"], ["B-MISC", "O", "B-ORG", "B-LOC"]]
    s = score_chunks(gold, pred)
    assert s["precision"] == pytest.approx(0.6)
    assert s["recall"] == pytest.approx(0.75)
    assert s["f1"] == pytest.approx(2 / 3)
    assert s["per_type"]["LOC"] == {"p": 0.5, "r": 1.0, "f1": pytest.approx(2 / 3), "support": 1}


def test_evaluate_score_chunks_do_not_cross_sentences() -> None:
    # The same tags as one sentence would make one PER chunk; split, they are two.
    s = score_chunks([["B-PER"], ["I-PER"]], [["B-PER"], ["B-PER"]])
    assert s["gold_entities"] == 2 and s["f1"] == 1.0


def test_evaluate_score_nothing_found() -> None:
    s = score_chunks([["O", "B-LOC"]], [["O", "O"]])
    assert (s["precision"], s["recall"], s["f1"]) == (0.0, 0.0, 0.0)
    assert s["pred_entities"] == 0


def test_evaluate_score_length_mismatch() -> None:
    with pytest.raises(ValueError):
        score_chunks([["O", "O"]], [["O"]])


CONLL = """-DOCSTART- -DOCSTART- O
De Art O
minister N O
Sergej N B-PER
Lavrov N I-PER
zei V O
. Punc O

Volgens Prep O
Maxar N B-ORG
Technologies N I-ORG
. Punc O
-DOCSTART- -DOCSTART- O
In Prep O
Kiev N B-LOC
"""

WIKIANN = "Hierna\tO\nwerd\tO\nhij\tO\nassistent\tO\nvan\tO\nRuud\tB-PER\nBrood\tI-PER\n\nFC\tB-ORG\nTwente\tI-ORG"


def test_evaluate_read_conll(tmp_path: Path) -> None:
    path = tmp_path / "ned.mini"
    path.write_text(CONLL, encoding="utf-8")
    sents = read_gold(path)
    assert [len(s.words) for s in sents] == [6, 4, 2]
    assert sents[0].tags[2:4] == ["B-PER", "I-PER"]
    assert sents[2].words == ["In", "Kiev"]


def test_evaluate_read_wikiann_without_final_blank(tmp_path: Path) -> None:
    path = tmp_path / "test-nl.tsv"
    path.write_text(WIKIANN, encoding="utf-8")
    sents = read_gold(path)
    assert [s.words for s in sents][1] == ["FC", "Twente"]
    assert sents[0].tags[-2:] == ["B-PER", "I-PER"]


def test_evaluate_read_bad_tag(tmp_path: Path) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("Kiev\tLOC\n", encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"bad.tsv:1"):
        read_gold(path)


@pytest.mark.parametrize(
    ("name", "lang"),
    [("ned.testb", "nl"), ("test-de.tsv", "de"), ("dev-uk.tsv", "uk"), ("notes.txt", None)],
)
def test_evaluate_guess_lang(name: str, lang: str | None) -> None:
    assert guess_lang(name) == lang


def test_evaluate_unknown_lang_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text(WIKIANN, encoding="utf-8")
    with pytest.raises(EvaluationError, match="--lang"):
        evaluate_ner(path)
    with pytest.raises(EvaluationError, match="no NER model"):
        evaluate_ner(path, "xx")


@pytest.mark.skipif(ner_model_path("nl") is None, reason="no Dutch model shipped")
def test_evaluate_ner_runs_the_shipped_model(tmp_path: Path) -> None:
    path = tmp_path / "ned.mini"
    path.write_text(CONLL, encoding="utf-8")
    r = evaluate_ner(path)
    assert r["lang"] == "nl" and r["sentences"] == 3 and r["tokens"] == 12
    assert r["gold_entities"] == 3
    assert set(r) >= {"f1", "precision", "recall", "per_type", "pred_entities", "model"}
    assert set(r) >= {"file", "seconds"}
    assert r["recall"] >= 2 / 3
