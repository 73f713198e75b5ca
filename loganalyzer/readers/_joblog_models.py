"""Trainings of different models one after the other in one printed log (used by ``readers/joblog.py``).

A script comparing models prints a header naming each one, then its epochs (public GoDaddy-Microbusiness-Density-
Forecasting ``train_log.txt``: ``model: nn.Linear`` then ``[1/6] ... [6/6]``, ``model: LSTM`` then ``[5/30]`` ...
``[30/30]``, ``model: GRU`` then ``[5/30]`` again). The step goes back, but not to the first step of the run
(``joblog._segments``' rule for a new training), so the later models were read as resumed sessions of the first one
(``later_session_replaces``): the LSTM's points replaced by the GRU's, spliced onto the Linear model's first steps.

Rule: a training step that goes back (below the highest step of its run) after a line naming a model
(``model: X``, ``Model name = X``, ``arch: X``, ``network: X``, ``backbone: X``) other than the one named before the
run's first line starts a new training: a run of its own (``split_models``), never joined to the run before as a
second ``fit()`` (``new_training``). The same name printed again (a job restarted and resumed) stays a resume.
A boosting eval line (``_joblog_gbm``) always starts a training of its own.
"""
from __future__ import annotations

import re

_BANNER = re.compile(rb"(?im)^[ \t]*(?:model(?:[ _]?name)?|arch|architecture|network|net|backbone)[ \t]*[:=][ \t]*"
                     rb"([^\s:=][^\n:=]{0,79}?)[ \t]*\r?$")
_LOOK_BACK = 1 << 16


def _banner(data, lo: int, hi: int) -> bytes | None:
    """The model named by the last header line between byte offsets ``lo`` and ``hi`` (None: no such line)."""
    if data is None or hi <= lo:
        return None
    found = None
    for m in _BANNER.finditer(bytes(data[max(lo, hi - _LOOK_BACK):hi])):
        found = m.group(1).strip()
    return found


def _own_model(data, hits: list, first: int) -> bytes | None:
    """The model named in the 64 KiB before a run's first hit (None: none)."""
    return _banner(data, max(0, hits[first].offset - _LOOK_BACK), hits[first].offset)


def split_models(data, hits: list, bounds: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``bounds`` ((first, end) hit indexes of each run) split where a training step goes back after a line naming
    another model than the run's own. Only the lines before a step going back are searched."""
    if data is None:
        return bounds
    out = []
    for first, end in bounds:
        start, reached, previous, own = first, None, None, False
        for i in range(first, end):
            h = hits[i]
            if h.record.kind != "train" or h.step is None:
                continue
            if reached is not None and h.step < reached:
                named = _banner(data, hits[previous].offset, h.offset)
                if named is not None:
                    if own is False:
                        own = _own_model(data, hits, start)
                    if own != named:
                        out.append((start, i))
                        start, reached, own = i, None, named
            reached = h.step if reached is None else max(reached, h.step)
            previous = i
        out.append((start, end))
    return out


def new_training(data, hits: list, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether the run ``after`` is a training of its own, never the run ``before`` trained on: a boosting eval
    line, or a line naming another model than ``before``'s since its last line."""
    h = hits[after[0]]
    if h.record.shape == "gbm":
        return True
    named = _banner(data, hits[before[1] - 1].offset, h.offset)
    return named is not None and named != _own_model(data, hits, before[0])
