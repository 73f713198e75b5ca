"""readers53b: CSV/JSON columns and lines read wrongly (stop 53, development runs of sets 122 and 124).

- a headerless loss log whose lines each end with the separator (public deeprdd122 ``loss_curve.csv``) was not read;
- ``Current Epoch`` (public stnet122 ``learning_curve.csv``) was a metric series, the row number the step;
- counters beside the step column (``epoch_number``, ``global_step``, ``minibatch``; public germanart124
  ``training_stats.csv``'s ``epoch,step``) are axes: the epoch kept as the run's ``epoch``, the others no series;
- a closing text line after a CSV table (public gnnslim122 ``losses.csv``) was reported as a file cut short;
- validation lists shorter than the training lists of a JSON history (public bikemoto124 ``training_history.json``:
  19 beside 20) were placed at epochs 0..18 without a word.
"""
from __future__ import annotations

import csv
import json

import numpy as np
import pandas as pd

from loganalyzer import discover
from test_readers20a import _read, _series


def _falling(n: int, seed: int = 0, start: float = 1.0) -> list[float]:
    rng = np.random.default_rng(seed)
    return [round(float(start * np.exp(-i / (n / 4)) + 0.01 * rng.random()), 4) for i in range(n)]


# ------------------------------------------------------------------ 1. one loss a line, each ending with ','


def test_headerless_loss_lines_ending_with_separator_are_the_loss(tmp_path):
    losses = _falling(120)
    with open(tmp_path / "loss_curve.csv", "w") as f:  # a training loop writing one loss an iteration
        for loss in losses:
            f.write(f"{loss:g},\n")
    assert [r.id for r in discover(str(tmp_path))] == ["loss_curve.csv"]
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    steps, values = _series(df, "loss")
    assert steps == list(range(120)) and values == [round(v, 4) for v in losses]
    assert any("each line ends with its separator" in w for w in warns)


def test_guard_two_numbers_ending_with_separator_stay_unread(tmp_path):
    """Guard (the stop's breaker): two unnamed numbers a line before the separator -- ``loss,acc,`` or
    ``elapsed,loss,`` as often as ``train,val,`` -- are not guessed into a train/val pair; the file is named in a
    line, as before the rule."""
    train, acc = _falling(40, 1), [0.5 + i / 100 for i in range(40)]
    with open(tmp_path / "losses.csv", "w", newline="") as f:
        w = csv.writer(f)
        for a, b in zip(train, acc):
            w.writerow([a, b, ""])  # a trailing empty field on every row
    df, warns = _read(tmp_path)
    assert len(df) == 0 and any("losses.csv" in w for w in warns), warns


def test_guard_one_line_with_trailing_separator_stays_along_the_row(tmp_path):
    losses = _falling(12)
    (tmp_path / "losses.csv").write_text("".join(f"{v}," for v in losses))  # appended one value an epoch
    df, _ = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(12)) and values == [round(v, 4) for v in losses]


def test_guard_unnamed_numbers_in_a_file_not_named_as_a_loss_stay_unread(tmp_path):
    (tmp_path / "values.csv").write_text("".join(f"{v},\n" for v in _falling(50)))
    assert discover(str(tmp_path)) == []


# ------------------------------------------------------------------ 2./3. counters: axes, no series


def test_current_epoch_column_is_the_epoch_axis(tmp_path):
    n = 30
    frame = pd.DataFrame({"Current Epoch": range(n), "Train MAE Loss": _falling(n, 3), "Val MAE Loss": _falling(n, 4),
                          "Val Pearson Corr": np.linspace(-0.06, 0.92, n)})
    frame.to_csv(tmp_path / "learning_curve.csv", index=False)
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"Train MAE Loss", "Val MAE Loss", "Val Pearson Corr"}
    assert _series(df, "Val MAE Loss")[0] == list(range(n))
    assert not any("the row number" in w for w in warns)


def test_current_epoch_starting_at_one_gives_the_steps(tmp_path):
    pd.DataFrame({"Current Epoch": range(1, 11), "loss": _falling(10)}).to_csv(tmp_path / "log.csv", index=False)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"} and _series(df, "loss")[0] == list(range(1, 11))


