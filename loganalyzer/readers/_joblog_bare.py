"""Bare loss prints with no step beside a log's counted training lines (used by ``readers/joblog.py``).

I-JEPA fine-tuning's ``nohup2.out``: between the epoch's ``[e, i/N] train_loss: ..`` lines and its ``avg. ..``
summaries, a debugging ``print("Loss:", loss.item())`` in the evaluation loop writes ``Loss: 10.918336868286133``
several times in a row. Such a line names no step, no epoch and no split: it went to the step of the training line
before it, several values at one step under a name the training lines do not use (``Loss`` beside ``train_loss``).
Where the log's training lines print their own steps, runs of two or more such one-value lines at one step are left
out, and a line says how many and where the first is.
"""
from __future__ import annotations

import re

from ._joblog_ending import _count_lines

_SPLIT = re.compile(r"(?i)(?:^|[^a-z])(?:train|training|val|valid|validation|eval|evaluation|test|dev)(?:$|[^a-z])")


def drop_bare_losses(data, hits: list, notes: list) -> list:
    """``hits`` without the bare loss prints (module docstring); a note in ``notes`` when any was left out."""
    stepped = [h for h in hits if h.record.own_step and h.record.kind == "train"]
    if len(stepped) < 2:
        return hits
    named = {t for h in stepped for t, _ in h.record.values}

    def bare(h) -> bool:
        r = h.record
        return (r.shape == "kv" and r.kind == "eval" and not r.own_step and r.epoch is None and len(r.values) == 1
                and "loss" in r.values[0][0].lower() and r.values[0][0] not in named
                and not _SPLIT.search(r.values[0][0]))

    at_step: dict = {}
    for h in hits:
        if bare(h):
            at_step.setdefault((h.record.values[0][0], h.step), []).append(h)
    dropped = {id(h) for group in at_step.values() if len(group) >= 2 for h in group}
    if not dropped:
        return hits
    first = min((h for h in hits if id(h) in dropped), key=lambda h: h.offset)
    tag = first.record.values[0][0]
    line = _count_lines(data, 0, first.offset) + 1
    notes.append(f"{len(dropped)} bare '{tag}' lines with no step (the first at line {line:,}), printed several "
                 "times between the training lines that print their own steps, left out: no step to place them at "
                 "(an evaluation or debugging print)")
    return [h for h in hits if id(h) not in dropped]
