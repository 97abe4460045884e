"""Event sites on real newswire: /work/shared/bench/event_location.jsonl (Halterman 2019).

Each record is one sentence with one annotated event verb and, where the sentence names it, the
span of the place where that event happened. We keep the violent events (the verb is a form of
kill, shoot, attack, bomb, strike, shell, detonate, ...), build one undated article per sentence,
run geoparse -> events -> linking, and report:

- ``detected``: share of violent events for which the sentence yields an event mention
  (``detected_with_site``: the same among those whose site is annotated);
- ``incident_found``: among those whose site is annotated, share with at least one incident;
- ``placed_at_site``: among those whose site is annotated, share with an incident that
  corresponds to the annotated site: its place as written (``location_raw``) overlaps the
  annotated span's text (one contains the other, case and punctuation folded), or its point
  lies within ``NEAR_KM`` (25 km) of where the geoparser puts the annotated span (a resolved
  mention inside the span, else the gazetteer's best entry for the span's text, preferring the
  countries the sentence names). A region-level incident ("Syria") for a town ("Aleppo") is a
  miss either way; a district the gazetteer lacks placed at its containing town is a hit;
- ``placed_given_found``: the same, among those with an incident;
- ``placed_in_annotated_area_well_formed``: also counting an incident whose point lies inside
  an annotated province or region ("the northern Hama countryside", "Anbar") within that
  area's gazetteer radius (at most 150 km): a looser, secondary figure;
- ``placed_by``: how the placed ones were scored: ``point`` (within ``NEAR_KM``), else
  ``name_pN``: by the name as written only, N the incident's ``geo_precision`` (``name_p3``: a
  place named as written but located only at its province's or country's point);
- ``*_well_formed``: the same over the annotated spans that do not cut a word (55 of the
  1,222 violent ones are shifted in the source data: "e", "rock-t", "am Hussein's bi", so
  their site is unknown); the misses are categorised over these.

Also: ``no_site_false_incidents``: among violent events annotated with no site, share for which
we still place an incident (lower is better).

``--categories`` also prints why the annotated site was missed: no event mention (split into
"a trigger was found but filtered" and "no trigger"), an event but no incident, or an incident
elsewhere; the last two split by what the geoparser made of the annotated span (a resolved
mention, only an unresolved one, nothing).

Usage: python benchmarks/bench_event_location.py [PATH] [--limit N] [--show-misses N] [--categories]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.events import extract_events, facility_lookup  # noqa: E402
from mapper.gazetteer import load_gazetteer  # noqa: E402
from mapper.geo import haversine_km  # noqa: E402
from mapper.geoparse import find_mentions  # noqa: E402
from mapper.linking import link_incidents  # noqa: E402
from mapper.models import Article, Incident, Mention  # noqa: E402
from mapper.triggers import find_triggers  # noqa: E402

DEFAULT_PATH = Path("/work/shared/bench/event_location.jsonl")
VIOLENT_VERB = re.compile(
    r"^(?:kill|shot|shoot|attack|bomb|struck|strik|shell|deton|explod|murder|wound|injur|"
    r"raid|storm|target|clash|fire|fired|firing|execut|hit|gunned|blew|blow|ambush|"
    r"assassinat|massacr|behead|stab|slaughter|slain|slay|destroy|burn|torch|pound|"
    r"launch)",
    re.IGNORECASE,
)


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _overlaps(raw: str, gold: str) -> bool:
    a, b = _norm(raw), _norm(gold)
    # Whole words only, so that a one-letter span ("e") does not match every place.
    return bool(a and b) and (f" {a} " in f" {b} " or f" {b} " in f" {a} ")


NEAR_KM = 25.0


def _gold_points(
    record: dict, mentions: list[Mention], gazetteer: object
) -> list[tuple[float, float]]:
    """Where the geoparser (else the gazetteer) puts the annotated site span."""
    location = record["location"]
    inside = [
        m for m in mentions
        if m.place is not None and m.start < location["end"] and location["start"] < m.end
    ]  # fmt: skip
    if inside:
        return [(m.place.lat, m.place.lon) for m in inside if m.place is not None]
    countries = sorted({m.place.country_code for m in mentions if m.place is not None})
    found = gazetteer.lookup(location["text"].strip(), countries=countries, limit=1)  # type: ignore[attr-defined]
    return [(c.place.lat, c.place.lon) for c in found[:1]]


_AREAS = frozenset({"admin1", "admin2", "region"})


def _gold_areas(record: dict, mentions: list[Mention]) -> list[tuple[float, float, float]]:
    """Province-like places the geoparser finds inside the annotated span: (lat, lon, radius)."""
    location = record["location"]
    return [
        (m.place.lat, m.place.lon, min(m.place.uncertainty_km or 100.0, 150.0))
        for m in mentions
        if m.place is not None and m.place.feature in _AREAS
        and m.start < location["end"] and location["start"] < m.end
    ]  # fmt: skip


def _within_area(incident: Incident, areas: list[tuple[float, float, float]]) -> bool:
    return any(haversine_km((incident.lat, incident.lon), (a, b)) <= r for a, b, r in areas)


def _corresponds(incident: Incident, gold: str, points: list[tuple[float, float]]) -> bool:
    if any(_overlaps(raw, gold) for raw in incident.location_raw):
        return True
    return any(haversine_km((incident.lat, incident.lon), p) <= NEAR_KM for p in points)


def _misaligned(record: dict) -> bool:
    """The annotated span cuts a word ("e", "rock-t", "am Hussein's bi"): shifted offsets in
    the source data, so the annotated site is unknown."""
    text, location = record["text"], record["location"]
    start, end = location["start"], location["end"]
    return (
        text[start:end] != location["text"]
        or (start > 0 and text[start - 1].isalnum() and text[start].isalnum())
        or (end < len(text) and text[end - 1].isalnum() and text[end].isalnum())
    )


def _span_state(record: dict, mentions: list[Mention]) -> str:
    location = record["location"]
    inside = [m for m in mentions if m.start < location["end"] and location["start"] < m.end]
    if any(m.place is not None for m in inside):
        return "span resolved"
    return "span unresolved" if inside else "span not recognised"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show-misses", type=int, default=0)
    parser.add_argument("--categories", action="store_true")
    parser.add_argument("--only", default="", help="show misses of categories containing this")
    args = parser.parse_args()

    records = [json.loads(line) for line in args.path.open(encoding="utf-8")]
    violent = [r for r in records if VIOLENT_VERB.match(r["verb"]["text"])]
    if args.limit:
        violent = violent[: args.limit]
    gazetteer = load_gazetteer()
    facility = facility_lookup(gazetteer)
    started = time.perf_counter()
    detected = with_site = found = placed = no_site = false_placed = detected_with_site = 0
    misaligned = clean_found = clean_placed = clean_in_area = 0
    misses: list[str] = []
    categories: dict[str, int] = {}
    hit_kinds: dict[str, int] = {}
    for record in violent:
        article = Article(doc_id=record["id"], text=record["text"], title="")
        mentions = find_mentions(article.doc_id, article.text, gazetteer)
        events = extract_events(article, mentions, facility)
        incidents = link_incidents(events, {article.doc_id: article})
        detected += bool(events)
        location = record.get("location")
        gold = (location or {}).get("text", "").strip()
        if not gold:
            no_site += 1
            false_placed += bool(incidents)
            continue
        with_site += 1
        detected_with_site += bool(events)
        found += bool(incidents)
        points = _gold_points(record, list(mentions), gazetteer)
        hit = any(_corresponds(i, gold, points) for i in incidents)
        placed += hit
        if hit:
            # Which rule scored it: the point (within NEAR_KM), or only the name as written
            # (then by the incident's precision: 3 is a province's or country's point).
            hits = [i for i in incidents if _corresponds(i, gold, points)]
            by_point = any(haversine_km((i.lat, i.lon), p) <= NEAR_KM for i in hits for p in points)
            kind = "point" if by_point else f"name_p{min(i.geo_precision for i in hits)}"
            hit_kinds[kind] = hit_kinds.get(kind, 0) + 1
        areas = _gold_areas(record, list(mentions))
        in_area = hit or any(_within_area(i, areas) for i in incidents)
        if _misaligned(record):
            misaligned += 1
            continue  # not categorised, not shown
        clean_found += bool(incidents)
        clean_placed += hit
        clean_in_area += in_area
        category = ""
        if not hit:
            if not events:
                triggered = find_triggers(article.text, 0, len(article.text))
                category = "no event: " + ("trigger, no frame" if triggered else "no trigger")
                category += ", " + _span_state(record, list(mentions))
            elif not incidents:
                category = "event, no incident: " + _span_state(record, list(mentions))
            else:
                category = "incident elsewhere: " + _span_state(record, list(mentions))
            categories[category] = categories.get(category, 0) + 1
        if not hit and len(misses) < args.show_misses and args.only in category:
            got = [(i.event_type, i.location_raw) for i in incidents]
            misses.append(
                f"{record['id']}: gold={gold!r} got={got} verb={record['verb']['text']!r}\n"
                f"    {record['text'][:300]}"
            )
    elapsed = time.perf_counter() - started
    result = {
        "violent_events": len(violent),
        "detected": round(detected / len(violent), 3),
        "with_annotated_site": with_site,
        "detected_with_site": round(detected_with_site / with_site, 3),
        "incident_found": round(found / with_site, 3),
        "placed_at_site": round(placed / with_site, 3),
        "placed_given_found": round(placed / found, 3) if found else 0.0,
        "well_formed_site_spans": with_site - misaligned,
        "incident_found_well_formed": round(clean_found / max(1, with_site - misaligned), 3),
        "placed_at_site_well_formed": round(clean_placed / max(1, with_site - misaligned), 3),
        "placed_given_found_well_formed": round(clean_placed / clean_found, 3)
        if clean_found
        else 0.0,
        "placed_in_annotated_area_well_formed": round(
            clean_in_area / max(1, with_site - misaligned), 3
        ),
        "placed_by": dict(sorted(hit_kinds.items())),
        "no_site_events": no_site,
        "no_site_false_incidents": round(false_placed / no_site, 3) if no_site else 0.0,
        "seconds": round(elapsed, 1),
    }
    print(json.dumps(result, indent=2))
    if args.categories:
        print(f"misses among well-formed annotated sites (of {with_site - misaligned}):")
        for name, count in sorted(categories.items(), key=lambda kv: -kv[1]):
            print(f"  {count:5d}  {count / with_site:.3f}  {name}")
    for miss in misses:
        print(miss)


if __name__ == "__main__":
    main()
