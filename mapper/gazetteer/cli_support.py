"""What ``mapper geocode`` and ``mapper gazetteer info`` print (the CLI stays a thin layer)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from mapper.errors import UsageError
from mapper.gazetteer.core import Gazetteer, open_gazetteer, user_overlay_path
from mapper.gazetteer.index import CACHE_ENV, DATA_ENV, OVERLAY_ENV, data_dir, overlay_files
from mapper.models import Candidate

_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")


def read_names(names: Iterable[str], stdin: TextIO) -> list[str]:
    """The queries in order; each ``-`` is replaced by standard input's non-empty lines."""
    queries: list[str] = []
    for name in names:
        if name == "-":
            queries += [line.strip() for line in stdin if line.strip()]
        else:
            queries.append(name)
    return queries


def parse_countries(values: Iterable[str]) -> list[str]:
    """ISO alpha-2 codes from ``--country`` values (repeated or comma-separated).

    Raises
    ------
    UsageError
        A value is not a two-letter code.
    """
    codes: list[str] = []
    for value in values:
        for part in value.split(","):
            code = part.strip()
            if not _COUNTRY_CODE.match(code):
                raise UsageError(
                    f"--country {code!r}: not an ISO 3166-1 alpha-2 code; give two letters "
                    "such as IQ or SY"
                )
            codes.append(code.upper())
    return codes


def candidate_json(candidate: Candidate) -> dict[str, object]:
    """One candidate as ``mapper geocode --json`` prints it."""
    place = candidate.place
    return {
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "country_code": place.country_code,
        "feature": place.feature,
        "population": place.population,
        "score": candidate.score,
        "id": place.place_id,
    }


def geocode_names(
    queries: list[str],
    *,
    countries: Iterable[str],
    limit: int,
    as_json: bool,
    online: bool = False,
    user_agent: str | None = None,
    overlay: Path | None = None,
    gazetteer: Gazetteer | None = None,
) -> Iterator[str]:
    """Lines to print for each query: one JSON object, or a small table."""
    codes = parse_countries(countries)
    if limit < 1:
        raise UsageError(f"--limit {limit}: give at least 1")
    gazetteer = gazetteer or open_gazetteer(overlay)
    fallback = None
    if online:
        from mapper.gazetteer.online import OnlineGeocoder

        fallback = OnlineGeocoder(user_agent=user_agent)
    for query in queries:
        candidates = gazetteer.lookup(query, countries=codes, limit=limit)
        if not candidates and fallback is not None:
            candidates = fallback.lookup(query, codes, limit)
        if as_json:
            record = {"query": query, "candidates": [candidate_json(c) for c in candidates]}
            yield json.dumps(record, ensure_ascii=False)
        else:
            yield from _table(query, candidates)


def _table(query: str, candidates: list[Candidate]) -> Iterator[str]:
    yield f"{query}:"
    if not candidates:
        yield "  (no match)"
        return
    rows = [
        (
            f"{rank}.",
            c.place.name,
            c.place.country_code or "-",
            c.place.feature,
            f"{c.place.lat:.5f}",
            f"{c.place.lon:.5f}",
            f"{c.place.population:,}" if c.place.population else "-",
            f"{c.score:.2f}",
            c.place.place_id,
        )
        for rank, c in enumerate(candidates, start=1)
    ]
    header = ("#", "name", "cc", "feature", "lat", "lon", "population", "score", "id")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        yield "  " + "  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip()


def info_lines(*, rebuild: bool = False, overlay: Path | None = None) -> Iterator[str]:
    """What ``mapper gazetteer info`` prints."""
    gazetteer = open_gazetteer(overlay, rebuild=rebuild)
    info = gazetteer.info()
    path = gazetteer.index_path
    size_mb = path.stat().st_size / 1e6 if path.exists() else 0.0
    yield f"index: {path} ({size_mb:.0f} MB; folder from ${CACHE_ENV}, else ~/.cache/mapper)"
    yield f"curated data: {data_dir()} (override with ${DATA_ENV})"
    for file in overlay_files(data_dir()):
        yield f"  overlay {file.name}"
    user = user_overlay_path(overlay)
    yield f"user overlay: {user if user else f'none (--overlay FILE or ${OVERLAY_ENV})'}"
    yield "sources (package: version):"
    for key, value in sorted(info.items()):
        if key.startswith("version:"):
            yield f"  {key.removeprefix('version:')}: {value}"
    yield "places by feature:"
    for feature, count in sorted(gazetteer.counts().items()):
        yield f"  {feature}: {count:,}"
