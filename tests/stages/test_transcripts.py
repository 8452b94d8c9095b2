"""Interview and debate transcripts: a paragraph opened by a speaker label and a colon is said by
that speaker, when the labels make a dialogue (not a one-off heading such as "UPDATE:")."""

from __future__ import annotations

from collections.abc import Callable

from claimscope.model import Document

Analyse = Callable[..., Document]

INTERVIEW = """Interview with the defence minister

The minister spoke to our reporter on Sunday morning.

SMITH: Minister, are the troops leaving the border region this week?

NOVAK: The brigade will stay in place until the talks resume. We have no plans to withdraw.

SMITH: And the reports of new artillery near the river?

NOVAK: Those reports are false. Our units fired no shells there this month.
"""

HEADINGS = """Ceasefire talks collapse in Geneva

UPDATE: The delegations left the building after two hours of talks without any statement.

The mediators will meet again next week in the same hotel, the organisers announced.
"""


def _said_by(doc: Document, needle: str) -> list[str]:
    return [
        c.claimant.surface
        for c in doc.claims
        if c.mode != "narration"
        and c.content_start is not None
        and needle in doc.text[c.content_start : c.content_end]
    ]


def test_each_turn_is_said_by_its_label(analyse: Analyse) -> None:
    doc = analyse(INTERVIEW, lang="en")
    assert _said_by(doc, "We have no plans to withdraw") == ["NOVAK"]
    assert _said_by(doc, "Those reports are false") == ["NOVAK"]
    assert _said_by(doc, "Our units fired no shells") == ["NOVAK"]
    assert _said_by(doc, "are the troops leaving") == ["SMITH"]
    turn = next(c for c in doc.claims if c.claimant.surface == "NOVAK")
    assert turn.mode == "direct_quote"
    assert turn.claimant.name == "Novak"
    assert doc.text[turn.cue_start : turn.cue_end] == ":"
    # What is said starts after the label.
    assert not doc.text[turn.content_start : turn.content_end].startswith("NOVAK")


def test_narration_before_the_dialogue_has_no_label_speaker(analyse: Analyse) -> None:
    doc = analyse(INTERVIEW, lang="en")
    assert not any(
        c.claimant.surface in ("SMITH", "NOVAK")
        and "spoke to our reporter" in doc.text[c.start : c.end]
        for c in doc.claims
    )


def test_a_single_heading_label_is_not_a_speaker(analyse: Analyse) -> None:
    doc = analyse(HEADINGS, lang="en")
    assert not any(c.claimant.surface == "UPDATE" for c in doc.claims)


def test_labels_in_german_transcript(analyse: Analyse) -> None:
    text = (
        "Das Gespräch führte unsere Redaktion in Berlin.\n\n"
        "Frage: Herr Minister, wann beginnt der Abzug der Truppen?\n\n"
        "Müller: Der Abzug beginnt erst nach den Verhandlungen im Herbst.\n\n"
        "Frage: Und die Berichte über neue Angriffe?\n\n"
        "Müller: Diese Berichte sind falsch. Es gab keine Angriffe.\n"
    )
    doc = analyse(text, lang="de")
    assert _said_by(doc, "Der Abzug beginnt erst") == ["Müller"]
    assert _said_by(doc, "Es gab keine Angriffe") == ["Müller"]


def test_a_name_colon_and_quotation_is_that_speakers_quote(analyse: Analyse) -> None:
    doc = analyse(
        "Представитель Кремля Дмитрий Песков: «Мы не планируем никаких переговоров на этой неделе».",
        lang="ru",
    )
    claims = [c for c in doc.claims if c.mode != "narration"]
    assert [c.claimant.surface for c in claims] == ["Представитель Кремля Дмитрий Песков"]
    assert claims[0].mode == "direct_quote"
    assert doc.text[claims[0].content_start : claims[0].content_end].startswith("Мы не планируем")


def test_a_colon_without_a_quotation_names_no_speaker(analyse: Analyse) -> None:
    doc = analyse(
        "Die Lage in Charkiw: Die Stromversorgung ist seit Montag unterbrochen.", lang="de"
    )
    assert not any(c.cue == ":" for c in doc.claims)
