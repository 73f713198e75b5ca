"""Reader faults of opened sets named by their labellers (stop 66, rd66e), each a kind:

- a k-fold script's per-metric one-row CSVs (kdflair201: ``list_{train,val}_{loss,acc,f1}_fold0.csv``, each
  ``csv.writer(f).writerow(values)``, one line of 50 numbers, CRLF): the fold's number after the loss word kept the
  files from being named as one series, so nothing was read ("one-row 50-number CSVs not read").
"""
from __future__ import annotations

import csv

import numpy as np
import torch

from _runs import public_run, read_resolved, series_by_step, tiny_epochs, verdict


def _history(epochs: int, seed: int = 0) -> dict[str, list[float]]:
    """loss, acc, val_loss, val_acc per epoch of a tiny linear classifier trained for real."""
    torch.manual_seed(seed)
    x = torch.randn(96, 10)
    y = (x[:, 0] + 0.8 * torch.randn(96) > 0).long()
    rows = list(tiny_epochs(x, y, epochs, lr=0.5))
    return {k: [r[i] for r in rows] for i, k in enumerate(("loss", "acc", "val_loss", "val_acc"))}


def _write_row(path, values) -> None:
    with open(path, "w", newline="") as f:  # kdflair201's writer: one row, csv's own '\r\n'
        csv.writer(f).writerow(values)


def test_per_metric_one_row_csvs_of_a_fold_are_one_run_along_the_row(tmp_path):
    h = _history(40)
    for split, prefix in (("train", ""), ("val", "val_")):
        _write_row(tmp_path / f"list_{split}_loss_fold0.csv", h[prefix + "loss"])
        _write_row(tmp_path / f"list_{split}_acc_fold0.csv", h[prefix + "acc"])
        _write_row(tmp_path / f"list_{split}_f1_fold0.csv", [a / 70 for a in h[prefix + "acc"]])
    df, warned = read_resolved(tmp_path)
    assert set(df.tag) == {"train_loss", "val_loss", "train_acc", "val_acc", "train_f1", "val_f1"}
    assert df.dir.nunique() == 1  # one run, not six
    steps, values = series_by_step(df, "val_loss")
    assert steps == list(range(40)) and np.allclose(values, h["val_loss"])
    assert np.allclose(series_by_step(df, "train_acc")[1], h["acc"])
    assert any("one line of 40 numbers in a file named as one series ('list_train_loss_fold0')" in w for w in warned)


def test_a_number_after_the_loss_word_that_names_no_fold_stays_unread(tmp_path):
    h = _history(40)
    _write_row(tmp_path / "train_loss_40.csv", h["loss"])  # 40 what? no fold/seed/run word: not one series
    df, warned = read_resolved(tmp_path)
    assert len(df) == 0 and any("one line of 40 numbers" in w for w in warned)


def test_public_kdflair201_folds_read_and_overfit():
    for name in ("kdflair201__baseline-resnet18-fold0", "kdflair201__kd-size-mobilenet-mobilenet-fold0"):
        path = public_run(name)
        df, _ = read_resolved(path)
        assert {"train_loss", "val_loss", "val_acc"} <= set(df.tag)
        assert (df.tag == "val_loss").sum() == 50
        run = verdict(path)
        assert run.verdict == "overfit", run.summary
