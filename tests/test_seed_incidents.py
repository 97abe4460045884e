"""The issue's acceptance list on the five seed articles."""

from datetime import date

from mapper.geo import haversine_km

ABU_KAMAL = (34.45, 40.92)
ERBIL = (36.19, 44.01)
BAGHDAD = (33.31, 44.37)
AIN_AL_ASAD = (33.79, 42.44)
FEB_ARTICLES = {
    "000_1838aaa0b250feb6",
    "001_478670fe5b74dd64",
    "002_db2c456a55f36cb7",
    "004_8c582f0cff60fa21",
}


def _near(incident, point, km):  # type: ignore[no-untyped-def]
    return haversine_km((incident.lat, incident.lon), point) <= km


def _find(incidents, event_types, point, km, day):  # type: ignore[no-untyped-def]
    found = [
        i
        for i in incidents
        if i.event_type in event_types
        and _near(i, point, km)
        and i.date_start is not None
        and i.date_start <= day <= (i.date_end or i.date_start)
    ]
    assert len(found) == 1, [(i.event_type, i.date_start, i.location) for i in incidents]
    return found[0]


def test_february_strike_is_one_incident_near_abu_kamal(seed_incidents) -> None:  # type: ignore[no-untyped-def]
    _, incidents = seed_incidents
    strike = _find(incidents, {"airstrike"}, ABU_KAMAL, 30, date(2021, 2, 26))
    assert {s.doc_id for s in strike.sources} >= FEB_ARTICLES
    assert strike.geo_precision == 2 and 5 <= strike.uncertainty_km <= 50
    assert {"Kataib Hezbollah", "Kataib Sayyid al-Shuhada"} <= set(strike.actors)


def test_erbil_rocket_attack_and_retaliation_link(seed_incidents) -> None:  # type: ignore[no-untyped-def]
    articles, incidents = seed_incidents
    erbil = _find(incidents, {"rocket_attack"}, ERBIL, 20, date(2021, 2, 15))
    assert {s.doc_id for s in erbil.sources} >= FEB_ARTICLES
    strike = _find(incidents, {"airstrike"}, ABU_KAMAL, 30, date(2021, 2, 26))
    links = [link for link in strike.links if link.target == erbil.id]
    assert [link.relation for link in links] == ["retaliation_for"]
    texts = {a.doc_id: a.text for a in articles}
    assert any(links[0].evidence in text for text in texts.values())


def test_june_strikes_near_the_border_with_low_precision(seed_incidents) -> None:  # type: ignore[no-untyped-def]
    _, incidents = seed_incidents
    (june,) = [i for i in incidents if i.date_start and i.date_start >= date(2021, 6, 20)]
    assert june.event_type == "airstrike"
    assert june.geo_precision >= 2 and june.uncertainty_km >= 100
    assert june.date_start in {date(2021, 6, 27), date(2021, 6, 28)}


def test_baghdad_drone_attack_of_9_june(seed_incidents) -> None:  # type: ignore[no-untyped-def]
    _, incidents = seed_incidents
    attack = _find(incidents, {"drone_attack"}, BAGHDAD, 30, date(2021, 6, 9))
    assert attack.time_precision == "day"


def test_january_2020_strike_and_the_answer_on_ain_al_asad(seed_incidents) -> None:  # type: ignore[no-untyped-def]
    _, incidents = seed_incidents
    strike = _find(incidents, {"drone_strike", "airstrike"}, BAGHDAD, 30, date(2020, 1, 15))
    answer = _find(
        incidents, {"rocket_attack", "missile_attack"}, AIN_AL_ASAD, 20, date(2020, 1, 20)
    )
    assert any(link.target == strike.id for link in answer.links)


def test_no_incident_where_people_only_spoke(seed_incidents, gazetteer) -> None:  # type: ignore[no-untyped-def]
    _, incidents = seed_incidents
    for name in ("Washington", "San Diego", "Vienna", "New York", "Tehran", "Casablanca"):
        best = gazetteer.lookup(name, limit=1)
        if not best:
            continue
        spot = (best[0].place.lat, best[0].place.lon)
        assert not any(_near(i, spot, 100) for i in incidents), name
    assert all(i.country_code in {"IQ", "SY"} for i in incidents)


def test_every_quote_is_verbatim(seed_incidents) -> None:  # type: ignore[no-untyped-def]
    articles, incidents = seed_incidents
    texts = {a.doc_id: a.text for a in articles}
    for incident in incidents:
        for source in incident.sources:
            assert texts[source.doc_id][source.start : source.end] == source.quote
