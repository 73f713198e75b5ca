"""Epoch lines that say in words which part of training a value belongs to (for ``readers/_progress.py`` and
``readers/joblog.py``).

- ``Train perplexity at epoch 0:   396.31`` / ``Validation perplexity at epoch 0:   228.86`` (a language model's
  ``print(f"{split} perplexity at epoch {epoch}: {ppl:8.2f}")``): ``<split> <name> at epoch N: X`` is the series
  ``<split>_<name>`` (``train_perplexity``, ``val_perplexity``) at step N. No loss on the line: the job log's loss scan
  never met it, so such a log gave no point (looked for with ``NEEDLES``).
- ``Epoch 0 trained with loss: 0.0196. The running time is 4073.9.`` / ``Epoch 0 evaluated with loss: 0.00034, dice
  score: 1.1e-05. ...``: the verb names the part (trained -> ``train_``, evaluated/validated -> ``val_``, tested ->
  ``test_``), each ``name: value`` after ``with`` a series of that part at step N (both lines were one series
  ``with_loss``); the running time is no series.
- ``finished eval of epoch-1 of valid-set   eval_loss=0.58`` (AntiDrift's trainer evaluating its train, valid, test
  and future sets in turn each epoch): each set's values are its own series, ``<set>_<name>`` with the ``eval``
  prefix replaced (``train_loss``, ``valid_loss``, ``test_loss``, ``future_loss``) at step N (they were one series
  ``eval_loss`` at line ordinals, a saw-tooth through the four sets); the train set's line is the training progress.
- cs231n's ``Solver`` (assignment 2, ``solver.py``): ``(Epoch 3 / 60) train acc: 0.66; val_acc: 0.62`` (no loss:
  ``train_acc``/``val_acc``, at the step of the ``(Iteration t / T) loss: ...`` line before it) and the variant
  ``Finished epoch 3 / 60: cost 0.93, train: 0.66, val 0.62, lr 1.2e-03`` (the epoch's cost, i.e. its training loss,
  the train/val accuracies and the learning rate: ``cost``, ``train_acc``, ``val_acc``, ``lr`` at step N).
"""
from __future__ import annotations

import re

from ._lazy import lazy_re
from ._progress import _KV, NUMBER, Record, clean, to_float

_SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "dev": "val",
           "eval": "val", "evaluation": "val", "test": "test", "testing": "test"}
_VERBS = {"trained": "train", "evaluated": "val", "validated": "val", "tested": "test"}

_AT_EPOCH = lazy_re(r"(?P<split>[A-Za-z]+)\s+(?P<name>[A-Za-z][A-Za-z0-9_ ]*?)\s+at\s+epoch\s+(?P<epoch>\d{1,9})"
                       r"\s*:\s*(?P<value>" + NUMBER + r")\s*", re.IGNORECASE)
_DID_EPOCH = lazy_re(r"Epoch\s+(?P<epoch>\d{1,9})\s+(?P<verb>trained|evaluated|validated|tested)\s+with\s+"
                        r"(?P<rest>.*)", re.IGNORECASE)
_PAIR = lazy_re(r"([A-Za-z][A-Za-z0-9_ ]*?)\s*:\s*(" + NUMBER + r")(?![\w])")
_RUNNING = lazy_re(r"\brunning time\b|\btime\b", re.IGNORECASE)
_FINISHED = lazy_re(r"Finished epoch (?P<epoch>\d{1,9}) / \d+: cost (?P<cost>" + NUMBER + r"), train: (?P<train>"
                       + NUMBER + r"), val (?P<val>" + NUMBER + r"), lr (?P<lr>" + NUMBER + r")\s*")
_SOLVER_EPOCH = lazy_re(r"\(Epoch (?P<epoch>\d{1,9}) / \d+\) train acc: (?P<train>" + NUMBER + r"); val_acc: "
                           r"(?P<val>" + NUMBER + r")\s*")

_OF_SET = lazy_re(r"(?i)(?:.*?\b)?epoch[-_ ]?#?\s*(?P<epoch>\d{1,9})\b.*?\bof\s+(?:the\s+)?(?P<set>[A-Za-z]+)[-_ ]set\b"
                     r"\W*(?P<rest>.*)")
_EVAL_PREFIX = lazy_re(r"(?i)^(?:eval|evaluation|val|valid|validation|test)[_ ]")

