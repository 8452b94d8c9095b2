"""Maps and timelines as SVG (claimscope.web.svg): well-formed, escaped, deterministic."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from claimscope.model import PlaceArg
from claimscope.web.svg import TimelineItem, map_svg, timeline_svg

NS = {"s": "http://www.w3.org/2000/svg"}


def place(name: str, lat: float | None, lon: float | None, country: str | None) -> PlaceArg:
    return PlaceArg(name=name, surface=name, span=(0, len(name)), country=country, lat=lat, lon=lon)


KYIV = place("Kyiv", 50.4501, 30.5234, "UA")
KHARKIV = place("Kharkiv", 49.9935, 36.2304, "UA")
BELGOROD = place("Belgorod", 50.5997, 36.5986, "RU")
LAHORE = place("Lahore", 31.5204, 74.3587, "PK")
SRINAGAR = place("Srinagar", 34.0837, 74.7973, "IN")

# Claims of a made-up week near Kharkiv, written for these tests.
ITEMS = [
    TimelineItem(
        "c-mod-withdrawal",
        "Defence ministry: units near Belgorod return to their garrisons",
        "2022-02-15",
        "party",
        "contradicted",
        "2022-02-15",
        "2022-02-15",
    ),
    TimelineItem(
        "c-imagery",
        "Satellite images show new field hospitals near Belgorod",
        "2022-02-17",
        "observer",
        "corroborated",
        "2022-02-13",
        "2022-02-16",
    ),
    TimelineItem(
        "c-kyiv-doubt",
        "Foreign minister: we will believe it when we see it",
        "2022-02-15",
        "party",
        "contested",
    ),
    TimelineItem(
        "c-warning",
        "Washington: an attack could begin within days",
        "2022-02-12",
        "third_party",
        "unverified",
        "2022-02-16",
        "2022-02-20",
    ),
    TimelineItem(
        "c-paper",
        "The paper: the number of troops is not known",
        "2022-02",
        "media",
        "not_assessed",
    ),
]

HOSTILE = [
    "<script>alert(1)</script>",
    '" onload="alert(1)',
    "javascript:alert(1)",
    "Khar\u202ekiv\u202c \u2066x\u2069",
    "bell\x07 & 'quote' ]]>",
]


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def titles(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}title")]


def test_svg_map_marks_each_place_with_its_name_and_highlights_its_countries() -> None:
    root = parse(map_svg([KYIV, KHARKIV, BELGOROD], width=800, height=500))
    assert "map" in root.get("class", "").split()
    assert (root.get("width"), root.get("height")) == ("800", "500")
    marks = root.findall("s:g[@class='place']", NS)
    assert sorted(m.findtext("s:title", namespaces=NS) for m in marks) == [
        "Belgorod",
        "Kharkiv",
        "Kyiv",
    ]
    assert sorted(m.findtext("s:text", namespaces=NS) for m in marks) == [
        "Belgorod",
        "Kharkiv",
        "Kyiv",
    ]
    lit = {p.get("data-country") for p in root.iter() if "highlight" in p.get("class", "")}
    assert lit == {"UA", "RU"}
    drawn = {p.get("data-country") for p in root.findall("s:path", NS)}
    assert {"BY", "MD", "RO"} <= drawn  # the neighbours are there for context
    assert "NL" not in drawn and "PK" not in drawn  # far away: not drawn at all
    assert "Made with Natural Earth" in "".join(root.itertext())


def test_svg_map_keeps_every_place_inside_the_picture_with_a_margin() -> None:
    for places in ([KYIV, KHARKIV, BELGOROD], [LAHORE, SRINAGAR], [KYIV]):
        root = parse(map_svg(places, width=640, height=420))
        for circle in root.iter("{http://www.w3.org/2000/svg}circle"):
            x, y = float(circle.get("cx", "")), float(circle.get("cy", ""))
            assert 40 < x < 600 and 40 < y < 380, (places[0].name, x, y)


def test_svg_map_east_is_right_and_north_is_up() -> None:
    root = parse(map_svg([LAHORE, SRINAGAR]))
    at = {
        g.findtext("s:title", namespaces=NS): g.find("s:circle", NS)
        for g in root.findall("s:g[@class='place']", NS)
    }
    assert float(at["Srinagar"].get("cy", "")) < float(at["Lahore"].get("cy", ""))
    assert float(at["Srinagar"].get("cx", "")) > float(at["Lahore"].get("cx", ""))


def test_svg_map_draws_a_place_naming_a_whole_country_as_that_country() -> None:
    # A gazetteer country carries the coordinates of its middle; a dot there says nothing.
    russia = place("Russia", 61.7, 97.7, "RU")
    china = place("People's Republic of China", None, None, "CN")
    root = parse(map_svg([KYIV, russia, china]))
    assert [
        g.findtext("s:title", namespaces=NS) for g in root.findall("s:g[@class='place']", NS)
    ] == ["Kyiv"]
    lit = {p.get("data-country") for p in root.iter() if "highlight" in p.get("class", "")}
    assert lit == {"UA", "RU", "CN"}
    drawn = {p.get("data-country") for p in root.findall("s:path", NS)}
    assert {"KZ", "MN", "JP", "FI"} <= drawn  # the view holds the countries' mainlands
    assert "Not located" not in "".join(root.itertext())


def test_svg_map_lists_places_without_coordinates() -> None:
    svg = map_svg([KYIV, place("Chuhuiv district", None, None, "UA")])
    root = parse(svg)
    assert "Not located: Chuhuiv district" in "".join(root.itertext())
    assert len(root.findall("s:g[@class='place']", NS)) == 1


@pytest.mark.parametrize(
    "places",
    [[], [place("somewhere near the border", None, None, None)]],
    ids=["none", "unlocated"],
)
def test_svg_map_with_nothing_to_draw_says_so(places: list[PlaceArg]) -> None:
    root = parse(map_svg(places))
    assert "empty" in root.get("class", "")
    assert "No place to draw" in "".join(root.itertext())


def test_svg_timeline_links_every_claim_in_order_of_publication() -> None:
    root = parse(timeline_svg(ITEMS))
    assert "timeline" in root.get("class", "").split()
    links = root.findall("s:a", NS)
    assert [a.get("href") for a in links] == [
        "/claims/c-paper",  # "2022-02" is read as its first day
        "/claims/c-warning",
        "/claims/c-kyiv-doubt",
        "/claims/c-mod-withdrawal",
        "/claims/c-imagery",
    ]
    for a in links:
        assert a.find("s:title", NS) is not None
    by_id = {a.get("href", "").rsplit("/", 1)[1]: a for a in links}
    imagery = by_id["c-imagery"]
    assert "observer" in (imagery.findtext("s:title", namespaces=NS) or "")
    assert "2022-02-13 to 2022-02-16" in (imagery.findtext("s:title", namespaces=NS) or "")
    assert imagery.find(".//s:rect[@class='event']", NS) is not None
    assert by_id["c-kyiv-doubt"].find(".//s:rect[@class='event']", NS) is None


def test_svg_timeline_draws_status_as_shape_and_source_type_as_colour() -> None:
    root = parse(timeline_svg(ITEMS))
    shapes = {}
    for a in root.findall("s:a", NS):
        marker = a.find("s:g[@class='published']", NS)
        assert marker is not None
        shapes[a.get("href")] = [
            (child.tag.rsplit("}", 1)[1], child.get("fill") or child.get("stroke"))
            for child in marker
        ]
    assert shapes["/claims/c-imagery"] == [("circle", "#0072B2")]
    assert shapes["/claims/c-mod-withdrawal"] == [("path", "#D55E00")]
    assert shapes["/claims/c-kyiv-doubt"] == [("path", "#D55E00")]
    assert shapes["/claims/c-paper"] == [("rect", "#fff")]
    legend = "".join(root.find("s:g[@class='legend']", NS).itertext())  # type: ignore[union-attr]
    for word in ("party", "third party", "observer", "media", "contradicted", "not assessed"):
        assert word in legend
    assert "mixed" not in legend  # only what is drawn


def test_svg_timeline_ticks_are_dates_on_the_axis() -> None:
    axis = parse(timeline_svg(ITEMS)).find("s:g[@class='axis']", NS)
    assert axis is not None
    ticks = [t.text for t in axis.findall("s:text", NS)]
    assert ticks and all(re.fullmatch(r"2022-02-\d\d", t or "") for t in ticks)
    assert ticks == sorted(ticks)
    # Over two years the ticks are years or months.
    long = [
        TimelineItem("a", "Claim made early", "2021-03-01"),
        TimelineItem("b", "Claim made late", "2023-05-20"),
    ]
    axis = parse(timeline_svg(long)).find("s:g[@class='axis']", NS)
    assert axis is not None
    assert all(re.fullmatch(r"20\d\d(-\d\d)?", t.text or "") for t in axis.findall("s:text", NS))


def test_svg_timeline_of_undated_or_no_claims_says_so() -> None:
    assert "No claim to draw" in "".join(parse(timeline_svg([])).itertext())
    undated = [TimelineItem("x", "A claim without a date", "")]
    assert "No dated claim to draw" in "".join(parse(timeline_svg(undated)).itertext())
    mixed = [*ITEMS, TimelineItem("x", "A claim without a date", "not a date")]
    assert "1 undated claim not drawn" in "".join(parse(timeline_svg(mixed)).itertext())


def test_svg_output_is_deterministic_whatever_the_input_order() -> None:
    assert map_svg([KYIV, KHARKIV, BELGOROD]) == map_svg([BELGOROD, KYIV, KHARKIV, KYIV])
    assert timeline_svg(ITEMS) == timeline_svg(list(reversed(ITEMS)))


@pytest.mark.parametrize("name", HOSTILE)
def test_svg_escapes_hostile_strings_from_articles(name: str) -> None:
    svg_map = map_svg([place(name, 50.0, 36.2, "UA"), place(name + "!", None, None, "UA")])
    items = [
        TimelineItem(name, name, "2022-02-15", name, name, name, name),
        TimelineItem("ok", name, "2022-02-16", "party", "contested", "2022-02-14", None),
    ]
    svg_timeline = timeline_svg(items)
    for svg in (svg_map, svg_timeline):
        root = parse(svg)  # well-formed XML, so nothing broke out of an attribute or element
        assert "<script" not in svg and '" onload="' not in svg
        assert not any(c in svg for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
        assert "\x07" not in svg
        assert "]]>" not in svg
        for element in root.iter():
            assert set(element.attrib) <= {
                "xmlns",
                "class",
                "width",
                "height",
                "viewBox",
                "role",
                "aria-label",
                "x",
                "y",
                "x1",
                "x2",
                "y1",
                "y2",
                "cx",
                "cy",
                "r",
                "rx",
                "d",
                "fill",
                "fill-rule",
                "fill-opacity",
                "stroke",
                "stroke-width",
                "stroke-linejoin",
                "stroke-linecap",
                "stroke-dasharray",
                "paint-order",
                "font-family",
                "font-size",
                "text-anchor",
                "href",
                "data-country",
            }, element.attrib
            href = element.get("href")
            assert href is None or href.startswith("/claims/"), href
        assert any(name.translate({0x07: None})[:8] in t or "Khar" in t for t in titles(root))
    hrefs = [a.get("href", "") for a in parse(svg_timeline).findall("s:a", NS)]
    assert "/claims/ok" in hrefs
    assert all(re.fullmatch(r"/claims/[A-Za-z0-9%._~-]+", h) for h in hrefs), hrefs
