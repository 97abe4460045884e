"""Shared fixtures: the seeds and one build of them; hand-made records for the map and exports.

The hand-made incidents cover links (``retaliation_for``), geo precision 1-3 with uncertainty,
several sources with differing fatality figures, an undated incident, and a hostile article
whose strings try to break out of HTML, JSON, CSV and XML.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
