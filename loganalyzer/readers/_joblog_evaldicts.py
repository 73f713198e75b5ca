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
- JSON lines of a linear evaluation's top-k accuracies (facebookresearch/vicreg and barlowtwins ``evaluate.py``:
  ``stats = dict(epoch=epoch, acc1=top1.avg, acc5=top5.avg, best_acc1=best_acc.top1, best_acc5=best_acc.top5)``,
  ``print(json.dumps(stats), file=stats_file)`` after each epoch's validation, beside its training lines
  ``{"epoch": 0, "step": 0, "lr_backbone": 0, "lr_head": 0.02, "loss": 7.42, "time": 10}``; public vicregeval161
  ``epochs_100.txt``: the 20 accuracies were dropped, only the 12 loss lines read): a line of ``epoch`` and
  ``acc<k>`` keys (``best_acc<k>`` left out, as any best) is ``val_acc<k>`` (``kind='eval'``) at the training step
  printed before it (its epoch kept as the record's epoch): the training lines step by ``step`` and print every
  ``print_freq`` steps, so two epochs' accuracies may share the step before them (both kept, in order).
"""
from __future__ import annotations

import json

from ._progress import Record, clean

_SPLITS = ("eval_", "val_", "valid_", "test_")
_COUNTERS = frozenset({"epoch", "epochs", "step", "steps", "global_step", "iter", "iters", "iteration", "iterations",
                       "runtime", "samples_per_second", "steps_per_second", "timestamp", "time"})
JSON_NEEDLES = tuple(b'{"' + s.encode() for s in _SPLITS) + (b'"acc1": ',)
_TOPK = frozenset({"acc1", "acc5", "best_acc1", "best_acc5"})


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
    if isinstance(obj, dict) and "acc1" in obj and isinstance(obj.get("epoch"), int) and set(obj) <= _TOPK | {"epoch"}:
        values = tuple((f"val_{k}", float(v)) for k, v in obj.items() if k in ("acc1", "acc5")
                       and isinstance(v, (int, float)) and not isinstance(v, bool))  # vicreg's top-k (docstring)
        return Record("json", values, epoch=float(obj["epoch"]), kind="eval") if values else None
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
