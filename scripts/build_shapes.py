"""Build src/claimscope/data/shapes/countries.json, the country outlines the web UI's maps draw.

Reads Natural Earth's admin-0 countries at 1:50m (and the admin-1 regions of UA RU BY MD PL for
Crimea, see below) from ../shared/data/naturalearth/ (public domain, "Made with Natural Earth") and
writes, per country, its outline rings simplified for maps of a region (a few hundred km to a few
thousand), coordinates rounded to 0.01 degree (about 1 km, below a pixel on such maps).

    python scripts/build_shapes.py [NATURALEARTH_DIR]

The simplification is written here rather than taken from shapely: its output must be the same
bytes on every machine (tests/web/test_shapes_data.py rebuilds and compares), and GEOS changes its
results between releases; the job itself is small. It is Douglas-Peucker on *arcs*: every ring is
cut where the set of rings sharing a vertex changes, each arc is simplified once, and every ring
sharing it reuses that result, so neighbouring countries keep one common border (no slivers or
gaps between them, as independent per-ring simplification gives).

Crimea: Natural Earth's default point of view draws Crimea inside Russia. The gazetteer
(data/gazetteer/places.tsv) places it in Ukraine per ISO 3166-2 (UA-43, UA-40), so the map must
agree: any part of a country's outline that lies in an admin-1 region whose ISO 3166-2 code names
another country is moved to that country (and joined to it along their common border).
"""

from __future__ import annotations

import itertools
import json
import math
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NATURALEARTH = ROOT.parent / "shared" / "data" / "naturalearth"
OUT = ROOT / "src" / "claimscope" / "data" / "shapes" / "countries.json"
ADMIN0 = "ne_50m_admin_0_countries.geojson"
ADMIN1 = "ne_10m_admin_1_states_provinces_ua_ru_by_md_pl.geojson"
# Degrees. Measured here: 0.01 gives 936 kB, 0.02 685 kB, 0.03 556 kB, 0.05 417 kB. A map
# spanning Kyiv to Belgorod (about 8 degrees with its margin) at 800 px draws 100 px a degree,
# where 0.03 is 3 px: coasts stay recognisable, and the file stays well under 1 MB.
TOLERANCE = 0.03
DECIMALS = 2

Point = tuple[float, float]
Ring = list[Point]


def _key(props: dict) -> str:
    """ISO 3166-1 alpha-2 where Natural Earth has one (ISO_A2_EH fills Kosovo's XK); else the
    three-letter ADM0_A3 (Somaliland SOL, N. Cyprus CYN, Siachen Glacier KAS), which no
    two-letter code can collide with."""
    for field in ("ISO_A2", "ISO_A2_EH"):
        if props.get(field, "-99") != "-99":
            return str(props[field])
    return str(props["ADM0_A3"])


def _polygons(geometry: dict) -> list[list[Ring]]:
    parts = (
        geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    )
    return [[[(float(x), float(y)) for x, y in ring] for ring in part] for part in parts]


def _inside(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:], strict=False):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _join(a: Ring, b: Ring) -> Ring | None:
    """The outline of two closed rings that share one contiguous stretch of border, or None."""
    a, b = a[:-1], b[:-1]
    shared = set(a) & set(b)
    if len(shared) < 2:
        return None
    flags = [p in shared for p in a]
    if all(flags):
        return None
    # Rotate ``a`` so that its shared stretch comes first.
    first = next(i for i in range(len(a)) if flags[i] and not flags[i - 1])
    a = a[first:] + a[:first]
    run = len(list(itertools.takewhile(shared.__contains__, a)))
    if any(p in shared for p in a[run:]):
        return None  # more than one common stretch: leave the parts apart
    start, end = a[0], a[run - 1]
    inner = a[run - 1 :] + [a[0]]  # from the stretch's end round to its start
    j = b.index(start)
    b = b[j:] + b[:j]
    k = b.index(end)
    around = b[: k + 1] if not any(p in shared for p in b[1:k]) else None
    if around is None:
        b = [b[0]] + b[:0:-1]
        k = b.index(end)
        if any(p in shared for p in b[1:k]):
            return None
        around = b[: k + 1]
    return inner[:-1] + around  # closed: ``around`` ends where ``inner`` starts


def _move_regions(countries: dict[str, list[list[Ring]]], admin1: dict) -> None:
    """Give each outline part lying in an admin-1 region to the country its ISO 3166-2 code
    names, when Natural Earth draws it under another (see the module docstring)."""
    for feature in admin1["features"]:
        props = feature["properties"]
        owner, holder = str(props["iso_3166_2"])[:2], str(props["iso_a2"])
        if owner == holder or owner not in countries or holder not in countries:
            continue
        region = [part[0] for part in _polygons(feature["geometry"])]
        keep = []
        for part in countries[holder]:
            outer = part[0][:-1]
            middle = (sum(x for x, _ in outer) / len(outer), sum(y for _, y in outer) / len(outer))
            if not any(_inside(middle, ring) for ring in region):
                keep.append(part)
                continue
            for target in countries[owner]:
                joined = _join(target[0], part[0])
                if joined is not None:
                    target[0] = joined
                    target.extend(part[1:])
                    break
            else:
                countries[owner].append(part)
        countries[holder] = keep


