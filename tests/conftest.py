"""Shared fixtures: the seeds and one build of them; hand-made records for the map and exports.

The hand-made incidents cover links (``retaliation_for``), geo precision 1-3 with uncertainty,
several sources with differing fatality figures, an undated incident, and a hostile article
whose strings try to break out of HTML, JSON, CSV and XML.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mapper.models import Article, Incident, Link, Mention, Place, Source

REPO_ROOT = Path(__file__).resolve().parents[1]
SEEDS_DIR = REPO_ROOT / "seeds"
SHARED_BENCH = REPO_ROOT.parent / "shared" / "bench"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    """The embedded default input: the five seed articles and their sources.csv."""
    return SEEDS_DIR


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One build of the seeds, shared by the tests that read its output."""
    from mapper.pipeline import build

    out = tmp_path_factory.mktemp("seeds-build")
    build([SEEDS_DIR], out)
    return out


@pytest.fixture(scope="session")
def gazetteer():  # type: ignore[no-untyped-def]
    """The project's gazetteer, loaded once."""
    from mapper.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_incidents():  # type: ignore[no-untyped-def]
    """The incidents the pipeline finds in the five seeds, analysed once."""
    from mapper.ingest import read_articles
    from mapper.pipeline import analyse_articles

    articles = read_articles([SEEDS_DIR]).articles
    return articles, analyse_articles(articles).incidents


HOSTILE_TITLE = "</script><script>window.__pwned=1</script> \"Quotes\" & 'ticks' `${1+1}`"
HOSTILE_TEXT = (
    "Breaking </script><script>window.__pwned=1</script> news.\n"
    'A drone hit near <b>Deir</b> ez-Zor <img src=x onerror="window.__pwned=2">, '
    'officials said `${window.__pwned=3}` and "quoted" <!-- comment --> \u2028 line.\n'
)


def _source(article: Article, quote: str, **extra: object) -> Source:
    start = article.text.index(quote)
    return Source(
        doc_id=article.doc_id,
        outlet=article.outlet,
        title=article.title,
        published=article.published,
        quote=quote,
        start=start,
        end=start + len(quote),
        url=article.url,
        **extra,  # type: ignore[arg-type]
    )


def make_articles() -> tuple[Article, ...]:
    """Three articles: one with a URL, one local file only, one hostile."""
    wsj = Article(
        doc_id="a1",
        text=(
            "U.S. strikes hit Iran-backed militia facilities near Abu Kamal, Syria, on Thursday, "
            "killing 17 fighters, in retaliation for the rocket attack on Erbil.\n"
            "The rocket attack on Erbil on Feb. 15 killed a contractor.\n"
        ),
        title="U.S. Strikes Militia in Syria",
        outlet="The Wall Street Journal",
        published=date(2021, 2, 26),
        url="https://www.example.com/wsj/strikes",
        path="/data/articles/a1.txt",
    )
    nyt = Article(
        doc_id="a2",
        text="American warplanes struck buildings at Albu Kamal, killing one militant.\n",
        title="Biden orders strike",
        outlet="The New York Times",
        published=date(2021, 2, 25),
        path="/data/articles/a2.txt",
    )
    hostile = Article(
        doc_id="evil",
        text=HOSTILE_TEXT,
        title=HOSTILE_TITLE,
        outlet='Evil "Times" <i>',
        published=None,
        url="javascript:window.__pwned=4",
    )
    return (wsj, nyt, hostile)


