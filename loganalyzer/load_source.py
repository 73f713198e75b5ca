"""Reading one source file of a run with its format's reader (for ``load``): its bare columns and ``ReadResult``,
or the one ``Problem`` that kept it from being read (an empty file, a Git LFS pointer, permissions, a reader's
``UnreadableFile``; a reader bug becomes a Problem naming the reader, never a traceback for the user's file).
Split from ``load.py``; the names stay importable from there."""
from __future__ import annotations

import importlib

from .fs import filesystem_for, small_local
from .readers import ScalarColumns, UnreadableFile
from .readers._lfs import pointer_problem  # per file: no import statement in _read_source (~3 us)
from .runs import Problem, SourceFile, os_reason

# format name (SourceFile.format) -> reader module below loganalyzer.readers
READER_MODULES = {
    "tensorboard": "tensorboard",
    "lightning_csv": "lightning_csv",
    "keras_csv": "keras_csv",
    "hf_trainer_state": "hf_trainer_state",
    "mlflow": "mlflow",
    "mlflow_db": "mlflow_db",  # MLflow's SQL tracking store in one SQLite file (mlflow.db): a run per MLflow run
    "csv": "plain_csv",
    "csv_folds": "csv_folds",  # a cross-validation's per-fold lists, a row per fold: a run per fold (#fold<k>)
    "split_csv": "split_csv",  # one split of a run paired by file name (discover_splitpair): tags named by split
    "epoch_csv": "plain_csv",  # one epoch's file of a run saved one CSV per epoch (discover_epochfiles)
    "catboost_tsv": "plain_csv",  # CatBoost's learn_error.tsv/test_error.tsv: twins of its learn/, test/ event files
    "dvclive": "dvclive",  # DVCLive's <dir>/plots/metrics/<name>.tsv: the tag is the path below metrics/
    "dvclive_summary": "dvclive_summary",  # DVCLive's metrics.json (<dir>.json in 1.x): hparams summary/<path>
    "allennlp_epoch": "allennlp_epoch",  # AllenNLP's metrics_epoch_<N>.json: one epoch's points (discover_allennlp)
    "catboost_time": "catboost_time",  # CatBoost's time_left.tsv: no curve, one line says so (discover_catboost)
    "ultralytics_csv": "ultralytics_csv",
    "yolov5_txt": "yolov5_txt",  # YOLOv5's header-less results.txt, read as its later results.csv
    "wandb_csv": "wandb_csv",
    "rl_monitor": "rl_monitor",
    "deepxde_dat": "deepxde_dat",  # DeepXDE's loss.dat (save_loss_history): step, loss terms, test terms, metrics  # SB3/baselines Monitor's monitor.csv: one row per episode (r, l, t)
    "wandb": "wandb_run",
    "keras_npy": "keras_npy",  # np.save of history.history (a pickled object array, restricted unpickler) or a 1-D series
    "keras_npz": "keras_npz",  # np.savez of history.history: one numeric .npy member per metric (zipfile, no np.load)
    "torch_list": "torch_list",  # torch.save of a list of per-epoch floats (restricted unpickler; tensors: torch)
    "openlth_logger": "openlth_logger",  # open_lth's extension-less logger: name,iteration,value lines
    "keras_pickle": "keras_pickle",  # pickle.dump(history.history, f): read without running the pickle's code
    "json_history": "json_history",  # Keras json.dump(history.history), lists of per-epoch dicts, wandb-history.jsonl
    "sacred": "sacred",
    "json_summary": "json_summary",  # one number per key beside a run's history: its summary (hparams only)
    "lightning_died": "lightning_died",  # hparams.yaml of a Lightning version dir whose metrics.csv was never written  # Sacred FileStorageObserver's <run id>/metrics.json
    "joblog": "joblog",  # what a cluster job printed (slurm-*.out, ...): curves and the job's ending
    "joblog_console": "joblog",  # a console log whose points repeat its run's results file: the ending only
    "notebook": "notebook",  # a Jupyter notebook: its cells' printed outputs read as a job log
    "unread": "unread",  # a log discovery could not read (discover_unread): its error line, an unknown row
}


_READERS: dict = {}  # format -> its reader module, once imported


def _reader(fmt: str):
    if fmt not in _READERS:
        _READERS[fmt] = importlib.import_module(f".readers.{READER_MODULES[fmt]}", __package__)
    return _READERS[fmt]


def _os_problem(path: str, e: OSError) -> Problem:
    if isinstance(e, PermissionError):
        return Problem(path, "permission denied")
    if isinstance(e, IsADirectoryError):
        return Problem(path, "is a directory, not a file")
    if isinstance(e, FileNotFoundError):
        return Problem(path, "file not found (removed after discovery?)")
    return Problem(path, f"cannot read: {os_reason(e)}")


class _Source:
    """What one source file gave: its scalars (and histograms), or the Problem that kept it from being read."""

    __slots__ = ("file", "columns", "result", "histograms", "error", "facts", "raw_columns")

    def __init__(self, file: SourceFile):
        self.file = file
        self.columns = None  # ScalarColumns
        self.result = None  # ReadResult: problems, restarts, hparams
        self.histograms = None
        self.error: Problem | None = None
        self.facts = None  # a job log's ending facts (readers.joblog.JobFacts)
        self.raw_columns = None  # every point as logged, when ``columns`` averaged some (ReadResult.raw_scalars)


def _read_source(file: SourceFile, *, scalars: bool = True, histograms: bool = False) -> _Source:
    out = _Source(file)
    try:
        data = small_local(file.path)  # a small local file: its bytes, no context manager
        if data is not None:
            _read_data(out, file, data, scalars, histograms)
        else:
            with filesystem_for(file.path).open_bytes(file.path) as data:  # a big local file or an fsspec URL
                _read_data(out, file, data, scalars, histograms)
    except UnreadableFile as e:
        out.error = e.problem
    except OSError as e:
        out.error = _os_problem(file.path, e)
    except Exception as e:  # a reader bug must not become a traceback for the user's file
        out.error = Problem(file.path, f"internal error in the {file.format} reader: {type(e).__name__}: {e}")
    return out


def _read_data(out: _Source, file: SourceFile, data, scalars: bool, histograms: bool) -> None:
    """``_read_source``'s reading of the file's bytes ``data`` into ``out``."""
    if len(data) == 0:
        out.error = Problem(file.path, "empty file")
        return
    if (pointer := pointer_problem(data, file.path)) is not None:  # an MLflow metric file kept in Git LFS
        out.error = pointer
        return
    reader = _reader(file.format)
    if scalars:
        if file.format == "tensorboard":  # bare columns: no DataFrame per file
            out.columns, out.result = reader.read_columns(data, file.path)
        elif file.format in ("joblog", "joblog_console", "notebook"):  # one read: the curves and the ending facts
            out.columns, out.raw_columns, out.result, out.facts = \
                reader.read_job_columns(data, file.path, segment=file.segment)  # no DataFrame (no pandas)
        elif hasattr(reader, "read_columns"):  # the CSV readers: bare columns too
            if file.segment is not None:
                out.columns, out.result = reader.read_columns(data, file.path, segment=file.segment)
            else:
                out.columns, out.result = reader.read_columns(data, file.path)
        else:
            if file.segment is not None:
                out.result = reader.read(data, file.path, segment=file.segment)
            else:
                out.result = reader.read(data, file.path)
            out.columns = ScalarColumns.from_frame(out.result.scalars)
    if histograms and file.format == "tensorboard":
        out.histograms = reader.read_histograms(data, file.path)
