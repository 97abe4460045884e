"""The recogniser's name set and frequent-word list, cached on disk next to the gazetteer index.

Reading 700,000 names out of the SQLite index and filtering them takes most of a second;
reading them back from a plain text file (one name a line) takes a fifth of that. The file is
named after the gazetteer index and a digest of the gazetteer's
:meth:`~mapper.gazetteer.Gazetteer.names_version` and the recogniser's filter version, so a
new index or overlay makes a new file; name sets of deleted indexes are deleted. This is the only
module of geoparsing that touches the filesystem.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from mapper.geoparse.people import frequent_english_words, wordfreq_version
from mapper.geoparse.recognise import FREQUENT_ZIPF, matchable_keys

# Bump when matchable_keys changes what it keeps.
_FILTER_VERSION = "1"


class VersionedNames(Protocol):
    """A name source that can say which set of names it holds and where its index lives."""

    index_path: Path

    def keys(self) -> Iterable[str]:
        """Every normalised name."""
        ...

    def names_version(self) -> str:
        """An identifier of the set of names."""
        ...


def cache_path(source: VersionedNames) -> Path:
    """Where the name set of ``source`` is cached."""
    index = source.index_path
    version = hashlib.sha256(f"{source.names_version()} {_FILTER_VERSION}".encode())
    return index.with_name(f"{index.stem}.{version.hexdigest()[:16]}.names.txt")


def cached_names(source: VersionedNames) -> list[str]:
    """The matchable names of ``source``: read from the cache file, or computed and written.

    A cache folder that cannot be written only costs speed: the names are still returned.
    """
    path = cache_path(source)
    names = _read_lines(path)
    if names is None:
        names = list(matchable_keys(source.keys()))
        _write_lines(path, names)
        _forget_orphans(source.index_path)
    return names


def cached_frequent_words(source: VersionedNames) -> frozenset[str]:
    """English words at least ``FREQUENT_ZIPF`` frequent (wordfreq), cached beside the index.

    Importing wordfreq and loading its word list costs about 0.2 s per process; the few
    thousand words recognition asks about load from a small file in a fraction of that.
    """
    version = f"{wordfreq_version()}-{FREQUENT_ZIPF}".replace("/", "_")
    path = source.index_path.parent / f"wordfreq-{version}.frequent.txt"
    words = _read_lines(path)
    if words is None:
        words = sorted(frequent_english_words(FREQUENT_ZIPF))
        _write_lines(path, words)
    return frozenset(words)


def _read_lines(path: Path) -> list[str] | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return text.split("\n") if text else []


def _write_lines(path: Path, lines: list[str]) -> None:
    """Write then rename, so that a concurrent reader never sees half a file."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".tmp")
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write("\n".join(lines))
        # Readable like the index itself (mkstemp makes private files).
        os.chmod(temporary, path.parent.stat().st_mode & 0o644 | 0o600)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _forget_orphans(index: Path) -> None:
    """Delete cached name sets whose gazetteer index is gone (the index keeps only a few)."""
    for cached in index.parent.glob("*.names.txt"):
        owner = index.with_name(cached.name.split(".", 1)[0] + index.suffix)
        if not owner.exists():
            with contextlib.suppress(OSError):
                cached.unlink()
