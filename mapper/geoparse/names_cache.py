"""The recogniser's name set, cached on disk next to the gazetteer index.

Reading 700,000 names out of the SQLite index and filtering them takes most of a second;
reading them back from a plain text file (one name a line) takes a fifth of that. The file is
named after the gazetteer index and a digest of the gazetteer's
:meth:`~mapper.gazetteer.Gazetteer.names_version` and the recogniser's filter version, so a
new index or overlay makes a new file; name sets of deleted indexes are deleted. The file also
holds the names' word prefixes (after an empty line), which the recogniser uses to stop
extending a run of words early. This is the only module of geoparsing that touches the
filesystem.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from mapper.geoparse.recognise import matchable_keys, name_prefixes

# Bump when matchable_keys changes what it keeps or the file's layout changes.
_FILTER_VERSION = "2"


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
    """The matchable names of ``source`` (see :func:`cached_name_sets`)."""
    return cached_name_sets(source)[0]


def cached_name_sets(source: VersionedNames) -> tuple[list[str], list[str]]:
    """The matchable names of ``source`` and their :func:`name_prefixes`: read from the cache
    file, or computed and written.

    A cache folder that cannot be written only costs speed: the names are still returned.
    """
    path = cache_path(source)
    try:
        text = path.read_text(encoding="utf-8")
        # Names are never empty, so an empty line can separate the two lists.
        names_text, _, prefixes_text = text.partition("\n\n")
        return _lines(names_text), _lines(prefixes_text)
    except (OSError, UnicodeDecodeError):
        pass
    names = list(matchable_keys(source.keys()))
    prefixes = sorted(name_prefixes(names))
    try:
        # Write then rename, so that a concurrent reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".tmp")
    except OSError:
        return names, prefixes
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write("\n".join(names))
            stream.write("\n\n")
            stream.write("\n".join(prefixes))
        # Readable like the index itself (mkstemp makes private files).
        os.chmod(temporary, path.parent.stat().st_mode & 0o644 | 0o600)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    _forget_orphans(source.index_path)
    return names, prefixes


def _lines(text: str) -> list[str]:
    return text.split("\n") if text else []


def _forget_orphans(index: Path) -> None:
    """Delete cached name sets whose gazetteer index is gone (the index keeps only a few)."""
    for cached in index.parent.glob("*.names.txt"):
        owner = index.with_name(cached.name.split(".", 1)[0] + index.suffix)
        if not owner.exists():
            with contextlib.suppress(OSError):
                cached.unlink()
