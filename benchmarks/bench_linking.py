"""Linking speed on synthetic reports: python benchmarks/bench_linking.py [N].

N reports (default 100,000) of N/3 events spread over the world and three years, each
event told by up to three articles with small jitter in place and date, a tenth of them
only at country level; prints the incident count and the seconds ``cluster_events`` took.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.linking import cluster_events  # noqa: E402
from mapper.models import EVENT_TYPES, EventMention  # noqa: E402


def synthetic(n: int, seed: int = 7) -> list[EventMention]:
    rng = random.Random(seed)
    events: list[EventMention] = []
    start = date(2020, 1, 1)
    event_id = 0
    while len(events) < n:
        lat, lon = rng.uniform(-50, 60), rng.uniform(-120, 150)
        day = start + timedelta(days=rng.randrange(3 * 365))
        kind = rng.choice(EVENT_TYPES[:-1])
        for report in range(rng.randint(1, 3)):
            vague = rng.random() < 0.1
            jitter_day = day + timedelta(days=rng.choice((0, 0, 0, 1)))
            events.append(
                EventMention(
                    doc_id=f"doc{event_id}-{report}",
                    event_type=kind,
                    start=0,
                    end=1,
                    quote="x",
                    date_start=jitter_day,
                    date_end=jitter_day,
                    time_precision="day",
                    lat=lat + (0 if vague else rng.uniform(-0.02, 0.02)),
                    lon=lon + (0 if vague else rng.uniform(-0.02, 0.02)),
                    geo_precision=3 if vague else 1,
                    uncertainty_km=300.0 if vague else 5.0,
                    country_code=f"C{int(lat // 10)}{int(lon // 10)}",
                    event_key=f"doc{event_id}-{report}#0",
                )
            )
        event_id += 1
    return events[:n]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    events = synthetic(n)
    started = time.perf_counter()
    groups = cluster_events(events)
    elapsed = time.perf_counter() - started
    print(f"{n} reports -> {len(groups)} incidents in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
