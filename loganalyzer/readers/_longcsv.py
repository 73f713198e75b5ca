"""Long ("tidy") CSV logs: one row per (step, series), the series named by text columns and the number in a
``value`` column -- ``step,tag,value`` (tbparse's ``to_csv``, ``loganalyzer.read_scalars(...).to_csv``, scripts
logging ``writer.writerow([step, "train/loss", loss])``), ``epoch,split,metric,value`` (the twenty-fifth blind
labeller's lorenz63-sgm ``training_log.csv``). Read as one wide table, a series per name: they were one series
``value`` whose points alternated between the tags (train and validation losses spliced into one curve).

``plain_csv`` asks ``long_layout`` of every header and, when it answers, parses the ``widen``-ed text instead (same
step column, a column per series, ``nan`` kept, a missing point left empty), with one line saying so. pandas is
imported only for such a file.
"""
from __future__ import annotations

import csv
import io

from ._text_clean import normal_name

# columns that name the series of a row (the first ones name it in this order: split + metric -> "train_loss")
KEY_COLUMNS = ("dir", "run", "dir_name", "filename", "file_name", "file", "path", "split", "phase", "mode", "stage",
               "subset", "tag", "metric", "metric_name", "name", "key", "series")
VALUE_COLUMNS = ("value", "val", "metric_value", "scalar")
# columns naming the source of a row (tbparse's ``dir``, an event file's name: public EonSJeon/ECE6255_VALLEX
# loss_history.csv ``filename,tag,step,value`` was one series ``value`` of two tags spliced, in two runs): a key only
# when they hold several
_SOURCE = ("dir", "run", "dir_name", "filename", "file_name", "file", "path")
_TIME = ("wall_time", "walltime", "timestamp", "time")


_normal = normal_name


def long_layout(columns: list[str], x_col: int | None) -> tuple[list[int], int] | None:
    """(the key columns, the value column) of a long header: a step-like column ``x_col``, one value column and at
    least one key column, no other column but a wall time; None for any other header."""
    if x_col is None:
        return None
    normal = [_normal(c) for c in columns]
    values = [i for i, c in enumerate(normal) if c in VALUE_COLUMNS]
    keys = [i for i, c in enumerate(normal) if c in KEY_COLUMNS]
    others = [i for i in range(len(normal)) if i != x_col and i not in values and i not in keys and normal[i] not in _TIME]
    if len(values) != 1 or not keys or others:
        return None
    return sorted(keys, key=lambda i: KEY_COLUMNS.index(normal[i])), values[0]


def widen(raw: bytes, offset: int, sep: str, columns: list[str], x_col: int, layout) -> tuple[bytes, str] | None:
    """The long table in ``raw[offset:]`` as wide CSV bytes (header: the step column, then one column per series in
    the order first seen) and the line that says so; None when no row names a series."""
    import pandas as pd

    keys, value = layout
    frame = pd.read_csv(io.BytesIO(raw[offset:]), sep=sep if sep.strip() else r"\s+", dtype=str,
                        keep_default_na=False, engine="python" if not sep.strip() else "c", skipinitialspace=True)
    if frame.shape[1] != len(columns) or frame.empty:
        return None
    cols = list(frame.columns)
    # a run/dir column names the series only when it holds several (read_scalars' own export: dir,tag,step,...)
    keys = [k for k in keys if _normal(columns[k]) not in _SOURCE or frame[cols[k]].nunique() > 1]
    if not keys:
        return None
    names = frame[cols[keys[0]]].str.strip()
    for before, k in zip(keys, keys[1:]):
        part = frame[cols[k]].str.strip()
        joint = "/" if _normal(columns[before]) in _SOURCE else "_"
        names = names.where(part == "", names + joint + part).where(names != "", part)
    step = pd.to_numeric(frame[cols[x_col]], errors="coerce")
    text = frame[cols[value]].str.strip()
    keep = (names != "") & step.notna() & (text != "")
    skipped = int((~keep & (text != "")).sum())  # rows with a value but no step or no name
    table = pd.DataFrame({"step": step[keep], "name": names[keep], "value": text[keep]})
    if table.empty:
        return None
    repeated = int(table.duplicated(["step", "name"]).sum())
    table = table.drop_duplicates(["step", "name"], keep="last")
    order = list(dict.fromkeys(table["name"]))
    wide = table.pivot(index="step", columns="name", values="value").reindex(columns=order).sort_index()
    x_name = columns[x_col].strip() or "step"
    index = wide.index.to_numpy()
    steps = [str(int(s)) if float(s).is_integer() else repr(float(s)) for s in index]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")  # quotes a name or value holding ',' or '"' (a decimal comma)
    writer.writerow([x_name, *order])
    writer.writerows([s, *row] for s, row in zip(steps, wide.fillna("").to_numpy().tolist()))
    what = "+".join(columns[k].strip() for k in keys)
    note = (f"a long table (one row per {columns[x_col].strip()} and {what}, the number in "
            f"{columns[value].strip()!r}): read as {len(order)} series ({', '.join(order[:6])}"
            f"{', ...' if len(order) > 6 else ''})")
    if repeated:
        note += f"; {repeated} repeated ({columns[x_col].strip()}, {what}) row(s): the last written kept"
    if skipped:
        note += f"; {skipped} row(s) with a value but no {columns[x_col].strip()} or no {what} skipped"
    return out.getvalue().encode("utf-8"), note
