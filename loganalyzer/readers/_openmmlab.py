"""The steps of OpenMMLab's JSON-lines logs (MMDetection, MMPretrain, MMSegmentation...), for ``json_history``.

Two writers, two shapes (facts from their source):

- mmengine < 0.8 writes no ``iter`` on training lines (``LogProcessor.get_log_after_iter`` added it in 0.8): a
  training line is one with ``iter``, ``epoch`` or a key ending in ``lr``; such a file is claimed when a validation
  line's step is below the training step before it (an epoch number), else it reads as plain JSON lines. In an
  epoch-based run validation sits at ``epoch x iterations per epoch`` (``iters_per_epoch``: from the training
  lines' ``epoch`` and ``step``), the iteration ending the epoch it evaluated.

- mmengine ``LocalVisBackend`` (``mmengine/visualization/vis_backend.py``, ``add_scalars``: the dict plus
  ``step``, one ``json.dumps`` a line in ``<log_dir>/vis_data/scalars.json``), fed by ``LoggerHook``
  (``mmengine/hooks/logger_hook.py``): a training line every ``interval`` iterations carries ``iter`` (the global
  iteration), ``epoch`` (epoch-based loops) and ``step`` = the iteration; a validation line, written by
  ``after_val_epoch``, carries the evaluator's metrics (``coco/bbox_mAP``, ``accuracy/top1``...) with ``step`` =
  ``runner.epoch`` (``log_metric_by_epoch=True``, the default; 0 for an iteration-based loop) and no ``iter``.
  So validation sits at step 1, 2, 3... on an axis whose training lines count iterations: each validation line is
  placed at the iteration of the training line written before it (the end of the epoch it evaluated), its own
  ``step`` kept when it is already an iteration (``log_metric_by_epoch=False``: not below that line's). Its keys
  are named ``val/<key>`` (its ``data_time``/``time`` are the validation loop's, not training's; mmengine's printed
  log calls the line ``Epoch(val)``).
- mmcv 1.x ``TextLoggerHook`` (``mmcv/runner/hooks/logger/text.py``, ``_dump_log``: ``mmcv.dump(json_log, f)``
  then ``\\n`` into ``<work_dir>/<timestamp>.log.json``): each line is ``OrderedDict(mode=, epoch=, iter=, lr=,
  ...)`` with floats rounded to 5 places; ``iter`` is the iteration *within* the epoch for an epoch-based runner
  (``get_iter(runner, inner_iter=True)``), the global one for an iteration-based runner; ``mode`` is ``train`` or
  ``val`` (a ``val`` workflow logs its own ``loss``: the same key as training's). The first line is
  ``runner.meta`` (``env_info``, ``config``, ``seed``, ``exp_name``), no point. Training lines are placed in
  epoch-major order (``_text.epoch_major``: ``[2][50]`` follows ``[1][7300]``), validation lines at the training
  line written before them; the keys of a line whose ``mode`` is not ``train`` are named ``<mode>/<key>``, so a
  validation loss is never read into the training loss. Such a line's ``lr`` (``{"mode": "val", "epoch": 1, "iter":
  1601, "lr": 0.0006, "AP50": 0.591}``: the hook logs ``runner.current_lr()`` on every line) is the training's
  learning rate again, no ``val/lr`` series; an epoch-based runner's ``epoch`` is part of the training lines' step,
  no series either (public yolof ``log.json``: 5,400 points of 1..15).
"""
from __future__ import annotations

import numpy as np

from ._text import Numbers, epoch_major

MMCV_MODES = frozenset({"train", "val", "test"})
# the keys mmcv's TextLoggerHook writes itself on every line (text.py, ``log``): the step, not series
MMCV_STEP_KEYS = ("mode", "epoch", "iter")


def kind(rows: list[dict]) -> str | None:
    """``"mmcv"``, ``"mmengine"`` or None for the parsed lines of a JSON-lines file."""
    has_mode = [r for r in rows if r.get("mode") in MMCV_MODES]
    if has_mode and all(_whole(r.get("epoch")) and _whole(r.get("iter")) for r in has_mode) and \
            all(r in has_mode or "env_info" in r or "mode" not in r for r in rows):
        return "mmcv"
    train = [r for r in rows if _whole(r.get("iter")) and _whole(r.get("step"))]
    if train and all(r["iter"] == r["step"] for r in train) and any("iter" not in r and _whole(r.get("step"))
                                                                     for r in rows):
        return "mmengine"
    if _mmengine_without_iter(rows):
        return "mmengine"
    return None


def _is_train(row: dict) -> bool:
    """An mmengine training line: ``iter`` (mmengine >= 0.8), ``epoch`` (an epoch-based loop) or a learning rate
    (``LogProcessor.get_log_after_iter`` always logs the optimizer's ``lr``); a validation line has none of them."""
    return "iter" in row or "epoch" in row or any(k.endswith("lr") for k in row)


