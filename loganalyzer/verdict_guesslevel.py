"""A loss that came down into ln k in its first logs and then sat on it: a network whose output stopped depending
on its input (``verdict_refine``, after ``verdict_chance.stuck_at_chance`` and ``verdict_plateau.chance_plateau``).

Kind (stop 70, set 223): a classifier whose first logged loss is far above ln k (an initialisation whose logits are
too large) falls to ln k in a few epochs and stays there: the network learned only to output the same distribution
for every input -- for a balanced task its best constant answer is the uniform guess, whose cross-entropy is exactly
ln k. ``stuck_at_chance`` needs the first log near ln k, ``chance_plateau`` a blow-up before the plateau and a second
loss or an accuracy beside it; a JSON history of the training loss alone passes neither, and the run was `underfit`
("an early plateau, not a stall") or `healthy`. Public open ``cifaremily223`` (clear `stalled`):
``results_cnn_16,16_bs1000_lr0.001_xavier`` (loss 3.221 at epoch 0, 2.302585 = ln 10 to 6 digits from epoch 4 to
99; test accuracy 0.10) was `underfit` 0.6, ``results_fc_3layers_lr0.001_he`` (3.278 at epoch 0, 2.359 at 4, then
creeping 2.33 -> 2.299 along ln 10 for 95 epochs; test accuracy 0.125) `healthy` 0.57.

The level's exactness is the evidence a second series would otherwise give, all of:

- the main loss (training, else validation) has >= ``MIN_LOGS`` (20) positive finite logs; from the first
  ``ENTER_BY`` (10%) of them on (the plateau), its median lies within ``LEVEL_BAND`` (0.3%) of ln k for a k in 2..10
  (``verdict_plateau._nearest_k``: those ln k lie >= 4.6% apart) and every log within ``HOLD_BAND`` (1.5%) of it;
- no trend on the plateau: its two halves' medians differ by <= ``TREND`` (1%) of ln k (a loss still creeping down
  through ln k is no plateau);
- the first log at or above the level (>= (1 - ``HOLD_BAND``) x ln k): it fell into ln k or started there, never rose
  to it (a rise to chance after learning is ``chance_plateau``'s collapse);
- not a language model (``verdict_chance._language_model``) nor a fine-tune's learning rate
  (``verdict_finetune.FINETUNE_LR_LOG10``); the other loss, when logged, ended within 5% of ln k
  (``verdict_plateau._ended_at``); an accuracy, when logged, ended at chance (<= 1/k + ``verdict_chance.ACC_SLACK``).
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .features_robust import end_level, median
from .verdict_base import _fmt, _step
from .verdict_chance import ACC_SLACK, AtChance, _language_model
from .verdict_evidence import accuracy_fractions
from .verdict_plateau import _ended_at, _nearest_k, main_loss_logs

MIN_LOGS = 20
ENTER_BY = 0.1
LEVEL_BAND, HOLD_BAND, TREND = 0.003, 0.015, 0.01


def sat_at_guess(curves: Curves | None, f: RunFeatures | None = None) -> AtChance | None:
    """``AtChance`` (how = "plateau") when the main loss fell into ln k early and sat on it (module notes), else
    None."""
    got = main_loss_logs(curves, f, MIN_LOGS)
    if got is None:
        return None
    main, s, v = got
    start = math.ceil(ENTER_BY * len(v))
    plateau = v[start:]
    level = float(median(plateau))
    k = _nearest_k(level)
    chance = math.log(k)
    if abs(level / chance - 1) > LEVEL_BAND or float(np.max(np.abs(plateau / chance - 1))) > HOLD_BAND:
        return None
    half = len(plateau) // 2
    if abs(float(median(plateau[:half])) - float(median(plateau[half:]))) > TREND * chance:
        return None
    if float(v[0]) < (1 - HOLD_BAND) * chance or _language_model(curves):
        return None
    other = curves.val_loss if main is curves.train_loss else None
    if _ended_at(other, chance) is False:
        return None
    acc_series = curves.val_acc if curves.val_acc is not None else curves.train_acc
    acc = accuracy_fractions(acc_series, percent=True)
    if acc is not None and end_level(acc[1]) > 1 / k + ACC_SLACK:
        return None
    x = "epoch" if main.x == "epoch" else "step"
    came = f"fell from {_fmt(float(v[0]))} at its first log ({x} {_step(int(s[0]))}) and " \
        if float(v[0]) > (1 + HOLD_BAND) * chance else ""
    return AtChance(k, "plateau", f"`{main.name}` {came}sat within {_pct1(plateau, chance)} of ln {k} = "
                                  f"{_fmt(chance)}, the loss of a uniform guess among {k} classes, from {x} "
                                  f"{_step(int(s[start]))} to the end (median {_fmt(level)}): the output stopped "
                                  "depending on the input -- the model never left chance", since_step=int(s[start]))


def _pct1(plateau: np.ndarray, chance: float) -> str:
    return f"{float(np.max(np.abs(plateau / chance - 1))) * 100:.2g}%"
