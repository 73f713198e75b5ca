"""A Lightning ``metrics.csv`` that starts in the middle of a training (used by ``readers/lightning_csv``).

A fit resumed with ``Trainer.fit(..., ckpt_path=...)`` goes on from the checkpoint's epoch and global step. Its
``CSVLogger`` writes a new ``metrics.csv``: into a new ``version_N`` by default, or, given the same ``version``,
over the earlier session's file (``lightning_fabric/loggers/csv_logs.py`` warns "Previous log files in this
directory will be deleted when the new ones are saved!"; checked with Lightning 2.6: after a fit to step 60 and a
resume to step 120 in ``version=0``, the file's first row is ``3,61,...``). Either way the file's first rows are
the resumed session's, and a curve judged from them alone is the end of a training read as a whole one: a newcomer
breaker's run (ux66) was called "stalled ... nothing was learned" from its last 60 steps, the event files of the
same training showing it fall from 2.0 to 0.007.

``late_start`` says so in one line. A file counts as starting late when its first training row is past epoch 0
and its step is at least twice the logging stride (the median step between its training rows): a
``log_every_n_steps`` longer than an epoch also makes the first row late (``4,49,..`` at a stride of 50), but not
two strides late.
"""
from __future__ import annotations

import numpy as np

_LATE = "the first training row is at epoch "


def late_start(columns, is_eval) -> str | None:
    """The line for a metrics.csv whose training rows begin mid-training (module docstring), or None.

    ``columns``: the file's points (``ScalarColumns``: ``tags``, ``tag_codes``, ``steps``, ``values``, in written
    order); ``is_eval(name)`` true for a validation/test series name or a counter column."""
    tags = list(columns.tags)
    if "epoch" not in tags or not len(columns.steps):
        return None
    train = [i for i, t in enumerate(tags) if not is_eval(t)]
    if not train:
        return None
    codes, steps = np.asarray(columns.tag_codes), np.asarray(columns.steps)
    at = np.flatnonzero(np.isin(codes, train))
    if len(at) < 3:
        return None
    step = int(steps[at[0]])
    epochs = np.flatnonzero((codes == tags.index("epoch")) & (steps == step))
    if not len(epochs):
        return None
    epoch = float(np.asarray(columns.values)[epochs[0]])
    gaps = np.diff(steps[at])
    gaps = gaps[gaps > 0]
    if not len(gaps) or not np.isfinite(epoch) or epoch < 1 or step <= 0:
        return None
    stride = float(np.median(gaps))
    if step < 2 * stride:
        return None
    return (f"{_LATE}{epoch:g}, step {step}, though rows come every {stride:g} steps: "
            f"the steps before it are not in this file (a fit resumed with ckpt_path: Lightning's CSVLogger starts "
            f"metrics.csv afresh in the same version, deleting the earlier one, or in a new version_N); the run is "
            f"judged from step {step} on")


def without_late_start(file, problems, has_events: bool) -> tuple:
    """``problems`` of ``file`` without its late-start line when the run also has event files: Lightning's
    TensorBoardLogger beside the CSVLogger keeps every session's points (a resumed fit appends a new event file),
    and those are the ones judged (``load_sources.keep_once``)."""
    if not has_events or file.format != "lightning_csv":
        return tuple(problems)
    return tuple(p for p in problems if not p.message.startswith(_LATE))

