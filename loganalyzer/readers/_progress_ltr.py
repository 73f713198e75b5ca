"""PyTracking/SeqTrack ``LTRTrainer`` progress lines: running averages over the epoch so far (used by
``readers/_progress.py`` and ``readers/joblog.py``).

``ltr/trainers/ltr_trainer.py`` (PyTracking, and SeqTrack/OSTrack's ``lib/train/trainers/ltr_trainer.py``) prints,
every ``print_interval`` batches, ``[train: 1, 70 / 70] FPS: 54.3 (60.1)  ,  DataTime: ...  ,  Loss/total: 8.15271
,  IoU: 0.05206`` -- each stat is ``AverageMeter.avg``, the mean over the epoch's batches so far (reset each epoch);
``[val: 1, 10 / 10] ...`` for the validation loader. A variant (public Amrzxk/Assignment_3 SeqTrack
``training_log.txt``) prints ``Epoch 1 : 50 / 3500 samples , time for last 50 samples : ... , Loss/total: 8.30154``
and, after each epoch, ``[train] Loss/total: 8.15271 | IoU: 0.05206 | LearningRate/group0: 0.0001`` (its last
running value again). Read as ``key: value`` lines at the epoch, the 70 running means of an epoch were averaged
into one point (biased towards the epoch's first batches), and the summary's values were a second point at the
step ("the log written twice: tee?").

``ltr(text)`` reads such a line (step = the epoch; validation values ``val_<name>``, kind 'eval'); timing keys
(``FPS``, ``*Time``) are no series. ``running_epochs(hits)`` keeps the LAST line of each epoch of each loader (the
epoch's value) and drops the epoch summaries when progress lines were read (they repeat that value; alone they are
read as ``kv`` lines).
"""
from __future__ import annotations

import re
from ._progress import NUMBER, Record

_HEAD = re.compile(r"^\[(\w+):\s*(\d+),\s*(\d+)\s*/\s*(\d+)\]\s*")
_SAMPLES = re.compile(r"^Epoch\s+(\d+)\s*:\s*(\d+)\s*/\s*(\d+)\s+samples\b\s*")
_PAIR = re.compile(r"(?<![\w./-])([A-Za-z][\w/.-]*):\s*(" + NUMBER + r")(?![\w.])(?:\s*\(\s*" + NUMBER + r"\s*\))?")
_SUMMARY = re.compile(rb"\[(?:train|val|valid|validation|test)\]\s+[A-Za-z][\w/.-]*:\s*[-+.\d]")
_TIMING = re.compile(r"(?i)^(?:fps|.*time)$")
_VAL = ("val", "valid", "validation", "test")


def _values(text: str, at: int, split: str) -> tuple:
    prefix = "" if split == "train" else ("val_" if split in _VAL[:3] else f"{split}_")
    return tuple((prefix + k, float(v)) for k, v in _PAIR.findall(text, at) if not _TIMING.match(k))


def ltr(text: str) -> Record | None:
    """The record of an ``LTRTrainer`` progress line or epoch summary (module docstring), or None."""
    if text[:1] == "[":
        m = _HEAD.match(text)
        if m is not None:
            split, epoch = m.group(1).lower(), int(m.group(2))
            values = _values(text, m.end(), split)
            if not values:
                return None
            kind = "train" if split == "train" else "eval"
            return Record("ltr", values, step=epoch, epoch=float(epoch), kind=kind, own_step=True)
        return None
    if text[:5] in ("Epoch", "epoch") and " samples" in text:
        m = _SAMPLES.match(text)
        if m is not None:
            epoch = int(m.group(1))
            values = _values(text, m.end(), "train")
            if values:
                return Record("ltr", values, step=epoch, epoch=float(epoch), own_step=True)
    return None


def running_epochs(data, hits: list) -> list:
    """``hits`` with only the last ``ltr`` line of each epoch and loader, and no ``[train] k: v | ...`` epoch
    summaries when such lines were read (module docstring); ``data`` the log's bytes (the hits' offsets)."""
    if not any(h.record.shape == "ltr" for h in hits):
        return hits
    drop = set()
    last: dict = {}  # kind -> index of the kind's last ltr hit
    for i, h in enumerate(hits):
        if h.record.shape == "kv" and _SUMMARY.search(bytes(data[h.offset:h.offset + 96])):
            drop.add(i)
        elif h.record.shape == "ltr":
            j = last.get(h.record.kind)
            if j is not None and hits[j].record.step == h.record.step:
                drop.add(j)
            last[h.record.kind] = i
    return [h for i, h in enumerate(hits) if i not in drop]
