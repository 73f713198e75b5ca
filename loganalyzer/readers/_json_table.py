"""The table a JSON history is read into (``json_history``): one row per (tag, step, value, wall time), a row dict
flattened to dotted keys, later sessions (a series' step going back: a job resumed into the same file) and gaps noted.

Moved out of ``json_history`` (stop 63) to keep modules under ~400 lines; the rules are that module's docstring's.
"""
from __future__ import annotations

import math

from . import _json_textnum, _json_trainings
from ._coco import coco_stats
from ._json_epochkeys import unix_clock
from ._text_clean import json_number as _number

STEP_KEYS = _json_trainings.ITER_KEYS + ("epoch", "round", "server_round")  # round: a federated run's step


def _flat(prefix: str, value, out: dict, depth: int = 0) -> None:
    if isinstance(value, dict) and isinstance(value.get("_type"), str) and prefix:
        return  # a W&B media record ({"_type": "image-file", "height": 732, "width": 2063, ...}): no scalar
    if isinstance(value, dict) and depth < 8:
        for k, v in value.items():
            _flat(f"{prefix}.{k}" if prefix else str(k), v, out, depth + 1)
    elif (stats := coco_stats(prefix, value)) is not None:  # DETR's test_coco_eval_bbox: 12 named COCO stats
        out.update(stats)
    else:
        out[prefix] = value


class _Table:
    def __init__(self):
        self.tags: list[str] = []
        self.steps: list[int] = []
        self.values: list[float] = []
        self.walls: list[float] = []
        self.skipped: dict[str, str] = {}  # key -> why it is no series
        self.notes: list[str] = []  # how lists were placed (``_json_shortval``), one problem line each
        self.marks: dict[str, list] = {}  # key -> its few epoch indices (``_json_marks``: metadata, no series)
        self.sessions: list[int] = []  # JSON lines: the first row of each later session (a series' step went back)
        self._last: dict[str, int] | None = None  # each series' last step, when sessions are looked for
        self._rows_at: dict[frozenset, int] = {}  # a row's key set -> the step it was last written at
        self.stepped = False  # its own step axis: an epoch/step list, or a step key in every row
        self._unstepped_rows = 0
        self.trainings = 1  # JSON lines: the trainings appended one after another in the file (``_one_training``)
        self.gaps: set[int] = set()  # sessions starting after a blank or comment line (``_json_trainings.GAP``)
        self._real: set[str] = set()  # keys holding a real JSON number on some line (``_json_textnum``)
        self._first: dict[str, int] = {}  # each series' first step (a gap's training starts again at or before it)

    def add(self, tag: str, step: int, value: float, wall: float = math.nan) -> None:
        self.tags.append(tag)
        self.steps.append(step)
        self.values.append(value)
        self.walls.append(wall)

    def row(self, index: int, row: dict, step: int | None = None, skip: tuple = (), prefix: str | None = None) -> None:
        """One dict of a list or a line: its numbers at its step (its step key's value, else ``index``; ``step``
        when given), the keys in ``skip`` left out, the others named ``prefix/key`` when a prefix is given."""
        flat: dict = {}
        _flat("", row, flat)
        gap = flat.pop(_json_trainings.GAP, False)
        key_of_step = next((k for k in STEP_KEYS if _integer(flat.get(k))), None)
        self._unstepped_rows += key_of_step is None
        self.stepped = not self._unstepped_rows
        if step is None:
            step = index if key_of_step is None else int(_number(flat[key_of_step]))
        wall = _number(flat.get("_timestamp"))
        clock = None if wall is not None else unix_clock(flat)  # '"time": 1733300003.7': the wall clock, no series
        wall = math.nan if wall is None and clock is None else wall if wall is not None else flat[clock]
        first = len(self.tags)
        relaunch = False  # the same row's keys at the same step again (module docstring)
        if self._last is not None and key_of_step not in (None, "epoch"):
            keys = frozenset(flat)
            relaunch = self._rows_at.get(keys) == step
            self._rows_at[keys] = step
        for key, value in flat.items():
            if key in (key_of_step, "_timestamp", clock) or key in skip or (key == "_runtime" and "_timestamp" in flat):
                continue  # W&B's own clock beside its wall time (wandb-history.jsonl): bookkeeping, no metric
            number = _json_textnum.number(key, value, self._real)  # '"git_sha": "4821907"' stays text
            if number is not None:
                tag = key if prefix is None else f"{prefix}/{key}"
                if self._last is not None:
                    again = relaunch and self._last.get(tag) == step
                    if (again or self._last.get(tag, step) > step) and first \
                            and (not self.sessions or self.sessions[-1] != first):
                        self.sessions.append(first)  # this series went back: a job resumed into the same file
                        if gap and step <= self._first.get(tag, step):  # back to its start (not a resume)
                            self.gaps.add(first)  # ... after a blank/comment line: a training of its own
                    self._last[tag] = step
                self._first.setdefault(tag, step)
                self.add(tag, step, number, wall)
            elif value is not None:
                self.skipped.setdefault(key, type(value).__name__)


def _integer(value) -> bool:
    number = _number(value)
    return number is not None and math.isfinite(number) and number == int(number) and abs(number) < 2**63
