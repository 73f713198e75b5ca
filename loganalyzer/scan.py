"""``scan``: the one library call behind ``loganalyzer scan`` (and, later, the HTTP service).

It discovers the runs under each path, loads them one at a time, and keeps only a small summary of each, so scanning
a thousand runs never holds more than one run's scalars in memory. Renderers (``loganalyzer.render``) turn the
``ScanReport`` into text; ``ScanReport.to_dict()`` is the stable JSON document.

Run ids. With one path, a run's id is the one ``discover`` gives (relative to that path, '.' for the path itself).
With several paths, each id is prefixed with the path as given (in POSIX form, trailing '/' dropped), so ``scan(['a',
'b'])`` reports ``a/version_0`` and ``b/version_0``, and a path that is itself a run reports as that path. A run met
twice (overlapping paths such as ``logs`` and ``logs/run1``) is reported once, under the first path that found it.

Non-finite numbers in the JSON document. NaN, +Inf and -Inf are written as the strings ``"nan"``, ``"inf"`` and
``"-inf"`` (the spellings ``float()`` reads back), never as bare tokens, so the document is strict JSON; "no value" is
``null``. Keeping the three apart matters: a loss that overflowed (inf) and one that went NaN are different failures.
"""
from __future__ import annotations

import errno
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .discover import discover
from .load import load_run
from .runs import LoadedRun, Problem, Run

ProgressCallback = Callable[[int, int], None]


def package_version() -> str:
    from . import __version__  # here, not at the top: scan.py is imported while the package itself initialises

    return __version__


@dataclass(frozen=True)
class SeriesSummary:
    """One (dir, tag) series of a run: how many points, over which steps, and whether it ever went non-finite."""

    dir: str
    tag: str
    points: int
    first_step: int
    last_step: int
    nonfinite: int  # points whose value is NaN or ±Inf
    first_nonfinite_step: int | None
    last_value: float  # the value at last_step, NaN/±Inf as logged

    def to_dict(self) -> dict:
        return {
            "dir": self.dir,
            "tag": self.tag,
            "points": self.points,
            "first_step": self.first_step,
            "last_step": self.last_step,
            "nonfinite": self.nonfinite,
            "first_nonfinite_step": self.first_nonfinite_step,
            "last_value": json_number(self.last_value),
        }


@dataclass(frozen=True)
class RunSummary:
    run: str  # the run id as reported (prefixed with the scanned path when several paths were scanned)
    path: str  # the run's directory, or file for single-file formats
    format: str
    verdict: object | None = None  # filled by the verdict stage (a later issue); None until then
    series: tuple[SeriesSummary, ...] = ()
    warnings: tuple[str, ...] = ()  # problems inside files that were read, one line each
    errors: tuple[Problem, ...] = ()  # files of this run that could not be read at all

    @property
    def points(self) -> int:
        return sum(s.points for s in self.series)

    @property
    def nonfinite(self) -> int:
        return sum(s.nonfinite for s in self.series)

    @property
    def first_step(self) -> int | None:
        return min((s.first_step for s in self.series), default=None)

    @property
    def last_step(self) -> int | None:
        return max((s.last_step for s in self.series), default=None)

    def to_dict(self) -> dict:
        return {
            "run": self.run,
            "path": self.path,
            "format": self.format,
            "verdict": self.verdict,
            "series": [s.to_dict() for s in self.series],
            "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class ScanReport:
    version: str
    runs: tuple[RunSummary, ...] = ()
    errors: tuple[Problem, ...] = ()  # files that could not be read at all, from discovery and from every run

    @property
    def points(self) -> int:
        return sum(r.points for r in self.runs)

    @property
    def warning_count(self) -> int:
        return sum(len(r.warnings) for r in self.runs)

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "runs": [r.to_dict() for r in self.runs],
            "errors": [error_dict(e) for e in self.errors],
        }


