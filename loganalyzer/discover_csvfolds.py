"""Discovery of a cross-validation's per-fold lists in one CSV, a row per fold (``readers/csv_folds``): a run per
fold, ``#fold<k>``, found before ``_history_table`` says such a table is not read."""
from __future__ import annotations

from .runs import UnreadLog, os_reason


def fold_runs(fs, path: str, name: str, head: bytes, problems: list):
    """(``csv_folds``, the folds' labels or 1) when the file is such a CSV, None when it is not (or cannot be
    opened: said in ``problems``)."""
    from .readers import csv_folds

    if not csv_folds.sniff(name, head):
        return None
    try:
        with fs.open_bytes(path) as data:
            return csv_folds.FORMAT, csv_folds.labels(data, path)
    except OSError as e:
        problems.append(UnreadLog(path, f"{os_reason(e)}; not checked for logs"))
        return None
