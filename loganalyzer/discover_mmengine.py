"""An mmengine work_dir launched again with ``resume=True``: its timestamp log dirs are ONE run.

mmengine's ``Runner`` opens a new log dir ``<work_dir>/<timestamp>/`` (``runner.timestamp``:
``time.strftime('%Y%m%d_%H%M%S')``; mmengine/runner/runner.py) on every launch, with its own
``vis_data/scalars.json`` and printed ``<timestamp>.log``. A training resumed from ``epoch_5.pth`` (``last_checkpoint``
beside them in the work_dir) writes its iterations 550..1200 into the second dir: read dir by dir that made two runs,
the resumed tail judged alone ("stalled"; a breaker's ``mmengine_resumed``, stop 45), where W&B's resumed run dirs
are one run. The rule: two or more ``<stamp>/vis_data/scalars.json`` of one work_dir whose later sessions each start
above the first one's first step (a resume goes on from a checkpoint; a launch from scratch starts at the first
step again and stays a run of its own) are sources of the run ``<work_dir>``, each session's files in time (name)
order at its own place (``vis_data`` and the log dir's printed log), so combine's resume rules join them: the re-done
iterations are the later session's.
"""
from __future__ import annotations

import re

_STAMP = re.compile(r"\d{8}_\d{6}")
_STEP = re.compile(rb'"(?:step|iter)"\s*:\s*(\d+)')
_HEAD = 4096


def _first_step(fs, path: str) -> int | None:
    try:
        found = _STEP.search(bytes(fs.read_head(path, _HEAD)))
    except OSError:
        return None
    return int(found.group(1)) if found else None


def resumed(fs, file_runs, full, run_of) -> dict[str, str]:
    """Log dir -> its work_dir, for the log dirs of resumed work_dirs (module docstring); ``file_runs``: the tree's
    (rel file, format, count); ``run_of``: ``mmengine_run``."""
    from .discover import _parent

    by_work: dict[str, list[tuple[str, str]]] = {}
    for rel_file, fmt, _count in file_runs:
        if fmt == "json_history" and (log_dir := run_of(rel_file)) is not None and \
                _STAMP.fullmatch(log_dir.rsplit("/", 1)[-1]):
            by_work.setdefault(_parent(log_dir), []).append((log_dir, rel_file))
    out: dict[str, str] = {}
    for work, items in by_work.items():
        if len(items) < 2:
            continue
        items.sort()
        firsts = [_first_step(fs, full(rel)) for _, rel in items]
        if None in firsts or any(step <= firsts[0] for step in firsts[1:]):
            continue  # a launch from scratch (or a session with no line yet): each log dir its own run
        out.update((log_dir, work) for log_dir, _ in items)
    return out


def take_job_logs(job_logs: list[str], joined: dict[str, str], add) -> list[str]:
    """The printed ``<stamp>.log`` of a joined log dir added to the work_dir's run (``add``: ``_Runs.add``), in
    time order; returns the job logs left."""
    from .discover import _parent
    from .readers._joblog_files import FORMAT

    left = []
    for rel in job_logs:
        d = _parent(rel)
        if d in joined:
            add(joined[d], rel, FORMAT, (d,), "")
        else:
            left.append(rel)
    return left


def mmengine_run(rel_file: str) -> str | None:
    """The run of mmengine's ``<log_dir>/vis_data/scalars.json`` (``LocalVisBackend``: ``save_dir`` is
    ``<log_dir>/vis_data``, its file ``scalars.json``; mmengine/visualization/vis_backend.py): ``<log_dir>``, the
    directory of the run's printed ``<timestamp>.log`` (mmengine/runner/runner.py), which then joins it; None for any
    other file. ``TensorboardVisBackend``'s event file beside it (``add_scalars`` writes each dict it is given, at the
    same step) is not read: scalars.json holds every point, and json_history places validation's on the iteration
    axis, where the event file keeps them at the epoch number."""
    from .discover import _parent

    d, _, name = rel_file.rpartition("/")
    if name != "scalars.json" or d.rsplit("/", 1)[-1] != "vis_data":
        return None
    return _parent(d)


# runner.timestamp: time.strftime('%Y%m%d_%H%M%S') (mmengine/runner/runner.py), the copy's name whatever its dir's
_MMENGINE_COPY = re.compile(r"\d{8}_\d{6}\.json")


def mmengine_copy(rel_dir: str, name: str, names) -> bool:
    """Whether ``name`` in ``rel_dir`` is mmengine's second copy of ``vis_data/scalars.json``: ``LoggerHook`` passes
    ``file_path=f'{runner.timestamp}.json'`` to ``add_scalars``, and ``LocalVisBackend`` writes every line to both
    (mmengine/hooks/logger_hook.py, mmengine/visualization/vis_backend.py); the log dir is named by the timestamp,
    but a moved ``vis_data/`` (or one scanned itself, ``rel_dir`` '.') is known by the copy's timestamp name."""
    from .discover import _parent

    if "scalars.json" not in names or rel_dir.rsplit("/", 1)[-1] not in ("vis_data", "."):
        return False
    if _MMENGINE_COPY.fullmatch(name):  # the log dir moved or renamed (public duanbo320/openmmlab_camp: vis_data/ at
        return True  # the repository's top, its 20230607_213107.json read as a second run of the same training)
    return rel_dir != "." and name == _parent(rel_dir).rsplit("/", 1)[-1] + ".json"
