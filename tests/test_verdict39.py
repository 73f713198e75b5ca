"""Verdict kinds from stop 39's opened sets (70-73), each on a run made here.

- a model ending in ``nn.Softmax`` trained with ``nn.CrossEntropyLoss``: its loss cannot go below ln(e + k - 1) - 1
  (0.7437 for 4 classes) however well it classifies -- public eegdec67 was `stalled` 0.98 at that floor with accuracy
  0.998;
- a ``valid`` column of fractions climbing 0 -> 0.9 beside a GAN's losses is a score, not the validation loss
  (thesisgan71 was `overfit`);
- a world model's reward-prediction cross-entropy that fell 0.65 -> 7e-4 beside a ``reward_rate`` is a proper loss,
  not a policy-gradient surrogate around 0 (neuralgame73 was `stalled` on its reward);
- a 43-class classifier whose first logged loss (186, an unscaled first batch) blew up: no language model's
  vocabulary-sized start; its training accuracy flat at 0.39 beside a validation accuracy creeping to 0.21 is
  `underfit` (carnd71 was `healthy`).
"""
from __future__ import annotations

import csv
import math

import numpy as np
import torch

from loganalyzer.scan import scan


def _scan_one(path):
    (r,) = scan([path]).runs
    return r


def _train_4class(logdir, softmax: bool, lr: float = 0.02) -> float:
    """An MLP on 4 separable classes, one point an epoch (128 batches): it learns within the first epoch. With
    ``softmax`` its head ends in ``nn.Softmax`` before ``cross_entropy`` (the double softmax). The last epoch's loss."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x = torch.randn(4096, 8)
    y = (x[:, 0] > 0).long() * 2 + (x[:, 1] > 0).long()  # 4 classes, pulled apart by a margin
    x[:, :2] += 3 * torch.sign(x[:, :2])
    head = [torch.nn.Softmax(1)] if softmax else []
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 4), *head)
    opt = torch.optim.Adam(model.parameters(), lr)
    writer = SummaryWriter(str(logdir))
    for epoch in range(30):
        total, right = 0.0, 0
        for i in range(0, len(x), 32):
            out = model(x[i:i + 32])
            loss = torch.nn.functional.cross_entropy(out, y[i:i + 32])
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += loss.item()
            right += int((out.argmax(1) == y[i:i + 32]).sum())
        writer.add_scalar("train_loss", total / 128, epoch)
        writer.add_scalar("train_acc", right / len(x), epoch)
    writer.close()
    return total / 128


def test_a_softmax_before_cross_entropy_converges_at_its_floor_not_a_stall(tmp_path):
    last = _train_4class(tmp_path / "run", softmax=True)
    floor = math.log(math.e + 3) - 1
    assert abs(last - floor) < 0.002 * floor  # the run as a user has it: at the floor, accuracy ~1
    r = _scan_one(tmp_path / "run")
    assert r.verdict == "healthy", r.summary
    text = " ".join(f.message for f in r.analysis.findings)
    assert "softmax" in text and "4 classes" in text, text


def test_a_sibling_without_the_extra_softmax_does_not_make_it_underfit(tmp_path):
    """eegdec67: version_1 at the floor 0.7437 beside version_11 (softmax removed) at 0.0014 was `underfit` "536x
    the loss its sibling reached": the two losses are not the same function."""
    _train_4class(tmp_path / "lightning_logs" / "version_0", softmax=True)
    _train_4class(tmp_path / "lightning_logs" / "version_1", softmax=False, lr=3e-4)  # a similar first epoch
    runs = {r.run.rsplit("/", 1)[-1]: r for r in scan([tmp_path]).runs}
    assert runs["version_1"].verdict == "healthy", runs["version_1"].summary
    assert runs["version_0"].verdict == "healthy", runs["version_0"].summary


def _write_csv(path, header, rows):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def test_a_rising_fraction_named_by_its_split_is_no_validation_loss(tmp_path):
    rng = np.random.default_rng(1)
    n = 400
    disc = 0.69 * np.exp(-np.arange(n) / 30) + 0.03 + 0.01 * rng.random(n)
    gen = 0.3 * np.sin(np.arange(n) / 7) + 0.2 * rng.standard_normal(n)
    valid = np.clip(0.9 * (1 - np.exp(-np.arange(n) / 80)) + 0.03 * rng.standard_normal(n), 0, 1)
    _write_csv(tmp_path / "gan" / "losses.csv", ["disc_loss", "gen_loss", "valid"],
               [[f"{a:.5f}", f"{b:.5f}", f"{c:.3f}"] for a, b, c in zip(disc, gen, valid)])
    r = _scan_one(tmp_path / "gan")
    assert r.verdict != "overfit", r.summary
    assert "valid" not in (r.analysis.evidence.get("val_series") or ""), r.analysis.evidence


def test_a_loss_that_fell_to_near_zero_beside_a_reward_is_judged_as_a_loss(tmp_path):
    rng = np.random.default_rng(2)
    n = 600
    ce = 0.65 * np.exp(-np.arange(n) / 40) + 7e-4 * (1 + 0.2 * rng.random(n))
    rate = (rng.random(n) < 0.005).astype(float)
    _write_csv(tmp_path / "wm" / "training_history.csv", ["ce_reward_loss", "reward_rate"],
               [[f"{a:.6g}", f"{b:.0f}"] for a, b in zip(ce, rate)])
    r = _scan_one(tmp_path / "wm")
    assert r.verdict == "healthy", r.summary
    assert r.analysis.evidence.get("objective") != "rl", r.analysis.evidence


def test_a_blown_up_first_batch_is_no_vocabulary_and_flat_low_training_accuracy_is_underfit(tmp_path):
    rng = np.random.default_rng(3)
    rows, n = [], 150
    for i in range(n):
        t = i / n
        train_loss = 186.3 if i == 0 else 2.1 + 1.6 * math.exp(-i / 8) + 0.05 * rng.standard_normal()
        train_acc = 0.39 * (1 - math.exp(-i / 12)) + 0.01 * rng.standard_normal()
        val_loss = 2.7 + 1.2 * math.exp(-i / 20) + 0.1 * rng.standard_normal()
        val_acc = 0.01 + 0.2 * t + 0.03 * rng.standard_normal()
        rows.append([i * 10240, f"{train_loss:.4f}", f"{train_acc:.4f}", f"{val_loss:.4f}", f"{max(val_acc, 0):.4f}"])
    _write_csv(tmp_path / "signs" / "train_log.csv",
               ["step", "train_loss", "train_accuracy", "validation_loss", "validation_accuracy"], rows)
    r = _scan_one(tmp_path / "signs")
    assert r.verdict == "underfit", r.summary
    assert "could not fit even its training data" in r.summary, r.summary
