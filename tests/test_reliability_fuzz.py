"""Arbitrary Unicode, control characters and markup never crash a stage, a renderer or the
analyze report, and every annotation still points into the text (issue 11).

The article fragments are written for these tests (nl, en, de, fr, ru, uk): quotes, reporting
verbs, numbers, dates and places, broken up by hypothesis with control characters, quote marks,
dialogue dashes, brackets, markup and very long words.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rich.console import Console

import claimscope
from claimscope import cli_ledger
from claimscope.errors import IngestError
from claimscope.lang.loader import available_languages
from claimscope.model import Claim, Claimant, Document, Mention, Sentence
from claimscope.records import claim_from_record, claim_record
from claimscope.render import argument_spans, render_document
from claimscope.terminal import safe

# derandomize: the same examples on every run, so CI is reproducible; deadline=None: the first
# example loads the models. The example counts keep the file under a few minutes on 2 busy cores.
FUZZ = settings(
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SHIPPED = sorted(available_languages())
LANGS = [*SHIPPED, None, "xx"]  # "xx": a code with no language folder
# publication dates of every precision, and none: relative dates resolve against them
DATES = st.sampled_from([None, "2023-03-01", "2023-03", "2023", "2024-02-29T23:59:59+14:00"])

# ---------------------------------------------------------------------- strategies
# Every code point but surrogates (a decoded file cannot hold one), weighted towards the
# characters that have broken text tools: NUL, a lone CR, the line/paragraph separators, NEL,
# a one-byte CSI, bidi overrides and marks, combining marks, zero-width joiners, BOM, emoji
# sequences, RTL letters.
SPECIAL = [
    "\x00", "\r", "\n", "\r\n", "\t", "\x0b", "\x0c", "\x1b", "\x1b[2J", "\x1b]52;c;eA==\x07",
    "\x07", "\x08", "\x7f", "\x85", "\x9b", "\u2028", "\u2029", "\u202e", "\u202d", "\u2066",
    "\u200e", "\u200f", "\u061c", "\u0301", "\u0308\u0308\u0308", "\u200b", "\u200d", "\ufeff",
    "\ufffd", "\U0001f1fa\U0001f1e6", "\U0001f468\u200d\U0001f469\u200d\U0001f467",
    "\U0001f44d\U0001f3fd", "שלום", "مرحبا", "\u0130", "ß", "ﬁ", "\U0001d400",
]  # fmt: skip
ANY_CHAR = st.characters(blacklist_categories=("Cs",))
ARBITRARY = st.lists(
    st.one_of(st.text(ANY_CHAR, max_size=40), st.sampled_from(SPECIAL)), max_size=60
).map(lambda pieces: "".join(pieces)[:2000])

# Sentences written for these tests: a quote or a report with a speaker, a number, a date and a
# place, in each shipped language.
SENTENCES = {
    "nl": [
        '"We trekken onze troepen niet terug," zei minister Kuleba maandag in Kyiv.',
        "Volgens het ministerie van Defensie zijn zo'n 130.000 militairen bij Charkiv.",
        "De gouverneur zei dat op 3 maart 12 mensen uit Odesa zijn geëvacueerd.",
    ],
    "en": [
        '"We will not withdraw from the region," the defence minister said on Monday.',
        "According to the governor, more than 240 people were evacuated from Kharkiv.",
        "The mayor said that 30 buildings were damaged in Sumy on 2 March 2023.",
    ],
    "de": [
        "„Wir ziehen uns nicht zurück“, sagte der Verteidigungsminister am Montag in Kiew.",
        "Nach Angaben der Armee seien 1,5 Millionen Menschen aus Charkiw geflohen.",
        "Der Bürgermeister sagte, dass am 3. März 40 Häuser in Odessa beschädigt wurden.",
    ],
    "fr": [
        "« Nous ne reculerons pas », a déclaré le ministre de la Défense lundi à Kiev.",
        "Selon le gouverneur, 120 personnes auraient été évacuées de Kharkiv le 2 mars.",
        "Le maire a déclaré que 30 bâtiments ont été endommagés à Odessa.",
    ],
    "ru": [
        "«Мы не отступим», — заявил министр обороны в понедельник в Москве.",
        "По словам губернатора, 3 марта из Харькова эвакуировали десятки тысяч человек.",
        "В Минобороны заявили, что 130 000 военных вернулись на базы.",
    ],
    "uk": [
        "«Ми не відступимо», — заявив міністр оборони у понеділок у Києві.",
        "За словами губернатора, 3 березня з Одеси евакуювали 12 людей.",
        "Мер заявив, що в Сумах пошкоджено 30 будинків.",
    ],
}
MARKUP = [
    "[/b]", "[b]", "[link=https://evil.example]", "[/]", "<script>alert(1)</script>", "<b>",
    "</p>", "&amp;", "&#x1b;", "{{x}}", "**", "`", "\\", "%s", "${x}",
]  # fmt: skip
NUMBERS = [
    "12", "130.000", "1,5", "10" * 200, "1e309", "-1", "0", "3 maart", "2023-03-01",
    "29 February 2023", "32 март", "31.12.9999", "0000", "٣ ١٢", "１２ ０００", "²³",
]  # fmt: skip
NOISE = st.one_of(
    st.sampled_from(SPECIAL),
    st.sampled_from(["«", "»", "„", "“", "”", "‚", "‘", "’", '"', "'", "‹", "›", "「", "」"]),
    st.sampled_from(["—", "– ", "\n— ", "\n\n– ", "―", "-", "--"]),  # dialogue dashes
    st.sampled_from(["(", ")", "[", "]", "{", "}", "<", ">", "((", "]]"]),
    st.sampled_from(MARKUP),
    st.sampled_from(["said", "zei", "sagte", "a déclaré", "заявил", "заявив", "volgens", ": "]),
    st.sampled_from(NUMBERS),
    st.sampled_from(["İ", "ẞ", "ß", "ŉ", "ﬁ", "ǅ", "ΐ", "ﬃ"]),  # case mapping changes the length
    st.text("abcxyzабв0123456789", min_size=200, max_size=600),  # a very long word
    st.text(ANY_CHAR, max_size=5),
)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Sentences of the test languages (mixed, as a bilingual page can be), each cut at random
    places where noise goes in, joined by spaces, newlines or noise."""
    out = []
    for _ in range(draw(st.integers(1, 6))):
        lang = draw(st.sampled_from(sorted(SENTENCES)))
        sentence = draw(st.sampled_from(SENTENCES[lang]))
        for _ in range(draw(st.integers(0, 3))):
            at = draw(st.integers(0, len(sentence)))
            sentence = sentence[:at] + draw(NOISE) + sentence[at:]
        out.append(sentence)
        out.append(draw(st.sampled_from([" ", "\n", "\n\n", "\r\n", ""]) | NOISE))
    return "".join(out)[:2000]


