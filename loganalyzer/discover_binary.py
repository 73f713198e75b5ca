"""Sniffs of binary history files (``discover``'s sniff for files that are not text): an MLflow SQLite store, a
pickled ``history.history`` dict, NumPy ``.npy``/``.npz`` histories, torch-saved lists. Each looks at a file's first
bytes (a torch.save archive: its member list) only and never unpickles or loads; a file that is not what its name
says is named in ``problems``. Split from ``discover_sniff.py``."""
from __future__ import annotations

import re

from .fs import LocalFileSystem
from .runs import Problem, os_reason


def sniff_sqlite(fs: LocalFileSystem, path: str, name: str, problems: list):
    """("mlflow_db", run labels or 1) for an MLflow tracking store in a SQLite file (``readers/mlflow_db.py``);
    None for any other file (a SQLite database of something else is no log: not said). A store that cannot be
    read is said in one line and gives no run."""
    from .readers import UnreadableFile, mlflow_db

    try:
        if not mlflow_db.sniff(name, fs.read_head(path, 16)):
            return None
        with fs.open_bytes(path) as data:
            names = mlflow_db.run_names(data, path)
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
        return None
    except UnreadableFile as e:
        if "no MLflow tracking store" not in e.problem.message:
            problems.append(e.problem)
        return None
    if not names:
        problems.append(Problem(path, "an MLflow store with no active run"))
        return None
    return "mlflow_db", names if len(names) > 1 else 1


def sniff_pickle(fs: LocalFileSystem, path: str, name: str, problems: list, head: bytes | None = None) -> bool:
    """Whether a ``*.pkl``/``*.pickle`` file is a pickled dict (``pickle.dump(history.history, f)``) or list (a GAN
    loop's ``pickle.dump(losses, f)``): its first bytes
    only, never unpickled here (``readers/keras_pickle.py`` reads it without running a pickle's code). One that is
    not is named in ``problems``."""
    from .readers import keras_pickle

    if head is None:
        try:
            head = fs.read_head(path, 64)
        except OSError as e:
            problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
            return False
    if keras_pickle.sniff(head):
        return True
    problems.append(Problem(path, "a pickle named like a training history that is no pickled dict or list: not read "
                                  "(only pickle.dump(history.history, f) or of a list of losses is; save "
                                  "history.history as JSON or use CSVLogger)"))
    return False


# UNet5-history, history, train_hist, and the name the most-copied Keras answer gives it, trainHistoryDict
# (`pickle.dump(history.history, open('trainHistoryDict', 'wb'))`, stackoverflow.com/q/41061457): "hist" anywhere in
# a name with no suffix. Only a name match is sniffed (64 bytes), and only a pickled dict/list is taken.
_BARE_HISTORY = re.compile(r"(?i)hist")


def bare_pickled_history(fs: LocalFileSystem, path: str, name: str, head: bytes | None = None) -> bool:
    """Whether an extension-less file is a pickled Keras history: ``pickle.dump(history.history, open(path, "wb"))``
    with no suffix. Named like a history ("hist" anywhere in the name: ``<uuid>-UNet5-history``, ``history``:
    XinyanFan-hub/field-boundary-delineation; the tutorial idiom's ``trainHistoryDict``), a pickled dict or list is
    enough (``keras_pickle.sniff``); of any other name (``temp_data``-like names of set 210's 17 such runs) the dict's
    first key must be a metric's (``discover_barepickle.history_key``). The first 64 bytes only, never unpickled here;
    a file that is neither is left to the content sniff (a text log named ``history`` is one), and one that cannot be
    read is left to it too (it says so)."""
    if "." in name or name.startswith(".") or name.endswith("~"):
        return False  # (before the import statement: every file of no known name asks, ~2 us a file)
    from .readers import keras_pickle

    if head is None:
        try:
            head = fs.read_head(path, 64)
        except OSError:
            return False
    if _BARE_HISTORY.search(name):
        return keras_pickle.sniff(head)
    from .discover_barepickle import history_key

    return history_key(head)


def bare_history(fs: LocalFileSystem, path: str, name: str, head: bytes | None = None) -> str | None:
    """The format of an extension-less history file, or None: a pickled Keras history named like one
    (``bare_pickled_history``: "keras_pickle"), or open_lth's ``logger`` text file (``readers/openlth_logger.py``:
    "openlth_logger", by its name and first line). Unreadable or other files: None, left to the content sniff."""
    if bare_pickled_history(fs, path, name, head):
        return "keras_pickle"
    if name != "logger":
        return None
    from .readers import openlth_logger

    try:
        head = head if head is not None else fs.read_head(path, 256)
    except OSError:
        return None
    return openlth_logger.FORMAT if openlth_logger.sniff(name, head) else None


