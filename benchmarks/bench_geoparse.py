"""Throughput of ``mapper geoparse`` against a plain name matcher (geotext), same input.

Reads both shared corpora (../shared/bench, never copied into the repository), repeats them
``--repeat`` times (default 10) and geoparses every document in one process, printing
documents per second and MB per second, then runs geotext's matcher over the same texts.

    python benchmarks/bench_geoparse.py [--bench-dir ../shared/bench] [--repeat 10]

geotext is only needed here (``pip install geotext``, in the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CORPORA = ("lgl.jsonl", "geovirus.jsonl")


def _texts(bench_dir: Path) -> dict[str, list[str]]:
    texts: dict[str, list[str]] = {}
    for name in CORPORA:
        path = bench_dir / name
        with path.open(encoding="utf-8") as handle:
            texts[name] = [json.loads(line)["text"] for line in handle if line.strip()]
    return texts


def _report(label: str, docs: int, chars: int, seconds: float, cpu: float) -> None:
    megabytes = chars / 1e6
    print(
        f"{label:<34} {docs:>7} docs {megabytes:6.1f} MB  wall {seconds:7.2f} s "
        f"{docs / seconds:7.0f} docs/s {megabytes / seconds:6.2f} MB/s  "
        f"cpu {cpu:7.2f} s {docs / cpu:7.0f} docs/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    texts = _texts(args.bench_dir)
    runs = {name: docs * args.repeat for name, docs in texts.items()}
    everything = [t for docs in runs.values() for t in docs]

    from mapper.gazetteer import load_gazetteer
    from mapper.geoparse import GeoParser

    start, start_cpu = time.perf_counter(), time.process_time()
    gazetteer = load_gazetteer()
    loaded = time.perf_counter()
    geoparser = GeoParser(gazetteer)
    built = time.perf_counter()
    # Start-up: what a fresh process pays before its first document (the word lists and
    # frequency tables recognition loads lazily included).
    geoparser.parse("warm-up", "Officials in Baghdad, Iraq said.")
    startup, startup_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(
        f"gazetteer load {loaded - start:.2f} s, matcher build {built - loaded:.2f} s, "
        f"start-up with first document {startup:.2f} s"
    )

    total = total_cpu = 0.0
    passes: dict[str, list[float]] = {}
    for name, docs in runs.items():
        # Each repetition timed on its own: the first pass meets most names for the first
        # time (gazetteer lookups), the later ones show the steady state.
        seconds = cpu = 0.0
        passes[name] = []
        for _ in range(args.repeat):
            chunk = texts[name]
            t0, c0 = time.perf_counter(), time.process_time()
            for index, text in enumerate(chunk):
                geoparser.parse(str(index), text)
            seconds += time.perf_counter() - t0
            pass_cpu = time.process_time() - c0
            cpu += pass_cpu
            passes[name].append(pass_cpu)
        total += seconds
        total_cpu += cpu
        label = f"mapper geoparse  {name} x{args.repeat}"
        _report(label, len(docs), sum(map(len, docs)), seconds, cpu)
    chars = sum(map(len, everything))
    _report("mapper geoparse  all", len(everything), chars, total, total_cpu)
    for name, cpus in passes.items():
        count = len(texts[name])
        print(
            f"  {name}: first pass {count / cpus[0]:.0f} docs/s, best later pass "
            f"{count / min(cpus[1:] or cpus):.0f} docs/s (cpu)"
        )

    try:
        from geotext import GeoText
    except ImportError:
        print("geotext is not installed (pip install geotext): no side-by-side figure")
        return
    GeoText("warm up")
    t0, c0 = time.perf_counter(), time.process_time()
    for text in everything:
        GeoText(text)
    plain, plain_cpu = time.perf_counter() - t0, time.process_time() - c0
    _report("geotext matcher  all", len(everything), chars, plain, plain_cpu)
    print(
        f"mapper geoparse / geotext: {total / plain:.1f}x wall time, "
        f"{total_cpu / plain_cpu:.1f}x cpu time (documents only)"
    )
    whole = total + startup
    print(
        f"whole run incl. start-up ({startup:.2f} s) / geotext: {whole / plain:.1f}x wall time, "
        f"{(total_cpu + startup_cpu) / plain_cpu:.1f}x cpu time"
    )


if __name__ == "__main__":
    main()
