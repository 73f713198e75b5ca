"""A split's criterion printed as its ``error`` beside a training loss (used by ``readers/joblog.py``).

Scripts that sum the training criterion over the validation set call the result its error: veile/QM9_Molecule_
Prediction ``main.py`` prints ``"Validation error after epoch %i is: %.3f" % (epoch + 1, validation_error)`` with
``validation_error += criterion(outputs, targets) / len(test_set)`` -- the CrossEntropyLoss the training lines
(``[%d, %5d]      %.3f``) print (open qm9unet187 ``gpu-5806682.out``: 230 training values read, the 10 validation
values not: no line named a validation loss, and ``error`` is no loss word). Course MLPs alike (``fprintf('validation
error after epoch %d: %f\\n', epoch, verror)``, ``verror`` a squared error).

An error printed as a rate names its unit (Theano's ``validation error 86.9 %``, ``Validation error after epoch 3:
12.5%``): not this shape. The rule: in a log whose lines already give a training loss and no evaluation loss, at
least ``MIN_LINES`` lines that are only ``<split> error [after|at|for epoch N] [is][:|=] <number>`` (the line ends
at the number: no ``%``, no unit) are read as that split's loss, exactly as the same line naming a ``loss`` is read
(its place in the log puts it after its epoch's training lines). One note says so.
"""
from __future__ import annotations

import re

MIN_LINES = 2
_SPLITS = {"validation": "val", "valid": "val", "val": "val", "test": "test", "dev": "dev", "eval": "eval"}
_LINE = re.compile(rb"(?im)^[ \t]*(validation|valid|val|test|dev|eval)[ \t]+error"
                   rb"(?:[ \t]+(?:after|at|for|of)[ \t]+(?:the[ \t]+)?(?:epoch|ep)[ \t]*(\d+))?"
                   rb"(?:[ \t]+is)?[ \t]*[:=]?[ \t]*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|nan|inf)[ \t\r]*$")
NOTE = ("lines '<split> error [after epoch N] is: <number>' (no % or unit: the criterion summed over that split, as "
        "the training loss beside them) are read as that split's loss")


def _loss_of(record, kind: str) -> bool:
    return any("loss" in str(k).lower() for k, _ in record.values) and (record.kind == "eval") == (kind == "eval")


def error_evals(data, hits: list, notes: list, hit) -> list:
    """``hits`` with the ``<split> error`` lines' hits added in file order (module docstring), or ``hits``
    unchanged. ``hit(offset, record)`` makes one hit."""
    if not hits or (data.find(b"rror") < 0) or not any(_loss_of(h.record, "train") for h in hits) \
            or any(_loss_of(h.record, "eval") for h in hits):
        return hits
    from ._progress import Record
    taken = {data.rfind(b"\n", 0, h.offset) + 1 for h in hits}
    found = []
    for m in _LINE.finditer(data):
        start = data.rfind(b"\n", 0, m.start()) + 1
        if start in taken:
            return hits  # a line read already: some other shape
        split = _SPLITS[m.group(1).decode().lower()]
        # (no step of its own, as the line naming a loss: its place after its epoch's training lines says which)
        found.append(hit(start, Record("kv", ((f"{split}_loss", float(m.group(3))),), step=None, kind="eval")))
    if len(found) < MIN_LINES:
        return hits
    notes.append(NOTE)
    return sorted(hits + found, key=lambda h: h.offset)

