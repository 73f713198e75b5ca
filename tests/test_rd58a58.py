"""Reader kinds named by the blind labellers of sets 149-154 (opened at stop 58), each failing on the stop's start
code. CSV files are written with Python's csv writer or pandas, as the scripts wrote them; printed logs in each
program's exact printed format (small, hand-written from its print/logging call)."""
from __future__ import annotations

import csv
import math

import pandas as pd

from _runs import run_points, runs_points


def _falling(n: int, a: float, b: float) -> list[float]:
    return [round(a + (b - a) * i / max(1, n - 1), 4) for i in range(n)]


# ---------------------------------------------------------------- 150: daart's metrics.csv


def test_daart_batch_count_and_per_dataset_rows(tmp_path):
    """daart's logger writes ``epoch,batch,trial,tr_loss,dataset,best_val_epoch,val_loss``: ``batch`` the batches per
    epoch (one value on every row), and at each validation one row per dataset beside the aggregate (``dataset``
    -1). The batch count was the step (every row at 170) and the per-dataset losses merged into ``val_loss``."""
    run = tmp_path / "version_0"
    run.mkdir()
    train, val = _falling(12, 1.1, 0.4), _falling(12, 0.7, 0.35)
    with open(run / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "batch", "trial", "tr_loss", "dataset", "best_val_epoch", "val_loss"])
        for e in range(12):
            w.writerow([e, 170, -1, train[e], -1, "", ""])
            if e % 3 == 2:
                w.writerow([e, 170, -1, "", -1, float(e), val[e]])
                for k in range(4):  # per-dataset losses, far from the aggregate
                    w.writerow([e, 170, -1, "", k, float(e), val[e] * (1 + k)])
    (points,) = runs_points(tmp_path).values()
    assert points["tr_loss"][0] == list(range(12))
    assert points["val_loss"] == ([2, 5, 8, 11], [val[2], val[5], val[8], val[11]])
    assert "dataset" not in points and "batch" not in points


# ---------------------------------------------------------------- 151: Keras histories saved by pandas


def test_history_index_column_is_the_step(tmp_path):
    """``pd.DataFrame(h.history, index=range(1, 11)).to_csv(f, index_label='history')``: the first column,
    ``history``, counts the epochs 1..10; it was read as a metric series and the row number as the step."""
    loss = _falling(10, 0.086, 0.025)
    df = pd.DataFrame({"loss": loss, "val_loss": _falling(10, 0.077, 0.024)}, index=range(1, 11))
    df.to_csv(tmp_path / "history1.csv", index_label="history")
    (points,) = runs_points(tmp_path).values()
    assert "history" not in points
    assert points["loss"] == (list(range(1, 11)), loss)


def test_constant_version_column_is_no_series(tmp_path):
    """``df.insert(0, 'version', 1); df.to_csv(f)``: a model's version on every row; read as a metric series."""
    df = pd.DataFrame({"version": [1] * 10, "loss": _falling(10, 1.1, 0.2), "val_loss": _falling(10, 0.8, 0.5)})
    df.to_csv(tmp_path / "model_training_history.csv")
    (points,) = runs_points(tmp_path).values()
    assert set(points) == {"loss", "val_loss"}


# ---------------------------------------------------------------- 154: printed tables and logs


