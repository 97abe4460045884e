"""Event mentions across articles -> :class:`~mapper.models.Incident` s with sources and links.

Coreference: two reports are one incident when their types are compatible, their dates overlap
(one day of slack for time zones), their sites are within their combined uncertainty, and they
come from different articles (one source per article). Candidates are blocked by event family,
month and a 2-degree grid cell, so linking never compares all pairs. Precise reports seed the
incidents; vaguer ones ("in Syria", "earlier this month") join the one they fit best; a report
without a site joins only when exactly one incident fits it.

Links: each event's in-article links (``retaliation_for``, ``follows``) are lifted to the
incidents that hold the two events.
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from mapper.events import types_compatible
from mapper.geo import haversine_km
from mapper.models import (
    GEO_PRECISION_NEAR,
    Article,
    EventMention,
    Incident,
    Link,
    Source,
    TimePrecision,
)

SITE_SLACK_KM = 10.0
"""Two reports' sites match when closer than this plus both uncertainties."""
DATE_SLACK = timedelta(days=1)
"""Reports a day apart can be one event (time zones, "Thursday night" vs "early Friday")."""
CELL_DEGREES = 2.0
MAX_BLOCKS = 400
"""A report that would touch more blocks than this (a year, a continent) is checked linearly."""

_FAMILY = {
    "airstrike": "air", "drone_strike": "air", "missile_attack": "air",
    "bombing": "bomb", "car_bombing": "bomb", "suicide_bombing": "bomb", "ied": "bomb",
}  # fmt: skip
_PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


def _family(event_type: str) -> str:
    return _FAMILY.get(event_type, event_type)


@dataclass(slots=True)
class _Cluster:
    members: list[EventMention] = field(default_factory=list)

    @property
    def head(self) -> EventMention:
        return self.members[0]

    def docs(self) -> set[str]:
        return {m.doc_id for m in self.members}


def _range(event: EventMention) -> tuple[date, date] | None:
    if event.date_start is None:
        return None
    return event.date_start, event.date_end or event.date_start


def _dates_fit(a: EventMention, b: EventMention) -> bool:
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return True
    return ra[0] - DATE_SLACK <= rb[1] and rb[0] - DATE_SLACK <= ra[1]


def _distance(a: EventMention, b: EventMention) -> float:
    assert a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None
    return haversine_km((a.lat, a.lon), (b.lat, b.lon))


def _sites_fit(a: EventMention, b: EventMention) -> bool:
    if a.lat is None or b.lat is None:
        return True
    undated = a.date_start is None or b.date_start is None
    country_wide = any(e.geo_precision == 3 and e.uncertainty_km >= 200.0 for e in (a, b))
    if country_wide and a.country_code == b.country_code:
        # A region holds its places, but only dates can tell which of them an undated
        # regional report means.
        return not undated
    return _distance(a, b) <= SITE_SLACK_KM + a.uncertainty_km + b.uncertainty_km


def _fits(cluster: _Cluster, event: EventMention) -> bool:
    if event.doc_id in cluster.docs():
        return False
    if event.date_start is None and event.event_type == "other":
        return False  # an undated "attack" could be any of them
    return all(
        types_compatible(m.event_type, event.event_type)
        and _dates_fit(m, event)
        and _sites_fit(m, event)
        for m in cluster.members
    )


def _months(event: EventMention) -> list[tuple[int, int]] | None:
    span = _range(event)
    if span is None:
        return None
    first, last = span[0] - DATE_SLACK, span[1] + DATE_SLACK
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _cells(event: EventMention) -> list[tuple[int, int]] | None:
    if event.lat is None or event.lon is None:
        return None
    reach = (event.uncertainty_km + SITE_SLACK_KM) / 111.0
    if event.geo_precision == 3:
        reach = max(reach, 10.0)  # a region matches any place in its country
    lat0, lat1 = (
        math.floor((event.lat - reach) / CELL_DEGREES),
        math.floor((event.lat + reach) / CELL_DEGREES),
    )
    lon_reach = reach / max(0.2, math.cos(math.radians(event.lat)))
    lon0, lon1 = (
        math.floor((event.lon - lon_reach) / CELL_DEGREES),
        math.floor((event.lon + lon_reach) / CELL_DEGREES),
    )
    return [(a, b) for a in range(lat0, lat1 + 1) for b in range(lon0, lon1 + 1)]


