"""A training loss blown up by a huge learning rate from its first logs, then thrashing: `diverged`, not a shape.

Kind (newcomer ux67 F4): an HF Trainer fine-tune of a 2-class BERT at ``learning_rate=3.0`` (AdamW) logs its first
loss at 25.37 (step 5, LR 2.875; ln 2 = 0.693 is guessing), then thrashes: 21.6, 15.2, 8.79, 12.98, 8.55 ... 6.68,
14.03, 9.24, 9.71, 3.26 (every 5 steps, the LR decaying linearly to 0.0625), validation 4.53, 0.78, 7.23, 7.91, 5.05,
4.72. The learned model read the falling smoothed level as `overfit` 0.34 (validation's best at its 2nd evaluation),
with ``--num-classes 2`` as `underfit` 0.97 advising a *higher* learning rate; its printed stdout and a relaunch in
the same folder (first log 20.51) were `healthy`. domain.md: a loss far above the guessing level at a huge LR that
thrashes is the LR blow-up, `diverged` "from the start"; the fix is a lower LR, warm-up and clipping.

``lr_blowup`` finds it when all hold:
- the logged learning rate reached ``HUGE_LR`` (1.0) or more: Adam-type optimisers run at 1e-5..1e-3 and SGD at
  0.01..0.1 (0.1 is the ResNet recipe's peak); a rate of 1 or more is a blow-up risk for any of them. Rates of 1+
  that train (Adadelta's default 1.0, the word-language-model example's SGD at 20) fall steadily from near ln V and
  do not meet the next two conditions;
- the first logged training loss is far above guessing: >= ``FAR_ABOVE_CHANCE`` (3) x the chance loss when it is
  known (--num-classes / --chance-loss / hparams), else >= ``FAR_ABOVE_ANY`` (5.0, above the ln 148 of guessing
  among up to ~150 classes; the relaunch's 20.51 and the first run's 25.37 are 30-37x ln 2);
- the loss thrashes: after its first log it jumped up by >= ``JUMP`` (30%) from one log to the next at
  >= ``MIN_JUMPS`` (3) logs and at >= ``JUMP_SHARE`` (15%) of its moves (the HF run: 4 of 18 -- +48%, +53%, +37%,
  +108%); a loss falling by learning rises that much at a log now and then, not at every sixth.
Needs ``MIN_POINTS`` (8) finite training-loss logs. Returns None otherwise.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_base import Finding, Verdict, _chance_name, _fmt, times, who_chose
from .verdict_evidence import finite

HUGE_LR = 1.0
FAR_ABOVE_CHANCE = 3.0
FAR_ABOVE_ANY = 5.0
JUMP = 1.3
MIN_JUMPS = 3
JUMP_SHARE = 0.15
MIN_POINTS = 8
CONFIDENCE = 0.8  # rules over three independent signs (the LR, the first level, the thrash); below the 0.95 cap


@dataclass(frozen=True)
class LrBlowup:
    """What ``lr_blowup`` saw: the training loss ``name`` (first log ``first`` at ``first_step``), the peak logged
    learning rate ``lr`` (at ``lr_step``), the up-jumps ``jumps`` as (step, before, after) among ``moves`` moves,
    the last log ``last`` at ``last_step``, and ``chance`` (ln k or the given chance loss; None unknown)."""

    name: str
    first: float
    first_step: int
    lr: float
    lr_step: int
    jumps: tuple[tuple[int, float, float], ...]
    moves: int
    last: float
    last_step: int
    chance: float | None


def lr_is_huge(curves: Curves) -> bool:
    """True when the logged learning rate reached ``HUGE_LR``: no advice may then say to raise it (ux67 F4's
    `underfit` at LR 2.9 advised "a higher learning rate")."""
    lv = finite(curves.lr)[1]
    return bool(len(lv)) and float(lv.max()) >= HUGE_LR


def lr_blowup(curves: Curves, features: RunFeatures) -> LrBlowup | None:
    """The blow-up described in the module docstring, or None."""
    if curves.train_loss is None or curves.lr is None or curves.adversary is not None:
        return None
    s, v = finite(curves.train_loss)
    ls, lv = finite(curves.lr)
    if len(v) < MIN_POINTS or not lr_is_huge(curves) or v[0] <= 0:
        return None
    chance = features.chance_loss if features.chance_loss == features.chance_loss and features.chance_loss > 0 \
        else None
    if v[0] < (FAR_ABOVE_CHANCE * chance if chance is not None else FAR_ABOVE_ANY):
        return None
    jumps = tuple((int(s[i + 1]), float(v[i]), float(v[i + 1])) for i in range(len(v) - 1)
                  if v[i] > 0 and v[i + 1] >= JUMP * v[i])
    moves = len(v) - 1
    if len(jumps) < MIN_JUMPS or len(jumps) < JUMP_SHARE * moves:
        return None
    top = int(np.argmax(lv))
    return LrBlowup(curves.train_loss.name, float(v[0]), int(s[0]), float(lv[top]), int(ls[top]), jumps, moves,
                    float(v[-1]), int(s[-1]), chance)


def blowup_verdict(verdict: Verdict, curves: Curves, features: RunFeatures) -> Verdict | None:
    """``verdict`` (a shape label: healthy, underfit, overfit, stalled) turned `diverged` when ``lr_blowup`` finds
    the blow-up: its summary and advice, the shape label kept as a ``possible_<label>`` finding, an ``initial_loss``
    finding pointed at the learning rate; else None."""
    if verdict.label not in ("healthy", "underfit", "overfit", "stalled"):
        return None
    b = lr_blowup(curves, features)
    if b is None:
        return None
    x = curves.train_loss.x if curves.train_loss.x in ("step", "epoch") else "step"
    level = (f"{times(b.first / b.chance)} {_chance_name(features)} of guessing" if b.chance is not None
             else "far above the guessing loss of any classifier of up to ~150 classes")
    shown = ", ".join(f"{_fmt(a)} -> {_fmt(c)} at {x} {st}" for st, a, c in b.jumps[:4])
    more = f" and {len(b.jumps) - 4} more" if len(b.jumps) > 4 else ""
    summary = (f"the learning rate blew the model up from the start: `{b.name}` logged {_fmt(b.first)} first "
               f"({x} {b.first_step}; {level}) with the learning rate at {_fmt(b.lr)}, then thrashed instead of "
               f"falling by learning: it jumped up 30% or more at {len(b.jumps)} of its {b.moves} logs after the "
               f"first ({shown}{more}); its last log is {_fmt(b.last)} at {x} {b.last_step}.")
    advice = (f"Lower the learning rate 100x or more (it peaked at {_fmt(b.lr)}; Adam-type optimisers usually run at "
              "1e-5 to 1e-3, SGD at 0.01 to 0.1), then add warm-up and gradient clipping (clip_grad_norm_ at 1.0).",
              "Rerun and check the first logged loss: near the guessing level (ln k for k classes) means the "
              "updates no longer blow the model up.")
    was = Finding(f"possible_{verdict.label}", f"{who_chose(verdict.label, verdict.confidence, verdict.method)} "
                                               "on the smoothed curve, but the loss thrashed at a huge learning "
                                               "rate from its first log: diverged", b.first_step)
    findings = tuple(dataclasses.replace(fi, message=fi.message + f"; here the learning rate ({_fmt(b.lr)}) is the "
                                                                  "likelier cause")
                     if fi.kind == "initial_loss" and "likelier cause" not in fi.message else fi
                     for fi in verdict.findings if fi.kind != "possible_" + verdict.label) + (was,)
    evidence = {k: val for k, val in verdict.evidence.items() if k in ("rule_scores",)}
    evidence.update(divergence_start_step=b.first_step, lr_blowup={
        "series": b.name, "first": b.first, "first_step": b.first_step, "peak_lr": b.lr, "peak_lr_step": b.lr_step,
        "jumps": [list(j) for j in b.jumps], "moves": b.moves, "chance_loss": b.chance})
    return dataclasses.replace(verdict, label="diverged", confidence=CONFIDENCE, summary=summary,
                               evidence=evidence, findings=findings, advice=advice, method="rules")
