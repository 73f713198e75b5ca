"""Two nested tqdm bars, one counting epochs and one counting the batches of each epoch (``joblog``).

tqdm's Keras callback (``tqdm/keras.py`` ``TqdmCallback``: ``model.fit(..., verbose=0, callbacks=[TqdmCallback()])``)
draws an outer bar ``unit='epoch'`` whose postfix is set to the epoch's logs at every epoch end (``1/10 [00:26<04:01,
26.86s/epoch, accuracy=0.019, loss=4.82, val_accuracy=0.0425, val_loss=4.36]``) and an inner bar ``unit='batch'``,
reset each epoch, whose postfix is the batch's logs (``98%|#########8| 168/171 [00:25<00:00, 6.87batch/s,
accuracy=0.0193, loss=4.82]``; with its float ``unit_scale`` the count prints as ``1.00/171``). A PyTorch loop nesting
``tqdm(range(epochs), unit='epoch')`` over ``tqdm(loader)`` prints the same. Sent to a logger (a ``file=`` object
writing each refresh as a record), every redraw is a line: read line by line, the batch counts 1..171 of every epoch
and the epoch counts 1..10 shared the same steps (per-batch losses overlapping, a second ``fit()`` assumed), the
``0.00/171`` redraws (the last epoch's postfix) were read as evaluations, and the final epoch bar, drawn again by
``close()``, made 11 validation points for 10 epochs (public pokemon keras-cnn ``train_log.txt``).

Read here, when a log holds both an epoch-unit bar and another bar with values: each batch bar line at ``done x L + n``
(``done`` the epochs the outer bar counted so far, ``L`` the batch bar's total), the epoch bar's validation values
(``val_*``) at ``epochs x L``, the end of that epoch; its training values are the epoch's last batch line's again (no
second point); a redraw of the same epoch count (``close()``) and a batch bar at 0 (the last epoch's postfix) add
nothing.
"""
from __future__ import annotations

import re

from ._lazy import lazy_re
from ._progress import SKIPPED_KEYS, Record, clean, to_float
from ._linestart import line_start

_BAR = lazy_re(r"(?P<pct>\d{1,3})%\|[^|]*\|\s*(?P<n>\d+(?:\.\d+)?)/(?P<total>\d+(?:\.\d+)?|\?)\s*"
                  r"\[(?P<info>[^\]]*)\]")
_UNIT = lazy_re(r"(?:^|[\s,])(?:[\d.]+|\?)(?P<a>[A-Za-z]+)/s\b|(?:^|[\s,])[\d.]+s/(?P<b>[A-Za-z]+)\b")
_PAIR = lazy_re(r"(?<![^\s,])([A-Za-z_][\w/.-]*)=([^,\]\s]+)")
_VAL = lazy_re(r"^(?:val|valid|validation|eval|test)(?:_|/)", re.IGNORECASE)
_MAX = 2_000_000


def _segments(data):
    """(offset, bytes) of every ``\\n``- or ``\\r``-ended piece of ``data`` holding a bar."""
    pos, size = 0, len(data)
    while pos < size:
        p = data.find(b"%|", pos)
        if p < 0:
            return
        start = line_start(data, p)
        ends = [e for e in (data.find(b"\n", p), data.find(b"\r", p)) if e >= 0]
        if not ends:  # the last piece, without its line end: a bar cut mid-draw
            return
        end = min(ends)
        pos = end + 1
        yield start, bytes(data[start:end])


def _unit(info: str) -> str | None:
    m = _UNIT().search(info)
    return None if m is None else (m.group("a") or m.group("b")).lower()


def nested_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every line of two nested bars (module docstring), in file order; None when the log
    holds no epoch-unit bar beside another bar with values (the other readers read it)."""
    if data.find(b"epoch/s", 0, size) < 0 and data.find(b"s/epoch", 0, size) < 0:
        return None
    bars = []
    for offset, raw in _segments(data):
        if len(bars) >= _MAX:
            break
        text = clean(raw)[0]
        m = _BAR().search(text)
        if m is None:
            continue
        unit = _unit(m.group("info"))
        values = [(k, to_float(v)) for k, v in _PAIR().findall(m.group("info"))]
        values = [(k, v) for k, v in values if v is not None and k not in SKIPPED_KEYS]
        n = round(float(m.group("n")))
        total = None if m.group("total") == "?" else round(float(m.group("total")))
        bars.append((offset, unit, n, total, tuple(values)))
    if not any(u == "epoch" and v for _, u, _, _, v in bars) or not any(u != "epoch" and v for _, u, _, _, v in bars):
        return None
    out: list[tuple[int, Record]] = []
    done, length, last_epoch = 0, None, None
    for offset, unit, n, total, values in bars:
        if unit == "epoch":
            if n < 1 or n == last_epoch or not values:
                continue  # the bar's start, or close() drawing the last epoch again
            last_epoch = done = n
            val = tuple((k, v) for k, v in values if _VAL().match(k))
            if val:
                out.append((offset, Record("tqdm", val, step=n * (length or 1), epoch=float(n), kind="eval",
                                           own_step=True)))
            continue
        if n < 1 or not values:
            continue  # a bar reset at an epoch's start: its postfix is the last epoch's
        if total:
            length = total
        out.append((offset, Record("tqdm", values, step=done * (length or 0) + n, epoch=float(done), total=None,
                                   own_step=True)))
    return out
