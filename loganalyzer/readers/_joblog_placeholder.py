"""An evaluation metric printed as ``inf`` before its first evaluation (used by ``readers/joblog.py``).

A loop that prints its validation metrics every epoch from a variable initialised to ``float('inf')`` writes that
placeholder until the first evaluation ran (public windpow seq2seq ``..._train_20251109_143733.log``: ``Epoch 1/2000
train_eps_loss=0.536957 val_mae=inf val_rmse=inf ...``, then ``val_mae=371.863`` from epoch 2 on). Read as it
stands, the run had a non-finite value: a divergence to the verdicts. In each run, a series named for an evaluation
split (``val``/``valid``/``validation``/``eval``/``test``/``dev``) whose first value is ``inf``/``-inf`` and whose
later values (at least one) are all finite has that first value left out, with one line naming the series, the
line and why. A training loss that starts at ``inf``, or an ``inf`` after a finite value, stays a value.
"""
from __future__ import annotations

import math
import re
from decimal import Decimal
from dataclasses import replace

from ._joblog_ending import _count_lines

_EVAL = re.compile(r"(?i)(?:^|[^a-z])(?:val|valid|validation|eval|evaluation|test|dev)(?:$|[^a-z])")


def drop_inf_placeholders(data, hits: list, segments: list, notes: list) -> list:
    """``hits`` with the placeholders of the module docstring taken out of their records (in place; ``segments``,
    (first, end) hit indexes of each run, stay valid: a line holding nothing but the placeholder keeps it)."""
    for first, end in segments:
        seen: dict = {}
        for i in range(first, end):
            for tag, value in hits[i].record.values:
                if isinstance(value, float) and tag not in seen:
                    seen[tag] = (i, value, [])
                elif tag in seen:
                    seen[tag][2].append(value)
        for tag, (i, value, later) in seen.items():
            if not (math.isinf(value) and later and _EVAL.search(tag)
                    and all(isinstance(v, float) and math.isfinite(v) for v in later)):
                continue
            h = hits[i]
            kept = tuple((t, v) for t, v in h.record.values if t != tag)
            if not kept:
                continue  # a line holding only the placeholder: no record is emptied (it stays a value)
            h.record = replace(h.record, values=kept)
            line = _count_lines(data, 0, h.offset) + 1
            notes.append(f"line {line}: '{tag}={value}' left out: the first '{tag}' of the run, printed before its "
                         f"first evaluation ({len(later)} later values, all finite): a placeholder, not a value")
    return hits


# The same placeholder as a zero: public ptrans137 ``train_log_spconv.txt`` prints ``Epoch [91/300] - Train Loss:
# 0.0891, Validation Loss: 0.0000, Time: ..`` for the 70 epochs its loop skipped validation (the variable left at 0),
# between validation losses of 0.06-0.14; a Galaxy-Zoo trainer's ``trainingNmbrs_*.txt`` prints ``0.0`` in its
# ``mean_valid_loss`` column until its first validation (public kerasgalaxies139). Read as values, the loss fell to
# zero and jumped back: a validation "minimum" of 0. A loss (``loss`` in the name) of an evaluation split printed as
# exactly 0 on a line holding another value, in a run where that series also holds at least ``_ZERO_MIN_OTHERS``
# values none of which is below ``_ZERO_FLOOR`` in size (so no rounding printed it as 0), is left out, with one line
# -- unless the series reaches 0 by rounding: its smallest other value is one printed unit (the finest decimal its
# values show: 0.001 elsewhere, ``test_loss:0.000`` at 3 decimals), the zero is within one unit of the last value
# before it (``val_loss: 0.01`` then ``0.00`` at ``:.2f``), or one more step of the fall of the last ``_ZERO_TREND``
# values before it reaches 0 (``%.1f``: 1.5, 0.5, 0.5, then 0.0): a converged loss rounded to 0 stays a value.
_ZERO_MIN_OTHERS = 2
_ZERO_FLOOR = 1e-3
_ZERO_TREND = 3


def _unit(values: list) -> float:
    """One unit of the finest decimal printed among ``values`` (0.01 for 0.02, 0.5, 1.25)."""
    return 10.0 ** min(min(Decimal(repr(v)).as_tuple().exponent for v in values), 0)


def _fell_to_zero(before: list, unit: float) -> bool:
    """The nonzero values ``before`` a zero reach it: the last within one unit of 0, or the last less the mean fall
    per step over the last ``_ZERO_TREND`` values."""
    if not before:
        return False
    recent = before[-_ZERO_TREND:]
    fall = (recent[0] - recent[-1]) / (len(recent) - 1) if len(recent) > 1 else 0.0
    return abs(recent[-1]) <= unit * 1.0001 or (fall > 0 and recent[-1] - fall <= unit * 1.0001)


def drop_zero_placeholders(data, hits: list, segments: list, notes: list) -> list:
    """``hits`` with the zero placeholders above taken out of their records (in place; ``segments`` stay valid)."""
    for first, end in segments:
        series: dict = {}
        for i in range(first, end):
            for tag, value in hits[i].record.values:
                if isinstance(value, float) and "loss" in tag.lower() and _EVAL.search(tag):
                    series.setdefault(tag, []).append((i, value))
        for tag, points in series.items():
            others = [abs(v) for _, v in points if v != 0.0 and math.isfinite(v)]  # a NaN/inf shows no decimals
            if len(others) < _ZERO_MIN_OTHERS or min(others) < _ZERO_FLOOR:
                continue
            unit = _unit(others)
            if min(others) <= unit * 1.0001:
                continue  # 0.001 elsewhere at 3 decimals: a 0.000 is the same rounding, a value
            zeros = [i for k, (i, v) in enumerate(points)
                     if v == 0.0 and not _fell_to_zero([x for _, x in points[:k] if x and math.isfinite(x)], unit)]
            if not zeros or any(len(hits[i].record.values) < 2 for i in zeros):
                continue
            for i in zeros:
                hits[i].record = replace(hits[i].record, values=tuple((t, v) for t, v in hits[i].record.values
                                                                       if t != tag))
            lines = [_count_lines(data, 0, hits[i].offset) + 1 for i in (zeros[0], zeros[-1])]
            notes.append(f"lines {lines[0]}-{lines[1]}: {len(zeros)} '{tag}' value(s) printed as 0 left out: an "
                         f"evaluation loss never below {min(others):.4g} elsewhere in the run, and not falling "
                         "toward 0 before them, is no 0 (a placeholder printed where no evaluation ran)")
    return hits
