"""The recogniser's name set, cached on disk next to the gazetteer index.

Reading 700,000 names out of the SQLite index and filtering them takes most of a second;
reading them back from a plain text file (one name a line) takes a fifth of that. The file is
named after the gazetteer index and a digest of the gazetteer's
:meth:`~mapper.gazetteer.Gazetteer.names_version` and the recogniser's filter version, so a
new index or overlay makes a new file; name sets of deleted indexes are deleted. This is the only
module of geoparsing that touches the filesystem.

It also keeps wordfreq's English word frequencies of plain words in a small SQLite table (see
:func:`plain_word_zipf`), so a process that geoparses one article need not load wordfreq.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from importlib import metadata
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
    index = source.index_path
    version = hashlib.sha256(f"{source.names_version()} {_FILTER_VERSION}".encode())
    return index.with_name(f"{index.stem}.{version.hexdigest()[:16]}.names.txt")


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
    _forget_orphans(source.index_path)
    return names


def _forget_orphans(index: Path) -> None:
    """Delete cached name sets whose gazetteer index is gone (the index keeps only a few)."""
    for cached in index.parent.glob("*.names.txt"):
        owner = index.with_name(cached.name.split(".", 1)[0] + index.suffix)
        if not owner.exists():
            with contextlib.suppress(OSError):
                cached.unlink()


# --- English word frequencies of plain words, as an SQLite table ------------------------------

_FREQUENCY_FORMAT = "1"
_PLAIN_WORD = re.compile(r"[a-z]+")


def _wordfreq_version() -> str | None:
    try:
        return metadata.version("wordfreq")
    except metadata.PackageNotFoundError:
        return None


def frequency_table_path(folder: Path, version: str) -> Path:
    """Where the plain-word frequency table of wordfreq ``version`` is kept."""
    return folder / f"wordfreq-{version}-en-{_FREQUENCY_FORMAT}.sqlite"


def build_frequency_table(path: Path) -> None:
    """Write wordfreq's Zipf frequency of every plain English word (``[a-z]+``) to ``path``.

    Each value comes from ``wordfreq.zipf_frequency`` itself, so a lookup gives the same
    number. About two seconds, once per wordfreq version; written then renamed.
    """
    from wordfreq import get_frequency_dict, zipf_frequency

    words = sorted(w for w in get_frequency_dict("en", "best") if _PLAIN_WORD.fullmatch(w))
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".wordfreq-", suffix=".tmp")
    os.close(handle)
    try:
        db = sqlite3.connect(temporary)
        try:
            db.execute("CREATE TABLE zipf (word TEXT PRIMARY KEY, value REAL NOT NULL)")
            db.executemany(
                "INSERT INTO zipf VALUES (?, ?)", ((w, zipf_frequency(w, "en")) for w in words)
            )
            db.commit()
        finally:
            db.close()
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except (OSError, sqlite3.Error):
        Path(temporary).unlink(missing_ok=True)
        raise


_TABLES: dict[int, sqlite3.Connection | None] = {}


def _frequency_table() -> sqlite3.Connection | None:
    """This process's connection to the table (built on first use), or ``None``."""
    pid = os.getpid()  # a connection must not cross a fork into a worker process
    if pid not in _TABLES:
        _TABLES.clear()
        _TABLES[pid] = None
        version = _wordfreq_version()
        if version is not None:
            from mapper.gazetteer.index import cache_dir

            path = frequency_table_path(cache_dir(), version)
            try:
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    build_frequency_table(path)
                _TABLES[pid] = sqlite3.connect(
                    f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False
                )
            except (OSError, sqlite3.Error):
                pass  # a cache folder that cannot be written only costs speed
    return _TABLES[pid]


def plain_word_zipf(word: str) -> float | None:
    """wordfreq's English Zipf frequency of a plain word, without loading wordfreq.

    ``None`` when ``word`` is not plain lower-case letters or the table is unavailable (ask
    wordfreq then). wordfreq gives 0 to a plain word it does not list, and so does this.
    Loading wordfreq and its word list costs a quarter of a second, most of what an
    incremental rebuild spends on its one new article.
    """
    if not _PLAIN_WORD.fullmatch(word):
        return None
    table = _frequency_table()
    if table is None:
        return None
    try:
        row = table.execute("SELECT value FROM zipf WHERE word = ?", (word,)).fetchone()
    except sqlite3.Error:
        return None
    return float(row[0]) if row else 0.0
