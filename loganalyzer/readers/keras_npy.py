"""A Keras history saved with NumPy: ``np.save('history.npy', history.history)`` (a 0-d object array holding the
dict of per-epoch lists), or one numeric 1-D array saved under a metric's name (``np.save('train_loss.npy', losses)``).

An object array's payload is a pickle: it is read by ``keras_pickle``'s restricted unpickler (plain containers,
numbers and numpy values rebuilt from their bytes; nothing a pickle names is ever called), never ``np.load``. The
``.npy`` header is a Python literal read with ``ast.literal_eval``. The history is then read as its JSON twin
(``json_history``: a dict of per-epoch lists, the epoch the step); a 1-D array is the series named by the file's stem;
a 2-D numeric array of 2-8 columns named like losses (``np.save('losses.npy', np.array(losses))`` of a GAN loop's
``(d_loss, g_loss)`` tuples, set 195's vanillagan/animegan) is one series per column (``_loss_columns``); one of 2-4
ROWS of 20 or more points (``np.save('meta-test-loss.npy', np.array([losses, accs]))``, public narumaml197's
(2, 1000) MAML meta-test loss and accuracy) is one series per row (``_loss_columns.read_rows``), as is one named
like a history (``history.npy`` of four rows: a Keras history's accuracies and losses, ``_history_rows``).
"""
from __future__ import annotations

import ast
import re

from ..runs import Problem
from . import ReadResult, UnreadableFile, _loss_columns

SUFFIXES = (".npy",)
MAGIC = b"\x93NUMPY"
_NUMERIC = re.compile(r"[<>|=]?[fiu]\d{1,2}")
# named like a history (history.npy, hist.npy, training_log.npy) or like one metric's series (train_loss.npy, val_acc.npy)
_HISTORY_NAME = re.compile(r"(?i)(?:hist|log|metric|training)[^/]*\.npy$")
_SERIES_NAME = re.compile(r"(?i)(?:^|[_\-.])(?:loss(?:es)?|acc(?:uracy)?|accs|reward(?:s)?)(?:[_\-.][^/]*)?\.npy$")


# one metric of one split, either order, as a trainer saving each epoch's scores names them (public hgfpqm9167:
# ``rmse_tr.npy``, ``rmse_vl.npy``, ``r2_tr.npy`` beside ``loss.npy``): read only beside a loss array
# (``discover_npysplits``), never as a run alone
_METRIC_WORDS = frozenset({"loss", "losses", "acc", "accuracy", "rmse", "mse", "mae", "r2", "auc", "f1", "iou", "dice", "err",
                           "error", "ppl", "mape"})
_ACC_WORDS = frozenset({"acc", "accs", "accuracy", "accuracies"})  # an accuracy's 1-D history: a series by index
_SPLIT_WORDS = frozenset({"tr", "trn", "train", "training", "vl", "va", "val", "valid", "validation", "te", "tst",
                          "test", "dev"})


def split_metric_name(name: str) -> bool:
    """Whether a ``*.npy`` file's name is a metric word and a split word (``rmse_vl.npy``, ``val_acc.npy``)."""
    if not name.lower().endswith(".npy"):
        return False
    words = [w for w in re.split(r"[_\-.]+", name[:-4].lower()) if w]
    return len(words) == 2 and {words[0] in _METRIC_WORDS, words[1] in _METRIC_WORDS} == {True, False} \
        and (words[0] in _SPLIT_WORDS or words[1] in _SPLIT_WORDS)


def _words(stem: str) -> list[str]:
    return [w for w in re.split(r"[_\-.]+", stem.lower()) if w]


def named_like_history(name: str) -> bool:
    """Whether a ``*.npy`` file's name says it holds a training history or one metric's per-epoch series."""
    return _HISTORY_NAME.search(name) is not None or _SERIES_NAME.search(name) is not None


def header(head: bytes) -> tuple[dict, int] | None:
    """The ``.npy`` header dict and the payload's offset, or None when ``head`` starts no (whole) ``.npy`` header."""
    head = bytes(head)
    if not head.startswith(MAGIC) or len(head) < 10:
        return None
    major = head[6]
    size_len = 2 if major == 1 else 4
    start = 8 + size_len
    size = int.from_bytes(head[8:start], "little")
    if len(head) < start + size:
        return None
    try:
        meta = ast.literal_eval(head[start:start + size].decode("latin1"))
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(meta, dict) or not {"descr", "shape"} <= meta.keys():
        return None
    return meta, start + size