def make_incidents(articles: tuple[Article, ...]) -> tuple[Incident, ...]:
    """Four incidents: linked pair, a region-level hostile one, and an undated one."""
    wsj, nyt, hostile = articles
    strike = Incident(
        id="inc-strike",
        event_type="airstrike",
        date_start=date(2021, 2, 25),
        date_end=date(2021, 2, 25),
        time_precision="day",
        location="Abu Kamal",
        location_raw=("Abu Kamal", "Albu Kamal"),
        country_code="SY",
        lat=34.4507,
        lon=40.9186,
        geo_precision=2,
        uncertainty_km=10.0,
        actors=("United States", "Kataib Hezbollah"),
        fatalities_low=1,
        fatalities_high=17,
        sources=(
            _source(
                wsj,
                wsj.text.splitlines()[0],
                location_raw=("Abu Kamal",),
                fatalities_low=17,
                fatalities_high=17,
            ),
            _source(
                nyt,
                nyt.text.strip(),
                location_raw=("Albu Kamal",),
                fatalities_low=1,
                fatalities_high=1,
            ),
        ),
        links=(Link("retaliation_for", "inc-rockets", "in retaliation for the rocket attack"),),
    )
    rockets = Incident(
        id="inc-rockets",
        event_type="rocket_attack",
        date_start=date(2021, 2, 15),
        date_end=date(2021, 2, 15),
        time_precision="day",
        location="Erbil",
        location_raw=("Erbil",),
        country_code="IQ",
        lat=36.19,
        lon=44.01,
        geo_precision=1,
        uncertainty_km=5.0,
        actors=("Saraya Awliya al-Dam",),
        fatalities_low=1,
        fatalities_high=1,
        sources=(_source(wsj, wsj.text.splitlines()[1], location_raw=("Erbil",)),),
    )
    evil = Incident(
        id="inc-evil",
        event_type="drone_attack",
        date_start=date(2021, 6, 1),
        date_end=date(2021, 6, 30),
        time_precision="month",
        location="Deir ez-Zor <script>",
        location_raw=("<b>Deir</b> ez-Zor",),
        country_code="SY",
        lat=35.33,
        lon=40.14,
        geo_precision=3,
        uncertainty_km=80.0,
        actors=("<img src=x onerror=alert(1)>",),
        fatalities_low=None,
        fatalities_high=None,
        sources=(_source(hostile, hostile.text.split("\n")[1]),),
    )
    undated = Incident(
        id="inc-undated",
        event_type="other",
        date_start=None,
        date_end=None,
        time_precision="unknown",
        location="Baghdad",
        location_raw=("Baghdad",),
        country_code="IQ",
        lat=33.3152,
        lon=44.3661,
        geo_precision=1,
        uncertainty_km=0.0,
        actors=(),
        fatalities_low=None,
        fatalities_high=None,
        sources=(_source(hostile, hostile.text.split("\n")[0]),),
    )
    return (strike, rockets, evil, undated)


def make_mentions(articles: tuple[Article, ...]) -> tuple[Mention, ...]:
    """Resolved and unresolved place mentions with offsets."""
    wsj, nyt, _ = articles
    abu_kamal = Place("gn:abu-kamal", "Abu Kamal", 34.4507, 40.9186, "SY", "city")
    erbil = Place("gn:erbil", "Erbil", 36.19, 44.01, "IQ", "city")

    def at(article: Article, surface: str, place: Place | None) -> Mention:
        start = article.text.index(surface)
        return Mention(article.doc_id, start, start + len(surface), surface, place, 0.9)

    return (
        at(wsj, "Abu Kamal", abu_kamal),
        at(wsj, "Erbil", erbil),
        at(nyt, "Albu Kamal", abu_kamal),
        at(wsj, "Syria", None),
    )


@pytest.fixture()
def articles() -> tuple[Article, ...]:
    """See :func:`make_articles`."""
    return make_articles()


@pytest.fixture()
def incidents(articles: tuple[Article, ...]) -> tuple[Incident, ...]:
    """See :func:`make_incidents`."""
    return make_incidents(articles)


@pytest.fixture()
def mentions(articles: tuple[Article, ...]) -> tuple[Mention, ...]:
    """See :func:`make_mentions`."""
    return make_mentions(articles)


# --- geoparse: a small hand-made gazetteer (facts written by hand; approximate points) ---

