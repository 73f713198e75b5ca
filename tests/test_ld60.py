"""Stop 60 (lead), issue 9's hard target "no healthy run `nan`" on a kind seen in public runs.

Every run is really trained (tiny torch models on one CPU thread) and written through
``torch.utils.tensorboard.SummaryWriter``.

- fp16 loss scaling in a deeper net: ``torch.amp.GradScaler`` skips the overflowing steps, and the per-epoch mean
  gradient norm (facebookresearch/mae's MetricLogger) reads inf at most epochs and NaN at some (an overflow inside the
  backward pass: inf - inf): the loss keeps falling, so it is not `nan` (``verdict_ampskip``; public maskdg138). The
  same steps applied stay `nan`.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from _runs import blobs, mlp, one_thread, run_dir_fixture, verdict  # noqa: F401 (one_thread: autouse)

F = torch.nn.functional


def amp_deep(out: Path, *, skip: bool = True, epochs: int = 30, steps: int = 10) -> None:
    """A 4-layer classifier trained through ``torch.amp.GradScaler`` whose scale starts at 2**100 and doubles after
    every clean step: from epoch ~2 the scaled gradients overflow float32 at every other step, as inf at the last
    layer and, where +inf and -inf meet in a hidden layer's sum, NaN. ``skip``: the scaler skips those steps
    (``GradScaler.step``); else they are applied by hand. Logged per epoch as MAE's MetricLogger does: the mean of the
    steps' ``loss`` and ``grad_norm`` (``clip_grad_norm_`` after ``unscale_``)."""
    from torch.utils.tensorboard import SummaryWriter

    torch.manual_seed(0)
    x, y = blobs(640, seed=1, spread=2.0, noise=0.1)
    model = mlp(8, 64, 64, 64, 4)
    opt = torch.optim.SGD(model.parameters(), lr=0.02 / 64)
    scaler = torch.amp.GradScaler("cpu", init_scale=2.0 ** 100, growth_factor=2.0, growth_interval=1)
    writer = SummaryWriter(str(out))
    for epoch in range(epochs):
        losses, norms = [], []
        for _ in range(steps):
            idx = torch.randint(0, len(x), (64,))
            loss = F.cross_entropy(model(x[idx]), y[idx], reduction="sum")
            opt.zero_grad()
            scaler.scale(loss).backward()
            scaler.unscale_(opt)
            norms.append(float(torch.nn.utils.clip_grad_norm_(model.parameters(), 1e9)))
            if skip:
                scaler.step(opt)
            else:
                opt.step()
            scaler.update()
            losses.append(float(loss.detach()) / len(idx))
        writer.add_scalar("train/loss", float(np.mean(losses)), epoch)
        writer.add_scalar("train/grad_norm", float(np.mean(norms)), epoch)
    writer.close()


RUNS = {
    "amp_skipped": amp_deep,
    "amp_applied": lambda p: amp_deep(p, skip=False),
}
run_dir = run_dir_fixture(RUNS, "ld60")


def _values(run_dir, name, tag):
    import loganalyzer

    df = loganalyzer.read_scalars(run_dir(name))
    return df[df.tag == tag].sort_values("step").value.to_numpy(dtype=float)


def test_skipped_steps_with_nan_and_inf_norms_are_no_nan(run_dir):
    norm, loss = _values(run_dir, "amp_skipped", "train/grad_norm"), _values(run_dir, "amp_skipped", "train/loss")
    assert np.isnan(norm).any() and np.isinf(norm).any()  # both kinds of non-finite epoch means were logged
    assert np.isfinite(norm[:2]).all() and not np.isfinite(norm[-5:]).any()
    assert np.isfinite(loss).all() and loss[-1] < 0.6 * loss[0]
    run = verdict(run_dir("amp_skipped"))
    assert run.verdict not in ("nan", "diverged"), run.analysis.summary
    assert any("fp16 loss scaling" in f.message for f in run.analysis.findings), run.analysis.findings


def test_non_finite_steps_applied_stay_nan(run_dir):
    run = verdict(run_dir("amp_applied"))
    assert run.verdict == "nan", run.analysis.summary
