"""A mild validation rise while training went nowhere after validation's best: no overfitting (domain.md: "training
loss keeps falling while validation loss reaches a minimum and then rises; the gap widens").

Public dogbreedsilve223 ``inception_history.pkl`` (a pretrained InceptionV3 head, labelled `healthy`): validation
0.3951 at epoch 0, best 0.3774 at epoch 5, 0.4112 / 0.4039 at epochs 8-9 (median after the best +4.5%, the last
ones +7%) while training alternated 0.56-0.76 from epoch 1 on (0.61 around the best, 0.6415 at the last): the
learned model said `overfit` 0.78 and the summary itself read "training did not fall further". A gap cannot widen
by overfitting while training stands still; a few percent up on validation is then a wobble of a short log.

``train_went_nowhere(vr, x)``: a sentence when training neither fell beyond its noise after the best
(``ValRise.train_fell``, ``train_fell_smooth``) nor ended below its level around it (last log >= that level),
and validation's rise after the best, median and last ones, stays under ``MILD`` (10%: ``verdict_noisy.NOISY_RISE``,
twice the labels' "~5-10%" floor); else None. ``vr``: ``verdict_evidence.val_rise``; ``x``: 'step' or 'epoch', as the validation loss counts. A larger rise with training
flat (a model at ~0 training loss whose validation climbs 30%) stays overfit. Never raises.
"""
from __future__ import annotations

from .verdict_base import _fmt, _pct, _step

MILD = 0.10


def train_went_nowhere(vr, x: str = "step") -> str | None:
    """Why a mild rise is no overfitting when training stood still after the best (module docstring), or None."""
    if vr is None or vr.train_fell or vr.train_fell_smooth or not vr.train_at_best == vr.train_at_best:
        return None
    if not vr.train_last >= vr.train_at_best or max(vr.rise, vr.rise_end) >= MILD:
        return None
    return (f"validation's best was {_fmt(vr.best)} at {x} {_step(vr.best_step)} and the {vr.evals_after} evaluations "
            f"after it sat {_pct(max(vr.rise, vr.rise_end))} above it at most, while training did not fall after it "
            f"({_fmt(vr.train_at_best)} around the best, {_fmt(vr.train_last)} at its last log): no widening gap, no "
            "overfitting")
