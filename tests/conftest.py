"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
SHARED_BENCH = REPO_ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The embedded default input: the five seed articles and their sources.csv."""
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the seeds, shared by the tests that read its output."""
    from mapper.pipeline import build

    out = tmp_path_factory.mktemp("seeds-build")
    build([SEEDS_DIR], out)
    return out


# --- geoparse: a small hand-made gazetteer (facts written by hand; approximate points) ---

TINY_PLACES: tuple[tuple[str, str, float, float, str, str, int, str, tuple[str, ...]], ...] = (
    # id, name, lat, lon, country, feature, population, admin1, other names
    ("t:iq", "Iraq", 33.0, 44.0, "IQ", "country", 38_000_000, "", ("Iraqi",)),
    ("t:sy", "Syria", 35.0, 38.0, "SY", "country", 17_000_000, "", ()),
    ("t:us", "United States", 39.76, -98.5, "US", "country", 327_000_000, "", ("U.S.", "US")),
    ("t:fr", "France", 46.0, 2.0, "FR", "country", 67_000_000, "", ()),
    ("t:jo", "Jordan", 31.0, 36.0, "JO", "country", 10_000_000, "", ()),
    ("t:ge", "Georgia", 42.0, 43.5, "GE", "country", 3_700_000, "", ()),
    ("t:us-ga", "Georgia", 32.75, -83.5, "US", "admin1", 10_000_000, "GA", ("Ga.",)),
    ("t:us-tx", "Texas", 31.25, -99.25, "US", "admin1", 29_000_000, "TX", ("Tex.",)),
    ("t:us-wa", "Washington", 47.5, -120.5, "US", "admin1", 7_600_000, "WA", ()),
    ("t:us-al", "Alabama", 32.75, -86.75, "US", "admin1", 5_000_000, "AL", ("Ala.",)),
    ("t:iq-anbar", "Al Anbar", 33.4, 42.0, "IQ", "admin1", 1_800_000, "01", ("Anbar",)),
    ("t:dc", "Washington", 38.895, -77.036, "US", "city", 690_000, "DC", ()),
    ("t:paris", "Paris", 48.853, 2.349, "FR", "city", 2_100_000, "11", ()),
    ("t:paris-tx", "Paris", 33.661, -95.556, "US", "city", 25_000, "TX", ()),
    ("t:atlanta", "Atlanta", 33.749, -84.388, "US", "city", 500_000, "GA", ()),
    ("t:tbilisi", "Tbilisi", 41.694, 44.834, "GE", "city", 1_100_000, "TB", ()),
    ("t:mobile", "Mobile", 30.694, -88.043, "US", "city", 190_000, "AL", ()),
    ("t:hit", "Hit", 33.642, 42.827, "IQ", "city", 60_000, "01", ()),
    ("t:baghdad", "Baghdad", 33.341, 44.401, "IQ", "city", 7_200_000, "07", ()),
    ("t:erbil", "Erbil", 36.191, 44.009, "IQ", "city", 1_600_000, "11", ("Irbil", "Arbil")),
    ("t:mosul", "Mosul", 36.335, 43.119, "IQ", "city", 1_400_000, "15", ()),
    ("t:abukamal", "Abu Kamal", 34.452, 40.919, "SY", "city", 50_000, "05", ("Al Bukamal",)),
    (
        "t:erbil-airport",
        "Erbil International Airport",
        36.238,
        43.963,
        "IQ",
        "airport",
        0,
        "11",
        (),
    ),
    ("t:kurdistan", "Kurdistan", 36.0, 44.5, "IQ", "region", 0, "", ()),
    ("t:camp-david", "Camp David", 39.648, -77.465, "US", "site", 0, "MD", ()),
    ("t:jordan-mn", "Jordan", 44.667, -93.627, "US", "city", 6_000, "MN", ()),
)


class TinyGazetteer:
    """Duck-typed stand-in for :class:`mapper.gazetteer.Gazetteer` (keys, lookup, get)."""

    def __init__(self) -> None:
        from mapper.gazetteer import normalise_name
        from mapper.models import Place

        self._by_key: dict[str, list[Place]] = {}
        self._by_id: dict[str, Place] = {}
        for pid, name, lat, lon, cc, feature, population, admin1, others in TINY_PLACES:
            place = Place(pid, name, lat, lon, cc, feature, population, admin1)
            self._by_id[pid] = place
            for variant in (name, *others):
                self._by_key.setdefault(normalise_name(variant), []).append(place)

    def keys(self) -> Iterator[str]:
        return iter(self._by_key)

    def get(self, place_id: str) -> Any:
        return self._by_id.get(place_id)

    def lookup(self, name: str, *, countries: Collection[str] = (), limit: int = 10) -> list[Any]:
        from mapper.gazetteer import normalise_name
        from mapper.models import Candidate

        places = self._by_key.get(normalise_name(name), [])
        ranked = sorted(places, key=lambda p: (-p.population, p.place_id))
        key = normalise_name(name)
        return [
            Candidate(place=p, score=float(len(ranked) - i), matched=key)
            for i, p in enumerate(ranked[:limit])
        ]


@pytest.fixture(scope="session")
def tiny_gazetteer() -> TinyGazetteer:
    """A hand-made gazetteer of a few dozen places, enough to test geoparsing fast."""
    return TinyGazetteer()
