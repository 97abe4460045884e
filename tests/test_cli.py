"""The ``build`` command through typer's CliRunner: options, warnings, summary and exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mapper.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


SEED_IDS = {p.stem for p in SEEDS.glob("*.txt")}


def incidents_by_id(out: Path) -> dict[str, dict[str, Any]]:
    collection = json.loads((out / "incidents.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["id"]: f["properties"] for f in collection["features"]}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    """The seeds plus one file of each bad kind."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    windows_text = "Rockets hit Erbil \u2013 \u201cofficials\u201d."
    (corpus / "win.txt").write_bytes(windows_text.encode("cp1252"))
    (corpus / "page.html").write_text(
        "<script>alert('x')</script><p>Shelling hit Aleppo.</p>" * 50, encoding="utf-8"
    )
    (corpus / "feed.jsonl").write_text(
        '{"id": "ok", "text": "Shelling hit Aleppo."}\n{"id": broken\n', encoding="utf-8"
    )
    with (corpus / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (corpus / "front.md").write_text("---\ntitle: open\nText about Mosul.\n", encoding="utf-8")
    return corpus


def test_build_on_hostile_corpus_warns_once_per_bad_file(
    runner: CliRunner, hostile_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(hostile_corpus), "--out", str(out)])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    bad = ["empty.txt", "binary.txt", "win.txt", "feed.jsonl", "huge.txt", "front.md"]
    for name in bad:
        assert len([w for w in warnings if name in w]) == 1, (name, warnings)
    assert len(warnings) == len(bad)
    summary = result.stdout.splitlines()[0]
    assert summary.startswith("read 9 articles from 9 files, skipped 3 files, ")
    assert summary.endswith(f"{len(bad)} warnings")
    clean = tmp_path / "clean"
    assert runner.invoke(app, ["build", str(SEEDS), "--out", str(clean)]).exit_code == 0
    built = incidents_by_id(out)
    for incident_id, seed_incident in incidents_by_id(clean).items():
        assert incident_id in built  # every seed incident intact, with its seed sources
        kept = [s for s in built[incident_id]["sources"] if s["doc_id"] in SEED_IDS]
        assert kept == seed_incident["sources"]
    assert "alert(" not in (out / "index.html").read_text(encoding="utf-8")


def test_warnings_stay_one_line_for_hostile_file_names(runner: CliRunner, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Shelling hit Aleppo.\n", encoding="utf-8")
    (corpus / "evil\n\x1b[2Jname.txt").write_bytes(b"")
    result = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o")])
    assert result.exit_code == 0
    (line,) = result.stderr.splitlines()
    assert line.startswith("warning: ") and "evil\\x0a\\x1b[2Jname.txt" in line


def test_strict_exits_6_and_writes_nothing(
    runner: CliRunner, hostile_corpus: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(hostile_corpus), "--out", str(out), "--strict"])
    assert result.exit_code == 6
    lines = result.stderr.splitlines()
    assert len([line for line in lines if line.startswith("warning: ")]) == 6
    assert lines[-1].startswith("mapper: error: --strict: 6 warning(s)")
    assert "Traceback" not in result.output
    assert not out.exists()


def test_quiet_prints_nothing_on_success(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "o"), "--quiet"])
    assert result.exit_code == 0
    assert result.output == ""


def test_verbose_reports_timings_and_cache(runner: CliRunner, tmp_path: Path) -> None:
    out = str(tmp_path / "o")
    runner.invoke(app, ["build", str(SEEDS), "--out", out])
    result = runner.invoke(app, ["build", str(SEEDS), "--out", out, "-v"])
    assert result.exit_code == 0
    assert "timings: ingest" in result.stderr
    assert "0 processed, 5 from cache" in result.stderr
    result = runner.invoke(app, ["build", str(SEEDS), "--out", out, "-v", "--no-cache"])
    assert "5 processed, 0 from cache" in result.stderr


def test_piped_output_has_no_progress_bar(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "--out", str(tmp_path / "o")])
    assert "\x1b[" not in result.output
    assert result.stdout.splitlines()[-1] == f"wrote {tmp_path / 'o' / 'index.html'}"


def test_jobs_option(runner: CliRunner, tmp_path: Path) -> None:
    one = tmp_path / "one"
    two = tmp_path / "two"
    assert runner.invoke(app, ["build", str(SEEDS), "-o", str(one), "--no-cache"]).exit_code == 0
    args = ["build", str(SEEDS), "-o", str(two), "--jobs", "2", "--no-cache"]
    assert runner.invoke(app, args).exit_code == 0
    name = "incidents.geojson"
    assert (one / name).read_bytes() == (two / name).read_bytes()


@pytest.mark.parametrize(
    ("args", "code", "needle"),
    [
        (["--engine", "spark"], 2, "--engine"),
        (["--scheduler", "tcp://x:1"], 2, "--scheduler"),
        (["--jobs", "0"], 2, "--jobs"),
    ],
)
def test_bad_options_exit_2_with_one_line(
    runner: CliRunner, tmp_path: Path, args: list[str], code: int, needle: str
) -> None:
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(tmp_path / "o"), *args])
    assert result.exit_code == code
    assert needle in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o").exists()


def test_missing_input_exits_3(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["build", str(tmp_path / "nope"), "-o", str(tmp_path / "o")])
    assert result.exit_code == 3
    assert result.stderr.count("\n") == 1 and "no such file" in result.stderr


def test_out_is_a_file_exits_5(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "o"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["build", str(SEEDS), "-o", str(target), "--no-cache"])
    assert result.exit_code == 5
    assert "not a folder" in result.stderr


def test_python_m_mapper_exits_with_the_commands_code_and_flushed_output(tmp_path: Path) -> None:
    # ``python -m mapper`` ends the process without interpreter tear-down: the exit code and
    # everything printed (into a pipe, so buffered) must still arrive
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "mapper", *args]
        return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=120)

    helped = run("build", "--help")
    assert helped.returncode == 0
    assert "--no-cache" in helped.stdout and "Exit codes" in helped.stdout
    missing = run("build", str(tmp_path / "missing"), "--out", str(tmp_path / "out"))
    assert missing.returncode == 3
    assert missing.stderr.startswith("mapper: error: ") and "missing" in missing.stderr
    assert run("no-such-command").returncode == 2
