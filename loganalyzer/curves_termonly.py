"""A detector whose only logged losses are its objective's terms, named without the word "loss": judge those terms.

MXNet's SSD example (``train/metric.py``'s ``MultiBoxMetric``) reports through ``mx.callback.Speedometer``::

    Epoch[145] Batch [20]	Speed: 36.22 samples/sec	Train-Acc=0.774131
    Epoch[145] Batch [20]	Speed: 36.22 samples/sec	Train-ObjectAcc=0.096522
    Epoch[145] Batch [20]	Speed: 36.22 samples/sec	Train-SmoothL1=40.250340
    Epoch[0] Train-SmoothL1=16.351278

Its box-regression term ``SmoothL1`` is a loss, its class term is reported as accuracies (``Acc``, ``ObjectAcc``),
and no total is printed. Public BingzheWu/ssd-sign ``train.log`` (commit e3037d0c, 3591 lines, seven launches) was
`unknown` 1.00 in all seven runs: "no series named like a loss ... Only accuracies were found (`train_Acc`)", while
``curves_align._components`` listed ``train_SmoothL1`` as a loss component on the same run.

``term_losses(cands)``: where nothing else is a loss (the last fallback of ``curves.find_curves``), the candidates
named only by detector terms (``curves_names.DETECTOR_TERMS``: box, cls, obj, giou, l1 ...) or ``TERM_WORDS`` (a
term's loss-function name: smooth l1, l2, huber) under a split marker or none, with two or more points, not all 0.0, no accuracy,
weight or running-best word among its words. Several terms of one split are summed as Ultralytics' are
(``curves_align._summed``, by ``summed_terms``); one is judged alone. [] when none.
"""
from __future__ import annotations

from .curves_names import ACC_WORDS, COMPONENT_KNOBS, DETECTOR_TERMS, PLAIN_WORDS, RUNNING_MIN, _Cand

# a term's own loss-function words (MXNet SSD 'SmoothL1' -> smooth, l1; Faster R-CNN 'RPNL1Loss' names 'loss')
TERM_WORDS = frozenset({"smooth", "l1", "l2", "huber"}) | DETECTOR_TERMS
# a bare `l1` / `l2` is no term on its own: `prec | rec | l2` prints a classifier's weight norm (test_verdict50)
NAMING_WORDS = TERM_WORDS - {"l1", "l2"}


def term_losses(cands: list[_Cand]) -> list[_Cand]:
    """The detector-term candidates judged as the losses when no series is named like one (module docstring)."""
    excluded = ACC_WORDS | COMPONENT_KNOBS | RUNNING_MIN
    return [c for c in cands if c.n >= 2 and c.marker in ("train", "val", "test", None) and not c.all_zero
            and c.rest & NAMING_WORDS and not c.rest - TERM_WORDS - PLAIN_WORDS and not c.wordset & excluded]


def summed_terms(side: list[_Cand], marker: str) -> list[_Cand]:
    """The terms of one split (``marker``; train also takes the unmarked) to sum: two or more distinct terms (their
    ``rest`` words) in one directory, the last-named variant of each kept; [] when there is one term (judged alone)."""
    found: dict[tuple, _Cand] = {}
    for c in side:
        if (c.marker or "train") == marker and not c.summary:
            found.setdefault((c.dir, frozenset(c.rest - PLAIN_WORDS)), c)
    by_dir: dict[str, list[_Cand]] = {}
    for (d, _), c in found.items():
        by_dir.setdefault(d, []).append(c)
    best = max(by_dir.values(), key=len, default=[])
    return sorted(best, key=lambda c: c.tag) if len(best) >= 2 else []
