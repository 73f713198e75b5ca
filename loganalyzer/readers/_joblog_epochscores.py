"""A split's scores printed on an epoch's line of their own, ``name=value`` with no loss word, beside its training
loss lines (used by ``readers/_joblog_evalprints.py``).

A signature-verification Siamese trainer (public efeegrkm/SignatureNet-MLE-Siamese-Triplet-Signature-Verification-
Database-System ``train.py``, set 218's signet218; its ``log()`` writes ``[<time>] <message>`` to ``train_log.txt``
and prints the message) logs per epoch::

    [2025-10-08 19:21:06] [Epoch 1] train_loss=0.139712
    [2025-10-08 19:22:40] [Epoch 1] val ROC-AUC=0.806123 EER=0.268000 thr=0.951234

The scan finds lines by their loss word, so only ``train_loss`` was read and the validation (ROC-AUC 0.806 -> best
0.811 @5 -> 0.780 @15, EER 0.268 -> 0.293: what early stopping watched) was lost. Read here, where lines with a
training loss were found: a line (a ``[...]`` time prefix allowed) starting with its epoch (``[Epoch N]``, ``Epoch
N``, ``Epoch N/M``, then ``:``/``|``/``-`` or nothing), then a split word (val/valid/validation/test/eval/dev),
then only ``name=value`` or ``name: value`` pairs, is a validation record at the step of the training line before
it (none before it: not read), each value named ``<split>_<name>`` (lower case, ``-`` as ``_``: ``val_roc_auc``,
``val_eer``). A decision threshold (``thr``, ``threshold``) is no score and is left out. At least ``MIN_LINES`` such
lines of one split, or none is read (a final test's line is no series).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

MIN_LINES = 2
_SPLITS = {"val": "val", "valid": "val", "validation": "val", "eval": "val", "dev": "val", "test": "test"}
_LINE = re.compile(rb"(?mi)^[ \t]*(?:\[[^\]\n]{1,40}\][ \t]*)?\[?[ \t]*epoch[ \t]*[:#]?[ \t]*(\d{1,6})"
                   rb"(?:[ \t]*/[ \t]*\d{1,6})?[ \t]*\]?[ \t]*[:|-]?[ \t]*(val|valid|validation|eval|dev|test)\b"
                   rb"[ \t]*[:|-]?[ \t]*([^\n]*?)[ \t]*\r?$")
_PAIR = re.compile(r"([A-Za-z][\w@.-]{0,30})[ \t]*[=:][ \t]*(" + NUMBER + r")%?(?=[ \t,|;]|$)")
_NOT_SCORE = re.compile(r"(?i)thr|threshold|time|sec|lr|loss")


def _values(split: str, text: str) -> tuple:
    """The line's ``(name, value)`` pairs, or () when anything but pairs (and separators) is on it."""
    pairs = list(_PAIR.finditer(text))
    rest = _PAIR.sub("", text).strip(" \t,|;")
    if not pairs or rest:
        return ()
    return tuple((f"{split}_{m.group(1).lower().replace('-', '_')}", float(m.group(2))) for m in pairs
                 if not _NOT_SCORE.fullmatch(m.group(1)))


def epoch_scores(data, hits: list, make) -> list:
    """``hits`` with those lines as validation records (``make(offset, record)`` a hit); the hits unchanged when no
    training loss line was found or fewer than ``MIN_LINES`` such lines of a split."""
    if not hits or not any(h.record.kind == "train" for h in hits) or b"poch" not in data[:1 << 22]:
        return hits
    head = bytes(data[:1 << 22])
    taken = {h.offset for h in hits}
    found = []
    for m in _LINE.finditer(head):
        if m.start() in taken or not (values := _values(_SPLITS[m.group(2).decode().lower()], m.group(3).decode(
                "utf-8", "replace"))):
            continue
        found.append((m.start(), int(m.group(1)), values))
    per_split = {}
    for _, _, values in found:
        per_split[values[0][0].split("_", 1)[0]] = per_split.get(values[0][0].split("_", 1)[0], 0) + 1
    found = [f for f in found if per_split[f[2][0][0].split("_", 1)[0]] >= MIN_LINES]
    if not found:
        return hits
    trained = sorted((h.offset, h.record.step) for h in hits if h.record.kind == "train" and h.record.step is not None)
    out = list(hits)
    for offset, epoch, values in found:
        before = [s for o, s in trained if o < offset]
        if before:
            out.append(make(offset, Record("epochscores", values, step=before[-1], epoch=float(epoch), kind="eval",
                                           own_step=True)))
    return sorted(out, key=lambda h: h.offset)
