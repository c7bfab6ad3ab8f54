"""The world map's country shapes: built once from Natural Earth TopoJSON, shipped as SVG paths.

``build_world_map`` (the ``build_world_map`` command) reads the ``countries-110m.json`` of the
npm package world-atlas (ISC licence; Natural Earth data, public domain), projects it with the
Equal Earth projection, simplifies every shared arc once (so neighbours keep a common
border) and writes compact SVG path data to ``trials/catalogue/geodata/world.json``.
Countries too small for the 1:110m shapes (Singapore, Malta, Hong Kong...) become dots placed
at the centroid of their 1:50m shape when ``countries-50m.json`` is given. ``world_map()``
reads the shipped file.
"""

import json
import math
from functools import cache
from pathlib import Path

import pycountry

WORLD_MAP_PATH = Path(__file__).resolve().parent / "geodata" / "world.json"
WIDTH = 960
PADDING = 4
TOLERANCE = 0.45  # map units (a 960-wide map): finer detail is invisible on a page
SOUTHERNMOST = -58.0  # Antarctica is left out; no trial runs there
ANTARCTICA = "010"

# Equal Earth projection (Šavrič, Patterson & Jenny 2018)
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def equal_earth(longitude: float, latitude: float) -> tuple[float, float]:
    lam, phi = math.radians(longitude), math.radians(latitude)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    return x, -y  # SVG's y grows downwards


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The topology's arcs as lists of (longitude, latitude), quantisation undone."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x, y = x + dx, y + dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _simplify(points: list, tolerance: float) -> list:
    """Douglas-Peucker, iterative; the end points always stay."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (ax, ay), (bx, by) = points[first], points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, index = -1.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * px - dx * py + bx * ay - by * ax) / length
            else:
                distance = math.hypot(px - ax, py - ay)
            if distance > worst:
                worst, index = distance, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def _rings(geometry: dict) -> list[list[int]]:
    if geometry.get("type") == "Polygon":
        return list(geometry["arcs"])
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in geometry["arcs"] for ring in polygon]
    return []


def _ring_points(ring: list[int], arcs: list[list]) -> list:
    points: list = []
    for index in ring:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def _unwrapped(points: list) -> list:
    """The ring with longitudes made continuous (a ring crossing 180° goes past it)."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        lon += 360 * round((previous - lon) / 360)
        out.append((lon, lat))
    return out


def _clip(points: list, limit: float, keep_below: bool) -> list:
    """Sutherland-Hodgman clipping of a ring against the meridian ``limit``."""

    def inside(point):
        return point[0] <= limit if keep_below else point[0] >= limit

    out = []
    for current, following in zip(points, points[1:] + points[:1], strict=True):
        if inside(current):
            out.append(current)
        if inside(current) != inside(following):
            (x0, y0), (x1, y1) = current, following
            out.append((limit, y0 + (y1 - y0) * (limit - x0) / (x1 - x0)))
    return out


def split_at_antimeridian(points: list) -> list[list]:
    """A ring in longitude/latitude, cut where it crosses 180° into parts within ±180°."""
    if all(abs(b[0] - a[0]) <= 180 for a, b in zip(points, points[1:], strict=False)):
        return [points]
    ring = _unwrapped(points)
    parts = []
    for shift in (-360, 0, 360):
        part = [(lon + shift, lat) for lon, lat in ring]
        part = _clip(_clip(part, 180.0, keep_below=True), -180.0, keep_below=False)
        if len(part) >= 3 and _area_and_centroid(part)[0] > 0:
            parts.append(part)
    return parts


def _area_and_centroid(points: list) -> tuple[float, tuple[float, float]]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if not area:
        xs, ys = zip(*points, strict=True)
        return 0.0, (sum(xs) / len(xs), sum(ys) / len(ys))
    return abs(area) / 2, (cx / (3 * area), cy / (3 * area))


def _path(rings: list[list[tuple[int, int]]]) -> str:
    """SVG path data in relative moves, coordinates in tenths of a map unit."""

    def number(tenths: int) -> str:
        text = f"{tenths / 10:.1f}".rstrip("0").rstrip(".")
        return text.replace("0.", ".", 1) if text.startswith(("0.", "-0.")) else text

    parts = []
    x = y = 0
    for ring in rings:
        (rx, ry), rest = ring[0], ring[1:]
        parts.append(
            f"M{number(rx)} {number(ry)}" if not parts else f"m{number(rx - x)} {number(ry - y)}"
        )
        x, y = rx, ry
        steps = []
        for px, py in rest:
            steps.append(f"{number(px - x)} {number(py - y)}")
            x, y = px, py
        parts.append("l" + " ".join(steps) + "z")
    return "".join(part.replace(" -", "-") for part in parts)


