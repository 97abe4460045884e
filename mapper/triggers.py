"""Event triggers: which words report which event type, and which reports are not events.

A typed trigger ("airstrikes", "a suicide car bomb") names the type. A generic trigger ("the
attack", "killed", "clashed") reports violence without one: it can describe an event already
named (the same article's "the strike") or, with a site of its own, an ``other`` event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Order matters: the first pattern that matches at a position wins (most specific first).
_TYPED: tuple[tuple[str, str], ...] = (
    ("suicide_bombing", r"\bsuicide (?:car |truck |vest |belt )?(?:bomb(?:er|ers|ing|ings|s)?|attacks?|"
                        r"blasts?|explosions?)\b|\bblew (?:himself|herself|themselves) up\b"),
    ("car_bombing", r"\b(?:car|truck|vehicle)[- ]bomb(?:s|ing|ings)?\b|\bbomb-laden (?:car|truck|vehicle)\b|"
                    r"\bvehicle-borne (?:improvised )?explosive|\bVBIED\b"),
    ("ied", r"\b(?:roadside (?:bombs?|explosives?|devices?|blasts?)|improvised explosive devices?|"
            r"IEDs?|landmines?|land mines?|(?:magnetic|sticky) bombs?|explosive devices?)\b"),
    ("drone_attack", r"\b(?:drones? (?:loaded|laden|packed|rigged) with explosives|explosive-laden drones?|"
                     r"bomb-laden drones?|(?:kamikaze|suicide|armed|attack) drones?)\b|"
                     r"\bdrone attacks?\b"),
    ("drone_strike", r"\bdrone strikes?\b|\bdrones? (?:struck|fired|hit|targeted)\b|\bunmanned aerial"),
    ("missile_attack", r"\b(?:ballistic |cruise |guided |anti-tank )?missile (?:attacks?|strikes?|fire)\b|"
                       r"\bmissiles? (?:hit|struck|slammed|landed|rained)\b|\bfired (?:\w+ )?missiles?\b"),
    ("rocket_attack", r"\brocket (?:attacks?|strikes?|fire|barrages?|assaults?)\b|\brockets? (?:hit|struck|"
                      r"slammed|landed|rained|fell|targeted)\b|\bfired (?:\w+ )?rockets\b|"
                      r"\bbarrage of rockets\b|\bKatyusha"),
    ("airstrike", r"\bair[ -]?strikes?\b|\bair[ -]?raids?\b|\baerial (?:bombardment|bombing|attacks?)\b|"
                  r"\b(?:warplanes?|jets|fighter jets|aircraft|bombers|helicopters?|air force|air forces) (?:struck|hit|"
                  r"bombed|pounded|attacked|targeted|dropped)\b|\bdropped (?:[\w\-]+ ){0,3}bombs?\b|"
                  r"\bbombs? (?:were )?dropped\b|\bbombed\b"),
    ("shelling", r"\bshell(?:ing|ed|s)\b|\bartillery (?:fire|strikes?|barrages?)\b|\bmortars?\b"),
    ("bombing", r"\bbombings?\b|\bbomb (?:blast|attack|explosion)s?\b|"
                r"\bbombs? (?:exploded|went off|ripped|blew up|detonated)\b|\bgrenades?\b|\bbomb\b"),
    ("armed_clash", r"\bclash(?:es|ed)?\b|\bgun ?battles?\b|\bfirefights?\b|\bexchanged? fire\b|"
                    r"\bfighting (?:between|erupted|broke)\b|\bheavy fighting\b|\bambush(?:ed)?\b"),
    ("raid", r"\braid(?:s|ed)?\b|\bstorm(?:ed|ing)\b"),
)  # fmt: skip
_GENERIC_NOUNS = (
    r"attacks?|strikes?|assaults?|operation|action|incident|bombardment|offensive|"
    r"counterattacks?|counteroffensives?|"
    r"retaliation|response"
)
_GENERIC_VERBS = (
    r"killed|killing|shot|shooting|gunned down|opened fire|fired on|fired at|attacked|attacking|"
    r"struck|striking|hit|targeted|targeting|murdered|murdering|executed|executing|beheaded|"
    r"beheading|stabbed|stabbing|wounded|wounding|injured|injuring|assassinated|"
    r"slaughtered|ambushing|abducted|kidnapped|massacred|destroyed|set (?:fire|ablaze)|torched|"
    r"burned|struck|pounded|pounding|bombarded|bombarding"
)
# Words that suggest a type when they report a new event, but also describe any event's
# effects ("explosions were reported near ...") and so never conflict with a named type.
_WEAK: tuple[tuple[str, str], ...] = (
    ("bombing", r"\bexplosions?\b|\bblasts?\b|\bexploded\b|\bdetonated\b|\bwent off\b"),
    ("armed_clash", r"\bfighting\b|\bbattles?\b|\bgunfire\b|\bexchange of fire\b"),
    ("raid", r"\bstormed\b|\bstorming\b"),
)
_TYPED_RE = tuple((t, re.compile(p, re.IGNORECASE)) for t, p in _TYPED)
_WEAK_RE = tuple((t, re.compile(p, re.IGNORECASE)) for t, p in _WEAK)
_GENERIC_NOUN_RE = re.compile(rf"\b(?:{_GENERIC_NOUNS})\b", re.IGNORECASE)
_GENERIC_VERB_RE = re.compile(rf"\b(?:{_GENERIC_VERBS})\b", re.IGNORECASE)

# Not events: negations, hypotheticals, plans, options, threats, demands.
_IRREALIS = re.compile(
    r"\b(?:would|could|might|may|will|shall|should|must|won't|wouldn't|can|cannot|"
    r"not|never|no|without|deny|denies|denied|threaten\w*|plan(?:s|ned|ning)?|"
    r"prepar\w+ to|vow\w*|offer\w*|options?|consider\w*|if|unless|whether|avoid\w*|"
    r"prevent\w*|deter\w*|risk|fear(?!ed\s+(?:killed|dead))\w*|warn\w*|call\w* for|urg\w+|decision to|"
    r"intend\w*|ready to|seeking to|sought to|aims? to|wants? to|possible|potential|"
    r"future)\b(?:\s+\S+){0,4}\s*$|"
    # "any attacks", "more strikes" speak of possible ones; "dozens more were injured", "two
    # further assaults" do not.
    r"(?<!\btwo )(?<!\bthree )(?<!\bfour )(?<!\bfive )(?<!\bseveral )"
    r"\b(?:further|any|more)\s+(?:\S+\s+)?$",
    re.IGNORECASE,
)
_FEARED_TOLL = re.compile(r"(?:killed|dead)\b", re.IGNORECASE)
_INFINITIVE = re.compile(r"\bto\s+$", re.IGNORECASE)
_DEFINITE = re.compile(
    r"\b(?:the|this|that|these|those|its|such|latest|last|same|"
    r"[A-Z][a-z]+day['’]s)\s+(?:(?![\w\-]+ed\s)[\w\-.’']+\s+){0,2}$",
    re.IGNORECASE,
)
_VERB_FORM = re.compile(r"(?:ed|ing|\bhit|\bshot|\bstruck|\bblew|\bfired \w+)$|\bdown$", re.I)
_TEMPORAL_REFERENCE = re.compile(
    r"\b(?:after|before|since|following|until|ahead of|prior to|in addition to|besides|"
    r"apart from)\s+(?:the|this|that|these|those|"
    r"its|their)\s+(?:[\w\-.’']+\s+){0,3}$",
    re.IGNORECASE,
)
_AGGREGATE = re.compile(
    r"\b(?:series of|string of|wave of|spate of|number of|dozens of|hundreds of|several|"
    r"multiple|many|numerous|at least (?:\w+)|more than (?:\w+)|(?<![A-Za-z.] )[2-9]\d*|two|three|"
    r"four|five|six|"
    r"seven|eight|nine|ten)\s+(?:[\w\-]+\s+){0,3}$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that reports an event: ``text[start:end]``, its type, and how it reports it."""

    start: int
    end: int
    event_type: str
    typed: bool
    definite: bool
    aggregate: bool
    temporal_reference: bool = False
    """Only dates another event ("days after the strike, ...")."""


