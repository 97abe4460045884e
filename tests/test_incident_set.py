"""Incident precision and recall on the labelled set in tests/data/incidents."""

from pathlib import Path

from incident_scoring import load_gold, score

DATA = Path(__file__).parent / "data"


def test_labelled_set_precision_and_recall(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from mapper.ingest import read_articles
    from mapper.pipeline import analyse_articles

    gold = load_gold(DATA / "incidents_gold.json")
    result = analyse_articles(read_articles([DATA / "incidents"]).articles, gazetteer)
    forbidden = {}
    for name in gold["forbidden_places"]:
        best = gazetteer.lookup(name, limit=1)
        if best:
            forbidden[name] = (best[0].place.lat, best[0].place.lon)
    metrics = score(result.incidents, gold, forbidden)
    assert metrics["precision"] >= 0.85, metrics
    assert metrics["recall"] >= 0.8, metrics
    assert metrics["type_accuracy"] >= 0.85, metrics
    assert metrics["incidents_at_forbidden_places"] == 0, metrics
