"""What a candidate text or JSON file is, from its first bytes (``discover``'s sniff): which reader takes it and how
many runs it holds, or None; remembered across scans by the store's sniff cache (``SNIFF_CACHE``). Split from
``discover.py``."""
from __future__ import annotations

import contextvars
import functools
import re

from .fs import LOCAL_FS, LocalFileSystem, small_local
from .runs import Problem, UnreadLog, os_reason
from .discover_summarytable import summary_table
from .discover_cutrows import past_lists
from .discover_csvfolds import fold_runs
from .discover_jsonmodels import _json_model_count  # several trainings in one JSON history

# How much of a candidate text file is read to decide what it is.
SNIFF_BYTES = 8192
JSON_SUFFIXES = (".json", ".jsonl")  # training histories saved as JSON (readers/json_history.py)
# A file named exactly ``log`` (no extension) is sniffed like its content: Chainer's ``extensions.LogReport`` writes a
# JSON list of dicts to ``<out>/log`` (ESPnet1: ``exp/*/results/log``), Keras' CSVLogger is often given that name
NO_SUFFIX_LOG = "log"
_HF_STATE_KEY = b'"log_history"'  # transformers' TrainerState.save_to_json: a top-level "log_history" list; its
# keys are sorted (json.dumps(sort_keys=True)), so "log_history" comes within the first few hundred bytes

# What a candidate text file was found to be, remembered across scans: the incremental store
# (loganalyzer.store.SniffCache) sets one for the scan; None: every file is sniffed. ``cache.sniff(path, fresh)``
# returns ``fresh()`` (calling it only when the file changed since it was last sniffed).
SNIFF_CACHE: contextvars.ContextVar = contextvars.ContextVar("loganalyzer_sniff_cache", default=None)


def _sniff_text(fs: LocalFileSystem, path: str, name: str, problems: list, head: bytes | None = None,
                heads: list | None = None):
    """(format, segment count) of a candidate text file, None when it is no log we read. ``heads``: a list that
    gets the first bytes read here (None when reading failed; nothing when the sniff cache answered)."""
    cache = SNIFF_CACHE.get()
    if cache is None:
        return _sniff_fresh(fs, path, name, problems, head, heads)
    return cache.sniff(path, lambda: _sniff_fresh(fs, path, name, problems, head, heads), problems)


# A CSV header can be wider than the sniff's first bytes: Lightning's CSVLogger writes a column per logged name, and a
# ``LearningRateMonitor`` over hundreds of parameter groups adds ``lr-AdamW/pg1`` ... ``lr-AdamW/pg394`` (public
# GeorgePearse/rf-detr-mask: a 9,608-byte header ``epoch,lr-FloatOnlyAdamW/pg1,...,step,train/class_error,...``).
# Cut at SNIFF_BYTES, its ``step`` column was never seen: the file went to the Keras reader (first column ``epoch``),
# which cut its one run into ten. Such a head is read again up to its first line's end (WIDE_HEADER_BYTES at most).
WIDE_HEADER_BYTES = 1 << 20


def _whole_header(fs: LocalFileSystem, path: str, name: str, head: bytes) -> bytes:
    """``head``, or more of the file when ``head`` is a CSV/TSV header cut before its line ended."""
    if len(head) < SNIFF_BYTES or b"\n" in head or not name.lower().endswith((".csv", ".tsv")):
        return head
    try:
        wider = fs.read_head(path, WIDE_HEADER_BYTES)
    except OSError:
        return head
    end = wider.find(b"\n")
    return head if end < 0 else wider[:end + 1 + SNIFF_BYTES]  # the header and as many bytes of rows as before


# a dict whose first value is a list: print(history.history) saved as history.txt (not a log of HF dict lines)
# (or a dict of such dicts, one a model or training: '{"training (1)": {"accuracy": [..], "loss": [..]}, ..}')
_DICT_OF_LISTS = re.compile(rb"""\{\s*(?:'[^'\n]{1,200}'|"[^"\n]{1,200}")\s*:\s*"""
                            rb"""(?:\{\s*(?:'[^'\n]{1,200}'|"[^"\n]{1,200}")\s*:\s*)?\[""")


