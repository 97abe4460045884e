"""Event mentions across articles -> :class:`~mapper.models.Incident` s with sources and links.

A first version: mentions merge when their type, date and place agree; every article gives
one source per incident. The incident issue adds coreference scoring and retaliation links.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence

from mapper.geo import haversine_km
from mapper.models import Article, EventMention, Incident, Source

MERGE_DISTANCE_KM = 50.0


def _compatible(a: EventMention, b: EventMention) -> bool:
    if a.event_type != b.event_type or a.lat is None or b.lat is None:
        return False
    if a.date_start and b.date_start and abs((a.date_start - b.date_start).days) > 1:
        return False
    assert a.lon is not None and b.lon is not None
    limit = MERGE_DISTANCE_KM + a.uncertainty_km + b.uncertainty_km
    return haversine_km((a.lat, a.lon), (b.lat, b.lon)) <= limit


def incident_id(members: Sequence[EventMention]) -> str:
    """A stable id from the incident's type, date and first source (not from list order)."""
    first = min(members, key=lambda m: (m.doc_id, m.start))
    key = f"{first.event_type}|{first.date_start}|{first.doc_id}|{first.start}"
    return "inc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def link_incidents(
    events: Sequence[EventMention], articles: Mapping[str, Article]
) -> tuple[Incident, ...]:
    """Merge event mentions of the same real event into incidents, sorted by date and id."""
    clusters: list[list[EventMention]] = []
    for event in sorted(events, key=lambda e: (e.doc_id, e.start)):
        if event.lat is None or event.lon is None:
            continue
        for cluster in clusters:
            if _compatible(cluster[0], event):
                cluster.append(event)
                break
        else:
            clusters.append([event])
    incidents = [_incident(cluster, articles) for cluster in clusters]
    incidents.sort(key=lambda i: (str(i.date_start or ""), i.id))
    return tuple(incidents)


def _incident(cluster: list[EventMention], articles: Mapping[str, Article]) -> Incident:
    head = cluster[0]
    assert head.lat is not None and head.lon is not None
    by_doc: dict[str, EventMention] = {}
    for event in cluster:
        by_doc.setdefault(event.doc_id, event)
    sources = []
    for doc_id, event in sorted(by_doc.items()):
        article = articles[doc_id]
        sources.append(
            Source(
                doc_id=doc_id,
                outlet=article.outlet,
                title=article.title,
                published=article.published,
                quote=event.quote,
                start=event.start,
                end=event.end,
                url=article.url,
                location_raw=event.location_raw,
                fatalities_low=event.fatalities_low,
                fatalities_high=event.fatalities_high,
            )
        )
    lows = [e.fatalities_low for e in cluster if e.fatalities_low is not None]
    highs = [e.fatalities_high for e in cluster if e.fatalities_high is not None]
    return Incident(
        id=incident_id(cluster),
        event_type=head.event_type,
        date_start=head.date_start,
        date_end=head.date_end,
        time_precision=head.time_precision,
        location=head.location,
        location_raw=tuple(sorted({raw for e in cluster for raw in e.location_raw})),
        country_code=head.country_code,
        lat=head.lat,
        lon=head.lon,
        geo_precision=head.geo_precision,
        uncertainty_km=head.uncertainty_km,
        actors=tuple(sorted({a for e in cluster for a in e.actors})),
        fatalities_low=min(lows) if lows else None,
        fatalities_high=max(highs) if highs else None,
        sources=tuple(sources),
    )
