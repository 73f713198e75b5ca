"""The rows of a parsed job log's run(s) (for ``joblog._read_job`` and ``discover_jobpair.pair_dirs``): ``_rows`` --
(tags, steps, values, unlabelled) in file order, a bar's postfix values kept where a validation changed them, a bar
redrawn at one step kept once, and the row where each later (resumed) session starts -- with its patterns ``_VAL``,
``_RESUME_WORD``, ``_VALIDATING``. Moved from ``joblog`` (which re-exports ``_rows``) to keep that module under the
project's ~400-line rule; no change of behaviour."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._joblog_hfstage import summaries_beside_records
from ._joblog_learners import learner
from ._joblog_tqdm import per_epoch_bars

if TYPE_CHECKING:
    from .joblog import JobLog


# the values a bar's postfix carries from the last epoch end: validation's, and Lightning's epoch aggregates of
# training metrics (``train_loss_epoch``: a newcomer breaker's real Lightning TQDM log had 57 points of it, the last
# epoch's value repeated on every batch step of the next)
_VAL = re.compile(r"(?:^|_)(?:val|valid|validation|eval|test)(?:_|$)|_epoch$")


# a resume said between two lines at the same step (``Resuming from ./checkpoints/checkpoint_0705000.pt``, then
# that step logged again): a later session starting at the step the earlier one last logged
_RESUME_WORD = re.compile(rb"\b[Rr]esum(?:e|ed|ing)\b")
_VALIDATING = re.compile(rb"\bValidat(?:ion|ing)\b")  # a validation bar drawn between two training bar lines


def _rows(log: JobLog, segment: int | None, resumed: list | None = None, data=None):
    """(tags, steps, values, unlabelled) of the run(s); ``resumed`` gets the row where each later session starts
    (the step went back, or with ``data`` the same step logged again after a line saying the job resumed; with
    ``segment`` None, each later training of the file: ``discover_jobpair.pair_dirs`` reads relaunches so)."""
    tags, steps, values, unlabelled = [], [], [], []
    if segment == -1:
        return tags, steps, values, unlabelled
    spans = log.segments if segment is None else [log.segments[segment]]
    for first, end in spans:
        if resumed is not None and values and (not resumed or resumed[-1] != len(values)):
            resumed.append(len(values))  # the whole file read as one run: each later training a later session
        shown: dict = {}
        redrawn: dict = {}  # (tag, step) -> index of a bar's value at that step
        reached = None  # the highest training step of the run so far
        reached_by: dict = {}  # each learner's (``_joblog_learners``)
        last_train = 0  # the offset of the last training line
        once = per_epoch_bars(log.hits[first:end])  # one bar line per epoch: a repeated value is a measure
        last_bar = None  # the offset of the last bar line read
        for h in summaries_beside_records(log.hits[first:end]):  # two HF closing means: no series of the run
            if h.record.kind == "train" and h.step is not None:
                lp = learner(h.record)
                if lp:
                    reached_by[None], reached = reached, reached_by.get(lp)
                again = (reached is not None and h.step == reached and data is not None
                         and _RESUME_WORD.search(data, last_train, h.offset) is not None)
                last_train = h.offset
                if reached is not None and (h.step < reached or again):  # back, not to its start (a new run): resumed
                    if resumed is not None and values and (not resumed or resumed[-1] != len(values)):
                        resumed.append(len(values))
                    reached = h.step  # the new session's own progress from here
                reached = h.step if reached is None else max(reached, h.step)
                if lp:
                    reached_by[lp], reached = reached, reached_by[None]
            bar = h.record.shape in ("tqdm", "rich")
            postfix = bar and not once and h.record.kind != "eval"
            if postfix:  # a bar's postfix repeats the last validation values at every step: a validation is new
                # where ANY of them changed, and then gives every one of them a point (public SPH6004 Lightning
                # bar: val_acc=0.969 printed by two evaluations in a row kept 19 points, val_auc 21, of 26)
                # (an evaluation that printed the same values as the one before is seen by the validation bar
                # drawn since the bar's last line: 'Validation DataLoader 0: 100%', Lightning's)
                fresh = {t for t, v in h.record.values if _VAL.search(t)}
                if fresh and all(shown.get(t) == v for t, v in h.record.values if t in fresh) and not (
                        data is not None and last_bar is not None and _VALIDATING.search(data, last_bar, h.offset)):
                    fresh = set()
                last_bar = h.offset
                shown.update((t, v) for t, v in h.record.values if t in fresh)
            for tag, value in h.record.values:
                if postfix and tag not in fresh and _VAL.search(tag):
                    continue
                if bar:
                    # a bar is redrawn when its counter moves, before the step's postfix is set (Lightning's TQDM:
                    # "2/16 ... loss=0.719" then "2/16 ... loss=0.620"): the last redraw at a step holds its value
                    j = redrawn.get((tag, h.step))
                    if j is not None:
                        values[j] = value
                        continue
                    redrawn[(tag, h.step)] = len(values)
                tags.append(tag)
                steps.append(h.step)
                values.append(value)
                unlabelled.append(h.record.rank is None and h.record.shape != "user")
    return tags, steps, values, unlabelled