# A results dict whose matrix comes before its history lists (a Keras project's results_recap.json, set 185:
# "loss": 0.17, "cm": [[406, 0, 1, ..], ..] a 37x37 confusion matrix written one number a line by json.dump(indent=4),
# then "history_train": {"loss": [..]}): its lists lie past the sniffed head, the file went unread while a sibling
# with a smaller matrix was read. Such a head (a dict, cut, holding a list of lists) is read again whole when small.
_MATRIX = re.compile(rb'"[^"\n]{1,200}"\s*:\s*\[\s*\[')
MATRIX_FILE_BYTES = 4 << 20


def _past_matrix(fs: LocalFileSystem, path: str, head: bytes) -> bytes:
    """The whole file when ``head`` is a cut JSON dict holding a matrix and the whole is a history by
    ``json_history.sniff``, else b"" (an unreadable file too: the reader says so when it is read)."""
    if len(head) < SNIFF_BYTES or head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] != b"{" or not _MATRIX.search(head):
        return b""
    try:
        whole = fs.read_head(path, MATRIX_FILE_BYTES + 1)
    except OSError:
        return b""
    from .readers import json_history

    return whole if len(whole) <= MATRIX_FILE_BYTES and json_history.sniff(path, whole) else b""


def _sniff_fresh(fs: LocalFileSystem, path: str, name: str, problems: list, head: bytes | None = None,
                 heads: list | None = None):
    _lfs, json_history, keras_csv, lightning_csv, plain_csv, ultralytics_csv, wandb_csv, wandb_own_log, sacred, _ = \
        _sniffers()
    if head is None:
        try:
            head = fs.read_head(path, SNIFF_BYTES)
        except OSError as e:  # named like a log: a run that could not be read (discover_unread), else a line
            problems.append((UnreadLog if _log_like(name) else Problem)(path, f"{os_reason(e)}; not checked for "
                                                                             "logs"))
            if heads is not None:
                heads.append(None)
            return None
        if heads is not None:
            heads.append(head)
    head = _whole_header(fs, path, name, head)
    if _lfs.is_pointer(head):  # a log kept in Git LFS, cloned without `git lfs pull`: no run, said so
        problems.append(_lfs.problem(path))
        return None
    if wandb_own_log(path, name, head):  # W&B's debug logs: its bookkeeping (a config dump), never a table
        return None
    if name == NO_SUFFIX_LOG and head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"[":
        name = "log.json"  # Chainer's LogReport (ESPnet1's exp/*/results/log): a JSON list of dicts named `log`
    # print(history.history) > history.txt: a dict; json.dump(history, "<time>-Logs.csv"): a dict named like a CSV
    # (DTU DDPM course project: {"epochs": [..], "loss": [..], "val_loss": [..], "FID": [..]} under a .csv name)
    if name.lower().endswith((".txt", ".csv")) and _DICT_OF_LISTS.match(head.lstrip(b"\xef\xbb\xbf \t\r\n")) \
            and json_history.sniff(name[:-4] + ".json", head):
        return ("json_history", _json_model_count(fs, path, head, problems))
    if name.lower().endswith(JSON_SUFFIXES):
        if sacred.sniff(name, head):  # Sacred FileStorageObserver: <run id>/metrics.json
            return ("sacred", 1)
        if name.lower().endswith(".json") and _HF_STATE_KEY in head and head.lstrip()[:1] == b"{":
            return ("hf_trainer_state", 1)  # a trainer_state.json saved under another name (trainer_state_first.json)
        if name.startswith("metrics_epoch_"):  # AllenNLP's per-epoch dicts: a dir's files one run (discover_allennlp)
            from .readers import allennlp_epoch

            if allennlp_epoch.sniff(name, head):
                return (allennlp_epoch.FORMAT, 1)
        if not json_history.sniff(name, head) and (whole := _past_matrix(fs, path, head)
                                                   or past_lists(fs, path, head, SNIFF_BYTES)):
            head = whole  # its history lists past a matrix (``_past_matrix``) or a record's lists (discover_cutrows)
        elif not json_history.sniff(name, head):
            from .readers._json_nested import why_by_epoch  # '{"ep1": {"0": 575981.94, ..}}': said, not guessed

            from .readers._unnamed_rows import why_json  # '[[200, 5.95, 6.02], ..]': said, not guessed

            if (why := why_by_epoch(head) or why_json(name, head)) is not None:
                problems.append(Problem(path, why))
            return None
        if len(head) < SNIFF_BYTES and _is_summary(head):
            return ("json_summary", 1)
        return ("json_history", _json_model_count(fs, path, head, problems))
    if name[-4:].lower() == ".dat" and head.lstrip()[:1] == b"#" and deepxde_loss(name, head):
        return "deepxde_dat", 1  # DeepXDE's loss.dat: '# step, loss_train, loss_test, metrics_test', a row a display
    if name.lower().endswith(".csv") and head.lstrip()[:1] == b"#" and _rl_monitor(name, head):
        return "rl_monitor", 1  # SB3/baselines Monitor: '#{"t_start": ...}' then 'r,l,t', a row per episode
    if name[:7].lower() == "results" and name[-4:].lower() == ".txt":  # YOLOv5's results.txt: no header
        from .readers import yolov5_txt

        if yolov5_txt.sniff(name, head):
            try:
                with fs.open_bytes(path) as data:
                    return "yolov5_txt", max(1, yolov5_txt.count_segments(data, path))
            except OSError as e:
                problems.append(UnreadLog(path, f"{os_reason(e)}; not checked for logs"))
                return None
            except Exception:  # UnreadableFile: the loader reports it when it reads the one run
                return "yolov5_txt", 1
    if wandb_csv.sniff(name, head):  # before the others: its header also has a 'Step' column
        try:
            with fs.open_bytes(path) as data:
                names = tuple(wandb_csv.run_names(data, path))
        except OSError as e:  # its head is a W&B export's: a run that could not be read
            problems.append(UnreadLog(path, f"{os_reason(e)}; not checked for logs"))
            return None
        except Exception:  # UnreadableFile: the loader reports it when it reads the one run
            names = ()
        return "wandb_csv", names if len(names) > 1 else 1
    if lightning_csv.sniff(name, head):
        return "lightning_csv", 1
    for fmt, reader in (("ultralytics_csv", ultralytics_csv), ("keras_csv", keras_csv), ("csv", plain_csv)):
        if not reader.sniff(name, head):
            continue
        if fmt in ("csv", "keras_csv") and _printed_log(head):  # "Epoch 1/3", "epoch: 1 loss: 0.8": a job's output
            return None
        if fmt == "csv" and (why := summary_table(name, head)) is not None:  # a sweep's results.csv, cv_summary.csv
            problems.append(Problem(path, why))
            return None
        # appended runs can only be counted over the whole file. A file that starts like a log but cannot be
        # parsed (a NUL byte further down) is still a run: the loader reports why, with the file and line.
        try:
            count = _count(fs, reader, path)  # the runs' id values when a column names them
        except OSError as e:  # its head is a CSV log's: a run that could not be read
            problems.append(UnreadLog(path, f"{os_reason(e)}; not checked for logs"))
            return None
        except Exception:  # UnreadableFile (or a reader bug): the loader reports it when it reads the one run
            count = 1
        return fmt, count if isinstance(count, tuple) else max(1, count)
    binary = _binary_at(head) if name.lower().endswith((".csv", ".tsv")) else None
    if binary is not None:  # a CSV name over random or binary bytes (a corrupt metrics.csv): listed, never skipped
        problems.append(Problem(path, f"binary data, not a CSV log ({binary})"))
        return None
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:64]:
        return None  # UTF-16 or binary: said by the caller (discover._utf16_table, the binary check), once
    from .readers._history_table import why as _histories  # cells holding whole loss lists: said, not dropped
    from .readers._unnamed_rows import why_csv as _why_rows  # no header / a runs' summary table: said so
    from .readers.unread import unnamed_history as _unnamed_history  # numbers under names: a run saying why

    if (folds := fold_runs(fs, path, name, head, problems)) is not None:  # a CV's lists, a row per fold
        return folds
    if name.lower().endswith(".csv") and (histories := _histories(head)) is not None:
        problems.append(Problem(path, histories))
    elif "loss" in name.lower() and name.lower().endswith((".csv", ".tsv")):  # named as a log of losses: say why not
        from .readers._loss_shapes import why_one_row  # one line of numbers: no pandas frame to guess

        problems.append(Problem(path, why_one_row(head) or "named like a loss log, but no column is named like a "
                                      "loss or a step (a pandas frame with columns 'train,valid'?): not read; name "
                                      "them train_loss ..."))
    elif name.lower().endswith(".csv") and (split_file := _numeric_split_file(fs, path, name, head)) is not None:
        problems.append(Problem(path, split_file))  # a split's headerless numbers: said, no run (_numeric_csv)
    elif name.lower().endswith((".csv", ".tsv")) and _LOG_NAMED.search(name.lower()) and not _printed_log(head):
        # a log we cannot read: said (a printed log under a CSV name is discover's job-log sniff's)
        problems.append(UnreadLog(path, "empty file (named like a training log): no header, no point")
                        if not head.strip() else  # a run that could not be read (discover_unread)
                        UnreadLog(path, unnamed) if (unnamed := _unnamed_history(path, head)) else  # numbers, no names
                        Problem(path, _why_rows(head) or "named like a training log, but its header names no step, "
                                      "epoch or loss column this tool knows: not read"))  # 33zzstar/UniTraj version_8
    return None


