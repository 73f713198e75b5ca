"""Epoch header lines of a job log (used by ``readers/_joblog_steps.py``): a line holding only the epoch (``epoch   1``,
``Epoch: 0001``, ``Epoch 3/10``, ``=== Epoch 3 ===``, ``Epoch 10:``, ``Epoch [2]``) above the lines that print that epoch's values.

- ``header_steps``: in a log whose progress lines print no step at all, each line under a header is at that epoch.
  Shapes (public logs of the twenty-second blind labeller): bilstm-cnlm ``epoch   1`` / ``loss: 6.608444`` / ``test
  accuracy: 20.78%, (512570/2466133)``; the CS230 template's ``Epoch 1/10`` / ``- Train metrics: ...`` / ``- Eval
  metrics: ...`` (inr-currency); garbage-cls ``Epoch: 1`` / ``----------`` / ``Training loss: x; Acc: y`` /
  ``Validation loss: x; Acc: y``. Without it the lines were numbered 1, 2, 3... (a train and a validation line of one
  epoch at two steps). Only when no series prints twice under one header (per-batch lines stay numbered).
- ``epochs_continue``: a step going back while the epoch went up continues (its docstring).
- ``restarting_counters``: a counter that starts again under each header (``Epoch: 0001`` then ``iter:0020
  loss_train: 2.09`` ... ``iter:0140``, ``Epoch: 0002``, ``iter:0020``...: public gcn_graph_classification) counts
  within the epoch: each epoch's counts go on after the last one's (it split one training into a run per epoch).
  A header whose epoch goes back (a new training) keeps the split.
  A tqdm bar's ``n/total`` restarting under ``Epoch [2]`` headers (public LIDC TransAttUNet ``train.log``: a
  ``Training`` bar per epoch, 49 epochs read as 49 runs) counts on the same way.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ._joblog_epochlen import learnt_length
from ._progress import Record, clean

# 'Starting Epoch :  0' (GaNDLF's training loop: print("Starting Epoch : ", epoch), its values then printed as
# '     Epoch Final   train loss :  0.76'; VukW/pm_imagenet log.txt, twenty-fourth labeller's item 1)
# a header may end with the epoch's duration: 'Epoch: 0 | Epoch Time: 16.82 s' (Ranked-List-Truncation's mta.log);
# 'Train Epoch: 5/70 ...' / 'Test Epoch: 5 ...' (a part's header: ShuffleFaceNet's log_train.txt, _joblog_evalblock)
# Markdown's '## Epoch no. = 1' over '- Train Loss: 1.1014' bullets (public pinnlens90 commontest_scores.md)
# a model's name may lead: 'SqueezeNetBypass - Epoch 0/49' (the transfer-learning tutorial's train_model printing
# several models in one log: deep-learning-algorithm/LightWeightCNN docs/squeezenet/log.md)
# a console prompt's '>>> ' may lead: ClipCap's train.py (rmokady/CLIP_prefix_caption and its many forks) prints
# '>>> Training epoch 0' over one tqdm bar per epoch ('52503/52503 [3:17:50<00:00, 4.42it/s, loss=2.07]', no epoch
# in the bar): public clipcap228's loss-records.txt, 25 epochs read as 1 point at step 52503 (every bar's count)
_HEADER = re.compile(r"(?:>{2,3}\s*)?(?:[A-Za-z][\w.]*\s+[-|]\s+)?(?:results?\s*[-:]\s*|(?:starting|start|beginning|begin)\s+|(?:train|training|test|testing|val|valid|validation|eval|evaluation)\s+)?[-=*#\[(\s]*epoch\s*(?:(?:no\.?|num(?:ber)?\.?)\s*)?[:#=]?\s*(?:[\[(]\s*)?(\d+)(?:\s*/\s*(\d+))?\s*[-=*#\])\s:.]*"
                     r"(?:[|,]\s*(?:epoch\s+)?(?:time|elapsed|duration|took)\s*[:=]?\s*[\d.:]+\s*(?:s|sec|secs|seconds|m|min|mins|h)?\s*)?",
                     re.IGNORECASE)
# an empty tqdm bar drawn before the header's print() on its line: '  0%|          | 0/391 [00:00<?, ?it/s]EPOCH: 0'
# (The School of AI's EVA4 notebooks, public eva4div90 Readme.md: epoch 0 was split off as a run of its own)
_BAR_BEFORE = re.compile(r".*?\|\s*\d+/\d+\s*\[[^\]]*\]\s*")
_LOOKED = 8  # 'poch' occurrences looked at in one gap between two progress lines


# a bare number between rules: '-----0------' (a PointNet classification script's print('-----%d------' % epoch):
# public pointcls log_train.txt, fiftieth labeller's set): its lines were numbered 1, 2, 3..
_BARE = re.compile(rb"[-=*#]{3,}[ \t]*(\d{1,6})[ \t]*[-=*#]{3,}[ \t\r]*")
_BARE_LINES = 3  # lines looked at, last first, in the gap before a progress line


def _header(data, lo: int, hi: int, total: bool = False):
    """The epoch of the last header line in ``data[lo:hi]``, or None; with ``total``, (epoch, the planned epoch
    count its ``Epoch 3/15`` prints or None) or None."""
    found = _epoch_header(data, lo, hi, total)
    if found is not None or data.find(b"---", lo, hi) < 0 and data.find(b"===", lo, hi) < 0:
        return found
    end = hi
    for _ in range(_BARE_LINES):
        start = data.rfind(b"\n", lo, max(end - 1, lo)) + 1
        start = max(start, lo)
        m = _BARE.fullmatch(bytes(data[start:end]).strip(b"\n"))
        if m is not None:
            return (int(m.group(1)), None) if total else int(m.group(1))
        if start <= lo:
            return None
        end = start - 1
    return None


def _epoch_header(data, lo: int, hi: int, total: bool):
    pos = hi
    for _ in range(_LOOKED):
        p = max(data.rfind(b"poch", lo, pos), data.rfind(b"POCH", lo, pos))  # 'Epoch 3', 'EPOCH: 3'
        if p < 0:
            return None
        start = max(data.rfind(b"\n", lo, p), data.rfind(b"\r", lo, p)) + 1
        end = data.find(b"\n", p, hi)
        end = hi if end < 0 else end
        text = clean(bytes(data[max(start, lo):end]).rstrip(b"\r"))[0]
        m = _HEADER.fullmatch(text)
        bar = _BAR_BEFORE.match(text) if m is None and "|" in text else None
        m = _HEADER.fullmatch(text, bar.end()) if bar is not None else m
        if m is not None:
            if total:
                return int(m.group(1)), (int(m.group(2)) if m.group(2) else None)
            return int(m.group(1))
        pos = max(start - 1, lo)
        if pos <= lo:
            return None
    return None


def header_steps(data, hits: list, find=None) -> None:
    """Steps from the epoch headers for a log whose progress lines print none (module docstring); in place. ``find``:
    another header shape (``_joblog_iterbanner.iteration_banner``: ``---Iteration: 1000---``), ``_header``'s call."""
    if not hits or any(h.step is not None or h.record.step is not None for h in hits):
        return
    find = find or _header
    epochs, blocks, previous, current, totals, planned = [], [], 0, None, [], None
    for h in hits:
        found = find(data, previous, h.offset, total=True)
        if found is not None:
            current, planned = found
            found = current
        totals.append(planned)
        epochs.append(current)
        blocks.append(len(blocks) if found is not None else (blocks[-1] if blocks else -1))
        previous = h.offset + 1
    if current is None:
        return
    seen = set()
    for h, block in zip(hits, blocks):
        for tag, _ in h.record.values:
            if (block, tag) in seen:
                return  # a series printed twice under one header: per-batch lines, numbered as before
            seen.add((block, tag))
    for h, epoch, planned in zip(hits, epochs, totals):
        if epoch is not None:  # 'Epoch 15/15': the planned total too (old Keras 'verbose=2' summaries: completed)
            r = h.record
            h.step = epoch
            h.record = Record(r.shape, r.values, epoch, None, "train", r.rank, r.total or planned, r.time)


