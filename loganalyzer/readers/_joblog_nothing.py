"""Why a job log gave no curve, in one line (for ``joblog.parse``): a log whose lines hold no loss (quoting the first
line that looks like progress under other names), an MLPerf log without eval records, a Rich bar written once in its
final state (one point per series). Split from ``joblog.py``."""
from __future__ import annotations

import re

from . import _joblog_mllog
from ._joblog_ending import _count_lines

_UNREAD_PROGRESS = re.compile(rb"(?im)^[^\n]*?\b(?:epoch|step|iter(?:ation)?|batch)\b[\s:=\[#]*\d+[^\n]*?"
                              rb"[A-Za-z][\w ]*?(?:\s*[:=]\s*|[ \t]+)-?\d+\.\d+")

_ACCURACY = re.compile(r"(?i)(?<![A-Za-z])acc(?:uracy)?(?![A-Za-z])")

# '[VAL] LOOCV Fold 4/200 | GDS: 0.34, mIoU: 0.21, score(GDS + mIoU): 0.55' (public JBNU-MacsLAB/2024-k-health
# train_log.txt: 200 such lines and 'LOOCV Fold 115 got best score: 1.85!', nothing else): one score per fold
_LOOCV = re.compile(rb"(?im)^[^\n]{0,40}?\b(?:LOOCV|leave[- ]one[- ]out)\b[^\n]{0,20}?\bfold\s*\d+\s*/\s*(\d+)\b[^\n]*?"
                    rb"[:=]\s*-?\d")


def _nothing_read(data) -> str:
    """Why a job log listed as a run gave no point: its lines hold no loss (nor a validation or accuracy line
    beside loss lines), so there is no curve; the first line that looks like progress the reader has no name for
    is quoted (a training whose objective is not called a loss)."""
    mllog = _joblog_mllog.nothing_read(data)
    if mllog is not None:
        return mllog
    lines = _count_lines(data, 0, len(data)) + (not bytes(data[-1:]) == b"\n")  # an mmap has no count() in 3.11
    folds = _LOOCV.findall(data, 0, 1 << 22)
    if len(folds) >= 2:
        first = _LOOCV.search(data)
        line = _count_lines(data, 0, first.start()) + 1
        end = data.find(b"\n", first.start())
        text = bytes(data[first.start():end if end >= 0 else len(data)]).decode("utf-8", "replace").strip()[:120]
        return (f"no training curve: the log holds leave-one-out cross-validation results, {len(folds):,} fold lines "
                f"of {int(first.group(1)):,} folds (line {line:,}: {text!r}) -- each fold is its own training, "
                "scored once on its one held-out sample; the folds are no steps of one training, so the values are not read")
    found = _UNREAD_PROGRESS.search(data)
    if found is None:
        return (f"no training progress in its {lines:,} line(s): no line holds a loss (or a validation/accuracy line "
                "beside loss lines); no curve, only how the job ended")
    line = _count_lines(data, 0, found.start()) + 1
    text = bytes(found.group(0)).decode("utf-8", "replace").strip()[:120]
    if _ACCURACY.search(text):  # 'Epoch 1: accuracy 0.540 val_accuracy 0.52': accuracies alone are no loss curve
        return (f"no training progress read: no line names a loss; line {line:,} names accuracies but no loss "
                f"({text!r}): accuracy lines are read beside loss lines, not without them, as the verdicts judge the loss curve "
                "(print the training and validation loss too); no curve, only how the job ended")
    return (f"no training progress read: no line names a loss; line {line:,} looks like progress under other names "
            f"({text!r}) and is not read (the reader knows loss lines, and accuracy and validation lines beside them); "
            "no curve, only how the job ended")


_BAR_GLYPH = "\u2501".encode()  # '━', the bar Rich draws (Lightning's RichProgressBar, rich.progress, Keras 3)
_BAR_LINE = re.compile("\u2501+[\u2578\u257a\u2500 ]*\\s*\\d+/\\d+".encode())  # the bar, then its count


def _drawn_once(data, hits: list) -> str | None:
    """Why a log holds one point per series when its only progress line is a Rich bar drawn once: Rich draws a
    live bar only on a terminal; to a file (a batch job's stdout) it writes the bar's final state alone, when it
    stops. None for any other log."""
    if not hits or any(h.transient or h.record.shape == "keras" for h in hits):
        return None
    if len({h.step for h in hits}) != 1:
        return None
    # one bar line in the whole file (its metrics may wrap onto the lines below it); the glyph alone does not make
    # a bar: Lightning's Rich model summary draws its table with it ('┏━━━┳━━━━━━┳')
    if data.find(_BAR_GLYPH) < 0 or len(_BAR_LINE.findall(data)) != 1:
        return None
    where = f" (at step {hits[0].step:,})" if hits[0].step is not None else ""
    return ("the only progress line is a Rich progress bar in its final state" + where + ": Rich draws only that "
            "when its output is a file, not a terminal (Lightning's RichProgressBar, rich.progress), so each series "
            "has one point and no curve; to keep every step print with "
            "RichProgressBar(console_kwargs={'force_terminal': True}) (rich: Console(force_terminal=True)) or log "
            "with a logger (CSVLogger, TensorBoard)")
