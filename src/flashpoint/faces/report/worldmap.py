"""The report's map: where the events happened, as inline SVG (no script, no tiles, works offline
and in print).

Country shapes are Natural Earth's 1:110m countries, the TopoJSON the dashboard vendors from the
npm package ``world-atlas`` (``faces/web/static/vendor/countries-110m.json``), decoded here. The
frame holds the places of 90% of the events around their weighted centre, so one stray place (a
gazetteer mistake a continent away) does not shrink the rest to a dot; an equirectangular
projection, scaled by the cosine of the frame's middle latitude, is enough at that scale.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from flashpoint.faces.report.charts import plural

TOPOLOGY = Path(__file__).resolve().parent.parent / "web" / "static" / "vendor" / "countries-110m.json"
WIDTH = 960
PAD_DEGREES = 6.0
LABELS = 8  # the busiest places are named on the map


@dataclass(frozen=True, slots=True)
class MapPlace:
    lat: float
    lon: float
    name: str | None
    country: str | None
    events: int
    conflict: int


@dataclass(frozen=True, slots=True)
class Frame:
    west: float
    east: float
    south: float
    north: float

    @property
    def scale(self) -> float:
        """Pixels per degree of latitude; longitude shrinks by the cosine of the middle latitude."""
        return WIDTH / ((self.east - self.west) * self.squeeze)

    @property
    def squeeze(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.squeeze * self.scale, (self.north - lat) * self.scale


def frame_of(places: list[MapPlace]) -> Frame:
    """The places holding 90% of the events nearest their weighted centre, with a margin; the
    world when there are none or they span more than half of it."""
    world = Frame(-180, 180, -58, 84)
    if not places:
        return world
    total = sum(p.events for p in places)
    lon = _weighted_median([(p.lon, p.events) for p in places])
    lat = _weighted_median([(p.lat, p.events) for p in places])
    kept, covered = [], 0
    for place in sorted(places, key=lambda p: math.hypot(p.lon - lon, p.lat - lat)):
        kept.append(place)
        covered += place.events
        if covered >= 0.9 * total:
            break
    west, east = min(p.lon for p in kept) - PAD_DEGREES, max(p.lon for p in kept) + PAD_DEGREES
    south, north = min(p.lat for p in kept) - PAD_DEGREES, max(p.lat for p in kept) + PAD_DEGREES
    if east - west > 180:
        return world
    if (east - west) * math.cos(math.radians((south + north) / 2)) < (north - south) * 1.7:  # not too tall
        middle, half = (west + east) / 2, (north - south) * 1.4 / math.cos(math.radians((south + north) / 2)) / 2
        west, east = middle - half, middle + half
    return Frame(max(-180, west), min(180, east), max(-85, south), min(85, north))


def _weighted_median(values: list[tuple[float, int]]) -> float:
    ordered = sorted(values)
    half, running = sum(w for _v, w in ordered) / 2, 0
    for value, weight in ordered:
        running += weight
        if running >= half:
            return value
    return ordered[-1][0]


@cache
def _countries() -> list[tuple[str, list[list[tuple[float, float]]]]]:
    """(name, rings of (lon, lat)) of every country of the vendored TopoJSON."""
    topology = json.loads(TOPOLOGY.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        rings = [_ring(ring, arcs) for polygon in polygons for ring in polygon]
        countries.append(((geometry.get("properties") or {}).get("name", ""), rings))
    return countries


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    return points


def map_svg(places: list[MapPlace], title: str) -> str:
    """The map as an inline SVG: countries, then a circle per place (area: events; red when most
    of its events are conflict, green otherwise), the busiest places named."""
    frame = frame_of(places)
    height = frame.height
    parts = [f'<svg class="chart map" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg"><defs><clipPath id="map-frame"><rect width="{WIDTH}" '
             f'height="{height}"/></clipPath></defs><g clip-path="url(#map-frame)">'
             f'<rect width="{WIDTH}" height="{height}" fill="#eaf2fb"/>']
    labels = []
    for name, rings in _countries():
        path = _path(rings, frame)
        if path:
            parts.append(f'<path d="{path}" fill="#e6e9ed" stroke="#9aa5b1" stroke-width="0.7"><title>{escape(name)}'
                         f'</title></path>')
            labels.append(_country_label(name, rings, frame, height))
    parts.extend(label for label in labels if label)
    most = max((p.events for p in places), default=1)
    for place in sorted(places, key=lambda p: -p.events):
        parts.append(_circle(place, frame, most))
    placed: list[tuple[float, float, float, float]] = []
    for place in sorted(places, key=lambda p: -p.events)[:LABELS]:
        x, y = frame.xy(place.lon, place.lat)
        name = place.name or "?"
        box = (x + 8, y - 9, x + 8 + 7 * len(name), y + 5)  # about 7 px a character at 12 px
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue  # a busier place's name is already there (its circle still shows)
        placed.append(box)
        parts.append(f'<text x="{x + 8:.1f}" y="{y + 4:.1f}" class="place">{escape(name)}</text>')
    parts.append("</g></svg>")
    return "".join(parts)


def _country_label(name: str, rings: list[list[tuple[float, float]]], frame: Frame, height: int) -> str:
    """The country's name at the middle of its largest outline, when that is in the frame and
    big enough to hold it."""
    ring = max(rings, key=len, default=None)
    if not ring:
        return ""
    points = [frame.xy(lon, lat) for lon, lat in ring]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    x, y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    if not (40 < x < WIDTH - 40 and 15 < y < height - 15) or (max(xs) - min(xs)) < 60:
        return ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="middle" class="country">{escape(name)}</text>'


def _path(rings: list[list[tuple[float, float]]], frame: Frame) -> str:
    margin = 10.0
    out = []
    for ring in rings:
        lons, lats = [p[0] for p in ring], [p[1] for p in ring]
        if max(lons) < frame.west - margin or min(lons) > frame.east + margin or \
                max(lats) < frame.south - margin or min(lats) > frame.north + margin:
            continue
        points = [frame.xy(lon, lat) for lon, lat in ring]
        out.append("M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z")
    return "".join(out)


def _circle(place: MapPlace, frame: Frame, most: int) -> str:
    x, y = frame.xy(place.lon, place.lat)
    r = 4 + 14 * math.sqrt(place.events / most)
    conflict = place.conflict / place.events >= 0.5 if place.events else False
    fill, stroke = ("#b8322a", "#7d1c15") if conflict else ("#2a7d50", "#164b2e")
    dash = "" if conflict else ' stroke-dasharray="3 2"'
    tip = f"{place.name or '?'} ({place.country or '?'}): {plural(place.events, 'event')}, {place.conflict} conflictual"
    return (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" fill-opacity="0.5" stroke="{stroke}" '
            f'stroke-width="1.2"{dash}><title>{escape(tip)}</title></circle>')
