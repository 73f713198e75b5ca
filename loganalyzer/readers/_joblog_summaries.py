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
final mean, at the first summary's step; a note says so. So is a run whose lines are such summaries each led by
that training's evaluation dicts and nothing else (a k-fold loop, breaker2 16: ``== Fold k ==``, an empty bar,
``{'eval_loss': 0.6, .., 'epoch': 2.0}``, then ``{'train_runtime': .., 'train_loss': 0.55, 'epoch': 2.0}``): a run
per summary, holding its evaluation and its mean, at the group's first line's step.
"""
from __future__ import annotations


def _summary(h) -> bool:
    return h.record.shape == "hf" and h.record.kind == "summary"


def _eval(h) -> bool:
    return h.record.shape == "hf" and h.record.kind == "eval"


def _groups(hits: list, a: int, b: int) -> list[tuple[int, int]] | None:
    """The (first, end) of each training in ``hits[a:b]``: its evaluation dicts, then its summary; None unless two
    summaries or more, every line an HF summary or evaluation dict, the last a summary."""
    if b - a < 2 or not _summary(hits[b - 1]):
        return None
    groups, start = [], a
    for i in range(a, b):
        if _summary(hits[i]):
            groups.append((start, i + 1))
            start = i + 1
        elif not _eval(hits[i]):
            return None
    return groups if len(groups) >= 2 else None


def split_summaries(hits: list, bounds: list[tuple[int, int]], notes: list[str]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) with each run of HF summaries only split into one run per
    summary (module docstring); the later ones' steps moved back to start at the first's (changed in place;
    a training's evaluations keep their epochs in order: breaker4 R12)."""
    out, split = [], 0
    for a, b in bounds:
        groups = _groups(hits, a, b)
        if groups is None:
            out.append((a, b))
            continue
        for g0, g1 in groups[1:]:  # each training's steps from the first's: its own evaluations keep their order
            shift = hits[g0].step - hits[a].step if hits[g0].step is not None and hits[a].step is not None else None
            for h in hits[g0:g1]:
                h.step = hits[a].step if shift is None or h.step is None else h.step - shift
        out.extend(groups)
        split += len(groups)
    if split:
        notes.append(f"{split} HF training summaries ('train_runtime', 'train_loss') with no record of their "
                     "trainings: each closes its own trainer.train() call, its own run of one final mean loss, "
                     "not a point of one curve")
    return out
