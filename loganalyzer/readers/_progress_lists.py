"""A bracketed list of names with a bracketed list of values, ``Epoch 10    [Avg. Loss, Loss]: [10.4449, 7.1693], 0``
(public erikdengerud/GPTime-Series ``job.out``: ``logger.info(f"Epoch {ep}\\t[Avg. Loss, Loss]: {[avg, loss]}, ...")``):
one record, each name paired with the value at its place (for ``_progress_text.rewrite``). Read as pairs, nothing
matched (a name list is no key), so the log had "no line holding a loss" and a job dying after 200 epochs was said
to die "before any progress was printed". ``paired_lists(text)`` writes them ``Avg_Loss: 10.4449, Loss: 7.1693``.
"""
from __future__ import annotations

import re

_NUMBER = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_LISTS = re.compile(r"\[\s*([A-Za-z][\w .@/-]*(?:\s*,\s*[A-Za-z][\w .@/-]*)+)\s*\]\s*[:=]\s*"
                    r"[\[(]\s*(" + _NUMBER + r"(?:\s*,\s*" + _NUMBER + r")+)\s*[\])]")
_NON_WORD = re.compile(r"[^\w/@-]+")


def _pairs(m: re.Match) -> str:
    names = [_NON_WORD.sub("_", n.strip()).strip("_") for n in m.group(1).split(",")]
    values = [v.strip() for v in m.group(2).split(",")]
    if len(names) != len(values) or not all(names):
        return m.group(0)
    return ", ".join(f"{n}: {v}" for n, v in zip(names, values))


def paired_lists(text: str) -> str:
    """``text`` with each ``[name, name]: [value, value]`` written as ``name: value`` pairs (module docstring)."""
    return _LISTS.sub(_pairs, text)
