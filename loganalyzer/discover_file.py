"""The run(s) of one file given directly (``discover.discover`` on a file path): directory formats get id '.', file
formats the file's name; a file of no known name is sniffed whatever its name, and a file read as no run is said in
one line naming why. Split out of ``discover_group.py``.
"""
from __future__ import annotations

import os

from .discover import (
    LIGHTNING_METRICS, SNIFF_BYTES, TRAINER_STATE, _sniff_text, is_event_file, sniff_npy, sniff_npz, sniff_pickle, sniff_sqlite,
    sniff_torch_list,
    unread_table,
)
from .discover_binary import bare_history
from .discover_content import content_log
from .discover_group import _file_runs
from .discover_oddlog import odd_named, pasted_log
from .fs import LocalFileSystem, is_url
from .readers.keras_pickle import SUFFIXES as PICKLE_SUFFIXES, sniff as keras_pickle_sniff
from .discover_oddsuffix import pickle_stem
from .readers._discovery_names import SQLITE_SUFFIXES
from .runs import Problem, Run, SourceFile, UnreadLog, os_reason


# files people pass by mistake (newcomer29: `scan train.py` was read as a job log, `unknown` with scheduler advice):
# suffix -> what such a file is
SOURCE_FILES = {"py": "Python source file", "pyc": "compiled Python file", "sh": "shell script",
                "bash": "shell script", "yaml": "YAML config", "yml": "YAML config", "toml": "TOML config",
                "cfg": "config file", "ini": "config file"}


