"""A printed log of accuracy lines and no loss at all (``epoch:1\\tAccuracy:71.04\\tAverage precision:74.8`` per
epoch, the validation metrics of a training whose loss went to another file): used by ``readers/joblog.py`` when no
line names a loss. Each line must carry its own epoch/step, or sit right under a counter line of its own (``Img No.
100`` then ``Training Accuracy: 0.46``), so lines that only mention an accuracy stay unread; a closing step-less test
accuracy line is read at the last epoch's step."""
from __future__ import annotations

import re

from dataclasses import replace

from ._progress import Record, clean
from ._progress_acc import ACCURACY_NEEDLE, accuracy_line

MIN_LINES = 2


def accuracy_only(data, size: int, needle_hits) -> list:
    """The hits of a log whose progress is accuracy lines with their own epoch/step (``needle_hits`` is the job-log
    reader's needle search), or [] when there are fewer than ``MIN_LINES`` or one lacks its step."""
    hits = needle_hits(data, size, ACCURACY_NEEDLE, parse=_accuracy_or_test)
    tail = hits[-1:] if hits and _final_test(hits) else []
    hits = hits[:len(hits) - len(tail)]
    if len(hits) > MIN_LINES and all(h.record.step is None for h in hits):
        hits = _under_counters(data, hits)
    if len(hits) < MIN_LINES or any(h.record.step is None or h.record.kind != "train" for h in hits):
        return []
    return hits + tail if all(h.record.shape != "tutorial" for h in hits) else []


# the PyTorch CIFAR-10 tutorial's 'Accuracy of the network on the 10000 test images: 54 %': read only as a log's last
# accuracy line (``_final_test``), never each epoch's (a log printing it every epoch beside its own epoch results,
# public dls-optim problem1.out, reads those)
_TUTORIAL = re.compile(r"(?i)accuracy of the network on the (?:\d+ )?test (?:images|set|data)\s*:\s*(\d+(?:\.\d+)?)\s*%?")


def _accuracy_or_test(raw: bytes):
    record = accuracy_line(raw)
    if record is None and (m := _TUTORIAL.fullmatch(clean(raw)[0])) is not None:
        return Record("tutorial", (("test_accuracy", float(m.group(1))),), kind="eval")
    return record


def _final_test(hits) -> bool:
    """The log's last accuracy line is a test set's, with no epoch of its own, after epoch lines: the PyTorch tutorial's
    ``Accuracy of the network on the test images: 97.45%`` (``test_accuracy``) closing ``Epoch 1000: Validation
    Accuracy: 99.27%`` lines (public shimooo3/sentann nohup_train.out; the whole log had been left unread). It is
    read at the step of the epoch line before it."""
    last = hits[-1].record
    if last.shape == "tutorial" and hits[-2].record.shape == "tutorial":
        return False
    return (last.step is None and len(hits) > MIN_LINES and all(k.lower().startswith("test") for k, _ in last.values)
            and hits[-2].record.step is not None)


# a counter alone on its line, words then a whole number: 'Img No. 100' (a C program's stdout, public aakashk99/parallelnn
# train.out: 'Img No. N' then 'Training Accuracy: 0.460000' every 100 images, no loss anywhere; the log was unread)
_COUNTER_LINE = re.compile(rb"[ \t]*([A-Za-z][A-Za-z .]{0,30}?)[ \t]*(?:No\.?|#|:)?[ \t]*(\d{1,12})[ \t]*\r?")


def _under_counters(data, hits: list) -> list:
    """``hits`` (step-less accuracy lines) each given the number of the counter line right above it, when every one
    sits right under a counter line of the same words and the numbers count up; ``hits`` unchanged otherwise."""
    out, words, last = [], None, None
    for h in hits:
        end = h.offset - 1
        if end <= 0:
            return hits
        start = data.rfind(b"\n", 0, end) + 1
        m = _COUNTER_LINE.fullmatch(bytes(data[start:end]))
        if m is None or (words is not None and m.group(1) != words):
            return hits
        words, step = m.group(1), int(m.group(2))
        if last is not None and step <= last:
            return hits
        last = step
        out.append(replace(h, record=replace(h.record, step=step, kind="train", own_step=True)))
    return out
