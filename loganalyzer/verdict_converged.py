"""A `stalled` label refuted by a task metric near perfect at every evaluation (``verdict_refine``): a run whose loss
is flat because the model converged before its first log is not one where "nothing is being learned" (domain.md's
stalled) -- nothing is left to learn. A stalled model's F1 or AUC sits at the guessing level, not at 0.99.

Why it is needed: ``verdict_chance.task_solved`` turns a stall healthy only when the measure also moved by >= 0.01
(``verdict_improved._measure_moved``): a constant accuracy can be a majority-class predictor's. A metric that is
near 1 from its first evaluation has no room to move that much. Public dev ``aidetect213 training_balanced`` (a text
detector, 5 epoch logs: `Train_Loss` 0.0530 -> 0.0497, flat from its second log, `Validation_F1` 0.9989 -> 0.9995,
`Validation_AUC` ~1.0; labelled `healthy`, "converged within its first epoch") was `stalled` 0.5 (its rules said
healthy).

The test (``curves.val_metric``, its direction from its name: ``verdict_metric.metric_course``): a higher-is-better
metric bounded in [0, 1] (F1, AUC, mAP, IoU, Dice; an accuracy is ``val_acc``, not read here: 0.99 is a
majority-class predictor's accuracy on data with 1% positives), >= ``EVALS`` finite evaluations, every one >=
``CEILING``, not one value at every evaluation (a constant is a placeholder or a saturated metric). 0.99 is the level
``verdict_ceiling`` already reads as a solved task (a validation accuracy held >= 0.99).

Used twice: as a refutation of `stalled` (``verdict_learned``), and in ``verdict._judge`` to keep its "neither loss
shows learning" check (``verdict_stall.validation_never_improved``) from turning the healthy it leads to back into
`stalled` -- aidetect213's flat validation loss (0.2009 -> 0.1996) did exactly that at 0.5.
"""
from __future__ import annotations

import numpy as np

from .curves import Curves
from .verdict_base import _fmt, _step
from .verdict_evidence import finite
from .verdict_metric import metric_course

EVALS, CEILING = 3, 0.99


def converged_at_ceiling(curves: Curves | None) -> str | None:
    """Why a flat run is converged, not stalled (see the module notes), or None: a reason quoting the metric's lowest
    and last values and its evaluations."""
    series = curves.val_metric if curves is not None else None
    course = metric_course(series)
    if course is None or not course.higher_is_better or course.points < EVALS:
        return None
    s, v = finite(series)
    if v.max() > 1 or v.min() < CEILING or np.ptp(v) == 0:
        return None
    x = "epoch" if series.x == "epoch" else "step"
    return (f"the task's metric `{series.name}` was >= {_fmt(float(v.min()))} at each of its {len(v)} evaluations "
            f"({x} {_step(int(s[0]))}-{_step(int(s[-1]))}, {_fmt(float(v[-1]))} at the last): the model converged "
            "before its first log, nothing was left to learn -- no stall")
