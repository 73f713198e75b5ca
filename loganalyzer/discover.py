"""``discover``: find the training runs under a path and the files that hold each one.

Only names are checked, plus the first bytes of candidate text files (``*.csv``, ``*.log``, ``*.tsv``, ``*.txt``,
``*.json``, ``*.jsonl``);
event files are never opened here (but for their first 64 bytes when under 1 KiB: a Git LFS pointer, see
``readers/_lfs.py``), so a tree of 100k files is listed in well under a second. A Git LFS pointer named like a log
(the repository cloned without ``git lfs pull``) is no run: a Problem names it.

Grouping rules (see docs/CONTRACTS.md for run ids):

- TensorBoard: every directory holding event files (``*tfevents*``, not ``*.profile-empty``, nothing under
  ``plugins/profile``) is a TensorBoard dir; its files are sources in name order (numbers in names compared as
  numbers, so ``.9`` comes before ``.10``). A TensorBoard dir below another directory that holds event files belongs
  to the topmost such ancestor's run (``add_scalars`` sub-directories, ``add_hparams`` timestamp directories), with
  ``SourceFile.dir`` its path relative to the run root. A dir named ``train``/``validation``/``val``/``eval``/``test``
  whose parent holds no event files of its own, and whose siblings holding event files are all such split names,
  makes the parent the run (Keras/TF2 layout), even when only ``train/`` exists; beside other runs
  (``runs/baseline``, ``runs/test``) it is a run of its own. A split dir holds event files only: one holding more
  (``results.csv``, ``args.yaml``, ``weights/``) is a run's own directory, and so is a lone ``train`` below an
  Ultralytics task dir (``runs/detect/train``: YOLOv8's default run name, even with only its event file kept).
- Lightning ``metrics.csv`` (``lightning_csv.sniff``): the run is its directory; event files there join it. A
  Lightning-shaped CSV under another name is a single-file run.
- HuggingFace ``trainer_state.json``: the run is the output directory, the parent of ``checkpoint-*`` when the file
  sits in one. All copies are sources of that one run, checkpoint step ascending, the output dir's own file last
  (the loader's later-wins then gives the union of the histories). Event files in the output dir itself and below
  ``OUTPUT/runs/`` (the Trainer's default ``logging_dir``) join the run.
- MLflow file store: a directory with ``meta.yaml`` and a ``metrics/`` sub-directory is a run; every file below
  ``metrics/`` is a source (``dir`` ''), event files anywhere below the run dir join it.
- W&B: a directory holding a ``run-<id>.wandb`` record log (``wandb/run-*/``, ``wandb/offline-run-*/``) is a run;
  ``wandb/latest-run`` (a link to the newest one) is skipped; the dirs of one resumed run (same id, one per session)
  are one run named by the newest dir, their files as sessions of one dir (``discover_group._wandb_sessions``). A W&B panel CSV export (``wandb_csv.sniff``) gives
  one run per W&B run in it: ``path#<run name>`` (just ``path`` when it holds one).
- Keras CSVLogger, Ultralytics ``results.csv`` and plain CSV files (``keras_csv.sniff``, ``ultralytics_csv.sniff``,
  ``plain_csv.sniff`` on the first 8 KB): one run per file, id = the file's relative path; a file holding several
  appended runs (the step/epoch counter going back to its start) gives ``path#1``, ``path#2``, ... with
  ``SourceFile.segment`` 0-based. A file whose first line is such a header is a run even when the rest cannot be
  parsed (a NUL byte, bytes that are not UTF-8): the loader then reports it, file and line, instead of skipping it.
  An Ultralytics ``results.csv`` (one training) in a directory holding event files is no run of its own: YOLOv5/v8
  write both for one training, so it is a source of the event files' run (``load_sources.keep_once`` takes each
  series once).
- JSON training histories (``json_history.sniff``: Keras' ``json.dump(history.history)``, a list of per-epoch dicts,
  JSON lines such as W&B's old ``wandb-history.jsonl``): one run per file, id = the file's relative path. mmengine's
  ``<log_dir>/vis_data/scalars.json`` is the run ``<log_dir>`` (its printed ``<timestamp>.log`` there joins it); the
  ``vis_data/<timestamp>.json`` beside it holds the same lines and is not read, nor is ``TensorboardVisBackend``'s
  event file there (the same points, validation's at the epoch number; ``discover_mmengine.mmengine_run``).
  mmcv 1.x's ``<work_dir>/<timestamp>.log.json`` is the run ``<work_dir>``, its ``<timestamp>.log`` joining it.
  detectron2's ``metrics.json`` in a directory holding event files (its TensorboardXWriter's, the same scalars) is
  a source of their run (``load_sources.keep_once`` takes each series once).
- Lightning ``CSVLogger`` + ``TensorBoardLogger`` with their default versions (``version_0`` the CSV,
  ``version_1`` the event file, one training): one run, the lower version's (``discover_twins``; the one place
  event files are opened here, only for such a pair).

Directories that cannot be listed and candidate files that cannot be read become Problems; the walk goes on.

This module walks the tree and sniffs files; grouping them into runs, and one file given directly, are in
``discover_group.py``.
"""
from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field

