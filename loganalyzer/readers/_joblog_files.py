"""Which job logs make which runs (for ``discover``): pairs, torchrun log dirs, logs beside a run's other files.

- A job's ``.out`` and ``.err`` (same name otherwise: ``slurm-123.out``/``slurm-123.err``, ``job.stdout``/
  ``job.stderr``, ``stdout``/``stderr``) are one job. The file with more progress points gives the curves (and the
  runs, when it holds several trainings); the other gives its ending to the job's last run (``segment=-1``).
- torchrun ``--log-dir`` trees, ``<dir>/attempt_<k>/<local rank>/stdout.log`` (and ``stderr.log``), are one job
  whose id is ``<dir>``: rank 0's logs of every attempt give the curves (a restarted attempt continues them), every
  rank's logs give the ending.
- A job log in a directory that is already a run (TensorBoard, Lightning, HF output dir...) joins that run: the
  loader takes the curves from the richer source and the ending from the log.
- Any other job log is a single-file run: ``path``, or ``path#1``, ``path#2``... when it holds several trainings.
"""
from __future__ import annotations

import re

from ..runs import Problem, Run, SourceFile, UnreadLog, os_reason
from . import _headerless, _joblog_names, _lfs, _megatron_head, _preambles
from ._joblog_names import UTF16_BOMS, is_job_log_name  # noqa: F401 (discover asks them here)
from ._text_clean import foreign_header

FORMAT = "joblog"
_TORCHRUN = re.compile(r"^(?:(.*)/)?attempt_(\d+)/(\d+)/(std(?:out|err))\.log$")


def pair_key(name: str) -> str | None:
    """The name shared by a job's stdout and stderr files, None for a name that is neither."""
    for out, err in ((".out", ".err"), (".stdout", ".stderr")):
        if name.endswith((out, err)):
            return name[: name.rfind(".")] + "\0"
    if name.startswith(("stdout", "stderr")):
        return "std\0" + name[6:]
    return None


def _is_out(name: str) -> bool:
    return name.endswith((".out", ".stdout")) or name.startswith("stdout")


def _measure(fs, path: str) -> tuple[int, int]:
    """(runs, points) in one job log; (1, 0) when it cannot be read (the loader then reports why). Remembered by the
    store's sniff cache (``SNIFF_CACHE``, ``filestate.SniffCache.measure``): a rescan parses no unchanged log here."""
    from ..discover_sniff import SNIFF_CACHE

    cache = SNIFF_CACHE.get()
    if cache is None:
        return _measure_fresh(fs, path)[0]
    return cache.measure(path, lambda: _measure_fresh(fs, path), _joblog_names.settings())


def _measure_fresh(fs, path: str) -> tuple[tuple[int, int], bool]:
    """((runs, points), whether the log could be read: a result of an unreadable one is not remembered)."""
    try:
        with fs.open_bytes(path) as data:
            if len(data) == 0:
                return (1, 0), True
            from . import joblog  # the parser: only when the tree has job logs

            log = joblog.parse(data, path)
            return (max(1, len(log.segments)), len(log.hits)), True
    except Exception:  # UnreadableFile, OSError: the loader reports it, file and line
        return (1, 0), False


def group(fs, job_logs: list[str], sources: dict, full, add, problems: list) -> list[Run]:
    """Runs of the job logs at ``job_logs`` (relative paths): joined to existing runs through ``add(run, rel_file,
    fmt, order, dir)`` when their directory is a run root (a key of ``sources``), else returned as new runs."""
    torchrun: dict[str, list] = {}
    by_dir: dict[tuple, list[str]] = {}
    for rel in job_logs:
        m = _TORCHRUN.match(rel)
        if m:
            torchrun.setdefault(m.group(1) or ".", []).append((int(m.group(2)), int(m.group(3)), m.group(4), rel))
            continue
        d, _, name = rel.rpartition("/")
        key = pair_key(name)
        by_dir.setdefault((d or ".", key if key is not None else "\1" + name), []).append(rel)
    found: list[Run] = []
    for run_dir, items in sorted(torchrun.items()):
        items.sort()
        files = tuple(SourceFile(full(rel), FORMAT, "", None if local == 0 else -1) for _, local, _, rel in items)
        if run_dir in sources:
            for i, (_, local, _, rel) in enumerate(items):
                add(run_dir, rel, FORMAT, (i,), "")
            continue
        found.append(Run(run_dir, full(run_dir), FORMAT, files))
    for (d, _), rels in sorted(by_dir.items()):
        rels.sort(key=lambda rel: (not _is_out(rel.rsplit("/", 1)[-1]), rel))
        if d in sources:
            for i, rel in enumerate(rels):
                add(d, rel, FORMAT, (i,), "")
            continue
        found.extend(_job_runs(fs, rels, full))
    return found