def error_dict(problem: Problem) -> dict:
    """A file that could not be read, as the JSON document writes it: the file, and why in one line."""
    message = problem.message
    if problem.line is not None:
        message = f"line {problem.line}: {message}"
    elif problem.offset is not None:
        message = f"byte {problem.offset}: {message}"
    return {"path": problem.path, "message": message}


def json_number(value: float | None) -> float | str | None:
    """A float for strict JSON: NaN/±Inf become "nan"/"inf"/"-inf" (see the module docstring)."""
    if value is None:
        return None
    value = float(value)
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return value


def scan(paths: Sequence[str | os.PathLike[str]], *, progress: ProgressCallback | None = None) -> ScanReport:
    """Discover and summarise every run under ``paths``.

    Raises FileNotFoundError (``filename`` = the path as given) before reading anything when a path does not exist.
    Unreadable directories and files are not exceptions: they land in ``ScanReport.errors``. ``progress(done,
    total)`` is called with done=0 once the runs are discovered, then after each run is loaded.
    """
    if isinstance(paths, (str, os.PathLike)):  # a lone path is a Sequence of characters, not of paths
        paths = [paths]
    for path in paths:  # check all first: a typo in the last path should not cost a full scan of the others
        if not os.path.exists(path):
            raise FileNotFoundError(errno.ENOENT, "no such file or directory", os.fspath(path))

    discovery_problems: list[Problem] = []
    found: list[tuple[str, Run]] = []
    seen_runs: set[tuple] = set()
    seen_ids: set[str] = set()
    prefix_ids = len(paths) > 1
    for path in paths:
        for run in discover(path, discovery_problems):
            key = _run_key(run)
            if key in seen_runs:
                continue
            seen_runs.add(key)
            run_id = _unique(_display_id(path, run.id) if prefix_ids else run.id, seen_ids)
            found.append((run_id, run))

    total = len(found)
    if progress is not None:
        progress(0, total)
    summaries: list[RunSummary] = []
    errors: list[Problem] = list(discovery_problems)
    for done, (run_id, run) in enumerate(found, start=1):
        loaded = load_run(run)
        summaries.append(summarise_run(loaded, run_id))
        errors.extend(loaded.errors)
        del loaded  # only the summary is kept: memory stays at one run's scalars
        if progress is not None:
            progress(done, total)
    return ScanReport(version=package_version(), runs=tuple(summaries), errors=tuple(errors))


def _run_key(run: Run) -> tuple:
    # The same run reached through two scanned paths has the same real path; appended Keras runs share a file
    # and differ by segment.
    return os.path.realpath(run.path), tuple(f.segment for f in run.files)


def _display_id(scanned_path: str | os.PathLike[str], run_id: str) -> str:
    root = Path(scanned_path).as_posix()  # drops a trailing '/' and a leading './'
    return root if run_id == "." else f"{root.rstrip('/')}/{run_id}"


def _unique(run_id: str, seen: set[str]) -> str:
    # Different runs get the same prefixed id only in odd cases (a symlinked directory met under two names); a
    # suffix keeps ids unique, and the 'path' field tells the two apart.
    candidate, n = run_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{run_id} ({n})"
    seen.add(candidate)
    return candidate


def summarise_run(loaded: LoadedRun, run_id: str | None = None) -> RunSummary:
    run = loaded.run
    return RunSummary(
        run=run.id if run_id is None else run_id,
        path=run.path,
        format=run.format,
        verdict=None,
        series=summarise_series(loaded.scalars),
        warnings=tuple(str(p) for p in loaded.problems),
        errors=tuple(loaded.errors),
    )


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the labels they index: free for a categorical, one factorize for anything else."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()  # int8/int16: kept small, the key is built in the smallest dtype
        labels = np.asarray(column.cat.categories, dtype=object)
    else:
        codes, labels = pd.factorize(column, sort=False)
        labels = np.asarray(labels, dtype=object)
    if len(codes) and codes.min() < 0:  # a missing label (code -1) is reported as '', not dropped
        codes = np.where(codes < 0, len(labels), codes)
        labels = np.append(labels, "")
    return codes, labels