from .runs import Problem, Run, SourceFile, UnreadLog, os_reason, run_order  # noqa: F401  (SourceFile: still importable from here)


SKIPPED_DIRS = frozenset({".git", "__pycache__", ".venv", "node_modules"})
KERAS_SUBDIRS = frozenset({"train", "validation", "val", "valid", "eval", "test"})  # (valid: fastai/PyTorch scripts' SummaryWriter(f"{logdir}/valid"))
# Ultralytics' task directories: ``runs/<task>/train`` (then train2, train3, ...) is a run, not a Keras split
ULTRALYTICS_TASKS = frozenset({"detect", "segment", "classify", "pose", "obb"})
TEXT_SUFFIXES = (".csv", ".log", ".tsv", ".txt")
# A terminal's output saved as Markdown (terminal_output_300_epochs.md): a job log only when its head shows a
# progress bar, a YOLO epoch table or boosting eval lines (``_joblog_names.sniff``: a hyperopt search's LightGBM output
# saved as result20.md); any other *.md is a job log when its head holds two progress lines (readers/_joblog_md.py).
_LOG_MD = re.compile(r"(?i)(?:log|train|output|stdout|progress|terminal|console|result)[^/]*\.md$")
TRAINER_STATE = "trainer_state.json"
LIGHTNING_METRICS = "metrics.csv"

from .discover_paths import (  # noqa: E402,F401 (relative tree paths; importable from here)
    _CHECKPOINT, _DIGITS, _ancestors, _checkpoint_order, _child, _parent, _relative, is_event_file, natural_key)


# ---------------------------------------------------------------- file system access
# Local paths and fsspec URLs (s3://, gs://, file://, memory://): see loganalyzer/fs.py.
from .fs import LOCAL_FS, MMAP_THRESHOLD, DirEntry, LocalFileSystem, filesystem_for, is_url  # noqa: E402,F401
# What a candidate text file is (discover_sniff.py); the names stay importable from here
from .discover_sniff import (  # noqa: E402,F401
    _HF_STATE_KEY, JSON_SUFFIXES, NO_SUFFIX_LOG, SNIFF_BYTES, SNIFF_CACHE, _sniff_fresh, _sniff_text, _utf16_table,
    deepxde_loss, unread_table,
)
from .discover_oddlog import EXTENSIONLESS_SNIFF, extensionless_named, odd_log, odd_named, rotated_log, rotated_named  # noqa: E402,F401
from .discover_content import other_log  # noqa: E402 (workerlog.0, 0508_results.rb, err: a log of any name)
from .discover_unread import dead_entries  # noqa: E402
from .discover_links import _head_or_none, _link_inside, _log_txt, _printed_csv  # noqa: E402,F401 (the walk's helpers)

# MLflow 3's LoggedModel directory, mlruns/<experiment>/models/m-<32 hex>: meta.yaml and metrics/ as a run has,
# but each metric line carries the source run's id (4 fields) and repeats a line of that run (newcomer34)
_LOGGED_MODEL = re.compile(r"(^|/)models/m-[0-9a-f]{32}$")
from .discover_binary import (  # noqa: E402
    bare_history, sniff_npy, unnamed_npy_history, sniff_npz, sniff_pickle, sniff_sqlite, sniff_torch_list)
