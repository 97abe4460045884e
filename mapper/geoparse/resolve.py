"""Resolution in context: choose one gazetteer candidate per place name of a document.

Every distinct name of a document is one *group* (one reading per name per document). Each
candidate of a group is scored by

- a prior: feature type (a country before a town of the same name) and population;
- the document's countries and states: how many other names resolve inside the same country
  or first-level division;
- nearness: how close it lies to the places the document's other names resolve to;
- explicit containers: "X, Country", "X, Ga.", "X in Country", "X County, State" put X inside
  the container;
- the dateline ("BAGHDAD —"), a prior for every other name.

The choice is iterated a few times, since each group's choice is context for the others.
The arithmetic is vectorised with numpy over all candidates of the document at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from mapper.gazetteer import normalise_name
from mapper.geoparse.compiled import compiled_build
from mapper.geoparse.recognise import Span, Token
from mapper.models import Candidate, Place

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
Totals = tuple[FloatArray, FloatArray, FloatArray, dict[int, int]]

_FEATURE_PRIOR: dict[str, float] = {
    "continent": 5.0,
    "country": 4.5,
    "admin1": 3.5,
    "region": 3.0,
    "water": 2.5,
    "body": 2.5,
    "base": 2.5,
    "crossing": 2.0,
    "airport": 1.0,
    "admin2": 1.8,
    "city": 0.0,
    "site": 0.5,
}
_ADMIN2_WORDS = frozenset({"county", "parish", "district", "borough", "municipality", "province"})
_AREAL = frozenset({"continent", "country", "admin1", "region", "water", "body"})
_ROUNDS = 3

# Weights of the context signals (tuned by hand on the shape of the problem, not per name).
W_COUNTRY = 1.6
W_ADMIN = 1.6
W_NEAR = 1.4
W_CONTAINER = 6.0
W_DATELINE = 1.5
W_LOCAL = 0.8
W_AGREE = 1.5
NEAR_KM = 150.0
INSIDE_ADMIN_KM = 350.0
PROMINENT_POPULATION = 100_000
LOCAL_SUPPORT = 1.5
PRIOR_MARGIN = 8.0
MAX_CANDIDATES = 40
CAPITAL_BONUS = 1.5
CAPITAL_RATIO = 50
POP_WEIGHT = 0.5
MINOR_POPULATION = 20_000
MAJOR_POPULATION = 1_000_000
"""A city this large is a "major city": a loose spelling of another place never displaces it."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """The place chosen for one span, with a confidence in ``[0, 1]``."""

    span: Span
    place: Place
    score: float


def prior(place: Place, rank: int, key: str) -> float:
    """Context-free plausibility of a candidate: feature type, population, gazetteer rank.

    A county named without its generic word ("Richmond" for Richmond County) is rarely meant.
    """
    base = _FEATURE_PRIOR.get(place.feature, 0.5)
    if place.feature == "admin2" and not _ADMIN2_WORDS.intersection(key.split()):
        base -= 2.5
    population = max(place.population, 0)
    return base + POP_WEIGHT * math.log10(population + 1.0) - 0.05 * rank


def _containers(text: str, tokens: Sequence[Token], spans: Sequence[Span]) -> list[int | None]:
    """For each span, the index of the span that explicitly contains it, if any.

    "Erbil, Iraq", "Gainesville, Ga.", "Hit in Anbar", "Hall County, Georgia".
    """
    result: list[int | None] = [None] * len(spans)
    for index in range(len(spans) - 1):
        here, there = spans[index], spans[index + 1]
        gap = text[here.end : there.start]
        if gap.strip() in (",", "in", ", in") and len(gap) <= 6 and "\n" not in gap:
            result[index] = index + 1
    return result


@dataclass(frozen=True, slots=True)
class Block:
    """One name's candidates as arrays, built once per name and reused by every document.

    The columns are packed in three arrays so that a document costs three concatenations,
    not one per column.
    """

    key: str
    places: tuple[Place, ...]
    numbers: FloatArray
    """Columns: prior, then x, y, z of the unit vector of (lat, lon)."""
    codes: IntArray
    """Columns: country, first-level division (or the place itself), place."""
    flags: BoolArray
    """Columns: areal, is_country, is_admin1, own_name, populous, is_capital, major."""


class BlockMaker:
    """Builds :class:`Block` s, with integer codes shared across documents."""

    def __init__(self, capitals: frozenset[tuple[str, str]] = frozenset()) -> None:
        self.capitals = capitals
        self._codes: dict[str, int] = {}
        # Place names recur as candidates of many names: normalise each once.
        self._folded: dict[str, str] = {}

    def _fold(self, name: str) -> str:
        folded = self._folded.get(name)
        if folded is None:
            if len(self._folded) > 200_000:
                self._folded.clear()
            folded = self._folded[name] = normalise_name(name)
        return folded

    def _code(self, value: str) -> int:
        return self._codes.setdefault(value, len(self._codes))

    def make(self, key: str, candidates: Sequence[Candidate]) -> Block:
        """The block of ``key`` from its gazetteer candidates (best first)."""
        every = tuple(c.place for c in candidates)
        every_prior = [prior(p, rank, key) for rank, p in enumerate(every)]
        _prefer_cities(every, every_prior, 0, len(every), key, self.capitals)
        # Candidates far below the best cannot win against any context; dropping them keeps
        # the document's candidate matrices small.
        floor = max(every_prior) - PRIOR_MARGIN
        kept = [i for i, value in enumerate(every_prior) if value >= floor][:MAX_CANDIDATES]
        places = tuple(every[i] for i in kept)
        priors = [every_prior[i] for i in kept]
        code = self._code
        lat = np.radians(np.array([p.lat for p in places], dtype=np.float64))
        lon = np.radians(np.array([p.lon for p in places], dtype=np.float64))
        capital_at = _capital_indices(places, 0, len(places), key, self.capitals)
        return Block(
            key=key,
            places=places,
            numbers=np.column_stack(
                (
                    np.array(priors, dtype=np.float64),
                    np.cos(lat) * np.cos(lon),
                    np.cos(lat) * np.sin(lon),
                    np.sin(lat),
                )
            ),
            codes=np.array(
                [
                    (
                        code("c:" + p.country_code),
                        code(f"a:{p.country_code}.{p.admin1}" if p.admin1 else "p:" + p.place_id),
                        code("p:" + p.place_id),
                    )
                    for p in places
                ],
                dtype=np.int64,
            ).reshape(-1, 3),
            flags=np.array(
                [
                    (
                        p.feature in _AREAL,
                        p.feature in ("country", "continent"),
                        p.feature == "admin1",
                        self._fold(p.name) == key,
                        p.population >= PROMINENT_POPULATION,
                        index in capital_at,
                        p.feature == "city" and p.population >= MAJOR_POPULATION,
                    )
                    for index, p in enumerate(places)
                ],
                dtype=bool,
            ).reshape(-1, 7),
        )


def resolve(
    text: str,
    tokens: Sequence[Token],
    spans: Sequence[Span],
    blocks: Sequence[Block | None],
) -> list[Resolution]:
    """Choose one place per span (spans without candidates, or unsupported, are dropped).

    Parameters
    ----------
    text, tokens, spans
        The document and what recognition found in it.
    blocks
        Each span's candidates (same order as ``spans``; ``None`` or empty: no candidate).
    """
    keys: list[str] = []
    group_of_key: dict[str, int] = {}
    span_group: list[int] = []
    group_blocks: list[Block] = []
    for span, block in zip(spans, blocks, strict=True):
        if block is None or not block.places:
            span_group.append(-1)
            continue
        group = group_of_key.get(span.key)
        if group is None:
            group = group_of_key[span.key] = len(keys)
            keys.append(span.key)
            group_blocks.append(block)
        span_group.append(group)
    n_groups = len(keys)
    if n_groups == 0:
        return []
    sizes = [len(b.places) for b in group_blocks]
    offsets = [0, *accumulate(sizes)]
    places: list[Place] = [p for b in group_blocks for p in b.places]
    owner_arr = np.repeat(np.arange(n_groups), sizes)
    numbers = np.concatenate([b.numbers for b in group_blocks])
    codes = np.concatenate([b.codes for b in group_blocks])
    flags = np.concatenate([b.flags for b in group_blocks])
    areal, is_country, is_admin1, own_name, populous, is_capital, major = flags.T

    # Spans per group, and the explicit containers of each group.
    counts = np.zeros(n_groups)
    locative = [False] * n_groups
    supported = [False] * n_groups
    speaker = [False] * n_groups
    before_name = [True] * n_groups
    person = [False] * n_groups
    fuzzy = [True] * n_groups
    dateline_groups: set[int] = set()
    contained_in: list[set[int]] = [set() for _ in range(n_groups)]
    contains: list[set[int]] = [set() for _ in range(n_groups)]
    containers = _containers(text, tokens, spans)
    for index, span in enumerate(spans):
        group = span_group[index]
        if group < 0:
            continue
        counts[group] += 1
        locative[group] |= span.locative
        supported[group] |= not span.needs_support
        speaker[group] |= span.speaker
        before_name[group] &= span.before_name
        person[group] |= span.person_elsewhere
        fuzzy[group] &= span.fuzzy
        if span.dateline:
            dateline_groups.add(group)
        container = containers[index]
        if container is not None and span_group[container] >= 0:
            outer = span_group[container]
            if outer != group:
                contained_in[group].add(outer)
                contains[outer].add(group)

    settled = (_settle_compiled or _settle_numpy)(
        numbers,
        codes,
        flags,
        owner_arr,
        offsets,
        counts,
        supported,
        contained_in,
        contains,
        dateline_groups,
    )
    best_list = settled.best
    score = settled.score
    chosen, chooser = settled.chosen, settled.chooser
    same_admin, closeness = settled.same_admin, settled.closeness
    vote, point = settled.vote, settled.point
    # Plain lists for the per-name decisions below: reading numpy arrays one element at a
    # time costs more than the decisions themselves.
    country_support_final: list[float] = settled.country_support.tolist()
    ads_list: list[float] = settled.ads.tolist()
    local_list: list[float] = settled.local.tolist()
    capital_list: list[bool] = is_capital.tolist()
    exact_list: list[bool] = (own_name & (is_capital | major)).tolist()
    own_list: list[bool] = own_name.tolist()
    areal_list: list[bool] = areal.tolist()
    country_list: list[bool] = is_country.tolist()
    admin1_list: list[bool] = is_admin1.tolist()
    populous_list: list[bool] = populous.tolist()
    # Two namesakes must not prop each other up: "Kabul" read as Cabool, Missouri and
    # "Washington" as Washington, Missouri support each other in a story from Washington about
    # Kabul. Support that lets a namesake displace a capital or a major city (the two rules
    # below) counts only the places whose own reading is not such a displacing namesake.
    suspects = _displacing_namesakes(
        offsets, best_list, contained_in, capital_list, own_list, exact_list, places
    )
    if suspects:
        keep = [i for i, g in enumerate(chooser.tolist()) if g not in suspects]
        chosen_ok, chooser_ok = chosen[keep], chooser[keep]
        for group in suspects:
            choice = best_list[group]
            others = chosen_ok[chooser_ok != group]
            admin_support = float(same_admin[choice, others] @ vote[others])
            near_support = float(closeness[choice, others] @ point[others])
            ads_list[choice] = admin_support
            local_list[choice] = W_ADMIN * math.log1p(admin_support) * (
                not country_list[choice]
            ) + W_NEAR * math.log1p(near_support) * float(point[choice])

    # A national capital is not displaced by a far smaller namesake on general context
    # alone ("talks in Vienna" in a story full of US places): only a state or an explicit
    # container of the namesake's can do that.
    for group in range(n_groups):
        lo, hi = offsets[group], offsets[group + 1]
        choice = best_list[group]
        if hi - lo < 2 or capital_list[choice] or contained_in[group] or ads_list[choice] > 0:
            continue
        candidate = next((i for i in range(lo, hi) if capital_list[i]), -1)
        if candidate >= 0 and places[candidate].population >= CAPITAL_RATIO * max(
            places[choice].population, 1
        ):
            best_list[group] = candidate

    # A place named only by a loose spelling ("Kabul" for Cabool, Missouri: a variant the
    # gazetteer derives, not the place's own name) does not displace a national capital or a
    # major city that bears the name exactly, on the document's countries alone: only an
    # explicit container ("Kabul, Mo.") or places of the document around it (Kingston upon
    # Thames in a story about Hounslow) can do that.
    for group in range(n_groups):
        lo, hi = offsets[group], offsets[group + 1]
        choice = best_list[group]
        if (
            hi - lo < 2
            or own_list[choice]
            or contained_in[group]
            or local_list[choice] >= LOCAL_SUPPORT
        ):
            continue
        candidate = next((i for i in range(lo, hi) if exact_list[i]), -1)
        if candidate >= 0 and places[candidate].population >= CAPITAL_RATIO * max(
            places[choice].population, 1
        ):
            best_list[group] = candidate

    results: list[Resolution] = []
    # Each name's confidence: the softmax weight of its choice among its candidates.
    chosen_score = score[np.repeat(best_list, sizes)]
    sums = np.add.reduceat(np.exp(score - chosen_score), offsets[:-1]).tolist()
    for index, span in enumerate(spans):
        group = span_group[index]
        if group < 0:
            continue
        lo, hi = offsets[group], offsets[group + 1]
        choice = best_list[group]
        if speaker[group] and not areal_list[choice] and not locative[group]:
            # "Nelson said": a town name that speaks is a person.
            continue
        place = places[choice]
        unsupported = not (
            locative[group] or contained_in[group] or local_list[choice] >= LOCAL_SUPPORT
        )
        if (
            unsupported
            and not areal_list[choice]
            and place.population < MINOR_POPULATION
            and country_support_final[choice] == 0
        ):
            # A small town abroad that nothing else in the document points to ("Titan").
            continue
        prominent = country_list[choice] or own_list[choice] and populous_list[choice]
        if person[group] and not (country_list[choice] or admin1_list[choice] and own_list[choice]):
            # The name is a person elsewhere in this document ("Mr. Moore").
            continue
        if before_name[group] and not prominent:
            # A given name before another name ("Michael Knights"): a person.
            continue
        if (
            fuzzy[group]
            and unsupported
            and country_support_final[choice] == 0
            and not (locative[group] or populous_list[choice])
        ):
            # A loose spelling match needs the document to be about its country.
            continue
        if not supported[group] and not prominent and unsupported:
            # An ordinary word or a given name ("Day", "Mary") naming a small place: keep it
            # only with a container, a locative word or context that places it here.
            continue
        confidence = round(1.0 / sums[group], 4)
        results.append(Resolution(span=span, place=places[choice], score=confidence))
    return results


class Settled(NamedTuple):
    """What the numeric core of :func:`resolve` settles: each name's choice and the scores
    of every candidate against the others' choices."""

    best: list[int]
    """Each group's chosen candidate (an index into the document's candidates)."""
    score: FloatArray
    country_support: FloatArray
    ads: FloatArray
    local: FloatArray
    chosen: IntArray
    """The voters' choices (one per distinct place) and the groups that chose them."""
    chooser: IntArray
    same_admin: BoolArray
    closeness: FloatArray
    vote: FloatArray
    point: FloatArray
    """1.0 for point candidates (towns, sites), 0.0 for areas."""