# ---------------------------------------------------------------------- the properties
@pytest.fixture(scope="module")
def resources() -> claimscope.Resources:
    return claimscope.Resources()  # hypothesis reruns the test body: the models load once


def _within(text: str, start: int | None, end: int | None, what: str) -> None:
    if start is None and end is None:
        return
    assert start is not None and end is not None, f"{what}: half a span ({start}, {end})"
    assert 0 <= start <= end <= len(text), f"{what}: ({start}, {end}) outside {len(text)}"


def assert_offsets_hold(doc: Document) -> None:
    text = doc.text
    last = 0
    for s in doc.sentences:
        _within(text, s.start, s.end, "sentence")
        assert s.start >= last, f"sentences overlap or go back: {doc.sentences}"
        last = s.end
    for m in doc.mentions:
        _within(text, m.start, m.end, f"mention {m}")
        assert m.start < m.end and text[m.start : m.end] == m.text, m
    assert [c.start for c in doc.claims] == sorted(c.start for c in doc.claims)
    for c in doc.claims:
        _within(text, c.start, c.end, "claim")
        assert text[c.start : c.end], f"empty claim {c}"
        _within(text, c.content_start, c.content_end, "content")
        if c.content_start is not None:
            assert c.start <= c.content_start <= c.content_end <= c.end, c
        _within(text, c.cue_start, c.cue_end, "cue")
        if c.cue is not None and c.cue_start is not None:
            assert text[c.cue_start : c.cue_end] == c.cue, c
        _within(text, c.claimant.start, c.claimant.end, "claimant")
        if c.claimant.start is not None:
            assert text[c.claimant.start : c.claimant.end] == c.claimant.surface, c.claimant
        for member in c.claimant.members:
            _within(text, member.start, member.end, "claimant member")
        _within(text, c.evidence_start, c.evidence_end, "evidence")
        for a, b in argument_spans(c):
            _within(text, a, b, "proposition argument")
        if c.captured is not None:
            _within(text, *c.captured.span, "captured")


def assert_records_round_trip(doc: Document) -> None:
    for claim in doc.claims:
        line = json.dumps(claim_record(claim, doc), ensure_ascii=False, allow_nan=False)
        back = claim_from_record(json.loads(line))
        # the record does not keep the offsets of a joint claimant's members
        members = [replace(m, start=None, end=None) for m in claim.claimant.members]
        assert back.claimant.members == members
        assert back == replace(claim, claimant=replace(claim.claimant, members=members))
        assert json.dumps(claim_record(back, doc), ensure_ascii=False, allow_nan=False) == line


# ESC, BEL and the rest of C0 but tab and newline, DEL, C1, bidi controls, line separators.
RAW = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
SGR = re.compile("\x1b\\[[0-9;]*m")  # the colour codes Rich itself writes


def assert_renders_clean(doc: Document) -> None:
    text = render_document(doc)
    assert text.plain == safe(doc.text, newlines=True)
    buf = io.StringIO()
    Console(file=buf, force_terminal=True, color_system="truecolor", width=100).print(text)
    left = SGR.sub("", buf.getvalue())
    raw = sorted({hex(ord(c)) for c in RAW.findall(left)})
    assert not raw, f"raw {raw} in {buf.getvalue()!r}"


