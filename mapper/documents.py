"""Read the inputs of ``mapper geoparse`` and ``mapper evaluate``: plain documents and gold corpora.

Unlike :mod:`mapper.ingest` (articles with metadata, lenient: bad files become warnings),
these readers are strict: a text to geoparse or a gold corpus that cannot be read exactly is
an error, since offsets must index the text exactly as given.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mapper.errors import IngestError

DOCUMENT_SUFFIXES = frozenset({".txt", ".text", ".md", ".jsonl"})


def _read_utf8(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise IngestError(f"{path}: no such file; check the path") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise IngestError(f"{path}: cannot read {what} as UTF-8 text ({exc})") from exc


def _jsonl_records(path: Path, text: str, expected: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield ``(line number, object)`` for each non-blank line; each needs a string ``text``."""
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise IngestError(f"{path}:{line_no}: not a JSON object ({exc.msg})") from exc
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise IngestError(f"{path}:{line_no}: expected an object with {expected}")
        yield line_no, record


def read_documents(paths: list[Path]) -> list[tuple[str, str]]:
    """``(id, text)`` pairs: a ``.jsonl`` file holds one ``{"id", "text"}`` per line; any other
    file is one document whose id is its stem. A folder contributes its text and JSONL files.

    Raises
    ------
    IngestError
        A file is missing, not UTF-8, or holds a bad JSONL line.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Not, say, a sources.csv: only what can be geoparsed.
            files.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and not p.name.startswith(".")
                    and p.suffix.lower() in DOCUMENT_SUFFIXES
                )
            )
        else:
            files.append(path)
    documents: list[tuple[str, str]] = []
    for path in files:
        raw = _read_utf8(path, "it")
        if path.suffix.lower() != ".jsonl":
            documents.append((path.stem, raw))
            continue
        for line_no, record in _jsonl_records(path, raw, '"id" and a string "text"'):
            documents.append((str(record.get("id", f"{path.stem}:{line_no}")), record["text"]))
    return documents


def read_gold(path: Path) -> dict[str, dict[str, Any]]:
    """A gold corpus in the ``shared/bench`` format, by document id.

    Raises
    ------
    IngestError
        The file is unreadable, or a line or toponym lacks a required field.
    """
    raw = _read_utf8(path, "the gold corpus")
    gold: dict[str, dict[str, Any]] = {}
    for line_no, record in _jsonl_records(path, raw, '"id", "text" and "toponyms"'):
        for toponym in record.get("toponyms", []):
            if not {"start", "end", "lat", "lon"} <= set(toponym):
                raise IngestError(
                    f"{path}:{line_no}: a toponym lacks start/end/lat/lon: {toponym!r}"
                )
        gold[str(record.get("id", line_no))] = record
    return gold
