"""Verdict kinds of the sets opened at stop 66 (197-204), failing on the stop's start code, with their guards:

- link prediction's and retrieval's measures (MRR, MR, Hits@k, a recommender's HR@k) were no task metric, so a run
  logging only them had no validation measure at all (brickgcn200: ``valid/rel_mrr``, ``valid/rel_hits@1``);
- a validation measure that peaked early, within its noise of the first evaluation, and then settled far below its
  FIRST evaluation while training went on falling (brickgcn200 t9yhnzhf, clear `overfit`: valid/rel_mrr 0.990 first,
  0.998 at epoch 23, 0.85-0.90 for the 150 epochs after, training loss 0.5 -> 0.004) was `healthy`: it had "no gain
  to give back" (``verdict_measure._below_first``). A measure that wobbles a little under its first value stays
  healthy.
The input is a per-epoch history written with ``csv.DictWriter``.
"""
from __future__ import annotations

import csv

import numpy as np
import pytest

from _runs import verdict
from loganalyzer.curves_names import metric_word


@pytest.mark.parametrize("tag,up", [("valid/rel_mrr", True), ("valid_MRR", True), ("val/hits@10", True),
                                    ("test/rel_hits@1", True), ("HR@10", True), ("hit@20", True), ("mrr@10", True),
                                    ("valid MR", False)])
def test_ranking_measures_are_task_metrics(tag, up):
    got = metric_word(tag)
    assert got is not None and got[1] is up, (tag, got)


@pytest.mark.parametrize("tag", ["hr", "val_hr", "cache_hits", "mr_lr_scale"])
def test_words_that_only_look_like_ranking_measures_are_not(tag):
    assert metric_word(tag) is None, tag


def _history(path, settle: float, seed: int = 3) -> np.ndarray:
    """30 evaluations (every 6th epoch as the real run's): ``train_loss`` 0.5 -> ~0.004 (exponential);
    ``valid_mrr`` 0.986-0.993 for the first six, 0.998 at the fourth, then ``settle`` +- 0.012; ``valid_hits@1`` 0.01
    under it."""
    rng = np.random.default_rng(seed)
    e = np.arange(1, 31)
    loss = 0.004 + 0.5 * np.exp(-(e - 1) / 4) * (1 + 0.05 * rng.standard_normal(30))
    mrr = np.concatenate([[0.990, 0.986, 0.989, 0.998, 0.993, 0.992], settle + 0.012 * rng.standard_normal(24)])
    mrr = np.minimum(mrr, 0.997)
    mrr[3] = 0.998
    rows = [{"epoch": int(i), "train_loss": float(a), "valid_mrr": float(b), "valid_hits@1": float(b - 0.01)}
            for i, a, b in zip(e, loss, mrr)]
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    return mrr


def test_a_measure_settling_far_below_its_first_evaluation_is_overfit(tmp_path):
    mrr = _history(tmp_path / "history.csv", settle=0.88)
    assert np.median(mrr[6:]) < 0.9 and int(np.argmax(mrr)) == 3  # the shape
    s = verdict(tmp_path)
    assert s.verdict == "overfit", (s.verdict, s.summary)
    assert "valid_mrr" in s.summary


def test_a_measure_wobbling_just_under_its_first_evaluation_is_not_overfit(tmp_path):
    mrr = _history(tmp_path / "history.csv", settle=0.975)
    assert 0.95 < np.median(mrr[6:]) < 0.99  # 1.5% under the first: inside BELOW_FIRST
    s = verdict(tmp_path)
    assert s.verdict != "overfit", (s.verdict, s.summary)
