"""Scoring against gold corpora: the metrics of ``score.py``, and ``mapper evaluate``."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from mapper.cli import app
from mapper.evaluate import MAX_KM, format_report, score_corpus

runner = CliRunner()
SCORE_PY = Path(__file__).resolve().parents[2] / "shared" / "bench" / "score.py"

GOLD: dict[str, dict[str, Any]] = {
    "a": {
        "text": "Erbil and Baghdad and Mosul",
        "toponyms": [
            {"start": 0, "end": 5, "name": "Erbil", "lat": 36.19, "lon": 44.01},
            {"start": 10, "end": 17, "name": "Baghdad", "lat": 33.34, "lon": 44.40},
            {"start": 22, "end": 27, "name": "Mosul", "lat": 36.34, "lon": 43.12},
        ],
        "other_spans": [{"start": 18, "end": 21, "name": "and", "type": "x"}],
    },
    "b": {
        "text": "Paris",
        "toponyms": [{"start": 0, "end": 5, "name": "Paris", "lat": 33.66, "lon": -95.56}],
        "other_spans": [],
    },
}
PRED: dict[str, dict[str, Any]] = {
    "a": {
        "toponyms": [
            {"start": 0, "end": 5, "lat": 36.19, "lon": 44.01},  # exact
            {"start": 12, "end": 14, "lat": 33.34, "lon": 44.40},  # overlap counts
            {"start": 18, "end": 21, "lat": 0.0, "lon": 0.0},  # on an other_span: ignored
            {"start": 6, "end": 9},  # false positive
        ]
    },
    "b": {"toponyms": [{"start": 0, "end": 5}]},  # recognised, unresolved
}


def test_metrics_follow_the_reference_definitions() -> None:
    scores = score_corpus(GOLD, PRED)
    assert (scores.gold_toponyms, scores.recognised, scores.false_positives) == (4, 3, 1)
    assert scores.precision == 0.75
    assert scores.recall == 0.75
    assert scores.f1 == 0.75
    assert scores.acc161 == round(2 / 3, 4)
    assert scores.median_km == 0.0
    assert scores.mean_km == round(MAX_KM / 3, 1)
    assert scores.auc == round((0 + 0 + 1.0) / 3, 4)
    assert scores.end_to_end_acc161 == 0.5
    assert math.isclose(max(e.km for e in scores.errors), MAX_KM)


def test_empty_prediction_scores_zero() -> None:
    scores = score_corpus(GOLD, {})
    assert (scores.precision, scores.recall, scores.f1, scores.acc161) == (0.0, 0.0, 0.0, 0.0)
    assert scores.mean_km is None


@pytest.mark.skipif(not SCORE_PY.exists(), reason="the shared benchmark scorer is not beside us")
def test_same_numbers_as_score_py() -> None:
    spec = importlib.util.spec_from_file_location("bench_score", SCORE_PY)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert score_corpus(GOLD, PRED).metrics() == module.score(GOLD, PRED)


def test_report_lists_the_worst_errors() -> None:
    report = format_report(score_corpus(GOLD, PRED), worst=5)
    assert "acc161: 0.6667" in report
    assert "unresolved" in report
    assert "'Paris'" in report


def test_evaluate_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_gazetteer: Any
) -> None:
    import mapper.gazetteer

    monkeypatch.setattr(mapper.gazetteer, "load_gazetteer", lambda: tiny_gazetteer)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(json.dumps({"id": key, **doc}) for key, doc in GOLD.items()) + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["evaluate", str(gold), "--json"])
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.output)
    assert metrics["gold_toponyms"] == 4
    assert metrics["recall"] == 1.0
    assert metrics["acc161"] == 0.75  # "Paris" alone is Paris, France; gold says Texas
    text = runner.invoke(app, ["evaluate", str(gold)])
    assert "precision" in text.output


def test_evaluate_command_rejects_a_bad_corpus(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "toponyms": [{"start": 0}]}\n', encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(gold)])
    assert result.exit_code != 0
    assert "gold.jsonl:1" in result.output
