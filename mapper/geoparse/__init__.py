"""Geoparsing: running text -> place :class:`~mapper.models.Mention` s with offsets, resolved.

Recognition (:mod:`mapper.geoparse.recognise`) finds gazetteer names in the text and keeps
those that name places; resolution (:mod:`mapper.geoparse.resolve`) chooses one gazetteer
entry per name using the whole document as context. :func:`find_mentions` is what the
pipeline calls; :class:`GeoParser` keeps the compiled matcher and a lookup cache between
documents.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from mapper.gazetteer import Gazetteer, normalise_name
from mapper.geoparse import recognise as _recognise_source
from mapper.geoparse import resolve as _resolve_source
from mapper.geoparse.compiled import compiled_build
from mapper.geoparse.names_cache import cached_names
from mapper.geoparse.people import capitals
from mapper.geoparse.recognise import Span, TokenList
from mapper.geoparse.resolve import Block
from mapper.models import Candidate, Mention

__all__ = ["GeoParser", "NameSource", "find_mentions", "parser_for", "toponym_record"]

# Recognition compiled by Cython at install time when its build matches recognise.py as it
# is now (see mapper.geoparse.compiled); the same code either way.
_recognise = (
    compiled_build("mapper.geoparse._recognise_c", Path(_recognise_source.__file__))
    or _recognise_source
)
Recogniser: type[_recognise_source.Recogniser] = _recognise.Recogniser
loose_runs: Callable[[str, TokenList, list[Span]], list[tuple[int, int]]] = _recognise.loose_runs
_new_span: type[Span] = _recognise.Span
COMPILED_RECOGNITION = _recognise is not _recognise_source
"""Whether recognition runs compiled."""
_resolve = (
    compiled_build("mapper.geoparse._resolve_c", Path(_resolve_source.__file__)) or _resolve_source
)
BlockMaker: type[_resolve_source.BlockMaker] = _resolve.BlockMaker
resolve: Callable[..., list[_resolve_source.Resolution]] = _resolve.resolve


class NameSource(Protocol):
    """What geoparsing needs of a gazetteer (:class:`~mapper.gazetteer.Gazetteer` has it)."""

    def keys(self) -> Iterator[str]:
        """Every normalised name."""
        ...

    def lookup(
        self, name: str, *, countries: Collection[str] = (), limit: int = 10, loose: bool = True
    ) -> list[Candidate]:
        """Ranked candidates for a name, best first (``loose=False``: exact matches only,
        when there are any)."""
        ...


_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ic", "ch", "er")
_CANDIDATE_LIMIT = 40
_CACHE_LIMIT = 100_000
_LOOSE_MIN_POPULATION = 5_000


class GeoParser:
    """Finds and resolves place names; build once per gazetteer, reuse for every document.

    Parameters
    ----------
    gazetteer
        Where names and candidates come from.
    demonyms
        Whether nationality words ("Iraqi", "American") count as mentions of their country.
        Off by default: they name people and things, not places (the CoNLL/OntoNotes
        convention); some corpora (LGL) annotate them as places.
    """

    def __init__(self, gazetteer: NameSource, *, demonyms: bool = False) -> None:
        self.gazetteer = gazetteer
        self.demonyms = demonyms
        if isinstance(gazetteer, Gazetteer):
            self._recogniser = Recogniser(cached_names(gazetteer), normalise_name, filtered=True)
        else:
            self._recogniser = Recogniser(gazetteer.keys(), normalise_name)
        self._candidates: dict[str, tuple[Candidate, ...]] = {}
        self._blocks: dict[tuple[str, str], Block | None] = {}
        self._block_maker = BlockMaker(capitals())

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """The gazetteer's candidates for a name (cached).

        Candidates found only by the gazetteer's loose phonetic tier (``matched`` starting
        with ``~``) are dropped when the name has exact matches.
        """
        found = self._candidates.get(name)
        if found is None:
            # Loose spellings only count when the name has no exact match, so the gazetteer
            # is told not to look for them otherwise (a third of a lookup's time).
            found = tuple(self.gazetteer.lookup(name, limit=_CANDIDATE_LIMIT, loose=False))
            exact = tuple(c for c in found if not c.matched.startswith("~"))
            found = exact or found
            # Bodies (the UN, the EU) are organisations, not places.
            found = tuple(c for c in found if c.place.feature != "body")
            key = normalise_name(name)
            if not self.demonyms and found and _is_demonym(key, found[0]):
                found = ()
            if len(self._candidates) > _CACHE_LIMIT:
                self._candidates.clear()
            self._candidates[key] = found
        return found

    def _loose_spans(self, text: str, tokens: TokenList, spans: list[Span]) -> list[Span]:
        """Names found only by the gazetteer's phonetic tier ("Deir Ezzour" for Deir ez-Zor)."""
        found: list[Span] = []
        for first, whole in loose_runs(text, tokens, spans):
            # "Deir Ezzor Governorate": if the whole run finds nothing, try it without its
            # last word.
            for last in range(whole, first, -1):
                surface = text[tokens[first].start : tokens[last].end]
                cands = self.candidates(surface)
                if cands:
                    break
            if not cands or not cands[0].matched.startswith("~"):
                continue
            key = " ".join(t.fold for t in tokens[first : last + 1])
            place = cands[0].place
            if place.feature == "city" and place.population < _LOOSE_MIN_POPULATION:
                continue
            self._candidates.setdefault(key, cands)
            found.append(
                _new_span(
                    start=tokens[first].start,
                    end=tokens[last].end,
                    key=key,
                    first=first,
                    last=last,
                    fuzzy=True,
                )
            )
        return found

    def block(self, key: str, query: str) -> Block | None:
        """The candidates of a name as arrays for the resolver (cached)."""
        slot = (key, query)
        if slot in self._blocks:
            return self._blocks[slot]
        cands = self.candidates(query)
        block = self._block_maker.make(key, cands) if cands else None
        if len(self._blocks) > _CACHE_LIMIT:
            self._blocks.clear()
        self._blocks[slot] = block
        return block

    def spans(self, text: str) -> list[Span]:
        """Recognition only: the place-name spans of ``text``."""
        return self._recogniser.find(text)[1]

    def parse(self, doc_id: str, text: str) -> tuple[Mention, ...]:
        """Find and resolve every place name in ``text`` (sorted by offset)."""
        tokens, spans = self._recogniser.find(text)
        spans = sorted(spans + self._loose_spans(text, tokens, spans), key=lambda s: s.start)
        if not spans:
            return ()
        blocks = [self.block(span.key, _query(text, span)) for span in spans]
        resolutions = resolve(text, tokens, spans, blocks)
        return tuple(
            Mention(
                doc_id=doc_id,
                start=r.span.start,
                end=r.span.end,
                surface=text[r.span.start : r.span.end],
                place=r.place,
                score=r.score,
            )
            for r in resolutions
        )


def _query(text: str, span: Span) -> str:
    """What to ask the gazetteer: the key, or the upper-case surface for codes ("US", "DRC")."""
    surface = text[span.start : span.end]
    return surface if surface.isupper() and len(surface) <= 5 else span.key


def _is_demonym(key: str, best: Candidate) -> bool:
    """ "iraqi" -> Iraq: a one-word nationality form of a country or state's name."""
    place = best.place
    if place.feature not in ("country", "admin1", "continent", "region"):
        return False
    return key != normalise_name(place.name) and key.endswith(_DEMONYM_ENDINGS)


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
