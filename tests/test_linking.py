from datetime import date, timedelta

from mapper.linking import cluster_events, link_incidents
from mapper.models import Article, EventMention


def _event(doc: str, lat: float, lon: float, day: date | None, **kw) -> EventMention:  # type: ignore[no-untyped-def]
    fields = {
        "event_type": "airstrike",
        "geo_precision": 1,
        "uncertainty_km": 5.0,
        "time_precision": "day",
        "country_code": "SY",
    }
    fields.update(kw)
    return EventMention(
        doc_id=doc, start=0, end=4, quote="text", date_start=day, date_end=day, lat=lat,
        lon=lon, location="x", event_key=f"{doc}#{lat}", **fields,
    )  # fmt: skip


DAY = date(2021, 2, 25)


def test_reports_of_one_event_merge_with_one_source_per_article() -> None:
    groups = cluster_events(
        [
            _event("a", 34.45, 40.92, DAY),
            _event("b", 34.46, 40.93, DAY + timedelta(days=1)),
            _event("c", 35.0, 38.0, DAY, geo_precision=3, uncertainty_km=300.0),
        ]
    )
    assert len(groups) == 1 and {e.doc_id for e in groups[0]} == {"a", "b", "c"}


def test_same_day_strikes_in_different_places_stay_apart() -> None:
    groups = cluster_events([_event("a", 35.93, 36.63, DAY), _event("b", 35.52, 35.79, DAY)])
    assert len(groups) == 2


def test_one_article_never_gives_two_sources_to_one_incident() -> None:
    groups = cluster_events([_event("a", 34.45, 40.92, DAY), _event("a", 34.451, 40.92, DAY)])
    assert len(groups) == 2


def test_different_dates_or_types_do_not_merge() -> None:
    assert (
        len(
            cluster_events(
                [_event("a", 34.45, 40.92, DAY), _event("b", 34.45, 40.92, DAY + timedelta(days=5))]
            )
        )
        == 2
    )  # noqa: E501
    assert (
        len(
            cluster_events(
                [
                    _event("a", 34.45, 40.92, DAY),
                    _event("b", 34.45, 40.92, DAY, event_type="shelling"),
                ]
            )
        )
        == 2
    )  # noqa: E501


def test_links_are_lifted_to_incidents_and_ids_are_stable() -> None:
    answered = _event(
        "a", 36.19, 44.01, date(2021, 2, 15), event_type="rocket_attack", country_code="IQ"
    )  # noqa: E501
    strike = EventMention(
        doc_id="a", event_type="airstrike", start=5, end=9, quote="more", date_start=DAY,
        date_end=DAY, lat=34.45, lon=40.92, event_key="a#strike",
        links=(("retaliation_for", answered.event_key, "in retaliation for"),),
    )  # fmt: skip
    articles = {"a": Article("a", "text more", "")}
    first = link_incidents([strike, answered], articles)
    again = link_incidents([answered, strike], articles)
    assert [i.id for i in first] == [i.id for i in again]
    by_type = {i.event_type: i for i in first}
    (link,) = by_type["airstrike"].links
    assert (link.relation, link.target) == ("retaliation_for", by_type["rocket_attack"].id)


def test_many_events_are_blocked_not_compared_all_pairs() -> None:
    events = [
        _event(f"d{i}", -60 + (i % 120), -170 + (i // 120) * 3.0, DAY + timedelta(days=i % 300))
        for i in range(6000)
    ]
    assert len(cluster_events(events)) == 6000
