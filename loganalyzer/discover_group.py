"""Grouping the files ``discover`` found into runs, and the run(s) of one file given directly.

Split out of ``loganalyzer/discover.py`` (the rules are in its docstring); ``discover.discover`` calls ``_group`` and
``discover_file._single_file`` the run(s) of one file given directly.
"""
from __future__ import annotations

import re

from .discover import _CHECKPOINT, KERAS_SUBDIRS, LIGHTNING_METRICS, SNIFF_BYTES, TRAINER_STATE, ULTRALYTICS_TASKS, _ancestors, _checkpoint_order, _child, _parent, _relative, _Tree, is_event_file, natural_key
from .discover_mmengine import mmengine_run
from .discover_wandbdirs import _WANDB_RUN_DIR, _wandb_session, _wandb_sessions  # noqa: F401 (W&B session dirs)
from .fs import LocalFileSystem
from .runs import Problem, Run, SourceFile

# ---------------------------------------------------------------- grouping


class _Runs:
    """Sources collected per run root, with a key ordering them within the run."""

    def __init__(self, fs: LocalFileSystem, root: str):
        self.fs, self.root = fs, root
        self.sources: dict[str, list[tuple[tuple, SourceFile]]] = {}

    def full(self, rel: str) -> str:
        if rel == ".":
            return self.root
        return self.fs.join(self.root, rel.replace("/", self.fs.sep))

    def add(self, run: str, rel_file: str, fmt: str, order: tuple, dir: str = "") -> None:
        source = SourceFile(self.full(rel_file), fmt, dir)
        # sources of one dir stay together; within a dir, by format then the format's own write order
        self.sources.setdefault(run, []).append(((dir, fmt) + order, source))

    def build(self) -> list[Run]:
        runs = []
        for rel, items in self.sources.items():
            if len(items) == 1:  # most runs: nothing to sort, one format
                files = (items[0][1],)
                fmt = files[0].format
            else:
                items.sort(key=lambda item: item[0])
                files = tuple(source for _, source in items)
                fmt = "+".join(sorted({f.format for f in files}))
            runs.append(Run(rel, self.full(rel), fmt, files))
        return runs


def _event_owner(tree: _Tree, claimed: set[str]) -> dict[str, str]:
    """Run root of every event dir not claimed by an MLflow run or an HF ``runs/`` directory."""
    free = [d for d in tree.event_files if d not in claimed]
    # parent -> names of its children that hold event files (directly or below): a Keras/TF2 run's children are
    # only split names; a 'test' run beside 'baseline' and 'big_lr' is a run of its own, not a split of their parent
    children: dict[str, set[str]] = {}
    for d in free:
        child = d
        for ancestor in _ancestors(d):
            children.setdefault(ancestor, set()).add(child.rsplit("/", 1)[-1])
            child = ancestor
    def keras_run(parent: str) -> bool:
        """Whether ``parent``'s event-holding children are the splits of one Keras/TF2 run."""
        names = children.get(parent, set())
        if parent in tree.event_files or not names <= KERAS_SUBDIRS:
            return False
        if any(_child(parent, name) in tree.own_dirs for name in names):
            return False  # a split holds event files only
        if len(names) > 1 and "train" not in names:  # Keras (and SummaryWriter(f"{logdir}/train") scripts) write
            return False  # train/ beside the eval splits: valid/ + test/ alone are two writers (brk60 W6)
        # runs/detect/train: Ultralytics' first run of a task, not a Keras train/ split
        return not (names == {"train"} and parent.rsplit("/", 1)[-1] in ULTRALYTICS_TASKS)

    base = {}
    for d in free:
        parent = _parent(d) if d != "." else None
        keras = parent is not None and d.rsplit("/", 1)[-1] in KERAS_SUBDIRS and keras_run(parent)
        base[d] = parent if keras else d
    holders = set(base.values())
    owner = {}
    for d, b in base.items():
        top = b
        for ancestor in _ancestors(b):
            if ancestor in holders:
                top = ancestor
        owner[d] = top
    return owner