TINY_PLACES: tuple[tuple[str, str, float, float, str, str, int, str, tuple[str, ...]], ...] = (
    # id, name, lat, lon, country, feature, population, admin1, other names
    ("t:iq", "Iraq", 33.0, 44.0, "IQ", "country", 38_000_000, "", ("Iraqi",)),
    ("t:sy", "Syria", 35.0, 38.0, "SY", "country", 17_000_000, "", ()),
    ("t:us", "United States", 39.76, -98.5, "US", "country", 327_000_000, "", ("U.S.", "US")),
    ("t:fr", "France", 46.0, 2.0, "FR", "country", 67_000_000, "", ()),
    ("t:jo", "Jordan", 31.0, 36.0, "JO", "country", 10_000_000, "", ()),
    ("t:ge", "Georgia", 42.0, 43.5, "GE", "country", 3_700_000, "", ()),
    ("t:us-ga", "Georgia", 32.75, -83.5, "US", "admin1", 10_000_000, "GA", ("Ga.",)),
    ("t:us-tx", "Texas", 31.25, -99.25, "US", "admin1", 29_000_000, "TX", ("Tex.",)),
    ("t:us-wa", "Washington", 47.5, -120.5, "US", "admin1", 7_600_000, "WA", ()),
    ("t:us-al", "Alabama", 32.75, -86.75, "US", "admin1", 5_000_000, "AL", ("Ala.",)),
    ("t:iq-anbar", "Al Anbar", 33.4, 42.0, "IQ", "admin1", 1_800_000, "01", ("Anbar",)),
    ("t:dc", "Washington", 38.895, -77.036, "US", "city", 690_000, "DC", ()),
    ("t:paris", "Paris", 48.853, 2.349, "FR", "city", 2_100_000, "11", ()),
    ("t:paris-tx", "Paris", 33.661, -95.556, "US", "city", 25_000, "TX", ()),
    ("t:atlanta", "Atlanta", 33.749, -84.388, "US", "city", 500_000, "GA", ()),
    ("t:tbilisi", "Tbilisi", 41.694, 44.834, "GE", "city", 1_100_000, "TB", ()),
    ("t:mobile", "Mobile", 30.694, -88.043, "US", "city", 190_000, "AL", ()),
    ("t:hit", "Hit", 33.642, 42.827, "IQ", "city", 60_000, "01", ()),
    ("t:baghdad", "Baghdad", 33.341, 44.401, "IQ", "city", 7_200_000, "07", ()),
    ("t:erbil", "Erbil", 36.191, 44.009, "IQ", "city", 1_600_000, "11", ("Irbil", "Arbil")),
    ("t:mosul", "Mosul", 36.335, 43.119, "IQ", "city", 1_400_000, "15", ()),
    ("t:abukamal", "Abu Kamal", 34.452, 40.919, "SY", "city", 50_000, "05", ("Al Bukamal",)),
    (
        "t:erbil-airport",
        "Erbil International Airport",
        36.238,
        43.963,
        "IQ",
        "airport",
        0,
        "11",
        (),
    ),
    ("t:kurdistan", "Kurdistan", 36.0, 44.5, "IQ", "region", 0, "", ()),
    ("t:camp-david", "Camp David", 39.648, -77.465, "US", "site", 0, "MD", ()),
    ("t:jordan-mn", "Jordan", 44.667, -93.627, "US", "city", 6_000, "MN", ()),
    ("t:af", "Afghanistan", 33.0, 66.0, "AF", "country", 38_000_000, "", ()),
    ("t:kabul", "Kabul", 34.528, 69.172, "AF", "city", 4_400_000, "13", ()),
    ("t:us-mo", "Missouri", 38.25, -92.5, "US", "admin1", 6_100_000, "MO", ("Mo.",)),
    # A loose spelling of "Kabul" (as a gazetteer's spelling variants find it).
    ("t:cabool", "Cabool", 37.124, -92.101, "US", "city", 2_100, "MO", ("Kabul",)),
    # A namesake of the US capital, in the same state as Cabool.
    ("t:washington-mo", "Washington", 38.558, -91.012, "US", "city", 14_000, "MO", ()),
)


class TinyGazetteer:
    """Duck-typed stand-in for :class:`mapper.gazetteer.Gazetteer` (keys, lookup, get)."""

    def __init__(self) -> None:
        from mapper.gazetteer import normalise_name
        from mapper.models import Place

        self._by_key: dict[str, list[Place]] = {}
        self._by_id: dict[str, Place] = {}
        for pid, name, lat, lon, cc, feature, population, admin1, others in TINY_PLACES:
            place = Place(pid, name, lat, lon, cc, feature, population, admin1)
            self._by_id[pid] = place
            for variant in (name, *others):
                self._by_key.setdefault(normalise_name(variant), []).append(place)

    def keys(self) -> Iterator[str]:
        return iter(self._by_key)

    def get(self, place_id: str) -> Any:
        return self._by_id.get(place_id)

    def lookup(
        self, name: str, *, countries: Collection[str] = (), limit: int = 10, loose: bool = True
    ) -> list[Any]:
        from mapper.gazetteer import normalise_name
        from mapper.models import Candidate

        places = self._by_key.get(normalise_name(name), [])
        ranked = sorted(places, key=lambda p: (-p.population, p.place_id))
        key = normalise_name(name)
        return [
            Candidate(place=p, score=float(len(ranked) - i), matched=key)
            for i, p in enumerate(ranked[:limit])
        ]


@pytest.fixture(scope="session")
def tiny_gazetteer() -> TinyGazetteer:
    """A hand-made gazetteer of a few dozen places, enough to test geoparsing fast."""
    return TinyGazetteer()
