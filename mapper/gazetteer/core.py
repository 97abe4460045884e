"""The gazetteer: ranked place candidates for a name, read from the compiled SQLite index.

Lookup tiers, best first: the normalised key (primary names, alternate names, derived variants,
demonyms and abbreviations), upper-case codes (ISO, IATA/ICAO, postal), the phonetic skeleton,
and a fuzzy fallback when nothing else matched (rapidfuzz ratio >= :data:`FUZZY_CUTOFF` among
keys sharing the first three or four letters).

Each candidate's score is its place's static importance (log10 population plus a feature bonus:
countries and curated sites high, second-level divisions low), minus a penalty for a looser tier
(:data:`TIER_PENALTY`; skeleton and fuzzy matches lose more the less their name resembles the
query and never outrank an exact match), plus :data:`COUNTRY_BIAS` inside the requested
countries. A division named after a city inside it yields to the city ("Baghdad").
"""

from __future__ import annotations

import hashlib
import heapq
import math
import os
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Collection, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from mapper.errors import GazetteerError
from mapper.gazetteer.index import (
    ALT_TIER,
    CODE_PREFIX,
    CODE_TIER,
    OVERLAY_ENV,
    SKELETON_PREFIX,
    SKELETON_TIER,
    data_dir,
    ensure_index,
    entry_keys,
)
from mapper.gazetteer.normalise import normalise_name, skeleton
from mapper.gazetteer.overlay import read_overlay
from mapper.gazetteer.sources import Entry
from mapper.models import Candidate, Place

TIER_PENALTY = {0: 0.0, 1: 0.5, 2: 0.3, CODE_TIER: 0.2}
"""Primary name, alternate name, derived variant, code."""
LOOSE_PENALTY = 2.0
LOOSE_DISSIMILARITY = 8.0
"""Skeleton and fuzzy matches lose 2 plus up to 8 as the place's name differs from the query."""
LOOSE_MIN_SIMILARITY = 0.75
"""A looser-tier place whose own name is less similar than this to the query is no candidate
("Tyre" is not Tehran)."""
FUZZY_TIER = 9
FUZZY_CUTOFF = 88.0
"""rapidfuzz ratio a fuzzy key must reach ("Paris" vs "Parit" scores 80)."""
COUNTRY_BIAS = 5.0
"""Added inside the requested countries: a town of 10,000 there beats a city of 10 million."""
_PLACE_COLUMNS = (
    "p.rowid, p.place_id, p.name, p.lat, p.lon, p.country_code, p.feature, p.population, "
    "p.admin1, p.admin1_name, p.uncertainty_km, p.source, p.importance"
)

_Row = tuple[Any, ...]
"""A ranking row: (ref, tier, key, importance, country_code, feature, lat, lon, name, then the
place's place_id, name, population, admin1, admin1_name, uncertainty_km, source), where ref is
the index rowid, or the place id of a user-overlay place, and name the name to compare."""
_ROW_COLUMNS = (
    "place, tier, key, importance, country_code, feature, lat, lon, name, place_id, place_name, "
    "population, admin1, admin1_name, uncertainty_km, source"
)


