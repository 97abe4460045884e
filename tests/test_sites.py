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


def test_a_place_the_gazetteer_lacks_is_placed_through_its_containing_town() -> None:
    text = "Gunmen killed a village elder in Donetsk's Yasynuvatka district on Sunday night."
    site = choose_site(text, 0, len(text), text.index("killed"), _mentions(text))
    assert site is not None
    assert site.raw == ("Yasynuvatka",)
    assert (site.lat, site.lon) == (48.0, 37.8)
    assert site.geo_precision == 2 and site.uncertainty_km >= 10


def test_the_village_of_x_near_a_town_is_the_site_not_the_town() -> None:
    text = "Rebels stormed the village of Kharbit al-Nahr near Abu Kamal, killing four people."
    site = choose_site(text, 0, len(text), text.index("stormed"), _mentions(text))
    assert site is not None and site.raw == ("Kharbit al-Nahr",)
    assert site.geo_precision == 2


def test_a_speakers_place_does_not_contain_an_unlisted_site() -> None:
    text = "Shelling hit the Oktyabrsky district, an official in Kyiv said."
    assert choose_site(text, 0, len(text), text.index("Shelling"), _mentions(text)) is None


class _Facilities:
    """A facility lookup that knows one base under a slightly different name."""

    base = Place("p-bdsc", "Baghdad Diplomatic Support Center", 33.276, 44.245, "IQ", "base")

    def __call__(self, name: str) -> Place | None:
        return self.base if name == self.base.name else None

    def named(self, name: str) -> tuple[Place, bool] | None:
        if name == self.base.name:
            return self.base, True
        return (self.base, False) if name == "Baghdad Diplomatic Service Center" else None


def test_a_facility_named_with_one_word_different_is_near_that_facility() -> None:
    text = (
        "A drone attack hit a complex known as the Baghdad Diplomatic Service Center, "
        "near the Baghdad airport."
    )
    site = choose_site(text, 0, len(text), text.index("drone"), _mentions(text), _Facilities())
    assert site is not None and site.location == "Baghdad Diplomatic Support Center"
    assert site.geo_precision == 2 and site.uncertainty_km >= 5


class _Spellings:
    """A lookup that knows a village under another spelling, near Abu Kamal."""

    village = Place("p-tasil", "Tasīl", 34.5, 40.95, "SY", "city")

    def __call__(self, name: str) -> Place | None:
        return None

    def near(self, name: str, container: Place, reach_km: float) -> Place | None:
        return self.village if name == "Taseel" and container.name == "Abu Kamal" else None


def test_an_unlisted_name_spelled_otherwise_near_its_container_takes_that_point() -> None:
    text = "Militants stormed the village of Taseel near Abu Kamal on Sunday."
    site = choose_site(text, 0, len(text), text.index("stormed"), _mentions(text), _Spellings())
    assert site is not None and site.location == "Tasīl" and site.raw == ("Taseel",)
    assert (site.lat, site.lon) == (34.5, 40.95) and site.geo_precision == 2


def test_spellings_alike_are_transliterations_not_other_names() -> None:
    from mapper.events import _spelled_alike

    assert _spelled_alike("Sheikh Miskeen", "Shaykh Miskīn")
    assert _spelled_alike("Tal Rifa’at", "Tall Rif‘at")
    assert not _spelled_alike("Khirbet Suda", "Qabbāsīn")


class _Countries:
    """A lookup that knows one country."""

    somalia = Place("p-so", "Somalia", 10.0, 49.0, "SO", "country", uncertainty_km=300)

    def __call__(self, name: str) -> Place | None:
        return None

    def country(self, code: str) -> Place | None:
        return self.somalia if code == "SO" else None


def test_a_nationality_word_gives_the_country_of_an_unlisted_town() -> None:
    text = "U.S. missiles destroyed a house in the central Somali town of Dusamareeb."
    site = choose_site(text, 0, len(text), text.index("destroyed"), [], _Countries())
    assert site is not None and site.raw == ("Dusamareeb",)
    assert site.country_code == "SO" and site.geo_precision == 3 and site.uncertainty_km >= 300


def test_a_reference_point_after_the_site_is_not_the_site() -> None:
    text = "In Donetsk, 700 km southeast of Kyiv, two men were shot dead on Sunday."
    assert _site(text, "shot") == "Donetsk"


