"""Maps and timelines as inline SVG, drawn from the ledger alone: pure functions returning markup.

No web framework, no tiles, no web fonts: country outlines come from the bundled
data/shapes/countries.json (Natural Earth, built by scripts/build_shapes.py). Every string that
may come from an article goes through ``_text`` (control and bidi-override characters removed,
then XML-escaped with quotes), and the output for the same input is the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from html import escape
from importlib import resources
from typing import Protocol
from urllib.parse import quote

SVG_NS = "http://www.w3.org/2000/svg"
FONT = 'font-family="sans-serif"'
# Bidi embeddings, overrides and isolates can make an escaped name display as other text
# (U+202E turns "gpj.exe" round); marks (U+200E/F) only nudge direction and are kept.
_BIDI = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
# XML 1.0 allows no C0 control but tab, newline and return.
_CONTROL = dict.fromkeys(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_DROP = {**_BIDI, **_CONTROL, 0xFFFE: None, 0xFFFF: None}


def _text(value: object) -> str:
    """A string from an article, safe as element text and as an attribute value."""
    return escape(str(value).translate(_DROP), quote=True)


def _num(value: float) -> str:
    """Coordinates with one decimal (a tenth of a pixel); -0.0 printed as 0."""
    text = f"{value:.1f}"
    return "0" if text in ("-0.0", "0.0") else text.removesuffix(".0")


def _nothing(width: int, height: int, kind: str, message: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" class="{kind} empty" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_text(message)}">'
        f'<text x="{width // 2}" y="{height // 2}" text-anchor="middle" {FONT} font-size="13" '
        f'fill="#666">{_text(message)}</text></svg>'
    )


# ---------------------------------------------------------------------------------------------
# Map


class PlaceLike(Protocol):
    """What ``map_svg`` reads of a place (model.PlaceArg has it)."""

    @property
    def name(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def country(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class _Country:
    name: str
    names: frozenset[str]  # every English name, casefolded
    bbox: tuple[float, float, float, float]
    main: tuple[float, float, float, float]  # the bbox of its largest ring (mainland)
    rings: tuple[tuple[tuple[float, float, float, float], tuple[float, ...]], ...]  # bbox, flat


@lru_cache(maxsize=1)
def _countries() -> dict[str, _Country]:
    """The bundled outlines (read once; immutable values)."""
    path = resources.files("claimscope").joinpath("data", "shapes", "countries.json")
    raw = json.loads(path.read_text(encoding="utf-8"))["countries"]
    out = {}
    for key, entry in raw.items():
        rings = []
        for flat in entry["rings"]:
            xs, ys = flat[0::2], flat[1::2]
            rings.append(((min(xs), min(ys), max(xs), max(ys)), tuple(flat)))
        main = max(rings, key=lambda ring: (ring[0][2] - ring[0][0]) * (ring[0][3] - ring[0][1]))
        names = frozenset(n.casefold() for n in [entry["name"], *entry.get("aka", [])])
        out[key] = _Country(entry["name"], names, tuple(entry["bbox"]), main[0], tuple(rings))
    return out


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]


def map_svg(places: Iterable[PlaceLike], *, width: int = 640, height: int = 420) -> str:
    """An SVG map of the countries around ``places``, each located place a marker with its name.

    The view fits the places with a margin, in an equirectangular projection scaled by the
    cosine of the middle latitude (true to shape at that latitude; fine for regional maps).
    The countries of the places are highlighted. A place that names a whole country ("Russia")
    is drawn as that country, the view fitted to its mainland, not as a dot at its middle.
    Places without coordinates are listed below the map as not located; with none located the
    SVG says there is nothing to draw.
    """
    countries = _countries()
    seen: dict[tuple[str, float, float], PlaceLike] = {}
    unlocated: set[str] = set()
    highlight: set[str] = set()
    areas: set[str] = set()  # places that name a whole country: drawn as that country
    for place in places:
        if place.country:
            highlight.add(place.country)
        country = countries.get(place.country or "")
        if country is not None and place.name.casefold() in country.names:
            areas.add(place.country or "")
        elif place.lat is None or place.lon is None:
            unlocated.add(place.name)
        else:
            seen.setdefault((place.name, place.lat, place.lon), place)
    located = [seen[key] for key in sorted(seen)]
    if not located and not areas:
        message = "No place to draw"
        if unlocated:
            message += " (not located: " + ", ".join(sorted(unlocated)) + ")"
        return _nothing(width, 60, "map", message)

    lats = [p.lat for p in located if p.lat is not None]
    lons = [p.lon for p in located if p.lon is not None]
    for key in sorted(areas):
        west_, south_, east_, north_ = countries[key].main
        lons += [west_, east_]
        lats += [south_, north_]
    mid_lat = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(mid_lat))  # one degree of longitude, in degrees of latitude
    # A margin of a third of the span each side, and a span of at least 5 degrees (about 550
    # km; 8 with the margin), so that one place or two close ones still show enough coast and
    # borders to be recognised (3 degrees put Lahore and Srinagar on a map of two fills), and
    # labels near the edge stay inside.
    span_x = max((max(lons) - min(lons)) * kx, 5.0) * (1 + 2 / 3)
    span_y = max(max(lats) - min(lats), 5.0) * (1 + 2 / 3)
    # Widen one side to the picture's aspect ratio.
    if span_x / span_y < width / height:
        span_x = span_y * width / height
    else:
        span_y = span_x * height / width
    cx, cy = (min(lons) + max(lons)) / 2, mid_lat
    west, east = cx - span_x / kx / 2, cx + span_x / kx / 2
    south, north = cy - span_y / 2, cy + span_y / 2
    scale = width / span_x

    def xy(lon: float, lat: float) -> str:
        return f"{_num((lon - west) * kx * scale)},{_num((north - lat) * scale)}"

    view = (west, south, east, north)
    parts = [
        f'<svg xmlns="{SVG_NS}" class="map" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Map of the places named">',
        f'<rect class="sea" width="{width}" height="{height}" fill="#e8f0f7"/>',
    ]
    for key, country in sorted(countries.items()):
        if not _overlaps(country.bbox, view):
            continue
        path = []
        for bbox, flat in country.rings:
            if not _overlaps(bbox, view):
                continue
            points = [xy(flat[i], flat[i + 1]) for i in range(0, len(flat) - 2, 2)]
            path.append("M" + "L".join(points) + "Z")
        if not path:
            continue
        lit = key in highlight
        parts.append(
            f'<path class="country{" highlight" if lit else ""}" data-country="{_text(key)}" '
            f'd="{"".join(path)}" fill="{"#f6e7c1" if lit else "#f4f3ef"}" fill-rule="evenodd" '
            f'stroke="#9a9a92" stroke-width="{"1" if lit else "0.6"}" stroke-linejoin="round">'
            f"<title>{_text(country.name)}</title></path>"
        )
    for place in located:
        assert place.lat is not None and place.lon is not None
        x, y = xy(place.lon, place.lat).split(",")
        name = _text(place.name)
        parts.append(
            f'<g class="place"><title>{name}</title>'
            f'<circle cx="{x}" cy="{y}" r="4.5" fill="#b2182b" stroke="#fff" stroke-width="1.5"/>'
            f'<text x="{_num(float(x) + 7)}" y="{_num(float(y) + 4)}" {FONT} font-size="12" '
            f'fill="#222" stroke="#fff" stroke-width="3" paint-order="stroke">{name}</text></g>'
        )
    if unlocated:
        parts.append(
            f'<text class="unlocated" x="6" y="{height - 6}" {FONT} font-size="11" fill="#444">'
            f"Not located: {_text(', '.join(sorted(unlocated)))}</text>"
        )
    parts.append(
        f'<text class="credit" x="{width - 4}" y="{height - 6}" text-anchor="end" {FONT} '
        f'font-size="9" fill="#777">Made with Natural Earth</text></svg>'
    )
    return "\n".join(parts)


# ---------------------------------------------------------------------------------------------
# Timeline

# Okabe-Ito colours: told apart with the common colour-vision deficiencies.
SOURCE_COLOURS = {
    "party": "#D55E00",
    "third_party": "#E69F00",
    "observer": "#0072B2",
    "media": "#CC79A7",
    "mixed": "#009E73",
    "unknown": "#8c8c8c",
}
SOURCE_NAMES = {
    "party": "party",
    "third_party": "third party",
    "observer": "observer",
    "media": "media",
    "mixed": "mixed",
    "unknown": "unknown",
}
STATUSES = ("corroborated", "contradicted", "contested", "unverified", "not_assessed")


@dataclass(frozen=True, slots=True)
class TimelineItem:
    """One claim on a timeline. Dates are ISO (``YYYY-MM-DD``; ``YYYY-MM`` and ``YYYY`` are
    read as their first day); ``event_start``/``event_end`` are the interval of the event the
    claim asserts, None where the claim has no time."""

    id: str
    label: str
    published: str
    source_type: str = "unknown"
    status: str = "not_assessed"
    event_start: str | None = None
    event_end: str | None = None


def _day(value: str | None) -> date | None:
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(numbers[0], numbers[1], numbers[2])
    except (ValueError, IndexError):
        return None


def _ticks(first: date, last: date, room: int) -> list[tuple[date, str]]:
    """Round dates between ``first`` and ``last``, at most ``room`` of them, with labels."""
    days = (last - first).days
    for step in (1, 2, 7, 14):
        if days / step <= room:
            day = first if step < 7 else first + timedelta(days=(7 - first.weekday()) % 7)
            out = []
            while day <= last:
                out.append((day, day.isoformat()))
                day += timedelta(days=step)
            return out
    for months in (1, 2, 3, 6, 12, 24, 60, 120):
        if days / (30.4 * months) <= room:
            index = first.year * 12 + first.month - 1
            index += -index % months
            out = []
            while (day := date(index // 12, index % 12 + 1, 1)) <= last:
                label = str(day.year) if months >= 12 else day.isoformat()[:7]
                if day >= first:
                    out.append((day, label))
                index += months
            return out
    return [(first, first.isoformat()), (last, last.isoformat())]


def _marker(status: str, x: float, y: float, colour: str) -> str:
    cx, cy = _num(x), _num(y)
    if status == "corroborated":
        return f'<circle cx="{cx}" cy="{cy}" r="5.5" fill="{colour}"/>'
    if status == "contradicted":
        d = f"M{_num(x - 5)},{_num(y - 5)}L{_num(x + 5)},{_num(y + 5)}M{_num(x - 5)},{_num(y + 5)}L{_num(x + 5)},{_num(y - 5)}"
        return f'<path d="{d}" stroke="{colour}" stroke-width="3" stroke-linecap="round"/>'
    if status == "contested":
        d = f"M{cx},{_num(y - 6.5)}L{_num(x + 6.5)},{cy}L{cx},{_num(y + 6.5)}L{_num(x - 6.5)},{cy}Z"
        return f'<path d="{d}" fill="{colour}"/>'
    if status == "unverified":
        return (
            f'<circle cx="{cx}" cy="{cy}" r="4.5" fill="#fff" stroke="{colour}" stroke-width="2"/>'
        )
    return (
        f'<rect x="{_num(x - 4.5)}" y="{_num(y - 4.5)}" width="9" height="9" fill="#fff" '
        f'stroke="{colour}" stroke-width="1.5"/>'
    )


def _clip(text: str, chars: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= chars else text[: max(chars - 1, 1)].rstrip() + "\u2026"


def timeline_svg(items: Sequence[TimelineItem], *, width: int = 760) -> str:
    """Claims on a time axis, one row each, in order of publication.

    Each row shows when the claim was published (a marker: colour for the source type, shape
    for the status) and, where the claim has one, the interval of the event it asserts (a bar,
    joined to the marker by a dashed line). A row links to ``/claims/{id}``.
    """
    rows = []
    undated = 0
    for item in items:
        published = _day(item.published)
        start = _day(item.event_start)
        end = _day(item.event_end) or start
        if start is None and end is not None:
            start = end
        if start is not None and end is not None and end < start:
            start, end = end, start
        if published is None and start is None:
            undated += 1
            continue
        rows.append((published or start, item.id, item, published, start, end))
    rows.sort(key=lambda row: (row[0], row[1]))
    if not rows:
        message = "No dated claim to draw" if undated else "No claim to draw"
        return _nothing(width, 60, "timeline", message)

    days = [d for row in rows for d in row[3:] if d is not None]
    first, last = min(days), max(days)
    if (last - first).days < 6:  # a single day still gets an axis a week wide
        first, last = first - timedelta(days=3), last + timedelta(days=3)
    gutter = min(260, width * 32 // 100)
    left, right = gutter + 12, width - 24
    span = (last - first).days + 1  # an interval ends at the end of its last day

    def x_of(day: date, end_of_day: bool = False) -> float:
        return left + ((day - first).days + (1 if end_of_day else 0.5)) / span * (right - left)

    # Legend: only the source types and statuses present, in a fixed order.
    sources = sorted(
        {
            i.source_type if i.source_type in SOURCE_COLOURS else "unknown"
            for *_, i, _, _, _ in rows
        },
        key=list(SOURCE_COLOURS).index,
    )
    statuses = sorted(
        {i.status if i.status in STATUSES else "not_assessed" for *_, i, _, _, _ in rows},
        key=STATUSES.index,
    )
    legend, lx, ly = [], 8.0, 16.0
    entries = [(SOURCE_COLOURS[s], "corroborated", SOURCE_NAMES[s]) for s in sources]
    entries += [("#555", s, s.replace("_", " ")) for s in statuses]
    for colour, status, name in entries:
        room = 22 + 7 * len(name)
        if lx + room > width:
            lx, ly = 8.0, ly + 18
        legend.append(
            _marker(status, lx + 6, ly - 4, colour)
            + f'<text x="{_num(lx + 16)}" y="{_num(ly)}" {FONT} font-size="11" fill="#333">{name}</text>'
        )
        lx += room
    axis_y = ly + 30
    row_h = 20
    height = int(axis_y + 10 + row_h * len(rows) + 24)

    parts = [
        f'<svg xmlns="{SVG_NS}" class="timeline" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="Timeline of {len(rows)} claims">',
        f'<g class="legend">{"".join(legend)}</g>',
        f'<text x="{_num(left)}" y="{_num(axis_y - 18)}" {FONT} font-size="10" fill="#666">'
        "marker: published; bar: when the claimed event took place</text>",
        f'<g class="axis"><line x1="{_num(left)}" x2="{_num(right)}" y1="{_num(axis_y)}" '
        f'y2="{_num(axis_y)}" stroke="#888"/>',
    ]
    bottom = axis_y + 10 + row_h * len(rows)
    for day, label in _ticks(first, last, max(2, (right - left) // 80)):
        x = _num(x_of(day, end_of_day=False) - 0.5 / span * (right - left))
        parts.append(
            f'<line x1="{x}" x2="{x}" y1="{_num(axis_y - 4)}" y2="{_num(bottom)}" stroke="#e3e3e3"/>'
            f'<text x="{x}" y="{_num(axis_y - 6)}" text-anchor="middle" {FONT} font-size="10" '
            f'fill="#555">{label}</text>'
        )
    parts.append("</g>")
    chars = max(8, int(gutter / 6.2))
    for n, (_, _, item, published, start, end) in enumerate(rows):
        y = axis_y + 10 + row_h * n + row_h / 2
        source = item.source_type if item.source_type in SOURCE_COLOURS else "unknown"
        status = item.status if item.status in STATUSES else "not_assessed"
        colour = SOURCE_COLOURS[source]
        when = f"published {published.isoformat()}" if published else "publication date unknown"
        if start is not None and end is not None:
            when += "; event " + (
                start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
            )
        title = f"{item.label} ({SOURCE_NAMES[source]}, {status.replace('_', ' ')}; {when})"
        row = [
            f'<a href="/claims/{_text(quote(item.id, safe=""))}" class="claim {source} {status}">',
            f"<title>{_text(title)}</title>",
            f'<text x="{gutter}" y="{_num(y + 4)}" text-anchor="end" {FONT} font-size="11" '
            f'fill="#222">{_text(_clip(item.label, chars))}</text>',
        ]
        if start is not None and end is not None:
            x0, x1 = x_of(start, end_of_day=False) - 0.5 / span * (right - left), x_of(end, True)
            row.append(
                f'<rect class="event" x="{_num(x0)}" y="{_num(y - 4)}" width="{_num(max(x1 - x0, 2))}" '
                f'height="8" rx="2" fill="{colour}" fill-opacity="0.3" stroke="{colour}"/>'
            )
            if published is not None:
                xp = x_of(published)
                nearest = min(max(xp, x0), x1)
                if abs(nearest - xp) > 6:
                    row.append(
                        f'<line x1="{_num(xp)}" x2="{_num(nearest)}" y1="{_num(y)}" y2="{_num(y)}" '
                        f'stroke="{colour}" stroke-dasharray="3 3"/>'
                    )
        if published is not None:
            row.append(f'<g class="published">{_marker(status, x_of(published), y, colour)}</g>')
        row.append("</a>")
        parts.append("".join(row))
    if undated:
        parts.append(
            f'<text x="8" y="{height - 6}" {FONT} font-size="10" fill="#666">'
            f"{undated} undated claim{'s' if undated != 1 else ''} not drawn</text>"
        )
    parts.append("</svg>")
    return "\n".join(parts)
