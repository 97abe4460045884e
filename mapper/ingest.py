"""Files and folders -> :class:`~mapper.models.Article`.

The only stage that reads input files. Parsing is split from reading: the ``parse_*``
functions take text and return articles, so they can be tested without files.

Metadata precedence (highest first): the sidecar ``sources.csv`` in the article's folder, the
JSON fields or front matter of the document itself, a first line ``date YYYY-MM-DD``, what the
text says of itself (an outlet named in its byline or copyright line), and defaults.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

from mapper.errors import IngestError
from mapper.models import Article
from mapper.outlets import recognise_outlet

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES
SIDECAR_NAME = "sources.csv"
MAX_FILE_BYTES = 50 * 1024 * 1024
"""Larger ``.json`` files are skipped with a warning (JSONL is streamed: no limit)."""
MAX_ARTICLE_BYTES = 10 * 1024 * 1024
"""Larger articles (a text or HTML file, a JSONL line) are skipped with a warning: a
scraper's runaway dump is not an article, and skipping it keeps memory bounded."""
MAX_TEXT_CHARS = 2_000_000
"""Longer article text (after markup is stripped) is skipped with a warning: news articles are
tens of kilobytes, and the per-article stages need not scale to books."""
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 32)) + b"\x7f"

_DATE_LINE = re.compile(r"^\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})\b[ \t]*", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_META_KEYS = ("id", "title", "outlet", "published", "url")


@dataclass(frozen=True, slots=True)
class Metadata:
    """Optional article metadata from any of the sources the module docstring lists."""

    doc_id: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: date | None = None
    url: str | None = None

    def over(self, base: Metadata) -> Metadata:
        """Return ``base`` with every field this one sets taking precedence."""
        return Metadata(
            doc_id=self.doc_id or base.doc_id,
            title=self.title or base.title,
            outlet=self.outlet or base.outlet,
            published=self.published or base.published,
            url=self.url or base.url,
        )


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Articles read, in a stable order, and one warning line per file skipped or repaired."""

    articles: tuple[Article, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    files_read: int = 0
    """Files that gave at least one article."""
    files_skipped: int = 0
    """Files that gave none (empty, binary, too large, unreadable, invalid)."""


def parse_date(value: object) -> date | None:
    """Parse an ISO date or datetime (``2021-02-26``, ``2021-02-26T10:00:00Z``); else ``None``."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%b. %d, %Y", "%d %B %Y", "%d %b %Y", "%Y/%m/%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _metadata_from_mapping(raw: Mapping[str, object]) -> Metadata:
    def text_of(key: str) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        value = str(value).strip()
        return value or None

    return Metadata(
        doc_id=text_of("id"),
        title=text_of("title"),
        outlet=text_of("outlet") or text_of("source"),
        published=parse_date(raw.get("published") or raw.get("date")),
        url=text_of("url"),
    )


def _first_line(text: str) -> str:
    for line in text.splitlines():
        stripped = line.strip()
        if stripped:
            return stripped[:300]
    return ""


def _make_article(text: str, meta: Metadata, default_id: str, path: str | None) -> Article:
    title = meta.title
    if not title:
        title = _DATE_LINE.sub("", _first_line(text), count=1).strip() or default_id
    outlet = meta.outlet or recognise_outlet(text) or "unknown"
    return Article(
        doc_id=meta.doc_id or default_id,
        text=text,
        title=title,
        outlet=outlet,
        published=meta.published,
        url=meta.url,
        path=path,
    )


def parse_front_matter(text: str) -> tuple[Metadata, str]:
    """Split ``key: value`` front matter (between ``---`` lines) from the body.

    Returns the metadata and the body. A malformed block is left in the body.
    """
    match = _FRONT_MATTER.match(text)
    if not match:
        return Metadata(), text
    fields: dict[str, str] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        fields[key.strip().lower()] = value.strip().strip("'\"")
    if not fields:
        return Metadata(), text
    return _metadata_from_mapping(fields), text[match.end() :]


def parse_plain_text(text: str, doc_id: str, path: str | None = None) -> Article:
    """Parse a plain-text or Markdown article, reading front matter or a ``date`` first line."""
    meta, body = parse_front_matter(text)
    date_match = _DATE_LINE.match(body.lstrip("\ufeff"))
    if date_match and meta.published is None:
        meta = replace(meta, published=parse_date(date_match.group(1)))
    return _make_article(body, meta, doc_id, path)


class _HTMLTextExtractor(HTMLParser):
    """Collects visible text; block elements become line breaks; script and style vanish."""

    _BLOCK = frozenset(
        [
            "p",
            "div",
            "br",
            "li",
            "ul",
            "ol",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "tr",
            "table",
            "section",
            "article",
            "header",
            "footer",
            "blockquote",
            "pre",
            "figure",
            "figcaption",
            "title",
        ]
    )
    _HIDDEN = frozenset({"script", "style", "noscript", "template", "svg", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.title = ""
        self.h1 = ""
        self.meta: dict[str, str] = {}
        self._in_title = False
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "meta":
            attr = dict(attrs)
            key = (attr.get("property") or attr.get("name") or "").lower()
            if key and attr.get("content"):
                self.meta[key] = attr["content"] or ""
            return
        if tag == "title":
            self._in_title = True
        if tag == "h1":
            self._in_h1 = True
        if tag in self._HIDDEN and tag != "head":
            self.hidden_depth += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "h1":
            self._in_h1 = False
        if tag in self._HIDDEN and tag != "head" and self.hidden_depth:
            self.hidden_depth -= 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
            return
        if self.hidden_depth:
            return
        if self._in_h1:
            self.h1 += data
        self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, dict[str, str], str]:
    """Strip markup: returns (visible text, ``<meta>`` fields, title)."""
    parser = _HTMLTextExtractor()
    parser.feed(markup)
    parser.close()
    raw = "".join(parser.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in raw.split("\n")]
    paragraphs: list[str] = []
    blank = True
    for line in lines:
        if line:
            paragraphs.append(line)
            blank = False
        elif not blank:
            paragraphs.append("")
            blank = True
    text = "\n".join(paragraphs).strip() + "\n"
    title = (parser.h1 or parser.title).strip()
    return text, parser.meta, re.sub(r"\s+", " ", title)


def parse_html(markup: str, doc_id: str, path: str | None = None) -> Article:
    """Parse an HTML article: visible text, title and ``<meta>`` metadata."""
    text, meta_tags, title = html_to_text(markup)
    meta = Metadata(
        title=meta_tags.get("og:title") or title or None,
        outlet=meta_tags.get("og:site_name") or None,
        published=parse_date(
            meta_tags.get("article:published_time") or meta_tags.get("date") or ""
        ),
        url=meta_tags.get("og:url") or None,
    )
    return _make_article(text, meta, doc_id, path)


def parse_json_records(
    records: Iterable[tuple[int, object]], default_id: str, where: str
) -> tuple[list[Article], list[str]]:
    """Turn JSON objects with a ``text`` field into articles.

    ``records`` yields (record number, decoded value). Records without text are skipped with
    a warning naming ``where`` and the record number.
    """
    articles: list[Article] = []
    warnings: list[str] = []
    for number, record in records:
        if not isinstance(record, Mapping) or not isinstance(record.get("text"), str):
            warnings.append(
                f"{where}: record {number} skipped: expected an object with a string 'text' "
                "field; add one or remove the record"
            )
            continue
        meta = _metadata_from_mapping(record)
        doc_id = meta.doc_id or f"{default_id}-{number}"
        articles.append(_make_article(record["text"], meta, doc_id, where))
    return articles, warnings


def decode_bytes(data: bytes, where: str) -> tuple[str, str | None]:
    """Decode article bytes: UTF-8 (with or without BOM), else cp1252, else latin-1.

    Returns the text and a warning when a fallback encoding was used.
    Raises :class:`IngestError` for binary data.
    """
    head = data[:8192]
    if b"\x00" in head:
        raise IngestError(
            f"{where}: skipped: looks binary (it contains NUL bytes), not an article; "
            "remove it or convert it to text"
        )
    if head and sum(head.count(b) for b in _CONTROL_BYTES) > len(head) // 20:
        raise IngestError(
            f"{where}: skipped: looks binary (many control bytes), not an article; "
            "remove it or convert it to text"
        )
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    for encoding in ("cp1252", "latin-1"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text, f"{where}: not UTF-8; decoded as {encoding} (re-save it as UTF-8 to silence)"
    raise IngestError(f"{where}: cannot be decoded as text")  # pragma: no cover


def read_sidecar(path: Path) -> tuple[dict[str, Metadata], list[str]]:
    """Read a folder's ``sources.csv``: keys are file names and ids, values their metadata."""
    warnings: list[str] = []
    try:
        raw = path.read_bytes()
        text, warning = decode_bytes(raw, str(path))
    except (OSError, IngestError) as exc:
        return {}, [f"{path}: sidecar ignored: {exc}"]
    if warning:
        warnings.append(warning)
    try:
        return _parse_sidecar(path, text, warnings)
    except csv.Error as exc:
        return {}, [*warnings, f"{path}: sidecar ignored: malformed CSV ({exc}); fix the file"]


def _parse_sidecar(
    path: Path, text: str, warnings: list[str]
) -> tuple[dict[str, Metadata], list[str]]:
    table: dict[str, Metadata] = {}
    reader = csv.DictReader(io.StringIO(text))
    header = {(f or "").strip().lower() for f in reader.fieldnames or ()}
    if not {"file", "id"} & header:
        return {}, [
            *warnings,
            f"{path}: sidecar ignored: it needs a header row with a 'file' or 'id' column "
            "(and any of outlet, title, published, url)",
        ]
    for line_no, row in enumerate(reader, start=2):
        if None in row:
            warnings.append(f"{path}:{line_no}: row has more cells than the header; extra ignored")
        clean = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items() if k}
        key = clean.get("file") or clean.get("id")
        if not key:
            warnings.append(f"{path}:{line_no}: row skipped: no 'file' or 'id' value")
            continue
        if clean.get("published") and parse_date(clean["published"]) is None:
            warnings.append(
                f"{path}:{line_no}: published date {clean['published']!r} is not a date "
                "(use YYYY-MM-DD); ignored"
            )
        meta = _metadata_from_mapping({k: v for k, v in clean.items() if k != "id"})
        table[key] = meta
        if clean.get("id"):
            table[clean["id"]] = meta
    return table, warnings


def _discover(paths: Iterable[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in ARTICLE_SUFFIXES:
                    if any(part.startswith(".") for part in child.relative_to(path).parts):
                        continue
                    yield child
        else:
            yield path


def front_matter_problems(text: str, where: str) -> list[str]:
    """Warnings for front matter that is present but unusable (unclosed, or a bad date)."""
    body = text.lstrip("\ufeff")
    if not re.match(r"---[ \t]*\r?\n", body):
        return []
    match = _FRONT_MATTER.match(body)
    if not match:
        return [
            f"{where}: front matter not closed (no second '---' line); read as plain text; "
            "close it with a '---' line"
        ]
    problems = []
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        value = value.strip().strip("'\"")
        is_date_field = sep and key.strip().lower() in {"published", "date"}
        if is_date_field and value and parse_date(value) is None:
            problems.append(
                f"{where}: front matter {key.strip()}: {value!r} is not a date "
                "(use YYYY-MM-DD); ignored"
            )
    return problems


def _too_large(where: str, size: int, limit: int, hint: str) -> str:
    return (
        f"{where}: skipped: {size / 2**20:.1f} MiB is over the {limit // 2**20} MiB limit "
        f"for {hint}"
    )


def _iter_jsonl(path: Path, where: str, warnings: list[str]) -> Iterator[tuple[int, object]]:
    """Stream a JSONL file line by line (memory bounded by one line); warnings go to the list."""
    fallback_noted = False
    with path.open("rb") as handle:
        number = 0
        while True:
            line = handle.readline(MAX_ARTICLE_BYTES + 1)
            if not line:
                break
            number += 1
            if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
                size = len(line)
                while chunk := handle.readline(2**20):  # skip the rest of the runaway line
                    size += len(chunk)
                    if chunk.endswith(b"\n"):
                        break
                warnings.append(
                    _too_large(f"{where}: line {number}", size, MAX_ARTICLE_BYTES, "one article")
                )
                continue
            if not line.strip():
                continue
            try:
                text, warning = decode_bytes(line, where)
            except IngestError:
                warnings.append(f"{where}: line {number} skipped: binary data, not JSON")
                continue
            if warning and not fallback_noted:
                warnings.append(warning)
                fallback_noted = True
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                warnings.append(f"{where}: line {number} skipped: invalid JSON ({exc.msg})")
                continue
            except RecursionError:
                warnings.append(f"{where}: line {number} skipped: JSON nested too deeply")
                continue
            yield number, value


def read_file(path: Path, sidecar: Mapping[str, Metadata]) -> tuple[list[Article], list[str]]:
    """Read one article file (any supported format) into articles and warnings.

    Memory stays bounded: single articles over :data:`MAX_ARTICLE_BYTES` are skipped
    unread, and JSONL is streamed a line at a time.
    """
    where = str(path)
    size = path.stat().st_size
    suffix = path.suffix.lower()
    stem = path.stem
    if size == 0:
        return [], [f"{where}: skipped: the file is empty"]
    warnings: list[str] = []
    articles: list[Article]
    if suffix in {".jsonl", ".ndjson"}:
        articles, more = parse_json_records(_iter_jsonl(path, where, warnings), stem, where)
        warnings.extend(more)
    else:
        if suffix == ".json" and size > MAX_FILE_BYTES:
            return [], [_too_large(where, size, MAX_FILE_BYTES, "a .json file; use JSONL")]
        if suffix != ".json" and size > MAX_ARTICLE_BYTES:
            return [], [
                _too_large(where, size, MAX_ARTICLE_BYTES, "one article")
                + "; split it into articles (JSONL, one per line)"
            ]
        data = path.read_bytes()
        text, warning = decode_bytes(data, where)
        warnings = [warning] if warning else []
        if not text.strip():
            return [], [*warnings, f"{where}: skipped: the file holds only white space"]
        if suffix == ".json":
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                return [], [
                    *warnings,
                    f"{where}: skipped: invalid JSON ({exc.msg}, line {exc.lineno})",
                ]
            except RecursionError:
                return [], [*warnings, f"{where}: skipped: JSON nested too deeply"]
            items = value if isinstance(value, list) else [value]
            articles, more = parse_json_records(list(enumerate(items, start=1)), stem, where)
            warnings.extend(more)
        elif suffix in HTML_SUFFIXES:
            articles = [parse_html(text, stem, where)]
        else:
            warnings.extend(front_matter_problems(text, where))
            articles = [parse_plain_text(text, stem, where)]
    merged = []
    for article in articles:
        if not article.text.strip():
            warnings.append(f"{where}: {article.doc_id!r} skipped: no visible text")
            continue
        if len(article.text) > MAX_TEXT_CHARS:
            warnings.append(
                f"{where}: {article.doc_id!r} skipped: {len(article.text):,} characters is over "
                f"the limit of {MAX_TEXT_CHARS:,} for one article; split it into articles"
            )
            continue
        override = sidecar.get(path.name) or sidecar.get(article.doc_id)
        if override is not None:
            article = _apply_metadata(article, override)
        merged.append(article)
    return merged, warnings


def _apply_metadata(article: Article, meta: Metadata) -> Article:
    return replace(
        article,
        title=meta.title or article.title,
        outlet=meta.outlet or article.outlet,
        published=meta.published or article.published,
        url=meta.url or article.url,
    )


def read_articles(paths: Iterable[str | Path]) -> IngestResult:
    """Read every article under ``paths`` (files, or folders searched recursively).

    Unreadable or unsuitable files are skipped with a warning; a path that does not exist is
    a user error.

    Raises
    ------
    IngestError
        A path does not exist, or a folder holds no article files.
    """
    roots = [Path(p) for p in paths]
    for root in roots:
        if not root.exists():
            raise IngestError(
                f"{root}: no such file or folder; pass article files or folders "
                "(mapper build PATH...), or run from the folder that holds seeds/"
            )
    files = list(dict.fromkeys(_discover(roots)))
    if not files:
        raise IngestError(
            f"{', '.join(str(r) for r in roots)}: no article files found (looked for "
            f"{', '.join(sorted(ARTICLE_SUFFIXES))}); add articles or point at another folder"
        )
    sidecars: dict[Path, dict[str, Metadata]] = {}
    articles: list[Article] = []
    warnings: list[str] = []
    skipped = 0
    for path in files:
        folder = path.parent
        if folder not in sidecars:
            sidecar_path = folder / SIDECAR_NAME
            table: dict[str, Metadata] = {}
            if sidecar_path.is_file():
                table, more = read_sidecar(sidecar_path)
                warnings.extend(more)
            sidecars[folder] = table
        try:
            found, more = read_file(path, sidecars[folder])
        except IngestError as exc:
            warnings.append(str(exc))
            skipped += 1
            continue
        except OSError as exc:
            warnings.append(f"{path}: skipped: cannot be read ({exc.strerror or exc})")
            skipped += 1
            continue
        articles.extend(found)
        warnings.extend(more)
        skipped += not found
    return IngestResult(
        articles=tuple(_unique_ids(articles, warnings)),
        warnings=tuple(warnings),
        files_read=len(files) - skipped,
        files_skipped=skipped,
    )


def _unique_ids(articles: list[Article], warnings: list[str]) -> list[Article]:
    """Keep doc ids unique: a repeated id gets a ``~2`` suffix, with a warning."""
    seen: dict[str, int] = {}
    result: list[Article] = []
    for article in articles:
        count = seen.get(article.doc_id, 0) + 1
        seen[article.doc_id] = count
        if count > 1:
            new_id = f"{article.doc_id}~{count}"
            warnings.append(
                f"{article.path}: doc id {article.doc_id!r} is used twice; renamed to {new_id!r}"
            )
            article = replace(article, doc_id=new_id)
        result.append(article)
    return result