def _mmengine_without_iter(rows: list[dict]) -> bool:
    """mmengine < 0.8's ``scalars.json``: no ``iter`` on training lines (``step`` the global iteration, ``epoch`` in
    an epoch-based loop) and validation lines with ``step`` = the epoch. Claimed only when a validation line's step
    is below the training line's before it (an epoch number after iterations), the one case read wrong as a
    resume; every line has a whole ``step``, training steps never go back and no line carries ``mode``."""
    if not rows or any("mode" in r or "iter" in r or not _whole(r.get("step")) for r in rows):
        return False
    last, epoch_step = None, False
    for row in rows:
        if _is_train(row):
            if last is not None and row["step"] <= last:
                return False
            if "epoch" in row and not (_whole(row["epoch"]) and row["epoch"] <= row["step"]):
                return False
            last = row["step"]
        elif last is not None and row["step"] < last:
            epoch_step = True
    return epoch_step


def _whole(value) -> bool:
    """An int a step can be (JSON's ints are unbounded; the table's steps are int64)."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2 ** 62


def steps(rows: list[dict], which: str) -> tuple[list[int | None], list[str | None], str]:
    """Per row: its step (None: no point, the mmcv meta line), the prefix its keys take (None: none), and the
    one-line note saying what was done."""
    if which == "mmcv":
        return _mmcv(rows)
    return _mmengine(rows)


def _after_training(rows: list[dict], train: list[bool], own: list[int | None],
                    per_epoch: int | None = None) -> tuple[list[int | None], int]:
    """Each non-training row at the step of the training row written before it when its own step is below that
    (an epoch number); with ``per_epoch`` (iterations per epoch) at its epoch's end, ``epoch x per_epoch``, when
    that is not before the training row written before it. The count of rows moved."""
    out, last, moved = list(own), None, 0
    for i, row in enumerate(rows):
        if train[i]:
            last = own[i]
        elif own[i] is not None and last is not None and own[i] < last:
            end = own[i] * per_epoch if per_epoch and own[i] > 0 else None
            out[i], moved = (end if end is not None and end >= last else last), moved + 1
    return out, moved


def iters_per_epoch(epochs: list[int], steps: list[int]) -> int | None:
    """Iterations per epoch from training lines' (epoch, global step): the step of each epoch's first line, taken
    one epoch after another (a logger interval gives every epoch's first line the same place in its epoch); the
    median of the steps' differences over the epochs', None when no two epochs or no whole positive answer."""
    first: dict[int, int] = {}
    for e, s in zip(epochs, steps):
        first.setdefault(e, s)
    keys = sorted(first)
    rates = [(first[b] - first[a]) / (b - a) for a, b in zip(keys, keys[1:])]
    if not rates:
        return None
    rate = float(np.median(rates))
    return int(rate) if rate > 0 and rate == int(rate) else None


def _mmengine(rows: list[dict]):
    train = [_is_train(r) for r in rows]
    own = [r["step"] if _whole(r.get("step")) else None for r in rows]
    with_epoch = [i for i, t in enumerate(train) if t and _whole(rows[i].get("epoch")) and own[i] is not None]
    per_epoch = iters_per_epoch([rows[i]["epoch"] for i in with_epoch], [own[i] for i in with_epoch])
    out, moved = _after_training(rows, train, own, per_epoch)
    prefix = [None if t else "val" for t in train]
    where = (f"the iteration ending its epoch (epoch x {per_epoch} iterations per epoch)" if per_epoch else
             "the iteration of the training line written before each")
    note = (f"mmengine scalars: {len(rows) - sum(train)} validation line(s) (no 'iter', 'epoch' or 'lr'), their "
            f"keys named 'val/<key>'" + (f"; {moved} logged with step = epoch placed at {where}" if moved else ""))
    return out, prefix, note


def _mmcv(rows: list[dict]):
    mode = [r.get("mode") for r in rows]
    train = [m == "train" for m in mode]
    rows_t = [i for i, t in enumerate(train) if t]
    own: list[int | None] = [None] * len(rows)
    axis = "iter"
    if rows_t:
        inner = Numbers(np.array([rows[i]["iter"] for i in rows_t], dtype=float), np.ones(len(rows_t), bool),
                        np.zeros(len(rows_t), bool))
        epoch = Numbers(np.array([rows[i]["epoch"] for i in rows_t], dtype=float), np.ones(len(rows_t), bool),
                        np.zeros(len(rows_t), bool))
        found = epoch_major(inner, epoch)
        if found is not None:
            axis = "epoch-major (epoch, iter within the epoch)"
        per_epoch = _inner_counter(inner.values, epoch.values) if found is None else None
        if per_epoch:
            axis = (f"(epoch - 1) x {per_epoch} + iter (iter within the epoch, never past {per_epoch}: the "
                    "epoch's length taken as that)")
        for k, i in enumerate(rows_t):
            own[i] = int(found.steps[k]) if found is not None else \
                (rows[i]["epoch"] - 1) * per_epoch + rows[i]["iter"] if per_epoch else rows[i]["iter"]
    by_epoch = not rows_t and _epochs_only(rows, mode)
    for i, m in enumerate(mode):
        if m in MMCV_MODES and m != "train":
            own[i] = (rows[i]["epoch"] if by_epoch else rows[i]["iter"]) if not rows_t else 0  # rows_t: placed below
    out, _ = _after_training(rows, train, own)
    prefix = [None if m in (None, "train") else m for m in mode]
    note = f"mmcv log.json: training lines on the {axis} axis, other modes' keys named '<mode>/<key>' and placed " \
           "at the training line written before each"
    if by_epoch:
        note = ("mmcv log.json: no training line; the validation lines placed at their epoch ('iter' counts within "
                "each validation), their keys named '<mode>/<key>'")
    return out, prefix, note


def _epochs_only(rows: list[dict], mode: list) -> bool:
    """True when a log.json holding no training line (every line ``"mode": "val"``: an mmcls/mmpretrain job whose
    ``log_config.interval`` exceeds the iterations of an epoch logs only its evaluations) counts epochs and not
    iterations: its ``epoch`` goes up at least once and never down, and its ``iter`` never grows where the epoch
    does. mmcv's ``TextLoggerHook`` writes a validation line's ``iter`` with ``get_iter(runner, inner_iter=True)``,
    the iteration within the validation loop (public crazyw169: ``{"mode": "val", "epoch": 1, "iter": 3, ...}``
    for 20 epochs, all at iter 3: the 40 lines collapsed to one point). Their step is then the epoch. The epoch may
    go back only where a launch's meta line (``env_info``/``config``/``seed``: written by ``before_run``) stands
    between: a second launch appended to the same file, each launch then its own run on its epochs (before, the
    whole file fell back to the inner ``iter``: both launches collapsed to one point each)."""
    at = [i for i, m in enumerate(mode) if m in MMCV_MODES]
    epoch = np.array([rows[i]["epoch"] for i in at], dtype=float)
    inner = np.array([rows[i]["iter"] for i in at], dtype=float)
    back = np.flatnonzero(epoch[1:] < epoch[:-1])
    if len(at) < 2 or any(all(mode[j] in MMCV_MODES for j in range(at[k] + 1, at[k + 1])) for k in back):
        return False
    up = epoch[1:] > epoch[:-1]
    return bool(up.any()) and not (inner[1:][up] > inner[:-1][up]).any()


def _inner_counter(inner: np.ndarray, epoch: np.ndarray) -> int | None:
    """The largest ``iter`` when it counts within the epoch although it never goes back (one line an epoch, as
    ``TextLoggerHook`` writes when the interval fits once into the epoch): the epoch goes up at least twice, never
    down, and ``iter`` never grows across an epoch's change (an iteration-based runner's global ``iter`` always
    does); else None."""
    up = epoch[1:] > epoch[:-1]
    if int(up.sum()) < 2 or (epoch[1:] < epoch[:-1]).any() or epoch.min() < 1:
        return None
    if (inner[1:][up] > inner[:-1][up]).any():
        return None
    top = int(inner.max())
    return top if top > 0 else None


def fill(table, rows: list[dict], which: str) -> str:
    """``json_history``'s ``table`` filled from OpenMMLab's JSON lines (``which``: ``kind``'s answer) at their own
    steps (``steps``); the note saying how they were placed ('' for none)."""
    steps_at, prefixes, note = steps(rows, which)
    # an epoch-based mmcv runner: the epoch is part of each training line's step, no series of its own (as a CSV's
    # 'epoch,batch' in epoch-major order: _epoch_major); an iteration-based one's epoch counts data passes, kept
    epoch_in_step = which == "mmcv" and "epoch" in note.split(" axis")[0]  # _mmcv's axis: epoch-major or (epoch-1) x n
    # ... but an IterBasedRunner's 'epoch' that never changes ('"epoch": 1' on every line of an mmseg log.json) counts
    # nothing: no series either
    epoch_in_step = epoch_in_step or which == "mmcv" and len({r.get("epoch") for r, p in zip(rows, prefixes)
                                                              if p is None and "epoch" in r}) == 1
    train_skip = ("mode", "iter", "epoch") if epoch_in_step else ("mode", "iter")
    for index, (row, step, prefix) in enumerate(zip(rows, steps_at, prefixes)):
        if step is None:
            continue  # mmcv's first line: the run's meta (env_info, config, seed), no point
        skip = ("iter",) if which == "mmengine" else MMCV_STEP_KEYS + ("lr",) if prefix else train_skip
        if which == "mmengine" and prefix:
            skip = ("step",)  # no 'iter' on a validation line: its step key (the epoch) is no series
        table.row(index, row, step=step, skip=skip, prefix=prefix)
    return note