def test_an_appositive_town_is_in_the_slot_of_its_description() -> None:
    text = "A bomb killed nine people in Ukraine's largest eastern city, Donetsk, on Friday."
    assert _site(text, "bomb") == "Donetsk"


def test_where_a_source_is_is_not_the_site() -> None:
    text = "According to a military source in Xville, jets struck rebel positions on Sunday."
    place = Place("p-x", "Xville", 1.0, 1.0, "SY", "city", uncertainty_km=10)
    mention = Mention("doc", text.index("Xville"), text.index("Xville") + 6, "Xville", place)
    assert choose_site(text, 0, len(text), text.index("struck"), [mention]) is None


def test_a_violent_participle_opens_a_locative_slot() -> None:
    text = "Troops are storming the Qqxz District of Aleppo on Monday."
    aleppo = Place("p-a", "Aleppo", 36.2, 37.15, "SY", "city", uncertainty_km=15)
    start = text.index("Aleppo")
    mention = Mention("doc", start, start + 6, "Aleppo", aleppo)
    site = choose_site(text, 0, len(text), text.index("storming"), [mention])
    assert site is not None and site.raw == ("Qqxz",) and site.geo_precision == 2


def test_shells_fired_towards_a_place_hit_it() -> None:
    text = "Rebels fired mortar shells towards Qqxz on Monday, killing four."
    place = Place("p-q", "Qqxz", 36.2, 37.15, "SY", "city", uncertainty_km=10)
    start = text.index("Qqxz")
    mention = Mention("doc", start, start + 4, "Qqxz", place)
    site = choose_site(text, 0, len(text), text.index("shells"), [mention])
    assert site is not None and site.raw == ("Qqxz",)
    moved = "Rebels fled towards Qqxz on Monday after clashes killed four."
    start = moved.index("Qqxz")
    mention = Mention("doc", start, start + 4, "Qqxz", place)
    assert choose_site(moved, 0, len(moved), moved.index("clashes"), [mention]) is None


def test_the_second_of_two_coordinated_names_keeps_the_slot() -> None:
    text = "Jets struck rebels at Qqxa and Qqxb on Monday."
    place = Place("p-b", "Qqxb", 36.2, 37.15, "SY", "city", uncertainty_km=10)
    start = text.index("Qqxb")
    mention = Mention("doc", start, start + 4, "Qqxb", place)
    site = choose_site(text, 0, len(text), text.index("struck"), [mention])
    assert site is not None and site.raw == ("Qqxb",)


def test_a_name_after_an_organisation_of_x_and_is_not_a_place() -> None:
    text = "Fighters of the Islamic State of Iraq and Qqxs attacked a checkpoint on Monday."
    place = Place("p-s", "Qqxs", 36.2, 37.15, "SY", "city", uncertainty_km=10)
    start = text.index("Qqxs")
    mention = Mention("doc", start, start + 4, "Qqxs", place)
    assert choose_site(text, 0, len(text), text.index("attacked"), [mention]) is None


class _Listed:
    """A lookup whose gazetteer lists one small town by its exact name, in one country."""

    town = Place("p-qq", "Qaryat Qqamar", 35.5, 38.5, "SY", "city")
    syria = Place("p-sy", "Syria", 35.0, 38.0, "SY", "country", uncertainty_km=300)

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    def __call__(self, name: str) -> Place | None:
        return None

    def country(self, code: str) -> Place | None:
        return self.syria if code == "SY" else None

    def listed(self, name: str, country_code: str = "") -> Place | None:
        self.asked.append((name, country_code))
        return self.town if name == "Qqamar" and country_code in ("", "SY") else None


def test_a_town_the_gazetteer_lists_but_the_geoparser_left_out_is_placed_by_its_name() -> None:
    text = "Rebels captured Qqamar on Sunday after heavy clashes."
    lookup = _Listed()
    site = choose_site(text, 0, len(text), text.index("captured"), [], lookup)
    assert site is not None and site.raw == ("Qqamar",) and site.location == "Qaryat Qqamar"
    # Found by its name alone: near that point, not exact.
    assert site.geo_precision == 2 and site.uncertainty_km >= 5
    assert lookup.asked == [("Qqamar", "")]


