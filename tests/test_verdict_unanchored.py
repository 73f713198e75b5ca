"""Stop 28: an `underfit` the learned model leaned to (p < 0.5; 0.56 since stop 29) with nothing that anchors the loss to the task's
floor is `healthy` at that confidence, with a ``possible_underfit`` finding (``verdict_unanchored``, applied last in
``verdict_refine.refine``); an accuracy, a class count, or the rules' own underfit keep it.

The run is really trained here: a small MLP regressing a noisy target (noise variance ~0.55 of the target's), so
its MSE falls ~40% from its first epoch and levels off at the noise -- a level nothing in the log can call high or
low. A Keras-style ``training.log`` (epoch, loss, val_loss[, accuracy]) is written per epoch."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _runs import one_thread  # noqa: E402,F401

from loganalyzer.curves import find_curves  # noqa: E402
from loganalyzer.discover import discover  # noqa: E402
from loganalyzer.features import run_features  # noqa: E402
from loganalyzer.load import load_run  # noqa: E402
from loganalyzer.verdict_refine import refine  # noqa: E402
from loganalyzer.verdict_text import Why  # noqa: E402
from loganalyzer.verdict_unanchored import unanchored_underfit  # noqa: E402


def _train(path: Path, *, accuracy: bool) -> Path:
    """30 epochs of Adam on y = sin(x.w) + noise; ``accuracy``: also log the share of predictions with the right
    sign (a task measure)."""
    torch.manual_seed(0)
    x = torch.randn(1024, 6)
    w = torch.randn(6)
    y = torch.sin(x @ w) + 0.6 * torch.randn(1024)
    xv, yv = x[768:], y[768:]
    x, y = x[:768], y[:768]
    model = torch.nn.Sequential(torch.nn.Linear(6, 16), torch.nn.Tanh(), torch.nn.Linear(16, 1))
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    path.mkdir(parents=True)
    log = path / "training.log"
    with open(log, "w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["epoch", "loss", "val_loss"] + (["accuracy"] if accuracy else []))
        for epoch in range(30):
            total = 0.0
            for b in range(0, 768, 32):
                loss = torch.nn.functional.mse_loss(model(x[b:b + 32]).squeeze(1), y[b:b + 32])
                opt.zero_grad()
                loss.backward()
                opt.step()
                total += loss.item() * 32
            with torch.no_grad():
                pv = model(xv).squeeze(1)
                val = float(torch.nn.functional.mse_loss(pv, yv))
                acc = float(((pv > 0) == (yv > 0)).float().mean())
            out.writerow([epoch, f"{total / 768:.5f}", f"{val:.5f}"] + ([f"{acc:.4f}"] if accuracy else []))
    return log


def _curves(log: Path):
    (run,) = discover(str(log.parent))
    return find_curves(load_run(run).scalars)


def test_a_low_underfit_lean_with_no_floor_is_healthy(tmp_path, one_thread):
    curves = _curves(_train(tmp_path / "plain", accuracy=False))
    f = run_features(curves)
    assert 0.25 < 1 - f.train.final / f.train.initial < 0.7  # fell, then levelled off at the noise
    why = unanchored_underfit("underfit", 0.42, "model", f, curves, Why())
    assert why is not None and "no class count" in why and "--num-classes" in why
    label, confidence, method, note, _ = refine("underfit", 0.42, "model", None, f, curves)
    assert (label, confidence, method) == ("healthy", 0.42, "rules")
    assert note.kind == "possible_underfit" and note.message.startswith("the learned model leans underfit (p=0.42)")


@pytest.mark.parametrize("label, confidence, method", [
    ("underfit", 0.42, "rules"),  # the rules' own underfit (a cut-off, a floor) stands
    ("underfit", 0.56, "model"),  # a lean of >= LEAN (0.56) stands
    ("overfit", 0.42, "model"),
])
def test_the_rule_leaves_other_calls_alone(tmp_path, one_thread, label, confidence, method):
    curves = _curves(_train(tmp_path / "plain", accuracy=False))
    assert unanchored_underfit(label, confidence, method, run_features(curves), curves, Why()) is None


def test_a_known_floor_keeps_the_lean(tmp_path, one_thread):
    """A class count (or chance loss) given, or a task measure logged: the level can be judged, the lean stands."""
    curves = _curves(_train(tmp_path / "plain", accuracy=False))
    assert unanchored_underfit("underfit", 0.42, "model", run_features(curves, num_classes=2), curves, Why()) is None
    assert unanchored_underfit("underfit", 0.42, "model", run_features(curves, chance_loss=1.0), curves,
                               Why()) is None
    measured = _curves(_train(tmp_path / "acc", accuracy=True))
    assert measured.train_acc is not None or measured.val_acc is not None or measured.val_metric is not None
    assert unanchored_underfit("underfit", 0.42, "model", run_features(measured), measured, Why()) is None


def test_a_healthy_that_overruled_an_underfit_lean_does_not_say_nothing_to_fix(tmp_path, one_thread):
    """newcomer29: a `healthy` whose finding says the model leaned underfit and the floor is unknown read "Nothing to
    fix" -- a claim the log cannot back. Its first advice says no fault is shown and what settles the level."""
    from loganalyzer.scan import scan

    _train(tmp_path / "plain", accuracy=False)
    (run,) = scan([str(tmp_path / "plain")]).runs
    assert run.verdict == "healthy"
    verdict = run.analysis
    assert any(f.kind == "possible_underfit" for f in verdict.findings)
    assert verdict.advice[0].startswith("No fault the log can show, but not shown to be as low as the task allows")
    assert "--num-classes" in verdict.advice[0] and "Nothing to fix" not in " ".join(verdict.advice)
