"""Steps of a printed log whose only counter is the epoch each line names (for ``_joblog_steps.resolve_steps``).

A script logging ``logger.info(f"Epoch {epoch}: {metrics}")`` (public titanslm121 ``train.log``: ``... - INFO -
Epoch 0: {'loss': 10.63}`` once per epoch, the script relaunched nine times in the same file, counting from 0 each
time) prints no step. Its lines were numbered 1..246 in the order printed, so the nine trainings read as one curve
whose loss jumped back to 11 eight times, and no training was split off (a new run starts where the step goes back,
``_joblog_segments``). The epoch each line names is its step when every line names a whole epoch and no training
line repeats the epoch of the training line before it (a per-batch line naming only its epoch would: those keep
their ordinals); then each relaunch's epoch 0 is a step going back, a training of its own.
"""
from __future__ import annotations


def epoch_steps(hits: list) -> bool:
    """Give each hit its epoch (a whole number) as its step when that is the log's counter (module docstring);
    True when it did, False (``hits`` unchanged) otherwise."""
    if not hits or any(h.record.epoch is None or not float(h.record.epoch).is_integer() or h.record.epoch < 0
                       for h in hits):
        return False
    train = [int(h.record.epoch) for h in hits if h.record.kind == "train"]
    if len(train) < 3 or any(a == b for a, b in zip(train, train[1:])):
        return False
    for h in hits:
        h.step = int(h.record.epoch)
    return True

