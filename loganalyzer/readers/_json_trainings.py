"""Several trainings appended to one JSON-lines file (for ``json_history``): detectron2's ``metrics.json`` is opened
in append mode by every ``train_net.py`` launched into one output dir, so a second training (another config, or the
same one again) writes its iterations 19, 39... after the first's last line.

The step going back is a resume or a new training, told the way ``combine`` tells two sessions of one directory
apart (``combine_resolve``'s rules 3/4a) and the CSV readers two parts of one file (``_continued``): a later part
whose step went back to (or below) where the earlier training started and whose training loss started afresh
(``_continued.started_afresh``: its first value nearer the earlier one's first value than its last) is a training
of its own -- discover's runs ``<file>#1``, ``#2``... like ``_json_models``' appended histories --; any other step
going back (a job resumed from a checkpoint part way, a counter reset with the loss going on) stays a session of
one run, for ``combine`` to resolve as before.
"""
from __future__ import annotations

import json
import re

import numpy as np

from ..runs import Problem
from . import UnreadableFile
from . import _lr_schedule
from ._continued import BOOKKEEPING, started_afresh

# The step keys of a JSON row that count steps or iterations (``json_history.STEP_KEYS`` = these, then ``epoch``),
# and a cheap look for a JSON line's step going back: the key and its value.
ITER_KEYS = ("_step", "global_step", "step", "global_iter", "global_iteration", "iteration", "iter", "iters", "it",
             "itr", "n_iter", "current_steps",  # current_steps: LLaMA-Factory's trainer_log.jsonl (_json_ranks)
             # Ray Tune's ``result.json``: one line per ``tune.report``, counted by ``training_iteration`` from 1; a
             # trial restored from ``checkpoint_000004`` counts on from that checkpoint (8, then 6 again: a resume)
             "training_iteration")
# (``epoch`` too: a sweep's rows {"epoch": 0, "loss": ..} each training from epoch 0 again, public FNet-textClassify
# training_log.json: the reader cut 16 trainings, discover looked for an iteration key only and listed one run)
_STEP = re.compile(rb'"(' + "|".join(ITER_KEYS + ("epoch",)).encode() + rb')"\s*:\s*(-?\d+)\s*[,}]')
_HELD_OUT = ("val", "eval", "test")
_LR_KEY = re.compile(rb'"(?:[^"]*/)?(?:lr|learning_rate)"\s*:')
# A JSON row after a blank or comment line (``// lr=3e-4``) is marked with this key (never a series): a step going
# back there starts a training of its own whatever the values do (a sweep's trainings written one after another,
# each under the user's note of its setup: public X-futur/FNet-textClassify training_log.json)
GAP = "_\x00gap"


def may_hold_several(raw: bytes) -> bool:
    """Whether a JSON-lines file's first step key ever goes back to (or below) its first value: the only files
    ``starts`` must parse whole to look at (a file whose step only goes up holds one training)."""
    first = _STEP.search(raw)
    if first is None:
        return False
    key, start = first.group(1), int(first.group(2))
    rated = _LR_KEY.search(raw) is not None  # an LR logged (``_lr_schedule``)
    previous = start
    for m in _STEP.finditer(raw, first.end()):
        if m.group(1) != key:
            continue
        value = int(m.group(2))
        if value <= start and previous > start:
            return True
        if value < previous and rated:  # back part way: a new training when its LR is off the schedule
            return True
        previous = value
    return False