# The readers' names discovery asks (mlflow_db.SUFFIXES, unread.UTF16_TABLE, keras_npy/keras_pickle's history names)
# are imported by ``_walk``: ``import loganalyzer`` imports no reader (numpy, their regexes).


# ---------------------------------------------------------------- names


@functools.cache
def _printed():
    """The job-log sniffs (``readers._joblog_files`` and the *.txt/*.md/LaTeX checks), imported when a file's name
    or head first makes it a candidate: a tree without printed logs imports no job-log module (their regexes)."""
    from types import SimpleNamespace

    from .readers import _joblog_files
    from .readers._joblog_latex import latex_output
    from .readers._joblog_md import progress_md
    from .readers._joblog_txt import progress_txt

    return SimpleNamespace(sniff_file=_joblog_files.sniff_file, latex_output=latex_output, progress_md=progress_md,
                           progress_txt=progress_txt)


# ---------------------------------------------------------------- the walk


@dataclass
class _Tree:
    """What the walk found, by relative directory path."""

    event_files: dict[str, list[str]]
    trainer_states: list[str]  # dirs holding trainer_state.json
    lightning_dirs: list[str]  # dirs holding a Lightning metrics.csv
    mlflow_runs: dict[str, list[str]]  # run dir -> metric files (relative paths)
    file_runs: list[tuple[str, str, int]]  # (relative file path, format, segment count or W&B run names)
    wandb_runs: dict[str, list[str]] = field(default_factory=dict)  # dir -> its run-*.wandb files
    job_logs: list[str] = field(default_factory=list)  # job logs (slurm-*.out, *.err, ...): relative file paths
    # event dirs holding more than event files (a results.csv, args.yaml, weights/): a run's own directory, never
    # a Keras split (the TensorBoard callback's train/ and validation/ hold event files and plugins/ only)
    own_dirs: set = field(default_factory=set)
    wandb_history: set = field(default_factory=set)  # dirs holding an old W&B run's wandb-history.jsonl
    quiet_versions: list = field(default_factory=list)  # Lightning version dirs that logged nothing (discover_quiet)
    # each walked directory's entries in name order, by the walk's full path: discover_passed reads them instead of
    # listing a run's folder a second time (7,500 folders of the 10k bench tree: ~0.08 s of one process's discovery)
    listings: dict = field(default_factory=dict)


