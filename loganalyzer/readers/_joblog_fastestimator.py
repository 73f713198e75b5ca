"""FastEstimator's printed log (fastestimator ``trace/io_traces`` ``Logger``, added to every ``fe.Estimator``; used
by ``readers/_joblog_whole.py``), read whole.

Each line is ``FastEstimator-<Mode>: step: <global step>; <key>: <value>; ...;`` -- ``Start`` (settings), ``Train``
(every ``log_steps`` batches: the loss keys of the network's ops, ``steps/sec``; and at each epoch's end ``epoch: N;
epoch_time: T sec;``), ``Eval`` (each epoch: ``epoch``, the evaluated losses and metric traces, ``since_best_<key>``
and ``min_<key>``/``max_<key>`` of the best-model trace), ``Test`` (after training) and ``Finish`` (``total_time``,
the models' final ``<model>_lr``)::

    FastEstimator-Train: step: 1000; base_ce: 1.2336738; steps/sec: 81.68;
    FastEstimator-Train: step: 1000; epoch: 1; epoch_time: 12.53 sec;
    FastEstimator-Eval: step: 1000; epoch: 1; base_ce: 1.1847152; clean_accuracy: 0.5684; since_best_base_ce: 0; min_base_ce: 1.1847152;
    FastEstimator-Test: step: 10000; epoch: 10; clean_accuracy: 0.7178;

(public vbvgadv201: an adversarial-training example's ``baseline.txt``, no line read before: the run was not found).
Read here: each Train key at its step (not ``steps/sec``, ``epoch``, ``epoch_time``: timing and counters), each Eval
key as ``val_<key>`` at its step, an evaluation (not ``since_best_*``/``min_*``/``max_*``: restatements of the best
so far, as the printed ``Best`` of other trainers), each Test key as ``test_<key>``. Start and Finish lines hold no
curve. Values that are not numbers (an array a trace printed) are left out.
"""
from __future__ import annotations

import re

from ._progress import Record, to_float

_LINE = re.compile(rb"(?m)^FastEstimator-(Train|Eval|Test): step: (\d+);([^\r\n]*)")
_PAIR = re.compile(r"\s*([^:;]+?):\s*([^;]*);")
_SKIP = {"steps/sec", "epoch", "epoch_time", "total_time"}
_BEST = re.compile(r"^(?:since_best|min|max)_")
_PREFIX = {"Train": "", "Eval": "val_", "Test": "test_"}


def fastestimator_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every FastEstimator Train/Eval/Test line (module docstring), or None when ``data`` has
    no ``FastEstimator-Train: step:`` line."""
    if data.find(b"FastEstimator-Train: step: ") < 0:
        return None
    out: list[tuple[int, Record]] = []
    for m in _LINE.finditer(data):
        mode, step = m.group(1).decode(), int(m.group(2))
        pairs = _PAIR.findall(m.group(3).decode("utf-8", "replace"))
        epoch = next((to_float(v) for k, v in pairs if k == "epoch"), None)
        values = []
        for key, text in pairs:
            if key in _SKIP or _BEST.match(key):
                continue
            value = to_float(text.split()[0]) if text.split() else None
            if value is not None:
                values.append((_PREFIX[mode] + key, value))
        if values:
            out.append((m.start(), Record("fastestimator", tuple(values), step=step, epoch=epoch,
                                          kind="train" if mode == "Train" else "eval", own_step=True)))
    return out or None