# the bytes the job log reader looks for besides 'loss' (these lines may hold none)
NEEDLES = (b" at epoch ", b"Finished epoch ", b") train acc: ", b" Update ")
# Nematus (and its AMAN captioning fork): 'Epoch 0 Update 100 Cost 528.118652344 PD 0.3258 UD 5.1709' every dispFreq
# updates, the training cost (its loss) at update N; PD/UD are timings (public aman60 composition_log.txt:
# only the 'validation loss: .., validation perp: ..' lines were read, at line ordinals)
_NEMATUS = lazy_re(r"Epoch\s+(?P<epoch>\d{1,9})\s+Update\s+(?P<update>\d{1,12})\s+Cost\s+(?P<cost>" + NUMBER + r")"
                      r"(?:\s+PD\s+" + NUMBER + r")?(?:\s+UD\s+" + NUMBER + r")?\s*")


def _name(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip().lower())


def words(text: str) -> Record | None:
    """The record of one cleaned line of the shapes above, else None."""
    # each shape needs its words ('at'..'epoch', 'with', 'of'..'set', ...): an ASCII line lacking them is none
    ascii_low = text.lower() if text.isascii() else None
    if ascii_low is not None and "epoch" not in ascii_low:
        return None
    m = _AT_EPOCH().fullmatch(text) if ascii_low is None or "at" in ascii_low else None
    if m is not None and m.group("split").lower() in _SPLITS:
        value = to_float(m.group("value"))
        if value is None:
            return None
        epoch = int(m.group("epoch"))
        tag = f"{_SPLITS[m.group('split').lower()]}_{_name(m.group('name'))}"
        return Record("words", ((tag, value),), step=epoch, epoch=float(epoch))
    m = _DID_EPOCH().fullmatch(text) if ascii_low is None or "with" in ascii_low else None
    if m is not None:
        part = _VERBS[m.group("verb").lower()]
        values = []
        for key, raw in _PAIR().findall(m.group("rest")):
            value = to_float(raw)
            if value is None or _RUNNING().search(key):
                continue
            values.append((f"{part}_{_name(key)}", value))
        if not values:
            return None
        epoch = int(m.group("epoch"))
        return Record("words", tuple(values), step=epoch, epoch=float(epoch))
    m = _OF_SET().fullmatch(text) if ascii_low is None or ("of" in ascii_low and "set" in ascii_low) else None
    if m is not None:
        part = m.group("set").lower()
        values = []
        for k in _KV.finditer(m.group("rest")):
            value = to_float(k.group(2))
            if value is not None:
                values.append((f"{part}_{_name(_EVAL_PREFIX().sub('', k.group(1)))}", value))
        if values:
            epoch = int(m.group("epoch"))
            return Record("words", tuple(values), step=epoch, epoch=float(epoch),
                          kind="train" if _SPLITS.get(part) == "train" else "eval", own_step=True)
    m = _NEMATUS().fullmatch(text) if " Update " in text else None
    if m is not None:
        cost = to_float(m.group("cost"))
        return None if cost is None else Record("words", (("cost", cost),), step=int(m.group("update")),
                                                 epoch=float(m.group("epoch")), own_step=True)
    m = _FINISHED().fullmatch(text) if "Finished epoch " in text else None
    if m is not None:
        values = tuple((tag, to_float(m.group(key))) for tag, key in
                       (("cost", "cost"), ("train_acc", "train"), ("val_acc", "val"), ("lr", "lr")))
        epoch = int(m.group("epoch"))
        return Record("words", tuple((k, v) for k, v in values if v is not None), step=epoch, epoch=float(epoch))
    m = _SOLVER_EPOCH().fullmatch(text) if ") train acc: " in text else None
    if m is not None:  # printed after the iteration's '(Iteration t / T) loss: ...' line: at that line's step
        values = tuple((tag, to_float(m.group(key))) for tag, key in (("train_acc", "train"), ("val_acc", "val")))
        return Record("words", tuple((k, v) for k, v in values if v is not None), epoch=float(m.group("epoch")),
                      kind="eval")
    return None


def words_line(raw: bytes) -> Record | None:
    """``words`` of one printed segment (its timestamp, rank and level prefixes removed)."""
    text, rank, _ = clean(raw)
    record = words(text)
    if record is not None and rank is not None:
        record = Record(record.shape, record.values, record.step, record.epoch, record.kind, rank)
    return record
