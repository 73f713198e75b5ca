"""Issue 9, stop 21: the eighth blind label set, opened for tuning, showed two kinds the checks missed:

- a task metric that never rose while the loss fell is no healthy run, whatever metric the task is judged by (the
  accuracy rule knew only accuracies): public ``cafa5`` (protein GO terms, multi-label: loss 1.148 -> 0.967 by its
  third epoch, then flat; val_aupr 0.328 -> 0.325 over 15 epochs; labelled `underfit`, was `healthy`);
- a validation loss 13-16% above its best while the task's error rate reached its best is a model growing more
  confident, not overfitting: public ``g2p`` (a grapheme-to-phoneme model whose phoneme error rate ``val_per`` fell
  0.877 -> 0.0277; labelled `healthy`, was `overfit`) -- which needed ``per`` (phoneme error rate) and AUPR read
  as metrics, without taking ``samples_per_second`` for one.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

from loganalyzer.curves_names import metric_word  # noqa: E402
from loganalyzer.curves_series import Curves, Series  # noqa: E402
from loganalyzer.verdict_floor import accuracy_never_rose  # noqa: E402

PUBLIC = Path(__file__).resolve().parents[1] / "eval" / "public"


def _public(name: str) -> Path:
    path = PUBLIC / name
    if not path.is_dir():
        pytest.skip(f"eval/public/{name} absent")
    return path


def _metric(tag: str, values) -> Curves:
    v = np.asarray(values, dtype=np.float64)
    return Curves(val_metric=Series("val_metric", "", tag, np.arange(len(v), dtype=np.int64), v, "epoch"))


def test_a_metric_that_never_rose_while_the_loss_fell_is_underfit():
    run = verdict(_public("cafa5__training_log"))
    assert run.verdict == "underfit" and run.confidence <= 0.6, run.analysis.summary
    assert "`val_aupr` never rose: 0.3285 at epoch 0" in run.analysis.summary, run.analysis.summary
    assert "bought no better predictions by the task's own measure" in run.analysis.summary


def test_what_counts_as_a_metric_that_never_rose():
    assert accuracy_never_rose(_metric("val_aupr", [0.328, 0.33, 0.326, 0.327, 0.325])) is not None
    assert accuracy_never_rose(_metric("val_aupr", [0.328, 0.33, 0.36, 0.4, 0.45])) is None  # it rose
    assert accuracy_never_rose(_metric("val_aupr", [0.328, 0.33, 0.326, 0.327])) is None  # 4 evaluations: too few
    assert accuracy_never_rose(_metric("val_bleu", [0.0] * 8)) is None  # never moved: a broken series
    assert accuracy_never_rose(_metric("val_auc", [0.9, 0.91, 0.9, 0.91, 0.9])) is None  # high from the start
    assert accuracy_never_rose(_metric("val_psnr", [8.1, 8.2, 8.1, 8.15, 8.2])) is None  # not in [0, 1]
    assert accuracy_never_rose(_metric("val_wer", [0.6, 0.61, 0.6, 0.62, 0.6])) is None  # lower is better


def test_a_loss_drift_while_the_error_rate_reached_its_best_is_healthy():
    run = verdict(_public("g2p__train_log"))
    assert run.verdict == "healthy", run.analysis.summary
    (why,) = [f.message for f in run.analysis.findings if f.kind == "possible_overfit"]
    assert "the task's metric `val_per` held its best (0.02767 at epoch 312" in why, why


def test_phoneme_error_rate_and_aupr_are_metrics_but_samples_per_second_is_not():
    assert metric_word("val_per") is not None and metric_word("val_per")[1] is False  # lower is better
    assert metric_word("test/PER") is not None
    assert metric_word("val_aupr")[1] is True and metric_word("val_auprc")[1] is True
    for tag in ("train_samples_per_second", "eval_steps_per_second", "loss_per_token", "tokens_per_sec"):
        assert metric_word(tag) is None, tag
