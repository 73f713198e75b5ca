"""Steps of the progress lines of a job log (``joblog.parse``): each line's own, the Keras epoch above it, the
HuggingFace bar around it, or the line before; a Keras ``model.evaluate()`` line after ``fit`` is a test result."""
from __future__ import annotations

import re
from collections import Counter

from ._joblog_echoes import drop_common_head, drop_echoes, drop_final_restated
from ._joblog_headers import epochs_continue, header_steps, headed_epochs, restarting_counters
from ._joblog_epochsteps import epoch_steps
from ._joblog_epochrepeat import per_batch_epoch_lines
from ._joblog_footer import footer_counters
from ._joblog_laststage import stepless_stage
from ._joblog_iterbanner import iteration_banner
from ._joblog_epochinterval import interval_epoch_lines
from ._joblog_overrun import overrun_redraws
from ._joblog_bardicts import bar_epoch_dicts
from ._joblog_hfbar import dict_bar
from ._joblog_epochlen import one_based_epochs
from ._joblog_epochlines import _epoch_lines_at_steps, _epoch_only
from ._joblog_conlleval import strided_one_based
from ._progress import Record, tag_name, to_float
from ._progress_position import _BAR_N, bar_position, keras_epoch_after, keras_epoch_before, rich_position

MAX_SEGMENT = 1 << 16
_KERAS_N = re.compile(rb"(\d+)/(\d+)(?:\x1b\[[0-9;]*m)?\s")  # Keras 3 prints it bold: ESC[1m6/6ESC[0m




def _test_tag(tag: str) -> str:
    """The name of a ``model.evaluate()`` value: ``loss`` -> ``test_loss`` (a test set's result, no training point)."""
    return tag if tag.startswith(("test_", "val_")) else "test_" + tag


_BLOCK_HEAD = re.compile(rb"\[step=(\d+)(?:/(\d+))?(?:,[\w ]+=[\w.]+)*\][ \t]*\r?\n")
_BLOCK_LINE = re.compile(rb"[ \t]+([^\s=][^=\n]*?)=[ \t]*([^\s]+)[ \t]*\r?$")


def _block(data, offset: int):
    """(where it starts, step, total, values) of the OLMo-style block the indented line at ``offset`` belongs to:
    a ``[step=N/M,epoch=E]`` header, then one indented ``key=value`` per line; None when it is no such block."""
    lo = max(0, offset - 8192)
    head = data.rfind(b"[step=", lo, offset)
    if head < 0 or data[offset:offset + 1] not in (b" ", b"\t"):
        return None
    m = _BLOCK_HEAD.match(data, head)
    if m is None or any(line[:1] not in (b" ", b"\t") for line in data[m.end():offset].splitlines()):
        return None
    values, pos, size = [], m.end(), len(data)
    while pos < size and data[pos:pos + 1] in (b" ", b"\t"):
        end = data.find(b"\n", pos, pos + 4096)
        end = size if end < 0 else end
        kv = _BLOCK_LINE.match(bytes(data[pos:end]))
        value = to_float(kv.group(2).decode("utf-8", "replace")) if kv else None
        if value is not None:
            values.append((tag_name(kv.group(1).decode("utf-8", "replace")), value))
        pos = end + 1
    return head, int(m.group(1)), int(m.group(2)) if m.group(2) else None, tuple(values)


