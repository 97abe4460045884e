"""Build and geoparse throughput, peak memory and time for corpora of N articles.

Each build runs as its own process (``python -m mapper build ... --verbose``) so its peak
resident memory (``ru_maxrss`` from ``wait4``, which covers its worker processes too) and its
stage timings are its own. For every N it measures:

- ``full``: a clean build (``--no-cache``);
- ``cold``: a build that fills an empty cache;
- ``unchanged``: the cold build repeated (nothing new: every output can be kept);
- ``incremental``: a rebuild with the cache after adding one new article.

and once, in this process, the geoparser's throughput. Results print as a Markdown table and
as JSON (``--json FILE``). Usage::

    python benchmarks/bench_build.py --sizes 1000 10000 100000 --workdir /tmp/mapper-bench
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import make_articles, write_corpus  # noqa: E402

NEW_ARTICLE = {
    "id": "bench-incremental-0000001",
    "title": "Rocket attack reported in Erbil",
    "outlet": "Reuters",
    "published": "2024-12-30",
    "text": "A rocket attack struck Erbil on Monday, December 30; 3 people were wounded, "
    "a spokesman said. The claims could not be independently verified.\n",
}


def run_build(corpus: Path, out: Path, extra: list[str]) -> dict[str, Any]:
    """One build in a child process: wall time, peak RSS (MiB) and the stage timings."""
    command = [sys.executable, "-m", "mapper", "build", str(corpus), "--out", str(out), "-v"]
    command += extra
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out_file, tempfile.TemporaryFile("w+") as err_file:
        process = subprocess.Popen(command, cwd=ROOT, stdout=out_file, stderr=err_file, text=True)
        # wait4 gives this child's own peak RSS (its worker processes included)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out_file.seek(0)
        err_file.seek(0)
        stdout, stderr = out_file.read(), err_file.read()
    rusage = usage.ru_maxrss
    if process.returncode != 0:
        raise SystemExit(f"build failed ({process.returncode}): {' '.join(command)}\n{stderr}")
    timings = dict(
        (stage, float(seconds))
        for stage, seconds in re.findall(r"(\w+) ([\d.]+)s", stderr.split("timings:")[1])
    )
    summary = stdout.splitlines()[0]
    return {
        "wall_s": round(wall, 2),
        # CPU seconds (user + system, workers included): steadier than wall time on a
        # machine shared with other work
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_rss_mib": round(rusage / 1024, 1),
        "timings": timings,
        "summary": summary,
    }


def geoparse_throughput(count: int) -> dict[str, Any]:
    """Geoparse ``count`` synthetic articles in this process."""
    from mapper.gazetteer import load_gazetteer
    from mapper.geoparse import find_mentions

    started = time.perf_counter()
    gazetteer = load_gazetteer()
    load_s = time.perf_counter() - started
    texts = [record["text"] for record in make_articles(count, seed=11)]
    started = time.perf_counter()
    mentions = sum(len(find_mentions("d", text, gazetteer)) for text in texts)
    seconds = time.perf_counter() - started
    chars = sum(len(t) for t in texts)
    return {
        "articles": count,
        "gazetteer_load_s": round(load_s, 2),
        "seconds": round(seconds, 2),
        "articles_per_s": round(count / seconds),
        "chars_per_s": round(chars / seconds),
        "mentions": mentions,
    }


def bench_size(size: int, workdir: Path, extra: list[str], incremental: bool) -> dict[str, Any]:
    """Full, cold-cache and incremental builds of a corpus of ``size`` articles."""
    corpus = workdir / f"corpus-{size}"
    if not corpus.is_dir():
        write_corpus(size, corpus)
    out = workdir / f"out-{size}"
    shutil.rmtree(out, ignore_errors=True)
    row: dict[str, Any] = {"articles": size, "options": " ".join(extra) or "--jobs 1"}
    row["full"] = run_build(corpus, out, ["--no-cache", *extra])
    print(f"{size} full:", json.dumps(row["full"]), flush=True)
    if incremental:
        shutil.rmtree(out, ignore_errors=True)
        row["cold"] = run_build(corpus, out, extra)
        print(f"{size} cold:", json.dumps(row["cold"]), flush=True)
        row["unchanged"] = run_build(corpus, out, extra)
        print(f"{size} unchanged:", json.dumps(row["unchanged"]), flush=True)
        added = corpus / "zz-incremental.jsonl"
        added.write_text(json.dumps(NEW_ARTICLE) + "\n", encoding="utf-8")
        try:
            row["incremental"] = run_build(corpus, out, extra)
        finally:
            added.unlink()
        print(f"{size} incremental:", json.dumps(row["incremental"]), flush=True)
        for unit in ("wall_s", "cpu_s"):
            ratio = row["incremental"][unit] / row["full"][unit]
            row[f"incremental_ratio_{unit[:-2]}"] = round(ratio, 3)
    return row


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    memory = ""
    if Path("/proc/meminfo").exists():
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory": memory,
        "processor": platform.processor() or platform.machine(),
    }


def markdown(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| articles | options | full: wall s | CPU s | peak RSS MiB | ingest | analyse | link "
        "| write | incremental: wall s | CPU s | wall ratio | CPU ratio | unchanged: wall s |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
        "| ---: | ---: |",
    ]
    for row in rows:
        full = row["full"]
        t = full["timings"]
        inc = row.get("incremental")
        lines.append(
            f"| {row['articles']:,} | `{row['options']}` | {full['wall_s']} | {full['cpu_s']} | "
            f"{full['peak_rss_mib']} | {t.get('ingest')} | {t.get('analyse')} | "
            f"{t.get('link')} | {t.get('write')} | {inc['wall_s'] if inc else '-'} | "
            f"{inc['cpu_s'] if inc else '-'} | {row.get('incremental_ratio_wall', '-')} | "
            f"{row.get('incremental_ratio_cpu', '-')} | "
            f"{row['unchanged']['wall_s'] if 'unchanged' in row else '-'} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/mapper-bench"))
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--engine", default="local")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--geoparse", type=int, default=2000, help="articles (0: skip)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    extra = ["--jobs", str(args.jobs)] if args.jobs != 1 else []
    if args.engine != "local":
        extra += ["--engine", args.engine]
    results: dict[str, Any] = {"machine": machine(), "builds": []}
    if args.geoparse:
        results["geoparse"] = geoparse_throughput(args.geoparse)
        print("geoparse:", json.dumps(results["geoparse"]), flush=True)
    for size in args.sizes:
        row = bench_size(size, args.workdir, extra, not args.no_incremental)
        results["builds"].append(row)
        print(json.dumps(row), flush=True)
    print(markdown(results["builds"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
