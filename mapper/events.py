"""Sentences -> :class:`~mapper.models.EventMention` s: type, date, site, actors, fatalities.

A first version: trigger words per sentence, the article's publication date, and the first
resolved place of the sentence that is not a dateline. The incident issue makes this excellent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from mapper.models import Article, EventMention, Mention

_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (event_type, re.compile(pattern, re.IGNORECASE))
    for event_type, pattern in (
        ("drone_strike", r"\bdrone strikes?\b"),
        ("drone_attack", r"\bdrone attacks?\b|\bdrones? loaded with explosives\b"),
        ("rocket_attack", r"\brocket (?:attacks?|strikes?|fire)\b|\brockets? (?:hit|struck)\b"),
        ("airstrike", r"\bair ?strikes?\b|\bbombs? dropped\b|\bdropped [\w\- ]*bombs?\b"),
        ("car_bombing", r"\bcar bomb"),
        ("suicide_bombing", r"\bsuicide (?:bomb|attack)"),
        ("shelling", r"\bshelling\b|\bshelled\b"),
        ("bombing", r"\bbombings?\b"),
        ("raid", r"\braids?\b"),
    )
)
_SENTENCE = re.compile(r"[^\n.!?]+(?:[.!?]+[\"”’]?|\n|$)")
_NEGATION = re.compile(r"\b(?:would|could|might|offered|threaten\w*|not)\b", re.IGNORECASE)


def split_sentences(text: str) -> Iterator[tuple[int, int]]:
    """Yield ``(start, end)`` of each sentence, trimmed of surrounding white space."""
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def extract_events(article: Article, mentions: Sequence[Mention]) -> tuple[EventMention, ...]:
    """Find the events each sentence of ``article`` reports."""
    events: list[EventMention] = []
    for start, end in split_sentences(article.text):
        sentence = article.text[start:end]
        event_type = next((t for t, p in _TRIGGERS if p.search(sentence)), None)
        if event_type is None or _NEGATION.search(sentence):
            continue
        inside = [
            m
            for m in mentions
            if start <= m.start < end and m.place is not None and m.start > start
        ]
        if not inside:
            continue
        site = next((m for m in inside if m.place and m.place.feature != "country"), inside[0])
        place = site.place
        assert place is not None
        events.append(
            EventMention(
                doc_id=article.doc_id,
                event_type=event_type,
                start=start,
                end=end,
                quote=sentence,
                date_start=article.published,
                date_end=article.published,
                time_precision="day" if article.published else "unknown",
                location=place.name,
                location_raw=(site.surface,),
                country_code=place.country_code,
                lat=place.lat,
                lon=place.lon,
                geo_precision=3 if place.feature in {"country", "admin1", "region"} else 1,
                uncertainty_km=place.uncertainty_km,
            )
        )
    return tuple(events)