def headed_epochs(data, hits: list, epoch_only) -> None:
    """Step-less lines under an ``Epoch N/M`` header placed at N where the log's only steps are epochs (``epoch_only``
    records: ``Epoch N Results: Train Loss = ..``): public ciallo96 printed ``Epoch 2/100``, then ``Train Loss: ..``
    and ``Validation Loss: ..`` (no step), then ``Epoch 2 Results: Train Loss = .. Val Loss = ..``; the step-less
    lines took the step of the line before (epoch 1's results), so each ``Train_Loss`` step held epoch N's and epoch
    N+1's values, averaged ("printed 2 times with other values"). In place."""
    stepped = [h for h in hits if h.step is not None or h.record.step is not None]
    if not stepped or not all(epoch_only(h.record) for h in stepped) \
            or all(h.step is not None or h.record.step is not None for h in hits):
        return
    previous, current = 0, None
    for h in hits:
        found = _header(data, previous, h.offset)
        if found is not None:
            current = found
        if h.step is None and h.record.step is None and current is not None:
            h.step = current
        previous = h.offset + 1


def restarting_counters(data, hits: list) -> None:
    """Each epoch's counter steps continued after the epoch before (module docstring); in place."""
    own = [h for h in hits if h.record.shape in ("kv", "tqdm") and h.record.step is not None and h.record.epoch is None
           and h.step == h.record.step]
    if len(own) < 4:
        return
    shift, reached, last_epoch, previous, moves, count, stride = 0, None, None, 0, [], None, 1
    for h in own:
        epoch = _header(data, previous, h.offset) if reached is not None and h.step <= reached - shift else None
        previous = h.offset + 1
        if count is not None and h.step > count:
            stride = h.step - count  # the counter's stride ('count: 0', 'count: 50' ...)
        count = h.step
        if epoch is not None and last_epoch is not None and epoch <= last_epoch:
            shift, reached = 0, None  # the epoch went back: a new training, its steps from its own start (the
            last_epoch = epoch  # split stands)
        elif epoch is not None:
            moves.append(h)
            shift = reached + stride - h.step if h.step < stride else reached  # a count from 0 goes on a stride
            last_epoch = epoch  # after the last (it was at the last step reached, two values at one step)
        elif last_epoch is None:
            found = _header(data, 0, h.offset) if reached is None else None
            last_epoch = found if found is not None else last_epoch
        h.step += shift
        reached = h.step if reached is None else max(reached, h.step)
    if len(moves) < 2:
        for h in own:  # undo: not a counter restarting under headers
            h.step = h.record.step
        return
    for h in own:
        r = h.record
        h.record = Record(r.shape, r.values, h.step, r.epoch, r.kind, r.rank, r.total, r.time)


