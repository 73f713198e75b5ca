"""Which job logs make which runs (for ``discover``): pairs, torchrun log dirs, logs beside a run's other files.

- A job's ``.out`` and ``.err`` (same name otherwise: ``slurm-123.out``/``slurm-123.err``, ``job.stdout``/
  ``job.stderr``, ``stdout``/``stderr``, Grid Engine/PBS ``job.o123``/``job.e123``) are one job. The file with more progress points gives the curves (and the
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
from . import _headerless, _joblog_names, _joblog_ranges, _joblog_rotated, _lfs, _megatron_head, _preambles
from ._joblog_names import UTF16_BOMS, is_job_log_name  # noqa: F401 (discover asks them here)
from ._printed_names import GRID_NAME, _WANDB_HEAD, _WANDB_OWN, printed_log, wandb_own_log  # noqa: F401 (re-exported)
from ._text_clean import foreign_header

FORMAT = "joblog"
_WORKERLOG = re.compile(r"^workerlog\.\d+$")
_TORCHRUN = re.compile(r"^(?:(.*)/)?attempt_(\d+)/(\d+)/(std(?:out|err))\.log$")


_BARE_STREAM = re.compile(r"^(?:out|err)(\.(?:log|txt))?$")


def pair_key(name: str) -> str | None:
    """The name shared by a job's stdout and stderr files, None for a name that is neither.

    Bare ``out``/``err`` (or ``out.log``/``err.log``, ``out.txt``/``err.txt``) are the two streams of one job as
    ``stdout``/``stderr`` are: the names a shell redirection gives them (``python train.py > out 2> err``, nohup/cron
    jobs, Slurm ``--output=out --error=err``); the tqdm bars of stderr and the printed lines of stdout are one
    training, not two (brk58 W5)."""
    if bare := _BARE_STREAM.match(name):
        return "std\0" + (bare[1] or "")
    for out, err in ((".out", ".err"), (".stdout", ".stderr")):
        if name.endswith((out, err)):
            return name[: name.rfind(".")] + "\0"
    if name.startswith(("stdout", "stderr")):
        return "std\0" + name[6:]
    if _WORKERLOG.match(name):  # paddle.distributed.launch: every rank's stdout, log/workerlog.<rank>, one job
        return "workerlog\0"
    if grid := GRID_NAME.match(name):  # Grid Engine/PBS: 'SOAP_10.o123456' and 'SOAP_10.e123456'
        return f"{grid[1]}\0{grid[2]}\0{grid[4]}"
    return None


def _is_out(name: str) -> bool:
    grid = GRID_NAME.match(name)
    return name.endswith((".out", ".stdout")) or name.startswith(("stdout", "out.")) or name == "out" or grid is not None and grid[3] == "o"


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
            from ._joblog_cache import measuring

            with measuring():  # kept for the loader's read of the same log (_joblog_cache)
                log = joblog.parse(data, path)
            return (max(1, len(log.segments)), len(log.hits)), True
    except Exception:  # UnreadableFile, OSError: the loader reports it, file and line
        return (1, 0), False


def _rotated_base(fs, full, d: str, name: str, names: set) -> str | None:
    """The base name of the rotated parts ``name`` (a part or the base itself) joins, or None (_joblog_rotated)."""
    at = (lambda n: full(f"{d}/{n}" if d else n))
    base = _joblog_rotated.base_of(name, names)
    if base is not None:
        return base if _joblog_rotated.continues(fs, at(name), at(base)) else None
    parts = [n for n in names if _joblog_rotated.base_of(n, {name})]
    return name if any(_joblog_rotated.continues(fs, at(n), at(name)) for n in parts) else None


def group(fs, job_logs: list[str], sources: dict, full, add, problems: list) -> list[Run]:
    """Runs of the job logs at ``job_logs`` (relative paths): joined to existing runs through ``add(run, rel_file,
    fmt, order, dir)`` when their directory is a run root (a key of ``sources``), else returned as new runs."""
    torchrun: dict[str, list] = {}
    by_dir: dict[tuple, list[str]] = {}
    names_in: dict[str, set] = {}
    for rel in job_logs:
        d, _, name = rel.rpartition("/")
        names_in.setdefault(d, set()).add(name)
    ranged = {d: _joblog_ranges.chains(fs, full, d, names) for d, names in names_in.items() if len(names) > 1}
    for rel in job_logs:
        m = _TORCHRUN.match(rel)
        if m:
            torchrun.setdefault(m.group(1) or ".", []).append((int(m.group(2)), int(m.group(3)), m.group(4), rel))
            continue
        d, _, name = rel.rpartition("/")
        key = pair_key(name)
        if key is None and (base := _rotated_base(fs, full, d, name, names_in[d])):
            key = "\2" + base  # train.log.1 beside train.log: one training's rotated parts (_joblog_rotated)
        elif key is None and name in ranged.get(d, {}):
            key = "\3" + ranged[d][name]  # training-01-61.log, training-62-90.log: one training (_joblog_ranges)
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
    for (d, key), rels in sorted(by_dir.items()):
        rotated = key.startswith(("\2", "\3"))
        rels.sort(key=lambda rel: (_joblog_rotated.age if key[0] == "\2" else _joblog_ranges.start)(
            rel.rsplit("/", 1)[-1]) if rotated else (not _is_out(rel.rsplit("/", 1)[-1]), rel))
        if d in sources:
            for i, rel in enumerate(rels):
                add(d, rel, FORMAT, (i,), "")
            continue
        if rotated and all(_measure(fs, full(rel))[0] <= 1 for rel in rels):
            found.append(Run(rels[-1], full(rels[-1]), FORMAT, tuple(SourceFile(full(rel), FORMAT) for rel in rels)))
            continue
        for part in ([rel] for rel in rels) if rotated else [rels]:  # parts holding several trainings: as before
            found.extend(_job_runs(fs, part, full))
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
            and not _sniff_deeper(fs, path, name + ".log", head, problems) \
            and not (far_named(name) and len(head) >= 8192 and _sniff_far(fs, path, name) is True):
        return None  # (searched as far as a walk searches it: emdreid74 log_train.txt, bare integers for ~250 KB)
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
    limit = _joblog_names.deep_sniff_bytes(name, head) or (_joblog_names.DEEP_SNIFF if far_named(name) else 0)
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
    looked = len(head)
    if far_named(name) and len(head) >= 8192:
        far = _sniff_far(fs, path, name)
        if far is True:
            return True
        looked = far or looked
    why = _headerless.why_not(head)  # bare numbers named by nothing: said, not guessed
    if why is not None:
        problems.append(Problem(path, why))
    elif log_named(name) and bytes(head[:2]) not in UTF16_BOMS and not _wandb_output(path, name):
        # named as a log: never skipped in silence (an empty one stays a line: a torchrun stderr.log of a job without
        # errors is empty, no run that could not be read)
        problems.append(Problem(path, _not_a_log(head, looked)))
    return False


# How far a file named as a log (``log_named``) is searched for its first loss line when neither its head nor the
# deeper sniff showed progress: a job that listed its data set first (4,000 file names, ~300 KB, before the first
# 'loss' line) was no run at all. Bounded cost: one read of at most FAR_SNIFF bytes, a ``bytes.find`` for ``oss``
# (memchr speed, as the job log reader's own scan), and at most FAR_WINDOWS windows of 8 KiB from a hit's line
# sniffed as a head; past FAR_SNIFF nothing is looked at, and the "not read" line says how many bytes were.
FAR_SNIFF = 1 << 22
FAR_WINDOWS = 64


def _sniff_far(fs, path: str, name: str) -> bool | int:
    """True when a loss line within the first ``FAR_SNIFF`` bytes opens a window the sniff takes as progress, else
    the number of bytes searched (0 when the file could not be read further: the head's reason stands). A UTF-16
    file (PowerShell 5's ``python train.py > train_log.txt 2>&1``) is searched as its UTF-8 text: public deepfake80's
    Keras progress began 78 KB in, after TensorFlow's start-up lines wrapped as PowerShell error records, and the file
    was no run."""
    try:
        data = fs.read_head(path, FAR_SNIFF)
    except OSError:
        return 0
    data = bytes(data)
    if data[:2] in UTF16_BOMS:  # two bytes a character: searched as the UTF-8 text the reader reads (its whole head)
        data, first = _joblog_names.utf8(data, cut=True), 0
    else:
        first = max(0, _joblog_names.DEEP_SNIFF - 8192)  # the deeper sniff saw the bytes before
    at = data.find(b"oss", first)
    for _ in range(FAR_WINDOWS):
        if at < 0:
            break
        start = data.rfind(b"\n", 0, at) + 1
        if _joblog_names.sniff(name, data[start:start + 8192]):
            return True
        end = data.find(b"\n", at)
        at = data.find(b"oss", end + 1) if end >= 0 else -1
    return len(data)


# "log" in Chinese (simplified, traditional), Japanese and Korean: public tegcn125 ``训练日志.txt`` ("training log",
# a 3.5 MB TE-GCN stdout whose head is the printed model) was skipped in silence where ``train_log.txt`` is read
CJK_LOG_WORDS = ("日志", "日誌", "ログ", "로그")


def log_named(name: str) -> bool:
    """A ``*.log``, or a ``*.txt`` named like a log (``train_log.txt``, ``log_train.txt``, ``训练日志.txt``): never
    skipped in silence (a ``train.txt`` or ``val_list.txt`` of a data set is no log to speak of)."""
    low = name.lower()
    return low.endswith(".log") or low == "log" or (low.endswith(".txt") and ("log" in low or any(w in low for w in CJK_LOG_WORDS)))


# a program's printed output saved by name: 'output_sgd.txt', 'training_output.txt', 'stdout.txt', 'out.txt'
_OUTPUT_WORD = re.compile(r"(?:^|[^a-z0-9])(?:output|stdout|out)(?:[^a-z]|$)")


def far_named(name: str) -> bool:
    """``log_named``, or a ``*.txt`` named as a program's printed output (``output_sgd.txt``): searched as far for a
    first loss line (``_sniff_far``), but, unlike a log, skipped without a line when none is found. Public
    ahmetkucuk/gbm-classification ``output_sgd.txt`` (fifty-sixth labeller's set) lists its 2,038 patches first
    (``TCGA-CS-5393annotation0`` / ``in MUT``, ~64 KB) before ``Global Iter: 100 training loss: 0.68735``: no run."""
    low = name.lower()
    return log_named(name) or (low.endswith(".txt") and _OUTPUT_WORD.search(low[:-4]) is not None)


def _wandb_output(path: str, name: str) -> bool:
    """W&B's copy of a run's printed output (``<run>/files/output.log``): read only when it shows progress."""
    return name == "output.log" and path.replace("\\", "/").rsplit("/", 2)[-2:-1] == ["files"]


def _not_a_log(head: bytes, looked: int = 0) -> str:
    """Why a ``*.log`` found while walking makes no run (its head is no CSV/JSON log and shows no progress);
    ``looked``: how many bytes were searched (more than the head for a log-named file: ``_sniff_far``)."""
    if not len(head):
        return "not read: empty file (0 bytes)"
    binary = _joblog_names._looks_binary(bytes(head))
    if binary:
        return f"not read: {binary}"
    looked = max(looked, len(head))
    return (f"not read: named like a log, but its first {looked:,} bytes hold no training progress (no loss, epoch "
            "or progress-bar line, no traceback) and it is no CSV/JSON log loganalyzer reads (lines of another shape: "
            "a joblog.patterns regex in loganalyzer.toml; files not named *.log/*.txt/*.out also need joblog.globs)")
