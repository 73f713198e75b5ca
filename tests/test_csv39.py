"""csv39: CSV logs read wrongly on opened set 71, fixed by kind.

- headerless numeric CSVs whose values say which column is a loss (``readers/_unnamed_cols.py``): DeepDA's
  ``np.savetxt('train_log.csv', [[clf, transfer, total], ...], delimiter=',', fmt='%.6f')`` (public paddy-da, CV_DA:
  before, "what each column is cannot be known", nothing read); ``epoch, train, valid`` rows whose two losses cross
  (public dogbreed ``training_stats.csv``) stay unread: a loss crosses its gradient norm, a learning rate or an error
  rate the same way (a breaker's logs);
- ``Epoch,Percentage,Loss`` logged 50 times an epoch (public comp551_project03 ``losses.csv``): ``Percentage`` was a
  series;
- ``Epochs(/10),Loss`` (public Shakespeare-In-Your-Service ``loss.csv``): the step column was a series and the row
  number the step.
"""
from __future__ import annotations

import numpy as np
import pytest

from loganalyzer.discover import discover

from _runs import read_resolved, series_by_step  # noqa: E402


def _falling(n: int, start: float, end: float, seed: int, noise: float = 0.02) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return end + (start - end) * np.exp(-np.arange(n) / (n / 5)) * (1 + noise * rng.normal(size=n))


def _deepda_log(path, clf, transfer) -> np.ndarray:
    """DeepDA's main.py: ``log.append([clf.avg, transfer.avg, total.avg])`` then ``np.savetxt(...)`` every epoch."""
    log = np.c_[clf, transfer, clf + transfer]
    np.savetxt(path, np.array(log, dtype=float), delimiter=",", fmt="%.6f")
    return np.round(log, 6)


def test_deepda_total_beside_its_terms_is_the_loss(tmp_path):
    path = tmp_path / "train_log.csv"
    log = _deepda_log(path, _falling(20, 0.46, 0.001, 0), _falling(20, 0.037, 0.014, 1))
    assert len(discover(str(tmp_path))) == 1
    df, msgs = read_resolved(path)
    assert set(df.tag.astype(str)) == {"col1", "col2", "loss"}
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(20)) and values == pytest.approx(log[:, 2], abs=1e-6)
    assert series_by_step(df, "col2")[1] == pytest.approx(log[:, 1], abs=1e-6)
    said = [m for m in msgs if "no header line" in m]
    assert len(said) == 1 and "train_log.csv" in said[0] and "read as col1,col2,loss" in said[0]
    assert not any("row number (from 0) is the step" in m for m in msgs)  # one line, not two


def test_deepda_negative_adversarial_term_five_rows(tmp_path):
    """CV_DA: an adversarial transfer loss below zero, 5 epochs; the total is still the sum, and falls."""
    path = tmp_path / "train_log.csv"
    log = _deepda_log(path, np.array([3.178473, 2.013482, 1.525336, 1.210040, 0.996583]),
                      np.array([-0.093687, -0.188220, -0.260205, -0.321367, -0.369717]))
    df, _msgs = read_resolved(path)
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(5)) and values == pytest.approx(log[:, 2], abs=1e-6)
    assert values[0] == pytest.approx(3.084786)


def test_five_column_total_in_a_log_named_csv(tmp_path):
    """A fork logging four terms and their total, with an epoch counter, in ``daan_log.csv`` (``_numeric_csv``)."""
    path = tmp_path / "daan_log.csv"
    terms = [_falling(12, s, s / 10, k) for k, s in enumerate((1.2, 0.3, 0.05, 0.2))]
    total = np.round(terms[0], 6) + np.round(terms[1], 6) + np.round(terms[2], 6) + np.round(terms[3], 6)
    with open(path, "w") as fh:
        for e in range(12):
            fh.write(",".join([str(e + 1)] + [f"{t[e]:.6f}" for t in terms] + [f"{total[e]:.6f}"]) + "\n")
    df, msgs = read_resolved(path)
    assert set(df.tag.astype(str)) == {"col2", "col3", "col4", "col5", "loss"}
    steps, values = series_by_step(df, "loss")
    assert steps == list(range(1, 13)) and values == pytest.approx(total, abs=2e-6)


@pytest.mark.parametrize("rows", [
    # times per epoch: data + compute = total, the first epoch slower (warm-up), no fall to 70%
    [[0.5 + 0.01 * (i % 3), 2.0 + 0.02 * (i % 2), 2.5 + 0.01 * (i % 3) + 0.02 * (i % 2)] for i in range(10)],
    # counts: correct + wrong = total
    [[40.0 + i, 60.0 - i, 100.0] for i in range(10)],
    # times with a slow first epoch (a breaker's log): the total falls once, 120.6 -> ~14.6, then holds
    [[40.1, 80.5, 120.6]] + [[3.36 + 0.01 * (i % 3), 11.21 + 0.02 * (i % 2), 14.57 + 0.01 * (i % 3) + 0.02 * (i % 2)]
                             for i in range(9)],
])
def test_sums_that_are_no_loss_stay_unread(tmp_path, rows):
    path = tmp_path / "train_log.csv"
    np.savetxt(path, np.array(rows), delimiter=",", fmt="%.6f")
    df, _msgs = read_resolved(path)
    assert "loss" not in set(df.tag.astype(str))


