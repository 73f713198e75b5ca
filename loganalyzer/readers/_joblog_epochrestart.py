"""Step-less launches appended to one log, each opening with its epoch counter at the start again (used by
``readers/joblog.py``).

A script logging through a ``logging.FileHandler`` in append mode keeps every launch in one file. When its progress
lines print no step (``Meta batch loss: 236.01``, ``Total train loss: 10897.7``: points at their ordinals) and its
epoch header is a shape no other rule reads as an epoch (``Meta epoch 0...``), ``joblog._segments`` never sees a
step go back, and ``_joblog_banners`` / ``_joblog_launchblock`` want pieces of two points or a start-up block of
five lines. Public ANarayan/DAMSL-CS224N-FinalProject ``train.log`` (commit fedf0d8e, 876 lines, 2020-03-08 to
03-11) holds about 70 launches, each printing::

    2020-03-09 14:46:54,500:INFO: Loading the datasets...
    2020-03-09 14:46:54,500:INFO: -done
    2020-03-09 14:46:54,866:INFO: Starting MAML for 20 meta epoch(s)
    2020-03-09 14:46:57,410:INFO: Meta epoch 0...
    2020-03-09 14:50:45,105:INFO: Total train loss: 10891.693046113945

most killed during epoch 0. Glued into one curve, the last launches' first-epoch losses (6807, 2935, 10897, 1983)
after an earlier launch's 1.054 read as `diverged` 0.98, "keep the checkpoint from step 187" -- an ordinal no line
prints.

``split_epoch_restarts``: in a step-less run (``_joblog_banners.stepless``), a line between two points that is no
point and names an epoch (``\\bepoch\\W{0,3}N``; no progress bar) at or below the epoch the run's first such header
named (0 or 1: the counter at its start again), printed as that header was (the same line once its numbers are
left out: ``Best model from epoch 0`` is no header), opens a new launch when, since the last launch began, an epoch
header named a higher number (the counter went back) or that gap prints again a line printed before the run's first
point other than the header (the start banner, ``Starting MAML for # meta epoch(s)``) that is printed in at most
half the gaps (a line printed every epoch is no banner). A later piece printing only series no other piece prints
(an evaluation of the trained model) stays with the one before (``_joblog_launchblock._with_evaluations``). Each
later piece counts its points from the run's first step, as ``_joblog_banners``.
"""
from __future__ import annotations

import re

from ._joblog_banners import _BAR, _DIGITS, _SPACE
from ._joblog_launchblock import _with_evaluations, split_stepless
from ._joblog_launches import _line_end

_EPOCH = re.compile(rb"(?i)\bepoch\b\W{0,3}(\d+)")
REGION = 1 << 16  # bytes of a gap read (as _joblog_startup.REGION)


def _gap_lines(data, lo: int, hi: int) -> list[tuple[bytes, int | None]]:
    """The non-blank lines of ``data[lo:hi]`` as (digits-masked key, the epoch it names or None), bars left out."""
    out = []
    for line in bytes(data[max(lo, hi - REGION):hi]).splitlines():
        key = _SPACE.sub(b" ", _DIGITS.sub(b"#", line)).strip()
        if len(key) < 4 or _BAR.search(key) or not any(c.isalpha() for c in key.decode("utf-8", "replace")):
            continue
        found = _EPOCH.search(line)
        out.append((key, int(found.group(1)) if found else None))
    return out


def split_epoch_restarts(data, hits: list, bounds: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) with each step-less run split where its epoch counter
    starts again (module docstring); the later pieces' ``step`` re-based to the run's first (changed in place)."""
    return split_stepless(data, hits, bounds, notes, _pieces,
                          "the epoch counter starting again (a launch appended to the same log)")


def _pieces(data, hits: list, a: int, b: int) -> list[tuple[int, int]]:
    before = _gap_lines(data, _line_end(data, hits[a - 1].offset) if a else 0, hits[a].offset)
    first, header = next(((n, k) for k, n in reversed(before) if n is not None), (None, None))
    if first is None or first > 1:
        return []
    banner_keys = {k for k, n in before if n is None}
    gaps = [_gap_lines(data, _line_end(data, hits[i - 1].offset), hits[i].offset) for i in range(a + 1, b)]
    seen: dict[bytes, int] = {}
    for gap in gaps:
        for key in {k for k, n in gap if n is None} & banner_keys:
            seen[key] = seen.get(key, 0) + 1
    banners = {k for k, n in seen.items() if n * 2 <= len(gaps)}
    starts, highest = [a], first
    for k, gap in enumerate(gaps):
        restart, banner = False, False
        for key, n in gap:
            if n is None:
                banner = banner or key in banners
                continue
            if key != header:  # 'Saving the best model of epoch 0' is no header of the loop
                continue
            if n <= first and (highest > n or banner):
                restart = True
            highest = max(highest, n)
        if restart:
            starts.append(a + 1 + k)
            highest = first
            for key, n in reversed(gap):  # the headers after the restart's own one (killed launches printed none)
                if n is not None and key == header:
                    highest = n
                    break
    if len(starts) < 2:
        return []
    return _with_evaluations(hits, list(zip(starts, starts[1:] + [b])))
