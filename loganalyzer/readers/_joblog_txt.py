"""``*.txt`` files with no log name (``loss.txt``, ``train_output.txt`` aside, ``full_process_validation.txt``,
``ant_output.txt``) holding what a training printed (used by ``discover``).

A ``*.txt`` named like a log is a job log when its head shows progress (``_joblog_names.sniff``); any other ``*.txt``
was not looked at in a folder, although given by name it is read as a printed log (public btl_deeplearning
``loss.txt``: ``Epoch 1 | Train Loss : 32.8986 | Val Loss : 33.0259``, ant-transformer's
``full_process_validation.txt``). Such a file is a job log when its head passes the same sniff AND the printed-log
parser reads at least two progress lines from it (a notes file mentioning "loss" is not); when the sniff passes
but no progress line is read, one line names the file (never a silent skip of a file read when given by name).
"""
from __future__ import annotations

from ..runs import Problem
from . import UnreadableFile, _joblog_names

MIN_LINES = 2


def progress_txt(path: str, name: str, head, problems: list) -> bool:
    """Whether a ``*.txt`` with no log name is a printed training log by its first bytes (module docstring)."""
    if head is None or not name.endswith(".txt") or not _joblog_names.sniff(name, head):
        return False
    from . import joblog

    text = bytes(_joblog_names.utf8(head, cut=True))
    end = text.rfind(b"\n")
    text = text[: end + 1] if end > 0 else text
    try:
        log = joblog.parse(text, path + "#head")
    except UnreadableFile:
        return False
    if len(log.hits) >= MIN_LINES:
        return True
    problems.append(Problem(path, f"not read in a folder: its first {len(text):,} bytes name a loss, an epoch or a "
                                  "traceback, but hold no progress line loganalyzer reads (scan the file by name to "
                                  "read it as a printed log)"))
    return False
