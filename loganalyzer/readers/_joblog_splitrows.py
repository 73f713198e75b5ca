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
guess. Split words: train/training, val/valid/validation, test, dev, eval. Read so only in a file with at least two
such headers (``Epoch 3``, ``Epoch #3``, ``Epoch: 3``, ``EPOCH 3/30``), split lines (each split at most once under a
header) under at least half of them, and no line naming a loss (those are the printed-log readers'); the lines
around them (a preamble, bars, ``Saving best model``, ``Time: 12.3s``, a traceback) are passed over, and an epoch
going back (a second training appended) is told apart as in any printed log.

SHRED (Williams, Zahn & Kutz's shallow recurrent decoder, ``models.fit(..., verbose=True)``) prints
``print('Training epoch ' + str(epoch))`` then ``print('Error ' + str(val_error))`` every ``print_every`` epochs,
the validation error a torch scalar (public shred160 ``training_results.txt``: ``Training epoch 20`` over ``Error
tensor(0.2239)``): a header may carry the word ``Training`` before ``epoch``, and an ``Error`` line under it (a colon
or a space before the number, ``tensor(..)`` around it) is read as the series ``error`` at the header's epoch -- an
error measure the verdicts take as the loss only when the run logs nothing else a loss could be.
"""
from __future__ import annotations

import re

from ._joblog_epochrows import _NUM, _line_starts  # a number as print() writes it, 'nan', 'inf'

_HEADER = re.compile(r"(?:training\s+)?epoch\s*[:#=]?\s*(\d+)(?:\s*/\s*\d+)?\s*:?", re.IGNORECASE)
_SPLIT = re.compile(r"(train|training|val|valid|validation|test|dev|eval)\s*[:=]\s*(" + _NUM + r")"
                    r"|(error)\s*(?:[:=]\s*|\s+)(?:tensor\(\s*)?(" + _NUM + r")\s*\)?", re.IGNORECASE)
_LOSS_WORD = re.compile(r"(?i)loss\w*\s*[:=]?\s*[-+]?(?:\d|\.\d|nan|inf)")
# SHRED's 'Error ' + str(x) of another shape ('Error tensor(0.2, device=..)'); 'ERROR:root:..' or 'Error: 503 ..'
# (a logging or HTTP error between epochs) is no split line and is passed over
_SPLIT_START = re.compile(r"(?:train|training|val|valid|validation|test|dev|eval)\s*[:=]|error[ \t]+(?:tensor\(|[-+]?\.?\d)",
                          re.IGNORECASE)
_CANONICAL = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val",
              "test": "test", "dev": "dev", "eval": "val", "error": "error"}
_MAX_SIZE = 1 << 27
# a split line in a lower-cased head (a literal first byte: the regex engine's prefix search, ~15 us on 8 KiB)
_SPLIT_LINE = re.compile(rb"\n[ \t]*(?:(?:train|training|val|valid|validation|test|dev|eval)[ \t]*[:=]"
                         rb"|error[ \t]*(?:[:=]|tensor\(|[-+.\d]))")


def _parse(text: str, cut: bool = False) -> list[tuple[int, int, str, str, str]] | None:
    """[(line index, epoch, split as printed, canonical split, number)] of each split line, or None when the text
    is of another shape (``cut``: its last line may be cut short)."""
    if _LOSS_WORD.search(text) is not None:
        return None  # a line names a loss: the printed-log readers read it (and any split line beside it)
    lines = text.split("\n")
    if cut and len(lines) > 1:
        lines = lines[:-1]
    epoch, rows, headers, seen, used = None, [], 0, set(), 0
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        m = _HEADER.fullmatch(line)
        if m is not None:
            epoch, headers = int(m.group(1)), headers + 1
            used += bool(seen)
            seen = set()
            continue
        m = _SPLIT.fullmatch(line)
        if m is not None and epoch is not None:
            word, number = (m.group(1), m.group(2)) if m.group(1) is not None else (m.group(3), m.group(4))
            split = _CANONICAL[word.lower()]
            if split in seen:
                return None  # one split twice under a header: per-batch lines, not an epoch's results
            seen.add(split)
            rows.append((i, epoch, word, split, number))
        elif _SPLIT_START.match(line) is not None:
            return None  # 'Train: 0.9 acc: 0.8': a split's line of another shape, whose first number may be anything
        # any other line (a bar, 'Saving best model', 'Time: 12.3s', a traceback) is no split line: passed over
    used += bool(seen)
    if headers < 2 or len(rows) < 2 or used * 2 < headers:
        return None  # split lines under too few of the headers: not how this loop prints
    return rows


def _may_be(head: bytes) -> bool:
    """The cheap tests: an ``epoch`` word and a split line somewhere in ``head``."""
    if b":" not in head and b"=" not in head and b"rror" not in head:
        return False  # (one-byte tests first: a CSV head has neither)
    low = head.lower()
    return b"epoch" in low and _SPLIT_LINE.search(low) is not None


def looks(head: bytes) -> bool:
    """Whether the first bytes of a file are such a log (module docstring)."""
    if not _may_be(head):
        return False
    rows = _parse(bytes(head).decode("utf-8", "replace"), cut=True)
    return rows is not None and len({r[1] for r in rows}) >= 2


def split_row_hits(data, size: int) -> tuple[list, str] | None:
    """((offset, record) of each split line, the line saying how they were read), or None for any other file."""
    from ._progress import Record, to_float  # (discovery's sniff imports this module without the parser)

    if size > _MAX_SIZE or not _may_be(bytes(data[:1 << 16])):
        return None  # (the whole text is parsed below: no parse of its head first)
    text = bytes(data).decode("utf-8", "replace")
    rows = _parse(text)
    if rows is None:
        return None
    starts = _line_starts(text)
    out = []
    for i, epoch, _, split, number in rows:
        kind = "train" if split == "train" else "eval"
        tag = "error" if split == "error" else f"{split}_loss"
        out.append((starts[i], Record("kv", ((tag, to_float(number)),), epoch, float(epoch), kind)))
    printed = list(dict.fromkeys(r[2] for r in rows))  # as first printed
    note = (f"'Epoch N' headers over lines naming only a split and a number ({', '.join(repr(p + ':') for p in printed)}"
            f"): each number read as that split's loss at epoch N, an 'Error' line's as the error (guessed: no line "
            "names a loss)")
    return out, note
