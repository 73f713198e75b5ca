"""A short run that fell at every evaluation, whatever the training log's density (kind 10, the same facts in every
format).

``verdict_evidence.steady_fall`` looks at one series of 3-12 logs. A Keras CSV of a 3-epoch run has 3 training logs
(epoch means) and was called cut short; the same run in TensorBoard with the per-batch loss logged every 5 steps
has 15 noisy training logs, no steady fall, and its summary said "the loss fell 38% and levelled off" while its
validation fell at all 3 evaluations (the newcomer's stop-27 report, item 9: ``torch_tb_cut3`` vs
``keras_style/cut3``). ``short_steady_fall`` also tries the training loss as one value per evaluation: the median
of the training logs after the previous evaluation up to each one (``per_evaluation``), when training is logged at
least twice as often as validation and validation has 3-12 evaluations.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np

from .curves import Curves, Series
from .features_robust import end_level, median
from .verdict_base import _fmt, _step
from .verdict_evidence import SteadyFall, accuracy_fractions, finite, steady_fall


def per_evaluation(curves: Curves) -> Series | None:
    """The training loss as the median of its logs in each interval ending at a validation evaluation (after the
    previous one; from the start for the first), at the evaluation steps; None unless validation has 3-12 finite
    evaluations, training >= 2 logs an evaluation, and every interval holds a training log."""
    ts, tv = finite(curves.train_loss)
    vs, _ = finite(curves.val_loss)
    if not 3 <= len(vs) <= 12 or len(tv) < 2 * len(vs):
        return None
    ends = np.searchsorted(ts, vs, side="right")
    starts = np.concatenate([[0], ends[:-1]])
    if (ends <= starts).any():
        return None
    values = np.array([float(np.median(tv[a:b])) for a, b in zip(starts, ends)])
    train = curves.train_loss
    return Series(train.role, train.dir, train.tag, vs.astype(np.int64), values, curves.val_loss.x)


def short_steady_fall(curves: Curves | None, has_train: bool) -> SteadyFall | None:
    """``steady_fall`` of the main loss (training when ``has_train``, else validation), else of the training loss
    per evaluation (``per_evaluation``, its points called "evaluation"s), else None."""
    if curves is None:
        return None
    steady = steady_fall(curves.train_loss if has_train else curves.val_loss)
    if steady is not None or not has_train:
        return steady
    blocks = per_evaluation(curves)
    steady = steady_fall(blocks) if blocks is not None else None
    return None if steady is None else dataclasses.replace(steady, unit="evaluation")


END_LOGS = 20  # logs needed to tell a trend at the end from per-batch noise
END_FALL = 0.05  # the last fifth's median >= 5% below the fifth before it ...
END_Z = 2.5  # ... by >= 2.5 standard errors of that difference (per-batch noise alone moves a median of 30 logs ~5%)


@dataclasses.dataclass(frozen=True)
class EndFall:
    """A long noisy loss still falling at its end: the medians of its last two fifths of logs (``before``, ``last``)
    and the step of its last log."""
    name: str
    before: float
    last: float
    step: int

    @property
    def fall(self) -> float:
        return 1 - self.last / self.before


def falling_at_end(series: Series | None) -> EndFall | None:
    """``EndFall`` when a positive loss of >= ``END_LOGS`` logs has the median of its last fifth >= ``END_FALL``
    below the median of the fifth before it, by >= ``END_Z`` standard errors (``_median_difference_se``), and its
    last tenth no higher than that last fifth: the run stopped while
    the loss still fell -- no plateau, so no "flattened out high" (domain.md's underfit). The twin of ``steady_fall``
    for per-batch logs too noisy to fall at every log: public TF1 PointNet summaries of 156 and 195 steps (mnist3d56,
    objpc56; fifty-sixth labeller's set: decile means 2.14, 2.18, 1.92, 1.79, accuracy still rising, labelled
    `healthy` "still falling when stopped") were `underfit` "flat since step 126". Else None."""
    s, v = finite(series)
    if len(v) < END_LOGS or (v <= 0).any():
        return None
    w = len(v) // 5
    a, b = v[-2 * w:-w], v[-w:]
    before, last = float(median(a)), float(median(b))
    if last > (1 - END_FALL) * before or float(median(v[-max(w // 2, 2):])) > last:
        return None
    if before - last < END_Z * _median_difference_se(a, b):
        return None
    return EndFall(series.name, before, last, int(s[-1]))


def _median_difference_se(a: np.ndarray, b: np.ndarray) -> float:
    """The standard error of median(a) - median(b): each median's is ~1.2533 x sigma / sqrt(n) for Gaussian noise
    (the asymptotic efficiency of the median, pi/2 of the mean's variance), sigma estimated robustly as 1.4826 x the
    median absolute deviation."""
    def var(x: np.ndarray) -> float:
        sigma = 1.4826 * float(median(np.abs(x - median(x))))
        return (1.2533 * sigma) ** 2 / len(x)
    return float(np.sqrt(var(a) + var(b)))


def rising_at_end(series: Series | None) -> bool:
    """Whether an accuracy (fractions or percent, >= ``END_LOGS`` logs) was still rising when the run stopped: its
    error (1 - accuracy) ``falling_at_end``. Such an accuracy has no "ended" level to call low (the same PointNet
    summaries' training accuracy: decile means 0.31, 0.34, 0.43 at the end). Read by
    ``verdict_evidence.accuracy_fractions``, the verdict's one reader of accuracies."""
    read = accuracy_fractions(series, percent=True)
    if read is None or len(read[1]) < END_LOGS:
        return False
    s, err = read[0], 1.0 - read[1]
    return bool((err > 0).all()) and falling_at_end(Series(series.role, series.dir, series.tag, s, err, series.x)) \
        is not None


EARLY_SHARE, EARLY_MOVED, EARLY_NEAR = 0.2, 0.01, 0.85  # flat after its first fifth, still >= 85% of its first log
EARLY_OTHER = 0.02  # ... while no validation loss fell, and no accuracy rose, >= 2% (points) after that fifth


def _after_first_fifth(steps: np.ndarray, v: np.ndarray) -> tuple[float, float, float, int] | None:
    """(first logged value, median around the end of the first fifth, end level, step there) of >= 5 logs (``steps``
    and their finite values ``v``, as ``finite`` or ``accuracy_fractions`` give them)."""
    if len(v) < 5:
        return None
    i0 = max(1, int(math.ceil(EARLY_SHARE * len(v))))
    return float(v[0]), float(np.median(v[i0:i0 + max(2, len(v) // 10)])), float(end_level(v)), int(steps[i0])


def stopped_early(curves: Curves | None, has_train: bool) -> str | None:
    """domain.md's `stalled` "stops moving early while still near it": the training loss (else validation's), positive,
    >= 10 logs, whose median around the end of its first fifth and its end level differ by < 1% of its first logged
    value, ending >= 85% of that first value (what it removed, it removed in its first fifth), while the validation
    loss did not fall and no accuracy rose >= 2% after that fifth (breaker, stop 54: a label-smoothed fine-tune's
    training loss sits at its floor from epoch 1 while validation improves all run: healthy). Public clear `stalled`
    tomatoleaf126 efficientnet (11 classes): 2.671 at epoch 0, 2.412 at epoch 1, then 2.397 -> 2.396 = ln 11 over
    epochs 4-20, accuracy 0.103 and val_accuracy 0.1645 at every epoch from 2, was `underfit` because "the loss fell
    a steady 10%". Runs that fell 16% before flattening stay with the refusal (public `underfit` quoraspam: 0.142 ->
    0.118 by epoch 10 of 88, accuracy at the majority rate; cafa5 1.148 -> 0.967). Returns the words saying so, or
    None."""
    if curves is None:
        return None
    series = curves.train_loss if has_train else curves.val_loss
    steps, v = finite(series)
    if len(v) < 10 or (v <= 0).any():
        return None
    first, at, end, step = _after_first_fifth(steps, v)
    if not (abs(at - end) < EARLY_MOVED * first and end >= EARLY_NEAR * first):
        return None
    val = _after_first_fifth(*finite(curves.val_loss)) if has_train else None
    if val is not None and val[1] - val[2] >= EARLY_OTHER * abs(val[1]):
        return None
    for acc_series in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(acc_series, percent=True) if acc_series is not None else None
        acc = _after_first_fifth(*read) if read is not None else None
        if acc is not None and acc[2] - acc[1] >= EARLY_OTHER:
            return None
    return (f"`{series.name}` fell from {_fmt(first)} to {_fmt(at)} by step {_step(step)} (its first fifth) and moved "
            f"less than 1% of that after it, ending at {_fmt(end)}: it stopped moving early, still near its start")
