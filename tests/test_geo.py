from __future__ import annotations

import pytest

from mapper.errors import UsageError
from mapper.geo import haversine_km, to_lonlat, validate_latlon


def test_to_lonlat_swaps_order_and_rounds() -> None:
    assert to_lonlat(34.4636, 40.9394123456) == (40.93941, 34.4636)


@pytest.mark.parametrize("lat, lon", [(91, 0), (0, 181), (float("nan"), 0), ("x", 0)])
def test_validate_latlon_quotes_the_bad_value(lat: object, lon: object) -> None:
    with pytest.raises(UsageError, match="location"):
        validate_latlon(lat, lon)  # type: ignore[arg-type]


def test_haversine_erbil_to_baghdad_is_about_320_km() -> None:
    assert haversine_km((36.19, 44.01), (33.34, 44.40)) == pytest.approx(319, abs=5)