class _Index:
    """Clusters filed by (family, month, cell), by cell and by (family, month).

    A dated report looks in the blocks of its family, months and cells (every family's when
    its type is ``other``) and among the undated or long-ranged clusters of its cells; an
    undated or long-ranged report looks at every cluster of its cells.
    """

    def __init__(self) -> None:
        self.blocks: dict[tuple[str, int, int, int, int], list[_Cluster]] = defaultdict(list)
        self.by_cell_any: dict[tuple[int, int], list[_Cluster]] = defaultdict(list)
        self.by_cell_wide: dict[tuple[int, int], list[_Cluster]] = defaultdict(list)
        self.by_month: dict[tuple[str, int, int], list[_Cluster]] = defaultdict(list)

    @staticmethod
    def _keys(event: EventMention) -> list[tuple[str, int, int, int, int]] | None:
        months, cells = _months(event), _cells(event)
        if months is None or cells is None or len(months) * len(cells) > MAX_BLOCKS:
            return None
        family = _family(event.event_type)
        return [(family, y, m, a, b) for y, m in months for a, b in cells]

    def add(self, cluster: _Cluster) -> None:
        head = cluster.head
        cells = _cells(head) or []
        for cell in cells:
            self.by_cell_any[cell].append(cluster)
        for year, month in (_months(head) or [])[:13]:
            self.by_month[(_family(head.event_type), year, month)].append(cluster)
        keys = self._keys(head)
        if keys is None or head.event_type == "other":
            for cell in cells:
                self.by_cell_wide[cell].append(cluster)
        for key in keys or []:
            self.blocks[key].append(cluster)

    def candidates(self, event: EventMention) -> Iterator[_Cluster]:
        keys = self._keys(event)
        cells = _cells(event) or []
        pools: list[list[_Cluster]] = []
        if not cells:
            # No site: the clusters of its family and months, wherever they are.
            family = _family(event.event_type)
            months = (_months(event) or [])[:13]
            pools.extend(self.by_month.get((family, y, m), []) for y, m in months)
        elif keys is None or event.event_type == "other":
            pools.extend(self.by_cell_any.get(cell, []) for cell in cells)
        else:
            pools.extend(self.blocks.get(key, []) for key in keys)
            pools.extend(self.by_cell_wide.get(cell, []) for cell in cells)
        seen: set[int] = set()
        for pool in pools:
            for cluster in pool:
                if id(cluster) not in seen:
                    seen.add(id(cluster))
                    yield cluster


def _specificity(event: EventMention) -> tuple[float, int, int, str, int]:
    return (
        event.uncertainty_km if event.lat is not None else math.inf,
        _PRECISION_RANK[event.time_precision],
        event.geo_precision,
        event.doc_id,
        event.start,
    )


def incident_id(members: Sequence[EventMention]) -> str:
    """A stable id from the incident's type, date and first source (not from list order)."""
    first = min(members, key=lambda m: (m.doc_id, m.start, m.event_key))
    key = f"{first.event_type}|{first.date_start}|{first.doc_id}|{first.start}|{first.event_key}"
    return "inc-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def cluster_events(events: Sequence[EventMention]) -> list[list[EventMention]]:
    """Group reports of the same real event (see the module docstring for the rule)."""
    index = _Index()
    clusters: list[_Cluster] = []
    placed = [e for e in events if e.lat is not None]
    unplaced = [e for e in events if e.lat is None]
    for event in sorted(placed, key=_specificity):
        best: _Cluster | None = None
        best_key: tuple[float, float] | None = None
        for cluster in index.candidates(event):
            if not _fits(cluster, event):
                continue
            key = (_distance(cluster.head, event), _date_gap(cluster.head, event))
            if best_key is None or key < best_key:
                best, best_key = cluster, key
        if best is None:
            best = _Cluster([event])
            clusters.append(best)
            index.add(best)
        else:
            best.members.append(event)
    for event in sorted(unplaced, key=_specificity):
        if event.date_start is None:
            continue  # neither where nor when: nothing to match on
        fitting = [
            c
            for c in index.candidates(event)
            if _fits(c, event)
            and any(m.date_start is not None for m in c.members)
            and _family(event.event_type) in {_family(m.event_type) for m in c.members}
        ]
        if len(fitting) == 1:
            fitting[0].members.append(event)
    return [c.members for c in clusters]


def _date_gap(a: EventMention, b: EventMention) -> float:
    ra, rb = _range(a), _range(b)
    if ra is None or rb is None:
        return 0.0
    return float(max(0, (rb[0] - ra[1]).days, (ra[0] - rb[1]).days))


