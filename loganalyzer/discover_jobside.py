"""A printed log that holds no progress beside its folder's one history file: that history's run, not a run of its own.

A script that keeps its history in a file and prints a few lines of its own to the console (public vqtoy174: a toy
VQ-VAE's ``json.dump({"val_rec": [...], "angle": [...], ...}, open("logs.json", "w"))`` and ``python train.py >
stdout.txt``, whose ``[010] rec=0.02514 angle=1.5598 ent=2.557 dead=1`` lines name no loss word) left two runs in
one folder: the history, and the printed log read as no point at all (``unknown``, "no scalar series at all"), the
one a labeller or a user names when they look at the folder's console output. Such a job log is the history's
console, not another training.

Joined here (``discover_group._group``, after every other pairing): a folder holding exactly one one-run history
file (a JSON or CSV history left as a single-file run, no segments, no summary beside it) and exactly one job-log run
(one file, or a job's ``.out``/``.err`` pair, never split into trainings) whose files hold no progress point
(``_joblog_files._measure``: the parse discovery already made of every job log). The run keeps the history file's
id; the job log becomes a ``joblog`` source of it, so the loader takes the curves from the history and how the job
ended from the log (``load.load_run``: ``conclude_run``), and the log's own "no training progress" line stays a
warning. A job log with even one point stays a run of its own (two views of one training are judged apart, as
before), and so does one beside several history files (which training it printed cannot be told). One exception:
MACE's console log beside its own results file (``_mace_console``), whose points are the results' evaluations
reprinted, is joined though it holds points.
"""
from __future__ import annotations

from .runs import Run, SourceFile

JOBLOG = "joblog"
CONSOLE = "joblog_console"  # a job log whose points repeat its run's results file: read for how the job ended only


def join(fs, found: list[Run], job_runs: list[Run], file_runs: list[tuple], full,
         skip: set[str]) -> tuple[list[Run], list[tuple]]:
    """(runs found, file runs left): ``found`` (the runs so far, ``job_runs`` among them) less each folder's
    pointless job-log run, plus that log joined to its folder's one one-run history file (module docstring), which
    leaves ``file_runs`` ((relative path, format, run count) as ``discover_group`` keeps them). ``full`` maps a
    relative path to the file's path; ``skip``: history files with a summary beside them."""
    found, job_runs = _join_mace(fs, found, job_runs)
    if not job_runs or not file_runs:
        return found, file_runs
    from .readers._joblog_files import _measure

    histories: dict[str, list[tuple]] = {}
    for item in file_runs:
        histories.setdefault(_folder(item[0]), []).append(item)
    by_folder: dict[str, list[Run]] = {}
    for run in job_runs:
        by_folder.setdefault(_folder(run.id), []).append(run)
    joined, gone_jobs, gone_files = [], set(), set()
    for folder, runs in by_folder.items():
        beside = histories.get(folder, [])
        if len(runs) != 1 or len(beside) != 1:
            continue
        run, (rel_file, fmt, count) = runs[0], beside[0]
        if "#" in run.id or not any(f.path == full(run.id) for f in run.files) or count != 1 or rel_file in skip:
            continue
        if any(f.format != JOBLOG or _folder(f.path) != _folder(run.files[0].path) for f in run.files):
            continue
        if any(_measure(fs, f.path)[1] for f in run.files):
            continue
        path = full(rel_file)
        files = (SourceFile(path, fmt),) + tuple(SourceFile(f.path, JOBLOG, "", f.segment) for f in run.files)
        joined.append(Run(rel_file, path, "+".join(sorted({fmt, JOBLOG})), files))
        gone_jobs.add(run.id)
        gone_files.add(rel_file)
    if not joined:
        return found, file_runs
    jobs = {id(r) for r in job_runs if r.id in gone_jobs}
    return [r for r in found if id(r) not in jobs] + joined, [f for f in file_runs if f[0] not in gone_files]


def _join_mace(fs, found: list[Run], job_runs: list[Run]) -> tuple[list[Run], list[Run]]:
    """(runs found, job runs left) with each MACE console log joined to its results file's run (``_mace_console``):
    the results' run keeps its id and curves, the log becomes its ``joblog`` source (how the job ended)."""
    by_name = {r.id: r for r in job_runs if len(r.files) == 1 and "#" not in r.id}
    gone, joined = set(), {}
    for run in by_name.values():
        if not run.id.endswith(".log"):
            continue
        twin = by_name.get(run.id[:-4] + "_train.txt")
        if twin is None or not _mace_console(fs, run, twin.id):
            continue
        log = run.files[0]
        joined[twin.id] = Run(twin.id, twin.path, twin.format,
                              twin.files + (SourceFile(log.path, CONSOLE, log.dir, log.segment),))
        gone.add(run.id)
    if not joined:
        return found, job_runs
    swap = [joined.get(r.id, r) for r in found if r.id not in gone]
    return swap, [joined.get(r.id, r) for r in job_runs if r.id not in gone]


def _mace_console(fs, run: Run, rel_file: str) -> bool:
    """Whether ``run`` is MACE's console log ``NAME_run-SEED.log`` beside its results ``NAME_run-SEED_train.txt``
    (ACEsuite/mace ``mace/cli/run_train.py``: ``tools.setup_logger`` writes ``{log_dir}/{tag}.log``, opening with
    ``MACE version: ..``; ``tools.MetricsLogger`` writes ``{results_dir}/{tag}_train.txt``, one JSON dict a line:
    ``"mode": "opt"`` training losses and ``"mode": "eval"`` ones whose loss and errors the log reprints as ``Epoch N:
    loss=.., RMSE_E_per_atom=..``). Its points repeat the results' evaluations: one run (public tepigs187, the two
    staged in one folder, was two runs, the log's validation loss judged as a training loss)."""
    if len(run.files) != 1:
        return False
    log = run.files[0].path.replace("\\", "/").rpartition("/")[2]
    if not log.endswith(".log") or rel_file.replace("\\", "/").rpartition("/")[2] != log[:-4] + "_train.txt":
        return False
    try:
        return b"MACE version" in fs.read_head(run.files[0].path, 512)
    except OSError:
        return False


def _folder(path: str) -> str:
    """The folder part of a relative path or a file's path (either slash)."""
    return path.replace("\\", "/").rpartition("/")[0]
