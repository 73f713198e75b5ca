"""Step-less lines under an epoch header line of their own (used by ``readers/joblog.py``).

A loop that prints the epoch alone on a line, then the epoch's results as ``name: value`` lines with no step:

    Epoch 1/20                                  (public hierbert58 training_logs.txt, a BERT multi-task trainer:
    Train Loss: 8.7897, Val Loss: 6.7511         ``print(f"Epoch {epoch+1}/{epochs}")`` over tqdm bars, then the
    Cat1 Loss: 0.8633, Cat2 Loss: 2.9650, ...    epoch's losses and accuracies)

    【1/25】                                     (public vqacomp58 train.log, a VQA course baseline:
    train time: 1575.64 [s]                      ``print(f"【{epoch + 1}/{num_epoch}】")`` then ``train loss: 5.1091``,
    train loss: 5.1091                           ``train acc: 0.9979``, ``train simple acc: 0.3766``)

The lines took their ordinals for steps (hierbert58's Train Loss at 1, 4, 7...), and under the bracketed header with no
``epoch`` word each block was a training of its own (vqacomp58: 25 runs of one point). Each line printing no step,
under such a header printed since the line before it, is placed at the header's epoch number -- when the file holds two
or more headers counting up to one total and no name is printed twice under one header (per-batch lines under it keep
their own counting).
"""
from __future__ import annotations

import re
from dataclasses import replace

_OPEN, _CLOSE = "【".encode(), "】".encode()
_HEADER = re.compile(rb"(?im)^[ \t]*(?:epoch[ \t]*:?[ \t]*)?(\[|\(|" + _OPEN + rb")?[ \t]*(\d+)[ \t]*/[ \t]*(\d+)[ \t]*"
                     rb"(\]|\)|" + _CLOSE + rb")?[ \t]*\r?$")
_PAIRS = {None: None, b"[": b"]", b"(": b")", _OPEN: _CLOSE}


def _headers(data) -> list[tuple[int, int, int]]:
    """(offset, epoch, total) of each header line, or [] unless they count up to one total."""
    found = [(m.start(), int(m.group(2)), int(m.group(3))) for m in _HEADER.finditer(data)
             if _PAIRS.get(m.group(1), 0) == m.group(4)]
    if len(found) < 2 or len({t for _, _, t in found}) != 1:
        return []
    if any(b[1] < a[1] for a, b in zip(found, found[1:])) or any(e > t for _, e, t in found):
        return []
    return found


def _counts_steps(hits: list) -> bool:
    """Training lines print their own step on another axis than the epoch (``Epoch: 1, Batch: 110, Loss: ..`` at step
    110): a step-less line then stays at the step of the line before it (``resolve_steps``), not at its header's
    epoch number. Public dental80 (``Epoch 1/20`` headers, batch lines, ``Epoch 1 - Average Training Loss: ..`` and
    ``Validation Loss: 0.007304``): the validation loss sat at steps 1..20 beside a training loss at 110..2390. A
    line's leading counter (``Batch 500,TrainLoss: 0.5684,TrainAcc: 79.45``, public jaycnn125: a step, no epoch of
    its own) counts too: its ``train Loss:`` / ``valid Loss:`` lines sat at 0..4 beside batch lines at 500..7500."""
    return any((h.record.own_step or h.record.step is not None and h.record.epoch is None)
               and h.record.kind == "train" and h.step is not None
               and (h.record.epoch is None or h.step != int(h.record.epoch)) for h in hits)


def header_epochs(data, hits: list, notes: list) -> list:
    """``hits`` with each step-less hit under an epoch header line (module docstring) placed at the header's epoch;
    a per-name table printed after the last epoch's results (hierbert58's ``Category 1: / Accuracy: 94.20%`` x 3) is
    a final report, left out with a note."""
    heads = _headers(data)
    if not heads or _counts_steps(hits):
        return hits
    placed, seen, h_i, current, cut = [], {}, 0, None, None
    for i, h in enumerate(hits):
        while h_i < len(heads) and heads[h_i][0] < h.offset:
            current, h_i = heads[h_i], h_i + 1
            seen = {}
        r = h.record
        if current is None or h.transient or r.step is not None or r.epoch is not None or r.own_step \
                or r.shape == "keras":
            continue
        if any(seen.get(tag) is current for tag, _ in r.values):
            if h_i < len(heads):
                return hits  # a name printed twice under one header: per-batch lines, not the epoch's results
            cut = i
            break
        seen.update((tag, current) for tag, _ in r.values)
        placed.append((h, current[1]))
    for h, epoch in placed:  # the record says its epoch: a step-less log's banner split (_joblog_banners) leaves it
        h.step, h.record = epoch, replace(h.record, epoch=float(epoch))
    if cut is None:
        return hits
    left = [h for h in hits[cut:] if not h.transient]
    notes.append(f"{len(left)} line(s) repeating a name after the last epoch's results (a final per-class or "
                 "per-task table) are a report, not a curve: not read")
    return hits[:cut]
