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

The second kind, ``blown_to_chance`` (newcomer ux69 F1): an MLP on 3 classes, SGD + momentum at ``lr = 3.0`` (the
`lr` series logged), logged 1.131 at step 0, **96.8** at step 10 (86x; validation 1.49 -> 778 -> 7.1e7 at step 20),
then sat at ln 3 = 1.0986 -- 1.0-1.4, smoothed 1.196 at the end -- with `val/acc` at 0.342 (the majority class) to
step 590: the net died in the blow-up. It was `stalled` 0.60 ("the rules say healthy"), its spike "1 recovered", the
LR never named, and `--num-classes 3` said less, not more. Going back to chance is not recovering; the label follows
domain.md: `diverged` where the loss had learned below chance first (issue 9 kind 2), else `stalled` (back at its
start for the rest of the run; this run, and stop 30's ``verdict_plateau`` rule). Found when all hold:
- the chance loss is known (--num-classes / --chance-loss / hparams) or presumed from the first log, logged at the
  start, within [0.90, 1.10] x ln k for k <= 10 (``verdict_floor.nearest_k``; above 10 any loss matches some ln k);
- a log at least ``BLOW`` (10x) the median of up to 5 logs before it (the blow-up: 86x here; cross-entropy at 10x
  chance means logits in the tens -- a batch's noise, even a hard batch's, stays within 2-3x);
- every third of the logs after it has its median within [``AT_CHANCE_LOW``, ``AT_CHANCE_HIGH``] = [0.90, 1.50] x
  chance: nothing was learned after the blow-up, to the end (a run that came back below 0.9x chance learned again);
- an accuracy, when logged, did not rise after it: its median over the last third <= its median over the first
  third + ``ACC_RISE`` (0.05; a dead net predicts one class: 0.342 throughout here).
Confidence ``CHANCE_CONFIDENCE`` (0.8) with the chance loss given, ``PRESUMED_CONFIDENCE`` (0.7) presumed from the
first log: the class count makes the ln-k evidence stronger, not weaker.
"""
from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np

from .curves import Curves
from .features import RunFeatures
from .verdict_base import Finding, Verdict, _chance_name, _fmt, times, who_chose
from .verdict_evidence import accuracy_fractions, finite

HUGE_LR = 1.0
FAR_ABOVE_CHANCE = 3.0
FAR_ABOVE_ANY = 5.0
JUMP = 1.3
MIN_JUMPS = 3
JUMP_SHARE = 0.15
MIN_POINTS = 8
CONFIDENCE = 0.8  # rules over three independent signs (the LR, the first level, the thrash); below the 0.95 cap
BLOW = 10.0
AT_CHANCE_LOW, AT_CHANCE_HIGH = 0.90, 1.50
ACC_RISE = 0.05
SMALL_K = 10
CHANCE_CONFIDENCE, PRESUMED_CONFIDENCE = 0.8, 0.7


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


@dataclass(frozen=True)
class ToChance:
    """What ``blown_to_chance`` saw: the training loss ``name`` blew up at ``step`` (peaking at ``peak``), ``ratio``
    x the level ``before`` it, then sat at ``chance`` (``k`` classes when known; ``given``: from the command line or
    hparams, else presumed from the first log), ending (median of the last third after it) at ``end``; the logged
    learning rate at the blow-up ``lr`` (None unlogged), validation's peak ``val_peak`` at ``val_peak_step`` (None
    without validation), the accuracy ``acc_name`` at ``acc_end`` (median of the last third; None unlogged)."""

    name: str
    step: int
    peak: float
    before: float
    ratio: float
    chance: float
    k: int | None
    given: bool
    end: float
    lr: float | None
    val_peak: float | None
    val_peak_step: int | None
    acc_name: str | None
    acc_end: float | None
    last_step: int


def _chance_of(features: RunFeatures, s: np.ndarray, v: np.ndarray) -> tuple[float, int | None, bool] | None:
    """(chance loss, k, given) from the options/hparams, else presumed from a first log at the start of training."""
    c = features.chance_loss
    if c == c and c > 0:
        return float(c), features.num_classes, True
    from .verdict_floor import EPOCH_START, nearest_k  # (verdict_floor comes later in the chain: no import at load)

    span = float(s[-1] - min(s[0], 0))
    k = nearest_k(float(v[0])) if span > 0 and (s[0] - min(s[0], 0)) / span <= EPOCH_START else None
    return (math.log(k), k, False) if k is not None and k <= SMALL_K else None


def blown_to_chance(curves: Curves, features: RunFeatures) -> ToChance | None:
    """The blow-up to chance of the module docstring's second kind, or None."""
    if curves.train_loss is None or curves.adversary is not None:
        return None
    s, v = finite(curves.train_loss)
    if len(v) < MIN_POINTS or v.min() <= 0:
        return None
    found = _chance_of(features, s, v)
    if found is None:
        return None
    chance, k, given = found
    ratios = [v[i] / float(np.median(v[max(0, i - 5):i])) for i in range(1, len(v) - 3)]
    first = next((i + 1 for i, r in enumerate(ratios) if r >= BLOW), None)
    if first is None:
        return None
    top = first
    while top + 1 < len(v) - 3 and v[top + 1] > v[top]:  # the blow-up's peak (a climb over two logs)
        top += 1
    after = v[top + 1:]
    thirds = [p for p in np.array_split(after, 3) if len(p)]
    if len(after) < 3 or not all(AT_CHANCE_LOW * chance <= float(np.median(p)) <= AT_CHANCE_HIGH * chance
                                 for p in thirds):
        return None
    acc = curves.val_acc if curves.val_acc is not None else curves.train_acc
    acc_name = acc_end = None
    read = accuracy_fractions(acc) if acc is not None else None
    if read is not None:
        a_s, a_v = read
        a_after = a_v[a_s > s[top]]
        if len(a_after) >= 3:
            parts = np.array_split(a_after, 3)
            if float(np.median(parts[-1])) > float(np.median(parts[0])) + ACC_RISE:
                return None  # it learned again: no dead net
            acc_name, acc_end = acc.name, float(np.median(parts[-1]))
    lr = None
    ls, lv = finite(curves.lr)
    if len(lv):
        at = int(np.searchsorted(ls, s[top], side="right")) - 1
        lr = float(lv[max(at, 0)])
    val_peak = val_step = None
    vs, vv = finite(curves.val_loss)
    if len(vv):
        i = int(np.argmax(vv))
        val_peak, val_step = float(vv[i]), int(vs[i])
    before = float(np.median(v[max(0, first - 5):first]))
    return ToChance(curves.train_loss.name, int(s[first]), float(v[top]), before, float(v[top]) / before, chance, k,
                    given, float(np.median(thirds[-1])), lr, val_peak, val_step, acc_name, acc_end, int(s[-1]))


