"""Files of a run's folder that discovery passed over in silence: one line each, naming the file and why.

Discovery takes a file for a log by its name and first bytes; a file no sniff recognised was simply left out. Where
it sat beside a run's files the user saw the run and never learnt that a series of the training was not read: public
kdflair201's ``list_train_lgg_acc_fold0.csv`` and ``list_val_lgg_acc_fold0.csv`` (one line of 50 floats each, beside
the run's ``list_*_loss_fold0.csv``) were neither read nor named at stop 66; a folder holding only such a file
(public gancourse195 ``losses.txt``: two lines of 100 floats; pflquant177's transposed per-round CSV) was not even
"no training runs found" for the folder, only silence. The rule ("never a silent skip", docs/STANDARDS): after
discovery, each file in a folder holding a run's file (or in the scanned folder itself when no run was found: a
tree's own tables beside its run folders -- sample_logs' LABELS.tsv -- belong to no run) that

- is named like a log or a saved series (``.txt``, ``.csv``, ``.tsv``, ``.json``, ``.jsonl``, ``.log``, ``.npy``),
- is no source of any run and named by no line already (an unreadable file's, a Git LFS pointer's ...),
- holds numbers: at least ``MIN_FLOATS`` (8) decimal numbers in its first 4 KiB (a version string ``1.24.3``
  is none), or, for ``.npy``, a 1-D or 2-D numeric array of at least 3 values,
- and either is named like a training's record (``LOG_NAME``: loss, acc, metric, hist, log, train, val, eval, score,
  result, curve, epoch, progress, stats, ...) or has the shape of unnamed series (lines of bare numbers; a table
  whose header row counts steps): a run's data files (``features.npy``, ``predictions.csv``, ``points.json``) are
  no log, and a line for each of them would bury the lines that matter (stop 68: tests/test_rd66a,
  test_pandas_loss_frames and test_csv41 keep them unsaid),

gets one ``Problem``: the file, what it holds, and that no reader took it for a training's series, so it is not read.
The threshold 8 is a judgement: the shortest series a verdict reads is 3 points, and a config file with a learning
rate, a momentum and a weight decay holds 3-5 decimals; a README or requirements.txt holds none. Files MLflow, W&B,
Hugging Face and tokenizers write as configs (``readers.json_history.NOT_HISTORY``) are not looked at, nor the
copies discovery leaves out on purpose (``_by_design``). Local paths
only (a remote store is listed once, by the walk); a scan of one file is not concerned.
"""
from __future__ import annotations

import os
import re

from .runs import Problem

SUFFIXES = (".txt", ".csv", ".tsv", ".json", ".jsonl", ".log", ".npy")
MIN_FLOATS = 8  # decimal numbers in the first 4 KiB (module docstring)
HEAD = 4096
LOG_NAME = re.compile(r"loss|acc|metric|hist|log|train|val|eval|test|score|result|curve|epoch|progress|stat|record|"
                      r"perf|step|iter|round|ppl|perplex|bleu|f1|iou|error|err_|rmse|mae", re.I)
_SERIES_SHAPES = ("lines of bare numbers", "a table whose header row")
_FLOAT = re.compile(rb"(?<![\w.])[-+]?\d*\.\d+(?:[eE][-+]?\d+)?(?![\w.])")


def _npy(path: str) -> str | None:
    from .readers import keras_npy

    try:
        with open(path, "rb") as f:
            found = keras_npy.header(f.read(HEAD))
    except OSError:
        return None
    if not found:
        return None
    meta = found[0]
    shape, descr = meta.get("shape"), str(meta.get("descr", ""))
    if not isinstance(shape, tuple) or not 1 <= len(shape) <= 2 or descr.lstrip("<>|=")[:1] not in ("f", "i", "u"):
        return None
    size = 1
    for n in shape:
        size *= n if isinstance(n, int) else 0
    if size < 3:
        return None
    return f"a numeric array of shape {shape} not named like a training history (loss.npy, history.npy, val_acc.npy)"


