"""Which points of a run's sources a view takes: copies of one series in two files, the raw view's ``dir``, and
the ``dir`` of a run's points in a table over a whole path (``output_dir``).

Two rules shared by ``load_run`` (the run the verdicts judge) and ``read_scalars`` (raw or resolved):

- **Twin files** (``keep_once``). YOLOv5 and Ultralytics YOLOv8 write every epoch twice into the run directory:
  ``results.csv`` and, whenever TensorBoard is installed (YOLOv5: by default), an event file, under the same names
  (``train/box_loss``, ``metrics/mAP_0.5``, ...). ``discover`` makes such a directory ONE run with both files as
  sources (same ``dir``). Every view takes a series the event files of that dir hold from the event files only; the
  CSV gives just the columns they lack (Ultralytics 8.0 wrote no ``lr/pg*`` to TensorBoard, 8.1+ a ``time``
  column), moved onto the event files' step axis (8.0's CSV counts epochs from 0, its event files from 1: the shift
  is read off a series both hold). Lightning's ``CSVLogger`` and ``TensorBoardLogger`` given one version dir
  (``loggers=[CSVLogger(d, version=v), TensorBoardLogger(d, version=v)]``) are twins too, on the same steps (no
  shift): every point was in both views twice, and a resumed job's overwritten ``metrics.csv`` (the new session
  only, sorted before the event files) was taken for the oldest session. detectron2's ``metrics.json`` (JSONWriter)
  beside its ``TensorboardXWriter`` event files in ``OUTPUT_DIR``, and mmengine's ``vis_data/scalars.json`` beside
  ``TensorboardVisBackend``'s, are twins on the same steps too. Why the event files and not the CSV: they are what TensorBoard and tbparse show
  for that directory (so the raw view stays tbparse's there), they carry wall times, and the CSV's copy of a shared
  series adds nothing (the same per-epoch values, rounded to ``%.6g``). When the event files give no points (empty,
  unreadable), the CSV is read whole. Each twin file whose copy is left out gets one line naming it, the event
  file read instead, and the series it still gives.
- **HF checkpoint copies in the raw view** (``raw_dir``). Every ``checkpoint-N/trainer_state.json`` holds the whole
  ``log_history`` up to step N: the run's one history, saved again at each checkpoint. The resolved view (and
  ``scan``) takes their union under the output dir's ``dir``; the raw view, like tbparse with event sub-dirs, gives
  every file's points under the file's own directory (``out/checkpoint-500``), so no row loses its source and
  the copies can be told apart from a resumed run.
"""
from __future__ import annotations

import numpy as np

from .discover_epochfiles import chain
from .discover_wandb import COPY, SYNC_KEYS, copy_notes
from .load_hflog import log_copies
from .load_hftb import hf_event_copies
from .fs import filesystem_for, stat_key  # per run or file below: no import statement there (~2 us each)
from .runs import Run, SourceFile

# formats that copy, in the same directory, series the run's event files hold
TWIN_FORMATS = frozenset({"ultralytics_csv", "lightning_csv", "json_history", "catboost_tsv", "csv", "keras_csv"})
# twins that may copy a series under another name (an RL logger's log.csv beside its SummaryWriter's events, joined by
# discover_group.rl_csv_twin: `mean_episode_rewards` is the event file's `Rewards/mean_episodes`): a series with the
# steps and values (float32) of an event series is that series, left out like a same-named one
RENAMED_FORMATS = frozenset({"csv", "keras_csv"})  # (Keras: CSVLogger's loss is the callback's epoch_loss)
# twins whose CSV counts epochs from another origin than their event files (Ultralytics 8.0)
SHIFTED_FORMATS = frozenset({"ultralytics_csv"})


def _first_steps(columns) -> dict[str, int]:
    """Each tag's first (lowest) step in ``columns``."""
    out: dict[str, int] = {}
    codes, steps = columns.tag_codes, columns.steps
    for code in np.unique(codes):
        name = columns.tags[code]
        first = int(steps[codes == code].min())
        out[name] = min(first, out.get(name, first))
    return out