def _count(fs, reader, path: str):
    """``_run_ids.count`` of a CSV log's whole bytes: a small local file's as bytes without ``open_bytes``' context
    manager (~3 us a file of the walk's CSV logs; ``small_local`` gives the same bytes, the ``read_once`` ones
    included, and raises its errors), a bigger one's mapped by it."""
    data = small_local(path) if fs is LOCAL_FS else None
    if data is not None:
        return _sniffers()[-1].count(reader, data, path)
    with fs.open_bytes(path) as data:
        return _sniffers()[-1].count(reader, data, path)


def _numeric_split_file(fs, path: str, name: str, head: bytes) -> str | None:
    """Why a headerless split file beside a sibling split of its shape is not read (``_numeric_csv``); None."""
    from .readers._numeric_csv import split_file_why, split_siblings

    others = split_siblings(name)
    limit = SNIFF_BYTES * 64  # small files only (512 KB): both are read whole
    if not others or (len(head) >= SNIFF_BYTES and not head[:64].strip(b"0123456789.,-+eE \r\n") == b""):
        return None  # (a big file's head must be numbers too, before more of it is read)
    siblings = []
    for other in others:
        sibling = fs.join(fs.parent(path), other)
        try:
            data = fs.read_head(sibling, limit) if fs.may_exist(sibling) else b""
        except OSError:
            continue
        siblings.append(data)
    try:
        data = fs.read_head(path, limit)
    except OSError:
        return None
    return split_file_why(data, [s for s in siblings if 0 < len(s) < limit]) if len(data) < limit else None


