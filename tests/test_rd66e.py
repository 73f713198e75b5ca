"""Reader faults of opened sets named by their labellers (stop 66, rd66e), each a kind:

- a k-fold script's per-metric one-row CSVs (kdflair201: ``list_{train,val}_{loss,acc,f1}_fold0.csv``, each
  ``csv.writer(f).writerow(values)``, one line of 50 numbers, CRLF): the fold's number after the loss word kept the
  files from being named as one series, so nothing was read ("one-row 50-number CSVs not read").
"""
from __future__ import annotations

import csv

import numpy as np
import torch

from _runs import public_run, read_resolved, series_by_step, tiny_history, verdict


def _write_row(path, values) -> None:
    with open(path, "w", newline="") as f:  # kdflair201's writer: one row, csv's own '\r\n'
        csv.writer(f).writerow(values)


def test_per_metric_one_row_csvs_of_a_fold_are_one_run_along_the_row(tmp_path):
    h = tiny_history(40)
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
    h = tiny_history(40)
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


def _qm9_style_log(path, epochs: int = 4, batches: int = 6, percent: bool = False) -> list[float]:
    """A log printed with veile/QM9_Molecule_Prediction ``main.py``'s own print formats (its legend, the bare
    ``[epoch, entry] loss`` lines, ``Epoch no N finished``, ``Validation error after epoch N is: x``) by a tiny
    classifier trained for real; the validation errors (the criterion summed over the validation batches)."""
    torch.manual_seed(0)
    x, y = torch.randn(96, 10), torch.randint(0, 3, (96,))
    model = torch.nn.Linear(10, 3)
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    criterion = torch.nn.CrossEntropyLoss()
    lines, errors = ["----Training begun----", "[Epoch, Entry] - Loss"], []
    for epoch in range(epochs):
        for i in range(batches):
            xb, yb = x[i * 8:(i + 1) * 8], y[i * 8:(i + 1) * 8]
            loss = criterion(model(xb), yb)
            opt.zero_grad()
            loss.backward()
            opt.step()
            lines.append('[%d, %5d]      %.3f' % (epoch + 1, i + 1, loss.item()))
        lines.append("Epoch no %i finished" % (epoch + 1))
        with torch.no_grad():
            error = sum(criterion(model(x[48 + j * 8:56 + j * 8]), y[48 + j * 8:56 + j * 8]).item() for j in range(6)) / 6
        errors.append(round(error, 3))
        lines.append(("Validation error after epoch %i is: %.1f%%" % (epoch + 1, 100 * error)) if percent
                     else ("Validation error after epoch %i is: %.3f" % (epoch + 1, error)))
    lines += ["Finished Training", "Saving model to ./QM9_net.pth"]
    path.write_text("\n".join(lines) + "\n")
    return errors


def test_validation_error_lines_beside_a_training_loss_are_the_validation_loss(tmp_path):
    errors = _qm9_style_log(tmp_path / "gpu-1.out")
    df, warned = read_resolved(tmp_path)
    steps, values = series_by_step(df, "val_loss")
    assert values == errors and steps == [6, 12, 18, 24]  # each after its epoch's last training line
    assert (df.tag == "loss").sum() == 24
    assert any("'<split> error [after epoch N] is: <number>'" in w for w in warned)


def test_a_validation_error_rate_is_no_loss(tmp_path):
    _qm9_style_log(tmp_path / "gpu-1.out", percent=True)  # '.. is: 104.2%': a rate's unit, not this shape
    df, _ = read_resolved(tmp_path)
    assert "val_loss" not in set(df.tag) and (df.tag == "loss").sum() == 24


def test_public_qm9unet187_validation_read():
    df, _ = read_resolved(public_run("qm9unet187__gpu-5806682"))
    steps, values = series_by_step(df, "val_loss")
    assert len(values) == 10 and values[0] == 1.048 and values[-1] == 1.047
