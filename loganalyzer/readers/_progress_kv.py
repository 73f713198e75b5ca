"""The ``kv`` shape of printed progress lines (used by ``_progress.parse``, which tries it after the framework shapes):
``key value`` / ``key: value`` / ``key=value`` pairs on one line -- nanoGPT ``iter 100: loss 2.3142, time 41.2ms``
and ``step 2000: train loss 1.7648, val loss 1.8857``, torchtitan ``step: 10  loss:  9.8123``, fairseq ``epoch 001
| loss 9.8 | ... | num_updates 100``. The step is the value of a step key (``_progress.STEP_KEYS``), else of an epoch
key; a line with neither inherits the step of the line before.

``_KV`` (one pair), ``_from_pairs`` (the record of a line's pairs) and ``bar_progress`` are the other shapes' too.
Import these names from ``_progress`` (which re-exports them): this module is loaded by it, after its helpers.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter

from ._progress import (EPOCH_KEYS, NUMBER, SKIPPED_KEYS, STEP_KEYS, TIMING_SUFFIXES, WITHIN_EPOCH_KEYS, _COUNTS,
                        _STEP_SET, Record, tag_name, to_float)
from ._progress_counts import counted, progress_percent, split_accuracy
from ._progress_counter import WITHIN_NOUN, keyless_within, loop_index, spaced_total
from ._progress_outer import OUTER_KEYS, outer_counter
from ._progress_phasekey import phase_counter
from ._progress_resource import duration_after, memory_key, unit_after, unit_led
from ._progress_splitkey import epoch_tag, head_label, unsplit
from ._progress_text import grouped
from ._progress_uncut import uncut
from ._record_replace import replace

# 'Epoch: [ 1/70]', 'Epoch:[ 0/ 5]' (printf '%2d': public CV_DA Coor_1ATT_A2C.log) is epoch 1 of 70 as '[1/70]' is
# (epochs 1-9 were at step 0); a name right after another's text value is no key ('Bname=ema_batch_0enalty=312.69':
# two fields run together in the printed line, public audio_sep, made a series 'ema_batch_0enalty')
# a value may end the printed sentence: 'Training Epoch: 1, Loss: 0.2057.' (public HSabbar/decision-capp-segmentation
# Mcheckpoints/train.log, a text-segmentation trainer's logging.debug: the line was no progress, its file unread)
_KV = re.compile(  # a key may end in '@k': 'Acc@1', 'Recall@10', 'mAP@0.5', 'mAP@0.5-95' (public Falcon-Yolo)
    r"(?<![\w./-])(?<!\w=)([A-Za-z][\w./-]*(?: [A-Za-z][\w/-]*)?(?:@\d+(?:\.\d+)?(?:(?::\d*\.\d+|-\d+)(?=\s*[:=]))?)?)(?:\s*[:=]\s*(?:\[ *)?|\s+(?:\[ *)?)"
    r"(\d{1,3}(?:,\d{3})+(?![\d.])|" + NUMBER + r")(?:/ *(\d+) *\]?)?(?!\w|\.\S)(%?)")


_last_found: tuple = ("", ())  # (text, its _KV matches): the last line's, read again by ``_progress_lead``


def kv_matches(text: str) -> tuple:
    """The ``_KV`` matches of ``text`` (a tuple), remembered for the last text: ``_kv_pairs`` and ``_progress_lead``
    (through ``_progress_text.sectioned``) read the same line one after the other (one regex pass a line fewer)."""
    global _last_found
    last = _last_found
    if last[0] == text:
        return last[1]
    found = tuple(_KV.finditer(text))
    _last_found = (text, found)
    return found


def bar_progress(text: str, end: int) -> bool:
    """A value ending at ``end`` followed by a progress bar (``%|``): the bar's own progress after its description's
    last name -- YOLOv5's validation bar ``Class Images Labels P R mAP@.5 mAP@.5:.95: 100%|███| 60/60`` (public
    insect94) was a series ``mAP@.5:.95`` of 100s."""
    return text.startswith("%|", end) or (text[end - 1:end] == "%" and text.startswith("|", end))


# A bare ``best`` key after a score on the same line is that score's best so far (monotone by construction), no series
# of its own: ``epoch 15 val_dice: 0.6844  best: 0.0000`` made a ``best`` series beside ``val_dice`` (approxda173).
_BEST_AFTER = frozenset({"best", "best_so_far"})


# The per-key work of ``_from_pairs``, remembered: a log prints the same few keys on every line (pure functions of
# the key, so the records are the same; a 40k-line log spent a third of its parse here, issue 12).
@functools.lru_cache(maxsize=4096)
def _unsplit_lower(key: str) -> str:
    return unsplit(key.lower())


@functools.lru_cache(maxsize=4096)
def _skipped(low: str) -> bool:
    """Whether the lower-cased key ``low`` names no training series (a speed, a time, a counter, a size)."""
    return low in SKIPPED_KEYS or low.endswith(TIMING_SUFFIXES) or memory_key(low) or low.endswith(_COUNTS)


_tag_name = functools.lru_cache(maxsize=4096)(tag_name)


def _from_pairs(shape: str, pairs, needs: str | None = "loss") -> Record | None:
    """The record of (key, value) pairs, or None when no value's name holds ``needs`` (None: no such check). A bare
    ``best`` key after another value is no series (``_BEST_AFTER``)."""
    values, steps, epoch, total = [], {}, None, None
    for i, (key, raw) in enumerate(pairs):
        value = raw if isinstance(raw, (int, float)) and not isinstance(raw, bool) else to_float(str(raw))
        if value is None:
            continue
        low = _unsplit_lower(key)
        if i == 0 and len(low) == 5 and low.endswith("step") and low[0].isalpha() and value == int(value) >= 0:
            low = "step"  # ' nstep 1000: train loss ..' (a typo in a public nanoGPT fork's print): the step, no series
        if low in _STEP_SET:
            if math.isfinite(value) and value == int(value) and low not in steps and abs(value) < 2 ** 62:
                steps[low] = int(value)
        elif low in EPOCH_KEYS and epoch is None and math.isfinite(value):
            epoch = value
        elif low in _BEST_AFTER and values:
            continue  # 'epoch 15 val_dice: 0.6844  best: 0.0000': the best so far of the score before it (approxda173)
        elif not _skipped(low):
            values.append((_tag_name(key), float(value)))
    if needs is not None and not any(needs in k.lower() for k, _ in values):
        return None
    step = next((steps[k] for k in STEP_KEYS if k in steps), None) if steps else None
    kind = "eval" if step is None and epoch is None else "train"
    own_step = step is not None
    if step is None and epoch is not None:
        step = int(epoch)
    return Record(shape, tuple(values), step=step, epoch=epoch, kind=kind, total=total, own_step=own_step)


# Keys whose percentage says how far a loop got (``Progress: 45%``), not a metric (``Test Acc: 59.86%`` is one).
_PROGRESS_WORDS = frozenset({"progress", "done", "complete", "completed", "percent", "gpu", "cpu", "util"})


# The words that open a line's training or validation part: ``train loss 0.41 acc 0.86 | val loss 0.52 acc 0.81``,
# ``Train: loss 0.41 acc 0.86 | Val: loss 0.52 acc 0.81``; before a step key, the step of that part (``eval step 50``).
_SPLIT_WORDS = ("train", "training", "val", "valid", "validation", "eval", "evaluation", "dev", "test")
_SECTION = re.compile(r"(?<![\w/-])(" + "|".join(_SPLIT_WORDS) + r")(?![\w/-])", re.IGNORECASE)


def _sectioned(text: str, found: list) -> list:
    """The keys of ``found`` (``_KV`` matches) a line names twice, each prefixed by the part of the line it is in
    (the last train/val/test word before it): two accuracies of one line are two series, not one logged twice."""
    keys = [m.group(1).lower() for m in found]
    if len(set(keys)) == len(keys):  # (no key named twice)
        return [m.group(1) for m in found]
    counts = Counter(keys)  # (keys.count per key was quadratic: a 30 MB line of 'loss: 0.5' pairs hung the scan)
    twice = {k for k in keys if counts[k] > 1 and k not in _STEP_SET and k not in EPOCH_KEYS}
    if not twice:
        return [m.group(1) for m in found]
    marks = [(m.start(), m.group(1).lower()) for m in _SECTION.finditer(text)]
    out = []
    for m, low in zip(found, keys):
        part = next((word for at, word in reversed(marks) if at <= m.start() + len(m.group(1))), None)
        if low in twice and part is not None and not low.startswith(part):
            out.append(f"{part}_{m.group(1)}")
        else:
            out.append(m.group(1))
    return out


_RUN_KEYS = frozenset({"fold", "kfold", "cv_fold"})
# A loss word heading a line before a bracketed counter of a total names the values after it: GANomaly's
# ``Visualizer.print_current_errors`` (lib/visualizer.py) writes ``'   Loss: [%d/%d] ' % (epoch, niter)`` then
# ``'%s: %.3f '`` per loss into ``loss_log.txt`` (public galaxyganomaly183): the epoch was a series ``Loss``.
_HEADER_KEYS = frozenset({"loss", "losses"})



def _kv(text: str, needs: str | None = "loss") -> Record | None:
    text, head = head_label(text)
    record = _kv_pairs(text, needs)
    if record is None or head is None:
        return record
    return replace(record, values=tuple((f"{head}/{tag}", v) for tag, v in record.values))


# The most name/value pairs one printed progress line holds: the widest seen in public logs are per-class tables of a
# few hundred (an ImageNet line would be 1,000 classes: 2,000 pairs leaves room). A 30 MB line of 3 million 'loss: 0.5'
# pairs (a log printed without line breaks, stop-70 break test) took minutes in the per-pair rules and meant nothing.
MAX_PAIRS = 2000


_END_OF_EPOCH = re.compile(r"(?:(?:at|after)[ _])?(?:the[ _])?(?:end[ _])?of[ _]epoch", re.IGNORECASE)


def _kv_pairs(text: str, needs: str | None = "loss") -> Record | None:
    if text.startswith("["):
        text = epoch_tag(text)  # '[E2] step 10 loss ..' as 'Epoch 2 step 10 loss ..'
    pairs = []
    total = epochs = phase = None
    found = list(kv_matches(text))
    if len(found) > MAX_PAIRS:
        return None  # no progress line: a line of thousands of pairs is a dump (see MAX_PAIRS)
    within = keyless_within(text, found, EPOCH_KEYS, _STEP_SET)  # 'Epoch:[ 0/25] [ 198/ 273]'
    keys = uncut(text, found, grouped(text, found, _sectioned(text, found)))
    outer = outer_counter(keys, found) if within is None else None  # 'iteration:3 step:100/1687'
    for key, match in zip(keys, found):
        _, value, of, percent = match.groups()
        if outer is not None and key.lower() in OUTER_KEYS:
            continue
        if match is found[0] and len(found) > 1 and value.isdigit() and len(value) <= 9 \
                and key.lower() in _SPLIT_WORDS and match.start() == 0:
            key = "epoch"  # 'Eval    3 | val_loss: 0.39 | ..' (loguru): the split's counter, no series 'Eval'
            
        if unit_after(text, match.end()) or duration_after(key, text, match.end()):
            continue  # 'GPU 493.6 MB': a memory counter; '.. in 871.37 secs': a duration (_progress_resource)
        key = unit_led(key, text[:match.start()], keys)  # '0.04610 sec ips: 19.5 images/s eta: ..': 'ips', 'eta'
        if _END_OF_EPOCH.fullmatch(key) and value.isdigit():
            key = "epoch"  # '.. is 19.46 at the end of epoch 0', 'Train Summary | End of Epoch 1 | ..': the epoch,
            # no series 'of_epoch' of epoch numbers (public adpred109 output.txt, denoiser109 train.log)
        low = key.lower()
        split = low.split()
        if len(split) == 2 and split[0] in _SPLIT_WORDS and split[1] in _STEP_SET:
            key = low = split[1]  # 'eval step 50 | val_loss 1.57': the step of an evaluation, no series 'eval_step'
        elif len(split) >= 2 and value.isdigit() and (counter := phase_counter(split)) is not None:
            phase = " ".join(split[:-1])
            key = low = counter  # 'Fine-Tune Epoch 1 | ..', 'SupCon Step [10/200] - ..': a phase's counter
        of = of or spaced_total(low, value, text, match.end())  # 'Patch number: 99 / 20955' (``_progress_counter``)
        if of and (low in WITHIN_EPOCH_KEYS or WITHIN_NOUN.match(low) and int(value) <= int(of)) and value.isdigit() \
                and int(of):
            within = (int(value), int(of))
            continue
        if of and low in _HEADER_KEYS and match is found[0] and len(found) > 1 and value.isdigit() \
                and "[" in match.group(0) and int(value) <= int(of):
            key, low = "epoch", "epoch"  # GANomaly's '   Loss: [0/50] err_d: 0.023 ..': the epoch, no series 'Loss'
            needs = None  # (the values after it are losses by that heading: 'err_d', 'err_g')
        if of and low in _STEP_SET:
            total = int(of)
        elif of and low in EPOCH_KEYS:
            epochs = int(of)  # 'epoch 3/50': the planned epochs, the total when the epoch is the line's step
        elif percent and (low in _STEP_SET or low in EPOCH_KEYS or low in _PROGRESS_WORDS
                          or bar_progress(text, match.end()) or progress_percent(text, match.end(), value, percent, low)):
            continue  # 'epoch 45%', 'progress 12%', '.. mAP@.5:.95: 100%|███|': how far, no series
        elif of and low in _PROGRESS_WORDS:
            continue  # 'Percent:[0/6751 (0%)]' (public colornet64 loss_log.txt): a position, no series 'Percent'
        if low in _RUN_KEYS:
            continue  # '[Fold 1 Ep 001]': the cross-validation fold names the run (its epochs restart), no series
        if counted(low, value):
            continue  # 'total signals 900': a count of items, no series (_progress_counts)
        pairs.append((split_accuracy(key, low, value, percent), value))  # 'train 32.89%': train_acc
    record = _from_pairs("kv", loop_index(pairs, _STEP_SET, EPOCH_KEYS), needs)
    if record is not None and outer is not None and record.step is None and record.epoch is None:
        return Record(record.shape, record.values, outer[0] * outer[2] + outer[1], float(outer[0]), record.kind,
                      own_step=True, per_epoch=outer[2])
    if record is not None and within is not None:
        if record.epoch is not None and math.isfinite(record.epoch):
            step = int(record.epoch) * within[1] + within[0]
            return Record(record.shape, record.values, step, record.epoch, "train", None, None, own_step=True,
                          per_epoch=within[1])
        if record.step is None:
            record = Record(record.shape, record.values, within[0], None, "train", None, within[1], own_step=True,
                            within=True)
    if record is not None and total is None and epochs and record.epoch is not None and record.step == record.epoch \
            and not record.own_step:
        total = epochs
    if record is not None and total is not None:
        record = replace(record, total=total)
    if record is not None and phase is not None:
        record = replace(record, phase=phase)
    return record