def _chance_words(b: ToChance) -> str:
    return (f"ln {b.k} = {b.chance:.4g}, guessing among {b.k} classes" if b.k is not None
            else f"the chance loss {_fmt(b.chance)}") + ("" if b.given else "; presumed from its first log")


def chance_verdict(verdict: Verdict, curves: Curves, features: RunFeatures) -> Verdict | None:
    """``verdict`` (a shape label) rewritten when ``blown_to_chance`` finds a blow-up that left the model at chance:
    `diverged` when the loss had learned below chance (< ``AT_CHANCE_LOW`` x) before the blow-up (issue 9 kind 2:
    learned, then collapsed back to chance), else `stalled` (domain.md: a loss back at its starting level for the rest
    of the run barely moved from it; stop 30's ``verdict_plateau`` rule for a blow-up in the first logs, whose verdict
    -- evidence ``at_chance`` -- is kept as it is). The summary names the blow-up (step, size), the chance level and
    the logged LR; the spike findings say it did not recover; the shape label kept as a ``possible_<label>`` finding
    when it changes. Else None."""
    if verdict.label not in ("healthy", "underfit", "overfit", "stalled") or "at_chance" in verdict.evidence:
        return None
    b = blown_to_chance(curves, features)
    if b is None:
        return None
    label = "diverged" if b.before < AT_CHANCE_LOW * b.chance else "stalled"
    ending = ("going back to chance is not recovering: diverged." if label == "diverged" else
              "it never got below chance before it either: stalled at chance, the blow-up its likely cause.")
    x = curves.train_loss.x if curves.train_loss.x in ("step", "epoch") else "step"
    lr = f" with the learning rate at {_fmt(b.lr)}" if b.lr is not None else ""
    val = (f"; validation `{curves.val_loss.name}` peaked at {_fmt(b.val_peak)} ({x} {b.val_peak_step})"
           if b.val_peak is not None and curves.val_loss is not None else "")
    acc = (f"; `{b.acc_name}` stayed at {_fmt(b.acc_end)} (one class predicted: no learning)"
           if b.acc_name is not None else "")
    summary = (f"`{b.name}` blew up at {x} {b.step}{lr}: {_fmt(b.peak)}, {times(b.ratio)} its level before "
               f"({_fmt(b.before)}){val}. After it the loss sat at chance ({_chance_words(b)}) to the last log "
               f"({x} {b.last_step}): {_fmt(b.end)} over its last third, {times(b.end / b.chance)} chance{acc}. The "
               f"blow-up killed the model (dead units, saturated logits); {ending}")
    rate = (f"it was {_fmt(b.lr)} at the blow-up, {x} {b.step}; " if b.lr is not None else
            "no learning rate was logged: log it; ")
    advice = (f"Lower the learning rate 10x or more ({rate}SGD usually runs at 0.01 to 0.1, Adam-type optimisers at "
              "1e-5 to 1e-3), then add warm-up and gradient clipping (clip_grad_norm_ at 1.0).",
              f"Restart from scratch or from a checkpoint before {x} {b.step}: the weights after the blow-up sit at "
              "chance and do not come back at this rate.")
    said = f"not recovered: the loss went back to chance ({_chance_words(b).split(',')[0]}) and stayed there"
    findings = tuple(dataclasses.replace(fi, message=fi.message.rsplit(", ", 1)[0] + f", {said}")
                     if fi.kind == "spike" and fi.message.endswith(" recovered") else fi
                     for fi in verdict.findings if fi.kind != "possible_" + verdict.label)
    findings += (Finding(f"possible_{verdict.label}", f"{who_chose(verdict.label, verdict.confidence, verdict.method)}"
                                                      f" on the curve after the blow-up, but the loss blew up "
                                                      f"{times(b.ratio)} at {x} {b.step} and then sat at chance: "
                                                      f"{label}", b.step),) if verdict.label != label else ()
    evidence = {k: val for k, val in verdict.evidence.items() if k in ("rule_scores",)}
    evidence.update(divergence_start_step=b.step, blown_to_chance={
        "series": b.name, "step": b.step, "peak": b.peak, "before": b.before, "ratio": b.ratio,
        "chance_loss": b.chance, "num_classes": b.k, "chance_given": b.given, "end_level": b.end, "lr": b.lr,
        "val_peak": b.val_peak, "val_peak_step": b.val_peak_step, "accuracy": b.acc_name, "accuracy_end": b.acc_end})
    return dataclasses.replace(verdict, label=label, summary=summary, evidence=evidence, findings=findings,
                               advice=advice, method="rules",
                               confidence=CHANCE_CONFIDENCE if b.given else PRESUMED_CONFIDENCE)


def blowup_verdict(verdict: Verdict, curves: Curves, features: RunFeatures) -> Verdict | None:
    """``verdict`` (a shape label: healthy, underfit, overfit, stalled) turned `diverged` when ``lr_blowup`` finds
    the blow-up: its summary and advice, the shape label kept as a ``possible_<label>`` finding, an ``initial_loss``
    finding pointed at the learning rate; else None."""
    if verdict.label not in ("healthy", "underfit", "overfit", "stalled"):
        return None
    b = lr_blowup(curves, features)
    if b is None:
        return chance_verdict(verdict, curves, features)  # the second kind: a blow-up that left the model at chance
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
