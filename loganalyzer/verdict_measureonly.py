"""How far the task's validation measure must fall below the level around its peak when it is the only validation
evidence (no validation loss logged): ``verdict_measure.measure_declined``'s decline test (issue 9, kind 1 in a
metric-only run: overfitting that starts early and stays mild, called `healthy`).

``measure_declined`` asks the evaluations after the peak's neighbourhood to lie more than ``DECLINE_SE`` (3)
standard errors below it: with a validation loss beside the measure that is a second, independent reading, and 3 SE
keeps the measure from overruling a loss that shows nothing. A run that logs no validation loss (chemprop's
validation AUC, a Keras notebook's val_accuracy, a printed `Validation accuracy` beside the training loss) has only
the measure: there the decline needs ``NO_LOSS_SE`` (1.5) standard errors (one-sided, about 7% by luck on a flat
plateau) -- every other condition of the rule stays (a peak in the first two thirds of >= 8 evaluations and beyond
the noise of the first, >= 25% of the gain given back by the median after the peak and by the last tenth alike,
training >= 20% lower after the peak), and together they keep a wobbling plateau out.

Public runs behind it (dev, `overfit`): tox21mpnn187 model_0-1757995730 (chemprop Tox21 NR-AR, 10 epochs: validation
AUC 0.743 -> 0.8094 at epoch 4, then 0.777 median, 0.785 last -- 37% of the gain given back -- while training fell 29%
after the peak; decline 2.0 SE), model_0-1757995826 (30 epochs: 0.806 at epoch 4, 0.768 last, 46% given back,
training 71% lower), minitorch50 training_log (a printed Validation_accuracy falling back slowly, 31% given back), all
three `healthy` at 3 SE. Measured (stop 67) on 3,282 of the 5,052 open dev folders with rows labelled
`healthy`/`overfit` (a random sample, 4,234 runs): at 1.5 SE the relaxed test adds those three and no row labelled
`healthy`; at 2 SE only the first; with a validation loss present it would add none (so the scope costs nothing).
Tried beside it and dropped: a validation *accuracy* that held its best (<= 10% of its gain given back, best at or
after the loss's) excusing a mild loss rise (< 20%) as ``verdict_refine._metric_held`` excuses a held metric -- on the
same sample it would turn 4 `overfit` rows labelled `healthy` right and 21 labelled `overfit` wrong (5 clear).

Input: ``Curves``. Output: the decline's threshold in standard errors. No errors raised.
"""
from __future__ import annotations

from .curves import Curves
from .verdict_evidence import finite

DECLINE_SE = 3.0  # with a validation loss beside the measure (verdict_measure's test)
NO_LOSS_SE = 1.5  # the measure alone


def decline_se(curves: Curves) -> float:
    """``NO_LOSS_SE`` when the run logged no finite validation loss, else ``DECLINE_SE``."""
    return NO_LOSS_SE if len(finite(curves.val_loss)[1]) == 0 else DECLINE_SE
