"""Recognise the outlet that published an article from its own text.

Only the places where an article names its publisher count: the byline and dateline (the
first lines) and a copyright line at the end. A mention in running text ("told ABC News") is
not enough, since articles quote other outlets all the time.
"""

from __future__ import annotations

import re

# Outlet names as they sign their own articles, and owners that sign copyright lines.
# Facts (publication names), written by us.
KNOWN_OUTLETS: tuple[tuple[str, str], ...] = (
    ("The Wall Street Journal", "The Wall Street Journal"),
    ("Wall Street Journal", "The Wall Street Journal"),
    ("Dow Jones", "The Wall Street Journal"),
    ("The New York Times", "The New York Times"),
    ("New York Times", "The New York Times"),
    ("The Washington Post", "The Washington Post"),
    ("Washington Post", "The Washington Post"),
    ("ABC News", "ABC News"),
    ("CBS News", "CBS News"),
    ("NBC News", "NBC News"),
    ("CNN", "CNN"),
    ("Fox News", "Fox News"),
    ("Associated Press", "Associated Press"),
    ("AP", "Associated Press"),
    ("Reuters", "Reuters"),
    ("Agence France-Presse", "Agence France-Presse"),
    ("AFP", "Agence France-Presse"),
    ("BBC News", "BBC News"),
    ("BBC", "BBC News"),
    ("Al Jazeera", "Al Jazeera"),
    ("Al Arabiya", "Al Arabiya"),
    ("Kurdistan 24", "Kurdistan 24"),
    ("Rudaw", "Rudaw"),
    ("Voice of America", "Voice of America"),
    ("The Guardian", "The Guardian"),
    ("Financial Times", "Financial Times"),
    ("Bloomberg", "Bloomberg"),
    ("Politico", "Politico"),
    ("Military Times", "Military Times"),
    ("Stars and Stripes", "Stars and Stripes"),
    ("The National", "The National"),
    ("Anadolu Agency", "Anadolu Agency"),
    ("Xinhua", "Xinhua"),
    ("The Times of Israel", "The Times of Israel"),
    ("Haaretz", "Haaretz"),
    ("Middle East Eye", "Middle East Eye"),
    ("The Independent", "The Independent"),
    ("Deutsche Welle", "Deutsche Welle"),
    ("France 24", "France 24"),
    ("Sky News", "Sky News"),
)

_HEAD_CHARS = 400
_TAIL_CHARS = 800

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])"), canonical)
    for name, canonical in sorted(KNOWN_OUTLETS, key=lambda item: -len(item[0]))
)
_COPYRIGHT = re.compile(r"(?:Copyright|©|\(c\))[^\n]{0,120}", re.IGNORECASE)
_BYLINE = re.compile(
    r"^(?:By\b[^\n]{0,120}|[A-Z][A-Za-z .,]{2,60}(?:\([^)\n]{2,60}\))?\s*[–—-])", re.M
)


def recognise_outlet(text: str) -> str | None:
    """Return the outlet an article names as its publisher, or ``None``.

    Looks at byline/dateline lines near the top (``By X – The Wall Street Journal.``,
    ``WASHINGTON DC, United States (Kurdistan 24) –``) and copyright lines near the end.
    """
    head = text[:_HEAD_CHARS]
    zones = [m.group(0) for m in _BYLINE.finditer(head)]
    zones.extend(m.group(0) for m in _COPYRIGHT.finditer(text[-_TAIL_CHARS:]))
    for zone in zones:
        for pattern, canonical in _PATTERNS:
            if pattern.search(zone):
                return canonical
    return None