def _settle_numpy(
    numbers: FloatArray,
    codes: IntArray,
    flags: BoolArray,
    owner_arr: IntArray,
    offsets: list[int],
    counts: FloatArray,
    supported: list[bool],
    contained_in: list[set[int]],
    contains: list[set[int]],
    dateline_groups: set[int],
) -> Settled:
    """The reference (numpy) implementation of the resolver's numeric core.

    ``mapper.geoparse._settle`` (compiled from ``_settle.pyx`` at install time) does the same
    arithmetic in C loops; tests hold the two to the same choices.
    """
    prior_arr = numbers[:, 0]
    n_groups = len(offsets) - 1
    places = range(len(numbers))
    distance = _pairwise_km(np.ascontiguousarray(numbers[:, 1:4]))
    country_ids, admin_ids, place_uid = codes[:, 0], codes[:, 1], codes[:, 2]
    areal, is_country, is_admin1, own_name, populous, _capital, _major = flags.T

    # Pairwise relations between all candidates, computed once.
    same_country = country_ids[:, None] == country_ids[None, :]
    same_admin = (admin_ids[:, None] == admin_ids[None, :]) | (
        (distance < INSIDE_ADMIN_KM) & is_admin1[None, :] & same_country
    )
    closeness = NEAR_KM / (NEAR_KM + distance)
    # Ordinary words ("Day") count little as context until they prove to be places; an
    # explicit country or state counts more than a town inside it.
    prominent_arr = is_country | (own_name & (areal | populous))
    strength = np.array([1.0 if supported[g] else 0.3 for g in range(n_groups)])
    # A frequent word that names a prominent place ("Texas", "Paris") is a full vote.
    strength_arr = np.where(prominent_arr, 1.0, strength[owner_arr])
    vote = (
        np.where(is_country | is_admin1, 1.0, 0.5) * np.minimum(counts[owner_arr], 3) * strength_arr
    )
    point = ~areal
    fixed = np.zeros(len(places))
    for group in range(n_groups):
        lo, hi = offsets[group], offsets[group + 1]
        for inner in contains[group]:
            # A container is an area: "Ga." after a town is the state, not a town "Ga".
            fixed[lo:hi] += W_LOCAL * areal[lo:hi]
            del inner

    # Start from the candidates that could best agree with the other names: for each other
    # name, the most compatible of its candidates (same state, nearby, same country).
    best = np.array([offsets[g] for g in range(n_groups)])
    if n_groups > 1:
        compat = same_admin * 1.0 + closeness + same_country * 0.5
        per_group = np.maximum.reduceat(compat * strength_arr[None, :], offsets[:-1], axis=1)
        per_group[np.arange(len(places)), owner_arr] = 0.0
        start = prior_arr + W_AGREE * np.log1p(per_group.sum(axis=1))
        # Each group's first best candidate (np.argmax per group, in three vector steps).
        group_max = np.maximum.reduceat(start, offsets[:-1])
        position = np.arange(len(places))
        best = np.minimum.reduceat(
            np.where(start == group_max[owner_arr], position, len(places)), offsets[:-1]
        )
    pointf = point.astype(np.float64)
    group_ids = np.arange(n_groups)
    uid_list: list[int] = place_uid.tolist()

    def evaluate(group: int, lo: int, hi: int, others: IntArray) -> tuple[FloatArray, ...]:
        # One group's scores against the choices of ``others`` (the final pass).
        if len(others):
            weights = vote[others]
            cs = same_country[lo:hi][:, others] @ weights
            ads = same_admin[lo:hi][:, others] @ weights
            near = closeness[lo:hi][:, others] @ pointf[others]
        else:
            cs = ads = near = np.zeros(hi - lo)
        loc = W_ADMIN * np.log1p(ads) * ~is_country[lo:hi] + W_NEAR * np.log1p(near) * point[lo:hi]
        group_score = (
            prior_arr[lo:hi] + W_COUNTRY * np.log1p(np.minimum(cs, 3.0)) + loc + fixed[lo:hi]
        )
        for outer in contained_in[group]:
            target = int(best[outer])
            inside = _inside(
                lo, hi, target, distance, country_ids, admin_ids, is_country, is_admin1
            )
            group_score += W_CONTAINER * (inside - 0.5)
        for dl in dateline_groups:
            if dl != group:
                target = int(best[dl])
                group_score += W_DATELINE * (
                    closeness[lo:hi, target] + (country_ids[lo:hi] == country_ids[target])
                )
        return group_score, cs, loc

    def voters() -> tuple[IntArray, IntArray]:
        # A place named several ways ("U.S.", "United States") votes once.
        # The first group to choose each place, in the order of the places' codes (what
        # np.unique(..., return_index=True) gives, without its overhead on a few names).
        first: dict[int, int] = {}
        for group, choice in enumerate(best.tolist()):
            first.setdefault(uid_list[choice], group)
        kept = [first[uid] for uid in sorted(first)]
        return best[kept], group_ids[kept]

    def vote_totals(chosen: IntArray, chooser: IntArray) -> Totals:
        # Each candidate's support from every voter at once, so that a group's evaluation
        # only takes its own voter out (one column, not a gather of all the others).
        weights = vote[chosen]
        return (
            same_country[:, chosen] @ weights,
            same_admin[:, chosen] @ weights,
            closeness[:, chosen] @ pointf[chosen],
            dict(zip(chooser.tolist(), chosen.tolist(), strict=True)),
        )

    position_arr = np.arange(len(places))
    container_groups = [g for g in range(n_groups) if contained_in[g]]

    def round_scores(totals: Totals) -> FloatArray:
        # What evaluate() gives every group against ``totals``, for all candidates at once
        # (the same arithmetic element by element, so the same numbers): a round then costs
        # one pass per change of choice instead of one per group.
        all_cs, all_ads, all_near, own_choice = totals
        own_of_group = np.full(n_groups, -1, dtype=np.int64)
        if own_choice:
            own_of_group[list(own_choice)] = list(own_choice.values())
        own = own_of_group[owner_arr]
        has_own = own >= 0
        own = np.where(has_own, own, 0)
        cs = all_cs - (same_country[position_arr, own] & has_own) * vote[own]
        ads = all_ads - (same_admin[position_arr, own] & has_own) * vote[own]
        near = all_near - closeness[position_arr, own] * pointf[own] * has_own
        loc = W_ADMIN * np.log1p(ads) * ~is_country + W_NEAR * np.log1p(near) * point
        scores: FloatArray = prior_arr + W_COUNTRY * np.log1p(np.minimum(cs, 3.0)) + loc + fixed
        for group in container_groups:
            lo, hi = offsets[group], offsets[group + 1]
            for outer in contained_in[group]:
                target = int(best[outer])
                inside = _inside(
                    lo, hi, target, distance, country_ids, admin_ids, is_country, is_admin1
                )
                scores[lo:hi] += W_CONTAINER * (inside - 0.5)
        for dl in dateline_groups:
            target = int(best[dl])
            term = W_DATELINE * (closeness[:, target] + (country_ids == country_ids[target]))
            # The dateline is no context for its own name (adding 0.0 changes nothing).
            term[offsets[dl] : offsets[dl + 1]] = 0.0
            scores += term
        return scores

    def first_best(scores: FloatArray) -> list[int]:
        # Each group's first best candidate (np.argmax per group, in three vector steps).
        group_max = np.maximum.reduceat(scores, offsets[:-1])
        where = np.where(scores == group_max[owner_arr], position_arr, len(places))
        result: list[int] = np.minimum.reduceat(where, offsets[:-1]).tolist()
        return result

    # Ambiguous groups are revisited one at a time (each sees the others' latest choice), so
    # two names that depend on each other ("Walker County", "Huntsville") settle together.
    ambiguous = sorted(
        (g for g in range(n_groups) if offsets[g + 1] - offsets[g] > 1),
        key=lambda g: -(offsets[g + 1] - offsets[g]),
    )
    if ambiguous:
        totals = vote_totals(*voters())
        current = first_best(round_scores(totals))
    for _ in range(_ROUNDS if ambiguous else 0):
        changed = False
        for group in ambiguous:
            choice = current[group]
            if choice != best[group]:
                best[group] = choice
                changed = True
                # The voters follow every change at once (the next group sees it).
                totals = vote_totals(*voters())
                current = first_best(round_scores(totals))
        if not changed:
            break
    # The final scores of every candidate at once, against the settled choices.
    chosen, chooser = voters()
    foreign = owner_arr[:, None] != chooser[None, :]
    weights = vote[chosen]
    country_support = (same_country[:, chosen] & foreign) @ weights
    ads = (same_admin[:, chosen] & foreign) @ weights
    near = (closeness[:, chosen] * foreign) @ pointf[chosen]
    local = W_ADMIN * np.log1p(ads) * ~is_country + W_NEAR * np.log1p(near) * point
    score = prior_arr + W_COUNTRY * np.log1p(np.minimum(country_support, 3.0)) + local + fixed
    for group in range(n_groups):
        if contained_in[group] or dateline_groups - {group}:
            lo, hi = offsets[group], offsets[group + 1]
            score[lo:hi] = evaluate(group, lo, hi, chosen[chooser != group])[0]
    return Settled(
        best=best.tolist(),
        score=score,
        country_support=country_support,
        ads=ads,
        local=local,
        chosen=chosen,
        chooser=chooser,
        same_admin=same_admin,
        closeness=closeness,
        vote=vote,
        point=pointf,
    )


