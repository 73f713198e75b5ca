"""``scan``: the one library call behind ``loganalyzer scan`` (and, later, the HTTP service).

It discovers the runs under each path, loads them one at a time, and keeps only a small summary of each, so scanning
a thousand runs never holds more than one run's scalars in memory. Renderers (``loganalyzer.render``) turn the
``ScanReport`` into text; ``ScanReport.to_dict()`` is the stable JSON document. ``analyze`` is ``scan`` with the
options resolved as the CLI resolves them (config file, then keywords): the public entry point.

Run ids. With one path, a run's id is the one ``discover`` gives (relative to that path). With several paths, each
id is prefixed with the path as given (in POSIX form, trailing '/' dropped), so ``scan(['a', 'b'])`` reports
``a/version_0`` and ``b/version_0``. A path that is itself a run (a run directory, a CSV file) reports as that path
as given (``runs/exp1``, ``logs/train.csv#2`` for the second run appended to a file), never as '.'; '.' and '..'
themselves are named by the directory they stand for. A run met twice (overlapping paths such as ``logs`` and
``logs/run1``) is reported once, under the first path that found it.

Options are checked where they are made (``AnalysisOptions``, config files: ``config.value_problem``), so the Python
API refuses ``num_classes=1`` with the words the command line uses. A series override (``train_series``/
``val_series``) that one run lacks does not hide that run: it is judged on its own series choice, with an
``override_not_found`` finding; an override that names a series of no run at all is an ``OptionError`` listing the
close matches. A run none of whose files could be read is ``unknown`` saying "could not be read" and naming the file.

Non-finite numbers in the JSON document. NaN, +Inf and -Inf are written as the strings ``"nan"``, ``"inf"`` and
``"-inf"`` (the spellings ``float()`` reads back), never as bare tokens, so the document is strict JSON; "no value" is
``null``. Keeping the three apart matters: a loss that overflowed (inf) and one that went NaN are different failures.
"""
from __future__ import annotations

import dataclasses
import difflib
import errno
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .config import (  # noqa: F401 - the options live with the config files they are read from; imported from
    CONFIG_KEYS,         # here too (loganalyzer.scan.AnalysisOptions, analysis_options, ...)
    OPTION_FIELDS,
    OVERRIDES,
    AnalysisOptions,
    OptionError,
    analysis_options,
    options_from_config,
    value_problem,
)
from .curves import ROLES, Curves, find_curves
from .discover import discover
from .features import run_features
from .load import load_run
from .runs import LoadedRun, Problem, Run
from .verdict import Finding, Verdict, evidence_steps, judge

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
        return {
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
            "roles": dict(self.roles),
            "notes": list(self.notes),
            "step_rules": list(self.step_rules),
            "series": series,
            "warnings": list(self.warnings),
        }