def test_a_listed_town_is_looked_up_in_the_country_the_sentence_gives() -> None:
    text = "The Syrian Arab Army stormed the village of Qqamar on Sunday."
    lookup = _Listed()
    site = choose_site(text, 0, len(text), text.index("stormed"), [], lookup)
    assert site is not None and (site.lat, site.lon) == (35.5, 38.5)
    assert ("Qqamar", "SY") in lookup.asked


def test_a_feature_named_like_a_town_is_not_taken_for_the_town() -> None:
    # "the X Mountains" are not the town X: the name stays unplaced without a container.
    text = "Rebels stormed the Qqamar Mountains on Sunday."
    assert choose_site(text, 0, len(text), text.index("stormed"), [], _Listed()) is None


def test_an_offensive_to_recapture_a_place_is_near_that_place() -> None:
    text = "The army launched an offensive to recapture Xville on Sunday."
    place = Place("p-x", "Xville", 36.2, 37.15, "SY", "city", uncertainty_km=5)
    start = text.index("Xville")
    mention = Mention("doc", start, start + 6, "Xville", place)
    site = choose_site(text, 0, len(text), text.index("offensive"), [mention])
    assert site is not None and site.raw == ("Xville",) and site.geo_precision == 2


def test_a_town_read_in_the_first_word_of_a_longer_name_gives_way_to_the_name() -> None:
    # "Tal" alone is a town elsewhere; "Tal Qqabra" is a village near Abu Kamal.
    text = "Militants attacked Tal Qqabra near Abu Kamal on Sunday."
    tal = Place("p-tal", "At Tall", 33.6, 36.3, "SY", "city", population=50000)
    mentions = [Mention("d", text.index("Tal"), text.index("Tal") + 3, "Tal", tal)]
    mentions += [m for m in _mentions(text) if m.surface == "Abu Kamal"]
    site = choose_site(text, 0, len(text), text.index("attacked"), mentions)
    assert site is not None and site.raw == ("Tal Qqabra",)
    assert (site.lat, site.lon) == (PLACES["Abu Kamal"].lat, PLACES["Abu Kamal"].lon)
    assert site.geo_precision == 2
    # An ordinary word after a town is not part of its name.
    text = "Militants attacked Abu Kamal Hospital on Sunday."
    site = choose_site(text, 0, len(text), text.index("attacked"), _mentions(text))
    assert site is not None and site.raw == ("Abu Kamal",)


def test_a_word_of_an_organisations_name_contains_no_unlisted_place() -> None:
    text = "Fighters of the Free Syrian Army launched an assault to conquer Qqamar city."
    free = Place("p-fs", "Free State", -28.5, 26.8, "ZA", "admin1", uncertainty_km=100)
    mentions = [Mention("d", text.index("Free"), text.index("Free") + 4, "Free", free)]
    site = choose_site(text, 0, len(text), text.index("assault"), mentions, _Listed())
    assert site is not None and site.country_code == "SY" and site.raw == ("Qqamar",)


def test_the_state_of_x_is_the_province_not_a_town_of_its_name() -> None:
    text = "Inmates in a prison in Qqcity in the southern state of Qqstate killed five guards."
    city = Place("p-c", "Qqcity", -25.0, -53.5, "BR", "city", population=250000)
    state = Place("p-s", "Qqstate", -24.5, -51.5, "BR", "admin1", uncertainty_km=200)
    mentions = [
        Mention("d", text.index("Qqcity"), text.index("Qqcity") + 6, "Qqcity", city),
        Mention("d", text.index("Qqstate"), text.index("Qqstate") + 7, "Qqstate", state),
    ]
    site = choose_site(text, 0, len(text), text.index("killed"), mentions, _Lookup())
    assert site is not None and site.location == "Qqcity"


