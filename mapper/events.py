"""Sentences -> :class:`~mapper.models.EventMention` s: type, date, site, actors, fatalities.

Each sentence is cut at a retaliation cue ("in retaliation for", "in response to") into the
event it reports and the earlier event it answers. Every piece with a trigger is a *clue*; the
clues of one article that describe the same event (the headline's "airstrike", the lede's
"carried out airstrikes in eastern Syria", a later "the strike, which occurred Thursday") are
gathered into one *frame*, and each frame becomes one event mention. A past event the article
recounts with its own date or place stays its own frame.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from difflib import SequenceMatcher

from mapper.actors import find_actors
from mapper.dates import ClockTime, DateExpression, find_clock_times, find_dates, to_site_date
from mapper.fatalities import find_fatalities
from mapper.gazetteer import Gazetteer, normalise_name
from mapper.geo import haversine_km
from mapper.models import (
    GEO_PRECISION_NEAR,
    Article,
    EventMention,
    Mention,
    Place,
    TimePrecision,
)
from mapper.sentences import split_sentences
from mapper.sites import FacilityLookup, Site, choose_site
from mapper.triggers import Trigger, find_triggers

__all__ = ["extract_events", "facility_lookup", "split_sentences", "types_compatible"]

_FACILITY_FEATURES = frozenset({"airport", "base", "crossing", "site"})
_SPELLING_RATIO = 0.75
_NEARBY_FEATURES = frozenset({"city", "admin2", "site", "base", "airport", "crossing", "body"})
_FACILITY_HEADS = frozenset(
    {"center", "centre", "base", "airbase", "airport", "compound", "facility", "camp", "complex"}
)


# Generic words a facility is called by interchangeably: a military airfield is an "air base",
# an "airbase", a "military airport"; a gas field is named in the singular or plural.
_FACILITY_HEAD_EQUIVALENTS = (
    ("military air base", "military airbase", "military airport", "air base", "airbase",
     "airport", "airfield", "military airfield"),
    ("gas fields", "gas field", "gasfield"),
    ("oil fields", "oil field", "oilfield"),
)  # fmt: skip


_GENERIC_FACILITY_WORDS = frozenset(
    word for group in (
        ("military air base", "military airbase", "military airport", "air base", "airbase",
         "airport", "airfield", "military airfield"),
    ) for word in group
)  # fmt: skip


def _facility_variants(name: str) -> list[str]:
    """``name`` with its generic facility words swapped for their equivalents."""
    lowered = name.lower()
    variants: list[str] = []
    for group in _FACILITY_HEAD_EQUIVALENTS:
        for head in group:  # longest first within a group: "military air base" before "air base"
            if lowered.endswith(" " + head):
                stem = name[: -len(head)].rstrip()
                variants.extend(f"{stem} {other}" for other in group if other != head)
                break
    return variants


class GazetteerLookup:
    """Second looks at the gazetteer for the site chooser.

    Calling it looks up a facility ("Erbil airport"); :meth:`town` finds the town a province
    shares its name with ("Kharkiv" read as Kharkiv oblast, "the city of Idlib").
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._facility_names: dict[tuple[str, str, int], list[str]] | None = None
        self._stems: dict[tuple[str, str], list[str]] | None = None

    def __call__(self, name: str) -> Place | None:
        best = self._gazetteer.lookup(name, limit=1)
        if (
            best
            and best[0].place.feature in _FACILITY_FEATURES
            # a phonetic or fuzzy match is another facility ("Tabaqa airport" is not Tabuk
            # Airport); spellings are compared by the caller, name by name
            and not best[0].matched.startswith(("~", "?"))
        ):
            return best[0].place
        return None

    def named(self, name: str) -> tuple[Place, bool] | None:
        """A facility the text names in full ("the Baghdad Diplomatic Support Center"), and
        whether the name matched exactly; else the one facility whose name differs from it in
        one word ("... Diplomatic Service Center"), or ``None``."""
        exact = self(name)
        if exact is not None:
            return exact, True
        for variant in _facility_variants(name):
            # "Kuweires Military Airport" is the gazetteer's "Kuweires Air Base".
            same = self(variant)
            if same is not None:
                return same, True
        alike = self._spelled_alike_facility(name)
        if alike is not None:
            # "Tabaqa Military Airport": the gazetteer's "Tabqa air base", its name spelled
            # otherwise before the same generic words.
            return alike, False
        words = normalise_name(name).split()
        if len(words) < 3:
            return None  # two-word names differ in one word from too many others
        if self._facility_names is None:
            self._facility_names = {}
            for key in self._gazetteer.keys():  # noqa: SIM118 (a method, not a dict)
                parts = key.split()
                if len(parts) >= 3 and parts[-1] in _FACILITY_HEADS:
                    self._facility_names.setdefault((parts[0], parts[-1], len(parts)), []).append(
                        key
                    )
        near = [
            key
            for key in self._facility_names.get((words[0], words[-1], len(words)), [])
            if sum(a != b for a, b in zip(key.split(), words, strict=True)) == 1
        ]
        places = {p.place_id: p for key in near if (p := self(key)) is not None}
        if len(places) != 1:
            return None
        return next(iter(places.values())), False

    def _spelled_alike_facility(self, name: str) -> Place | None:
        """The one facility whose generic words (Air Base, Airport, ...) equal or are
        equivalent to ``name``'s and whose own name before them is spelled alike."""
        key = normalise_name(name)
        for variant in (key, *(normalise_name(v) for v in _facility_variants(name))):
            for head in sorted(_GENERIC_FACILITY_WORDS, key=len, reverse=True):
                if variant.endswith(" " + head):
                    stem = variant[: -len(head)].strip()
                    break
            else:
                continue
            if not stem:
                continue
            slot = (_skeleton(stem.replace(" ", "")), head)
            found = {
                place.place_id: place
                for listed in self._facility_stems().get(slot, [])
                if listed != stem and _spelled_alike(stem, listed)
                and (place := self(f"{listed} {head}")) is not None
            }  # fmt: skip
            if len(found) == 1:
                return next(iter(found.values()))
        return None

    def _facility_stems(self) -> dict[tuple[str, str], list[str]]:
        """Facility keys by (consonant skeleton of the name before the generic words, those
        words)."""
        if self._stems is None:
            self._stems = {}
            heads = sorted(_GENERIC_FACILITY_WORDS, key=len, reverse=True)
            for key in self._gazetteer.keys():  # noqa: SIM118 (a method, not a dict)
                head = next((h for h in heads if key.endswith(" " + h)), None)
                if head is None:
                    continue
                stem = key[: -len(head)].strip()
                if stem:
                    slot = (_skeleton(stem.replace(" ", "")), head)
                    self._stems.setdefault(slot, []).append(stem)
        return self._stems

    def near(self, name: str, container: Place, reach_km: float) -> Place | None:
        """The place the gazetteer spells differently ("Taseel" for Tasīl) that lies in
        ``container``'s country within ``reach_km`` of it, or ``None``."""
        for candidate in self._gazetteer.lookup(name, countries=[container.country_code], limit=5):
            place = candidate.place
            if (
                place.country_code == container.country_code
                and _spelled_alike(name, place.name)
                and place.feature in _NEARBY_FEATURES
                and place.place_id != container.place_id
                and haversine_km((place.lat, place.lon), (container.lat, container.lon)) <= reach_km
            ):
                return place
        return None

    def listed(self, name: str, country_code: str = "") -> Place | None:
        """The town, district or facility the gazetteer lists under exactly this name (one of
        its spellings; no phonetic or fuzzy match): the best one in ``country_code`` when
        given, else the best one when every such place lies in one country; or ``None``.

        For a name the text puts in a place frame ("stormed the village of X", "recaptured X
        on Sunday") that the geoparser left out for lack of support in the document."""
        found = [
            c.place
            for c in self._gazetteer.lookup(
                name, countries=[country_code] if country_code else [], limit=10, loose=False
            )
            if not c.matched.startswith(("~", "?", "#")) and c.place.feature in _NEARBY_FEATURES
        ]
        if country_code:
            found = [p for p in found if p.country_code == country_code]
        else:
            # With no country to go by, only a town of one country (a district's name is
            # often a generic word).
            found = [p for p in found if p.feature == "city"]
            if len({p.country_code for p in found}) != 1:
                return None  # several countries have it: nothing in the sentence tells which
        return found[0] if found else None

    def country(self, code: str) -> Place | None:
        """The country with ISO code ``code`` as the gazetteer has it, or ``None``."""
        import pycountry

        record = pycountry.countries.get(alpha_2=code)
        if record is None:
            return None
        for name in dict.fromkeys([getattr(record, "common_name", record.name), record.name]):
            for candidate in self._gazetteer.lookup(name, countries=[code], limit=3):
                if candidate.place.feature == "country" and candidate.place.country_code == code:
                    return candidate.place
        return None

    def town(self, name: str, country_code: str) -> Place | None:
        """The most prominent town called ``name`` in ``country_code``, or ``None``."""
        for candidate in self._gazetteer.lookup(name, countries=[country_code], limit=10):
            place = candidate.place
            if place.feature == "city" and place.country_code == country_code:
                return place
        return None


