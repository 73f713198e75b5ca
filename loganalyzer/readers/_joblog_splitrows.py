"""Epoch header lines each above lines naming only a split and its number (used by ``_joblog_scan`` and the sniff in
``_joblog_names``). Public simdenoiser64 ``log_train.log`` (a DnCNN denoiser's ``print(f"Epoch #{epoch}")``, then
``print(f"Train: {train_loss}")`` and ``print(f"Validation: {val_loss}")``)::

    Loading Dataset--
    Creating new model
    Epoch #0
    Train: 0.9870158045061853
    Validation: 51.78342571223925
    Epoch #1
    ...

No line names a loss, so the file was no log to discovery ("its first bytes hold no training progress") and its 30
epochs of training and validation were lost without a run. Here each ``<split>: <number>`` line under a header is
read as that split's loss at the header's epoch -- what a lone number beside a split's name is in a training script's
print (the reading ``_joblog_splitvalues`` makes of nanoGPT forks' ``train 4.29 val 4.27``), said in one line as a
guess. Split words: train/training, val/valid/validation, test, dev, eval. Only a file of nothing but such headers
(``Epoch 3``, ``Epoch #3``, ``Epoch: 3``, ``Epoch 3/30``), split lines (each split at most once under a header) and
lines of words alone before the first header or after the last line (``Loading Dataset--``, ``Done!``) is read so,
with at least two headers and a split line under the first; anything else is left to the other readers.
"""
from __future__ import annotations

import re

_HEADER = re.compile(r"epoch\s*[:#=]?\s*(\d+)(?:\s*/\s*\d+)?\s*:?", re.IGNORECASE)
_NUM = r"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_SPLIT = re.compile(r"(train|training|val|valid|validation|test|dev|eval)\s*[:=]\s*(" + _NUM + r")",
                    re.IGNORECASE)
_WORDS_ONLY = re.compile(r"[^\d]{1,80}")
_CANONICAL = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val",
              "test": "test", "dev": "dev", "eval": "val"}
_MAX_SIZE = 1 << 27


def _parse(text: str, cut: bool = False) -> list[tuple[int, int, str, str, str]] | None:
    """[(line index, epoch, split as printed, canonical split, number)] of each split line, or None when the text
    is of another shape (``cut``: its last line may be cut short)."""
    lines = text.split("\n")
    if cut and len(lines) > 1:
        lines = lines[:-1]
    epoch, rows, headers, seen, ended = None, [], 0, set(), False
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        if ended:
            return None  # a line after the closing words
        m = _HEADER.fullmatch(line)
        if m is not None:
            if epoch is not None and int(m.group(1)) < epoch:
                return None  # epochs going back: another training appended, left to the other readers
            epoch, seen, headers = int(m.group(1)), set(), headers + 1
            continue
        m = _SPLIT.fullmatch(line)
        if m is not None and epoch is not None:
            split = _CANONICAL[m.group(1).lower()]
            if split in seen:
                return None  # one split twice under a header: per-batch lines, not an epoch's results
            seen.add(split)
            rows.append((i, epoch, m.group(1), split, m.group(2)))
            continue
        if _WORDS_ONLY.fullmatch(line):
            if epoch is None:
                continue  # 'Loading Dataset--' before the first header
            if rows:
                ended = True  # 'Done!' after the last epoch
                continue
        return None
    if headers < 2 or not rows:
        return None
    return rows


def looks(head: bytes) -> bool:
    """Whether the first bytes of a file are such a log (module docstring)."""
    if b"poch" not in head or (b":" not in head and b"=" not in head):
        return False
    rows = _parse(bytes(head).decode("utf-8", "replace"), cut=True)
    return rows is not None and len({r[1] for r in rows}) >= 2


def split_row_hits(data, size: int) -> tuple[list, str] | None:
    """((offset, record) of each split line, the line saying how they were read), or None for any other file."""
    from ._progress import Record, to_float  # (discovery's sniff imports this module without the parser)

    if size > _MAX_SIZE or data.find(b"poch") < 0:
        return None
    text = bytes(data).decode("utf-8", "replace")
    rows = _parse(text)
    if rows is None:
        return None
    starts, at = [], 0
    for line in text.split("\n"):
        starts.append(at)
        at += len(line.encode("utf-8", "replace")) + 1
    out = []
    for i, epoch, _, split, number in rows:
        kind = "train" if split == "train" else "eval"
        out.append((starts[i], Record("kv", ((f"{split}_loss", to_float(number)),), epoch, float(epoch), kind)))
    printed = sorted({r[2] for r in rows}, key=lambda s: [r[2] for r in rows].index(s))
    note = (f"'Epoch N' headers over lines naming only a split and a number ({', '.join(repr(p + ':') for p in printed)}"
            f"): each number read as that split's loss at epoch N (guessed: no line names a loss)")
    return out, note
