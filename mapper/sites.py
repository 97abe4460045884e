"""The site of an event among the places a sentence names.

A place is a site only in a locative slot of the event's clause ("in X", "near X", "at the
airport in X", "hit X", "X-based"?), never as a dateline ("WASHINGTON —"), never where someone
spoke, travelled or reported from ("told reporters ... from California", "at Camp David",
"talks in Vienna", "an official in Kyiv said"), and never a capitalised word that only
looks like a place. "near X", "between X and Y", "along the border" give precision 2; regions
and countries give precision 3, each with an honest ``uncertainty_km``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from mapper.borders import country_code_of, shared_border
from mapper.geo import haversine_km
from mapper.models import (
    GEO_PRECISION_EXACT,
    GEO_PRECISION_NEAR,
    GEO_PRECISION_REGION,
    Mention,
    Place,
)

FacilityLookup = Callable[[str], Place | None]

_DEFAULT_UNCERTAINTY_KM = {
    "continent": 2000.0, "country": 300.0, "admin1": 100.0, "region": 150.0, "water": 100.0,
    "admin2": 40.0, "city": 5.0, "airport": 2.0, "base": 2.0, "crossing": 2.0, "site": 1.0,
    "body": 1.0,
}  # fmt: skip
_SPECIFICITY = {
    "site": 0, "base": 0, "airport": 0, "crossing": 0, "body": 0, "city": 1, "admin2": 2,
    "admin1": 3, "region": 3, "water": 3, "country": 4, "continent": 5,
}  # fmt: skip
_REGIONAL = {"country", "admin1", "region", "continent", "water"}

# What may stand between a locative word and the place: "in the eastern Syrian town of".
# What may stand between a locative word and the place ("in the eastern Syrian town of"):
# lower-case words other than clause openers, country adjectives and possessives.
_FILLER = r"(?:(?:(?!(?:that|which|who|whom|where|when|while|said|says|told|and|but|as|after|" \
    r"before|because|if|was|were|is|are|has|have|had|be|been|with|for|by|about|against|than|" \
    r"from|to|among|into|relations?|relationship|ties|talks|in|at|on|near|inside|outside|" \
    r"around|across|along|over)\b)[a-z][\w\-’']*|and around|" \
    r"[A-Z][a-z]+(?:an|i|ese|ish)|Kurdish|[A-Z]\w+’s|[A-Z]\w+'s|" \
    r"(?<=between )(?:[A-Z][\w’'\-]+ ){1,3}and|[\[(]|" \
    r"(?:[A-Z][\w’'\-]+ ){1,3}(?=(?:town|city|village|district|province|region|governorate|" \
    r"neighbou?rhood|suburb|camp|area|countryside)\b))\s*){0,5}"  # fmt: skip
_LOCATIVE = re.compile(
    r"\b(?P<prep>(?i:in|at|on|near)|outside|inside|into|across|between|along|around|off|from|"
    r"(?<!approaches )(?<!road )(?<!entrance )(?<!route )(?<!gates )to|"
    r"toward|towards|of|over|hit|struck|targeted|targeting|shelled|bombed|attacked|stormed|"
    r"raided|pounded|rocked|besieged|overran|captured|seized|entered|"
    r"close to|next to|vicinity of|outskirts of|north of|south of|east of|west of|"
    r"northeast of|northwest of|southeast of|southwest of|km from|kilometres from|"
    r"kilometers from|miles from)\s+" + _FILLER + r"$",
)
_NEAR = re.compile(
    r"\b(?:near|outside|close to|next to|vicinity of|outskirts of|around|between|along|off|"
    r"(?:north|south|east|west|northeast|northwest|southeast|southwest) of|km from|"
    r"kilometres from|kilometers from|miles from|in and around)\s+" + _FILLER + r"$",
)
_DIRECTIONAL = re.compile(
    r"\b(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+(?:[A-Z][a-z]+n\s+)?$",
    re.IGNORECASE,
)
# Places of speaking, travelling and reporting: a clause with these words is not the site.
_ELSEWHERE = re.compile(
    r"\b(?:said|says|told|tell|telling|speaking|spoke|reporters|interview|statement|news "
    r"conference|press conference|briefing|visit|visiting|visited|trip|travell?ing|travell?ed|"
    r"returning|returned|flew|fly|arrived|hotel|talks|meeting|met|summit|conference|"
    r"headquartered|embassy|contributed|reporting|wrote|tweet\w*|announced|accompanied|"
    r"(?:he|she|they|who|secretary|minister|president) (?:was|were|is) in|lives|lived|born|studied|weekend|vacation|exile|fled to)\b|"  # noqa: E501
    r"\d(?::\d\d\s*(?:[ap]\.?m\.?)?|\s*[ap]\.?m\.?)\s+(?:in|at)\s+$",
    re.IGNORECASE,
)
ANAPHORIC_REACH = 60
"""A trigger that refers back ("the strike") takes only a place this close after it."""
MAX_TRIGGER_DISTANCE = 240
"""Characters between a trigger and its site: farther places belong to other clauses."""
# "killed during a public meeting in X": the meeting is where the event happened.
_VENUE_OF_EVENT = re.compile(
    r"\b(?:during|at|on|near|outside|targeting|attacked|stormed|hit|destroyed|bombed|struck)\s+"
    r"(?:an?|the)\s+"
    r"(?:[\w\-]+\s+){0,2}(?:meeting|conference|rally|summit|hotel|embassy|talks)\b",
    re.IGNORECASE,
)
# A place before the event and a reporting verb between them is where someone spoke.
_SPEECH = re.compile(
    r"\b(?:said|says|told|confirmed|reported|announced|claimed|stated|added|according)\b",
    re.IGNORECASE,
)
# "the Istanbul bombing", "Erbil's rocket attack": at most two plain words between.
_MODIFIER_GAP = re.compile(
    r"(?:['’]s)?(?:\s+(?!(?:after|before|since|its|the|a|an|of|in|on|at|to|for|with|by|and|or|"
    r"that|which|his|her|their|was|were|is|are|has|had)\b)[a-z][\w\-]*){0,2}\s+"
)
_AREA_AFTER = re.compile(
    r"^(?:['’]s)?\s+(?:(?:northern|southern|eastern|western|central|north-?\w+|south-?\w+|"
    r"rural|wider)\s+)?(?:countryside|province|governorate|region|state|countryside|"
    r"district|area|suburbs?|outskirts|environs|desert|plain|valley|hills|mountains)\b"
    r"(?!\s+of\b)",
    re.IGNORECASE,
)
_PART_AFTER = re.compile(
    r"['’]s\s+(?:[\w\-]+\s+){0,3}(?:district|neighbou?rhood|quarter|suburb|market|square|"
    r"street|camp|old city)\b",
    re.IGNORECASE,
)
_PROVINCE_FEATURES = frozenset({"admin1", "admin2", "region"})
_PROVINCE_WORD_AFTER = re.compile(
    r"^\s*(?:province|governorate|region|state|oblast|county|district|prefecture|department|"
    r"countryside)\b",
    re.IGNORECASE,
)
_DIRECT_OBJECT = frozenset(
    {"hit", "struck", "targeted", "targeting", "shelled", "bombed", "attacked", "stormed",
     "raided", "pounded", "rocked", "besieged", "overran", "captured", "seized", "entered"}
)  # fmt: skip
# "the US coalition", "US troops", "Baghdad officials": a place name used as an adjective.
_ADJECTIVAL = re.compile(
    r"(?:\s|-)+(?:coalition|troops|forces|military(?! airport| air ?base| base| academy)|"
    r"officials?|embassy|bases?|contractors?|"
    r"personnel|soldiers|service|government|administration|army|navy|air force|ambassador|"
    r"envoy|president|minister|citizens|nationals|interests|facilities|targets|drones?|"
    r"warplanes|jets|aircraft|intelligence|diplomats|negotiators|led|backed|based|allied|"
    r"aligned|made|funded|sponsored|authorities|police(?! station| post| headquarters)|security|"
    r"spokesman|spokeswoman|"
    r"counterparts?|lawmakers|congressman|senator|media|television|news|press)\b",
    re.IGNORECASE,
)
_ORGANISATION_BEFORE = re.compile(
    r"\b[A-Z][a-z]+ (?:State|Army|Front|Party|Movement|Brigades?|Council|Ministry|University|"
    r"Bank|Institute|Government|Emirate|Committee|Church|League|Union) of (?:the )?$"
)
# "In Jericho, officials said soldiers shot ...": a sentence's opening place frames all of it.
_SCENE_SETTING = re.compile(r"^\W*(?:In|At|Near|Outside|Inside)\b[^,;.]*$")
_MOVEMENT_PREP = {"from", "to", "toward", "towards"}
_MOVEMENT_BEFORE = re.compile(
    r"(?<!approaches )(?<!road )(?<!entrance )(?<!gates )(?<!route )(?<!according )(?<!due )"
    r"(?<!close )(?<!next )\b(?:from|to|toward|towards)"
    r"\s+(?!be\b)(?:(?![\w\-]+ed\b)[\w\-]+\s+){0,3}$",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"(?:,|—|–|\()\s*(?:[^,;]{0,80}?\b(?:said|says|told|reported|according to|announced|"
    r"claimed|added|stated)\b[^;]*)$|\baccording to\b[^;]*$"
)
_DATELINE = re.compile(r"^(?:[A-Z][A-Za-z .,'’]{1,60}?)(?:\s*\([^)]{1,40}\))?\s*(?:–|—|-{1,2}|:)\s")
_CLAUSE_BREAK = re.compile(r"[;:]|\s[–—]\s|,\s+(?:while|when|as|after|before|where|but)\b")
_BORDER = re.compile(
    r"\b(?P<a>[A-Z][a-z]+)(?:\s*[-–/]\s*|\s+and\s+)(?P<b>[A-Z][a-z]+)\s+border\b|"
    r"\bborder (?:with|between) (?P<c>[A-Z][a-z]+)(?: and (?P<d>[A-Z][a-z]+))?\b|"
    r"\bthe (?P<e>[A-Z][a-z]+) border\b"
)
_BETWEEN = re.compile(r"\bbetween\s+" + _FILLER + r"$")
_FACILITY_AFTER = re.compile(
    r"^\s*(?:International\s+|Military\s+)?(?:airport|air ?base|airbase|base)\b", re.I
)
_FACILITY_BEFORE = re.compile(
    r"\b(?:airport|air ?base|airbase)\s+(?:in|at|of|near|outside)\s+$", re.I
)


@dataclass(frozen=True, slots=True)
class Site:
    """Where an event happened, as one sentence says it."""

    location: str
    raw: tuple[str, ...]
    country_code: str
    lat: float
    lon: float
    geo_precision: int
    uncertainty_km: float


def is_dateline(text: str, mention: Mention) -> bool:
    """Whether ``mention`` is part of a dateline ("WASHINGTON –", "BAGHDAD (Reuters) -")."""
    line_start = text.rfind("\n", 0, mention.start) + 1
    head = text[line_start : mention.end + 60]
    match = _DATELINE.match(head)
    return bool(match and mention.end - line_start <= match.end())


def _plausible(mention: Mention, before: str) -> bool:
    """A locative slot and a spelling that fits the place: noise from a crude geoparser fails."""
    place = mention.place
    if place is None:
        return False
    surface = mention.surface
    if surface.isupper() and len(surface) <= 4 and place.feature != "country":
        return False  # acronyms: KSS, ABC, MORE
    return bool(_LOCATIVE.search(before))


def _uncertainty(place: Place) -> float:
    default = _DEFAULT_UNCERTAINTY_KM.get(place.feature, 10.0)
    return max(place.uncertainty_km, default) if place.uncertainty_km <= 0 else place.uncertainty_km


def _clause_bounds(sentence: str, offset: int) -> tuple[int, int]:
    """Offsets of the clause of ``sentence`` around ``offset``."""
    start, end = 0, len(sentence)
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.end() <= offset:
            start = match.end()
        elif match.start() >= offset:
            end = match.start()
            break
    return start, end


def _border_site(segment: str, countries: Sequence[str]) -> tuple[Site, int] | None:
    for match in _BORDER.finditer(segment):
        names = [n for n in match.group("a", "b", "c", "d", "e") if n]
        codes = [c for c in (country_code_of(n) for n in names) if c]
        before = segment[max(0, match.start() - 60) : match.start()]
        locative = _LOCATIVE.search(before)
        if locative is None or locative.group("prep").lower() in _MOVEMENT_PREP:
            continue
        if _MOVEMENT_BEFORE.search(before[: locative.start()]):
            continue
        if _ELSEWHERE.search(before[-45:]):
            continue
        border = None
        if len(codes) >= 2:
            border = shared_border(codes[0], codes[1])
        elif len(codes) == 1:
            for other in dict.fromkeys(c for c in countries if c and c != codes[0]):
                border = shared_border(codes[0], other)
                if border is not None:
                    codes.append(other)
                    break
        if border is None:
            continue
        precision = GEO_PRECISION_NEAR
        site = Site(
            location=f"{names[0]}–{names[1] if len(names) > 1 else codes[1]} border",
            raw=(match.group(0),),
            country_code=codes[0],
            lat=border.lat,
            lon=border.lon,
            geo_precision=precision,
            uncertainty_km=border.uncertainty_km,
        )
        return site, match.start()
    return None


def choose_site(
    text: str,
    start: int,
    end: int,
    trigger: int,
    mentions: Sequence[Mention],
    facility: FacilityLookup | None = None,
    context_countries: Sequence[str] = (),
    anaphoric: bool = False,
    blocked: Sequence[tuple[int, int]] = (),
) -> Site | None:
    """The site of the event whose trigger word starts at ``trigger`` in ``text[start:end]``.

    Parameters
    ----------
    text
        The article text; ``start``/``end`` bound the segment (sentence or clause) of the event.
    trigger
        Offset of the event's trigger word in ``text``.
    mentions
        Place mentions of the article (those outside the segment are ignored).
    facility
        Looks up "X airport"-style names in the gazetteer, when one is at hand.
    context_countries
        Countries the article's event context names, to complete "near the Iraqi border".
    anaphoric
        The trigger refers back ("the attack"): only a place right after it ("the attack on
        Erbil airport") can be its site.
    blocked
        Spans that are not places whatever the geoparser says (dates such as "in March").
    """
    segment = text[start:end]
    attribution = _ATTRIBUTION.search(segment)
    attribution_start = start + attribution.start() if attribution else end
    clause_start, clause_end = _clause_bounds(segment, trigger - start)
    scored: list[tuple[tuple[float, ...], Site]] = []
    for mention in mentions:
        if not (start <= mention.start and mention.end <= end) or mention.place is None:
            continue
        if mention.start >= attribution_start and trigger < attribution_start:
            continue
        if is_dateline(text, mention) or _ADJECTIVAL.match(text, mention.end):
            continue
        if _ORGANISATION_BEFORE.search(text, max(start, mention.start - 40), mention.start):
            continue  # "Islamic State of Iraq", "University of Baghdad"
        if any(s < mention.end and mention.start < e for s, e in blocked):
            continue
        if abs(mention.start - trigger) > MAX_TRIGGER_DISTANCE:
            continue
        if (
            anaphoric
            and not (trigger < mention.start <= trigger + ANAPHORIC_REACH)
            and not (
                mention.end <= trigger and _MODIFIER_GAP.fullmatch(text[mention.end : trigger])
            )
        ):
            continue
        before = text[max(start, mention.start - 80) : mention.start]
        right_before = mention.end <= trigger and bool(
            _MODIFIER_GAP.fullmatch(text[mention.end : trigger])
        )
        if right_before and mention.place.feature in _REGIONAL:
            continue  # "a U.S. airstrike", "an Israeli raid": the actor, not the site
        modifier = right_before and not _MOVEMENT_BEFORE.search(before)
        if not modifier:
            # "the Istanbul bombing" names its site; otherwise a locative word must.
            if not _plausible(mention, before):
                continue
            locative = _LOCATIVE.search(before)
            assert locative is not None
            if locative.group("prep").lower() in _MOVEMENT_PREP or _MOVEMENT_BEFORE.search(
                before[: locative.start()]
            ):
                continue
        # The clause between trigger and place must not be about speaking or travelling.
        lo, hi = sorted((trigger, mention.start))
        local = start + clause_start <= mention.start < start + clause_end
        between = text[lo:hi]
        # Words about speaking count only between the event's trigger and the place.
        near_context = text[max(start, trigger, mention.start - 45) : mention.start]
        if _ELSEWHERE.search(near_context) and not _VENUE_OF_EVENT.search(near_context):
            continue
        scene = _SCENE_SETTING.match(text[start : mention.start]) and text.startswith(
            ",", mention.end
        )
        if (not local and _ELSEWHERE.search(between)) or (
            mention.start < trigger and _SPEECH.search(between) and not scene
        ):
            continue
        scored.append(_candidate(text, mention, before, trigger, local, facility))
    border = _border_site(
        segment,
        [
            *(m.place.country_code for m in mentions if m.place and start <= m.start < end),
            *context_countries,
        ],
    )
    if border is not None and not anaphoric:
        site, offset = border
        distance = abs(start + offset - trigger)
        scored.append(((0.0, 2.5, 1.0, distance / 1000), site))
    if not scored:
        return None
    scored.sort(key=lambda item: item[0])
    best = scored[0][1]
    return _coordinated(segment, best, [s for _, s in scored])


def _candidate(
    text: str,
    mention: Mention,
    before: str,
    trigger: int,
    local: bool,
    facility: FacilityLookup | None,
) -> tuple[tuple[float, ...], Site]:
    place = mention.place
    assert place is not None
    after = text[mention.end : mention.end + 30]
    raw = mention.surface
    town = getattr(facility, "town", None)
    if (
        town is not None
        and place.feature in _PROVINCE_FEATURES
        and not _PROVINCE_WORD_AFTER.match(after)
        and (found_town := town(mention.surface, place.country_code)) is not None
    ):
        # A bare name a province shares with its town ("Kharkiv", "the city of Idlib"):
        # reports of events mean the town unless they say "province".
        place = found_town
    precision = GEO_PRECISION_REGION if place.feature in _REGIONAL else GEO_PRECISION_EXACT
    uncertainty = _uncertainty(place)
    # "the airport in Erbil", "Baghdad airport": the facility, or near the town when unknown.
    facility_match = _FACILITY_AFTER.match(after) or _FACILITY_BEFORE.search(before)
    if facility_match and place.feature == "city":
        found = facility(f"{place.name} airport") if facility else None
        if found is None and facility:
            found = facility(f"{mention.surface} airport")
        if found is not None:
            place, uncertainty, precision = found, _uncertainty(found), GEO_PRECISION_EXACT
        else:
            precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty, 15.0)
    if _NEAR.search(before) and precision == GEO_PRECISION_EXACT:
        precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty * 2, 10.0)
    if _DIRECTIONAL.search(before) and place.feature in _REGIONAL:
        precision = GEO_PRECISION_REGION
    specificity = float(_SPECIFICITY.get(place.feature, 2))
    if _PART_AFTER.match(text, mention.end) and precision == GEO_PRECISION_EXACT:
        # "Baghdad's Karrada district": a part of the place the gazetteer did not name.
        precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty, 10.0)
    if _AREA_AFTER.match(after) and place.feature not in _REGIONAL:
        # "the northern Hama countryside", "Borno State": the area around the place.
        precision, uncertainty = GEO_PRECISION_NEAR, max(uncertainty, 50.0)
        specificity = 2.5
    site = Site(
        location=place.name,
        raw=(raw,),
        country_code=place.country_code,
        lat=place.lat,
        lon=place.lon,
        geo_precision=precision,
        uncertainty_km=round(uncertainty, 1),
    )
    distance = abs(mention.start - trigger)
    locative = _LOCATIVE.search(before)
    direct = bool(locative and locative.group("prep").lower() in _DIRECT_OBJECT)
    key = (0.0 if local else 1.0, specificity, 0.0 if direct else 1.0, distance / 1000)
    return key, site


def _coordinated(segment: str, best: Site, others: Sequence[Site]) -> Site:
    """ "between X and Y", "in X and Y": one site around the places named together."""
    same_level = [
        s for s in others
        if s.geo_precision == best.geo_precision and s.location != best.location
        and (s.geo_precision != GEO_PRECISION_REGION or s.country_code != best.country_code)
    ]  # fmt: skip
    if not same_level:
        return best
    partner = next(
        (s for s in same_level if re.search(
            re.escape(best.raw[0]) + r"\W+(?:and|or|to)\W+" + re.escape(s.raw[0]), segment
        ) or re.search(re.escape(s.raw[0]) + r"\W+(?:and|or|to)\W+" + re.escape(best.raw[0]),
                       segment)),
        None,
    )  # fmt: skip
    if partner is None:
        return best
    half = haversine_km((best.lat, best.lon), (partner.lat, partner.lon)) / 2
    first, second = sorted((best, partner), key=lambda s: segment.find(s.raw[0]))
    return Site(
        location=f"between {first.location} and {second.location}",
        raw=(*first.raw, *second.raw),
        country_code=first.country_code,
        lat=(best.lat + partner.lat) / 2,
        lon=(best.lon + partner.lon) / 2,
        geo_precision=max(GEO_PRECISION_NEAR, best.geo_precision),
        uncertainty_km=round(half + max(best.uncertainty_km, partner.uncertainty_km), 1),
    )
