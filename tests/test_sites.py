"""Site choice with hand-made mentions: independent of the geoparser's state."""

from mapper.models import Mention, Place
from mapper.sites import choose_site, is_dateline

PLACES = {
    "Washington": Place("p-was", "Washington", 38.9, -77.04, "US", "city"),
    "Donetsk": Place("p-don", "Donetsk", 48.0, 37.8, "UA", "city"),
    "Kyiv": Place("p-kyi", "Kyiv", 50.45, 30.52, "UA", "city"),
    "San Diego": Place("p-sd", "San Diego", 32.7, -117.2, "US", "city"),
    "Al Qaim": Place("p-aq", "Al Qaim", 34.39, 40.99, "IQ", "city"),
    "Abu Kamal": Place("p-ak", "Abu Kamal", 34.45, 40.92, "SY", "city"),
    "Syria": Place("p-sy", "Syria", 35.0, 38.0, "SY", "country", uncertainty_km=300),
    "White House": Place("p-cas", "Casablanca", 33.6, -7.6, "MA", "city"),
    "Erbil": Place("p-erb", "Erbil", 36.19, 44.01, "IQ", "city"),
}


def _mentions(text: str) -> list[Mention]:
    found = []
    for name, place in PLACES.items():
        start = text.find(name)
        while start >= 0:
            found.append(Mention("d", start, start + len(name), name, place))
            start = text.find(name, start + 1)
    return sorted(found, key=lambda m: m.start)


def _site(text: str, trigger_word: str) -> str | None:
    site = choose_site(text, 0, len(text), text.index(trigger_word), _mentions(text))
    return site.location if site else None


def test_dateline_is_not_a_site() -> None:
    text = "WASHINGTON – The United States carried out airstrikes on Thursday."
    mention = Mention("d", 0, 10, "WASHINGTON", PLACES["Washington"])
    assert is_dateline(text, mention)
    assert choose_site(text, 0, len(text), text.index("airstrikes"), [mention]) is None


def test_attribution_place_is_not_the_site() -> None:
    text = "Shelling hit a trolleybus in Donetsk on Thursday, an official in Kyiv said."
    assert _site(text, "Shelling") == "Donetsk"


def test_where_someone_stayed_or_spoke_is_not_a_site() -> None:
    text = "Mr. Biden approved the strikes when his secretary was in a hotel in San Diego."
    assert _site(text, "strikes") is None


def test_capitalised_non_place_without_locative_slot_is_ignored() -> None:
    text = "A White House statement said the rocket attack in Erbil killed one."
    assert _site(text, "rocket attack") == "Erbil"


def test_between_two_places_is_near_both() -> None:
    text = "The airstrikes hit an area between Al Qaim and Abu Kamal."
    site = choose_site(text, 0, len(text), text.index("airstrikes"), _mentions(text))
    assert site is not None
    assert site.geo_precision == 2
    assert site.location == "between Al Qaim and Abu Kamal"
    assert 5 < site.uncertainty_km < 30


def test_region_gives_precision_three() -> None:
    text = "The United States carried out airstrikes in eastern Syria."
    site = choose_site(text, 0, len(text), text.index("airstrikes"), _mentions(text))
    assert site is not None and site.geo_precision == 3 and site.uncertainty_km >= 100


def test_border_is_placed_on_the_border_with_a_radius() -> None:
    text = "Facilities were struck near the Syrian-Iraqi border at three locations."
    site = choose_site(text, 0, len(text), text.index("struck"), [])
    assert site is not None
    assert site.geo_precision == 2
    assert 33.0 < site.lat < 37.5 and 38.5 < site.lon < 42.5
    assert site.uncertainty_km > 100


class _Lookup:
    """A facility/town lookup standing in for the gazetteer."""

    def __call__(self, name: str) -> Place | None:
        return None

    def town(self, name: str, country_code: str) -> Place | None:
        if name == "Kharkiv" and country_code == "UA":
            return Place("p-kh", "Kharkiv", 49.99, 36.23, "UA", "city")
        return None


def test_a_bare_province_name_means_its_town_unless_province_is_said() -> None:
    oblast = Place("p-kho", "Kharkivska oblast", 49.5, 36.5, "UA", "admin1", uncertainty_km=100)
    for text, expected in (
        ("Russian missiles hit Kharkiv on Thursday.", "Kharkiv"),
        ("Russian missiles hit Kharkiv province on Thursday.", "Kharkivska oblast"),
    ):
        start = text.index("Kharkiv")
        mention = Mention("d", start, start + 7, "Kharkiv", oblast)
        site = choose_site(text, 0, len(text), text.index("missiles"), [mention], _Lookup())
        assert site is not None and site.location == expected, text


def test_an_opening_place_frames_the_sentence_but_a_speaker_place_does_not() -> None:
    text = "In Donetsk, officials said shelling hit a market."
    assert _site(text, "shelling") == "Donetsk"
    text = "An official in Kyiv said shelling hit a market."
    assert _site(text, "shelling") is None
