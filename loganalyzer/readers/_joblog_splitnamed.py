"""Epoch lines whose values are named only by their split (used by ``readers/joblog.py`` when no line names a loss).

A normalizing flow's loop (public nice__mnist_flow ``train.log``, a user's NICE on MNIST) prints per epoch ``Epoch
1/1000 | train: 1090.1872 (2.0061 bpd) | val: 1078.6729 (1.9849 bpd) | z_mean: 0.002 | z_std: 0.246 | lr:
0.000100``: the objective (the negative log-likelihood) under the bare split names, its bits-per-dim in brackets.
No line names a loss, so nothing was read. A line starting with its epoch (``Epoch N[/M]``) whose ``|``- or
``,``-separated parts include a bare ``train``/``val``/``valid``/``validation``/``test``/``dev`` value is read at
that epoch: the bare value is the split's objective, ``<split>_loss``; a bracketed ``(x unit)`` beside it is
``<split>_<unit>``; the other ``name: value`` parts keep their names. At least ``MIN_LINES`` such lines, each with
its epoch, or nothing is read (a line mentioning a split stays unread).

The same under a logging prefix with a colon after the epoch and a remark after the last value: public
123412341234a/LLM-homework ``results/train.log``, ``2025-11-04 10:38:56,383 - INFO - Epoch 001: train=2.5584,
val=2.3731, ppl=10.73 [BEST]`` (``(no improve 3/10)`` while early stopping counts): 128 epochs of both losses were
lost ("no line names a loss").

A stage's lines too (``later_stage``): public Gokul-2004/ULF-MRI-nWBV-Regression ``experiments/ssl_mae_run.log``
prints ``  mae pretrain ep  1/25  loss=0.03816`` for a self-supervised pre-training, then ``  ft ep  1/50
train=0.12532  val_r=-0.112`` for the fine-tuning from its encoder: the epoch is ``ep``, after a phase's words, the
parts ``name=value`` separated by spaces. The pre-training's lines name a loss, so this fallback never ran and the
fine-tuning (48 lines) was lost. Where the log's loss-named lines all come before the split-named ones, those are a
later stage of the log, read after them (the epoch counting again from 1: the reader's run rules split the stages).

Parts between spaces may be bracketed and named with ``@``: public adlcv127 ``out_28242032.out`` (a DETR-like
placement model) prints ``Epoch 1  train=0.1303  val=0.1130  (box=0.0514 score=0.0617)  recall@5@0.5=0.178
spearman=0.678``; only ``train_loss`` and ``spearman`` were read. The bracket after a split's value holds that
split's loss terms (``val_box``, ``val_score``) when they add up to its value; other brackets are passed over;
``recall@5@0.5`` keeps its name.
"""
from __future__ import annotations

import re

from ._lazy import lazy_re
from ._progress import NUMBER, Record, clean, to_float

MIN_LINES = 2
# (the counter may stand in brackets, the names after it: a speech-clarity regressor's ``Epoch [1/45] Train: 0.0730 |
# Val: 0.0193 | MAE: 0.1400 | Acc±0.18: 60.8% | LR: 0.000333``, public speechclar165 ``train_log.txt``: not even
# found -- its MSE objective under the bare split names, the epoch in brackets as PyTorch tutorials print it)
_LINE = lazy_re(r"\s*(?:epoch\s*[:#]?|(?:[a-z][\w-]*\s+){0,2}ep)\s*(?:\[\s*(\d+)(?:\s*/\s*(\d+))?\s*\]\s*[|,:]?"
                r"|(\d+)(?:\s*/\s*(\d+))?\s*(?:[|,:]|\s(?=\S+\s*=)))\s*"
                r"(.*?)\s*", re.IGNORECASE)  # 'Epoch 3/50 | train: ..', 'ft ep  3/50  train=.. val_r=..'
_REMARK = re.compile(r"\s+(?:\[[A-Za-z][\w ]*\]|\((?=[^)]*[A-Za-z]{3})[^()]*\))$")  # ' [BEST]', ' (no improve 1/10)'
# 'train=0.1  val_r=0.2': parts between spaces; a bracket may open before a name ('(box=0.05 score=0.06)')
# a unit glued to a value ('ADE=1.0749nm', 't=20.0s': vesseltraj184); a value in a time unit is the epoch's duration
_TIME_UNITS = ("s", "ms", "sec", "min", "h")
_SPACED = re.compile(r"\s+(?=\(?[A-Za-z][\w/.@-]*\s*=)")
_PART = lazy_re(r"([A-Za-z][\w/.@-]*)\s*[:=]?\s*(" + NUMBER + r")(?:\s*\(\s*(" + NUMBER + r")\s*([A-Za-z]\w*)\s*\))?"
                r"(?:(?<=\d)(" + "|".join(("nm", "km", "m", "px", "deg", "%") + _TIME_UNITS) + r"))?", re.IGNORECASE)
_SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test",
           "dev": "val", "eval": "val"}
_NEEDLE = b"rain"


def split_named_line(segment) -> Record | None:
    """The record of one ``Epoch N | train: x | val: y`` line (module docstring), or None."""
    text, _, _ = clean(bytes(segment))  # a logging prefix ('2025-11-04 10:38:56,383 - INFO - ')
    m = _LINE().fullmatch(text)
    if m is None:
        return None
    values, bare, within, bracket = [], 0, None, []
    first, total, rest = m.group(1) or m.group(3), m.group(2) or m.group(4), m.group(5)
    spaced = not ("|" in rest or "," in rest)
    for part in _SPACED.split(rest) if spaced else _bar_parts(rest):
        opens = spaced and part.startswith("(")
        closes = spaced and part.endswith(")") and (opens or within is not None)
        part = part[1:] if opens else part
        part = part[:-1] if closes else part
        p = _PART().fullmatch(part) or _PART().fullmatch(_REMARK.sub("", part))
        if opens:
            within = values[-1][0].removesuffix("_loss") if values and bare else ""
            bracket, whole = [], values[-1][1] if values and bare else None
        prefix = within or ""
        if p is not None and within is not None and (x := to_float(p.group(2))) is not None:
            bracket.append((f"{prefix}_{p.group(1)}" if prefix else p.group(1), x))
        if closes:
            within = None
            values.extend(bracket if _sums_to(bracket, whole) else [])
            continue
        if p is None or within is not None:
            continue
        name, value, extra, unit, glued = p.groups()
        split = _SPLITS.get(name.lower())
        x = to_float(value)
        if x is None or (glued or "").lower() in _TIME_UNITS:
            continue  # ('t=20.0s': the epoch's duration, no metric)
        if split is not None:
            bare += 1
            values.append((f"{split}_loss", x))
            if extra is not None and to_float(extra) is not None:
                values.append((f"{split}_{unit}", to_float(extra)))
        else:
            values.append((f"{prefix}_{name}" if prefix else name, x))
    if not bare:
        return None
    epoch = int(first)
    return Record("splitnamed", tuple(values), step=epoch, epoch=float(epoch), kind="train",
                  total=int(total) if total else None)


def _bar_parts(rest: str) -> list:
    """The parts of a ``|``/``,``-separated line, a part holding several ``name=value`` pairs split between them
    (public vesseltraj184 ``noaa_obs30_pred30_social_stgcnn.log``, a Social-STGCNN vessel forecaster: ``Epoch
    1/100 | train=0.141212 val=0.111062 | ADE=1.0749nm FDE=1.9279nm | lr=1.00e-03 t=20.0s``: 0 rows were read)."""
    parts = []
    for part in re.split(r"\s*[|,]\s*", rest):
        pieces = _SPACED.split(part)
        parts.extend(pieces if len(pieces) > 1 and all("=" in p for p in pieces) else [part])
    return parts


def _sums_to(terms: list, whole: float | None) -> bool:
    """The bracket's terms, each below the split's value, add up to it (within 1%, the printed rounding): its terms
    (adlcv127: val=0.1130 (box=0.0514 score=0.0617)), not settings beside it ('val=0.51 (lr=3.0e-04 best=0.19)',
    breaker, stop 54: read as val_lr and val_best)."""
    if not terms or whole is None or whole <= 0 or any(_NOT_TERM.search(name) for name, _ in terms):
        return False
    return all(0 <= x < 0.99 * whole for _, x in terms) and abs(sum(x for _, x in terms) - whole) <= 0.01 * whole


# a setting or a best-so-far in the bracket is no loss term, whatever it adds up to ('(lr=3.0e-04 best=0.7198)' beside
# val=0.7198: the best equals the value while the run improves)
_NOT_TERM = re.compile(r"(?i)(?:^|_)(?:lr|learning_rate|best|min|max|time|eta|epoch|step|iter|patience)(?:$|_)")


def split_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log of split-named epoch lines (``needle_hits`` is the job-log reader's needle search), or []
    when fewer than ``MIN_LINES``."""
    hits = needle_hits(data, size, _NEEDLE, parse=split_named_line)
    return hits if len(hits) >= MIN_LINES else []


def later_stage(data, size: int, needle_hits, hits: list) -> list:
    """``hits`` (the loss-named lines' hits) and, after the last of them, a later stage's split-named epoch lines
    (module docstring), at least ``MIN_LINES`` of them."""
    last = max((h.offset for h in hits), default=None)
    if last is None or data.find(_NEEDLE, last) < 0:
        return hits  # no 'rain' after the last hit (every log but a few): nothing parsed
    later = [h for h in needle_hits(data, size, _NEEDLE, parse=split_named_line) if h.offset > last]
    return hits + later if len(later) >= MIN_LINES else hits
