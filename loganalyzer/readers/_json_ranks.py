"""LLaMA-Factory's ``trainer_log.jsonl``, and JSON lines that two processes wrote into one file (for ``json_history``).

LLaMA-Factory's ``LogCallback`` (``src/llamafactory/train/callbacks.py``, ``on_log``) appends one line per HF log call
to ``<output_dir>/trainer_log.jsonl``::

    {"current_steps": 10, "total_steps": 6750, "loss": 2.219, "lr": 1.33e-06, "epoch": 0.0044, "percentage": 0.15,
     "elapsed_time": "0:05:53", "remaining_time": "66:13:28"}
    {"current_steps": 500, "total_steps": 6750, "eval_loss": 1.641, "epoch": 0.2222, "percentage": 7.41, ...}

``current_steps`` is the Trainer's global step (``json_history``'s step key: read at the row number, a row with a
whole ``epoch`` -- ``"epoch": 1.0`` at an epoch's end -- was taken for step 1 and the whole file for resumed
sessions); ``total_steps``, ``percentage``, ``elapsed_time`` and ``remaining_time`` are the progress bar's, no series.

Two ranks writing one log (``twins``): a job whose every process logs (no ``is_world_process_zero`` guard, or a
``save_on_each_node`` of two nodes) writes each step twice, the second line a few lines after the first, out of
order (``10, 10, 20, 20, ... 1010, 1020, 1010, 1030, 1020``), with the same keys and the same or nearly the same
values (``"loss": 0.8548`` / ``0.8547``: each rank's own batch). Read line by line, every step went back: a
"resumed session" per line, the resolved view keeping a few points. A line is such a twin when an earlier line
at most ``WINDOW`` lines before it has its step (an iteration key, not ``epoch``), its keys and every number within
``CLOSE`` of its own, and is no twin itself; the twins are dropped (each step read once, from its first line) only
when they are many (at least ``MIN_TWINS`` and a quarter of the lines), one line saying so. A job resumed from a
checkpoint into the same file logs its steps again later than that (the earlier lines already paired): it stays a
later session.
"""
from __future__ import annotations

import math
import re

from ..runs import Problem

# LLaMA-Factory's progress keys (callbacks.py LogCallback.on_log): no series
LLAMAFACTORY_PROGRESS = ("total_steps", "percentage", "elapsed_time", "remaining_time")
WINDOW = 8  # a twin's first line is at most this many lines before it
CLOSE = 0.05  # relative difference of each number between twins
MIN_TWINS = 3


def llamafactory(rows: list[dict]) -> list[dict]:
    """``rows`` without LLaMA-Factory's progress keys when most rows are LLaMA-Factory's (``current_steps`` and
    ``total_steps`` in them); else ``rows`` as they are."""
    marked = sum(1 for r in rows if "current_steps" in r and "total_steps" in r)
    if not rows or marked * 2 < len(rows):
        return rows
    return [{k: v for k, v in r.items() if k not in LLAMAFACTORY_PROGRESS} for r in rows]


# ms-swift's ``logging.jsonl`` (swift/trainers ``ProgressCallbackNew.on_log``): each row the Trainer's logs plus
# ``"global_step/max_steps": "1/40"``, ``"elapsed_time": "1m 16s"``, ``"remaining_time": "49m 5s"`` -- the step is only
# in that string (the rows were read at their line numbers 0..39 while they say 1..40)
_SWIFT_STEP = "global_step/max_steps"
_SWIFT_PROGRESS = (_SWIFT_STEP, "elapsed_time", "remaining_time")
_SWIFT_COUNT = re.compile(r"(\d+)/\d+")


def swift_steps(rows: list[dict]) -> list[dict]:
    """``rows`` with ms-swift's ``global_step/max_steps`` string read as the row's ``global_step`` and its progress
    strings left out, when most rows are ms-swift's (above); else ``rows`` as they are."""
    marked = sum(1 for r in rows if isinstance(r.get(_SWIFT_STEP), str) and _SWIFT_COUNT.fullmatch(r[_SWIFT_STEP]))
    if not rows or marked * 2 < len(rows):
        return rows
    out = []
    for r in rows:
        m = _SWIFT_COUNT.fullmatch(r[_SWIFT_STEP]) if isinstance(r.get(_SWIFT_STEP), str) else None
        row = {k: v for k, v in r.items() if k not in _SWIFT_PROGRESS}
        if m is not None and "global_step" not in row:
            row["global_step"] = int(m.group(1))
        out.append(row)
    return out


