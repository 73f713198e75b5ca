"""PyTorch Lightning's ``ModelCheckpoint(verbose=True)`` lines (a ``_progress`` shape) and W&B's printed run summary.

Lightning (``lightning/pytorch/callbacks/model_checkpoint.py``) prints, after each validation that it checks:

- ``Epoch 3, global step 40: 'val_loss' reached 0.15712 (best 0.15712), saving model to '...ckpt' as top 4``
- ``Epoch 4, global step 50: 'val_loss' was not in top 1``
- ``Epoch 5, global step 60: saving model to '...ckpt'`` (no monitor)

Often the only validation record in a job's stdout. Each is a point at the global step ``S`` (the ``Epoch`` is its
epoch); the monitored value only when printed (``reached X``): a line without a value claims its text (no other
shape reads it) and gives no point. The ``(best X)`` beside it is a running minimum, never a point.

W&B's ``wandb: Run summary:`` block at a job's end repeats each series' last value: ``drop_run_summary`` leaves its
lines out when the same series was read from progress lines (alone, they stay the run's only record).
"""
from __future__ import annotations

import re

_CKPT = re.compile(r"^Epoch (\d+), global step (\d+): (?:'([^']+)'|\"([^\"]+)\") (reached|was not in top)\s*"
                   r"([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf|-inf)?")
_VAL = re.compile(r"(?i)(?:^|[/_\s-])(?:val|valid|validation|eval|dev|test)(?:$|[/_\s-])")
NEEDLE = b", global step "


def checkpoint_line(text: str, record_type, claimed):
    """The ``Record`` of a Lightning checkpoint line (``record_type``: ``_progress.Record``), ``claimed`` for one
    without a value, None for any other text."""
    if not text.startswith("Epoch ") or ", global step " not in text:
        return None
    m = _CKPT.match(text)
    if m is None:
        return None
    epoch, step, name = int(m.group(1)), int(m.group(2)), m.group(3) or m.group(4)
    if m.group(5) != "reached" or m.group(6) is None:
        return claimed
    kind = "eval" if _VAL.search(name) else "train"
    return record_type("ckpt", ((name, float(m.group(6))),), step=step, epoch=float(epoch), kind=kind, own_step=True)


_SUMMARY = re.compile(rb"wandb: Run summary:[^\n]*\n")


def drop_run_summary(data, hits: list, notes: list | None = None) -> list:
    """``hits`` without those in W&B's printed ``Run summary`` blocks (``wandb: Run summary:`` to the next bare
    ``wandb:`` line, printed by ``wandb.finish()`` at a job's end, wandb 0.9-0.19): one last (or ``run.summary``)
    value per series, not a curve. Copies of series other hits hold were always left out; a summary naming its
    series otherwise (public MrCogito/Deep_learning_2023 ``fixWorkingSetup_6.md``: ``train l1 loss 0.0199`` beside the
    printed ``L1 Loss``) made one-point series at step 0: now left out too, said in ``notes`` (one line with the
    block's line number and how many values). The ``Run history:`` sparklines hold no numbers."""
    if not hits:
        return hits
    blocks = []
    for m in _SUMMARY.finditer(data):
        end = data.find(b"\nwandb: \n", m.end() - 1)
        blocks.append((m.start(), m.end(), len(data) if end < 0 else end))
    if not blocks:
        return hits
    inside = [h for h in hits if any(lo <= h.offset < hi for _, lo, hi in blocks)]
    if not inside:
        return hits
    ids = {id(h) for h in inside}
    seen = {k for h in hits if id(h) not in ids for k, _ in h.record.values}
    own = list(dict.fromkeys(k for h in inside for k, _ in h.record.values if k not in seen))
    if own and notes is not None:
        from ._joblog_ending import _count_lines
        line = _count_lines(data, 0, blocks[0][0]) + 1
        notes.append(f"W&B's printed run summary (line {line:,}): {len(own)} value(s) ({', '.join(own[:4])}"
                     f"{', ...' if len(own) > 4 else ''}) not read as series: a summary of one value each, no curve")
    return [h for h in hits if id(h) not in ids]


def drop_restated_checkpoints(hits: list, notes: list) -> list:
    """``hits`` without Lightning's checkpoint points (shape ``ckpt``) that restate a series the progress bars
    print whole: ``self.log('val_loss', .., on_step=True, on_epoch=True, prog_bar=True)`` shows ``val_loss_epoch=
    0.470`` on every epoch's bar while ``ModelCheckpoint(monitor='val_loss')`` prints ``'val_loss' reached 0.46980``
    only on the epochs that improved (open run mambamusic189 ``training_without_errors.log``: 4 of 6 epochs, a second
    validation series with gaps beside the bar's full one). A monitored name ``N`` whose every checkpoint value
    equals, to the bar's three significant digits, the value of ``N_epoch`` on a bar line at the same step is read
    from the bar alone; one line in ``notes`` says so. (A bar printing ``N`` itself gives one series already.)"""
    ckpt = [h for h in hits if h.record.shape == "ckpt" and h.record.step is not None]
    if not ckpt:
        return hits
    bar: dict = {}  # (name, step) -> values printed on other lines
    for h in hits:
        if h.record.shape != "ckpt" and h.record.step is not None:
            for k, v in h.record.values:
                bar.setdefault((k, h.record.step), set()).add(v)
    dropped = set()
    for name in dict.fromkeys(k for h in ckpt for k, _ in h.record.values):
        own = [h for h in ckpt if any(k == name for k, _ in h.record.values)]
        for twin in (f"{name}_epoch",):  # (the same name on the bar: one series already, the precise value kept)
            if all(any(abs(v - b) <= 0.006 * abs(b) + 1e-12 for b in bar.get((twin, h.record.step), ()))
                   for h in own for k, v in h.record.values if k == name):
                dropped.update(id(h) for h in own)
                steps = sorted({h.record.step for h in own})
                notes.append(f"Lightning's checkpoint lines' {name!r} (at {len(steps)} step(s): {steps[0]:,} .. "
                             f"{steps[-1]:,}) restate the progress bar's {twin!r} at the "
                             "same steps: read from the bar alone (every epoch's value, not only the checked ones)")
                break
    return [h for h in hits if id(h) not in dropped] if dropped else hits
