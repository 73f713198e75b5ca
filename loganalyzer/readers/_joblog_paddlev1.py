"""PaddlePaddle v1's ``paddle_trainer`` log (``paddle train --config=... 2>&1 | tee train.log``; the C++ trainer's
glog lines, PaddlePaddle 0.9-0.11 and its book/model examples; used by ``readers/_joblog_whole.py``), read whole.

``TrainerInternal.cpp`` prints every ``--log_period`` batches ``Batch=<b> samples=<n> AvgCost=<running mean of the
pass> CurrentCost=<mean of the last period> Eval: <evaluator>=<v> ...  CurrentEval: ...`` and at the pass's end
``Pass=<p> Batch=<batches> samples=<n> AvgCost=<the pass's mean> Eval: ...``; ``Tester.cpp`` then ``Test
samples=<n> cost=<mean> Eval: ...``. The batch counter starts again at each pass; ``--show_parameter_stats_period``
adds per-parameter ``avg_abs_val=.. max_grad=..`` lines, ``--dot_period`` rows of dots glued before the next line;
an evaluator named once per output (a 24-horizon traffic model: ``classification_error_evaluator=`` 24 times)::

    I0305 17:13:22.585328 16094 TrainerInternal.cpp:165]  Batch=1000 samples=128000 AvgCost=11.9908 CurrentCost=11.9908 Eval: classification_error_evaluator=0.13725 ...
    .....I0305 17:15:21.102740 16094 TrainerInternal.cpp:182]  Pass=0 Batch=1472 samples=188399 AvgCost=11.5163 Eval: ...
    I0305 17:16:12.349645 16094 Tester.cpp:127]  Test samples=91292 cost=10.9851 Eval: classification_error_evaluator=0.132345 ...

(public paddletraffic220, three ``train.log`` of 10, 50 and 8 passes: not found -- their first 8 KiB hold no word
the sniff knew -- so the runs were `missing`). Read here: per pass the ``Pass=`` line's ``AvgCost`` as ``cost`` (the
pass's mean training cost) and the next ``Test`` line's ``cost`` as ``val_cost``, both at step ``<p>`` (the pass
number, an epoch), with each evaluator (the mean of its repeats: one figure per name) as ``<name>`` / ``val_<name>``.
The ``Batch=`` lines are running means within a pass, restated by its ``Pass=`` line: read only when the log has
no ``Pass=`` line (cut in its first pass), ``CurrentCost`` as ``cost`` at step ``<b>``.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser: imported by the reading function, not at discovery (test_readers29)
    from ._progress import Record

_NUM = rb"[-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|nan|-?inf)"
_PASS = re.compile(rb"\]\s+Pass=(\d+) Batch=\d+ samples=\d+ AvgCost=(" + _NUM + rb")([^\r\n]*)")
_TEST = re.compile(rb"\]\s+Test samples=\d+ cost=(" + _NUM + rb")([^\r\n]*)")
_BATCH = re.compile(rb"\]\s+Batch=(\d+) samples=\d+ AvgCost=" + _NUM + rb" CurrentCost=(" + _NUM + rb")")
_EVAL = re.compile(rb"([A-Za-z_][\w.]*)=(" + _NUM + rb")(?=\s|$)")
_HEAD = re.compile(rb"TrainerInternal\.cpp:\d+\]\s+(?:Pass=\d+ )?Batch=\d+ samples=\d+ AvgCost="
                   rb"|Util\.cpp:\d+\] commandline: \S*paddle_trainer ")


def looks(head: bytes) -> bool:
    """The head of a ``paddle_trainer`` log: its glog ``commandline: .../paddle_trainer`` line or a trainer line."""
    return _HEAD.search(head) is not None


def _evaluators(rest: bytes, prefix: str) -> tuple:
    """(``prefix + name``, mean of the name's values) of the ``Eval:`` part of a line (``CurrentEval:`` left out)."""
    rest = rest.split(b"CurrentEval:")[0]
    at = rest.find(b"Eval:")
    if at < 0:
        return ()
    found: dict[str, list[float]] = {}
    for m in _EVAL.finditer(rest, at + 5):
        found.setdefault(m.group(1).decode(), []).append(float(m.group(2)))
    return tuple((prefix + name, sum(v) / len(v)) for name, v in found.items())


def paddlev1_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every pass and test line of a ``paddle_trainer`` log (module docstring), or None when
    ``data`` has no ``TrainerInternal.cpp`` ``Batch=.. samples=.. AvgCost=`` line."""
    if data.find(b"AvgCost=") < 0 or data.find(b"TrainerInternal.cpp") < 0:
        return None
    from ._progress import Record  # the parser, imported when such a log is read
    out: list[tuple[int, Record]] = []
    passes = list(_PASS.finditer(data))
    if not passes:
        for m in _BATCH.finditer(data):
            out.append((m.start(), Record("paddlev1", (("cost", float(m.group(2))),), step=int(m.group(1)),
                                          own_step=True)))
        return out or None
    lines = sorted([(m.start(), "pass", m) for m in passes] + [(m.start(), "test", m) for m in _TEST.finditer(data)],
                   key=lambda t: t[0])
    done = None  # the last pass that ended
    for offset, kind, m in lines:
        if kind == "pass":
            done = int(m.group(1))
            values = (("cost", float(m.group(2))),) + _evaluators(m.group(3), "")
            out.append((offset, Record("paddlev1", values, step=done, epoch=float(done + 1), own_step=True)))
        elif done is not None:
            values = (("val_cost", float(m.group(1))),) + _evaluators(m.group(2), "val_")
            out.append((offset, Record("paddlev1", values, step=done, epoch=float(done + 1), kind="eval",
                                       own_step=True)))
    return out or None
