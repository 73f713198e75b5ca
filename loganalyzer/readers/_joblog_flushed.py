"""Validation lines flushed at the job's end (used by ``readers/joblog.py``).

A script printing its progress bar to stderr (tqdm) and its validation results with ``print`` to a redirected stdout
(block-buffered) shows every validation result after the last bar, when the buffer is flushed at exit: public
RCVLab-AiimLab/crowd_counting ``train_alt_1.out`` (``Epoch [0][1199/1200] ... Loss 42.9886 (241.515)`` bars for
six epochs and part of a seventh, then a traceback's output and six ``begin validation`` / `` * MAE_Count_T 168.361``
blocks). Each block took the last training step, six values stacked at one step. When every validation line comes
after the last training line, the lines form ``k >= 2`` blocks repeating the same names, and the training printed
``k`` epochs (or ``k + 1``, the last cut short), block ``j`` is epoch ``j``'s: it is placed at that epoch's last
training step.
"""
from __future__ import annotations


def _blocks(evals: list) -> list[list]:
    """The validation hits cut where a name repeats: one block per validation pass."""
    blocks, names = [], set()
    for h in evals:
        tags = {t for t, _ in h.record.values}
        if not blocks or tags & names:
            blocks.append([])
            names = set()
        blocks[-1].append(h)
        names |= tags
    return blocks


def flushed_evals(hits: list) -> None:
    """Place validation blocks flushed after the last training line at their epochs' ends (module docstring)."""
    train = [h for h in hits if h.record.kind == "train"]
    evals = [h for h in hits if h.record.kind == "eval"]
    if len(evals) < 2 or not train or evals[0].offset < train[-1].offset:
        return
    ends: dict = {}
    for h in train:
        if h.record.epoch is None or h.step is None:
            return
        ends[h.record.epoch] = h.step
    blocks = _blocks(evals)
    if len(blocks) < 2 or len(ends) not in (len(blocks), len(blocks) + 1) or list(ends) != sorted(ends):
        return
    for block, step in zip(blocks, ends.values()):
        for h in block:
            h.step = step
