"""Where a progress line is, read from the bytes printed before it: the Keras ``Epoch N/M`` header, the tqdm bar's
``n/total``, Lightning's RichProgressBar position (used by ``readers/_joblog_steps.py``)."""
from __future__ import annotations

import re

_KERAS_EPOCH = re.compile(rb"Epoch (\d+)/(\d+)")


def keras_epoch(head: bytes) -> tuple[int, int, int] | None:
    """(epoch, epochs, where in ``head`` it starts) of the last ``Epoch N/M`` line in ``head`` (the text before a
    Keras progress line)."""
    last = None
    for last in _KERAS_EPOCH.finditer(head):
        pass
    return None if last is None else (int(last.group(1)), int(last.group(2)), last.start())


def keras_epoch_before(data, lo: int, hi: int) -> tuple[int, int, int] | None:
    """``keras_epoch(data[lo:hi])`` found backwards from ``hi``: the last ``Epoch `` that starts a match (matches
    cannot overlap, so it is the last one ``finditer`` gives) -- without copying the window or walking all of it
    for every Keras line (a 1 MB window a line: 2.5 ms a line of a log of short epochs)."""
    end = hi
    while (p := data.rfind(b"Epoch ", lo, end)) >= 0:
        m = _KERAS_EPOCH.match(data, p, hi)
        if m is not None:
            return int(m.group(1)), int(m.group(2)), p - lo
        end = p  # ('Epoch ' cannot overlap itself: the one before ends by p)
    return None


def keras_epoch_after(data, lo: int, hi: int) -> int | None:
    """The epoch of a finished Keras line with no ``Epoch N/M`` header above it (the log's capture began after the
    first header was printed, or the header went to another stream): one before the first header below it, when
    that header is ``Epoch k/M`` with ``2 <= k <= M`` and starts a line. Public paperfrag70 ``training_output.txt``
    opens ``69121/69121 ━━━ 3399s 49ms/step - accuracy: 0.8437 - loss: 0.9192 - val_accuracy: ..`` then ``Epoch
    2/10``: its first epoch was read at step 0, before epoch 2 at step 2."""
    m = _KERAS_EPOCH_LINE.search(data, lo, hi)
    if m is None or not 2 <= int(m.group(1)) <= int(m.group(2)):
        return None
    # the same number of batches as the epoch under the header: a restored model's evaluate() before it (79/79 on
    # the validation set, then 469/469 training batches an epoch: a breaker's resumed log) is no training epoch
    own, nxt = _KERAS_ROW_TOTAL.search(data, lo, m.start()), _KERAS_ROW_TOTAL.search(data, m.end(), hi)
    if own is not None and nxt is not None and own.group(1) != nxt.group(1):
        return None
    return int(m.group(1)) - 1


_KERAS_EPOCH_LINE = re.compile(rb"(?m)^Epoch (\d+)/(\d+)\s*$")
_KERAS_ROW_TOTAL = re.compile(rb"\d+/(\d+)(?:\x1b\[0m)?\s+(?:\x1b\[\d+m)?(?:\xe2\x94\x81|\[=)")  # '469/469 ━━━', '469/469 [==='

_BAR_N = re.compile(rb"\|\s*(\d+)/(\d+)\s*\[")


def bar_position(text: bytes, first: bool = False) -> tuple[int, int] | None:
    """(n, total) of the last (``first``: the first) tqdm bar drawn in ``text`` (HuggingFace prints its log dicts
    between bar updates)."""
    last = None
    for last in _BAR_N.finditer(text):
        if first:
            break
    return None if last is None else (int(last.group(1)), int(last.group(2)))


# the position on the header's own line: a Keras ``Epoch 50/50`` header over its ``15726/15726 [===...]`` bar (a
# samples counter on the next line) is no Rich position (public UrbanSound8K CNN log: its ``Test loss:`` lines after
# each fold took epoch x samples, steps ~800,000, as their step)
_RICH_BYTES = re.compile(rb"Epoch (\d+)/\d+[ \t]+(?:\xe2\x94[\x81\x80]|\xe2\x95[\xb8\xba]| )*[ \t]*(\d+)/(\d+)\s")


def rich_position(before: bytes) -> int | None:
    """The global step of the last Lightning RichProgressBar line in ``before`` (its metrics wrap onto the lines
    below it, which hold no step)."""
    last = None
    for last in _RICH_BYTES.finditer(before):
        pass
    return None if last is None else int(last.group(1)) * int(last.group(3)) + int(last.group(2))
