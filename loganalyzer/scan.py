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
import os
from collections.abc import Callable, Sequence


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
from typing import TYPE_CHECKING

from .discover import discover
from .names import CAUSES  # noqa: F401 (--fail-on accepts the causes too: ending.CAUSES)
from .fs import check_path
from .runs import LoadedRun, Problem, Run
from .scan_ids import _display_id, _display_root, _run_key, _unique, add_found  # noqa: F401
from .scan_overrides import check_overrides_matched
from .verdict_base import Finding, Verdict, evidence_steps

if TYPE_CHECKING:
    from .curves import Curves

from .summary import (  # noqa: F401 - the result values, imported from here by renderers and users
    RunSummary,
    ScanReport,
    SeriesSummary,
    error_dict,
    is_unreadable,
    json_number,
    package_version,
    summarise_groups,
    summarise_series,
)

ProgressCallback = Callable[[int, int], None]

# The stages that judge a run (curves, features, the verdict rules, the loader), imported when a run is judged, not
# with this module: a rescan whose runs all come from the store (``batch.analyse_runs``) needs none of them (issue
# 12: they were ~0.25 s of the ~0.5 s a cached rescan of a few runs took, pandas and the verdict model not counted).
# Still importable from here (``from loganalyzer.scan import judge``, ``batch``'s ``with_replay``): ``__getattr__``.
_STAGES = {
    "ROLES": "curves", "Curves": "curves", "find_curves": "curves", "annotate_verdict": "scan_ending",
    "matches_fail_on": "scan_ending", "partial_read": "scan_partial", "as_records": "verdict_records",
    "record_unit": "verdict_records", "summary_only": "scan_summaryonly", "run_features": "features",
    "load_run": "load", "group_columns": "scalars_groups", "group_scalars": "scalars_groups",
    "with_replay": "scan_replay", "judge": "verdict",
}


