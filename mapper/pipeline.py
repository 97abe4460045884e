"""Orchestrates the stages: ingest -> geoparse -> events -> linking -> export/render."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mapper.events import extract_events, facility_lookup
from mapper.export import write_csv, write_geojson, write_gpkg, write_kml
from mapper.gazetteer import Gazetteer, load_gazetteer
from mapper.geoparse import find_mentions
from mapper.ingest import read_articles
from mapper.linking import link_incidents
from mapper.models import Article, ArticleResult, BuildResult
from mapper.render import write_map


def process_article(article: Article, gazetteer: Gazetteer) -> ArticleResult:
    """Run the per-article stages (geoparse, events) on one article."""
    mentions = find_mentions(article.doc_id, article.text, gazetteer)
    events = extract_events(article, mentions, facility_lookup(gazetteer))
    return ArticleResult(article=article, mentions=mentions, events=events)


def analyse_articles(
    articles: Sequence[Article], gazetteer: Gazetteer | None = None
) -> BuildResult:
    """Turn articles into incidents (no I/O)."""
    gazetteer = gazetteer or load_gazetteer()
    results = [process_article(article, gazetteer) for article in articles]
    by_id = {r.article.doc_id: r.article for r in results}
    incidents = link_incidents([e for r in results for e in r.events], by_id)
    return BuildResult(
        articles=tuple(articles),
        mentions=tuple(m for r in results for m in r.mentions),
        incidents=incidents,
    )


@dataclass(frozen=True, slots=True)
class BuildOutputs:
    """What a build wrote, and what it had to say."""

    result: BuildResult
    files: tuple[Path, ...]
    warnings: tuple[str, ...]


def build(paths: Iterable[str | Path], out_dir: Path) -> BuildOutputs:
    """Read articles under ``paths`` and write the map and data files into ``out_dir``."""
    ingested = read_articles(paths)
    result = analyse_articles(ingested.articles)
    files = (
        write_geojson(out_dir / "incidents.geojson", result.incidents),
        write_csv(out_dir / "incidents.csv", result.incidents),
        write_gpkg(out_dir / "incidents.gpkg", result.incidents, result.mentions),
        write_kml(out_dir / "incidents.kml", result.incidents),
        write_map(out_dir / "index.html", result.incidents, result.articles, result.mentions),
    )
    return BuildOutputs(result=result, files=files, warnings=ingested.warnings)
