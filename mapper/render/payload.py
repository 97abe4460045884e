"""Incidents, articles and mentions -> the data the map page embeds (pure, no I/O).

The page gets plain JSON and builds every popup with DOM text nodes, so no article string is
ever parsed as HTML. :func:`embed_json` makes the JSON safe inside a ``<script>`` element.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mapper.models import Article, Incident, Mention
from mapper.records import incident_properties
from mapper.symbology import type_style

MONTH_UNDATED = "undated"


def safe_href(url: str | None, article_path: str | None, out_dir: Path | None) -> str | None:
    """Where a source's "open article" link points: an http(s) URL, else the local file.

    Anything else (``javascript:``, ``data:``...) is dropped: articles are untrusted input.
    The local file is given relative to the output folder so the folder can be moved along
    with the articles.
    """
    if url:
        parts = urlsplit(url.strip())
        if parts.scheme in {"http", "https"} and parts.netloc:
            return url.strip()
    if article_path:
        path = Path(article_path)
        if out_dir is not None:
            try:
                rel = os.path.relpath(path.resolve(), out_dir.resolve())
                return Path(rel).as_posix()
            except ValueError:  # another drive on Windows
                pass
        return path.resolve().as_uri() if path.is_absolute() else path.as_posix()
    return None


def month_of(incident: Incident) -> str:
    """``YYYY-MM`` of the incident's first day, or ``undated``."""
    return incident.date_start.strftime("%Y-%m") if incident.date_start else MONTH_UNDATED


def mention_places(mentions: Sequence[Mention]) -> list[dict[str, Any]]:
    """Resolved mentions grouped by place: name, position, spellings, documents, count."""
    groups: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.place is not None:
            groups[mention.place.place_id].append(mention)
    places = []
    for place_id in sorted(groups):
        group = groups[place_id]
        place = group[0].place
        assert place is not None
        places.append(
            {
                "name": place.name,
                "lat": round(place.lat, 5),
                "lon": round(place.lon, 5),
                "count": len(group),
                "written": sorted({m.surface for m in group}),
                "docs": sorted({m.doc_id for m in group}),
            }
        )
    return places


def page_payload(
    incidents: Sequence[Incident],
    articles: Sequence[Article] = (),
    mentions: Sequence[Mention] = (),
    out_dir: Path | None = None,
    base_map: Mapping[str, Any] | None = None,
    title: str = "Incident map",
) -> dict[str, Any]:
    """Everything the page needs, JSON-ready and deterministic."""
    by_doc = {a.doc_id: a for a in articles}
    # Many sources share an article file; resolving each path once saves seconds at 10k.
    hrefs: dict[tuple[str | None, str | None], str | None] = {}
    rows = []
    for incident in incidents:
        props = incident_properties(incident)
        props["month"] = month_of(incident)
        for source, record in zip(incident.sources, props["sources"], strict=True):
            article = by_doc.get(source.doc_id)
            link = (
                source.url or (article.url if article else None),
                article.path if article else None,
            )
            if link not in hrefs:
                hrefs[link] = safe_href(link[0], link[1], out_dir)
            record["href"] = hrefs[link]
        rows.append(props)
    type_counts = Counter(i.event_type for i in incidents)
    types = [
        {
            "key": key,
            "label": type_style(key).label,
            "color": type_style(key).color,
            "shape": type_style(key).shape,
            "count": type_counts[key],
        }
        for key in sorted(type_counts, key=lambda k: (-type_counts[k], k))
    ]
    outlet_counts = Counter(o for i in incidents for o in {s.outlet for s in i.sources})
    dates = sorted(
        d.isoformat() for i in incidents for d in (i.date_start, i.date_end) if d is not None
    )
    doc_ids = {s.doc_id for i in incidents for s in i.sources}
    return {
        "title": title,
        "meta": {
            "incidents": len(incidents),
            "articles": len(articles) if articles else len(doc_ids),
            "articles_cited": len(doc_ids),
            "date_min": dates[0] if dates else None,
            "date_max": dates[-1] if dates else None,
        },
        "types": types,
        "months": sorted(Counter(month_of(i) for i in incidents).items()),
        "outlets": sorted(outlet_counts.items(), key=lambda kv: (-kv[1], kv[0])),
        "incidents": rows,
        "mentions": mention_places(mentions),
        "base": dict(base_map) if base_map is not None else None,
    }


def embed_json(value: Any) -> str:
    """JSON text that is safe inside ``<script type="application/json">``.

    ``<``, ``>`` and ``&`` become ``\\u003c`` ..., so ``</script>`` and ``<!--`` cannot occur;
    U+2028/U+2029 are escaped for older JavaScript parsers. Keys are sorted for stable bytes.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
