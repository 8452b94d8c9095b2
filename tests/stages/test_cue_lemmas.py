"""Cues matched on lemmas: every inflection and tense of a listed verb, separable verbs in every
order, and the mined lexicons' shape (cues_mined.toml)."""

from __future__ import annotations

import tomllib

import pytest

from claimscope.lang.loader import available_languages, language_root, load_language
from claimscope.stages.cues import compile_cues, find_cues
from claimscope.stages.text import tokenize


def cues(lang: str, text: str) -> list[tuple[str, str]]:
    index = compile_cues(load_language(lang))
    toks = tokenize(text, 0, len(text))
    return [
        (m.pattern.key, text[toks[m.first].start : toks[m.last].end])
        for m in find_cues(toks, index)
    ]


@pytest.mark.parametrize(
    ("lang", "text", "key", "span"),
    [
        # German separable verbs: verb second with the particle at the end, and perfect.
        (
            "de",
            "Der Minister lehnte den Vorschlag am Montag entschieden ab: „Er ist zu teuer.“",
            "deny",
            "lehnte den Vorschlag am Montag entschieden ab",
        ),
        (
            "de",
            "Die Behörde hat am Abend mitgeteilt, dass die Straße gesperrt bleibt.",
            "inform",
            "hat am Abend mitgeteilt",
        ),
        (
            "de",
            "Gestern teilten die Sprecher der Stadtwerke mit, dass die Preise steigen.",
            "inform",
            "teilten die Sprecher der Stadtwerke mit",
        ),
        ("de", "Die Gewerkschaft hatte den Plan abgelehnt: „Er ist unfair.“", "deny", "abgelehnt"),
        ("de", "Der Verband meinte, dass die Reform zu spät komme.", "say", "meinte"),
        # Dutch: plural present, separable verb in verb-second order and in the perfect.
        ("nl", "De ministers zeggen dat de maatregel werkt.", "say", "zeggen"),
        (
            "nl",
            "De rechter wees het verzoek van de verdediging af: het kwam te laat.",
            "deny",
            "wees het verzoek van de verdediging af",
        ),
        (
            "nl",
            "Het kabinet heeft dinsdag bekendgemaakt dat de steun doorgaat.",
            "announce",
            "heeft dinsdag bekendgemaakt",
        ),
        (
            "nl",
            "De gemeente maakte woensdag bekend dat de brug dichtgaat.",
            "announce",
            "maakte woensdag bekend",
        ),
        # French passé composé and plural present.
        ("fr", "Les syndicats ont affirmé que la grève continuera.", "state", "affirmé"),
        ("fr", "Les ministres déclarent que le budget est prêt.", "state", "déclarent"),
        # Russian and Ukrainian past tense in every gender and number.
        (
            "ru",
            "Представительница министерства утверждала, что поставки идут по плану.",
            "state",
            "утверждала",
        ),
        ("ru", "Депутаты назвали решение «грубой ошибкой».", "say", "назвали"),
        ("uk", "Міністерка стверджувала, що переговори тривають.", "state", "стверджувала"),
        ("uk", "Посадовці повідомили, що обстріл тривав дві години.", "report", "повідомили"),
        # English inflections of verbs never listed as forms.
        ("en", "Senators argued that the bill would cost too much.", "think", "argued"),
        ("en", "Two senators urge their colleagues: “Vote against the bill.”", "call_for", "urge"),
    ],
)
def test_lemma_cue_matches_every_form(lang: str, text: str, key: str, span: str) -> None:
    assert (key, span) in cues(lang, text)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        # A noun after a determiner is not a verb.
        ("en", "The report on the budget was published in May."),
        # Passive and adjectival uses after be/become in the clause.
        ("nl", "Het werd al langer gedacht dat de brug zwak was."),
        # Infinitive marker: "niets te vertellen" is not a report.
        ("nl", "Zij hebben daar niets te vertellen."),
        # A verb with a non-reporting sense and no complement or quotation.
        ("en", "Officials asked residents to leave the area."),
    ],
)
def test_lemma_cue_not_taken_without_reporting(lang: str, text: str) -> None:
    assert cues(lang, text) == []


def test_surface_patterns_still_win() -> None:
    # "a déclaré" is a listed surface form; the auxiliary belongs to the cue.
    assert ("state", "a déclaré") in cues("fr", "Le ministre a déclaré que tout allait bien.")


@pytest.mark.parametrize("code", sorted(available_languages()))
def test_mined_file_has_counts_and_origins(code: str) -> None:
    path = language_root().joinpath(code, "cues_mined.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    assert "DERIVED DATA" in text and "scripts/mine_cues.py" in text
    for table in ("lemmas", "phrases"):
        for entry, fields in data[table].items():
            assert fields["count"] > 0 and fields["origin"] and fields["key"], entry
    # The language loads with the mined entries merged into its lemma patterns.
    lemmas = {p for ps in load_language(code).reporting_lemmas.values() for p in ps}
    assert set(data["lemmas"]) <= lemmas
    # Prepositions from the UD treebanks join the speaker's word lists.
    for word, fields in data["prepositions"].items():
        assert fields["count"] > 0 and fields["origin"] == "ud", word
    assert set(data["prepositions"]) <= load_language(code).speaker.prepositions


@pytest.mark.parametrize(
    ("lang", "text", "speaker"),
    [
        (
            "fr",
            "« Nous ne reculerons pas », a déclaré le ministre devant les députés.",
            "le ministre",
        ),
        ("nl", "‘We trekken ons niet terug’, zei de minister tijdens het debat.", "de minister"),
        ("ru", "«Мы не отступим», — сказал министр перед депутатами.", "министр"),
    ],
)
def test_a_speaker_phrase_ends_at_a_mined_preposition(analyse, lang, text, speaker) -> None:
    doc = analyse(text, lang=lang)
    assert [c.claimant.surface for c in doc.claims if c.mode != "narration"] == [speaker]


def test_mined_lexicons_are_large_where_gold_exists() -> None:
    # German: 69 lemmas before lemmas seen only in historical gold were dropped (issue 13).
    for code, floor in (("en", 100), ("de", 40)):
        path = language_root().joinpath(code, "cues_mined.toml")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert len(data["lemmas"]) >= floor, code
        assert any(
            "polnear" in f["origin"] or "wikinews" in f["origin"] for f in data["lemmas"].values()
        )
        # Redewiedergabe (1840-1920) marks thought as well as speech: alone it attests no cue.
        assert all(f["origin"] != "rw_de" for f in data["lemmas"].values()), code


@pytest.mark.parametrize(
    ("lang", "text", "span"),
    [
        (
            "de",
            "Nach Einschätzung des Ministeriums sinkt die Zahl der Anträge.",
            "Nach Einschätzung",
        ),
        ("de", "Nach Ansicht von Fachleuten kommt die Reform zu spät.", "Nach Ansicht von"),
        (
            "nl",
            "Naar schatting van de politie waren er vijfduizend betogers.",
            "Naar schatting van",
        ),
        ("en", "In the view of the regulator, the merger harms buyers.", "In the view of"),
    ],
)
def test_verbless_according_to_phrases(lang: str, text: str, span: str) -> None:
    assert ("according_to", span) in cues(lang, text)
