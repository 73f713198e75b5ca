"""A pass's progress lines beside the epoch summary its trainer prints for it (for ``readers/joblog.py``).

- Demucs / facebookresearch denoiser (dora's ``LogProgress``): ``Train | Epoch 1 | 143/573 | 1.45 it/sec | Loss
  0.2343 | ...`` every few batches (running means), then ``Train Summary | Epoch 1 | Loss=0.2019 | ...``; validation
  the same, ``Valid | Epoch 1 | 1/3 | ...`` for each model validated (the main one and its EMAs: public
  ApiaoSamaa/audio_sep ``train_log.txt``, 5 passes of 2 lines an epoch) then ``Valid Summary | Epoch 1 | Loss=...``.
  Read as ``key value`` lines, all of them went to the epoch's step under the summary's names: ``Valid_Loss`` held
  231 values over 21 epochs (averaged 11 a step), ``Train_Loss`` at epoch 1 a progress line's running mean.
- PaddleVideo (``paddlevideo/utils/record.py``: ``log_batch``, ``log_epoch``): ``epoch:[  1/25 ] val step:0
  loss: 3.27 top1: 0.125 ...`` per validation batch, its counter from 0 again each epoch, then ``END epoch:1   val
  loss_avg: 3.62 top1_avg: 0.149 ...``. The batch lines' step going back every epoch made the reader stitch
  "continued" sessions and shuffle the steps (public justld/3D-ResNets_paddle ``log/train.log``).

Where a log prints such summaries for a split, that split's progress lines are dropped: the summaries are its
curve. PaddleVideo's training batch lines stay (their own series, ``loss``/``lr`` per batch, beside the epoch's
``train_loss_avg``).
"""
from __future__ import annotations

import re

_DORA_SUMMARY = re.compile(rb"\b([A-Z][a-z]+) Summary \| Epoch \d+ \|")
_DORA_PROGRESS = re.compile(rb"\b([A-Z][a-z]+) \| Epoch \d+ \| *\d+/\d+ \|")
_PADDLE_SUMMARY = re.compile(rb"\bEND epoch:\s*\d+\s+(val|valid|test|eval)\s")
_PADDLE_PROGRESS = re.compile(rb"\bepoch:\[\s*\d+\s*/\s*\d+\s*\]\s+(val|valid|test|eval) step:\s*\d")


def hit_line(data, offset: int) -> bytes:
    """The line from a hit's ``offset`` to its end (at most 4 KiB), as bytes."""
    end = data.find(b"\n", offset, offset + 4096)
    return bytes(data[offset:end if end >= 0 else min(len(data), offset + 4096)])


def summarised_passes(data, hits: list) -> list:
    """``hits`` without the progress lines of a split whose epoch summaries the log prints (module docstring)."""
    dora = {m.group(1) for m in _DORA_SUMMARY.finditer(data)} if data.find(b" Summary | Epoch ") >= 0 else set()
    paddle = {m.group(1) for m in _PADDLE_SUMMARY.finditer(data)} if data.find(b"END epoch:") >= 0 else set()
    if not dora and not paddle:
        return hits
    out = []
    for h in hits:
        line = hit_line(data, h.offset)
        m = _DORA_PROGRESS.search(line) if dora else None
        if m is not None and m.group(1) in dora:
            continue
        m = _PADDLE_PROGRESS.search(line) if paddle else None
        if m is not None and m.group(1) in paddle:
            continue
        out.append(h)
    return out