def _job_runs(fs, rels: list[str], full) -> list[Run]:
    measured = [(_measure(fs, full(rel)), rel) for rel in rels]
    primary = max(measured, key=lambda m: m[0][1])  # the most points; .out first on a tie (max keeps the first)
    (count, _), main = primary
    others = [rel for _, rel in measured if rel != main]
    run_id = rels[0]  # the .out's name when there is one
    if count <= 1:
        files = (SourceFile(full(main), FORMAT),) + tuple(SourceFile(full(r), FORMAT, "", -1) for r in others)
        return [Run(run_id, full(main), FORMAT, files)]
    runs = []
    for i in range(count):
        files = (SourceFile(full(main), FORMAT, "", i),)
        if i == count - 1:
            files += tuple(SourceFile(full(r), FORMAT, "", -1) for r in others)
        runs.append(Run(f"{run_id}#{i + 1}", full(main), FORMAT, files))
    return runs


def single(fs, path: str, name: str, head: bytes, problems: list) -> list[Run] | None:
    """The run(s) of one job log given directly (``loganalyzer scan slurm-123.out``), None when it is not one."""
    if wandb_own_log(path, name, head):
        return None
    if not _joblog_names.sniff(name, head) and not _joblog_names.sniff(name + ".log", head) \
            and not _sniff_deeper(fs, path, name + ".log", head, problems):
        return None
    key = pair_key(name)
    names = [name]
    if key is not None:  # slurm-1.out given: its slurm-1.err is the same job
        try:
            names += [e.name for e in fs.list_dir(fs.parent(path)) if e.is_file and e.name != name
                      and pair_key(e.name) == key]
        except (OSError, AttributeError):
            pass
        names.sort(key=lambda n: (not _is_out(n), n))
    parent = path[: len(path) - len(name)]
    return _job_runs(fs, names, lambda rel: parent + rel)


_PRINTED = re.compile(rb"Epoch \d+/\d+\s*\n|Traceback \(most recent|slurmstepd|it/s[\],]|\d%\||\{'(?:eval_)?loss'|"
                      rb"iter \d+: loss|Train Epoch: \d|(?<!\d)\d+/\d+ \[=*[>.]*\] - |"
                      rb"(?:^|[\r\n])epoch {2,}train_loss {2}")  # fastai's progress table (readers/_joblog_table.py)


# Every pattern of _PRINTED holds one of these: a head holding none cannot match (a plain substring test, far
# cheaper than the search on a CSV full of digits).
_PRINTED_NEEDLES = (b"/", b"%|", b"Traceback (most recent", b"slurmstepd", b"{'", b"iter ", b"Train Epoch: ",
                    b"train_loss  ")


def printed_log(head: bytes) -> bool:
    """The first bytes of a file are what a training printed (Keras' 'Epoch 1/3', a tqdm bar, a traceback), not a
    table a logger wrote, although the first line may look like a header to a CSV sniffer."""
    # each needle's first and last bytes first: a one-byte search is a memchr, while a short needle is searched at
    # ~10 ns a byte (a CSV's 8 KiB head: ~190 us for the 7 needles)
    if _has_needle(head) and _PRINTED.search(head) is not None:
        return True
    return _progress_first_line(head) or _epoch_then_loss(head) or _progress_under_title(head)


_NEEDLE_ENDS = tuple((needle[:1], needle[-1:], needle) for needle in _PRINTED_NEEDLES)


def _has_needle(head: bytes) -> bool:
    """Whether ``head`` holds one of ``_PRINTED_NEEDLES`` (a loop, not a generator: ~4 us less a CSV head)."""
    for first, last, needle in _NEEDLE_ENDS:
        if first in head and last in head and needle in head:
            return True
    return False


# a line holding only the epoch, then a line naming a loss (public bilstm-cnlm train_log.txt: 'epoch   1' /
# 'loss: 6.608444' / 'test accuracy: 20.78%, ...'), in the first lines: a CSV sniffer took 'epoch   1' for a header
_EPOCH_THEN_LOSS = re.compile(rb"(?im)^[ \t]*epoch[ \t:#]*\d+(?:[ \t]*/[ \t]*\d+)?[ \t:]*\r?\n"
                              rb"[ \t]*(?:[a-z]+[ \t]+)?loss[ \t]*[:=][ \t]*[-+]?\d")


