"""A bare line saying an evaluation begins, then a progress line printed as the training's (used by
``readers/joblog.py``).

A Paddle CIFAR-10 script (public AIHHU/PaddleCIFAR10 ``training_log.txt``) prints the training's epoch mean as
``epoch: 3,  loss is: 0.249, acc is: 0.914``, then ``testing in eval mode……`` and the validation's mean with the
very same words: ``epoch: 3,  loss is: 0.291, acc is: 0.901``. Only the line before tells them apart, so both went
to one series: every epoch printed twice, the curve their mean (neither training nor validation). Many hand-written
loops do the same (``Validating...`` / ``Evaluating`` / ``Test:`` over ``Epoch 3 loss: ... acc: ...``).

Read here: a progress line of the training's shape (``name: value`` pairs with a step or an epoch, no split word in
its names) whose nearest non-blank line before it is such a header -- a line of a split word (test, testing, val,
valid, validating, validation, eval, evaluating, evaluation), no digit, at most 80 characters -- is the split's:
its names get ``test_`` (test, testing) or ``val_`` (the others), at the line's own step. The header must stand
alone: a line holding a number (``Validation loss: 0.5``) is a progress line itself, never a header; the one number
allowed is the epoch a banner opens right after the split word (``=====validate epoch 3=====``, ``Validation of
epoch: 0 is done;``). A step-less line (`` loss: 5.13; acc: 0.19`` under ``Validation of epoch: 0 is done;``:
public MCS2023 baseline ``log_train.txt``, fiftieth labeller's set) is the split's too, at the step before it.
An indented block's later lines are the header's too (``Validation:`` / ``  Loss: 0.70`` / ``  Accuracy: 0.56``:
the accuracy was the training's, a newcomer breaker's log), under a logging record's prefix too (``[2026-03-03
08:01:59,900][INFO] ==> Evaluation @ epoch 1`` then ``[..][INFO]     loss      : 0.4489``: another breaker's log, the
evaluation's loss had been every sixth point of the training loss); under a symbol-framed banner
(``>>>>>>>>>>>>>VAL METRIC<<<<<<<<<<<<<<``) the block's consecutive lines naming no step or epoch of their own need no
indent (public rscd181: the validation's per-class ``iou_0: .., F1_0: ..`` lines had been one series with the
training's); a line naming its step is the next record, never the block's (HF's ``***** Eval results *****`` /
``  acc = ..`` then ``step 16: loss = ..``), and an indented block carries on only by its indent.

Distiller's (and Maxim's ai8x-training's) ``_validate`` prints ``--- validate (epoch=3)-----------`` and ``10000
samples (100 per mini-batch)`` over its per-batch lines ``Epoch: [3][  100/  100]    Loss 0.843076    Top1 71.1``, the
training's own shape: the header takes its epoch in brackets and the count line between is skipped (public
max78k109 ``log_training.txt``: read as the training's, the steps going back split the run in two). Its summary
right under, ``==> Top1: 71.100    Top5: 98.030    Loss: 0.843``, repeats the evaluation's last line rounded: a line
right under an evaluation's line whose every name is one of that line's (split prefix and case aside) and whose
values equal them rounded is no point of its own (``_restates``; it had been a second "Top1" at the training's
step).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._joblog_evalsets import by_set_size
from ._progress import clean

# the split word may be followed by the epoch it opens, in a banner: '=====validate epoch 3=====' (Jia-Baos's
# LeNet/1DCNN loops print '=====training epoch 3=====' / 'Epoch 2 | loss = ...' then '=====validate epoch 3=====' /
# 'Epoch 2 | loss = ...': public Jia-Baos LeNet and 1DCNN log.txt, the forty-second labeller's set)
_HEADER = re.compile(rb"[\W_]*(test|testing|val|valid|validate|validating|validation|eval|evaluate|evaluating|evaluation)"
                     rb"\b(?:(?:\s+of|\s*@|\s+at)?\s*\(?\s*epoch\s*[:#=]?\s*\d+(?:\s*/\s*\d+)?\b\)?)?[^0-9\n]*",
                     re.IGNORECASE)
# Distiller's (and ai8x-training's) ``_validate``: '--- validate (epoch=3)-----------' then '10000 samples (100 per
# mini-batch)' over its per-batch lines 'Epoch: [3][  100/  100]    Loss 0.84    Top1 71.1', printed as the
# training's (public max78k109 ``log_training.txt``: read as the training's, its steps going back split the run in
# two): the count line between is skipped when looking for the header
_SAMPLES = re.compile(rb"\d+ samples \(\d+ per mini-batch\)")
# HF's legacy examples' banner (run_glue.py: ``***** Eval results *****``, often with the epoch and step in brackets:
# ``***** Eval results (epoch 1, step 8) *****``) over ``  acc = 0.56`` lines: digits allowed, no name = value
_RESULTS = re.compile(rb"[\W_]*(test|eval|evaluation|val|valid|validation|dev)\s+results?\b[^:=\n]*", re.IGNORECASE)
# a tqdm bar redrawn on the header's line, the header glued after its ']' (public vpr ``log_train.txt``:
# 'Epochs:   2%|..| 1/50 [11:47<9:38:07, 707.90s/it]Validation of epoch: 0 is done; ')
_BAR_PREFIX = re.compile(rb"^[^\n]*(?:it/s|s/it)\]")
_NEEDLES = (b"est", b"val", b"Val", b"EST", b"VAL")  # a log holding none of them has no such header (a fast exit)
_SPLIT_WORD = re.compile(r"(?:^|_)(?:val|valid|validation|eval|test|testing|dev)(?:_|$)", re.IGNORECASE)
_TRAIN_WORD = re.compile(r"(?:^|_)(?:train|training)(?:_|$)", re.IGNORECASE)  # 'train_loss' under it: the training's
_MAX_LINE = 80
# HF's legacy format '%(asctime)s - %(levelname)s - %(name)s -   %(message)s': the message after its three spaces
_RECORD_PREFIX = re.compile(rb"[^\n]*? - (?:INFO|WARNING|DEBUG|ERROR) - [\w.<>]+ - {1,3}")
# '[2026-03-03 08:01:59,901][INFO]     loss      : 0.4489' ('[%(asctime)s][%(levelname)s] %(message)s')
_BRACKETED = re.compile(rb"(?:\[[^\]\n]{1,40}\])+ ?")
_STAMPED = re.compile(rb"\[?\d{2,4}[-/]\d{2}[-/]\d{2,4}[ T_]\d{2}:\d{2}")  # a record's date and time first
# a value printed as ``nan``/``inf``: C's and Python's %f of a non-finite float, no digit in it -- llm.c's ``val loss
# nan`` (``printf("val loss %f\n", val_loss)``, public llmc164 ``gpt2_train.11679031.log``) was taken for a header
# and the next step's line became the validation's (``val_lr``, ``val_norm`` at step 1)
_NONFINITE = re.compile(rb"(?i)(?:^|[\s:=])[-+]?(?:nan|inf|infinity)\b")
_LOOK_BACK = 4  # lines looked at before a progress line (blank lines skipped)
_PARTS = {"test": "test", "testing": "test"}


def _header_before(data, offset: int) -> str | None:
    """The split prefix of the header line right before the line at ``offset`` (blank lines between), or None."""
    end = data.rfind(b"\n", 0, offset) if offset > 0 else -1
    if end < 0:
        return None
    for _ in range(_LOOK_BACK):
        start = data.rfind(b"\n", 0, end) + 1
        line = _BAR_PREFIX.sub(b"", bytes(data[start:end]).rsplit(b"\r", 1)[-1]).strip(b" \t\r")
        if line:
            if len(line) > _MAX_LINE and not _STAMPED.match(line):
                return None
            m = _HEADER.fullmatch(line) or _RESULTS.fullmatch(line)
            text = line
            if m is None and _STAMPED.match(line):  # a logging record: its message ('... -   ***** Eval results')
                text = clean(line)[0].encode("utf-8")
                m = None if len(text) > _MAX_LINE else _HEADER.fullmatch(text) or _RESULTS.fullmatch(text)
            if m is None and not _SAMPLES.fullmatch(text.strip()):
                return None
            if m is not None and _NONFINITE.search(text):
                return None  # 'val loss nan': a progress line, its value a NaN (no digit), no header
            if m is not None:
                return _PARTS.get(m.group(1).decode().lower(), "val")
        if start == 0:
            return None
        end = start - 1
    return None


def _restates(data, hit, last) -> bool:
    """Whether ``hit``'s line, right under an evaluation's line (``last``, a hit), repeats that line's values rounded
    (every name one of its names, split prefix and case aside; at least two values)."""
    if last.record.kind != "eval" or len(hit.record.values) < 2 or hit.record.step is not None:
        return False
    line_start = data.rfind(b"\n", 0, hit.offset) + 1
    if _line_before(data, line_start) != data.rfind(b"\n", 0, last.offset) + 1:
        return False
    before = {str(name).lower().split("_", 1)[-1]: value for name, value in last.record.values}
    for name, value in hit.record.values:
        was = before.get(str(name).lower())
        if was is None or not abs(value - was) <= 5e-4 + 1e-6 * abs(was):
            return False
    return True


def _indented(data, start: int) -> bool:
    """Whether the line at ``start`` is indented (after a logging record's prefix, when it has one)."""
    head = bytes(data[start:start + 200])
    if _STAMPED.match(head):
        m = _RECORD_PREFIX.match(head) or _BRACKETED.match(head)
        head = head[m.end():] if m else head
    return head[:1] in (b" ", b"\t")


# a banner line: the split's name between runs of one symbol ('>>>>>>>>>>>>>VAL METRIC<<<<<<<<<<<<<<', public
# rscd181's change-detection trainer: its per-class lines 'iou_0: .., F1_0: .., F1_1: ..' follow the epoch's line
# unindented under a logging record's prefix, each of them the validation's too)
_BANNER = re.compile(r"[<>=*#~-]{3,}[^<>=*#~\d]*[<>=*#~-]{3,}")


def _banner_before(data, start: int) -> bool:
    """Whether the nearest non-blank line before the line at ``start`` is a symbol-framed banner (``_BANNER``)."""
    before = _line_before(data, start)
    if before is None:
        return False
    end = data.find(b"\n", before, start)
    text = clean(bytes(data[before:end if end >= 0 else start]).strip())[0]
    return _BANNER.fullmatch(text.strip()) is not None


def _line_before(data, start: int) -> int | None:
    """The start of the nearest non-blank line before the line starting at ``start``, or None."""
    end = start - 1
    while end > 0:
        begin = data.rfind(b"\n", 0, end) + 1
        if bytes(data[begin:end]).strip():
            return begin
        end = begin - 1
    return None


def eval_after_headers(data, hits: list) -> list:
    """``hits`` (``_Hit`` of ``joblog``) with each training-shaped progress line under an evaluation header line made
    the split's (module docstring). Unchanged when no such header is found."""
    if not hits or not any(data.find(n) >= 0 for n in _NEEDLES):  # (``in`` walks an mmap byte by byte)
        return hits
    out, changed, renamed = [], False, {}
    block = None  # (split, start of the last line made the split's, under a banner): the lines of one block follow it
    for hit in hits:
        record = hit.record
        if out and _restates(data, hit, out[-1]):
            changed = True  # Distiller's '==> Top1: 52.450    Top5: 92.270    Loss: 1.451' under its last
            continue  # validation line 'Loss 1.451096    Top1 52.450000    Top5 92.270000': no point of its own
        if record.shape == "kv" and record.values \
                and (record.kind == "train" and (record.step is not None or record.epoch is not None)
                     or record.kind == "eval" and record.step is None and record.epoch is None) \
                and not any(_SPLIT_WORD.search(str(name)) or _TRAIN_WORD.search(str(name))
                            for name, _ in record.values):
            line_start = data.rfind(b"\n", 0, hit.offset) + 1
            part = _header_before(data, line_start)
            banner = part is not None and _banner_before(data, line_start)
            if part is None and block is not None and _line_before(data, line_start) == block[1] \
                    and (_indented(data, line_start) or block[2] and record.step is None and record.epoch is None):
                part, banner = block[0], block[2]  # 'Validation:' / '  Loss: 0.70': the block's next line;
                # under a banner ('>>>VAL METRIC<<<') an unindented one too, when it names no step or epoch of its own
            block = (part, line_start, banner) if part is not None else None
            if part is not None:
                values = tuple((f"{part}_{name}", value) for name, value in record.values)
                renamed[len(out)] = (part, [name for name, _ in record.values])
                hit = replace(hit, record=replace(record, values=values, kind="eval"))
                changed = True
        out.append(hit)
    return by_set_size(data, out, renamed) if changed else hits  # two sets under one header (_joblog_evalsets)
