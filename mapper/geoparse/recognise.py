"""Recognition: find the spans of running text that name places.

Every gazetteer name (normalised) goes into one set. A document is cut into word tokens,
each token is normalised the way the gazetteer normalises names (ordinary lower-case words
become ``"_"``), and every run of up to seven normalisable tokens that opens with a capital
is looked up, so every gazetteer name that starts and ends on token boundaries is found.
Python then keeps the matches whose capitalisation and surroundings make them names of
places: longest match first, no lower-case words, no people ("Mr. Jordan"), no
organisations ("Washington Institute", "Kurdistan 24"), no calendar words, and ordinary
words ("Hit", "Mobile") only with support from the context.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, chain, compress
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple, cast, overload

from mapper.geoparse.compiled import compiled_build
from mapper.geoparse.lexicon import (
    CALENDAR_WORDS,
    CAPITAL_ABBREVIATIONS,
    COMMON_WORDS,
    DISEASE_WORDS,
    FUNCTION_WORDS,
    LOCATIVE_WORDS,
    NAME_WORDS,
    NOT_PLACES,
    ORGANISATION_WORDS,
    PARTICLES,
    PERSON_TITLES,
    PLACE_QUALIFIERS,
    SPEECH_VERBS,
)
from mapper.geoparse.people import given_names, surnames, word_frequency

# Words with inner apostrophes ("Qa'im", "O'Fallon"); a possessive "'s" is left out.
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ](?![sS]\b)[^\W_]+)*")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
# The same split in a compiled loop when built (see _scan.pyx), else the regular expression.
_scan = compiled_build("mapper.geoparse._scan", Path(__file__).with_name("_scan.pyx"))
_CONTRACTION = re.compile(r"['’](?:ve|ll|re|d|m|t)$|n['’]t$", re.IGNORECASE)
_MAX_TOKENS = 7
# Read once here: recognition asks about them for most matches.
_GIVEN_NAMES: frozenset[str] = given_names()
_SURNAMES: frozenset[str] = surnames()
FREQUENT_ZIPF = 4.0
"""Words at least this frequent in English (wordfreq's Zipf scale) need support as places."""
_KEY_OK = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_DATELINE_AFTER = re.compile(r"\s*(?:\([^)\n]{1,40}\)\s*)?[—–-]{1,2}|\s*,\s*[A-Z]")
_ARABIC_LINKS = frozenset({"al", "el", "bin", "ibn", "bint", "abu", "abi", "ul"})
# Article forms the gazetteer folds to "al" before a matching word ("ez-Zor", "ad-Dawr").
_ARTICLE_FORMS = frozenset(
    {"al", "el", "il", "ul", "ad", "ed", "ud", "an", "en", "ar", "er", "ur", "as", "es"}
    | {"us", "at", "et", "ut", "az", "ez", "uz", "ash", "esh", "ath", "eth", "adh", "edh"}
)
_SENTENCE_END = re.compile(r"\.(?:\s*$|\s+[A-Z“\"])")
# Characters that can end a sentence (or open a quote or a list item) between two words.
_SENTENCE_GAP: frozenset[str] = frozenset('.!?\n:;“"([|')
_GEO_GENERICS: frozenset[str] = frozenset(
    [
        "airport",
        "airbase",
        "base",
        "province",
        "governorate",
        "region",
        "district",
        "county",
        "parish",
        "city",
        "town",
        "village",
        "state",
        "border",
        "crossing",
        "valley",
        "desert",
        "mountains",
        "river",
        "strip",
        "bank",
        "area",
    ]
)


class Token(NamedTuple):
    """One word of the text: ``text[start:end]`` (a possessive ``'s`` is left out).

    A named tuple, not a dataclass: recognition builds many and tuples are cheap to make.
    """

    start: int
    end: int
    fold: str


class Span(NamedTuple):
    """A recognised place name: ``text[start:end]``, its gazetteer key and how it was found.

    ``needs_support`` marks an ordinary English word ("Mobile", "Hit") that the resolver keeps
    only when the document supports it; ``dateline`` marks an upper-case dateline place.
    A named tuple (immutable, and cheap to make: recognition makes one per match).
    """

    start: int
    end: int
    key: str
    first: int
    last: int
    needs_support: bool = False
    dateline: bool = False
    locative: bool = False
    speaker: bool = False
    before_name: bool = False
    person_elsewhere: bool = False
    fuzzy: bool = False


_new_tuple = tuple.__new__


class _RealFolds:
    """Normalised forms by token index: the matcher's form, or (for the ordinary lower-case
    words the matcher does not see) the word's own normalised form, computed on demand."""

    __slots__ = ("_words", "_match_folds", "_fold")

    def __init__(
        self, words: list[str], match_folds: list[str], fold: Callable[[str], str]
    ) -> None:
        self._words = words
        self._match_folds = match_folds
        self._fold = fold

    def __getitem__(self, index: int) -> str:
        folded = self._match_folds[index]
        return self._fold(self._words[index]) if folded == "_" else folded


class TokenList(Sequence[Token]):
    """The word tokens of one text, made on demand.

    ``parts`` is ``re.split`` of the text with the token pattern captured: separators and
    words alternate, so offsets are running sums of lengths (computed in C). Most tokens are
    never looked at one by one, so :class:`Token` objects are only built when asked for.
    """

    __slots__ = ("words", "gaps", "offsets", "_folds")

    def __init__(self, parts: list[str], folds: _RealFolds | list[str]) -> None:
        self.words: list[str] = parts[1::2]
        # gaps[i] is the text between token i and token i + 1 (gaps[-1] follows the last).
        self.gaps: list[str] = parts[2::2]
        # offsets[2 * i + 1] and offsets[2 * i + 2]: where token i starts and ends.
        self.offsets = [0, *accumulate(map(len, parts))]
        self._folds = folds

    def start(self, index: int) -> int:
        """Offset of token ``index`` in the text."""
        return self.offsets[2 * index + 1]

    def end(self, index: int) -> int:
        """Offset just after token ``index``."""
        return self.offsets[2 * index + 2]

    def fold(self, index: int) -> str:
        """Normalised form of token ``index``."""
        return self._folds[index]

    def at(self, index: int) -> Token:
        """Token ``index`` (``0 <= index < len(self)``): ``self[index]`` without the checks."""
        offsets = self.offsets
        at = 2 * index
        return _new_tuple(Token, (offsets[at + 1], offsets[at + 2], self._folds[index]))

    def capitalised(self) -> list[int]:
        """Indices of the tokens that start with a capital letter."""
        words = self.words
        return list(compress(range(len(words)), map(str.isupper, map(itemgetter(0), words))))

    def __len__(self) -> int:
        return len(self.words)

    @overload
    def __getitem__(self, index: int) -> Token: ...

    @overload
    def __getitem__(self, index: slice) -> list[Token]: ...

    def __getitem__(self, index: int | slice) -> Token | list[Token]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.words)))]
        if index < 0:
            index += len(self.words)
        offsets = self.offsets
        at = 2 * index
        # tuple.__new__ skips the named tuple's Python-level constructor (a hot path).
        return _new_tuple(Token, (offsets[at + 1], offsets[at + 2], self._folds[index]))


