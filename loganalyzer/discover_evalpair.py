"""A per-step training log and its per-epoch evaluations saved as two CSVs in one folder: one run.

HF Trainer's ``log_history`` holds training entries (``loss`` at fractional ``epoch`` values: 0.0168, 0.0337, ...)
and evaluation entries (``eval_loss`` and the metrics at whole epochs). A script that splits it into two DataFrames
and writes each with the keys renamed (public climate116 ``training_history_loss.csv``: ``epoch,loss`` on 594
rows, and ``training_history.csv``: ``epoch,loss,accuracy,f1,precision,recall`` on 11 rows) leaves one training in
two files. Discovered file by file they were two runs: the evaluations judged alone, their loss taken for a training
loss (an overfit evaluation loss read as a training loss that "stalled and rose").

Joined only when the shapes say so: in one directory, exactly two plain (or Keras-like) CSV logs, each one run;
one (the training log) has a fractional ``epoch`` column, only loss, learning-rate or grad-norm series and at least
three times the other's rows; the other (the evaluations) has whole-number epochs on its axis, a ``loss`` series and
at least one metric series (accuracy, F1, precision, recall, AUC, ...: an evaluation's, never logged per step by the
Trainer), and its last epoch is within one epoch of the training log's last one (the same training), and its loss is
not the training steps' mean over each epoch (a training summary, ``_epoch_means``). The run is the
evaluation file's (its id); its series are read under the directory ``eval`` (``eval/loss``: the validation loss,
``curves``' split word), placed on the training log's steps by the epoch counter (``curves_align``). One line on
every load says which files were joined (``pair_notes``).
"""
from __future__ import annotations

import re

import numpy as np

from .runs import Run, SourceFile

FORMAT = "csv+eval_csv"  # the joined run's format: the loader reads each file with its own (``load_source``)
# the words of a per-step training log's columns (whole words of each name): its loss, LR, grad norm and counters
_TRAIN_WORDS = frozenset({"loss", "lr", "learning", "rate", "grad", "norm", "epoch", "step", "global", "train",
                          "training"})
_SPLIT_PREFIXES = ("val", "valid", "eval", "test", "train")
_METRIC_WORDS = frozenset({"acc", "accuracy", "f1", "precision", "recall", "auc", "roc", "iou", "miou", "dice", "map",
                           "bleu", "rouge", "mae", "rmse", "mse", "r2", "perplexity", "ppl", "matthews", "mcc",
                           "kappa", "wer", "cer"})


def _words(name: str) -> set[str]:
    return set(re.findall(r"[a-z]+[0-9]*", name.lower()))


def _kind_of_names(names: list[str]) -> str | None:
    """From a header alone: 'train' (an ``epoch`` column beside loss/LR/grad-norm names only, no split but
    training's), 'eval' (``loss`` and a metric, no split prefix: a whole history names its ``val_loss``), or None."""
    low = [n.strip().strip('"').lower() for n in names]
    if "epoch" in low and all(_words(n) <= _TRAIN_WORDS for n in low) and any("loss" in _words(n) for n in low):
        return "train"
    low = [n for n in low if n not in ("epoch", "step", "")]  # (the evaluations' own axis)
    if any(n.startswith(_SPLIT_PREFIXES) for n in low):
        return None  # a whole history, its validation named (Keras' CSVLogger: loss, val_loss, ...): no evaluation table
    if "loss" in low and any(_words(n) & _METRIC_WORDS for n in low if n != "loss"):
        return "eval"
    return None


def _kind(series: dict) -> str | None:
    """``_kind_of_names`` confirmed by the values: a training log's epochs fractional and never going back."""
    kind = _kind_of_names(list(series))
    if kind != "train":
        return kind
    epoch = next(v for t, v in series.items() if t.lower() == "epoch")
    e = epoch[1][np.isfinite(epoch[1])]
    frac = len(e) >= 6 and bool(np.any(e != np.round(e))) and bool(np.all(np.diff(e) >= 0))
    return "train" if frac else None


SAME_MEAN = 0.03  # an epoch's loss within 3% of the training steps' mean over that epoch is that mean