def _alpha2(numeric: str | None) -> str | None:
    if not numeric:
        return None
    country = pycountry.countries.get(numeric=str(numeric).zfill(3))
    return country.alpha_2 if country else None


def build_world_map(topology: dict, small: dict | None = None, *, source: str = "") -> dict:
    """Project, simplify and encode ``topology`` (and dots for ``small``'s extra countries)."""
    features = [
        g
        for g in topology["objects"]["countries"]["geometries"]
        if g.get("id") != ANTARCTICA and _rings(g)
    ]
    raw_arcs = [
        [(lon, max(lat, SOUTHERNMOST)) for lon, lat in arc] for arc in decode_arcs(topology)
    ]
    arcs = [[equal_earth(lon, lat) for lon, lat in arc] for arc in raw_arcs]
    ys = [
        y for feature in features for ring in _rings(feature) for _, y in _ring_points(ring, arcs)
    ]
    left, right = equal_earth(-180, 0)[0], equal_earth(180, 0)[0]  # the whole world's width
    top, bottom = min(ys), max(ys)
    scale = (WIDTH - 2 * PADDING) / (right - left)
    height = round((bottom - top) * scale + 2 * PADDING)

    def to_map(point):
        return ((point[0] - left) * scale + PADDING, (point[1] - top) * scale + PADDING)

    simplified = [[to_map(p) for p in _simplify(arc, TOLERANCE / scale)] for arc in arcs]

    def projected_rings(ring):
        """The ring from the shared simplified arcs, or cut in parts if it crosses 180°."""
        parts = split_at_antimeridian(_ring_points(ring, raw_arcs))
        if len(parts) == 1:
            return [_ring_points(ring, simplified)]
        return [
            [to_map(p) for p in _simplify([equal_earth(*q) for q in part], TOLERANCE / scale)]
            for part in parts
        ]

    countries, land = [], []
    for feature in features:
        rings, best = [], (0.0, (0.0, 0.0))
        for points in (p for ring in _rings(feature) for p in projected_rings(ring)):
            tenths = [(round(x * 10), round(y * 10)) for x, y in points]
            tenths = [p for i, p in enumerate(tenths) if i == 0 or p != tenths[i - 1]]
            if tenths[-1] == tenths[0]:
                tenths.pop()
            if len(tenths) < 3:
                continue
            rings.append(tenths)
            area, centroid = _area_and_centroid(points)
            best = max(best, (area, centroid))
        if not rings:
            continue
        code = _alpha2(feature.get("id"))
        name = feature.get("properties", {}).get("name", "")
        if code is None:
            land.append(_path(rings))
            continue
        area, (cx, cy) = best
        countries.append(
            {
                "code": code,
                "name": name,
                "d": _path(rings),
                "label": [round(cx, 1), round(cy, 1)],
                "area": round(area),
            }  # fmt: skip
        )

    points = []
    if small is not None:
        drawn = {c["code"] for c in countries}
        small_arcs = decode_arcs(small)
        for feature in small["objects"]["countries"]["geometries"]:
            code = _alpha2(feature.get("id"))
            if code is None or code in drawn or feature.get("id") == ANTARCTICA:
                continue
            rings = [_ring_points(ring, small_arcs) for ring in _rings(feature)]
            if not rings:
                continue
            ring = max(rings, key=lambda r: _area_and_centroid(r)[0])
            _area, (lon, lat) = _area_and_centroid(ring)
            x, y = to_map(equal_earth(lon, lat))
            points.append({"code": code, "name": feature.get("properties", {}).get("name", ""),
                           "x": round(x, 1), "y": round(y, 1)})  # fmt: skip
    countries.sort(key=lambda c: c["code"])
    points.sort(key=lambda p: p["code"])
    return {
        "source": source,
        "width": WIDTH,
        "height": height,
        "countries": countries,
        "points": points,
        "land": land,
    }


@cache
def world_map() -> dict:
    """The shipped map (read once per process)."""
    return json.loads(WORLD_MAP_PATH.read_text(encoding="utf-8"))