def _is_irrealis(text: str, start: int, floor: int) -> bool:
    """Negated, hypothetical, or an option: judged on the words just before the trigger."""
    before = text[max(floor, start - 60) : start]
    before = re.split(r"[.;:,“”\"]|\b(?:and|but|after|when|while|which|that)\b", before)[-1]
    if _FEARED_TOLL.match(text, start):
        # "have been feared killed": a toll, not a fear of violence to come.
        before = re.sub(r"\bfeared\s+$", "", before)
    return bool(_IRREALIS.search(before) or _INFINITIVE.search(before))


def find_triggers(text: str, start: int, end: int) -> list[Trigger]:
    """Triggers in ``text[start:end]``: typed first, generic only where no typed one overlaps."""
    segment = text[start:end]
    found: list[Trigger] = []

    def overlaps(s: int, e: int) -> bool:
        return any(t.start < e and s < t.end for t in found)

    def add(s: int, e: int, event_type: str, typed: bool) -> None:
        if overlaps(s, e) or _is_irrealis(text, s, start):
            return
        before = text[max(start, s - 40) : s]
        found.append(
            Trigger(
                start=s,
                end=e,
                event_type=event_type,
                typed=typed,
                # Only a noun refers back ("the attack"); "their air force killed" does not.
                definite=bool(_DEFINITE.search(before)) and not _VERB_FORM.search(text[s:e]),
                aggregate=bool(_AGGREGATE.search(before) and not _VERB_FORM.search(text[s:e]))
                or (typed and segment[e - start - 1 : e - start] == "s" and "series" in before),
                temporal_reference=bool(_TEMPORAL_REFERENCE.search(before)),
            )
        )

    for event_type, pattern in _TYPED_RE:
        for m in pattern.finditer(segment):
            add(start + m.start(), start + m.end(), event_type, True)
    for event_type, pattern in _WEAK_RE:
        for m in pattern.finditer(segment):
            add(start + m.start(), start + m.end(), event_type, False)
    for pattern in (_GENERIC_NOUN_RE, _GENERIC_VERB_RE):
        for m in pattern.finditer(segment):
            add(start + m.start(), start + m.end(), "other", False)
    found.sort(key=lambda t: t.start)
    return found
