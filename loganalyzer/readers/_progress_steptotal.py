"""A step's total printed in parentheses after it: ``step: 10 (total: 1814)`` (for ``_progress_bracket``).

PaddleNLP's event-extraction example (public eventextract_paddle ``log/workerlog.0``, audit 41q) logs
``train epoch: 0 - step: 10 (total: 1814) - loss: 0.107434``: the ``total`` is the number of steps the training
runs to, read as a series ``total`` (1814 at every line). ``step_total(record, text)``: a ``total`` value whose key
stands in parentheses right after the step's number is the record's total, no series.
"""
from __future__ import annotations

import re
from dataclasses import replace

_PAREN = re.compile(r"(?i)\b(?:step|iter|iteration|batch)\s*[:=]?\s*\d+\s*\(\s*total\s*[:=]\s*(\d+)\s*\)")


def step_total(record, text: str):
    """``record`` without such a ``total`` series, its ``total`` set; any other record unchanged."""
    if record is None or "total" not in text or not any(n == "total" for n, _ in record.values):
        return record
    m = _PAREN.search(text)
    if m is None:
        return record
    n = int(m.group(1))
    values = tuple((k, v) for k, v in record.values if not (k == "total" and v == n))
    if len(values) == len(record.values) or not values:
        return record
    return replace(record, values=values, total=record.total or n)