def test_a_town_in_the_events_slot_beats_a_highway_and_the_place_it_is_near() -> None:
    text = "Rebels attacked the town of Qqtown along the Qqa-Qqb Highway on Sunday."
    town = Place("p-t", "Qqtown", 35.3, 36.7, "SY", "city", uncertainty_km=5)
    qqa = Place("p-a", "Qqa", 36.2, 37.1, "SY", "city", uncertainty_km=10)
    mentions = [
        Mention("d", text.index("Qqtown"), text.index("Qqtown") + 6, "Qqtown", town),
        Mention("d", text.index("Qqa"), text.index("Qqa") + 3, "Qqa", qqa),
    ]
    site = choose_site(text, 0, len(text), text.index("attacked"), mentions)
    assert site is not None and site.raw == ("Qqtown",)
    text = "Rebels attacked the town of Qqtown near Qqvillage on Sunday."
    mentions = [Mention("d", text.index("Qqtown"), text.index("Qqtown") + 6, "Qqtown", town)]
    site = choose_site(text, 0, len(text), text.index("attacked"), mentions)
    assert site is not None and site.raw == ("Qqtown",)


def test_a_home_armys_country_beats_a_container_read_in_a_distant_country() -> None:
    # "Qqdistant" is read as a town far away (another continent); the Syrian Air Force
    # fights at home, so the unlisted district lies in Syria, not next to that town.
    text = "The Syrian Air Force struck rebels at the Qqnew District after raids over Qqdistant."
    distant = Place("p-d", "Qqdistant", 24.0, 54.0, "AE", "city", population=30000)
    start = text.index("Qqdistant")
    mentions = [Mention("d", start, start + 9, "Qqdistant", distant)]
    site = choose_site(text, 0, len(text), text.index("struck"), mentions, _Listed())
    assert site is not None and site.raw == ("Qqnew",) and site.country_code == "SY"
    assert site.geo_precision == 3


def test_an_ayn_mark_before_a_name_keeps_its_locative_slot() -> None:
    text = "Troops are attacking rebel positions in ‘Qqayn on Tuesday."
    place = Place("p-q", "Qqayn", 33.6, 36.1, "SY", "city", uncertainty_km=5)
    start = text.index("Qqayn")
    mention = Mention("doc", start, start + 5, "Qqayn", place)
    site = choose_site(text, 0, len(text), text.index("attacking"), [mention])
    assert site is not None and site.raw == ("Qqayn",)


def test_a_countrys_border_does_not_name_the_country_of_an_unlisted_place() -> None:
    # "near the Turkish border": the village may lie on either side, so no Turkish point.
    text = "A car bomb exploded in the village of Qqborder near the Turkish border on Friday."
    turkey = Place("p-tr", "Turkey", 39.0, 35.0, "TR", "country", uncertainty_km=300)

    class _Turkey:
        def __call__(self, name: str) -> Place | None:
            return None

        def country(self, code: str) -> Place | None:
            return turkey if code == "TR" else None

    assert choose_site(text, 0, len(text), text.index("car bomb"), [], _Turkey()) is None
    text = "A car bomb exploded in the village of Qqborder in Turkish territory on Friday."
    site = choose_site(text, 0, len(text), text.index("car bomb"), [], _Turkey())
    assert site is not None and site.country_code == "TR"


def test_more_frames_name_places_the_gazetteer_lacks() -> None:
    aleppo = Place("p-a", "Aleppo", 36.2, 37.15, "SY", "city", uncertainty_km=15)
    for text, trigger, name in (
        ("Troops killed 20 in an attack on Qqvillage, in Aleppo province.", "attack", "Qqvillage"),
        ("The army captured Qqhill after killing 20 rebels near Aleppo.", "captured", "Qqhill"),
        ("Two men were found murdered in north Aleppo's Qqnagar on Monday.", "murdered", "Qqnagar"),
        ("Jets struck the rebel-held hilltop of Qqtop near Aleppo.", "struck", "Qqtop"),
    ):  # fmt: skip
        start = text.index("Aleppo")
        mention = Mention("d", start, start + 6, "Aleppo", aleppo)
        site = choose_site(text, 0, len(text), text.index(trigger), [mention])
        assert site is not None and site.raw == (name,), text
        assert site.geo_precision == 2 and (site.lat, site.lon) == (36.2, 37.15)


def test_an_ordinary_noun_in_a_slot_is_no_place_name() -> None:
    text = "Gunmen opened fire at Mosul's Square on Monday, killing two."
    mosul = Place("p-m", "Mosul", 36.34, 43.13, "IQ", "city", uncertainty_km=10)
    mention = Mention("d", text.index("Mosul"), text.index("Mosul") + 5, "Mosul", mosul)
    site = choose_site(text, 0, len(text), text.index("killing"), [mention])
    assert site is None or site.raw != ("Square",)


