"""DeepXDE's saved loss history: ``loss.dat`` (``dde.saveplot(losshistory, train_state, issave=True)``).

Format (deepxde/utils/external.py ``save_loss_history``): ``np.savetxt`` of the rows of ``LossHistory`` with the
header ``# step, loss_train, loss_test, metrics_test`` -- per row the step, then every training loss term, every
test loss term (as many as training terms: one per PDE residual, boundary or initial condition, data term; already
multiplied by the ``loss_weights``) and every test metric (``metrics=["l2 relative error"]``: one column each), all
as ``%.18e`` numbers separated by single spaces. A later ``model.train()`` (L-BFGS after Adam) goes on in the same
history; its first row repeats the step the one before ended at (the later row wins, as everywhere).

How many columns are terms and how many metrics is not written. It is read from the file: a loss term evaluated on
the same points in training and test (a boundary term, or every term when no separate test points were given) has
the same value in both places at every row, so the split with the most such identical (non-constant) column pairs is
taken; without any, the split with the fewest metrics (none or one: DeepXDE's examples log at most
``l2 relative error``), and one problem line says the split was not certain.

Read as one run: ``train_loss`` and ``test_loss`` the sums of the terms (DeepXDE's own ``Train loss`` total, the one
its best-model choice uses), ``test_metric`` the metric (``test_metric_1``.. for several): the names the printed
DeepXDE table is read with (``_joblog_deepxde``), so a run's ``loss.dat`` and its stdout agree. Public examples:
set-190 PINN repositories (19 ``loss.dat`` files, 5 to 73 columns, 3 to 501 rows), none read before.
"""
from __future__ import annotations

import re

import numpy as np

from ..runs import Problem
from . import ReadResult, UnreadableFile, scalar_frame

FORMAT = "deepxde_dat"
SUFFIXES = (".dat",)
HEADER = re.compile(rb"\A\s*#\s*step\s*,\s*loss_train\s*,\s*loss_test\s*,\s*metrics_test\s*\r?$", re.M)


def sniff(name: str, head: bytes) -> bool:
    """A ``*.dat`` whose first line is DeepXDE's ``# step, loss_train, loss_test, metrics_test`` header."""
    return name.lower().endswith(SUFFIXES) and HEADER.match(bytes(head[:200])) is not None


def split(table: np.ndarray) -> tuple[int, int, bool]:
    """(terms, metrics, certain) for a table of ``1 + 2 * terms + metrics`` columns (the step first)."""
    width = table.shape[1] - 1
    best, best_same = None, 0
    for terms in range(width // 2, 0, -1):  # fewest metrics first: the tie-breaker
        same = sum(1 for i in range(terms)
                   if np.ptp(table[:, 1 + i]) > 0 and np.array_equal(table[:, 1 + i], table[:, 1 + terms + i]))
        if same > best_same:
            best, best_same = terms, same
    if best is not None:
        return best, width - 2 * best, True
    return width // 2, width - 2 * (width // 2), False


def _parse(data, path: str):
    text = bytes(data).decode("utf-8", "replace")
    lines = text.splitlines()
    if not lines or HEADER.match(lines[0].encode()) is None:
        raise UnreadableFile(Problem(path, "no DeepXDE loss header ('# step, loss_train, loss_test, metrics_test'); "
                                           "not read"))
    problems: list[Problem] = []
    rows: list[list[float]] = []
    width = None
    for n, line in enumerate(lines[1:], 2):
        cells = line.split()
        if not cells:
            continue
        try:
            row = [float(c) for c in cells]
        except ValueError:
            problems.append(Problem(path, "a row that is not numbers; skipped", line=n))
            continue
        width = width or len(row)
        if len(row) != width or width < 3:
            problems.append(Problem(path, f"a row of {len(row)} numbers where the first had {width} (cut short?); "
                                          "skipped", line=n))
            continue
        rows.append(row)
    table = np.array(rows, dtype=np.float64).reshape(len(rows), width or 0)
    if not rows:
        raise UnreadableFile(Problem(path, "a DeepXDE loss history with no rows (the training wrote only the "
                                           "header); no curves"))
    terms, metrics, certain = split(table)
    if not certain and (terms > 1 or metrics):
        problems.append(Problem(path, f"{width - 1} numbers a row and no column the same in training and test: "
                                      f"read as {terms} loss term(s) each and {metrics} metric(s) (DeepXDE does not "
                                      "write the split)"))
    series = [("train_loss", table[:, 1:1 + terms].sum(axis=1)),
              ("test_loss", table[:, 1 + terms:1 + 2 * terms].sum(axis=1))]
    for k in range(metrics):
        series.append(("test_metric" if metrics == 1 else f"test_metric_{k + 1}", table[:, 1 + 2 * terms + k]))
    steps = table[:, 0]
    if not np.all(np.isfinite(steps)) or np.any(steps != np.round(steps)):
        problems.append(Problem(path, "steps that are not whole numbers: each row placed at its number"))
        steps = np.arange(len(rows), dtype=np.float64)
    return series, steps.astype(np.int64), problems


def read(data, path: str) -> ReadResult:
    """The loss history of a DeepXDE ``loss.dat`` (see the module docstring): ``train_loss``, ``test_loss`` (sums
    of the terms) and ``test_metric`` at each logged step; no wall times (the file has none).

    Raises ``UnreadableFile`` when the header is not DeepXDE's or no row is numbers."""
    series, steps, problems = _parse(data, path)
    names = [t for t, _ in series for _ in range(len(steps))]
    values = np.concatenate([v for _, v in series])
    return ReadResult(scalar_frame(names, np.tile(steps, len(series)), values), tuple(problems))
