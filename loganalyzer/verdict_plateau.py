"""A loss flat at ln k whatever came before it: a classifier at chance after a blow-up (newcomer29 #1, stop 30).

``verdict_chance.stuck_at_chance`` needs the first logged loss at ln k and a 2% band; a learning rate that blows
the loss up in the first logs (an MLP on sklearn's digits with SGD at lr=2: 7.2, 59.9, 2.85, ..., 40.5, then
2.25-2.53 for the rest of the run, validation likewise) hides it, and the run was `healthy` ("fell 67% from its
first log") or `underfit` ("its first logged loss 2.989 is ln 20", a Keras epoch mean over the blow-up). Here the
plateau's own level is the evidence (domain.md's `stalled`: "stops moving early while still near" the loss of
guessing), all of:

- the main loss (training, else validation; >= ``MIN_LOGS`` positive finite logs) is, from its first
  ``ENTER_BY`` (40%) of its logs on, within ``NEAR`` (+-10%) of ln k at every 3-log running median (single blow-up logs
  are skipped), and ``HOLD_SHARE`` of those logs lie within ``HOLD_BAND`` (5%) of it; the median of its last 60%
  within ``LEVEL_BAND`` (3%) of ln k for a small k (2..10, ``verdict_chance.K_SMALL``), and no trend in it: the two
  halves of that 60% differ by <= ``TREND`` (2%) of ln k;
- the other loss, when logged (>= 3 finite logs), sat within ``OTHER_BAND`` (5%: the newcomer's validation was at
  ln 10 + 3.0% over its last 60%) of the same ln k -- training and validation alike; with only one loss, an
  accuracy must be logged;
- an accuracy, when logged (validation's, else training's), ended at chance: <= 1/k + ``verdict_chance.ACC_SLACK``;
  for k = 2 one must be logged (ln 2 is where every binary head starts, pretrained or not, and where an unbalanced
  binary task may end: ``verdict_floor._loss_alone_tells``);
- the loss came *back* to the level, not down into it: it started there (a first log within
  ``verdict_chance.START_LOW``-``START_HIGH`` x ln k and nearer it than any other ln k: gen1's
  ``log_digits_lr_too_low``, a 10-class MLP creeping from 2.33 to 2.20 at a tiny LR, is not "at ln 9") or it blew up before the plateau (a log >= ``BLOWUP`` x ln k
  and >= ``RISE`` x the lowest log before it). A loss that only fell into a level near some ln k -- a char-level
  language model flattening at 1.5 nats ("ln 4.5") -- is no evidence of guessing;
- not a language model (``verdict_chance._language_model``: by its names, and by a first log above ln 400 unless that
  first log was part of a blow-up) nor a fine-tune's recipe (an LR whose median is <= 5e-5,
  ``verdict_finetune.FINETUNE_LR_LOG10``, warmed up or not: public `healthy` ``nlpproj-hakito``, a summarisation
  fine-tune at 5e-5 decaying linearly, sat at 2.12-2.49 with its eval_loss at 2.34-2.19 -- "ln 10", from a first log
  at 0.92x of it -- and was called `stalled` without this).

Whether the run learned first decides the label (domain.md: diverged "after improving ... climbs far above its best
... and does not come back"; stalled "barely moves from its initial value ... or stops moving early while still near
it"): a main loss whose 3-log running median went below ``LEARNED`` (75%) of ln k before the plateau learned and
collapsed back to chance (``how`` = "collapsed": `diverged`); otherwise it never left chance (``how`` = "plateau":
`stalled`). Both at <= ``verdict_chance.CHANCE_CONFIDENCE``.
"""
from __future__ import annotations

import math

import numpy as np

from .curves import Curves, Series
from .features import RunFeatures
from .features_robust import end_level, median
from .verdict_base import _fmt, _step
from .verdict_chance import ACC_SLACK, K_SMALL, START_HIGH, START_LOW, AtChance, _language_model
from .verdict_evidence import accuracy_fractions, finite
from .verdict_finetune import FINETUNE_LR_LOG10

MIN_LOGS = 8
ENTER_BY = 0.4  # the plateau reached within the first 40% of the logs ("stops moving early")
NEAR, HOLD_BAND, HOLD_SHARE = 0.1, 0.05, 0.7
# the newcomer's lr=2 run sat at 2.35 = ln 10 + 2%: SGD at lr=2 jitters around the uniform guess
LEVEL_BAND, OTHER_BAND = 0.03, 0.05
TREND = 0.02
LEARNED = 0.75
BLOWUP, RISE = 1.5, 1.5  # a log >= 1.5x ln k before the plateau, >= 1.5x a log before it: a blow-up


def _running_median3(v: np.ndarray) -> np.ndarray:
    if len(v) < 3:
        return v.copy()
    mid = np.median(np.stack([v[:-2], v[1:-1], v[2:]]), axis=0)
    return np.concatenate([mid[:1], mid, mid[-1:]])  # the ends take their neighbour's: one log is no level


def _nearest_k(loss: float) -> int:
    """The k in 2..10 whose ln k is nearest ``loss`` (relatively: ln 10 + 2.5% is ln 10, not "ln 11")."""
    return min(range(2, K_SMALL + 1), key=lambda n: abs(loss / math.log(n) - 1))


