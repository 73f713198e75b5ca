"""The results of a scan as values: per-series and per-run summaries, the scan report, and their JSON document.

``RunSummary.to_dict()``/``ScanReport.to_dict()`` are the stable JSON document (see ``loganalyzer.scan`` for the
non-finite spellings); ``summarise_series`` reduces a run's tidy scalars table to one ``SeriesSummary`` per series.
Kept apart from ``scan`` so the store, the renderers and the service can use them without the analysis.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from .config import AnalysisOptions
from .runs import Problem
from .verdict_basis import basis

if TYPE_CHECKING:  # pandas only where a table is summarised: a rescan served from the store never imports it
    import pandas as pd

    from .verdict import Verdict


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

    @property
    def name(self) -> str:
        """How reports name the series (as ``curves.Series.name``): ``dir/tag``, or the tag alone in the run root."""
        return f"{self.dir}/{self.tag}" if self.dir else self.tag

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
    verdict: str | None = None  # healthy/underfit/overfit/diverged/nan/stalled/unknown; None when not analysed
    series: tuple[SeriesSummary, ...] = ()
    warnings: tuple[str, ...] = ()  # problems inside files that were read, one line each
    errors: tuple[Problem, ...] = ()  # files of this run that could not be read at all
    analysis: Verdict | None = None  # the full verdict: confidence, summary, evidence, findings, advice
    roles: dict = field(default_factory=dict)  # role -> series name used (train_loss, val_loss, lr, ...)
    notes: tuple[str, ...] = ()  # why each series was chosen
    # the resume rules (loganalyzer.combine.RULES) that changed this run's points; its warnings say how
    step_rules: tuple[str, ...] = ()
    # how the job ended (loganalyzer.ending.Ended) for a run with a job log (slurm-*.out, ...); JSON 'ended'
    ended: object | None = None
    # scan(keep_curves=True) only: role -> render.downsample.CurvePreview, a <= 600-point display copy of the
    # series with its NaN edges, spikes, best point and evidence steps kept; not part of the JSON document
    curves_preview: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def confidence(self) -> float | None:
        return None if self.analysis is None else self.analysis.confidence

    @property
    def summary(self) -> str:
        return "" if self.analysis is None else self.analysis.summary

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
        role_of = {name: role for role, name in self.roles.items()}
        series = []
        for s in self.series:
            d = s.to_dict()
            d["role"] = role_of.get(s.name)
            series.append(d)
        a = self.analysis
        out = {
            "run": self.run,
            "path": self.path,
            "format": self.format,
            "verdict": self.verdict,
            "confidence": None if a is None else a.confidence,
            "summary": "" if a is None else a.summary,
            "evidence": {} if a is None else _jsonable(a.evidence),
            "findings": [] if a is None else [
                {"kind": f.kind, "message": f.message, "step": f.step} for f in a.findings],
            "advice": [] if a is None else list(a.advice),
            "probabilities": {} if a is None else _jsonable(a.probabilities),
            "method": None if a is None else a.method,
            "confidence_basis": None if a is None else basis(a).text,
            "roles": dict(self.roles),
            "notes": list(self.notes),
            "step_rules": list(self.step_rules),
            "series": series,
            "warnings": list(self.warnings),
        }
        if self.ended is not None:  # only runs with a job log have one
            out["ended"] = _jsonable(self.ended.to_dict())
        return out


def _jsonable(value):
    """Evidence values for strict JSON: numpy scalars to Python, NaN/inf to strings."""
    kind = type(value)  # the plain types first (most values; ~2x faster for a 10k-run report)
    if kind is float:
        return value if -math.inf < value < math.inf else json_number(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {k if type(k) is str else str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return json_number(float(value))
    return value


@dataclass(frozen=True)
class ScanReport:
    version: str
    runs: tuple[RunSummary, ...] = ()
    errors: tuple[Problem, ...] = ()  # files that could not be read at all, from discovery and from every run
    options: AnalysisOptions | None = None  # what the runs were judged with (its .config: the file applied)

    @property
    def points(self) -> int:
        return sum(r.points for r in self.runs)

    @property
    def warning_count(self) -> int:
        """Distinct warning lines over all runs (one file's line, carried by each run read from it, counts once)."""
        return len({w for r in self.runs for w in r.warnings})

    def to_dict(self) -> dict:
        options = self.options or AnalysisOptions()
        return {
            "version": self.version,
            "config": options.config,
            "options": options.to_dict(),
            "runs": [r.to_dict() for r in self.runs],
            "errors": [error_dict(e) for e in self.errors],
        }


def is_unreadable(run: RunSummary) -> bool:
    """The run's verdict is ``unknown`` because none of its files could be read (``scan.unreadable_verdict``)."""
    return run.analysis is not None and run.analysis.evidence.get("reason") == "unreadable"


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


def _codes(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and the labels they index: free for a categorical, one factorize for anything else."""
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        categorical = column.array  # the Categorical itself: no ``.cat`` accessor built per call
        codes = categorical.codes  # int8/int16: kept small, the key is built in the smallest dtype
        labels = np.asarray(categorical.categories, dtype=object)
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


def _nonfinite_per_group(step: np.ndarray, value: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per group of rows (``starts``: each group's first row): the count of non-finite values and the step of the
    first one (-1 when none)."""
    nonfinite_mask = ~np.isfinite(value)
    nonfinite = np.add.reduceat(nonfinite_mask.astype(np.int64), starts)
    first_nonfinite_step = np.full(len(starts), -1, dtype=np.int64)
    nonfinite_rows = np.flatnonzero(nonfinite_mask)
    if len(nonfinite_rows):
        group_of_row = np.searchsorted(starts, nonfinite_rows, side="right") - 1
        hit, first_index = np.unique(group_of_row, return_index=True)
        first_nonfinite_step[hit] = step[nonfinite_rows[first_index]]
    return nonfinite, first_nonfinite_step


def summarise_groups(groups) -> tuple[SeriesSummary, ...]:
    """``summarise_series`` of a table grouped by ``scalars_groups.group_scalars``: the same numbers."""
    step, value, starts = groups.steps, groups.values, groups.starts
    ends = groups.stops - 1
    nonfinite, first_nonfinite_step = _nonfinite_per_group(step, value, starts)
    n_tags, d_names, t_names = groups.n_tags, groups.dir_names, groups.tag_names
    summaries = []
    for key, a, b, bad, first_bad, first, last, last_value in zip(
            groups.keys.tolist(), starts.tolist(), ends.tolist(), nonfinite.tolist(), first_nonfinite_step.tolist(),
            step[starts].tolist(), step[ends].tolist(), value[ends].tolist()):
        d, t = divmod(key, n_tags)
        summaries.append(SeriesSummary(dir=d_names[d], tag=t_names[t], points=b - a + 1, first_step=first,
                                       last_step=last, nonfinite=bad, first_nonfinite_step=first_bad if bad else None,
                                       last_value=last_value))
    return tuple(sorted(summaries, key=lambda s: (s.dir, s.tag)))


def summarise_series(scalars: pd.DataFrame, groups=None) -> tuple[SeriesSummary, ...]:
    """Per (dir, tag) summaries of a tidy scalars table, vectorised: at most a sort, then reductions per group.

    Rows are grouped on the integer codes of ``dir`` and ``tag`` and ordered by step inside each group (a stable
    sort, so among repeated steps the later-written row counts as the last). Loaders usually hand over tables
    already in that order, and then no sort is done at all. ``groups``: the table grouped by
    ``scalars_groups.group_scalars`` already (or None).
    """
    n = len(scalars)
    if n == 0:
        return ()
    if groups is not None:
        return summarise_groups(groups)
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
    nonfinite, first_nonfinite_step = _nonfinite_per_group(step, value, starts)

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
