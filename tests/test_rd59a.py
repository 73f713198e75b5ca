"""Reader kinds named by the blind labellers of sets 155 (generative models) and 158 (scientific/medical), opened at
stop 59, each failing on the stop's start code. Files are written with the writer the project used (pickle, csv,
json) or in the program's exact printed format (small, hand-written from its print call)."""
from __future__ import annotations

import pickle

import loganalyzer

from _runs import runs_points


def _falling(n: int, a: float, b: float) -> list[float]:
    return [round(a + (b - a) * i / max(1, n - 1), 4) for i in range(n)]


# ---------------------------------------------------------------- 158: a Keras history pickled with no suffix


def test_keras_history_pickled_without_suffix(tmp_path):
    """field-boundary-delineation pickles ``history.history`` to ``<uuid>-UNet5-history`` (no suffix): the folder was
    'no run'; a text file named ``history`` stays a text file."""
    run = tmp_path / "planet"
    run.mkdir()
    hist = {"loss": _falling(20, 0.49, 0.19), "accuracy": _falling(20, 0.77, 0.92),
            "val_loss": _falling(20, 0.21, 0.12), "val_accuracy": _falling(20, 0.93, 0.95)}
    with open(run / "bb3947f8-11d4-11ed-894f-02420a0001a1-UNet5-history", "wb") as f:
        pickle.dump(hist, f)
    (points,) = runs_points(tmp_path).values()
    assert points["val_loss"] == (list(range(20)), hist["val_loss"])
    assert points["loss"][1] == hist["loss"]
    (one,) = loganalyzer.discover(str(run / "bb3947f8-11d4-11ed-894f-02420a0001a1-UNet5-history"))  # given directly
    assert one.format == "keras_pickle"
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "history").write_text("epoch 1 loss 0.9\n")
    assert not any(r.format == "keras_pickle" for r in loganalyzer.discover(str(tmp_path / "text")))


# ---------------------------------------------------------------- 155: a JSON history saved under a .csv name


def test_json_history_named_csv(tmp_path):
    """A DDPM course project ``json.dump``s its history dict to ``<time>-Logs.csv``: 'its header names no step, epoch
    or loss column', nothing read. A dict of per-epoch lists is read as the JSON it is, whatever the suffix."""
    import json

    hist = {"epochs": list(range(30)), "loss": _falling(30, 47.6, 14.0), "val_loss": _falling(30, 24.8, 13.9),
            "fid_scores": _falling(30, 26.1, 3.85)}
    (tmp_path / "2024-12-02_06-09-33-Logs.csv").write_text(json.dumps(hist))
    (points,) = runs_points(tmp_path).values()
    assert points["val_loss"] == (list(range(30)), hist["val_loss"])
    assert points["loss"][1] == hist["loss"] and "epochs" not in points


# ---------------------------------------------------------------- 155: headerless 'Loss, x' rows


def test_headerless_named_value_rows(tmp_path):
    """An RBM writes ``f.write(f"Loss, {loss:f}\\n")`` once an epoch to ``loss.csv``: no header, no step -- 'no column
    is named like a loss', nothing read. Every row naming the same one value: the row's number is its epoch."""
    losses = _falling(12, 10.43, 2.6)
    with open(tmp_path / "loss.csv", "w") as f:
        for loss in losses:
            f.write(f"Loss, {loss:f}\n")
    (points,) = runs_points(tmp_path).values()
    assert points == {"loss": (list(range(1, 13)), losses)}
    (tmp_path / "loss.csv").write_text("".join(f"{n}, {v:f}\n" for n, v in zip("ab" * 6, losses)))
    assert not any("loss" in p or "a" in p for p in runs_points(tmp_path).values())  # two names: not this shape


# ---------------------------------------------------------------- 155: ComboGAN's per-domain loss lists