def _epoch_then_loss(head: bytes) -> bool:
    # the loss line's ':' or '=' first (memchr): a CSV has neither, and the search costs ~20 us on its 8 KiB head
    # (the one-byte tests before the 4-byte ones: a CSV head holds 'p' and 'o' early and no ':' or '=')
    return (b":" in head or b"=" in head) and b"poch" in head and b"oss" in head \
        and _EPOCH_THEN_LOSS.search(head[:4096]) is not None


_NOT_DIGITS = bytes(b for b in range(256) if not 48 <= b <= 57)


def _progress_first_line(head: bytes) -> bool:
    """The first line is itself a progress line with a step (``epoch: 1 loss: 0.81 val_loss: 0.85``, ``epoch=1
    loss=0.81``): names paired with numbers, no CSV header (whose names stand alone)."""
    line = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].strip()
    if not line or b"oss" not in line or not line.translate(None, _NOT_DIGITS):
        return False  # no digit: no step, so no progress line with one (a CSV header)
    from ._progress import parse as parse_segment  # the line parser: only for a *.log whose line names a loss

    record = parse_segment(line)
    return record is not None and record.shape == "kv" and record.kind == "train"


_TITLE_LINES = 12  # non-blank lines looked at under a first line that is no progress line


def _progress_under_title(head: bytes) -> bool:
    """Two of the first lines after the first one are progress lines with a step that name a loss (``step 0, loss:
    10.8993``): a title or prose line first (public aakashvardhan/s21-gpt2 ``log.md``: 'Overfit a single batch of
    data' over a fenced block of such lines) made the whitespace-table sniffer take the title for a header and the
    loss values for a 'batch' column. A table's rows pair no name with a number, so none of them counts."""
    if b"oss" not in head or (b":" not in head and b"=" not in head):
        return False
    from ._progress import parse as parse_segment

    lines = [line.strip() for line in head[:4096].split(b"\n")]
    lines = [line for line in lines if line][1:_TITLE_LINES + 1]
    found = 0
    for line in lines:
        if b"oss" not in line or not line.translate(None, _NOT_DIGITS):
            continue
        record = parse_segment(line)
        if record is not None and record.shape == "kv" and record.kind == "train" \
                and (record.step is not None or record.epoch is not None):
            found += 1
            if found == 2:
                return True
    return False


_WANDB_OWN = frozenset({"debug.log", "debug-internal.log", "debug-core.log"})


# what W&B's own logs hold in their first lines: debug.log '... [wandb_setup.py:_flush():81] Current SDK version',
# debug-internal.log (wandb-core: JSON lines, '"msg":"wandb-core"'; older: '[internal.py:wandb_internal():86]'),
# debug-core.log ('"msg":"main: starting server"' with its '/tmp/wandb-<pid>-...' socket)
_WANDB_HEAD = re.compile(rb"\[wandb_\w+\.py:|wandb[-_]core|wandb_internal|SDK version|/wandb-\d+-|\[(?:internal|handler|"
                         rb"sender|writer|system_monitor)\.py:")


def wandb_own_log(path: str, name: str, head: bytes | None = None) -> bool:
    """W&B's own logs (``wandb/run-*/logs/debug.log``, ``debug-internal.log``, ``wandb/debug.log``): the library's
    bookkeeping (its config dump included), not what the training printed. Known by the name and where it lies,
    or, in a W&B run folder copied under another name (``project__run-x/logs/debug.log``), by its first lines."""
    if name not in _WANDB_OWN:
        return False
    parts = path.replace("\\", "/").split("/")[:-1]
    if any(p == "wandb" or p.startswith(("run-", "offline-run-")) for p in parts[-3:]):
        return True
    return head is not None and _WANDB_HEAD.search(bytes(head[:8192])) is not None


def without_wandb_output(job_logs: list[str], wandb_dirs: set) -> list[str]:
    """``job_logs`` less the ``output.log`` W&B saved (the printed stdout, in ``files/`` or, from old versions, the
    run folder itself) of a run whose W&B history is there (``wandb_dirs``: relative dirs, '.' for the root, holding a
    ``run-*.wandb`` or a ``wandb-history.jsonl``): the history is the richest source of the same curves. Alone (the
    binary history not kept), output.log is read as a job log."""
    if not wandb_dirs:
        return job_logs

    def child(d: str, name: str) -> str:
        return name if d == "." else f"{d}/{name}"

    out = []
    for rel in job_logs:
        d, _, name = rel.rpartition("/")
        d = d or "."
        if name == "output.log":
            run_dirs = {d}
            if d.rsplit("/", 1)[-1] == "files":
                run_dirs.add(d.rpartition("/")[0] or ".")
            if any(r in wandb_dirs or child(r, "files") in wandb_dirs for r in run_dirs):
                continue
        out.append(rel)
    return out