def _numpy_head(fs: LocalFileSystem, path: str, problems: list, head: bytes | None) -> bytes | None:
    """The first 4 KiB of a NumPy file for its sniff, or None with the reason in ``problems`` (unreadable, or a Git
    LFS pointer)."""
    from .readers import _lfs

    if head is None or len(head) < 4096:
        try:
            head = fs.read_head(path, 4096)
        except OSError as e:
            problems.append(Problem(path, f"{os_reason(e)}; not checked for logs"))
            return None
    if _lfs.is_pointer(head):
        problems.append(_lfs.problem(path))
        return None
    return head


def sniff_npz(fs: LocalFileSystem, path: str, name: str, problems: list, head: bytes | None = None) -> bool:
    """Whether a ``*.npz`` file is a ZIP archive (``readers/keras_npz.py`` reads its members); one that is not (a
    Git LFS pointer, another file) is named in ``problems``."""
    from .readers import keras_npz

    head = _numpy_head(fs, path, problems, head)
    why = "" if head is None else keras_npz.why_not(head)
    if why:
        problems.append(Problem(path, f"{why}: not read"))
    return why is None


def sniff_npy(fs: LocalFileSystem, path: str, name: str, problems: list, head: bytes | None = None) -> bool:
    """Whether a ``*.npy`` file is a NumPy-saved history (``readers/keras_npy.py``): its header only, never loaded
    here. One that is not (a Git LFS pointer, another array) is named in ``problems``."""
    from .readers import keras_npy

    head = _numpy_head(fs, path, problems, head)
    if head is None:
        return False
    why = keras_npy.why_not(name, head)
    if why is None:
        return True
    problems.append(Problem(path, f"{why}: not read (only np.save of history.history, or one metric's 1-D series "
                                  "named like train_loss.npy, or a (points, 2-8) or (2-4, 20+ points) table "
                                  "named like losses.npy, is read)"))
    return False


def sniff_torch_list(fs: LocalFileSystem, path: str, name: str, problems: list, say: bool = False) -> bool:
    """Whether a ``*.pt``/``*.pth`` file named like a history is a ``torch.save`` of a list/dict of numbers
    (``readers/torch_list.py``; the archive's member list only, nothing unpickled here). A checkpoint is no history:
    said in one line only when the file's name says ``hist`` (``loss_history.pt``) or ``say`` (a file given
    directly), else not a candidate at all."""
    from .readers import torch_list

    try:
        with fs.open_bytes(path) as data:
            why = torch_list.why_not(data)
    except OSError as e:
        problems.append(Problem(path, f"{os_reason(e)}; not checked for a history"))
        return False
    if why is not None and (say or "hist" in name.lower()):
        problems.append(Problem(path, f"{why}: not read (only torch.save of a list of per-epoch numbers is read)"))
    return why is None


# a pickled dict's first key: EMPTY_DICT, an optional memo put (BINPUT/LONG_BINPUT/MEMOIZE), MARK, then the key as
# BINUNICODE (protocol 3, np.save's) or SHORT_BINUNICODE (protocol 4+)
_DICT_KEY = re.compile(rb"\}(?:q.|r.{4}|\x94)?\((?:X(.{4})|\x8c(.))", re.S)
_LOSS_KEY = re.compile(r"(?i)(?:^|_)loss(?:$|_)")
MAX_UNNAMED_NPY = 16  # a folder of more .npy files is data (features, embeddings): no unnamed one is opened


def unnamed_npy_history(fs: LocalFileSystem, path: str, names) -> bool:
    """Whether a ``*.npy`` of no history-like name (``architecture_trial_resnet18.npy``) is ``np.save`` of a Keras
    ``history.history`` dict: a 0-d object array (header ``'descr': '|O'``, ``'shape': ()``) whose pickled payload's
    first dict key is a loss (``loss``, ``train_loss``; set 203's spacenetseg saves ``{'loss', 'iou_score',
    'val_loss', 'val_iou_score'}`` so, each per-epoch list). The first 4 KiB only, nothing unpickled; opened only in a
    folder (``names``: its file names) of at most ``MAX_UNNAMED_NPY`` ``.npy`` files. Any other file is not a candidate (not said: a .npy is data
    unless its name or this shape says otherwise); one that cannot be read is not either."""
    from .readers import keras_npy

    npy = (n for n in names if n[-4:].lower() == ".npy")  # stops at the 17th: a folder of data costs 17 names
    if sum(1 for _ in zip(range(MAX_UNNAMED_NPY + 1), npy)) > MAX_UNNAMED_NPY:
        return False
    try:
        head = fs.read_head(path, 4096)
    except OSError:
        return False
    found = keras_npy.header(head)
    if found is None or found[0].get("shape") != () or not str(found[0].get("descr", "")).endswith("O"):
        return False
    match = _DICT_KEY.search(head, found[1], found[1] + 400)  # the ndarray's reconstruct preamble is ~170 bytes
    if match is None:
        return False
    size = int.from_bytes(match.group(1) or match.group(2), "little")
    key = head[match.end():match.end() + size].decode("utf-8", "replace")
    return bool(_LOSS_KEY.search(key))
