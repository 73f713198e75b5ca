"""Two ``kv`` pairs a language-ID trainer prints that are no loss-like series (used by ``_progress_kv``).

A PBS job's stdout of a spoken-language identification trainer (public langid166 ``*.gadi-pbs.log``) prints per batch
``epoch 0, loss: 1.11, train 30.00%`` and per epoch ``epoch 0, total signals 900, average_loss_per_batch: 1.358331,
train 32.89%`` (a running training accuracy, ``print(f"... train {100 * correct / total:.2f}%")``):

- ``train 32.89%``: a bare split word before a percentage printed with decimals is that split's accuracy (the
  running share of correct predictions), not a series named ``train`` -- read as ``train_acc`` (``val 71.20%`` as
  ``val_acc``). A whole-number percentage after a split word (``train 45%``) may say how far the split's loop got,
  and is left as it was. Nor when the loop's counter follows the percentage and agrees with it (``train 25.00%
  [250/1000]``, a loop's progress printed like a bar, a stop-61 breaker's shape): how far the loop got, no series.
- ``total signals 900``: ``total``/``num``/``number of`` and a space before a plural noun, the value a whole number printed
  without a point, is how many items the epoch saw (a set size), no metric: it was a constant series
  ``total_signals`` beside the losses. Not when the noun names a loss or a score (``total losses``, ``total
  rewards``: a summed value), nor a counter (``num_updates 100``: fairseq's step; ``total steps``, ``n_samples``:
  the steps' and samples' keys are read, or skipped, where they were). Only nouns that name the items a loop
  processes (``_ITEMS``: signals, images, sequences, sentences, utterances ...) are a set size: ``total mistakes 45``
  (a classifier's error count per epoch, falling as it learns) is the metric and stays a series (the breaker's
  stop-61 R3: any plural not in a list of valued words was dropped).
"""
from __future__ import annotations

import re

_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "eval", "evaluation", "dev", "test"})
# (words in prose, as a print() sentence names them; a logged identifier ``num_updates``/``total_loss`` is left as read)
_COUNT_KEY = re.compile(r"(?:total|num|number of|no of) +([a-z]+s)")
# nouns a step or epoch counter is named by (fairseq's ``num_updates 100``: the step, read by ``_from_pairs``)
_COUNTERS = ("update", "step", "iter", "epoch", "batch", "round", "episode", "frame", "sample", "token", "example")
_VALUED = ("loss", "reward", "return", "score", "cost", "error", "err", "acc", "gain", "penalt", "metric", "kl",
           "nll", "ppl", "grad", "norm", "weight")
# nouns of the items an epoch sees (a set size when counted); a plural noun not named here (mistakes, misses, hits,
# wins, failures) may be the metric itself
_ITEMS = ("signal", "image", "sequence", "sentence", "utterance", "clip", "video", "audio", "file", "word", "item",
          "instance", "record", "document", "doc", "pair", "graph", "molecule", "question", "point", "patch", "pixel",
          "voxel", "scene", "speaker", "user", "queries")
_WHOLE = re.compile(r"\d+")


def counted(low: str, value: str) -> bool:
    """Whether the pair ``low`` (the key, lower case) = ``value`` (as printed) is a count of items (module docstring)."""
    m = _COUNT_KEY.fullmatch(low)
    return m is not None and _WHOLE.fullmatch(value) is not None and \
        not any(w in m.group(1) for w in _VALUED + _COUNTERS) and any(m.group(1).startswith(w) for w in _ITEMS)


_COUNTER_AFTER = re.compile(r"\s*[\[(]?\s*(\d+)\s*/\s*(\d+)\s*[\])]?")


def progress_percent(text: str, end: int, value: str, percent: str, low: str = "train") -> bool:
    """True when the percentage ending at ``end`` in ``text``, after a bare split word ``low``, is followed by a
    ``k/N`` counter it equals (100 k / N, to half a point): ``train 25.00% [250/1000]`` (module docstring). An
    accuracy's own count (``Acc: 15.000% (15/100)``: correct / total) is no progress: only split words."""
    m = _COUNTER_AFTER.match(text, end) if percent and low in _SPLITS else None
    if m is None or not int(m.group(2)):
        return False
    try:
        return abs(100 * int(m.group(1)) / int(m.group(2)) - float(value)) <= 0.5
    except ValueError:
        return False


def split_accuracy(key: str, low: str, value: str, percent: str) -> str:
    """``key``, or ``<split>_acc`` for a bare split word before a percentage with decimals (module docstring)."""
    if percent and low in _SPLITS and "." in value:
        return f"{key}_acc"
    return key
