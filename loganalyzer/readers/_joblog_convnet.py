"""cuda-convnet's training output (Alex Krizhevsky's ``convnet.py``, cuda-convnet and cuda-convnet2), for ``joblog``.

The trainer prints its layers (``Initialized data layer 'data', producing 196608 outputs``), then one line a training
batch and, every ``--test-freq`` batches, the test costs under a banner (``gpumodel.py``: ``print "%d.%d..." %
(epoch, batchnum)``, then ``print_costs``: ``name: v1, v2`` per cost layer, then the time)::

    1.1... logprob:  0.473121, 0.093750 (1.409 sec)
    1.2... logprob:  0.502804, 0.117188 (1.455 sec)
    ...
    ======================Test output======================
    logprob:  0.498673, 0.107910

(public pipeclass64 ``train_output.txt``, a 2014 pipe classifier: 19,600 such lines and 604 tests, read as nothing --
the file was not even listed). cuda-convnet2 prints its progress too (``1.1 (0.51%)... logprob:  6.9, 0.99, 0.79
(2.001 sec)``), and a cost gone NaN ends the line without its time (``3.1... logprob:  nan, 0.90 ^ <= INF/NaN values,
exiting``): both read. For a logistic-regression cost layer (``logprob``, the only cost most nets have; any layer
named with ``logprob``/``logreg``) the numbers are the cross-entropy, the classification error rate and, in
cuda-convnet2, the top-k error (``layer.py``: ``LogregCostLayer``), read as ``train_loss``/``train_error``/
``train_topk_error`` and, for the test costs, ``test_loss``/``test_error``/``test_topk_error`` (two such layers:
``train_<layer>_loss``...); another cost layer's first number is ``train_<name>``, its further ones
``train_<name>_<k>``.
Steps: the training lines counted from 1 (``epoch.batchnum`` numbers the data batch, not the step); a test is placed
at the step of the training line before it, each line's epoch kept.
"""
from __future__ import annotations

import re

# (no import of the printed-log parser, ``_progress``, at module level: discovery's sniff imports this module)
from ._joblog_epochrows import _NUM as NUMBER  # Python's '%f' of a number, 'nan' or 'inf'
NEEDLE = b"... "
TEST_BANNER = b"=Test output="
_HINT = re.compile(rb"Initialized (?:data|convolutional|fully-connected|local) layer '[^'\n]+', producing ")
_TRAIN = re.compile(r"(?m)^(\d+)\.(\d+)(?: \(\s*[\d.]+%\))?\.\.\.[ \t]+(?P<costs>[A-Za-z_]\w*:[^\n]*)$")
_TEST = re.compile(r"(?m)^=+Test output=+[ \t]*\r?\n(?P<costs>[A-Za-z_]\w*:[^\n]*)$")
_COST = re.compile(r"([A-Za-z_]\w*):\s+((?:" + NUMBER + r"\s*,\s*)*" + NUMBER + r")")


def looks(head: bytes) -> bool:
    """The first bytes of a file are cuda-convnet's output: its layer lines, or a training line."""
    return _HINT.search(head) is not None


def _values(costs: str, split: str) -> tuple:
    from ._progress import to_float

    found = _COST.findall(costs)
    logreg = [name for name, _ in found if "logprob" in name.lower() or "logreg" in name.lower()]
    out = []
    for name, numbers in found:
        values = [to_float(v) for v in numbers.split(",")]
        if name in logreg:
            head = split if len(logreg) == 1 else f"{split}_{name}"
            names = [f"{head}_loss", f"{head}_error", f"{head}_topk_error"]
        else:
            names = [f"{split}_{name}"]
        names += [f"{names[0]}_{k}" for k in range(len(names) + 1, len(values) + 1)]
        out += [(n, v) for n, v in zip(names, values) if v is not None]
    return tuple(out)


def convnet_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every training line and test output, or None when ``data`` is no cuda-convnet output
    (no layer line in its first 64 KiB, or no training line)."""
    from ._joblog_caffe import _Offsets
    from ._progress import Record

    if not looks(bytes(data[:1 << 16])) or data.find(NEEDLE) < 0:
        return None
    text = bytes(data).decode("utf-8", "replace")
    found = [(m.start(), "train", m) for m in _TRAIN.finditer(text)]
    if not found:
        return None
    found += [(m.start(), "test", m) for m in _TEST.finditer(text)]
    found.sort(key=lambda f: f[0])
    offsets = _Offsets(text, 0)  # byte offsets, the hits in file order
    out: list[tuple[int, Record]] = []
    step, epoch = 0, None
    for start, split, m in found:
        values = _values(m.group("costs"), split)
        if not values:
            continue
        if split == "train":
            step, epoch = step + 1, float(m.group(1))
        elif step == 0:
            continue  # a test before any training: the initial test, no step to put it at
        out.append((offsets.at(start), Record("convnet", values, step=step, epoch=epoch,
                                   kind="train" if split == "train" else "eval", own_step=True)))
    return out or None