_SPLIT_PREFIXES = ("val", "test", "eval", "dev")


def epochs_continue(hits: list) -> None:
    """A line's step going back while its own epoch went up is no resumed session: the later epoch's steps go on
    after the highest step reached (in place). Public cisc867-tts ``epoch=0 i=1553/530 total loss=...`` then
    ``epoch=1 i=0/530``: the batch counter ran past the printed total in epoch 0, so epoch x total + i went back from
    1553 to 530 at epoch 1 and the resolved view dropped steps 668-1553 as an abandoned session. A resumed job
    prints an epoch that goes back too. A step printed again at the next epoch, once the steps have gone up from
    epoch to epoch unshifted (a global counter: public humanrecon ``Train: STEP 2091 - EPOCH 50/1000`` then ``STEP 2091
    - EPOCH 51/1000``, once every 50 epochs), is that step printed twice, not a restart: it was placed at 2092 and
    every later step one further on. When the line prints the epoch's length (``Epoch [2/5], Step [10/99]``,
    public pothole-risk), each epoch goes on by that length, not by the last batch printed + 1 (81 for 99 batches
    printed every 10th). An epoch printing one line at the same count as the epoch before (MindSpore's sink mode
    ``epoch: 1 step: 62, loss is 2.2797`` then ``epoch: 2 step: 62, loss is 2.2144``: the count is the epoch's last
    step, public skyous779/food ``train_log.log``) goes on by that count: 62, 124, 186..., not 62, 63, 64....

    A training line's step going back within one epoch is such a going back too: a job killed in its first epoch and
    launched again (public surgeon logs: ``Epoch 1 [1840/1855]`` then, relaunched with a bigger batch, ``Epoch 1
    [20/155]``), so its epoch 2 is not moved past the killed launch's 1840 steps.

    An epoch going back to one placed before (a job resumed from a checkpoint: PaddleClas' ``Finish load checkpoints
    from output_/cait_xxs_24/epoch_237`` then ``[Train][Epoch 238/400][Iter: 0/97]`` again, public robinbg/PaddleClas
    ``train.log``) goes back to where that epoch was placed, not to step 0: the reader's session rules then see a
    resume (back less far than the run's first step), not a new training from 0. An epoch never seen (epoch 1
    again, a new training) starts at its own count as before."""
    reached, last_epoch, shift, counts, grew = None, None, 0, [], False
    placed: dict = {}  # epoch -> the shift its first line got
    for h in hits:
        r = h.record
        if r.shape != "kv" or r.epoch is None or h.step is None or r.kind != "train" \
                or (h.step == int(r.epoch) and not r.own_step):
            continue  # (a step that is the epoch itself never goes back while the epoch goes up)
        if last_epoch is not None and (r.epoch < last_epoch or r.epoch == last_epoch and counts and h.step < counts[-1]
                                       and r.values and not r.values[0][0].lower().startswith(_SPLIT_PREFIXES)):
            # the epoch went back: a resumed or new training, the reader's rules decide
            shift, reached = placed.get(r.epoch, 0), None
            placed = {e: s for e, s in placed.items() if e < r.epoch}  # the later epochs are placed again
        elif last_epoch is not None and r.epoch > last_epoch and h.step + shift == reached and grew and not shift:
            pass  # a global step printed again at the next epoch ('STEP 2091 - EPOCH 50' then 'STEP 2091 - EPOCH 51')
        elif last_epoch is not None and r.epoch > last_epoch and h.step + shift <= reached:
            per = r.total if r.total and r.step is not None and 0 <= r.step <= r.total else None
            if per is None and r.total is None and r.per_epoch is None:  # '[2,  2000]' after '[1, 12000]'
                per = learnt_length(counts)
                if per is None and counts == [h.step] and h.step > 0:  # 'epoch: 2 step: 62' after 'epoch: 1 step: 62'
                    per = h.step  # one line an epoch at one count: the epoch's last step, its length (MindSpore)
                elif per is None and counts == [h.step] == [0]:  # 'Epoch 50, Step 0' after 'Epoch 1, Step 0': each
                    per = 1  # printed epoch's first batch (every 49th epoch: public qlherdiff90): the epochs count
            if per and h.step + shift + round(r.epoch - last_epoch) * per > reached:
                shift += round(r.epoch - last_epoch) * per  # 'Step [10/99]': an epoch is 99 steps
            else:
                shift = reached + 1 - h.step
        grew = grew or (last_epoch is not None and r.epoch > last_epoch and h.step + shift > reached)
        counts = counts + [h.step] if r.epoch == last_epoch else [h.step]
        last_epoch = r.epoch
        placed.setdefault(r.epoch, shift)
        if shift:
            h.step += shift
            h.record = replace(r, step=h.step)
        reached = h.step if reached is None else max(reached, h.step)
