"""A sweep table whose cells hold whole loss histories (``pd.DataFrame({config: {"train_loss": [...], "val_loss":
[...]}}).to_csv``): a row per metric, a column per configuration, each cell a printed list ``"[3.06, 2.53, ...]"``.
Not read as runs; discovery says so in one line instead of dropping the file silently (``discover_sniff``). The same
table the other way round, a row per configuration under metric columns (public Spike_data-_VAE ``losses.csv``:
``Feature,Train Losses,Test Losses``, 104 rows of 70-epoch lists), is said the same way (``_by_row``), where the line
claimed that no column was named like a loss."""
from __future__ import annotations

import csv
import io
import re

_LIST_CELL = re.compile(r"^\s*\[\s*[-+0-9.eE]+(?:\s*,\s*[-+0-9.eE]+|\s*,?\s*(?:nan|inf|-inf))+")
_METRIC_ROW = re.compile(r"(?i)loss|acc|err|metric|score|train|val|test")
# one cell of a CSV row holding a whole list of numbers (a list column written by pandas or csv.writer beside scalar
# columns: rotnet87 'Interval Loss' "0.62, 0.55, ..."), bracketed or not
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?(?:nan|inf)"
_LIST = re.compile(rf"\s*[\[(]?\s*(?:{_NUMBER})(?:\s*[,;\s]\s*(?:{_NUMBER}))+\s*,?\s*[\])]?\s*", re.I)


def is_list_cell(cell: str) -> bool:
    """Whether a CSV cell (quotes already taken off) is a printed list of two or more numbers."""
    return len(cell) > 2 and _LIST.fullmatch(cell) is not None


def why(head: bytes) -> str | None:
    """The one line saying ``head`` (a CSV's first bytes) is a table of per-configuration histories, None when not."""
    text = bytes(head).decode("utf-8", "replace")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error:
        return None
    if len(rows) < 2:
        return None
    named = []
    for row in rows[1:]:
        if len(row) >= 2 and _METRIC_ROW.search(row[0]) and sum(bool(_LIST_CELL.match(c)) for c in row[1:]) >= 1:
            named.append(row[0])
    if not named:
        return _by_row(rows)
    configs = len([c for c in rows[0][1:] if c.strip()])
    return (f"a table of per-configuration histories ({configs} column(s), rows {', '.join(named[:4])}; each cell a "
            f"list of values): not read as runs; save each configuration's history as its own log")


def _by_row(rows: list[list[str]]) -> str | None:
    """The line for a table with a row per configuration under metric-named columns whose cells are lists."""
    header = rows[0]
    metrics = [i for i, name in enumerate(header) if i and _METRIC_ROW.search(name)]
    listed = [i for i in metrics if any(len(r) > i and _LIST_CELL.match(r[i]) for r in rows[1:])]
    if not listed:
        return None
    names = ", ".join(header[i] for i in listed[:4])
    return (f"a table of per-configuration histories, one row each ({len(rows) - 1}+ row(s) named in {header[0]!r}; "
            f"columns {names}; each cell a list of values): not read as runs; save each configuration's history as "
            f"its own log")
