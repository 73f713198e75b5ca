"""The PyTorch tutorials' progress lines, which print the loss as a bare number (used by ``readers/joblog.py``).

The "NLP From Scratch" tutorials (pytorch.org/tutorials: ``seq2seq_translation_tutorial``,
``char_rnn_generation_tutorial``) and the many student repositories built on them print, every ``print_every``
iterations, ``'%s (%d %d%%) %.4f' % (timeSince(start, iter / n_iters), iter, iter / n_iters * 100, loss_avg)``::

    0m 24s (- 6m 34s) (5000 6%) 3.5270        # seq2seq: elapsed (- remaining) (iteration percent%) loss
    0m 31s (5000 5%) 2.7458                   # char-RNN generation: no remaining time

and ``char_rnn_classification_tutorial`` prints ``'%d %d%% (%s) %.4f %s / %s %s' % (iter, iter / n_iters * 100,
timeSince(start), loss, name, guess, correct)``::

    5000 5% (0m 8s) 2.1344 Albert / French ✓

No word names the value: it is the training loss (the tutorials' ``criterion`` output averaged over ``print_every``
iterations) at iteration N. Public seq2seqtm86's train_log.txt held 15 such lines under a logging prefix
(``INFO---->train--->2022-03-23 10:37:30,456--->0m 24s (5000 6%) 3.5270``) before a second training that says
``training loss = ``; only the second had been read. Such lines are read (at least ``MIN_LINES`` of them, in any
log) as ``loss`` at step N, beside the lines the reader found by their loss word.

The CIFAR-10 tutorial (``cifar10_tutorial``) prints ``'[%d, %5d] loss: %.3f' % (epoch + 1, i + 1, running_loss /
2000)``; copies of it drop the word: public veile/QM9_Molecule_Prediction ``main.py`` prints ``'[%d, %5d]      %.3f' %
(epoch + 1, i + 1, running_loss)`` under its legend ``[Epoch, Entry] - Loss`` (qm9unet187 ``gpu-5806682.out``: 230
such lines, nothing read). A line that is only ``[epoch, count]`` and one number (at least ``MIN_BRACKETED`` of them,
the epochs never going back and the count rising within an epoch) is read as the named line would be: ``loss`` at
that epoch and count (the epoch length learnt as for the named line, ``_joblog_epochlen``).
"""
from __future__ import annotations

import re
from dataclasses import replace

MIN_LINES = 2
MIN_BRACKETED = 5
# (discovery imports this module for ``looks``: the printed-log parser, ``_progress``, is imported only to read)
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_TIME = rb"\d+m \d+s"
_LINE = re.compile(
    rb"(?m)" + _TIME + rb" (?:\(- ?-?" + _TIME + rb"\) )?\((?P<it>\d+) \d{1,3}%\) (?P<v>" + NUMBER.encode()
    + rb")[ \t\r]*$"
    rb"|^[ \t]*(?P<it2>\d+) \d{1,3}% \(" + _TIME + rb"\) (?P<v2>" + NUMBER.encode() + rb") [^\n]*? / ")
_COUNTER = re.compile(rb"(?:^|[^\w(])" + _TIME + rb" (?:\(- ?-?" + _TIME + rb"\) )?\((\d+) \d{1,3}%\) ")
_EVAL_NAMES = ("val", "valid", "test", "eval", "dev")
_HINT = re.compile(rb"\d+m \d+s(?: \(- ?-?\d+m \d+s\))? \(\d+ \d{1,3}%\) \d|\d% \(\d+m \d+s\) \d")
_BRACKETED = re.compile(rb"(?m)^[ \t]*\[[ \t]*(\d+)[ \t]*,[ \t]*(\d+)[ \t]*\][ \t]+(" + NUMBER.encode()
                        + rb")[ \t\r]*$")
BRACKETED_NOTE = ("lines of only '[epoch, count]' and a number (the PyTorch CIFAR-10 tutorial's '[1,  2000] loss: 2.131' "
                  "printed without its word) are read as the training loss at that epoch and count")
NOTE = ("lines printed as the PyTorch tutorials do ('0m 24s (5000 6%) 3.5270': elapsed time, iteration, percent, "
        "loss) are read as the training loss at that iteration")


def looks(head: bytes) -> bool:
    """Whether a log's head holds such a line (discovery's sniff)."""
    return _HINT.search(head) is not None


def _counted(data, h):
    """A hit whose line prints no step of its own but the tutorial's counter (``0m 27s (5000 50%) training loss =
    3.52``): at that iteration."""
    if h.record.step is not None or h.record.epoch is not None:
        return h
    start = data.rfind(b"\n", 0, h.offset) + 1
    end = data.find(b"\n", start)
    m = _COUNTER.search(bytes(data[start:end if end >= 0 else len(data)]))
    if m is None:
        return h
    kind = h.record.kind  # a step-less kv line was an evaluation for want of a step (_progress.parse_kv): now it has one
    if kind == "eval" and h.record.shape == "kv" and not any(k.startswith(_EVAL_NAMES) for k, _ in h.record.values):
        kind = "train"
    return replace(h, record=replace(h.record, step=int(m.group(1)), own_step=True, kind=kind))


def tutorial_lines(data, hits: list, notes: list, hit) -> list:
    """``hits`` with the tutorial lines' hits (``hit(offset, record)``) added in file order, or ``hits`` unchanged
    when the log holds fewer than ``MIN_LINES`` of them; ``notes`` gets ``NOTE`` when they are read."""
    hits = _bracketed(data, hits, notes, hit)
    if data.find(b"%) ") < 0 and data.find(b"% (") < 0:
        return hits
    from ._progress import Record
    taken = {data.rfind(b"\n", 0, h.offset) + 1 for h in hits}
    hits = [_counted(data, h) for h in hits]
    found = []
    for m in _LINE.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        if start in taken:
            continue
        it, value = (m.group("it"), m.group("v")) if m.group("it") is not None else (m.group("it2"), m.group("v2"))
        found.append(hit(start, Record("kv", (("loss", float(value)),), step=int(it), own_step=True)))
    if len(found) < MIN_LINES:
        return hits
    notes.append(NOTE)
    return sorted(hits + found, key=lambda h: h.offset)


def _bracketed(data, hits: list, notes: list, hit) -> list:
    """``hits`` with the bare ``[epoch, count] value`` lines' hits added in file order, when the log holds at least
    ``MIN_BRACKETED`` of them in order (epochs never going back, the count rising within an epoch) and no hit
    already reads their lines; else ``hits`` unchanged. ``notes`` gets ``BRACKETED_NOTE`` when they are read."""
    if data.find(b"] ") < 0 and data.find(b"]\t") < 0:
        return hits
    from ._progress import Record
    taken = {data.rfind(b"\n", 0, h.offset) + 1 for h in hits}
    found, last = [], (0, 0)
    for m in _BRACKETED.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        epoch, count = int(m.group(1)), int(m.group(2))
        if start in taken or (epoch, count) <= last:
            return hits  # read already, or no progress in order: some other table of pairs
        last = (epoch, count)
        found.append(hit(start, Record("kv", (("loss", float(m.group(3))),), step=count, epoch=float(epoch),
                                       own_step=True)))
    if len(found) < MIN_BRACKETED:
        return hits
    notes.append(BRACKETED_NOTE)
    return sorted(hits + found, key=lambda h: h.offset)
