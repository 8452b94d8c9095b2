"""RSS and Atom feeds: one document per entry, HTML stripped, timestamps kept."""

from __future__ import annotations

from claimscope.ingest import iter_bytes
from claimscope.settings import Settings

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Nieuwsdienst Buitenland</title>
  <link>https://nieuws.example/</link>
  <language>nl-NL</language>
  <item>
    <title>Rusland: troepen keren terug naar kazernes</title>
    <link>https://nieuws.example/1</link>
    <pubDate>Tue, 15 Feb 2022 10:30:00 +0100</pubDate>
    <description>Korte samenvatting.</description>
    <content:encoded><![CDATA[<p>Het Russische ministerie van Defensie zegt dat eenheden
      terugkeren naar hun <b>garnizoenen</b>.</p><p>Oekraïne gelooft het pas als het de
      terugtrekking ziet.</p><script>track()</script>]]></content:encoded>
  </item>
  <item>
    <title>Satellietbeelden tonen meer activiteit</title>
    <link>https://nieuws.example/2</link>
    <pubDate>Wed, 16 Feb 2022 08:00:00 GMT</pubDate>
    <description>&lt;p&gt;Volgens Maxar is de militaire activiteit bij de grens juist
      toegenomen.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Zonder tekst</title>
    <link>https://nieuws.example/3</link>
  </item>
  <item>
    <title>Datum met typefout</title>
    <pubDate>2022-02-30</pubDate>
    <description>Het ministerie sprak het bericht later tegen.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>World desk</title>
  <id>urn:example:world</id>
  <updated>2022-02-16T12:00:00Z</updated>
  <entry>
    <title>Kyiv doubts Russian pullback</title>
    <link href="https://world.example/kyiv-doubts"/>
    <id>urn:example:1</id>
    <updated>2022-02-16T11:45:00Z</updated>
    <content type="html">&lt;p&gt;Ukraine's foreign minister said Kyiv would believe a
      withdrawal only when it saw one.&lt;/p&gt;&lt;p&gt;Western officials agreed.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Talks planned</title>
    <link href="https://world.example/talks"/>
    <id>urn:example:2</id>
    <published>2022-02-15</published>
    <updated>2022-02-15</updated>
    <summary>Diplomats said talks would continue next week.</summary>
  </entry>
</feed>
"""


def test_ingest_rss_feed_gives_one_document_per_entry(write, read):
    path = write("buitenland.rss", RSS)
    docs, errors = read(path)
    assert [d.origin for d in docs] == [f"{path}#1", f"{path}#2"]
    first, second = docs
    assert first.text == (
        "Het Russische ministerie van Defensie zegt dat eenheden terugkeren naar hun "
        "garnizoenen.\nOekraïne gelooft het pas als het de terugtrekking ziet."
    )  # content wins over the summary, HTML and script stripped
    assert first.title == "Rusland: troepen keren terug naar kazernes"
    assert first.url == "https://nieuws.example/1"
    assert first.source == "Nieuwsdienst Buitenland"
    assert first.lang == "nl"
    assert (first.date, first.date_precision) == ("2022-02-15T10:30:00+01:00", "timestamp")
    assert second.text == "Volgens Maxar is de militaire activiteit bij de grens juist toegenomen."
    assert (second.date, second.date_precision) == ("2022-02-16T08:00:00+00:00", "timestamp")
    assert [(e.origin, e.reason.split(" ")[0]) for e in errors] == [
        (f"{path}#3", "feed"),
        (f"{path}#4", "date"),
    ]
    assert "day 30 does not exist" in errors[1].reason


def test_ingest_atom_feed_keeps_date_precision(write, read):
    path = write("world.atom", ATOM)
    (kyiv, talks), errors = read(path)
    assert errors == []
    assert kyiv.text.startswith("Ukraine's foreign minister said")
    assert kyiv.text.endswith("Western officials agreed.")
    assert (kyiv.date, kyiv.date_precision) == ("2022-02-16T11:45:00+00:00", "timestamp")
    assert (talks.date, talks.date_precision) == ("2022-02-15", "day")
    assert kyiv.url == "https://world.example/kyiv-doubts" and kyiv.source == "World desk"
    assert kyiv.lang == "en"


def test_ingest_feed_sniffed_from_xml_bytes():
    docs = list(iter_bytes("<stdin>", ATOM.encode(), Settings()))
    assert [d.origin for d in docs] == ["<stdin>#1", "<stdin>#2"]


def test_ingest_xml_that_is_no_feed_is_an_error(write, read):
    path = write(
        "sitemap.xml",
        '<?xml version="1.0"?><urlset><url><loc>https://a.example/</loc></url></urlset>',
    )
    docs, (error,) = read(path)
    assert docs == [] and error.origin == str(path) and "not an RSS/Atom feed" in error.reason


def test_ingest_empty_feed_file_is_an_error(write, read):
    path = write("empty.rss", "")
    _, (error,) = read(path)
    assert error.origin == str(path) and "empty" in error.reason