def link_incidents(
    events: Sequence[EventMention], articles: Mapping[str, Article]
) -> tuple[Incident, ...]:
    """Merge event mentions of the same real event into incidents, sorted by date and id."""
    groups = cluster_events(events)
    incidents = [_incident(group, articles) for group in groups]
    where: dict[str, str] = {}
    for group, incident in zip(groups, incidents, strict=True):
        for member in group:
            if member.event_key:
                where[member.event_key] = incident.id
    linked = []
    for group, incident in zip(groups, incidents, strict=True):
        links: dict[tuple[str, str], str] = {}
        for member in sorted(group, key=lambda m: (m.doc_id, m.start)):
            for relation, target_key, evidence in member.links:
                target = where.get(target_key)
                if target is not None and target != incident.id:
                    links.setdefault((relation, target), evidence)
        ordered = tuple(
            Link(relation=r, target=t, evidence=e) for (r, t), e in sorted(links.items())
        )
        linked.append(_with_links(incident, ordered))
    linked.sort(key=lambda i: (str(i.date_start or ""), i.id))
    return tuple(linked)


def _with_links(incident: Incident, links: tuple[Link, ...]) -> Incident:
    from dataclasses import replace

    return replace(incident, links=links)


def _site(group: Sequence[EventMention]) -> tuple[EventMention, float, float, int, float]:
    """The incident's site: the most precise report's, widened when precise reports disagree."""
    placed = sorted((m for m in group if m.lat is not None), key=_specificity)
    head = placed[0]
    assert head.lat is not None and head.lon is not None
    precise = [m for m in placed if m.geo_precision <= GEO_PRECISION_NEAR]
    spread = [m for m in precise if _distance(head, m) > 1.0]
    if not spread:
        # Sources that agree on the place but not on exactness ("in X", "near X"): the
        # incident is only as exact as its least exact precise source.
        precision = max((m.geo_precision for m in precise), default=head.geo_precision)
        radius = max((m.uncertainty_km for m in precise), default=head.uncertainty_km)
        return head, head.lat, head.lon, precision, radius
    lat = sum(m.lat for m in precise if m.lat is not None) / len(precise)
    lon = sum(m.lon for m in precise if m.lon is not None) / len(precise)
    centre = EventMention(doc_id="", event_type="", start=0, end=0, quote="", lat=lat, lon=lon)
    radius = max(_distance(centre, m) + m.uncertainty_km for m in precise)
    return head, lat, lon, GEO_PRECISION_NEAR, round(radius, 1)


def _dates(group: Sequence[EventMention]) -> tuple[date | None, date | None, TimePrecision]:
    dated = [m for m in group if m.date_start is not None]
    if not dated:
        return None, None, "unknown"
    best_rank = min(_PRECISION_RANK[m.time_precision] for m in dated)
    best = [m for m in dated if _PRECISION_RANK[m.time_precision] == best_rank]
    first = min(m.date_start for m in best if m.date_start is not None)
    last = max(m.date_end or m.date_start for m in best if m.date_start is not None)
    precision: TimePrecision = best[0].time_precision
    return first, last, precision


def _event_type(group: Sequence[EventMention]) -> str:
    """The type most sources give; placed reports outweigh passing mentions."""
    weights: dict[str, float] = defaultdict(float)
    for member in group:
        if member.event_type != "other":
            weights[member.event_type] += 1.0 if member.lat is not None else 0.25
    if not weights:
        return "other"
    return min(weights, key=lambda t: (-weights[t], t))


def _incident(group: list[EventMention], articles: Mapping[str, Article]) -> Incident:
    head, lat, lon, geo_precision, uncertainty = _site(group)
    sources = []
    for member in sorted(group, key=lambda m: m.doc_id):
        article = articles[member.doc_id]
        sources.append(
            Source(
                doc_id=member.doc_id,
                outlet=article.outlet,
                title=article.title,
                published=article.published,
                quote=member.quote,
                start=member.start,
                end=member.end,
                url=article.url,
                location_raw=member.location_raw,
                fatalities_low=member.fatalities_low,
                fatalities_high=member.fatalities_high,
            )
        )
    lows = [m.fatalities_low for m in group if m.fatalities_low is not None]
    highs = [m.fatalities_high for m in group if m.fatalities_high is not None]
    date_start, date_end, precision = _dates(group)
    return Incident(
        id=incident_id(group),
        event_type=_event_type(group),
        date_start=date_start,
        date_end=date_end,
        time_precision=precision,
        location=head.location,
        location_raw=tuple(sorted({raw for m in group for raw in m.location_raw})),
        country_code=head.country_code,
        lat=lat,
        lon=lon,
        geo_precision=geo_precision,
        uncertainty_km=uncertainty,
        actors=tuple(sorted({a for m in group for a in m.actors})),
        fatalities_low=min(lows) if lows else None,
        fatalities_high=max(highs) if highs else None,
        sources=tuple(sources),
    )
