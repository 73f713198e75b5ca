"""Mends of what stop 55's breakers found in the stop's new readers (brk_pr, brk_tab), each failing on the start:

- a Torch7 ``optim.Logger`` ``test.log`` one or two rows shorter than its ``train.log`` (a job killed after
  ``train()`` but before ``test()`` of its last epoch): the test series stayed at its own counter, 2 steps late;
- LAVIS-style JSON-lines evaluation dicts: a counter key (``val_epoch``, a bare ``epoch``) was read as a series;
"""
from __future__ import annotations

import json

from _runs import read_resolved, series_by_step


def _curve(n: int, start: float, end: float) -> list[float]:
    return [round(start + (end - start) * (i / (n - 1)) ** 0.5, 4) for i in range(n)]


# ---------------------------------------------------------------- Torch7 optim.Logger test.log killed short


def _logger_file(path, names: list[str], rows: list[list]) -> None:
    """torch/optim ``Logger.lua``: each name then a TAB, each value ``%11.4e`` (or ``tostring``) then a TAB."""
    with open(path, "w") as f:
        f.write("".join(n + "\t" for n in names) + "\n")
        for row in rows:
            f.write("".join((v if isinstance(v, str) else "%11.4e" % v) + "\t" for v in row) + "\n")


def _torch7_pair(tmp_path, n_train: int, n_test: int, train_rows=None):
    cost, test = _curve(n_train, 1.008, 0.678), [1.004, 1.003, 1.003, 1.002, 0.825, 0.783, 0.810, 0.871][:n_test]
    _logger_file(tmp_path / "train.log", ["Cost function value"], [[c] for c in (train_rows or cost)])
    _logger_file(tmp_path / "test.log", ["1", "2", "epoch: % fSumTest: % fMinTest: %"],
                 [[repr(t), repr(min(test[:i + 1])), float(i + 2)] for i, t in enumerate(test)])
    return test


def test_torch7_test_log_killed_before_last_test(tmp_path):
    """8 training rows, tests of epochs 2..8 (7 rows): row i of each file is the same epoch, tests at 0..6."""
    test = _torch7_pair(tmp_path, 8, 7)
    df, _ = read_resolved(tmp_path)
    steps, got = series_by_step(df, "test_fSumTest")
    assert steps == list(range(7)) and got == test


def test_torch7_test_log_per_iteration_training_keeps_its_counter(tmp_path):
    """Guard: a ``train.log`` of one row an iteration (80 rows) says nothing of the test rows' epochs."""
    _torch7_pair(tmp_path, 80, 8)
    df, _ = read_resolved(tmp_path)
    steps, _ = series_by_step(df, "test_fSumTest")
    assert steps == list(range(2, 10))


# ---------------------------------------------------------------- LAVIS JSON-lines evaluation dicts' counters


def _lavis_log(path, evals: list[dict]) -> list[float]:
    """salesforce/LAVIS ``RunnerBase.log_stats``: ``json.dumps({f"train_{k}": v})`` of the MetricLogger's
    ``"{:.3f}"`` strings, then ``json.dumps`` of the split's evaluation dict, one line each."""
    losses = _curve(len(evals), 0.912, 0.429)
    with open(path, "w") as f:
        for loss, ev in zip(losses, evals):
            f.write(json.dumps({"train_lr": "0.001", "train_loss": f"{loss:.3f}"}) + "\n")
            f.write(json.dumps(ev) + "\n")
    return losses


def test_lavis_eval_counters_are_no_series(tmp_path):
    acc = _curve(10, 0.5, 0.77)
    _lavis_log(tmp_path / "log.txt", [{"val_acc": a, "val_epoch": e} for e, a in enumerate(acc)])
    df, _ = read_resolved(tmp_path / "log.txt")
    assert "val_epoch" not in set(df.tag)
    steps, got = series_by_step(df, "val_acc")
    assert got == acc and len(steps) == 10
    # a bare counter beside the split's keys: the line is still read, the counter is not
    _lavis_log(tmp_path / "log2.txt", [{"val_acc": a, "epoch": e, "val_iters": 100 * e} for e, a in enumerate(acc)])
    df, _ = read_resolved(tmp_path / "log2.txt")
    assert {"epoch", "val_iters", "val_epoch"}.isdisjoint(set(df.tag))
    assert series_by_step(df, "val_acc")[1] == acc


def test_lavis_eval_metrics_kept(tmp_path):
    """Guard: the evaluation's metrics (unimernet136's shape) are all still series; its ``best`` key is not."""
    bleu = _curve(10, 0.005, 0.095)
    _lavis_log(tmp_path / "log.txt", [{"eval_bleu": b, "eval_edit_distance": 0.5, "eval_best_iters": 1000}
                                      for b in bleu])
    df, _ = read_resolved(tmp_path / "log.txt")
    assert series_by_step(df, "eval_bleu")[1] == bleu
    assert "eval_edit_distance" in set(df.tag) and "eval_best_iters" not in set(df.tag)
