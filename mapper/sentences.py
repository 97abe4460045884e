"""Sentence spans of an article, robust to the abbreviations of newswire ("Feb. 15", "U.S.")."""

from __future__ import annotations

import re
from collections.abc import Iterator

# A period after these words does not end a sentence.
_ABBREVIATIONS = frozenset(
    {
        "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
        "mr", "mrs", "ms", "dr", "gen", "lt", "col", "maj", "capt", "sgt", "rep", "sen", "gov",
        "st", "no", "vs", "approx", "est", "inc", "ltd", "co", "corp", "jr", "sr", "prof",
    }
)  # fmt: skip
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])|\n\s*\n|\n(?=[A-Z\"“])")
_LAST_WORD = re.compile(r"([A-Za-z]+)\.?$")
_INITIALS = re.compile(r"(?:\b[A-Za-z]\.){1,3}$")


def _is_abbreviation(text: str, end: int) -> bool:
    """Whether the period ending at ``end`` belongs to an abbreviation or initials."""
    head = text[max(0, end - 12) : end + 1].rstrip()
    if not head.endswith("."):
        return False
    if _INITIALS.search(head):
        # "U.S." ends a sentence only when the next word is a clear sentence opener; rare
        # enough in reports that keeping the sentence whole is the safer error.
        return True
    match = _LAST_WORD.search(head)
    return bool(match and match.group(1).lower() in _ABBREVIATIONS)


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence of ``text``, trimmed of surrounding white space.

    Newlines that separate paragraphs or headlines end a sentence; a period after an
    abbreviation ("Feb.", "Mr.") or initials ("U.S.", "D.C.") does not.
    """
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group(0)[0] == "." and _is_abbreviation(text, match.start()):
            continue
        yield from _trimmed(text, start, end)
        start = end
    yield from _trimmed(text, start, len(text))


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield start, end