def _displacing_namesakes(
    offsets: Sequence[int],
    best: Sequence[int],
    contained_in: Sequence[set[int]],
    capital: Sequence[bool],
    own_name: Sequence[bool],
    exact_major: Sequence[bool],
    places: Sequence[Place],
) -> set[int]:
    """Groups whose choice is a far smaller namesake of a capital or major city they could name.

    Either a non-capital where a capital of the name is at least ``CAPITAL_RATIO`` times
    larger, or a loose-spelling match where an exact-name capital or major city is.
    """
    suspects: set[int] = set()
    for group in range(len(offsets) - 1):
        lo, hi = offsets[group], offsets[group + 1]
        choice = best[group]
        if hi - lo < 2 or contained_in[group]:
            continue
        floor = CAPITAL_RATIO * max(places[choice].population, 1)
        for index in range(lo, hi):
            bigger = places[index].population >= floor
            if bigger and (
                (capital[index] and not capital[choice])
                or (exact_major[index] and not own_name[choice])
            ):
                suspects.add(group)
                break
    return suspects


def _capital_indices(
    places: Sequence[Place], lo: int, hi: int, key: str, capitals: frozenset[tuple[str, str]]
) -> set[int]:
    """Indices (in ``lo:hi``) of the national capitals called ``key``: per country, only the
    most populous city of the name, not every namesake (Washington, Missouri is no capital).
    """
    best: dict[str, int] = {}
    for index in range(lo, hi):
        place = places[index]
        if place.feature != "city" or (place.country_code, key) not in capitals:
            continue
        current = best.get(place.country_code)
        if current is None or place.population > places[current].population:
            best[place.country_code] = index
    return set(best.values())


