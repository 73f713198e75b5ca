"""The ending facts of one run of a job log (for ``readers/joblog.py``): the signals in its last lines and what its
curves reached, handed to ``loganalyzer.ending``.

``facts(data, log, segment)`` reads the run's region of the log (a later run's starts at its training's preamble
after the previous run's last progress line, else at its first point; it ends where the next run's starts): only its
last ``TAIL`` bytes, from ``SLACK`` bytes before the run's last progress line on, are searched for
``ending.PREFILTER`` lines. ``conclude_run`` is the loader's step: the curves of
the richest source and one ``ending.Ended`` from all the job's logs. ``segment=-1`` (a log read only for its ending,
e.g. another rank's) has no progress of its own: its whole tail counts.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from .. import ending as _ending
from ..runs import Problem
from ._joblog_openbar import cut_inside
from ._progress import clean

if TYPE_CHECKING:
    from .joblog import JobLog, _Hit

TAIL = 8 << 20
SLACK = 64 << 10


@dataclass(frozen=True)
class JobFacts:
    """What one job log says about the end of one run: ``ending`` signals and progress (for ``ending.conclude``)."""

    signals: tuple = ()
    progress: _ending.Progress | None = None
    torchrun: dict = field(default_factory=dict)


def _count_lines(data, start: int, end: int) -> int:
    """Newlines in ``data[start:end]``, counted by numpy over 16 MB views (no copy of an mmap)."""
    import numpy as np

    view = np.frombuffer(data, dtype=np.uint8)
    total, chunk = 0, 1 << 24
    for i in range(start, end, chunk):
        total += int(np.count_nonzero(view[i:min(end, i + chunk)] == 10))
    del view
    return total


def _line_at(log: JobLog, data, offset: int) -> int:
    """The 1-based line number of byte ``offset``, counting on from the last offset asked (runs are read in order)."""
    known = log._facts.get("lines", (0, 0))
    if known[0] > offset:
        known = (0, 0)
    count = known[1] + _count_lines(data, known[0], offset)
    log._facts["lines"] = (offset, count)
    return count + 1


# Where a training starts: Keras' first epoch, HF's banner, Lightning's sanity check and model summary.
_START = re.compile(rb"Epoch 1/\d+\s*\n|\*{5} Running training \*{5}|Sanity Checking|\| Name +\| Type|"
                    rb"\xe2\x94\x8f\xe2\x94\x81|Training: \|")


def _boundary(data, log: JobLog, i: int) -> int:
    """Where run ``i``'s part of the log begins: after run ``i - 1``'s last progress line and its ending lines, at
    the next training's preamble (its 'Epoch 1/N', model summary) when one is printed, else at its first point."""
    if i == 0:
        return 0
    last = log.hits[log.segments[i - 1][1] - 1].offset
    first = log.hits[log.segments[i][0]].offset
    gap = bytes(data[last:min(first, last + TAIL)])
    marker = _START.search(gap, gap.find(b"\n") + 1)
    return last + marker.start() if marker else first


def facts(data, log: JobLog, segment: int | None) -> JobFacts:
    """The ending facts of run ``segment`` of ``log`` (None: the whole file; -1: no curves of its own)."""
    size, hits = log.size, log.hits
    if segment in (None, -1):
        first, end, region_start, region_end = 0, len(hits), 0, size
    else:
        first, end = log.segments[segment]
        region_start = _boundary(data, log, segment)
        region_end = _boundary(data, log, segment + 1) if segment + 1 < len(log.segments) else size
    own = hits[first:end] if segment != -1 else []
    last_offset = own[-1].offset if own else 0
    start = max(region_start, region_end - TAIL, last_offset - SLACK if own else 0)
    summary = next((h for h in own if h.record.kind == "summary"), None)
    summary_line = None
    if summary is not None:
        text = bytes(data[summary.offset:summary.offset + 400]).split(b"\n")[0]
        summary_line = (_line_at(log, data, summary.offset), clean(text)[0])
    # failures count from the line before the last progress line on (Keras prints its TerminateOnNaN message
    # and then the epoch's line; a traceback the job survived is followed by more progress). Lines that only
    # redraw the last step are no further progress: Lightning's Rich bar, printed whole once the fit ends, comes
    # after its "`Trainer.fit` stopped" line (its training and validation lines at the same step)
    last = len(own) - 1
    while last > 0 and own[last].step is not None and own[last - 1].step == own[last].step:
        last -= 1
    progress_at = own[last - 1].offset if last > 0 else (0 if own else -1)
    signals, torchrun = _tail_signals(data, log.path, start, region_end, progress_at, log.rank,
                                      _line_at(log, data, start))
    progress = _progress_of(log.path, own, summary_line)
    if progress.reached_total and summary_line is None:  # stopped inside its training? (_joblog_openbar: ux69 F3)
        cut = cut_inside(data, region_start, region_end)
        progress = replace(progress, reached_total=False, cut_inside=cut) if cut is not None else progress
    return JobFacts(tuple(signals), progress, torchrun)


