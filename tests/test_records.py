"""The pure incident -> record layer shared by every export."""

from __future__ import annotations

from mapper.models import EVENT_TYPES, Incident, Mention
from mapper.records import (
    ACLED_TYPES,
    TIME_PRECISION_CODES,
    country_name,
    csv_row,
    link_rows,
    mention_row,
)
from mapper.symbology import TYPE_STYLES, kml_color, type_style


def test_every_event_type_has_a_style_and_an_acled_class_or_is_other() -> None:
    assert tuple(TYPE_STYLES) == EVENT_TYPES
    assert set(ACLED_TYPES) == set(EVENT_TYPES) - {"other"}
    assert len({s.color for s in TYPE_STYLES.values()}) == len(EVENT_TYPES)
    assert type_style("made_up").label == "Made up"


def test_time_precision_codes_follow_acled() -> None:
    assert TIME_PRECISION_CODES == {"day": 1, "week": 2, "month": 3, "year": 3, "unknown": 3}


def test_country_name_and_kml_color() -> None:
    assert country_name("IQ") == "Iraq"
    assert country_name("") == "" and country_name("ZZ") == ""
    assert kml_color("#ff7f0e") == "ff0e7fff"


def test_csv_row_splits_actors_and_keeps_unknowns_empty(incidents: tuple[Incident, ...]) -> None:
    row = csv_row(incidents[3])
    assert (row["actor1"], row["actor2"], row["fatalities"]) == ("", "", None)
    assert row["country"] == "Iraq" and row["geo_precision"] == 1


def test_link_rows_skip_missing_targets(incidents: tuple[Incident, ...]) -> None:
    rows = link_rows(incidents)
    assert [(r["source_id"], r["target_id"]) for r in rows] == [("inc-strike", "inc-rockets")]
    assert link_rows(incidents[:1]) == []  # its target is not in the set


def test_mention_row_only_for_resolved(mentions: tuple[Mention, ...]) -> None:
    rows = [mention_row(m) for m in mentions]
    assert rows[-1] is None
    first = rows[0]
    assert first is not None
    assert (first["name_as_written"], first["place_id"]) == ("Abu Kamal", "gn:abu-kamal")