class Recogniser:
    """Finds place-name spans in text, for one set of gazetteer keys.

    Parameters
    ----------
    keys
        Every normalised name the gazetteer knows.
    normalise
        The gazetteer's normalisation function (applied to single tokens here).
    filtered
        Whether ``keys`` holds only :func:`matchable_keys` already (a cached name set).
    frequent
        The English words at least ``FREQUENT_ZIPF`` frequent, when known (a cached list);
        else each word's frequency is asked of wordfreq.
    """

    def __init__(
        self,
        keys: Iterable[str],
        normalise: Callable[[str], str],
        *,
        filtered: bool = False,
        frequent: frozenset[str] | None = None,
    ) -> None:
        self._normalise = normalise
        self._folds: dict[str, str] = {}
        self._match_folds: dict[str, str] = {}
        self._pairs: dict[tuple[str, str], str] = {}
        self._frequent: dict[str, bool] = {}
        self._frequent_words = frequent
        # A set, not an automaton: candidate names are runs of capitalised tokens, so a few
        # hash lookups per capitalised token find every name; a set of 700,000 names loads
        # from a cache file in a tenth of the time an automaton takes to build.
        matchable = keys if filtered else matchable_keys(keys)
        self._keys: frozenset[str] = frozenset(chain(matchable, CAPITAL_ABBREVIATIONS))

    def fold(self, word: str) -> str:
        """Normalise one token, with a cache (tokens repeat across documents)."""
        folded = self._folds.get(word)
        if folded is None:
            folded = "_" if _CONTRACTION.search(word) else self._normalise(word) or "_"
            if len(self._folds) > 200_000:
                self._folds.clear()
                self._match_folds.clear()
            self._folds[word] = folded
        return folded

    def match_fold(self, word: str) -> str:
        """The form a token takes in the matcher's text: its normalised form when it could
        be part of a name (capitalised, a digit, a particle), else ``"_"``, so that ordinary
        lower-case words never reach the matcher."""
        folded = self._match_folds.get(word)
        if folded is None:
            folded = self.fold(word)
            head = word[0]
            if not (head.isupper() or head.isdigit() or folded in PARTICLES):
                folded = "_"
            self._match_folds[word] = folded
        return folded

    def fold_pair(self, word: str, following: str) -> str:
        """The normalised form of a short token before ``following`` (articles: "ez Zor")."""
        pair = (word, following)
        folded = self._pairs.get(pair)
        if folded is None:
            folded = word
            if word != "_" and following != "_":
                both = self._normalise(f"{word} {following}").split(" ")
                if len(both) == 2 and both[1] == following:
                    folded = both[0]
            if len(self._pairs) > 200_000:
                self._pairs.clear()
            self._pairs[pair] = folded
        return folded

    def find(self, text: str) -> tuple[TokenList, list[Span]]:
        """Return the tokens of ``text`` and its place-name spans, sorted by offset."""
        if _scan is not None:
            # The compiled scan already knows the form of most lower-case words.
            parts, known = _scan.scan_words(text, PARTICLES)
            words = parts[1::2]
            cached = _known_forms(known, words, self._match_folds)
        else:
            parts = _TOKEN_SPLIT.split(text)
            words = parts[1::2]
            cached = list(map(self._match_folds.get, words))
        # Folds are never empty, so a falsy entry is a word not seen before (None).
        if not all(cached):
            cached = [f or self.match_fold(w) for f, w in zip(cached, words, strict=True)]
        match_folds = cast(list[str], cached)
        for index in _articles_before_words(match_folds):
            match_folds[index] = self.fold_pair(match_folds[index], match_folds[index + 1])
        folds = _RealFolds(words, match_folds, self.fold)
        tokens = TokenList(parts, folds)
        if not words:
            return tokens, []
        matches = _known_runs(text, tokens, match_folds, words, self._keys)
        taken = [False] * len(words)
        chosen = _longest_first(matches, taken)
        spans: list[Span] = []
        people: set[str] = set()
        for first, last, key in chosen:
            if first == last and key in _NEVER_ALONE and not words[first].isupper():
                # What _judge says first of a lone function or calendar word ("The", "May")
                # that is no dateline; a third of all matches, so said here without the call.
                continue
            verdict = _judge(text, tokens, first, last, key, taken, self._is_key, self._is_frequent)
            if isinstance(verdict, Span):
                spans.append(verdict)
            elif verdict == _PERSON:
                people.add(key)
        if people:
            # One sense per discourse: once "Moore" is a person here, every "Moore" is (the
            # resolver still keeps a country or state: "Mr. Jordan" and "Jordan's border").
            spans = [
                span._replace(person_elsewhere=True) if span.key in people else span
                for span in spans
            ]
        return tokens, spans

    def _is_frequent(self, fold: str) -> bool:
        frequent = self._frequent.get(fold)
        if frequent is None:
            if self._frequent_words is not None and fold.isalpha():
                # Letters only: the list says what wordfreq would (digits it smooths).
                frequent = fold in self._frequent_words
            else:
                frequent = word_frequency(fold) >= FREQUENT_ZIPF
            self._frequent[fold] = frequent
        return frequent

    def _is_key(self, fold: str) -> bool:
        return fold in self._keys


