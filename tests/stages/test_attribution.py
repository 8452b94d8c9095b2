"""Attribution baseline: speaker, cue and mode per language, and offsets that hold."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimscope.model import EVENT_TYPES, MODALITIES, SOURCE_TYPES, Document
from claimscope.stages.claimants import UNNAMED

Analyse = Callable[..., Document]

# One row per sentence: language, sentence, claimant surface, cue as in the text, mode.
# A new language adds rows here, not code.
ROWS = [
    # Dutch
    ("nl", "“We zien geen enkel teken van terugtrekking”, zei NAVO-chef Jens Stoltenberg in Brussel.",
     "NAVO-chef Jens Stoltenberg", "zei", "direct_quote"),
    ("nl", "Volgens het Oekraïense leger zijn er vannacht twaalf drones neergeschoten.",
     "het Oekraïense leger", "Volgens", "according_to"),
    ("nl", "Minister Kajsa Ollongren verklaarde: “Nederland blijft Oekraïne steunen zolang dat nodig is.”",
     "Minister Kajsa Ollongren", "verklaarde", "direct_quote"),
    ("nl", "Het ministerie van Buitenlandse Zaken liet weten dat de ambassade in Kiev tijdelijk sluit.",
     "Het ministerie van Buitenlandse Zaken", "liet weten", "indirect"),
    ("nl", "Zo maakte de Oekraïense luchtmacht maandag bekend dat er raketten op Odesa zijn afgevuurd.",
     "de Oekraïense luchtmacht", "maakte", "indirect"),
    ("nl", "De troepen keren terug naar hun kazernes, aldus de woordvoerder.",
     "de woordvoerder", "aldus", "according_to"),
    ("nl", "Op een persconferentie in Den Haag zei premier Mark Rutte dat de steun doorgaat.",
     "premier Mark Rutte", "zei", "indirect"),
    ("nl", "Uit onderzoek van het Internationaal Strafhof blijkt dat er kinderen zijn weggevoerd.",
     "onderzoek van het Internationaal Strafhof", "blijkt", "according_to"),
    # Lemma cues: forms never listed (plural, passé composé, present of an unlisted verb).
    ("nl", "Premier Mark Rutte noemde de aanval op Kiev “een grove schending”.",
     "Premier Mark Rutte", "noemde", "indirect"),
    ("fr", "Les ministres européens ont affirmé que l'aide à l'Ukraine continuera.",
     "Les ministres européens", "affirmé", "indirect"),
    ("en", "Senator Jim Risch contends that the sanctions came too late.",
     "Senator Jim Risch", "contends", "indirect"),
    # A phrase that closes a quotation or clause (after_clause).
    ("de", "„Wir werden die Gespräche fortsetzen“, so Außenministerin Annalena Baerbock.",
     "Außenministerin Annalena Baerbock", "so", "direct_quote"),
    ("de", "Die Lage an der Grenze sei ernst, so der Sprecher des Innenministeriums.",
     "der Sprecher des Innenministeriums", "so", "indirect"),
    # English
    ("en", "“We will not allow this aggression to go unanswered,” Foreign Secretary James Cleverly said.",
     "Foreign Secretary James Cleverly", "said", "direct_quote"),
    ("en", "According to the Ukrainian air force, 14 drones were shot down overnight.",
     "the Ukrainian air force", "According to", "according_to"),
    ("en", "The Kremlin said that the troops were returning to their bases after the exercises.",
     "The Kremlin", "said", "indirect"),
    ("en", "Nato’s secretary general, Jens Stoltenberg, told reporters: “We see no sign of de-escalation on the ground.”",
     "Jens Stoltenberg", "told", "direct_quote"),
    ("en", "Russian forces have shelled the city again, the regional governor said on Sunday.",
     "the regional governor", "said", "indirect"),
    ("en", "The defence minister also warned that more sanctions could follow within days.",
     "The defence minister", "warned", "indirect"),
    # German
    ("de", "Laut dem ukrainischen Generalstab wurden in der Nacht zwölf Drohnen abgeschossen.",
     "dem ukrainischen Generalstab", "Laut", "according_to"),
    ("de", "„Wir werden die Ukraine weiter unterstützen“, sagte Bundeskanzler Olaf Scholz in Berlin.",
     "Bundeskanzler Olaf Scholz", "sagte", "direct_quote"),
    ("de", "Die russische Armee habe sich aus der Region zurückgezogen, teilte das Verteidigungsministerium in Moskau mit.",
     "das Verteidigungsministerium", "teilte", "indirect"),
    ("de", "Dem Bericht zufolge wurden mehrere Dörfer beschossen.",
     "Dem Bericht", "zufolge", "according_to"),
    ("de", "Außenministerin Annalena Baerbock erklärte, Russland trage die Verantwortung für die Eskalation.",
     "Außenministerin Annalena Baerbock", "erklärte", "indirect"),
    ("de", "Nach Angaben der Vereinten Nationen sind mehr als 500 Zivilisten getötet worden.",
     "der Vereinten Nationen", "Nach Angaben", "according_to"),
    ("de", "Am Abend hat die ukrainische Luftwaffe neue Angriffe auf Charkiw gemeldet.",
     "die ukrainische Luftwaffe", "gemeldet", "indirect"),
    # The impersonal "hieß es" with its source after it (it was only known before it).
    ("de", "Die Gespräche seien vorerst ausgesetzt, hieß es aus dem Außenministerium in Kiew.",
     "dem Außenministerium", "hieß es aus", "indirect"),
    # French
    ("fr", "Selon l’état-major ukrainien, quinze missiles ont été abattus dans la nuit.",
     "l’état-major ukrainien", "Selon", "according_to"),
    ("fr", "« Nous ne reculerons pas », a déclaré le président Volodymyr Zelensky à Kiev.",
     "le président Volodymyr Zelensky", "a déclaré", "direct_quote"),
    ("fr", "Le ministère russe de la Défense a affirmé que les troupes regagnaient leurs bases.",
     "Le ministère russe de la Défense", "a affirmé", "indirect"),
    ("fr", "D’après le gouverneur de la région, deux civils ont été tués.",
     "le gouverneur de la région", "D’après", "according_to"),
    ("fr", "Le porte-parole du Kremlin, Dmitri Peskov, a dit que Moscou restait ouvert au dialogue.",
     "Dmitri Peskov", "a dit", "indirect"),
    ("fr", "Deux immeubles ont été touchés à Odessa, a annoncé, dimanche, le maire de la ville.",
     "le maire de la ville", "a annoncé", "indirect"),
    # Russian
    ("ru", "«Мы не намерены отступать», — заявил министр иностранных дел Сергей Лавров.",
     "министр иностранных дел Сергей Лавров", "заявил", "direct_quote"),
    ("ru", "По словам губернатора области, в результате обстрела пострадали три человека.",
     "губернатора области", "По словам", "according_to"),
    ("ru", "Министерство обороны России сообщило, что войска возвращаются в места постоянной дислокации.",
     "Министерство обороны России", "сообщило", "indirect"),
    ("ru", "Песков заявил, что Кремль не комментирует эти сообщения.",
     "Песков", "заявил", "indirect"),
    ("ru", "По данным ООН, с начала года погибли более тысячи мирных жителей.",
     "ООН", "По данным", "according_to"),
    # Ukrainian
    ("uk", "За словами речника Повітряних сил Юрія Ігната, вночі було збито 12 дронів.",
     "речника Повітряних сил Юрія Ігната", "За словами", "according_to"),
    ("uk", "Міністр закордонних справ Дмитро Кулеба заявив, що Україна не погодиться на такі умови.",
     "Міністр закордонних справ Дмитро Кулеба", "заявив", "indirect"),
    ("uk", "\"Ми бачимо зосередження російських військ біля кордону\", – сказав президент Володимир Зеленський.",
     "президент Володимир Зеленський", "сказав", "direct_quote"),
    ("uk", "Як повідомляє Генштаб ЗСУ, ворог атакував позиції на півдні.",
     "Генштаб ЗСУ", "Як повідомляє", "according_to"),
    ("uk", "Пряма мова міністра: \"Ми отримали нову партію снарядів від партнерів\".",
     "міністра", "Пряма мова", "direct_quote"),
    # Languages with case: the nominative subject, past a prepositional phrase and before an
    # object (pymorphy3).
    ("ru", "В своем заявлении депутаты Государственной думы призывают правительство Германии прекратить поставки оружия.",
     "депутаты Государственной думы", "призывают", "indirect"),
    ("uk", "Під час візиту до Києва Блінкен разом із послом США заявив, що допомога надійде найближчим часом.",
     "Блінкен", "заявив", "indirect"),
    ("ru", "В НАТО заявили, что поставки продолжатся.", "НАТО", "заявили", "indirect"),
    # The source runs on to who released the figures.
    ("en", "Exports fell by a third last year, according to figures released by the national statistics office.",
     "figures released by the national statistics office", "according to", "according_to"),
]  # fmt: skip


def _offsets_hold(doc: Document) -> None:
    text = doc.text
    for c in doc.claims:
        assert 0 <= c.start < c.end <= len(text)
        if c.mode == "narration":  # the outlet's own words: no claimant words, no cue
            assert c.claimant.start is None and c.cue is None
        elif c.claimant.start is None:  # words that name no one ("said 0"): unnamed
            assert (c.claimant.name, c.claimant.surface) == (UNNAMED, "")
        else:
            assert text[c.claimant.start : c.claimant.end] == c.claimant.surface
        if c.cue is not None:
            assert text[c.cue_start : c.cue_end] == c.cue
        if c.content_start is not None:
            assert c.start <= c.content_start < c.content_end <= c.end
        # Ids are given at the end of the pipeline (stances.v1 refers to claims by id).
        assert c.id.startswith("c")
        # Source types and events come from claimants.v1 and claims.v1 (their own tests).
        assert c.source_type in SOURCE_TYPES and c.proposition.event_type in EVENT_TYPES
    assert len({c.id for c in doc.claims}) == len(doc.claims)


@pytest.mark.parametrize(("lang", "sentence", "surface", "cue", "mode"), ROWS)
def test_attribution_finds_speaker_cue_and_mode(
    analyse: Analyse, lang: str, sentence: str, surface: str, cue: str, mode: str
) -> None:
    doc = analyse(sentence, lang=lang)
    _offsets_hold(doc)
    found = [(c.claimant.surface, c.cue, c.mode) for c in doc.claims]
    assert (surface, cue, mode) in found
    claim = doc.claims[found.index((surface, cue, mode))]
    assert (claim.start, claim.end) == (doc.sentences[0].start, doc.sentences[0].end)
    assert claim.lang == lang and claim.modality in MODALITIES
    # A spoken or written statement, or a document when the source is a report ("onderzoek").
    assert claim.evidence in ("statement", "document", "estimate", None)


def test_attribution_multi_sentence_quote_is_one_claim(analyse: Analyse) -> None:
    text = (
        "Minister Dmytro Kuleba verklaarde: “We horen veel. We geloven het pas als we het zien. "
        "Dan pas is er de-escalatie.”\n\nDe Russen zwegen."
    )
    doc = analyse(text, lang="nl")
    _offsets_hold(doc)
    # No sentence of the quotation asserts an event of its own: one claim covers all three.
    (claim,) = doc.claims
    assert claim.claimant.surface == "Minister Dmytro Kuleba" and claim.mode == "direct_quote"
    assert doc.text[claim.start : claim.end].endswith("Dan pas is er de-escalatie.”")


def test_attribution_quote_sentence_with_an_event_keeps_its_own_claim(analyse: Analyse) -> None:
    text = (
        "Minister Dmytro Kuleba verklaarde: “We horen veel. Vannacht is Charkiv opnieuw "
        "beschoten met raketten. Dat moet stoppen.”"
    )
    doc = analyse(text, lang="nl")
    _offsets_hold(doc)
    assert [c.claimant.surface for c in doc.claims] == ["Minister Dmytro Kuleba"] * 2
    second = doc.claims[1]
    assert doc.text[second.start : second.end].startswith("Vannacht is Charkiv")
    assert second.proposition.event_type == "ASSAULT" and second.attributed_by == "quote"
    assert second.continues is not None and second.continues.kind == "quote"
    assert second.continues.parent is doc.claims[0]


def test_attribution_quoted_paragraph_inherits_previous_speaker(analyse: Analyse) -> None:
    text = (
        "She said: “The big risk is an invasion.\n\n"
        "“Russian troops shelled Kharkiv again last night, killing three people.”"
    )
    doc = analyse(text, lang="en")
    _offsets_hold(doc)
    assert len(doc.claims) == 2
    assert doc.claims[1].claimant.surface == "She" and doc.claims[1].attributed_by == "quote"
    link = doc.claims[1].continues
    assert link is not None and link.kind == "quote" and link.parent is doc.claims[0]


def test_attribution_pronoun_is_named_after_last_speaker(analyse: Analyse) -> None:
    text = "Foreign Secretary Liz Truss said the risk was high. Later she said: “We are ready.”"
    doc = analyse(text, lang="en")
    # claimants.v1 then gives both the profile's canonical name.
    assert [(c.claimant.surface, c.claimant.name, c.claimant.entity_id) for c in doc.claims] == [
        ("Foreign Secretary Liz Truss", "Liz Truss", "gb.truss"),
        ("she", "Liz Truss", "gb.truss"),
    ]


def test_attribution_ignores_cues_inside_quotations(analyse: Analyse) -> None:
    doc = analyse("“The ministry said nothing to us about troops,” the mayor said.", lang="en")
    assert [c.claimant.surface for c in doc.claims] == ["the mayor"]


def test_attribution_source_line_names_the_source_of_the_lead(analyse: Analyse) -> None:
    text = (
        "Росія вночі атакувала Одесу ракетами, загинули двоє людей.\n\n"
        "Джерело: Одеська обласна військова адміністрація в Telegram"
    )
    doc = analyse(text, lang="uk")
    _offsets_hold(doc)
    (claim,) = [c for c in doc.claims if c.mode != "narration"]
    assert claim.claimant.surface == "Одеська обласна військова адміністрація"
    assert (claim.mode, claim.cue) == ("according_to", "Джерело")
    assert doc.text[claim.start : claim.end].startswith("Росія вночі атакувала Одесу")


def test_attribution_without_speaker_gives_no_claim(analyse: Analyse) -> None:
    assert analyse("Dat is vandaag bekend gemaakt door niemand.", lang="nl").claims == []
    assert analyse("Hij is verplicht, maar dat wil nog niets zeggen.", lang="nl").claims == []


PIECES = ["zei", " said ", "volgens", "according to", "“", "”", "«", "»", "\"", ", ", ". ",
          "\n\n", "Lavrov", "the minister", "he", "dat", "that", ": ", "по словам", "—"]  # fmt: skip


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=30),
    st.sampled_from(["nl", "en", "ru"]),
)
def test_attribution_offsets_hold_on_any_text(
    analyse: Analyse, pieces: list[str], lang: str
) -> None:
    _offsets_hold(analyse("".join(pieces), lang=lang))


@pytest.mark.parametrize(
    ("lang", "sentence", "surface"),
    [
        # The words between the finite auxiliary and the reporting verb are its object.
        ("nl", 'EU-buitenlandchef Borrell heeft Israëli\'s opgeroepen om zich niet door "woede '
         'te laten verteren".', "EU-buitenlandchef Borrell"),
        ("nl", "Hezbollah heeft vandaag aanvallen op Israël gemeld.", "Hezbollah"),
        ("de", "Die Regierung hat neue Sanktionen gegen Moskau angekündigt.", "Die Regierung"),
    ],
)  # fmt: skip
def test_attribution_verb_second_subject_stands_before_the_auxiliary(
    analyse: Analyse, lang: str, sentence: str, surface: str
) -> None:
    doc = analyse(sentence, lang=lang)
    found = [c.claimant.surface for c in doc.claims if c.mode != "narration"]
    assert found == [surface]


@pytest.mark.parametrize(
    ("text", "speaker", "not_speaker"),
    [
        ("Удары нанесли группировки ХАМАС и «Исламский джихад» (признаны террористическими "
         "организациями в США и ЕС), сообщил Слуцкий журналистам.", "Слуцкий", "организациями"),
    ],
)  # fmt: skip
def test_attribution_an_oblique_phrase_after_the_verb_is_no_speaker(
    analyse: Analyse, text: str, speaker: str, not_speaker: str
) -> None:
    """Russian marks the subject by its case: words after a verb none of which can be
    nominative are its object ("признаны … организациями")."""
    doc = analyse(text, lang="ru")
    surfaces = [c.claimant.surface for c in doc.claims]
    assert not any(not_speaker in s for s in surfaces), surfaces
    assert any(speaker in s for s in surfaces), surfaces


def test_attribution_a_speaker_holds_no_other_reporting_verb(analyse: Analyse) -> None:
    doc = analyse('Volgens Omtzigt zegt de premier het nu "wat voorzichtiger".', lang="nl")
    surfaces = [c.claimant.surface for c in doc.claims]
    assert "Omtzigt" in surfaces and not any("zegt" in s for s in surfaces), surfaces
    doc = analyse(
        '"Ein Einsatz ohne Plan", so nennen es mehrere Abgeordnete im Ausschuss.', lang="de"
    )
    assert all("nennen" not in c.claimant.surface for c in doc.claims)


def test_attribution_the_object_of_a_cue_preposition_is_no_speaker(analyse: Analyse) -> None:
    doc = analyse(
        "Die Ministerpräsidentin, die auch in der Verhandlungsgruppe sitzt, sprach von guten "
        "und konstruktiven Gesprächen.",
        lang="de",
    )
    assert all("Gesprächen" not in c.claimant.surface for c in doc.claims)


@pytest.mark.parametrize("lang", ["ru", "uk"])
def test_attribution_survives_characters_the_morphology_cannot_name(
    analyse: Analyse, lang: str
) -> None:
    # Found by the property test above: pymorphy3 raises on scripts such as Tangut.
    doc = analyse(
        "Удары нанесли, сообщил \U00017000 журналистам. Заявил \U00017001x вчера.", lang=lang
    )
    _offsets_hold(doc)
