"""Event sites on real newswire: /work/shared/bench/event_location.jsonl (Halterman 2019).

Each record is one sentence with one annotated event verb and, where the sentence names it, the
span of the place where that event happened. We keep the violent events (the verb is a form of
kill, shoot, attack, bomb, strike, shell, detonate, ...), build one undated article per sentence,
run geoparse -> events -> linking, and report:

- ``detected``: share of violent events for which the sentence yields an event mention
  (``detected_with_site``: the same among those whose site is annotated);
- ``incident_found``: among those whose site is annotated, share with at least one incident;
- ``placed_at_site``: among those whose site is annotated, share with an incident whose place
  as written (``location_raw``) overlaps the annotated site text;
- ``placed_given_found``: the same, among those with an incident.

Also: ``no_site_false_incidents``: among violent events annotated with no site, share for which
we still place an incident (lower is better).

Usage: python benchmarks/bench_event_location.py [PATH] [--limit N] [--show-misses N]
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
from mapper.geoparse import find_mentions  # noqa: E402
from mapper.linking import link_incidents  # noqa: E402
from mapper.models import Article  # noqa: E402

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
    return bool(a and b) and (a in b or b in a)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT_PATH)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--show-misses", type=int, default=0)
    args = parser.parse_args()

    records = [json.loads(line) for line in args.path.open(encoding="utf-8")]
    violent = [r for r in records if VIOLENT_VERB.match(r["verb"]["text"])]
    if args.limit:
        violent = violent[: args.limit]
    gazetteer = load_gazetteer()
    facility = facility_lookup(gazetteer)
    started = time.perf_counter()
    detected = with_site = found = placed = no_site = false_placed = detected_with_site = 0
    misses: list[str] = []
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
        hit = any(_overlaps(raw, gold) for i in incidents for raw in i.location_raw)
        placed += hit
        if not hit and len(misses) < args.show_misses:
            got = [(i.event_type, i.location_raw) for i in incidents]
            misses.append(f"{record['id']}: gold={gold!r} got={got}\n    {record['text'][:200]}")
    elapsed = time.perf_counter() - started
    result = {
        "violent_events": len(violent),
        "detected": round(detected / len(violent), 3),
        "with_annotated_site": with_site,
        "detected_with_site": round(detected_with_site / with_site, 3),
        "incident_found": round(found / with_site, 3),
        "placed_at_site": round(placed / with_site, 3),
        "placed_given_found": round(placed / found, 3) if found else 0.0,
        "no_site_events": no_site,
        "no_site_false_incidents": round(false_placed / no_site, 3) if no_site else 0.0,
        "seconds": round(elapsed, 1),
    }
    print(json.dumps(result, indent=2))
    for miss in misses:
        print(miss)


if __name__ == "__main__":
    main()
