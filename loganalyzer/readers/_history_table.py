"""A sweep table whose cells hold whole loss histories (``pd.DataFrame({config: {"train_loss": [...], "val_loss":
[...]}}).to_csv``): a row per metric, a column per configuration, each cell a printed list ``"[3.06, 2.53, ...]"``.
Not read as runs; discovery says so in one line instead of dropping the file silently (``discover_sniff``)."""
from __future__ import annotations

import csv
import io
import re

_LIST_CELL = re.compile(r"^\s*\[\s*[-+0-9.eE]+(?:\s*,\s*[-+0-9.eE]+|\s*,?\s*(?:nan|inf|-inf))+")
_METRIC_ROW = re.compile(r"(?i)loss|acc|err|metric|score|train|val|test")


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
        return None
    configs = len([c for c in rows[0][1:] if c.strip()])
    return (f"a table of per-configuration histories ({configs} column(s), rows {', '.join(named[:4])}; each cell a "
            f"list of values): not read as runs; save each configuration's history as its own log")
