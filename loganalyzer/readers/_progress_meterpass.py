"""A validation pass printed as running averages by an ImageNet-style ``ProgressMeter`` (for ``readers/joblog.py``).

pytorch/examples' ``imagenet/main.py`` ``validate`` prints ``Test: [ 10/196]\\tTime ...\\tLoss 1.2e+00 (1.4e+00)\\t
Acc@1  75.00 ( 70.31)`` every ``print_freq`` batches -- each meter's value for that batch, then (in brackets) its
running average over the pass so far -- and `` * Acc@1 70.310 Acc@5 89.120`` after it. WS-DAN (public
17314796423/WS_DAN_SAC ``train.log``, 7f338de) does the same with ``Prec@1``/``Prec@5`` and prints its extra meters
on lines of their own (``cos_sim_loss  0.311 (0.311)``) after each ``Test:`` line. Only the pass's last line holds
the whole set's average, and the summary repeats only the accuracies: every ``Test:`` line was a ``val_Loss`` point
(25 an epoch, 2,000 for 80 epochs) and the pass's ``cos_sim_loss`` lines were read as more *training* points.

``meter_passes(hits)`` keeps of each pass (the ``meter_test`` lines up to the next training line or summary) the
last ``Test:`` line, the pass's result (less the names the summary after it gives); ``name value (avg)`` lines read inside the pass (``kv``, no step of their
own) become ``val_<name>`` with only the last of each name kept, valued at its bracketed running average (the
pass's), not the batch's value before it. timm's ``validate`` (``_progress_mm``) prints the
same shape and already keeps only its ``batch_idx == last_idx`` line.

A pass whose last ``Test:`` line came before half its batches (``Test: [ 0/18]``: Transfer-Learning-Library's
``validate`` prints every ``print_freq`` = 100 batches, so an 18-batch set prints batch 0 alone, public tllibdann198)
holds no result: its running averages are one batch's (the ``val_Loss`` read from it jumped 0.005 -> 0.021 -> 0.011
between epochs while the summary's ``Acc@1`` moved by a point). Such a line is dropped; the summary after it stays.

Transfer-Learning-Library's scripts end with ``print("best_acc1 = {:3.1f}")``, then load the best checkpoint,
``acc1 = utils.validate(test_loader, ..)`` and ``print("test_acc1 = {:3.1f}".format(acc1))`` (examples/
domain_adaptation/image_classification/dann.py, cdan.py): that last pass is the test set's, of the best model, not
one more validation at the last step (public dhtllib198: ``val_Loss`` 6.67 -> 7.04 and ``val_Acc@1`` 17.3 -> 29.5
appended at the last step). A pass whose summary (or last ``Test:`` line) is followed by a ``test_<name> = x`` line
is read ``test_``-named, its summary too.
"""
from __future__ import annotations

from ._lazy import lazy_re
from dataclasses import replace

from ._progress import NUMBER

SHAPE = "meter_test"  # a ``Test: [i/N]`` line of ``_progress._meter``
_AVERAGED = lazy_re(r"([A-Za-z][\w@]*)\s+" + NUMBER + r"\s+\(\s*(" + NUMBER + r")\s*\)")


def _averages(data, offset: int) -> dict:
    """{name: bracketed running average} of the ``name value (avg)`` pairs on the line at ``offset``."""
    if data is None:
        return {}
    end = data.find(b"\n", offset, offset + 4096)
    text = bytes(data[offset:end if end >= 0 else offset + 4096]).decode("utf-8", "replace")
    return {k: float(v) for k, v in _AVERAGED().findall(text)}


_BATCH = lazy_re(r"\s*(?:Test|Val|Validation|Eval):\s*\[\s*(\d+)/(\d+)\]")


def _early(data, offset: int) -> bool:
    """Whether the ``Test: [i/N]`` line at ``offset`` came before half the pass's N batches (``i + 1 < N / 2``)."""
    if data is None:
        return False
    m = _BATCH().match(bytes(data[offset:offset + 64]).decode("utf-8", "replace"))
    return m is not None and int(m.group(2)) > 1 and 2 * (int(m.group(1)) + 1) < int(m.group(2))


def _pass_end(hits: list, i: int) -> int:
    """The index after the pass whose first ``Test:`` line is ``hits[i]``."""
    j = i
    while j < len(hits):
        r = hits[j].record
        if r.shape == "meter" or (r.kind == "train" and r.step is not None):  # a training line or the summary
            break
        j += 1
    return j


_FINAL_TEST = lazy_re(r"[ \t]*test_\w+\s*=\s*" + NUMBER + r"\s*$")


def _final_test(data, offset: int) -> bool:
    """Whether the line after the one at ``offset`` is ``test_<name> = x`` (tllib's closing test: docstring)."""
    if data is None:
        return False
    start = data.find(b"\n", offset, offset + 4096)
    if start < 0:
        return False
    end = data.find(b"\n", start + 1, start + 256)
    line = bytes(data[start + 1:end if end >= 0 else start + 256]).decode("utf-8", "replace").rstrip("\r")
    return _FINAL_TEST().match(line) is not None


def _as_test(record):
    """``record`` with its ``val_`` names ``test_``."""
    return replace(record, values=tuple(("test_" + t[4:] if t.startswith("val_") else t, v) for t, v in record.values))


def meter_passes(hits: list, data=None) -> list:
    """``hits`` (``joblog._Hit``) with each ``Test:`` pass reduced to its result (module docstring)."""
    if not any(h.record.shape == SHAPE for h in hits):
        return hits
    out, i = [], 0
    while i < len(hits):
        if hits[i].record.shape != SHAPE:
            out.append(hits[i])
            i += 1
            continue
        end = _pass_end(hits, i)
        inside = hits[i:end]
        last_test = max(k for k, h in enumerate(inside) if h.record.shape == SHAPE)
        last_of: dict = {}  # name -> index in ``inside`` of its last step-less line
        for k, h in enumerate(inside):
            r = h.record
            if r.shape != SHAPE and r.step is None and r.epoch is None:
                for tag, _ in r.values:
                    last_of[tag] = k
        after = hits[end].record if end < len(hits) else None
        summary = {t for t, _ in after.values} if after is not None and after.shape == "meter" \
            and after.kind == "eval" else set()  # ' * Acc@1 70.3 Acc@5 89.1': the whole set's, kept over the line's
        final = _final_test(data, hits[end].offset if summary else inside[last_test].offset)
        if final and summary:
            hits[end].record = _as_test(after)
        for k, h in enumerate(inside):
            r = h.record
            if r.shape == SHAPE:
                values = tuple((t, v) for t, v in r.values if t not in summary)
                if k == last_test and values and not _early(data, h.offset):
                    h.record = _as_test(replace(r, values=values)) if final else replace(r, values=values)
                    out.append(h)
                continue
            if r.step is not None or r.epoch is not None:
                out.append(h)
                continue
            averages = _averages(data, h.offset)
            values = tuple((t if t.startswith(("val_", "test_")) else "val_" + t, averages.get(t, v))
                           for t, v in r.values if last_of.get(t) == k)
            if values:
                h.record = replace(r, values=values, kind="eval")
                out.append(h)
        i = end
    return out