def __getattr__(name: str):
    module = _STAGES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(f"{__package__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_STAGES))


def scan(
    paths: Sequence[str | os.PathLike[str]],
    *,
    progress: ProgressCallback | None = None,
    options: AnalysisOptions | None = None,
    keep_curves: bool = False,
    jobs: int | None = 1,
    executor: str = "auto",
    scheduler: str | None = None,
    store=None,
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
    ``jobs``/``executor``/``scheduler``: where runs are judged (``loganalyzer.executor``: 1 = this process, None =
    every core, ``executor='dask'``); ``store``: a ``store.Store`` or database URL remembering earlier scans
    (``loganalyzer.batch``). Neither changes the report: only how fast it comes.
    """
    if isinstance(paths, (str, os.PathLike)):  # a lone path is a Sequence of characters, not of paths
        paths = [paths]
    unknown = sorted(set(option_values) - set(OPTION_FIELDS))
    if unknown:
        raise TypeError(f"scan() got unknown option(s) {', '.join(unknown)}; valid: {', '.join(OPTION_FIELDS)}")
    opts = dataclasses.replace(options or AnalysisOptions(), **option_values)
    configure_joblogs(opts)  # before discovery (the globs) and any worker starts (a forked one inherits it)
    for path in paths:  # check all first: a typo in the last path should not cost a full scan of the others
        check_path(path)  # FileNotFoundError; for a URL also PermissionError/ConnectionError, one line each

    discovery_problems: list[Problem] = []
    found: list[tuple[str, Run]] = []
    seen_runs: set[tuple] = set()
    seen_ids: set[str] = set()
    prefix_ids = len(paths) > 1
    from .batch import scan_context

    with scan_context(jobs, executor, scheduler, store) as context:
        # one tree on forked workers: each shard's runs judged as soon as it is discovered (``scan_stream``)
        streamed = None if progress is not None or len(paths) > 1 else context.stream(
            paths[0], opts, keep_curves, discovery_problems)
        if streamed is not None:
            summaries, run_errors = streamed
        else:
            real_dirs: dict = {}
            for path in paths:
                add_found(found, path, context.discover(path, discovery_problems, opts, keep_curves), seen_runs,
                          seen_ids, real_dirs, prefix_ids)
            # only the summaries are kept: memory stays at one run's scalars per worker
            summaries, run_errors = context.analyse(found, opts, keep_curves=keep_curves, progress=progress)
    errors = discovery_problems + run_errors
    check_overrides_matched(summaries, opts)
    if opts.siblings:
        from .siblings import compare_siblings

        summaries = compare_siblings(summaries)
    return ScanReport(version=package_version(), runs=tuple(summaries), errors=tuple(errors), options=opts)


def configure_joblogs(options: AnalysisOptions) -> None:
    """The job-log reader's process-wide settings from ``options`` (rank, user patterns, globs); workers call it
    too (``batch.analyse_chunk``), so a spawned one reads logs as this process does."""
    from .readers import _printed_names as joblog  # the settings: no job-log module imported

    joblog.configure(options.joblog_rank, options.joblog_patterns, options.joblog_globs)


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


def analyse_run(loaded: LoadedRun, options: AnalysisOptions, groups=None) -> tuple[Curves | None, Verdict]:
    """curves -> features -> verdict for one loaded run.

    A run none of whose files could be read is ``unknown`` saying so (``unreadable_verdict``), and curves is None.
    A ``train_series``/``val_series`` override that names nothing in this run (or is ambiguous here) is dropped for
    this run only: the run is judged on its own series choice, so a NaN run stays ``nan``, and an
    ``override_not_found`` finding (evidence ``override_not_found``: option, name, close matches) says so.
    ``groups``: ``loaded.scalars`` grouped by ``scalars_groups.group_scalars`` already (or None).
    """
    if _points(loaded) == 0 and loaded.errors:
        return None, unreadable_verdict(loaded.errors)
    from .curves import find_curves
    from .features import run_features
    from .scan_summaryonly import summary_only
    from .verdict import judge
    from .verdict_records import as_records, record_unit

    ended = getattr(loaded, "ended", None)  # a job log whose steps are printed epochs (``Epoch 17/30``): epochs
    x_hint = "epoch" if (loaded.run.format == "keras_csv" and not _rows_axis(loaded)) or (
        ended is not None and ended.detail.get("unit") == "epoch") or _history_epochs(loaded) else "step"
    overrides = {option: getattr(options, option) for option in OVERRIDES}
    missed: list[dict] = []
    while True:
        try:
            curves = find_curves(loaded.scalars if groups is None else None, x_hint=x_hint, groups=groups,
                                 **overrides)
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
    verdict = summary_only(verdict, curves, loaded.hparams)  # HF's summary train_loss and no curve: say so
    if record_unit(ended):  # a printed log with no step: "record 187", not "step 187" (verdict_records)
        verdict = as_records(verdict)
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
    if all("permission denied" in e.message.lower() for e in errors):  # nc62: not a cut file
        advice = ("Check the file's permissions (`ls -l` shows its owner and mode): loganalyzer reads as the user "
                  "running it; run it as the job's user, or ask the owner for read access.",)
    return Verdict("unknown", 1.0, summary, {"reason": "unreadable", "files": [e.path for e in errors]}, (), advice,
                   {}, "rules")


def summarise_run(loaded: LoadedRun, run_id: str | None = None,
                  options: AnalysisOptions | None = None, *, keep_curves: bool = False) -> RunSummary:
    from .curves import ROLES
    from .scan_ending import annotate_verdict
    from .scan_partial import partial_read

    run = loaded.run
    analysis, roles, notes, preview = None, {}, (), {}
    groups = _groups(loaded)  # once, for both stages
    if groups is not None:
        series = summarise_groups(groups)
    else:
        series = summarise_series(loaded.scalars, None) if _points(loaded) else ()
    if options is not None:
        curves, analysis = analyse_run(loaded, options, groups)
        if curves is not None:
            roles = {role: getattr(curves, role).name for role in ROLES if getattr(curves, role) is not None}
            notes = curves.notes
            if keep_curves:
                preview = curves_preview(curves, analysis)
            if options.train_series is not None or options.val_series is not None:
                analysis = _with_nonfinite_elsewhere(analysis, series, roles)
        else:
            notes = (analysis.summary,)
    notes = tuple(str(n) for n in getattr(loaded, "notes", ())) + tuple(notes)  # runs.Note: no warning (ux67 F6)
    ended = getattr(loaded, "ended", None)  # a job log's ending: a finding, its advice (loganalyzer.ending)
    if ended is not None and analysis is not None:
        analysis = annotate_verdict(analysis, ended)
    analysis = partial_read(analysis, loaded)  # some files not read: said in the row (scan_partial)
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
        ended=ended,
    )


def _points(loaded: LoadedRun) -> int:
    """The number of scalar points of ``loaded``, without building its table when it has none yet."""
    if getattr(loaded, "scalar_columns", None) is not None:  # runs.ColumnsLoadedRun: the combined columns
        return loaded.points
    return len(loaded.scalars)


def _groups(loaded: LoadedRun):
    """``loaded``'s scalars grouped by (dir, tag) (``scalars_groups``), or None (no points, or a table of another
    shape): from the combined columns when the loader kept them (no DataFrame built)."""
    if _points(loaded) == 0:
        return None
    from .scalars_groups import group_columns, group_scalars

    columns = getattr(loaded, "scalar_columns", None)
    if columns is not None:
        return group_columns(*columns)
    return group_scalars(loaded.scalars)


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
    rl = analysis is not None and analysis.evidence.get("objective") == "rl"  # judged on the reward (verdict_rl)
    for role in PREVIEW_ROLES + (("reward",) if rl else ()):
        series = getattr(curves, role)
        if series is not None and len(series.steps):
            out[role] = preview(series.name, series.steps, series.values, force_steps=force, x=series.x)
    return out


def _history_epochs(loaded) -> bool:
    """A saved Keras ``history.history`` dict (pickle, .npy, .npz): its steps are epochs (``history_axis``)."""
    from .history_axis import HISTORY_FORMATS, frame_lengths, per_epoch_history

    return loaded.run.format in HISTORY_FORMATS and per_epoch_history(loaded.run.format, frame_lengths(loaded.scalars))


def _rows_axis(loaded) -> bool:
    """A Keras-CSV-like file whose ``epoch`` is a series: written on every batch row, so its steps count rows
    (``readers/_batch_epoch``), not epochs."""
    columns = getattr(loaded, "scalar_columns", None)
    if columns is not None:
        return "epoch" in columns[2]
    frame = loaded.scalars
    return "tag" in frame and bool((frame["tag"] == "epoch").any())