def _epoch_means(train: dict, ev: dict) -> bool:
    """The per-epoch file's loss is, at >= 80% of its epochs >= 1, the mean of the training log's losses over that
    epoch (fractional epochs in (e - 1, e]): a training summary written beside the batches (``epoch,loss,accuracy``
    of a loop that logs no validation; a breaker's run), not an evaluation."""
    loss = next(v for k, v in train.items() if k.lower() != "epoch" and "loss" in k.lower())
    epoch = next(v for k, v in train.items() if k.lower() == "epoch")
    at = dict(zip(epoch[0].tolist(), epoch[1].tolist()))
    frac = np.array([at.get(s, np.nan) for s in loss[0].tolist()])
    steps, values = next(v for k, v in ev.items() if k.lower() == "loss")
    for first in (0, 1):  # epochs counted from 0 (Keras' CSVLogger: epoch e spans (e, e + 1]) or from 1
        same = tried = 0
        for e, v in zip(steps.tolist(), values.tolist()):
            inside = (frac > e - first) & (frac <= e + 1 - first) & np.isfinite(loss[1])
            if not inside.any() or not np.isfinite(v):
                continue
            tried += 1
            mean = float(loss[1][inside].mean())
            same += abs(v - mean) <= SAME_MEAN * max(abs(mean), 1e-12)
        if tried >= 2 and same >= 0.8 * tried:
            return True
    return False


def _header(path: str) -> list[str] | None:
    """The names of the file's first line (comma-separated), or None when it cannot be read or is larger than
    ``discover_csvpair._MAX_BYTES`` (discovery stays cheap; the loader reads it as a run of its own)."""
    import os

    from .discover_csvpair import _MAX_BYTES

    try:  # (local files only: ``two_csvs`` passes no URL)
        if os.path.getsize(path) > _MAX_BYTES:
            return None
        with open(path, "rb") as f:
            line = f.read(4096).lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0]
    except OSError:
        return None
    return line.decode("utf-8", "replace").strip().split(",")


def join(file_runs: list[tuple], full, keep: set = frozenset()) -> tuple[list[tuple], list[Run]]:
    """(the file runs left, the joined runs): each directory's per-step training CSV and per-epoch evaluation CSV
    of one training (module docstring) made one run of the evaluation file. ``file_runs``: (rel file, format,
    count) of ``discover_group._group``; ``full``: rel -> path; ``keep``: files left alone (a summary beside them)."""
    from .discover_csvpair import _series, two_csvs

    gone, joined = set(), []
    for csvs, paths in two_csvs(file_runs, full, keep):
        heads = [_header(p) for p in paths]
        if None in heads or sorted(map(str, (_kind_of_names(h) for h in heads))) != ["eval", "train"]:
            continue  # (decided from the first lines: no file read whole unless both could be the pair)
        series = [_series(p, i[1]) for p, i in zip(paths, csvs)]
        if None in series:
            continue
        kinds = [_kind(s) for s in series]
        if sorted(map(str, kinds)) != ["eval", "train"]:
            continue
        t = kinds.index("train")
        train, ev = series[t], series[1 - t]
        epoch = next(v for k, v in train.items() if k.lower() == "epoch")[1]
        ev_steps = next(s for k, (s, _) in ev.items() if k.lower() == "loss")
        n_train = max(len(v[0]) for v in train.values())
        if (not len(ev_steps) or np.any(ev_steps != np.round(ev_steps)) or n_train < 3 * len(ev_steps)
                or abs(float(np.nanmax(epoch)) - float(ev_steps[-1])) > 1.0):
            continue
        if _epoch_means(train, ev):
            continue  # the training's own per-epoch means (an epoch summary, no evaluation)
        (t_rel, t_fmt, _), (e_rel, e_fmt, _) = csvs[t], csvs[1 - t]
        gone.update((t_rel, e_rel))
        joined.append(Run(e_rel, full(e_rel), FORMAT, (SourceFile(full(t_rel), t_fmt),
                                                       SourceFile(full(e_rel), e_fmt, "eval"))))
    return [i for i in file_runs if i[0] not in gone], joined


def pair_notes(run: Run) -> list:
    """The line saying which two files a joined run reads (empty for any other run)."""
    from .discover_csvpair import joined_note

    return joined_note(run, FORMAT, lambda train, ev: (
        f"{ev} beside {train}: its whole-epoch evaluations (a loss and metrics) and the other's per-step training loss "
        f"at fractional epochs (one training's log saved in two CSVs): read as one run, {run.id}, {ev}'s series as "
        "eval/"))