def _group(fs: LocalFileSystem, root: str, tree: _Tree, problems: list | None = None) -> list[Run]:
    runs = _Runs(fs, root)
    # AllenNLP's serialization dir; Hydra's job dir (files and job log: one job); mmengine's resumed work_dir;
    # GraphGym's <seed>/{train,val}/stats.json; Ludwig's experiment
    from . import discover_allennlp, discover_graphgym, discover_hydra, discover_ludwig, discover_mmengine

    graphgym = discover_graphgym.claim(tree, problems if problems is not None else [], runs.full)

    # MLflow runs: metric files, and every event dir below the run dir.
    claimed_by: dict[str, str] = {}
    for run_dir, metric_files in tree.mlflow_runs.items():
        for rel_file in metric_files:
            runs.add(run_dir, rel_file, "mlflow", (rel_file,))
        if not metric_files:
            runs.sources.setdefault(run_dir, [])
    if tree.mlflow_runs:
        for d in tree.event_files:
            for candidate in (d, *_ancestors(d)):
                if candidate in tree.mlflow_runs:
                    claimed_by[d] = candidate
                    break

    # HF output dirs; their runs/ event dirs.
    hf_files: dict[str, list[str]] = {}
    for d in tree.trainer_states:
        is_checkpoint = d != "." and _CHECKPOINT.match(d.rsplit("/", 1)[-1]) is not None
        hf_files.setdefault(_parent(d) if is_checkpoint else d, []).append(d)
    hf_sessions: set[str] = set()  # event dirs that are HF logging dirs output/runs/<date>_<host>: one per session
    for d in tree.event_files:
        if d in claimed_by:
            continue
        for ancestor in _ancestors(d):
            if ancestor.rsplit("/", 1)[-1] == "runs" and ancestor != "." and _parent(ancestor) in hf_files:
                claimed_by[d] = _parent(ancestor)
                if _parent(d) == ancestor:
                    hf_sessions.add(d)
                break
    by_runs_dir: dict[str, int] = {}
    for d in hf_sessions:
        by_runs_dir[_parent(d)] = by_runs_dir.get(_parent(d), 0) + 1
    hf_sessions = {d for d in hf_sessions if by_runs_dir[_parent(d)] > 1}  # one session keeps its own dir

    # mmengine's vis_data/ holding scalars.json and TensorboardVisBackend's event file: the log dir's run, read from
    # scalars.json alone (the event file holds the same dicts at the same steps, validation's at the epoch number)
    mmengine_vis: set[str] = set()
    mm_work = discover_mmengine.resumed(fs, tree.file_runs, runs.full, mmengine_run)  # resumed <stamp>/: one run
    for rel_file, fmt, _count in tree.file_runs:
        if fmt == "json_history" and (log_dir := mmengine_run(rel_file)) is not None and \
                _parent(rel_file) in tree.event_files and _parent(rel_file) not in claimed_by:
            mmengine_vis.add(_parent(rel_file))
            claimed_by[_parent(rel_file)] = mm_work.get(log_dir, log_dir)
    from .discover_wandb import claim_files, join_copies  # W&B's copies of the event files (sync_tensorboard)

    session_run = {d: run for run, items in _wandb_sessions(tree.wandb_runs, lambda d: d).items() for _, d, _ in items}
    wandb_files = claim_files(tree, claimed_by, session_run.get)  # event dir -> its dir below the W&B run's files/
    from .discover_catboost import add_sources, claim  # CatBoost's catboost_info/: one fit(), one run

    catboost = claim(tree, claimed_by)
    from . import discover_dvclive  # DVCLive's <dir>/plots/metrics/**.tsv (scalars/**.tsv): one run per dir

    dvclive = discover_dvclive.claim(fs, tree, runs.full)
    ludwig = discover_ludwig.claim(tree, claimed_by)
    allennlp = discover_allennlp.claim(tree)  # AllenNLP's metrics_epoch_<N>.json: one run per serialization dir
    owner = _event_owner(tree, set(claimed_by))
    owner.update(claimed_by)

    def root_of(d: str) -> str:
        """The run a directory-format log in ``d`` belongs to: the one owning d's event files, else d."""
        return owner.get(d, d)

    for d, names in tree.event_files.items():
        if d in mmengine_vis:
            continue
        run = owner[d]
        # a resumed HF job logs into a new runs/<date>_<host>/: its sessions are one dir ('runs'), the event files in
        # name (= start time) order, so combine's resume rules join them (load_sources.raw_dir keeps each apart raw)
        where = wandb_files[d] if d in wandb_files else _relative(_parent(d) if d in hf_sessions else d, run)
        for name in names:
            runs.add(run, _child(d, name), "tensorboard", natural_key(name), where)

    for output_dir, state_dirs in hf_files.items():
        run = root_of(output_dir)
        for d in state_dirs:
            order = (1, 0, "") if d == output_dir else _checkpoint_order(d)
            runs.add(run, _child(d, TRAINER_STATE), "hf_trainer_state", order, _relative(output_dir, run))

    for d in tree.lightning_dirs:
        run = root_of(d)
        runs.add(run, _child(d, LIGHTNING_METRICS), "lightning_csv", (), _relative(d, run))

    for run, sessions in _wandb_sessions(tree.wandb_runs, root_of).items():
        for order, d, name in sessions:
            runs.add(run, _child(d, name), "wandb", (order, name), _relative(d, run) if d == run else "")

    add_sources(runs, catboost, root_of)
    discover_dvclive.add_sources(runs, dvclive, root_of, fs)
    discover_ludwig.add_sources(runs, ludwig)
    discover_allennlp.add_sources(runs, allennlp, root_of, fs)
    discover_graphgym.add_sources(runs, graphgym, tree)
    # a YOLO results.csv beside its run's event files: the same training, one run (load_sources.keep_once)
    file_runs, summaries = [], []
    hydra = discover_hydra.claim(fs, tree, runs.full)
    for rel_file, fmt, count in tree.file_runs:
        d = _parent(rel_file)
        if rel_file in hydra:
            runs.add(d, rel_file, fmt, (), "")
        elif fmt == "json_summary":
            summaries.append(rel_file)
        elif fmt in ("csv", "keras_csv") and count == 1 and d in tree.event_files and (
                fmt == "csv" and rl_csv_twin(fs, runs.full(rel_file)) or _copies_events(runs, rel_file, d, tree, fmt)):
            runs.add(owner[d], rel_file, fmt, (), _relative(d, owner[d]))  # load_sources.keep_once: each once
        elif fmt == "ultralytics_csv" and count == 1 and d in tree.event_files:
            runs.add(owner[d], rel_file, fmt, (), _relative(d, owner[d]))
        elif fmt == "yolov5_txt" and d in tree.event_files:
            continue  # YOLOv5's results.txt beside the event file its train.py wrote: the same values, rounded
        elif fmt == "json_history" and d in tree.event_files and rel_file.rsplit("/", 1)[-1] == DETECTRON2_METRICS:
            # detectron2's JSONWriter and TensorboardXWriter write the same scalars of one training into OUTPUT_DIR;
            # a training launched again into it appends to metrics.json and opens another event file: the JSON's
            # trainings (iteration back to its start) are the event files' own, counted once (public
            # norlab-ulaval/droneSegmentation output/: 2 event files and metrics.json#1, #2 were 3 runs)
            runs.add(owner[d], rel_file, fmt, (), _relative(d, owner[d]))  # load_sources.keep_once: each once
        elif fmt == "json_history" and count == 1 and d in hf_files and rel_file.rsplit("/", 1)[-1] == LLAMAFACTORY_LOG:
            # LLaMA-Factory's LogCallback copies each HF log of the training into OUTPUT_DIR/trainer_log.jsonl
            # beside the Trainer's trainer_state.json: one training, one run (load_hflog: each series once)
            runs.add(root_of(d), rel_file, fmt, (), _relative(d, root_of(d)))
        elif fmt == "json_history" and (log_dir := mmengine_run(rel_file)) is not None:
            run = owner.get(d, mm_work.get(log_dir, log_dir))  # beside TensorboardVisBackend's event files: their run
            where = _relative(d, log_dir) if log_dir in mm_work else _relative(d, run)  # sessions: one place
            runs.add(run, rel_file, fmt, (log_dir,), where)
        elif fmt == "sacred":  # Sacred's FileStorageObserver: the run is <basedir>/<run id>/
            run = root_of(d)
            runs.add(run, rel_file, fmt, (), _relative(d, run))
        elif fmt == "json_history" and count == 1 and _MMCV_JSON.match(rel_file.rsplit("/", 1)[-1]):
            # mmcv 1.x's <work_dir>/<timestamp>.log.json: the work_dir is the run (its <timestamp>.log joins it;
            # a resumed training's sessions, one pair of files each, are its pieces in time order)
            run = root_of(d)
            runs.add(run, rel_file, fmt, (rel_file,), _relative(d, run))
        else:
            file_runs.append((rel_file, fmt, count))

    from .discover_quiet import add_quiet_runs  # a Lightning version dir whose job died before its first log

    add_quiet_runs(runs, tree.quiet_versions, root_of)
    summary_of: dict[str, list[str]] = {}  # file run id -> the summaries beside it
    for rel_file in summaries:  # one number per key: the summary of the run of its dir, alone read as a history
        d = _parent(rel_file)
        beside = [f for f, _fmt, count in file_runs if _parent(f) == d and count == 1]
        if root_of(d) in runs.sources:
            runs.add(root_of(d), rel_file, "json_summary", (), _relative(d, root_of(d)))
        elif len(beside) == 1 and len([f for f, *_ in file_runs if _parent(f) == d]) == 1:
            summary_of.setdefault(beside[0], []).append(rel_file)
        else:
            file_runs.append((rel_file, "json_history", 1))
    job_runs = []  # job logs: joined to the run of their directory, else runs of their own (readers/_joblog_files.py)
    if tree.job_logs:  # imported only for a tree that has some
        from .readers import _joblog_files

        job_logs = _joblog_files.without_wandb_output(tree.job_logs, set(tree.wandb_runs) | tree.wandb_history)
        job_logs = discover_mmengine.take_job_logs(job_logs, mm_work, runs.add) if mm_work else job_logs
        job_runs = _joblog_files.group(fs, job_logs, runs.sources, runs.full, runs.add, [])
        from .discover_jobpair import pair as pair_job_logs, pair_dirs  # train_log.txt + val_log.txt printed;
        from .discover_joeypair import pair as pair_joey  # Joey NMT's train.log + validations.txt: one run

        job_runs = pair_joey(pair_dirs(pair_job_logs(job_runs)))  # <dir>/train/log.txt + <dir>/val/log.txt: one run
    from .discover_mlflowname import named as mlflow_named  # mlruns/0/<uuid>#<run name>
    from .discover_wandbname import named as wandb_named  # wandb/offline-run-<time>-<id>#<wandb.init name>
    found = join_copies(fs, wandb_named(fs, mlflow_named(fs, runs.build(), tree.mlflow_runs, runs.full),
                                        tree.wandb_runs, runs.full)) + job_runs  # a TensorBoard logdir's run whose files W&B copied: that run
    from .discover_tbexports import join as join_exports, join_named, join_wandb  # run-.-tag-loss.csv + ..val_loss.csv

    file_runs, exported = join_exports(file_runs, runs.full)
    found.extend(exported)
    file_runs, exported = join_wandb(file_runs, runs.full)  # wandb_export_*.csv of one W&B run: one run
    found.extend(exported)
    file_runs, exported = join_named(fs, file_runs, runs.full)  # train_loss.csv + train_acc.csv TB exports: one run
    found.extend(exported)
    from .discover_epochfiles import join as join_epoch_files  # losses0.csv .. losses9.csv: one run

    file_runs, joined = join_epoch_files(file_runs, runs.full, fs)
    found.extend(joined)
    from .discover_historykeys import fold as fold_history
    from .discover_splitpair import pair  # <model>_train_loss.csv + <model>_val_loss.csv: one run, two splits

    file_runs, paired = pair(fs, file_runs, runs.full, problems)
    found.extend(fold_history(fs, paired))  # loss.txt, val_loss.txt, mad_loss.txt...: one Keras History, one run
    from .discover_formattwins import join as join_format_twins  # history.json + epoch_metrics.csv: one run

    file_runs, twins = join_format_twins(file_runs, runs.full, set(summary_of))
    found.extend(twins)
    from .discover_csvpair import join as join_csv_pair  # losses.csv + metrics.csv of one history: one run

    file_runs, pairs = join_csv_pair(file_runs, runs.full, set(summary_of))
    found.extend(pairs)
    from .discover_valcsvpair import join as join_val_pair  # x_loss_per_epoch.csv + val_loss_per_epoch.csv: one run

    file_runs, pairs = join_val_pair(file_runs, runs.full, set(summary_of))
    found.extend(pairs)
    from .discover_evalpair import join as join_eval_pair  # per-step train CSV + per-epoch eval CSV: one run

    file_runs, pairs = join_eval_pair(file_runs, runs.full, set(summary_of))
    found.extend(pairs)
    from .discover_jobside import join as join_job_side  # stdout.txt with no point beside logs.json: one run
    found, file_runs = join_job_side(fs, found, job_runs, file_runs, runs.full, set(summary_of))
    for rel_file, fmt, count in file_runs:
        found.extend(_file_runs(rel_file, runs.full(rel_file), fmt, count, [runs.full(f) for f in
                                                                            summary_of.get(rel_file, ())]))
    return found