def test_epoch_number_beside_step_number_is_kept_as_the_epoch(tmp_path):
    rows = [(s, 1 + (s - 1) // 10, v) for s, v in zip(range(1, 41), _falling(40))]
    with open(tmp_path / "train_metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step_number", "epoch_number", "training_loss"])
        w.writerows(rows)
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"epoch", "training_loss"}
    assert _series(df, "epoch") == (list(range(1, 41)), [float(r[1]) for r in rows])
    assert any("'epoch_number' counts the epochs" in w for w in warns)


def test_global_step_beside_step_is_no_series(tmp_path):
    rows = [{"epoch": e, "step": e * 5 + b, "global_step": 100 + e * 5 + b, "loss": v}
            for (e, b), v in zip([(e, b) for e in range(4) for b in range(5)], _falling(20))]
    pd.DataFrame(rows).to_csv(tmp_path / "training_log.csv", index=False)
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"epoch", "loss"}
    assert any("'global_step' count beside the step column" in w for w in warns)


def test_minibatch_within_epoch_is_the_step_in_epoch_major_order(tmp_path):
    losses = _falling(30)
    rows = [{"epoch": e, "minibatch": b, "loss": losses[e * 10 + b]} for e in range(3) for b in range(10)]
    pd.DataFrame(rows).to_csv(tmp_path / "log.csv", index=False)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"loss"}
    steps, values = _series(df, "loss")
    assert steps == list(range(30)) and values == [round(v, 4) for v in losses]


def test_current_iteration_beside_epoch_is_the_step(tmp_path):
    rows = [{"epoch": i // 10, "Current Iteration": i, "loss": v} for i, v in enumerate(_falling(30))]
    pd.DataFrame(rows).to_csv(tmp_path / "log.csv", index=False)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"epoch", "loss"}
    assert _series(df, "loss")[0] == list(range(30))


def test_iteration_counted_within_each_epoch_beside_the_step_is_no_series(tmp_path):
    rows = [{"epoch": e, "iteration": i + 1, "step": e * 8 + i, "loss": v}
            for (e, i), v in zip([(e, i) for e in range(3) for i in range(8)], _falling(24))]
    pd.DataFrame(rows).to_csv(tmp_path / "train_log.csv", index=False)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"epoch", "loss"}
    assert _series(df, "loss")[0] == list(range(24))


def test_guard_epoch_beside_step_stays_the_epoch(tmp_path):
    # public germanart124 training_stats.csv: the epoch counter kept under its name, as Lightning's metrics.csv
    with open(tmp_path / "training_stats.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "step", "training_loss"])
        w.writerows([(1, s, v) for s, v in zip(range(101, 2101, 100), _falling(20))])
    df, warns = _read(tmp_path)
    assert set(df.tag) == {"epoch", "training_loss"}
    assert not any("count" in w for w in warns)


def test_guard_batch_size_column_that_does_not_count_stays_a_series(tmp_path):
    rows = [{"step": s, "batch": b, "loss": v} for s, b, v in zip(range(8), [32, 64] * 4, _falling(8))]
    pd.DataFrame(rows).to_csv(tmp_path / "log.csv", index=False)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"batch", "loss"}


def test_guard_current_time_is_no_counter(tmp_path):
    rows = [{"epoch": e, "current_lr": 0.1 / (e + 1), "loss": v} for e, v in enumerate(_falling(6))]
    pd.DataFrame(rows).to_csv(tmp_path / "log.csv", index=False)
    df, _ = _read(tmp_path)
    assert set(df.tag) == {"current_lr", "loss"}


# ------------------------------------------------------------------ 4. a closing text line after the table


def _losses_with_summary(tmp_path, tail: str) -> list[float]:
    losses = _falling(50)
    frame = pd.DataFrame({"Epoch": range(50), "loss": losses, "feat_num": np.linspace(1235.4, 445.0, 50).round(1)})
    path = tmp_path / "losses.csv"
    frame.to_csv(path, index=False)
    with open(path, "a") as f:
        f.write(tail)  # the script's closing print into the same file, no newline after it
    return losses


