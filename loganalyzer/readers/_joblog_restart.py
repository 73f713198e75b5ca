"""A different training appended after another, told from a resume (used by ``readers/joblog.py``).

``joblog._segments`` starts a new run where the training step goes back to, or below, the first step of the current
one; a step going back less far is a resume (a later session of the same run, whose points replace the earlier
session's from there on). A second, different training whose first printed step lies above the first training's
(``if step % 10 == 0`` printing step 0, then a script printing ``(step + 1) % 10``; an MLE stage then an RL stage
printing from its own epoch 1 above an MLE log starting at epoch 0) was spliced into the first as a resume, and the
resolved view dropped the first training's later points. kh-kim/simple-nmt's ``train.py`` runs its MRT stage after
the MLE epochs in one process, printing other series (``Epoch 1 - |param|=.. BLEU=..`` after ``Epoch 30 - ..
loss=.. ppl=..``); two ``python train.py`` calls with other arguments print another ``Namespace(...)`` between.

``new_training(data, hits, start, i)`` says whether the train line ``hits[i]`` (its step back, above the run's
first) opens a new training rather than resuming the run begun at ``hits[start]``:
- its series (the names of the next ``LOOK`` training lines) share none with the run's training lines; or
- a loss restarts at its starting level: the run's loss had fallen ``DROP`` x or more by that step, and the new
  line's value is nearer (in log scale) the run's first value than the value it had there; or
- an argument dump (``Namespace(...)``, ``args: {...}``) printed between the two lines differs from every dump
  printed before the run's first line, and nothing between (the dump included) says the job resumed, loaded a
  checkpoint or starts at an epoch (``_RESUMED``).
"""
from __future__ import annotations

import math
import re

LOOK = 8  # training lines read of the new session
DROP = 2.0  # how far the run's loss must have fallen for a restart at its first level to tell
REGION = 1 << 16  # bytes looked at before the run's first line and between the two sessions
_DUMP = re.compile(rb"(?m)^[^\n]{0,80}?(?:\bNamespace\(|\b(?:args|arguments|hparams|hyperparameters|config)\s*[:=]\s*"
                   rb"[{(\[])[^\n]*$", re.IGNORECASE)
# a resume said between the two sessions, in words or in the arguments (MXNet's ``model_load_epoch=3``, a
# ``--resume``/``--init_epoch``/``--ckpt`` flag): conservative, any such word keeps the resume
_RESUMED = re.compile(rb"(?i)resum|restor|load|checkpoint|ckpt|retrain|continu|(?:init|start|begin)_?epoch|warm_?start")


def _train(hits: list, lo: int, hi: int) -> list:
    return [h for h in hits[lo:hi] if h.record.kind == "train" and h.step is not None]


def _dumps(data, lo: int, hi: int) -> set:
    lo = max(lo, hi - REGION)
    return {m.group(0).strip() for m in _DUMP.finditer(bytes(data[lo:hi]))}


def _restarted_loss(before: list, after: list) -> bool:
    """Whether a loss of ``after`` starts again at ``before``'s first level (module docstring)."""
    step = after[0].step
    for tag, value in after[0].record.values:
        if "loss" not in tag.lower() or not (value > 0 and math.isfinite(value)):
            continue
        mine = [(h.step, v) for h in before for t, v in h.record.values if t == tag]
        at = [v for s, v in mine if s <= step]
        if not mine or not at:
            continue
        first, there = mine[0][1], at[-1]
        if first > 0 and there > 0 and first / there >= DROP and \
                abs(math.log(value / first)) < abs(math.log(value / there)):
            return True
    return False


def new_training(data, hits: list, start: int, i: int) -> bool:
    """Whether ``hits[i]`` opens another training than the run from ``hits[start]`` (module docstring)."""
    before = _train(hits, start, i)
    after = []
    for h in hits[i:]:
        if h.record.kind != "train" or h.step is None:
            continue
        if after and h.step < after[-1].step:
            break
        after.append(h)
        if len(after) == LOOK:
            break
    if not before or not after:
        return False
    mine = {t for h in before for t, _ in h.record.values}
    theirs = {t for h in after for t, _ in h.record.values}
    if not mine & theirs or _restarted_loss(before, after):
        return True
    if data is None:
        return False
    between = (before[-1].offset, after[0].offset)
    now = _dumps(data, *between)
    if not now or _RESUMED.search(bytes(data[max(between[0], between[1] - REGION):between[1]])):
        return False
    opened = _dumps(data, 0 if start == 0 else hits[start - 1].offset, before[0].offset)
    return bool(opened) and not now & opened
