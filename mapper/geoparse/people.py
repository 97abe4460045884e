"""Word knowledge from registry packages: common given names and surnames (US Census 1990
lists, shipped by the ``names`` package) and English word frequencies (``wordfreq``).

Used only to tell a person or an ordinary word from a place: "George Washington",
"Turner said", "Day".
"""

from __future__ import annotations

import hashlib
import importlib.resources
from functools import lru_cache
from pathlib import Path

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
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return 0.0
    return float(zipf_frequency(word, "en"))


def frequent_english_words(min_zipf: float) -> frozenset[str]:
    """The English words at least ``min_zipf`` frequent on wordfreq's Zipf scale.

    wordfreq files its words in buckets of one centibel (bucket ``i`` is Zipf
    ``9 - i / 100``), so this reads buckets instead of asking word by word. For a word of
    letters only, ``word in frequent_english_words(z)`` is ``word_frequency(word) >= z``.
    """
    try:
        from wordfreq import get_frequency_list
    except ImportError:  # pragma: no cover - wordfreq is a dependency
        return frozenset()
    buckets = get_frequency_list("en", wordlist="best")
    last = round((9.0 - min_zipf) * 100)
    return frozenset(word for bucket in buckets[: last + 1] for word in bucket)


def wordfreq_version() -> str:
    """A stamp of the installed wordfreq's English word list (it changes between versions).

    The list file's size and modification time: asking the package metadata for the version
    scans every installed distribution (a tenth of a second).
    """
    from importlib.util import find_spec

    spec = find_spec("wordfreq")
    if spec is None or spec.origin is None:  # pragma: no cover - wordfreq is a dependency
        return "none"
    data = Path(spec.origin).parent / "data"
    try:
        stamps = sorted(
            f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in data.glob("*_en.*")
        )
    except OSError:  # pragma: no cover - an unreadable installation
        return "none"
    return hashlib.sha256("|".join(stamps).encode()).hexdigest()[:16]


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