_ARTICLES = re.compile(r"\b(?:al|el|as|ash|ad|ar|at|az|an|ul|the)\b\s*")


def _spelled_alike(written: str, listed: str) -> bool:
    """Two spellings of one name ("Tal Rifa'at", "Tall Rif'at"), not two names."""
    a = _ARTICLES.sub("", normalise_name(written)).replace(" ", "")
    b = _ARTICLES.sub("", normalise_name(listed)).replace(" ", "")
    if not (a and b):
        return False
    if SequenceMatcher(None, a, b).ratio() >= _SPELLING_RATIO:
        return True
    # Transliterations differ mostly in vowels and doubled letters ("Taseel", "Tasil").
    skeleton_a, skeleton_b = _skeleton(a), _skeleton(b)
    return len(skeleton_a) >= 3 and SequenceMatcher(None, skeleton_a, skeleton_b).ratio() >= 0.85


def _skeleton(name: str) -> str:
    return re.sub(r"(.)\1+", r"\1", re.sub(r"[aeiouyw'’‘`\-]", "", name))


def facility_lookup(gazetteer: Gazetteer) -> GazetteerLookup:
    """The gazetteer lookups :func:`extract_events` can use (facilities, towns)."""
    return GazetteerLookup(gazetteer)


SITE_SLACK_KM = 10.0
"""Two sites are the same place when closer than this plus both uncertainties."""