def _text(path: str) -> str | None:
    try:
        with open(path, "rb") as f:
            head = f.read(HEAD)
    except OSError:
        return None
    if b"\0" in head:
        return None
    n = len(_FLOAT.findall(head))
    if n < MIN_FLOATS:
        return None
    lines = [line for line in head.splitlines()[:3] if line.strip()]
    if lines and all(len(line.split()) >= MIN_FLOATS and _FLOAT.fullmatch(line.split()[0]) for line in lines[:2]):
        shape = "lines of bare numbers, each line a series with no name"
    elif lines and re.fullmatch(rb"[,;\t ]*\d+(?:[,;\t]+\d+){3,}[,;\t ]*", lines[0].strip()):
        shape = "a table whose header row is 0, 1, 2, ... (the steps along the columns: a transposed table)"
    else:
        shape = f"{n} decimal numbers in its first {HEAD // 1024} KiB"
    return shape


def _wandb_dir(folder: str) -> bool:
    try:
        return any(n == "wandb-history.jsonl" or n.startswith("run-") and n.endswith(".wandb") for n in os.listdir(folder))
    except OSError:
        return False


def _by_design(folder: str, name: str, names: set[str]) -> bool:
    """Whether discovery leaves the file out on purpose, as a copy of a log it reads: W&B's printed ``output.log``
    of a run whose history is there (``_joblog_files.without_wandb_output``), mmengine's ``vis_data/<stamp>.json``
    and StyleGAN's copies (``discover_jsoncopy``)."""
    from .discover_jsoncopy import json_copy

    if name == "output.log" and (_wandb_dir(folder) or _wandb_dir(os.path.dirname(folder))):
        return True
    rel_dir = folder.replace(os.sep, "/").lstrip("/") or "."
    return json_copy(rel_dir, name, names)


def passed_over(fs, root: str, runs: list, problems: list, kind: str, with_root: bool = True,
                listings: dict | None = None) -> None:
    """Append a ``Problem`` to ``problems`` for each file of a run's folder (or of the scanned folder ``root`` when
    ``runs`` is empty, unless ``with_root`` is False: ``load_parallel``'s tasks, each a few shards of one tree, would say its files once per
    task) that holds numbers but is neither a source of ``runs`` nor named by a problem (module docstring).

    ``listings``: the walk's entries of each directory it listed (``discover._Tree.listings``: full path -> entries
    with ``name``/``is_file``, in name order), used instead of listing a folder again; a folder the walk did not
    list (or listed under another spelling of its path) is listed here."""
    from .fs import LOCAL_FS
    from .readers._discovery_names import NOT_HISTORY

    if fs is not LOCAL_FS or kind != "dir":
        return
    norm = os.path.normpath
    taken: set[str] = set()
    said = {norm(p.path) for p in problems}
    listings = listings or {}
    folders: dict[str, str | None] = {}
    for run in runs:
        for f in run.files:
            full = norm(f.path)  # a file's path: its normalised folder is that of the normalised path
            taken.add(full)
            folders.setdefault(os.path.dirname(full) or ".", run.id)
        if run.path in listings or os.path.isdir(run.path):  # (listed by the walk: a directory, no stat)
            folders.setdefault(norm(run.path), run.id)
    if with_root and not runs:  # a tree's own files beside its run folders (sample_logs' LABELS.tsv) are no run's
        folders.setdefault(norm(root), None)
    for folder, run_id in sorted(folders.items()):
        listed = listings.get(folder)
        if listed is not None:
            files = [e.name for e in listed if e.is_file]  # in name order, as the walk sorted them
        else:
            try:
                files = sorted(e.name for e in os.scandir(folder) if e.is_file())
            except OSError:
                continue  # a folder that cannot be listed is said by the walk
        names = set(files)
        for name in files:
            low = name.lower()
            if name.startswith(".") or not low.endswith(SUFFIXES) or name in NOT_HISTORY:
                continue
            full = norm(os.path.join(folder, name))
            if full in taken or full in said:
                continue
            if _by_design(folder, name, names):
                continue
            shape = _npy(full) if low.endswith(".npy") else _text(full)
            if shape is None or not (LOG_NAME.search(name.rsplit(".", 1)[0]) or shape.startswith(_SERIES_SHAPES)):
                continue
            where = f"beside run {run_id}" if run_id is not None else "in the scanned folder"
            problems.append(Problem(full, f"{shape}, {where}: passed over -- no reader took it for a training's "
                                          "series (its shape matched none); not read"))
