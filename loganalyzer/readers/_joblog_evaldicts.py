"""Evaluation dicts holding no loss beside a log's training dicts (used by ``_joblog_scan``).

- HF Trainer's (``{'eval_accuracy': 1.0, 'eval_f1': 1.0, ..., 'epoch': 0}``, a classifier's initial
  ``trainer.evaluate()``): read as validation metrics beside the training dicts.
- JSON lines of LAVIS' ``RunnerBase`` (salesforce/LAVIS ``runners/runner_base.py``: ``log_stats = {**{f"train_{k}":
  v ..}}`` then ``{f"{split_name}_{k}": v ..}`` of the evaluation, each ``json.dumps``-ed to ``log.txt``; public
  unimernet136 ``{"eval_bleu": 0.0058, "eval_edit_distance": 0.88, "eval_token_accuracy": 0.07, "eval_agg_metrics":
  11.7, "eval_best_iters": 1000}`` under each ``{"train_lr": "0.000", "train_loss": "0.401"}``): a line whose every
  key names an evaluation split (``eval_``/``val_``/``valid_``/``test_``) and holds no loss, read where the JSON
  lines' loss scan left it out; a ``best`` key (the best iteration so far) is no series, nor a counter or timing
  (``val_epoch``, ``eval_iters``, ``test_runtime``; a bare ``epoch`` or ``iters`` beside them: a fork's
  ``{"val_acc": 0.5, "val_epoch": 0}``, brk_pr lavis_val_epoch, read a ``val_epoch`` series 0..9).
"""
from __future__ import annotations

import json

from ._progress import Record, clean

_SPLITS = ("eval_", "val_", "valid_", "test_")
_COUNTERS = frozenset({"epoch", "epochs", "step", "steps", "global_step", "iter", "iters", "iteration", "iterations",
                       "runtime", "samples_per_second", "steps_per_second", "timestamp", "time"})
JSON_NEEDLES = tuple(b'{"' + s.encode() for s in _SPLITS)


def hf_eval_hits(data, size: int, needle_hits, parse_segment) -> list:
    """HF Trainer's evaluation dicts with no ``eval_loss`` (module docstring)."""
    def parse(segment):
        record = parse_segment(segment)
        return record if record is not None and record.shape == "hf" and record.kind == "eval" else None

    return [h for needle in (b"{'eval_", b'{"eval_') for h in needle_hits(data, size, needle, parse=parse)]


def _split_key(key) -> str | None:
    """What follows the evaluation split's prefix of ``key`` (``val_acc``: ``acc``), or None."""
    key = str(key).lower()
    return next((key[len(s):] for s in _SPLITS if key.startswith(s)), None)


def _counter(key) -> bool:
    """Whether ``key`` is a counter or a timing (``epoch``, ``val_epoch``, ``eval_runtime``), no metric."""
    return str(key).lower() in _COUNTERS or _split_key(key) in _COUNTERS


def json_eval_line(segment: bytes) -> Record | None:
    """The record of one JSON line of evaluation metrics with no loss (module docstring), or None."""
    text = clean(segment)[0]
    start = text.find('{"')
    try:
        obj = json.loads(text[start:text.rfind("}") + 1]) if start >= 0 else None
    except ValueError:
        return None
    if not isinstance(obj, dict) or not obj or not all(_split_key(k) or _counter(k) for k in obj):
        return None
    values = []
    for key, value in obj.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or "best" in key.lower() or _counter(key):
            continue
        values.append((key, float(value)))
    if not values or any("loss" in k.lower() for k, _ in values):
        return None  # (a loss line is the JSON scan's own)
    return Record("json", tuple(values), kind="eval")


def json_eval_hits(data, size: int, needle_hits) -> list:
    """Hits of the JSON evaluation lines holding no loss (module docstring)."""
    return [h for needle in JSON_NEEDLES for h in needle_hits(data, size, needle, parse=json_eval_line)]
