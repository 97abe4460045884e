"""Incidents -> plain JSON-ready dicts (the output contract), with no I/O.

``incidents.geojson`` and every other export are built from these dicts, so the field names
and their order live in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from mapper.geo import to_lonlat
from mapper.models import Incident, Link, Source


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