def _page_or_output(name: str, head: bytes) -> str | None:
    """What a file given by path is when it is a web page or this tool's own output, never a log: an HTML page
    (``.html``/``.htm`` or a ``<!DOCTYPE html>``/``<html`` start; a scan of it read the page's script and style
    numbers as curves: the newcomer's stop-62 ``scan out/report.html`` gave 9 invented runs) or the JSON ``scan
    --format json`` writes (``{"version": .., "config": .., "options": {"train_series": ..``). None otherwise."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:64].lower()
    if name.lower().endswith((".html", ".htm")) or start.startswith((b"<!doctype html", b"<html")):
        return "loganalyzer's own HTML report" if b"<title>loganalyzer report" in head else "an HTML page"
    if start.startswith(b"{") and b'"options": {' in head[:400] and b'"train_series":' in head[:600] \
            and b'"version":' in head[:64]:
        return "loganalyzer's own scan output (JSON)"
    return None


def _single_file(fs: LocalFileSystem, path: str, problems: list) -> list[Run]:
    """The run(s) of one file given directly: directory formats get id '.', file formats the file's name."""
    name = fs.name(path)
    parent = fs.parent(path)

    def one(fmt: str) -> list[Run]:
        return [Run(".", parent, fmt, (SourceFile(path, fmt),))]

    from .readers import _lfs

    if _lfs.small_pointer(fs, path, problems):  # a log kept in Git LFS, cloned without `git lfs pull`
        return []
    if is_event_file(name):
        return one("tensorboard")
    if name == TRAINER_STATE:
        return one("hf_trainer_state")
    if name.endswith(".wandb"):
        return one("wandb")
    if _is_mlflow_metric(fs, path):
        return one("mlflow")
    if name.lower().endswith(SQLITE_SUFFIXES):  # MLflow's mlflow.db: a run per MLflow run in it
        found = sniff_sqlite(fs, path, name, problems)
        if found is not None:
            return _file_runs(name, path, *found)
        if not any(p.path == path for p in problems):
            problems.append(Problem(path, "a database file that is no MLflow tracking store: not read"))
        return []
    try:
        head = fs.read_head(path, SNIFF_BYTES)
    except OSError as e:  # a file given by name that cannot be opened: a run that could not be read
        problems.append(UnreadLog(path, f"{os_reason(e)}; not checked for logs"))
        return []
    page = _page_or_output(name, head)
    if page is not None:  # an HTML page, or loganalyzer's own JSON output, given by mistake (nc62)
        problems.append(Problem(path, f"{page}, not a log file: give the training's logs or their folder"))
        return []
    if name.lower().endswith(PICKLE_SUFFIXES):  # given directly: a pickled Keras history.history, whatever its name
        return _file_runs(name, path, "keras_pickle", 1) if sniff_pickle(fs, path, name, problems, head) else []
    if pickle_stem(name) is not None and keras_pickle_sniff(head):  # history.p given directly (discover_oddsuffix):
        return _file_runs(name, path, "keras_pickle", 1)  # was read as a printed log (protocol 0) or passed over
    if found := bare_history(fs, path, name, head):  # <uuid>-UNet5-history (a pickled Keras history), open_lth logger
        return _file_runs(name, path, found, 1)
    if name.lower().endswith(".npy"):  # given directly: np.save of a Keras history.history, or a 1-D series
        return _file_runs(name, path, "keras_npy", 1) if sniff_npy(fs, path, name, problems, head) else []
    if name.lower().endswith(".npz"):  # given directly: np.savez of a Keras history.history, whatever its name
        return _file_runs(name, path, "keras_npz", 1) if sniff_npz(fs, path, name, problems, head) else []
    if name.lower().endswith((".pt", ".pth")):  # given directly: torch.save of a list of per-epoch numbers
        return _file_runs(name, path, "torch_list", 1) if sniff_torch_list(fs, path, name, problems, True) else []
    if name.lower().endswith(".ipynb"):  # a Jupyter notebook: its cells' printed outputs, never its JSON
        from .readers import notebook

        count = notebook.candidate_runs(fs, path, problems, head, given=True)
        return _file_runs(name, path, notebook.FORMAT, count) if count else []
    if b"brain.Event:" in head[:64]:  # an event file under another name: its first record is the file version
        return one("tensorboard")
    # given explicitly, the file is sniffed whatever its name
    said = len(problems)  # the sniff may say why the file is not read (a headerless CSV): no second, vaguer line
    found = _sniff_text(fs, path, name, problems, head)
    if found is not None:
        fmt, count = found
        if (fmt == "lightning_csv" and name == LIGHTNING_METRICS) or fmt == "sacred":
            return one(fmt)
        if fmt == "json_summary":  # alone: its reader says it is a summary, no history
            fmt = "json_history"
        return _file_runs(name, path, fmt, count)
    from .readers import _history_table, _joblog_files

    if name.lower().endswith(".csv") and _history_table.why(head) is not None:
        return []  # a sweep table of loss lists: said by the sniff, no job log
    what = SOURCE_FILES.get(name.lower().rsplit(".", 1)[-1]) if "." in name else None
    if what == SOURCE_FILES["py"] and odd_named(name) and pasted_log(fs, path, name):
        what = None  # result.py holding a pasted printed log, no code (discover_oddlog.pasted_log)
    if what is not None and not content_log(fs, path, name):  # a script or config given by mistake is no job's
        # output; a console pasted into notes.py is, and so is a job's output saved under a script's suffix (public
        # dktpublic172 assist_exp.sh: `python main.py ..` then 'Training steps: 10 Loss: 0.0133' and 'Test AUC: ..'
        # lines, no shell in it): decided by the content (discover_content), not by the suffix alone
        problems.append(Problem(path, f"a {what}, not a log file (the training script or its config?): give the "
                                      "log it wrote or its folder"))
        return []
    job_runs = _joblog_files.single(fs, path, name, head, problems)
    if job_runs:
        return job_runs
    if _joblog_files.wandb_own_log(path, name, head):
        problems.append(Problem(path, "W&B's own debug log (the library's bookkeeping and config dump, no training "
                                      "curves): not read; scan the run's run-*.wandb file or its folder"))
        return []
    unread = unread_table(fs, path, name, head) if head else None
    if unread is not None:  # a CSV log's header not UTF-8: that, never "not a log file" (newcomer41)
        problems.append(unread)
        return []
    if not head:  # given by name, 0 bytes: a run that could not be read, as an empty event file (discover_unread)
        problems.append(UnreadLog(path, "empty file"))
        return []
    why = _joblog_files._headerless.why_not(head)
    if why is None:  # metrics.csv.gz given by name: said compressed, not "no known name" (discover_compressed)
        from .discover_compressed import compressed_note
        why = compressed_note(name)
    if why is None and _joblog_files.log_named(name):  # train_log.txt: a known name, its content not read
        why = _joblog_files._not_a_log(head)
    if why or len(problems) == said:
        problems.append(Problem(path, why or "not a log file loganalyzer reads (no known name or content)"))
    return []


def _is_mlflow_metric(fs: LocalFileSystem, path: str) -> bool:
    """A file below a ``metrics/`` directory whose parent is an MLflow run dir (holds meta.yaml)."""
    here = fs.parent(path if is_url(path) else os.path.abspath(path))
    while (up := fs.parent(here)) != here:
        if fs.name(here) == "metrics":
            try:
                if fs.kind(fs.join(up, "meta.yaml")) == "file":
                    return True
            except OSError:
                return False
        here = up
    return False
