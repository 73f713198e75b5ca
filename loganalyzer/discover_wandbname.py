"""W&B run directories named by the run name given to ``wandb.init(name=...)``, not by their folder alone.

W&B keeps a run in ``wandb/run-YYYYMMDD_HHMMSS-<id>/`` (``offline-run-...`` with ``WANDB_MODE=offline``), its
history in ``run-<id>.wandb``: a scan listed ``wandb_proj/wandb/offline-run-20261207_141509-ofg8it75`` for a run the
user named ``wb_stalled`` (ux67 F8: wandb 0.31 offline, runs ``wb_overfit`` and ``wb_stalled``; with 20 runs the
table could not be matched to the experiments). The name is the ``RunRecord``'s ``display_name`` (field 8, see
``readers/wandb_run``), written in one of the first records of the file: ``run_name`` reads the file's first
``HEAD_BYTES`` (64 KiB; the run record of the wandb 0.31 runs here sits in the first 1 KiB), or ``BIG_HEAD_BYTES``
(4 MiB) when no whole run record is in those (a config of 100 kB), and takes the first run record's name. A run resumed over several session dirs is named from its newest dir's file (the id W&B shows).

As MLflow runs (``discover_mlflowname``): the run id becomes ``<run dir>#<run name>``, the directory staying its
head, so ids stay unique (two runs of one name are two directories) and stable (a label or script naming the
directory still finds it at the head). A run with no recorded name, or a name over 200 characters, holding ``#`` or a
line break, keeps its directory alone (``discover_mlflowname._clean``). A file that cannot be read or is no W&B file
names nothing here: loading it says what is wrong.
"""
from __future__ import annotations

from .discover_mlflowname import _clean
from .runs import Run

HEAD_BYTES = 65536
BIG_HEAD_BYTES = 4 << 20  # a run record holding a big config spans 32 KiB blocks (tests/test_wandb.py's 100 kB value)
_RUN, _DISPLAY_NAME = 17, 8  # Record.run, RunRecord.display_name (wandb/proto/wandb_internal.proto)


def run_name(fs, path: str) -> str | None:
    """The ``display_name`` of the first run record in the first ``HEAD_BYTES`` of the ``.wandb`` file ``path``;
    None when there is none (or the file cannot be read, or is no W&B file)."""
    from .readers._wandb_log import check_header

    for size in (HEAD_BYTES, BIG_HEAD_BYTES):
        try:
            buf = memoryview(bytes(fs.read_head(path, size)))
            check_header(buf, path)
        except Exception:  # noqa: BLE001 -- unreadable or no W&B file: loading it says so, no name here
            return None
        found = _first_run_name(buf, path)
        if found is not None or len(buf) < size:
            return found or None
    return None


def _first_run_name(buf, path: str) -> str | None:
    """The first run record's cleaned display name ('' when it has none or an unusable one), None when ``buf`` holds
    no complete run record."""
    from .readers._tfevents_py import _Malformed
    from .readers._wandb_log import Faults, records
    from .readers.wandb_run import _parts

    for _, payload in records(buf, Faults(path)):
        try:
            for f, wt, s, e in _parts(payload, 0, len(payload)):
                if f == _RUN and wt == 2:
                    names = [payload[s2:e2] for f2, wt2, s2, e2 in _parts(payload, s, e)
                             if f2 == _DISPLAY_NAME and wt2 == 2]
                    return (_clean(bytes(names[0])) or "") if names else ""
        except _Malformed:
            continue
    return None


def named(fs, runs: list[Run], wandb_runs: dict[str, list[str]], full) -> list[Run]:
    """``runs`` with each W&B run whose id is a W&B run dir (a key of ``wandb_runs``: dir -> its ``.wandb`` file
    names) named ``<dir>#<run name>`` (module docstring); ``full`` maps a relative dir to its path."""
    if not wandb_runs:
        return runs
    out = []
    for run in runs:
        names = wandb_runs.get(run.id)
        if names and "#" not in run.id and (name := run_name(fs, fs.join(full(run.id), sorted(names)[-1]))):
            run = Run(f"{run.id}#{name}", run.path, run.format, run.files)
        out.append(run)
    return out