_RETALIATION_CUE = re.compile(
    r"\b(?:in (?:retaliation|response|revenge|reprisal|return) (?:for|to)|"
    r"(?:came|come|comes|coming) (?:as a|in) (?:response|retaliation|reprisal) (?:to|for)|"
    r"to avenge|avenging|retaliating for|responding to|in answer to|as payback for|"
    r"retaliatory (?:\w+ ){1,2}(?:for|over))\b",
    re.IGNORECASE,
)
_FOLLOWS_CUE = re.compile(
    r"^\W*(?:(?:days|hours|weeks|a day|a week|shortly|soon|moments|minutes)\s+after\s+"
    r"(?:the|that|this)\s+(?:\w+\s+){0,2}?(?:strike|attack|bombing|raid|killing|assassination)s?)\b",
    re.IGNORECASE,
)
# A revenge frame around "Days after the strike, X launched ...": the actor vowed to answer
# the strike ("intends to take back", "vowed to avenge", "promised to hit back for").
_REVENGE_WORDS = re.compile(
    r"\b(?:retaliat\w*|revenge|aveng\w*|reprisal|payback|take back|hit back|strike back|"
    r"get even|settle (?:the|a|its|their|old) scores?|make (?:\w+ ){1,3}pay for|"
    r"(?:vow\w*|promis\w*|pledg\w*|swore|sworn|threaten\w*|intend\w*) to respond)\b",
    re.I,
)
_SHORTLY = re.compile(r"^\W*(?:days|hours|a day|shortly|soon|moments|minutes)\b", re.I)
_SPEECH_BEFORE_DATE = re.compile(
    r"\b(?:said|says|told|call|statement|reported|announced|mentioned|discussed|met|spoke|"
    r"noted|stressed|added|explained|described|warned|urged|asked|speaking|reporters|"
    r"condemned|denounced|visit\w*|interview|wrote|tweet\w*|published|released|confirmed|since|until)\s+"
    r"(?:[\w\-’'.]+\s+){0,4}$",
    re.IGNORECASE,
)
_SPEECH_BETWEEN = re.compile(
    r"\b(?:said|says|told|claimed|announced|reported|mentioned|discussed|met|spoke|spoken|"
    r"noted|stressed|added|explained|described|warned|urged|asked|call|speaking|reporters|"
    r"condemned|denounced|"
    r"statement|wrote|tweeted|confirmed|accused|blamed)\b",
    re.IGNORECASE,
)
_CONTINUATION_SITE = re.compile(
    r"\b(?:bases?|targets?|facilities|facility|buildings?|sites?|compound|positions?|"
    r"structures?|depots?|camps?)\s+(?:were|was|are|is|lay|lie)\s+(?:located\s+)?"
    r"(?:in|near|between|at|along|outside)\b",
    re.IGNORECASE,
)
_STRONG_VERB = re.compile(
    r"killed|killing|shot|shooting|attacked|attacking|bombed|shelled|clashed|murdered|"
    r"executed|stormed|raided|wounded|massacred|beheaded|gunned down|opened fire|ambushed|"
    r"struck|striking|hit|hitting|storming|raiding|shelling|pounding|pounded",
    re.IGNORECASE,
)
"""Violence verbs that report an event even when only a country or region places it."""
_SAME_DAY = re.compile(
    r"\b(?:the same day|that day|the next day|the following day|a day later|the day before|"
    r"a day earlier|hours later|later that day|earlier that day)\b",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(r"\b(?:after|before|following|since)\s+(?!the\b|this\b|that\b|these\b|"
                         r"those\b|its\b|their\b|his\b|her\b|which\b)", re.IGNORECASE)  # fmt: skip
_LAUNCHED = re.compile(
    r"\b(?:launched|launching|carried out|mounted|staged|began|started|renewed|resumed|"
    r"continued|intensified|opened|conducted|waged)\s+(?:[\w\-’']+\s+){0,3}(?:counter-)?$",
    re.IGNORECASE,
)
"""'launched a powerful assault': an offensive reported as an event."""
# "killed ... by two car bombs", "in a series of clashes": the verb's own instrument or event.
_INSTRUMENT = re.compile(r"\b(?:by|in|with|from)\s+(?:[\w\-]+\s+){0,4}$", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:which|where|who|whose)\b")
# "Taking advantage of the ...", "Backed by the ...": a phrase that opens the sentence.
_OPENING_PHRASE = re.compile(
    r"\W*(?:[A-Z][a-z]+ing|Helped|Backed|Supported|Aided|Amid|Despite|With|Under|Thanks)\b"
    r"[^,.;]*$"
)
_CLAUSE_VERB = re.compile(r"(?:ing|ed|\bhit|\bshot|\bstruck)$", re.IGNORECASE)
_CLAUSE_OPENER = re.compile(
    r"(?:,\s*(?:and\s+|then\s+|thus\s+|subsequently\s+|before\s+)?|\s(?:and|then)\s+)"
    r"(?:(?:also|later|then|reportedly)\s+)?$",
    re.IGNORECASE,
)
"""What opens a clause of its own before a violent verb (", targeting", ", and killed")."""
_CASUALTY_ONLY = re.compile(r"\b(?:dead|killed|deaths?|fatalit\w+|died|toll)\b", re.IGNORECASE)

_REFINES: dict[str, frozenset[str]] = {
    "bombing": frozenset({"car_bombing", "suicide_bombing", "ied"}),
    "car_bombing": frozenset({"suicide_bombing"}),
    "airstrike": frozenset({"drone_strike"}),
}
"""More specific types a report can refine a general one into."""
_WEAK_TYPES = frozenset({"bombing", "armed_clash", "raid"})
_STRIKE_FAMILY = frozenset({"airstrike", "drone_strike", "missile_attack"})
_BOMB_FAMILY = frozenset({"bombing", "car_bombing", "suicide_bombing", "ied"})
_PRECISION_RANK: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3, "unknown": 4}


