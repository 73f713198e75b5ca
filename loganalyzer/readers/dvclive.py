"""DVCLive's per-metric TSV files: one file per metric, the metric's name being its path below the run's metrics dir.

DVCLive (``Live.log_metric(name, value)`` then ``Live.next_step()``) appends one row per logged value to
``<dir>/plots/metrics/<name>.tsv`` (DVCLive 2/3; ``dvclive/plots/metric.py``: a ``csv.DictWriter`` with
``delimiter="\\t"``, ``lineterminator="\\n"``, header ``timestamp step <name>`` in 2.x, ``step <leaf>`` in 3.x) or
``<dir>/scalars/<name>.tsv`` (DVCLive 0.x/1.x: ``timestamp step <name>``, the timestamp in milliseconds). A ``/`` in
the name (``train/loss``, ``eval/loss``) is a sub-directory, so the split lives in the path: the tag is the path
below ``plots/metrics/`` (``scalars/``) without ``.tsv`` -- ``train/loss``, ``eval/loss``, ``loss`` -- whatever the
header says (3.x writes only the leaf ``loss``). ``discover_dvclive`` makes a DVCLive dir's files ONE run.
"""
from __future__ import annotations

import math

import numpy as np

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, NO_ROWS

METRIC_DIRS = ("plots/metrics/", "scalars/")  # DVCLive 2/3, DVCLive 0.x/1.x


def tag_of(path: str) -> str | None:
    """The metric name of a DVCLive TSV at ``path``: its path below ``plots/metrics/`` or ``scalars/`` without
    ``.tsv``; None when the path has neither."""
    posix = path.replace("\\", "/")
    cut, below = -1, ""
    for d in METRIC_DIRS:
        at = posix.rfind("/" + d)
        if at >= 0 and at > cut:
            cut, below = at, posix[at + 1 + len(d):]
        elif posix.startswith(d) and cut < 0:
            cut, below = 0, posix[len(d):]
    if cut < 0 or not below:
        return None
    return below[:-4] if below.lower().endswith(".tsv") else below


def header_ok(first_line: str) -> bool:
    """Whether ``first_line`` is a DVCLive metric header: ``step <name>`` or ``timestamp step <name>``."""
    cells = first_line.rstrip("\r\n").split("\t")
    return (len(cells) == 2 and cells[0] == "step" and cells[1] != "") or \
        (len(cells) == 3 and cells[:2] == ["timestamp", "step"] and cells[2] != "")


def _number(cell: str) -> float | None:
    try:
        return float(cell)
    except ValueError:
        return None


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """One DVCLive metric TSV: its rows as ``(tag, step, value, wall_time)`` columns, the tag named by the path
    (``tag_of``; the header's name when the path says none); a bad row is left out with one warning naming the
    file, its first bad line and how many there were."""
    text = bytes(data).decode("utf-8", errors="replace")
    lines = text.split("\n")
    if not header_ok(lines[0]):
        raise UnreadableFile(Problem(path, "not a DVCLive metric file: the header is not 'step<TAB>name' or "
                                           "'timestamp<TAB>step<TAB>name'", line=1))
    cells = lines[0].rstrip("\r").split("\t")
    timed = len(cells) == 3
    tag = tag_of(path) or cells[-1]
    steps, values, walls, bad, first_bad = [], [], [], 0, None
    for number, line in enumerate(lines[1:], start=2):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        row = line.split("\t")
        step = _number(row[1 if timed else 0]) if len(row) == len(cells) else None
        value = _number(row[-1]) if step is not None else None
        wall = _number(row[0]) if timed and value is not None else math.nan
        if value is None or wall is None or not math.isfinite(step) or step != int(step):
            bad += 1
            first_bad = first_bad or number
            continue
        steps.append(int(step))
        values.append(value)
        walls.append(wall / 1000.0 if timed else math.nan)  # DVCLive's timestamp: milliseconds
    problems = ()
    if bad:
        problems = (Problem(path, f"{bad} row(s) not 'step<TAB>value' as DVCLive writes them (first at line "
                                  f"{first_bad}): left out", line=first_bad),)
    if not steps:
        problems += (Problem(path, f"holds no scalar: only the header of DVCLive metric '{tag}'"),) if not bad else ()
    n = len(steps)
    columns = ScalarColumns([tag], np.zeros(n, dtype=np.int64), np.asarray(steps, dtype=np.int64),
                            np.asarray(values, dtype=np.float64), np.asarray(walls, dtype=np.float64))
    return columns, ReadResult(NO_ROWS, problems)


def read(data, path: str) -> ReadResult:
    """``read_columns`` as a ``ReadResult`` whose ``scalars`` is the table."""
    from . import scalar_frame

    columns, result = read_columns(data, path)
    frame = scalar_frame([columns.tags[0]] * len(columns), columns.steps, columns.values, columns.wall_times)
    return ReadResult(frame, result.problems)
