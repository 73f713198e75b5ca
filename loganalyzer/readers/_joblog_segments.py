"""How a printed job log's training lines split into runs (for ``joblog.parse``): ``_segments`` -- a new run where the
training step goes back, or a relaunch (``_joblog_restart``, ``_joblog_relaunch``) -- and which rank's lines are read
(``_choose_rank``, ``_epoch_tags``). Split from ``joblog``."""
from __future__ import annotations

import re
from dataclasses import replace

from ._joblog_evalcounter import OWN_CURVES
from ._joblog_learners import learner
from ._joblog_names import _SETTINGS
from ._joblog_passavg import eval_named
from ._joblog_relaunch import relaunched
from ._joblog_restart import Restarts
from ._joblog_seriesblocks import block_starts
from ._joblog_scan import _Hit


def _epoch_tags(hits: list[_Hit]) -> list[_Hit]:
    """``hits`` with no rank when their ``[N]`` prefixes count up and never interleave, as a process's rank does:
    ``[0] 50 IOU: [..]`` ... ``[19] 23100 IOU: [..]`` is the epoch (public Bargain18/AISL-UBEV train.out: every
    line after epoch 0 was another 'rank's' and dropped)."""
    seq = [h.record.rank for h in hits if h.record.rank is not None]
    if len(set(seq)) <= 2 or any(b < a for a, b in zip(seq, seq[1:])):
        return hits
    return [_Hit(h.offset, replace(h.record, rank=None), h.transient, h.step) if h.record.rank is not None else h
            for h in hits]


def _choose_rank(hits: list[_Hit]) -> int | None:
    wanted = _SETTINGS["rank"]
    ranks = {h.record.rank for h in hits if h.record.rank is not None}
    if wanted is not None:
        return wanted
    if not ranks:
        return None
    return 0 if 0 in ranks else min(ranks)


# ReChorus (THUwangcy/ReChorus ``src/main.py``) logs ``Test Before Training: (HR@5:..,NDCG@5:..)`` right after its
# start-up block and before ``model.load_model()`` (``--load 1``) and ``runner.train``: the launch's own evaluation at
# step 0, whatever was printed before it. Given the step of the line before, a relaunch's copy stayed in the previous
# run while the relaunch joined that run as if the same process went on (public fuxi172: three launches in one .txt,
# the second spliced onto the first with an untrained model's test metrics at its last epoch, the third apart).
_BEFORE_TRAINING = re.compile(rb"[^\r\n]{0,80}?\b(?:Test|Dev) Before Training: ?\(")


def _launch_evals(hits: list[_Hit], data) -> None:
    """ReChorus's ``Test Before Training`` evaluations at step 0 of the launch they open (changed in place)."""
    if data is None or data.find(b" Before Training: ") < 0:
        return
    for i, h in enumerate(hits):
        if h.record.kind == "eval" and h.record.step is None and h.step and _BEFORE_TRAINING.match(data, h.offset):
            hits[i] = _Hit(h.offset, h.record, h.transient, 0)


# shapes whose logs print evaluations only, each at its own step (FLGo's default logger: the metrics after each round
# banner): their step going back is a training appended to the file (a relaunch from 'Initial Evaluation', round 0)
EVAL_LOGS = frozenset({"flgo"})


def _segments(hits: list[_Hit], data=None) -> list[tuple[int, int]]:
    """(first, end) hit indexes of each run: a new run where a training step goes back to or below the first step
    of the current one, or back less far into another training (``_joblog_restart``: other series, a loss at its
    starting level again, other arguments printed), or a one-step run's step logged again after its launch banner
    (``_joblog_relaunch``)."""
    _launch_evals(hits, data)
    bounds, first, previous, start, phase = [], None, None, 0, None
    # (a log of validation-named series only -- test-time adaptation's 'step i | test_loss: ..' per corruption, a
    # breaker's -- splits on them as on any series)
    trained = any(h.record.kind == "train" and not eval_named(frozenset(t for t, _ in h.record.values)) for h in hits)
    restarts = Restarts(data, hits)  # what the run so far printed, read once (a log resumed N times: linear)
    mine: dict = {}  # each learner's last step (``_joblog_learners``: learners printing side by side)
    seen: dict = {}  # the hit index of each learner's first line in the run
    blocks = block_starts(hits)  # a log printed series by series: each block back at the first epoch, one run
    for i, h in enumerate(hits):
        if h.record.kind not in ("train",) and h.record.shape not in EVAL_LOGS or trained and eval_named(frozenset(t for t, _ in h.record.values)) \
                and h.record.shape not in OWN_CURVES:
            continue  # (a line of validation series only: 'validation loss at step 0: 8.13, acc is ..' before the
        lp = learner(h.record)  # training's 'step 0/2331 loss: 8.13' opens no run, public tfcnn123 sge.log)
        before = mine.get(lp, h.step) if lp else previous  # a learner's first line: no step back
        other = not lp and h.record.phase is not None and phase is not None and h.record.phase != phase  # 'LSTM_e1'
        if first is not None and i not in blocks and (h.step < before and (h.step <= first or restarts.new_training(start, i))
                                  or other and h.step <= previous
                                  or h.step == previous == first and relaunched(data, hits, start, i)):
            at = i  # evaluation lines placed at this new run's step (``_joblog_ahead``) open it
            while lp and at > start + 1 and seen.get(learner(hits[at - 1].record)) == at - 1:
                at -= 1  # learners new to the run printed first: the relaunch's (``_joblog_learners``)
            launched = restarts.launched if h.step < before else None  # another script's launch line
            while at > start + 1 and hits[at - 1].record.kind == "eval" and hits[at - 1].record.step is None \
                    and (hits[at - 1].step in (h.step, 0)  # (0: placed before it, _joblog_footer)
                         or launched is not None and hits[at - 1].offset > launched):
                at -= 1
                if hits[at].step not in (h.step, 0):  # at the other script's first step, not the last one's
                    hits[at] = _Hit(hits[at].offset, hits[at].record, hits[at].transient, h.step)
            bounds.append((start, at))
            start, first, mine, seen = at, None, {}, {}
        if first is None:
            first = h.step
        previous, phase = h.step, (None if lp else h.record.phase)
        if lp:
            mine[lp] = h.step
            seen.setdefault(lp, i)
    bounds.append((start, len(hits)))
    return bounds