def test_and_the_nearby_x_keeps_the_locative_slot() -> None:
    text = "Jets struck positions at the provincial capital and the nearby Qqbase Airbase."
    base = Place("p-b", "Qqbase Air Base", 35.7, 38.5, "SY", "base", uncertainty_km=3)
    start = text.index("Qqbase")
    mention = Mention("d", start, start + len("Qqbase Airbase"), "Qqbase Airbase", base)
    site = choose_site(text, 0, len(text), text.index("struck"), [mention])
    assert site is not None and site.location == "Qqbase Air Base"


def test_a_town_named_after_the_centre_of_its_province_is_in_the_slot() -> None:
    text = "Insurgents captured the commercial centre of Qqstate State, Qqtown, killing 20."
    state = Place("p-s", "Qqstate", 10.0, 12.0, "NG", "admin1", uncertainty_km=100)
    town = Place("p-t", "Qqtown", 10.3, 13.3, "NG", "city", uncertainty_km=5)
    mentions = [
        Mention("d", text.index("Qqstate"), text.index("Qqstate") + 13, "Qqstate State", state),
        Mention("d", text.index("Qqtown"), text.index("Qqtown") + 6, "Qqtown", town),
    ]
    site = choose_site(text, 0, len(text), text.index("killing"), mentions)
    assert site is not None and site.location == "Qqtown"


def test_the_region_a_town_is_the_capital_of_only_locates_it() -> None:
    text = "Homes were burned in Qqtown, regional capital of the Qqrift Valley, on Monday."
    town = Place("p-t", "Qqtown", -0.3, 36.07, "KE", "city", uncertainty_km=5)
    mention = Mention("d", text.index("Qqtown"), text.index("Qqtown") + 6, "Qqtown", town)
    site = choose_site(text, 0, len(text), text.index("burned"), [mention])
    assert site is not None and site.location == "Qqtown"


def test_a_directed_region_name_is_a_place_and_an_organisations_country_is_not() -> None:
    # "Eastern Qqmoun region": a direction opening a longer name; the country of "the Islamic
    # State of Iraq" says nothing about where the sentence happens.
    text = "Fighters of the Islamic State of Iraq shot a Syrian pilot in the Eastern Qqmoun region."
    site = choose_site(text, 0, len(text), text.index("shot"), [], _Listed())
    assert site is not None and site.raw == ("Eastern Qqmoun",) and site.country_code == "SY"


def test_a_distance_to_the_container_widens_the_uncertainty() -> None:
    text = "Soldiers raided a house in Qqcoast, a coastal town 70 miles west of Qqcapital."
    capital = Place("p-c", "Qqcapital", -33.4, -70.6, "CL", "city", uncertainty_km=10)
    start = text.index("Qqcapital")
    mention = Mention("d", start, start + 9, "Qqcapital", capital)
    site = choose_site(text, 0, len(text), text.index("raided"), [mention])
    assert site is not None and site.raw == ("Qqcoast",) and site.uncertainty_km >= 110


def test_where_the_victims_were_travelling_is_the_site() -> None:
    text = "Gunmen killed five passengers travelling on a bus in Qqpass on Sunday."
    place = Place("p-q", "Qqpass", 34.4, 68.8, "AF", "city", uncertainty_km=5)
    mention = Mention("d", text.index("Qqpass"), text.index("Qqpass") + 6, "Qqpass", place)
    site = choose_site(text, 0, len(text), text.index("killed"), [mention])
    assert site is not None and site.raw == ("Qqpass",)
    # Someone travelling who only speaks of the event is still no site.
    text = "The attack was condemned by the minister, travelling in Qqpass on Monday."
    mention = Mention("d", text.index("Qqpass"), text.index("Qqpass") + 6, "Qqpass", place)
    assert choose_site(text, 0, len(text), text.index("attack"), [mention]) is None


def test_killed_on_the_way_to_a_district_is_placed_there() -> None:
    text = "An elder was killed on his way to his office in Mogadishu's Qqdistrict district."
    mogadishu = Place("p-m", "Mogadishu", 2.04, 45.34, "SO", "city", uncertainty_km=10)
    start = text.index("Mogadishu")
    mention = Mention("d", start, start + 9, "Mogadishu", mogadishu)
    site = choose_site(text, 0, len(text), text.index("killed"), [mention])
    assert site is not None and site.raw == ("Qqdistrict",) and site.geo_precision == 2


