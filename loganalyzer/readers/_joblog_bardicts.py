"""A dict printed after each epoch's tqdm bar (used by ``_joblog_steps.resolve_steps``).

A loop drawing ``Epoch 0: 100%|██████████| 8/8 [.., loss=0.772]`` and then printing its epoch's results as a dict,
``{'epoch': 0, 'val_loss': 0.7038, 'val_acc': 0.5625, 'train_loss': 0.6736}`` (an Accelerate-style script, a
newcomer breaker's log), had the dicts read as HF Trainer logs: placed at steps 0..5 of the batch axis, the step
"went back" every epoch, the log cut in two runs and 32 of 48 batch losses dropped as abandoned sessions. A dict with
a whole ``epoch`` and no step of its own, printed after bar lines of that same epoch, closes it: it is placed at the
last step the bar reached.
"""
from __future__ import annotations

from dataclasses import replace


def bar_epoch_dicts(hits: list) -> None:
    """Place each such dict at its epoch's last bar step (module docstring); in place."""
    if not any(h.record.shape == "hf" for h in hits):
        return
    bar_epoch, bar_step = None, None
    for h in hits:
        r = h.record
        if r.shape == "tqdm" and r.epoch is not None and r.kind == "train":
            step = h.step if h.step is not None else r.step
            if step is not None:
                bar_epoch, bar_step = r.epoch, step
        elif (r.shape == "hf" and r.step is None and r.epoch is not None
              and float(r.epoch).is_integer() and r.epoch == bar_epoch):
            h.step = bar_step
            h.record = replace(r, step=bar_step, own_step=True)
