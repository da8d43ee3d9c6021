"""Ward boundaries from GeoJSON, projected once when loaded, and the small SVG map each ward page draws.

No tile server: the map is an SVG of the ward's borough with the ward picked out, so it works offline and costs
nothing per request beyond joining stored path strings.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from portal.db import session
from portal.models import Ward, WardBoundary
from portal.services import public_content
from portal.services.wards.datafile import DataFileError, Problems

METRES_PER_DEGREE_LAT = 110_540
METRES_PER_DEGREE_LON_AT_EQUATOR = 111_320
NUMBER = re.compile(r"-?\d+")


@dataclass(frozen=True)
class Projection:
    """Equirectangular, centred on the ward set: at a city's scale the distortion is far below the 200 m data."""

    west: float
    north: float
    cos_lat: float

    def point(self, lon: float, lat: float) -> tuple[int, int]:
        x = (lon - self.west) * METRES_PER_DEGREE_LON_AT_EQUATOR * self.cos_lat
        y = (self.north - lat) * METRES_PER_DEGREE_LAT
        return round(x), round(y)


def _rings(geometry: dict[str, object]) -> list[list[list[float]]]:
    coordinates = geometry.get("coordinates")
    if geometry.get("type") == "Polygon":
        return list(coordinates)  # type: ignore[arg-type]
    if geometry.get("type") == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]  # type: ignore[union-attr]
    raise ValueError(f"geometry type {geometry.get('type')!r} is not Polygon or MultiPolygon")


def _path(rings: list[list[list[float]]], projection: Projection) -> str:
    parts = []
    for ring in rings:
        points = [projection.point(lon, lat) for lon, lat, *_ in ring]
        parts.append("M" + "L".join(f"{x} {y}" for x, y in points) + "Z")
    return "".join(parts)


def load_boundaries(path: Path) -> int:
    problems = Problems(path)
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
    except (ValueError, KeyError, TypeError) as error:
        raise DataFileError(f"{path.name}: not a GeoJSON FeatureCollection ({error})") from None
    wards = dict(session.execute(select(Ward.code, Ward.id)).tuples().all())
    rings_by_ward: dict[int, list[list[list[float]]]] = {}
    for number, feature in enumerate(features, start=1):
        code = (feature.get("properties") or {}).get("ward_code", "")
        if code not in wards:
            problems.add_at(f"feature {number}, property ward_code", f"no ward has the code '{code}'")
            continue
        try:
            rings_by_ward[wards[code]] = _rings(feature["geometry"])
        except (ValueError, KeyError, TypeError) as error:
            problems.add_at(f"feature {number}, geometry", str(error))
    if not rings_by_ward:
        problems.add_at("features", "no ward boundaries")
    problems.raise_if_any()

    points = [point for rings in rings_by_ward.values() for ring in rings for point in ring]
    west, north = min(p[0] for p in points), max(p[1] for p in points)
    middle = (north + min(p[1] for p in points)) / 2
    projection = Projection(west, north, math.cos(math.radians(middle)))
    existing = {b.ward_id: b for b in session.scalars(select(WardBoundary))}
    for ward_id, rings in rings_by_ward.items():
        boundary = existing.get(ward_id) or WardBoundary(ward_id=ward_id)
        boundary.path = _path(rings, projection)
        session.add(boundary)
    session.commit()
    return len(rings_by_ward)


@dataclass(frozen=True)
class WardMap:
    view_box: str
    ward_path: str
    other_paths: list[str]
    neighbours: int


def borough_map(ward: Ward) -> WardMap | None:
    """The ward's borough with the ward picked out, or None when the boundaries have not been loaded."""
    outline = public_content.kept(f"borough map {ward.borough_id}", lambda: _borough_outline(ward.borough_id))
    if outline is None or ward.id not in outline[1]:
        return None
    view_box, paths = outline
    others = [path for ward_id, path in paths.items() if ward_id != ward.id]
    return WardMap(view_box, paths[ward.id], others, len(others))


def _borough_outline(borough_id: int) -> tuple[str, dict[int, str]] | None:
    """The view box around a borough's current wards, and each ward's path: the same for every ward of the borough,
    so worked out once per borough."""
    rows = session.execute(
        select(WardBoundary.ward_id, WardBoundary.path)
        .join(Ward, Ward.id == WardBoundary.ward_id)
        .where(Ward.borough_id == borough_id, Ward.retired_at.is_(None))
    ).all()
    if not rows:
        return None
    numbers = [int(n) for _, path in rows for n in NUMBER.findall(path)]
    xs, ys = numbers[0::2], numbers[1::2]
    margin = max(max(xs) - min(xs), max(ys) - min(ys)) // 40 + 50
    view_box = (
        f"{min(xs) - margin} {min(ys) - margin} {max(xs) - min(xs) + 2 * margin} {max(ys) - min(ys) + 2 * margin}"
    )
    return view_box, {row.ward_id: row.path for row in rows}
