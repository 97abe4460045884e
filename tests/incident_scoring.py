"""Scores incidents against a gold file (tests/data/incidents_gold.json), standard library only.

A predicted incident matches a gold one when they share a source article, their dates overlap
(one day of slack) and the predicted point lies within the gold ``max_km``; matching is one to
one, best distance first. Reported: incident precision and recall, and among matched pairs the
shares with the right type, the exact source set, the gold fatality range, plus link recall and
incidents placed near a forbidden place (where someone only spoke or reported).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mapper.models import Incident

FORBIDDEN_RADIUS_KM = 50.0
_SLACK = timedelta(days=1)


def load_gold(path: Path) -> dict[str, Any]:
    """The gold file as a dict (``incidents``, ``forbidden_places``)."""
    gold: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return gold


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _window(gold: dict[str, Any]) -> tuple[date, date]:
    days = [date.fromisoformat(d) for d in gold["dates"]]
    return days[0], days[-1]


def _dates_overlap(incident: Incident, gold: dict[str, Any]) -> bool:
    if incident.date_start is None:
        return False
    first, last = _window(gold)
    end = incident.date_end or incident.date_start
    return incident.date_start - _SLACK <= last and first - _SLACK <= end


def _matches(incident: Incident, gold: dict[str, Any]) -> float | None:
    """Distance in km when ``incident`` can be ``gold``, else ``None``."""
    if not {s.doc_id for s in incident.sources} & set(gold["sources"]):
        return None
    if not _dates_overlap(incident, gold):
        return None
    km = _km(incident.lat, incident.lon, gold["lat"], gold["lon"])
    return km if km <= gold["max_km"] else None


def score(
    incidents: Sequence[Incident],
    gold: dict[str, Any],
    place_coordinates: dict[str, tuple[float, float]] | None = None,
) -> dict[str, Any]:
    """Precision, recall and the per-field shares described in the module docstring."""
    golds: list[dict[str, Any]] = gold["incidents"]
    pairs = sorted(
        (km, i, g)
        for i, incident in enumerate(incidents)
        for g, item in enumerate(golds)
        if (km := _matches(incident, item)) is not None
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, i, g in pairs:
        if i not in used and g not in matched:
            matched[g] = i
            used.add(i)
    key_of = {g: item["key"] for g, item in enumerate(golds)}
    id_to_key = {incidents[i].id: key_of[g] for g, i in matched.items()}
    typed = exact_sources = fatal_ok = fatal_total = links_found = links_total = 0
    misses = []
    for g, item in enumerate(golds):
        if g not in matched:
            misses.append(item["key"])
            for _ in item.get("links", []):
                links_total += 1
            continue
        incident = incidents[matched[g]]
        typed += incident.event_type == item["event_type"]
        exact_sources += {s.doc_id for s in incident.sources} == set(item["sources"])
        if "fatalities" in item:
            fatal_total += 1
            fatal_ok += [incident.fatalities_low, incident.fatalities_high] == item["fatalities"]
        for relation, target in item.get("links", []):
            links_total += 1
            links_found += any(
                link.relation == relation and id_to_key.get(link.target) == target
                for link in incident.links
            )
    forbidden = 0
    for name, (lat, lon) in (place_coordinates or {}).items():
        del name
        forbidden += sum(
            _km(i.lat, i.lon, lat, lon) <= FORBIDDEN_RADIUS_KM
            and not any(_km(i.lat, i.lon, g["lat"], g["lon"]) <= g["max_km"] for g in golds)
            for i in incidents
        )
    n_matched = len(matched)
    return {
        "gold": len(golds),
        "predicted": len(incidents),
        "matched": n_matched,
        "precision": round(n_matched / len(incidents), 3) if incidents else 0.0,
        "recall": round(n_matched / len(golds), 3) if golds else 0.0,
        "type_accuracy": round(typed / n_matched, 3) if n_matched else 0.0,
        "source_set_exact": round(exact_sources / n_matched, 3) if n_matched else 0.0,
        "fatalities_exact": round(fatal_ok / fatal_total, 3) if fatal_total else 0.0,
        "link_recall": round(links_found / links_total, 3) if links_total else 0.0,
        "incidents_at_forbidden_places": forbidden,
        "missed": misses,
        "unmatched_predictions": [
            f"{incidents[i].event_type} {incidents[i].date_start} {incidents[i].location}"
            for i in range(len(incidents))
            if i not in used
        ],
    }
