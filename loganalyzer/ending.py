"""How a cluster job ended, read from what it printed: the ``ended`` facts of a run that has a job log.

A reader (``readers/joblog.py``) hands each job log's last lines over as ``Signal``s (``line_signals``): lines that
say something about the end (a SLURM ``CANCELLED ... DUE TO TIME LIMIT``, ``torch.OutOfMemoryError``, an NCCL
watchdog timeout, a traceback, a completion line...). ``conclude`` weighs the signals of all the job's logs with
what the curves reached and returns one ``Ended``: ``cause`` from ``CAUSES``, the step and time reached, the rank or
node that failed first, the decisive lines quoted with file and line number, and advice tied to the cause.

How the cause is chosen (the first failure explains the rest: a rank that dies makes the others time out in NCCL,
the OOM killer's victim DataLoader worker comes before SLURM's oom_kill line):
1. only lines after the job's last progress line count (a traceback the job survived is followed by more progress);
2. a completion line (HF ``train_runtime``, Lightning's ``Trainer.fit stopped``) before any failure: ``completed``;
3. the scheduler's own verdict (time limit, preemption, node failure, an explicit cancel) says how the job was
   stopped; a specific failure printed before it (OOM, NCCL timeout, exception...) is why, and becomes the cause
   (``stopped_by`` keeps the scheduler's word);
4. else the earliest specific failure (host OOM over the DataLoader worker it killed), else the earliest Python
   exception, else the weak signs (``Killed``, SIGTERM, torchrun's exit code), else ``completed`` when the progress
   reached its total, else ``unknown`` (still running, or cut off with no sign).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ._ending_details import _details
from ._ending_lines import COMPLETED as _COMPLETED, NAN_LINE as _NAN_LINE, completed_detail
from .names import CAUSES  # noqa: F401 (a plain tuple the command line offers without importing this)
SCHEDULER_CAUSES = frozenset({"time_limit", "preempted", "node_failure", "cancelled"})

# Lines worth a closer look: one alternation run over the job's last megabytes (never over the whole log).
PREFILTER = re.compile(
    rb"Traceback|Error|error|Exception|Killed|killed|KILL|CANCELLED|oom|OOM|Out Of Memory|out of memory|"
    rb"Segmentation|SIGSEGV|SIGTERM|SIGABRT|Signal \d|signal: |exitcode|exit code|No space left|[Qq]uota exceeded|"
    rb"Watchdog|timed out|[Tt]imeout|NCCL|nan|NaN|Invalid loss|not finite|Aborted|core dumped|Bus error|"
    rb"PREEMPT|[Pp]reempt|Terminated|KeyboardInterrupt|stopped: |[Cc]omplete|COMPLETE|[Ff]inished|FINISHED|walltime|RUNLIMIT|"
    rb"DeadlineExceeded|Xid|ECC|fallen off|Node failure|NODE FAIL|Requeue|requeue|FloatingPoint|Root Cause|"
    rb"[Ee]arly [Ss]topping|EARLY STOPPING|Signaling Trainer to stop|srun: |\*\*\* (?:JOB|STEP) |"
    rb"consecutive epochs\. |Maximum iterations \(")  # (scikit-learn MLP's ends: _ending_lines)


@dataclass(frozen=True)
class Signal:
    """One line saying something about how the job ended. ``strength``: 3 the scheduler's word, 2 a specific
    failure, 1 a Python exception, 0 a weak sign (a consequence: SIGKILL without a reason, torchrun's summary)."""

    cause: str
    strength: int
    path: str
    line: int
    text: str
    order: tuple = ()  # (file index, byte offset): the order lines were written in
    rank: int | None = None
    node: str | None = None
    exception: str | None = None
    detail: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Progress:
    """What one job log's curves reached: read by ``conclude`` for the step and for 'completed'."""

    path: str
    last_step: int | None = None
    total: int | None = None  # the step count the progress ran to, when printed (n/total, Epoch k/N)
    reached_total: bool = False
    completed_line: Signal | None = None  # HF's closing train_runtime dict, a Lightning fit-stopped line
    last_time: str | None = None  # the timestamp of the last progress line, when lines carry one
    has_progress: bool = False
    first_nonfinite_step: int | None = None
    unit: str = "step"  # "epoch" when every progress line's step is a printed epoch number (Keras' ``Epoch 17/30``)
    cut_inside: str | None = None  # "epoch 6 of 8, its progress bar at 0/40": stopped inside (readers/_joblog_openbar)


@dataclass(frozen=True)
class Ended:
    cause: str
    summary: str
    step: int | None = None
    time: str | None = None
    rank: int | None = None
    node: str | None = None
    exception: str | None = None
    stopped_by: str | None = None  # the scheduler's word when a failure printed before it is the cause
    lines: tuple = ()  # (path, line, text) of the decisive lines
    advice: tuple = ()
    detail: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "cause": self.cause, "summary": self.summary, "step": self.step, "time": self.time, "rank": self.rank,
            "node": self.node, "exception": self.exception, "stopped_by": self.stopped_by,
            "lines": [{"path": p, "line": n, "text": t} for p, n, t in self.lines],
            "advice": list(self.advice), "detail": dict(self.detail),
        }


