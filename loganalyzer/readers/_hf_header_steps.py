"""HF Trainer dicts with no step placed by the Trainer's own header (for ``_joblog_steps._hf_epoch_steps``).

transformers' ``Trainer._inner_training_loop`` prints, before training::

    ***** Running training *****
      Num examples = 2,182
      Num Epochs = 1,000
      ...
      Total optimization steps = 17,000

and each log dict carries ``'epoch'`` (the steps done over the dataloader's batches of an epoch, rounded to 2
decimals) but no step. When ``max_steps`` is not set the total is the epochs times the optimizer steps of an epoch
(k), so the first training dict's epoch x k is the logging interval L, and the Trainer logs every L steps: the n-th
training dict is at step n x L (each other dict, an eval, at the training dict's before it). LLaMA-Factory's
``running_log.txt`` (public finetunellm152: no progress bar in the file, ``{'loss': 2.2818, 'learning_rate':
2.5e-06, 'epoch': 0.29}``, 17 steps an epoch, logging every 5: 421 dicts at steps 5..2105) was read in logging
intervals (epoch / first epoch: 1..426), not at optimizer steps.

Only when the header is printed once (one training), the total a whole multiple of the epochs (``max_steps`` set
gives a total that need not be), and every training dict's count x L within 2% (or one interval) of its epoch x k
(the epoch divides by the dataloader's batches, not by k x the accumulation: a slight drift); else None and the
dicts keep the other placements.
"""
from __future__ import annotations

import re

_EPOCHS = re.compile(rb"\bNum Epochs = ([\d,]+)\s*$", re.MULTILINE)
_TOTAL = re.compile(rb"\bTotal optimization steps = ([\d,]+)\s*$", re.MULTILINE)


def _once(pattern: re.Pattern, data) -> int | None:
    found = {int(m.group(1).replace(b",", b"")) for m in pattern.finditer(data)}
    return found.pop() if len(found) == 1 else None


def logging_interval(data, train_epochs: list[float]) -> tuple[int, int] | None:
    """(k optimizer steps an epoch, L steps between training dicts) from the Trainer's header, when the training
    dicts' epochs agree (docstring); None otherwise."""
    epochs, total = _once(_EPOCHS, data), _once(_TOTAL, data)
    if not epochs or not total or total % epochs or not train_epochs:
        return None
    k = total // epochs
    every = round(train_epochs[0] * k)
    if every < 1 or any(b <= a for a, b in zip(train_epochs, train_epochs[1:])):
        return None
    if any(abs(n * every - e * k) > max(every, 0.02 * n * every) for n, e in enumerate(train_epochs, 1)):
        return None
    return k, every


def note(k: int, every: int) -> str:
    """The line said for dicts so placed."""
    return (f"HF Trainer log dicts print no step: the n-th training dict placed at step n x {every} (the Trainer's "
            f"'Total optimization steps' over its 'Num Epochs': {k} optimizer steps an epoch, the first dict's "
            f"epoch x {k} the logging interval)")