def resolve_steps(data, hits: list, notes: list | None = None) -> None:
    """Give every hit a step: its own, the Keras epoch above it, the HF bar before it (or its epoch), else the
    step of the hit before (continuation and eval lines); ordinal numbers when the log prints no step at all."""
    finished = -1  # where the last Keras line that finished its epoch (n == total) starts
    done: dict = {}  # that line's values
    blocks: set = set()  # the OLMo blocks read (a block holding two losses is read once)
    for h in hits:
        r = h.record
        if r.shape == "keras":
            lo = max(0, h.offset - (1 << 20))
            found = keras_epoch_before(data, lo, h.offset)
            if found is not None:
                h.step = found[0]
                if finished > lo + found[2] and not _epoch_end(r.values, done):  # no 'Epoch N/M' since the epoch
                    # finished: model.evaluate() printing
                    h.record = Record(r.shape, tuple((_test_tag(k), v) for k, v in r.values), found[0],
                                      float(found[0]), "eval", r.rank, None, r.time)
                    continue
                h.record = Record(r.shape, r.values, found[0], float(found[0]), r.kind, r.rank, found[1], r.time)
            n = _KERAS_N.search(data, h.offset, min(len(data), h.offset + 256))
            if found is None and finished < 0 and n is not None and n.group(1) == n.group(2) and r.kind == "train" \
                    and (epoch := keras_epoch_after(data, h.offset, min(len(data), h.offset + 4096))) is not None:
                h.step = epoch  # the first epoch's line, its 'Epoch 1/M' header not printed (_progress_position)
                h.record = Record(r.shape, r.values, epoch, float(epoch), r.kind, r.rank, None, r.time)
            if n is not None and n.group(1) == n.group(2):
                finished = h.offset
                done = dict(r.values)
        elif r.shape == "hf":  # tqdm.write redraws the bar right after the dict, with the current step
            bar = dict_bar(data, h.offset, data.find(b"\n", h.offset, h.offset + MAX_SEGMENT))  # _joblog_hfbar
            if bar is not None:
                h.record = Record(r.shape, r.values, None, r.epoch, r.kind, r.rank, bar[1], r.time)
                h.step = bar[0]
        elif r.step is not None:
            h.step = r.step
        elif r.shape == "kv":
            block = _block(data, h.offset)
            if block is not None:  # OLMo: '[step=10/10000,epoch=0]' then one indented 'key=value' per line
                start, step, total, values = block
                h.step = step
                h.record = Record("block", values if start not in blocks else (), step, r.epoch, "train", r.rank,
                                  total, r.time)
                blocks.add(start)
                continue
            h.step = rich_position(data[max(0, h.offset - 2048):h.offset])
            if h.step is not None:
                h.record = Record(r.shape, r.values, h.step, r.epoch, "train", r.rank, r.total, r.time)
    from ._progress_classic import mnist_sizes  # (it imports _progress, which imports it: here, not at the top)

    mnist_sizes(data, hits)  # 'Train Epoch: 1 [5600/5640 (99%)]' after '[8320/9024 (92%)]': one dataset size
    one_based_epochs(hits, data)  # '[batch 10/152, epoch 1/15]': epoch 1 is the steps 1..152
    strided_one_based(hits, data)  # 'iteration:2 step:18/82' printed every 100 steps: pass 2 is the steps 83..164
    drop_final_restated(data, hits)  # 'Final Validation Loss: 8.450' restating the last block (_joblog_echoes)
    header_steps(data, hits)  # 'epoch   1' above step-less lines
    header_steps(data, hits, iteration_banner)  # '----Iteration: 1000----' above them (no epoch header placed them)
    restarting_counters(data, hits)  # 'Epoch: 0002' then 'iter:0020' again
    footer_counters(hits)  # '[Batch: 2000] loss: ..' then 'Epoch 1 ... loss = ..', then '[Batch: 1000]' again
    per_batch_epoch_lines(hits)  # 'Epoch 1 Loss 4.17' printed after every batch (_joblog_epochrepeat)
    interval_epoch_lines(data, hits)  # '[Epoch 1] Loss: 2.3' every print_interval iterations (_joblog_epochinterval)
    epochs_continue(hits)  # 'epoch=1 i=0/530' after 'epoch=0 i=1553/530'
    overrun_redraws(data, hits, notes)  # 'Epoch 1: 19it [05:01, loss=86.7]' after '14/14': the bar's last redraw
    bar_epoch_dicts(hits)  # 'Epoch 0: 100%|..| 8/8' then print({'epoch': 0, 'val_loss': ..}) (_joblog_bardicts)
    _hf_epoch_steps(data, hits, notes)
    _epoch_lines_at_steps(hits)
    headed_epochs(data, hits, _epoch_only)  # 'Epoch 2/100' above step-less lines, beside 'Epoch 2 Results: ..'
    drop_echoes(data, hits)  # 'Epoch finished | loss_D: ..' before 'Epoch [1/50] | loss_D: ..' (_joblog_echoes)
    drop_common_head(data, hits)  # 'trainer: loss=..' on every line: a logger's name, no task head (_joblog_echoes)
    if not any(h.step is not None for h in hits):
        if not epoch_steps(hits):  # 'Epoch 0: {'loss': ..}' relaunched in one file: each epoch its step
            _ordinals(hits)
        return
    stepless_stage(hits, data)  # a linear probe's 'Training loss: x,Validation loss: y' lines after the epochs (_joblog_laststage)
    last = None
    for h in hits:
        if h.step is None:
            h.step = last if last is not None else 0
        elif h.record.kind != "eval":
            last = h.step