def starts(tags: list, steps: list, values: list, sessions: list) -> list[int]:
    """The positions (into the table's points) where a training of its own starts, among ``sessions`` (the first
    point of each later session: a series' step went back); [] when the file is one training."""
    if not sessions:
        return []
    tags_a = np.array(tags, dtype=object)
    steps_a = np.asarray(steps, dtype=np.int64)
    values_a = np.asarray(values, dtype=np.float64)
    bounds = list(sessions) + [len(tags)]
    found: list[int] = []
    current = 0  # where the training the next session may continue starts
    for i, first in enumerate(sessions):
        before, mine = slice(current, first), slice(first, bounds[i + 1])
        shared = sorted(set(tags_a[before].tolist()) & set(tags_a[mine].tolist()) - BOOKKEEPING)
        if not shared:
            continue
        if steps_a[mine].min() > steps_a[before].min():  # no step back to the start: a resume part way (combine's
            tag = max(shared, key=lambda t: _rank(t, int((tags_a[before] == t).sum())))
            if _lr_schedule.other_schedule(tags_a, steps_a, values_a, before, mine, shared) \
                    and not _lr_schedule.loss_carries_on(tags_a, steps_a, values_a, before, mine, tag):  # rule 4a),
                found.append(first)  # unless its LR is off the earlier one's schedule and its loss started high
                current = first  # again: another training (a warm-up re-run by a resume is no new schedule)
            continue
        tag = max(shared, key=lambda t: _rank(t, int((tags_a[before] == t).sum())))
        b, m = tags_a[before] == tag, tags_a[mine] == tag
        vb = values_a[before][b][np.argsort(steps_a[before][b], kind="stable")]
        vm = values_a[mine][m][np.argsort(steps_a[mine][m], kind="stable")]
        if started_afresh(vb, vm):
            found.append(first)
            current = first
    return found


def _rank(tag: str, count: int) -> tuple:
    """What says best whether the values started over (``combine_resolve``'s ``_judged``): a training loss, then
    any loss, then the most points; the whole objective (``total_loss``, ``loss``) before its terms."""
    name = tag.lower()
    loss = "loss" in name
    held_out = any(w in name for w in _HELD_OUT)
    whole = name.rsplit("/", 1)[-1] in ("loss", "total_loss", "train_loss", "overall_loss", "loss_total")
    return loss and not held_out, loss, whole, count


def part(starts_at: list[int], length: int, which: int | None) -> tuple[int, int]:
    """The [first, end) points of training ``which`` (0-based; None: the last)."""
    bounds = [0] + list(starts_at) + [length]
    k = len(bounds) - 2 if which is None else which
    return bounds[k], bounds[k + 1]


def cut(table, path: str, segment: int | None, problems: list[Problem]) -> None:
    """``json_history``'s ``table`` cut to training ``segment`` of a JSON-lines file holding several (None: the last,
    said), its sessions with it."""
    found = starts(table.tags, table.steps, table.values, table.sessions)
    found = sorted(set(found) | (set(table.sessions) & getattr(table, "gaps", set())))  # after a blank/comment line
    table.trainings = len(found) + 1
    if not found and not segment:
        return
    if segment is not None and not 0 <= segment <= len(found):
        raise UnreadableFile(Problem(path, f"no training #{segment + 1} in this file (it holds {len(found) + 1}); "
                                           "changed since it was scanned?"))
    lo, hi = part(found, len(table.tags), segment)
    for name in ("tags", "steps", "values", "walls"):
        setattr(table, name, getattr(table, name)[lo:hi])
    table.sessions = [s - lo for s in table.sessions if lo < s < hi]
    if segment is None:
        problems.append(Problem(path, f"{len(found) + 1} trainings appended one after another (the step went back to "
                                      f"its start and the loss started afresh, or after a blank/comment line); only "
                                      f"the last read (discover reads each as its own run, {path}#1..#{len(found) + 1})"))


def line_rows(lines: str, path: str, problems: list) -> list[dict]:
    """The JSON objects of a JSON-lines text, in order: blank and comment lines (`//`, `#`) skipped (one note for the
    comment lines), each object after such a line marked with ``GAP`` (a sweep's next training may start there); a
    line that is no JSON object: one problem naming its line, skipped."""
    rows: list[dict] = []
    comments = []  # '// 标准FNet' between a sweep's trainings: a note the user wrote, no cut line
    gap = False  # a blank or comment line before this row (GAP)
    for n, line in enumerate(lines.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith(("//", "#")):
            if line.strip():
                comments.append(n)
            gap = bool(rows)
            continue
        try:
            row = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            problems.append(Problem(path, "line is no JSON object (cut short?); skipped", line=n))
            continue
        if isinstance(row, dict):
            rows.append({**row, GAP: True} if gap else row)
            gap = False
    if comments:
        problems.append(Problem(path, f"{len(comments)} comment line(s) ('//' or '#') between the JSON lines: "
                                      "skipped", line=comments[0]))
    return rows
