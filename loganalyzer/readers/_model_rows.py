"""Trainings interleaved row by row in one CSV, a text column naming each row's model (for ``plain_csv``).

A script comparing models that trains them side by side, epoch by epoch, and writes every model's rows of an epoch
under one header with the model's name in a column (public snn-vs-ann comparisons' ``history.csv``:
``epoch,model,split,loss,accuracy,hidden_spike_rate`` -- ``1,ANN,train,..`` ``1,ANN,test,..`` ``1,SNN,train,..``
``1,SNN,test,..`` ``2,ANN,train,..``, csv.DictWriter) never sends its step back, so the file was one run: both
models' losses in one series, two values at each epoch. A column named as a model (``MODEL_COLUMNS``) holding text
only, two or more names each on several rows, whose rows of each name count forward while the file's counter goes
back between them, makes each name a run of its own (in the order the names first appear); the runs are then named
by that column (``_run_ids``: ``#ANN``, ``#SNN``). A split column beside it (``split`` = train/test) is still read
per split inside each run (``_phase_split``). Trainings appended one after another are told apart by their step
going back (``_blocks.segment_rows``) as before: this only reads rows whose models alternate.
"""
from __future__ import annotations

import numpy as np

from ._text import numbers

# a column naming the model (or the configuration) each row was trained with; compared lower-cased
MODEL_COLUMNS = frozenset({"model", "model_name", "model_type", "models", "arch", "architecture", "network", "net",
                           "method", "variant", "backbone"})
_MAX_MODELS = 20
# the file's counter ties or goes back at >= a third of the rows where the name changes (2 models side by side: every
# other turn, the one to the next epoch, goes forward). A counter running on across the names at most turns is one
# training (brk57: a NAS supernet's ``step,arch,..`` strictly increasing, a GAN's ``iteration,network,loss``).
BACK_SHARE = 1 / 3


def named_in(columns) -> bool:
    """The header names a model column (the cheap check of ``plain_csv.count_segments``' one-run fast path)."""
    return any(c.strip().strip('"').lower() in MODEL_COLUMNS for c in columns)


def _model_codes(tables: list, missing) -> np.ndarray | None:
    """Per row (in order) the index of its model name (by first appearance), or None: no model column of text."""
    if not tables:
        return None
    names = [c.strip().lower() for c in tables[0].columns]
    col = next((i for i, c in enumerate(names) if c in MODEL_COLUMNS), None)
    if col is None or any([c.strip().lower() for c in t.columns] != names for t in tables[1:]):
        return None
    seen: dict[str, int] = {}
    parts = []
    for table in tables:
        cells = table.cells[col]
        if getattr(cells, "dtype", None) is None or cells.dtype.kind != "O" or numbers(cells, missing).any:
            return None  # a numeric column (a model's number): no names
        texts = cells.astype(str).str.strip().tolist()
        if any(not t or t in missing or t == "nan" for t in texts):
            return None
        parts.append(np.array([seen.setdefault(t, len(seen)) for t in texts], dtype=np.int64))
    if not 2 <= len(seen) <= _MAX_MODELS:
        return None
    return np.concatenate(parts)


def split_models(runs, tables: list, missing) -> str | None:
    """Give each model's rows a run of their own (module docstring); the line saying so, or None (left as it is)."""
    if runs.count != 1:
        return None
    codes = _model_codes(tables, missing)
    keep = runs.keep
    if codes is None or len(codes) != len(keep) or not keep.any():
        return None
    c, kept = runs.rows.counter[keep], codes[keep]
    models = np.unique(kept)
    if len(models) < 2:
        return None
    for m in models:
        own = c[kept == m]
        if len(own) < 2 or np.any(own[1:] < own[:-1]):
            return None  # one model's rows going back: trainings appended, not interleaved
    turns = np.flatnonzero(kept[1:] != kept[:-1])
    if np.count_nonzero(c[turns + 1] <= c[turns]) < BACK_SHARE * len(turns):
        return None  # the counter runs on across the names: one training whose rows name a sub-model (a supernet's
        # sampled arch, a GAN's D/G step, an optimiser phase), not models side by side
    firsts = [int(np.flatnonzero(kept == m)[0]) for m in models]
    lasts = [int(np.flatnonzero(kept == m)[-1]) for m in models]
    if all(last < first for last, first in zip(lasts, firsts[1:])):
        return None  # each model's rows one block after another: not interleaved (``_blocks.segment_rows``' case)
    segments = np.full(len(keep), -1, dtype=np.int64)
    segments[keep] = kept
    runs.set_segments(segments)
    lines = runs.rows.lines[keep]
    runs._start_lines = np.sort(np.array([lines[f] for f in firsts], dtype=lines.dtype))
    return (f"rows of {len(models)} models written in turn (their name in a model column): each model's rows are a "
            "run of its own")