# ---------------------------------------------------------------- reading one line

# slurmstepd's cancel line; Slurm 23+ says ``DUE to SIGNAL Terminated`` (a scancel/preemption's signal, by name)
_SLURM = re.compile(r"\*\*\* (?:JOB|STEP) (\S+) (?:ON (\S+) )?CANCELLED AT (\S+)(?: DUE [Tt][Oo] ([A-Za-z][\w ]*?))?(?:,.*)?"
                    r" \*\*\*")
_SRUN_TASK = re.compile(r"srun: error: ([\w.-]+): tasks? ([\d,-]+): (.+)")
_EXC = re.compile(r"^(?:[A-Za-z_][\w]*\.)*([A-Z]\w*(?:Error|Exception|Interrupt|Exit|Failure|Fault)|StopIteration)"
                  r"(?::\s?(.*))?$")
_RANK_IN = re.compile(r"\[Rank (\d+)\]|\brank(?:\s*:)?\s*(\d+)\b", re.I)
_TORCHRUN = re.compile(r"^(time|host|rank|exitcode|traceback)\s*:\s*(.*)$")
# argparse's ``parser.error()``: ``<prog>: error: <message>`` after the usage, then exit status 2 (Lib/argparse.py)
_ARGPARSE = re.compile(r"^(?!srun:|slurmstepd:)[\w./-]+: error: (?:argument |unrecognized arguments: |the following "
                       r"arguments are required: |one of the arguments |ambiguous option: |invalid choice: )")
_NODE_LINE = re.compile(r"srun: error: ([\w.-]+): tasks? ([\d,-]+):|\*\*\* (?:JOB|STEP) \S+ ON ([\w.-]+) ")

# (cause, strength, pattern) for lines that are not tracebacks; the first that matches a line wins.
_RULES = (
    ("node_failure", 3, re.compile(r"DUE TO NODE FAILURE|srun: error: Node failure|NODE_FAIL")),
    ("node_failure", 2, re.compile(r"fallen off the bus|[Uu]ncorrectable ECC|\bXid\b.{0,20}\b(?:48|63|64|74|79|92|94|95)\b")),
    ("cuda_oom", 2, re.compile(r"CUDA out of memory|CUDA error: out of memory|HIP out of memory|OutOfMemoryError|"
                               r"CUBLAS_STATUS_ALLOC_FAILED|OOM when allocating|RESOURCE_EXHAUSTED")),
    ("host_oom", 2, re.compile(r"oom[-_]kill event|: Out Of Memory|OOMKilled|Killed process \d+ .*out of memory|"
                               r"^MemoryError\b|cgroup out-of-memory")),
    ("disk_full", 2, re.compile(r"No space left on device|Disk quota exceeded|\[Errno (?:28|122)\]|ENOSPC|"
                                r"PytorchStreamWriter failed writing")),
    ("illegal_memory_access", 2, re.compile(r"illegal memory access|misaligned address|device-side assert|"
                                            r"unspecified launch failure|CUDA error: an illegal instruction")),
    ("dataloader_killed", 2, re.compile(r"DataLoader worker \(pid|Unexpected bus error encountered in worker")),
    ("nccl_timeout", 2, re.compile(r"Watchdog caught collective operation timeout|NCCL operations have failed or "
                                   r"timed out|ProcessGroupNCCL.*[Tt]imeout|NCCL.*timed? ?out|Socket Timeout|"
                                   r"[Hh]eartbeat monitor timed out|collective operation timeout")),
    ("nan_abort", 2, _NAN_LINE),
    ("segfault", 2, re.compile(r"Segmentation fault|SIGSEGV|Signal 11\b|Bus error|SIGBUS")),
    ("host_oom", 0, re.compile(r"(?:^|\s)\d+ Killed\s|^Killed$|Signal 9 \(SIGKILL\)|exitcode\s*:\s*-9\b|"
                               r"exit code 137|task \d+: Killed")),
    ("cancelled", 0, re.compile(r"^KeyboardInterrupt|SIGTERM|got signal: 15|Signal 15\b|(?:^|\s)\d+ Terminated\s|"
                                r"srun: forcing job termination|Job step aborted")),
    ("time_limit", 3, re.compile(r"walltime \d+ exceeded limit|TERM_RUNLIMIT|DeadlineExceeded|"
                                 r"exceeded (?:its )?(?:wall ?time|time limit|run ?time limit)")),
    ("preempted", 3, re.compile(r"PREEMPTED|[Ww]as preempted|been preempted|[Pp]reemption notice|"
                                r"[Ss]pot (?:instance )?interruption")),
)
_CONSEQUENCE_EXC = {"ChildFailedError": 0, "KeyboardInterrupt": 0, "SignalException": 0, "SystemExit": 0,
                    "DistBackendError": 0, "DistNetworkError": 0, "DistStoreError": 0}


