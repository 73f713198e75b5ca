"""An event file of one test's per-horizon figures (step = forecast horizon, not training time): no curve.

Traffic-forecasting modules test once after training and write each output step's error at the step's index:
``for h in range(12): self.logger.experiment.add_scalar("Test/mae", mae[h], h)`` (public gwnet-semink220, Graph
WaveNet in Lightning: a second event file holding ``Test/mae``, ``Test/mape``, ``Test/rmse`` at steps 0..11,
2.30 -> 3.67, beside the training file's steps 49..37499). Read as a series, the error growing with the horizon
was a validation metric "rising" over steps 0..11 of a 37,500-step training (la-Forward-only: `underfit` with it,
`healthy` without).

``horizon_tests`` leaves such a file's points out, with one note: every tag named ``test`` (a word of its name),
no ``epoch`` tag, each tag written once at each step ``0..k-1`` (3 <= k <= 64, the same k for all) and never
falling from one step to the next (an error growing with the horizon; a test logged during training falls).
"""
from __future__ import annotations

import re

import numpy as np

_TEST = re.compile(r"(?:^|[^a-z])test(?:$|[^a-z])", re.IGNORECASE)


def horizon_tests(columns, path: str):
    """(columns, [Note]): no points and a note for a per-horizon test file (module docstring), else unchanged."""
    names = [str(t) for t in columns.tags]
    if not len(columns) or "epoch" in names:
        return columns, []
    codes = np.asarray(columns.tag_codes)
    steps = np.asarray(columns.steps)
    values = np.asarray(columns.values)
    used = np.unique(codes).tolist()
    if not all(_TEST.search(names[c]) for c in used):
        return columns, []
    k = None
    for c in used:
        at = np.flatnonzero(codes == c)
        order = at[np.argsort(steps[at], kind="stable")]
        if steps[order].tolist() != list(range(len(order))) or (k is not None and len(order) != k):
            return columns, []
        k = len(order)
        v = values[order]
        if not np.isfinite(v).all() or (np.diff(v) < 0).any():
            return columns, []
    if k is None or not 3 <= k <= 64:
        return columns, []
    from ..runs import Note

    line = (f"{', '.join(names[c] for c in used)}: one test's figures per forecast horizon (steps 0..{k - 1}, "
            "growing with the horizon), not a curve over training: left out")
    return columns.take(np.zeros(len(columns), dtype=bool)), [Note(path, line)]
