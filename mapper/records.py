"""Incidents -> plain JSON-ready dicts (the output contract), with no I/O.

``incidents.geojson`` and every other export are built from these dicts, so the field names
and their order live in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from mapper.geo import to_lonlat
from mapper.models import Incident, Link, Mention, Source


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def source_record(source: Source) -> dict[str, Any]:
    """One source as the output contract lists it."""
    return {
        "doc_id": source.doc_id,
        "outlet": source.outlet,
        "title": source.title,
        "published": _iso(source.published),
        "url": source.url,
        "quote": source.quote,
        "start": source.start,
        "end": source.end,
        "location_raw": list(source.location_raw),
        "fatalities_low": source.fatalities_low,
        "fatalities_high": source.fatalities_high,
    }


def link_record(link: Link) -> dict[str, Any]:
    """One link as the output contract lists it."""
    return {"relation": link.relation, "target": link.target, "evidence": link.evidence}


def incident_properties(incident: Incident) -> dict[str, Any]:
    """The GeoJSON ``properties`` of one incident."""
    return {
        "id": incident.id,
        "event_type": incident.event_type,
        "date_start": _iso(incident.date_start),
        "date_end": _iso(incident.date_end),
        "time_precision": incident.time_precision,
        "location": incident.location,
        "location_raw": list(incident.location_raw),
        "country_code": incident.country_code,
        "latitude": round(incident.lat, 5),
        "longitude": round(incident.lon, 5),
        "geo_precision": incident.geo_precision,
        "uncertainty_km": round(incident.uncertainty_km, 1),
        "actors": list(incident.actors),
        "fatalities_low": incident.fatalities_low,
        "fatalities_high": incident.fatalities_high,
        "sources": [source_record(s) for s in incident.sources],
        "links": [link_record(link) for link in incident.links],
    }


def incident_feature(incident: Incident) -> dict[str, Any]:
    """One incident as an RFC 7946 Point feature (``[lon, lat]``)."""
    return {
        "type": "Feature",
        "id": incident.id,
        "geometry": {"type": "Point", "coordinates": list(to_lonlat(incident.lat, incident.lon))},
        "properties": incident_properties(incident),
    }


def feature_collection(incidents: Sequence[Incident]) -> dict[str, Any]:
    """All incidents as a FeatureCollection, in the given (already stable) order."""
    return {"type": "FeatureCollection", "features": [incident_feature(i) for i in incidents]}


# --- flat records for CSV, GeoPackage and KML ------------------------------------------------

TIME_PRECISION_CODES: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}
"""ACLED's ``time_precision``: 1 = the day, 2 = within about a week, 3 = a month or vaguer."""

ACLED_TYPES: dict[str, tuple[str, str]] = {
    "airstrike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone_strike": ("Explosions/Remote violence", "Air/drone strike"),
    "drone_attack": ("Explosions/Remote violence", "Air/drone strike"),
    "rocket_attack": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "missile_attack": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "shelling": ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    "bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "car_bombing": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "ied": ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    "suicide_bombing": ("Explosions/Remote violence", "Suicide bomb"),
    "armed_clash": ("Battles", "Armed clash"),
    "raid": ("Battles", "Armed clash"),
}
"""Our event type -> ACLED's ``(event_type, sub_event_type)``; ``other`` has no ACLED class."""

CSV_COLUMNS: tuple[str, ...] = (
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
    "uncertainty_km",
    "fatalities_low",
    "fatalities_high",
    "links",
    "mapper_event_type",
    "event_date_end",
    "time_precision_label",
    "country_code",
    "location_raw",
    "actors",
    "source_doc_ids",
    "source_urls",
)
"""``incidents.csv`` columns: ACLED's names first, then ours."""


def country_name(code: str) -> str:
    """The English short name of an ISO 3166-1 alpha-2 code ('' when unknown)."""
    if not code:
        return ""
    import pycountry  # local: only the flat exports need it

    found = pycountry.countries.get(alpha_2=code.upper())
    return str(getattr(found, "name", "")) if found else ""


def links_text(incident: Incident) -> str:
    """Links as ``relation:target`` joined by ``; ``."""
    return "; ".join(f"{link.relation}:{link.target}" for link in incident.links)


