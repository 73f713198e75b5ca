"""Printed progress of two classic training scripts, for ``readers/_progress.py``:

- the PyTorch MNIST example (pytorch/examples mnist/main.py): ``Train Epoch: 3 [12800/60000 (21%)]\tLoss: 0.21``
  (1-based epoch, samples seen: step = (epoch - 1) x dataset size + seen) and ``Test set: Average loss: 0.0331,
  Accuracy: 9890/10000 (99%)`` (an evaluation at the line before's step);
- Megatron-LM's ``training_log`` (megatron/training/training.py): `` iteration      100/  500000 | consumed samples: ...
  | lm loss: 6.92E+00 | ...`` (the iteration, the train-iters total, ``| key: value |`` pairs; timers, throughput and
  bookkeeping counts left out) and ``validation loss at iteration 1000 | lm loss value: 5.1E+00 | lm loss PPL: ...``.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ._progress import NUMBER, SKIPPED_KEYS, Record, tag_name

# 'Epoch: 1 [64/128 (50%)]\tLoss: 0.659' (a copy printing without 'Train', a newcomer breaker's log: its two lines an
# epoch were averaged onto the epoch) and 'Train Epoch 3 [..]' read alike
# ('Test Epoch: 0 [2560/10000 (25%)]\tLoss: 295.6', a copy's per-batch evaluation lines between an epoch's training
# lines and its 'Test set loss': public dlhw174 train_vae.log, read as training losses on the sample count, a resumed
# session each epoch: not this line, the evaluation's own summary line is its point)
_MNIST_TRAIN = re.compile(r"(?<!Test )(?<!Val )(?<!Eval )(?<!Valid )(?<!Validation )(?:Train\s+)?Epoch:?\s*(\d+)\s*\[(\d+)/(\d+)\s*\((\d+)%\)\]\s*[Ll]oss:\s*(" + NUMBER + ")")
# 'Val set: ..' and 'Labeled Target set: ..' too (VisionLearningGroup/SSDA_MME main.py's test(): '{} set: Average
# loss: {:.4f}, Accuracy: {}/{} F1 ({:.4f}%)' for its labelled-target, test and val loaders): a split of its own, the
# accuracy the fraction correct (the labelled target's and the val set's had been a series 'Accuracy' of counts)
_MNIST_TEST = re.compile(r"(?<![\w ])(Test|Val|Valid|Validation|Dev|Train|Labell?ed Target|Target|Source) set: Average "
                         r"loss:\s*(" + NUMBER + r")(?:, Accuracy:\s*(\d+)/(\d+))?")
_SET_SPLITS = {"test": "test", "val": "val", "valid": "val", "validation": "val", "dev": "val", "train": "train"}
_MNIST_MORE = re.compile(r",\s*([A-Za-z][\w@]*):\s*(" + NUMBER + r")%?(?![\w.])")


def mnist(text: str) -> Record | None:
    # (each pattern's literal words looked for first: most lines hold neither, and the patterns are slow to fail)
    m = _MNIST_TRAIN.search(text) if "Epoch" in text and "%)]" in text else None
    if m:
        epoch, seen, size = int(m.group(1)), int(m.group(2)), int(m.group(3))
        return Record("mnist", (("loss", float(m.group(5))),), step=(epoch - 1) * size + seen, epoch=float(epoch))
    m = _MNIST_TEST.search(text) if " set: Average " in text else None
    if m:
        split = _SET_SPLITS.get(m.group(1).lower()) or tag_name(m.group(1)).lower()
        values = [(f"{split}_loss", float(m.group(2)))]
        if m.group(3) and int(m.group(4)):
            values.append((f"{split}_accuracy", int(m.group(3)) / int(m.group(4))))
        # 'Test set: Average loss: 5.0191, Acc@1: 8.434%, Acc@5: 23.268%' (public dhairyag/ImageNet1k_ResNet50): the
        # top-k accuracies as printed (percent), named test_<name>
        values += [(f"{split}_" + tag_name(k), float(v)) for k, v in _MNIST_MORE.findall(text, m.end())]
        return Record("mnist", tuple(values), kind="eval")
    return None


def mnist_sizes(data, hits: list) -> None:
    """The MNIST example's lines placed on one dataset size: a copy printing another total on an epoch's last line
    (``Train Epoch: 1 [8320/9024 (92%)]`` then ``Train Epoch: 1 [5600/5640 (99%)]``: public commonvoice90
    ``README.md``, 80 epochs) put that line before the epoch's others, a step going back that the reader took for a
    resumed session each epoch (33 of 300 points kept). The one line of an epoch whose total is not the log's most
    printed one, among that epoch's lines of the common total, is placed at its share of that size (5600/5640 of
    9024: 8960). ``hits``: the parser's, changed in place."""
    found = []
    for h in hits:
        if h.record.shape == "mnist" and h.record.kind == "train" and h.record.step is not None:
            end = data.find(b"\n", h.offset)
            m = _MNIST_TRAIN.search(bytes(data[h.offset:len(data) if end < 0 else end]).decode("utf-8", "replace"))
            if m is not None:
                found.append((h, int(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4))))
    first = 0 if found and found[0][1] == 0 else 1  # (the log's first line decides: a 1-based session stays)
    if first == 0:  # 'Train Epoch: 0 [0/1464 (0%)]' (a copy counting epochs from 0, public fcnvoc96): epoch 0
        for h, epoch, seen, own, _ in found:  # starts at step 0, not at -1464
            _place(h, epoch * own + seen)
    _partial_last_batch(found, first)
    sizes = Counter(size for _, _, _, size, _ in found)
    if len(sizes) < 2:
        return
    size = sizes.most_common(1)[0][0]
    per_epoch = Counter((epoch, own) for _, epoch, _, own, _ in found)
    for h, epoch, seen, own, _ in found:
        # one line of another total in an epoch whose other lines print the common one (a fine-tune on a subset
        # prints its own total on every line of its epochs: those stay as printed)
        if own != size and own > 0 and per_epoch[(epoch, own)] == 1 and per_epoch[(epoch, size)] >= 2:
            _place(h, (epoch - first) * size + min(size, round(seen / own * size)))


