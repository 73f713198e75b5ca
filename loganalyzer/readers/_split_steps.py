"""A validation file of one number per line placed on its training sibling's rows (for ``readers/split_csv``).

``np.savetxt('run_loss.txt', losses)`` each iteration and ``np.savetxt('run_val_loss.txt', val_losses)`` each epoch
(one number per line, no header, no step column): each file's points were at its own row numbers, the validation's
0..9 beside the training's 0..99, and only the analysis guessed where the epochs end. When the training sibling (the
same name without the split word, ``run_loss.txt`` beside ``run_val_loss.txt``, one number per line too) holds k
times as many rows (k >= 2, a whole number), the validation's row i is placed at the training's row (i + 1) x k - 1:
the last training row of its k, where the epoch it closes ended. Otherwise each file keeps its own rows, as said.
A validation metric file with no training file of its own (``run_val_acc.txt`` beside ``run_val_loss.txt`` and
``run_loss.txt``) is placed on the training loss file's rows, as its split's loss is (one axis for one split).
"""
from __future__ import annotations

import os
import re

import numpy as np


def _sibling(path: str) -> str | None:
    """The training file paired with validation file ``path`` by name (``discover_splitpair``'s key), or None."""
    from ..discover_splitpair import _key, split_of_name

    d, name = os.path.split(path)
    key = _key(name).lower()
    ext = os.path.splitext(name)[1].lower()
    try:
        names = sorted(os.listdir(d or "."))
    except OSError:
        return None
    found = [n for n in names if n != name and os.path.splitext(n)[1].lower() == ext and _key(n).lower() == key
             and split_of_name(n) in ("train", "")]
    if not found and "_" in key:  # 'run_val_acc.txt' beside 'run_val_loss.txt' and 'run_loss.txt': the loss's rows
        base = key.rsplit("_", 1)[0]
        same = [n for n in names if os.path.splitext(n)[1].lower() == ext and _key(n).lower() == base]
        found = [n for n in same if split_of_name(n) in ("train", "") and _loss_named(n)]
        if not any(split_of_name(n) == "val" and _loss_named(n) for n in same):
            found = []
    return os.path.join(d, found[0]) if len(found) == 1 else None


def _loss_named(name: str) -> bool:
    from ..discover_splitpair import LOSS_WORDS

    return any(w.lower() in LOSS_WORDS for w in re.split(r"[_\-. ]+", os.path.splitext(name)[0]))


def _read(path: str) -> bytes | None:
    """The first 16 MiB of the training sibling ``path``, None when it cannot be read."""
    try:
        with open(path, "rb") as f:
            return f.read(1 << 24)
    except OSError:
        return None


def _rows(data) -> int:
    return sum(1 for line in bytes(data).splitlines() if line.strip())


def on_training_rows(data, path: str, steps: np.ndarray) -> tuple[np.ndarray, str] | None:
    """(the steps of a one-number-per-line validation file's rows on its training sibling's rows, the note saying
    how), or None when the counts do not say it (module docstring)."""
    from ..discover_splitpair import one_number_lines

    train = _sibling(path)
    if train is None or not one_number_lines(data) or (other := _read(train)) is None:
        return None
    if not one_number_lines(other[:4096]) or not one_number_lines(other):
        return None
    n_val, n_train = _rows(data), _rows(other)
    if n_val < 2 or len(steps) == 0 or n_train % n_val or n_train // n_val < 2 or int(steps.max()) >= n_val:
        return None
    k = n_train // n_val
    note = (f"its {n_val} rows placed on the training file {os.path.basename(train)}'s {n_train} rows ({k} training "
            f"rows per row: row i at the training's row (i + 1) x {k} - 1, the last of its {k})")
    return (steps.astype(np.int64) + 1) * k - 1, note


_KILLED_TESTS = 2  # training rows past the last test row: epochs trained, then killed before their test()


