"""The progress-bar shapes of ``readers/_progress.py``: tqdm bars with a postfix (``tqdm``), Lightning's
RichProgressBar (``rich``) and Keras ``model.fit`` lines (``keras``); the formats are described in that module's
docstring. Each returns a ``Record``, ``_CLAIMED`` (a bar holding no point) or None (not its shape).

A ProgressMeter line as a tqdm bar's description (public RCVLab-AiimLab/crowd_counting ``train_alt_1.out``:
``pbar.set_description(progress.display(i))``, ``Epoch [0][5/1200] Time/b 1.61 (1.09) Loss 486.2190 (317.808) :
0%|...| 5/1200 [...]``, the redraws separated by ``\r``) is read as the meter line it prints (``_progress._meter``:
the batch's value at epoch x batches + batch); it was claimed as a bar without a postfix and nothing was read.

A bar frame cut by the end of its segment before its closing ``]`` (a terminal capture or a log tool cutting each
redraw at a width: KLP-SignGlove's Lightning ``training_output_*.log``, ``Epoch 3:   0%|   | 0/14 [00:00<?, ?it/s,
v_num=4, train/loss=1.900, .., val/accuracy=0.``) is still a bar: a postfix value the line ends in is dropped (cut
there, it may be cut short: ``0.`` had been read as 0), the whole pairs before it read as the bar's -- also when the
cut falls in a later key (``loss=2.515, v_n``: brk57 ``tqdm_cut_midkey`` had lost the loss). It had been read as a ``key=value``
line of epoch 3, its values renamed ``*_epoch`` series.
"""
from __future__ import annotations

import re

from ._record_replace import replace

from ._progress import _CLAIMED, NUMBER, SKIPPED_KEYS, Record, _kv, tag_name, to_float
from ._progress_imagenet import _METER, meter as _meter
from ._progress_desc import epoch_desc
from ._progress_descpairs import bare_pairs, desc_pairs, eq_pairs
from ._progress_split import bar_split, named
from ._progress_colonpostfix import colon_pairs, colon_values

_TQDM_TAIL = re.compile(r"\s*(?P<n>\d+)/(?P<total>\d+|\?)\s*\[(?P<info>[^\]]*)(?:\]|(?P<cut>\s*$))")
# 'Val Loss=0.61' (tqdm's set_postfix of a dict with spaced names, ', '-joined): the key is both words
# a key may be words ('val loss=0.3'; NeMo's 'train_step_timing in s=0.41', whose 'in s' had made a series 'in_s')
_POSTFIX = re.compile(r"(?:(?<![^\s,])([A-Za-z_][\w/.-]*(?: [A-Za-z_][\w/.-]*)*?) (?=[A-Za-z_][\w/.-]*=))?"
                      r"([A-Za-z_][\w/.-]*)=([^,\]\s]+)")
_DURATION = re.compile(r" in (?:s|ms|sec|secs|seconds)$")  # '<name> in s': a timing in seconds, no series
_EPOCH_DESC = re.compile(r"[Ee]poch\s+(\d+)|^\s*(?:[Tt]rain(?:ing)?|TRAIN)\s+(\d+)\s*$")  # 'Train 3': the epoch
# '[fold_0] 001/200' (a bar per epoch, its description the epoch of the planned ones; spine-segformer-3d-class)
_OF_DESC = re.compile(r"(?:^|[\s\]:|])0*(\d{1,5})\s*/\s*(\d{1,5})$")


_EVAL_BARS = ("Validation", "Sanity", "Testing", "Predicting")


def _total(m: re.Match) -> int | None:
    return int(m.group("total")) if m.group("total") != "?" else None