def keep_once(read: list[tuple[SourceFile, object]], notes: list | None = None) -> list:
    """The columns of each (file, ScalarColumns) of one run, a twin file's (``TWIN_FORMATS``) cut to the series the
    event files of its dir lack and shifted onto their steps (see the module docstring). Inputs are not changed.
    ``notes``: gets one ``Problem`` per twin file whose copy of some series was left out, naming the event file."""
    read = chain(read)  # one CSV per epoch (discover_epochfiles): each file's steps after the previous file's
    read = synced_copies(read, notes)  # a W&B history beside its copies of the event files (sync_tensorboard)
    read = log_copies(read, notes)  # LLaMA-Factory's trainer_log.jsonl beside trainer_state.json (load_hflog)
    read = hf_event_copies(read, notes)  # an HF trainer_state.json beside its TensorBoardCallback events (load_hftb)
    twin_dirs = {f.dir for f, _ in read if f.format in TWIN_FORMATS}
    if not twin_dirs:
        return [columns for _, columns in read]
    event_firsts: dict[str, dict[str, int]] = {}
    event_files: dict[str, list[str]] = {}
    for file, columns in read:
        if file.format == "tensorboard" and file.dir in twin_dirs and len(columns):
            event_files.setdefault(file.dir, []).append(file.path)
            firsts = event_firsts.setdefault(file.dir, {})
            for name, step in _first_steps(columns).items():
                firsts[name] = min(step, firsts.get(name, step))
    out = []
    for file, columns in read:
        held = event_firsts.get(file.dir)
        if file.format not in TWIN_FORMATS or not held or not len(columns):
            out.append(columns)
            continue
        own = _first_steps(columns)
        shared = sorted(set(own) & set(held))
        shift = held[shared[0]] - own[shared[0]] if shared and file.format in SHIFTED_FORMATS else 0
        keep = np.fromiter((name not in held for name in columns.tags), dtype=bool, count=len(columns.tags))
        if file.format in RENAMED_FORMATS:
            keep &= ~_renamed_copies(columns, [c for f, c in read if f.format == "tensorboard" and f.dir == file.dir])
        rows = keep[columns.tag_codes]
        kept = columns.take(rows)
        if shift:
            kept = type(kept)(kept.tags, kept.tag_codes, kept.steps + shift, kept.values, kept.wall_times)
        out.append(kept)
        if notes is not None and not rows.all():
            notes.append(_twin_note(file, columns, rows, shared, event_files[file.dir], shift))
    return out


def _series(columns) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """{tag code: (steps, values)} of ``columns``, each in step order."""
    out = {}
    for code in np.unique(columns.tag_codes):
        rows = columns.tag_codes == code
        steps, values = columns.steps[rows], columns.values[rows]
        order = np.argsort(steps, kind="stable")
        out[int(code)] = (steps[order], values[order])
    return out


def _renamed_copies(columns, event_columns: list) -> np.ndarray:
    """A bool per tag of ``columns``: the series equals some event series (same steps, same values as float32,
    NaN where NaN) under another name. Only series of 2+ points count (a lone point proves nothing)."""
    out = np.zeros(len(columns.tags), dtype=bool)
    events = [pair for c in event_columns if len(c) for pair in _series(c).values() if len(pair[0]) >= 2]
    if not events:
        return out
    for code, (steps, values) in _series(columns).items():
        if len(steps) < 2:
            continue
        mine = values.astype(np.float32)
        for e_steps, e_values in events:
            if len(e_steps) == len(steps) and np.array_equal(e_steps, steps) and np.array_equal(
                    e_values.astype(np.float32), mine, equal_nan=True):
                out[code] = True
                break
    return out


