"""Epoch marks in a JSON training history: short lists of epoch indices saved beside the per-epoch lists.

A user's ``json.dump`` of a history often carries, beside ``train_loss``/``val_acc`` (one value per epoch), a list
saying WHEN something happened: ``"phase_starts": [0, 15, 35]`` (the epochs where a fine-tuning phase began:
eval/public-style DrunkMacintosh EFFICIENTNET_B0 FER-2013 ``training_history.json``, 55 epochs), a scheduler's
``"milestones": [30, 60]`` (``torch.optim.lr_scheduler.MultiStepLR``'s argument), ``"lr_steps"``/``"lr_drops"``,
``"best_epochs"``, ``"unfreeze_epochs"``. Read as a series it is a metric of 3 points rising 0 -> 35. It is
metadata: a list much shorter than the history's epoch lists (at most half their length), of whole numbers in
order, each a possible epoch index (0 .. the longest list's length), under a key naming such marks.
"""
from __future__ import annotations

import re

# keys naming epoch marks: '*_starts', '*_start(s)', '*_epochs', 'phase*', 'milestones', 'lr_steps', 'best_epoch(s)'
_MARK_KEY = re.compile(
    r"(?:^|[_\-/. ])(?:starts?|epochs?|milestones?|boundar(?:y|ies)|switch(?:es)?|drops?|decays?)$|"
    r"^phases?(?:$|[_\-])|(?:^|_)lr_?(?:steps|drops|milestones|decay_epochs)$|^stages?_",
    re.IGNORECASE,
)


def is_marks(key: str, values: list, longest: int) -> bool:
    """Whether ``values`` (the list under ``key``) is a list of epoch marks, no series (see the module):
    ``longest`` is the length of the longest list of numbers beside it (the history's epochs)."""
    if not _MARK_KEY.search(str(key)) or not values or longest < 4 or len(values) * 2 > longest:
        return False
    if not all(isinstance(v, int) and not isinstance(v, bool) or isinstance(v, float) and v.is_integer()
               for v in values):
        return False
    marks = [int(v) for v in values]
    return all(0 <= m <= longest for m in marks) and all(b >= a for a, b in zip(marks, marks[1:]))


def longest_list(obj: dict) -> int:
    """The length of the longest list in the dict ``obj``'s values (0 when none)."""
    return max((len(v) for v in obj.values() if isinstance(v, list)), default=0)


def note(marks: dict[str, list]) -> str:
    """One line naming the keys read as epoch marks and their values."""
    shown = ", ".join(f"{k!r} {v[:6]}{'...' if len(v) > 6 else ''}" for k, v in list(marks.items())[:4])
    return (f"{len(marks)} key(s) hold a few epoch indices, not one value per epoch: {shown}; read as marks of "
            "when something happened (a phase or a schedule step), no series")


# a list naming its counter last ('checkpoints_after_episode', 'eval_steps', 'logged_epochs'): the x axis of the lists
# beside it when it holds as many strictly increasing whole numbers as the longest of them (``json_history._columns``)
_COUNTER_LAST = re.compile(r"(?:^|[_\-. ])(?:epochs?|steps?|episodes?|iter(?:ation)?s?|updates?)$", re.IGNORECASE)


def counter_named(obj: dict) -> list[str]:
    """The keys of ``obj`` whose name ends in a counter word and whose list is as long as the longest list beside
    it (public PeterShanxin/FYP-fewshotlearn ``results/history.json``: ``{"history": {"val_acc": [10 values],
    "checkpoints_after_episode": [100, 200, ..., 1000]}}``, validated every 100 episodes: no run before)."""
    longest = longest_list(obj)
    return [str(k) for k, v in obj.items() if isinstance(v, list) and len(v) == longest >= 2
            and _COUNTER_LAST.search(str(k)) is not None]
