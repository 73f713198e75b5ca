"""Resource counters printed beside a loss that are no training series (used by ``_progress._kv`` and
``_progress._from_pairs``): a device's memory and a value given in bytes.

- a value followed by a memory unit: DGL's GraphSAGE examples ``... | Speed (samples/sec) 12698.0 | GPU 493.6 MB``
  (public SijingYu/GraphSAGE_MultiGPU ``loss.md``), ``Memory 1234 MB``, ``mem 5.3 GiB``;
- a key naming memory: detectron2/torchvision MetricLogger's ``max mem: 5300`` / ``max_mem: 5300`` (MB),
  mmengine's ``memory: 4012``, ``gpu_mem``, ``mem_gb``, ``vram``.

They rise and plateau as a loader warms up and would read as a metric; ``time``, ``eta``, ``data_time`` and speeds
are ``_progress.SKIPPED_KEYS``. A memory word beside a metric word (``memory_loss`` of a memory network) is a metric.

- a key led by the unit of the value before it (``unit_led``): PaddleGAN's trainer prints ``batch_cost: 0.81953 sec
  reader_cost: 0.04610 sec ips: 19.52329 images/s eta: 9 days, 11:37:32`` (public rcanpd74 ``log.txt``): the keys
  were read as ``sec ips`` and ``images/s eta`` (a series of the days left). The unit is the value's, the key the
  last words: ``ips``, ``eta`` (speeds and times, no series). Only a unit word (``s``, ``ms``, ``sec``, ``img/s``,
  ``it/s`` ...) right after a number (``0.04610 sec ips``) is dropped, and never when the key left is another
  key of the line or the pair is a name: ``val_loss: 0.84 - min val_loss: 0.78`` (a best-so-far, no unit),
  ``loss: 0.85, ms ssim: 0.83, s loss: 0.27`` (MS-SSIM and a component loss: no number right before them).
"""
from __future__ import annotations

import re

_UNIT = re.compile(r"\s?(?:[KMGT]i?B|[KMGT]iB|bytes)(?![\w])")
_WORDS = re.compile(r"[a-z]+")
_MEMORY = frozenset({"mem", "memory", "vram", "gpumem", "cudamem", "maxmem"})
_METRIC = re.compile(r"loss|acc|err|score|recall|precision|map|iou")


def unit_after(text: str, end: int) -> bool:
    """Whether the number ending at ``end`` of ``text`` is followed by a memory unit (``493.6 MB``)."""
    head = text[end:end + 2]  # (a unit's first letter is one of these, right after the number or one space)
    return ("K" in head or "M" in head or "G" in head or "T" in head or "b" in head) and _UNIT.match(text, end) is not None


# a duration a preposition leads: 'Epoch: 1, Train Loss: 79.27, .. Validation WER: 8.35 in 871.37 secs' (a public
# Nepali ASR trainer's print, set 185): the epoch's time, no series 'in'
# and the same time restated in another unit, 'remaining time: 19.17 hours.  or 0.80 days.' (a lit-gpt fork's
# pretrain print, public tinyllamassm224: a series 'or' of the days left)
_DURATION_WORDS = frozenset({"in", "took", "after", "or"})
_TIME_UNIT = re.compile(r"\s?(?:s|secs?|seconds?|ms|mins?|minutes?|h|hrs?|hours?|days?)(?![\w/])", re.IGNORECASE)


def duration_after(key: str, text: str, end: int) -> bool:
    """Whether ``key`` is a preposition (``in``, ``took``, ``after``; ``or``) and the number ending at ``end`` of ``text`` a
    duration (``in 871.37 secs``, ``took 12.1s``): a timing, no series."""
    return key.lower() in _DURATION_WORDS and _TIME_UNIT.match(text, end) is not None


def memory_key(low: str) -> bool:
    """Whether the lower-cased key ``low`` names a memory counter (``max mem``, ``gpu_mem``, ``memory_allocated``)."""
    if "mem" not in low and "vram" not in low:  # every _MEMORY word holds one of them
        return False
    words = _WORDS.findall(low)
    return any(w in _MEMORY for w in words) and _METRIC.search(low) is None


# the units a printed value carries before the next key: seconds and speeds
_LEADING_UNITS = frozenset({"s", "sec", "secs", "seconds", "ms", "images/s", "imgs/s",
                            "img/s", "image/s", "samples/s", "sample/s", "it/s", "s/it", "tokens/s", "steps/s",
                            "batches/s", "samples/sec", "images/sec"})


_AFTER_NUMBER = re.compile(r"\d\s+$")
_NAMES = frozenset({"ms ssim", "ms-ssim"})


def unit_led(key: str, before: str = "", others=()) -> str:
    """``key`` less a leading unit word (``sec ips`` -> ``ips``, ``images/s eta`` -> ``eta``: module docstring) when
    ``before`` (the line's text before the key) ends in a number and the key left is none of ``others`` (the line's
    other keys)."""
    words = key.split(None, 1)
    if len(words) != 2 or words[0].lower() not in _LEADING_UNITS or key.lower() in _NAMES:
        return key
    if _AFTER_NUMBER.search(before[-40:]) is None or words[1] in others:
        return key
    return words[1]
