"""The log files of a test tree by the format discovery's sniff gives them, without discovery's grouping.

The reader-equivalence tests (test_fastcsv.py, test_batchcsv.py, test_csvcells.py) need every CSV-format file of
``sample_logs``, ``eval/public`` and the shared logs, not runs. ``discover`` on ``eval/public`` (~1,400 runs) also
measures each printed log's segments, a whole parse of every job log (2-7 minutes on 2 cores, three times in the
suite): this walk sniffs each candidate's head as discovery does (``discover_sniff._sniff_text``; a
``trainer_state.json`` by its name) and leaves printed logs alone.
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

from loganalyzer.discover import TRAINER_STATE
from loganalyzer.discover_sniff import _sniff_text
from loganalyzer.fs import LOCAL_FS

SUFFIXES = (".csv", ".tsv", ".log", ".txt", ".json", ".jsonl")


@dataclass(frozen=True)
class LogFile:
    """One whole log file (``segment`` None, as discovery's ``RunFile`` of a file holding one run)."""

    path: str
    format: str
    segment: None = None


@functools.lru_cache(maxsize=None)
def log_files(tree: Path) -> tuple[LogFile, ...]:
    """Files under ``tree`` (sorted, hidden folders skipped) that discovery would read as one run of a sniffed
    format: CSV logs, JSON histories, ``trainer_state.json``. Files holding several runs (appended trainings) are
    left out, as the tests compare whole files."""
    found = []
    for dirpath, dirnames, filenames in os.walk(tree):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.lower().endswith(SUFFIXES):
                continue
            path = os.path.join(dirpath, name)
            if name == TRAINER_STATE:
                found.append(LogFile(path, "hf_trainer_state"))
                continue
            sniffed = _sniff_text(LOCAL_FS, path, name, [])
            if sniffed is not None and sniffed[1] == 1:
                found.append(LogFile(path, sniffed[0]))
    return tuple(found)