class Gazetteer:
    """Place names -> ranked candidates, backed by the compiled index.

    Parameters
    ----------
    index
        Path of a compiled index (see :func:`mapper.gazetteer.index.ensure_index`).
    extra
        Entries applied on top (a user's overlay): same ids replace, new ids add.
    """

    def __init__(self, index: Path, extra: Collection[Entry] = ()) -> None:
        self.index_path = index
        try:
            self._db = sqlite3.connect(
                f"file:{index}?mode=ro&immutable=1", uri=True, check_same_thread=False
            )
            self._db.execute("PRAGMA query_only = ON")
            self._db.execute("PRAGMA cache_size = -32000")
            self._meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"{index}: cannot open the gazetteer index ({exc}); delete the file to rebuild it"
            ) from exc
        self._lock = threading.Lock()
        self._cache: dict[tuple[str, tuple[str, ...], int], list[Candidate]] = {}
        self._extra_places: dict[str, tuple[Place, float]] = {}
        self._extra_keys: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
        self._overridden: dict[int, str] = {}
        for entry in extra:
            place_id = entry.place.place_id
            self._extra_places[place_id] = (entry.place, entry.importance)
            for key, (tier, via) in entry_keys(entry).items():
                self._extra_keys[key].append((place_id, tier, via))
            found = self._query("SELECT rowid FROM places WHERE place_id = ?", (place_id,))
            if found:
                self._overridden[int(found[0][0])] = place_id

    # ------------------------------------------------------------------ public API

    def __len__(self) -> int:
        (count,) = self._query("SELECT COUNT(*) FROM places")[0]
        return int(count) + len(self._extra_places) - len(self._overridden)

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id, or ``None``."""
        if place_id in self._extra_places:
            return self._extra_places[place_id][0]
        rows = self._query(
            f"SELECT {_PLACE_COLUMNS} FROM places p WHERE p.place_id = ?", (place_id,)
        )
        return _place(rows[0]) if rows else None

    def keys(self) -> Iterator[str]:
        """Every normalised name the gazetteer knows (no codes), in sorted order."""
        for key, _ in self.key_importance():
            yield key

    def names_version(self) -> str:
        """An identifier of the set of names :meth:`keys` yields: the index file's
        fingerprint plus the overlay's names (so a matcher built from the names can be cached).
        """
        digest = hashlib.sha256()
        for key in sorted(self._extra_keys):
            digest.update(f"{key}\n".encode())
        return f"{self.index_path.stem}-{digest.hexdigest()[:16]}"

    def key_importance(self) -> Iterator[tuple[str, float]]:
        """Every normalised name with the highest importance of the places it names.

        Useful to build a name matcher that skips keys naming only tiny places.
        """
        extra = {
            key: max(self._extra_places[pid][1] for pid, _, _ in items)
            for key, items in self._extra_keys.items()
            if not key.startswith((CODE_PREFIX, SKELETON_PREFIX))
        }
        for key, importance in self._query("SELECT key, importance FROM keys ORDER BY key"):
            if key in extra:
                importance = max(importance, extra.pop(key))
            yield key, importance
        yield from sorted(extra.items())

    def codes(self) -> Iterator[str]:
        """Every code the gazetteer matches as written (ISO, IATA/ICAO, postal, "EU", "KRG")."""
        extra = {k[1:] for k in self._extra_keys if k.startswith(CODE_PREFIX)}
        for (key,) in self._query(
            "SELECT DISTINCT key FROM names WHERE key >= ? AND key < ? ORDER BY key",
            (CODE_PREFIX, CODE_PREFIX + "\uffff"),
        ):
            extra.discard(key[1:])
            yield str(key)[1:]
        yield from sorted(extra)

    def info(self) -> dict[str, str]:
        """Index metadata: schema, data folder and package versions."""
        return dict(self._meta)

    def counts(self) -> dict[str, int]:
        """Number of places per feature type, of distinct keys and of user-overlay places."""
        rows = self._query("SELECT feature, COUNT(*) FROM places GROUP BY feature ORDER BY feature")
        counts = {str(feature): int(n) for feature, n in rows}
        counts["keys"] = int(self._query("SELECT COUNT(*) FROM keys")[0][0])
        counts["user_overlay"] = len(self._extra_places)
        return counts

    def lookup(
        self,
        name: str,
        *,
        countries: Collection[str] = (),
        limit: int = 10,
        loose: bool = True,
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
        loose
            Whether looser spellings (the skeleton tier) may fill the list when the name's
            exact matches leave room. ``False`` returns exact matches only, unless there are
            none (then the looser tiers answer as usual); callers that drop loose candidates
            whenever exact ones exist save the work.

        Returns
        -------
        list[Candidate]
            Best first; ``matched`` is the index key that matched (``#CODE`` for a code,
            ``~skeleton`` or ``?key`` (fuzzy) for the looser tiers).
        """
        wanted = tuple(sorted({c.upper() for c in countries}))
        cache_key = (name, wanted, limit if loose else -limit)
        cached = self._cache.get(cache_key)
        if cached is None:
            cached = self._lookup(name, wanted, limit, loose)
            if len(self._cache) > 100_000:
                self._cache.clear()
            self._cache[cache_key] = cached
        return list(cached)  # callers may change their list, never the cache

    # ------------------------------------------------------------------ internals

    def _lookup(
        self, name: str, countries: tuple[str, ...], limit: int, loose: bool = True
    ) -> list[Candidate]:
        key = normalise_name(name)
        if not key or limit <= 0:
            return []
        probes = [key]
        compact = "".join(name.split())
        if compact.isupper() and compact.isalnum() and 2 <= len(compact) <= 4:
            probes.append(CODE_PREFIX + compact)  # "US", "EBL", "ORER"; not "U.S." (a key)
        best: dict[Any, tuple[float, _Row]] = {}
        self._offer_exact(self._rows(probes), countries, best)
        # A looser match never outranks a place the name names exactly ("Sidon" is not Sudan),
        # so skeleton rows are read only when the exact matches leave places in the top `limit`.
        if len(best) < limit and (loose or not best):
            skel = skeleton(key)
            if len(skel) >= 3:
                cap = max((score for score, _ in best.values()), default=math.inf) - 0.01
                rows = self._rows([SKELETON_PREFIX + skel])
                self._offer_loose(key, rows, countries, {}, limit, best, cap)
        if not best and len(key) >= 5:
            fuzzy = self._fuzzy_keys(key)
            if fuzzy:
                self._offer_loose(key, self._rows(list(fuzzy)), countries, fuzzy, limit, best)
        self._prefer_cities_over_namesake_divisions(best)
        # Ties break on the place id, so that results do not depend on the index's row order.
        ranked = sorted(best.values(), key=lambda item: (-item[0], _place_id(item[1])))[:limit]
        return [
            Candidate(place=self._row_place(row), score=round(score, 4), matched=row[2])
            for score, row in ranked
        ]

    def _rows(self, probes: list[str]) -> list[_Row]:
        """Ranking rows for the probe keys (user-overlay places substituted and added)."""
        marks = ", ".join("?" * len(probes))
        rows: list[_Row] = self._query(
            f"SELECT {_ROW_COLUMNS} FROM names WHERE key IN ({marks})", tuple(probes)
        )
        if self._overridden:
            rows = [self._substitute(row) if row[0] in self._overridden else row for row in rows]
        for probe in probes:
            for place_id, tier, via in self._extra_keys.get(probe, ()):
                place, importance = self._extra_places[place_id]
                rows.append(
                    (
                        place_id,
                        tier,
                        probe,
                        importance,
                        place.country_code,
                        place.feature,
                        place.lat,
                        place.lon,
                        via or place.name,
                    )
                )
        return rows

    def _row_place(self, row: _Row) -> Place:
        if isinstance(row[0], str):
            return self._extra_places[row[0]][0]
        return Place(
            place_id=row[9],
            name=row[10],
            lat=row[6],
            lon=row[7],
            country_code=row[4],
            feature=row[5],
            population=row[11],
            admin1=row[12],
            admin1_name=row[13],
            uncertainty_km=row[14],
            source=row[15],
        )

    def _substitute(self, row: _Row) -> _Row:
        place, importance = self._extra_places[self._overridden[row[0]]]
        return (
            place.place_id,
            row[1],
            row[2],
            importance,
            place.country_code,
            place.feature,
            place.lat,
            place.lon,
            row[8] if row[1] == SKELETON_TIER else place.name,
        )

    def _offer_exact(
        self, rows: list[_Row], countries: tuple[str, ...], best: dict[Any, tuple[float, _Row]]
    ) -> None:
        """Score rows matched by key or code."""
        for row in rows:
            score = row[3] - TIER_PENALTY[row[1]]
            if countries and row[4] in countries:
                score += COUNTRY_BIAS
            current = best.get(row[0])
            if current is None or score > current[0]:
                best[row[0]] = (score, row)

    def _offer_loose(
        self,
        key: str,
        rows: list[_Row],
        countries: tuple[str, ...],
        fuzzy: dict[str, float],
        limit: int,
        best: dict[Any, tuple[float, _Row]],
        cap: float = math.inf,
    ) -> None:
        """Score skeleton or fuzzy rows: the closer the place's name to the query, the better.

        The similarity is only worked out for places that could still enter the top `limit`.
        """
        floor = _floor(best, limit)
        bias = COUNTRY_BIAS if countries else 0.0
        for row in sorted(rows, key=lambda r: -r[3]):
            if row[3] - LOOSE_PENALTY + bias <= floor:
                break
            # A skeleton row carries the normalised name it came from; a fuzzy row the place's.
            similarity = _similarity(key, normalise_name(row[8]) if fuzzy else row[8])
            if similarity < LOOSE_MIN_SIMILARITY:
                continue
            penalty = LOOSE_PENALTY + LOOSE_DISSIMILARITY * (1.0 - similarity)
            if fuzzy:
                penalty += fuzzy.get(row[2], 0.0)
                row = (*row[:2], "?" + row[2], *row[3:])
            score = row[3] - penalty + (COUNTRY_BIAS if countries and row[4] in countries else 0.0)
            score = min(score, cap)
            current = best.get(row[0])
            if current is None or score > current[0]:
                best[row[0]] = (score, row)
                if len(best) >= limit:
                    floor = _floor(best, limit)

    def _prefer_cities_over_namesake_divisions(self, best: dict[Any, tuple[float, _Row]]) -> None:
        """A division named after a city inside it ("Baghdad", "Deir ez-Zor") means the city.

        Applies when the query names the city at least as directly as the division, or when
        the division is also called by the city's own name (provinces named after their
        capitals). The city then takes the better of the two scores, the division ranks just
        below it. "New York" stays the state: the state is not called "New York City".
        """
        divisions = [(ref, s, r) for ref, (s, r) in best.items() if r[5] in _DIVISIONS]
        if not divisions:
            return
        cities: dict[str, list[Any]] = defaultdict(list)
        for ref, (_, r) in best.items():
            if r[5] == "city":
                cities[r[4]].append(ref)
        for ref, score, row in divisions:
            for city_ref in cities.get(row[4], ()):
                city = best[city_ref][1]
                if city[1] > max(row[1], ALT_TIER):
                    continue
                if _rough_km(row[6], row[7], city[6], city[7]) > _NAMESAKE_KM:
                    continue
                if city[1] > row[1] and not self._has_key(row[0], normalise_name(city[8])):
                    continue
                top = max(score, best[city_ref][0])
                best[city_ref] = (top, city)
                best[ref] = (top - 0.01, row)
                break

    def _has_key(self, ref: Any, key: str) -> bool:
        if isinstance(ref, str):  # a user-overlay place
            return any(pid == ref for pid, _, _ in self._extra_keys.get(key, ()))
        found = self._query("SELECT 1 FROM names WHERE key = ? AND place = ?", (key, ref))
        return bool(found)

    def _fuzzy_keys(self, key: str) -> dict[str, float]:
        """Keys within :data:`FUZZY_CUTOFF` of ``key`` sharing its first letters -> penalty."""
        prefix = key[: 4 if len(key) >= 7 else 3]
        choices = [
            str(k)
            for (k,) in self._query(
                "SELECT key FROM keys WHERE key >= ? AND key < ? AND length(key) BETWEEN ? AND ?",
                (prefix, prefix + "\uffff", len(key) - 2, len(key) + 2),
            )
        ]
        choices += [k for k in self._extra_keys if k.startswith(prefix)]
        matches = process.extract(
            key, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5
        )
        return {str(match): (100.0 - float(ratio)) / 5.0 for match, ratio, _ in matches}

    def _query(self, sql: str, params: tuple[object, ...] = ()) -> list[Any]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise GazetteerError(
                    f"{self.index_path}: gazetteer index query failed ({exc}); delete the file "
                    "to rebuild it"
                ) from exc