def _distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return math.hypot(x - x1, y - y1)
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (x1 + t * dx), y - (y1 + t * dy))


def _douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        lo, hi = stack.pop()
        best, at = 0.0, -1
        for i in range(lo + 1, hi):
            d = _distance(points[i], points[lo], points[hi])
            if d > best:
                best, at = d, i
        if best > tolerance:
            keep[at] = True
            stack += [(lo, at), (at, hi)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _simplify_rings(rings: list[Ring], tolerance: float) -> list[Ring]:
    """Douglas-Peucker on arcs shared between rings (see the module docstring)."""
    owners: dict[Point, set[int]] = defaultdict(set)
    for n, ring in enumerate(rings):
        for p in ring[:-1]:
            owners[p].add(n)
    done: dict[tuple[Point, ...], list[Point]] = {}
    out = []
    for ring in rings:
        pts = ring[:-1]
        m = len(pts)
        cuts = [
            i
            for i in range(m)
            if owners[pts[i]] != owners[pts[i - 1]] or owners[pts[i]] != owners[pts[(i + 1) % m]]
        ]
        if not cuts:
            # An island: fix its first vertex and the one farthest from it.
            far = max(range(m), key=lambda i: (math.dist(pts[0], pts[i]), -i))
            cuts = [0, far] if far else [0]
        simplified: list[Point] = []
        for c, start in enumerate(cuts):
            stop = cuts[(c + 1) % len(cuts)]
            arc = pts[start : stop + 1] if stop > start else pts[start:] + pts[: stop + 1]
            # The same arc in either direction gets the same result.
            forward = arc[0] <= arc[-1]
            canon = tuple(arc if forward else arc[::-1])
            if canon not in done:
                done[canon] = _douglas_peucker(list(canon), tolerance)
            result = done[canon] if forward else done[canon][::-1]
            simplified += result[:-1]
        out.append(simplified + simplified[:1])
    return out


def _rounded(ring: Ring) -> list[float]:
    flat: list[float] = []
    last = None
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if p != last:
            flat += p
            last = p
    return flat


def build(naturalearth: Path = NATURALEARTH) -> str:
    admin0 = json.loads((naturalearth / ADMIN0).read_text(encoding="utf-8"))
    admin1 = json.loads((naturalearth / ADMIN1).read_text(encoding="utf-8"))
    countries: dict[str, list[list[Ring]]] = defaultdict(list)
    names: dict[str, list[str]] = {}
    for feature in admin0["features"]:
        props = feature["properties"]
        key = _key(props)
        countries[key] += _polygons(feature["geometry"])
        # Australia's external territories share AU: the first (the mainland) names it.
        # Other English names too, so that a place naming the whole country is known as one
        # (the gazetteer's country names are NAME_EN: "People's Republic of China").
        found = [str(props[f]) for f in ("NAME", "NAME_EN", "NAME_LONG", "ADMIN") if props.get(f)]
        names.setdefault(key, list(dict.fromkeys(found)))
    _move_regions(countries, admin1)
    order = sorted(countries)
    flat_rings = [(key, ring) for key in order for part in countries[key] for ring in part]
    simplified = _simplify_rings([ring for _, ring in flat_rings], TOLERANCE)
    rings_of: dict[str, list[list[float]]] = defaultdict(list)
    for (key, _), ring in zip(flat_rings, simplified, strict=True):
        flat = _rounded(ring)
        # Fewer than 4 distinct corners is an island below the tolerance: nothing to draw.
        if len(flat) >= 8:
            rings_of[key].append(flat)
    lines = [
        "{",
        '"source":"Made with Natural Earth: admin-0 countries 1:50m (v5.1), public domain; '
        'Crimea from admin-1 1:10m (ISO 3166-2 UA-43, UA-40) drawn in Ukraine; see SOURCE.md",',
        f'"format":"countries: ISO 3166-1 alpha-2 (or Natural Earth ADM0_A3 where none) -> name, '
        f"aka (other English names), bbox [west, south, east, north] and rings, each a flat list lon,lat,lon,lat,... closed "
        f"(first point repeated); Douglas-Peucker on shared arcs, tolerance {TOLERANCE} degree, "
        f'{DECIMALS} decimals; fill with even-odd (holes are rings too). Built by scripts/build_shapes.py",',
        '"countries":{',
    ]
    entries = []
    for key in order:
        rings = rings_of.get(key)
        if not rings:
            continue
        xs = [v for ring in rings for v in ring[0::2]]
        ys = [v for ring in rings for v in ring[1::2]]
        entry = {
            "name": names[key][0],
            "aka": names[key][1:],
            "bbox": [min(xs), min(ys), max(xs), max(ys)],
            "rings": rings,
        }
        entries.append(json.dumps(key) + ":" + json.dumps(entry, separators=(",", ":")))
    lines.append(",\n".join(entries))
    lines.append("}}")
    return "\n".join(lines) + "\n"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else NATURALEARTH
    text = build(source)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)} ({len(text.encode()):,} bytes)")


if __name__ == "__main__":
    main()
