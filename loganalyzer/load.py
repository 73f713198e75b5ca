"""``load``: read a run's files with their readers and combine them into one tidy table.

Combining (``loganalyzer.combine``): sources are concatenated in the run's order (files of one dir in name order);
``read_scalars`` returns every point as tbparse does (repeated steps included, in write order), ``load_run`` the
resume-resolved view the verdicts judge (restarts, step-less series, reset step counters and re-logged steps
resolved, each rule applied named in ``LoadedRun.step_rules`` and explained in its problems). Tables are sorted by
dir, tag, step, rows of one (dir, tag, step) in write order.

The public calls (``read_scalars``, ``read_histograms``, ``read_hparams``) are library calls: nothing is printed;
each problem met is emitted once as a ``LogReadWarning`` and whatever could be read is returned.
"""
from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from .combine import combine_columns
from .discover import discover
from .discover_jobside import CONSOLE
from .discover_wandb import COPY
from .load_histograms import HISTOGRAM_COLUMNS, combine_histograms
from .load_hparams import hparams_yaml as _hparams_yaml
from .load_tracker import last_step, tracker_ending, tracker_hparams
from .load_final_eval import without_final_eval
from .load_summary import without_summary
from .readers._lightning_late import without_late_start
from .load_sources import in_write_order, is_file_run, joined_twin_notes, keep_once, output_dir, raw_dir
from .load_settings import settings_only, without_settings_lines
from .load_source import READER_MODULES, _os_problem, _read_source, _reader, _Source  # noqa: F401 (re-exported)
from .runs import ColumnsLoadedRun, LoadedRun, Note, Problem, Run, SourceFile

if TYPE_CHECKING:  # pandas is imported where a table is built: a rescan served from the store never imports it
    import pandas as pd

class LogReadWarning(UserWarning):
    """A problem met while reading logs (a file that could not be read, a damaged record or line)."""


# ---------------------------------------------------------------- combining tables


def _tidy_frame(dir_names: list, dir_codes, tag_names: list, tag_codes, steps, values, wall_times) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        {
            "dir": pd.Categorical.from_codes(dir_codes, categories=pd.Index(dir_names, dtype=object), validate=False),
            "tag": pd.Categorical.from_codes(tag_codes, categories=pd.Index(tag_names, dtype=object), validate=False),
            "step": np.asarray(steps, dtype=np.int64),
            "value": np.asarray(values, dtype=np.float64),
            "wall_time": np.asarray(wall_times, dtype=np.float64),
        },
        copy=False,
    )


def empty_scalars() -> pd.DataFrame:
    empty = np.empty(0, dtype=np.int64)
    return _tidy_frame([], empty, [], empty, empty, np.empty(0), np.empty(0))


def _columns(table):
    from .readers import ScalarColumns

    return table if isinstance(table, ScalarColumns) else ScalarColumns.from_frame(table)


def combine(pieces: list[tuple], resolve: bool = True) -> pd.DataFrame:
    """One tidy table from (dir, reader table or ScalarColumns, restarts[, path]) pieces in written order, sorted
    by dir, tag, step: the resume-resolved view (``resolve=True``) or every point (see ``loganalyzer.combine``).
    What the resolving did is in ``attrs['step_rules']`` and ``attrs['notes']``."""
    combined = combine_columns([(p[0], _columns(p[1]), *p[2:]) for p in pieces], resolve=resolve)
    frame = _tidy_frame(*combined.columns())
    frame.attrs.update(step_rules=combined.rules, notes=combined.notes)
    return frame


# ---------------------------------------------------------------- a run


# formats whose files are appended to by every session of a run (MLflow: a resumed run appends to its metric files;
# Keras CSVLogger(append=True): a fit(initial_epoch=k) resumed from a checkpoint appends epochs k.. again)
_APPENDED_FORMATS = frozenset({"mlflow", "keras_csv"})


