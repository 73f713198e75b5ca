"""Keras ``model.fit(verbose=1)`` bars written with newlines (used by ``readers/joblog.py``).

On a terminal Keras redraws its bar with ``\\r`` and the reader keeps only each epoch's last line (the transient
redraws are running means over the epoch so far). Captured by a notebook, ``tee`` or a logger that turns every
redraw into a line (public Allegra42/ki-keras-belgian-traffic-sign ``training_log.txt``: `` 13/285 [>....] - ETA: 5s -
loss: 3.9622 - acc: 0.0577`` one per line), every running mean was a point at the epoch's step (2,302 ``loss``
points over 50 epochs, 91 at step 1) beside the epoch's value. ``epoch_last_lines(hits)`` keeps, of each run of
consecutive Keras training lines at one epoch, the last (``285/285 ... - val_loss: ...``: the epoch's result).
"""
from __future__ import annotations


def epoch_last_lines(hits: list) -> list:
    """``hits`` (steps resolved) without the Keras training lines another Keras line of the same epoch follows."""
    if not any(h.record.shape == "keras" for h in hits):
        return hits
    out = []
    for i, h in enumerate(hits):
        nxt = hits[i + 1] if i + 1 < len(hits) else None
        if (h.record.shape == "keras" and h.record.kind == "train" and nxt is not None and nxt.record.shape == "keras"
                and nxt.record.kind == "train" and nxt.step == h.step and h.step is not None):
            continue
        out.append(h)
    return out
