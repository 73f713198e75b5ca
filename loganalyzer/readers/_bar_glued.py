"""A log record printed right after a progress bar's redraw, on the same printed line.

tqdm redraws its bar with ``\\r`` and no newline; a ``logging`` record written to the same terminal stream in between
lands after the bar's last redraw, on the bar's line::

    Epoch 1/1000::   0%|          | 0/41 [00:00<?, ?batch/s]2025-04-28 14:01:00,573|    INFO| Train: STEP 0 - ..
    Validation: |          | 0/? [00:00<?, ?it/s]<ESC>[A[12/09/24 14:03:31] INFO   Epoch 0: v_loss 4.59  loss 5.36

(public Azhuan-zhou/final_project train.log, MukundShankar-dev/TMR train.out). Read as one line, the bar claimed
it: the record was lost (1,000 of 1,019 points), or it took the bar's ``Validation`` role (the training ``loss``
became ``Validation_loss``). ``after_bar`` says where such a record starts, so that the scan reads the bar and the
record as two lines.
"""
from __future__ import annotations

import re

# the bar's counter and its bracketed stats: '| 0/41 [00:00<?, ?batch/s]', '| 12/530 [00:03<02:10, 4.01it/s, loss=1]',
# '| 0/? [00:00<?, ?it/s]' (tqdm with no total); then what follows it on the line
_BAR_END = re.compile(rb"\|\s*\d+(?:\.\d+)?[kMG]?/(?:\d+(?:\.\d+)?[kMG]?|\?)\s*\[[^\]\n\r|]*\]")
_ESCAPES = re.compile(rb"(?:\x1b\[[0-9;?]*[A-Za-z])+")  # cursor moves and colours tqdm and rich print between
_TEXT = re.compile(rb"[A-Za-z]")


def after_bar(segment: bytes) -> int | None:
    """The offset in ``segment`` (one printed line) where text printed after a progress bar's redraw starts (past any
    terminal escapes), or None when the line holds no bar or nothing with a letter after it."""
    if b"]" not in segment or b"|" not in segment:
        return None
    m = _BAR_END.search(segment)
    if m is None:
        return None
    at = m.end()
    escapes = _ESCAPES.match(segment, at)
    if escapes is not None:
        at = escapes.end()
    rest = segment[at:]
    if not rest.strip() or _TEXT.search(rest) is None:
        return None
    return at + (len(rest) - len(rest.lstrip()))


def bar_pieces(segment, parse_segment) -> list[tuple[int, int]] | None:
    """The bar and the log record printed after it on one line (``_bar_glued``), when reading them apart reads the
    record otherwise (the bar claimed it, or named its values); None to read the line as before. ``parse_segment``:
    the scan's parser of one printed line (``_joblog_scan``)."""
    cut = after_bar(segment)
    if cut is None:
        return None
    whole, rest = parse_segment(segment), parse_segment(segment[cut:])
    if rest is None or not rest.values:  # ('Metric val_auc improved by ..': the line read as nothing, the bar lost)
        lost = whole is None and _bar_lost(segment[:cut], None, parse_segment)
        return [(0, cut), (cut, len(segment))] if lost else None
    if whole is not None and [k for k, _ in whole.values] == [k for k, _ in rest.values] \
            and not _bar_lost(segment[:cut], whole, parse_segment):
        return None
    return [(0, cut), (cut, len(segment))]


def _bar_lost(bar, whole, parse_segment) -> bool:
    """True when the bar alone holds values the whole line's record leaves out: Lightning's final redraw of an epoch
    (``Epoch 5: 100%|..| 235/235 [01:22<00:00, 2.85it/s, v_num=2903, val_loss=0.490, val_auc=0.863]``) with its
    ``ModelCheckpoint`` line printed right after it (``Epoch 5, global step 1410: 'val_auc' reached 0.86259 ..``,
    ``pytorch_lightning/callbacks/model_checkpoint.py``): the checkpoint line claimed the whole line, and the
    bar's ``val_loss`` was lost at every epoch but those whose bar ended its line (public qkangnn167: 2 of 24); after
    ``EarlyStopping``'s ``Metric val_auc improved by ..`` (no point: a best-so-far line) the whole line read as nothing.
    ``whole``: the whole line's record, or None."""
    alone = parse_segment(bar)
    return alone is not None and bool({k for k, _ in alone.values} - {k for k, _ in (whole.values if whole else ())})