def _sessions(file: SourceFile, dir: str, columns, restarts: tuple, marked: tuple = ()) -> list[tuple]:
    """The combine pieces of one source: the file, or for formats a resumed run appends to (MLflow metric files)
    one piece per session, a session starting where the step goes back while the wall time goes on, so that
    ``loganalyzer.combine``'s resume rules apply to it as to a new event file. ``marked``: the rows where the
    reader saw a later session start (``ReadResult.sessions``: a W&B step metric going back)."""
    n = len(columns)
    marked = [i for i in marked if 0 < i < n]
    if marked and not restarts:
        edges = [0, *marked, n]
        return [(dir, columns.take(slice(a, b)), (), file.path) for a, b in zip(edges[:-1], edges[1:])]
    if file.format not in _APPENDED_FORMATS or n < 2:
        return [(dir, columns, restarts, file.path)]
    steps, walls = columns.steps, columns.wall_times
    back = np.flatnonzero((steps[1:] < steps[:-1]) & ~(walls[1:] < walls[:-1])) + 1
    if not len(back):
        return [(dir, columns, restarts, file.path)]
    edges = [0, *back.tolist(), n]
    return [(dir, columns.take(slice(a, b)), (), file.path) for a, b in zip(edges[:-1], edges[1:])]


def load_run(run: Run, *, histograms: bool = False, sources=None, lazy: bool = False) -> LoadedRun:
    """Read every file of ``run`` and combine them (see the module docstring).

    Files that cannot be read at all go to ``errors`` and the others are still read; problems inside readable
    files go to ``problems``. ``histograms=True`` also reads the histograms of the run's event files into
    ``LoadedRun.histograms`` (columns ``HISTOGRAM_COLUMNS``, same combining rules, no restarts).
    ``sources(file, read)``, when given, supplies each file's read (``read()`` reads it as usual): the
    incremental store (``loganalyzer.store``) answers unchanged files from its copy and reads grown ones from their
    last good record. ``lazy=True``: a ``runs.ColumnsLoadedRun``, whose ``scalars`` DataFrame is built only when
    asked for (``scan`` judges the combined columns as they are).
    """
    pieces, histogram_pieces = [], []
    problems: list[Problem] = []
    errors: list[Problem] = []
    hparams: dict[str, object] = {}
    job_logs: list = []  # (piece index, JobFacts) of the run's job logs
    problems.extend(joined_twin_notes(run))  # Lightning's two loggers of one training, in two version dirs
    read = []
    for file in run.files:
        if file.format == COPY:  # the same bytes as another file of the run (joined_twin_notes says which)
            continue
        if sources is None:
            source = _read_source(file, histograms=histograms)
        else:
            source = sources(file, lambda file=file: _read_source(file, histograms=histograms))
        if source.error is not None:
            errors.append(source.error)
            continue
        read.append((file, source))
    read = in_write_order(read)  # HF checkpoint copies of two trainings in one output dir
    quiet = settings_only(read)  # accelerate's hparams-only sub-folder beside the run's scalars: no false alarm
    has_events = any(f.format == "tensorboard" for f, _ in read)  # a CSVLogger's late start: the events hold it all
    kept = keep_once([(file, source.columns) for file, source in read], problems)  # twin files: each series once
    ending_only: set[str] = set()
    consoled = any(f.format == CONSOLE for f in run.files)
    for (file, source), columns in zip(read, kept):
        result = source.result
        if file.format == "tensorboard":  # Ultralytics' final validation of best.pt: no point of the curve
            columns, notes = without_final_eval(file.path, columns)
            problems.extend(notes)
        columns, summary = without_summary(columns)  # HF's train_runtime/train_loss entry
        if file.format == CONSOLE:  # MACE's console log beside its results (discover_jobside): the ending only
            columns = None if columns is None else columns.take(slice(0, 0))
        first = len(pieces)
        pieces.extend(_sessions(file, file.dir, columns, tuple(result.restarts), getattr(result, "sessions", ())))
        if getattr(source, "facts", None) is not None and (file.format == CONSOLE or not consoled):
            # every piece of the log (a resumed job: one per session); beside a console log, the results file's
            # JSON lines tell nothing of how the job ended: the console does
            job_logs.append((range(first, max(len(pieces), first + 1)), source.facts))
            if columns is None or not len(columns.steps):
                ending_only.add(file.path)  # a job log without one point: what it tells is how the job ended
        problems.extend(without_late_start(file, without_settings_lines(file, result.problems, quiet), has_events))
        hparams.update(result.hparams or {})
        hparams.update(summary)
        if source.histograms is not None:
            histogram_pieces.append((file.dir, source.histograms))
            problems.extend(p for p in source.histograms.attrs.get("problems", ()) if p not in problems)
    hparams = {**_hparams_yaml(run), **tracker_hparams(run), **hparams}
    ended = None
    if job_logs:  # curves from the richest source, the ending from the job logs (readers/joblog.py)
        from .readers.joblog import conclude_run

        pieces, ended, notes = conclude_run(pieces, job_logs)
        problems = without_ending_only_notes(problems, ending_only, ended, len(ending_only) < len(job_logs))
        problems.extend(notes)
    combined = combine_columns(pieces, resolve=True)
    if ended is None:  # no job log: how the run ended as its tracker recorded it (MLflow, W&B, Sacred)
        ended = tracker_ending(hparams, last_step(combined.steps))
    fields = dict(
        run=run,
        problems=tuple(p for p in problems if not isinstance(p, Note)) + combined.notes,
        notes=tuple(p for p in problems if isinstance(p, Note)),  # no fault: the run's notes (runs.Note)
        step_rules=combined.rules,
        errors=tuple(errors),
        hparams=hparams,
        histograms=combine_histograms(histogram_pieces) if histograms else None,
        ended=ended,
    )
    if lazy:
        return ColumnsLoadedRun.of_columns(combined.columns(), **fields)
    return LoadedRun(scalars=_tidy_frame(*combined.columns()), **fields)


