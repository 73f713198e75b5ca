"""A training's printed log and its validation's printed log, split by file name, made one run.

A script that opens one log file per split (``train_log.csv`` / ``val_log.csv`` written with ``print(..., file=f)``:
public laneseg65 ``Epoch:3, mask loss is 0.5052`` in one, the same line for the validation set in the other, with
its per-class IoU above it) left two runs: the training judged without its validation (a loss that jumped when the
code changed its loss at epoch 3 was `diverged`, while the validation loss and mIoU kept improving), the validation
judged as a training. Here two printed logs (``joblog``, one run each) in one directory whose names differ only by
the split word (``discover_splitpair.split_of_name``: one training, one validation named ``val``/``valid``/
``validation``, not ``eval``/``dev``; the rest of the name,
``_key``, the same) and whose progress lines name epochs ending at the same one (within one, or a tenth: not another
run's validation, not an evaluation job's per-dataset lines) are one run: the training log's id, the validation's
series read under the directory ``val`` (``val/mask_loss``: ``curves``' validation split). A line on every load
names the two files (``pair_notes``).

The same split made by DIRECTORY (``pair_dirs``): ming024/FastSpeech2 opens ``<log_path>/train/log.txt`` and
``<log_path>/val/log.txt`` (``Step 100/500000, Total Loss: ..`` / ``Validation Step 10000, Total Loss: ..``, public
jiffzhangfs180, iluntsaifs180), each opened in append mode, so a relaunch appends its lines again from step 100. Read
file by file they were ``train/log.txt#1``, ``#2``, .. (the aborted launches of a few lines each) and ``val/log.txt``
apart. Two printed logs of the same name, one in a ``train``/``training`` directory and one in a ``val``/``valid``/
``validation`` sibling, nothing else of that name beside them, both logging steps that end within a tenth of each
other (the validation's last step at most 1.1x the training's, at least half of it), are one run: the parent
directory's, each file read whole with its relaunches as later sessions (``joblog._rows`` with ``segment`` None: the
resolved view keeps the last launch's points from its first step on, as for a resumed run). The validation file's
series keep their own names when they already name a validation split (``val_Total_Loss``), else are read under
``val/``.
"""
from __future__ import annotations

import re

from .runs import Run, SourceFile

FORMAT = "joblog+joblog"
DIRS_FORMAT = "joblog+joblog_dirs"
_TRAIN_DIRS = frozenset({"train", "training"})
_VAL_DIRS = frozenset({"val", "valid", "validation"})
_VAL_TAG = re.compile(r"(?i)(?:^|[^a-z])(?:val|valid|validation)(?:[^a-z]|$)")


def pair(runs: list[Run]) -> list[Run]:
    """``runs`` with each directory's split-named pair of one-run job logs (module docstring) made one run."""
    from .discover_splitpair import _key, split_of_name

    singles: dict[tuple[str, str], list[tuple[str, Run]]] = {}
    for run in runs:
        if run.format != "joblog" or len(run.files) != 1 or "#" in run.id:
            continue
        d, _, name = run.files[0].path.replace("\\", "/").rpartition("/")
        split = split_of_name(name)
        if split == "val" and not _VAL_NAME.search(name.rsplit(".", 1)[0].lower()):
            continue  # ('eval.log', 'dev.log': an evaluation job's, a linear probe's own training, most often)
        if split:
            singles.setdefault((d, _key(name).lower() + "." + name.rsplit(".", 1)[-1].lower()), []).append((split, run))
    joined, gone = [], set()
    for group in singles.values():
        trains = [r for s, r in group if s == "train"]
        others = [r for s, r in group if s == "val"]  # (a test.log is more often a later evaluation job's own)
        if len(trains) != 1 or len(others) != 1 or len(group) != 2:
            continue
        (train,), (other,) = trains, others
        a, b = _last_epoch(train.files[0].path), _last_epoch(other.files[0].path, val=True)
        if a is None or b is None or abs(a - b) > max(1.0, 0.1 * a):
            continue  # not one training's epochs: another run's validation, an evaluation job of its own
        joined.append(Run(train.id, train.path, FORMAT, (train.files[0], SourceFile(other.files[0].path, "joblog",
                                                                                   "val"))))
        gone.update((id(train), id(other)))
    return [r for r in runs if id(r) not in gone] + joined


_VAL_NAME = re.compile(r"(?<![a-z])(?:val|vali|valid|validation)(?![a-z])")


