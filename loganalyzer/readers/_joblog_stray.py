"""One training line of another process printed into a run that goes on past it (for ``readers/joblog.parse``,
through ``_joblog_abandoned.drop_abandoned_first``).

Two launches writing one log file interleave: KAIR's ``main_train_psnr.py`` appends to ``train.log``, and a second
launch started while the first trained printed its options and one line, ``<epoch:  0, iter:     200, ..>``, between
the first launch's iterations 5,200 and 5,400, then died (public swinir-skchen191 ``train.log``, lines 2517-2519).
The step going back to 200 split the run there, and the run's second half began with the stray line (its G_loss at
step 200, before 5,400). A training line whose step goes back while the train lines either side of it go on with
the run's own stride (the next no more than two strides after the one before, each side rising) is such a stray:
left out, with one note. Only where at most ``MAX_STRAYS`` lines of a file are so (two processes printing side by
side all along are ``_joblog_learners``' or ranks' to tell, not this rule's).
"""
from __future__ import annotations

MAX_STRAYS = 3


def drop_strays(hits: list, notes: list) -> list:
    """``hits`` less each stray training line (module docstring)."""
    train = [i for i, h in enumerate(hits) if h.record.kind == "train" and h.step is not None]
    steps = [hits[i].step for i in train]
    names = [frozenset(t for t, _ in hits[i].record.values) for i in train]
    strays = []
    for k in range(2, len(train) - 2):
        pp, p, s, n, nn = steps[k - 2:k + 3]
        stride = p - pp
        if s < p and stride > 0 and p < n <= p + 2 * stride and n < nn and names[k] == names[k - 1] == names[k + 1]:
            strays.append(k)
    if not strays or len(strays) > MAX_STRAYS:
        return hits
    gone = {train[k] for k in strays}
    notes.append(f"{len(strays)} training line(s) of another process printed inside a run that goes on past them "
                 "(the step back, then on from the run's last step: "
                 + ", ".join(f"step {steps[k]:,} between {steps[k - 1]:,} and {steps[k + 1]:,}" for k in strays)
                 + ") are left out")
    return [h for i, h in enumerate(hits) if i not in gone]