def _progress_of(path: str, own: list[_Hit], summary_line) -> _ending.Progress:
    train = [h for h in own if h.record.kind == "train"]
    train = train or [h for h in own if h.record.kind == "eval" and h.step is not None]  # validation points only
    summary = next((h for h in own if h.record.kind == "summary"), None)
    last = train[-1] if train else None
    total = next((h.record.total for h in reversed(own) if h.record.total), None)
    nonfinite = next((h.step for h in train if any("loss" in t and not math.isfinite(v) for t, v in h.record.values)),
                     None)
    completed = None
    if summary is not None and summary_line is not None:
        completed = _ending.Signal("completed", 1, path, summary_line[0], summary_line[1][:300], (0, summary.offset))
    return _ending.Progress(
        path, last_step=None if last is None else last.step, total=total,
        reached_total=bool(last is not None and total and last.step >= total and not last.transient),
        completed_line=completed, last_time=None if last is None else last.record.time, has_progress=bool(own),
        first_nonfinite_step=nonfinite,
        unit="epoch" if train and (all(_epoch_step(h) for h in train) or _phase_counter(train)) else
        "record" if _counted(own) else "step")


def _counted(own: list[_Hit]) -> bool:
    """Whether the run's points are at the ordinals the reader counted: no line prints a step or an epoch, and the
    steps go on by 0 or 1 a line (``verdict_records``: said "record N", not "step N")."""
    if not own or any(h.record.step is not None or h.record.epoch is not None or h.step is None for h in own):
        return False
    return all(0 <= b.step - a.step <= 1 for a, b in zip(own, own[1:]))


def _epoch_step(hit: _Hit) -> bool:
    """The line's step is the epoch it printed (``Epoch 17/30 - loss: ...``: step 17, as printed), no step key of its
    own and no batch counter folded in (``per_epoch``)."""
    r = hit.record
    return (hit.step is not None and r.epoch is not None and not r.own_step and r.per_epoch is None
            and float(hit.step) == r.epoch)


_VAL_PREFIXES = ("val_", "valid_", "validation_", "test_", "eval_")


def _phase_counter(train: list[_Hit]) -> bool:
    """The lines' ``[n/N]`` counter counts epochs: it printed no epoch or step key (the counter is the line's own
    step, ``readers/_progress_bracket.leading_counter``), one total throughout, and every value 1, 2, 3.. (at least
    three) holds a training line and a separate validation line (``[11/20] train: loss ..`` then ``[11/20] val: loss
    ..``, ux65's hand-written loop): a run validated at each of consecutive counter values validates once an epoch
    (per-iteration logs that validate print at intervals: 100, 200..; EasyOCR's ``[20000/300000] Train loss: ..,
    Valid loss: ..`` puts both on one line)."""
    totals = {h.record.total for h in train}
    if len(totals) != 1 or None in totals or any(
            h.step is None or h.record.epoch is not None or h.record.per_epoch is not None or not h.record.own_step
            for h in train):
        return False
    phases: dict[int, set] = {}
    for h in train:
        names = [t for t, _ in h.record.values]
        if not names:
            continue
        val = sum(t.lower().startswith(_VAL_PREFIXES) for t in names)
        phases.setdefault(int(h.step), set()).add("val" if val == len(names) else "train" if val == 0 else "both")
    steps = sorted(phases)
    consecutive = steps == list(range(steps[0], steps[0] + len(steps))) if steps else False
    return (len(steps) >= 3 and consecutive and steps[-1] <= next(iter(totals))
            and all(p == {"train", "val"} for p in phases.values()))