def test_a_village_read_in_a_distant_country_gives_way_to_the_frames_place() -> None:
    text = "Gunmen killed six in the village of Al-Qqdal in the Qqprov Province on Monday."
    stray = Place("p-x", "Qqdal", 7.0, -6.4, "CI", "city", population=400000)
    province = Place("p-p", "Qqprov", 25.4, 49.6, "SA", "admin1", uncertainty_km=100)
    mentions = [
        Mention("d", text.index("Qqdal"), text.index("Qqdal") + 5, "Qqdal", stray),
        Mention("d", text.index("Qqprov"), text.index("Qqprov") + 15, "Qqprov Province", province),
    ]
    site = choose_site(text, 0, len(text), text.index("killed"), mentions)
    assert site is not None and site.raw == ("Al-Qqdal",) and site.country_code == "SA"


class _Towns:
    """A lookup that knows the town a province is named after."""

    capital = Place("p-c", "Qqtown", 35.3, 40.1, "SY", "city", uncertainty_km=8)

    def __call__(self, name: str) -> Place | None:
        return None

    def town(self, name: str, country_code: str) -> Place | None:
        return self.capital if (name, country_code) == ("Qqtown", "SY") else None


def test_the_provincial_capital_is_the_town_of_the_province_the_sentence_names() -> None:
    text = (
        "Rebels attacked the Qqtown Governorate, and a car bomb exploded in the provincial capital."
    )
    province = Place("p-g", "Qqtown", 35.0, 40.0, "SY", "admin1", uncertainty_km=100)
    start = text.index("Qqtown")
    mentions = [Mention("d", start, start + 18, "Qqtown Governorate", province)]
    site = choose_site(text, 0, len(text), text.index("car bomb"), mentions, _Towns())
    assert site is not None and site.location == "Qqtown" and site.raw == ("provincial capital",)


def _at(text: str, name: str, place: Place) -> Mention:
    start = text.index(name)
    return Mention("d", start, start + len(name), name, place)


def test_directions_offensives_towards_and_descriptions() -> None:
    homs = Place("p-h", "Qqhoms", 34.7, 36.7, "SY", "city", uncertainty_km=10)
    town = Place("p-f", "Qqfur", 34.6, 37.1, "SY", "city", uncertainty_km=5)
    palm = Place("p-p", "Qqpalm", 34.55, 38.27, "SY", "city", uncertainty_km=8)
    # "to the north of X" is a direction, not a movement to X
    text = "Troops attacked the villages to the north of Qqfur on Thursday."
    site = choose_site(text, 0, len(text), text.index("attacked"), [_at(text, "Qqfur", town)])
    assert site is not None and site.raw == ("Qqfur",) and site.geo_precision == 2
    # an offensive towards X aims at X; a description after X only locates it
    text = "Rebels launched an offensive towards the countryside east of Qqfur, a town on the road between Qqhoms and Qqpalm."  # noqa: E501
    mentions = [_at(text, "Qqfur", town), _at(text, "Qqhoms", homs), _at(text, "Qqpalm", palm)]
    site = choose_site(text, 0, len(text), text.index("offensive"), mentions)
    assert site is not None and site.raw == ("Qqfur",)
    # "the X province to the west of Y": Y only locates X
    province = Place("p-c", "Qqprov", 36.2, 1.3, "DZ", "admin1", uncertainty_km=60)
    text = "Rebels killed 21 civilians in the Qqprov province to the west of Qqhoms."
    mentions = [_at(text, "Qqprov", province), _at(text, "Qqhoms", homs)]
    site = choose_site(text, 0, len(text), text.index("killed"), mentions, _Lookup())
    assert site is not None and site.raw == ("Qqprov",)


def test_capturing_a_village_puts_it_in_a_slot() -> None:
    text = "Militants executed 20 people after capturing Qqbuy village in northern Syria."
    syria = PLACES["Syria"]
    site = choose_site(text, 0, len(text), text.index("executed"), [_at(text, "Syria", syria)])
    assert site is not None and site.raw == ("Qqbuy",)


