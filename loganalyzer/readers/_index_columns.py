"""Columns of a per-epoch CSV that are no metric series, and rows that hold no point (plain CSV and Keras-shaped
files, after their runs are known):

- an id column (``model``, ``run_id``, ``trial``...) holding one number in each run: the experiment loop's id of a
  file of several trainings (``model`` 1..10 of ten models appended to one ``loss_history.csv``), not a curve;
- a column named ``index`` (``idx``, ``level_0``) counting the rows 0..n-1 (or 1..n): a DataFrame's index saved as a
  column (``df.reset_index().to_csv(..., index=False)``; public holodec ``training_log.csv``, ``index,epoch,...``,
  thirty-first labeller's CSV notes), not a curve; so is pandas' ``Unnamed: 0`` (``Unnamed: 0.1``...): the old
  index of a frame re-saved with its index (``df.to_csv(p)``, then ``pd.read_csv(p).to_csv(p)`` writes
  ``,Unnamed: 0,epoch,loss,...``, both leading columns 0..n-1; a breaker's ``pandas_resaved_unnamed``, stop 45);
- in a file with no step, iteration or epoch column, that index column is the step itself (its values, ``1..n``
  as a script numbering its rounds writes it, not the row number from 0): ``counting_column`` (public
  YAGI0423/mnist_for_pytorch ``train_history.csv``, ``idx,current_agent_name,...,train_loss,...,val_loss``, one row a
  self-play round from ``idx`` 1);
- a ``timestamp``/``wall_time`` column of numbers in a file whose first column is ``epoch`` (read by ``keras_csv``,
  whose own writer has no clock): the rows' wall time (seconds), not a curve (``epoch,timestamp,loss_...``);
- extrapolated columns (``proj_*``, ``*_plot``, ``*_projection``...) going on past the last row of the real ones
  (25 trained epochs, 60 rows of a fitted projection): fabricated points, left out;
- a row holding its step and no value at all (``3,,``: an epoch whose values were never written) in a table whose
  other rows are full, with two series or more: no point, said (a sparse log's empty rows are not);
- a ``stage`` column: the parts of a planned schedule joined into one run, the column no series (``_stage_column``);
- a ``total`` column beside loss terms (``cls``, ``box``...) and no loss: ``total_loss`` (``_total_column``).
Each is said in one line naming the columns or rows.
"""
from __future__ import annotations

import re

import numpy as np

from . import _stage_column, _total_column
from ._axis_columns import axis_columns, names_act as axis_names
from ._position_columns import names_act as position_names, position_columns
from ._text_clean import normal_name

ID_NAMES = frozenset({"model", "model_id", "model_idx", "model_no", "run", "run_id", "trial", "trial_id",
                      "experiment", "experiment_id", "exp", "exp_id",
                      # cross-validation's fold (public iapr ``fold,epoch,...`` rows, 'Final' for the last fit)
                      "fold", "folds", "kfold", "k_fold", "cv_fold", "fold_id", "fold_idx", "fold_no", "fold_num",
                      # a model's version written on every row of its Keras history (public rakuten151
                      # ``,version,loss,accuracy,val_loss,val_accuracy``: ``version`` 1 read as a metric series)
                      "version", "model_version", "version_id"})
WALL_NAMES = ("timestamp", "wall_time", "walltime", "_timestamp")
# 'unnamed:_0': pandas' name of an unnamed index column read back (``read_csv`` then ``to_csv`` again); '.1' twice
# 'history': ``pd.DataFrame(model.fit(...).history).to_csv(index_label='history')`` with the index counted from 1
# (public annopt151 ``history,loss,accuracy,val_loss,val_accuracy`` 1..10: read as a metric series, not the epoch)
INDEX_NAMES = frozenset({"index", "idx", "level_0", "unnamed:_0", "unnamed:_0.1", "unnamed:_0.1.1", "history"})
_ACTING = ID_NAMES | INDEX_NAMES | _stage_column.STAGE_NAMES  # names ``tidy`` may act on (``header_acts``)
_DERIVED = re.compile(r"^(?:proj|projected|projection|extrapolated?|fitted)_|"
                      r"_(?:plot|proj|projected|projection|extrapolated?|fitted)$")


def header_acts(names: list[str], keras: bool = False) -> bool:
    """Whether ``tidy`` may act on a file with these column names (the batch reader leaves such files out)."""
    normal = [normal_name(n) for n in names]
    return any(n in _ACTING or _DERIVED.search(n) for n in normal) or (keras and any(n in WALL_NAMES for n in normal)) \
        or position_names(normal) or bool(_total_column.total_loss(names)) or axis_names(names)


