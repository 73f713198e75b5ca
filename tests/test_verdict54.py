"""Verdict kinds of the sets opened at stop 54 (125-130), each failing on the stop's start code, with guards:

- a classifier that learned in its first logs, then collapsed past where it started and stayed there, its validation
  accuracy falling to chance (ml2022yyr127, labelled `diverged` clearly: 600 classes, loss 5.59 -> 4.99 -> 6.39 =
  ln 600 at the warm-up's peak and flat to step 150k, accuracy 0.07 -> 0.002): `stalled` 0.98, because its best lay
  in the first 5% of the run;
- a loss that fell 10% in its first epochs to the chance level and did not move after (tomatoleaf126 efficientnet,
  labelled `stalled` clearly: 2.671 -> 2.396 = ln 11 from epoch 4 to 20): `underfit`, "the loss fell a steady 10%".
"""
from __future__ import annotations

import json
import math

import torch
from torch.utils.tensorboard import SummaryWriter

from _runs import verdict

F = torch.nn.functional


def _task(k: int, n: int = 2000, d: int = 32, seed: int = 0):
    torch.manual_seed(seed)
    w = torch.randn(d, k)
    x, xv = torch.randn(n, d), torch.randn(500, d)
    return x, (x @ w).argmax(1), xv, (xv @ w).argmax(1)


def _collapse_run(path, broken_from: int | None, epochs: int = 80, k: int = 50) -> list[tuple[float, float]]:
    """A 50-class MLP trained for real (Adam 3e-3, four passes before its first log), logged per epoch to TensorBoard
    as ``Loss/train``, ``Loss/valid`` and ``Accuracy/valid``. From epoch ``broken_from`` on, the data pipeline
    shuffles the training labels apart from their inputs every epoch (and the rate goes to 0.03): the model forgets
    what it learned and sits near the guessing level. Returns (train loss, val accuracy) per epoch."""
    x, y, xv, yv = _task(k)
    model = torch.nn.Sequential(torch.nn.Linear(32, 64), torch.nn.ReLU(), torch.nn.Linear(64, k))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    w = SummaryWriter(str(path))
    out = []
    for epoch in range(epochs):
        broken = broken_from is not None and epoch >= broken_from
        if broken and epoch == broken_from:
            for g in opt.param_groups:
                g["lr"] = 0.03
        for _ in range(4 if epoch == 0 else 1):
            yt = y[torch.randperm(len(y))] if broken else y
            for i in range(0, len(y), 200):
                loss = F.cross_entropy(model(x[i:i + 200]), yt[i:i + 200])
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            tl = F.cross_entropy(model(x), yt).item()
            vl = F.cross_entropy(model(xv), yv).item()
            va = (model(xv).argmax(1) == yv).float().mean().item()
        step = (epoch + 1) * 10
        w.add_scalar("Loss/train", tl, step)
        w.add_scalar("Loss/valid", vl, step)
        w.add_scalar("Accuracy/valid", va, step)
        out.append((tl, va))
    w.close()
    return out


def test_learned_then_collapsed_past_its_start_early_in_a_long_run_is_diverged(tmp_path):
    hist = _collapse_run(tmp_path / "run", broken_from=2)
    first, best, last = hist[0][0], min(h[0] for h in hist), hist[-1][0]
    assert best < 0.95 * first and last > 1.1 * first and hist[-1][1] < 0.5 * hist[0][1]  # the shape
    s = verdict(tmp_path / "run")
    assert s.verdict == "diverged", (s.verdict, s.summary)
    assert "past where it started" in s.summary and "`Accuracy/valid`" in s.summary


def test_a_run_that_kept_learning_stays_undiverged(tmp_path):
    hist = _collapse_run(tmp_path / "run", broken_from=None, epochs=40)
    assert hist[-1][0] < hist[0][0]
    s = verdict(tmp_path / "run")
    assert s.verdict not in ("diverged", "stalled"), (s.verdict, s.summary)


def _history(path, k: int, epochs: int, dead: bool, seed: int = 1, lr: float = 6.0, spread: float = 0.6) -> dict:
    """An 11-class MLP trained for real (full-batch SGD at ``lr``), its output biases starting spread (the first epoch's
    loss above ln 11), dumped like Keras' ``history.history`` JSON. ``dead``: the hidden layer's biases start at -20,
    so every ReLU is dead from the first batch and no gradient reaches the inputs (domain.md's dead ReLUs): only the
    output biases learn, down to the class prior's loss ~ ln 11, and nothing moves after."""
    x, y, xv, yv = _task(k, n=1500, d=16, seed=seed)
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.ReLU(), torch.nn.Linear(64, k))
    with torch.no_grad():
        model[2].bias.copy_(torch.randn(k) * spread)
        if dead:
            model[0].bias.fill_(-20.0)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    h = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": []}
    for _ in range(epochs):
        out = model(x)
        loss = F.cross_entropy(out, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():
            h["loss"].append(round(loss.item(), 4))
            h["accuracy"].append(round((out.argmax(1) == y).float().mean().item(), 4))
            h["val_loss"].append(round(F.cross_entropy(model(xv), yv).item(), 4))
            h["val_accuracy"].append(round((model(xv).argmax(1) == yv).float().mean().item(), 4))
    path.write_text(json.dumps(h))
    return h


def test_a_loss_that_stopped_moving_early_near_its_start_is_stalled(tmp_path):
    h = _history(tmp_path / "history.json", 11, 25, dead=True)
    loss = h["loss"]
    assert 0.1 < 1 - loss[-1] / loss[0] < 0.15 and abs(loss[5] - loss[-1]) < 0.01 * loss[0]  # the shape
    s = verdict(tmp_path)
    assert s.verdict == "stalled", (s.verdict, s.summary)


def test_a_loss_falling_slowly_all_run_is_not_stalled(tmp_path):
    h = _history(tmp_path / "history.json", 11, 25, dead=False, lr=0.1)
    loss = h["loss"]
    assert 0.1 < 1 - loss[-1] / loss[0] and loss[5] - loss[-1] > 0.03 * loss[0]  # still falling after its first fifth
    s = verdict(tmp_path)
    assert s.verdict != "stalled", (s.verdict, s.summary)


def test_a_loss_that_fell_further_before_flattening_keeps_the_refusal(tmp_path):
    h = _history(tmp_path / "history.json", 11, 25, dead=True, spread=0.8)  # the same dead net, 16% above its prior
    loss = h["loss"]
    assert 1 - loss[-1] / loss[0] > 0.15  # more than "near its start" (public quoraspam, cafa5: `underfit`)
    s = verdict(tmp_path)
    assert s.verdict != "stalled", (s.verdict, s.summary)


def test_the_models_diverged_on_a_loss_ending_below_its_start_is_held_back():
    """Public gaussmlp v10 (labelled `healthy`): a Gaussian likelihood loss 7.80 at its first log, -1.11 at its
    lowest, 3.97 at its last; the model alone said `diverged` 0.6 (the rules: healthy), though domain.md's diverged
    ends above its starting value."""
    from _runs import public_run

    s = verdict(public_run("gaussmlp__v10"))
    assert s.verdict != "diverged", (s.verdict, s.summary)
    assert any(f.kind == "possible_diverged" for f in s.analysis.findings), s.summary