def test_an_airbase_written_in_lower_case_is_a_named_facility() -> None:
    base = Place("p-b", "Qqbase Air Base", 36.19, 37.58, "SY", "base", uncertainty_km=3)

    class _Base:
        def __call__(self, name: str) -> Place | None:
            return None

        def named(self, name: str) -> tuple[Place, bool] | None:
            return (base, True) if name == "Qqbase airbase" else None

    text = "Troops attacked rebel outposts at the Qqbase airbase on Monday."
    site = choose_site(text, 0, len(text), text.index("attacked"), [], _Base())
    assert site is not None and site.location == "Qqbase Air Base" and site.geo_precision == 1


def test_a_province_struck_in_the_passive_and_a_city_called_x_city() -> None:
    province = Place("p-i", "Qqlib", 35.8, 36.6, "SY", "admin1", uncertainty_km=60)
    text = "The rebel-held Qqlib province has been struck by a wave of bombings."
    site = choose_site(text, 0, len(text), text.index("struck"), [_at(text, "Qqlib", province)])
    assert site is not None and site.raw == ("Qqlib",)
    city = Place("p-d", "Qqdar", 32.6, 36.1, "SY", "city", uncertainty_km=8)
    text = "Jets are pounding positions around the southern perimeter of Qqdar City tonight."
    site = choose_site(text, 0, len(text), text.index("pounding"), [_at(text, "Qqdar", city)])
    assert site is not None and site.location == "Qqdar" and site.geo_precision == 2


def test_a_time_zone_named_after_a_city_is_no_place() -> None:
    text = "At 9 A.M. (Qqcap Time), gunmen stormed the checkpoint at the Qqtower area."
    capital = Place("p-c", "Qqcap", 33.5, 36.3, "SY", "city", uncertainty_km=15)
    site = choose_site(text, 0, len(text), text.index("stormed"), [_at(text, "Qqcap", capital)])
    assert site is None or "Qqcap" not in site.location


def test_a_country_word_in_coordinated_mountains_is_no_country() -> None:
    text = "Rebels lost 70 fighters while storming the Turkmen and Qqkurd Mountains."
    turkmenistan = Place("p-tm", "Turkmenistan", 39.0, 59.6, "TM", "country", uncertainty_km=300)
    site = choose_site(
        text, 0, len(text), text.index("storming"), [_at(text, "Turkmen", turkmenistan)]
    )
    assert site is None or site.country_code != "TM"


def test_the_flank_of_a_base_is_near_it() -> None:
    text = "Militants stormed positions at the northern flank of the Qqbase Airport on Sunday."
    base = Place("p-b", "Qqbase Airport", 35.28, 40.17, "SY", "airport", uncertainty_km=2)
    site = choose_site(
        text, 0, len(text), text.index("stormed"), [_at(text, "Qqbase Airport", base)]
    )
    assert site is not None and site.geo_precision == 2


def test_an_area_read_abroad_near_a_town_the_sentence_supports_is_in_that_town() -> None:
    # "Qqsur" is read as a town on another continent; the Afghan town after it is the surer
    # reading (the sentence's words name Afghanistan), so Qqsur is placed near it.
    text = "Afghan police said gunmen attacked a car in the Qqsur area near Qqfarah city."
    stray = Place("p-s", "Qqsur", 22.5, 59.5, "OM", "city", population=70000)
    farah = Place("p-f", "Qqfarah", 32.4, 62.1, "AF", "city", uncertainty_km=8)
    mentions = [_at(text, "Qqsur", stray), _at(text, "Qqfarah", farah)]
    site = choose_site(text, 0, len(text), text.index("attacked"), mentions)
    assert site is not None and site.raw == ("Qqsur",) and site.country_code == "AF"


def test_a_county_of_a_state_read_abroad_is_in_that_state() -> None:
    text = "Fighting erupted in Qqduk County of Qqjong State, leaving ten civilians dead."
    stray = Place("p-s", "Qqduk", -28.4, 32.2, "ZA", "city", population=20000)
    state = Place("p-j", "Qqjong", 7.5, 32.5, "SS", "admin1", uncertainty_km=150)
    mentions = [_at(text, "Qqduk", stray), _at(text, "Qqjong State", state)]
    site = choose_site(text, 0, len(text), text.index("Fighting"), mentions)
    assert site is not None and site.raw == ("Qqduk",) and site.country_code == "SS"