def _binary_at(head: bytes) -> str | None:
    """Why the first bytes of a file named like a table are binary data ('NUL byte at offset 12'), None for text
    (a table in another encoding included: UTF-16 starts with a BOM and is said elsewhere)."""
    if not head or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    nul = head.find(b"\0")
    if nul >= 0:
        return f"NUL byte at offset {nul}"
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return f"{controls} control bytes in the first {len(head):,}" if controls > len(head) // 10 else None


# A CSV file named like a metrics log (training_metrics.csv, train_log.csv, history.csv, 训练日志.csv): said when it
# gives no run (``_sniff_fresh``), never silently skipped
def _log_like(name: str) -> bool:
    """A file named like a training log (``*.log``, ``metrics.csv``, ``train_log.txt``, ``history.json``...): one
    that cannot be opened is a run that could not be read (``discover_unread``), not only an error line."""
    low = name.lower()
    return low.endswith(".log") or _LOG_NAMED.search(low) is not None


_LOG_NAMED = re.compile(r"metric|histor|scalars|curve|(?:^|[^a-z])logs?(?:[^a-z]|$)|(?:train|training|fit|epoch|step|eval|val)_?log|日志|指标|ログ|로그")


@functools.cache
def _sniffers() -> tuple:
    """The modules ``_sniff_fresh`` asks, imported once (a ``from`` import there cost ~5 us a file)."""
    from .readers import (
        _lfs, _run_ids, json_history, keras_csv, lightning_csv, plain_csv, sacred, ultralytics_csv, wandb_csv,
    )
    from .readers._printed_names import wandb_own_log

    return (_lfs, json_history, keras_csv, lightning_csv, plain_csv, ultralytics_csv, wandb_csv, wandb_own_log, sacred,
            _run_ids)