def _known_forms(
    known: list[str | None], words: list[str], cache: dict[str, str]
) -> list[str | None]:
    """The scan's forms, with the others from ``cache`` (``None`` where not cached)."""
    forms: list[str | None] = []
    for index in range(len(words)):
        form = known[index]
        forms.append(cache.get(words[index]) if form is None else form)
    return forms


def _articles_before_words(match_folds: list[str]) -> list[int]:
    """Indices of the article forms ("ez", "ad") followed by a word (they may fold to "al")."""
    positions: list[int] = []
    for index in range(len(match_folds) - 1):
        if match_folds[index] in _ARTICLE_FORMS and match_folds[index + 1] != "_":
            positions.append(index)
    return positions


def _known_runs(
    text: str, tokens: TokenList, match_folds: list[str], words: list[str], keys: frozenset[str]
) -> list[tuple[int, bool, int, int, str]]:
    """Every well-formed run of up to ``_MAX_TOKENS`` matchable tokens, opening with a capital
    or a digit (the only names ``_well_formed`` keeps), that is a gazetteer key as a whole.

    Each match is ``(first - last, opens with "the", first, last, key)``: sorted, longest
    first, then one that does not open with an article, then leftmost.
    """
    count = len(match_folds)
    matches: list[tuple[int, bool, int, int, str]] = []
    for first in range(count):
        key = match_folds[first]
        if key == "_":
            continue
        head = words[first][0]
        if not (head.isupper() or head.isdigit()):
            continue
        last = first
        stop = min(count, first + _MAX_TOKENS)
        while True:
            if key in keys and _well_formed(text, tokens, first, last):
                matches.append((first - last, key.startswith("the "), first, last, key))
            last += 1
            if last >= stop:
                break
            following = match_folds[last]
            if following == "_":
                break
            key = f"{key} {following}"
    return matches