def on_logger_rows(data, path: str, steps: np.ndarray) -> tuple[np.ndarray, str] | None:
    """(the steps of a Torch7 ``optim.Logger`` validation file whose counter counts by one, placed on its training
    sibling's rows, the note saying how), or None. The torch/tutorials loop (``2_supervised/doall.lua``: ``train()``
    then ``test()`` each epoch) adds one row to ``train.log`` and one to ``test.log`` an epoch; ``train()`` ends with
    ``epoch = epoch + 1``, so a ``testLogger:add`` naming the epoch writes it one or more ahead of the epoch it tested
    (public nanodesign136 ``test.log``: epochs 2..9 beside ``train.log``'s 8 rows with no counter, read at rows 0..7:
    the test series sat 2 steps late). When the training file is a logger table too, with no counter and as many
    rows, row i of each is the same epoch: the validation's steps are its row numbers. A job killed after ``train()``
    but before ``test()`` of its last epoch(s) leaves ``test.log`` one or two rows shorter than ``train.log`` (a
    breaker's t7c_short: 8 training rows, tests of epochs 2..8); its rows are still the first epochs, row i at i."""
    from ._torch7_logger import is_logger_table

    train = _sibling(path)
    counted = np.unique(steps)  # (a step a value: each row's once per series)
    if train is None or len(counted) < 2 or not np.all(np.diff(counted) == 1) or int(counted[0]) <= 0 \
            or (other := _read(train)) is None:
        return None
    head = other[:other.find(b"\n")].lower()
    if not is_logger_table(other[:8192]) or any(w in head for w in (b"epoch", b"iter", b"step")):
        return None
    n_train = _rows(other) - 1
    if not 0 <= n_train - len(counted) <= _KILLED_TESTS:
        return None
    note = (f"its {len(counted)} rows placed on the training file {os.path.basename(train)}'s first {len(counted)} "
            f"of {n_train} rows (two optim.Logger files of one row an epoch; its own counter, from "
            f"{int(counted[0])}, counted the epochs after the training's)")
    return steps.astype(np.int64) - int(counted[0]), note


_STEP_NAMES = ("step", "steps", "global_step", "iteration", "iter", "batch")


def on_training_steps(data, path: str, steps: np.ndarray) -> tuple[np.ndarray, str] | None:
    """(the steps of a validation CSV whose axis is its ``epoch`` column, placed on its training sibling's ``step``
    axis, the note saying how), or None. ``train_log.csv`` (``step,loss``, 40 rows) beside ``val_log.csv``
    (``epoch,loss,accuracy``, 10 rows; a newcomer breaker's log): the validation sat at its epochs 1..10 on the
    steps' axis 1..40. When the training's steps span a whole multiple k >= 2 of the validation's epochs, epoch e is
    placed at the last step of its k (the training's first step - 1 + (e - first epoch + 1) x k)."""
    from ._plain_columns import _header, _step_column
    from ._text_clean import head_line
    from . import UnreadableFile, plain_csv

    line = head_line(bytes(data[:4096]))
    columns = _header(line)[1] if line else []
    x = _step_column(columns)
    train = _sibling(path)
    if x is None or columns[x].strip().lower() != "epoch" or train is None or not len(steps):
        return None
    try:
        with open(train, "rb") as f:
            other = f.read(1 << 24)
        line = head_line(other[:4096])
        names = _header(line)[1] if line else []
        tx = _step_column(names)
        if tx is None or names[tx].strip().lower() not in _STEP_NAMES:
            return None
        train_steps = plain_csv.read_columns(other, train)[0].steps
    except (OSError, UnreadableFile):  # an unreadable sibling: each file keeps its own axis, as before
        return None
    if not len(train_steps):
        return None
    t0, t1, e0, e1 = int(train_steps.min()), int(train_steps.max()), int(steps.min()), int(steps.max())
    epochs, span = e1 - e0 + 1, t1 - t0 + 1
    if epochs < 2 or span % epochs or span // epochs < 2:
        return None
    k = span // epochs
    note = (f"its epochs {e0}..{e1} placed on the training file {os.path.basename(train)}'s steps {t0}..{t1} ({k} "
            f"steps an epoch: epoch e at step {t0 - 1} + (e - {e0} + 1) x {k}, its epoch's last)")
    return t0 - 1 + (steps.astype(np.int64) - e0 + 1) * k, note



def _epochs_and_counter(data) -> tuple[np.ndarray, np.ndarray, str] | None:
    """(each row's epoch, its within-epoch counter in epoch-major steps (``_text.epoch_major``), the epoch column's
    name) of a CSV whose step column starts over at each new epoch, or None."""
    from ._plain_columns import EPOCH_COLUMNS, _header, _pick, _step_column
    from ._text import Numbers, epoch_major
    from ._text_clean import head_line

    text = bytes(data[:1 << 24]).decode("utf-8", "replace")
    line = head_line(text[:4096].encode())
    sep, columns = _header(line) if line else ("", [])
    e, x = _pick(columns, EPOCH_COLUMNS), _step_column(columns)
    if e is None or x is None or e == x or columns[x].strip().lower() not in _STEP_NAMES:
        return None
    rows = []
    for row in text.splitlines()[1:]:
        cells = row.split(sep)
        try:
            rows.append((float(cells[e]), float(cells[x])))
        except (ValueError, IndexError):
            continue
    if len(rows) < 4:
        return None
    ep, counter = np.array(rows).T
    present = np.ones(len(ep), dtype=bool)
    found = epoch_major(Numbers(counter, present, ~present), Numbers(ep, present, ~present))
    if found is None or np.isnan(found.steps).any():
        return None
    return ep, found.steps, columns[e]


