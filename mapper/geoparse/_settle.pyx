# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True, initializedcheck=False
"""The resolver's numeric core in C loops (built at install time; see ``resolve._settle_numpy``).

A document has a few dozen candidates, so the numpy reference spends most of its time in
numpy's fixed per-call costs, not in arithmetic. This module does the same arithmetic, in the
same order where the order decides a tie, with plain loops over typed memory views. Tests
hold it to the reference's choices (``tests/test_geoparse_settle.py``).
"""

import importlib

import numpy as np

from libc.math cimport fmin, log1p, sqrt
from libc.stdint cimport int64_t

# The module, not the function of the same name that mapper.geoparse re-exports.
_resolve = importlib.import_module("mapper.geoparse.resolve")
Settled = _resolve.Settled

# The weights as C doubles (a Python global read in a loop costs more than the arithmetic).
cdef double INSIDE_ADMIN_KM = _resolve.INSIDE_ADMIN_KM
cdef double NEAR_KM = _resolve.NEAR_KM
cdef double W_ADMIN = _resolve.W_ADMIN
cdef double W_AGREE = _resolve.W_AGREE
cdef double W_CONTAINER = _resolve.W_CONTAINER
cdef double W_COUNTRY = _resolve.W_COUNTRY
cdef double W_DATELINE = _resolve.W_DATELINE
cdef double W_LOCAL = _resolve.W_LOCAL
cdef double W_NEAR = _resolve.W_NEAR
cdef int ROUNDS = _resolve._ROUNDS

# Flag columns of a Block (resolve.Block.flags).
cdef enum:
    AREAL = 0
    IS_COUNTRY = 1
    IS_ADMIN1 = 2
    OWN_NAME = 3
    POPULOUS = 4