def _ordinals(hits: list) -> None:
    """Steps of a log that prints none: the ordinal of each pass, a pass being the lines in a row whose series are
    new to it (public tianti1/ECGMind ``finetune.log`` prints per epoch ``accuracy = .., macro_f1 = .., AUROC = ..``
    then ``min_loss:.., val_loss:..``: both at the epoch's ordinal, not at 1, 2, 3, 4 for two epochs); a line
    repeating a series of the pass opens the next one."""
    step, seen = 0, None
    for h in hits:
        tags = {t for t, _ in h.record.values}
        if seen is None or not tags or not seen.isdisjoint(tags):
            step, seen = step + 1, set()
        seen |= tags
        h.step = step


def _epoch_end(values: tuple, done: dict) -> bool:
    """Whether a Keras line after the line that finished its epoch is that epoch's own last line, not
    ``model.evaluate()``'s: it holds validation values (an evaluation prints none), or repeats the finished line's
    values (Keras 3 written to a file redraws ``13/13 .. loss: 0.7553`` then ends the epoch with ``13/13 .. loss:
    0.7553 - val_loss: 0.7323``; its training means were made ``test_*`` series)."""
    if any(k.startswith("val_") for k, _ in values):
        return True
    shared = [(k, v) for k, v in values if k in done]
    return bool(shared) and all(done[k] == v for k, v in shared)


def _hf_epoch_steps(data, hits: list, notes: list | None = None) -> None:
    """HF dicts print no step. When the bar before each training dict gave none: with the bar's total drawn anywhere
    in the file (e.g. only at the end) and one training, each dict is placed at its global step, epoch / final epoch
    x total (rounded to the logging interval when one is evident); else the step is counted in logging intervals:
    epoch / (the epoch of the run's first training dict), restarting where the epoch goes back, and a note says so. The Trainer's header (``_hf_header_steps``) gives the
    steps of an epoch before those."""
    from ._hf_header_steps import logging_interval, note as header_note

    hf = [h for h in hits if h.record.shape == "hf" and h.record.epoch is not None]
    if not hf:
        return
    train = [h for h in hf if h.record.kind == "train"]
    shared = any(b.step is not None and a.step is not None and b.step <= a.step and b.record.epoch >= a.record.epoch
                 for a, b in zip(train, train[1:]))  # a burst of buffered dicts after one bar: not their steps
    if not shared and all(h.step is not None for h in train):
        _late_bar_steps(hf, train, notes)
        return
    if _hf_logging_steps(data, hf):
        _late_bar_steps(hf, train, notes)
        return
    if (header := logging_interval(data, [h.record.epoch for h in train])) is not None:
        _count_training_dicts(hf, header[1])
        if notes is not None:
            notes.append(header_note(*header))
        return
    if shared:
        for h in hf:
            h.step = None
    unit, previous, restarts = None, None, 0
    for h in hf:
        epoch = h.record.epoch
        if h.record.kind == "train" and (unit is None or (previous is not None and epoch < previous and epoch <= unit)):
            restarts += unit is not None
            unit = epoch if epoch > 0 else None
        if h.record.kind == "train":
            previous = epoch
        h.step = round(epoch / unit) if unit else 0
    counted = _count_if_rounded(hf)
    total = None
    if not restarts:  # the training bar's total (the bar drawn at the most positions), else the last bar drawn
        total = _training_total(data, train)
        size = len(data)
        last = bar_position(data[max(0, size - (1 << 20)):size]) if total is None else None
        total = total or (last[1] if last else next((h.record.total for h in reversed(hits) if h.record.total), None))
    if counted and total and len(train) <= total:  # rounded epochs: the dicts counted, in logging intervals
        _count_training_dicts(hf, max(1, round(total / len(train))))
        if sum(a.record.epoch == b.record.epoch for a, b in zip(train, train[1:])) <= 2:
            _late_bar_steps(hf, train, notes)  # an epoch printed twice once or twice: a resumed session, no ties
        return
    if total and place_hf_steps(hf, total):
        return
    # dicts printed once an epoch ({'epoch': 3, 'train_loss': ..}, a script's own print or logging_strategy='epoch')
    # sit at their printed epochs and are shown on the epoch axis: no note (it named an HF Trainer a script lacks)
    if notes is not None and (counted or not all(h.step == h.record.epoch for h in hf)):
        notes.append(HF_COUNTED_NOTE if counted else HF_EPOCH_NOTE)