def _place(h, step: int) -> None:
    """The hit ``h`` and its record at ``step``."""
    h.step = step
    h.record = replace(h.record, step=step)


def _partial_last_batch(found: list, first: int) -> None:
    """An epoch's last line whose sample count goes back at the same total: the example prints ``batch_idx *
    len(data)``, and a last batch smaller than the others makes that count smaller than the line before's (public
    svhnvae98, the VAE example on SVHN's 65,931 images in batches of 640: ``[65280/65931 (99%)]`` then
    ``[11330/65931 (100%)]``), while its printed percentage (``100. * batch_idx / len(train_loader)``) still rises.
    The step went back every epoch and the reader split the log into three sessions, ~85 points an epoch dropped.
    Such a line is placed at its percentage of the total, after the line before (``found``: (hit, epoch, seen,
    total, percent) in log order, ``first`` the log's first epoch number; steps changed in place)."""
    prev = None
    for h, epoch, seen, own, pct in found:
        if prev is not None and prev[0] == epoch and prev[2] == own and seen < prev[1] and pct >= prev[3] and own:
            seen = max(prev[1] + 1, min(own - 1, round(pct / 100 * own)))  # (own: the next epoch's first)
            _place(h, (epoch - first) * own + seen)
        prev = (epoch, seen, own, pct)


_MEGATRON = re.compile(r"iteration\s+(\d+)/\s*(\d+)\s*\|")
_MEGATRON_VAL = re.compile(r"validation loss at iteration\s+(\d+)")
# pretrain()'s closing evaluate_and_print_results(prefix='the end of training for val data' / '... for test data'):
# the final validation, and the test set's only evaluation (were a junk series 'validation_loss_value' holding both)
END_SHAPE = "megatron_end"  # its record's shape (``_joblog_megatron.end_evals``)
_MEGATRON_END = re.compile(r"validation loss at the end of training for (val|valid|test) data\s*\|")
_BAR_PAIR = re.compile(r"\|\s*([A-Za-z][\w ./-]*?)\s*:\s*(" + NUMBER + r")\s*(?=\||$)")


def megatron(text: str) -> Record | None:
    m = _MEGATRON.search(text)
    val = None if m else _MEGATRON_VAL.search(text)
    end = None if m or val else _MEGATRON_END.search(text)
    if m is None and val is None and end is None:
        return None
    pairs = [(tag_name(k.replace(" value", "")), float(v)) for k, v in _BAR_PAIR.findall(text)]
    pairs = [(k, v) for k, v in pairs if k.lower() not in SKIPPED_KEYS and "time" not in k.lower()
             and "ppl" not in k.lower() and not k.startswith(("consumed", "number_of", "global_batch"))]
    if end is not None:  # at the last training step (no step printed)
        split = "test" if end.group(1) == "test" else "val"
        return Record(END_SHAPE, tuple((f"{split}_{k}", v) for k, v in pairs), kind="eval")
    if val is not None:
        return Record("megatron", tuple((f"val_{k}", v) for k, v in pairs), step=int(val.group(1)), kind="eval")
    return Record("megatron", tuple(pairs), step=int(m.group(1)), total=int(m.group(2)))
