"""Stop 66: a validation loss "rising" at tiny values while the validation accuracy holds its ceiling is no
overfitting (``verdict_ceiling``).

The public open clear `healthy` gbsys866197 proto_omniglot_nt5_kt20_nv5 (ProtoNet on Omniglot: val_loss 0.088 ->
0.0038 at epoch 19, then 0.005-0.098; 5-way accuracy 0.968 -> 1.0, 0.998 at the last) was `overfit` 0.55 on a
"417% higher" median after its best. The files here are that program's log: oscarknagg/few-shot's
``few_shot.callbacks.CSVLogger``, a ``csv.DictWriter`` whose columns are ``epoch`` then the sorted metric keys
(``categorical_accuracy, loss, lr, val_5-shot_5-way_acc, val_loss`` in the public file), one row per epoch; the
values follow the public run's course (training falling smoothly, validation evaluated on a few hundred queries:
one wrong query moves its loss by ~0.01 and its accuracy by 0.002-0.003).
"""
from __future__ import annotations

import csv
import math

from loganalyzer.scan import scan


def _fewshot_csv(path, val_acc, val_loss, epochs: int = 40) -> None:
    """Write ``path/run.csv`` as few-shot's CSVLogger does: DictWriter, fieldnames ``['epoch'] + sorted(keys)``."""
    path.mkdir()
    rows = [{"epoch": e, "loss": 0.02 + 0.33 * math.exp(-(e - 1) / 4), "categorical_accuracy":
             0.993 - 0.093 * math.exp(-(e - 1) / 4), "lr": 0.001, "val_5-shot_5-way_acc": val_acc[e - 1],
             "val_loss": val_loss[e - 1]} for e in range(1, epochs + 1)]
    with open(path / "run.csv", "w", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=["epoch"] + sorted(k for k in rows[0] if k != "epoch"))
        writer.writeheader()
        writer.writerows(rows)


# the public run's validation course, rounded: a best of 0.0038 at epoch 19, 0.005-0.098 after it
_VAL_LOSS = [0.088, 0.058, 0.058, 0.017, 0.055, 0.020, 0.042, 0.054, 0.032, 0.018, 0.013, 0.020, 0.036, 0.010, 0.011,
             0.015, 0.019, 0.069, 0.0038, 0.020, 0.009, 0.018, 0.031, 0.042, 0.0049, 0.031, 0.052, 0.0059, 0.016,
             0.0063, 0.045, 0.013, 0.023, 0.019, 0.050, 0.034, 0.012, 0.098, 0.037, 0.0048]
_VAL_ACC = [0.968, 0.984, 0.986, 0.994, 0.982, 0.994, 0.986, 0.988, 0.988, 0.994, 0.992, 0.992, 0.990, 0.998, 0.996,
            0.994, 0.994, 0.984, 1.0, 0.996, 0.996, 0.998, 0.998, 0.986, 0.998, 0.994, 0.992, 0.998, 0.996, 0.998,
            0.992, 0.994, 0.996, 0.994, 0.990, 0.988, 0.994, 0.996, 0.994, 0.998]


def _judged(tmp_path, name, val_acc, val_loss):
    _fewshot_csv(tmp_path / name, val_acc, val_loss)
    (run,) = scan([tmp_path / name]).runs
    return run


def test_a_tiny_noisy_validation_loss_beside_an_accuracy_at_its_ceiling_is_healthy(tmp_path):
    run = _judged(tmp_path, "omniglot", _VAL_ACC, _VAL_LOSS)
    assert run.verdict == "healthy", run.analysis.summary
    assert any("the task is solved" in f.message for f in run.analysis.findings)


def test_the_same_loss_beside_an_accuracy_that_never_improved_is_not_called_solved(tmp_path):
    # a multi-label tagger's per-label accuracy, the same at every epoch (the public fmastack189 first_stage-model-3)
    # (an accuracy frozen at one value is judged by ``verdict_flatacc``'s one-answer check: not this one's healthy)
    run = _judged(tmp_path, "flat_acc", [0.9984] * 40, _VAL_LOSS)
    assert run.verdict != "healthy", run.analysis.summary
    assert not any("the task is solved" in f.message for f in run.analysis.findings)


def test_the_same_loss_beside_an_accuracy_that_gave_back_stays_overfit(tmp_path):
    # the accuracy peaks at 1.0 with the loss's best, then sits 2-3 points lower: predictions got worse
    acc = _VAL_ACC[:19] + [a - 0.025 for a in _VAL_ACC[19:]]
    run = _judged(tmp_path, "gave_back", acc, _VAL_LOSS)
    assert run.verdict == "overfit", run.analysis.summary
