"""Coordinates and distances: the one place where ``(lat, lon)`` becomes ``(lon, lat)``."""

from __future__ import annotations

import math

from mapper.errors import UsageError

EARTH_RADIUS_KM = 6371.0088


def validate_latlon(lat: float, lon: float) -> tuple[float, float]:
    """Return ``(lat, lon)`` as floats, or raise quoting the bad value."""
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError) as exc:
        raise UsageError(f"location ({lat!r}, {lon!r}) is not a pair of numbers") from exc
    if not (-90.0 <= lat_f <= 90.0 and -180.0 <= lon_f <= 180.0) or math.isnan(lat_f + lon_f):
        raise UsageError(
            f"location ({lat!r}, {lon!r}) is out of range: latitude must be in [-90, 90] and "
            "longitude in [-180, 180], in that order (lat, lon)"
        )
    return lat_f, lon_f


def to_lonlat(lat: float, lon: float) -> tuple[float, float]:
    """``(lat, lon)`` -> ``(lon, lat)`` for GeoJSON and shapely, rounded to 5 decimals (~1 m)."""
    lat_f, lon_f = validate_latlon(lat, lon)
    return round(lon_f, 5), round(lat_f, 5)


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two ``(lat, lon)`` points."""
    lat1, lon1 = map(math.radians, a)
    lat2, lon2 = map(math.radians, b)
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
