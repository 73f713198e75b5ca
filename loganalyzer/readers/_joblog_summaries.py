"""HF ``trainer.train()`` calls that each printed only their closing summary (used by ``readers/joblog.py``).

With logging off (or ``logging_steps`` above the training's steps) a Trainer prints no record, only the summary
dict it closes with, whose ``train_loss`` is the mean loss of that whole training (``_progress_dicts``: series
``train_loss_mean``). Public denizyuret/peft-debug ``train.out`` runs four trainings of 8 steps each::

    Training adapter1
    {'train_runtime': 11.2237, 'train_samples_per_second': 0.713, ..., 'train_loss': 1.527357816696167, 'epoch': 1.0}
    100% 8/8 [00:11<00:00,  1.40s/it]
    {'train_runtime': 9.3417, 'train_samples_per_second': 0.856, ..., 'train_loss': 1.5054534673690796, 'epoch': 1.0}
    Training adapter2
    {'train_runtime': 9.3369, ..., 'train_loss': 1.5291342735290527, 'epoch': 1.0}

and they were one series ``train_loss_mean`` at made-up steps 1..4, a curve no training drew. ``split_summaries``:
a run whose every line is such a summary (two or more) is that many trainings, each its own run holding its one
final mean, at the first summary's step; a note says so.
"""
from __future__ import annotations


def _summary(h) -> bool:
    return h.record.shape == "hf" and h.record.kind == "summary"


def split_summaries(hits: list, bounds: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) with each run of HF summaries only split into one run per
    summary (module docstring); the later ones' ``step`` set to the first's (changed in place)."""
    out, split = [], 0
    for a, b in bounds:
        if b - a < 2 or not all(_summary(h) for h in hits[a:b]):
            out.append((a, b))
            continue
        for h in hits[a + 1:b]:
            h.step = hits[a].step
        out.extend((i, i + 1) for i in range(a, b))
        split += b - a
    if split:
        notes.append(f"{split} HF training summaries ('train_runtime', 'train_loss') with no record of their "
                     "trainings: each closes its own trainer.train() call, its own run of one final mean loss, "
                     "not a point of one curve")
    return out
