"""Throughput of ``mapper geoparse`` against a plain name matcher (geotext), same input.

Reads both shared corpora (../shared/bench, never copied into the repository), repeats them
``--repeat`` times (default 10) and geoparses every document in one process, printing
documents per second and MB per second, then runs geotext's matcher over the same texts.

    python benchmarks/bench_geoparse.py [--bench-dir ../shared/bench] [--repeat 10]
    python benchmarks/bench_geoparse.py --cli [--documents 11000] [--runs 3]

``--cli`` times whole processes instead: ``mapper geoparse FILE.jsonl`` over ``--documents``
documents (the two corpora cycled, each line with its own id) against a script that runs
geotext's matcher over the same file, both from a fresh interpreter (start-up, imports,
reading and writing included); best of ``--runs`` runs each, alternating.

geotext is only needed here (``pip install geotext``, in the ``bench`` extra).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
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


_GEOTEXT_SCRIPT = """
import json, sys
from geotext import GeoText
with open(sys.argv[1], encoding="utf-8") as source, open(sys.argv[2], "w") as out:
    for line in source:
        document = json.loads(line)
        found = GeoText(document["text"])
        out.write(json.dumps({"id": document["id"], "cities": found.cities}) + "\\n")
"""


def _timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _cli_comparison(texts: dict[str, list[str]], documents: int, runs: int) -> None:
    """Whole processes: ``mapper geoparse`` against geotext over the same JSONL file."""
    pool = [t for docs in texts.values() for t in docs]
    with tempfile.TemporaryDirectory(prefix="bench-geoparse-") as folder:
        source = Path(folder) / "documents.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for index in range(documents):
                record = {"id": f"d{index}", "text": pool[index % len(pool)]}
                handle.write(json.dumps(record) + "\n")
        size = source.stat().st_size / 1e6
        mapper_cmd = [sys.executable, "-m", "mapper", "geoparse", str(source)]
        mapper_cmd += ["--out", str(Path(folder) / "mapper.jsonl")]
        geotext_cmd = [sys.executable, "-c", _GEOTEXT_SCRIPT, str(source)]
        geotext_cmd += [str(Path(folder) / "geotext.jsonl")]
        mapper_runs, geotext_runs = [], []
        for _ in range(runs):
            mapper_runs.append(_timed(mapper_cmd))
            geotext_runs.append(_timed(geotext_cmd))
    mapper_wall = min(w for w, _ in mapper_runs)
    mapper_cpu = min(c for _, c in mapper_runs)
    geotext_wall = min(w for w, _ in geotext_runs)
    geotext_cpu = min(c for _, c in geotext_runs)
    print(f"{documents} documents, {size:.1f} MB of JSONL, best of {runs} runs each")
    print(
        f"mapper geoparse (whole process)  wall {mapper_wall:6.2f} s  cpu {mapper_cpu:6.2f} s  "
        f"{documents / mapper_cpu:6.0f} docs/s (cpu)"
    )
    print(f"geotext script  (whole process)  wall {geotext_wall:6.2f} s  cpu {geotext_cpu:6.2f} s")
    print(
        f"ratio: {mapper_wall / geotext_wall:.1f}x wall time, "
        f"{mapper_cpu / geotext_cpu:.1f}x cpu time"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench-dir", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--cli", action="store_true", help="time whole processes instead")
    parser.add_argument("--documents", type=int, default=11_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    texts = _texts(args.bench_dir)
    if args.cli:
        _cli_comparison(texts, args.documents, args.runs)
        return
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
