"""Stop 27 (verdict27c): the stall/underfit boundary.

domain.md: stalled is a loss that "barely moves from its initial value for the whole run"; underfit is one that
"does decrease but flattens out high". Two rules read that boundary on the logged values:

- ``verdict_stall._early_fall`` (kept fall): a loss whose first log lies >= 1.2x its end level, reached by the second
  log, with no later log back up at the first value, learned, then plateaued: not `stalled` but `underfit` (public
  dev: crypto-thesis bilstm, capsnet, birdmlip v9, labelled `underfit`, were `stalled`).
- ``verdict_nofall.never_fell``: an `underfit` whose main loss ended at or above its first logged value (below
  1.5x), no stall refuted by the other series, is `stalled` (public dev: autoapi v5, solarwgan v2, labelled
  `stalled`, were `underfit`).
- ``verdict_stall._accuracy_learned``: a `stalled` label beside an accuracy whose end level lies >= 50 points above
  its first log is refuted: `healthy` (public dev: ddtrail v1, a diffusion fine-tune labelled `healthy`, was
  `stalled` 0.99; no labelled-`stalled` run's accuracy rose more than 35 points).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import one_thread, verdict  # noqa: E402,F401

import loganalyzer.verdict_stall as stall_module  # noqa: E402
import loganalyzer.verdict_accclimb as accclimb_module  # noqa: E402
import loganalyzer.verdict_second as verdict_second  # noqa: E402
from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.discover import discover  # noqa: E402
from loganalyzer.features import run_features  # noqa: E402
from loganalyzer.load import load_run  # noqa: E402
from loganalyzer.verdict_nofall import never_fell  # noqa: E402
from loganalyzer.verdict_refine import refine  # noqa: E402

F = torch.nn.functional


def _noisy_offset(path: Path, *, offset: float = 0.2, epochs: int = 40) -> list[float]:
    """A linear regression, zero-initialised, on a target that is mostly noise (std 0.32) around an offset of 0.2:
    the first epoch learns the offset (mean MSE ~0.125), after which only the noise (~0.10) is left. Adam 1e-2,
    minibatches of 32; writes ``epoch,train_loss,val_loss`` per epoch (a user's CSV); returns the training losses."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)

    def data(m):
        x = torch.randn(m, 8, generator=g)
        return x, offset + 0.05 * x[:, 0:1] + 0.32 * torch.randn(m, 1, generator=g)

    x, y = data(512)
    xv, yv = data(256)
    model = torch.nn.Linear(8, 1)
    torch.nn.init.zeros_(model.weight)
    torch.nn.init.zeros_(model.bias)
    opt = torch.optim.Adam(model.parameters(), lr=1e-2)
    losses = []
    with open(path / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss"])
        for epoch in range(epochs):
            perm, total = torch.randperm(512), 0.0
            for i in range(0, 512, 32):
                idx = perm[i:i + 32]
                loss = F.mse_loss(model(x[idx]), y[idx])
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * len(idx)
            losses.append(total / 512)
            with torch.no_grad():
                w.writerow([epoch, losses[-1], F.mse_loss(model(xv), yv).item()])
    return losses


def _drifting_target(path: Path, *, epochs: int = 44) -> list[float]:
    """A small tanh MLP, SGD 3e-4 on batches of 4, on pure-noise targets whose mean creeps up 0.02 an epoch: nothing
    to learn, and the too-small steps never catch the drift, so the loss ends above where it started. Writes
    ``epoch,train_loss,val_loss``; returns the training losses."""
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    opt = torch.optim.SGD(model.parameters(), lr=3e-4)
    losses = []
    with open(path / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["epoch", "train_loss", "val_loss"])
        for epoch in range(epochs):
            total = 0.0
            for _ in range(16):
                x, y = torch.randn(4, 8, generator=g), torch.randn(4, 1, generator=g) + 0.02 * epoch
                loss = F.mse_loss(model(x), y)
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item()
            losses.append(total / 16)
            with torch.no_grad():
                x, y = torch.randn(64, 8, generator=g), torch.randn(64, 1, generator=g) + 0.02 * epoch
                w.writerow([epoch, losses[-1], F.mse_loss(model(x), y).item()])
    return losses


def _curves_features(path: Path):
    (run,) = discover(path)
    curves = find_curves(load_run(run).scalars, x_hint="epoch")
    return curves, run_features(curves)


def test_a_fall_in_the_first_epoch_kept_then_flat_is_underfit_not_stalled(tmp_path, monkeypatch):
    losses = _noisy_offset(tmp_path)
    assert losses[0] >= 1.2 * losses[-1] and max(losses[1:]) < losses[0]  # fell at once, never back up
    with monkeypatch.context() as m:
        m.setattr(stall_module, "EARLY_KEPT", float("inf"))
        assert verdict(tmp_path).verdict == "stalled"  # before the rule: the model's stall stood
    run = verdict(tmp_path)
    assert run.verdict == "underfit" and run.analysis.confidence <= 0.6, run.analysis.summary
    (note,) = [f for f in run.analysis.findings if f.kind == "possible_stalled"]
    assert "in its first logs, then flattened" in note.message and "train_loss" in note.message, note.message


def test_a_fall_that_comes_back_up_to_the_first_value_is_no_kept_fall(tmp_path):
    """A noisy loss that touches its first value again later: the early drop was noise, not learning kept."""
    losses = _noisy_offset(tmp_path)
    path = tmp_path / "metrics.csv"
    rows = list(csv.reader(open(path)))
    rows[30][1] = str(losses[0] * 1.01)  # one later log back above the first
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(rows)
    curves, _ = _curves_features(tmp_path)
    assert stall_module._early_fall(curves.train_loss) is None


def test_an_underfit_label_on_a_loss_that_never_fell_is_a_stall(tmp_path):
    losses = _drifting_target(tmp_path)
    assert losses[-1] > losses[0]  # nothing learned: the loss ends above where it started
    curves, f = _curves_features(tmp_path)
    flat = never_fell(f, curves)
    assert flat is not None and flat.end >= flat.first, flat
    # a learned model that leans underfit on such a run is overruled, with the logged values quoted
    label, confidence, method, note, _ = refine("underfit", 0.6, "model", None, f, curves)
    assert (label, method) == ("stalled", "rules") and confidence <= 0.55
    assert "never fell" in note.message and "at its first log" in note.message and "lowest logged" in note.message
    assert verdict(tmp_path).verdict == "stalled"


def test_a_loss_that_fell_then_flattened_keeps_its_underfit(tmp_path):
    _noisy_offset(tmp_path)
    curves, f = _curves_features(tmp_path)
    assert never_fell(f, curves) is None
    assert refine("underfit", 0.6, "model", None, f, curves)[0] == "underfit"


def _classifier_with_noise_head(path: Path) -> list[tuple[float, float]]:
    """An MLP with two heads: 4-class blobs (cross-entropy) and a regression head on pure-noise targets (std 5,
    MSE, nothing to learn). The logged ``train/loss`` is their sum, dominated by the noise term (~25), so it barely
    moves while ``train/acc`` climbs from guessing to ~0.96 -- like a diffusion fine-tune's noise loss at its floor
    beside an auxiliary accuracy. Adam 3e-4, batches of 32, a log every 4 steps (the mean over those steps)."""
    torch.manual_seed(0)
    from _runs import blobs, mlp
    x, y = blobs(4096, seed=1, spread=1.2)
    g = torch.Generator().manual_seed(3)
    model = mlp(8, 32, 5)
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    logged = []
    with open(path / "metrics.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["step", "train/loss", "train/acc"])
        total, right, seen = 0.0, 0, 0
        for step in range(1, 401):
            idx = torch.randint(0, 4096, (32,), generator=g)
            out = model(x[idx])
            loss = F.cross_entropy(out[:, :4], y[idx]) + F.mse_loss(out[:, 4], 5.0 * torch.randn(32, generator=g))
            opt.zero_grad()
            loss.backward()
            opt.step()
            total, right, seen = total + loss.item() * 32, right + (out[:, :4].argmax(1) == y[idx]).sum().item(), \
                seen + 32
            if step % 4 == 0:
                logged.append((total / seen, right / seen))
                w.writerow([step, *logged[-1]])
                total, right, seen = 0.0, 0, 0
    return logged


def test_a_flat_loss_beside_an_accuracy_that_rose_50_points_is_no_stall(tmp_path, monkeypatch):
    logged = _classifier_with_noise_head(tmp_path)
    assert logged[0][1] < 0.5 and logged[-1][1] > 0.9  # the classifier really learned
    assert abs(logged[-1][0] / logged[0][0] - 1) < 0.1  # while the logged total barely moved
    with monkeypatch.context() as m:
        m.setattr(stall_module, "ACC_LEARNED", float("inf"))
        m.setattr(accclimb_module, "GAIN", float("inf"))  # (stop 70's steady-climb rule takes it too)
        m.setattr(verdict_second, "load_second_model", lambda: None)  # (which reads it healthy too)
        assert verdict(tmp_path).verdict == "stalled"  # before the rule
    run = verdict(tmp_path)
    assert run.verdict == "healthy" and run.analysis.confidence <= 0.6, run.analysis.summary
    (note,) = [f for f in run.analysis.findings if f.kind == "possible_stalled"]
    assert "`train/acc` rose from" in note.message and "points): the model learns" in note.message, note.message
