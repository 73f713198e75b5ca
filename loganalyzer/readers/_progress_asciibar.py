"""A hand-drawn ASCII progress bar with its count and ``key=value`` fields (for ``_progress_bracket.leading_counter``).

A C++/CUDA GPT trainer (public cgpt_cpp ``training_output.txt``, audit 41q) redraws one line per validation::

    Training [===                                     ] 8.5% 5000/58874 | 4.62 it/s | ETA: 11664.8 s | loss=3.910492 | validation_loss=3.908841
    Training [========================================] 100.0% 58874/58874 | 4.62 it/s | ETA: 0.0 s | loss=3.302037 | validation_loss=3.282484 | Total time: 127

The ``n/N`` after the bar's percentage is the step (the lines were at their ordinals 1..13), and the description
was glued to the first key (``Training_loss``): each name is the key as printed (``loss``). Only a line opening with
a description (a word or two), a bracketed bar of ``=``/``#``/``>``/``-``/``.``/spaces and a percentage.

A bar whose description names an evaluation (``Validation [==========] 100.0% 200/200 | 40.1it/s | loss=1.9000``
after ``Training [====      ] 33.3% 1000/3000 | .. | loss=1.5``) counts the evaluation's batches, not the training's
steps: its values are the split's (``val_loss``, ``test_loss``), and ``bar_evals`` places them, and any step-less
evaluation line after the training bars (``Validation: loss=2.2000 acc=0.600`` after ``Epoch 1/3`` and its bars
counting 250..1000 again), at the last training bar's step (the lines had been read as training losses at step 200,
the log split into runs, or the evaluations left at their epochs 1, 2, 3 before the bars' steps).
"""
from __future__ import annotations

import re
from dataclasses import replace

_EVAL_WORDS = {"validation": "val", "validating": "val", "valid": "val", "val": "val", "eval": "val",
               "evaluation": "val", "evaluating": "val", "dev": "val", "test": "test", "testing": "test"}
_EVAL_TAG = re.compile(r"(?i)^(?:val|valid|validation|eval|evaluation|test|testing|dev)_")
# the same bar described by its epoch ('Epoch 2 [=====     ] 50.0% 500/1000 | 12.3 it/s | ..': stop 41's breaker case 4,
# read as one point an epoch, four lines averaged, with a warning)
_EPOCH_BAR = re.compile(r"^\s*[Ee]poch\s+(\d{1,6})(?:\s*/\s*\d{1,6})?\s*\[[=#>\-. *]{4,}\]\s*\d{1,3}(?:\.\d+)?%\s+(\d+)\s*/\s*"
                        r"(\d+)(?!\d)")
_BAR = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*\[[=#>\-. *]{4,}\]\s*\d{1,3}(?:\.\d+)?%\s+(\d+)\s*/\s*(\d+)(?!\d)")


def ascii_bar(record, text: str):
    """``record`` at the bar's ``n`` (total ``N``), its names as printed; None when ``text`` is no such bar line."""
    if record is not None and record.epoch is not None and (m := _EPOCH_BAR.match(text)) is not None:
        return _epoch_bar(record, m)
    if record is None or record.step is not None or record.epoch is not None:
        return None
    m = _BAR.match(text)
    if m is None:
        return None
    n, total = int(m.group(2)), int(m.group(3))
    if total <= 0 or n > total:
        return None
    glued = m.group(1).strip().replace(" ", "_") + "_"
    split = _EVAL_WORDS.get(m.group(1).strip().split(" ")[0].lower())
    if split is not None:  # 'Validation [====] 100.0% 200/200 | loss=1.9': the evaluation's batches, not a step
        values = tuple((f"{split}_{t[len(glued):]}" if t.startswith(glued) else t, v) for t, v in record.values)
        return replace(record, values=values, kind="eval")
    values = []
    for name, value in record.values:
        if name.startswith(glued) and re.search(r"(?<![\w.])" + re.escape(name[len(glued):]) + r"\s*[=:]", text) \
                and not re.search(r"(?<![\w.])" + re.escape(name) + r"\s*[=:]", text):
            name = name[len(glued):]
        values.append((name, value))
    return replace(record, values=tuple(values), step=n, total=total, kind="train", own_step=True)


def _epoch_bar(record, m):
    """``record`` of an ``Epoch e [====] 25.0% 250/1000 | .. | loss=1.6`` line at ``e x N + n`` (``per_epoch`` N,
    so that ``_joblog_epochlen.one_based_epochs`` moves a log counting epochs from 1 one epoch back), or None."""
    epoch, n, total = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if total <= 0 or n > total or record.epoch != epoch or epoch * total >= 1 << 62:
        return None
    return replace(record, step=epoch * total + n, total=total, kind="train", own_step=True, per_epoch=total)


def drop_final_redraw(data, hits: list) -> list:
    """``hits`` less such a bar's last line drawn again at its end (``58874/58874`` twice, the second with its ``Total
    time``: one point, not two at one step); unchanged otherwise (used by ``readers/joblog.py``)."""
    drop = set()
    for i in range(1, len(hits)):
        a, b = hits[i - 1].record, hits[i].record
        if b.step is None or b.step != a.step or b.total != a.total or b.step != b.total or b.values != a.values:
            continue
        start = data.rfind(b"\n", 0, hits[i].offset) + 1
        line = bytes(data[start:start + 400]).split(b"\n", 1)[0].decode("utf-8", "replace")
        if _BAR.match(line.rsplit("\r", 1)[-1]):
            drop.add(i)
    return [h for i, h in enumerate(hits) if i not in drop] if drop else hits


def bar_evals(data, hits: list) -> None:
    """Place, in place, each step-less evaluation hit after an ASCII training bar at that bar's step (module
    docstring); no change in a log without such bars."""
    last = None
    for h in hits:
        r = h.record
        if r.kind == "train" and r.shape == "kv" and r.total is not None and h.step is not None:
            start = data.rfind(b"\n", 0, h.offset) + 1
            line = bytes(data[start:start + 400]).split(b"\n", 1)[0].decode("utf-8", "replace")
            if _BAR.match(line.rsplit("\r", 1)[-1]):
                last = h.step
            continue
        if last is None or r.own_step or not r.values:
            continue
        if r.kind == "eval" or all(_EVAL_TAG.match(t) for t, _ in r.values):
            h.record = replace(r, step=last)
            h.step = last
