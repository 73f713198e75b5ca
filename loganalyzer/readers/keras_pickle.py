"""A pickled Keras history: ``pickle.dump(history.history, f)`` (``history.pkl``), a dict of per-epoch lists; or a
GAN loop's pickled losses (``losses.pkl``): a dict of per-epoch lists (``{'losses_g': [...], 'losses_d': [...]}``),
a list of numbers, or a list of ``(d_loss, g_loss)`` tuples (``_loss_columns``: one series per column).

Never ``pickle.load``: a pickle can run any code when loaded. ``_SafeUnpickler`` builds only what pickle's own opcodes
build (dict, list, tuple, str, int, float, bool, None) and, for the numbers Keras/TensorFlow often leave in a history,
numpy scalars and numeric arrays rebuilt by this module's own stand-ins from their dtype string and raw bytes (no numpy
function named by the pickle is called). Any other global the pickle names is refused with one line. The dict is then
read as the JSON history it is (``json_history``: a dict of per-epoch lists, the epoch the step).

Python 2's pickles (protocol 0-2: ``pickle.dump(history.history, open('history.p', 'wb'))`` in the Udacity
behavioural-cloning projects of 2017) hold each numpy float's 8 raw bytes as a ``str``; they are unpickled with
``encoding="latin1"`` (numpy's own rule for Python 2 pickles), those strings turned back into their bytes. With
Python 3's default (ASCII) a history was refused whenever one value's raw bytes held a byte >= 0x80: public
alanswx226 ``history_badbf8/history.p`` (20 epochs, loss 0.0993 -> 0.0170) was `unknown` ("'ascii' codec can't
decode byte 0xd3") while its siblings, by luck all-ASCII bytes, were read.
"""
from __future__ import annotations

import io
import json
import pickle
import re

import numpy as np

from ..runs import Problem
from . import ReadResult, UnreadableFile

SUFFIXES = (".pkl", ".pickle")
MAX_BYTES = 64 << 20  # a history of floats is KBs; anything this big is no history
# named like a training history: history.pkl, hist.pkl, train_log.pkl, metrics.pickle, training_history.pkl
_HISTORY_NAME = re.compile(r"(?i)(?:hist|log|metric|training)[^/]*\.(?:pkl|pickle)$")
# or like a loss log: losses.pkl, d_losses.pickle, loss_gan.pkl (a GAN loop's pickle.dump(losses, f), set 195)
_LOSS_NAME = re.compile(r"(?i)(?:^|[_\-.])loss(?:es)?(?:[_\-.][^/]*)?\.(?:pkl|pickle)$")
_NUMERIC = re.compile(r"[fiub]\d{1,2}")  # numpy dtype kinds with a fixed size: float, int, uint, bool


def named_like_history(name: str) -> bool:
    """Whether a ``*.pkl``/``*.pickle`` file's name says it holds a training history."""
    return _HISTORY_NAME.search(name) is not None or _LOSS_NAME.search(name) is not None


def sniff(head: bytes) -> bool:
    """Whether a pickle's first bytes start a dict (``pickle.dump(dict)``, protocol 2+ or 0/1), or a list
    (``pickle.dump(losses, f)``: a list of numbers or of ``(d, g)`` tuples, read by ``_loss_columns``)."""
    head = bytes(head[:16])
    if head[:1] == b"\x80":  # PROTO n, then FRAME (n >= 4: 8-byte length), then EMPTY_DICT '}' or EMPTY_LIST ']'
        body = head[11:] if head[2:3] == b"\x95" else head[2:]
        return body[:1] in (b"}", b"]")
    return head[:2] in (b"(d", b"}q", b"}(", b"(l", b"]q", b"](")


class _DType:
    """Stand-in for ``numpy.dtype`` while unpickling: keeps the type string and byte order, builds nothing."""

    def __init__(self, name="f8", align=False, copy=True):
        self.name, self.order = str(name), "<"

    def __setstate__(self, state):
        if isinstance(state, tuple) and len(state) > 1 and state[1] in ("<", ">", "|", "="):
            self.order = state[1]

    def numpy(self) -> np.dtype:
        if not _NUMERIC.fullmatch(self.name):
            raise pickle.UnpicklingError(f"a numpy value of dtype {self.name!r} (only numeric ones are read)")
        return np.dtype((self.order if self.order in "<>" else "=") + self.name)


def _py2_bytes(data):
    """A Python 2 ``str`` (``S'q=\\n\\xd3..'``: a numpy value's raw bytes) as the unpickler gives it under
    ``encoding="latin1"``: the bytes again; anything else as it is."""
    return data.encode("latin1") if isinstance(data, str) else data


def _scalar(dtype, data=b""):
    """Stand-in for ``numpy.core.multiarray.scalar``: a numeric numpy scalar as a Python number."""
    data = _py2_bytes(data)
    if not isinstance(dtype, _DType) or not isinstance(data, (bytes, bytearray)):
        raise pickle.UnpicklingError("a numpy scalar that is not numeric")
    return np.frombuffer(bytes(data), dtype=dtype.numpy(), count=1)[0].item()