def _prefer_cities(
    places: Sequence[Place],
    priors: list[float],
    lo: int,
    hi: int,
    key: str,
    capitals: frozenset[tuple[str, str]],
) -> None:
    """Lower divisions that share their name with the city news means by it.

    "Baghdad" is the city, not the governorate, when the city holds most of its people;
    "Washington" is the capital, not the state.
    """
    cities = [
        p for p in places[lo:hi] if p.feature == "city" and p.population >= PROMINENT_POPULATION
    ]
    if not cities:
        return
    for index in _capital_indices(places, lo, hi, key, capitals):
        # A national capital is what news usually means by its name ("Vienna").
        priors[index] += CAPITAL_BONUS
    for index in range(lo, hi):
        division = places[index]
        if division.feature not in ("admin1", "admin2"):
            continue
        for city in cities:
            if city.country_code != division.country_code:
                continue
            dominant = city.admin1 == division.admin1 and 2 * city.population >= division.population
            capital = division.feature == "admin1" and (city.country_code, key) in capitals
            if dominant or capital:
                priors[index] -= 4.0
                break


def _inside(
    lo: int,
    hi: int,
    target: int,
    distance: FloatArray,
    country_ids: npt.NDArray[np.int64],
    admin_ids: npt.NDArray[np.int64],
    is_country: npt.NDArray[np.bool_],
    is_admin1: npt.NDArray[np.bool_],
) -> FloatArray:
    """1.0 for candidates in ``lo:hi`` that lie inside place ``target``, else 0.0."""
    same_country = country_ids[lo:hi] == country_ids[target]
    if is_country[target]:
        result: FloatArray = same_country.astype(np.float64)
        return result
    if is_admin1[target]:
        inside = same_country & (
            (admin_ids[lo:hi] == admin_ids[target]) | (distance[lo:hi, target] < INSIDE_ADMIN_KM)
        )
        admin_result: FloatArray = inside.astype(np.float64)
        return admin_result
    near: FloatArray = (same_country & (distance[lo:hi, target] < 100.0)).astype(np.float64)
    return near


