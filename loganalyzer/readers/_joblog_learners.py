"""Independent learners printing into one log, each line led by its learner's id (used by ``readers/joblog.py``).

Public terri1102/rl_model_v1 ``output/train.log`` trains one A3C learner per stock, each announced by its header and
then printing its epochs interleaved with the others'::

    [035420] RL:a3c Net:dnn LR:0.001 DF:0.9 TU:[1,5] DRT:0.05
    [051910] RL:a3c Net:dnn LR:0.001 DF:0.9 TU:[1,2] DRT:0.05
    [035420][Epoch 01/10] Epsilon:1.0000 #Expl.:243/243 #Buy:109 ... LC:16 Loss:14.286367 ET:49.1071
    [051910][Epoch 01/10] Epsilon:1.0000 #Expl.:243/243 #Buy:40 ... LC:21 Loss:51.946937 ET:82.9081

Read as one series, every epoch had one line per learner, averaged (``_joblog_repeats``: values the file prints
nowhere) or kept as several points a step. ``learner_prefixes(data, hits, make)``: when the lines opening with
``[id][`` (an id holding a digit, no rank the line parser took, ``MIN_LEARNERS`` ids or more, each on
``MIN_LINES`` lines or more, two of them at one step, an id's lines coming back after another's: interleaved, not
blocks one after another) are the log's training lines, each value is named after its
learner (``Loss_035420``): one series per learner, never a mean of different learners. ``ET`` on those lines is the
learner's elapsed seconds (``ET:49.1071`` growing every epoch), no series. The learners run at their own pace
(one at epoch 30 while another prints epoch 28): ``joblog`` follows each one's steps on its own (``learner``), so a
learner behind another is no step going back (no new run, no resumed session dropping points).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ._linestart import newline_start

_ID = re.compile(rb"[ \t]*\[([A-Za-z0-9_.-]{1,24})\]\[")
_DIGIT = re.compile(rb"\d")
# a model's name in brackets before its line ('[baseline] ep 3 loss 0.64 val 0.66' interleaved with '[ours]     ep 3
# ..': two models trained side by side, a newcomer breaker's log, read as one series of their mean); never a split, a
# log level or a rank (those brackets name the line's part, not a learner)
_NAMED = re.compile(rb"[ \t]*\[([A-Za-z][A-Za-z0-9_.-]{0,23})\][ \t]")
_NOT_MODELS = frozenset({
    b"train", b"training", b"val", b"valid", b"validation", b"eval", b"evaluation", b"evaluate", b"test", b"testing",
    b"dev", b"info", b"warning", b"warn", b"error", b"debug", b"critical", b"fatal", b"trace", b"note", b"notice",
    b"rank", b"main", b"epoch", b"step", b"iter", b"iteration", b"batch", b"done", b"ok", b"summary", b"result",
    b"results", b"best", b"final", b"stats", b"metrics", b"log", b"logger", b"progress", b"status"})
MIN_LEARNERS, MIN_LINES = 2, 2
_TIME_KEYS = frozenset({"ET"})
LEARNER = "learner "  # the record's ``phase``: its learner


def learner_prefixes(data, hits: list, make) -> list:
    """``hits`` with the values of lines led by a learner's id named after it (module docstring); ``make(hit,
    record)`` builds a hit. Unchanged when the log holds no such learners."""
    ids = {}
    for k, h in enumerate(hits):
        if h.record.rank is not None or not h.record.values:
            continue
        start = newline_start(data, h.offset)
        head = bytes(data[start:start + 40])
        m = _ID.match(head)
        if m is not None and _DIGIT.search(m.group(1)):
            ids[k] = m.group(1).decode("ascii")
        elif (m := _NAMED.match(head)) is not None and m.group(1).lower() not in _NOT_MODELS:
            ids[k] = m.group(1).decode("ascii")  # '[baseline] ep 1 loss ..' / '[ours]     ep 1 loss ..' 
    counts = Counter(ids.values())
    if len([i for i, n in counts.items() if n >= MIN_LINES]) < MIN_LEARNERS:
        return hits
    train = [k for k, h in enumerate(hits) if h.record.kind == "train"]
    if not train or any(k not in ids for k in train):
        return hits  # the learners' lines are not the log's training lines
    at = {}
    for k in train:
        at.setdefault(hits[k].step if hits[k].step is not None else hits[k].record.step, set()).add(ids[k])
    if not any(len(v) >= 2 for v in at.values()) or not _interleaved([ids[k] for k in train]):
        return hits  # one id after another, never side by side: not learners printing together
    out = list(hits)
    for k, learner in ids.items():
        r = hits[k].record
        values = tuple((f"{tag}_{learner}", v) for tag, v in r.values if tag not in _TIME_KEYS)
        out[k] = make(hits[k], replace(r, values=values, phase=LEARNER + learner))
    return out


def _interleaved(order: list) -> bool:
    """Whether an id's lines come back after another id's: learners print side by side. Ids in blocks one after
    another (``[fold1][Epoch 01/05]`` .. then ``[fold2][Epoch 01/05]``, a sweep's ``[lr1e-3][..]`` then
    ``[lr1e-4][..]``, or ``[1][100/500]`` .. ``[2][100/500]``: 1-based epochs) are sequential trainings or epochs."""
    done, cur = set(), None
    for i in order:
        if i == cur:
            continue
        if i in done:
            return True
        if cur is not None:
            done.add(cur)
        cur = i
    return False


def learner(record) -> str | None:
    """The learner whose line ``record`` is (``learner_prefixes``), or None: ``joblog`` follows each learner's steps
    on their own (one learner ahead of another is no step going back, no resumed session)."""
    phase = record.phase
    return phase if phase is not None and phase.startswith(LEARNER) else None
