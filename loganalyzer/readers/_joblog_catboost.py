"""CatBoost's printed training (``fit(eval_set=..., verbose=N)``) in a printed log (``joblog``, via ``_joblog_gbm``).

CatBoost's console logger (``catboost/libs/loggers/logger.h``, ``TConsoleLoggingBackend``) prints one line per
``metric_period`` iteration (and the last one): the iteration, then for each data set the main metric (the
``eval_metric``, else the ``loss_function``), the test sets' best value so far and its iteration, then the times::

    10:\tlearn: 0.3355498\ttest: 0.4227259\tbest: 0.4227259 (10)\ttotal: 102ms\tremaining: 5.50s

(``learn`` is the training set; ``test`` the first ``eval_set``, ``test1``.. the next ones; with no eval set only
``learn``; with the training metric skipped only ``test``). Early stopping ends with ``Stopped by overfitting
detector  (20 iterations wait)``, a blank line, ``bestTest = 0.399473122``, ``bestIteration = 40`` and ``Shrink
model to first 41 iterations.``; a plain end prints ``bestTest``/``bestIteration`` too.

Read here: the iteration is the step, ``learn`` the series ``learn/<metric>`` (a training loss) and ``test``
``test/<metric>`` (the validation: the set early stopping watches). The console prints the main metric's value with
no name (the ``loss_function``'s, or the ``eval_metric``'s when one is set): ``<metric>`` is ``loss``. ``best: v
(k)`` is a running minimum and ``total``/``remaining`` are times: no series. The ``bestTest``/``bestIteration``/``Shrink model`` footer repeats the
best iteration: no point (record None). A line that starts like CatBoost's but holds a value that is no number is
skipped with one warning line.
"""
from __future__ import annotations

import re

from ._progress import Record

# 'N:\tlearn: v' or 'N:\ttest: v' at a line's start: the needle
_LINE = re.compile(rb"(?m)^(\d+):\t((?:learn|test\d*): [^\n]*?)\r?$")
_ITEM = re.compile(r"(learn|test\d*|best|total|remaining): ([^\t]*)")
_FOOTER = re.compile(rb"(?m)^(?:Stopped by overfitting detector +\(\d+ iterations wait\)|bestTest = [^\n]*"
                     rb"|bestIteration = \d+|Shrink model to first \d+ iterations\.)\r?$")
_MAX = 2_000_000


def _value(text: str) -> float | None:
    try:
        return float(text.strip())
    except ValueError:
        return None


def catboost_hits(data, problems: list | None = None) -> list[tuple[int, int, Record | None]]:
    """(line start, line end, record) of CatBoost's printed iterations in ``data`` and of its closing lines (record
    None: no point), in file order."""
    out: list = []
    if data.find(b":\tlearn: ") < 0 and data.find(b":\ttest") < 0:
        return out
    bad = []
    for m in _LINE.finditer(data):
        if len(out) >= _MAX:
            break
        values, ok = [], True
        for item in m.group(2).decode("utf-8", "replace").split("\t"):
            im = _ITEM.fullmatch(item.strip())
            if im is None:
                ok = False
                break
            if im.group(1) in ("best", "total", "remaining"):  # the best so far, the times: no series
                continue
            value = _value(im.group(2))
            if value is None:
                ok = False
                break
            values.append((f"{im.group(1)}/loss", value))
        if not ok or not values:
            bad.append(m.start())
            continue
        out.append((m.start(), m.end(), Record("gbm", tuple(values), step=int(m.group(1)), kind="train",
                                               own_step=True)))
    if bad and problems is not None:
        line = bytes(data[:bad[0]]).count(b"\n") + 1
        problems.append(f"{len(bad)} CatBoost iteration line(s) not read (a value that is no number or an "
                        f"unknown field), the first at line {line}")
    if out:
        out.extend((m.start(), m.end(), None) for m in _FOOTER.finditer(data))
        out.sort(key=lambda t: t[0])
    return out