def test_combogan_domain_lists(tmp_path):
    """ComboGAN's ``print_current_errors`` prints each loss as a list of one value per domain, ``D: a, b, c, d | G:
    .. | Cyc: .. |`` after CycleGAN's parenthesis: the loss_log.txt was read as nothing."""
    cyc = _falling(6, 0.09, 0.01)
    lines = ["================ Training Loss (Fri Jun 21 05:19:51 2024) ================"]
    for i in range(6):
        epoch, iters = i // 3 + 1, (i % 3 + 1) * 100
        lines.append(f"(epoch: {epoch}, iters: {iters}, time: 0.291) D: 0.111, 0.105, 0.111, 0.130 | "
                     f"G: 0.146, 0.150, 0.159, 0.144 | Cyc: {cyc[i]:.3f}, 0.037, 0.054, 0.042 | ")
    (tmp_path / "loss_log.txt").write_text("\n".join(lines) + "\n")
    (points,) = runs_points(tmp_path).values()
    assert points["loss_Cyc_0"] == ([100, 200, 300, 400, 500, 600], cyc)
    assert points["loss_D_3"][1] == [0.13] * 6
    assert {t for t in points if t.startswith("loss_G_")} == {"loss_G_0", "loss_G_1", "loss_G_2", "loss_G_3"}


# ---------------------------------------------------------------- 158: a term NaN at every log beside a finite total


def _verdict(path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        (run,) = loganalyzer.analyze(str(path), config=False).runs
    return run


def test_all_nan_term_beside_finite_total_is_no_series(tmp_path):
    """PINN_project's ``training_history.csv`` logs ``other_loss`` as the mean over an empty mask, nan in every row,
    beside a falling ``total_loss``: a finite total never summed it, so the run is judged on the total, not `nan`.
    With no total beside it (a plain ``loss``) the term stays a broken objective (`nan`)."""
    import math

    import pandas as pd

    total = _falling(21, 2.2, 0.01)
    frame = pd.DataFrame({"step": [1] + list(range(100, 2001, 100)), "total_loss": total,
                          "type_loss": [t / 3 for t in total], "axis_loss": [t / 4 for t in total],
                          "other_loss": [math.nan] * 21})
    (tmp_path / "a").mkdir()
    frame.to_csv(tmp_path / "a" / "training_history.csv", index=False, na_rep="nan")  # as its csv.writer writes it
    run = _verdict(tmp_path / "a")
    assert run.verdict == "healthy" and run.roles["train_loss"] == "total_loss"
    (tmp_path / "b").mkdir()  # no total beside it: the term may be part of what is judged, the run `nan` as before
    frame.rename(columns={"total_loss": "loss"}).to_csv(tmp_path / "b" / "training_history.csv", index=False, na_rep="nan")
    assert _verdict(tmp_path / "b").verdict == "nan"


# ---------------------------------------------------------------- 158: a bare `loss` beside `train_loss`


def test_bare_loss_beside_train_loss_is_validation(tmp_path):
    """satellite-geospatial writes ``{"epoch": e, "train_loss": tl, **evaluate(...)}`` rows, ``evaluate`` returning
    ``{"loss": .., "iou": .., "dice": ..}``: ``epoch,train_loss,loss,iou,dice``. The bare ``loss`` is the evaluation's
    loss (the validation role); it was a second training loss and the run had no validation loss."""
    import csv

    train, val = _falling(12, 0.74, 0.1), [0.5, 0.35, 0.3, 0.27, 0.26, 0.27, 0.29, 0.32, 0.35, 0.38, 0.41, 0.45]
    with open(tmp_path / "training_history.csv", "w", newline="") as f:
        w = csv.DictWriter(f, ["epoch", "train_loss", "loss", "iou", "dice"])
        w.writeheader()
        for e in range(12):
            w.writerow({"epoch": e + 1, "train_loss": train[e], "loss": val[e], "iou": 0.7, "dice": 0.8})
    run = _verdict(tmp_path)
    assert run.roles.get("val_loss") == "loss" and run.roles["train_loss"] == "train_loss"
    assert run.verdict == "overfit"