def _walk(fs: LocalFileSystem, root: str, problems: list, only: list[str] | None = None,
          top: str | None = None) -> _Tree:
    """The tree below ``root``; ``only``: just these directories below it (relative POSIX paths, in order).

    ``top``: the directory whose scan this walk is a part of (a shard's root; default ``root``). A symbolic link to
    a directory inside ``top``, or to ``top`` or one of its parents, is not followed (``_link_inside``): its files
    are walked once, at their own place and named by it, whatever the order of the walk or its shards -- the
    newcomer's stop-27 ``loop/up -> ..`` was walked again by the sharded walk (``--jobs 2``), its runs named through
    the link and each error listed twice. A link out of the tree is followed; ``seen`` walks each directory once."""
    from .discover_group import _holds_more_than_events, _mlflow_deleted
    from .discover_jsoncopy import json_copy
    from .discover_quiet import quiet_version
    from .readers import _lfs
    from .readers._printed_names import is_job_log_name  # the job-log sniffs: imported on a candidate's name
    from .readers._discovery_names import SQLITE_SUFFIXES
    from .readers._discovery_names import UTF16_TABLE
    from .readers.keras_npy import named_like_history as npy_history_name
    from .readers.keras_npz import named_like_history as npz_history_name
    from .readers.torch_list import SUFFIXES as TORCH_SUFFIXES, named_like_history as torch_history_name
    from .readers.keras_pickle import SUFFIXES as PICKLE_SUFFIXES, named_like_history as pickled_history_name
    from .discover_oddsuffix import odd_pickled_history, upper_csv

    tree, seen, real_top = _Tree({}, [], [], {}, []), set(), {}
    # (full path, relative path, MLflow run whose metrics/ this is below, or None)
    stack: list[tuple[str, str, str | None]] = [(root, ".", None)] if only is None else \
        [(fs.join(root, rel.replace("/", fs.sep)), rel, None) for rel in reversed(only)]
    from .readers._discovery_names import NOT_HISTORY  # JSON never a history: not even opened
    from .discover_sniff import listed_summary_name
    while stack:
        path, rel, metrics_of = stack.pop()
        try:
            identity = fs.dir_identity(path)
            if identity in seen:
                continue  # a symlink back into the tree
            seen.add(identity)
            entries = fs.list_dir(path)
        except OSError as e:
            problems.append(Problem(path, f"{os_reason(e)}; directory skipped"))
            continue
        entries.sort(key=lambda e: e.name)
        tree.listings[path] = entries
        if metrics_of is not None:
            # below an MLflow run's metrics/: every file is a metric (a '/' in a key is a sub-directory)
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_file:
                    tree.mlflow_runs[metrics_of].append(_child(rel, entry.name))
                elif entry.is_dir:
                    stack.append((fs.join(path, entry.name), _child(rel, entry.name), metrics_of))
            continue

        names = {e.name for e in entries if e.is_file}
        subdirs = [e.name for e in entries if e.is_dir and not (
            e.is_link and _link_inside(fs.join(path, e.name), top or root, real_top))]  # walked at its own place
        is_mlflow_run = "meta.yaml" in names and "metrics" in subdirs
        if is_mlflow_run and _LOGGED_MODEL.search(rel):
            continue  # an MLflow 3 logged model (models/m-<id>/): its metrics are copies of its run's, no run
        if is_mlflow_run and _mlflow_deleted(fs, fs.join(path, "meta.yaml"), problems):
            continue  # deleted in MLflow: the UI and the API hide it until `mlflow gc` removes it
        if is_mlflow_run:
            tree.mlflow_runs[rel] = []
        events, misses = [], {}  # misses: discover_content's refused files here, per suffix
        if fs is LOCAL_FS:  # a dangling link named like a log: an error line, not a silent skip
            dead_entries(entries, path, problems, lambda n: is_event_file(n) or n == TRAINER_STATE or is_job_log_name(n))
        for entry in entries:
            if not entry.is_file:
                continue
            name = entry.name
            event = is_event_file(name)  # (asked once: a TensorBoard run's walk is mostly its event files)
            if event or name == TRAINER_STATE or (name.startswith("run-") and name.endswith(".wandb")):
                if _lfs.small_pointer(fs, fs.join(path, name), problems):  # taken by name: a Git LFS pointer?
                    continue
            if event:
                events.append(name)
            elif name == TRAINER_STATE:
                tree.trainer_states.append(rel)
            elif name.startswith("run-") and name.endswith(".wandb"):
                tree.wandb_runs.setdefault(rel, []).append(name)
            elif not name.endswith(TEXT_SUFFIXES) and not name.startswith(".") and name != NO_SUFFIX_LOG \
                    and is_job_log_name(name) and not _printed().latex_output(name, names):  # paper.out by paper.tex
                if _printed().sniff_file(fs, fs.join(path, name), name, None, problems):
                    tree.job_logs.append(_child(rel, name))
            elif (low := name.lower()).endswith(JSON_SUFFIXES) and not name.startswith(".") and (
                    name not in NOT_HISTORY or listed_summary_name(fs, fs.join(path, name), name)):
                if json_copy(rel, name, names):
                    continue  # the same lines as vis_data/scalars.json / the event file beside it (discover_jsoncopy)
                if name == "wandb-history.jsonl":  # an old W&B run's history: its printed output.log is not read
                    tree.wandb_history.add(rel)
                if (found := _sniff_text(fs, fs.join(path, name), name, problems)) is not None:
                    tree.file_runs.append((_child(rel, name), *found))
            elif low.endswith(PICKLE_SUFFIXES) and not name.startswith(".") and pickled_history_name(name):
                if sniff_pickle(fs, fs.join(path, name), name, problems):  # pickle.dump(history.history, f)
                    tree.file_runs.append((_child(rel, name), "keras_pickle", 1))
            elif low.endswith(".npy") and not name.startswith(".") and (npy_history_name(name) or unnamed_npy_history(
                    fs, fs.join(path, name), names)):
                if sniff_npy(fs, fs.join(path, name), name, problems):  # np.save(f, history.history)
                    tree.file_runs.append((_child(rel, name), "keras_npy", 1))
            elif low.endswith(".npz") and not name.startswith(".") and npz_history_name(name):
                if sniff_npz(fs, fs.join(path, name), name, problems):  # np.savez(f, **history.history)
                    tree.file_runs.append((_child(rel, name), "keras_npz", 1))
            elif low.endswith(TORCH_SUFFIXES) and not name.startswith(".") and torch_history_name(name):
                if sniff_torch_list(fs, fs.join(path, name), name, problems):  # torch.save(loss_history, f)
                    tree.file_runs.append((_child(rel, name), "torch_list", 1))
            elif name.endswith(TEXT_SUFFIXES) and not name.startswith(".") or name == NO_SUFFIX_LOG or upper_csv(name):
                heads: list = []  # the head the sniff read: [bytes], [None] unreadable (reported), [] cache answered
                found = _sniff_text(fs, fs.join(path, name), name, problems, heads=heads)
                if found is None:  # a *.log that is no CSV may be a job's output (a *.txt is not looked at twice)
                    # one read per file: the job-log sniff reuses it; the sniff cache answered (a rescan): read here,
                    # or a *.txt taken for a log by its head alone (progress_txt) was lost at every rescan
                    head = heads[0] if heads else _head_or_none(fs, fs.join(path, name))
                    if heads != [None] and head is not None and _lfs.is_pointer(head):
                        continue  # reported by the sniff
                    if heads != [None] and (name.endswith(".log") or name == NO_SUFFIX_LOG or is_job_log_name(name)
                                            or _log_txt(name) or _printed_csv(name, head)
                                            or _printed().progress_txt(fs.join(path, name), name, head, problems, fs)) \
                            and _printed().sniff_file(fs, fs.join(path, name), name, head, problems):
                        tree.job_logs.append(_child(rel, name))
                    elif heads != [None] and _utf16_table(fs, fs.join(path, name), name, head):
                        problems.append(UnreadLog(fs.join(path, name), UTF16_TABLE))  # a run, not read
                    elif heads != [None] and (unread := unread_table(fs, fs.join(path, name), name, head)):
                        problems.append(unread)  # an empty *.csv, a CSV log's header not UTF-8: said, not skipped
                    continue
                fmt, count = found
                if fmt == "lightning_csv" and name == LIGHTNING_METRICS:
                    tree.lightning_dirs.append(rel)
                else:
                    tree.file_runs.append((_child(rel, name), fmt, count))
            elif low.endswith(SQLITE_SUFFIXES) and not name.startswith("."):
                if (found := sniff_sqlite(fs, fs.join(path, name), name, problems)) is not None:
                    tree.file_runs.append((_child(rel, name), *found))  # MLflow's mlflow.db: one run per run
            elif low.endswith(".ipynb") and not name.startswith("."):  # printed outputs of a notebook
                from .readers import notebook
                if count := notebook.candidate_runs(fs, fs.join(path, name), problems):
                    tree.file_runs.append((_child(rel, name), notebook.FORMAT, count))
            elif low.endswith(".md") and not name.startswith("."):  # pasted console output (_joblog_md)
                if _LOG_MD.search(name) and _printed().sniff_file(fs, fs.join(path, name), name, None, problems) \
                        or _printed().progress_md(fs, fs.join(path, name), name, problems):
                    tree.job_logs.append(_child(rel, name))
            elif odd_pickled_history(fs, fs.join(path, name), name, problems):  # loss_history.pickle.dat, history.p
                tree.file_runs.append((_child(rel, name), "keras_pickle", 1))
            elif low.endswith(".dat") and not name.startswith(".") and deepxde_loss(name, _head_or_none(
                    fs, fs.join(path, name)) or b""):  # DeepXDE's loss.dat (readers/deepxde_dat.py); else read on
                tree.file_runs.append((_child(rel, name), "deepxde_dat", 1))
            elif found := bare_history(fs, fs.join(path, name), name):  # <uuid>-UNet5-history (a pickle), logger
                tree.file_runs.append((_child(rel, name), found, 1))
            elif other_log(fs, fs.join(path, name), name, _printed, misses):  # any other name (discover_content):
                tree.job_logs.append(_child(rel, name))  # workerlog.0, 0508_results.rb, err, a log by its content
        if events:
            tree.event_files[rel] = sorted(events, key=natural_key) if len(events) > 1 else events
            if _holds_more_than_events(entries):
                tree.own_dirs.add(rel)
        elif quiet_version(tree, rel, fs.name(path), names, events):  # a Lightning job killed before its first log
            tree.quiet_versions.append((rel, LIGHTNING_METRICS in names))
        for name in reversed(subdirs):  # reversed: the stack pops them in name order
            if name.startswith(".") or name in SKIPPED_DIRS:
                continue
            if name == "latest-run" and any(d.startswith(("run-", "offline-run-")) for d in subdirs):
                continue  # W&B's link to its newest run directory, walked under its own name
            if name == "profile" and rel.rsplit("/", 1)[-1] == "plugins":
                continue  # the TF profiler's traces; its event files are placeholders
            child = _child(rel, name)
            if is_mlflow_run and name == "metrics":
                stack.append((fs.join(path, name), child, rel))
            else:
                stack.append((fs.join(path, name), child, None))
    return tree


