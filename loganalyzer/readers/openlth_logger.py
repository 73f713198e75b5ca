"""open_lth's metric log: the extension-less ``logger`` file in each replicate's level folder
(``<root>/lottery_<hash>/replicate_<r>/level_<k>/main/logger``, facebookresearch/open_lth).

Format (open_lth ``training/metric_logger.py``, ``MetricLogger.__str__``, written by ``save`` after each
evaluation): one line per logged value, ``name,iteration,value`` -- ``'{},{},{}'.format(name, iteration, value)`` of
its ``(name, step.iteration) -> value`` dict, no header. The names are those of ``training/standard_callbacks.py``:
``test_loss``, ``test_accuracy``, ``test_examples`` (and ``train_*`` when training accuracy is evaluated); the step is
the training iteration (``Step.iteration``, batches since the start). ``*_examples`` is how many examples an
evaluation saw (a count, the same at every step): not a measure of the training, left out. Public examples: set 201's
openlth201 (three level folders, 51-108 evaluations each), none read before.
"""
from __future__ import annotations

import re

from ..runs import Problem
from . import ReadResult, UnreadableFile, scalar_frame

FORMAT = "openlth_logger"
NAME = "logger"
_LINE = re.compile(r"([A-Za-z_][\w/.-]*),(\d+),([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))")
_LINE_BYTES = re.compile(rb"\A[A-Za-z_][\w/.-]*,\d+,[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf)(?:\r?\n|\Z)")


def sniff(name: str, head: bytes) -> bool:
    """Whether a file is open_lth's ``logger``: that exact name and a first line ``name,iteration,value``."""
    return name == NAME and _LINE_BYTES.match(head) is not None


def read(data, path: str) -> ReadResult:
    """The series of an open_lth ``logger`` (module docstring): one per name but ``*_examples``, at each iteration,
    no wall times. A line of another shape is skipped with one problem line saying how many; a name logged twice
    at one iteration keeps the later value (the dict it was written from cannot hold both).

    Raises ``UnreadableFile`` when no line is ``name,iteration,value``."""
    text = bytes(data).decode("utf-8", "replace")
    points: dict[tuple[str, int], float] = {}
    bad, first_bad = 0, None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.fullmatch(line.strip())
        if match is None:
            bad, first_bad = bad + 1, first_bad or n
            continue
        name, step, value = match.group(1), int(match.group(2)), float(match.group(3))
        if not name.endswith("_examples"):
            points[(name, step)] = value
    if not points:
        raise UnreadableFile(Problem(path, "an open_lth logger with no 'name,iteration,value' line; not read"))
    problems = () if not bad else (Problem(path, f"{bad} line(s) not 'name,iteration,value' (open_lth's logger "
                                                 "format); skipped", line=first_bad),)
    keys = sorted(points, key=lambda k: (k[0], k[1]))
    return ReadResult(scalar_frame([k[0] for k in keys], [k[1] for k in keys], [points[k] for k in keys]), problems)
