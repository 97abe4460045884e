from datetime import date

from mapper.events import extract_events
from mapper.geoparse import find_mentions
from mapper.models import Article


def _events(text: str, gazetteer, published: date | None = date(2022, 5, 13)):  # type: ignore[no-untyped-def]
    article = Article("doc", text, "", published=published)
    return extract_events(article, find_mentions("doc", text, gazetteer))


def test_quotes_are_verbatim_and_dates_resolved(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A car bomb exploded in a crowded market in Baghdad on Thursday evening, "
        "killing at least 14 people, police said."
    )
    (event,) = _events(text, gazetteer)
    assert text[event.start : event.end] == event.quote
    assert event.event_type == "car_bombing"
    assert event.date_start == date(2022, 5, 12)
    assert event.location == "Baghdad"
    assert (event.fatalities_low, event.fatalities_high) == (14, 14)


def test_hypothetical_only_article_has_no_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "WASHINGTON — The Pentagon said it would consider airstrikes against militia "
        "targets in Iraq if the attacks continued. No decision had been made."
    )
    assert [e for e in _events(text, gazetteer) if e.lat is not None] == []


def test_recounted_past_event_is_its_own_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A roadside bomb killed a policeman in Tikrit on Saturday, officials said.\n"
        "A car bombing in Tikrit in January 2020 killed nine people."
    )
    events = sorted(_events(text, gazetteer, date(2021, 3, 8)), key=lambda e: e.start)
    assert [(e.event_type, e.date_start) for e in events] == [
        ("ied", date(2021, 3, 6)),
        ("car_bombing", date(2020, 1, 1)),
    ]


def test_retaliation_cue_links_the_answered_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Israeli jets struck targets near Tyre in southern Lebanon on Tuesday in response "
        "to a rocket attack on northern Israel, the army said."
    )
    events = {e.event_key: e for e in _events(text, gazetteer, date(2023, 10, 18))}
    strike = next(e for e in events.values() if e.event_type == "airstrike")
    (relation, target, evidence) = strike.links[0]
    assert relation == "retaliation_for"
    assert events[target].event_type == "rocket_attack"
    assert evidence == text
    assert strike.answers is events[target]


def test_two_places_same_day_are_two_events(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Russian warplanes carried out airstrikes on the city of Idlib on Wednesday, killing "
        "five civilians.\nOn the same day, airstrikes hit the outskirts of Latakia, killing two."
    )
    events = [e for e in _events(text, gazetteer, date(2020, 2, 13)) if e.lat is not None]
    assert len(events) == 2
    assert {e.date_start for e in events} == {date(2020, 2, 12)}


def test_a_specific_report_refines_a_general_type(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Officials have blamed previous bombings in the region on militants.\n"
        "In August 2016, a suicide bomber killed 57 people at a wedding in Gaziantep."
    )
    placed = [e for e in _events(text, gazetteer, date(2017, 3, 8)) if e.lat is not None]
    assert [(e.event_type, e.fatalities_low) for e in placed] == [("suicide_bombing", 57)]


def test_days_after_a_vowed_revenge_is_a_retaliation_dated_by_the_first_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Militants killed two police officers in Kirkuk on Monday.\n"
        "The group vowed to avenge the airstrike in Mosul in March 2019, which killed its "
        "commander. Days after the strike, the group launched rocket attacks on an army base "
        "in Tikrit, wounding six soldiers."
    )
    events = {e.event_key: e for e in _events(text, gazetteer, date(2021, 3, 8))}
    rockets = next(e for e in events.values() if e.event_type == "rocket_attack")
    strike = next(e for e in events.values() if e.event_type == "airstrike")
    assert ("retaliation_for", strike.event_key) in [(r, k) for r, k, _ in rockets.links]
    assert (rockets.date_start, rockets.date_end) == (date(2019, 3, 1), date(2019, 3, 31))
    assert rockets.time_precision == "month"