def test_closing_text_line_is_no_cut_short_row(tmp_path):
    losses = _losses_with_summary(tmp_path, "\nf1 score on testset: 0.7839")
    df, warns = _read(tmp_path)
    steps, values = _series(df, "loss")
    assert steps == list(range(50)) and values == [round(v, 4) for v in losses]
    assert not any("cut short" in w for w in warns)
    assert sum("f1 score on testset" in w for w in warns) == 1


def test_guard_a_last_row_cut_inside_its_numbers_is_still_cut_short(tmp_path):
    _losses_with_summary(tmp_path, "50,0.01")
    df, warns = _read(tmp_path)
    assert _series(df, "loss")[0] == list(range(50))
    assert any("last line is cut short" in w for w in warns)


def test_guard_a_cut_word_under_word_rows_is_still_cut_short(tmp_path):
    rows = "".join(f"train,{e},{v}\n" for e, v in enumerate(_falling(10)))
    (tmp_path / "log.csv").write_text("phase,epoch,loss\n" + rows + "trai")
    _, warns = _read(tmp_path)
    assert any("last line is cut short" in w for w in warns)


# ------------------------------------------------------------------ 5. shorter validation lists of a JSON history


def _history(tmp_path, history: dict) -> tuple:
    with open(tmp_path / "training_history.json", "w") as f:
        json.dump(history, f)
    return _read(tmp_path)


def test_one_validation_value_fewer_stays_at_its_indices_said(tmp_path):
    """bikemoto124: 19 validation values beside 20 epochs; the file does not say which epoch had none, so they stay
    where they were (a breaker's concatenated histories showed the end is no safe guess), and a line says so."""
    df, warns = _history(tmp_path, {"train_loss": _falling(20), "train_acc": list(np.linspace(0.95, 0.999, 20)),
                                    "val_loss": _falling(19, 5, 0.05), "val_acc": list(np.linspace(0.98, 0.99, 19))})
    assert _series(df, "train_loss")[0] == list(range(20))
    assert _series(df, "val_loss")[0] == list(range(19))
    assert sum("'val_loss', 'val_acc' hold 19 values beside 20" in w and "own indices" in w for w in warns) == 1


def test_validation_freq_not_dividing_the_epochs(tmp_path):
    # Keras fit(epochs=20, validation_freq=3) validates after epochs 3, 6, .., 18: six values (0-based 2, 5, .., 17)
    df, warns = _history(tmp_path, {"loss": _falling(20), "val_loss": _falling(6, 6)})
    assert _series(df, "val_loss")[0] == [2, 5, 8, 11, 14, 17]
    assert any("validation_freq=3" in w for w in warns)


def test_validation_epochs_listed_in_the_file_place_it(tmp_path):
    df, _ = _history(tmp_path, {"loss": _falling(20), "val_loss": _falling(4, 6), "val_epochs": [0, 5, 10, 15]})
    assert _series(df, "val_loss")[0] == [0, 5, 10, 15]


def test_validation_every_k_epochs_as_keras_validation_freq(tmp_path):
    # Keras fit(epochs=20, validation_freq=5) validates after epochs 5, 10, 15, 20 (0-based 4, 9, 14, 19)
    df, warns = _history(tmp_path, {"loss": _falling(20), "accuracy": list(np.linspace(0.5, 0.9, 20)),
                                    "val_loss": _falling(4, 6), "val_accuracy": [0.6, 0.7, 0.8, 0.85]})
    assert _series(df, "val_loss")[0] == [4, 9, 14, 19]
    assert any("validation_freq=5" in w for w in warns)


def test_guard_equal_lengths_unchanged(tmp_path):
    df, warns = _history(tmp_path, {"loss": _falling(10), "val_loss": _falling(10, 7)})
    assert _series(df, "val_loss")[0] == list(range(10))
    assert not any("beside" in w for w in warns)


def test_guard_per_batch_losses_beside_per_epoch_lists_unchanged(tmp_path):
    # public cifar10nn110: batch_losses per batch, train/test accuracies per epoch: not this rule's
    df, _ = _history(tmp_path, {"batch_losses": _falling(300), "train_accuracies": list(np.linspace(0.3, 0.9, 3)),
                                "test_accuracies": [0.4, 0.6, 0.7]})
    assert _series(df, "test_accuracies")[0] == [0, 1, 2]