def _tqdm(text: str) -> Record | None:
    i = text.find("%|")
    j = text.find("|", i + 2) if i >= 0 else -1
    m = _TQDM_TAIL.match(text, j + 1) if j >= 0 else None
    if m is None:
        return None
    desc = text[:i].rstrip("0123456789 ").rstrip(":")
    if (pairs := colon_pairs(m.group("info"))) is not None:  # '.., loss:80255.8,epoch mean:80255.84]'
        return _colon_bar(desc, pairs, m)
    if "=" not in m.group("info") and _METER.match(desc.lstrip()) is not None:
        return _meter(desc.strip()) or _CLAIMED  # 'Epoch [0][5/1200] Time/b 1.61 (1.09) Loss 486.2 (317.8) : ..%|'
    if "=" not in m.group("info") and (record := epoch_desc(desc)) is not None:
        return record  # 'Epoch 0, training loss 0.830: 100%|...': the values in the description (_progress_desc)
    if "=" not in m.group("info") and (record := desc_pairs(desc)) is not None:
        return record  # 'Train Epoch: 1 Loss: 5.872 Acc@1 3.611: 100%|...' (_progress_descpairs)
    if "=" not in m.group("info") and int(m.group("n")) and not desc.lstrip().startswith(_EVAL_BARS) \
            and (record := bare_pairs(desc, int(m.group("n")), _total(m))) is not None:
        return record  # 'd: 0.802; g: -0.002;hole: 1.394; valid: 1.315:   2%|..| 1/60' (_progress_descpairs)
    if "=" not in m.group("info") and "=" in desc and not desc.lstrip().startswith(_EVAL_BARS) \
            and (record := eq_pairs(desc, int(m.group("n")), _total(m), _kv)) is not None:
        return record  # 'Epoch=0 | Batch_id=5 | Loss=4.123011:   2%|..| 6/341' (_progress_descpairs)
    if "=" not in m.group("info") or desc.lstrip().startswith(_EVAL_BARS):
        return _CLAIMED
    info = m.group("info")
    found = [p for p in _POSTFIX.finditer(info) if not (p[1] and _DURATION.search(f"{p[1]} {p[2]}"))]
    if m.group("cut") is not None and found and found[-1].end() == len(info.rstrip()):
        found = found[:-1]  # a frame cut by the line's end inside its last value ('acc=0.'); not a whole pair
        # before a cut key ('loss=2.515, v_n', 'loss=2.515, v_num=')
    values = [(tag_name(f"{p[1]} {p[2]}") if p[1] else p[2], to_float(p[3])) for p in found]
    values = [(k, v) for k, v in values if v is not None and k not in SKIPPED_KEYS]
    if not values:
        return _CLAIMED
    n = int(m.group("n"))
    if n == 0:  # a bar reset at an epoch's start: its postfix is the last epoch's (a fresh bar's: _joblog_tqdm)
        return _CLAIMED if bar_split(desc) is not None else replace(_tqdm_point(desc, values, m), shape=FRESH)
    split = bar_split(desc)
    if split is not None:  # 'Validate: 100%|...| 8/8 [..., Val Loss=0.61]': at the training step before it
        return Record("tqdm", named(values, split), kind="eval")
    return _tqdm_point(desc, values, m)


def _colon_bar(desc: str, pairs: list, m: re.Match) -> Record:
    """A bar with a ``name:value`` postfix (``_progress_colonpostfix``)."""
    split = bar_split(desc)
    n = int(m.group("n"))
    values = colon_values(pairs, n, _total(m), split is not None)
    if values is None:
        return _CLAIMED
    if split is not None:
        return Record("tqdm", named(values, split), kind="eval")
    if n == 0:  # a fresh bar's first draw (or a reset bar's): as a '=' postfix's
        return replace(_tqdm_point(desc, values, m), shape=FRESH)
    return _tqdm_point(desc, values, m)


FRESH = "tqdm_fresh"  # a bar at 0/K with a postfix: kept only when a fresh bar drew 0/K just before (_joblog_tqdm)


def _tqdm_point(desc: str, values: list, m: re.Match) -> Record:
    """The training point of a tqdm bar at ``n`` of its description's epoch (or a printed step key)."""
    n = int(m.group("n"))
    total = _total(m)
    epoch = _EPOCH_DESC.search(desc)
    step = n
    pairs = dict(values)
    for key in ("num_updates", "step", "global_step"):
        if key in pairs:
            step = int(pairs.pop(key))
            values = [(k, v) for k, v in values if k != key]
            break
    else:
        if epoch is not None and total:
            step = int(epoch.group(1) or epoch.group(2)) * total + n
        elif epoch is None and total and (of := _OF_DESC.search(desc.rstrip())) is not None \
                and 0 <= int(of.group(1)) <= int(of.group(2)):  # '001/200': epoch 1 of 200, counted from 1
            epoch_n = int(of.group(1))
            return Record("tqdm", tuple(values), step=epoch_n * total + n, epoch=float(epoch_n), total=total,
                          own_step=True, per_epoch=total)
    return Record("tqdm", tuple(values), step=step, epoch=float(epoch.group(1) or epoch.group(2)) if epoch else None,
                  total=total)


_RICH = re.compile(r"Epoch (\d+)/(\d+)\s+[━╸╺─ ]*\s*(\d+)/(\d+)\s")
_COLON_PAIR = re.compile(r"([A-Za-z_][\w/.-]*):\s*(" + NUMBER + r")(?![\w.])")


def _rich(text: str) -> Record | None:
    m = _RICH.match(text)
    if m is None:
        return None
    values = [(k, float(v)) for k, v in _COLON_PAIR.findall(text[m.end():]) if k not in SKIPPED_KEYS]
    epoch, n, total = int(m.group(1)), int(m.group(3)), int(m.group(4))
    return Record("rich", tuple(values), step=epoch * total + n, epoch=float(epoch), total=None)


_KERAS = re.compile(r"^(\d+)/(\d+)\s.*?\s-\s+[A-Za-z_][\w/.-]*:\s")
_KERAS_PAIR = re.compile(r"\s-\s+([A-Za-z_][\w/.-]*):\s+(" + NUMBER + r")(?![\w.])")


def _keras(text: str) -> Record | None:
    if " - " not in text or not _KERAS.match(text):
        return None
    values = [(k, float(v)) for k, v in _KERAS_PAIR.findall(text)]
    return Record("keras", tuple(values)) if values else None