def _codes(values: Sequence[str]) -> npt.NDArray[np.int64]:
    table: dict[str, int] = {}
    return np.array([table.setdefault(v, len(table)) for v in values], dtype=np.int64)


def _pairwise_km(xyz: FloatArray) -> FloatArray:
    """Great-circle distances between points given as unit vectors (rows of ``xyz``).

    The chord between two points comes from one matrix product; the arc from the chord is
    exact, and precise to well under a metre at short distances.
    """
    chord_sq = np.maximum(2.0 - 2.0 * (xyz @ xyz.T), 0.0)
    result: FloatArray = 2 * 6371.0088 * np.arcsin(np.minimum(1.0, np.sqrt(chord_sq) / 2))
    return result


# The numeric core compiled at install time (C loops, no per-call numpy overhead), imported
# last because it reads this module's weights. Without it (no C compiler at install time, an
# edited _settle.pyx not yet rebuilt, or MAPPER_PURE_PYTHON=1) the numpy reference does the
# same work, about 3x slower.
_compiled_core = compiled_build("mapper.geoparse._settle", Path(__file__).with_name("_settle.pyx"))
_settle_compiled: Callable[..., Settled] | None = (
    _compiled_core.settle if _compiled_core is not None else None
)
COMPILED = _settle_compiled is not None
"""Whether the compiled numeric core is in use."""
