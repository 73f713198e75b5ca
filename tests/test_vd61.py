"""Stop 61 (vd61): verdict rules that did not hold on projects they were not fitted to are removed.

``verdict_level.level_rise`` (stop 27: a `healthy` run turned `overfit` when the running median of its erratic
validation loss sat >= 20% above its low while training fell) no longer makes a verdict. Fitted on six stop-27 dev
runs (five `overfit`, one `healthy`), it moved five runs of the 1,237 dev rows of the sets staged 2026-12-04..06
(re-judged with the rule on and off), all five labelled `healthy`, none labelled `overfit`.

The run is really trained (a small MLP on noisy 4-class blobs, its validation loss on 32 random examples of a
4,000-example pool each epoch) and written by ``torch.utils.tensorboard.SummaryWriter``; the reading still sees the
level rise, the verdict no longer follows it.
"""
from __future__ import annotations

from pathlib import Path

import torch

from _runs import blobs, mlp, one_thread, train_epoch, verdict  # noqa: F401 (one_thread: autouse)

from loganalyzer.curves import find_curves
from loganalyzer.discover import discover
from loganalyzer.load import load_run
from loganalyzer.verdict_level import level_rise

F = torch.nn.functional


def _erratic(out: Path, *, seed: int = 0, epochs: int = 40) -> None:
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(seed)
    x, y = blobs(256, seed=1, noise=0.15, spread=2.5)
    xv, yv = blobs(4000, seed=2, noise=0.15, spread=2.5)
    model = mlp(8, 128, 128, 4)
    opt = torch.optim.Adam(model.parameters(), lr=3e-4)
    g = torch.Generator().manual_seed(100)
    writer = SummaryWriter(str(out))
    for epoch in range(epochs):
        writer.add_scalar("train/loss", train_epoch(model, opt, x, y, 16), epoch)
        with torch.no_grad():
            pick = torch.randint(0, 4000, (32,), generator=g)
            writer.add_scalar("val/loss", F.cross_entropy(model(xv[pick]), yv[pick]).item(), epoch)
    writer.close()


def test_a_level_rise_on_erratic_validation_makes_no_overfit_verdict(tmp_path):
    _erratic(tmp_path / "tb")
    (run,) = discover(tmp_path)
    assert level_rise(find_curves(load_run(run).scalars)) is not None  # the reading still sees it
    judged = verdict(tmp_path)
    assert judged.verdict == "healthy", judged.analysis.summary
    assert not any("running median of" in f.message for f in judged.analysis.findings)
