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
from _runs import one_thread, run_dir_fixture, verdict  # noqa: F401 (one_thread: autouse)
from test_vd57 import amp_scaled


def amp_deep(out: Path, *, skip: bool = True) -> None:
    """``test_vd57.amp_scaled`` with a 4-layer net and a scale from 2**100: the scaled gradients overflow float32 at
    every other step from epoch ~2, as inf at the last layer and, where +inf and -inf meet in a hidden layer's sum,
    NaN (epoch 11's mean). ``skip``: the scaler skips those steps; else they are applied by hand."""
    amp_scaled(out, skip=skip, sizes=(8, 64, 64, 64, 4), scale=2.0 ** 100)


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
