"""Typed, immutable records passed between the pipeline's stages.

Coordinates are always ``(lat, lon)`` in our code. Only :mod:`mapper.geo` converts to the
``(lon, lat)`` order that GeoJSON and shapely use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

EVENT_TYPES: tuple[str, ...] = (
    "airstrike",
    "drone_strike",
    "rocket_attack",
    "missile_attack",
    "drone_attack",
    "shelling",
    "bombing",
    "car_bombing",
    "suicide_bombing",
    "ied",
    "armed_clash",
    "raid",
    "other",
)
"""The event-type vocabulary (snake_case), documented in the README."""

TimePrecision = Literal["day", "week", "month", "year", "unknown"]
TIME_PRECISIONS: tuple[str, ...] = ("day", "week", "month", "year", "unknown")

GEO_PRECISION_EXACT = 1
"""The place itself (a town, a base, an airport)."""
GEO_PRECISION_NEAR = 2
"""Near or part of a place ("near Abu Kamal", "between X and Y", a border stretch)."""
GEO_PRECISION_REGION = 3
"""A region ("eastern Syria", a province, a country)."""


@dataclass(frozen=True, slots=True)
class Article:
    """One ingested news article.

    ``text`` is the article body exactly as ingested; every offset elsewhere indexes into it.
    """

    doc_id: str
    text: str
    title: str
    outlet: str = "unknown"
    published: date | None = None
    url: str | None = None
    path: str | None = None


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    ``feature`` is one of: ``continent``, ``country``, ``admin1``, ``admin2``, ``city``,
    ``airport``, ``base``, ``crossing``, ``site``, ``region``, ``water``, ``body``.
    """

    place_id: str
    name: str
    lat: float
    lon: float
    country_code: str = ""
    feature: str = "city"
    population: int = 0
    admin1: str = ""
    uncertainty_km: float = 0.0
    admin1_name: str = ""
    """The first-level division's name ("Al Anbar", "Texas"), when known."""
    source: str = ""
    """Where the record comes from (a package name, or ``overlay:FILE``)."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """A gazetteer candidate for a queried name, with the ranking score (higher is better)."""

    place: Place
    score: float
    matched: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A place name found in an article: ``text[start:end] == surface``.

    ``place`` is ``None`` when the name was recognised but could not be resolved.
    """

    doc_id: str
    start: int
    end: int
    surface: str
    place: Place | None = None
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class EventMention:
    """One event as one article's sentence reports it.

    ``quote`` is ``article.text[start:end]`` verbatim (the sentence). ``lat``/``lon`` is the
    event's site, ``None`` when the sentence gives no placeable site.
    """

    doc_id: str
    event_type: str
    start: int
    end: int
    quote: str
    date_start: date | None = None
    date_end: date | None = None
    time_precision: TimePrecision = "unknown"
    location: str = ""
    location_raw: tuple[str, ...] = ()
    country_code: str = ""
    lat: float | None = None
    lon: float | None = None
    geo_precision: int = GEO_PRECISION_EXACT
    uncertainty_km: float = 0.0
    actors: tuple[str, ...] = ()
    fatalities_low: int | None = None
    fatalities_high: int | None = None
    retaliation_evidence: str = ""
    """The cue ("in retaliation for ...") when this event answers an earlier one."""
    answers: EventMention | None = None
    """The earlier event this one answers, as this sentence or article describes it."""
    event_key: str = ""
    """Unique within a build (``doc_id#n``): what ``links`` point at."""
    links: tuple[tuple[str, str, str], ...] = ()
    """``(relation, target event_key, evidence quote)`` to other events of the same article."""
    sentence_spans: tuple[tuple[int, int], ...] = ()
    """Every sentence of the article that reports this event (the quote is one of them)."""


@dataclass(frozen=True, slots=True)
class Source:
    """One article's report of an incident."""

    doc_id: str
    outlet: str
    title: str
    published: date | None
    quote: str
    start: int
    end: int
    url: str | None = None
    location_raw: tuple[str, ...] = ()
    fatalities_low: int | None = None
    fatalities_high: int | None = None


@dataclass(frozen=True, slots=True)
class Link:
    """A directed relation from one incident to another (``target`` is the other's id)."""

    relation: str
    target: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Incident:
    """One real-world event, merged across every article that reports it."""

    id: str
    event_type: str
    date_start: date | None
    date_end: date | None
    time_precision: TimePrecision
    location: str
    location_raw: tuple[str, ...]
    country_code: str
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float
    actors: tuple[str, ...]
    fatalities_low: int | None
    fatalities_high: int | None
    sources: tuple[Source, ...]
    links: tuple[Link, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ArticleResult:
    """Everything the per-article stages produce for one article (what the cache stores)."""

    article: Article
    mentions: tuple[Mention, ...]
    events: tuple[EventMention, ...]


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The outcome of a whole build."""

    articles: tuple[Article, ...]
    mentions: tuple[Mention, ...]
    incidents: tuple[Incident, ...]
    warnings: tuple[str, ...] = ()