def why_not(name: str, head: bytes) -> str | None:
    """None when the head starts a ``.npy`` this reader takes, else what the file is (one phrase)."""
    found = header(head)
    if found is None:
        return "not a NumPy .npy file (no NUMPY header)"
    meta, _ = found
    descr, shape = meta.get("descr"), meta.get("shape")
    if descr in ("|O", "O", "<O", ">O"):
        if shape == ():
            return None
        return f"a NumPy object array of shape {shape} (only np.save of a history dict, a 0-d array, is read)"
    if isinstance(descr, str) and _NUMERIC.fullmatch(descr) and isinstance(shape, tuple):
        if len(shape) == 1 and (_SERIES_NAME.search(name) or split_metric_name(name)):
            return None
        if len(shape) == 2 and 2 <= shape[1] <= _loss_columns.MAX_COLUMNS and shape[0] >= 2 \
                and _SERIES_NAME.search(name):  # np.save('losses.npy', np.array([(d, g), ...])): a GAN's losses
            return None
        if len(shape) == 2 and 2 <= shape[0] <= _loss_columns.MAX_ROWS and shape[1] >= _loss_columns.MIN_POINTS \
                and (_SERIES_NAME.search(name) or _HISTORY_NAME.search(name)):  # np.save('meta-test-loss.npy',
            # np.array([losses, accs])), np.save('history.npy', np.array([acc, val_acc, loss, val_loss])): rows
            return None
        return f"a NumPy {descr} array of shape {shape}, not one metric's 1-D series named by the file"
    return f"a NumPy array of dtype {descr!r} (no training history)"


def read(data, path: str) -> ReadResult:
    """The history in a ``.npy`` file, read like its JSON twin (``json_history``)."""
    import numpy as np

    from . import json_history, keras_pickle

    name = path.rsplit("/", 1)[-1]
    found = header(bytes(data[:65536 + 12]))
    why = why_not(name, bytes(data[:65536 + 12]))
    if why is not None or found is None:
        raise UnreadableFile(Problem(path, f"{why}; not read"))
    meta, offset = found
    if meta["descr"].endswith("O"):
        obj = keras_pickle.unpickle(data[offset:], path)  # restricted: the pickled ndarray rebuilt by stand-ins
        values = obj if isinstance(obj, list) else None
        if not (values and len(values) == 1 and isinstance(values[0], dict)):
            raise UnreadableFile(Problem(path, "a NumPy pickled object array holding no dict of per-epoch lists "
                                               "(np.save of history.history); not read"))
        history = values[0]
    else:
        if meta.get("fortran_order") not in (False, None):
            raise UnreadableFile(Problem(path, "a Fortran-ordered NumPy array; not read"))
        if len(meta["shape"]) == 2:  # (points, losses): each column a series (_loss_columns)
            return _table(np, data, offset, meta, path, name[:-len(".npy")])
        count = meta["shape"][0]
        dtype = np.dtype(meta["descr"])
        payload = bytes(data[offset:offset + count * dtype.itemsize])
        if len(payload) < count * dtype.itemsize:
            raise UnreadableFile(Problem(path, f"a NumPy array of {count} values cut short at byte "
                                               f"{offset + len(payload)}; not read"))
        stem = name[:-len(".npy")]
        values = np.frombuffer(payload, dtype=dtype).astype(float)
        from . import _npy_steps, scalar_frame

        values, notes = _npy_steps.drop_nan_tail(values, path)  # np.full(1000, nan) filled for 117 epochs
        stepped = _npy_steps.steps_for(path, count)  # loss_train_sum.npy beside loss_steps.npy: its x axis
        if stepped is not None:
            steps, _ = stepped
            return ReadResult(scalar_frame([stem] * len(values), steps[:len(values)], values), tuple(notes))
        words = set(_words(stem))
        if (split_metric_name(name) or words & _ACC_WORDS) and not words & {"loss", "losses"}:
            # a split's metric beside a loss array (discover_npysplits: rmse_vl.npy, train_acc.npy; discover_npyfolder:
            # 10_acc.npy beside 10_loss.npy): no loss of its own, one series by its index
            note = Problem(path, f"a metric with no loss of its own: read as {stem!r} by its index ({count} "
                                 "values: the epoch; a loss array beside it keeps its own steps)")
            return ReadResult(scalar_frame([stem] * len(values), np.arange(len(values)), values), (*notes, note))
        if notes:
            return ReadResult(scalar_frame([stem] * len(values), np.arange(len(values)), values), tuple(notes))
        history = {stem: values.tolist()}
    return keras_pickle.as_json(json_history, history, path, "a NumPy-saved dict")


def _table(np, data, offset: int, meta: dict, path: str, stem: str) -> ReadResult:
    """A numeric (points, columns) array in C order read as one series per column (``_loss_columns``)."""
    rows, width = meta["shape"]
    dtype = np.dtype(meta["descr"])
    payload = bytes(data[offset:offset + rows * width * dtype.itemsize])
    if len(payload) < rows * width * dtype.itemsize:
        raise UnreadableFile(Problem(path, f"a NumPy {rows}x{width} array cut short at byte "
                                           f"{offset + len(payload)}; not read"))
    table = np.frombuffer(payload, dtype=dtype).astype(float).reshape(rows, width)
    what = f"a NumPy {meta['descr']} array of shape ({rows}, {width})"
    if width > _loss_columns.MAX_COLUMNS:  # (series, points): np.save(name, np.array([losses, accs])), one row each
        from . import _history_rows

        lists = [table[j].tolist() for j in range(rows)]
        if (names := _history_rows.keras_rows(lists)) is not None:  # [acc, val_acc, loss, val_loss] (mkimgcls210)
            return _history_rows.read(lists, names, path, what)
        return _loss_columns.read_rows(lists, stem, path, what)
    return _loss_columns.read_table([table[:, j].tolist() for j in range(width)], stem, path, what)