def _short(text: str, limit: int = 300) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def line_signals(text: str, *, path: str, line: int, order: tuple, rank: int | None, in_traceback: bool,
                 timestamp: str | None = None) -> list[Signal]:
    """The signals of one cleaned line (most lines give none). ``in_traceback``: a traceback began above, so an
    ``XError: ...`` line is its exception."""
    out: list[Signal] = []

    def add(cause, strength, **extra):
        detail = extra.pop("detail", {})
        if timestamp:
            detail.setdefault("time", timestamp)
        out.append(Signal(cause, strength, path, line, _short(text), order, extra.pop("rank", rank),
                          extra.pop("node", None), extra.pop("exception", None), detail))

    m = _SLURM.search(text)
    if m:
        due = (m.group(4) or "").strip()
        cause = {"TIME LIMIT": "time_limit", "PREEMPTION": "preempted", "NODE FAILURE": "node_failure",
                 "JOB REQUEUE": "preempted"}.get(due.upper(), "cancelled")
        detail = {"job": m.group(1), "time": m.group(3)}
        if due.upper().startswith("SIGNAL "):
            detail["signal"] = due[7:].strip()
        add(cause, 3, node=m.group(2), detail=detail)
        return out
    m = _COMPLETED.search(text)
    if m:
        add("completed", 1, detail=completed_detail(m))
        return out
    exc = _EXC.match(text)
    for cause, strength, pattern in _RULES:
        if pattern.search(text):
            detail = _details(cause, text)
            node = None
            task = _SRUN_TASK.search(text)
            if task:
                node = task.group(1)
            r = rank
            if cause == "nccl_timeout":
                rm = _RANK_IN.search(text)
                if rm:
                    r = int(rm.group(1) or rm.group(2))
            add(cause, strength, node=node, rank=r, detail=detail,
                exception=exc.group(1) if exc and in_traceback else None)
            return out
    if _ARGPARSE.search(text):  # a command-line error: the job stopped at start-up
        add("python_exception", 1, exception="a command-line error (argparse)",
            detail={"argparse": True, "exit_status": 2, "message": _short(text, 200)})
        return out
    if exc and in_traceback:
        name = exc.group(1)
        add("python_exception", _CONSEQUENCE_EXC.get(name, 1), exception=name,
            detail={"message": _short(exc.group(2) or "", 200)})
        return out
    task = _SRUN_TASK.search(text)
    if task and "exit code" in task.group(3):
        add("python_exception", 0, node=task.group(1), detail={"srun": task.group(3)})
        return out
    hint = node_hint(text, path=path, line=line, order=order, rank=rank)
    if hint is not None:
        out.append(hint)
    return out


def node_hint(text: str, *, path: str, line: int, order: tuple, rank: int | None) -> Signal | None:
    """A line naming the node a task ran on (``srun: error: NODE: task 1: Aborted``, ``slurmstepd: ... *** JOB N ON
    NODE ...``) that is no signal of its own: strength -1, read only to fill ``Ended.node``."""
    m = _NODE_LINE.search(text)
    if m is None:
        return None
    tasks = _tasks(m.group(2)) if m.group(2) else ()
    return Signal("node", -1, path, line, _short(text), order, rank, m.group(1) or m.group(3), None,
                  {"tasks": tasks})


