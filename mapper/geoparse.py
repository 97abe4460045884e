"""Text -> place :class:`~mapper.models.Mention` s with offsets, resolved by the gazetteer.

A first version: capitalised word sequences (longest first) looked up in the gazetteer, with
the countries the text names as a bias. The geoparsing issue makes this excellent.
"""

from __future__ import annotations

import re

from mapper.gazetteer import Gazetteer
from mapper.models import Mention

_WORD = r"(?:[A-Z][\w’'\-]*|al|el|ez|az|ad|ar|as|at|ash)"
_CANDIDATE = re.compile(rf"\b[A-Z][\w’'\-]*(?:[ \-]{_WORD})*")
_MAX_WORDS = 5
_STOP = frozenset(
    {"The", "A", "An", "In", "On", "At", "He", "She", "It", "They", "We", "Mr", "Mrs", "But"}
)


def _spans(text: str) -> list[tuple[int, int]]:
    """Candidate name spans: every sub-run of a capitalised sequence, longest first."""
    spans: list[tuple[int, int]] = []
    for match in _CANDIDATE.finditer(text):
        words = list(re.finditer(r"[^ \-]+", match.group(0)))
        base = match.start()
        for size in range(min(_MAX_WORDS, len(words)), 0, -1):
            for first in range(0, len(words) - size + 1):
                start = base + words[first].start()
                end = base + words[first + size - 1].end()
                spans.append((start, end))
    return spans


def find_mentions(doc_id: str, text: str, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """Find and resolve every place name in ``text``.

    Returns mentions sorted by offset, with ``text[start:end] == surface``.
    """
    taken: list[tuple[int, int]] = []
    found: list[tuple[int, int, str]] = []
    for start, end in _spans(text):
        surface = text[start:end].rstrip("’'")
        end = start + len(surface)
        if surface in _STOP or len(surface) < 3:
            continue
        if any(s < end and start < e for s, e in taken):
            continue
        if gazetteer.lookup(surface, limit=1):
            taken.append((start, end))
            found.append((start, end, surface))
    countries = {
        best[0].place.country_code
        for _, _, surface in found
        if (best := gazetteer.lookup(surface, limit=1)) and best[0].place.feature == "country"
    }
    mentions = []
    for start, end, surface in sorted(found):
        best = gazetteer.lookup(surface, countries=countries, limit=1)
        mentions.append(
            Mention(
                doc_id=doc_id,
                start=start,
                end=end,
                surface=surface,
                place=best[0].place if best else None,
                score=best[0].score if best else 0.0,
            )
        )
    return tuple(mentions)