ENDING_ONLY = "no curve, only how the job ended"  # how readers/_joblog_nothing ends "this log held no progress"


def without_ending_only_notes(problems: list[Problem], ending_only: set[str], ended, curve_beside: bool) -> list:
    """``problems`` less the "no training progress ...; no curve, only how the job ended" note of a job log that
    held no point but gave the run its ending (a path of ``ended.lines``), when another job log of the run gave the
    curve: Slurm's ``#SBATCH --error=job_%j.err`` holds the traceback, ``--output=job_%j.out`` the progress, and the
    .err is read for what it is -- how the job ended, said in the run's ``ended`` -- not a log that failed to read."""
    quoted = {path for path, _, _ in getattr(ended, "lines", ())} & ending_only
    if not quoted or not curve_beside:
        return problems
    return [p for p in problems if not (p.path in quoted and p.message.endswith(ENDING_ONLY))]


# ---------------------------------------------------------------- the public calls over a path


class _Warner:
    """Emits each distinct problem once per call, as a LogReadWarning."""

    def __init__(self):
        self.seen: set[str] = set()

    def __call__(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            text = str(problem)
            if text not in self.seen:
                self.seen.add(text)
                warnings.warn(text, LogReadWarning, stacklevel=3)


def _discover_warned(path, warn: _Warner) -> list[Run]:
    problems: list[Problem] = []
    runs = discover(path, problems)
    warn(problems)
    return runs


def read_scalars(path: str | os.PathLike | Run, resolve: bool = False, jobs: int | None = None) -> pd.DataFrame:
    """Every scalar point under ``path`` (a directory or one log file) as tbparse's long table plus wall_time.
    ``path`` may be a ``Run`` from ``discover`` (``training_log.csv#2``, the second training appended to one file):
    that run's points alone, as the verdicts read them (``load_run``; ``resolve`` and ``jobs`` do not apply), its
    problems emitted as warnings; ``dir`` then starts with the run's id (``training_log.csv#2``, ``version_0/train``)
    as a read of the folder above names it, so two runs' tables concatenated stay apart.

    Columns exactly ``dir, tag, step, value, wall_time``; ``dir`` and ``tag`` categorical, ``step`` int64,
    ``value``/``wall_time`` float64 (NaN wall_time when the format has none). Sorted by dir, tag, step.

    ``resolve=False`` (default): every point logged, like tbparse's ``.scalars`` (+ rank-0 numeric ``.tensors``) on
    event files: a step logged twice (a resumed job, ``add_scalar`` without a step) gives two rows, in write order.
    ``resolve=True``: the view the verdicts judge, one curve per series (see ``loganalyzer.combine``): a later
    session re-logging steps replaces the earlier session's points there, a session whose step counter went back to
    0 is continued after the earlier one, a series logged all at step 0 is placed in write order, a counter (epoch,
    global_step) keeps one point per step, the last written (a metric the writer logged twice at a step keeps
    both: ``loganalyzer.combine``, rules 4-5); each rule
    applied is emitted as a ``LogReadWarning`` naming the file and the steps, and listed in
    ``frame.attrs['step_rules']``.

    ``dir`` says where a point comes from, relative to ``path``: for directory formats (TensorBoard, Lightning,
    HF, MLflow) the directory of the source ('' for ``path`` itself; ``a/train`` for ``a``'s Keras ``train/``; in
    the raw view ``out/checkpoint-500`` for an HF checkpoint's copy of the history, ``out`` when resolved);
    for single-file formats (Keras CSVLogger, plain CSV) the file's relative path, with ``#N`` for the N-th run
    appended to one Keras file (``a/b/training.log#2``), so two logs in one directory never merge.

    Problems (unreadable files, damaged records) are emitted once each as ``LogReadWarning``; what could be read
    is returned. Raises ``FileNotFoundError`` when ``path`` does not exist.

    ``jobs``: processes for a big tree in the raw view (``load_parallel``; None: every core, 1: this process only);
    the table and the warnings are the same.
    """
    from .load_parallel import read_parallel

    warn = _Warner()
    if isinstance(path, Run):  # a blind labeller passed discover's `file#2` run and got TypeError
        loaded = load_run(path)
        warn(list(loaded.errors) + list(loaded.problems))
        frame = loaded.scalars.copy()
        frame["dir"] = frame["dir"].cat.rename_categories(
            lambda d: f"{path.id}/{d}" if d else path.id) if len(frame) else frame["dir"]
        return frame
    combined = None if resolve else read_parallel(path, jobs, warn)  # a big tree: on every core
    if combined is None:
        from .load_batch import read_pieces

        # one combine over all runs: output dirs of different runs never coincide, so per-dir rules still hold
        combined = combine_columns(read_pieces(path, resolve, warn), resolve=resolve)
    warn(combined.notes)
    frame = _tidy_frame(*combined.columns())
    frame.attrs["step_rules"] = combined.rules
    return frame


def run_pieces(run: Run, resolve: bool, warn, ready: dict | None = None) -> list[tuple]:
    """The combine pieces of one run for ``read_scalars``; its problems go to ``warn`` in reading order. ``ready``:
    sources read ahead (``load_batch.prefetch``), by path."""
    if not resolve and len(run.files) == 1 and run.files[0].format != COPY and \
            run.format != "lightning_csv+tensorboard":
        return _one_file_pieces(run, warn, ready)
    warn(joined_twin_notes(run))
    read, pending = [], []  # pending: (file, its problems) in reading order, warned once the run's files are read
    for file in run.files:
        if file.format == COPY:  # the same bytes as another file of the run (joined_twin_notes says which)
            continue
        source = ready.pop(file.path, None) if ready else None
        if source is None:
            source = _read_source(file)
        if source.error is not None:
            pending.append((None, [source.error]))
            continue
        pending.append((file, source.result.problems))
        read.append((file, source))
    quiet = settings_only(read)  # accelerate's hparams-only sub-folder beside the run's scalars: no false alarm
    has_events = any(f.format == "tensorboard" for f, _ in read)  # a CSVLogger's late start: the events hold it all
    for file, found in pending:
        warn(found if file is None else without_late_start(file, without_settings_lines(file, found, quiet),
                                                           has_events))
    read = in_write_order(read, resolve=resolve)  # HF copies of two trainings in one output dir, cut copies
    pieces, twins, job_index = [], [], set()
    kept = keep_once([(file, _view_columns(source, resolve)) for file, source in read], twins)  # each series once
    warn(twins)
    for (file, source), columns in zip(read, kept):
        if resolve and file.format == "tensorboard":  # Ultralytics' final validation of best.pt
            columns, notes = without_final_eval(file.path, columns)
            warn(notes)
        if resolve:  # HF Trainer's end-of-training summary (train_loss = the run's mean): no point of the curves
            columns, _ = without_summary(columns)
        if resolve and file.format == CONSOLE and columns is not None:  # its points repeat the results (load_run)
            columns = columns.take(slice(0, 0))
        where = output_dir(run, file.dir if resolve else raw_dir(file))  # raw: HF checkpoint copies apart
        first = len(pieces)
        pieces.extend(_sessions(file, where, columns, tuple(source.result.restarts),
                               getattr(source.result, "sessions", ())))
        if getattr(source, "facts", None) is not None:
            job_index.update(range(first, len(pieces)))
    if resolve and job_index:  # a job log beside the run's other logs: the curves of one of them, as load_run
        from .readers.joblog import richest_source

        pieces, notes = richest_source(pieces, job_index)
        warn(notes)
    return pieces


def _view_columns(source, resolve: bool):
    """A source's columns for the view: the raw view takes every point as logged (``_Source.raw_columns``)."""
    raw = getattr(source, "raw_columns", None)
    return source.columns if resolve or raw is None else raw


def _one_file_pieces(run: Run, warn, ready: dict | None) -> list[tuple]:
    """``run_pieces(run, False, warn, ready)`` of a run of one file (most runs): no twin notes (those need a copy or
    a Lightning pair), nothing to put in write order or keep once (both need two files), so the file's sessions."""
    file = run.files[0]
    source = ready.pop(file.path, None) if ready else None
    if source is None:
        source = _read_source(file)
    if source.error is not None:
        warn([source.error])
        return []
    warn(without_late_start(file, source.result.problems, False))  # (a resumed fit's file: its earlier version)
    return _sessions(file, output_dir(run, raw_dir(file)), _view_columns(source, False), tuple(source.result.restarts),
                     getattr(source.result, "sessions", ()))


def read_histograms(path: str | os.PathLike) -> pd.DataFrame:
    """Histograms of every event file under ``path``: columns ``dir, tag, step, wall_time, min, max, num, sum,
    sum_squares, bucket_limit, bucket`` (the last two arrays per row), ``dir`` as in ``read_scalars``; the
    later-written histogram of a repeated (dir, tag, step) wins; sorted by dir, tag, step."""
    warn = _Warner()
    pieces = []
    for run in _discover_warned(path, warn):
        for file in run.files:
            if file.format != "tensorboard":
                continue
            source = _read_source(file, scalars=False, histograms=True)
            if source.error is not None:
                warn([source.error])
                continue
            warn(source.histograms.attrs.get("problems", ()))
            pieces.append((output_dir(run, file.dir), source.histograms))
    return combine_histograms(pieces)


def read_hparams(path: str | os.PathLike) -> dict[str, dict]:
    """Hyperparameters each run recorded (``add_hparams``, HF trainer_state fields, ...), by run id; runs that
    recorded none are left out."""
    warn = _Warner()
    out: dict[str, dict] = {}
    for run in _discover_warned(path, warn):
        loaded = load_run(run, lazy=True)  # the hparams only: no table
        warn(loaded.errors)
        if loaded.hparams:
            out[run.id] = dict(loaded.hparams)
    return out


__all__ = [
    "LogReadWarning", "load_run", "read_scalars", "read_histograms", "read_hparams", "combine", "output_dir",
    "is_file_run", "HISTOGRAM_COLUMNS",
]
