"""A last stage printed without a counter after a training that printed one (used by ``_joblog_steps.resolve_steps``).

A script that trains, then fits a linear probe (or a classifier head) on the frozen features, may print the probe's
epochs without their number: public simclropt161 ``training_log_*.log`` prints ``Epoch k: Training Loss: x,
Validation Loss: y, ..`` for the 800 pretraining epochs, then ``Logistic Regression started`` and 100 lines
``Training loss: x,Validation loss: y`` (``logging.info(f"Training loss: {train_loss},Validation loss: {val_loss}")``,
no epoch). Every step-less line took the step of the line before, so all 100 probe epochs sat at step 800 (a
metric logged 100 times at one step).

``stepless_stage(hits)``: a block of ``MIN_LINES`` or more training lines in a row with no step of their own, after
the last line that had one, each naming the same series and none of them a series any stepped training line named,
is another stage when a training loss is among them: its lines are placed at 1, 2, 3 ... (one epoch a line, as each
line reports a pass), read as training lines (the stepped epochs' lines printing both losses are), which opens a run
of its own (``_joblog_segments``: the step went back); up to ``_TAIL`` lines after it (the probe's accuracy) at its
last step. Lines repeating the stepped training's series (a
continuation, an evaluation printed without a step) keep the step before, as before.

A cross-validation summary after the training (``Cross-validation summary:`` then ``Fold k: Train Loss: x, Val Loss:
y`` or the same lines without the label, one per fold: k is 5 or 10, each fold's final losses) is no stage: a line
labelled ``Fold N`` blocks the rule, and a block of fewer than ``_LONG`` lines is a stage only when its training loss
falls as a training's does (its last at most ``_FALL`` of its first; the folds' final losses scatter about one value).
"""
from __future__ import annotations

from ._lazy import lazy_re

MIN_LINES = 5
_LONG = 20  # more lines than the folds of any usual k-fold summary
_FALL = 0.9
_FOLD = lazy_re(rb"(?i)\bfold[ _#-]?\d+\b")
_TAIL = 2  # summary lines after the block ('Linear evaluation accuracy: 0.8591,NMI: 0.7496'): at its last step


def _tags(h) -> frozenset:
    return frozenset(t for t, _ in h.record.values)


def _line(data, offset: int) -> bytes:
    start = data.rfind(b"\n", max(0, offset - 4096), offset) + 1
    end = data.find(b"\n", offset, offset + 4096)
    return bytes(data[start:end if end >= 0 else offset + 4096])


def _no_stage(data, block: list, tags: frozenset) -> bool:
    """Whether ``block`` is a cross-validation summary (module docstring), not a stage's epochs."""
    if data is not None and any(_FOLD().search(_line(data, h.offset)) for h in block):
        return True
    if len(block) >= _LONG:
        return False
    train = next(t for t in sorted(tags) if "train" in t.lower() and "loss" in t.lower())
    first, last = (dict(h.record.values).get(train) for h in (block[0], block[-1]))
    return not (first is not None and last is not None and first > 0 and last <= _FALL * first)


def stepless_stage(hits: list, data=None) -> None:
    """Place such a last block's lines at their ordinals (module docstring); ``hits`` changed in place."""
    last = max((i for i, h in enumerate(hits) if h.step is not None and h.record.kind == "train"), default=None)
    if last is None or any(h.step is not None for h in hits[last + 1:]):
        return
    rest = hits[last + 1:]
    tags = _tags(rest[0]) if rest else frozenset()
    n = next((k for k, h in enumerate(rest) if _tags(h) != tags), len(rest))
    if n < MIN_LINES or len(rest) - n > _TAIL or not any("train" in t.lower() and "loss" in t.lower() for t in tags):
        return  # (a training loss named: the probe's lines, not an evaluation printed n times)
    named = {t for h in hits[:last + 1] if h.record.kind == "train" for t, _ in h.record.values}
    if not tags.isdisjoint(named) or _no_stage(data, rest[:n], tags):
        return
    from dataclasses import replace

    for k, h in enumerate(rest[:n], 1):
        h.step = k
        h.record = replace(h.record, kind="train")  # (its validation loss beside it: as the epochs' lines are read)
    for h in rest[n:]:
        h.step = n