# LLaMA-Factory (src/llamafactory/train/callbacks.py, LogCallback): one line per HF log, in the Trainer's output_dir
LLAMAFACTORY_LOG = "trainer_log.jsonl"
# detectron2 (detectron2/engine/defaults.py, default_writers): JSONWriter(os.path.join(output_dir, "metrics.json")) and
# TensorboardXWriter(output_dir), both fed every scalar of the EventStorage at the same iteration
DETECTRON2_METRICS = "metrics.json"
# mmcv 1.x TextLoggerHook (mmcv/runner/hooks/logger/text.py): json_log_path = f'{runner.timestamp}.log.json' in
# work_dir, beside the logger's f'{timestamp}.log' (mmdet/apis/train.py: time.strftime('%Y%m%d_%H%M%S'))
_MMCV_JSON = re.compile(r"\d{8}_\d{6}\.log\.json$")


def _copies_events(runs, rel_file: str, d: str, tree: _Tree, fmt: str = "csv") -> bool:
    """A pandas/hand-written CSV (or a Keras ``CSVLogger`` file, ``fmt`` keras_csv: a newcomer breaker's fit() with
    both callbacks into one folder was two runs) beside event files that holds their series
    (``discover_twins.csv_copy_of_events``; local files only: the one place, with the Lightning pair, that discovery
    opens an event file)."""
    from .discover_twins import csv_copy_of_events

    full = runs.full(rel_file)
    return "://" not in full and csv_copy_of_events(full, [runs.full(_child(d, n)) for n in tree.event_files[d]], fmt)