def fatalities_figure(incident: Incident) -> int | None:
    """ACLED's single ``fatalities`` number: the low (conservative) figure, ``None`` if unknown."""
    return incident.fatalities_low if incident.fatalities_low is not None else None


def incident_notes(incident: Incident) -> str:
    """ACLED-style ``notes``: what, where and when, then each source's quote."""
    when = _iso(incident.date_start) or "date unknown"
    head = f"{incident.event_type.replace('_', ' ')} at {incident.location or 'unknown place'}"
    quotes = " | ".join(f"{s.outlet}: {s.quote}" for s in incident.sources)
    return f"{head} on {when}. {quotes}".strip()


def csv_row(incident: Incident) -> dict[str, Any]:
    """One incident as a flat row keyed by :data:`CSV_COLUMNS` (``None`` = empty cell)."""
    acled_type, acled_sub = ACLED_TYPES.get(incident.event_type, ("", ""))
    actors = list(incident.actors)
    return {
        "event_id_cnty": incident.id,
        "event_date": _iso(incident.date_start),
        "time_precision": TIME_PRECISION_CODES.get(incident.time_precision, 3),
        "event_type": acled_type,
        "sub_event_type": acled_sub,
        "actor1": actors[0] if actors else "",
        "actor2": actors[1] if len(actors) > 1 else "",
        "country": country_name(incident.country_code),
        # Filled once incidents carry their first-level division (the gazetteer knows it).
        "admin1": str(getattr(incident, "admin1", "") or ""),
        "location": incident.location,
        "latitude": round(incident.lat, 5),
        "longitude": round(incident.lon, 5),
        "geo_precision": incident.geo_precision,
        "source": "; ".join(dict.fromkeys(s.outlet for s in incident.sources)),
        "notes": incident_notes(incident),
        "fatalities": fatalities_figure(incident),
        "uncertainty_km": round(incident.uncertainty_km, 1),
        "fatalities_low": incident.fatalities_low,
        "fatalities_high": incident.fatalities_high,
        "links": links_text(incident),
        "mapper_event_type": incident.event_type,
        "event_date_end": _iso(incident.date_end),
        "time_precision_label": incident.time_precision,
        "country_code": incident.country_code,
        "location_raw": "; ".join(incident.location_raw),
        "actors": "; ".join(actors),
        "source_doc_ids": "; ".join(s.doc_id for s in incident.sources),
        "source_urls": "; ".join(s.url or "" for s in incident.sources),
    }


def link_rows(incidents: Sequence[Incident]) -> list[dict[str, Any]]:
    """One row per link whose target exists: ends as ``(lat, lon)`` plus the link's fields."""
    by_id = {i.id: i for i in incidents}
    rows: list[dict[str, Any]] = []
    for incident in incidents:
        for link in incident.links:
            target = by_id.get(link.target)
            if target is None:
                continue
            rows.append(
                {
                    "source_id": incident.id,
                    "target_id": target.id,
                    "relation": link.relation,
                    "evidence": link.evidence,
                    "source_latlon": (incident.lat, incident.lon),
                    "target_latlon": (target.lat, target.lon),
                }
            )
    return rows


MENTION_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "start",
    "end",
    "name_as_written",
    "place_id",
    "place_name",
    "country_code",
    "feature",
    "score",
    "latitude",
    "longitude",
)
"""The columns of a resolved mention's row (the GeoPackage's ``mentions`` layer)."""


def mention_values(mention: Mention) -> tuple[Any, ...] | None:
    """A resolved mention's row values in :data:`MENTION_COLUMNS` order; ``None`` if
    unresolved (a tuple: a build makes one per mention, tens of thousands)."""
    place = mention.place
    if place is None:
        return None
    return (
        mention.doc_id,
        mention.start,
        mention.end,
        mention.surface,
        place.place_id,
        place.name,
        place.country_code,
        place.feature,
        round(mention.score, 4),
        round(place.lat, 5),
        round(place.lon, 5),
    )


def mention_row(mention: Mention) -> dict[str, Any] | None:
    """A resolved place mention as a flat row; ``None`` when it was not resolved."""
    values = mention_values(mention)
    return None if values is None else dict(zip(MENTION_COLUMNS, values, strict=True))
