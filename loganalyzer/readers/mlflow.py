"""MLflow file store metric files: ``mlruns/EXP/RUN/metrics/KEY``.

A ``/`` in the metric key is a sub-directory, so the tag is the file's path below ``metrics/``. One line per
point, fields separated by single spaces, as ``FileStore._log_run_metric`` writes them:

- ``timestamp value step`` (MLflow >= 1.0);
- ``timestamp value step dataset_name dataset_digest`` when the metric was logged with a dataset;
- ``timestamp value`` (before MLflow 1.0 added steps): step 0, as ``FileStore._get_metric_from_line`` reads it.

``_get_metric_from_line`` also reads five-field lines at step 0 (it takes the step only from three-field lines);
that is a bug on its side, so here the step is the one the writer put in the third field. The value is written
with ``str(float)``: ``nan``, ``inf`` and ``-inf`` are kept. Timestamps are milliseconds since the epoch (MLflow
0.x wrote seconds: a timestamp below 1e11, i.e. before 1973 in milliseconds, is read as seconds).
"""
from __future__ import annotations

import re

import numpy as np  # pandas: imported only where a DataFrame is built (a scan never does)

from ..runs import Problem
from . import ReadResult, UnreadableFile, scalar_frame
from ._text import Problems, cell_text, clean_text, integral_steps, numbers, read_table

_FIELDS = ["timestamp", "value", "step", "dataset_name", "dataset_digest"]
_RUN_ID = re.compile(r"^[0-9a-f]{32}$")
_SECONDS_BELOW = 1e11


def metric_key(path: str) -> str:
    """The metric key of a metric file: its path below the run's ``metrics/`` directory.

    The run's ``metrics`` directory is the one right below a 32-hex-digit run id, else the one two levels below
    an ``mlruns`` directory, else the first ``metrics`` directory on the path (a key may itself contain
    ``metrics/``, hence the care); with none, the file name.
    """
    parts = [p for p in re.split(r"[\\/]+", path) if p]
    candidates = [i for i, p in enumerate(parts[:-1]) if p == "metrics"]
    for i in candidates:
        if i >= 1 and _RUN_ID.match(parts[i - 1]):
            return "/".join(parts[i + 1 :])
    for i in candidates:
        if i >= 3 and parts[i - 3] == "mlruns":
            return "/".join(parts[i + 1 :])
    if candidates:
        return "/".join(parts[candidates[0] + 1 :])
    return parts[-1] if parts else path


def read(data, path: str) -> ReadResult:
    raw, damage = clean_text(data, path)  # a zero-filled tail (a crash on NFS/ext4) is cut off, with a warning
    table = read_table(raw, path, sep=" ", missing=("",), columns=_FIELDS)
    problems = Problems(path)
    problems.extend(damage)
    problems.extend(table.problems)
    cells = table.cells
    filled = cells.notna().to_numpy()
    n_fields = filled.sum(axis=1)
    # Only these shapes are lines MLflow wrote; an empty field (two spaces) or a lone field is a damaged line.
    shape_ok = (
        (n_fields == 2) & filled[:, :2].all(axis=1)
        | (n_fields == 3) & filled[:, :3].all(axis=1)
        | (n_fields == 5)
    )
    blank = n_fields == 0
    if len(cells) > 1 and not raw.endswith((b"\n", b"\r")):
        # killed mid-write: MLflow ends every line it writes, so a last line without its newline is cut short --
        # fewer fields than the line before, or all of them with the step (or value) cut ('12' written as '1')
        problems.add("last line is cut short (file truncated mid-write?); line skipped" if n_fields[-1] < n_fields[-2]
                     else "the file ends inside this line (no line end: the job stopped mid-write?); its step or "
                          "value may be cut short; line skipped", line=int(table.lines[-1]))
        table.cells, table.lines = cells.iloc[:-1], table.lines[:-1]
        cells, shape_ok, blank, n_fields = table.cells, shape_ok[:-1], blank[:-1], n_fields[:-1]

    stamp = numbers(cells[0], ("",))
    value = numbers(cells[1], ("",))
    step_col = numbers(cells[2], ("",))
    stamps, stamp_ok = integral_steps(stamp)
    steps, step_ok = integral_steps(step_col)
    two_fields = n_fields == 2
    steps[two_fields] = 0
    step_ok |= two_fields
    good = shape_ok & stamp_ok & value.present & step_ok

    def message(row: int) -> str:
        if not shape_ok[row]:
            if n_fields[row] in (2, 3, 5):
                return "empty field (a doubled or leading space); line skipped"
            return f"{int(n_fields[row])} fields, expected 'timestamp value step' (2, 3 or 5 fields); line skipped"
        checks = ((0, stamp_ok, "a whole number"), (1, value.present, "a number"), (2, step_ok, "a whole number"))
        for col, ok, what in checks:
            if not ok[row]:
                return f"{_FIELDS[col]} {cell_text(table, col, row)!r} is not {what}; line skipped"
        return "line skipped"

    problems.add_rows(np.flatnonzero(~good & ~blank), table.lines, message)
    if (two_fields & good).any():
        problems.add(
            f"{int((two_fields & good).sum())} line(s) in the old 'timestamp value' format have no step; "
            "read at step 0, as MLflow does"
        )
    if not good.any():
        first = problems.result()[0] if problems.listed else Problem(path, "no lines")
        reason = first.message.rsplit(";", 1)[0]
        raise UnreadableFile(
            Problem(path, f"no readable metric line, not an MLflow metric file ({reason})", line=first.line)
        )

    good &= ~_repeats(stamps, value.values, steps, good)  # MLflow 3's copies of a line: counted once
    seconds = stamps[good].astype(np.float64)
    seconds = np.where(np.abs(seconds) < _SECONDS_BELOW, seconds, seconds / 1000.0)
    key = metric_key(path)
    import pandas as pd
    tags = pd.Categorical.from_codes(np.zeros(int(good.sum()), dtype=np.int64), categories=[key])
    return ReadResult(scalar_frame(tags, steps[good], value.values[good], seconds), problems.result())


def _repeats(stamps, values, steps, good) -> np.ndarray:
    """The good rows that repeat an earlier good row exactly (the same timestamp, value and step): counted once,
    without a line, as a CSV's identical repeated rows (nothing is lost). MLflow 3 appends such a copy to the run's
    metric file when it links the metric to a logged model (newcomer34: Abas527/chest-cancer-classifier, each run's
    epoch-0 line again after epoch 9, the same line in ``models/m-<id>/metrics/``): judged twice, the curve had 11
    points for 10 epochs, two at step 0."""
    out = np.zeros(len(good), dtype=bool)
    rows = np.flatnonzero(good)
    if len(rows) < 2:
        return out
    keys = np.stack([stamps[rows].astype(np.int64), np.ascontiguousarray(values[rows], dtype=np.float64).view(np.int64),
                     steps[rows].astype(np.int64)], axis=1)  # the value's bits: exact, NaN equal to itself
    again = np.ones(len(rows), dtype=bool)
    again[np.unique(keys, axis=0, return_index=True)[1]] = False
    out[rows[again]] = True
    return out
