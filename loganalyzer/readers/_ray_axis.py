"""Ray Tune's ``progress.csv``: its ``timesteps_total`` column empty on every row, ``training_iteration`` the axis.

Ray Tune (1.x, and RLlib-free trainables of 2.x before the column was dropped) writes one ``progress.csv`` row per
``tune.report`` / ``session.report`` with the trainable's metrics first and Ray's auto-filled columns after:
``val_loss,time_this_iter_s,should_checkpoint,done,timesteps_total,episodes_total,training_iteration,experiment_id,
date,timestamp,time_total_s,pid,hostname,node_ip,time_since_restore,timesteps_since_restore,
iterations_since_restore,trial_id,experiment_tag`` -- ``timesteps_total`` and ``episodes_total`` left empty unless
the trainable reports env steps (RLlib does). ``_plain_columns._step_column`` prefers ``timesteps_total`` over
``training_iteration`` (RLlib's axis is its env steps); on a plain Tune trial it took the empty column for the
step and skipped every row ("row has values but no 'timesteps_total'"): 0 points (public cellspike212
``trial-1/progress.csv``, 13 rows of ``val_loss`` 1.0186 -> 1.0184; nempc212 ``train_*/progress.csv``, 500-675 rows
of ``train/loss``, ``val/loss``). ``empty_axis`` keeps ``training_iteration`` (the count of reports from 1) when the
RL column holds no value in any of the first rows read (``_ROWS``).
"""
from __future__ import annotations

import csv
import io

from ._plain_columns import RL_STEP_COLUMNS, _pick, axis_name

_HEAD = 1 << 18  # bytes of the file looked at (Ray's rows carry a long quoted experiment_tag: ~400 bytes a row)
_ROWS = 200  # data rows looked at, at most


def empty_axis(raw: bytes, offset: int, sep: str, columns: list[str], x_col: int | None) -> int | None:
    """``x_col``, or the ``training_iteration`` column when ``x_col`` is an RL step column (``timesteps_total``...)
    empty (no cell, or ``''``/``nan``/``None``) on every one of the first data rows and ``training_iteration`` has a
    value on each. ``raw[offset:]`` is the text from the header line on; ``sep`` one character (else ``x_col``)."""
    if x_col is None or len(sep) != 1 or axis_name(columns[x_col]) not in RL_STEP_COLUMNS:
        return x_col
    it = _pick(columns, ("training_iteration",))
    if it is None or it == x_col:
        return x_col
    text = bytes(raw[offset:offset + _HEAD]).decode("utf-8", "replace")
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    next(reader, None)  # the header
    rows = 0
    for cells in reader:
        if len(cells) != len(columns):
            break  # a line cut by _HEAD, or a later header: the rows so far decide
        if cells[x_col].strip().lower() not in ("", "nan", "none", "null"):
            return x_col
        if not cells[it].strip():
            return x_col
        rows += 1
        if rows >= _ROWS:
            break
    return it if rows else x_col