def on_training_epochs(data, path: str, steps: np.ndarray) -> tuple[np.ndarray, str] | None:
    """(the steps of a validation CSV counted within each epoch, placed on its training sibling's epochs, the note
    saying how), or None. Public s3fdrepvgg122: ``train_loss.csv`` and ``val_loss.csv`` both ``eporch,iteration,...``,
    ``iteration`` 10..3210 each training epoch and 10..1610 each validation epoch (an ``AverageMeter`` logged every
    10 batches): in epoch-major order the validation ran at half the training's steps. Epoch e's validation rows
    are spread over the training's epoch e by their place in their own epoch, its last row (the meter's whole-epoch
    average) at the training's last step of epoch e."""
    train = _sibling(path)
    mine = _epochs_and_counter(data)
    if train is None or mine is None or not len(steps):
        return None
    try:
        with open(train, "rb") as f:
            other = _epochs_and_counter(f.read(1 << 24))
    except OSError:
        return None
    if other is None:
        return None
    (v_ep, v_steps, name), (t_ep, t_steps, _) = mine, other
    targets = np.empty(len(v_steps))
    for e in np.unique(v_ep):
        t_in, v_in = t_steps[t_ep == e], v_ep == e
        if not len(t_in):
            return None
        vs, ts = v_steps[v_in], np.sort(np.unique(t_in))
        v_gap = np.median(np.diff(np.unique(vs))) if len(np.unique(vs)) > 1 else 1.0
        t_gap = np.median(np.diff(ts)) if len(ts) > 1 else 1.0
        frac = (vs - vs.min() + v_gap) / (vs.max() - vs.min() + v_gap)
        targets[v_in] = ts[0] - t_gap + frac * (ts[-1] - ts[0] + t_gap)
    keys, first = np.unique(v_steps, return_index=True)
    where = np.searchsorted(keys, steps)
    if (where >= len(keys)).any() or not np.array_equal(keys[np.minimum(where, len(keys) - 1)], steps):
        return None
    note = (f"its rows placed on the training file {os.path.basename(train)}'s {name!r} epochs (each row at its "
            f"place within its epoch, an epoch's last row at the training's last step of that epoch)")
    return np.round(targets[first][where]).astype(np.int64), note


def on_training_epoch_rows(data, path: str, steps: np.ndarray) -> tuple[np.ndarray, str] | None:
    """(the steps of a validation CSV on its ``epoch`` column, placed on its training sibling's rows when that file
    logs each epoch on several consecutive rows with no step (``_batch_epoch.within``: its rows are its steps, its
    epoch kept as a series), the note saying how), or None. Public kim-mt3 ``ppl_0_drop_train.csv`` (``epoch,ppl``,
    two rows an epoch: 100 rows read at rows 0..99) beside ``ppl_0_drop_val.csv`` (``epoch,val_ppl``, one row an
    epoch, 1..50): the validation sat at its epochs on the training's row axis, two scales. Epoch e is placed at the
    training's last row of epoch e, where the epoch it closes ended."""
    from ._plain_columns import _header, _step_column
    from ._text_clean import head_line
    from . import UnreadableFile, plain_csv

    line = head_line(bytes(data[:4096]))
    columns = _header(line)[1] if line else []
    x = _step_column(columns)
    train = _sibling(path)
    if x is None or columns[x].strip().lower() not in ("epoch", "epochs") or train is None or not len(steps):
        return None
    try:
        with open(train, "rb") as f:
            table = plain_csv.read_columns(f.read(1 << 24), train)[0]
    except (OSError, UnreadableFile):  # an unreadable sibling: each file keeps its own axis, as before
        return None
    codes = [i for i, t in enumerate(table.tags) if t.strip().lower() == columns[x].strip().lower()]
    if len(codes) != 1:
        return None  # the training's epoch read as its axis (one row an epoch), not kept as a series of its rows
    rows = table.tag_codes == codes[0]
    t_steps, t_epochs = table.steps[rows].astype(np.int64), table.values[rows]
    if len(t_steps) < 2 or np.array_equal(t_steps, t_epochs) or len(np.unique(t_epochs)) == len(t_epochs):
        return None
    last = {float(e): int(t_steps[t_epochs == e].max()) for e in np.unique(t_epochs)}
    if any(float(e) not in last for e in np.unique(steps)):
        return None
    note = (f"its epochs placed on the training file {os.path.basename(train)}'s rows (several rows an epoch, no "
            f"step column): epoch e at the training's last row of epoch e")
    return np.array([last[float(e)] for e in steps], dtype=np.int64), note
