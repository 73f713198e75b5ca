"""Stop 60, mend60: guards on the stop's new reader rules against the breaker's regressions (/work/s60/brk), each
input small and hand-written from the format its writer prints; each assert fails on mg60 (35e7e54d)."""
from __future__ import annotations

import csv
import math

import numpy as np

import loganalyzer
from _runs import runs_points


def _curve(i: float, a: float = 2.5, b: float = 0.3) -> float:
    return b + (a - b) * math.exp(-0.15 * i)


# ---------------------------------------------------------------- R1: slurmstepd's message glued mid-number


_CANCEL = "slurmstepd: error: *** JOB 4451 ON gpu07 CANCELLED AT 2024-03-01T12:00:01 DUE TO TIME LIMIT ***\n"


def test_value_cut_by_the_slurm_message_is_no_point(tmp_path):
    """``Epoch 13 | loss 1slurmstepd: ..``: the job was killed while printing 8.5; ``1`` was read as epoch 13's loss.
    The field the message is glued to is dropped, the fields before it stay."""
    lines = [f"Epoch {e} | loss {_curve(e, 25, 8):.4f} | val_loss {_curve(e, 26, 9):.4f}" for e in range(1, 13)]
    text = "\n".join(lines) + "\nEpoch 13 | loss 1" + _CANCEL
    (tmp_path / "slurm-4451.out").write_text(text)
    (run,) = runs_points(tmp_path).values()
    assert run["loss"][0] == list(range(1, 13)), run["loss"]
    assert min(run["loss"][1]) > 8


def test_fields_before_the_glued_one_stay(tmp_path):
    """llm.c's ``step 7/19560 | loss 2.9 (+0.00z)| norm 0.5`` cut inside ``norm``: step 7's loss is read, its cut
    norm is not."""
    lines = [f"step {s:4d}/19560 | loss {_curve(s):8.6f} (+0.00z)| norm 0.5000 (+0.00z)| lr 8.57e-07 | 3914.05 ms"
             for s in range(1, 7)]
    text = "\n".join(lines) + f"\nstep    7/19560 | loss {_curve(7):8.6f} (+0.00z)| norm 0.4" + _CANCEL
    (tmp_path / "gpt2_train.1.log").write_text(text)
    (run,) = runs_points(tmp_path).values()
    assert run["loss"][0] == list(range(1, 8))
    assert run["norm"][0] == list(range(1, 7))


# ---------------------------------------------------------------- R2: two models' split pairs in one folder


def _loss_csv(path, start: float) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "loss"])
        for e in range(12):
            w.writerow([e, round(_curve(e, start, 0.1), 4)])


def test_two_models_split_pairs_in_one_folder_are_two_runs(tmp_path):
    """``ResNet_TrainLoss.csv`` + ``ResNet_ValLoss.csv`` beside ``VGG_TrainLoss.csv`` + ``VGG_ValLoss.csv`` (and the
    snake_case names): both pairs share the folder as their path, and the second was dropped as a run met twice."""
    for sub, (tr, va) in (("camel", ("TrainLoss", "ValLoss")), ("snake", ("train_loss", "val_loss"))):
        d = tmp_path / sub
        d.mkdir()
        for model, a in (("ResNet", 1.5), ("VGG", 1.8)):
            _loss_csv(d / f"{model}_{tr}.csv", a)
            _loss_csv(d / f"{model}_{va}.csv", a + 0.15)
        report = loganalyzer.analyze(d)
        assert sorted(r.run for r in report.runs) == ["ResNet", "VGG"], [r.run for r in report.runs]


# ---------------------------------------------------------------- W3: rows of one epoch's batch losses each


def test_rows_of_epochs_batch_losses_are_no_folds(tmp_path):
    """``np.savetxt('train_loss.csv', np.array(epoch_batch_losses), delimiter=',')``: a row per epoch, each row's
    level below the one before; the folds' mean read them as a 40-epoch curve."""
    rows = [[0.2 + 2.4 * math.exp(-0.012 * (e * 40 + b)) for b in range(40)] for e in range(6)]
    np.savetxt(tmp_path / "train_loss.csv", np.array(rows), delimiter=",", fmt="%.6f")
    assert runs_points(tmp_path) == {}


def test_rows_of_folds_still_read(tmp_path):
    """Folds of one cross-validation start at one level: still read as their mean."""
    rows = [[_curve(e, 2.5 + 0.05 * k, 0.3) for e in range(20)] for k in (0, 2, 1, 3, 2)]
    np.savetxt(tmp_path / "FSRCNN_Train_Loss.csv", np.array(rows), delimiter=", ", fmt="%.6f")
    (run,) = runs_points(tmp_path).values()
    assert run["train_loss"][0] == list(range(20))


# ---------------------------------------------------------------- W4: a cross-validation summary after training


def _cv_log(label: bool) -> str:
    lines = [f"Epoch {e}/20 - loss: {_curve(e, 1.1, 0.05):.4f} - acc: {0.5 + e * 0.02:.4f}" for e in range(1, 21)]
    lines.append("Cross-validation summary:")
    for k in range(1, 6):
        lines.append(("Fold %d: " % k if label else "  ") + f"Train Loss: {0.2 + 0.01 * k:.4f}, "
                     f"Val Loss: {0.3 + 0.02 * (k % 3):.4f}")
    lines.append("Mean Val Loss: 0.3400")
    return "\n".join(lines) + "\n"


def test_cross_validation_summary_is_no_second_run(tmp_path):
    """Five ``Fold k: Train Loss: x, Val Loss: y`` lines (or the same without the label) after a 20-epoch training
    were a second run of 5 "epochs"."""
    for label in (True, False):
        d = tmp_path / str(label)
        d.mkdir()
        (d / "train.log").write_text(_cv_log(label))
        runs = runs_points(d)
        assert len(runs) == 1, list(runs)
        (run,) = runs.values()
        assert run["loss"][0] == list(range(1, 21))


# ---------------------------------------------------------------- W9: an evaluate-then-train loop's last evaluation


def test_last_evaluation_of_an_eval_first_loop_is_kept(tmp_path):
    """``val_loss: .. val_acc: ..`` BEFORE each ``Epoch e/7 train_loss: ..``; after epoch 7 the trained weights'
    evaluation adds ``val_f1``: it was dropped as an after-training summary."""
    lines = []
    for e in range(7):
        lines.append(f"val_loss: {_curve(e, 1.3, 0.3):.4f} val_acc: {0.5 + 0.03 * e:.4f}")
        lines.append(f"Epoch {e + 1}/7 train_loss: {_curve(e + 1, 1.2, 0.2):.4f}")
    lines.append(f"val_loss: {_curve(7, 1.3, 0.3):.4f} val_acc: 0.7700 val_f1: 0.7500")
    (tmp_path / "out.log").write_text("\n".join(lines) + "\n")
    (run,) = runs_points(tmp_path).values()
    assert len(run["val_loss"][0]) == 8 and run["val_loss"][0][-1] == 7, run["val_loss"]
    assert run["val_loss"][1][-1] == round(_curve(7, 1.3, 0.3), 4)
