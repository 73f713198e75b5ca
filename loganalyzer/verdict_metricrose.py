"""A `stalled` label refuted by the task's validation metric (``verdict_refine``): a loss that moved little while
the run's validation metric (AUC, PSNR, F1, BLEU, WER...: ``curves.val_metric``) improved through the run, by more
than its noise, is no stall -- domain.md's stalled is a run where nothing is being learned.

Why it is needed: a loss can start near its floor and fall only a few percent while the model learns. A CTR model's
log loss on Criteo starts ~0.468 and ends ~0.433 (the labels' entropy is ~0.45 nats of it), a super-resolution L1
loss moves 6%; the rules' stalled (< 5% below its start) and the learned model call both `stalled`. Public open
``fuxictr196 EulerNet_criteo`` (train loss 0.4678 -> 0.4327 over 18 epochs while val AUC rose 0.8031 -> 0.8142,
labelled `healthy`), ``finalmlp196 DualMLP_criteo_x1_001_0aa31de8`` (0.4652 -> 0.4301, AUC 0.8030 -> 0.8139,
`healthy`) and ``srrcan191 RCAN`` (train L1 5.701 -> 5.345, test PSNR 29.718 -> 30.06 over 100 epochs, clear
`healthy`) were `stalled` 0.6.

The test (on the metric as logged, its direction from its name: ``verdict_metric.metric_course``): >= ``EVALS``
finite evaluations, ranked against time at >= ``RHO`` in its good direction (Spearman, ``verdict_trend``), and its
end level (median of its last tenth) better than its first evaluation by >= ``NOISE_X`` times its median
evaluation-to-evaluation move and by >= ``MIN_REL`` of its size. A flat metric that wanders (a stalled run's) ranks near 0 against time.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .features_robust import end_level, median
from .verdict_base import _fmt, _step, times
from .verdict_evidence import finite
from .verdict_metric import metric_course
from .verdict_trend import rank_correlation

EVALS, RHO, NOISE_X = 5, 0.8, 5.0
# ... and by >= 0.5% of its size: a metric printed to 6 digits that creeps in its last one has no noise to beat
# (public clear `stalled` bist30132 v2: val_MAE 0.016372 -> 0.016371 at 11 epochs beside a flat val_loss; the
# rising runs above gained 1.1-1.3%)
MIN_REL = 0.005


def metric_rose(curves: Curves | None) -> str | None:
    """Why the validation metric shows learning (see the module notes), or None: a reason quoting its first and
    end values and steps, its rank correlation with time and its gain in noise units."""
    series = curves.val_metric if curves is not None else None
    course = metric_course(series)
    if course is None or course.points < EVALS:
        return None
    s, v = finite(series)
    sign = 1.0 if course.higher_is_better else -1.0
    rho = sign * rank_correlation(v)
    noise = float(median(np.abs(np.diff(v))))
    gain = sign * (end_level(v) - float(v[0]))
    if rho < RHO or gain <= 0 or gain < NOISE_X * noise \
            or gain < MIN_REL * max(abs(float(v[0])), abs(end_level(v))):
        return None
    how = f"{times(gain / noise)} its evaluation noise" if noise > 0 else "with no evaluation noise"
    x = "epoch" if series.x == "epoch" else "step"
    return (f"validation `{series.name}` ({'higher' if course.higher_is_better else 'lower'} is better) went from "
            f"{_fmt(float(v[0]))} at {x} {_step(int(s[0]))} to {_fmt(end_level(v))} by {x} {_step(int(s[-1]))}, "
            f"improving through the run (rank correlation with time {rho:.2f}, {how}): the model learns, so the "
            "loss that moved little is no stall")
