"""Optional online fallback: OpenStreetMap Nominatim (geopy) for names the offline data lacks.

Off by default (``mapper geocode --online``). It identifies itself with a user agent
(``--user-agent`` or ``$MAPPER_USER_AGENT``), waits at least one second between requests
(Nominatim's usage policy) and keeps every answer, including "nothing found", in an on-disk
cache (``nominatim.json`` in the cache folder) so a name is asked for once.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from mapper.errors import GeocodeError
from mapper.gazetteer.index import cache_dir
from mapper.models import Candidate, Place

USER_AGENT_ENV = "MAPPER_USER_AGENT"
DEFAULT_USER_AGENT = "mapper-conflict-geocoder/0.1"
MIN_DELAY_SECONDS = 1.0
ONLINE_SCORE = 0.0
"""Online candidates score below any offline one; they are only asked for when none exists."""

_FEATURES = {
    "country": "country",
    "state": "admin1",
    "county": "admin2",
    "city": "city",
    "town": "city",
    "village": "city",
    "hamlet": "city",
    "aerodrome": "airport",
    "military": "base",
    "border_control": "crossing",
    "water": "water",
    "river": "water",
    "sea": "water",
}

Search = Callable[[str, Collection[str], int], list[dict[str, Any]]]


class OnlineGeocoder:
    """Nominatim lookups with a disk cache and rate limiting.

    Parameters
    ----------
    user_agent
        Identifies this application to Nominatim (required by its usage policy).
    cache_path
        JSON file of earlier answers.
    search
        The function that queries the service; tests pass a fake one.
    """

    def __init__(
        self,
        user_agent: str | None = None,
        cache_path: Path | None = None,
        search: Search | None = None,
    ) -> None:
        self.user_agent = user_agent or os.environ.get(USER_AGENT_ENV) or DEFAULT_USER_AGENT
        self.cache_path = cache_path or cache_dir() / "nominatim.json"
        self._search = search or self._nominatim_search
        self._last_request = 0.0
        self._cache: dict[str, list[dict[str, Any]]] = self._read_cache()

    def lookup(self, name: str, countries: Collection[str] = (), limit: int = 5) -> list[Candidate]:
        """Candidates for ``name`` from Nominatim (cached), best first."""
        key = json.dumps([name.strip().lower(), sorted(countries), limit])
        if key not in self._cache:
            self._cache[key] = self._search(name, countries, limit)
            self._write_cache()
        return [_candidate(name, result, rank) for rank, result in enumerate(self._cache[key])]

    def _nominatim_search(
        self, name: str, countries: Collection[str], limit: int
    ) -> list[dict[str, Any]]:
        from geopy.exc import GeopyError
        from geopy.geocoders import Nominatim

        wait = MIN_DELAY_SECONDS - (time.monotonic() - self._last_request)
        if wait > 0:
            time.sleep(wait)
        geocoder = Nominatim(user_agent=self.user_agent, timeout=10)
        try:
            found = geocoder.geocode(
                name,
                exactly_one=False,
                limit=limit,
                country_codes=[c.lower() for c in countries] or None,
                language="en",
                addressdetails=True,
            )
        except GeopyError as exc:
            raise GeocodeError(
                f"online geocoding of {name!r} failed ({type(exc).__name__}: {exc}); check the "
                "network or run without --online"
            ) from exc
        finally:
            self._last_request = time.monotonic()
        return [dict(location.raw) for location in found or []]

    def _read_cache(self) -> dict[str, list[dict[str, Any]]]:
        if not self.cache_path.is_file():
            return {}
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GeocodeError(
                f"{self.cache_path}: unreadable online geocoding cache ({exc}); delete the file"
            ) from exc
        return data if isinstance(data, dict) else {}

    def _write_cache(self) -> None:
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            temp = self.cache_path.with_suffix(".tmp")
            temp.write_text(json.dumps(self._cache, sort_keys=True, indent=0), encoding="utf-8")
            temp.replace(self.cache_path)
        except OSError as exc:
            raise GeocodeError(
                f"{self.cache_path}: cannot write the online geocoding cache ({exc}); set "
                "MAPPER_CACHE_DIR to a writable folder"
            ) from exc


def _candidate(name: str, raw: dict[str, Any], rank: int) -> Candidate:
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])
    except (KeyError, TypeError, ValueError) as exc:
        raise GeocodeError(f"online geocoder returned no coordinates for {name!r}") from exc
    address = raw.get("address") or {}
    feature = _FEATURES.get(str(raw.get("type", "")), _FEATURES.get(str(raw.get("class")), "site"))
    place = Place(
        place_id=f"osm:{raw.get('osm_type', 'node')}/{raw.get('osm_id', rank)}",
        name=str(raw.get("display_name", name)).split(",")[0],
        lat=lat,
        lon=lon,
        country_code=str(address.get("country_code", "")).upper(),
        feature=feature,
        source="nominatim",
        uncertainty_km=5.0,
    )
    return Candidate(place=place, score=round(ONLINE_SCORE - rank * 0.1, 4), matched=name)
