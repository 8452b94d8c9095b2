"""HTML pages: main text, title, day-precision date, site name, canonical URL, declared language."""

from __future__ import annotations

from claimscope.ingest import iter_bytes
from claimscope.settings import Settings

PARAGRAPHS = [
    "Russia's defence ministry said on Tuesday that some units of its Southern and Western "
    "military districts were returning to their bases after completing exercises.",
    "Ukraine's foreign minister, Dmytro Kuleba, said Kyiv would believe in a withdrawal only "
    "when it saw one. \u201cWe have a rule: we won't believe it when we hear, we'll believe "
    "when we see,\u201d he told reporters.",
    "Satellite images published by a US company on Monday showed new deployments of attack "
    "helicopters and ground attack aircraft near the border.",
]


def test_ingest_html_article_gives_text_and_metadata(write, read, html_page):
    path = write("world/withdrawal.html", html_page("Russia says troops pull back", PARAGRAPHS))
    (doc,), errors = read(path)
    assert errors == []
    assert "returning to their bases" in doc.text
    assert "we'll believe when we see" in doc.text
    assert "Home" not in doc.text and "All rights reserved" not in doc.text
    assert doc.title == "Russia says troops pull back"
    assert (doc.date, doc.date_precision) == ("2022-02-15", "day")
    assert doc.source == "The Example Times"
    assert doc.url == "https://news.example/world/withdrawal"
    assert doc.lang == "en"
    assert doc.origin == str(path)


def test_ingest_html_declared_region_language_is_reduced(write, read, html_page):
    page = html_page(
        "Rusland trekt troepen terug",
        [
            "Het Russische ministerie van Defensie zegt dat eenheden na oefeningen terugkeren "
            "naar hun garnizoenen, meldt het ministerie dinsdag.",
            "Volgens Amerikaanse inlichtingendiensten heeft Rusland ongeveer 130.000 militairen "
            "aan de grens met Oekraïne samengetrokken.",
        ],
        lang="nl-NL",
        date=None,
    )
    (doc,), _ = read(write("nl.htm", page))
    assert doc.lang == "nl"
    assert doc.date is None


def test_ingest_html_without_date_falls_back_to_default_date(write, read, html_page):
    path = write("undated.html", html_page("Talks in Moscow", PARAGRAPHS, date=None))
    (doc,), _ = read(path, default_date="2022-02")
    assert (doc.date, doc.date_precision) == ("2022-02", "month")


def test_ingest_html_declared_legacy_charset_is_used(write, read, html_page):
    page = html_page(
        "Scholz à Moscou",
        [
            "Le chancelier allemand a rencontré mardi le président russe au Kremlin, où il a "
            "appelé à la désescalade. « Nous devons éviter une guerre », a-t-il déclaré.",
            "Selon le ministère russe de la Défense, des unités regagnent leurs garnisons après "
            "des exercices près de la frontière ukrainienne.",
        ],
        lang="fr",
        charset="windows-1252",
    )
    (doc,), errors = read(write("fr.html", page.encode("cp1252")))
    assert errors == []
    assert "« Nous devons éviter une guerre »" in doc.text and "ministère" in doc.text


def test_ingest_html_without_main_text_is_an_error(write, read):
    page = (
        "<html><head><title>Sign in</title></head><body><nav><ul><li><a href='/'>Home</a></li>"
        "<li><a href='/world'>World news</a></li><li><a href='/sport'>Sport</a></li></ul></nav>"
        "<div class='login'><form><label>Username</label><input name='u'>"
        "<button>Sign in</button></form></div><footer>Contact us</footer></body></html>"
    )
    path = write("login.html", page)
    docs, (error,) = read(path)
    assert docs == []
    assert error.origin == str(path) and "no main text" in error.reason


def test_ingest_html_sniffed_from_bytes():
    page = (
        "<!doctype html><html><body><article><p>Het ministerie zei dinsdag dat de eenheden "
        "terugkeren naar hun bases na afloop van de oefeningen.</p></article></body></html>"
    )
    (doc,) = list(iter_bytes("<stdin>", page.encode(), Settings()))
    assert doc.text.startswith("Het ministerie zei dinsdag")