def _place_id(row: _Row) -> str:
    return str(row[0]) if isinstance(row[0], str) else str(row[9])


_DIVISIONS = frozenset({"admin1", "admin2"})
_NAMESAKE_KM = 150.0


def _floor(best: dict[Any, tuple[float, _Row]], limit: int) -> float:
    """The score a new candidate must beat to enter the top ``limit``."""
    if len(best) < limit:
        return -math.inf
    return heapq.nlargest(limit, (score for score, _ in best.values()))[-1]


@lru_cache(maxsize=65_536)
def _similarity(query: str, name: str) -> float:
    """How alike two keys are (0..1), ignoring articles and spaces ("Albu Kamal", "Abu Kamal").

    Vowel variants (Nejef/Najaf) count as nearly alike: romanisations differ most in vowels.
    """
    plain = fuzz.ratio(query, name)
    bare_query, bare_name = _bare(query), _bare(name)
    bare = fuzz.ratio(bare_query, bare_name)
    vowels = fuzz.ratio(_ANY_VOWEL.sub("a", bare_query), _ANY_VOWEL.sub("a", bare_name)) - 10
    return max(plain, bare, vowels) / 100.0


_ANY_VOWEL = re.compile(r"[aeiouy]")


def _bare(key: str) -> str:
    return "".join(t for t in key.split() if t != "al")


