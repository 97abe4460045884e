"""Word knowledge from registry packages: common given names and surnames (US Census 1990
lists, shipped by the ``names`` package) and English word frequencies (``wordfreq``).

Used only to tell a person or an ordinary word from a place: "George Washington",
"Turner said", "Day".
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache

_GIVEN_FILES = ("dist.male.first", "dist.female.first")
_SURNAME_FILE = "dist.all.last"
# Frequency (per cent of people) above which a name counts as common.
_GIVEN_MIN_PERCENT = 0.004
_SURNAME_MIN_PERCENT = 0.002


def _read(filename: str, min_percent: float) -> frozenset[str]:
    try:
        text = importlib.resources.files("names").joinpath(filename).read_text(encoding="ascii")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return frozenset()
    found: set[str] = set()
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 2 and float(parts[1]) >= min_percent:
            found.add(parts[0].lower())
    return frozenset(found)


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """Lower-case common given names ("george", "mary")."""
    return _read(_GIVEN_FILES[0], _GIVEN_MIN_PERCENT) | _read(_GIVEN_FILES[1], _GIVEN_MIN_PERCENT)


@lru_cache(maxsize=1)
def surnames() -> frozenset[str]:
    """Lower-case common surnames ("turner", "lincoln")."""
    return _read(_SURNAME_FILE, _SURNAME_MIN_PERCENT)


def word_frequency(word: str) -> float:
    """How common ``word`` is in English, on wordfreq's Zipf scale (0 when unknown)."""
    from mapper.geoparse.names_cache import plain_word_zipf

    found = plain_word_zipf(word)  # the same number, from a table (no wordfreq import)
    if found is not None:
        return found
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return float(zipf_frequency(word, "en"))


@lru_cache(maxsize=1)
def capitals() -> frozenset[tuple[str, str]]:
    """``(country_code, normalised name)`` of national capitals (``countryinfo`` data)."""
    try:
        from countryinfo import all_countries
    except ImportError:  # pragma: no cover - countryinfo is a dependency
        return frozenset()
    from mapper.gazetteer import normalise_name

    found: set[tuple[str, str]] = set()
    for info in all_countries():
        try:
            code = str(info.iso(2) or "").upper()
            capital = str(info.capital() or "")
        except Exception:  # noqa: BLE001 - some territories lack these fields
            continue
        if not code or not capital:
            continue
        name = normalise_name(capital)
        found.add((code, name))
        # "Washington, D.C." is written "Washington".
        for suffix in (" d c", " dc", " city"):
            if name.endswith(suffix):
                found.add((code, name[: -len(suffix)]))
    return frozenset(found)
