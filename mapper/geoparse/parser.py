"""The geoparser: recognition and resolution of one document, with caches across documents.

:class:`GeoParser` keeps the compiled matcher and a lookup cache between documents. Like
``recognise.py`` and ``resolve.py``, this module is compiled unchanged by Cython at install
time (see :mod:`mapper.geoparse.compiled`); it takes their compiled builds when they are
current (:mod:`mapper.geoparse.selected`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Protocol

from mapper.gazetteer import Gazetteer, normalise_name
from mapper.geoparse.names_cache import cached_frequent_words, cached_names
from mapper.geoparse.people import capitals
from mapper.geoparse.recognise import Span, TokenList
from mapper.geoparse.resolve import Block
from mapper.geoparse.selected import recognise as _recognise
from mapper.geoparse.selected import resolve as _resolve
from mapper.models import Candidate, Mention

__all__ = ["GeoParser", "NameSource"]

if TYPE_CHECKING:
    from mapper.geoparse.recognise import Recogniser, loose_runs
    from mapper.geoparse.recognise import Span as _new_span
    from mapper.geoparse.resolve import BlockMaker, resolve
else:
    # The compiled builds when current (the same code as the sources named above).
    Recogniser = _recognise.Recogniser
    loose_runs = _recognise.loose_runs
    _new_span = _recognise.Span
    BlockMaker = _resolve.BlockMaker
    resolve = _resolve.resolve


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
            self._recogniser = Recogniser(
                cached_names(gazetteer),
                normalise_name,
                filtered=True,
                frequent=cached_frequent_words(gazetteer),
            )
        else:
            self._recogniser = Recogniser(gazetteer.keys(), normalise_name)
        self._candidates: dict[str, tuple[Candidate, ...]] = {}
        self._by_spelling: dict[str, tuple[Candidate, ...]] = {}
        self._blocks: dict[tuple[str, str], Block | None] = {}
        self._block_maker = BlockMaker(capitals())

    def candidates(self, name: str) -> tuple[Candidate, ...]:
        """The gazetteer's candidates for a name (cached).

        Candidates found only by the gazetteer's loose phonetic tier (``matched`` starting
        with ``~``) are dropped when the name has exact matches.
        """
        found = self._candidates.get(name)
        if found is None:
            key = normalise_name(name)
            # What the gazetteer gives depends on the name as written ("US" is a code), so
            # the work is remembered by that too: loose runs ask with the text's spelling.
            found = self._by_spelling.get(name)
            if found is None:
                found = self._lookup_candidates(name, key)
                if len(self._by_spelling) > _CACHE_LIMIT:
                    self._by_spelling.clear()
                self._by_spelling[name] = found
            if len(self._candidates) > _CACHE_LIMIT:
                self._candidates.clear()
            self._candidates[key] = found
        return found

    def _lookup_candidates(self, name: str, key: str) -> tuple[Candidate, ...]:
        # Loose spellings only count when the name has no exact match, so the gazetteer is
        # told not to look for them otherwise (a third of a lookup's time).
        found = tuple(self.gazetteer.lookup(name, limit=_CANDIDATE_LIMIT, loose=False))
        exact = tuple(c for c in found if not c.matched.startswith("~"))
        found = exact or found
        # Bodies (the UN, the EU) are organisations, not places.
        found = tuple(c for c in found if c.place.feature != "body")
        if not self.demonyms and found and _is_demonym(key, found[0]):
            found = ()
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