def _last_epoch(path: str, val: bool = False) -> float | None:
    """The last epoch a printed log's progress lines name, or None when fewer than 3 of them name one (counters
    that are no epochs: an evaluation job's ``[1/6] dataset=cifar10 loss: ..``); for the validation's log
    (``val``) also None when it prints more than one line an epoch (a validation's batches on their own counter)
    or names a training series (``train_loss``: an epoch summary of both splits, not the validation's log). The
    parse is the one discovery made to count the log's runs (``readers.joblog.parse`` keeps it)."""
    from .fs import filesystem_for
    from .readers import UnreadableFile, joblog

    try:
        with filesystem_for(path).open_bytes(path) as data:
            log = joblog.parse(data, path)
    except (UnreadableFile, OSError):  # the loader reports it when it reads the run
        return None
    epochs = [h.record.epoch for h in log.hits if h.record.epoch is not None]
    if len(epochs) < 3 or len(epochs) * 2 < len(log.hits):
        return None
    if val and (len(epochs) > 1.5 * len(set(epochs)) or any(
            "train" in str(k).lower() for h in log.hits for k, _ in h.record.values)):
        return None
    return max(epochs)


def pair_dirs(runs: list[Run]) -> list[Run]:
    """``runs`` with each ``<dir>/train/<log>`` + ``<dir>/val/<log>`` pair of printed logs (all their trainings) made
    the one run ``<dir>`` (module docstring)."""
    by_file: dict[str, list[Run]] = {}
    for run in runs:
        if run.format == "joblog" and len(run.files) == 1 and run.files[0].segment != -1:
            by_file.setdefault(run.files[0].path.replace("\\", "/"), []).append(run)
    sides: dict[tuple[str, str], dict[str, list]] = {}
    for path, file_runs in by_file.items():
        parts = path.rsplit("/", 2)
        if len(parts) == 3:
            split = "train" if parts[1].lower() in _TRAIN_DIRS else "val" if parts[1].lower() in _VAL_DIRS else ""
            if split:
                sides.setdefault((parts[0], parts[2]), {}).setdefault(split, []).append((path, file_runs))
    joined, gone = [], set()
    for (parent, _), found in sides.items():
        if len(found.get("train", ())) != 1 or len(found.get("val", ())) != 1 or len(found) != 2:
            continue
        (train, train_runs), (val, val_runs) = found["train"][0], found["val"][0]
        a, b = _steps(train), _steps(val)
        if a is None or b is None or not 0.5 * a[0] <= b[0] <= 1.1 * a[0]:
            continue
        rel = train_runs[0].id.split("#")[0].rsplit("/", 2)
        run_id = rel[0] if len(rel) == 3 else "."
        joined.append(Run(run_id, parent, DIRS_FORMAT, (SourceFile(train, "joblog"),
                                                        SourceFile(val, "joblog", "" if b[1] else "val"))))
        gone.update(id(r) for r in (*train_runs, *val_runs))
    return [r for r in runs if id(r) not in gone] + joined


def step_hits(path: str) -> tuple[list, set[str]] | None:
    """(the steps a printed log's lines name, the names of the series it reads), or None when the log cannot be read
    (the loader reports it when it reads the run). The parse is the one discovery made (``joblog.parse``); also
    ``discover_joeypair``'s."""
    from .fs import filesystem_for
    from .readers import UnreadableFile, joblog

    try:
        with filesystem_for(path).open_bytes(path) as data:
            log = joblog.parse(data, path)
    except (UnreadableFile, OSError):
        return None
    return [h.step for h in log.hits if h.step is not None], {str(k) for h in log.hits for k, _ in h.record.values}


def _steps(path: str) -> tuple[float, bool] | None:
    """(the highest step a printed log's lines name, whether every series it reads names a validation split), or
    None when fewer than 3 lines name a step."""
    got = step_hits(path)
    if got is None or len(got[0]) < 3:
        return None
    return max(got[0]), all(_VAL_TAG.search(k) for k in got[1])


def pair_notes(run: Run) -> list:
    """The line saying which two printed logs a joined run reads (empty for any other run)."""
    from .discover_csvpair import joined_note

    if run.format == DIRS_FORMAT:
        return joined_note(run, DIRS_FORMAT, lambda train, other: (
            f"val/{other} beside train/{train}: the printed logs of one training's splits (ming024/FastSpeech2's "
            "layout): read as one run, their parent directory; each file's relaunches (its step back at its start) "
            "read as later sessions"))
    return joined_note(run, FORMAT, lambda train, other: (
        f"{other} beside {train}: the printed logs of one training's splits (named so): read as one run, {run.id}, "
        f"{other}'s series as val/"))