def rl_csv_twin(fs: LocalFileSystem, path: str) -> bool:
    """Whether the plain CSV ``path`` (beside event files) is an RL logger's copy of their training: its x axis is an
    RL step count (``plain_csv.RL_STEP_COLUMNS``: ``timesteps``, SB3's ``time/total_timesteps``), no step/epoch
    column. train-procgen-pytorch's Logger (public Bokai-Ji/ConceptPPO ``logs/<exp>/log.csv``) and SB3's
    ``configure(folder, ["csv", "tensorboard"])`` (``progress.csv``) write both into one log dir: one training, one
    run, each series once (``load_sources.keep_once``, renamed copies too)."""
    from .readers import plain_csv
    from .readers._text import head_line

    try:
        line = head_line(fs.read_head(path, SNIFF_BYTES))
    except OSError:
        return False
    if line is None:
        return False
    columns = plain_csv._header(line)[1]
    return plain_csv._pick(columns, plain_csv.STEP_COLUMNS) is None and plain_csv._pick(
        columns, plain_csv.RL_STEP_COLUMNS[:-2]) is not None  # not `episode`: a hand-written log's own axis


def _file_runs(run_id: str, path: str, fmt: str, count, summaries: list = ()) -> list[Run]:
    """The run(s) of a single-file log: the file, or one per segment: ``#1``, ``#2``... for appended runs,
    ``#<run name>`` for a W&B export of several runs (``count`` is then the tuple of their names). ``summaries``:
    final-metrics JSON files beside a one-run file (``readers/json_summary.py``), sources of that run."""
    labels = count if isinstance(count, tuple) else tuple(str(i + 1) for i in range(count))
    if len(labels) <= 1:
        extra = tuple(SourceFile(s, "json_summary") for s in summaries)
        return [Run(run_id, path, fmt if not extra else f"{fmt}+json_summary", (SourceFile(path, fmt), *extra))]
    return [Run(f"{run_id}#{label}", path, fmt, (SourceFile(path, fmt, "", i),)) for i, label in enumerate(labels)]