def _copy_of(columns, rows: np.ndarray, events: list) -> tuple[list, list, str]:
    """(series left out, series kept, the event file named) of a file whose copy of the event files' series was cut
    to ``rows``: what a note about that file says."""
    left = sorted({str(columns.tags[c]) for c in np.unique(columns.tag_codes[~rows])})
    added = sorted({str(columns.tags[c]) for c in np.unique(columns.tag_codes[rows])})
    event = events[0].rsplit("/", 1)[-1] + (f" (+{len(events) - 1} more)" if len(events) > 1 else "")
    return left, added, event


def _names(tags: list) -> str:
    return ", ".join(tags[:4]) + (f" and {len(tags) - 4} more" if len(tags) > 4 else "")


def _twin_note(file: SourceFile, columns, rows: np.ndarray, shared: list, events: list, shift: int):
    from .runs import Problem

    left, added, event = _copy_of(columns, rows, events)
    text = (f"{len(left)} series ({_names(left)}) are also in the event file {event} of this directory: each is read "
            f"once, from the event file (what TensorBoard and tbparse show, with wall times); this file's copy is "
            f"left out")
    if added:
        text += f"; it gives only the {len(added)} series the event file lacks ({_names(added)})"
        if shift:
            text += f", moved {shift:+d} step(s) onto the event file's steps (read off {shared[0]})"
    return Problem(file.path, text)


def synced_copies(read: list, notes: list | None) -> list:
    """``read`` ((file, ScalarColumns) of one run) with each W&B ``.wandb`` history cut to the series the run's event
    files do not hold (a tag of an event file in ``dir`` a/b is held as ``tag``, ``b/tag`` and ``a/b/tag``: W&B
    prefixes the writer's dir below the root of all the run's logdirs), without the
    sync's ``global_step`` and ``_runtime`` when some series were held; one note per cut file."""
    if not any(f.format == "wandb" for f, _ in read) or not any(f.format == "tensorboard" for f, _ in read):
        return read
    held: set[str] = set()
    events: list[str] = []
    for file, columns in read:
        if file.format == "tensorboard" and len(columns):
            events.append(file.path)
            parts = file.dir.split("/") if file.dir else []
            for code in np.unique(columns.tag_codes):  # W&B's namespace: the writer's dir below the common root
                tag = str(columns.tags[code])
                held.update("/".join([*parts[k:], tag]) for k in range(len(parts) + 1))
    out = []
    for file, columns in read:
        if file.format != "wandb" or not held or not len(columns):
            out.append((file, columns))
            continue
        names = [f"{file.dir}/{t}" if file.dir else str(t) for t in columns.tags]
        if not any(n in held for n in names):
            out.append((file, columns))
            continue
        keep = np.array([n not in held and str(t) not in SYNC_KEYS for n, t in zip(names, columns.tags)], dtype=bool)
        rows = keep[columns.tag_codes]
        out.append((file, columns.take(rows)))
        if notes is not None:
            notes.append(_synced_note(file, columns, rows, events))
    return out


def _synced_note(file: SourceFile, columns, rows: np.ndarray, events: list):
    from .runs import Problem

    left, added, event = _copy_of(columns, rows, events)
    text = (f"{len(left)} series ({_names(left)}) are W&B's sync of the event file {event} (sync_tensorboard): each "
            f"is read once, from the event file (TensorBoard's steps, wall times); this file's copy, on W&B's row "
            f"counter, is left out")
    if added:
        text += f"; it gives only the {len(added)} series the event files lack ({_names(added)})"
    return Problem(file.path, text)


def _first_points(columns) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """tag -> (steps, values) of ``columns``, the first point of each step."""
    out = {}
    for code in np.unique(columns.tag_codes):
        rows = np.flatnonzero(columns.tag_codes == code)
        steps, first = np.unique(columns.steps[rows], return_index=True)
        out[columns.tags[code]] = (steps, columns.values[rows][first])
    return out


