"""One training's losses and metrics saved as two CSVs in one folder: one run (``discover_group._group``).

A script that ends with ``pd.DataFrame({"train loss": ..., "valid loss": ...}).to_csv("losses.csv")`` and
``pd.DataFrame({"train rmse": ..., "valid rmse": ...}).to_csv("metrics.csv")`` (public valcv87 ``cv_project/``) leaves
one history in two files, on the same axis (pandas' index, or an ``epoch`` column) with as many rows. Discovered file
by file they were two runs: the metrics judged alone, as a run without a loss.

Only a pair that is sure to be one history is joined: in one directory, exactly two plain (or Keras-like) CSV logs,
each one run, with the same first header cell (pandas' unnamed index, or one step/epoch name) and as many data
lines, every series of both on the very same steps, one file with a series named as a loss (``loss`` in its name)
and the other with none (an ``rmse`` is that file's metric), and no series name in both; neither file named by a
split (``train_metrics.csv`` + ``val_metrics.csv`` are ``discover_splitpair``'s). The run is the loss file's
(its id, so a label naming it still names the run); the metrics file is a second source of it (``dir`` '': its
series sit beside the losses), and one line on every load says which files were joined (``pair_notes``).
"""
from __future__ import annotations

import numpy as np

from .runs import Problem, Run, SourceFile

_CSV_FORMATS = frozenset({"csv", "keras_csv"})
_MAX_BYTES = 4 << 20  # files larger than this are not opened to compare (discovery stays cheap)
_AXES = frozenset({"", "unnamed: 0", "epoch", "epochs", "step", "steps", "iteration", "iter", "index"})
FORMAT = "csv+csv"  # the joined run's format: the loader reads each file with its own (``load_source``)


def _text(path: str) -> str | None:
    import os

    try:
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as f:
            return f.read().decode("utf-8", "replace")
    except OSError:
        return None


def _shape(text: str) -> tuple[str, int]:
    """(the header's first cell, lower-cased; the number of data lines)."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    first = lines[0].split("\t" if lines[0].count("\t") > lines[0].count(",") else ",")[0] if lines else ""
    return first.strip().strip('"').lower(), len(lines) - 1


def _series(path: str, fmt: str) -> dict[str, tuple[np.ndarray, np.ndarray]] | None:
    from .discover_twins import _columns, _series as series

    cols = _columns(SourceFile(path, fmt, ""))
    return None if cols is None or not len(cols) else series(cols)


def _one_axis(a: dict, b: dict) -> bool:
    """Every series of both files on the very same steps (the rows of one history)."""
    steps = [s for s, _ in (*a.values(), *b.values())]
    return bool(steps) and all(len(s) == len(steps[0]) and np.array_equal(s, steps[0]) for s in steps)


def two_csvs(file_runs: list[tuple], full, keep: set):
    """(the two (rel, format, count) items, their paths) of each directory holding exactly two local CSV logs of one
    run each, neither in ``keep`` (also ``discover_evalpair``'s)."""
    by_dir: dict[str, list[tuple]] = {}
    for item in file_runs:
        by_dir.setdefault(item[0].rsplit("/", 1)[0] if "/" in item[0] else ".", []).append(item)
    for items in by_dir.values():
        csvs = [i for i in items if i[1] in _CSV_FORMATS and i[0].lower().endswith(".csv")]
        if len(csvs) != 2 or any(i[2] != 1 or i[0] in keep for i in csvs):
            continue
        paths = [full(i[0]) for i in csvs]
        if not any("://" in p for p in paths):
            yield csvs, paths


def joined_note(run: Run, fmt: str, say) -> list:
    """``[Problem]`` on a two-file joined run of format ``fmt``: ``say(first file's name, second's)`` on the second
    (empty for any other run)."""
    if run.format != fmt or len(run.files) != 2:
        return []
    from .fs import filesystem_for

    fs = filesystem_for(run.path)
    return [Problem(run.files[1].path, say(*(fs.name(f.path) for f in run.files)))]


def join(file_runs: list[tuple], full, keep: set = frozenset()) -> tuple[list[tuple], list[Run]]:
    """(the file runs left, the joined runs): each directory's losses/metrics CSV pair holding one history (module
    docstring) made one run of the loss file. ``file_runs``: (rel file, format, count) of ``_group``; ``full``:
    rel -> path; ``keep``: files left alone (a summary beside them)."""
    from .discover_splitpair import split_of_name

    gone, joined = set(), []
    for csvs, paths in two_csvs(file_runs, full, keep):
        if any(split_of_name(i[0].rsplit("/", 1)[-1]) != "" for i in csvs):
            continue  # (files named by their split: ``discover_splitpair``'s to pair or keep apart)
        texts = [_text(p) for p in paths]
        if None in texts:
            continue
        shapes = [_shape(t) for t in texts]
        if shapes[0] != shapes[1] or shapes[0][0] not in _AXES or shapes[0][1] < 2:
            continue
        series = [_series(p, i[1]) for p, i in zip(paths, csvs)]
        if None in series or set(series[0]) & set(series[1]) or not _one_axis(*series):
            continue
        lossy = [any("loss" in t.lower() for t in s) for s in series]  # (an rmse is loss-like, yet the metric)
        if lossy.count(True) != 1:
            continue
        k = lossy.index(True)
        (l_rel, l_fmt, _), (m_rel, m_fmt, _) = csvs[k], csvs[1 - k]
        gone.update((l_rel, m_rel))
        joined.append(Run(l_rel, full(l_rel), FORMAT, (SourceFile(full(l_rel), l_fmt),
                                                       SourceFile(full(m_rel), m_fmt))))
    return [i for i in file_runs if i[0] not in gone], joined


def pair_notes(run: Run) -> list:
    """The line saying which two files a joined run reads (empty for any other run)."""
    from .discover_splitpair import split_of_name

    return joined_note(run, FORMAT, lambda loss, metrics: (
        f"{metrics} beside {loss}: its validation of the other's training (discover_valcsvpair): read as one run, "
        f"{run.id}" if split_of_name(metrics) == "val" else
        f"{metrics} beside {loss}: the same steps and rows, its metrics and the other's losses (one history saved in "
        f"two CSVs): read as one run, {run.id}"))