def _close(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        return a == b
    if a == b or (math.isnan(a) and math.isnan(b)):
        return True
    return abs(a - b) <= CLOSE * max(abs(a), abs(b))


def twins(rows: list[dict], step_keys: tuple) -> tuple[list[dict], str | None]:
    """(``rows`` without the second line of each step two processes wrote, a line saying so), or (``rows``, None)
    when there are few such lines (module docstring). ``step_keys``: the iteration keys (``epoch`` left out)."""
    keyed = []
    for row in rows:
        key = next((k for k in step_keys if isinstance(row.get(k), int) and not isinstance(row.get(k), bool)), None)
        keyed.append(None if key is None else (key, row[key], frozenset(row)))
    twin_of: dict[int, int] = {}
    paired: set[int] = set()
    for i, mark in enumerate(keyed):
        if mark is None:
            continue
        for j in range(max(0, i - WINDOW), i):
            if j in paired or keyed[j] != mark:
                continue
            if all(_close(rows[i][k], rows[j][k]) for k in rows[i] if k != mark[0]):
                twin_of[i] = j
                paired.update((i, j))
                break
    if len(twin_of) < MIN_TWINS or len(twin_of) * 4 < len(rows):
        return rows, None
    kept = [row for i, row in enumerate(rows) if i not in twin_of]
    return kept, (f"{len(twin_of)} line(s) repeat a line of the same step a few lines before with the same or nearly "
                  f"the same values (two processes writing one log): each step read once, from its first line")


def lines(rows: list[dict], table, path: str, problems: list[Problem], step_keys: tuple) -> None:
    """``json_history``'s JSON lines into ``table``, one row each: LLaMA-Factory's progress keys left out, two
    ranks' twin lines read once (above), rows naming their split prefixed (``_json_splitrows``), OpenMMLab's logs
    (``_openmmlab``) with their own steps; one note for each."""
    from . import _json_records, _json_splitrows, _json_trainings, _openmmlab

    table._last = {}  # a file appended to by a resumed job (detectron2's metrics.json): its sessions
    which = _openmmlab.kind(rows)  # (its 'mode': 'train'/'val' rows read there)
    if which is None:
        rows = llamafactory(rows)  # trainer_log.jsonl: current_steps the step, no progress series
        rows = swift_steps(rows)  # ms-swift's logging.jsonl: "global_step/max_steps": "1/40" the step
        rows, twin_note = twins(rows, _json_trainings.ITER_KEYS)  # two ranks writing one log
        if twin_note:
            problems.append(Problem(path, twin_note))
        rows, records_note = _json_records.split(rows, _json_trainings.ITER_KEYS)  # {"event": "config", "lr": ..}
        if records_note:
            problems.append(Problem(path, records_note))
        rows, restated_note = _json_records.restated(rows, _json_trainings.ITER_KEYS)  # {"kind": "best_ckpt", ..}
        if restated_note:
            problems.append(Problem(path, restated_note))
        rows, split_note = _json_splitrows.prefixed(rows, step_keys)
        if split_note:  # {"split": "train", "loss": ..} / {"split": "val", "loss": ..}: train_loss, val_loss
            problems.append(Problem(path, split_note))
        placed, epoch_note = epoch_rows_at_steps(rows, _json_trainings.ITER_KEYS)
        if epoch_note:
            problems.append(Problem(path, epoch_note))
        for index, row in enumerate(rows):
            if index in placed:  # an epoch's row among step rows: at the step its epoch ended
                table.row(index, row, step=placed[index], skip=("epoch",))
            else:
                table.row(index, row)
    elif note := _openmmlab.fill(table, rows, which):
        problems.append(Problem(path, note))


def epoch_rows_at_steps(rows: list[dict], iter_keys: tuple) -> tuple[dict[int, int], str | None]:
    """({row index: step}, a line saying so) for the rows of a JSON-lines log that print an ``epoch`` and no step
    among rows that print a step (``{"step": 4, "loss": ..}`` .. ``{"epoch": 1, "val_loss": ..}``: a logger writing
    per-step training and per-epoch validation lines): each is placed at the step of the last step row before it,
    where its epoch ended, as the job-log reader places epoch lines among step lines. They were at their epoch
    numbers 1..10 on the steps' axis 1..40 (a newcomer breaker's log). ({}, None) when the rows are not so."""
    def step_of(row):
        return next((row[k] for k in iter_keys if isinstance(row.get(k), int) and not isinstance(row.get(k), bool)),
                    None)

    steps = [step_of(row) if isinstance(row, dict) else None for row in rows]
    if sum(s is not None for s in steps) < 2:
        return {}, None
    placed, last = {}, None
    for i, (row, step) in enumerate(zip(rows, steps)):
        if step is not None:
            last = step
        elif isinstance(row, dict) and isinstance(row.get("epoch"), (int, float)) and last is not None:
            placed[i] = last
    if len(placed) < 2:
        return {}, None
    return placed, (f"{len(placed)} rows print an epoch and no step among rows printing steps: each is placed at "
                    "the step of the last step row before it (where its epoch ended)")

