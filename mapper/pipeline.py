"""Orchestrates the stages: ingest -> geoparse -> events -> linking -> export/render.

Two stage kinds: the per-article stages (:func:`process_article`: pure, cached, run by an
engine from :mod:`mapper.engines`) and the cross-article stages (linking, then the writers),
which run here on the whole corpus. Outputs go through :mod:`mapper.outputs`: all or nothing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapper.engines import validate_options
from mapper.errors import StrictModeError
from mapper.export import (
    IncidentTexts,
    incident_digest,
    write_csv,
    write_geojson,
    write_gpkg,
    write_kml,
)
from mapper.ingest import read_articles
from mapper.linking import link_incidents
from mapper.models import Article, ArticleResult, BuildResult, Incident
from mapper.render import write_map

if TYPE_CHECKING:
    from mapper.gazetteer import Gazetteer

HOLD_BEFORE_SWAP_ENV = "MAPPER_TEST_HOLD_BEFORE_SWAP"
"""Test hook: when set to a file path, a build touches that file once every output is
staged, then waits (so a test can kill it at the worst moment)."""

StageProgress = Callable[[str, int, int], None]
"""Called as ``(stage, done, total)`` while a build runs."""

Writer = Callable[[Path, BuildResult], Path]


def _geojson(path: Path, result: BuildResult) -> Path:
    return write_geojson(path, result.incidents)


def _csv(path: Path, result: BuildResult) -> Path:
    return write_csv(path, result.incidents)


def _gpkg(path: Path, result: BuildResult) -> Path:
    return write_gpkg(path, result.incidents, result.mentions)


def _kml(path: Path, result: BuildResult) -> Path:
    return write_kml(path, result.incidents)


def _map(path: Path, result: BuildResult) -> Path:
    return write_map(path, result.incidents, result.articles, result.mentions)


OUTPUT_WRITERS: tuple[tuple[str, Writer], ...] = (
    ("incidents.geojson", _geojson),
    ("incidents.csv", _csv),
    ("incidents.gpkg", _gpkg),
    ("incidents.kml", _kml),
    ("index.html", _map),
)
"""Every file a build writes, by name inside ``--out``.