def _late_bar_steps(hf: list, train: list, notes: list | None) -> None:
    """HF dicts placed by the bar drawn before them, where some sit a bar draw late: a run resumed with
    ``resume_from_checkpoint`` prints its first dict again (step 45, epoch 2.25) after the bar has moved on, and every
    dict of that session landed one logging interval late (a newcomer breaker's real Trainer log: 45 twice, evals
    at 65/85/105/125 of a 120-step run). The Trainer's epoch is its step over the steps of an epoch: when the most
    common ratio step / epoch (k) is shared by at least 3 training dicts and a third of them, puts every dict on a
    whole step, and some dicts are off it, every dict is placed at epoch x k, and a note says so."""
    pairs = [(h.step, h.record.epoch) for h in train if h.record.epoch and h.step]
    if len(pairs) < 4:
        return
    (k, agree), = Counter(round(step / epoch, 6) for step, epoch in pairs).most_common(1)
    off = sum(abs(step - epoch * k) > 0.5 for step, epoch in pairs)
    if not off or agree < max(3, len(pairs) / 3) or any(abs(h.record.epoch * k - round(h.record.epoch * k)) > 0.01
                                                        for h in hf):
        return
    for h in hf:
        h.step = round(h.record.epoch * k)
    if notes is not None:
        notes.append(f"{off} HF Trainer dict(s) sat off the step their epoch gives (a session resumed from a "
                     f"checkpoint prints its last dict again; stdout lags the bar): every dict is placed by its "
                     f"epoch, {k:g} steps an epoch")


def _count_if_rounded(hf: list) -> bool:
    """Steps counted in logging intervals from epochs the Trainer printed rounded (``'epoch': 0.03`` then ``0.05``,
    ``0.07``, ``0.1``: two decimals, HF's ``round(epoch, 2)`` in older releases) put two training dicts at one step
    where a ratio of rounded epochs ties (0.05 / 0.03 and 0.07 / 0.03 both round to 2). Where that happens the k-th
    training dict of a training is at step k (counted again where the epoch goes back), each other dict at the step
    of the training dict before it -- what ``HF_COUNTED_NOTE`` says the steps are. True when it counted them."""
    train = [h for h in hf if h.record.kind == "train"]
    if any(b.step == a.step and b.record.epoch > a.record.epoch for a, b in zip(train, train[1:])) \
            or _rounded_epoch_repeats(train):
        _count_training_dicts(hf, 1)
        return True
    return False


def _lr(r: Record):
    return next((v for k, v in r.values if k in ("learning_rate", "lr")), None)


def _rounded_epoch_repeats(train: list) -> bool:
    """Training dicts printed with one 2-decimal epoch that are distinct logging events (transformers 4.x
    ``round(self.state.epoch, 2)`` with more than 100 logging events an epoch: ``{'loss': 2.958, 'learning_rate':
    1e-05, 'epoch': 0.01}`` then ``{'loss': 2.8239, 'learning_rate': 9.997e-06, 'epoch': 0.01}``): two such dicts
    printed a different learning rate (ranks printing one event share it), or every epoch is a 2-decimal number and
    the runs of one epoch differ in length (1, 2, 2, 1, 2 ...: the rounding's beat; k ranks printing each event make
    runs of k). Averaging such dicts per step halved the log's points (3,915 losses read as 2,000 means)."""
    runs, same, lr_moved = [], 1, False
    for a, b in zip(train, train[1:]):
        if b.record.epoch == a.record.epoch:
            same += 1
            la, lb = _lr(a.record), _lr(b.record)
            lr_moved = lr_moved or (la is not None and lb is not None and la != lb)
        else:
            runs.append(same)
            same = 1
    if max(runs + [same]) < 2:
        return False
    if lr_moved:
        return True
    rounded = all(abs(h.record.epoch * 100 - round(h.record.epoch * 100)) < 1e-6 for h in train)
    return rounded and len(set(runs[1:])) > 1  # (the first run holds the epoch-0.0 dicts: left out)


