"""A run's final-metrics JSON: one number per key (``{"train_loss": 0.86, "train_runtime": 38738.3, "epoch": 24.29}``).

HF's ``Trainer.save_metrics`` writes ``all_results.json``/``train_results.json`` so (those names are never opened:
``json_history.NOT_HISTORY``); user code does the same under other names (qlora's ``metrics.json`` beside
``trainer_state.json``, ``final_metrics.json``). Such a file is the run's summary, not a history over steps: beside
a run's own files (``discover_group``) it is a source of that run giving no point, its numbers kept in the run's
hparams as ``summary/<key>`` (as ``load_summary`` keeps HF's train summary), no line said. Alone (no run in its
directory) it stays a ``json_history`` file, whose reader says it is a summary and no history.
"""
from __future__ import annotations

import json

from ..runs import Problem
from . import ReadResult, UnreadableFile
from ._text import no_rows

FORMAT = "json_summary"


def numbers_only(obj) -> dict | None:
    """``{key: float}`` of a decoded JSON value that is a flat dict of one number per key (strings, bools and
    nulls beside them allowed: ``run_name``), at least one number and no list or dict; None for anything else."""
    if not isinstance(obj, dict) or not obj:
        return None
    out = {}
    for key, value in obj.items():
        if isinstance(value, (list, dict)):
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[str(key)] = float(value)
    return out or None


def is_summary(head: bytes) -> bool:
    """Whether ``head`` (a whole small file) is such a summary."""
    try:
        obj = json.loads(bytes(head).lstrip(b"\xef\xbb\xbf").decode("utf-8"))
    except (ValueError, RecursionError):
        return False
    return numbers_only(obj) is not None


def read(data, path: str) -> ReadResult:
    """No point; the file's numbers as hparams ``summary/<key>``."""
    try:
        obj = json.loads(bytes(data).lstrip(b"\xef\xbb\xbf").decode("utf-8"))
    except (ValueError, RecursionError) as e:
        raise UnreadableFile(Problem(path, f"final-metrics JSON that is no longer valid JSON: {e}")) from None
    values = numbers_only(obj)
    if values is None:
        raise UnreadableFile(Problem(path, "final-metrics JSON that no longer holds one number per key"))
    return ReadResult(no_rows(), (), hparams={f"summary/{key}": value for key, value in values.items()})
