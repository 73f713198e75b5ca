"""Wording and number formats shared by the human-facing renderers (table, markdown), so both say the same thing."""
from __future__ import annotations

import math
from collections import Counter

from ..history_axis import per_epoch_history
from ..runs import Problem, run_order
from ..summary import RunSummary, ScanReport, SeriesSummary, error_dict, is_unreadable
from ..verdict_base import SEVERITY, VERDICTS

# A run that could not be read is a problem to look at, not a shrug: it sorts right after the certain failures
# (nan, diverged), not at the bottom with the runs that merely lack a loss series.
UNREADABLE_RANK = SEVERITY["diverged"] + 0.5
CRASHED_RANK = SEVERITY["diverged"] + 0.75  # a job that died (OOM, NCCL timeout, ...): with the problems


def crashed(run: RunSummary) -> str | None:
    """The cause when the run's job log says the job did not complete (``ended.cause`` other than completed or
    unknown), else None: such a run sorts with the problems and shows its findings whatever its curve verdict."""
    cause = ended_cause(run)
    return cause if cause not in (None, "completed", "unknown") else None


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + ("" if count == 1 else "s")


def severity_key(run: RunSummary) -> tuple:
    """Worst first: by verdict (SEVERITY: nan, diverged, [could not be read], [job crashed], stalled, underfit,
    overfit, healthy, unknown; runs not analysed last), then the least confident first (the verdicts most worth a second look), then
    by run id."""
    confidence = run.confidence
    rank = SEVERITY.get(run.verdict, len(SEVERITY))
    if is_unreadable(run):
        rank = UNREADABLE_RANK
    elif crashed(run) and rank > CRASHED_RANK:
        rank = CRASHED_RANK
    return (rank, 2.0 if confidence is None else confidence, run_order(run.run))


def worst_first(report: ScanReport) -> list[RunSummary]:
    return sorted(report.runs, key=severity_key)


def verdict_counts(report: ScanReport) -> list[tuple[str, int]]:
    """(verdict, how many runs) in SEVERITY order, verdicts no run got left out."""
    counts = Counter(run.verdict for run in report.runs if run.verdict is not None)
    return [(label, counts[label]) for label in VERDICTS if counts[label]] + sorted(
        (label, n) for label, n in counts.items() if label not in SEVERITY)


def summary_line(report: ScanReport) -> str:
    """'14 runs: 2 nan, 1 diverged, 11 healthy · 3,441 points · 0 warnings · 0 errors'."""
    head = plural(len(report.runs), "run")
    counts = verdict_counts(report)
    if counts:
        head += ": " + ", ".join(f"{n:,} {label}" for label, n in counts)
    parts = [head, plural(report.points, "point"), plural(report.warning_count, "warning"),
             plural(len(report.errors), "error")]
    return " · ".join(parts)


def format_confidence(confidence: float | None) -> str:
    return "" if confidence is None else f"{confidence:.2f}"


def code_spans(text: str) -> list[tuple[str, bool]]:
    """A verdict summary split into (piece, is_code): the summaries quote series names in `backticks`."""
    pieces = text.split("`")
    if len(pieces) % 2 == 0:  # an unmatched backtick: no code spans at all, the text as written
        return [(text, False)]
    return [(piece, i % 2 == 1) for i, piece in enumerate(pieces) if piece]


def series_role(run: RunSummary, series: SeriesSummary) -> str:
    """The role the analysis gave this series (train_loss, val_loss, lr, ...), '' when none."""
    name = series.name
    return next((role for role, used in run.roles.items() if used == name), "")


def finding_line(finding) -> str:
    """A finding's message with its step, unless the message already names that step ("the last progress was step
    40" is not followed by "(step 40)"; on an epoch axis "at epoch 22" by "(step 22)")."""
    if finding.step is None or f"step {finding.step:,}" in finding.message or \
            f"epoch {finding.step:,}" in finding.message or f"record {finding.step:,}" in finding.message:
        return finding.message
    return f"{finding.message} (step {finding.step:,})"


def step_range(first: int | None, last: int | None) -> str:
    if first is None or last is None:
        return ""
    return f"{first:,}" if first == last else f"{first:,}–{last:,}"


def run_step_range(run: RunSummary) -> str:
    return step_range(run.first_step, run.last_step)


