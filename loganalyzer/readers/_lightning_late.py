"""A Lightning ``metrics.csv`` that starts in the middle of a training (used by ``readers/lightning_csv``).

A fit resumed with ``Trainer.fit(..., ckpt_path=...)`` goes on from the checkpoint's epoch and global step. Its
``CSVLogger`` writes a new ``metrics.csv``: into a new ``version_N`` by default, or, given the same ``version``,
over the earlier session's file (``lightning_fabric/loggers/csv_logs.py`` warns "Previous log files in this
directory will be deleted when the new ones are saved!"; checked with Lightning 2.6: after a fit to step 60 and a
resume to step 120 in ``version=0``, the file's first row is ``3,61,...``). Either way the file's first rows are
the resumed session's, and a curve judged from them alone is the end of a training read as a whole one: a newcomer
breaker's run (ux66) was called "stalled ... nothing was learned" from its last 60 steps, the event files of the
same training showing it fall from 2.0 to 0.007.

``late_start`` says so in one line. A file counts as starting late when its first training row is past epoch 0
and its step is at least twice the logging stride (the median step between its training rows): a
``log_every_n_steps`` longer than an epoch also makes the first row late (``4,49,..`` at a stride of 50), but not
two strides late.
"""
from __future__ import annotations

import os
import re
from dataclasses import replace

import numpy as np

_LATE = "the first training row is at epoch "


def late_start(columns, is_eval) -> str | None:
    """The line for a metrics.csv whose training rows begin mid-training (module docstring), or None.

    ``columns``: the file's points (``ScalarColumns``: ``tags``, ``tag_codes``, ``steps``, ``values``, in written
    order); ``is_eval(name)`` true for a validation/test series name or a counter column."""
    tags = list(columns.tags)
    if "epoch" not in tags or not len(columns.steps):
        return None
    train = [i for i, t in enumerate(tags) if not is_eval(t)]
    if not train:
        return None
    codes, steps = np.asarray(columns.tag_codes), np.asarray(columns.steps)
    is_train = np.zeros(len(tags), dtype=bool)  # a lookup by code: np.isin's sort cost ~0.1 ms a file (2,500 in the
    is_train[train] = True  # 10k bench tree)
    at = np.flatnonzero(is_train[codes])
    if len(at) < 3:
        return None
    step = int(steps[at[0]])
    epochs = np.flatnonzero((codes == tags.index("epoch")) & (steps == step))
    if not len(epochs):
        return None
    epoch = float(np.asarray(columns.values)[epochs[0]])
    if not np.isfinite(epoch) or epoch < 1 or step <= 0:  # the common file, from epoch 0: no stride to measure
        return None
    gaps = np.diff(steps[at])
    gaps = gaps[gaps > 0]
    if not len(gaps) or not np.isfinite(epoch) or epoch < 1 or step <= 0:
        return None
    stride = float(np.median(gaps))
    if step < 2 * stride:
        return None
    return (f"{_LATE}{epoch:g}, step {step}, though rows come every {stride:g} steps: "
            f"the steps before it are not in this file (a fit resumed with ckpt_path: Lightning's CSVLogger starts "
            f"metrics.csv afresh in the same version, deleting the earlier one, or in a new version_N); the run is "
            f"judged from step {step} on")


def without_late_start(file, problems, has_events: bool) -> tuple:
    """``problems`` of ``file`` without its late-start line when the run also has event files: Lightning's
    TensorBoardLogger beside the CSVLogger keeps every session's points (a resumed fit appends a new event file),
    and those are the ones judged (``load_sources.keep_once``). Without event files the line names the sibling
    ``version_N/metrics.csv`` that holds the earlier steps, when one does (``earlier_version``)."""
    if file.format != "lightning_csv":
        return tuple(problems)
    if not has_events:
        return tuple(_with_earlier(p) if p.message.startswith(_LATE) else p for p in problems)
    return tuple(p for p in problems if not p.message.startswith(_LATE))


_STEP_AT = re.compile(r", step (\d+), though rows come every ")
_VERSION = re.compile(r"version_(\d+)")


def _with_earlier(problem):
    """The late-start ``problem`` with the earlier session's file named (``earlier_version``), or as it is."""
    at = _STEP_AT.search(problem.message)
    found = earlier_version(problem.path, int(at.group(1))) if at else None
    if found is None:
        return problem
    name, last = found
    return replace(problem, message=f"{problem.message}; the steps before it look to be in the sibling "
                                    f"{name}/metrics.csv (its last step {last}): the fit was resumed into a new "
                                    f"version, and the two are judged as separate runs")


def earlier_version(path: str, step: int) -> tuple[str, int] | None:
    """The sibling version folder (``version_0``) of a local ``.../version_N/metrics.csv`` whose own metrics.csv
    ends before ``step`` (the resumed file's first training step), and that last step: the latest such sibling.
    None for a URL, a folder not named ``version_N``, or no such sibling.

    The kind (ux67, stop 67): a Lightning 2.6 fit of 5 epochs (``version_0``, steps 3..59) resumed with
    ``ckpt_path`` by a second ``Trainer`` to 12 epochs writes ``version_1`` from step 63; the scan showed two runs,
    the second's warning saying only that its first steps were "not in this file". Reads each sibling's header line
    and last 4 KiB only."""
    if "://" in path:
        return None
    here = os.path.dirname(path)
    if not _VERSION.fullmatch(os.path.basename(here)):
        return None
    parent = os.path.dirname(here)
    try:
        names = os.listdir(parent)
    except OSError:
        return None
    best: tuple[str, int] | None = None
    for name in names:
        if name == os.path.basename(here) or not _VERSION.fullmatch(name):
            continue
        last = _last_step(os.path.join(parent, name, "metrics.csv"))
        if last is not None and last < step and (best is None or last > best[1]):
            best = (name, last)
    return best


def _last_step(path: str) -> int | None:
    """The ``step`` cell of a metrics.csv's last row (its header line and last 4 KiB read), or None."""
    try:
        with open(path, "rb") as f:
            header = f.readline().decode("utf-8", "replace").strip().split(",")
            f.seek(0, os.SEEK_END)
            size = f.tell()
            f.seek(max(0, size - 4096))
            tail = f.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return None
    if "step" not in header or len(tail) < 1:
        return None
    cells = tail[-1].split(",")
    try:
        return int(float(cells[header.index("step")]))
    except (IndexError, ValueError):
        return None

