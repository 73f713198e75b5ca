"""Rows of bare numbers with no header whose VALUES say which column is a loss (for ``_headerless`` and
``_numeric_csv``, which otherwise refuse such a file or name its columns ``value_k``, so no verdict was given).

One shape, told by a fact of the values that a loss column has and a non-loss column does not:

- a total beside its terms (``total``): the last column equals the sum of the others on every row, to the printed
  rounding, and falls from its start. Transfer-learning's DeepDA (and its many forks) logs one row an epoch with
  ``log.append([train_loss_clf.avg, train_loss_transfer.avg, train_loss_total.avg])`` then
  ``np.savetxt('train_log.csv', np_log, delimiter=',', fmt='%.6f')`` -- lines ``0.457592,0.037117,0.494709``
  (public kingkong135/paddy-da; YHWmz/CV_DA ``3.178473,-0.093687,3.084786``, its adversarial term negative). The
  total is ``loss``; the terms keep honest names ``col1``, ``col2``... (their position in the file): what each term
  is cannot be known. A sum of counts (whole numbers) or one that does not fall (times) is no loss: not named.
- a running mean beside its values (``loss_smoothed``): the second of two columns equals an exponential running
  mean of the first (``s = 0.9 s + 0.1 x``, starting at the first value) or its cumulative mean on every row, to
  the printed rounding (public midtermpj111 ``TrainLog_*.txt``: ``f.write(f"{loss},{smooth}\\n")``), and the first
  falls from its start as a loss does (an accuracy's running mean rises; batch times fall once and hold): the first is
  ``loss``, the second ``loss_smoothed``.
Two falling columns beside an epoch counter are left unnamed: a training and a validation loss cross (one starts
above, ends below), but so do a loss and its gradient norm, a cosine learning rate or two error rates (a breaker's
logs, stop 39): which is the loss cannot be known from the values.

Any other file is left to the caller (``None``). A first column counting 0, 1, 2... (or 1, 2, 3...) is the
``epoch``. The returned line names the file's columns as read and says the names come from the values.
"""
from __future__ import annotations

import math

from ._headerless import _counts_epochs  # (``_headerless`` imports this module only inside a call)

_FALL = 0.7  # the mean of the last quarter at most this share of the first value: "falls from its start"


def _decimals(cell: str) -> int:
    mantissa = cell.lower().split("e", 1)[0]
    return len(mantissa.split(".", 1)[1]) if "." in mantissa else 0


def _falls(column: list[float]) -> bool:
    q = max(1, len(column) // 4)
    return column[0] > 0 and sum(column[-q:]) / q <= _FALL * column[0]


def _total(values: list[list[float]], cells: list[list[str]]) -> bool:
    """The last column is the sum of the others on every row (to the printed rounding) and falls, not a count."""
    if len(values[0]) < 3:
        return False
    for row, text in zip(values, cells):
        slack = 0.5 * sum(10.0 ** -_decimals(c) for c in text) + 1e-9
        if abs(sum(row[:-1]) - row[-1]) > slack:
            return False
    total = [row[-1] for row in values]
    # still falling after its first row: epoch times fall once, from a slow first epoch, then hold (a breaker's
    # ``data_time, compute_time, total_time`` log: 120.6, then ~14.6 for every epoch after)
    return _falls(total) and _falls(total[1:]) and any(v != int(v) for v in total)


def name(cells: list[list[str]]) -> tuple[list[str], str] | None:
    """(a header for rows of bare numbers, how it was taken) when the values say which column is a loss, else None.
    ``cells``: the file's rows, each a list of number strings of one width."""
    try:
        rows = [[float(c) for c in r] for r in cells]
    except ValueError:
        return None
    if len(rows) < 3 or len({len(r) for r in rows}) != 1 or any(not math.isfinite(v) for r in rows for v in r):
        return None
    epoch = _counts_epochs([r[0] for r in rows])
    lead = ["epoch"] if epoch else []
    values = [r[1:] for r in rows] if epoch else rows
    texts = [r[1:] for r in cells] if epoch else cells
    first = len(lead) + 1  # the file's column number of the first value column
    if values[0] and _total(values, texts):
        k = len(values[0])
        names = lead + [f"col{first + j}" for j in range(k - 1)] + ["loss"]
        how = (f"column {first + k - 1} is the sum of columns {first}-{first + k - 2} on every row and falls from its "
               f"start, as a total loss beside its terms does: it is 'loss', the terms keep their column numbers")
        return names, how
    if len(values[0]) == 2 and (a := _running_mean(values, texts)) is not None:
        names = lead + ["loss", "loss_smoothed"]
        how = (f"column {first + 1} is a running mean of column {first} on every row (" + (
            f"each row {a:g} x the row before plus {1 - a:g} x the new value" if a > 0 else "the mean of all rows so far")
            + "), as a loop printing its loss beside its smoothed loss does: they are 'loss' and 'loss_smoothed'")
        return names, how
    return None


def _running_mean(values: list[list[float]], cells: list[list[str]]) -> float | None:
    """The smoothing factor ``a`` when the second column is an exponential running mean of the first (``s_i = a
    s_(i-1) + (1 - a) x_i``, ``s_0 = x_0``; public midtermpj111 ``TrainLog_*.txt``: ``1706.891235,1706.891235`` then
    ``1707.004883,1706.902588``, a = 0.9), 0.0 for a cumulative mean (``s_i = mean(x_0..x_i)``), on every row to the
    printed rounding; None otherwise (two unrelated columns)."""
    x, s = [r[0] for r in values], [r[1] for r in values]
    if len(x) < 10 or abs(x[0] - s[0]) > 1e-9 + 10.0 ** -_decimals(cells[0][1]) or len(set(x)) < 3 \
            or not (_falls(x) and _falls(x[1:])):
        return None  # (an accuracy and its running mean rises; batch times fall once, from a slow first batch)
    slack = [10.0 ** -_decimals(c[0]) + 10.0 ** -_decimals(c[1]) for c in cells]
    cumulative = all(abs(sum(x[:i + 1]) / (i + 1) - s[i]) <= 2 * slack[i] + 1e-9 * abs(s[i]) for i in range(len(x)))
    if cumulative:
        return 0.0
    k = next((i for i in range(1, len(x)) if abs(x[i] - s[i - 1]) > 1e3 * slack[i]), None)
    if k is None:
        return None
    a = (x[k] - s[k]) / (x[k] - s[k - 1])
    if not 0.05 <= a < 1:
        return None
    ok = all(abs(a * s[i - 1] + (1 - a) * x[i] - s[i]) <= 2 * slack[i] + 1e-6 * abs(s[i]) + 1e-3 * abs(x[i] - s[i - 1])
             for i in range(1, len(x)))
    return round(a, 3) if ok else None


def table(cells: list[list[str]], header: list[str], how: str) -> tuple[bytes, str]:
    """(the CSV with ``header`` above the rows -- the row number as ``step`` first when no column counts the
    epochs --, the warning line saying how the columns were named)."""
    epoch = header[0] == "epoch"
    rows = cells if epoch else [[str(i), *r] for i, r in enumerate(cells)]
    names = header if epoch else ["step", *header]
    out = "\n".join([",".join(names)] + [",".join(r) for r in rows]) + "\n"
    said = (f"no header line: its {len(cells[0])} columns of numbers have no names; read as {','.join(header)} -- "
            + ("the first counts the epochs; " if epoch else "the row number (from 0) the step; ") + how
            + " (names taken from the values, not written in the file: write a header line to name them)")
    return out.encode(), said
