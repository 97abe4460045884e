"""Incident precision/recall on the labelled set: python benchmarks/score_incidents.py [--json].

Runs the whole pipeline on tests/data/incidents/ and scores it with tests/incident_scoring.py
against tests/data/incidents_gold.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from incident_scoring import load_gold, score  # noqa: E402

from mapper.gazetteer import load_gazetteer  # noqa: E402
from mapper.ingest import read_articles  # noqa: E402
from mapper.pipeline import analyse_articles  # noqa: E402


def forbidden_coordinates(names: list[str]) -> dict[str, tuple[float, float]]:
    """Coordinates of the forbidden places, from the gazetteer's best candidate."""
    gazetteer = load_gazetteer()
    found = {}
    for name in names:
        best = gazetteer.lookup(name, limit=1)
        if best:
            found[name] = (best[0].place.lat, best[0].place.lon)
    return found


def main() -> None:
    gold = load_gold(ROOT / "tests" / "data" / "incidents_gold.json")
    result = analyse_articles(read_articles([ROOT / "tests" / "data" / "incidents"]).articles)
    metrics = score(result.incidents, gold, forbidden_coordinates(gold.get("forbidden_places", [])))
    if "--json" in sys.argv:
        print(json.dumps(metrics, indent=2))
        return
    for key, value in metrics.items():
        print(f"{key:32} {value}")


if __name__ == "__main__":
    main()