def _other_training(a: dict, b: dict) -> bool:
    """Whether two HF histories disagree at their first common point of some tag: two trainings. Copies of one
    training never do, nor does a job resumed from an earlier checkpoint (its history up to there is the
    checkpoint's, read back; only later steps differ)."""
    for tag in a.keys() & b.keys():
        (sa, va), (sb, vb) = a[tag], b[tag]
        _, ia, ib = np.intersect1d(sa, sb, assume_unique=True, return_indices=True)
        if len(ia) and not np.array_equal(va[ia[:1]], vb[ib[:1]], equal_nan=True):
            return True
    return False


def _cut_copy(source) -> bool:
    """An HF ``trainer_state.json`` read only up to where it was cut short (``hf_trainer_state.CUT``)."""
    from .readers.hf_trainer_state import CUT

    result = getattr(source, "result", None)
    return result is not None and any(CUT in p.message for p in result.problems)


def trim_cut_copies(read: list[tuple[SourceFile, object]]) -> list:
    """``read`` with each HF checkpoint copy that was cut short while written (its whole entries before the cut:
    a prefix of the history the other copies of its dir hold) cut down to the steps after theirs. Whole, such a
    prefix looked like a later session that stopped early, and ``combine`` dropped the other copies' later points
    (``later_session_replaces``). Sources are copied, not changed."""
    cut = [i for i, (file, source) in enumerate(read) if file.format == "hf_trainer_state" and _cut_copy(source)]
    if not cut:
        return read
    import copy

    out = list(read)
    for i in cut:
        file, source = read[i]
        others = [s.columns for f, s in read if f.format == "hf_trainer_state" and f.dir == file.dir
                  and not _cut_copy(s) and s.columns is not None and len(s.columns)]
        if not others or source.columns is None:
            continue
        last = max(int(c.steps.max()) for c in others)
        trimmed = copy.copy(source)
        trimmed.columns = source.columns.take(source.columns.steps > last)
        out[i] = (file, trimmed)
    return out


def in_write_order(read: list[tuple[SourceFile, object]], columns_of=lambda source: source.columns,
                   resolve: bool = True) -> list:
    """``read`` ((file, source) pairs of one run, in ``discover``'s order) with the HF ``trainer_state.json`` copies
    of a dir in the order they were written when that is not their checkpoint order.

    ``discover`` orders an output dir's copies by checkpoint number, the order one training writes them. A new
    training in a reused output dir overwrites the checkpoints it reaches and leaves the old training's later
    ones (``checkpoint-60``, ``-80``, ``-100`` of the old beside ``-20``, ``-40``, ``-50`` of the new): by number,
    the old training came last and replaced the new one. So when two neighbouring copies disagree at their first
    common point (``_other_training``), that dir's copies are ordered by modification time (ties keep the
    checkpoint order); otherwise (one training, resumed or not) the order is left as it is. ``resolve``: copies
    cut short while written are trimmed first (``trim_cut_copies``); the raw view keeps every point as read."""
    if resolve:
        read = trim_cut_copies(read)
    by_dir: dict[str, list[int]] = {}
    for i, (file, _) in enumerate(read):
        if file.format == "hf_trainer_state":
            by_dir.setdefault(file.dir, []).append(i)
    out = list(read)
    for indices in by_dir.values():
        if len(indices) < 2:
            continue
        histories = [_first_points(columns_of(read[i][1])) for i in indices]
        if not any(_other_training(a, b) for a, b in zip(histories, histories[1:])):
            continue
        stamps = [stat_key(read[i][0].path) for i in indices]
        order = sorted(range(len(indices)), key=lambda k: (stamps[k][1] if stamps[k] else 0, k))
        for slot, k in zip(indices, order):
            out[slot] = read[indices[k]]
    return out


