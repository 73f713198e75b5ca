"""A log printed in two side-by-side columns, training on the left and testing on the right (used by
``readers/joblog.py``). Princeton's Marvin C++ framework and its forks (public FelixZhang00/fecnn
``train_output.txt``) print a header, then each test pass indented into the right-hand column::

      Training:                                                                            Testing:
    ===========================================================================================
    <88 blanks>Epoch 0  Iteration 0 loss = 2.31218 * 1  eval = 0.11
    Epoch 0  Iteration 0  learning_rate = 0.01 loss = 2.33974 * 1  eval = 0.12

Both lines read the same (``loss``/``eval`` at their iteration), so the test values were merged into the training
series (two values at every test iteration). A line indented to the ``Testing:`` column is the test's: its values
are ``test_loss``/``test_eval``, an evaluation at its own step."""
from __future__ import annotations

import re
from dataclasses import replace

# the header: 'Training:' at the left, 'Testing:' (or 'Test:'/'Validation:') far to its right, nothing else
_HEADER = re.compile(rb"(?m)^[ \t]*Training:([ \t]{16,})(Testing|Test|Validation|Validating):[ \t]*\r?$")
_SPLIT = {b"Testing": "test_", b"Test": "test_", b"Validation": "val_", b"Validating": "val_"}
_PREFIXES = ("test_", "test/", "val_", "val/", "eval_", "valid_")


def side_column(data, hits: list, make) -> list:
    """``hits`` with each line indented to a ``Training: ... Testing:`` header's right column (after that header)
    read as the right column's split: its values prefixed (``test_loss``), an evaluation. ``make(offset, record)``
    builds a hit. Unchanged when no such header is printed."""
    m = _HEADER.search(data, 0, min(len(data), 1 << 22))
    if m is None or not hits:
        return hits
    column = m.start(2) - m.start()  # where the right column starts on the header line
    prefix = _SPLIT[m.group(2)]
    out = []
    for h in hits:
        if h.offset > m.end():
            indent = _indent(data, h.offset)
            if indent >= max(20, column - 8):
                values = tuple((k if k.lower().startswith(_PREFIXES) else prefix + k, v) for k, v in h.record.values)
                h = make(h.offset, replace(h.record, values=values, kind="eval"))
        out.append(h)
    return out


def _indent(data, offset: int) -> int:
    """The blanks that start the line holding ``offset`` (a hit's offset is its line's start, or inside it)."""
    start = max(data.rfind(b"\n", 0, offset), data.rfind(b"\r", 0, offset)) + 1
    n = 0
    while start + n < len(data) and data[start + n] in (32, 9):
        n += 1
    return n
