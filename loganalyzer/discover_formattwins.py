"""One training's history saved twice in one folder, as JSON and as CSV: one run (``discover_group._group``).

A script that ends with ``json.dump(history, open("results/history.json", "w"))`` and
``pd.DataFrame(history).to_csv("results/epoch_metrics.csv", index=False)`` leaves the same numbers in two files
(public Takumi1421/Self-Pruning-Neural-Network ``results/``: ``[{"epoch": 1, "loss": 1.4552, "accuracy_percent":
60.14, ...}, ...]`` and ``epoch,loss,accuracy_percent,...`` / ``1,1.4552,60.14,...``). Discovered file by file they
were two runs, every series judged twice.

Only a pair that is sure to be one history is joined: in one directory, exactly one JSON history and one CSV log
(each one run, no segments) with the same stem-free content: the same series names (bookkeeping counters aside, at
least one a value series), each with the same steps and the same values (``rtol`` 1e-6: the CSV's printed copy of
a float). Ray Tune's trial dir is such a pair: ``result.json`` (one line per report) and ``progress.csv`` (the same
rows), the JSON also holding the trial's ``config`` dict on every line (``config.lr``), which the CSV leaves out or
flattens as ``config/lr``: the JSON's ``config.*`` series need not be in the CSV. The run is the JSON file's (its
floats as written); the CSV becomes a ``COPY`` source of it, never read, and one line on every load names it
(``discover_wandb.copy_notes``). A pair whose values differ anywhere (two trainings, or one file written later)
stays two runs.

Keras (ux67 F3): one ``model.fit`` saved three ways in one folder -- ``CSVLogger('training.log')`` (``epoch,accuracy,
loss,val_accuracy,val_loss``), ``pickle.dump(history.history, open('trainHistoryDict', 'wb'))`` (StackOverflow
q/41061457) and ``np.save('history.npy', history.history)`` -- was three runs with identical summaries ("6 runs: 2
overfit, 4 healthy" for two trainings), inflating the counts and ``--fail-on``. ``join_keras`` (after the JSON/CSV
pair): in one directory, the one-run files of the history formats (``keras_csv``, ``keras_pickle``, ``keras_npy``,
``keras_npz``, ``json_history``, ``csv``), at least one of them a Keras History format, each in a format of its own,
that hold the same history (the same test as the pair's: names, steps, values at ``rtol`` 1e-6) are one run (two
files of one format with the same numbers -- two CSVs named by split, tests/test_readers18b -- are left as they are); the others of that
directory stay runs of their own (two fits with different values are two runs). The run is read from the most
standard file: the CSVLogger's (it names the epoch column), else the JSON, a plain CSV, the pickle, the ``.npy``,
the ``.npz``; the rest are ``COPY`` sources, never read, named on every load by one line (``copy_notes``).
"""
from __future__ import annotations

import numpy as np

from .discover_wandb import COPY
from .runs import Run, SourceFile

_CSV_FORMATS = frozenset({"csv", "keras_csv"})
# the history formats ``join_keras`` groups, most standard first (the one a group is read from)
_RANK = ("keras_csv", "json_history", "csv", "keras_pickle", "keras_npy", "keras_npz")
_KERAS = frozenset({"keras_csv", "keras_pickle", "keras_npy", "keras_npz"})
_BOOKKEEPING = frozenset({"epoch", "epochs", "step", "global_step", "iteration", "iter"})
_MAX_BYTES = 4 << 20  # files larger than this are not opened to compare (discovery stays cheap)


def _series(path: str, fmt: str) -> dict[str, tuple[np.ndarray, np.ndarray]] | None:
    from .discover_twins import _columns, _series as series

    cols = _columns(SourceFile(path, fmt, ""))
    return None if cols is None or not len(cols) else series(cols)


def _same(a: dict, b: dict) -> bool:
    """Whether the JSON's series ``a`` and the CSV's ``b`` are one history (Ray's ``config`` aside: docstring)."""
    b = {t.replace("/", ".") if t.startswith("config/") else t: v for t, v in b.items()}
    a = {t: v for t, v in a.items() if t in b or not t.startswith("config.")}
    if set(a) != set(b) or not set(a) - _BOOKKEEPING:
        return False
    for tag, (sa, va) in a.items():
        sb, vb = b[tag]
        if len(sa) != len(sb) or not np.array_equal(sa, sb) or \
                not np.allclose(va, vb, rtol=1e-6, atol=0.0, equal_nan=True):
            return False
    return True