def _count_training_dicts(hf: list, every: int) -> None:
    """Each training dict of a training at step k x ``every`` (its k-th, counted again where the epoch goes back: a
    new training), each other dict (eval) at the step of the training dict before it."""
    count, step, previous = 0, 0, None
    for h in hf:
        if h.record.kind == "train":
            if previous is not None and h.record.epoch < previous:
                count = 0
            previous = h.record.epoch
            count += 1
            step = count * every
        h.step = step


def _training_total(data, train: list) -> int | None:
    """The total of the training bar among the tqdm bars drawn in the log's last MiB: of the totals that can hold
    one step per training dict, the one drawn at the most positions (the Trainer's bar advances step by step; an
    evaluation's bar, a checkpoint's "Writing model shards 1/1" drawn last, are short). None when there is none."""
    size = len(data)
    positions: dict[int, set] = {}
    for m in _BAR_N.finditer(data[max(0, size - (1 << 20)):size]):
        positions.setdefault(int(m.group(2)), set()).add(int(m.group(1)))
    fits = {total: len(seen) for total, seen in positions.items() if total >= len(train)}
    return max(fits, key=lambda total: (fits[total], total)) if fits else None


_LOGGING_STEPS = re.compile(rb"""(?:\blogging_steps=|["']logging_steps["']: |--logging_steps[= ])(\d+)\b""")


def _hf_logging_steps(data, hf: list) -> bool:
    """HF dicts with no bar step where the log prints its ``logging_steps=N`` (``print(training_args)``, a JSON
    config, ``--logging_steps N``): the k-th training dict of a training is at step k x N (the Trainer logs every N
    steps), counted again where the epoch goes back (a new training), each other dict (eval) at the step of the
    training dict before it. The bar's total (the last one drawn) is the planned steps. Stretching the epochs onto
    the bar's total put a run stopped at 3% at 100% (HF stdout is block-buffered: the dicts reach the file far from
    the bar line of their step). False when no such setting is printed."""
    m = _LOGGING_STEPS.search(data)
    every = int(m.group(1)) if m else 0
    if every <= 0:
        return False
    size = len(data)
    bar = bar_position(data[max(0, size - (1 << 20)):size])
    total = bar[1] if bar else None
    _count_training_dicts(hf, every)
    for h in hf:
        r = h.record
        h.record = Record(r.shape, r.values, r.step, r.epoch, r.kind, r.rank, total or r.total, r.time)
    return True


# The two notes of HF dicts placed without a bar total (``_hf_epoch_steps``), each saying where the steps came from
# (stop-28 breaker #5: 200,000 dicts printed with 3-decimal epochs were at steps 0..99,999 -- epoch / 0.001, two
# dicts per step -- while the note said the steps counted the log lines). One wording per file: a file with two
# trainings lists its note once.
HF_EPOCH_NOTE = ("HF Trainer log dicts print no step and no progress bar total was found: their steps are the "
                 "printed epoch divided by the first training dict's epoch (in logging intervals: 1, 2, 3... when "
                 "the epochs are exact; dicts printed with one epoch share a step), not optimizer steps")
HF_COUNTED_NOTE = ("HF Trainer log dicts print no step and no progress bar total was found, and their rounded "
                   "epochs tie: their steps count the training dicts (1, 2, 3...), not optimizer steps")


def place_hf_steps(hf: list, total: int) -> bool:
    """Give HF dict hits (one training) their global steps from the bar's ``total``: step = epoch / final epoch x
    total, rounded to the logging interval (the first training dict's step) when every step is near a multiple of
    it. False when the epochs give no final epoch."""
    final = max((h.record.epoch for h in hf if h.record.epoch is not None), default=0)
    if not final or total <= 0:
        return False
    raw = [h.record.epoch / final * total for h in hf]
    first = next((r for h, r in zip(hf, raw) if h.record.kind == "train" and r > 0), None)
    interval = round(first) if first else 0
    if interval > 1 and all(abs(r / interval - round(r / interval)) < 0.2 for r in raw):
        steps = [round(r / interval) * interval for r in raw]
    else:
        steps = [round(r) for r in raw]
    for h, step in zip(hf, steps):
        h.step = min(step, total)
    return True