def nan_zeroed(run: RunSummary) -> dict[str, int]:
    """{loss series name: first step} of a loss the verdict found stuck at one value once its gradients went NaN
    (``verdict_nan``'s ``stuck_loss_step``: HF's Trainer logs a NaN loss as 0.0, its grad_norm NaN from the same
    step): its last logged value is no final loss, and renderers show NaN for it (with the logged value named as
    such where there is room)."""
    ev = run.analysis.evidence if run.analysis is not None else {}
    name, step = ev.get("loss_series"), ev.get("stuck_loss_step")
    return {name: int(step)} if isinstance(name, str) and isinstance(step, int) else {}


def format_value(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    return f"{value:.6g}"


def series_axis(run: RunSummary, series: SeriesSummary) -> str:
    """What ``series``' steps count, 'epoch' or 'step', by the rule the analysis names its NaN steps with
    (``scan.analyse_run``'s ``x_hint``, ``curves.find_curves``' ``Series.x``, ``verdict_nan._at``): a Keras
    CSVLogger's rows (unless an ``epoch`` series is written on every batch row: its steps count rows), a job log whose
    steps are its printed epochs (``Epoch 17/30``: the ending's unit), and a Keras TensorBoard ``epoch_*`` tag in a
    run with no epoch counter series (Lightning's ``NAME_epoch`` sits at the global step)."""
    tags = {s.tag.lower().replace("/", "_") for s in run.series}
    if run.format == "keras_csv" and "epoch" not in {s.tag for s in run.series}:
        return "epoch"
    if per_epoch_history(run.format, {s.tag: s.points for s in run.series if not s.dir}):  # a saved History dict
        return "epoch"
    ended = run.ended
    if ended is not None and getattr(ended, "detail", {}).get("unit") == "epoch":
        return "epoch"
    if series.tag.lower().startswith("epoch_") and not tags & {"epoch", "train_epoch"}:
        return "epoch"
    return "step"


def nonfinite_note(series: SeriesSummary, compact: bool = False, run: RunSummary | None = None) -> str:
    """How many points are NaN/Inf and from which step: '44 from step 218' ('44 @218' where space is short); on
    an epoch axis (``series_axis`` of ``run``) '4 from epoch 7'."""
    if not series.nonfinite:
        return ""
    if compact:
        return f"{series.nonfinite:,} @{series.first_nonfinite_step:,}"
    x = "step" if run is None else series_axis(run, series)
    return f"{series.nonfinite:,} from {x} {series.first_nonfinite_step:,}"


def error_line(problem: Problem) -> str:
    error = error_dict(problem)
    return f"{error['path']}: {error['message']}"


def all_warnings(report: ScanReport) -> list[str]:
    """Every run's warning lines, in run order, each distinct line once: two runs read from one file (two trainings
    in one job log) carry the same line about that file, and a reader needs it once (``warning_count`` counts alike)."""
    return list(dict.fromkeys(warning for run in report.runs for warning in run.warnings))


def _setting(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return str(value)


def ended_cause(run) -> str | None:
    """The cause of how a run's job ended (``loganalyzer.ending.CAUSES``), None for a run without a job log. ``run``:
    a ``RunSummary`` or its ``to_dict()`` (the served API's runs)."""
    ended = run.get("ended") if isinstance(run, dict) else getattr(run, "ended", None)
    if isinstance(ended, dict):
        return ended.get("cause")
    return None if ended is None else ended.cause


def ended_word(run) -> str | None:
    """``ended_cause``, but "not recorded" for an ``unknown`` ending of a log that shows no batch scheduler (a plain
    script's stdout that simply stops: nothing to shout about, nothing to ask sacct; ``ending``)."""
    cause = ended_cause(run)
    ended = run.get("ended") if isinstance(run, dict) else getattr(run, "ended", None)
    detail = (ended.get("detail") if isinstance(ended, dict) else getattr(ended, "detail", None)) or {}
    return "not recorded" if cause == "unknown" and detail.get("scheduler") is False else cause


def config_line(report: ScanReport) -> str:
    """'config /path/loganalyzer.toml' or 'config: none (defaults and flags only)'."""
    config = None if report.options is None else report.options.config
    return f"config: {config}" if config else "config: none found (defaults and flags only)"


def options_line(report: ScanReport) -> str:
    """The options that differ from the defaults, as config keys would write them: 'options: num_classes=10,
    use_model=false' ('options: defaults' when none)."""
    from ..config import AnalysisOptions

    if report.options is None:
        return "options: defaults"
    defaults = AnalysisOptions().to_dict()
    changed = [f"{name}={_setting(value)}" for name, value in report.options.to_dict().items()
               if value != defaults[name]]
    return "options: " + (", ".join(changed) if changed else "defaults")