def _tasks(text: str) -> tuple:
    out = []
    for part in text.split(","):
        lo, _, hi = part.partition("-")
        if lo.isdigit() and (not hi or hi.isdigit()):
            out.extend(range(int(lo), int(hi or lo) + 1))
    return tuple(out[:4096])


def torchrun_summary(lines: list[str]) -> dict:
    """The 'Root Cause (first observed failure)' block of torchrun's ChildFailedError: time, host, rank, exitcode,
    traceback (e.g. 'Signal 9 (SIGKILL) received by PID 123')."""
    out = {}
    for text in lines:
        m = _TORCHRUN.match(text.strip())
        if m and m.group(1) not in out:
            out[m.group(1)] = m.group(2).strip()
    return out


# ---------------------------------------------------------------- deciding


def conclude(signals: list[Signal], progress: list[Progress], torchrun: dict | None = None, scheduler=None) -> Ended:
    """One job's ``Ended`` from the signals of all its logs (see the module docstring for the order of reasons).
    ``scheduler()``: whether the logs show a batch scheduler, asked for an ``unknown`` ending only (False: "ending
    not recorded", no scheduler advice)."""
    signals = sorted(signals, key=lambda s: s.order)
    reached = max((p.last_step for p in progress if p.last_step is not None), default=None)
    total = max((p.total for p in progress if p.total), default=None)
    time = next((p.last_time for p in progress if p.last_time), None)
    completed = next((p.completed_line for p in progress if p.completed_line is not None), None)
    completed = completed or next((s for s in reversed(signals) if s.cause == "completed"), None)
    hints = [s for s in signals if s.node is not None and s.cause != "completed"]
    signals = [s for s in signals if s.cause != "node"]
    failures = [s for s in signals if s.cause != "completed"]
    chosen, stopped_by = _choose(failures, completed, torchrun or {})
    if chosen is None and completed is not None:
        chosen = _died_after(failures, completed)
    if chosen is None:
        if completed is not None or any(p.reached_total for p in progress):
            cause, lines = "completed", (completed,) if completed is not None else ()
        else:
            cause, lines = "unknown", ()
        plain = cause == "unknown" and scheduler is not None and not scheduler()
        return _ended(cause, None, None, reached, total, time, lines, progress, torchrun, hints, plain)
    lines = [chosen]
    if stopped_by is not None and stopped_by is not chosen:
        lines.append(stopped_by)
    if chosen.cause == "python_exception" or chosen.exception:
        start = _traceback_start(signals, chosen)
        if start is not None:
            lines.insert(0, start)
    return _ended(chosen.cause, chosen, stopped_by, reached, total, time, tuple(lines), progress, torchrun, hints)


def _choose(failures: list[Signal], completed: Signal | None, torchrun: dict):
    if completed is not None:
        failures = [s for s in failures if s.order < completed.order or s.strength == 3]
        if not any(s.strength >= 2 for s in failures):
            return None, None
    sched = next((s for s in failures if s.strength == 3), None)
    before = [s for s in failures if sched is None or s.order < sched.order]
    specific = [s for s in before if s.strength == 2]
    host = next((s for s in specific if s.cause == "host_oom"), None)
    if host is not None and all(s.cause in ("dataloader_killed", "segfault", "host_oom") for s in specific):
        return host, sched
    if specific:
        return specific[0], sched
    exceptions = [s for s in before if s.strength == 1 and s.cause == "python_exception"]
    if exceptions:
        if all(s.detail.get("argparse") for s in exceptions):  # launches that each stopped at start-up: the last one
            return exceptions[-1], sched
        return exceptions[0], sched
    if sched is not None:
        return sched, sched
    weak = [s for s in failures if s.strength == 0]
    code = torchrun.get("exitcode", "")
    if code:
        mapped = {"-9": "host_oom", "-11": "segfault", "-7": "segfault", "-15": "cancelled", "-2": "cancelled"}
        cause = mapped.get(code.split()[0], "python_exception")
        base = next((s for s in weak if s.exception == "ChildFailedError"), weak[0] if weak else None)
        if base is not None:
            return replace(base, cause=cause, exception=None if cause != "python_exception" else base.exception), None
    for cause in ("host_oom", "cancelled", "python_exception"):
        hit = next((s for s in weak if s.cause == cause), None)
        if hit is not None:
            return hit, None
    return None, None