# transformers' Trainer.save_metrics file names (flat {"train_loss": 0.86, ...}: never opened by name, json_history's
# NOT_HISTORY); a script's own results dump saved under one of them holds lists (public chasing-doctor/d2nn-multitask
# all_results.json: 12 experiments x 5 seeds, each with its per-epoch history) and is sniffed as any JSON
HF_SUMMARY_NAMES = frozenset({"all_results.json", "train_results.json", "eval_results.json"})
_LIST_VALUE = re.compile(rb'"\s*:\s*\[')


def listed_summary_name(fs: LocalFileSystem, path: str, name: str) -> bool:
    """Whether ``name`` is one of HF's summary names (``HF_SUMMARY_NAMES``) but the file's first bytes hold a list
    value (``"loss": [``): no summary, so discovery sniffs it as any JSON. False when the head cannot be read (the
    file stays unread as before: a summary is no run)."""
    if name not in HF_SUMMARY_NAMES:
        return False
    try:
        head = fs.read_head(path, SNIFF_BYTES)
    except OSError:
        return False
    return _LIST_VALUE.search(head) is not None


def deepxde_loss(name: str, head: bytes) -> bool:
    """Whether ``name``/``head`` is DeepXDE's saved loss history (``readers/deepxde_dat.py``)."""
    from .readers import deepxde_dat

    return deepxde_dat.sniff(name, head)


def _rl_monitor(name: str, head: bytes) -> bool:
    from .readers import rl_monitor

    return rl_monitor.sniff(name, head)


def _is_summary(head: bytes) -> bool:
    from .readers.json_summary import is_summary  # one number per key: a run's final metrics, no history

    return is_summary(head)


def _printed_log(head: bytes) -> bool:
    return _printed_log_check()(head)


@functools.cache
def _printed_log_check():
    """``_printed_names.printed_log``, imported once (an import statement a CSV file cost ~2 us)."""
    from .readers._printed_names import printed_log

    return printed_log


def _utf16_table(fs: LocalFileSystem, path: str, name: str, head: bytes | None) -> bool:
    """A CSV file saved as UTF-16 (Excel's 'Unicode text', PowerShell's ``>``): the CSV readers take UTF-8 only."""
    from .readers import _joblog_names

    try:
        head = fs.read_head(path, SNIFF_BYTES) if head is None else head
    except OSError:
        return False
    if head[:2] not in _joblog_names.UTF16_BOMS:
        return False
    return _sniff_fresh(fs, path, name, [], _joblog_names.utf8(head, cut=True)) is not None


def unread_table(fs: LocalFileSystem, path: str, name: str, head: bytes | None) -> Problem | None:
    """Why a ``*.csv``/``*.tsv`` that no reader took is not read, where it would otherwise pass in silence: 0 bytes
    (one line), or a first line that is not UTF-8 (Latin-1 ``époque,perte``) over what a CSV reader takes once
    decoded as cp1252 (a run that could not be read: ``discover_unread``; newcomer41); a ``losses.txt`` of bare
    numbers (``discover_unnamed``). None for anything else."""
    from .readers._text_clean import header_not_utf8

    if not name.lower().endswith((".csv", ".tsv")) or head is None or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        from .discover_unnamed import unnamed_numbers  # losses.txt of bare numbers: said, not skipped
        return unnamed_numbers(path, name, head)
    if not head:  # (one named like a log is said by the sniff: a run that could not be read)
        return None if _LOG_NAMED.search(name.lower()) else Problem(path, "not read: empty file (0 bytes)")
    why = header_not_utf8(head)
    if why is None:
        return None
    first, _, rest = head.partition(b"\n")
    decoded = first.decode("cp1252", errors="replace").encode("utf-8") + b"\n" + rest.decode(
        "utf-8", errors="replace").encode("utf-8")
    return UnreadLog(path, why) if _sniff_fresh(fs, path, name, [], decoded) is not None else None
