"""Death tolls as one source states them: ``(low, high)`` from the sentences about an event.

"at least 17 fighters were killed" -> (17, 17); "a handful of fatalities" -> (3, 5);
"killing as many as 20 ... preliminary reports indicated eight" -> (8, 20); "killed a contractor
and a civilian" -> (2, 2). Injuries are not fatalities.
"""

from __future__ import annotations

import re

_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "dozen": 12, "dozens": 24, "hundred": 100, "hundreds": 200, "scores": 40,
}  # fmt: skip
_NUMBER = (
    r"(?:\d[\d,]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
    r"a dozen|dozens|hundreds|scores)"
)
_QUAL = r"(?P<qual>at least|more than|over|nearly|almost|about|around|up to|as many as|some)?\s*"
_NOUN = (
    r"(?:[\w\-]+ ){0,3}?(?:people|persons|civilians|fighters|militants|soldiers|troops|members|"
    r"service ?members|policemen|police officers|officers|children|women|men|workers|"
    r"contractors?|nationals?|residents|passengers|worshippers|students|insurgents|rebels|"
    r"guards|others|person|civilian|fighter|soldier|man|woman|child|citizen|citizens|"
    r"policeman|officer|official|commanders?|journalists?|student|worshipper|guard|teachers?|"
    r"doctors?|drivers?|member|villagers?|farmers?|herders?|pilgrims?|shoppers?|family members)"
)
_PATTERNS = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # "killing at least 17 people", "killed a Filipino contractor and wounded ..."
        rf"\b(?:kill(?:ed|ing|s)|left|shot dead|shooting dead|gunned down|shot and killed) "
        rf"{_QUAL}(?P<num>{_NUMBER}) (?!wounded|injured){_NOUN}",
        # "at least 17 fighters were killed", "eight people died"
        rf"\b{_QUAL}(?P<num>{_NUMBER}) {_NOUN} (?:were |was |have been |had been )?"
        rf"(?:killed|dead|died|slain)",
        # "one dead", "12 deaths", "a death toll of 9"
        rf"\b{_QUAL}(?P<num>{_NUMBER}) (?:dead|deaths|fatalities|killed)\b",
        r"\bdeath toll (?:rose |climbed |of |stood at |to |at )*(?P<qual>at least )?(?P<num>\d+)",
        r"\b(?:put|putting|puts) the (?:death toll|toll|number of (?:the )?(?:dead|deaths|people "
        r"killed|fatalities)) (?:at|to) (?P<qual>at least )?(?P<num>\d+)",
        r"\bdeath toll\b[^.;]{0,80}?\b(?:rose|risen|rises|climbed|reached|jumped|increased|stood|"
        r"stands)\s+"
        r"(?:to |at )?"
        r"(?P<qual>at least )?(?P<num>\d+)",
        # "preliminary reports indicated eight"
        rf"\b(?:reports?|officials?|police|figures?) (?:indicated|put the (?:toll|number) at|"
        rf"said) (?P<qual>at least )?(?P<num>{_NUMBER})\b(?! (?:wounded|injured))",
    )
)
_HANDFUL = re.compile(r"\bhandful\b[”\"’]?(?: of)?[”\"’]? ?(?:fatalities|deaths|dead|civilians|people"  # noqa: E501
                      r"|fighters|militants|killed)?", re.IGNORECASE)  # fmt: skip
_AND_ONE = re.compile(rf"^(?:,| and| as well as) (?:{_QUAL})?(?P<num>{_NUMBER}) {_NOUN}", re.I)
_CASUALTY_WORD = re.compile(
    r"\b(?:kill|dead|death|died|fatalit|slain|toll|gunned down)", re.IGNORECASE
)


def _value(text: str) -> int | None:
    text = text.lower().replace(",", "")
    if text.isdigit():
        return int(text)
    for word, value in _WORDS.items():
        if text.endswith(word):
            return value
    return None


def find_fatalities(text: str) -> tuple[int | None, int | None]:
    """``(low, high)`` deaths the text reports, ``(None, None)`` when it gives no figure."""
    if not _CASUALTY_WORD.search(text) and not _HANDFUL.search(text):
        return None, None
    figures: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value = _value(m["num"])
            if value is None:
                continue
            end = m.end()
            # "killed a contractor and a civilian": count the coordinated victims too.
            while (more := _AND_ONE.match(text[end:])) and (extra := _value(more["num"])):
                value += extra
                end += more.end()
            taken.append((m.start(), end))
            qual = (m["qual"] or "").lower()
            if qual in {"up to", "as many as"}:
                figures.append((0, value))
            elif qual in {"nearly", "almost"}:
                figures.append((max(0, value - 1), value))
            else:
                figures.append((value, value))
    if _HANDFUL.search(text) and _CASUALTY_WORD.search(text + " killed"):
        figures.append((3, 5))
    if not figures:
        return None, None
    exact = [f for f in figures if f[0] > 0] or figures
    return min(f[0] for f in exact), max(f[1] for f in figures)
