"""Score geoparsing output against a gold corpus (the ``../shared/bench`` format).

The metrics are those of the reference scorer ``score.py`` beside the benchmark corpora,
computed the same way:

- recognition, span level, overlap match, one-to-one: precision, recall, F1; a prediction
  that overlaps no grounded gold toponym but overlaps an ``other_spans`` entry is neither a
  hit nor a false positive;
- resolution over the recognised gold toponyms: acc@161, mean and median error (km), AUC
  (mean of ln(1+km)/ln(20039), lower is better); a recognised toponym without coordinates
  counts as 20,039 km;
- end-to-end acc@161 over all gold toponyms.

No I/O here: the CLI reads the files and prints :func:`format_report`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mapper.geo import haversine_km

MAX_KM = 20039.0
ACC_KM = 161.0


@dataclass(frozen=True, slots=True)
class ResolutionError:
    """One recognised gold toponym and how far the prediction put it."""

    doc_id: str
    name: str
    start: int
    km: float
    gold: tuple[float, float]
    predicted: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class Scores:
    """The metrics of ``score.py`` and the per-toponym errors behind them."""

    docs: int
    gold_toponyms: int
    recognised: int
    false_positives: int
    precision: float
    recall: float
    f1: float
    acc161: float
    mean_km: float | None
    median_km: float | None
    auc: float | None
    end_to_end_acc161: float
    errors: tuple[ResolutionError, ...] = field(default=(), repr=False)

    def metrics(self) -> dict[str, Any]:
        """The metrics as ``score.py --json`` prints them (same keys, same rounding)."""
        return {
            "docs": self.docs,
            "gold_toponyms": self.gold_toponyms,
            "recognised": self.recognised,
            "false_positives": self.false_positives,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "acc161": self.acc161,
            "mean_km": self.mean_km,
            "median_km": self.median_km,
            "auc": self.auc,
            "end_to_end_acc161": self.end_to_end_acc161,
        }


def _overlaps(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return int(a["start"]) < int(b["end"]) and int(b["start"]) < int(a["end"])


def score_corpus(
    gold: Mapping[str, Mapping[str, Any]], predicted: Mapping[str, Mapping[str, Any]]
) -> Scores:
    """Score predicted documents against gold documents (both keyed by document id).

    Parameters
    ----------
    gold
        ``{"id": {"toponyms": [{"start", "end", "name", "lat", "lon"}], "other_spans": [...]}}``.
    predicted
        ``{"id": {"toponyms": [{"start", "end", "lat"?, "lon"?}]}}`` (``mapper geoparse`` output).
    """
    tp = fp = fn = 0
    errors: list[ResolutionError] = []
    for doc_id, doc in gold.items():
        golds: Sequence[Mapping[str, Any]] = doc.get("toponyms", []) or []
        others: Sequence[Mapping[str, Any]] = doc.get("other_spans", []) or []
        preds: Sequence[Mapping[str, Any]] = (predicted.get(doc_id) or {}).get("toponyms", []) or []
        used: set[int] = set()
        for gt in golds:
            best = next(
                (i for i, p in enumerate(preds) if i not in used and _overlaps(gt, p)), None
            )
            if best is None:
                fn += 1
                continue
            used.add(best)
            tp += 1
            pred = preds[best]
            gold_point = (float(gt["lat"]), float(gt["lon"]))
            if pred.get("lat") is None or pred.get("lon") is None:
                errors.append(
                    ResolutionError(
                        doc_id, str(gt.get("name", "")), int(gt["start"]), MAX_KM, gold_point, None
                    )
                )
            else:
                point = (float(pred["lat"]), float(pred["lon"]))
                errors.append(
                    ResolutionError(
                        doc_id,
                        str(gt.get("name", "")),
                        int(gt["start"]),
                        haversine_km(gold_point, point),
                        gold_point,
                        point,
                    )
                )
        for i, pred in enumerate(preds):
            if i in used:
                continue
            if any(_overlaps(pred, o) for o in others) or any(_overlaps(pred, g) for g in golds):
                continue
            fp += 1
    n_gold = tp + fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    km = [e.km for e in errors]
    within = sum(1 for k in km if k <= ACC_KM)
    return Scores(
        docs=len(gold),
        gold_toponyms=n_gold,
        recognised=tp,
        false_positives=fp,
        precision=round(precision, 4),
        recall=round(recall, 4),
        f1=round(f1, 4),
        acc161=round(within / len(km), 4) if km else 0.0,
        mean_km=round(statistics.fmean(km), 1) if km else None,
        median_km=round(statistics.median(km), 1) if km else None,
        auc=round(statistics.fmean(math.log1p(k) / math.log1p(MAX_KM) for k in km), 4)
        if km
        else None,
        end_to_end_acc161=round(within / n_gold, 4) if n_gold else 0.0,
        errors=tuple(errors),
    )


def format_report(scores: Scores, worst: int = 10) -> str:
    """The metrics, one per line as ``score.py`` prints them, then the worst errors."""
    lines = [f"{key:>18}: {value}" for key, value in scores.metrics().items()]
    ranked = sorted(scores.errors, key=lambda e: (-e.km, e.doc_id, e.start))
    ranked = [e for e in ranked if e.km > ACC_KM][:worst]
    if ranked:
        lines.append("")
        lines.append(f"worst {len(ranked)} errors (km, document, offset, name, gold -> predicted):")
        for error in ranked:
            predicted = (
                f"({error.predicted[0]:.4f}, {error.predicted[1]:.4f})"
                if error.predicted
                else "unresolved"
            )
            lines.append(
                f"{error.km:9.1f}  {error.doc_id}  @{error.start}  {error.name!r}  "
                f"({error.gold[0]:.4f}, {error.gold[1]:.4f}) -> {predicted}"
            )
    return "\n".join(lines)
