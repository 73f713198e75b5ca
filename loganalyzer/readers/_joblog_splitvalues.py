"""Evaluation lines naming only the splits their losses were measured on (used by ``_joblog_scan``).

nanoGPT's ``train.py`` prints its periodic ``estimate_loss()`` as ``step 500: train loss 4.2927, val loss 4.2780``;
forks print the same two numbers with the word ``loss`` left out, after their own tag::

    [eval] iter 500: train 4.2927 val 4.2780 lr 3.00e-04          (public ethellight565/nanogpt-seis train_mix.log)

No ``loss`` on the line, so the scan (which finds lines by ``oss``) never read them: the run had its training
lines (``[train] iter 10: loss 8.6864``) but no validation and no learning rate. A line that is a step counter
(``iter``, ``step``, ``iteration``; an ``epoch 3: train 0.95`` may print accuracies) and then only split words each
followed by a bare number (``train``, ``val``, ``valid``, ``validation``, ``test``, ``dev``; no ``:`` or ``=``
between), at least one not ``train``, and optionally ``lr``, is read as nanoGPT's own line is: ``<split>_loss`` per
split (what a bare split's number is on such a line: its estimated loss), ``lr`` the learning rate, at the counter's
step. Read only in a log whose other lines hold a loss.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

NEEDLES = (b" val ", b" valid ", b" validation ", b" test ", b" dev ")
_SPLITS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val", "test": "test",
           "dev": "dev"}
_LINE = re.compile(r"^(?:\[\w+\]\s*)?(?:iter|iteration|step)\s+(?P<n>\d+)\s*[:|,-]\s*"
                   r"(?P<pairs>(?:(?:train|training|val|valid|validation|test|dev)\s+" + NUMBER
                   + r"\s*[,|]?\s*){1,4})(?:lr\s*[:=]?\s+(?P<lr>" + NUMBER + r"))?\s*$", re.IGNORECASE)
_PAIR = re.compile(r"([A-Za-z]+)\s+(" + NUMBER + r")")


def split_values_line(segment: bytes) -> Record | None:
    """The record of one ``[eval] iter N: train X val Y lr Z`` line (module docstring), or None."""
    text, rank, _ = clean(segment)
    m = _LINE.match(text)
    if m is None:
        return None
    values = []
    for key, raw in _PAIR.findall(m.group("pairs")):
        value = to_float(raw)
        if value is None:
            return None
        values.append((f"{_SPLITS[key.lower()]}_loss", value))
    if all(name == "train_loss" for name, _ in values) or len({n for n, _ in values}) != len(values):
        return None
    if m.group("lr") is not None and (lr := to_float(m.group("lr"))) is not None:
        values.append(("lr", lr))
    return Record("kv", tuple(values), step=int(m.group("n")), kind="train", rank=rank, own_step=True)