def _holds_more_than_events(entries) -> bool:
    """Whether a directory holds anything a Keras/TF2 split directory never does: a file other than event files
    (and the profiler's ``.profile-empty``), a sub-directory other than ``plugins``; hidden names do not count."""
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_dir and name != "plugins":
            return True
        if entry.is_file and not is_event_file(name) and not name.endswith(".profile-empty"):
            return True
    return False


def _mlflow_deleted(fs: LocalFileSystem, meta: str, problems: list) -> bool:
    """Whether an MLflow run's ``meta.yaml`` says ``lifecycle_stage: deleted`` (MLflow's FileStore writes it when a run
    is deleted, in the UI or with ``mlflow.delete_run``; the run's files stay until ``mlflow gc``). Such a run is
    left out with a one-line note naming it, as MLflow itself hides it; an unreadable meta.yaml leaves it in."""
    try:
        head = fs.read_head(meta, SNIFF_BYTES)
    except OSError:
        return False
    if re.search(rb"^lifecycle_stage:\s*['\"]?deleted", head, re.M) is None:
        return False
    problems.append(Problem(meta.rsplit("/", 1)[0], "an MLflow run deleted in MLflow (meta.yaml lifecycle_stage: "
                                                    "deleted): skipped, as MLflow hides it; `mlflow gc` removes it"))
    return True
