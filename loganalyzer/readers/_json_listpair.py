"""Two bare JSON lists of numbers written back to back into one file: a training's train and validation losses.

``json.dump(train_losses, f); json.dump(val_losses, f)`` into one open file leaves ``[1.694, 1.310, ..][1.335,
1.299, ..]``: no valid JSON ("Extra data"), no key, no name (public masmusic214 ``chord-full-50/training_data50.json``:
two lists of 50 per-epoch losses, train 1.694 -> 1.12, val 1.335 -> 1.07; ``bass-100_lstm/training_data100_lstm.json``
two of 100, train 1.632 -> 0.557, val best 1.169 at epoch 31 then up to 1.654). The file was "not a log file" and its
run was missing. Read as ``train_loss`` then ``val_loss`` by index (the epoch is not written), the guess
``_json_unnamed.rows`` makes for unnamed ``[step, train, val]`` rows, said in one problem line.

Only when the file holds exactly two such lists of the same length (>= ``MIN_POINTS``), all finite numbers >= 0, the
first falling as a loss curve does (``_loss_shapes.curve_like``), the second dipping below its first value somewhere
(a validation loss that then rises, overfitting, is still one; an accuracy starts at its lowest) and both on one
scale (medians within ``MAX_SCALE``x, as ``_json_unnamed.rows``). Any other run of back-to-back number lists is one
``UnreadableFile`` line saying why; documents that are not number lists are left to ``_json_models.appended``.
"""
from __future__ import annotations

import math
import re

from ..runs import Problem
from . import UnreadableFile, _json_models

MIN_POINTS = 3  # two points make no curve to judge
MAX_SCALE = 10  # the two medians within 10x: one quantity (the same bound as _json_unnamed.rows)
_NUM = rb"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
# the head of such a file: a list of numbers, and within the sniffed head the end of one list and the next's start
HEAD = re.compile(rb"\A\s*\[\s*" + _NUM + rb"\s*[,\]]")
_BOUNDARY = re.compile(rb"\d\s*\]\s*\[\s*" + _NUM)


def sniff(name: str, head: bytes) -> bool:
    """A ``.json`` file opening as a bare list of numbers with a second list starting right after the first ends,
    both within ``head`` (discovery's first 8 KiB: a first list longer than that is not found this way)."""
    head = bytes(head).lstrip(b"\xef\xbb\xbf")
    return name.lower().endswith(".json") and HEAD.match(head) is not None and _BOUNDARY.search(head) is not None


def _numbers(doc) -> bool:
    return isinstance(doc, list) and len(doc) > 0 and all(
        isinstance(v, (int, float)) and not isinstance(v, bool) for v in doc)


def lists(text: str) -> list[list] | None:
    """The documents of ``text`` when it is two or more JSON lists of numbers one after another; None otherwise."""
    docs = _json_models.documents(text)
    return docs if docs is not None and len(docs) >= 2 and all(_numbers(d) for d in docs) else None


def _median(values: list) -> float:
    s = sorted(values)
    return s[len(s) // 2]


def read(docs: list[list], path: str, problems: list) -> dict:
    """``{"train_loss": first, "val_loss": second}`` for two back-to-back lists passing the module's checks (one
    problem line added to ``problems``); ``UnreadableFile`` naming the file and the failed check otherwise."""
    from ._loss_shapes import curve_like

    what = f"{len(docs)} bare JSON lists of numbers written back to back ({', '.join(str(len(d)) for d in docs)} values)"
    if len(docs) != 2 or len(docs[0]) != len(docs[1]) or len(docs[0]) < MIN_POINTS:
        raise UnreadableFile(Problem(path, what + ": only two lists of one length (>= 3), a train and a validation "
                                                  "loss, are read; not read"))
    first, second = ([float(v) for v in d] for d in docs)
    finite = all(math.isfinite(v) and v >= 0 for v in first + second)
    medians = sorted((_median(first), _median(second)))
    if not finite or not curve_like(first, falls=True) or not min(second) < second[0] \
            or medians[0] <= 0 or medians[1] / medians[0] > MAX_SCALE:
        raise UnreadableFile(Problem(path, what + ": they are not a train loss falling and a validation loss on its "
                                                  "scale (an accuracy, a count, a learning rate?), so nothing is read"))
    problems.append(Problem(path, what + ": no names, read as 'train_loss' then 'val_loss' by index (guessed: train, "
                                         "then validation; the epoch is not written)"))
    return {"train_loss": docs[0], "val_loss": docs[1]}