def types_compatible(a: str, b: str) -> bool:
    """Whether two reports' event types can describe one event ("other" fits any)."""
    if a == b or "other" in (a, b):
        return True
    return any(a in family and b in family for family in (_STRIKE_FAMILY, _BOMB_FAMILY))


@dataclass(slots=True)
class _Clue:
    """One sentence (or one side of a retaliation cue) reporting an event."""

    trigger: Trigger
    sentence: tuple[int, int]
    site: Site | None
    date: DateExpression | None
    clock: ClockTime | None
    actors: tuple[str, ...]
    fatalities: tuple[int | None, int | None]


@dataclass(slots=True)
class _Frame:
    """Every clue of one article about one event."""

    index: int
    event_type: str
    answered_only: bool = False
    """Created as the event another one answers ("in retaliation for a rocket attack")."""
    clues: list[_Clue] = field(default_factory=list)
    links: list[tuple[str, _Frame, str]] = field(default_factory=list)

    def sites(self) -> list[Site]:
        return [c.site for c in self.clues if c.site is not None]

    def date_range(self) -> tuple[date, date] | None:
        best = self.best_date()
        return (best.first, best.last) if best else None

    def best_date(self) -> DateExpression | None:
        dated = [c.date for c in self.clues if c.date is not None]
        if not dated:
            return None
        clocked = {id(c.date) for c in self.clues if c.clock is not None}
        # A day the text gives at the site, or a clock time we can convert, beats a bare day.
        return min(
            enumerate(dated),
            key=lambda p: (
                _PRECISION_RANK[p[1].precision],
                not p[1].local,
                id(p[1]) not in clocked,
                p[0],
            ),
        )[1]

    def actors(self) -> tuple[str, ...]:
        # Passing references ("the strike") sit in sentences about other things.
        telling = [c for c in self.clues if c.trigger.typed or c.site or c.date]
        return tuple(dict.fromkeys(a for c in telling or self.clues for a in c.actors))


