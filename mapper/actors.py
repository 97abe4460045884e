"""Armed actors named in a text, with their aliases folded to one canonical name.

Each row: canonical name, then a regular expression for the spellings reports use. Adjectival
uses ("Iran-backed", "Iranian-backed") name a sponsor, not an actor, and are skipped.
"""

from __future__ import annotations

import re

_APOS = r"[’'`]?"
_ALIASES: tuple[tuple[str, str], ...] = (
    ("Kataib Hezbollah", rf"\bKa(?:ta|it|t){_APOS}\s?ib\s+Hez?b[ou]llah\b|\bKH\b|\bHezbollah Brigades\b"),
    ("Kataib Sayyid al-Shuhada", rf"\bKa(?:ta|it|t){_APOS}\s?ib\s+Sayy?id\s+al[- ]Shuhada\b|\bKSS\b"),
    ("Saraya Awliya al-Dam", r"\b(?:Saraya\s+)?Awliya[’'`]?\s+al[- ]?Dam\b|\bGuardians? of the Blood\b"),
    ("U.S. military", r"\bU\.?S\.? (?:military|forces|troops|warplanes|aircraft|Air Force|Army|"
                      r"Navy|drones?)\b|\bPentagon\b|\bUnited States\b(?! Embassy)|\bAmerican (?:forces|"
                      r"military|aircraft|warplanes)\b|\bU\.?S\.?-led coalition\b"),
    ("Iran", r"\bIran(?:ian)? (?:government|forces|military)\b|\bIslamic Revolutionary Guard Corps\b|"
             r"\bIRGC\b|\bIranian Revolutionary Guards?\b"),
    ("Islamic State", r"\bIslamic State\b|\bISIS\b|\bISIL\b|\bDaesh\b|\bIS (?:militants|fighters)\b"),
    ("PKK", rf"\bPKK\b|\bKurdistan Workers{_APOS} Party\b"),
    ("YPG", r"\bYPG\b|\bPeople's Protection Units\b"),
    ("Syrian Democratic Forces", r"\bSyrian Democratic Forces\b|\bSDF\b"),
    ("Syrian army", r"\bSyrian (?:Arab )?Army\b|\bSyrian (?:government|regime) forces\b|\bSAA\b"),
    ("Free Syrian Army", r"\bFree Syrian Army\b|\bFSA\b"),
    ("Hayat Tahrir al-Sham", r"\bHayat Tahrir al-Sham\b|\bHTS\b|\bJabhat al-Nusra\b|\bNusra Front\b"),
    ("Russian military", r"\bRussian (?:military|forces|troops|warplanes|jets|aircraft|army)\b"),
    ("Ukrainian military", r"\bUkrainian (?:military|forces|troops|army)\b"),
    ("Turkish military", r"\bTurkish (?:military|forces|troops|warplanes|jets|army|drones?)\b"),
    ("Israel Defense Forces", r"\bIsrael Defense Forces\b|\bIDF\b|\bIsraeli (?:military|forces|"
                              r"troops|warplanes|jets|army|aircraft)\b"),
    ("Hamas", r"\bHamas\b|\bQassam Brigades\b"),
    ("Hezbollah", r"(?<!Kataib )(?<!Kata'ib )(?<!Kata’ib )(?<!Kait’ib )(?<!\()\bHezbollah\b"
                  r"(?! Brigades| Battalions)"),
    ("Houthis", r"\bHouthis?\b|\bAnsar Allah\b"),
    ("al-Qaeda", r"\bal[- ]Qa[e']?ida\b|\bAQAP\b|\bAQIM\b"),
    ("al-Shabaab", r"\bal[- ]Shabaa?b\b"),
    ("Boko Haram", r"\bBoko Haram\b|\bISWAP\b"),
    ("Taliban", r"\bTaliban\b"),
    ("Iraqi security forces", r"\bIraqi (?:security forces|army|military|troops|police)\b"),
    ("Popular Mobilization Forces", r"\bPopular Mobili[sz]ation (?:Forces|Units)\b|\bPMF\b|\bHashd\b"),
    ("Afghan security forces", r"\bAfghan (?:security forces|army|troops|police|forces)\b"),
    ("Nigerian army", r"\bNigerian (?:army|military|troops|forces)\b"),
    ("Somali security forces", r"\bSomali (?:security forces|army|troops|forces)\b"),
)  # fmt: skip
_COMPILED = tuple((name, re.compile(pattern)) for name, pattern in _ALIASES)
# "attacks on US troops", "fighting against ISIS": the target, not the one who acted.
_TARGET_BEFORE = re.compile(
    r"\b(?:against|on|at|targeting|targeted|targets|fight|fighting|fought|killing|killed|"
    r"wounding|injuring)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SPONSOR = re.compile(r"^[\s-]*(?:backed|based|sponsored|aligned|allied|affiliated|linked)\b")


def find_actors(text: str) -> tuple[str, ...]:
    """Canonical names of the actors ``text`` names, in order of first mention."""
    found: list[tuple[int, str]] = []
    for name, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if _SPONSOR.match(text[match.end() :]) or _TARGET_BEFORE.search(
                text, max(0, match.start() - 30), match.start()
            ):
                continue
            found.append((match.start(), name))
            break
    found.sort()
    return tuple(dict.fromkeys(name for _, name in found))


def canonical_actor(name: str) -> str:
    """The canonical name of one actor spelling, or the spelling itself when unknown."""
    return next((canon for canon, pattern in _COMPILED if pattern.fullmatch(name)), name)
