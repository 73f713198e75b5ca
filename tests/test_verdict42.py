"""The second opinion may take ``overfit`` over the rules' "set aside" (stop 42, ``verdict_second.overfit_beyond_wobble``).

On the blind-time verdicts of sets 64-83 (654 scored rows, each pair scanned with the code that first measured it),
the second opinion's move healthy -> overfit was blocked 8 times by a ``possible_overfit`` finding (the rules had
called the rise a wobble within the noise, or said a task metric held its best), and the labellers called all 8
overfit. Two of those runs are opened public logs kept in ``eval/public``: htr77 (handwriting recognition,
val_loss 0.4684 at epoch 6, then 0.50-0.51 to epoch 10 while train_loss fell 0.19 -> 0.068; labelled overfit, clear)
and momoimg67 ``log_moModel`` (a Keras CSVLogger history, val_loss best 0.9035 at epoch 10, ~7% above it for the
five epochs after). A validation that only wobbles (kind 6: 1-3% after its best) is still not moved.

It may also take ``healthy`` over the rules' ``underfit`` when they had weighed healthy and set it aside (5 of 5
right on the blind-time verdicts of sets 50-83): ageest (a Keras age regressor-classifier, train loss 2.249 -> 1.421
still falling, val_accuracy 0.313 -> 0.392) and voiceage41 (a batch loss 2.203 -> ~1.0, test accuracy 3.9% -> 29.7%
still rising), both labelled healthy. A loss whose accuracy never rose stays underfit (test_verdict_unseen4).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from loganalyzer.scan import scan

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"


def _one(path):
    report = scan([str(path)])
    assert len(report.runs) == 1
    return report.runs[0]


@pytest.mark.parametrize("folder", ["htr77__training_log", "momoimg67__log_moModel"])
def test_mild_rise_set_aside_by_rules_is_overfit(folder):
    run = _one(PUBLIC / folder)
    assert run.verdict == "overfit"
    assert run.confidence <= 0.6
    second = [f for f in run.analysis.findings if f.kind == "second_opinion"]
    assert second and "the rules had set overfit aside" in second[0].message
    assert not any(f.kind == "possible_overfit" for f in run.analysis.findings)


def test_wobble_after_best_is_not_taken(tmp_path):
    """htr77's own log, its validation after the best brought to within 1-2% of it (kind 6's wobble)."""
    rows = json.loads((PUBLIC / "htr77__training_log" / "training_log.json").read_text())
    best = min(r["val_loss"] for r in rows)
    at = next(i for i, r in enumerate(rows) if r["val_loss"] == best)
    for k, r in enumerate(rows[at + 1:]):
        r["val_loss"] = round(best * (1.01 + 0.01 * (k % 2)), 6)
    (tmp_path / "training_log.json").write_text(json.dumps(rows, indent=2))
    run = _one(tmp_path)
    assert run.verdict != "overfit" or run.analysis.method != "second"



@pytest.mark.parametrize("folder", ["ageest__keras", "voiceage41__Convnet"])
def test_healthy_set_aside_by_rules_taken_over_underfit(folder):
    run = _one(PUBLIC / folder)
    assert run.verdict == "healthy" and run.analysis.method == "second"
    second = [f for f in run.analysis.findings if f.kind == "second_opinion"]
    assert second and "the rules had set healthy aside" in second[0].message
    assert any(f.kind == "possible_underfit" for f in run.analysis.findings)