Each writer gets its path inside the staging folder, a sibling of ``--out`` (so paths made
relative to the folder's parent stay right) and must not depend on the folder's own name.
"""


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cycle collector for a block that creates many acyclic records.

    Decoding cached results, linking and writing make millions of small objects that never
    form cycles; the collector's repeated passes over them cost about a third of the time
    at 10k articles and more as the heap grows. Plain reference counting still frees them.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


_STANDARD_WRITERS = dict(OUTPUT_WRITERS)
"""The writers whose outputs :class:`OutputReuse` may keep (not ones added later)."""


def process_article(article: Article, gazetteer: Gazetteer) -> ArticleResult:
    """Run the per-article stages (geoparse, events) on one article."""
    # imported on first use: a rebuild whose results all come from the cache never needs
    # the geoparser or the event stages (a tenth of a second of imports)
    from mapper.events import extract_events, facility_lookup
    from mapper.geoparse import find_mentions

    mentions = find_mentions(article.doc_id, article.text, gazetteer)
    events = extract_events(article, mentions, facility_lookup(gazetteer))
    return ArticleResult(article=article, mentions=mentions, events=events)


def link_results(results: Sequence[ArticleResult]) -> tuple[Incident, ...]:
    """The cross-article stage: event mentions of every article -> incidents."""
    by_id = {r.article.doc_id: r.article for r in results}
    return link_incidents([e for r in results for e in r.events], by_id)


def analyse_articles(
    articles: Sequence[Article], gazetteer: Gazetteer | None = None
) -> BuildResult:
    """Turn articles into incidents (no I/O)."""
    from mapper.gazetteer import load_gazetteer

    gazetteer = gazetteer or load_gazetteer()
    results = [process_article(article, gazetteer) for article in articles]
    return BuildResult(
        articles=tuple(articles),
        mentions=tuple(m for r in results for m in r.mentions),
        incidents=link_results(results),
    )


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """How to run a build (the ``build`` command's options)."""

    jobs: int = 1
    engine: str = "local"
    scheduler: str | None = None
    use_cache: bool = True
    strict: bool = False


@dataclass(frozen=True, slots=True)
class BuildStats:
    """Counts and stage timings (seconds) of one build."""

    files_read: int = 0
    files_skipped: int = 0
    articles: int = 0
    processed: int = 0
    cached: int = 0
    incidents: int = 0
    timings: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class BuildOutputs:
    """What a build wrote, and what it had to say."""

    result: BuildResult
    files: tuple[Path, ...]
    warnings: tuple[str, ...]
    stats: BuildStats = field(default_factory=BuildStats)


def article_keys(articles: Sequence[Article]) -> list[str]:
    """Every article's cache key (its fields, our code and the gazetteer's version)."""
    from mapper.cache import article_key, pipeline_version

    version = pipeline_version()
    return [article_key(article, version) for article in articles]


def run_article_stages(
    articles: Sequence[Article],
    options: BuildOptions,
    cache_dir: Path | None,
    progress: StageProgress | None = None,
    keys: Sequence[str] | None = None,
) -> tuple[list[ArticleResult], int]:
    """Per-article results in input order, from the cache or an engine; and the cache hits.

    ``keys``: the articles' :func:`article_keys`, when the caller has them already.
    """
    from mapper.cache import ResultCache
    from mapper.engines import run_per_article

    cache = ResultCache(cache_dir) if cache_dir is not None else None
    try:
        hits: dict[str, ArticleResult] = {}
        if cache is None:
            keys = []
        elif keys is None:
            keys = article_keys(articles)
        if cache is not None:
            with gc_paused():
                hits = cache.get_many(list(zip(keys, articles, strict=True)))
        missing = [i for i in range(len(articles)) if not keys or keys[i] not in hits]
        total = len(articles)
        done = total - len(missing)
        if progress:
            progress("analyse", done, total)

        def advance(count: int) -> None:
            nonlocal done
            done += count
            if progress:
                progress("analyse", done, total)

        computed = run_per_article(
            [articles[i] for i in missing],
            engine=options.engine,
            jobs=options.jobs,
            scheduler=options.scheduler,
            on_progress=advance,
        )
        if cache is not None and computed:
            cache.put_many((keys[i], result) for i, result in zip(missing, computed, strict=True))
    finally:
        if cache is not None:
            cache.close()
    by_index = dict(zip(missing, computed, strict=True))
    results = [by_index[i] if i in by_index else hits[keys[i]] for i in range(len(articles))]
    return results, len(articles) - len(missing)


def cached_base_map(incidents: Sequence[Incident], cache_dir: Path | None) -> str:
    """The map's base layer for ``incidents`` as page JSON, from the cache when their places
    are the same.

    It costs seconds and depends only on the set of incident points, which adding an article
    rarely changes. It is kept as the text the page embeds, so a build neither parses nor
    writes it again.
    """
    from mapper.render.basemap import base_map_data, base_map_key
    from mapper.render.payload import embed_json

    points = [(i.lat, i.lon) for i in incidents]
    if cache_dir is None:
        return embed_json(base_map_data(points))
    from mapper.cache import ResultCache, code_fingerprint

    key = f"{base_map_key(points)}-{code_fingerprint()}"
    cache = ResultCache(cache_dir)
    try:
        data = cache.get_artifact("base_map", key)
        if not isinstance(data, str):
            data = embed_json(base_map_data(points))
            cache.put_artifact("base_map", key, data)
    finally:
        cache.close()
    return data


def write_outputs(
    folder: Path,
    result: BuildResult,
    base_map: Mapping[str, Any] | str | None = None,
    reuse: OutputReuse | None = None,
    memo: IncidentTexts | None = None,
) -> tuple[Path, ...]:
    """Run every writer of :data:`OUTPUT_WRITERS` into ``folder``.

    ``base_map``: the map's base layer when known already (see :func:`cached_base_map`).
    ``reuse``: keeps the previous build's file instead of writing one whose inputs did not
    change (see :class:`OutputReuse`).
    ``memo``: the previous build's text of each unchanged incident, for every writer but
    the GeoPackage's mentions (see :func:`cached_incident_texts`).
    """
    written = []
    for name, writer in OUTPUT_WRITERS:
        path = folder / name
        standard = _STANDARD_WRITERS.get(name) is writer
        if standard and reuse is not None and reuse.restore(name, path):
            written.append(path)
            continue
        if writer is _map and (base_map is not None or memo is not None):
            write_map(path, result.incidents, result.articles, result.mentions, base_map, memo)
        elif writer is _gpkg and standard and memo is not None:
            write_gpkg(path, result.incidents, result.mentions, memo)
        elif standard and memo is not None and writer in _MEMO_WRITERS:
            _MEMO_WRITERS[writer](path, result.incidents, memo)
        else:
            writer(path, result)
        written.append(path)
        if standard and reuse is not None:
            reuse.remember(name, path)
    return tuple(written)


_MEMO_WRITERS: dict[Writer, Callable[[Path, Sequence[Incident], IncidentTexts], Path]] = {
    _geojson: write_geojson,
    _csv: write_csv,
    _kml: write_kml,
}


def _incident_texts_key() -> str:
    import sys

    from mapper.cache import code_fingerprint

    # the texts depend on our code and on the standard library's json and csv
    return _digest(code_fingerprint(), sys.version)[:32]


def cached_incident_texts(cache_dir: Path, digests: dict[int, str]) -> IncidentTexts:
    """The previous builds' per-incident texts (see :class:`~mapper.export.IncidentTexts`)."""
    from mapper.cache import ResultCache

    cache = ResultCache(cache_dir)
    try:
        previous = cache.get_texts(_incident_texts_key())
    finally:
        cache.close()
    return IncidentTexts(previous, digests)


def save_incident_texts(cache_dir: Path, memo: IncidentTexts) -> None:
    """Add this build's new per-incident texts to the cache, for the next build.

    Texts of incidents that are gone stay until they outnumber the live ones; then only the
    live ones are kept (so the cache stays within a few times the size of one build's texts).
    """
    from mapper.cache import ResultCache

    new = {k: v for k, v in memo.current.items() if k not in memo.previous}
    if not new:
        return
    live = set(memo.digests.values())
    kept = {k: v for k, v in memo.previous.items() if k.partition(":")[2] in live}
    stale = len(memo.previous) - len(kept)
    replace_all = not memo.previous or stale > len(kept) + len(new)
    cache = ResultCache(cache_dir)
    try:
        if replace_all:
            cache.put_texts(_incident_texts_key(), {**kept, **memo.current}, replace_all=True)
        else:
            cache.put_texts(_incident_texts_key(), new)
    finally:
        cache.close()


def _digest(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


class OutputReuse:
    """Keeps an output file of the previous build when what it is made from is unchanged.

    Every file is a pure function of some of the build's records (the data files of the
    incidents; the GeoPackage also of the mentions; the map also of the articles' ids, URLs
    and paths, and of where it is written), of our code and of the libraries that write it.
    A hash of these is kept in the cache with the file's size and modification time; when
    the hash matches and the file in ``--out`` still has that size and time, it is linked
    into the staging folder instead of being written again.

    Parameters
    ----------
    out_dir
        The live output folder (the previous build's files).
    cache_dir
        The result cache's folder.
    result
        This build's records.
    staging
        This build's staging folder (the map's links are relative to its parent).
    keys
        The articles' cache keys, in input order (:func:`article_keys`).
    incident_digests
        :func:`~mapper.export.incident_digest` of each incident in order, when known (they
        stand for the incidents and cost less to hash).
    """

    def __init__(
        self,
        out_dir: Path,
        cache_dir: Path,
        result: BuildResult,
        staging: Path,
        keys: Sequence[str],
        incident_digests: Sequence[str] | None = None,
    ) -> None:
        from importlib import metadata

        from mapper.cache import ResultCache, code_fingerprint

        self.out_dir = out_dir
        self.cache_dir = cache_dir
        import sqlite3

        versions = [f"sqlite={sqlite3.sqlite_version}"]  # the GeoPackage's file format
        for package in ("pyogrio", "shapely", "pandas", "numpy", "xstatic-leaflet"):
            try:
                versions.append(f"{package}={metadata.version(package)}")
            except metadata.PackageNotFoundError:
                versions.append(f"{package} missing")
        base = (code_fingerprint(), versions)
        if incident_digests is None:
            incidents = _digest(base, result.incidents)
        else:
            incidents = _digest(base, "digests", incident_digests)
        # The article keys cover every field of every article and the version of the
        # per-article stages, so they stand for the mentions too (hashing those costs more).
        articles = _digest(base, keys)
        place = _digest(
            str(staging.parent.resolve()),
            os.getcwd(),  # relative article paths are resolved against it
        )
        self._restored: set[str] = set()
        self._written: dict[str, dict[str, Any]] = {}
        self._stored: dict[str, dict[str, Any]] = {}
        cache = ResultCache(cache_dir)
        try:
            stored = cache.get_artifact("outputs", "latest")
        finally:
            cache.close()
        if isinstance(stored, dict):
            self._stored = {k: v for k, v in stored.items() if isinstance(v, dict)}
        self.keys = {
            "incidents.geojson": incidents,
            "incidents.csv": incidents,
            "incidents.kml": incidents,
            "incidents.gpkg": _digest(incidents, articles),
            "index.html": _digest(incidents, articles, place),
        }

    def restore(self, name: str, target: Path) -> bool:
        """Link the previous ``name`` to ``target`` if it is still right; ``True`` if done."""
        if name in self._restored:
            return True
        key = self.keys.get(name)
        stored = self._stored.get(name)
        previous = self.out_dir / name
        if key is None or stored is None or stored.get("key") != key:
            return False
        if not previous.is_file() or previous.is_symlink():
            return False
        status = previous.stat()
        if [status.st_size, status.st_mtime_ns] != [stored.get("size"), stored.get("mtime_ns")]:
            return False
        try:
            os.link(previous, target)
        except OSError:
            shutil.copy2(previous, target)
        self._restored.add(name)
        return True

    def remember(self, name: str, path: Path) -> None:
        """Note that ``path`` (just written) is the file for this build's inputs."""
        key = self.keys.get(name)
        if key is not None:
            status = path.stat()
            self._written[name] = {
                "key": key,
                "size": status.st_size,
                "mtime_ns": status.st_mtime_ns,
            }

    def save(self) -> None:
        """Store what :meth:`remember` noted (in the cache, for the next build)."""
        if not self._written:
            return
        from mapper.cache import ResultCache

        cache = ResultCache(self.cache_dir)
        try:
            cache.put_artifact("outputs", "latest", {**self._stored, **self._written})
        finally:
            cache.close()


def build(
    paths: Iterable[str | Path],
    out_dir: Path,
    options: BuildOptions | None = None,
    progress: StageProgress | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> BuildOutputs:
    """Read articles under ``paths`` and write the map and data files into ``out_dir``.

    Every file is staged and swapped in only when the whole build succeeded. Each warning
    goes to ``on_warning`` as soon as it is known (before a strict failure, too), and all of
    them are in the result.

    Raises
    ------
    StrictModeError
        ``options.strict`` and ingest warned; nothing is written.
    """
    from mapper.outputs import CACHE_DIR_NAME, output_transaction

    options = options or BuildOptions()
    timings: list[tuple[str, float]] = []
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings.append((stage, now - clock))
        clock = now

    validate_options(options.engine, options.jobs, options.scheduler)
    ingested = read_articles(paths)
    lap("ingest")
    if on_warning:
        for warning in ingested.warnings:
            on_warning(warning)
    if options.strict and ingested.warnings:
        raise StrictModeError(
            f"--strict: {len(ingested.warnings)} warning(s) (listed above); fix the inputs or "
            "drop --strict; no output was written"
        )
    with output_transaction(out_dir) as staging:
        # A first build keeps its cache in the staging folder, so a failed first build
        # leaves no trace; later builds use (and keep filling) the live --out/.cache.
        cache_root = out_dir if out_dir.is_dir() else staging
        cache_dir = cache_root / CACHE_DIR_NAME if options.use_cache else None
        keys = article_keys(ingested.articles) if cache_dir is not None else None
        results, cached = run_article_stages(ingested.articles, options, cache_dir, progress, keys)
        lap("analyse")
        with gc_paused():
            incidents = link_results(results)
        lap("link")
        result = BuildResult(
            articles=ingested.articles,
            mentions=tuple(m for r in results for m in r.mentions),
            incidents=incidents,
            warnings=ingested.warnings,
        )
        reuse = None
        memo = None
        if cache_dir is not None and keys is not None:
            digests = [incident_digest(i) for i in incidents]
            reuse = OutputReuse(out_dir, cache_dir, result, staging, keys, digests)
            # the texts are loaded only when one of their files cannot be kept
            writers = dict(OUTPUT_WRITERS)
            texts = [
                name
                for name, writer in writers.items()
                if writer in _MEMO_WRITERS or writer in (_map, _gpkg)
            ]
            if not all(
                _STANDARD_WRITERS.get(name) is writers[name] and reuse.restore(name, staging / name)
                for name in texts
            ):
                memo = cached_incident_texts(
                    cache_dir, {id(i): d for i, d in zip(incidents, digests, strict=True)}
                )
        base_map = None
        if reuse is None or not reuse.restore("index.html", staging / "index.html"):
            base_map = cached_base_map(incidents, cache_dir)
        with gc_paused():
            staged = write_outputs(staging, result, base_map, reuse, memo)
        if reuse is not None:
            reuse.save()
        if memo is not None and cache_dir is not None:
            save_incident_texts(cache_dir, memo)
        _hold_for_tests(staging)
    files = tuple(out_dir / path.relative_to(staging) for path in staged)
    lap("write")
    stats = BuildStats(
        files_read=ingested.files_read,
        files_skipped=ingested.files_skipped,
        articles=len(ingested.articles),
        processed=len(results) - cached,
        cached=cached,
        incidents=len(incidents),
        timings=tuple(timings),
    )
    return BuildOutputs(result=result, files=files, warnings=ingested.warnings, stats=stats)


def _hold_for_tests(staging: Path) -> None:
    marker = os.environ.get(HOLD_BEFORE_SWAP_ENV)
    if marker:
        Path(marker).write_text(str(staging), encoding="utf-8")
        time.sleep(60)
