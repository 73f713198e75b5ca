"""A W&B run logged with ``sync_tensorboard=True``: one training, not two or three runs.

``wandb.init(sync_tensorboard=True)`` (or ``wandb.tensorboard.patch``; CleanRL's ``--track``) does two things with
every event file the script's ``SummaryWriter`` writes: its watcher logs each scalar into the run's history
(``run-<id>.wandb``; W&B's ``_step`` counts rows, the TensorBoard step goes in as the key ``global_step``) and it
saves the event file itself into the run's ``files/`` (``wandb/run-<id>/files/events.out.tfevents...``, below
``files/<sub dir>/`` for a writer in a sub-dir of the root logdir). The TensorBoard logdir (``runs/<name>/``,
``logs/<name>/``) keeps the original, byte for byte. Discovery by names found three runs for that training.

- An event dir at or below ``<W&B run dir>/files`` belongs to that W&B run (``claim_files``), its ``dir`` the path
  below the common dir of the run's event dirs there ('' for one writer; ``train``/``val`` for two): the points sit
  where the TensorBoard logdir's run would put them.
- The run's ``.wandb`` history then holds the same series twice, on W&B's row counter: ``load_sources.keep_once``
  (``load_sources.synced_copies``) reads each series once, from the event files (the TensorBoard steps, wall
  times), with one line naming the ``.wandb`` file; the sync's own ``global_step`` and W&B's ``_runtime`` go with them. Keys the
  script logged with ``wandb.log`` itself stay.
- A TensorBoard run elsewhere in the scan whose every event file is one of those copies (same name, same size, same
  bytes: ``join_copies``) is that training too: its run is dropped, its files kept in the W&B run as ``COPY``
  sources, never read (``load_sources.joined_twin_notes`` names each on every load).
"""
from __future__ import annotations

from .runs import Run, SourceFile

COPY = "copy"  # SourceFile.format of a file byte-identical to another source of the run: never read
FILES = "files"
SYNC_KEYS = frozenset({"global_step", "_runtime"})  # the sync's TensorBoard step key and W&B's own clock


def claim_files(tree, claimed_by: dict, run_of=lambda d: d) -> dict[str, str]:
    """Event dir -> its ``dir`` in the W&B run whose ``files/`` holds it (at or below), each such dir also put in
    ``claimed_by`` (dir -> run root: ``run_of`` the W&B run dir, the newest session's dir for a resumed run)."""
    below: dict[str, list[tuple[str, list[str]]]] = {}  # W&B run dir -> (event dir, its path below files/)
    if not tree.wandb_runs:
        return {}
    for d in tree.event_files:
        if d in claimed_by:
            continue
        parts = d.split("/")
        for i in range(len(parts) - 1, -1, -1):
            run = "/".join(parts[:i]) or "."
            if parts[i] == FILES and run in tree.wandb_runs:
                claimed_by[d] = run_of(run)
                below.setdefault(run, []).append((d, parts[i + 1:]))
                break
    where = {}
    for dirs in below.values():  # below their common prefix (files/runs/exp/train, .../val: 'train', 'val')
        common = dirs[0][1]
        for _, parts in dirs[1:]:
            k = 0
            while k < min(len(common), len(parts)) and common[k] == parts[k]:
                k += 1
            common = common[:k]
        for d, parts in dirs:
            where[d] = "/".join(parts[len(common):])
    return where


def _same_bytes(fs, a: str, b: str) -> bool:
    try:
        with fs.open_bytes(a) as x, fs.open_bytes(b) as y:
            return len(x) == len(y) and bytes(x) == bytes(y)
    except OSError:
        return False


def join_copies(fs, runs: list[Run]) -> list[Run]:
    """``runs`` with each TensorBoard run whose event files are all copies a W&B run holds under ``files/`` (same
    name, same bytes) joined to that W&B run as ``COPY`` sources (see the module docstring)."""
    copies: dict[str, list[tuple[Run, SourceFile]]] = {}  # event file name -> (W&B run, its copy)
    for run in runs:
        if "wandb" in run.format.split("+"):
            for f in run.files:
                if f.format == "tensorboard" and _below_files(fs, run, f):
                    copies.setdefault(fs.name(f.path), []).append((run, f))
    if not copies:
        return runs
    joined: dict[str, list[SourceFile]] = {}
    gone: set[str] = set()
    for run in runs:
        if run.format != "tensorboard" or any(fs.name(f.path) not in copies for f in run.files):
            continue
        owners = set()
        for f in run.files:
            match = [w for w, c in copies[fs.name(f.path)] if c.path != f.path and _same_bytes(fs, f.path, c.path)]
            owners.update(w.id for w in match[:1])
            if not match:
                break
        else:
            if len(owners) == 1:
                owner = owners.pop()
                joined.setdefault(owner, []).extend(SourceFile(f.path, COPY, f.dir) for f in run.files)
                gone.add(run.id)
    out = []
    for run in runs:
        if run.id in gone:
            continue
        if run.id in joined:
            run = Run(run.id, run.path, run.format, run.files + tuple(joined[run.id]))
        out.append(run)
    return out


def _below_files(fs, run: Run, file: SourceFile) -> bool:
    here = fs.parent(file.path)
    while here and here != run.path and fs.parent(here) != here:
        if fs.name(here) == FILES and fs.parent(here) == run.path:
            return True
        here = fs.parent(here)
    return False


def copy_notes(run: Run) -> list:
    """One line per ``COPY`` source of ``run``: the file left out and the run's file it is a copy of."""
    copies = [f for f in run.files if f.format == COPY]
    if not copies:
        return []
    from .fs import filesystem_for
    from .runs import Problem

    fs = filesystem_for(run.path)
    by_name = {fs.name(f.path): f.path for f in run.files if f.format == "tensorboard"}
    read = next((f.path for f in run.files if f.format != COPY), "?")
    saved = [f for f in copies if fs.name(f.path) not in by_name]
    if len(saved) > 1:  # one Keras fit saved three ways (discover_formattwins.join_keras): one line names them all
        names = [fs.name(f.path) for f in saved]
        names = ", ".join(names[:-1]) + " and " + names[-1]
        return [Problem(read, f"{names} beside it hold the same history (series, steps and values), saved in other "
                              f"formats (discover_formattwins): one training, read once as the run {run.id}, the "
                              f"copies left out")] + [
            Problem(f.path, f"the same file (name and bytes) as {by_name[fs.name(f.path)]}, W&B's copy of it "
                            f"(sync_tensorboard): one training, read once as the run {run.id}")
            for f in copies if fs.name(f.path) in by_name]
    return [Problem(f.path, f"the same file (name and bytes) as {by_name[fs.name(f.path)]}, W&B's copy of "
                            f"it (sync_tensorboard): one training, read once as the run {run.id}")
            if fs.name(f.path) in by_name else
            Problem(f.path, f"the same history (series, steps and values) as {read}, saved in another format "
                            f"(discover_formattwins): one training, read once as the run {run.id}")
            for f in copies]
