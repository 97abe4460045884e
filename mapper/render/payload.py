"""Incidents, articles and mentions -> the data the map page embeds (pure, no I/O).

The page gets plain JSON and builds every popup with DOM text nodes, so no article string is
ever parsed as HTML. :func:`embed_json` makes the JSON safe inside a ``<script>`` element.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mapper.export import IncidentTexts
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


def _hrefs(
    incident: Incident,
    by_doc: Mapping[str, Article],
    out_dir: Path | None,
    known: dict[tuple[str | None, str | None], str | None],
) -> list[str | None]:
    """Each source's "open article" link (see :func:`safe_href`), in source order."""
    found = []
    for source in incident.sources:
        article = by_doc.get(source.doc_id)
        link = (source.url or (article.url if article else None), article.path if article else None)
        if link not in known:
            # Many sources share an article file; resolving each path once saves seconds.
            known[link] = safe_href(link[0], link[1], out_dir)
        found.append(known[link])
    return found


def incident_row(incident: Incident, hrefs: Sequence[str | None]) -> dict[str, Any]:
    """One incident as the page gets it: its properties, month and source links."""
    props = incident_properties(incident)
    props["month"] = month_of(incident)
    for record, href in zip(props["sources"], hrefs, strict=True):
        record["href"] = href
    return props


def _summary(
    incidents: Sequence[Incident],
    articles: Sequence[Article],
    mentions: Sequence[Mention],
    title: str,
) -> dict[str, Any]:
    """Every part of the payload but the incidents' rows and the base map."""
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
        "mentions": mention_places(mentions),
    }


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
    known: dict[tuple[str | None, str | None], str | None] = {}
    rows = [incident_row(i, _hrefs(i, by_doc, out_dir, known)) for i in incidents]
    return {
        **_summary(incidents, articles, mentions, title),
        "incidents": rows,
        "base": dict(base_map) if base_map is not None else None,
    }


def _row_maker(hrefs: Sequence[str | None]) -> Callable[[Incident], str]:
    return lambda incident: embed_json(incident_row(incident, hrefs))


def page_json(
    incidents: Sequence[Incident],
    articles: Sequence[Article] = (),
    mentions: Sequence[Mention] = (),
    out_dir: Path | None = None,
    base_json: str = "null",
    title: str = "Incident map",
    memo: IncidentTexts | None = None,
) -> str:
    """:func:`embed_json` of :func:`page_payload`, assembled from pieces.

    ``base_json`` is the base map as :func:`embed_json` text (kept as text in the cache);
    ``memo`` reuses the text of each unchanged incident's row. Compact JSON of an object is
    its members' JSON joined in key order, so the result is the same text.
    """
    by_doc = {a.doc_id: a for a in articles}
    known: dict[tuple[str | None, str | None], str | None] = {}
    rows = []
    for incident in incidents:
        hrefs = _hrefs(incident, by_doc, out_dir, known)
        if memo is None:
            rows.append(embed_json(incident_row(incident, hrefs)))
            continue
        # the row also depends on where its links point: that goes into the memo's key
        where = hashlib.sha256(repr(hrefs).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        rows.append(memo.text(f"map.{where}", incident, _row_maker(hrefs)))
    members = {
        key: embed_json(value)
        for key, value in _summary(incidents, articles, mentions, title).items()
    }
    members["incidents"] = "[" + ",".join(rows) + "]"
    members["base"] = base_json
    return "{" + ",".join(f"{embed_json(key)}:{members[key]}" for key in sorted(members)) + "}"


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