_BAR_PREFIX = re.compile(r"^.*?\d+%\|[^|]*\|[^\]\n]*\]")


def _tail_signals(data, path: str, start: int, end: int, progress_at: int, progress_rank, base_line: int):
    """Signals of the lines in ``data[start:end]``: after the last progress line, or before it from another rank."""
    region = bytes(data[start:end])
    signals, torchrun = [], {}
    seen_line_start, line_no, counted_to = -1, base_line, 0
    tracebacks: set = set()
    for m in _ending.PREFILTER.finditer(region):
        ls = region.rfind(b"\n", 0, m.start()) + 1
        if ls == seen_line_start:
            continue
        seen_line_start = ls
        le = region.find(b"\n", m.start())
        le = len(region) if le < 0 else le
        line_no += region.count(b"\n", counted_to, ls)
        counted_to = ls
        cut = region.rfind(b"\r", ls, m.start()) + 1
        seg_end = region.find(b"\r", m.start(), le)
        text, rank = clean(region[max(ls, cut):le if seg_end < 0 else seg_end])[:2]
        bar = _BAR_PREFIX.match(text)
        timestamp = clean(region[ls:le])[2] if b":" in region[ls:ls + 40] else None
        offset = start + ls
        if bar:  # a message printed right after a progress bar, on its line (a killed job's bar never ends its
            text = text[bar.end():].lstrip()  # line): printed after that bar, not where its run of redraws began
            offset = start + max(ls, cut)
        if offset < progress_at and (rank is None or rank == progress_rank):
            continue  # printed before the last progress line by the rank that went on: the job survived it
        order = (0, offset)
        if text.startswith("Traceback (most recent call last)"):
            tracebacks.add(rank)
            signals.append(_ending.traceback_line(path, line_no, text, order, rank))
            continue
        if text.startswith("Root Cause (first observed failure)"):
            following = region[le + 1:le + 2048].split(b"\n")[:10]
            torchrun = _ending.torchrun_summary([clean(x)[0] for x in following])
        in_tb = bool(tracebacks) and (rank in tracebacks or None in tracebacks or rank is None)
        signals.extend(_ending.line_signals(text, path=path, line=line_no, order=order, rank=rank,
                                            in_traceback=in_tb, timestamp=timestamp))
    if signals:
        signals = survived(signals, line_no + region.count(b"\n", counted_to))
    return signals, torchrun


# a failure followed by this many more lines of output before the next failure (or the end) was logged and
# survived: the process went on (a Jupyter server's handled extension traceback at line 11, then 2,350 lines and a
# clean shutdown: public WindyDay7/Text2Relation nohup.out). A crash's own trail (other ranks' tracebacks, torchrun's
# summary, W&B's sync lines) is far shorter, and each further failure in it starts the count again.
SURVIVED_LINES = 200


def survived(signals: list, last_line: int) -> list:
    """``signals`` without the failures (and traceback starts) the job printed and went on from: those before the
    last stretch of ``SURVIVED_LINES`` lines or more without a failure, counted back from ``last_line`` (the
    region's last line). The scheduler's own word (strength 3), completion lines and node hints are kept."""
    def failure(s) -> bool:
        return s.cause == "traceback" or (s.cause not in ("completed", "node") and s.strength < 3)

    lines = sorted(s.line for s in signals if failure(s))
    after, boundary = last_line, None
    for line in reversed(lines):
        if after - line >= SURVIVED_LINES:
            boundary = line
            break
        after = line
    if boundary is None:
        return signals
    return [s for s in signals if not (failure(s) and s.line <= boundary)]


def with_file_index(facts: JobFacts, index: int) -> JobFacts:
    """The facts with their signals ordered as file ``index`` of the job (the loader numbers a job's logs)."""
    from dataclasses import replace

    signals = tuple(replace(s, order=(index,) + tuple(s.order[1:])) for s in facts.signals)
    progress = facts.progress
    if progress is not None and progress.completed_line is not None:
        line = progress.completed_line
        progress = replace(progress, completed_line=replace(line, order=(index,) + tuple(line.order[1:])))
    return JobFacts(signals, progress, facts.torchrun)


