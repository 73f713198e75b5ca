"""Validation series that took no role because their tag names two splits (dev sets 223-228, opened at stop 70).

- ``val training loss`` beside ``train training loss`` (public fercnn227: ``SummaryWriter.add_scalar(f"{phase}
  training loss", ..)``): both overfitting runs (clear) were `healthy` 0.88 on accuracy alone.
- ``test/val`` beside ``test/test`` or alone (public sdfinetune228, Stable Diffusion fine-tune sweeps): the
  validation loss of the ``test/`` section rising 40% after step 400 was never read.
Written with torch's SummaryWriter, as the real runs were (``curves_markerconflict``).
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import verdict  # noqa: E402

from loganalyzer.curves_names import _describe  # noqa: E402


def _write(log_dir: Path, series: dict) -> None:
    from torch.utils.tensorboard import SummaryWriter

    writer = SummaryWriter(log_dir=str(log_dir))
    for tag, points in series.items():
        for step, value in points:
            writer.add_scalar(tag, float(value), int(step))
    writer.close()


def test_markers_of_two_split_tags():
    assert _describe("", "val training loss", 0, 1).marker == "val"
    assert _describe("", "train training loss", 0, 1).marker == "train"
    assert _describe("", "test/val", 0, 1).marker == "val"
    assert _describe("", "test/test", 0, 1).marker == "test"
    assert _describe("", "eval/train", 0, 1).marker == "train"
    # no shape says which: still a conflict (no role)
    assert _describe("", "train_val_loss", 0, 1).marker == "conflict"
    assert _describe("", "train/val_loss", 0, 1).marker == "conflict"


def test_phase_named_training_loss_is_judged_as_the_validation(tmp_path):
    rng = np.random.default_rng(1)
    steps = np.arange(5, 23200, 390)
    t = steps / steps[-1]
    train = 0.015 * np.exp(-3 * t) + rng.normal(0, 2e-4, len(t))
    val = 0.0116 + 0.012 * (t - 0.22) ** 2 + rng.normal(0, 2e-4, len(t))  # best near 22%, +80% at the end
    acc_train, acc_val = 0.35 + 0.55 * t, 0.50 + 0.03 * np.minimum(t, 0.3)
    _write(tmp_path / "fer_cnn", {"train training loss": zip(steps, train), "val training loss": zip(steps, val),
                                  "train accuracy": zip(steps, acc_train), "val accuracy": zip(steps, acc_val)})
    run = verdict(tmp_path / "fer_cnn")
    assert run.roles["val_loss"] == "val training loss"
    assert run.roles["train_loss"] == "train training loss"
    assert run.verdict == "overfit"


def test_split_leaf_of_a_test_section_is_the_validation(tmp_path):
    rng = np.random.default_rng(2)
    train = [(s, 0.05 * np.exp(-s / 3000) + 0.004 + abs(rng.normal(0, 0.02))) for s in range(0, 10000, 5)]
    ev = np.arange(100, 10001, 100)
    val = 0.0574 + 0.028 * np.clip((ev - 400) / 9600, 0, None) ** 0.7 + rng.normal(0, 0.0006, len(ev))
    _write(tmp_path / "long_lr_sweep", {"loss/train": train, "test/val": zip(ev, val)})
    run = verdict(tmp_path / "long_lr_sweep")
    assert run.roles["val_loss"] == "test/val"  # a loss in [0, 1] ending above its first: no score climbing
    assert run.verdict == "overfit"

    test = 0.11 - 0.008 * ev / 10000 + rng.normal(0, 0.0005, len(ev))
    _write(tmp_path / "with_test", {"loss/train": train, "test/val": zip(ev, val), "test/test": zip(ev, test)})
    assert verdict(tmp_path / "with_test").roles["val_loss"] == "test/val"


def test_selection_split_loss_is_the_validation(tmp_path):
    """``sel_loss`` (public mikapneu227's per-fold history, written row by row with pandas as the script did)."""
    import pandas as pd

    assert _describe("", "sel_loss", 0, 1).marker == "val"
    assert _describe("", "epoch_sel_End_to_end_1_epoch_sel_DEBUG - epoch_train_loss", 0, 1).marker == "train"
    train = [1.906, 1.369, 1.203, 1.071, 0.985, 0.902, 0.843, 0.791]
    sel = [0.823, 0.769, 0.752, 0.739, 0.781, 0.829, 0.841, 0.826]
    rows = [{"fold": 0, "seed": 0, "epoch": e + 1, "train_loss": t, "train_loc_loss": t / 2, "sel_loss": s,
             "sel_auc": 0.85 + 0.005 * min(e, 4), "lr": 1e-4, "sec": 274.4, "is_best": int(s <= min(sel[:e + 1]))}
            for e, (t, s) in enumerate(zip(train, sel))]
    path = tmp_path / "p5_head_em_f0" / "history_f0_s0.csv"
    path.parent.mkdir()
    pd.DataFrame(rows).to_csv(path, index=False)
    run = verdict(path)
    assert run.roles["val_loss"] == "sel_loss"
    assert run.verdict == "overfit"
