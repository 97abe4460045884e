"""Read overlay CSV files: our curated ``gazetteer/*.csv`` and a user's own file.

Columns (header row required; ``importance`` optional)::

    id,name,alternate_names,lat,lon,country_code,feature,population,uncertainty_km,source

``alternate_names`` is ``|``-separated. A row whose ``id`` is already a place in the gazetteer
(``gn:99072`` for a GeoNames id, ``icao:ORER`` for an airport) replaces that place's record
(point, name, feature...) and adds its names to the place's own: that is how a user corrects a
point. ``source`` is required: every row says where its facts come from.
"""

from __future__ import annotations

import csv
from pathlib import Path

from mapper.errors import GazetteerError
from mapper.gazetteer.sources import ALT, CODE, NAME, Entry, pop_importance
from mapper.models import Place

REQUIRED_COLUMNS = ("id", "name", "lat", "lon", "feature", "source")
FEATURES = frozenset(
    {
        "continent",
        "country",
        "admin1",
        "admin2",
        "city",
        "airport",
        "base",
        "crossing",
        "site",
        "region",
        "water",
        "body",
    }
)
DEFAULT_IMPORTANCE = {
    "continent": 9.0,
    "country": 9.0,
    "admin1": 7.0,
    "admin2": 5.0,
    "city": 3.0,
    "airport": 6.0,
    "base": 6.5,
    "crossing": 6.0,
    "site": 6.5,
    "region": 7.5,
    "water": 7.5,
    "body": 8.0,
}
"""Importance of an overlay row without population: above same-named villages and streams."""


def read_overlay(path: Path) -> list[Entry]:
    """Read one overlay CSV file.

    Raises
    ------
    GazetteerError
        The file cannot be read, or a row has a missing or bad value (the message names the
        file, line and value).
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise GazetteerError(
                    f"{path}: overlay file lacks column(s) {', '.join(missing)}; the header must "
                    f"include {','.join(REQUIRED_COLUMNS)}"
                )
            rows = list(reader)
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the gazetteer overlay ({exc})") from exc
    except (UnicodeDecodeError, csv.Error) as exc:
        raise GazetteerError(f"{path}: not a UTF-8 CSV file ({exc})") from exc
    return [_entry(path, line_no, row) for line_no, row in enumerate(rows, start=2)]


def _entry(path: Path, line_no: int, row: dict[str, str]) -> Entry:
    where = f"{path}:{line_no}"
    place_id = (row.get("id") or "").strip()
    name = (row.get("name") or "").strip()
    feature = (row.get("feature") or "").strip()
    if not place_id or not name:
        raise GazetteerError(f"{where}: overlay row needs an id and a name")
    if feature not in FEATURES:
        raise GazetteerError(
            f"{where}: unknown feature {feature!r}; use one of {', '.join(sorted(FEATURES))}"
        )
    if not (row.get("source") or "").strip():
        raise GazetteerError(f"{where}: overlay row {place_id!r} needs a source note")
    try:
        lat = float(row["lat"])
        lon = float(row["lon"])
    except (TypeError, ValueError):
        raise GazetteerError(
            f"{where}: bad coordinates lat={row.get('lat')!r} lon={row.get('lon')!r}; "
            "give decimal degrees"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GazetteerError(
            f"{where}: coordinates out of range (lat={lat}, lon={lon}); lat is -90..90, "
            "lon -180..180, in that order"
        )
    try:
        population = int(row.get("population") or 0)
        uncertainty = float(row.get("uncertainty_km") or 0)
        importance_text = (row.get("importance") or "").strip()
    except ValueError as exc:
        raise GazetteerError(f"{where}: bad number in overlay row ({exc})") from None
    if importance_text:
        try:
            importance = float(importance_text)
        except ValueError:
            raise GazetteerError(f"{where}: bad importance {importance_text!r}") from None
    elif population:
        importance = max(pop_importance(population), DEFAULT_IMPORTANCE[feature] - 1)
    else:
        importance = DEFAULT_IMPORTANCE[feature]
    place = Place(
        place_id=place_id,
        name=name,
        lat=lat,
        lon=lon,
        country_code=(row.get("country_code") or "").strip().upper(),
        feature=feature,
        population=population,
        uncertainty_km=uncertainty,
        source=f"overlay:{path.name}",
    )
    names = [(name, NAME)]
    for alias in (row.get("alternate_names") or "").split("|"):
        alias = alias.strip()
        if alias:
            # Short all-capital aliases (EU, KRG, BIAP) are codes: matched only as written.
            is_code = alias.isupper() and alias.isalnum() and len(alias) <= 4
            names.append((alias, CODE if is_code else ALT))
    return Entry(place, names, importance)
