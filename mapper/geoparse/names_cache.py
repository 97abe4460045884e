"""The recogniser's name set, cached on disk next to the gazetteer index.

Reading 700,000 names out of the SQLite index and filtering them takes most of a second;
reading them back from a plain text file (one name a line) takes a fifth of that. The file is
named after the gazetteer's :meth:`~mapper.gazetteer.Gazetteer.names_version` and the
recogniser's filter version, so a new index or overlay makes a new file. This is the only
module of geoparsing that touches the filesystem.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from mapper.geoparse.recognise import matchable_keys

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
    stem = f"{source.names_version()}.names-{_FILTER_VERSION}.txt"
    return source.index_path.with_name(stem)


def cached_names(source: VersionedNames) -> list[str]:
    """The matchable names of ``source``: read from the cache file, or computed and written.

    A cache folder that cannot be written only costs speed: the names are still returned.
    """
    path = cache_path(source)
    try:
        text = path.read_text(encoding="utf-8")
        return text.split("\n") if text else []
    except (OSError, UnicodeDecodeError):
        pass
    names = list(matchable_keys(source.keys()))
    try:
        # Write then rename, so that a concurrent reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".names-", suffix=".tmp")
    except OSError:
        return names
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write("\n".join(names))
        # Readable like the index itself (mkstemp makes private files).
        os.chmod(temporary, path.parent.stat().st_mode & 0o644 | 0o600)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
    return names