def raw_dir(file: SourceFile) -> str:
    """The ``dir`` (relative to the run) of ``file``'s points in the raw view: its ``SourceFile.dir``, joined with
    the checkpoint directory for an HF ``checkpoint-N/trainer_state.json``, and with the session's logging dir for
    the event files of an HF ``runs/<date>_<host>/`` (``dir`` 'runs': the sessions of one run, resolved together)."""
    if file.format not in ("hf_trainer_state", "tensorboard"):
        return file.dir
    if file.format == "tensorboard" and file.dir.rsplit("/", 1)[-1] != "runs":
        return file.dir  # no HF logging dir (the common event file: no path work)
    from .discover import _CHECKPOINT

    fs = filesystem_for(file.path)
    parent = fs.parent(file.path)
    name = fs.name(parent)
    if file.format == "tensorboard":  # an HF logging dir runs/<date>_<host>/, joined to its siblings as 'runs'
        if file.dir.rsplit("/", 1)[-1] != "runs" or fs.name(fs.parent(parent)) != "runs" or name == "runs":
            return file.dir
        return f"{file.dir}/{name}"
    if not _CHECKPOINT.match(name):
        return file.dir
    return f"{file.dir}/{name}" if file.dir else name


def is_file_run(run: Run) -> bool:
    """A run of a single-file format (Keras/plain CSV): its path is the file itself (a final-metrics JSON beside it,
    ``readers/json_summary.py``, gives no point and does not count)."""
    return bool(run.files) and run.files[0].path == run.path and \
        all(f.path == run.path or f.format in ("json_summary", COPY) for f in run.files)


def output_dir(run: Run, source_dir: str) -> str:
    """The ``dir`` value of a run's source in tables over a whole path.

    Directory runs: the run id joined with the source's ``dir`` ('' for the scanned path itself), like tbparse.
    File runs (Keras CSV, plain CSV): the run id, i.e. the file's relative path with its ``#N`` suffix, not the
    file's directory: two log files in one directory (or a CSV beside an event file) would otherwise share a dir and
    the later-wins rule would silently drop points of one of them; it also keeps appended Keras runs apart.
    """
    if is_file_run(run):
        return run.id
    prefix = "" if run.id == "." else run.id
    if not source_dir:
        return prefix
    return f"{prefix}/{source_dir}" if prefix else source_dir


def joined_twin_notes(run: Run) -> list:
    """One note per file of ``run`` that ``discover_twins`` brought in from a sibling version dir (Lightning's
    CSVLogger and TensorBoardLogger of one training, each given its own version)."""
    if run.format == "csv+csv":
        from .discover_csvpair import pair_notes  # losses.csv + metrics.csv of one history

        return pair_notes(run)
    if run.format in ("joblog+joblog", "joblog+joblog_dirs"):
        from .discover_jobpair import pair_notes as job_pair_notes  # train_log.txt + val_log.txt printed

        return job_pair_notes(run)
    if run.format == "joblog+joey_validations":
        from .discover_joeypair import pair_notes as joey_pair_notes  # Joey NMT's train.log + validations.txt

        return joey_pair_notes(run)
    if run.format == "csv+eval_csv":
        from .discover_evalpair import pair_notes as eval_pair_notes  # per-step train CSV + per-epoch eval CSV

        return eval_pair_notes(run)
    if run.format == "csv_epochs":
        from .discover_epochfiles import notes as epoch_notes  # losses0.csv .. losses9.csv: one run

        return epoch_notes(run)
    if run.format != "lightning_csv+tensorboard":
        return copy_notes(run)  # files left out as copies of one the run reads (W&B's of an event file)
    from .runs import Problem

    fs = filesystem_for(run.path)
    notes = []
    for file in run.files:
        if file.dir == "" and fs.parent(file.path) != run.path:
            other = fs.name(fs.parent(file.path))
            notes.append(Problem(file.path, f"{other} and {fs.name(run.path)} hold one training (Lightning gave its "
                                            "CSVLogger and TensorBoardLogger a version each: same hparams, same "
                                            f"points): read as one run, {run.id}, each series once"))
    return notes