def _longest_first(
    matches: list[tuple[int, bool, int, int, str]], taken: list[bool]
) -> list[tuple[int, int, str]]:
    """The matches that win their tokens, by offset: longest first, then one that does not open
    with an article ("The Rock Hill" is Rock Hill), then leftmost; the tokens a match takes
    (marked in ``taken``) are not reused."""
    matches.sort()
    chosen: list[tuple[int, int, str]] = []
    for _length, _article, first, last, key in matches:
        free = True
        for index in range(first, last + 1):
            if taken[index]:
                free = False
                break
        if not free:
            continue
        for index in range(first, last + 1):
            taken[index] = True
        chosen.append((first, last, key))
    chosen.sort()
    return chosen


def matchable_keys(keys: Iterable[str]) -> Iterator[str]:
    """The gazetteer keys recognition can match: 2-60 characters, letters and digits in at
    most ``_MAX_TOKENS`` words."""
    key_ok = _KEY_OK.fullmatch
    for key in keys:
        if 1 < len(key) <= 60 and key.count(" ") < _MAX_TOKENS and key_ok(key):
            yield key


def loose_runs(text: str, tokens: TokenList, spans: list[Span]) -> list[tuple[int, int]]:
    """Runs of two or three capitalised words that no gazetteer name matched exactly.

    These are asked of the gazetteer's loose (phonetic) tier: "Deir Ezzour", "Al Qaem".
    Runs that start with a title or a given name, or hold function words, are skipped.
    """
    covered: set[int] = set()
    for span in spans:
        covered.update(range(span.first, span.last + 1))
    runs: list[tuple[int, int]] = []
    count = len(tokens)
    after = -1
    # Words, gaps and folds read straight from the token list: no Token is built here.
    words, gaps, fold = tokens.words, tokens.gaps, tokens.fold
    for index in tokens.capitalised():
        if index <= after or index in covered or index + 1 >= count or index + 1 in covered:
            continue
        following_word = words[index + 1]
        if not (following_word[0].isupper() or following_word.lower() in _LOOSE_ARTICLES):
            continue
        opening = fold(index)
        if opening in _NEVER_ALONE:
            continue
        last = index
        while last + 1 < count and last - index < 2 and last + 1 not in covered:
            following = fold(last + 1)
            if not (
                _joins(gaps[last], words[last])
                and (words[last + 1][0].isupper() or following in _LOOSE_ARTICLES)
                and following not in FUNCTION_WORDS
            ):
                break
            last += 1
        after = last
        if (
            last > index
            and words[last][0].isupper()
            and (opening not in _GIVEN_NAMES or opening in _ARABIC_LINKS)
            and opening not in PERSON_TITLES
            and not (index > 0 and fold(index - 1) in PERSON_TITLES)
            and not _sentence_initial(text, tokens, index)
        ):
            runs.append((index, last))
    return runs