def _blew_up(head: np.ndarray, chance: float) -> bool:
    """A log >= ``BLOWUP`` x ln k and >= ``RISE`` x the lowest log before it: the loss rose, it did not only fall."""
    lows = np.minimum.accumulate(head)
    return bool(len(head) > 1 and ((head[1:] >= BLOWUP * chance) & (head[1:] >= RISE * lows[:-1])).any())


def _plateau_start(rm: np.ndarray, chance: float) -> int | None:
    """The first index from which every running median is within ``NEAR`` of ``chance``, or None."""
    off = np.abs(rm / chance - 1) > NEAR
    if off[-1]:
        return None
    bad = np.flatnonzero(off)
    return int(bad[-1]) + 1 if len(bad) else 0


def _ended_at(series: Series | None, chance: float) -> bool | None:
    _, v = finite(series)
    if len(v) < 3:
        return None
    return abs(float(median(v[int(0.4 * len(v)):])) / chance - 1) <= OTHER_BAND


def main_loss_logs(curves: Curves | None, f: RunFeatures | None, min_logs: int):
    """(series, steps, values) of the main loss (training, else validation) for a check of a level at some ln k:
    its finite logs, >= ``min_logs`` of them, all positive; None otherwise, or when the run's median learning rate is
    a fine-tune's (``verdict_finetune.FINETUNE_LR_LOG10``: a pretrained model's loss may sit near some ln k by
    coincidence). Shared by ``chance_plateau`` and ``verdict_guesslevel.sat_at_guess``."""
    if curves is None:
        return None
    main = curves.train_loss if curves.train_loss is not None else curves.val_loss
    s, v = finite(main)
    if len(v) < min_logs or v.min() <= 0:
        return None
    if f is not None and f.lr_log10_median <= FINETUNE_LR_LOG10:  # (NaN when no LR is logged: compares False)
        return None
    return main, s, v


def chance_plateau(curves: Curves | None, f: RunFeatures | None = None) -> AtChance | None:
    """A loss flat at ln k from early on, whatever its first logs (module notes): ``AtChance`` with ``how`` =
    "plateau" (never left chance: stalled) or "collapsed" (learned, then fell back to chance: diverged), or None."""
    got = main_loss_logs(curves, f, MIN_LOGS)
    if got is None:
        return None
    main, s, v = got
    tail = v[int(0.4 * len(v)):]
    level = float(median(tail))
    k = _nearest_k(level)
    chance = math.log(k)
    if abs(level / chance - 1) > LEVEL_BAND:
        return None
    half = len(tail) // 2
    if abs(float(median(tail[:half])) - float(median(tail[half:]))) > TREND * chance:
        return None
    rm = _running_median3(v)
    start = _plateau_start(rm, chance)
    if start is None or start > ENTER_BY * len(v):
        return None
    if float(np.mean(np.abs(v[start:] / chance - 1) <= HOLD_BAND)) < HOLD_SHARE:
        return None
    blew = _blew_up(v[:max(start, 1)], chance)
    if not (blew or (START_LOW <= float(v[0]) / chance <= START_HIGH and _nearest_k(float(v[0])) == k)):
        return None  # a loss that came down into the level (a char-level LM flattening at 1.5 nats), not back to it
    if _language_model(curves, by_first_loss=not blew):
        return None
    other = curves.val_loss if main is curves.train_loss else None
    other_ok = _ended_at(other, chance)
    if other_ok is False:
        return None
    acc_series = curves.val_acc if curves.val_acc is not None else curves.train_acc
    acc = accuracy_fractions(acc_series, percent=True)
    if acc is not None and end_level(acc[1]) > 1 / k + ACC_SLACK:
        return None
    if acc is None and (other_ok is None or k == 2):
        return None  # one loss alone at ln k, or ln 2 with no accuracy: no evidence of guessing
    x = "epoch" if main.x == "epoch" else "step"
    held = f"`{main.name}` ({_fmt(end_level(v))} at its end, smoothed)"
    if other_ok:
        held += f" and `{other.name}` ({_fmt(end_level(finite(other)[1]))})"
    with_acc = f", with `{acc_series.name}` at chance ({_fmt(end_level(acc[1]))})" if acc is not None else ""
    at = f"held at ln {k} = {_fmt(chance)}, the loss of a uniform guess among {k} classes, from {x} " \
         f"{_step(int(s[start]))} to the end{with_acc}"
    top = int(np.argmax(v[:start])) if start > 0 else None
    blowup = (float(v[top]), int(s[top]), x) if top is not None and v[top] >= BLOWUP * chance else None
    low = int(np.argmin(rm[:start])) if start > 0 else None
    if low is not None and rm[low] < LEARNED * chance:
        return AtChance(k, "collapsed", f"{held} {at}, after it had fallen to {_fmt(float(v[low]))} ({x} "
                                        f"{_step(int(s[low]))}): the model learned, then collapsed back to chance",
                        blowup)
    first = f"after a first log of {_fmt(float(v[0]))}" if start > 0 else "from its first log"
    return AtChance(k, "plateau", f"{held} {at} ({first}): the model never left chance", blowup)


def blowup_advice(chance: AtChance) -> str:
    """The first advice for a run stalled at ln k after a blow-up (``AtChance.blowup`` set)."""
    peak, at, unit = chance.blowup
    return (f"The loss blew up to {_fmt(peak)} ({unit} {_step(at)}) before it settled at ln {chance.k}: the learning "
            "rate is too high for this model -- lower it 10x, add warm-up, clip gradients (clip_grad_norm_ at 1.0).")
