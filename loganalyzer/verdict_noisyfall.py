"""A `stalled` label refuted by a noisy per-step loss whose level kept falling (``verdict_refine``): single-batch
losses swing by more than the run's whole fall, so first-vs-last and a smoothed end say "barely moved", while the
means of its tenths fall through the run -- a model that learns, not domain.md's stalled.

Why it is needed: ``verdict_creep`` wants the lowest log in the last tenth and a falling last third, which one noisy
batch at the end breaks. Public dev ``llmsweep212 run_1_lr-5e-05_rank-16_epochs-1`` (a one-epoch LoRA fine-tune of
a 0.6B LM, 92 per-step logs: 1.848 at step 25, 1.917 at the last, lowest 1.391; means of its tenths 1.96, 1.86,
1.83, 1.77, 1.78, 1.81, 1.73, 1.72, 1.72, 1.77; labelled `healthy`) was `stalled` 0.73.

The test (on the training loss as logged, else validation's): >= ``LOGS`` finite positive logs, not near ln k
(``verdict_trend.near_chance``), the Mann-Kendall statistic of all logs <= -``Z`` (a trend, not a wander: a flat
noisy loss scores near 0), the lowest tenth-mean in the second half >= ``FALL`` below the first tenth's, and the
second half's mean >= ``LATER`` below the mean of tenths 2-5 -- the fall went on after the first tenth, where a run
that "stops moving early while still near its start" (domain.md's stalled) is flat. 8% is above the rules' 5%
stalled bound; z = 2.33 is a one-sided 1% test (first set at 3, the 0.1% level: llmsweep's z is -2.96); 2% is a
round number, not tuned.

Measured on the dev sets' `stalled` rows after it was designed on llmsweep: at an 8% fall it took two, public
``kair-bardia191 swinir..bayesian`` (a Bayesian SwinIR's G_loss, tenths 50.4 ... 46.7, 8% lower, z = -2.4; no real
descent, labelled `stalled`) and clear `stalled` ``solarsat181 train7`` (a YOLO-OBB from scratch on 8 images: summed
losses' tenths 13.05 ... 11.99, 8%, z = -6.6, while its mAP50-95 was 0 at every epoch). Hence ``FALL`` = 10%
(llmsweep's 12.5%), and a run whose task measure (validation accuracy or metric, >= 3 evaluations) never bettered
its first is left alone: the measure says nothing was learned whatever the loss did.
"""
from __future__ import annotations


import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_base import _fmt
from .verdict_evidence import finite
from .verdict_mannkendall import mann_kendall_z
from .verdict_metric import metric_course
from .verdict_ppl import is_perplexity
from .verdict_trend import near_chance

LOGS, Z, FALL, LATER = 30, 2.33, 0.10, 0.02


def _measure_never_improved(curves: Curves) -> bool:
    """A validation accuracy or task metric with >= 3 evaluations none of which beat its first."""
    for series in (curves.val_acc, curves.val_metric):
        course = metric_course(series)
        if course is not None and (course.best <= course.first if course.higher_is_better
                                   else course.best >= course.first):
            return True
    return False


def noisy_fall(f: RunFeatures, curves: Curves | None) -> str | None:
    """Why a noisy loss is no stall (see the module notes), or None: a reason quoting its tenths' means and its
    trend statistic."""
    if curves is None:
        return None
    series = curves.train_loss if f.train is not None and curves.train_loss is not None else curves.val_loss
    _, v = finite(series)
    if len(v) < LOGS or v.min() <= 0 or near_chance(v):
        return None
    if is_perplexity(series.name):  # judged in nats, as verdict_ppl does: public clear `stalled` ptbviolet102 exp4's
        v = np.log(v)               # train_ppl 20,730 -> 18,521 (10%) is 1% of its nats near a uniform guess
        if v.min() <= 0:
            return None
    if _measure_never_improved(curves):
        return None
    tenths = np.array([float(c.mean()) for c in np.array_split(v, 10)])
    low = float(tenths[5:].min())
    if low > (1 - FALL) * tenths[0] or float(tenths[5:].mean()) > (1 - LATER) * float(tenths[1:5].mean()):
        return None
    z = mann_kendall_z(v)
    if z > -Z:
        return None
    means = ", ".join(_fmt(float(t)) for t in tenths)
    return (f"the means of `{series.name}`'s tenths fell through the run, however noisy log to log ({means}: "
            f"{1 - low / tenths[0]:.0%} below the first tenth's) as a trend (Mann-Kendall z = {z:.1f} over "
            f"{len(v)} logs): the model learns, not a stall")