def _small(path: str) -> bool:
    import os

    try:
        return os.path.getsize(path) <= _MAX_BYTES
    except OSError:
        return False


def join(file_runs: list[tuple], full, keep: set = frozenset()) -> tuple[list[tuple], list[Run]]:
    """(the file runs left, the joined runs): each directory's JSON/CSV pair holding one history (module
    docstring) made one run of the JSON file with the CSV as a ``COPY`` source. ``file_runs``: (rel file, format,
    count) of ``_group``; ``full``: rel -> path; ``keep``: files left alone (a summary beside them)."""
    by_dir: dict[str, list[tuple]] = {}
    for item in file_runs:
        rel = item[0]
        if rel in keep:
            continue
        by_dir.setdefault(rel.rsplit("/", 1)[0] if "/" in rel else ".", []).append(item)
    gone, joined = set(), []
    for items in by_dir.values():
        jsons = [i for i in items if i[1] == "json_history" and i[2] == 1 and i[0].lower().endswith(".json")]
        csvs = [i for i in items if i[1] in _CSV_FORMATS and i[2] == 1 and i[0].lower().endswith(".csv")]
        if len(jsons) != 1 or len(csvs) != 1:
            continue
        (j_rel, j_fmt, _), (c_rel, c_fmt, _) = jsons[0], csvs[0]
        j_path, c_path = full(j_rel), full(c_rel)
        if "://" in j_path or not (_small(j_path) and _small(c_path)):
            continue
        a, b = _series(j_path, j_fmt), _series(c_path, c_fmt)
        if a is None or b is None or not _same(a, b):
            continue
        gone.update((j_rel, c_rel))
        joined.append(Run(j_rel, j_path, j_fmt, (SourceFile(j_path, j_fmt), SourceFile(c_path, COPY))))
    left = [i for i in file_runs if i[0] not in gone]
    left, keras = join_keras(left, full, keep)  # training.log + trainHistoryDict + history.npy: one Keras fit
    return left, joined + keras


def join_keras(file_runs: list[tuple], full, keep: set = frozenset()) -> tuple[list[tuple], list[Run]]:
    """(the file runs left, the joined runs): each directory's one-run history files that hold the same history
    (module docstring: Keras' CSVLogger + pickled/np.save'd History dict) made one run of the most standard file,
    the others ``COPY`` sources of it. Arguments as ``join``."""
    by_dir: dict[str, list[tuple]] = {}
    for item in file_runs:
        if item[0] in keep or item[1] not in _RANK or item[2] != 1:
            continue
        by_dir.setdefault(item[0].rsplit("/", 1)[0] if "/" in item[0] else ".", []).append(item)
    gone, joined = set(), []
    for items in by_dir.values():
        # two formats at least (a group holds each format once): a folder of 4,000 CSVLogger files is read once,
        # by the load, not here as well (1.9 s of a 2,000-run tree's 6 s read_scalars)
        if len({i[1] for i in items}) < 2 or not any(i[1] in _KERAS for i in items):
            continue
        paths = {i[0]: full(i[0]) for i in items}
        if any("://" in p or not _small(p) for p in paths.values()):
            continue
        items.sort(key=lambda i: (_RANK.index(i[1]), i[0]))
        series: dict = {}  # rel -> its series (None: unreadable), each file read when first compared

        def read(item):
            if item[0] not in series:
                series[item[0]] = _series(paths[item[0]], item[1])
            return series[item[0]]

        groups: list[list[tuple]] = []  # a group whose first file reads None takes no other file
        for item in items:
            for g in groups:
                if item[1] in {i[1] for i in g}:  # one format twice: no save of one fit in another format
                    continue
                a, b = read(item), read(g[0])
                if a is None:
                    break
                if b is None:
                    continue
                if (_same(b, a) if g[0][1] == "json_history" else _same(a, b)):
                    g.append(item)
                    break
            else:
                groups.append([item])
        for g in groups:
            if len(g) < 2 or not any(i[1] in _KERAS for i in g):
                continue
            (rel, fmt, _), copies = g[0], g[1:]
            gone.update(i[0] for i in g)
            joined.append(Run(rel, paths[rel], fmt, (SourceFile(paths[rel], fmt),
                                                     *(SourceFile(paths[i[0]], COPY) for i in copies))))
    return [i for i in file_runs if i[0] not in gone], joined