cdef double _pairwise_sum(double[::1] values, Py_ssize_t lo, Py_ssize_t n):
    """numpy's pairwise summation (what ``ndarray.sum`` does), so sums match it bit for bit."""
    cdef double r0, r1, r2, r3, r4, r5, r6, r7, res
    cdef Py_ssize_t i, half
    if n < 8:
        res = 0.0
        for i in range(n):
            res += values[lo + i]
        return res
    if n <= 128:
        r0 = values[lo]
        r1 = values[lo + 1]
        r2 = values[lo + 2]
        r3 = values[lo + 3]
        r4 = values[lo + 4]
        r5 = values[lo + 5]
        r6 = values[lo + 6]
        r7 = values[lo + 7]
        i = 8
        while i < n - (n % 8):
            r0 += values[lo + i]
            r1 += values[lo + i + 1]
            r2 += values[lo + i + 2]
            r3 += values[lo + i + 3]
            r4 += values[lo + i + 4]
            r5 += values[lo + i + 5]
            r6 += values[lo + i + 6]
            r7 += values[lo + i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += values[lo + i]
            i += 1
        return res
    half = n // 2
    half -= half % 8
    return _pairwise_sum(values, lo, half) + _pairwise_sum(values, lo + half, n - half)


cdef inline double _chord_sq(const double[:, ::1] numbers, Py_ssize_t i, Py_ssize_t j):
    """Squared chord between two candidates' unit vectors (``resolve._pairwise_km``)."""
    cdef double dot = (
        numbers[i, 1] * numbers[j, 1] + numbers[i, 2] * numbers[j, 2] + numbers[i, 3] * numbers[j, 3]
    )
    cdef double chord_sq = 2.0 - 2.0 * dot
    return chord_sq if chord_sq > 0.0 else 0.0


cdef class _Core:
    """The matrices and vectors of one document's candidates."""

    cdef Py_ssize_t n, groups
    cdef const double[:, ::1] numbers
    cdef const int64_t[:, ::1] codes
    cdef const unsigned char[:, ::1] flags
    cdef int64_t[::1] owner
    cdef int64_t[::1] offsets
    cdef double[:, ::1] distance
    cdef double[:, ::1] closeness
    cdef unsigned char[:, ::1] same_country
    cdef unsigned char[:, ::1] same_admin
    cdef double[::1] vote
    cdef double[::1] pointf
    cdef double[::1] fixed
    cdef int64_t[::1] best
    cdef int64_t[::1] chosen
    cdef int64_t[::1] chooser
    cdef Py_ssize_t voters
    cdef list contained_in
    cdef list dateline_groups
    cdef list container_groups


cdef void _take_voters(_Core core):
    """``voters()``: one voter per distinct chosen place, the first group to choose it, in
    the order of the places' codes."""
    cdef Py_ssize_t g, v, w, k
    cdef int64_t uid, choice
    cdef bint seen
    k = 0
    for g in range(core.groups):
        choice = core.best[g]
        uid = core.codes[choice, 2]
        seen = False
        for v in range(k):
            if core.codes[core.chosen[v], 2] == uid:
                seen = True
                break
        if seen:
            continue
        # Insertion in order of uid.
        w = k
        while w > 0 and core.codes[core.chosen[w - 1], 2] > uid:
            core.chosen[w] = core.chosen[w - 1]
            core.chooser[w] = core.chooser[w - 1]
            w -= 1
        core.chosen[w] = choice
        core.chooser[w] = g
        k += 1
    core.voters = k


cdef double _inside(_Core core, Py_ssize_t i, Py_ssize_t target):
    """1.0 when candidate ``i`` lies inside candidate ``target`` (``resolve._inside``)."""
    cdef bint same = core.same_country[i, target]
    if core.flags[target, IS_COUNTRY]:
        return 1.0 if same else 0.0
    if core.flags[target, IS_ADMIN1]:
        return 1.0 if same and (
            core.codes[i, 1] == core.codes[target, 1]
            or core.distance[i, target] < INSIDE_ADMIN_KM
        ) else 0.0
    return 1.0 if same and core.distance[i, target] < 100.0 else 0.0


cdef inline double _local(_Core core, Py_ssize_t i, double ads, double near):
    """The support of places around a candidate: same state, nearby (``local`` in resolve)."""
    return (
        W_ADMIN * log1p(ads) * (0.0 if core.flags[i, IS_COUNTRY] else 1.0)
        + W_NEAR * log1p(near) * core.pointf[i]
    )


cdef inline double _base_score(_Core core, Py_ssize_t i, double cs, double local):
    return core.numbers[i, 0] + W_COUNTRY * log1p(fmin(cs, 3.0)) + local + core.fixed[i]


cdef inline Py_ssize_t _voter_sums(
    _Core core, Py_ssize_t i, bint skip_own_group, double* cs, double* ads, double* near
):
    """Sum the voters' support of candidate ``i``; return its own group's voter (or -1)."""
    cdef Py_ssize_t v, own = -1
    cdef int64_t c
    cdef double weight
    cs[0] = ads[0] = near[0] = 0.0
    for v in range(core.voters):
        c = core.chosen[v]
        if core.chooser[v] == core.owner[i]:
            own = c
            if skip_own_group:
                continue
        weight = core.vote[c]
        if core.same_country[i, c]:
            cs[0] += weight
        if core.same_admin[i, c]:
            ads[0] += weight
        near[0] += core.closeness[i, c] * core.pointf[c]
    return own


cdef void _context_terms(_Core core, double[::1] scores, bint final):
    """The explicit containers' and the dateline's terms (``round_scores`` / ``evaluate``)."""
    cdef Py_ssize_t group, outer, dl, i, lo, hi, target
    for group in core.container_groups:
        lo, hi = core.offsets[group], core.offsets[group + 1]
        for outer in core.contained_in[group]:
            target = core.best[outer]
            for i in range(lo, hi):
                scores[i] += W_CONTAINER * (_inside(core, i, target) - 0.5)
    for dl in core.dateline_groups:
        target = core.best[dl]
        for i in range(core.n):
            if core.owner[i] == dl:
                continue
            scores[i] += W_DATELINE * (
                core.closeness[i, target]
                + (1.0 if core.codes[i, 0] == core.codes[target, 0] else 0.0)
            )


cdef void _round_scores(_Core core, double[::1] scores):
    """Every candidate's score against the current voters, its own group's voter taken out
    after summing (as the numpy reference does: the same rounding)."""
    cdef Py_ssize_t i, own
    cdef double cs, ads, near
    for i in range(core.n):
        own = _voter_sums(core, i, False, &cs, &ads, &near)
        if own >= 0:
            if core.same_country[i, own]:
                cs -= core.vote[own]
            if core.same_admin[i, own]:
                ads -= core.vote[own]
            near -= core.closeness[i, own] * core.pointf[own]
        scores[i] = _base_score(core, i, cs, _local(core, i, ads, near))
    _context_terms(core, scores, False)


cdef void _first_best(_Core core, double[::1] scores, int64_t[::1] into):
    cdef Py_ssize_t g, i, lo, hi, top
    for g in range(core.groups):
        lo, hi = core.offsets[g], core.offsets[g + 1]
        top = lo
        for i in range(lo + 1, hi):
            if scores[i] > scores[top]:
                top = i
        into[g] = top


def settle(
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
):
    """What ``resolve._settle_numpy`` returns, computed in C loops."""
    cdef _Core core = _Core()
    cdef Py_ssize_t n = len(numbers)
    cdef Py_ssize_t groups = len(offsets) - 1
    cdef Py_ssize_t i, j, g, lo, hi, top, rounds, index
    cdef double dot, chord_sq, strength_g, weight, cs, ads, near, total, best_value
    cdef bint changed, is_prominent
    cdef int64_t c
    core.n = n
    core.groups = groups
    core.numbers = numbers
    core.codes = codes
    core.flags = flags.view(np.uint8)
    core.owner = np.ascontiguousarray(owner_arr, dtype=np.int64)
    core.offsets = np.asarray(offsets, dtype=np.int64)
    cdef const double[::1] count_of = counts
    distance_arr = np.empty((n, n))
    closeness_arr = np.empty((n, n))
    same_country_arr = np.empty((n, n), dtype=np.bool_)
    same_admin_arr = np.empty((n, n), dtype=np.bool_)
    core.distance = distance_arr
    core.closeness = closeness_arr
    core.same_country = same_country_arr.view(np.uint8)
    core.same_admin = same_admin_arr.view(np.uint8)
    # Distances, closeness and country equality are symmetric: each pair is computed once.
    # The arc sines are numpy's (vectorised: a scalar asin per pair was a third of the work).
    cdef Py_ssize_t pairs = n * (n + 1) // 2
    cdef Py_ssize_t pair
    half_arr = np.empty(pairs)
    cdef double[::1] half = half_arr
    cdef double chord
    pair = 0
    for i in range(n):
        for j in range(i, n):
            chord = sqrt(_chord_sq(core.numbers, i, j)) / 2
            half[pair] = chord if chord < 1.0 else 1.0
            pair += 1
    arcs_arr = np.arcsin(half_arr)
    cdef double[::1] arcs = arcs_arr
    cdef double d, pair_near
    cdef bint same
    pair = 0
    for i in range(n):
        for j in range(i, n):
            d = 2 * 6371.0088 * arcs[pair]
            pair += 1
            pair_near = NEAR_KM / (NEAR_KM + d)
            same = core.codes[i, 0] == core.codes[j, 0]
            core.distance[i, j] = d
            core.distance[j, i] = d
            core.closeness[i, j] = pair_near
            core.closeness[j, i] = pair_near
            core.same_country[i, j] = same
            core.same_country[j, i] = same
            core.same_admin[i, j] = core.codes[i, 1] == core.codes[j, 1] or (
                d < INSIDE_ADMIN_KM and core.flags[j, IS_ADMIN1] and same
            )
            core.same_admin[j, i] = core.codes[j, 1] == core.codes[i, 1] or (
                d < INSIDE_ADMIN_KM and core.flags[i, IS_ADMIN1] and same
            )

    strength_arr = np.empty(n)
    vote_arr = np.empty(n)
    pointf_arr = np.empty(n)
    fixed_arr = np.zeros(n)
    cdef double[::1] strength = strength_arr
    core.vote = vote_arr
    core.pointf = pointf_arr
    core.fixed = fixed_arr
    for i in range(n):
        g = core.owner[i]
        # Ordinary words ("Day") count little as context until they prove to be places; a
        # frequent word that names a prominent place ("Texas", "Paris") is a full vote.
        is_prominent = core.flags[i, IS_COUNTRY] or (
            core.flags[i, OWN_NAME] and (core.flags[i, AREAL] or core.flags[i, POPULOUS])
        )
        strength[i] = 1.0 if is_prominent or supported[g] else 0.3
        core.vote[i] = (
            (1.0 if core.flags[i, IS_COUNTRY] or core.flags[i, IS_ADMIN1] else 0.5)
            * fmin(count_of[g], 3.0)
            * strength[i]
        )
        core.pointf[i] = 0.0 if core.flags[i, AREAL] else 1.0
    for g in range(groups):
        lo, hi = core.offsets[g], core.offsets[g + 1]
        for _inner in contains[g]:
            for i in range(lo, hi):
                core.fixed[i] += W_LOCAL * (1.0 if core.flags[i, AREAL] else 0.0)

    core.contained_in = [sorted(outer) for outer in contained_in]
    core.container_groups = [g for g in range(groups) if contained_in[g]]
    core.dateline_groups = sorted(dateline_groups)
    best_arr = np.asarray(offsets[:groups], dtype=np.int64)
    core.best = best_arr
    core.chosen = np.empty(groups, dtype=np.int64)
    core.chooser = np.empty(groups, dtype=np.int64)

    # Start from the candidates that could best agree with the other names.
    cdef double[::1] per_group
    cdef double[::1] start
    if groups > 1:
        per_group = np.empty(groups)
        start = np.empty(n)
        for i in range(n):
            for g in range(groups):
                if g == core.owner[i]:
                    per_group[g] = 0.0
                    continue
                lo, hi = core.offsets[g], core.offsets[g + 1]
                best_value = -1.0
                for j in range(lo, hi):
                    weight = (
                        (
                            (1.0 if core.same_admin[i, j] else 0.0) * 1.0
                            + core.closeness[i, j]
                            + (0.5 if core.same_country[i, j] else 0.0)
                        )
                        * strength[j]
                    )
                    if j == lo or weight > best_value:
                        best_value = weight
                per_group[g] = best_value
            start[i] = core.numbers[i, 0] + W_AGREE * log1p(_pairwise_sum(per_group, 0, groups))
        _first_best(core, start, core.best)

    # Ambiguous groups revisited one at a time, largest first (each sees the others' latest
    # choice), for at most _ROUNDS rounds.
    ambiguous = sorted(
        (g for g in range(groups) if offsets[g + 1] - offsets[g] > 1),
        key=lambda g: -(offsets[g + 1] - offsets[g]),
    )
    scores_arr = np.empty(n)
    cdef double[::1] scores = scores_arr
    current_arr = np.empty(groups, dtype=np.int64)
    cdef int64_t[::1] current = current_arr
    if ambiguous:
        _take_voters(core)
        _round_scores(core, scores)
        _first_best(core, scores, current)
        for rounds in range(ROUNDS):
            changed = False
            for index in ambiguous:
                if current[index] != core.best[index]:
                    core.best[index] = current[index]
                    changed = True
                    _take_voters(core)
                    _round_scores(core, scores)
                    _first_best(core, scores, current)
            if not changed:
                break

    # The final scores of every candidate, against the settled choices of the other names.
    _take_voters(core)
    support_arr = np.empty(n)
    ads_arr = np.empty(n)
    local_arr = np.empty(n)
    score_arr = np.empty(n)
    cdef double[::1] support = support_arr
    cdef double[::1] ads_out = ads_arr
    cdef double[::1] local = local_arr
    cdef double[::1] score = score_arr
    for i in range(n):
        _voter_sums(core, i, True, &cs, &ads, &near)
        support[i] = cs
        ads_out[i] = ads
        local[i] = _local(core, i, ads, near)
        score[i] = _base_score(core, i, cs, local[i])
    _context_terms(core, score, True)
    voters = core.voters
    return Settled(
        best=best_arr.tolist(),
        score=score_arr,
        country_support=support_arr,
        ads=ads_arr,
        local=local_arr,
        chosen=np.asarray(core.chosen)[:voters].copy(),
        chooser=np.asarray(core.chooser)[:voters].copy(),
        same_admin=same_admin_arr,
        closeness=closeness_arr,
        vote=vote_arr,
        point=pointf_arr,
    )
