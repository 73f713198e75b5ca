"""PySlowFast's ``json_stats`` lines (facebookresearch/SlowFast, and the trainers built on it: MViT, X3D, AVA and
AI City forks; used by ``readers/_joblog_whole.py``).

``slowfast/utils/logging.py:log_json_stats`` prints every meter's stats as one sorted JSON dict
(``logger.info("json_stats: {:s}".format(json_stats))``), and ``slowfast/utils/meters.py`` gives each a ``_type``:

    json_stats: {"_type": "train_iter", "epoch": "3/300", "iter": "20/160", "loss": 2.7, "lr": 0.0002, ...}
    json_stats: {"RAM": "13.6/31.0G", "_type": "train_epoch", "epoch": "3/300", "loss": 2.75, "top1_err": 90.5, ...}
    json_stats: {"_type": "val_iter", "epoch": "5/300", "iter": "10/40", "time_diff": 0.6, "top1_err": 75.0, ...}
    json_stats: {"_type": "val_epoch", "epoch": "5/300", "min_top1_err": 74.9, "top1_err": 74.9, ...}

``epoch`` is ``"{cur_epoch + 1}/{MAX_EPOCH}"``, ``iter`` ``"{cur_iter + 1}/{epoch_iters}"``: the records carry their
own position. Read line by line, the ``val_epoch`` records (no loss on them) were dropped, every record was put at
its line's index, and the ``train_epoch`` summaries landed between the iterations they average (public
aicity23wpi171: 300 train epochs kept, the 60 validations lost).

Read here, whole: with ``train_iter`` records in the file, the step is the global iteration -- an iteration at
``(epoch - 1) x epoch_iters + iter``, an epoch's summaries (``train_epoch``, ``val_epoch``) at ``epoch x
epoch_iters``, its last iteration's step -- so the two agree in one run; without them the step is the epoch.
``epoch_iters`` is each epoch's own (``MULTIGRID.LONG_CYCLE`` changes the batch size and so the loader's length from
epoch to epoch: ``"iter": "10/40"``, ``"x/80"``, ``"x/160"``): an epoch starts where the iterations of the epochs
before it end, summed (the first epoch's total for all collided and lost records: the breaker's stop-61 W4); an
epoch with no ``train_iter`` record takes the total of the last one before it.
``train_iter`` values keep their names, ``train_epoch``'s are named ``<name>_epoch`` beside iterations (the epoch's
means of the same values, Lightning's naming) and keep their names without them, ``val_epoch``'s are
``val_<name>``. Not series: the timers and counters (``dt``, ``dt_data``, ``dt_net``, ``time_diff``, strings such as
``eta``, ``gpu_mem``, ``RAM``) and ``val_epoch``'s ``min_top1_err``/``min_top5_err`` (the best so far: monotone by
construction); the per-batch ``val_iter`` records and the test meter's records are said in a note, not points. An
``epoch`` going back (a training appended to the same file, ``"epoch": "1/N"`` again) starts a new run.
"""
from __future__ import annotations

import json
import re

from ._progress import Record

_LINE = re.compile(rb'json_stats: (\{[^\r\n]*"_type": "(?:train|val|test)_(?:iter|epoch)"[^\r\n]*\})[ \t]*\r?$',
                   re.MULTILINE)
_POSITION = re.compile(r"(\d+)/(\d+)")
_NOT_SERIES = frozenset({"_type", "epoch", "iter", "dt", "dt_data", "dt_net", "time_diff", "eta", "gpu_mem", "RAM",
                         "min_top1_err", "min_top5_err", "cur_iter", "split"})
_MIN_LINES = 2


def _position(value) -> tuple[int, int] | None:
    m = _POSITION.fullmatch(str(value)) if value is not None else None
    return (int(m.group(1)), int(m.group(2))) if m else None


def _values(stats: dict, name) -> tuple:
    return tuple((name(k), float(v)) for k, v in stats.items()
                 if k not in _NOT_SERIES and isinstance(v, (int, float)) and not isinstance(v, bool))


def _epoch_starts(found: list, unit: int) -> list[int]:
    """``starts[e]``: the global iterations done before epoch ``e + 1`` (so ``starts[e]`` ends epoch ``e``), from
    each epoch's own ``train_iter`` total (module docstring); ``unit`` (the first total, or 1) before any is known."""
    totals: dict[int, int] = {}
    for _, stats, (epoch, _) in found:
        if stats["_type"] == "train_iter" and (at := _position(stats.get("iter"))) is not None:
            totals[epoch] = at[1]
    last = max(e for _, _, (e, _) in found)
    starts, total = [0], unit
    for e in range(1, last + 1):
        total = totals.get(e, total)
        starts.append(starts[-1] + total)
    return starts


def slowfast_hits(data, size: int, notes: list | None = None) -> list[tuple[int, Record]] | None:
    """(offset, record) of every PySlowFast ``json_stats`` record (module docstring), or None when ``data`` holds
    fewer than two of them."""
    if data.find(b"json_stats: {") < 0:
        return None
    found = []
    for m in _LINE.finditer(data):
        try:
            stats = json.loads(m.group(1))
        except ValueError:
            continue
        epoch = _position(stats.get("epoch"))
        if isinstance(stats, dict) and epoch is not None:
            found.append((m.start(), stats, epoch))
    if len(found) < _MIN_LINES or not any(s["_type"] in ("train_iter", "train_epoch") for _, s, _ in found):
        return None
    per_epoch = next((p[1] for _, s, _ in found if s["_type"] == "train_iter" and (p := _position(s.get("iter")))),
                     None)
    starts = _epoch_starts(found, per_epoch or 1)
    out: list[tuple[int, Record]] = []
    skipped = 0
    for offset, stats, (epoch, _) in found:
        kind = stats["_type"]
        if kind == "train_iter":
            at = _position(stats.get("iter"))
            if at is None or per_epoch is None:
                skipped += 1
                continue
            step, values = starts[epoch - 1] + at[0], _values(stats, str)
        elif kind == "train_epoch":
            step, values = starts[epoch], _values(stats, (lambda k: f"{k}_epoch") if per_epoch else str)
        elif kind == "val_epoch":
            step, values = starts[epoch], _values(stats, lambda k: f"val_{k}")
        else:  # val_iter (one validation batch), test_iter
            skipped += 1
            continue
        if values:
            out.append((offset, Record("slowfast", values, step=step, epoch=float(epoch), own_step=True,
                                       kind="eval" if kind.startswith("val") else "train")))
    if skipped and notes is not None:
        notes.append(f"PySlowFast: {skipped} per-batch validation/test records (val_iter, test_iter) are no points of "
                     "the curve (each epoch's val_epoch record is)")
    return out or None
