"""A `stalled` label refuted by a logged component of the training objective that fell by an order of magnitude
(``verdict_refine``): a total held flat by one large term while another term fell >= 5x is a model that learned
its task -- domain.md's stalled is a run where nothing is being learned, and the falling term is learning.

Why it is needed: a multi-task or contrastive objective logs its total beside its terms; when one term is large and
near constant (an InfoNCE term at ~ln of the batch's negatives) the total moves a few percent however well the task
term falls. Public dev ``lncrna212 LDA_B_007_fold1`` (a CSV of `loss_train`, `task_loss`, `cont_loss`, `adv_loss` per
epoch, 100 epochs: `loss_train` 3.635 -> 3.434, `cont_loss` ~8.6 throughout, `task_loss` 0.2995 -> 0.0031; labelled
`healthy`, its fold's f1 0.78 -> 0.99) was `stalled` 0.98, and ``LDA_B_014_fold1`` (`loss_train` 1.824 -> 1.690,
`task_loss` 0.551 -> 0.021 over 50 epochs, `healthy`) `stalled` 0.6.

The test (``curves.components``, the terms logged beside the judged total; values as logged): a term with >=
``MIN_LOGS`` finite positive logs, not a regulariser (a KL / prior / penalty term collapsing to 0 is posterior
collapse, no learning; an adversarial or auxiliary term follows its own game: ``REGULARISER``), whose first log is
>= ``SHARE`` of the total's first (a term worth 0.1% of the objective -- lncrna's `adv_loss` 0.0024 of 3.6 -- says
little of the task), whose end level (median of its last tenth) is >= ``FALL_X`` times below its first, and which
falls as a trend (rank correlation with time <= -``RHO``). ``FALL_X`` = 5 (a term cut to a fifth) sits far from the
stalled runs' terms (a VAE's recon term 1.595 -> 1.561 in public ``amyloid version_0``, `stalled`) and below
LDA_B_014's 7.9x (its `task_loss` end level 0.070: the median of a noisy last tenth; first tried at 10x, which missed
it); the 5% share and the trend bound are round numbers, not tuned.
"""
from __future__ import annotations

import re

import numpy as np

from .curves import Curves
from .features_robust import end_level
from .verdict_base import _fmt, _step, times
from .verdict_evidence import finite
from .verdict_trend import rank_correlation

MIN_LOGS, SHARE, FALL_X, RHO = 5, 0.05, 5.0, 0.5
REGULARISER = re.compile(r"(^|[^a-z])(kl|kld|kl_div|prior|reg|regul\w*|penalty|l2|wd|weight_decay|commit\w*|aux|adv\w*)"
                         r"([^a-z]|$)", re.I)


def component_fell(curves: Curves | None) -> str | None:
    """Why a flat total is no stall (see the module notes), or None: a reason quoting the falling term's first value,
    end level and steps, its share of the total and its rank correlation with time."""
    if curves is None or curves.train_loss is None or not curves.components:
        return None
    _, total = finite(curves.train_loss)
    if len(total) < MIN_LOGS or float(total[0]) <= 0:
        return None
    for term in curves.components:
        if term.name == curves.train_loss.name or REGULARISER.search(term.name.rsplit("/", 1)[-1]):
            continue
        s, v = finite(term)
        if len(v) < MIN_LOGS or v.min() < 0 or float(v[0]) <= 0 or float(v[0]) < SHARE * float(total[0]):
            continue
        end = end_level(v)
        rho = rank_correlation(v)
        if end * FALL_X > float(v[0]) or rho > -RHO:
            continue
        x = "epoch" if term.x == "epoch" else "step"
        return (f"the objective's term `{term.name}` ({float(v[0]) / float(total[0]):.0%} of the total "
                f"`{curves.train_loss.name}` at its first log) fell from {_fmt(float(v[0]))} at {x} "
                f"{_step(int(s[0]))} to {_fmt(end)} by {x} {_step(int(s[-1]))}, {times(float(v[0]) / max(end, 1e-300))} "
                f"lower (rank correlation with time {rho:.2f}): the total is held flat by its other terms, and the "
                "model learns")
    return None