_LOOSE_ARTICLES = frozenset({"al", "el", "ez", "az", "ad", "ar", "as"})


def _well_formed(text: str, tokens: TokenList, first: int, last: int) -> bool:
    """Capitalisation and spacing fit a name: "Ain al-Asad", not "ain" or "Paris. Texas"."""
    head = tokens.words[first][0]
    if not (head.isupper() or head.isdigit()) or head.isdigit() and first == last:
        return False
    if first == last:
        return True
    words, gaps = tokens.words, tokens.gaps
    for index in range(first + 1, last + 1):
        # gaps[index - 1] is the text between token index - 1 and token index.
        if not _joins(gaps[index - 1], words[index - 1]):
            return False
        initial = words[index][0]
        if not (initial.isupper() or initial.isdigit() or tokens.fold(index) in PARTICLES):
            return False
    return not (
        last > first and tokens.fold(last) in PARTICLES and text[tokens.start(last)].islower()
    )


def _joining_gap(gap: str, text: str, before: Token) -> bool:
    """Whether ``gap`` can sit between two words of one name."""
    return _joins(gap, text[before.start : before.end])


def _joins(gap: str, before: str) -> bool:
    """Whether ``gap``, after the word ``before``, can sit between two words of one name."""
    if gap in (" ", "-", "‐", "‑", " - "):
        return True
    if gap in (".", ". ", ".-"):
        # Abbreviations: "St. Louis", "U.S.", "Ft. Worth".
        return len(before) <= 3 and before[0].isupper()
    return False


def _is_upper(text: str, tokens: TokenList, first: int, last: int) -> bool:
    if first == last:
        return tokens.words[first].isupper()
    return all(map(str.isupper, tokens.words[first : last + 1]))


def _sentence_initial(text: str, tokens: TokenList, index: int) -> bool:
    if index == 0:
        return True
    gap = tokens.gaps[index - 1]
    if gap == " ":
        return False
    if "\n" in gap:
        return True
    if _SENTENCE_GAP.isdisjoint(gap):
        return False
    word = tokens.words[index - 1]
    abbreviation = word.lower() in PERSON_TITLES or (len(word) <= 2 and word[0].isupper())
    return not (gap.strip() == "." and abbreviation)


_PERSON = "person"
_REJECTED = "rejected"


