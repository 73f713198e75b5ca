"""A `stalled` label refuted by an accuracy that climbed steadily through the run (``verdict_refine``).

Kind (stop 70, set 227): a loss that cannot show learning -- a distillation student's soft-target loss sits near
ln k however well the student does -- moved 1% while the validation accuracy climbed from chance to a trained
model's level at nearly every epoch. ``verdict_stall``'s accuracy test asks for a 50-point rise (a stalled binary
run's accuracy flips 0.54/0.11/0.46/0.89 from one evaluation to the next: public clear `stalled` avance5 v3), and
``verdict_metricrose`` reads only task metrics other than accuracy, so the run was `stalled` at 0.99. Public open
``fer-advtr227 run_12/train_loss_12.npy`` (labelled `healthy`: train_loss 1.941 -> 1.919 over 100 epochs, val_acc
31.2 -> 67.4 %, max 67.9 at epoch 98, test_acc 31.4 -> 69.5) shows it; its sibling ``run_14`` (labelled `stalled`,
val_acc 45.9 -> 46.0 in a 45.1-46.9 band) does not pass the test.

The test: the validation accuracy (else the training one) read as fractions (``accuracy_fractions``, percentages
divided by 100), >= ``LOGS`` (10) finite logs, ranked against time at >= ``RHO`` (0.8, Spearman, as
``verdict_metricrose``), its end level (median of its last tenth) >= ``GAIN`` (0.20, 20 points) above its first log
and >= ``RATIO`` (1.5x) of it. An accuracy flipping between classes ranks near 0 against time; a flat one gains
nothing.
"""
from __future__ import annotations

from .curves import Curves
from .features_robust import end_level
from .verdict_base import _fmt, _step
from .verdict_evidence import accuracy_fractions
from .verdict_trend import rank_correlation

LOGS, RHO, GAIN, RATIO = 10, 0.8, 0.20, 1.5


def accuracy_climbed(curves: Curves | None) -> str | None:
    """Why a steadily climbing accuracy shows learning (module notes), quoting its first and end values and steps
    and its rank correlation with time; or None."""
    if curves is None:
        return None
    for acc in (curves.val_acc, curves.train_acc):
        read = accuracy_fractions(acc, percent=True)
        if read is None or len(read[1]) < LOGS:
            continue
        s, a = read
        first, end = float(a[0]), end_level(a)
        rho = rank_correlation(a)
        if rho >= RHO and end - first >= GAIN and end >= RATIO * first:
            x = "epoch" if acc.x == "epoch" else "step"
            return (f"`{acc.name}` climbed from {_fmt(first)} at {x} {_step(int(s[0]))} to {_fmt(end)} by {x} "
                    f"{_step(int(s[-1]))} ({(end - first) * 100:.0f} points, rank correlation with time {rho:.2f}): "
                    "the model learns, so the loss that moved little is no stall (a loss that cannot show it, such "
                    "as a distillation's soft-target loss?)")
    return None
