"""Evaluation lines printed just before the training line that reports their step (used by ``readers/joblog.py``).

A step-less evaluation line (``kind == "eval"``, no step of its own) takes the step of the training line before it
(``_joblog_steps``). Some loops evaluate first and print the step's line after: public DengYangyong/
medical_entity_recognize (``logs/train.log``, 30123cd) logs conlleval's ``accuracy:  91.70%; precision:  78.11%;
recall:  74.70%; FB1:  76.36`` at 20:07:18,142 and then ``Iter: 200 | Train Loss: ... | Dev F1-macro: 0.7579`` at
20:07:18,249, 69 s after ``Iter: 100``: every conlleval point sat one evaluation early, and the one before a
relaunch's ``Iter: 0`` was a second point at the previous run's last step.

``ahead_evals(hits)``: a run of step-less evaluation lines whose last timestamp is within ``NEAR`` seconds of the
next training line's, that line coming ``FAR`` times longer (and ``SLOW`` seconds or more) after the training line
before (or being the first),
takes the next training line's step when every line of the run is within ``NEAR`` seconds of its last. Lines without a parsable timestamp are left as they are.
"""
from __future__ import annotations

import re
from datetime import datetime

NEAR = 2.0  # seconds between the evaluation's last line and the training line that reports it
FAR = 10.0  # the training line before is at least this many times farther back
SLOW = 10.0  # and at least this many seconds back (timestamps to the second cannot tell a fast loop's order)
_STAMP = re.compile(r"(?:(\d{4})[-/](\d\d)[-/](\d\d)[ T_])?(\d\d):(\d\d):(\d\d)(?:[.,](\d{1,6}))?")


def seconds(stamp: str | None) -> float | None:
    """Seconds of a line's timestamp prefix (``2020-05-26 20:07:18,142``, ``20:07:18.1``), or None."""
    if not stamp:
        return None
    m = _STAMP.search(stamp)
    if m is None:
        return None
    y, mo, d, h, mi, s, frac = m.groups()
    base = 0.0
    if y:
        try:
            base = datetime(int(y), int(mo), int(d)).timestamp()
        except ValueError:
            return None
    return base + int(h) * 3600 + int(mi) * 60 + int(s) + (float("0." + frac) if frac else 0.0)


def ahead_evals(hits: list) -> int:
    """Moves such evaluation lines' ``step`` to the next training line's (module docstring); how many moved."""
    moved, previous, group = 0, None, []  # previous: time of the last training line; group: pending eval hits
    for h in hits:
        r = h.record
        if r.kind == "train" and h.step is not None:
            now = seconds(r.time)
            last = seconds(group[-1].record.time) if group else None
            if group and now is not None and last is not None and 0 <= now - last <= NEAR and (
                    previous is None or now - previous >= max(FAR * (now - last), SLOW)):
                stamps = [seconds(g.record.time) for g in group]
                if all(at is not None and last - at <= NEAR for at in stamps):  # the whole group printed together:
                    # lines spread over the interval (per-batch progress, public CatVSDog's 'train --- Current
                    # batch:1600/1600  loss:' printed in the ms before its epoch line) are not one evaluation
                    for g in group:
                        g.step = h.step
                    moved += len(group)
            group, previous = [], now
        elif r.kind == "eval" and r.step is None and r.epoch is None:
            group.append(h)
        elif r.kind != "eval":
            group = []
    return moved
