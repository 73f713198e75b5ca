"""Training and validation written on separate rows of one CSV at the same step, each row writing 0 in the other
split's columns (a hand-rolled loop's ``writer.writerow([epoch, train_loss, 0, ...])`` then ``[epoch, 0, val_loss,
...]``; public yolo-scratch ``model2_batch_only_end.csv``: ``0,21.8,0,...`` then ``0,0,21.35,...``). Read as they
stand, each loss zig-zags between its value and 0. Here those 0s are placeholders: missing, with one line saying so.

Only when the rows alternate like that: every step written twice is a pair of one training row (all
validation-named columns exactly 0, a training-named one not) and one validation row (the other way round), at
least two such pairs, no step written three times. A 0.0 anywhere else stays a value. The pair's other columns
(neither split in their name: detection counts, a metric) are each row's split's, so one found only in paired rows
is read as ``train_<name>``/``val_<name>`` (``_shared_split.split_names``). Counters, clocks and the learning rate
keep their name.

``plain_csv`` applies it to its rows (``clear``); ``keras_csv`` leaves such a file to it (``in_head``: no
``CSVLogger`` writes an epoch twice in a row with such 0s, and its reader would take the repeated epoch for a new run).
"""
from __future__ import annotations

import numpy as np

from ._phase_split import RUN_COLUMNS
from ._shared_split import split_names, split_of
from ._text import Numbers, head_rows, is_number, split_header
from ._text_clean import normal_name


def _split(tag: str) -> str | None:
    normal = normal_name(tag)
    return None if "test" in normal.split("_") else split_of(normal)


def pairs(steps: np.ndarray, valid: np.ndarray, splits: list[str | None], values: np.ndarray,
          present: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """(training rows, validation rows) of the alternating pairs (bool masks over the rows), or None when the rows
    do not alternate that way. ``values``/``present``: rows x columns; ``splits``: each column's split or None."""
    train = [i for i, s in enumerate(splits) if s == "train"]
    val = [i for i, s in enumerate(splits) if s == "val"]
    at = np.flatnonzero(valid)
    if not train or not val or len(at) < 4:
        return None
    same = steps[at][1:] == steps[at][:-1]
    if (same[1:] & same[:-1]).any():  # a step written three times: no pair
        return None
    first = np.flatnonzero(same)
    if len(first) < 2:
        return None
    with np.errstate(invalid="ignore"):
        zero, value = present & (values == 0), present & ~(values == 0)  # a NaN loss is a value
    train_row = zero[:, val].all(axis=1) & value[:, train].any(axis=1)
    val_row = zero[:, train].all(axis=1) & value[:, val].any(axis=1)
    a, b = at[first], at[first + 1]
    if not ((train_row[a] & val_row[b]) | (val_row[a] & train_row[b])).all():
        return None
    paired = np.zeros(len(valid), dtype=bool)
    paired[a] = paired[b] = True
    return paired & train_row, paired & val_row


def clear(rows, x_name: str, problems) -> None:
    """Placeholders of alternating training/validation rows in ``rows`` (``_blocks.Rows``) made missing, the pairs'
    shared columns split, in place, with one line naming the columns."""
    if not rows.columns:
        return
    splits = [_split(t) for t in rows.tags]
    present = np.stack([c.present for c in rows.columns], axis=1)
    values = np.stack([c.values for c in rows.columns], axis=1)
    found = pairs(rows.steps, rows.valid, splits, values, present)
    if found is None:
        return
    train_rows, val_rows = found
    paired = train_rows | val_rows
    taken = set(rows.tags)
    shared = []
    for i, (tag, column) in enumerate(zip(list(rows.tags), list(rows.columns))):
        if splits[i] is not None:  # its placeholders: the other split's rows
            other = val_rows if splits[i] == "train" else train_rows
            rows.columns[i] = Numbers(column.values, column.present & ~other, column.bad)
            continue
        if RUN_COLUMNS.match(normal_name(tag)) or (column.present & ~paired).any():
            continue
        if not (column.present & train_rows).any() or not (column.present & val_rows).any():
            continue
        names = split_names(tag, taken)
        if names is None:
            continue
        taken.update(names)
        rows.columns[i] = Numbers(column.values, column.present & train_rows, column.bad & train_rows)
        rows.tags[i] = names[0]
        rows.tags.append(names[1])
        rows.columns.append(Numbers(column.values, column.present & val_rows, column.bad & val_rows))
        shared.append(tag)
    named = [[t for t, s in zip(rows.tags, splits) if s == k] for k in ("train", "val")]
    line = f"training and validation rows alternate at each {x_name!r} ({int(train_rows.sum())} pairs): a training " \
           f"row writes 0 in {', '.join(map(repr, named[1]))}, a validation row 0 in " \
           f"{', '.join(map(repr, named[0]))}; those 0s are placeholders, read as missing"
    if shared:
        line += f"; {', '.join(map(repr, shared))} read per split (train_<name>, val_<name>)"
    first = int(np.flatnonzero(paired)[0])
    problems.add(line, line=int(rows.lines[first]), kind="placeholder rows")


def could_pair(columns, x_col: int) -> bool:
    """Whether a header has both a training- and a validation-named column besides ``x_col`` (``pairs`` needs both;
    ``in_head`` is False without them)."""
    splits = [None if i == x_col else _split(c) for i, c in enumerate(columns)]
    return "train" in splits and "val" in splits


def in_head(columns: list[str], head: bytes, sep: str, x_col: int) -> bool:
    """The first rows of a file with this header alternate that way (``pairs``) on column ``x_col``. A header
    without both a training- and a validation-named column (Keras' ``loss,val_loss``: ``loss`` names no split)
    cannot (``pairs`` needs both): no row split (~150 us a Keras file at discovery)."""
    if not could_pair(columns, x_col):
        return False
    splits = [None if i == x_col else _split(c) for i, c in enumerate(columns)]
    fields = [split_header(r, sep) for r in head_rows(head, 20) if r.strip()]
    fields = [f for f in fields if len(f) == len(columns)]
    if len(fields) < 4:
        return False
    present = np.array([[is_number(c) for c in f] for f in fields], dtype=bool)
    values = np.array([[float(c) if ok else np.nan for c, ok in zip(f, p)] for f, p in zip(fields, present)])
    steps = np.where(present[:, x_col], values[:, x_col], np.nan)
    valid = np.isfinite(steps)
    return pairs(np.nan_to_num(steps), valid, splits, values, present) is not None
