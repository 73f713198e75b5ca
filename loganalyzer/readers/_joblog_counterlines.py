"""Step-less value lines under a phase banner counting ``k/N`` and a batch counter line of their own (used by
``readers/joblog.py``).

A numpy CNN on MNIST (public legendhua/CNN_Numpy ``log/log_train.txt``, fifty-sixth labeller's set) prints::

    ------------start eval----------
    eval mean loss: 2.30266423060868
    eval accuracy: 0.10616987179487179
    ------------start train 0/20----------
    -----------train loss & acc-----------
    100/1718 (batchs) completed!
    train mean loss: 2.302561322392531
    train accuracy: 0.1521875

No value line prints a step, so the values sat at their line numbers and every ``start train k/20`` banner opened a
training of its own (``_joblog_banners``): eleven runs of one epoch each. The banner counts the epochs (it names no
``epoch`` word) and the counter line counts the batches within one. Here, in a log whose value lines all print no
step, under banners whose ``k`` counts up with one ``N`` (or goes back to the first ``k``: a training again, its
own run): a value line after a counter line ``n/M`` is the
training's, at step ``k x M + n`` (epoch ``k``); a value line whose name carries a split word (``eval mean loss``),
or one after a banner naming a split word and no counter (``start eval``), is an evaluation's, at the training's
last step before it (0 before any).
"""
from __future__ import annotations

import re
from dataclasses import replace

# '------------start train 0/20----------': words, then the one count k/N, dashes or stars around
_BANNER = re.compile(rb"(?m)^[ \t]*[-=*#<>\[ \t]*[A-Za-z][A-Za-z _:&]*?[ \t:]*(\d+)[ \t]*/[ \t]*(\d+)[ \t]*[-=*#>\] \t]*\r?$")
# '100/1718 (batchs) completed!': a count first, then words only
_COUNTER = re.compile(rb"(?m)^[ \t]*[-=*#]*[ \t]*(\d+)[ \t]*/[ \t]*(\d+)[^0-9\n]*\r?$")
# '------------start eval----------': a split word, no digit
_SPLIT_BANNER = re.compile(rb"(?im)^[^0-9\n]*\b(?:eval|evaluation|evaluating|test|testing|val|valid|validation)\b"
                           rb"[^0-9\n]*\r?$")
_SPLIT_NAME = re.compile(r"(?:^|_)(?:val|valid|validation|eval|test|testing)(?:_|$)", re.IGNORECASE)


def _events(data, lo: int, hi: int) -> list[tuple[int, str, tuple]]:
    """(offset, what, numbers) of the banner, counter and split-banner lines between ``lo`` and ``hi``, in order."""
    chunk = bytes(data[lo:hi])
    found = [(m.start(), "banner", (int(m.group(1)), int(m.group(2)))) for m in _BANNER.finditer(chunk)]
    found += [(m.start(), "counter", (int(m.group(1)), int(m.group(2)))) for m in _COUNTER.finditer(chunk)]
    found += [(m.start(), "split", ()) for m in _SPLIT_BANNER.finditer(chunk)]
    return sorted(found)


def counted_banners(data, hits: list) -> None:
    """Give (in place) the step-less ``hits`` of a log of banners counting ``k/N`` over batch counter lines their
    steps and kinds (module docstring); unchanged unless every hit is step-less and the banners count up."""
    if len(hits) < 4 or any(h.record.step is not None or h.record.epoch is not None for h in hits):
        return
    placed, epoch, counter, in_split, last, totals, banners = [], None, None, False, 0, set(), []
    previous = 0
    for h in hits:
        for _, what, numbers in _events(data, previous, h.offset):
            if what == "banner":
                epoch, counter, in_split = numbers[0], None, False
                banners.append(numbers[0])
                totals.add(("banner", numbers[1]))
            elif what == "counter":
                counter, in_split = numbers, False
                totals.add(("counter", numbers[1]))
            else:
                in_split, counter = True, None
        previous = data.find(b"\n", h.offset)
        previous = len(data) if previous < 0 else previous
        split = in_split or any(_SPLIT_NAME.search(t) for t, _ in h.record.values)
        if split:
            placed.append((h, last, None, "eval"))
        elif epoch is not None and counter is not None:
            last = epoch * counter[1] + counter[0]
            placed.append((h, last, epoch, "train"))
        else:
            return  # a training value with no counter above it: another shape
    if len(banners) < 2 or len(totals) != 2 or any(b != a + 1 and b > banners[0] for a, b in zip(banners, banners[1:])) \
            or not any(kind == "train" for *_, kind in placed):
        return
    for h, step, epoch, kind in placed:
        h.record = replace(h.record, step=step, epoch=None if epoch is None else float(epoch), kind=kind,
                           own_step=True)