# ---------------------------------------------------------------- entry point

_MOVED = frozenset({"_Runs", "_event_owner", "_group", "_file_runs"})
_MOVED_FILE = frozenset({"_single_file", "_is_mlflow_metric"})


def __getattr__(name: str):
    """The grouping helpers moved to ``discover_group.py`` stay reachable as ``discover.<name>``."""
    if name in _MOVED:
        from . import discover_group

        return getattr(discover_group, name)
    if name in _MOVED_FILE:
        from . import discover_file

        return getattr(discover_file, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def discover(path: str | os.PathLike, problems: list | None = None, *, top: str | None = None) -> list[Run]:
    """The runs under ``path`` (a directory, or one log file), sorted by run id.

    Directories that cannot be listed and candidate files that cannot be read are appended to ``problems`` (when
    given) as ``Problem``s; discovery goes on without them. Raises ``FileNotFoundError`` when ``path`` does not exist.
    A symbolic link to a directory inside the scanned tree (``top``, a shard's scan root; default ``path``) or to a
    parent of it is not followed: each file is found once, at its own place.
    """
    path = os.fspath(path)
    fs = filesystem_for(path)  # LOCAL_FS, or a RemoteFileSystem for an fsspec URL (s3://bucket/prefix)
    if problems is None:
        problems = []
    start = len(problems)
    try:
        kind = fs.kind(path)
    except PermissionError:
        problems.append(Problem(path, "permission denied; cannot tell what it is"))
        return []
    if kind is None:
        raise FileNotFoundError(f"no such file or directory: {path!r}")
    from .discover_file import _single_file  # one-file runs and grouping live beside this module
    from .discover_group import _group

    listings = None  # the walk's listings, for passed_over
    if kind == "file":
        runs = _single_file(fs, path, problems)
    else:
        from .discover_twins import join_logger_twins  # one training's CSV and TensorBoard loggers: one run

        walked = _walk(fs, path, problems, top=top)
        listings = walked.listings
        runs = join_logger_twins(fs, _group(fs, path, walked, problems))
    from .discover_unread import unread_runs  # logs that could not be read at all: a run each, "could not be read"

    runs += unread_runs(problems, start, path, kind == "file", {f.path for run in runs for f in run.files},
                         runs)
    from .discover_passed import passed_over  # a run folder's files no reader took: a line each, not silence
    passed_over(fs, path, runs, problems, kind, listings=listings)
    from .discover_compressed import compressed_logs  # metrics.csv.gz, slurm-1.out.gz: a line each, not silence
    compressed_logs(runs, problems, listings)
    return sorted(runs, key=lambda run: run_order(run.id))