def test_two_word_header_names_two_spaces_apart(tmp_path):
    """A table printed with ``f"{'Epoch':<10}{'Train Loss':<15}{'Test Loss':<15}{'Test Accuracy':<15}"`` and rows
    ``f"{e:<10}{tl:<15.4f}{vl:<15.4f}{acc:<15.2f}"``: split on every space the header named 7 columns (``Train``,
    ``Loss``...) over 4 values, the losses read under the wrong names."""
    train, test = _falling(8, 1.03, 0.10), _falling(8, 0.64, 0.30)
    lines = [f"{'Epoch':<10}{'Train Loss':<15}{'Test Loss':<15}{'Test Accuracy':<15}"]
    lines += [f"{e + 1:<10}{train[e]:<15.4f}{test[e]:<15.4f}{0.75 + e / 100:<15.2f}" for e in range(8)]
    (tmp_path / "CNN.txt").write_text("\n".join(lines) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert points["Train_Loss"] == (list(range(1, 9)), train)
    assert points["Test_Loss"][1] == test and "Test_Accuracy" in points
    assert "Loss" not in points and "Train" not in points


def test_model_split_log_of_step_value_lines(tmp_path):
    """A CIFAR model zoo's trainer writes ``f.write('%d,%.5f\\n' % (step, loss))`` to ``<model>-train-log.txt`` and
    the test accuracy per epoch to ``<model>-test-log.txt``, no header: the training log was never read, so the run
    had no loss at all."""
    loss = [round(2.3 * math.exp(-i / 40) + 0.01, 5) for i in range(200)]
    (tmp_path / "ResNet50-train-log.txt").write_text("".join(f"{i + 1},{v:.5f}\n" for i, v in enumerate(loss)))
    (tmp_path / "ResNet50-test-log.txt").write_text("".join(f"{e + 1},{40 + e:.5f}\n" for e in range(20)))
    runs = runs_points(tmp_path)
    losses = [p for pts in runs.values() for t, p in pts.items() if t.endswith("loss")]
    assert losses and losses[0] == (list(range(1, 201)), loss)


def _lightning_log(first: int, last: int, sanity: bool) -> str:
    """A LightningModule's hooks logging through a '%(asctime)s | %(levelname)8s | %(funcName)s:%(lineno)d |
    %(message)s' formatter (eraimagenet154's ``training.log``)."""
    out = []
    if sanity:
        out.append("2025-11-01 20:09:45 |     INFO | on_validation_epoch_end:413 | EPOCH 1 VAL   - Loss: 6.9117, "
                   "Acc: 0.00%, F1: N/A")
    out.append("2025-11-01 20:09:45 |     INFO | on_train_start:162 | Starting Lightning experiment: imagenet")
    for e in range(first, last + 1):
        val, train = round(6.0 - e * 0.05, 4), round(6.4 - e * 0.05, 4)
        out.append(f"2025-11-01 20:13:52 |     INFO | on_validation_epoch_end:413 | EPOCH {e} VAL   - Loss: {val}, "
                   f"Acc: {e:.2f}%, F1: N/A")
        out.append(f"2025-11-01 20:13:53 |     INFO | on_train_epoch_end:383 | EPOCH {e} TRAIN - Loss: {train}, "
                   f"Acc: {e - 1:.2f}%, F1: N/A")
    return "\n".join(out) + "\n"


def test_logger_source_lines_are_no_series(tmp_path):
    """``| INFO | on_train_epoch_end:383 | EPOCH 1 TRAIN - Loss: ..``: the function name and source line that the
    logging format prints were read as a series ``on_train_epoch_end`` = 383, and the TRAIN and VAL losses of an
    epoch averaged into one ``Loss``."""
    (tmp_path / "training.log").write_text(_lightning_log(1, 12, sanity=False))
    (points,) = runs_points(tmp_path).values()
    assert not any(t.startswith("on_") for t in points)
    assert points["Loss"][1] == [round(6.4 - e * 0.05, 4) for e in range(1, 13)]
    assert points["val_Loss"][1] == [round(6.0 - e * 0.05, 4) for e in range(1, 13)]


def test_log_files_named_by_chained_epoch_ranges_are_one_run(tmp_path):
    """A training resumed at epoch 13 logged into ``training-13-20.log`` beside ``training-01-12.log``: two runs
    before, each half judged alone."""
    (tmp_path / "training-01-12.log").write_text(_lightning_log(1, 12, sanity=True))
    (tmp_path / "training-13-20.log").write_text(_lightning_log(13, 20, sanity=False))
    runs = runs_points(tmp_path)
    assert len(runs) == 1
    (points,) = runs.values()
    assert points["Loss"][0] == list(range(1, 21))


def test_log_files_with_ranges_that_do_not_chain_stay_apart(tmp_path):
    """Two trainings named by their epoch ranges, the second from epoch 1 again: two runs."""
    (tmp_path / "training-01-12.log").write_text(_lightning_log(1, 12, sanity=False))
    (tmp_path / "training-13-20.log").write_text(_lightning_log(1, 8, sanity=False))
    assert len(runs_points(tmp_path)) == 2


def test_lightning_sanity_check_line_is_left_out(tmp_path):
    """``num_sanity_val_steps``: the validation hook prints ``EPOCH 1 VAL - Loss: 6.9117, Acc: 0.00%`` before any
    training line, then epoch 1's real validation line: both were points of step 1."""
    (tmp_path / "training.log").write_text(_lightning_log(1, 12, sanity=True))
    (points,) = runs_points(tmp_path).values()
    assert points["val_Loss"][0] == list(range(1, 13))
    assert points["val_Loss"][1][0] == round(6.0 - 0.05, 4)