def _judge(
    text: str,
    tokens: TokenList,
    first: int,
    last: int,
    key: str,
    taken: list[bool],
    is_key: Callable[[str], bool],
    is_frequent: Callable[[str], bool],
) -> Span | str:
    """Keep a well-formed match as a place span, or say why not (``_PERSON``, ``_REJECTED``)."""
    if key in NOT_PLACES:
        return _REJECTED
    # Plain locals for the neighbouring tokens: no Token objects, no method calls per use.
    offsets = tokens.offsets
    start, end = offsets[2 * first + 1], offsets[2 * last + 2]
    single = first == last
    fold = tokens.fold(first)
    upper = _is_upper(text, tokens, first, last)
    initial = _sentence_initial(text, tokens, first)
    has_prev = first > 0
    has_next = last + 1 < len(tokens.words)
    prev_start = offsets[2 * first - 1] if has_prev else 0
    prev_end = offsets[2 * first] if has_prev else 0
    prev_fold = tokens.fold(first - 1) if has_prev else ""
    prev_capital = has_prev and text[prev_start].isupper()
    next_start = offsets[2 * last + 3] if has_next else 0
    next_fold = tokens.fold(last + 1) if has_next else ""
    next_capital = has_next and text[next_start].isupper()
    gap_before = text[prev_end:start] if has_prev else ""
    gap_after = text[end:next_start] if has_next else text[end:]
    if end < len(text) and text[end] in "$€£¥":
        # A currency: "US$460".
        return _REJECTED
    after_comma_of_place = has_prev and gap_before.strip() == "," and first > 0 and taken[first - 1]
    # Abbreviations written with a final period: "U.S.", "D.C.", "Ga.", "Tenn."
    if (
        end < len(text)
        and text[end] == "."
        and (
            "." in text[start:end]
            or after_comma_of_place
            and end - offsets[2 * last + 1] <= 5
            and not _SENTENCE_END.match(text, end)
        )
    ):
        end += 1
        gap_after = gap_after[1:]
    letters = sum(map(str.isalpha, text[start:end]))

    # Upper-case text: a dateline ("BAGHDAD —"), a known abbreviation ("U.S.", "UK"), or a
    # long enough word in an upper-case headline.
    dateline = False
    if upper and letters > 1:
        line_start = first == 0 or "\n" in gap_before
        if line_start and _DATELINE_AFTER.match(text, end):
            dateline = True
        elif key.replace(" ", "") in CAPITAL_ABBREVIATIONS or after_comma_of_place and letters <= 3:
            pass
        elif letters < 5 or not single and letters < 6:
            return _REJECTED

    if single and not dateline:
        if fold in _NEVER_ALONE:
            return _REJECTED
        if letters <= 2 and not upper and not after_comma_of_place:
            return _REJECTED
        if (
            key in _SHORT_ABBREVIATION_KEYS
            and not upper
            and not after_comma_of_place
            and "." not in text[start:end]
        ):
            # Title-case abbreviations that are also words ("Ala", "Ind") need "<place>, ".
            return _REJECTED

    if (
        has_prev
        and not dateline
        and prev_fold in PERSON_TITLES
        and gap_before in (" ", ". ")
        and prev_capital
    ):
        return _PERSON
    if (
        not dateline
        and not upper
        and (
            has_prev
            and gap_before == "-"
            and prev_capital
            and not taken[first - 1]
            and not is_key(prev_fold)
            or has_next
            and gap_after == "-"
            and next_capital
            and not taken[last + 1]
            and not is_key(next_fold)
        )
    ):
        # Half of a hyphenated name: "Wal-Mart", "Coca-Cola".
        return _REJECTED
    if (
        not dateline
        and has_next
        and gap_after.strip() == "&"
        and next_capital
        and not taken[last + 1]
        or has_prev
        and gap_before.strip() == "&"
        and prev_capital
        and not taken[first - 1]
    ):
        # A firm: "Stevens & Wilkinson", "Johnson & Johnson".
        return _REJECTED
    if has_next and not dateline and gap_after in (" ", "-", "'s ", "’s "):
        if next_fold in DISEASE_WORDS:
            # A disease named after a place: "Marburg virus", "Lassa fever".
            return _REJECTED
        if next_capital and next_fold in NAME_WORDS:
            # The place only lends its name: "Washington Institute", "Camp David Accords",
            # "Kurdistan 24" (an outlet). "Athens Police Department" stays a place.
            return _REJECTED
        if text[next_start].isdigit() and not _title_case_window(text, tokens, first, last):
            return _REJECTED
    if has_prev and not dateline and not upper and prev_capital:
        if gap_before == " " and prev_fold in _GIVEN_NAMES:
            # "George Washington", "Paris Hilton".
            return _PERSON
        if gap_before in (". ", ".") and prev_end - prev_start == 1:
            # A middle initial: "Roy A. Nelson".
            return _PERSON
    if (
        single
        and has_next
        and gap_after == " "
        and fold in _GIVEN_NAMES
        and next_capital
        and (next_fold in _SURNAMES or not is_key(next_fold))
        and next_fold not in ORGANISATION_WORDS
        and next_fold not in _GEO_GENERICS
        and not upper
        and not _title_case_window(text, tokens, first, last)
    ):
        # A given name before a surname: "George Bush", "Jordan Smith".
        return _REJECTED
    if (
        first >= 2
        and text[prev_start].islower()
        and (prev_fold in _ARABIC_LINKS or gap_before == "-" and prev_fold in PARTICLES)
        and gap_before in ("-", " ")
        and text[offsets[2 * first - 3]].isupper()
        and not taken[first - 2]
    ):
        # The end of a longer Arabic name: "Kataib Sayyid al-Shuhada".
        return _REJECTED
    followed_by_name = (
        has_next
        and gap_after == " "
        and next_capital
        and not taken[last + 1]
        and next_fold not in FUNCTION_WORDS
        and next_fold not in _GEO_GENERICS
        and not upper
        and not _title_case_window(text, tokens, first, last)
    )
    if (
        single
        and fold in COMMON_WORDS
        and has_next
        and gap_after == " "
        and next_capital
        and (followed_by_name or next_fold in _GIVEN_NAMES)
    ):
        # An ordinary word opening a longer name: "Camp David", "First Bank", "Human Rights".
        return _REJECTED
    speaker = (
        single
        and has_next
        and gap_after in (" ", ", ")
        and (next_fold in SPEECH_VERBS or next_fold == "who")
    )
    if (
        has_prev
        and not dateline
        and gap_before == " "
        and not initial
        and (
            prev_capital
            and not taken[first - 1]
            and prev_fold not in PLACE_QUALIFIERS
            and prev_fold not in FUNCTION_WORDS
            and prev_fold not in LOCATIVE_WORDS
            and not _title_case_window(text, tokens, first, last)
            and not upper
            and not is_key(prev_fold)
        )
    ):
        # "Kataib Hezbollah", "Historic Dublin" (too unsure to rule out other mentions).
        return _REJECTED

    locative = (
        has_prev
        and prev_fold in LOCATIVE_WORDS
        and not prev_capital
        # "the town of Hit", but not "Chamber of Commerce".
        and not (prev_fold == "of" and first >= 2 and tokens.words[first - 2][0].isupper())
    )
    needs_support = False
    if single and not dateline:
        if fold in COMMON_WORDS:
            if initial:
                return _REJECTED
            needs_support = True
        elif not upper and (is_frequent(fold) or fold in _GIVEN_NAMES):
            # "Ford", "Day", "Mary": also an ordinary word or a given name.
            needs_support = True

    before_name = followed_by_name and single and fold in _GIVEN_NAMES
    # Positional, through tuple.__new__: a named tuple's keyword constructor is slow and this
    # runs for every kept match (fields in Span's order; person_elsewhere and fuzzy False).
    return _new_tuple(
        Span,
        (
            start,
            end,
            key,
            first,
            last,
            needs_support,
            dateline,
            locative,
            speaker,
            before_name,
            False,
            False,
        ),
    )


_NEVER_ALONE: frozenset[str] = (
    CALENDAR_WORDS
    | FUNCTION_WORDS
    | ORGANISATION_WORDS
    | PLACE_QUALIFIERS
    | PERSON_TITLES
    | NOT_PLACES
    | _GEO_GENERICS
) - {"new"}

# Three-letter state and province abbreviations that are also words or names.
_SHORT_ABBREVIATION_KEYS: frozenset[str] = frozenset(
    [
        "ala",
        "ark",
        "cal",
        "col",
        "con",
        "del",
        "fla",
        "ida",
        "ill",
        "ind",
        "kan",
        "mass",
        "mich",
        "minn",
        "miss",
        "mon",
        "neb",
        "nev",
        "ore",
        "tex",
        "wis",
        "wyo",
    ]
)


def _title_case_window(text: str, tokens: TokenList, first: int, last: int) -> bool:
    """Whether the words around a match are all capitalised (a headline in title case)."""
    low = max(0, first - 3)
    words = [
        word
        for word in tokens.words[low : last + 4]
        if word.lower() not in FUNCTION_WORDS and word.lower() not in PARTICLES
    ]
    return len(words) >= 4 and all(word[0].isupper() or word[0].isdigit() for word in words)
