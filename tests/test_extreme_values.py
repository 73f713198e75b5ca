"""Losses that span more than 308 decades between two logs (a float's whole range): ratios of them overflow Python's
``10 ** x`` (OverflowError), which once ended the whole scan with a traceback (found by perf7's random-cell CSVs).
Every such run gets a verdict and readable text."""
from __future__ import annotations

import csv
import warnings

import loganalyzer


def _write(path, rows):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss", "val_loss"])
        w.writerows(rows)


def _scan(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return loganalyzer.analyze(path, config=False).runs


def test_validation_1e310_times_the_training_loss_is_a_finding_not_a_crash(tmp_path):
    _write(tmp_path / "log.csv", [(e, 1e-300 * 0.8 ** e, 1e10 * 0.9 ** e) for e in range(12)])
    (run,) = _scan(tmp_path)
    (mismatch,) = [f for f in run.analysis.findings if f.kind == "mismatch"]
    assert mismatch.message.startswith("validation loss was 1e310x the training loss")


def test_a_loss_climbing_through_the_whole_float_range_is_judged(tmp_path):
    _write(tmp_path / "log.csv", [(e, float(f"1e{31 * e - 300}"), float(f"1e{31 * e - 300}")) for e in range(11)])
    (run,) = _scan(tmp_path)
    assert run.verdict == "diverged", run.analysis.summary


def test_validation_rising_more_than_e709_after_its_best_is_judged(tmp_path):
    """``math.expm1`` of a natural-log ratio past 709.8 overflows (found by fuzzing printed logs)."""
    val = [1.0, 0.5, 1e-300, 1e10, 2e10, 3e10, 4e10, 5e10]
    _write(tmp_path / "log.csv", [(e, 1.0 / (e + 1), v) for e, v in enumerate(val)])
    (run,) = _scan(tmp_path)
    assert run.verdict in ("overfit", "diverged"), run.analysis.summary