def _nondecreasing(a: np.ndarray) -> bool:
    return bool(np.all(a[1:] >= a[:-1]))


def _steps_nondecreasing_within(key: np.ndarray, step: np.ndarray) -> bool:
    return bool(np.all((step[1:] >= step[:-1]) | (key[1:] != key[:-1])))


def summarise_series(scalars: pd.DataFrame) -> tuple[SeriesSummary, ...]:
    """Per (dir, tag) summaries of a tidy scalars table, vectorised: at most a sort, then reductions per group.

    Rows are grouped on the integer codes of ``dir`` and ``tag`` and ordered by step inside each group (a stable
    sort, so among repeated steps the later-written row counts as the last). Loaders usually hand over tables
    already in that order, and then no sort is done at all.
    """
    n = len(scalars)
    if n == 0:
        return ()
    if "dir" in scalars.columns:
        dir_codes, dir_labels = _codes(scalars["dir"])
    else:  # a bare reader table (no dir column) is one directory: the run root
        dir_codes, dir_labels = np.zeros(n, dtype=np.int64), np.array([""], dtype=object)
    tag_codes, tag_labels = _codes(scalars["tag"])
    n_tags = max(len(tag_labels), 1)
    n_keys = max(len(dir_labels), 1) * n_tags
    # uint16 keys let numpy's stable argsort use radix sort: O(n), ~15x faster than sorting int64 keys
    key_dtype = np.uint16 if n_keys <= np.iinfo(np.uint16).max else np.int64
    key = dir_codes.astype(key_dtype) * key_dtype(n_tags) + tag_codes.astype(key_dtype)
    step = scalars["step"].to_numpy(dtype=np.int64)
    value = scalars["value"].to_numpy(dtype=np.float64)

    # Usually the loader hands rows over grouped or at least in step order within each series; then one stable
    # sort on the key (or none) suffices. Only interleaved steps within a series need the full (key, step) sort.
    if not _nondecreasing(key):
        order = np.argsort(key, kind="stable")
        key, step, value = key[order], step[order], value[order]
    if not _steps_nondecreasing_within(key, step):
        order = np.lexsort((step, key))  # stable: among repeated steps the later-written row stays last
        key, step, value = key[order], step[order], value[order]

    starts = np.concatenate(([0], np.flatnonzero(key[1:] != key[:-1]) + 1))
    ends = np.append(starts[1:], n) - 1
    nonfinite_mask = ~np.isfinite(value)
    nonfinite = np.add.reduceat(nonfinite_mask.astype(np.int64), starts)
    first_nonfinite_step = np.full(len(starts), -1, dtype=np.int64)
    nonfinite_rows = np.flatnonzero(nonfinite_mask)
    if len(nonfinite_rows):
        group_of_row = np.searchsorted(starts, nonfinite_rows, side="right") - 1
        groups, first_index = np.unique(group_of_row, return_index=True)
        first_nonfinite_step[groups] = step[nonfinite_rows[first_index]]

    group_keys = key[starts]
    dirs = dir_labels[group_keys // n_tags]
    tags = tag_labels[group_keys % n_tags]
    summaries = [
        SeriesSummary(
            dir=str(dirs[g]),
            tag=str(tags[g]),
            points=int(ends[g] - starts[g] + 1),
            first_step=int(step[starts[g]]),
            last_step=int(step[ends[g]]),
            nonfinite=int(nonfinite[g]),
            first_nonfinite_step=int(first_nonfinite_step[g]) if nonfinite[g] else None,
            last_value=float(value[ends[g]]),
        )
        for g in range(len(starts))
    ]
    # Category codes follow the loader's category order; the report is ordered by name, the same on every run.
    return tuple(sorted(summaries, key=lambda s: (s.dir, s.tag)))