def _rough_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def _place(row: Any) -> Place:
    return Place(
        place_id=str(row[1]),
        name=str(row[2]),
        lat=float(row[3]),
        lon=float(row[4]),
        country_code=str(row[5]),
        feature=str(row[6]),
        population=int(row[7]),
        admin1=str(row[8]),
        admin1_name=str(row[9]),
        uncertainty_km=float(row[10]),
        source=str(row[11]),
    )


def user_overlay_path(path: Path | None = None) -> Path | None:
    """The user's overlay file: ``path`` if given, else ``$MAPPER_GAZETTEER_OVERLAY``, else none."""
    if path is not None:
        return path
    value = os.environ.get(OVERLAY_ENV)
    return Path(value).expanduser() if value else None


def open_gazetteer(overlay: Path | None = None, *, rebuild: bool = False) -> Gazetteer:
    """Open (building it if needed) the index, with the user's overlay applied.

    Raises
    ------
    GazetteerError
        Data or overlay files are missing or bad, or the index cannot be built.
    """
    index = ensure_index(data_dir(), rebuild=rebuild)
    user = user_overlay_path(overlay)
    if user is not None and not user.is_file():
        raise GazetteerError(
            f"{user}: gazetteer overlay file not found; fix the path given by --overlay or "
            f"{OVERLAY_ENV}"
        )
    extra = read_overlay(user) if user is not None else []
    return Gazetteer(index, extra)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Load the shared gazetteer (once per process; the user overlay from the environment).

    ``load_gazetteer.cache_clear()`` forgets it (after changing the environment, e.g. in tests).
    """
    return open_gazetteer()
