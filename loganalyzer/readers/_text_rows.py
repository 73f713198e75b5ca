"""Text cells that tell a CSV's rows apart (for ``plain_csv``, before its runs are cut).

A script that runs one training per setting and appends each to one CSV writes the setting as a text column on every
row (public bigg ``validation_history.csv``: ``mode,step,train_tokens,train_seconds,val_nll,val_perplexity``, 27
rows of ``off`` from step 0 to 1258, then 21 of ``legacy`` from step 0 to 968, written with ``csv.writer``). Both
evaluate the same initial model at step 0, so the two step-0 rows held the same number in every numeric column:
the second was dropped as a logger's re-written copy (``_blocks.first_copies``), the ``legacy`` run then "resumed"
at step 50 over ``off``'s, and ``off``'s 27 rows were dropped as an abandoned session without a word about a
second run. A row is a copy only when every cell is the same, its text too: ``codes`` gives each row a number for
its text cells, which ``first_copies`` compares with the numbers, so the step going back to 0 starts the run of its
own that it is (``_blocks.segment_rows``; named by the column when it holds one value a run, ``_run_ids``).
"""
from __future__ import annotations

import numpy as np

from ._text import numbers


def _text_columns(table, missing) -> list[int]:
    """The columns of ``table`` holding text in some cell and no number in any."""
    out = []
    for col in range(len(table.columns)):
        cells = table.cells[col]
        if getattr(cells, "dtype", None) is None or cells.dtype.kind != "O":
            continue  # a numeric column (or one ``_fastcsv`` parsed): no text
        if not numbers(cells, missing).any and cells.notna().any():
            out.append(col)
    return out


def codes(tables: list, missing) -> np.ndarray | None:
    """Per row of ``tables`` (in order) a code of its text cells (equal codes: the same text), or None when no table
    has a text column."""
    found = [(table, _text_columns(table, missing)) for table in tables]
    if not any(cols for _, cols in found):
        return None
    seen: dict[tuple, int] = {}
    parts = []
    for table, cols in found:
        names = [table.columns[c] for c in cols]
        texts = [table.cells[c].astype(str).tolist() for c in cols]
        keys = [tuple(zip(names, row)) for row in zip(*texts)] if cols else [()] * len(table.cells)
        parts.append(np.array([seen.setdefault(k, len(seen)) for k in keys], dtype=np.int64))
    return np.concatenate(parts)
