"""Geoparsing: running text -> place :class:`~mapper.models.Mention` s with offsets, resolved.

Recognition (:mod:`mapper.geoparse.recognise`) finds gazetteer names in the text and keeps
those that name places; resolution (:mod:`mapper.geoparse.resolve`) chooses one gazetteer
entry per name using the whole document as context. :func:`find_mentions` is what the
pipeline calls; :class:`GeoParser` keeps the compiled matcher and a lookup cache between
documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mapper.gazetteer import Gazetteer, normalise_name
from mapper.geoparse import parser as _parser_source
from mapper.geoparse import recognise as _recognise_source
from mapper.geoparse import selected
from mapper.geoparse.compiled import compiled_build
from mapper.geoparse.names_cache import cached_names
from mapper.geoparse.parser import NameSource
from mapper.models import Mention

__all__ = [
    "GeoParser",
    "NameSource",
    "cached_names",
    "find_mentions",
    "mentions_record",
    "normalise_name",
    "parser_for",
    "toponym_record",
]

# The geoparser compiled by Cython at install time, while its build matches parser.py as it
# is now (see mapper.geoparse.compiled); the same code either way.
_parser = (
    compiled_build("mapper.geoparse._parser_c", Path(_parser_source.__file__)) or _parser_source
)
if TYPE_CHECKING:
    from mapper.geoparse.parser import GeoParser
else:
    GeoParser = _parser.GeoParser
COMPILED_PARSER = _parser is not _parser_source
"""Whether :class:`GeoParser` runs compiled."""
COMPILED_RECOGNITION = selected.recognise is not _recognise_source
"""Whether recognition runs compiled."""
if TYPE_CHECKING:
    from mapper.geoparse.recognise import Recogniser
else:
    Recogniser = selected.recognise.Recogniser
_resolve = selected.resolve

_PARSERS: dict[int, tuple[NameSource, GeoParser]] = {}


def parser_for(gazetteer: NameSource, *, demonyms: bool = False) -> GeoParser:
    """The shared :class:`GeoParser` for ``gazetteer`` (built on first use)."""
    slot = id(gazetteer) * 2 + int(demonyms)
    entry = _PARSERS.get(slot)
    if entry is None or entry[0] is not gazetteer:
        entry = (gazetteer, GeoParser(gazetteer, demonyms=demonyms))
        _PARSERS[slot] = entry
    return entry[1]


def find_mentions(doc_id: str, text: str, gazetteer: Gazetteer) -> tuple[Mention, ...]:
    """Find and resolve every place name in ``text``.

    Returns mentions sorted by offset, with ``text[start:end] == surface``.
    """
    return parser_for(gazetteer).parse(doc_id, text)


def toponym_record(mention: Mention) -> dict[str, Any]:
    """One mention as the ``toponyms`` entry that ``mapper geoparse`` prints."""
    record: dict[str, Any] = {"start": mention.start, "end": mention.end, "name": mention.surface}
    place = mention.place
    if place is not None:
        record.update(
            lat=round(place.lat, 5),
            lon=round(place.lon, 5),
            place_id=place.place_id,
            country_code=place.country_code,
            feature=place.feature,
        )
    record["score"] = round(mention.score, 4)
    return record


def mentions_record(doc_id: str, mentions: Sequence[Mention]) -> dict[str, Any]:
    """One document's line of ``mapper geoparse`` output."""
    return {"id": doc_id, "toponyms": [toponym_record(m) for m in mentions]}