def tidy(runs, *, keras: bool = False, stepped: bool = False) -> None:
    """Applies the module's rules to ``runs`` (a ``_blocks.Runs``), each with its line in ``runs.problems``;
    ``stepped``: the step is a column's whole values (counters beside it are axes, ``_axis_columns``)."""
    _total_column.rename(runs)  # 'cls,box,total': the total is the training loss
    stage = _stage_column.join(runs)  # stage 1, stage 2 of one schedule: one run; the stage number no series
    r, problems = runs.rows, runs.problems
    kept = runs.keep & r.valid
    drop: set[int] = set() if stage is None else {stage}
    normal = [normal_name(t) for t in r.tags]
    for i, name in enumerate(normal):
        c = r.columns[i]
        at = kept & c.present
        if name in ID_NAMES and at.any():
            segs = runs.segments[at]
            vals = c.values[at]
            if all(len(np.unique(vals[segs == s])) == 1 for s in np.unique(segs)):
                drop.add(i)
                words = problems.forget(("not a number", r.tags[i])) if hasattr(problems, "forget") else 0
                problems.add(f"column {r.tags[i]!r} holds one value in each run (an experiment's id"
                             + (f"; a word in {words} row(s), such as a final fit's" if words else "")
                             + "): no metric series")
        if name in INDEX_NAMES and at.any() and _counts_rows(c.values[at]):
            drop.add(i)
            problems.add(f"column {r.tags[i]!r} counts the rows (a saved DataFrame's index): no metric series")
        if keras and name in WALL_NAMES and at.any() and r.wall_time is None:
            seconds = np.where(c.present, c.values, np.nan)
            finite = np.abs(seconds[np.isfinite(seconds)])
            scale = np.median(finite) if len(finite) else 0.0
            for limit, divisor in ((1e17, 1e9), (1e14, 1e6), (1e11, 1e3)):
                if scale >= limit:
                    seconds = seconds / divisor
                    break
            r.wall_time = seconds
            drop.add(i)
            problems.add(f"column {r.tags[i]!r} read as the rows' wall time (seconds), not as a metric series")
    placed = position_columns(r.tags, r.columns, kept, r.steps)  # 'epoch', 'batch' beside 'iter': no series
    if placed is not None:
        drop.update(placed[0])
        problems.add(placed[1])
    counters = axis_columns(r.tags, r.columns, kept, r.steps, drop) if stepped else None
    if counters is not None:  # 'epoch' beside 'step': the run's epoch; 'batch' beside 'step': no series
        drop.update(counters[0])
        r.tags = [counters[1].get(i, t) for i, t in enumerate(r.tags)]
        problems.add(counters[2])
    derived = [i for i, name in enumerate(normal) if _DERIVED.search(name) and i not in drop]
    real = [i for i in range(len(normal)) if i not in drop and i not in derived]
    if derived and real:
        last_real = max((np.flatnonzero(kept & r.columns[i].present).max(initial=-1) for i in real), default=-1)
        past = [i for i in derived if np.flatnonzero(kept & r.columns[i].present).max(initial=-1) > last_real]
        if past and last_real >= 0:
            drop.update(past)
            problems.add(f"{len(past)} column(s) ({', '.join(repr(r.tags[i]) for i in past)}) go on past the last "
                         f"row of the logged ones (line {int(r.lines[last_real])}): extrapolated or projected "
                         "values, not training; left out")
    if drop:
        r.tags = [t for i, t in enumerate(r.tags) if i not in drop]
        r.columns = [c for i, c in enumerate(r.columns) if i not in drop]
    _empty_rows(runs, kept)


def counting_column(tables: list, missing) -> str | None:
    """The (normal) name of an index column (``INDEX_NAMES``) in every table whose values count the rows from 0 or 1
    through the whole file: the step of a file with no step column; None when there is none."""
    from ._text import numbers

    for name in INDEX_NAMES:
        at = [[normal_name(c) for c in t.columns].index(name) if name in map(normal_name, t.columns) else None
              for t in tables]
        if not tables or None in at:
            continue
        cols = [numbers(t.cells[i], missing) for t, i in zip(tables, at)]
        if all(c.present.all() for c in cols) and _counts_rows(np.concatenate([c.values for c in cols])):
            return name
    return None


def _counts_rows(values: np.ndarray) -> bool:
    """Whether ``values`` are 0, 1, 2, ... (or 1, 2, 3, ...) in order: a row index."""
    return len(values) >= 2 and values[0] in (0, 1) and bool(np.all(np.diff(values) == 1))


def _empty_rows(runs, kept: np.ndarray) -> None:
    r = runs.rows
    if len(r.columns) < 2:  # one series: an empty cell is that series' missing point, nothing more
        return
    filled, full = np.zeros(len(kept), dtype=bool), np.ones(len(kept), dtype=bool)
    for c in r.columns:
        filled |= c.present | c.bad
        full &= c.present | c.bad
    empty = np.flatnonzero(kept & ~filled)
    if len(empty) and not (kept & filled & ~full).any():  # a full table but for these rows (sparse logs: not said)
        steps = ", ".join(f"{int(s):,}" for s in r.steps[empty[:5]]) + (" ..." if len(empty) > 5 else "")
        runs.problems.add(f"{len(empty)} row(s) hold a step and no value (step(s) {steps}): no point there",
                          line=int(r.lines[empty[0]]))