def _jsonable(value):
    """Evidence values for strict JSON: numpy scalars to Python, NaN/inf to strings."""
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
        return sum(len(r.warnings) for r in self.runs)

    def to_dict(self) -> dict:
        options = self.options or AnalysisOptions()
        return {
            "version": self.version,
            "config": options.config,
            "options": options.to_dict(),
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


def scan(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    options: AnalysisOptions | None = None,
    keep_curves: bool = False,
    **option_values,
) -> ScanReport:
    """Discover and summarise every run under ``paths``.

    Raises FileNotFoundError (``filename`` = the path as given) before reading anything when a path does not exist.
    Unreadable directories and files are not exceptions: they land in ``ScanReport.errors``. ``progress(done,
    total)`` is called with done=0 once the runs are discovered, then after each run is loaded.
    ``keep_curves=True`` also keeps a small downsampled copy of each run's role series (``RunSummary.curves_preview``,
    for charts: ``loganalyzer report``); off by default so that memory stays at summaries.
    ``option_values``: AnalysisOptions fields as keywords (``num_classes=10``), over ``options``; checked as the
    command line checks them (OptionError). An override naming a series of no run at all is an OptionError too.
    """
    if isinstance(paths, (str, os.PathLike)):  # a lone path is a Sequence of characters, not of paths
        paths = [paths]
    unknown = sorted(set(option_values) - set(OPTION_FIELDS))
    if unknown:
        raise TypeError(f"scan() got unknown option(s) {', '.join(unknown)}; valid: {', '.join(OPTION_FIELDS)}")
    opts = dataclasses.replace(options or AnalysisOptions(), **option_values)
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
            run_id = _unique(_display_id(path, run.id, prefix_ids), seen_ids)
            found.append((run_id, run))

    total = len(found)
    if progress is not None:
        progress(0, total)
    summaries: list[RunSummary] = []
    errors: list[Problem] = list(discovery_problems)
    for done, (run_id, run) in enumerate(found, start=1):
        loaded = load_run(run, histograms=opts.replay)
        summary = summarise_run(loaded, run_id, opts, keep_curves=keep_curves)
        summaries.append(with_replay(summary, loaded, opts) if opts.replay else summary)
        errors.extend(loaded.errors)
        del loaded  # only the summary is kept: memory stays at one run's scalars
        if progress is not None:
            progress(done, total)
    check_overrides_matched(summaries, opts)
    return ScanReport(version=package_version(), runs=tuple(summaries), errors=tuple(errors), options=opts)


def check_overrides_matched(summaries: Sequence[RunSummary], options: AnalysisOptions) -> None:
    """An override that names a series of no run at all is a mistake, not a per-run fact: OptionError listing the
    close matches among every run's series. (Runs that could not be read have no series and do not count.)"""
    readable = [run for run in summaries if run.series]
    for option in OVERRIDES:
        spec = getattr(options, option)
        if spec is None or not readable:
            continue
        if all(option in _overrides_missed(run) for run in readable):
            names = sorted({s.name for run in readable for s in run.series} | {s.tag for run in readable
                                                                                for s in run.series})
            close = difflib.get_close_matches(spec, names, n=5, cutoff=0.5)
            hint = ("close matches: " + ", ".join(close)) if close else (
                "series: " + ", ".join(names[:15]) + (f", ... ({len(names) - 15} more)" if len(names) > 15 else ""))
            flag = "--" + option.replace("_", "-")
            raise OptionError(f"{flag} / {option} {spec!r} names no series of any run "
                              f"({_plural_runs(len(readable))} scanned); {hint}")


def _plural_runs(count: int) -> str:
    return f"{count:,} run" + ("" if count == 1 else "s")


def _overrides_missed(run: RunSummary) -> set[str]:
    if run.analysis is None:
        return set()
    return {miss["option"] for miss in run.analysis.evidence.get("override_not_found", ())}


def analyze(
    path: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    config: str | os.PathLike[str] | bool | None = None,
    progress: ProgressCallback | None = None,
    keep_curves: bool = False,
    **options,
) -> ScanReport:
    """Scan and judge every run under ``path`` (one path or a list): the report ``loganalyzer scan`` prints.

    ``options`` are ``AnalysisOptions`` fields (``train_series``, ``val_series``, ``num_classes``, ``chance_loss``,
    ``use_model``, ``replay``...). ``keep_curves=True`` keeps a display copy of each run's curves, which the HTML
    report (``loganalyzer.render.html.render``) draws.
    Settings come as in the CLI: ``config`` names a config file; None (the default) looks for ``loganalyzer.toml``
    or ``[tool.loganalyzer]`` from the first path upwards; False reads none. Keyword options override the file.
    """
    unknown = sorted(set(options) - set(OPTION_FIELDS))
    if unknown:
        raise TypeError(f"analyze() got unknown option(s) {', '.join(unknown)}; valid: {', '.join(OPTION_FIELDS)}")
    for name, value in options.items():  # before a config file is looked for: the keyword is the mistake
        problem = value_problem(name, value)
        if problem is not None:
            raise OptionError(f"{name} {problem}")
    paths = [path] if isinstance(path, (str, os.PathLike)) else list(path)
    return scan(paths, progress=progress, options=analysis_options(paths, config, **options), keep_curves=keep_curves)


def _run_key(run: Run) -> tuple:
    # The same run reached through two scanned paths has the same real path; appended Keras runs share a file
    # and differ by segment.
    return os.path.realpath(run.path), tuple(f.segment for f in run.files)


def _display_id(scanned_path: str | os.PathLike[str], run_id: str, prefix: bool) -> str:
    """The reported id of a run found under ``scanned_path`` (see the module docstring)."""
    root = Path(scanned_path).as_posix()  # drops a trailing '/' and a leading './'
    if root == "." or root == ".." or root.endswith("/.."):
        root = Path(scanned_path).resolve().name or Path(scanned_path).resolve().as_posix()
    if os.path.isfile(scanned_path):  # a single-file run: discover names it by the file name (+ '#N' suffixes)
        name = Path(scanned_path).name
        return root + run_id[len(name):] if run_id.startswith(name) else f"{root}/{run_id}"
    if run_id == ".":
        return root
    return f"{root.rstrip('/')}/{run_id}" if prefix else run_id


def _unique(run_id: str, seen: set[str]) -> str:
    # Different runs get the same prefixed id only in odd cases (a symlinked directory met under two names); a
    # suffix keeps ids unique, and the 'path' field tells the two apart.
    candidate, n = run_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{run_id} ({n})"
    seen.add(candidate)
    return candidate


NUM_CLASSES_KEYS = ("num_classes", "n_classes", "nb_classes", "num_labels", "n_labels", "classes", "out_classes")


def infer_num_classes(hparams: dict) -> int | None:
    """The number of classes a run recorded in its hyperparameters (Lightning hparams.yaml, add_hparams), if any."""
    for key in NUM_CLASSES_KEYS:
        value = hparams.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer() \
                and 2 <= value <= 10_000_000:
            return int(value)
    if str(hparams.get("task", "")).lower() == "classification":  # pytorch-tabular style configs
        value = hparams.get("output_dim")
        if isinstance(value, int) and not isinstance(value, bool) and value >= 2:
            return value
    return None


def analyse_run(loaded: LoadedRun, options: AnalysisOptions) -> tuple[Curves | None, Verdict]:
    """curves -> features -> verdict for one loaded run.

    A run none of whose files could be read is ``unknown`` saying so (``unreadable_verdict``), and curves is None.
    A ``train_series``/``val_series`` override that names nothing in this run (or is ambiguous here) is dropped for
    this run only: the run is judged on its own series choice, so a NaN run stays ``nan``, and an
    ``override_not_found`` finding (evidence ``override_not_found``: option, name, close matches) says so.
    """
    if len(loaded.scalars) == 0 and loaded.errors:
        return None, unreadable_verdict(loaded.errors)
    x_hint = "epoch" if loaded.run.format == "keras_csv" else "step"
    overrides = {option: getattr(options, option) for option in OVERRIDES}
    missed: list[dict] = []
    while True:
        try:
            curves = find_curves(loaded.scalars, x_hint=x_hint, **overrides)
            break
        except ValueError as error:
            option = str(error).split(" ", 1)[0]
            if overrides.get(option) is None:
                raise  # not an override problem: a bug to see, not a verdict
            missed.append(_override_miss(option, overrides[option], str(error)))
            overrides[option] = None
    features = run_features(curves, num_classes=options.num_classes or infer_num_classes(loaded.hparams),
                            chance_loss=options.chance_loss)
    verdict = judge(curves, features, model=options.use_model)
    if missed:
        chosen = {"train_series": curves.train_loss, "val_series": curves.val_loss}
        findings = tuple(Finding("override_not_found", _override_miss_line(miss, chosen[miss["option"]]))
                         for miss in missed)
        verdict = dataclasses.replace(verdict, findings=findings + verdict.findings,
                                      evidence={**verdict.evidence, "override_not_found": missed})
    return curves, verdict


def _override_miss(option: str, spec: str, message: str) -> dict:
    close = message.split("close matches: ", 1)[1].split(", ") if "close matches: " in message else []
    return {"option": option, "name": spec, "close_matches": close, "message": message}


def _override_miss_line(miss: dict, chosen) -> str:
    flag = "--" + miss["option"].replace("_", "-")
    message = miss["message"]
    if " names no series of this run; " in message:
        why = "is not a series of this run (" + message.split(" names no series of this run; ", 1)[1] + ")"
    else:  # ambiguous here: 'is in several dirs (...); name one as dir:tag'
        why = message.split(" ", 2)[2] if message.count(" ") >= 2 else message
    used = f"judged on `{chosen.name}`, its own choice" if chosen is not None else "judged without it"
    return f"{flag} {miss['name']!r} {why}; {used}"


def unreadable_verdict(errors: Sequence[Problem]) -> Verdict:
    """``unknown`` for a run none of whose files could be read: "could not be read", the file and why."""
    first = error_dict(errors[0])
    more = f" (and {len(errors) - 1:,} more file{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    summary = f"could not be read: {first['path']}: {first['message']}{more}."
    advice = ("Check that the file is complete and in a supported format: a job killed while writing leaves a cut "
              "file, a copy still in progress a short one.",)
    return Verdict("unknown", 1.0, summary, {"reason": "unreadable", "files": [e.path for e in errors]}, (), advice,
                   {}, "rules")


def is_unreadable(run: RunSummary) -> bool:
    """The run's verdict is ``unknown`` because none of its files could be read."""
    return run.analysis is not None and run.analysis.evidence.get("reason") == "unreadable"


def with_replay(summary: RunSummary, loaded: LoadedRun, options: AnalysisOptions) -> RunSummary:
    """``--replay``: the run's checkpoint replay (or gradient-histogram) findings merged into its verdict:
    findings first, ``evidence['replay']``, advice appended. torch is imported only when a checkpoint is replayed."""
    from .replay import ReplayOptions
    from .replay.runs import replay_for_run, verdict_additions

    if summary.analysis is None:
        return summary
    result = replay_for_run(summary.path, ReplayOptions(
        model=options.replay_model, data=options.replay_data, loss=options.replay_loss,
        device=options.replay_device, trust_pickle=options.replay_trust_pickle), loaded.histograms)
    if result is None:
        return _replay_not_run(summary)
    findings, evidence, advice = verdict_additions(result)
    a = summary.analysis
    analysis = dataclasses.replace(
        a, findings=tuple(findings) + a.findings, evidence={**a.evidence, "replay": evidence},
        advice=a.advice + tuple(x for x in advice if x not in a.advice))
    return dataclasses.replace(summary, analysis=analysis)


def _replay_not_run(summary: RunSummary) -> RunSummary:
    """``--replay`` found nothing to replay: ``evidence['replay']`` says why (``not_run``); a checkpoint that needs a
    model also gets a ``replay_not_run`` finding naming the file and what to give."""
    from .replay.runs import find_checkpoint

    checkpoint = find_checkpoint(summary.path)
    a = summary.analysis
    findings = a.findings
    if checkpoint is not None:
        message = (f"replay: found checkpoint {checkpoint} but no model to load it into: give --model "
                   f"path/file.py:factory and --data batches.pt (or model/data in loganalyzer.toml)")
        findings = (Finding("replay_not_run", message),) + findings
    else:
        message = ("replay: no checkpoint (checkpoints/*.ckpt, checkpoint-N/, *.pt/*.pth/*.safetensors beside the "
                   "logs) and no gradient histograms in this run")
    replay = {"not_run": message, "checkpoint": None if checkpoint is None else str(checkpoint)}
    analysis = dataclasses.replace(a, findings=findings, evidence={**a.evidence, "replay": replay})
    return dataclasses.replace(summary, analysis=analysis)


def summarise_run(loaded: LoadedRun, run_id: str | None = None,
                  options: AnalysisOptions | None = None, *, keep_curves: bool = False) -> RunSummary:
    run = loaded.run
    analysis, roles, notes, preview = None, {}, (), {}
    series = summarise_series(loaded.scalars)
    if options is not None:
        curves, analysis = analyse_run(loaded, options)
        if curves is not None:
            roles = {role: getattr(curves, role).name for role in ROLES if getattr(curves, role) is not None}
            notes = curves.notes
            if keep_curves:
                preview = curves_preview(curves, analysis)
            if options.train_series is not None or options.val_series is not None:
                analysis = _with_nonfinite_elsewhere(analysis, series, roles)
        else:
            notes = (analysis.summary,)
    return RunSummary(
        run=run.id if run_id is None else run_id,
        path=run.path,
        format=run.format,
        verdict=None if analysis is None else analysis.label,
        series=series,
        warnings=tuple(str(p) for p in loaded.problems),
        errors=tuple(loaded.errors),
        analysis=analysis,
        roles=roles,
        notes=tuple(notes),
        step_rules=tuple(loaded.step_rules),
        curves_preview=preview,
    )


def _with_nonfinite_elsewhere(analysis: Verdict, series: Sequence[SeriesSummary], roles: dict) -> Verdict:
    """With a series override the verdict rests on the series named; NaN/Inf in any other series is still said."""
    used = set(roles.values())
    findings = tuple(
        Finding("nonfinite_series", f"`{s.name}` has {s.nonfinite:,} NaN/Inf value(s) from step "
                                    f"{s.first_nonfinite_step:,} (not the series judged)", s.first_nonfinite_step)
        for s in series if s.nonfinite and s.name not in used)
    return dataclasses.replace(analysis, findings=analysis.findings + findings) if findings else analysis


PREVIEW_ROLES = ("train_loss", "val_loss", "lr")


def curves_preview(curves: Curves, analysis: Verdict | None) -> dict:
    """role -> CurvePreview of the loss and LR series, the verdict's evidence steps forced into the display."""
    from .render.downsample import preview  # here: the render package imports this module

    force = [] if analysis is None else list(evidence_steps(analysis.evidence).values())
    out = {}
    for role in PREVIEW_ROLES:
        series = getattr(curves, role)
        if series is not None and len(series.steps):
            out[role] = preview(series.name, series.steps, series.values, force_steps=force, x=series.x)
    return out


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
