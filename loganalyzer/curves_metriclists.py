"""The task metrics listed beside the chosen validation metric (moved out of ``curves_names``, which still answers
for both names on first use): ``other_val_metrics`` (the metrics of the chosen one's split with >= 2 finite logs,
by name: what a check on one metric must not contradict) and ``never_finite_metrics`` (metrics and accuracies of
>= 2 logs none finite, best-ranked first: reported on their own by ``verdict_nan``). Both take the ``curves_names``
candidates (``_Cand``: a (dir, tag) series with its words, values as float64) and return a list of them; no
thresholds beyond the 2 logs a role needs (``_choose_val_metric``), nothing raised.
"""
from __future__ import annotations

import numpy as np

from .curves_names import _Cand, _is_acc, _is_metric, metric_word


def other_val_metrics(cands: list[_Cand], chosen: _Cand | None) -> list[_Cand]:
    """The task metrics logged beside the chosen validation metric with the same split marker (>= 2 finite logs),
    by name: what a check on one metric must not contradict (a VAE whose val_mcc stayed flat while val_r2 rose)."""
    if chosen is None:
        return []
    return sorted((c for c in cands if c is not chosen and _is_metric(c) and c.marker == chosen.marker and c.n >= 2
                   and np.isfinite(c.values()).sum() >= 2), key=lambda c: c.name)


def never_finite_metrics(cands: list[_Cand]) -> list[_Cand]:
    """Task metrics and accuracies of >= 2 logs none of which is finite (an AUC of a validation split holding one
    class, an F1 of a class that never occurs: 0/0 at every evaluation), best-ranked first: no role can take them
    (``_choose_val_metric`` needs 2 finite logs), so they are reported on their own (``verdict_nan``)."""
    found = [c for c in cands if (_is_metric(c) or _is_acc(c)) and c.n >= 2 and not np.isfinite(c.values()).any()]
    return sorted(found, key=lambda c: (metric_word(c.tag)[0] if metric_word(c.tag) else -1, c.name))