class _Array:
    """Stand-in for a pickled ``numpy.ndarray`` (``_reconstruct`` + BUILD): a numeric array as a list of numbers."""

    def __init__(self, *args):
        self.values: list = []

    def __setstate__(self, state):
        if isinstance(state, tuple) and len(state) == 5 and isinstance(state[2], _DType) and state[2].name == "O8" \
                and isinstance(state[4], list):  # an object array (np.save of a dict): its items, made plain later
            self.values = state[4]
            return
        if isinstance(state, tuple) and len(state) == 5:
            state = (*state[:4], _py2_bytes(state[4]))
        if not (isinstance(state, tuple) and len(state) == 5 and isinstance(state[2], _DType)
                and isinstance(state[4], (bytes, bytearray))):
            raise pickle.UnpicklingError("a numpy array that is not numeric")
        self.values = np.frombuffer(bytes(state[4]), dtype=state[2].numpy()).tolist()


def _latin1(text, encoding="latin1"):
    """Stand-in for ``_codecs.encode``: protocol 2 pickles bytes (a numpy value's raw data) as latin-1 text."""
    if not isinstance(text, str) or encoding not in ("latin1", "latin-1"):
        raise pickle.UnpicklingError("it encodes text other than latin-1 bytes")
    return text.encode("latin1")


_ALLOWED = {
    ("_codecs", "encode"): _latin1,
    ("numpy", "dtype"): _DType,
    ("numpy.core.multiarray", "scalar"): _scalar,
    ("numpy._core.multiarray", "scalar"): _scalar,
    ("numpy.core.multiarray", "_reconstruct"): _Array,
    ("numpy._core.multiarray", "_reconstruct"): _Array,
    ("numpy", "ndarray"): _Array,
}


class _SafeUnpickler(pickle.Unpickler):
    def find_class(self, module, name):
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"it names {module}.{name}")
        return found

    def persistent_load(self, pid):
        raise pickle.UnpicklingError("it refers to persistent objects")


def _plain(obj):
    """The unpickled value with numpy stand-ins replaced by lists (JSON-able), or raise for anything else."""
    if isinstance(obj, _Array):
        return [_plain(v) for v in obj.values]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return obj
    raise pickle.UnpicklingError(f"it holds a {type(obj).__name__}")


def load(data, path: str):
    """The pickle's value built by the restricted unpickler; ``UnreadableFile`` (one line) when it is refused."""
    obj = unpickle(data, path)
    if not isinstance(obj, dict):
        raise UnreadableFile(Problem(path, f"a pickled {type(obj).__name__}, not a dict of per-epoch lists "
                                           "(pickle.dump(history.history, f)); not read"))
    return obj


def unpickle(data, path: str):
    """Any pickle's value built by the restricted unpickler (numpy arrays as lists), or ``UnreadableFile``."""
    if len(data) > MAX_BYTES:
        raise UnreadableFile(Problem(path, f"a pickle of {len(data):,} bytes (over {MAX_BYTES >> 20} MiB): too big "
                                           "for a training history; not read"))
    try:
        obj = _plain(_SafeUnpickler(io.BytesIO(bytes(data)), encoding="latin1").load())
    except RecursionError:
        raise UnreadableFile(Problem(path, "a pickle nested too deeply; not read")) from None
    except Exception as e:  # UnpicklingError, EOFError, ValueError ...: a damaged or foreign pickle
        raise UnreadableFile(Problem(path, f"not unpickled ({e}): only a pickled dict of lists of numbers "
                                           "(pickle.dump(history.history, f)) is read, never a pickle's code; save "
                                           "history.history as JSON or use CSVLogger")) from None
    return obj


def read(data, path: str) -> ReadResult:
    """The history in a pickled ``history.history`` dict, read like its JSON twin (``json_history``)."""
    from . import json_history

    obj = unpickle(data, path)
    if isinstance(obj, list):  # a list of history dicts (one per fit() or per epoch): joined into one dict
        from ._pickle_lists import joined

        obj = joined(obj) or obj
    if isinstance(obj, list):  # pickle.dump(losses, f): a list of numbers, or of (d_loss, g_loss) tuples
        from . import _loss_columns

        cols = _loss_columns.columns(obj, path)
        if cols is None:
            raise UnreadableFile(Problem(path, f"a pickled list of {len(obj)} items that is no loss table (only a "
                                               "list of numbers, or of equal tuples of 2-8 numbers, is read); not "
                                               "read"))
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        return _loss_columns.read_table(cols, stem, path, f"a pickled list of {len(cols)}-number rows")
    if not isinstance(obj, dict):
        raise UnreadableFile(Problem(path, f"a pickled {type(obj).__name__}, not a dict of per-epoch lists "
                                           "(pickle.dump(history.history, f)); not read"))
    return as_json(json_history, obj, path, "a pickled dict")


def as_json(json_history, obj, path: str, what: str) -> ReadResult:
    """``json_history.read`` of ``obj`` dumped as JSON; a refusal names the file as ``what`` it is, not as JSON."""
    from dataclasses import replace

    try:
        return json_history.read(json.dumps(obj).encode(), path)
    except UnreadableFile as e:
        message = e.problem.message
        if message.startswith("JSON"):
            message = what + message[len("JSON"):]
            message = message.replace("; alone it is no run (beside a run's files it is read as that run's summary)",
                                      "; not read (only a JSON summary is read beside a run's files)")
        raise UnreadableFile(replace(e.problem, message=message)) from None
