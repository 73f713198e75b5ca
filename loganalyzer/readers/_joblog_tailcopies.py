"""An earlier session's final evaluation printed again at the end of a later session (used by ``readers/joblog.py``).

Public pascalfcn125 ``新训练日志.txt`` holds two trainings run one after the other into one file (FCN-ResNet18, then
FCN-ResNet34, the epoch counting from 1 again), each followed by its ``evaluate.py`` output (``mIoU       0.5740`` /
``Pixel Accuracy: 0.8395``). After the second, a comparison script evaluates both models again and prints
``=== Experiment with backbone: resnet18 ===`` with the first model's ``mIoU 0.5740`` / ``Pixel Accuracy: 0.8395``,
then the second's, then a table: the second run's final points held the first model's values (three ``mIoU`` at its
last step, 0.6217, 0.5740, 0.6217).

Here a step-less evaluation record after the log's last training line whose names and values all equal those of a
step-less evaluation record printed after an earlier session's last training line (the training's step going back
marks a new session) is that session's result printed again, when the last session printed its own values of those
names before it: left out, with a note. A single session, a value repeated within one session (a validation accuracy
of 1.0 every epoch), or the last session's first values after its training (equal to the session before's by
chance) are never touched; nor is one copied name alone (a k-fold's test accuracy equal to an earlier fold's by
chance: breaker, stop 54): the copies must hold >= 2 names.
"""
from __future__ import annotations


def _sessions_end(hits: list) -> list[int]:
    """Indices of the last training hit of each session but the last (the training's step going back starts one)."""
    ends, last_i, last_step = [], None, None
    for i, h in enumerate(hits):
        if h.record.kind != "train" or h.step is None:
            continue
        if last_step is not None and h.step < last_step:
            ends.append(last_i)
        last_i, last_step = i, h.step
    return ends + ([last_i] if ends and last_i is not None else [])


def without_tail_copies(hits: list, notes: list) -> list:
    """``hits`` less the copies of the module docstring."""
    if len(hits) < 4:
        return hits
    ends = _sessions_end(hits)
    if len(ends) < 2:
        return hits
    final = ends[-1]

    def stepless_evals(lo: int, hi: int):
        for i in range(lo, hi):
            r = hits[i].record
            if r.kind == "eval" and r.epoch is None and not r.own_step and r.values \
                    and hits[i].record.step is None:
                yield i, tuple(r.values)

    earlier = set()
    for k, end in enumerate(ends[:-1]):
        nxt = next((i for i in range(end + 1, len(hits)) if hits[i].record.kind == "train"), len(hits))
        earlier.update(values for _, values in stepless_evals(end + 1, nxt))
    if not earlier:
        return hits
    drop, named = set(), set()
    for i, values in stepless_evals(final + 1, len(hits)):
        names = tuple(tag for tag, _ in values)
        if values in earlier and names in named:
            drop.add(i)
        named.add(names)
    # a block of several names (pascalfcn125: mIoU and Pixel Accuracy, in order), not one value equal by chance (a
    # k-fold's test accuracy equal to an earlier fold's; a resumed job evaluating the same best checkpoint again)
    if len({tuple(tag for tag, _ in hits[i].record.values) for i in drop}) < 2:
        return hits
    notes.append(f"{len(drop)} evaluation line(s) after the last session's training repeat an earlier session's "
                 "final evaluation (a comparison printed at the end): left out")
    return [h for i, h in enumerate(hits) if i not in drop]
