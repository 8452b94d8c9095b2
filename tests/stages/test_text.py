"""Quotation spans and tokens as offsets into the original text."""

from __future__ import annotations

import pytest

from claimscope.lang.loader import load_language
from claimscope.stages.text import find_quotes, tokenize


def _quoted(text: str, lang: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotes(text, load_language(lang))]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("nl", "“Onze mogelijkheden zijn uitgeput”, zei Lavrov.", ["Onze mogelijkheden zijn uitgeput"]),
        ("nl", "Hij zei: „Het is voorbij.” Daarna zweeg hij.", ["Het is voorbij."]),
        ("nl", "Rusland krijgt op z’n donder, aldus ‘een bron’ in Den Haag.", ["een bron"]),
        ("en", "Russia’s troops aren’t leaving, the officials’ report says.", []),
        ("en", "She said: “The risk is real.\n\n“It is growing,” she added.",
         ["The risk is real.", "It is growing,"]),
        ("de", "Er sagte: „Wir bleiben.“ Dann ging er.", ["Wir bleiben."]),
        ("fr", "Selon lui, « la situation reste difficile ».", ["la situation reste difficile"]),
        ("ru", "— Мы не уйдём, — сказал он.\nДалее текст.", ["Мы не уйдём,"]),
        ("uk", "\"Ми бачимо зосередження військ\", – сказав він.", ["Ми бачимо зосередження військ"]),
    ],
)  # fmt: skip
def test_text_finds_quotations(lang: str, text: str, expected: list[str]) -> None:
    assert _quoted(text, lang) == expected


def test_text_tokens_point_into_the_text() -> None:
    text = "Selon l’état-major, a-t-il dit: «z’n U.S. 130.000»"
    tokens = tokenize(text, 0, len(text))
    assert [t.text for t in tokens][:5] == ["Selon", "l’état-major", ",", "a-t-il", "dit"]
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[1].low == "l'état-major"
