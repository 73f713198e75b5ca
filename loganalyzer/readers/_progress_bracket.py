"""A printed line that opens with its counter in brackets and names no step key (for ``readers/_progress.py`` and
``readers/joblog.py``).

- deep-text-recognition-benchmark's ``train.py`` (EasyOCR fine-tuning): ``[20000/300000] Train loss: 0.30092, Valid
  loss: 1.49355, Elapsed_time: 1935.9`` then ``Current_accuracy : 60.039, Current_norm_ED : 0.8185``: ``[n/N]`` is
  the iteration (``f'[{iteration+1}/{opt.num_iter}]'``), the step of the line and of the accuracy lines after it
  (the log printing no step key, every series was at its line's ordinal, each on its own grid);
- I-JEPA's ``[1,   400/ 4440] train_loss: 11.126 [wd: 5.00e-02] ...``: epoch 1, batch 400 of 4440, at step epoch x
  4440 + 400 (the lines were at their ordinals);
- ``[1/41] 1200), Loss: 0.106, mAP 87.84%`` then ``TESTING: 1203), mAP 89.34%``: ``[e/E]`` is the epoch and the
  count closed by ``)`` the global iteration, the step; the ``TESTING:``/``VALIDATION:`` line after holds no loss
  (looked for by ``NEEDLES`` in such logs only) and is the test/validation part at its own iteration,
  ``test_<name>``/``val_<name>``;
- pytorch_GAN_zoo's progressive GAN ``[0 :    100] loss G : 614.970 loss D : 750532.237`` (``'[%d : %6d]' % (scale,
  i)``, pganpd48): the scale as the epoch, ``i`` counting again from each scale's start (one training, not a run
  per scale);
- 0x13enny/MalConv's ``[ (0 ) Loss:  0.382, train_Acc: 0.94802, valid_Loss: 0.361, valid_Acc: 0.97700]``
  (``print('[ (%d ) Loss: ...' % (epoch, ...))``): the counter in parentheses is the line's step, as printed (the
  lines were at their ordinals 1..5 where the log says 0..4).
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._progress_asciibar import ascii_bar
from ._progress_steptotal import step_total

from ._progress import _KV, Record, _from_pairs, clean

# I-JEPA's logger: '[1,   400/ 4440] train_loss: 11.126 [wd: ..] [lr: ..]' ('[%d, %5d/%5d]': epoch, batch of the epoch)
_EPOCH_BATCH = re.compile(r"\[\s*(\d{1,9})(?:\s*,|\s+:)\s*(\d{1,12})\s*(?:/\s*(\d{1,12})\s*)?\]\s*(?=[A-Za-z])")
_LEAD = re.compile(r"\[\s*(\d{1,12})\s*/\s*(\d{1,12})\s*\]\s*(?:(\d{1,12})\)\s*,?\s*)?(?=[A-Za-z])")
_PAREN = re.compile(r"\[?\s*\(\s*(\d{1,9})\s*\)\s*(?=[A-Za-z])")  # MalConv's '[ (0 ) Loss: ..'
_SPLIT_LINE = re.compile(r"(TESTING|TEST|Testing|Test|VALIDATION|Validation|EVAL|Eval)\s*:\s*(\d{1,12})\)\s*,?\s*"
                         r"(?=[A-Za-z])")
_PARTS = {"test": "test", "testing": "test", "validation": "val", "eval": "val"}
NEEDLES = (b"TESTING:", b"Testing:", b"VALIDATION:", b"Validation:")


def leading_counter(record: Record | None, text: str) -> Record | None:
    """``record`` (a ``kv`` line's) at the step its leading ``[n/N]`` (or ``[e/E] n)``, ``[ (n ) ``) gives, when it printed no
    step or epoch key; any other record unchanged."""
    record = step_total(record, text)  # 'step: 10 (total: 1814)': the step's total, no series
    if record is not None and record.step is not None and record.epoch is None and record.total is None:
        return _batch_size_after(record, text)
    if record is not None and record.epoch is not None and record.step == int(record.epoch) and not record.own_step:
        return ascii_bar(record, text) or record  # 'Epoch 2 [====    ] 50.0% 500/1000 | .. | loss=..'
    if record is None or record.step is not None or record.epoch is not None:
        return record
    bar = ascii_bar(record, text)  # 'Training [===   ] 8.5% 5000/58874 | .. | loss=3.91' (_progress_asciibar)
    if bar is not None:
        return bar
    m = _EPOCH_BATCH.match(text)
    if m is not None:
        epoch, n = int(m.group(1)), int(m.group(2))
        total = int(m.group(3)) if m.group(3) else None
        step = epoch * total + n if total else n
        return replace(record, step=step, epoch=float(epoch), kind="train", total=total, own_step=True,
                       per_epoch=total)
    m = _LEAD.match(text)
    if m is None:
        m = _PAREN.match(text)
        return record if m is None else replace(record, step=int(m.group(1)), kind="train", own_step=True)
    if m.group(3) is not None:  # '[epoch/epochs] iteration)'
        return replace(record, shape="counted", step=int(m.group(3)), epoch=float(m.group(1)), kind="train",
                       own_step=True)
    return replace(record, step=int(m.group(1)), kind="train", total=int(m.group(2)) or None, own_step=True)


# '| batch 16' (no '/total'): a batch SIZE printed at the end of the line, not a counter
_BATCH_SIZE = re.compile(r"(?i)\bbatch(?:[ _]size)?\s*[:=]?\s*(\d{1,6})\b(?!\s*/)")


def _batch_size_after(record: Record, text: str) -> Record:
    """A line opening with ``[n/N]`` whose step came from a bare ``batch B`` (B its batch size) at the counter's
    step instead: a unified VFI trainer (public vfi80) prints ``[000500/50000] X4K | loss 0.0488 | VRAM .. | 3.04
    it/s | ETA 271.3 min | batch 16``; every line was at step 16 and the log split into 100 one-point runs."""
    m = _LEAD.match(text)
    if m is None or m.group(3) is not None or int(m.group(1)) > int(m.group(2)):
        return record
    size = _BATCH_SIZE.search(text, m.end())
    if size is None or int(size.group(1)) != record.step or int(m.group(1)) == record.step:
        return record
    return replace(record, step=int(m.group(1)), total=int(m.group(2)) or None, own_step=True)


def split_line(raw: bytes) -> Record | None:
    """``TESTING: 1203), mAP 89.34%``: the test (or validation) part's values at iteration 1203, else None."""
    text, rank, _ = clean(raw)
    m = _SPLIT_LINE.match(text)
    if m is None:
        return None
    part = _PARTS.get(m.group(1).lower(), "test")
    pairs = [(f"{part}_{k.group(1)}", k.group(2)) for k in _KV.finditer(text, m.end())]
    record = _from_pairs("counted", pairs, needs=None)
    if record is None or not record.values:
        return None
    return Record("counted", record.values, step=int(m.group(2)), kind="eval", rank=rank, own_step=True)
