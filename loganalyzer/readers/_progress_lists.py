"""Several values under one printed name (for ``_progress_text.rewrite``).

A bracketed list of names with a bracketed list of values, ``Epoch 10    [Avg. Loss, Loss]: [10.4449, 7.1693], 0``
(public erikdengerud/GPTime-Series ``job.out``: ``logger.info(f"Epoch {ep}\\t[Avg. Loss, Loss]: {[avg, loss]}, ...")``):
one record, each name paired with the value at its place (for ``_progress_text.rewrite``). Read as pairs, nothing
matched (a name list is no key), so the log had "no line holding a loss" and a job dying after 200 epochs was said
to die "before any progress was printed". ``paired_lists(text)`` writes them ``Avg_Loss: 10.4449, Loss: 7.1693``.

``lr(main/disc) 3.00e-04/1.00e-04`` (public X-7D1C11010/Dual_D ``train_dual_d.log``: two optimizers' rates, and
``grad(main/disc) 28.856/0.000``) was dropped without a word: ``name(a/b) x/y`` -> ``name_a: x | name_b: y``.

A line opening with a bare ``n/N`` counter, ``0/10105, Loss: 3.85 Acc: 0.52`` (public Capstone_DL_Object_detection
after its clock is dropped), counts from it: ``step 0/10105, ...`` (it was step 1 by line order).

A value printed as a count and its share, ``Test Accuracy : 64998/116323 (55.9%)`` (public emnist58
``training_logs.txt``, the PyTorch-example ``correct/len(dataset) (100. * correct / len)`` written under a key of its
own), is the share: ``count_percent`` keeps ``55.9%`` (the count 64998 had been the accuracy).
"""
from __future__ import annotations

import re

from ._lazy import lazy_re

_NUMBER = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_LISTS = lazy_re(r"\[\s*([A-Za-z][\w .@/-]*(?:\s*,\s*[A-Za-z][\w .@/-]*)+)\s*\]\s*[:=]\s*"
                    r"[\[(]\s*(" + _NUMBER + r"(?:\s*,\s*" + _NUMBER + r")+)\s*[\])]")
_NON_WORD = lazy_re(r"[^\w/@-]+")


def _pairs(m: re.Match) -> str:
    names = [_NON_WORD().sub("_", n.strip()).strip("_") for n in m.group(1).split(",")]
    values = [v.strip() for v in m.group(2).split(",")]
    if len(names) != len(values) or not all(names):
        return m.group(0)
    return ", ".join(f"{n}: {v}" for n, v in zip(names, values))


def paired_lists(text: str) -> str:
    """``text`` with each ``[name, name]: [value, value]`` written as ``name: value`` pairs (module docstring)."""
    return _LISTS().sub(_pairs, text)


_SLASHED = lazy_re(r"(?<![\w./-])([A-Za-z][\w.-]*)\(\s*([A-Za-z]\w*)\s*/\s*([A-Za-z]\w*)\s*\)\s*[:=]?\s*(" + _NUMBER
                      + r")\s*/\s*(" + _NUMBER + r")(?![\w.])")
_COUNT_PERCENT = lazy_re(r"(?<=[:=])(\s*)\d+\s*/\s*\d+\s*\(\s*(\d+(?:\.\d*)?)\s*%\s*\)")
_LEAD_COUNTER = lazy_re(r"^(\d+)\s*/\s*(\d+)\s*[,:|;]\s*(?=[A-Za-z])")


def slashed_pairs(text: str) -> str:
    """``text`` with ``name(a/b) x/y`` written as ``name_a: x | name_b: y`` (module docstring)."""
    return _SLASHED().sub(lambda m: f"{m.group(1)}_{m.group(2)}: {m.group(4)} | {m.group(1)}_{m.group(3)}: {m.group(5)}",
                        text)


def lead_counter(text: str) -> str:
    """``text`` with an opening bare ``n/N,`` counter written ``step n/N,`` (module docstring)."""
    return _LEAD_COUNTER().sub(lambda m: f"step {m.group(1)}/{m.group(2)}, ", text, count=1)


def count_percent(text: str) -> str:
    """``text`` with a key's ``correct/total (p%)`` value written ``p%`` (module docstring)."""
    return _COUNT_PERCENT().sub(lambda m: f"{m.group(1)}{m.group(2)}%", text)