def _stats(path, a, b) -> None:
    with open(path, "w") as fh:
        for e, (x, y) in enumerate(zip(a, b), 1):
            fh.write(f"{e}, {x:.6f}, {y:.6f}\n")


@pytest.mark.parametrize("second", ["valid", "grad_norm", "cosine_lr", "error_pct"])
def test_two_falling_columns_that_cross_stay_unread(tmp_path, second):
    """``epoch, train, valid`` (dogbreed) cross as a loss and its grad norm, a cosine learning rate that never holds a
    value, or a train/val error-rate pair do: from the values alone the loss cannot be known."""
    path = tmp_path / "training_stats.csv"
    n = 40
    loss = _falling(n, 3.74, 0.12, 0) if second != "cosine_lr" else _falling(n, 0.064, 0.005, 0)
    other = {"valid": _falling(n, 2.18, 0.36, 1), "grad_norm": _falling(n, 5.36, 0.25, 2),
             "cosine_lr": 0.05 * (1 + np.cos(np.pi * np.arange(n) / n)) + 1e-4,
             "error_pct": _falling(n, 58.7, 20.2, 3)}[second]
    if second == "error_pct":
        loss = _falling(n, 69.2, 4.8, 4)
    _stats(path, loss, other)
    df, msgs = read_resolved(path)
    assert not {"loss", "val_loss"} & set(df.tag.astype(str)), (second, set(df.tag.astype(str)))


@pytest.mark.parametrize("second", ["error", "lr"])
def test_a_loss_beside_what_does_not_cross_it_stays_unread(tmp_path, second):
    """A loss and an error rate (both fall, never cross) or a learning rate: which is the loss cannot be known."""
    path = tmp_path / "training_stats.csv"
    loss = _falling(30, 2.3, 0.3, 0)
    other = _falling(30, 0.8, 0.1, 1) if second == "error" else 0.01 * 0.9 ** np.arange(30)
    _stats(path, loss, other)
    df, _msgs = read_resolved(path)
    assert not {"loss", "val_loss"} & set(df.tag.astype(str))


def test_a_validation_split_file_is_not_named_from_its_values(tmp_path):
    path = tmp_path / "validation_stats.csv"
    _stats(path, _falling(30, 3.0, 0.1, 0), _falling(30, 2.0, 0.4, 1))
    df, _msgs = read_resolved(path)
    assert not {"loss", "val_loss"} & set(df.tag.astype(str))


def test_percentage_of_the_epoch_is_no_series(tmp_path):
    """comp551 ``losses.csv``: ``Epoch,Percentage,Loss``, 50 rows an epoch (0.0, 2.0 ... 98.0)."""
    path = tmp_path / "losses.csv"
    loss = _falling(500, 2.3, 0.08, 0, noise=0.1)
    with open(path, "w") as fh:
        fh.write("Epoch,Percentage,Loss\n")
        for i, v in enumerate(loss):
            fh.write(f"{i // 50 + 1},{2.0 * (i % 50)},{v}\n")
    df, msgs = read_resolved(path)
    assert "Percentage" not in set(df.tag.astype(str))
    steps, values = series_by_step(df, "Loss")
    assert steps == list(range(500)) and values == pytest.approx(loss)
    assert sum("'Percentage' climbs within each epoch" in m for m in msgs) == 1


def test_a_percentage_that_is_a_metric_stays_a_series(tmp_path):
    """An accuracy in percent named ``percent`` beside per-batch rows does not climb within every epoch: kept."""
    path = tmp_path / "losses.csv"
    rng = np.random.default_rng(0)
    with open(path, "w") as fh:
        fh.write("Epoch,Percent,Loss\n")
        for i in range(60):
            fh.write(f"{i // 10 + 1},{50 + 40 * rng.random():.2f},{2.0 / (1 + i):.4f}\n")
    df, _msgs = read_resolved(path)
    assert "Percent" in set(df.tag.astype(str))


def test_step_column_named_with_its_scale(tmp_path):
    """Shakespeare ``loss.csv``: ``Epochs(/10),Loss``, 1..500."""
    path = tmp_path / "loss.csv"
    loss = _falling(500, 3.2454, 1.046, 0)
    with open(path, "w") as fh:
        fh.write("Epochs(/10),Loss\n")
        for i, v in enumerate(loss, 1):
            fh.write(f"{i},{v:.4f}\n")
    df, msgs = read_resolved(path)
    assert set(df.tag.astype(str)) == {"Loss"}
    steps, values = series_by_step(df, "Loss")
    assert steps == list(range(1, 501)) and values == pytest.approx(np.round(loss, 4), abs=1e-9)
    assert not any("row number" in m for m in msgs)