def _sniff_deeper(fs, path: str, name: str, head: bytes, problems: list) -> bool:
    """Whether a ``*.log``/``*.txt`` whose head is a printed model or a config dump
    (``_joblog_names.deep_sniff_bytes``) shows progress within the bytes that allows. A file named as a log
    (``log_named``) is looked at over ``DEEP_SNIFF`` bytes whatever its head: a preamble of another kind (WS-DAN's
    'trainable parameter: ...' list, a logger's 'key : value' settings, tf.estimator's RunConfig) can pass 8 KiB."""
    limit = _joblog_names.deep_sniff_bytes(name, head) or (_joblog_names.DEEP_SNIFF if log_named(name) else 0)
    if len(head) >= limit:
        return False
    try:
        deeper = fs.read_head(path, limit)
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for logs past its first bytes"))
        return False
    if len(deeper) <= len(head):
        return False
    if _megatron_head.preamble(head):
        deeper = _megatron_head.without_dump(deeper)
    elif (which := _preambles.kind(head)) is not None:
        return _preambles.shows_progress(which, name, deeper, _joblog_names.sniff)
    return _joblog_names.sniff(name, deeper)


def sniff_file(fs, path: str, name: str, head: bytes | None, problems: list) -> bool:
    """Whether a file found while walking is a job log (its name, or for ``*.log``/``*.txt`` its first bytes)."""
    if wandb_own_log(path, name):
        return False
    if head is None:
        try:
            head = fs.read_head(path, 8192)
        except OSError as e:  # a job log by its name: a run that could not be read (discover_unread)
            problems.append(UnreadLog(path, f"{os_reason(e)}; not checked for logs"))
            return False
    if _lfs.is_pointer(head):  # slurm-1.out kept in Git LFS, cloned without `git lfs pull`
        problems.append(_lfs.problem(path))
        return False
    if wandb_own_log(path, name, head):
        return False
    foreign = foreign_header(head)
    if foreign is not None:  # a CSV log in Latin-1/cp1252 or UTF-16: said, not read as a printed log without a loss
        if foreign:  # a CSV log's header: a run that could not be read
            problems.append(UnreadLog(path, foreign))
        return False
    if _joblog_names.sniff(name, head) or _sniff_deeper(fs, path, name, head, problems):
        return True
    why = _headerless.why_not(head)  # bare numbers named by nothing: said, not guessed
    if why is not None:
        problems.append(Problem(path, why))
    elif log_named(name) and bytes(head[:2]) not in UTF16_BOMS and not _wandb_output(path, name):
        # named as a log: never skipped in silence (an empty one stays a line: a torchrun stderr.log of a job without
        # errors is empty, no run that could not be read)
        problems.append(Problem(path, _not_a_log(head)))
    return False


def log_named(name: str) -> bool:
    """A ``*.log``, or a ``*.txt`` named like a log (``train_log.txt``, ``log_train.txt``): never skipped in silence
    (a ``train.txt`` or ``val_list.txt`` of a data set is no log to speak of)."""
    low = name.lower()
    return low.endswith(".log") or (low.endswith(".txt") and "log" in low)


def _wandb_output(path: str, name: str) -> bool:
    """W&B's copy of a run's printed output (``<run>/files/output.log``): read only when it shows progress."""
    return name == "output.log" and path.replace("\\", "/").rsplit("/", 2)[-2:-1] == ["files"]


def _not_a_log(head: bytes) -> str:
    """Why a ``*.log`` found while walking makes no run (its head is no CSV/JSON log and shows no progress)."""
    if not len(head):
        return "not read: empty file (0 bytes)"
    binary = _joblog_names._looks_binary(bytes(head))
    if binary:
        return f"not read: {binary}"
    return (f"not read: named like a log, but its first {len(head):,} bytes hold no training progress (no loss, epoch "
            "or progress-bar line, no traceback) and it is no CSV/JSON log loganalyzer reads (lines of another shape: "
            "a joblog.patterns regex in loganalyzer.toml; files not named *.log/*.txt/*.out also need joblog.globs)")
