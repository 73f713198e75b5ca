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


_BARE_HISTORY = re.compile(r"(?i)(?:^|[-_])hist(?:ory)?$")  # UNet5-history, history, train_hist: no suffix


def bare_pickled_history(fs: LocalFileSystem, path: str, name: str, head: bytes | None = None) -> bool:
    """Whether an extension-less file named like a history (``<uuid>-UNet5-history``, ``history``) is a pickled dict:
    ``pickle.dump(history.history, open(path, "wb"))`` with no suffix (XinyanFan-hub/field-boundary-delineation saves
    its Keras ``History`` so). Its first bytes only, as ``sniff_pickle``; a file that is no pickled dict is left to the
    content sniff (a text log named ``history`` is one), and one that cannot be read is left to it too (it says so)."""
    if "." in name or not _BARE_HISTORY.search(name):
        return False  # (before the import statement: every file of no known name asks, ~2 us a file)
    from .readers import keras_pickle

    if head is None:
        try:
            head = fs.read_head(path, 64)
        except OSError:
            return False
    return keras_pickle.sniff(head)


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
