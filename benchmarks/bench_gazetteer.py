"""Measure the gazetteer: context-free accuracy on the shared corpora, speed, load time, memory.

    python benchmarks/bench_gazetteer.py [--bench-dir /work/shared/bench] [--errors N]

For every gold toponym of LGL and GeoVirus, looks up the gold name alone (no context) and
reports the share whose best candidate lies within 161 km of the gold point (acc@161) and the
share with any candidate. Then it times lookups (all distinct gold names with every cache cleared,
and the names in corpus order as a geoparser asks for them; per CPU second of this process,
best of three runs, so that other load on the machine counts as little as possible), the
index's open time in a fresh process, and this process's peak memory. The corpora are read
in place (GPL data: never copied into the repository).
"""

from __future__ import annotations

import argparse
import json
import math
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mapper.gazetteer import core as gazetteer_core  # noqa: E402
from mapper.gazetteer import load_gazetteer, normalise_name, skeleton  # noqa: E402
from mapper.gazetteer.core import Gazetteer  # noqa: E402

DEFAULT_BENCH = Path("/work/shared/bench")
CORPORA = ("lgl", "geovirus")
SPELLINGS = {
    # The design-card places: (lat, lon) of the place every spelling must reach (15 km).
    (36.19, 44.01): ["Erbil", "Irbil", "Arbil", "Hawler"],
    (34.45, 40.92): ["Abu Kamal", "Al Bukamal", "Albu Kamal", "Al-Bukamal", "Abou Kamal"],
    (34.38, 41.09): ["Al Qaim", "Al Qaem", "Al-Qa'im"],
    (33.80, 42.44): ["Ain al-Asad", "Ain al Assad air base", "Al Asad Airbase"],
    (35.33, 40.14): ["Deir ez-Zor", "Deir Ezzour", "Dayr az Zawr"],
}


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (same formula as the shared score.py)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def gold_names(path: Path) -> list[tuple[str, float, float]]:
    """(name, lat, lon) of every grounded gold toponym in a corpus file."""
    names = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            names += [(t["name"], float(t["lat"]), float(t["lon"])) for t in doc["toponyms"]]
    return names


def accuracy(
    gazetteer: Gazetteer, names: list[tuple[str, float, float]]
) -> tuple[float, float, Counter[str]]:
    """(acc@161 of the best candidate, share with any candidate, missed names)."""
    hits = found = 0
    misses: Counter[str] = Counter()
    for name, lat, lon in names:
        candidates = gazetteer.lookup(name, limit=1)
        if not candidates:
            misses[f"{name} (none)"] += 1
            continue
        found += 1
        best = candidates[0].place
        km = haversine_km(lat, lon, best.lat, best.lon)
        if km <= 161:
            hits += 1
        else:
            misses[f"{name} -> {best.name}, {best.country_code} ({best.feature}) {km:.0f} km"] += 1
    return hits / len(names), found / len(names), misses


def check_spellings(gazetteer: Gazetteer) -> int:
    """Print the design card's spellings; return how many miss 15 km."""
    failures = 0
    for (lat, lon), spellings in SPELLINGS.items():
        for spelling in spellings:
            candidates = gazetteer.lookup(spelling, limit=1)
            km = (
                haversine_km(lat, lon, candidates[0].place.lat, candidates[0].place.lon)
                if candidates
                else float("inf")
            )
            failures += km > 15
            where = candidates[0].place.name if candidates else "-"
            print(f"  {'ok ' if km <= 15 else 'BAD'} {spelling:24} -> {where} ({km:.1f} km)")
    return failures


def best_rate(gazetteer: Gazetteer, names: list[str], limit: int, repeats: int = 3) -> float:
    """Lookups per CPU second, best of ``repeats`` runs, each from cold caches."""
    rates = []
    for _ in range(repeats):
        clear_caches(gazetteer)
        started = time.process_time()
        for name in names:
            gazetteer.lookup(name, limit=limit)
        rates.append(len(names) / (time.process_time() - started))
    return max(rates)


def clear_caches(gazetteer: Gazetteer) -> None:
    """Forget every cached result so that lookups do their full work."""
    gazetteer._cache.clear()  # noqa: SLF001 - measuring uncached lookups
    normalise_name.cache_clear()
    skeleton.cache_clear()
    gazetteer_core._similarity.cache_clear()  # noqa: SLF001


def open_time() -> float:
    """Seconds to import mapper and open the (already built) index in a fresh process."""
    code = (
        "import time; t = time.perf_counter(); "
        "from mapper.gazetteer import load_gazetteer; g = load_gazetteer(); "
        "g.lookup('Baghdad'); print(time.perf_counter() - t)"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH)
    parser.add_argument("--errors", type=int, default=0, help="print the N most frequent misses")
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteer = load_gazetteer()
    print(f"index: {gazetteer.index_path} (ready in {time.perf_counter() - started:.2f} s)")
    print("design-card spellings (within 15 km):")
    failures = check_spellings(gazetteer)
    print(f"  {failures} of {sum(map(len, SPELLINGS.values()))} spellings miss")

    all_names: list[str] = []
    for corpus in CORPORA:
        names = gold_names(args.bench_dir / f"{corpus}.jsonl")
        all_names += [n for n, _, _ in names]
        acc, found, misses = accuracy(gazetteer, names)
        print(
            f"{corpus}: {len(names)} gold toponyms, context-free acc@161 {acc:.1%}, "
            f"some candidate {found:.1%}"
        )
        for miss, count in misses.most_common(args.errors):
            print(f"    {count:4} x {miss}")

    distinct = sorted(set(all_names))
    for limit in (10, 1):
        rate = best_rate(gazetteer, distinct, limit)
        label = f"{len(distinct):,} distinct names, nothing cached, limit={limit}"
        print(f"lookups/s, {label}: {rate:,.0f}")
    rate = best_rate(gazetteer, all_names, 1)
    print(
        f"lookups/s, the corpora's {len(all_names):,} names in order from cold caches "
        f"(a geoparser's stream), limit=1: {rate:,.0f}"
    )
    print(f"index open (fresh process, import + open + first lookup): {open_time():.3f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