def analyse_and_check(
    resources: claimscope.Resources, text: str, lang: str | None, date: str | None = "2023-03-01"
) -> Document:
    doc = claimscope.analyze_text(text, date=date, lang=lang, resources=resources)
    assert doc.text == text
    assert_offsets_hold(doc)
    assert_records_round_trip(doc)
    assert_renders_clean(doc)
    return doc


@settings(FUZZ, max_examples=100)
@given(text=ARBITRARY, lang=st.sampled_from(LANGS))
def test_reliability_fuzz_any_unicode_is_analysed(resources, text: str, lang: str | None):
    analyse_and_check(resources, text, lang)


@settings(FUZZ, max_examples=200)
@given(text=articles(), lang=st.sampled_from(LANGS), date=DATES)
def test_reliability_fuzz_articles_with_noise_are_analysed(
    resources, text: str, lang: str | None, date: str | None
):
    analyse_and_check(resources, text, lang, date)


def test_reliability_fuzz_clean_articles_give_claims(resources):
    """The properties are only worth something if the fragments make claims to check."""
    for lang, sentences in SENTENCES.items():
        doc = analyse_and_check(resources, " ".join(sentences), lang)
        assert len(doc.claims) >= 2, (lang, doc.claims)


# ---------------------------------------------------------------------- renderers
@st.composite
def annotated(draw: st.DrawFn) -> Document:
    """A hostile text with mentions and claims at arbitrary (valid) offsets."""
    text = draw(ARBITRARY.filter(bool))
    n = len(text)

    def span() -> tuple[int, int]:
        a, b = sorted(draw(st.tuples(st.integers(0, n), st.integers(0, n))))
        return a, b

    doc = Document(text=text)
    doc.sentences = [Sentence(0, n)]
    for _ in range(draw(st.integers(0, 5))):
        a, b = span()
        doc.mentions.append(Mention(a, b, "place", text[a:b]))
    for _ in range(draw(st.integers(0, 3))):
        a, b = span()
        ca, cb = span()
        doc.claims.append(
            Claim(a, b, Claimant(text[ca:cb], text[ca:cb], ca, cb), "unknown", "indirect")
        )
    return doc


@settings(FUZZ, max_examples=300)
@given(annotated())
def test_reliability_fuzz_render_emits_no_raw_controls(doc: Document):
    assert_renders_clean(doc)


@settings(FUZZ, max_examples=500)
@given(st.one_of(ARBITRARY, st.text(ANY_CHAR)))
def test_reliability_fuzz_safe_keeps_length_and_is_idempotent(text: str):
    for newlines in (False, True):
        shown = safe(text, newlines=newlines)
        assert len(shown) == len(text)
        allowed = "\t\n" if newlines else "\t"
        controls = [c for c in shown if unicodedata.category(c) == "Cc" and c not in allowed]
        assert not controls, repr(shown)
        assert not RAW.search(shown.replace("\n", ""))
        assert safe(shown, newlines=newlines) == shown


# ---------------------------------------------------------------------- the analyze report
def blank(text: str) -> str:
    return text.replace(" ", "").replace("\t", "")


@settings(
    FUZZ,
    max_examples=200,
    suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture],
)
@given(
    failures=st.lists(st.tuples(ARBITRARY, ARBITRARY, st.none() | st.integers(0)), max_size=3),
    warnings=st.lists(
        ARBITRARY | st.sampled_from(["[/b]", "[link=https://evil.example]x[/link]", "[/]"]),
        max_size=3,
    ),
    db=ARBITRARY,
)
@example(failures=[("x[/b]feed.jsonl", "[/red]bad", 3)], warnings=["[link=x]"], db="[/]")
def test_reliability_fuzz_analyze_report_prints_any_text(monkeypatch, failures, warnings, db):
    buf = io.StringIO()
    console = Console(
        file=buf, force_terminal=True, color_system="truecolor", width=100, soft_wrap=True
    )
    report = claimscope.AnalyzeReport(
        failed=[IngestError(origin, reason, line) for origin, reason, line in failures],
        warnings=list(warnings),
    )
    with monkeypatch.context() as m:
        m.setattr(cli_ledger, "err", console)
        cli_ledger._print_report(report, db)
    shown = SGR.sub("", buf.getvalue())
    assert not RAW.search(shown), repr(buf.getvalue())
    # one line each, then the end; Rich expands tabs, so spaces and tabs are left out
    lines = [x.replace(" ", "") for x in shown.split("\n")]
    assert len(lines) == 1 + len(failures) + len(warnings) + 1
    assert lines[0].endswith(f"ledger:{blank(safe(db))}") and lines[-1] == ""
    for line, warning in zip(lines[1 + len(failures) :], warnings, strict=False):
        assert line == "warning:" + blank(safe(warning)), line
    for line, (origin, reason, _) in zip(lines[1:], failures, strict=False):
        assert line.startswith("failed:" + blank(safe(origin))), line
        assert line.endswith(blank(safe(reason))), line