def _dates_overlap(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    if a is None or b is None:
        return True
    slack = timedelta(days=1)
    return a[0] - slack <= b[1] and b[0] - slack <= a[1]


def _sites_compatible(a: Site | None, b: Site | None) -> bool:
    if a is None or b is None:
        return True
    if _country_wide(a, b) and a.country_code == b.country_code:
        return True  # "in Iraq" and "in Erbil": a country holds its places
    limit = SITE_SLACK_KM + a.uncertainty_km + b.uncertainty_km
    return haversine_km((a.lat, a.lon), (b.lat, b.lon)) <= limit


LOCAL_AREA_KM = 50.0
"""Several strikes within an area this small ("the X countryside") are reported as one event."""
COUNTRY_WIDE_KM = 200.0
"""A regional site this uncertain stands for a whole country (or most of one)."""


def _country_wide(a: Site, b: Site) -> bool:
    return any(s.geo_precision == 3 and s.uncertainty_km >= COUNTRY_WIDE_KM for s in (a, b))


def _named_in_area(site: Site) -> bool:
    """A place named as written but located only by the area that contains it ("the town of X"
    in a sentence about Syria): one place, though its point is coarse."""
    return bool(site.raw) and site.location.startswith(f"{site.raw[0]} (")


def _contained(site: Site | None, area: Site) -> Site | None:
    """A place a later clause names ("..., targeting the village of X") that the gazetteer puts
    far from the area the sentence sets the event in ("an offensive in the Hama countryside"):
    the sentence says X lies in that area, so X is placed there, named as written."""
    if site is None:
        return None
    return Site(
        location=f"{site.raw[0]} ({area.location})",
        raw=site.raw,
        country_code=area.country_code,
        lat=area.lat,
        lon=area.lon,
        geo_precision=max(area.geo_precision, GEO_PRECISION_NEAR),
        uncertainty_km=area.uncertainty_km,
    )


def _frame_site(frame: _Frame) -> Site | None:
    sites = frame.sites()
    return min(sites, key=lambda s: (s.uncertainty_km, s.geo_precision)) if sites else None


def _compatible(frame: _Frame, clue: _Clue) -> bool:
    clue_type = clue.trigger.event_type if clue.trigger.typed else "other"
    if not types_compatible(frame.event_type, clue_type):
        return False
    date_range = (clue.date.first, clue.date.last) if clue.date else None
    if not _dates_overlap(frame.date_range(), date_range):
        return False
    return all(_sites_compatible(site, clue.site) for site in frame.sites())


def frame_typed(frame: _Frame) -> bool:
    """Whether any clue of ``frame`` names its type outright."""
    return any(c.trigger.typed for c in frame.clues)


class _ArticleEvents:
    """Builds the frames of one article, sentence by sentence."""

    def __init__(
        self,
        article: Article,
        mentions: Sequence[Mention],
        facility: FacilityLookup | None,
    ) -> None:
        self.article = article
        self.text = article.text
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.facility = facility
        self.frames: list[_Frame] = []
        self.last: _Frame | None = None
        self.countries: list[str] = []

    # -- clues -------------------------------------------------------------------------
    def _clue(
        self,
        start: int,
        end: int,
        sentence: tuple[int, int],
        chosen: Trigger | None = None,
        within: tuple[int, int] | None = None,
    ) -> _Clue | None:
        if chosen is None:
            triggers = find_triggers(self.text, start, end)
            if not triggers:
                return None
            # The event a clause reports is its first typed trigger, or a leading "the attack".
            triggers = [t for t in triggers if not t.temporal_reference] or triggers
            strong = [t for t in triggers if _STRONG_VERB.fullmatch(self.text[t.start : t.end])]
            # "were killed in the attack near X": the verb reports it, "the attack" names it.
            leading = [
                t for t in triggers
                if t.typed or (t.definite and not strong)
            ]  # fmt: skip
            first = triggers[0]
            # "Homes were burned in X, which has seen the worst clashes": a relative clause
            # about a place or actor tells their past, not the event reported.
            leading = [
                t
                for t in leading
                if t is first or not _RELATIVE.search(self.text, first.end, t.start)
            ]
            if strong:
                # "was shot dead in X by militants held responsible for a series of
                # bombings": a later summary of other events does not replace the verb's
                # report ("Two car bombings ... killed seven" keeps its type).
                leading = [
                    t for t in leading
                    if not (t.aggregate and t.start > strong[0].start
                            and not _INSTRUMENT.search(self.text, max(start, t.start - 30),
                                                       t.start))
                    # "Taking advantage of the Russian airstrikes, the army stormed X": an
                    # opening phrase's definite noun refers to an event told before
                    and not (t.definite and t.end <= strong[0].start
                             and "," in self.text[t.end : strong[0].start]
                             and _OPENING_PHRASE.match(self.text, start, t.start))
                ]  # fmt: skip
            chosen = (leading or strong or triggers)[0]
        trigger = chosen
        segment = self.text[start:end]
        blocked = [
            (start + d.start, start + d.end) for d in find_dates(segment, self.article.published)
        ]
        # "The bomb, ... blew up at X", "The blast targeted a market in X": the definite noun
        # is the subject that reports it.
        anaphoric = trigger.definite and not (
            _EXPLODED.search(self.text, trigger.end, min(end, trigger.end + 160))
            or _SUBJECT_OF_VIOLENCE.match(self.text, trigger.end)
        )
        site = choose_site(
            self.text, start, end, trigger.start, self.mentions, self.facility, self.countries,
            anaphoric=anaphoric, blocked=blocked, within=within,
        )  # fmt: skip
        if site is not None and site.country_code:
            self.countries.append(site.country_code)
        date_expression, clock = self._date(start, end, trigger)
        told = self.text[within[0] : within[1]] if within else self.text[start:end]
        return _Clue(
            trigger=trigger,
            sentence=sentence,
            site=site,
            date=date_expression,
            clock=clock,
            actors=find_actors(self.text[start:end]),
            fatalities=find_fatalities(told),
        )

    def _clauses(self, head: _Clue, start: int, end: int) -> list[tuple[int, int, Trigger]]:
        """The violent clauses of ``text[start:end]`` besides the head's ("launched an offensive
        in the Hama countryside, targeting the village of X"): each with its own trigger verb."""
        cuts: list[tuple[int, Trigger]] = []
        for trigger in find_triggers(self.text, start, end):
            if trigger is head.trigger or trigger.start <= head.trigger.start:
                continue
            word = self.text[trigger.start : trigger.end]
            if trigger.definite or trigger.temporal_reference or not _CLAUSE_VERB.search(word):
                continue
            opener = _CLAUSE_OPENER.search(self.text, max(start, trigger.start - 30), trigger.start)
            if opener is not None:
                cuts.append((opener.start(), trigger))
        clauses = []
        for i, (cut, trigger) in enumerate(cuts):
            clause_end = cuts[i + 1][0] if i + 1 < len(cuts) else end
            clauses.append((cut, clause_end, trigger))
        return clauses

    def _clause_clues(
        self, head: _Clue, start: int, end: int, sentence: tuple[int, int]
    ) -> tuple[_Clue, list[_Clue]]:
        """The head clue with its site taken from its own clause, and one clue per further
        violent clause that names a site of its own."""
        clauses = self._clauses(head, start, end)
        if not clauses:
            return head, []
        if head.site is not None and head.site.country_code and self.countries:
            self.countries.pop()  # the head's site is chosen again, from its own clause
        own = self._clue(start, end, sentence, head.trigger, within=(start, clauses[0][0]))
        if own is not None and own.site is not None:
            own.fatalities = head.fatalities  # the toll of the whole sentence
            head = own
        elif head.site is not None and head.site.country_code:
            self.countries.append(head.site.country_code)
        others = []
        for clause_start, clause_end, trigger in clauses:
            clue = self._clue(start, end, sentence, trigger, within=(clause_start, clause_end))
            if clue is not None and clue.site is not None and clue.site != head.site:
                others.append(clue)
        return head, others

    def _date(
        self, start: int, end: int, trigger: Trigger
    ) -> tuple[DateExpression | None, ClockTime | None]:
        segment = self.text[start:end]
        position = trigger.start - start
        usable = [
            d
            for d in find_dates(segment, self.article.published)
            if not _SPEECH_BEFORE_DATE.search(segment[: d.start])
            and not _SPEECH_BETWEEN.search(segment[min(d.end, position) : max(d.start, position)])
        ]
        if not usable:
            return self._relative_to_last(segment, start), None
        local = [d for d in usable if d.local]
        chosen = local[0] if local else min(usable, key=lambda d: abs(d.start - position))
        clocks = [] if chosen.local else find_clock_times(segment)
        clock = min(clocks, key=lambda c: abs(c.start - chosen.start)) if clocks else None
        shifted = DateExpression(
            chosen.start + start, chosen.end + start, chosen.first, chosen.last,
            chosen.precision, chosen.local,
        )  # fmt: skip
        return shifted, clock

    def _relative_to_last(self, segment: str, start: int) -> DateExpression | None:
        """ "On the same day", "a day later": dated by the event reported just before."""
        match = _SAME_DAY.search(segment)
        last = self.last.best_date() if self.last else None
        if match is None or last is None or last.precision != "day":
            return None
        word = match.group(0).lower()
        shift = 1 if ("next" in word or "following" in word or "later" in word) else 0
        shift = -1 if ("before" in word or "earlier" in word) else shift
        day = last.first + timedelta(days=shift)
        return DateExpression(start + match.start(), start + match.end(), day, day, "day")

    # -- frames ------------------------------------------------------------------------
    def _new_frame(self, clue: _Clue, answered: bool = False) -> _Frame:
        frame = _Frame(
            index=len(self.frames), event_type=clue.trigger.event_type, answered_only=answered
        )
        frame.clues.append(clue)
        self.frames.append(frame)
        return frame

    def _place(
        self, clue: _Clue, *, exclude: _Frame | None = None, answered: bool = False
    ) -> _Frame | None:
        trigger = clue.trigger
        candidates = [f for f in self.frames if f is not exclude and _compatible(f, clue)]
        vague = clue.site is None and clue.date is None
        if trigger.aggregate and not self._specific(clue) and not self._local_aggregate(clue):
            # "at least five drone attacks since April" summarises, it reports no one event.
            return self._attach(candidates, clue) if candidates else None
        if trigger.typed:
            if candidates and (trigger.definite or not vague):
                return self._attach(candidates, clue)
            if trigger.definite and vague and self.frames:
                return None  # "the rocket attacks" of an event we cannot tell
            return self._new_frame(clue, answered=answered)
        if candidates and (clue.site is None or trigger.definite):
            return self._attach(candidates, clue)
        if clue.site is not None and not trigger.definite:
            if candidates:
                return self._attach(candidates, clue)
            if (
                clue.site.geo_precision <= GEO_PRECISION_NEAR
                or _STRONG_VERB.fullmatch(self.text[trigger.start : trigger.end])
                or _LAUNCHED.search(self.text, max(0, trigger.start - 50), trigger.start)
            ):
                frame = self._new_frame(clue, answered=answered)
                if trigger.event_type == "other" or not trigger.typed:
                    frame.event_type = trigger.event_type
                return frame
            return None
        if not self.frames and clue.date is not None and not trigger.definite:
            return self._new_frame(clue)
        if (
            not self.frames
            and trigger.definite
            and clue.site is not None
            and (clue.site.geo_precision <= GEO_PRECISION_NEAR or _named_in_area(clue.site))
        ):
            # "The toll of the bombardment on the town of X has risen": the first event an
            # article names may come with "the"; with a place of its own it is an event.
            return self._new_frame(clue, answered=answered)
        return None

    def _attach(self, candidates: list[_Frame], clue: _Clue) -> _Frame:
        trigger = clue.trigger
        actors = set(clue.actors)

        main = next((f for f in self.frames if not f.answered_only), None)

        def rank(f: _Frame) -> tuple[bool, bool, bool, int]:
            return (
                f.event_type == trigger.event_type,
                bool(actors & set(f.actors())),
                f is main,
                f.index,
            )

        frame = max(candidates, key=rank)
        if (
            frame.event_type == "other"
            and trigger.event_type != "other"
            or trigger.typed
            and frame.event_type in _WEAK_TYPES
            and not frame_typed(frame)
            # "bombings", then "a suicide bomber": the more specific type
            or trigger.typed
            and trigger.event_type in _REFINES.get(frame.event_type, ())
        ):
            frame.event_type = trigger.event_type
        frame.clues.append(clue)
        return frame

    def _local_aggregate(self, clue: _Clue) -> bool:
        """ "Two car bombings in northern Baghdad killed seven": several events at one town,
        reported as one (only when the article has no event yet to attach them to)."""
        return (
            not self.frames
            and clue.site is not None
            and (
                clue.site.geo_precision <= GEO_PRECISION_NEAR
                or _named_in_area(clue.site)
                # "a series of airstrikes over the Idlib countryside": one small area
                or clue.site.uncertainty_km <= LOCAL_AREA_KM
            )
            and (
                clue.trigger.typed
                # "launched two consecutive assaults on nearby Qabasin"
                or bool(
                    _LAUNCHED.search(self.text, max(0, clue.trigger.start - 50), clue.trigger.start)
                )
            )
        )

    @staticmethod
    def _specific(clue: _Clue) -> bool:
        return (
            clue.date is not None
            and clue.date.precision == "day"
            and clue.site is not None
            and clue.site.geo_precision <= GEO_PRECISION_NEAR
        )

    def _continuation(self, start: int, end: int) -> None:
        """A sentence without a trigger can still place or count the last event."""
        if self.last is None:
            return
        segment = self.text[start:end]
        site = None
        if _CONTINUATION_SITE.search(segment):
            position = _CONTINUATION_SITE.search(segment)
            assert position is not None
            site = choose_site(
                self.text, start, end, start + position.end(), self.mentions, self.facility,
                self.countries,
            )  # fmt: skip
        fatalities = find_fatalities(segment) if _CASUALTY_ONLY.search(segment) else (None, None)
        if site is None and fatalities == (None, None):
            return
        trigger = Trigger(start, start, self.last.event_type, False, True, False)
        clue = _Clue(trigger, (start, end), site, None, None, (), fatalities)
        if _compatible(self.last, clue):
            self.last.clues.append(clue)

    def run(self) -> list[_Frame]:
        sentences = list(split_sentences(self.text))
        previous = ""
        for start, end in sentences:
            sentence = self.text[start:end]
            cue = _RETALIATION_CUE.search(sentence)
            head_end = start + cue.start() if cue else end
            head = self._clue(start, head_end, (start, end))
            clause_clues: list[_Clue] = []
            if head is not None:
                head, clause_clues = self._clause_clues(head, start, head_end, (start, end))
            head_frame = self._place(head) if head else None
            for clue in clause_clues:
                if head_frame is None:
                    head_frame = self._place(clue)
                    continue
                if not _compatible(head_frame, clue) and head is not None and head.site:
                    clue.site = _contained(clue.site, head.site)
                if _compatible(head_frame, clue):
                    head_frame.clues.append(clue)
            if head is None and not cue:
                self._continuation(start, end)
            if head is not None:
                self._secondary(head, head_end, (start, end), head_frame)
            if cue:
                tail = self._clue(start + cue.end(), end, (start, end))
                tail_frame = self._place(tail, exclude=head_frame, answered=True) if tail else None
                if head_frame is None and tail_frame is not None and head is None:
                    head_frame = self.frames[0] if self.frames[0] is not tail_frame else None
                if head_frame and tail_frame and head_frame is not tail_frame:
                    head_frame.links.append(("retaliation_for", tail_frame, sentence))
            follows = _FOLLOWS_CUE.search(sentence)
            if follows and head_frame is not None:
                earlier = self._referent(head_frame, start)
                if earlier is not None:
                    relation = (
                        "retaliation_for"
                        if _REVENGE_WORDS.search(previous + " " + sentence)
                        else "follows"
                    )
                    head_frame.links.append((relation, earlier, sentence))
            if head_frame is not None:
                self.last = head_frame
            previous = sentence
        return self.frames

    def _secondary(
        self, head: _Clue, end: int, sentence: tuple[int, int], head_frame: _Frame | None
    ) -> None:
        """ "The attack came years after gunmen stormed X in 2015": a second, earlier event."""
        for match in _CONNECTIVE.finditer(self.text, head.trigger.end, end):
            clue = self._clue(match.end(), end, sentence)
            if clue is None or clue.trigger.definite or clue.trigger.temporal_reference:
                continue
            if clue.site is None and clue.date is None:
                continue
            if head_frame is not None and _compatible(head_frame, clue):
                if clue.site is not None:
                    # the same event told again, with its place: "fighting erupted in X
                    # County ... after rebels launched an attack on Y village"
                    head_frame.clues.append(clue)
                continue
            self._place(clue, exclude=head_frame)
            return

    def _referent(self, frame: _Frame, before: int) -> _Frame | None:
        """The event "the strike" refers to: the latest other frame reported before."""
        earlier = [
            f
            for f in self.frames
            if f is not frame and any(c.sentence[0] < before for c in f.clues)
        ]
        return max(earlier, key=lambda f: max(c.sentence[0] for c in f.clues)) if earlier else None


def _event_date(
    frame: _Frame,
    site: Site | None,
    published: date | None,
    is_main: bool,
    answered_by: Sequence[_Frame] = (),
) -> tuple[date | None, date | None, TimePrecision]:
    best = frame.best_date()
    if best is None:
        answers = [d for f in answered_by if (d := f.best_date()) is not None]
        if answers:
            # What a strike answers came before it: within the month before.
            first = min(d.first for d in answers) - timedelta(days=31)
            return first, max(d.last for d in answers), "month"
        for _, target, evidence in frame.links:
            target_date = target.best_date()
            if target_date is not None and _FOLLOWS_CUE.search(evidence):
                if _SHORTLY.search(evidence):
                    if target_date.precision == "day":
                        # "Days after the strike": within ten days after it.
                        return target_date.first, target_date.last + timedelta(days=10), "week"
                    # Days after an event known to the month: that month.
                    return target_date.first, target_date.last, target_date.precision
                # "Weeks after the strike": within a month after the strike's dates.
                later = target_date.last + timedelta(days=31)
                return target_date.first, later, "month"
        if is_main and published is not None:
            # The article's main event, undated: within the week before publication.
            return published - timedelta(days=6), published, "week"
        return None, None, "unknown"
    first, last = best.first, best.last
    clue = next(c for c in frame.clues if c.date is best)
    if best.precision == "day" and clue.clock is not None and site is not None:
        first = last = to_site_date(best.first, clue.clock, site.country_code)
    return first, last, best.precision


def _to_event(
    article: Article, frame: _Frame, keys: dict[int, str], frames: Sequence[_Frame]
) -> EventMention | None:
    site = _frame_site(frame)
    sources = [c for c in frame.clues if c.site is site] if site else []
    quote_clue = sources[0] if sources else next(
        (c for c in frame.clues if c.trigger.typed), frame.clues[0]
    )  # fmt: skip
    start, end = quote_clue.sentence
    is_main = frame.index == 0
    answered_by = [
        f for f in frames for r, target, _ in f.links if target is frame and r == "retaliation_for"
    ]
    date_start, date_end, precision = _event_date(
        frame, site, article.published, is_main, answered_by
    )
    lows = [c.fatalities[0] for c in frame.clues if c.fatalities[0] is not None]
    highs = [c.fatalities[1] for c in frame.clues if c.fatalities[1] is not None]
    unique: dict[tuple[str, str], str] = {}
    for relation, target, evidence in frame.links:
        unique.setdefault((relation, keys[target.index]), evidence)
    links = tuple((relation, key, evidence) for (relation, key), evidence in unique.items())
    retaliation = next((e for r, _, e in links if r == "retaliation_for"), "")
    spans = tuple(sorted({c.sentence for c in frame.clues}))
    return EventMention(
        doc_id=article.doc_id,
        event_type=frame.event_type,
        start=start,
        end=end,
        quote=article.text[start:end],
        date_start=date_start,
        date_end=date_end,
        time_precision=precision,
        location=site.location if site else "",
        location_raw=tuple(dict.fromkeys(r for s in frame.sites() for r in s.raw)) if site else (),
        country_code=site.country_code if site else "",
        lat=site.lat if site else None,
        lon=site.lon if site else None,
        geo_precision=site.geo_precision if site else 3,
        uncertainty_km=site.uncertainty_km if site else 0.0,
        actors=frame.actors(),
        fatalities_low=min(lows) if lows else None,
        fatalities_high=max(highs) if highs else None,
        retaliation_evidence=retaliation,
        event_key=keys[frame.index],
        links=links,
        sentence_spans=spans,
    )


_EXPLODED = re.compile(
    r"\b(?:blew up|exploded|went off|ripped through|tore through|detonated)\s+"
    r"(?:[a-z]+\s+){0,2}(?:at|in|near|inside|outside|on)\b"
)
_SUBJECT_OF_VIOLENCE = re.compile(r"\s+(?:targeted|hit|struck|rocked)\b")


def extract_events(
    article: Article,
    mentions: Sequence[Mention],
    facility: FacilityLookup | None = None,
) -> tuple[EventMention, ...]:
    """Find the events ``article`` reports, one :class:`EventMention` per event.

    Parameters
    ----------
    article
        The article; every quote is ``article.text[start:end]``.
    mentions
        Its place mentions, from :func:`mapper.geoparse.find_mentions`.
    facility
        Optional gazetteer lookup for facilities ("Erbil airport") the geoparser did not name.
    """
    frames = _ArticleEvents(article, mentions, facility).run()
    keys = {f.index: f"{article.doc_id}#{f.index}" for f in frames}
    events = [_to_event(article, f, keys, frames) for f in frames]
    by_key = {e.event_key: e for e in events if e is not None}
    result = []
    for event in by_key.values():
        answered = next(
            (by_key.get(target) for relation, target, _ in event.links if relation ==
             "retaliation_for"), None,
        )  # fmt: skip
        if answered is not None:
            from dataclasses import replace

            event = replace(event, answers=answered)
        result.append(event)
    return tuple(result)
