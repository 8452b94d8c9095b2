"""Sentence splitting keeps offsets into the original text; abbreviations and quotes hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimscope.lang.loader import available_languages, load_language
from claimscope.model import Document
from claimscope.resources import Resources
from claimscope.settings import Settings
from claimscope.stages.sentences import split, split_sentences

NL = load_language("nl")

# Pieces that exercise the boundary rules, mixed with arbitrary text by hypothesis.
PIECES = [". ", "? ", "! ", "… ", ".” ", "dr. ", "z. ", "ca. ", "т.е. ", "8. Mai ", "\n", "\n\n",
          " ", "“", "”", "„", "«", "»", "'", '"', "Hij", "zei", "A", "я", "1", "\r\n", "\t", "\u2028"]  # fmt: skip


def _check(text: str, spans: list[tuple[int, int]]) -> None:
    previous_end = 0
    for start, end in spans:
        assert 0 <= previous_end <= start < end <= len(text)
        assert not text[start].isspace() and not text[end - 1].isspace()
        previous_end = end


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sentences_offsets_hold_for_any_unicode(text: str) -> None:
    _check(text, split_sentences(text, NL.abbreviations, NL.ordinal_followers))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=5)), max_size=40))
def test_sentences_offsets_hold_for_punctuation_heavy_text(pieces: list[str]) -> None:
    text = "".join(pieces)
    for code in ("de", "ru"):
        data = load_language(code)
        spans = split_sentences(text, data.abbreviations, data.ordinal_followers)
        _check(text, spans)
        # Nothing but whitespace falls between sentences.
        covered = {i for start, end in spans for i in range(start, end)}
        assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


def _sentences(text: str, lang: str) -> list[str]:
    data = load_language(lang)
    return [text[s:e] for s, e in split_sentences(text, data.abbreviations, data.ordinal_followers)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("nl", "Volgens dr. Jansen is het ca. 130.000 man. Daarna volgt meer.",
         ["Volgens dr. Jansen is het ca. 130.000 man.", "Daarna volgt meer."]),
        ("nl", "Het gaat om z. Limburg. Dat is alles.", ["Het gaat om z. Limburg.", "Dat is alles."]),
        ("en", "Mr. Smith met Gen. Milley in Washington. They spoke for an hour.",
         ["Mr. Smith met Gen. Milley in Washington.", "They spoke for an hour."]),
        ("en", "The envoy J. Kerry arrived. He left.", ["The envoy J. Kerry arrived.", "He left."]),
        ("de", "Am 8. Mai ruht z.B. die Arbeit. Danach kommt mehr.",
         ["Am 8. Mai ruht z.B. die Arbeit.", "Danach kommt mehr."]),
        ("fr", "M. Macron a parlé. Le président a ensuite quitté Kiev.",
         ["M. Macron a parlé.", "Le président a ensuite quitté Kiev."]),
        ("ru", "Об этом сообщил ген. Сырский. Позже он уточнил детали.",
         ["Об этом сообщил ген. Сырский.", "Позже он уточнил детали."]),
        ("ru", "Это было, т.е. Москва решила иначе. Конец.",
         ["Это было, т.е. Москва решила иначе.", "Конец."]),
        ("uk", "Зустріч відбулася на вул. Хрещатик. Далі буде.",
         ["Зустріч відбулася на вул. Хрещатик.", "Далі буде."]),
    ],
)  # fmt: skip
def test_sentences_abbreviations_do_not_split(lang: str, text: str, expected: list[str]) -> None:
    assert _sentences(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zo maakte hij bekend. “Sommige eenheden vertrekken.” Volgens het ministerie klopt dat.",
         ["Zo maakte hij bekend.", "“Sommige eenheden vertrekken.”", "Volgens het ministerie klopt dat."]),
        ("“Waarom?” vroeg hij. Niemand antwoordde.", ["“Waarom?” vroeg hij.", "Niemand antwoordde."]),
        ("Hij zei: „Wir gehen.“ Dann ging er.", ["Hij zei: „Wir gehen.“", "Dann ging er."]),
        ("Kop zonder punt\nDe tekst begint hier.", ["Kop zonder punt", "De tekst begint hier."]),
        ("Eerste alinea\n\nTweede alinea zonder punt", ["Eerste alinea", "Tweede alinea zonder punt"]),
        ("Het was 130.000 man. ‘Genoeg,’ zei ze.", ["Het was 130.000 man.", "‘Genoeg,’ zei ze."]),
    ],
)  # fmt: skip
def test_sentences_closing_quote_stays_and_paragraphs_split(text: str, expected: list[str]) -> None:
    assert _sentences(text, "nl") == expected


def test_sentences_stage_sets_sentence_languages(resources: Resources) -> None:
    text = (
        "Het ministerie in Moskou meldde dinsdag dat de eenheden terugkeren naar hun basis. "
        "The Kremlin said on Tuesday that the troops were going back to their garrisons. "
        "Dat bleek niet waar."
    )
    doc = Document(text, lang="nl")
    split(doc, resources)
    assert [s.lang for s in doc.sentences] == ["nl", "en", "nl"]
    assert all(doc.text[s.start : s.end].strip() for s in doc.sentences)


def test_sentences_stage_detects_other_script_and_inherits_short_ones() -> None:
    resources = Resources(Settings(sentence_lang_min_chars=40))
    text = (
        "De minister sprak in Kiev met zijn collega over de nieuwe steun. "
        "Міністр оборони заявив, що Україна отримає нові системи ППО. "
        "Слава Україні."
    )
    doc = Document(text, lang="nl")
    split(doc, resources)
    assert [s.lang for s in doc.sentences] == ["nl", "uk", "nl"]


def test_sentences_stage_keeps_existing_sentences(resources: Resources) -> None:
    doc = Document("Een. Twee.", lang="nl")
    split(doc, resources)
    first = list(doc.sentences)
    split(doc, resources)
    assert doc.sentences == first


@pytest.mark.parametrize("code", sorted(available_languages()))
def test_sentences_every_language_has_abbreviations(code: str) -> None:
    assert load_language(code).abbreviations - load_language("base").abbreviations


# A short report written for this test, title first, one paragraph a line.
CR_ARTICLE_LINES = [
    "Bridges near Kharkiv closed after shelling",
    '"We closed two bridges for repairs," the regional governor told reporters on Monday.',
    "According to the city council, 40 people were evacuated from the district overnight",
    "The mayor said that the roads would reopen next week.",
]


@pytest.mark.parametrize("eol", ["\r", "\r\n", "\u2028", "\x85"], ids=["cr", "crlf", "ls", "nel"])
def test_sentences_every_line_break_ends_a_sentence(eol: str) -> None:
    """Old Mac files and some CMS exports end lines with a lone CR: the title without a full
    stop must not run into the first sentence, as with \\n; offsets stay those of the text."""
    text = eol.join(CR_ARTICLE_LINES) + eol
    assert _sentences(text, "en") == CR_ARTICLE_LINES
    assert _sentences("Kop zonder punt\rDe tekst begint hier.", "nl") == [
        "Kop zonder punt",
        "De tekst begint hier.",
    ]


@pytest.mark.parametrize("eol", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_sentences_lone_cr_article_gives_the_claims_of_the_lf_article(
    resources: Resources, eol: str
) -> None:
    from claimscope import analyze_text

    lf = analyze_text("\n".join(CR_ARTICLE_LINES), "2023-03-06", "en", resources=resources)
    text = eol.join(CR_ARTICLE_LINES)
    doc = analyze_text(text, "2023-03-06", "en", resources=resources)
    assert doc.text == text  # offsets point into the original text, CRs and all

    def seen(d: Document) -> list[tuple[str, str, str | None]]:
        return [(d.text[c.start : c.end], c.mode, c.claimant.surface) for c in d.claims]

    assert any(mode == "direct_quote" for _, mode, _ in seen(lf))
    assert seen(doc) == seen(lf)
    assert doc.text[doc.sentences[0].start : doc.sentences[0].end] == CR_ARTICLE_LINES[0]