def _died_after(failures: list[Signal], completed: Signal) -> Signal | None:
    """An uncaught Python exception printed after the training's completion line (its results never saved: a
    ``TypeError`` in ``json.dump`` after ``trainer.train()`` returned): the job did not end cleanly. The last such
    exception of a traceback (strength 1) is the one that ended the process; the completion stays said in its detail."""
    if completed.detail.get("early_stopping"):  # the loop stopped early, the script went on (testing the best
        # model): a specific failure after it (CUDA OOM, an NCCL hang) ended the job (the breaker's stop-62 R1)
        hard = [s for s in failures if s.order > completed.order and s.strength == 2]
        if hard:
            return replace(hard[0], detail={**hard[0].detail, "after_completion": True, "early_stopping": True})
    late = [s for s in failures if s.order > completed.order and s.cause == "python_exception" and s.strength == 1
            and s.exception and not s.detail.get("argparse")]
    if not late:
        return None
    return replace(late[-1], detail={**late[-1].detail, "after_completion": True})


def _traceback_start(signals: list[Signal], chosen: Signal) -> Signal | None:
    starts = [s for s in signals if s.detail.get("traceback_start") and s.order <= chosen.order and s.path == chosen.path]
    return starts[-1] if starts else None


def traceback_line(path: str, line: int, text: str, order: tuple, rank: int | None) -> Signal:
    """A ``Traceback (most recent call last):`` line, quoted above the exception it starts."""
    return Signal("traceback", -1, path, line, _short(text), order, rank, None, None, {"traceback_start": True})


def _ended(cause, chosen, stopped_by, reached, total, time, lines, progress, torchrun, hints=(), plain=False) -> Ended:
    detail = dict(chosen.detail) if chosen is not None else {"scheduler": False} if plain else {}
    rank = chosen.rank if chosen is not None else None
    node = chosen.node if chosen is not None else None
    torchrun = torchrun or {}
    if torchrun and cause not in ("completed", "unknown"):
        if rank is None and torchrun.get("rank"):
            rank = _int(torchrun["rank"].split()[0])
        node = node or torchrun.get("host")
        detail.setdefault("torchrun", torchrun)
    if node is None and stopped_by is not None:
        node = stopped_by.node
    for s in lines if cause == "completed" else ():  # an early-stopping line: which stop (_ending_lines)
        if s is not None and s.detail.get("early_stopping"):
            detail.update((k, v) for k, v in s.detail.items() if k in ("early_stopping", "threshold", "reached"))
    if node is None and hints and cause not in ("completed", "unknown"):
        # the node srun/slurmstepd named: the failed rank's task when known, else the first node named
        mine = [s for s in hints if rank is not None and rank in s.detail.get("tasks", ())]
        node = (mine or hints)[0].node
    when = detail.get("time") or (stopped_by.detail.get("time") if stopped_by is not None else None) or time
    nonfinite = next((p.first_nonfinite_step for p in progress if p.first_nonfinite_step is not None), None)
    cut = next((p.cut_inside for p in progress if p.cut_inside), None) if cause == "unknown" else None
    if cut is not None:
        detail["cut_inside"] = cut
    if nonfinite is not None:
        detail["first_nonfinite_step"] = nonfinite
    exception = chosen.exception if chosen is not None else None
    quoted = tuple((s.path, s.line, s.text) for s in lines if s is not None)
    from ._ending_text import advice_for, summary_for  # the words live beside this module

    ended = Ended(cause, "", reached, when, rank, node, exception,
                  stopped_by.cause if stopped_by is not None and stopped_by is not chosen else None, quoted, (),
                  detail)
    if total:
        detail["total"] = total
    if progress and reached is not None and all(p.unit == "epoch" for p in progress if p.last_step is not None):
        detail["unit"] = "epoch"  # the steps are printed epochs (one-based as printed): said "epoch", not "step"
    elif progress and reached is not None and all(p.unit == "record" for p in progress if p.last_step is not None):
        detail["unit"] = "record"  # no line printed a step: the reader counted the records (verdict_records)
    return replace(ended, summary=summary_for(ended), advice=advice_for(ended))


def _int(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        return None