def richest_source(pieces: list, job_index: set) -> tuple[list, list]:
    """(the pieces of the job logs or of the run's other files, whichever hold more points; one note saying which)
    for combine pieces ``(dir, columns, ..., path)`` whose indices ``job_index`` came from job logs. A job log beside
    event files or JSON logs of the same training prints the same curves: taken once (``load_run`` and
    ``read_scalars`` alike)."""
    job_points = sum(len(pieces[i][1]) for i in job_index)
    other_points = sum(len(p[1]) for i, p in enumerate(pieces) if i not in job_index)
    if not (job_points and other_points):
        return pieces, []
    keep_job = job_points > other_points
    dropped = job_points if not keep_job else other_points
    used = "the job log" if keep_job else "the run's other logs"
    path = pieces[min(job_index)][3]
    note = Problem(path, f"curves taken from {used} ({max(job_points, other_points):,} points); the "
                         f"{dropped:,} points of the {'other logs' if keep_job else 'job log'} not used")
    return [p for i, p in enumerate(pieces) if (i in job_index) == keep_job], [note]


def conclude_run(pieces: list, job_logs: list) -> tuple[list, object, list]:
    """For the loader: (the run's pieces with the curves of the richest source only, its ``ending.Ended``, notes).

    A run whose job log sits beside event files (or another format) takes its curves from whichever gave more
    points (exact logged values usually), never a mix; the ending always comes from the job logs."""
    job_index = {i for pieces_of, _ in job_logs for i in pieces_of if i < len(pieces)}  # a log's pieces (a range)
    pieces, notes = richest_source(pieces, job_index)
    signals, progress, torchrun = [], [], {}
    for n, (_, facts) in enumerate(job_logs):
        facts = with_file_index(facts, n)
        signals.extend(facts.signals)
        if facts.progress is not None and (facts.progress.has_progress or facts.progress.completed_line):
            progress.append(facts.progress)
        torchrun = torchrun or facts.torchrun
    paths = {p.path for p in progress} | {s.path for s in signals}
    return pieces, _ending.conclude(signals, progress, torchrun, scheduler=lambda: from_scheduler(paths, signals)), \
        notes


# what shows a job came from a batch scheduler (SLURM, PBS/Torque, LSF, SGE): its variables, directives and own
# lines, or a file name it gives (slurm-123.out, job.o4567, lsf.o89, train_123456.out)
_SCHEDULER_LINE = re.compile(rb"SLURM_|slurmstepd|\bsrun: |#SBATCH|Submitted batch job|\bPBS_|#PBS|\bqsub\b|LSB_|#BSUB|"
                             rb"Sender: LSF|\bJob <\d+>|\bSGE_|\bJOB_ID\b|\bjob[ _-]?id\s*[:=]?\s*\d{3,}", re.I)
_SCHEDULER_NAME = re.compile(r"slurm|sbatch|pbs|lsf|sge|\.[oe]\d{3,}$|(?:^|[^0-9])\d{4,}\.(?:out|err|log)$", re.I)
_LOOKED = 1 << 16


def from_scheduler(paths: set, signals: list) -> bool:
    """Whether the job's logs show a batch scheduler (the lines or names above, in the first or last 64 KiB): only
    then is "ask the scheduler (sacct ...)" advice for a log that stops without a sign of how (newcomer41: a plain
    script's complete stdout got it). True when a log cannot be looked at again (the advice as before)."""
    if any(s.strength >= 3 or s.cause == "node" for s in signals):
        return True
    for path in paths:
        name = str(path).replace("\\", "/").rsplit("/", 1)[-1]
        if _SCHEDULER_NAME.search(name):
            return True
        try:
            with open(path, "rb") as f:
                head = f.read(_LOOKED)
                f.seek(0, 2)
                size = f.tell()
                f.seek(max(len(head), size - _LOOKED))
                tail = f.read(_LOOKED)
        except (OSError, TypeError, ValueError):
            return True
        if _SCHEDULER_LINE.search(head) or _SCHEDULER_LINE.search(tail):
            return True
    return False
