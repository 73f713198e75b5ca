"""A ``stage`` (``phase``) column in a per-epoch CSV: a planned schedule's part, not a metric (plain CSV and
Keras-shaped files, after their runs are known; called from ``_index_columns.tidy``).

public Arctxrus/galaxy-zoo-classifier (d38d70cdd2901146b2820c2b0837f9822b795989) ``logs/training_log.csv``:
``stage,epoch,lr,train_loss,...`` -- stage 1 (a frozen backbone, epochs 1-12), then stage 2 (fine-tuning, its
epoch counted from 1 again), then stage 2 once more (a rerun, epochs from 1). The epoch going back to its start
splits the file into runs (``_blocks.segment_rows``); where the stage number went up at that point, the part is
the schedule's next stage of the same training: joined to the run before it, its epochs placed after that run's
last one (stage 2's epoch 1 is step 13). Where the stage did not go up, the part stays a run of its own (a rerun).
The column itself (whole numbers, one value per stage) is then no series. Each is said in one line.
"""
from __future__ import annotations

import numpy as np

from ._text_clean import normal_name

STAGE_NAMES = frozenset({"stage", "phase", "training_stage", "train_stage", "stage_id"})


def join(runs) -> int | None:
    """Joins the stages of ``runs`` (a ``_blocks.Runs``) as the module docstring says; the index (in
    ``runs.rows.tags``) of the stage column, to drop, or None when there is none."""
    r, problems = runs.rows, runs.problems
    at_col = [i for i, t in enumerate(r.tags) if normal_name(t) in STAGE_NAMES]
    if len(at_col) != 1:
        return None
    i = at_col[0]
    c = r.columns[i]
    kept = runs.keep & r.valid
    at = kept & c.present
    with np.errstate(invalid="ignore"):
        if not at.any() or not np.all(c.values[at] == np.floor(c.values[at])) or len(np.unique(c.values[at])) > 20:
            return None  # no stage number: a metric of that name
    segments = runs.segments.copy()
    steps, counter = r.steps.copy(), r.counter.copy()
    current, joined = 0, []
    for part in range(1, runs.count):
        before, mine = kept & (segments == current), kept & (segments == part)
        if not (before & c.present).any() or not (mine & c.present).any():
            current = part
            continue
        last_stage = c.values[np.flatnonzero(before & c.present)[-1]]
        first_stage = c.values[np.flatnonzero(mine & c.present)[0]]
        if not first_stage > last_stage:
            current = part  # the same stage again: a rerun, a run of its own
            continue
        shift = int(steps[before].max()) - int(steps[mine].min()) + 1
        steps[mine] += shift
        counter[mine] += shift
        segments[mine] = current
        joined.append((int(r.lines[np.flatnonzero(mine)[0]]), int(first_stage), int(last_stage), shift))
    if joined:
        r.steps, r.counter = steps, counter
        _, renumbered = np.unique(segments[runs.keep], return_inverse=True)
        segments[runs.keep] = renumbered
        runs.set_segments(segments)
        for line, stage, was, shift in joined:
            problems.add(f"the epoch starts over where column {r.tags[i]!r} goes from {was} to {stage}: the next "
                         f"stage of one planned schedule, the same training; its epochs placed after the stage "
                         f"before (+{shift})", line=line)
    problems.add(f"column {r.tags[i]!r} numbers the training's stages: no metric series")
    return i