def test_a_district_the_gazetteer_lacks_is_placed_in_its_town(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Gunmen shot dead a shopkeeper in the Zuhoor Qadim neighbourhood of Mosul on Sunday."
    (event,) = _events(text, gazetteer)
    assert event.location_raw == ("Zuhoor Qadim",)
    assert "Mosul" in event.location
    assert event.geo_precision == 2 and event.uncertainty_km >= 10


def _placed(text: str, gazetteer):  # type: ignore[no-untyped-def]
    from mapper.events import facility_lookup

    article = Article("doc", text, "", published=date(2022, 5, 13))
    mentions = find_mentions("doc", text, gazetteer)
    return [e for e in extract_events(article, mentions, facility_lookup(gazetteer)) if e.lat]


def test_each_violent_clause_keeps_its_own_site(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Government forces launched an assault in the southern Idlib countryside on Monday, "
        "targeting the town of Kafr Nubl."
    )
    (event,) = _placed(text, gazetteer)
    # One event: at the town the second clause names, within the area the first one gives.
    assert set(event.location_raw) == {"Idlib", "Kafr Nubl"}
    assert event.geo_precision == 1


def test_unlisted_village_lies_in_the_country_of_the_home_army(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "The Somali National Army stormed the village of Qorqor Dheer on Tuesday, killing four."
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Qorqor Dheer",)
    assert (event.country_code, event.geo_precision) == ("SO", 3)
    assert event.uncertainty_km >= 100


def test_home_army_with_a_foreign_ally_places_nothing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "The Iraqi army, backed by American helicopters, stormed the village of Qorqor Dheer."
    assert _placed(text, gazetteer) == []


def test_reference_point_yields_to_the_place_near_the_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Gunmen ambushed a minibus on a highway west of the capital Kabul, near Maidan Shahr, "
        "killing three passengers."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Maidan Shahr",)


def test_country_in_slot_before_a_violent_verb_is_the_site(gazetteer) -> None:  # type: ignore[no-untyped-def]
    (event,) = _placed("Soldiers in Mali killed 12 villagers during a raid on Sunday.", gazetteer)
    assert (event.country_code, event.geo_precision) == ("ML", 3)


def test_leading_police_said_is_not_a_trailing_attribution(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "On Sunday night, police said a bomb killed two shoppers in Kirkuk's neighbourhood "
        "of Shorja Tappa."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Shorja Tappa",)
    assert event.location == "Shorja Tappa (Kirkuk)"


def test_home_air_force_places_an_unlisted_area_in_its_country(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Jets of the Syrian Air Force struck rebel positions in the Umm Zeituna area on "
        "Friday, killing six fighters."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Umm Zeituna",)
    assert (event.country_code, event.geo_precision) == ("SY", 3)


def test_a_foreign_air_force_places_nothing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Jets of the Russian Air Force struck rebel positions in the Umm Zeituna area on "
        "Friday, killing six fighters."
    )
    assert _placed(text, gazetteer) == []


def test_the_perimeter_of_a_village_names_the_village(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Rebels stormed the southern perimeter of Khirbet Zeituna on Tuesday, killing nine "
        "soldiers, the Syrian Arab Army said."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Khirbet Zeituna",)
    assert event.country_code == "SY" and event.uncertainty_km >= 100


def test_the_one_country_of_the_sentence_holds_an_uncontained_village(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighters loyal to the government clashed with rebels at the outskirts of Khirbet "
        "Zeituna on Sunday; in Aleppo and Hama, shops stayed shut."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Khirbet Zeituna",)
    assert (event.country_code, event.geo_precision) == ("SY", 3)


def test_a_facility_named_after_its_town_lies_in_the_town(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Gunmen stormed the Mosul Technical College on Monday, killing two guards."
    (event,) = _placed(text, gazetteer)
    assert event.country_code == "IQ" and event.geo_precision == 2
    assert event.uncertainty_km <= 50


def test_a_military_airport_is_the_air_base_of_that_name(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from mapper.events import facility_lookup

    lookup = facility_lookup(gazetteer)
    direct = lookup.named("Tiyas Air Base")
    swapped = lookup.named("Tiyas Military Airport")
    assert direct is not None and swapped is not None
    assert swapped[0].place_id == direct[0].place_id and swapped[1]
    assert lookup.named("Qqxzvw Military Airport") is None


def test_the_one_country_the_sentence_names_holds_an_unlisted_village(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Fighters of a Syrian jihadist group stormed the small village of Khirbet Zeituna "
        "on Sunday, killing four."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Khirbet Zeituna",)
    assert (event.country_code, event.geo_precision) == ("SY", 3)


def test_foreign_troops_do_not_name_the_country_of_a_village(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "American troops raided the small village of Khirbet Zeituna on Sunday, killing four."
    assert _placed(text, gazetteer) == []


def test_a_definite_bomb_that_blew_up_at_a_place_is_placed_there(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The bomb, believed to have been attached to a car belonging to a staff member, "
        "blew up at Keysansey hospital in northern Mogadishu on Monday."
    )
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Keysansey",) and event.country_code == "SO"


def test_where_workers_come_from_is_no_movement(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels gunned down five laborers from Bihar near the town of Dibrugarh."
    (event,) = _placed(text, gazetteer)
    assert event.location_raw == ("Dibrugarh",)


def test_a_country_under_another_name_does_not_name_a_local_feature(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The Syrian Arab Army stormed the jihadist-held Al-Fijah Springs in Wadi Barada on "
        "Monday, killing four."
    )
    events = _placed(text, gazetteer)
    assert all(e.country_code != "FJ" for e in events)
    assert any("Al-Fijah" in raw for e in events for raw in e.location_raw)


def test_a_word_of_an_organisations_name_is_no_site(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "In August 2013, a coalition of Free Syrian Army and Salafist groups launched a "
        "powerful assault to conquer the town."
    )
    assert all(e.country_code != "ZA" for e in _placed(text, gazetteer))


def test_a_continued_offensive_at_a_named_place_is_an_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from mapper.events import facility_lookup

    text = (
        "Government troops continued their offensive in the Homs Governorate on Friday, "
        "targeting rebel positions in the hills."
    )
    article = Article("doc", text, "", published=date(2022, 5, 13))
    mentions = find_mentions("doc", text, gazetteer)
    (event,) = extract_events(article, mentions, facility_lookup(gazetteer))
    assert event.lat is not None and event.location_raw == ("Homs Governorate",)


def test_a_later_summary_of_other_attacks_does_not_hide_the_reported_killing(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Last week, a truck driver was shot dead in Iraq by gunmen from a cell blamed for "
        "a series of bombings elsewhere."
    )
    (event,) = [e for e in _events(text, gazetteer) if e.lat is not None]
    assert event.location_raw == ("Iraq",) and event.geo_precision == 3


def test_a_counted_instrument_keeps_its_type(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Nineteen people were killed on Sunday by two car bombs at a market in Baghdad."
    (event,) = _events(text, gazetteer)
    assert event.event_type == "car_bombing" and event.location == "Baghdad"


def test_a_launched_counter_attack_is_an_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Rebels launched a counter-attack in the Idlib Governorate on Sunday."
    (event,) = [e for e in _events(text, gazetteer) if e.lat is not None]
    assert event.location_raw == ("Idlib Governorate",)


def test_a_facility_spelled_otherwise_is_found_but_a_sound_alike_elsewhere_is_not(
    gazetteer,
) -> None:  # type: ignore[no-untyped-def]
    from mapper.events import facility_lookup

    lookup = facility_lookup(gazetteer)
    found = lookup.named("Shayraat Military Airport")
    assert found is not None and found[0].name == "Shayrat Air Base" and found[1] is False
    # A phonetic match is another facility: an airport in another country is no answer.
    assert lookup("Tabaqa airport") is None or lookup("Tabaqa airport").country_code == "SY"


def test_a_series_of_strikes_over_one_countryside_is_one_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "Jets carried out a series of airstrikes over the Idlib countryside, killing nine."
    events = [e for e in _events(text, gazetteer) if e.lat is not None]
    assert [e.location_raw for e in events] == [("Idlib",)]


def test_an_opening_phrases_definite_strikes_refer_back(gazetteer) -> None:  # type: ignore[no-untyped-def]
    from mapper.events import facility_lookup

    text = (
        "Helped by the airstrikes, the Syrian Arab Army stormed the hamlet of Qqrabiya on Monday."
    )
    article = Article("doc", text, "", published=date(2022, 5, 13))
    mentions = find_mentions("doc", text, gazetteer)
    (event,) = extract_events(article, mentions, facility_lookup(gazetteer))
    assert event.location_raw == ("Qqrabiya",) and event.country_code == "SY"


def test_a_relative_clause_about_the_place_does_not_name_the_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Dozens of shops were burned in Mombasa, the main port of the coast, which has seen "
        "the worst clashes of the year."
    )
    (event,) = _events(text, gazetteer)
    assert event.location == "Mombasa" and event.lat is not None


def test_the_blast_that_targeted_a_market_reports_the_event(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "The blast targeted a crowded market in the mainly Sunni Adhamiya district of Baghdad."
    (event,) = [e for e in _events(text, gazetteer) if e.lat is not None]
    assert event.country_code == "IQ"


def test_began_the_assault_by_storming_reports_a_raid(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = "The rebels began the assault by storming army checkpoints in Deir ez-Zor on Sunday."
    (event,) = [e for e in _events(text, gazetteer) if e.lat is not None]
    assert event.event_type == "raid"


def test_the_same_event_told_again_with_its_village_keeps_the_name(gazetteer) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Heavy fighting erupted in Jonglei State on Friday, after rebels launched an attack "
        "on Qqpal village in Jonglei State."
    )
    (event,) = [e for e in _events(text, gazetteer) if e.lat is not None]
    assert "Qqpal" in event.location_raw
