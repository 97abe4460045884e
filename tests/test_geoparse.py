"""Geoparsing: recognition filters, context resolution, offsets, and ``mapper geoparse``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from mapper.cli import app
from mapper.geoparse import GeoParser, mentions_record, toponym_record
from mapper.models import Mention

runner = CliRunner()


@pytest.fixture(scope="module")
def parser(tiny_gazetteer: Any) -> GeoParser:
    return GeoParser(tiny_gazetteer)


def places(parser: GeoParser, text: str) -> list[tuple[str, str]]:
    """(surface, place id) of every mention, in order."""
    return [(m.surface, m.place.place_id if m.place else "") for m in parser.parse("d", text)]


def surfaces(parser: GeoParser, text: str) -> list[str]:
    return [surface for surface, _ in places(parser, text)]


def test_offsets_index_the_text_and_are_sorted(parser: GeoParser) -> None:
    text = "Rockets hit Erbil, Iraq, on Monday. Later, Baghdad and Mosul reported attacks."
    mentions = parser.parse("doc", text)
    assert [m.surface for m in mentions] == ["Erbil", "Iraq", "Baghdad", "Mosul"]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface
        assert mention.doc_id == "doc"
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)


def test_longest_match_wins(parser: GeoParser) -> None:
    text = "Drones targeted Erbil International Airport in Iraq."
    assert places(parser, text)[0] == ("Erbil International Airport", "t:erbil-airport")


def test_upper_case_dateline_is_a_place(parser: GeoParser) -> None:
    text = "BAGHDAD — Iraqi officials said rockets struck near the airport."
    assert places(parser, text)[0] == ("BAGHDAD", "t:baghdad")
    assert places(parser, "WASHINGTON – The Pentagon said on Friday.")[0] == (
        "WASHINGTON",
        "t:dc",
    )


def test_people_named_like_places_are_not_places(parser: GeoParser) -> None:
    text = "Mr. Jordan met Michael Jordan in Baghdad. Jordan closed its border with Syria."
    mentions = parser.parse("d", text)
    assert [m.surface for m in mentions] == ["Baghdad", "Jordan", "Syria"]
    assert mentions[1].start == text.index("Jordan closed")


def test_organisations_named_after_places_are_not_places(parser: GeoParser) -> None:
    text = (
        "Kataib Hezbollah was blamed, Kurdistan 24 reported, citing the Washington "
        "Institute. The Camp David Accords were signed in 1978."
    )
    assert surfaces(parser, text) == []


def test_firms_and_conjunctions(parser: GeoParser) -> None:
    assert surfaces(parser, "The firm Paris & Wilkinson sued the city.") == []
    # "and" is not a locative word: a given name after it is still a person.
    assert surfaces(parser, "Tim and Mary said they would stay in Erbil.") == ["Erbil"]


def test_common_words_need_support(parser: GeoParser) -> None:
    assert surfaces(parser, "Hit by rockets, the convoy turned back.") == []
    assert surfaces(parser, "The song was a Hit with fans.") == []
    assert places(parser, "Militants entered the town of Hit in Anbar.") == [
        ("Hit", "t:hit"),
        ("Anbar", "t:iraq-anbar".replace("iraq", "iq")),
    ]


def test_calendar_words_are_never_places(parser: GeoParser) -> None:
    assert surfaces(parser, "In March, officials in Paris met.") == ["Paris"]


def test_place_comma_state_settles_the_reading(parser: GeoParser) -> None:
    assert places(parser, "He grew up in Paris, Texas, and later moved.")[0] == (
        "Paris",
        "t:paris-tx",
    )
    assert places(parser, "The summit in Paris drew leaders from France.")[0] == (
        "Paris",
        "t:paris",
    )


def test_document_context_chooses_between_namesakes(parser: GeoParser) -> None:
    us = "Storms hit Atlanta on Monday. Georgia officials said roads in Georgia were closed."
    assert ("Georgia", "t:us-ga") in places(parser, us)
    caucasus = "Protesters gathered in Tbilisi. Georgia accused its neighbour."
    assert ("Georgia", "t:ge") in places(parser, caucasus)


def test_one_reading_per_name_per_document(parser: GeoParser) -> None:
    text = "Paris, Texas, is small. Paris has a water tower. Paris officials agree."
    assert {pid for surface, pid in places(parser, text) if surface == "Paris"} == {"t:paris-tx"}


def test_a_capital_is_not_displaced_by_general_context(parser: GeoParser) -> None:
    text = "Officials from Washington and Atlanta flew to talks in Paris."
    assert ("Paris", "t:paris") in places(parser, text)


def test_a_loose_spelling_does_not_displace_an_exact_capital(parser: GeoParser) -> None:
    # Cabool, Missouri is "Kabul" only by a loose spelling; the country and state context of
    # a story about American soldiers is not enough to move Kabul to Missouri.
    text = (
        "Two soldiers died in a blast in Kabul. A Texas soldier was killed. Officials in "
        "Missouri said the other was from Washington. Texas flags flew at half-staff."
    )
    assert ("Kabul", "t:kabul") in places(parser, text)
    # An explicit container still settles the reading.
    assert ("Kabul", "t:cabool") in places(parser, "A storm hit Kabul, Mo., on Sunday.")


def test_two_namesakes_do_not_prop_each_other_up(parser: GeoParser) -> None:
    # Washington, Missouri and Cabool, Missouri ("Kabul") lie in one state: each would
    # support the other's reading. A story from Washington about Kabul means neither.
    text = (
        "WASHINGTON — A senator from Texas said in Washington that the United States must "
        "respond to the bombing of a school in Kabul. The bombing in Kabul killed 20 students."
    )
    found = set(places(parser, text))
    assert ("Kabul", "t:kabul") in found
    assert ("Washington", "t:dc") in found
    assert ("WASHINGTON", "t:dc") in found
    assert not {("Washington", "t:washington-mo"), ("Kabul", "t:cabool")} & found


def test_capital_outranks_state_of_the_same_name(parser: GeoParser) -> None:
    text = "Officials in Washington said the U.S. would respond."
    assert places(parser, text)[0] == ("Washington", "t:dc")


def test_abbreviation_after_a_place_is_the_state(parser: GeoParser) -> None:
    found = places(parser, "A storm hit Mobile, Ala., on Sunday.")
    assert found == [("Mobile", "t:mobile"), ("Ala.", "t:us-al")]


def test_demonyms_are_optional(tiny_gazetteer: Any) -> None:
    text = "Iraqi forces entered Mosul."
    assert surfaces(GeoParser(tiny_gazetteer), text) == ["Mosul"]
    assert surfaces(GeoParser(tiny_gazetteer, demonyms=True), text) == ["Iraqi", "Mosul"]


def test_unresolved_mentions_have_no_coordinates() -> None:
    record = toponym_record(Mention(doc_id="d", start=0, end=4, surface="Nowh"))
    assert record == {"start": 0, "end": 4, "name": "Nowh", "score": 0.0}


def test_records_carry_the_place() -> None:
    parsed = mentions_record("x", [])
    assert parsed == {"id": "x", "toponyms": []}


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_gives_valid_offsets(tiny_gazetteer: Any, text: str) -> None:
    mentions = GeoParser(tiny_gazetteer).parse("h", text)
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.surface


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "Erbil",
                "Iraq",
                "in",
                "Mr.",
                "Jordan",
                "BAGHDAD",
                "—",
                "Hit",
                ",",
                "Ga.",
                "’s",
                "Paris",
                "Texas",
                "al-",
                "Abu",
                "Kamal",
                "\n",
                "é",
                "Washington",
                "Institute",
                "24",
            ]
        ),
        max_size=40,
    )
)
def test_place_words_in_any_order_give_valid_offsets(tiny_gazetteer: Any, words: list[str]) -> None:
    text = " ".join(words)
    mentions = GeoParser(tiny_gazetteer).parse("h", text)
    assert [m.start for m in mentions] == sorted(m.start for m in mentions)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.surface


@pytest.fixture()
def tiny_cli(monkeypatch: pytest.MonkeyPatch, tiny_gazetteer: Any) -> None:
    import mapper.gazetteer

    monkeypatch.setattr(mapper.gazetteer, "load_gazetteer", lambda: tiny_gazetteer)


def test_geoparse_command_reads_jsonl_and_text_files(tmp_path: Path, tiny_cli: None) -> None:
    corpus = tmp_path / "docs.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": "Rockets hit Erbil, Iraq."})
        + "\n"
        + json.dumps({"id": "b", "text": "Nothing here\u2028at all."})
        + "\n",
        encoding="utf-8",
    )
    article = tmp_path / "story.txt"
    article.write_text("BAGHDAD — Explosions shook Baghdad.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["geoparse", str(corpus), str(article), "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["id"] for line in lines] == ["a", "b", "story"]
    first = lines[0]["toponyms"][0]
    assert (first["start"], first["end"], first["name"]) == (12, 17, "Erbil")
    assert {"lat", "lon", "place_id", "country_code", "feature", "score"} <= set(first)
    assert lines[1]["toponyms"] == []
    assert [t["name"] for t in lines[2]["toponyms"]] == ["BAGHDAD", "Baghdad"]


def test_geoparse_command_reads_the_text_files_of_a_folder(tmp_path: Path, tiny_cli: None) -> None:
    (tmp_path / "b.txt").write_text("Mosul", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Erbil", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("file,outlet\nb.txt,X\n", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(tmp_path)])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.output.splitlines()] == ["a", "b"]


def test_geoparse_command_prints_to_stdout(tmp_path: Path, tiny_cli: None) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Mosul", encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(article)])
    assert result.exit_code == 0
    assert json.loads(result.output)["toponyms"][0]["name"] == "Mosul"


def test_geoparse_command_reports_bad_input_in_one_line(tmp_path: Path, tiny_cli: None) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "text": "ok"}\n{not json\n', encoding="utf-8")
    result = runner.invoke(app, ["geoparse", str(bad)])
    assert result.exit_code != 0
    assert "bad.jsonl:2" in result.output
    missing = runner.invoke(app, ["geoparse", str(tmp_path / "nope.txt")])
    assert missing.exit_code != 0
    assert "no such file" in missing.output


@pytest.mark.slow
def test_seed_places_are_found_and_placed(seeds_dir: Path) -> None:
    """Uses the real gazetteer (builds its index on first use)."""
    from mapper.gazetteer import load_gazetteer
    from mapper.geo import haversine_km
    from mapper.geoparse import find_mentions

    expected = {
        "Erbil": (36.19, 44.01),
        "Abu Kamal": (34.45, 40.92),
        "Al Bukamal": (34.45, 40.92),
        "Al Qaem": (34.39, 40.99),
        "Ain al Assad": (33.79, 42.44),
        "Deir Ezzour": (35.33, 40.14),
        "Anbar": (33.4, 42.0),
        "Baghdad": (33.34, 44.4),
        "Mosul": (36.34, 43.12),
        "San Diego": (32.72, -117.16),
    }
    gazetteer = load_gazetteer()
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        mentions = find_mentions(path.stem, text, gazetteer)
        for name, point in expected.items():
            start = text.find(name)
            while start >= 0:
                hits = [m for m in mentions if m.start <= start < m.end]
                assert hits, f"{path.name}: {name!r} at {start} not found"
                place = hits[0].place
                assert place is not None
                assert haversine_km((place.lat, place.lon), point) < 60, (path.name, name, place)
                start = text.find(name, start + 1)


class _VersionedNames:
    def __init__(self, folder: Path, names: list[str]) -> None:
        self.index_path = folder / "gazetteer-test.sqlite"
        self.names = names
        self.asked = 0

    def keys(self) -> list[str]:
        self.asked += 1
        return self.names

    def names_version(self) -> str:
        return "test-v1"


def test_name_set_is_cached_next_to_the_index(tmp_path: Path) -> None:
    from mapper.geoparse.names_cache import cache_path, cached_names

    source = _VersionedNames(tmp_path, ["baghdad", "new york", "x", "bad_key!"])
    source.index_path.touch()
    assert cached_names(source) == ["baghdad", "new york"]
    assert cache_path(source).is_file()
    assert cached_names(source) == ["baghdad", "new york"]
    assert source.asked == 1


def test_name_sets_of_deleted_indexes_are_forgotten(tmp_path: Path) -> None:
    from mapper.geoparse.names_cache import cache_path, cached_names

    gone = _VersionedNames(tmp_path, ["baghdad"])
    gone.index_path = tmp_path / "gazetteer-gone.sqlite"
    gone.index_path.touch()
    cached_names(gone)
    assert cache_path(gone).is_file()
    gone.index_path.unlink()
    current = _VersionedNames(tmp_path, ["baghdad"])
    current.index_path.touch()
    cached_names(current)
    assert cache_path(current).is_file()
    assert not cache_path(gone).exists()


def test_frequent_words_list_answers_as_wordfreq_does(tmp_path: Path) -> None:
    from wordfreq import zipf_frequency

    from mapper.geoparse.names_cache import cached_frequent_words
    from mapper.geoparse.recognise import FREQUENT_ZIPF

    source = _VersionedNames(tmp_path, [])
    frequent = cached_frequent_words(source)
    assert list(tmp_path.glob("wordfreq-*.frequent.txt"))  # cached for the next process
    assert cached_frequent_words(source) == frequent
    words = ["day", "the", "ford", "mobile", "hit", "baghdad", "erbil", "kamal", "qqqzzx", "a"]
    words += ["jordan", "washington", "paris", "mosul", "border", "strike", "camp", "david"]
    for word in words:
        assert (word in frequent) == (zipf_frequency(word, "en") >= FREQUENT_ZIPF), word


def test_frequent_words_without_a_writable_cache(tmp_path: Path) -> None:
    from mapper.geoparse.names_cache import cached_frequent_words

    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    source = _VersionedNames(blocked / "cache", [])
    assert "the" in cached_frequent_words(source)
    assert not list(tmp_path.glob("**/*.tmp"))
