"""Per-epoch records one level further down in a JSON file, and tensorboardX's scalar export (``json_history``).

Three shapes ``json_history`` read as no history ("JSON with no loss series", or the file passed over by discovery):

- records keyed by epoch under a section: ``{"run_id": .., "config": {..}, "metrics": {"10": {"epoch": 10,
  "training_loss": 4.698, "validation_loss": 4.61, "training_accuracy": 5.56, ..}, "100": {..}, ..}}`` (public
  vqaholman221 ``run_<uuid>.json``, one file a run, metrics every 5 epochs: training_loss 5.20 @ 5 -> 2.27 @ 190,
  validation_loss best 3.589 @ 115). The keys sort as text (``"10"``, ``"100"``, ``"105"``): the records are read in
  the order of their whole-number keys, each at its own ``epoch`` (else its key).
- a list of per-epoch records two levels down: ``{"hyperparameters": {..}, "model_info": {..}, "training":
  {"epochs": [{"epoch": 1, "train_loss": 1.567, "val_loss": 1.236, "bleu1": 0.36, "lr": 0.001, "is_best": true},
  ..]}, "summary": {..}}`` (public capmcv221 ``experiment_log.json``; ``json_history`` looked one level down only).
- tensorboardX's ``SummaryWriter.export_scalars_to_json(path)``: ``{tag: [[wall time, step, value], ..], ..}``
  (public vqasan221 ``all_scalars.json``: ``Train Loss``, ``Validation Loss``, ``Train Accuracy``, ``Validation
  Accuracy``, 25 epochs each; tensorboardX 2.x writes only ``add_scalars``' series there, under the full path
  ``<logdir>/<main tag>/<tag>``). Each triple is a point at its step, its wall time the point's wall time; the
  leading path parts every tag shares (the writer's log directory) are cut, never below two parts
  (``<logdir>/loss/train`` -> ``loss/train``).

A section is records when it holds at least 2 of them and one names a loss (``loss`` in a key holding a number); the
settings sections (``config``, ``hyperparameters``...: ``_json_nested.SETTINGS``) are never looked into. The export
needs every top-level value to be a list of ``[number, whole number, number]`` triples (at least one), the wall times
Unix seconds (past 2001-09-09, as ``_json_epochkeys.unix_clock`` asks). None for any other JSON: read as before.
"""
from __future__ import annotations

import math
import os
import re

from . import _json_nested

# tensorboardX's export: '{"Train Loss": [[1511114522.55, 0, 0.0704], ..' (a tag, a list of triples)
EXPORT_HEAD = re.compile(rb'^\s*\{\s*"[^"\n]{1,300}"\s*:\s*\[\s*\[\s*1\d{9}(?:\.\d*)?(?:[eE][-+]?\d+)?\s*,\s*\d+\s*,')
# records keyed by epoch under a section: '"metrics": {\n "10": {\n "epoch": 10, "training_loss": 4.69'
_KEYED_HEAD = re.compile(rb'"[^"\n]{1,100}"\s*:\s*\{\s*"\d+"\s*:\s*\{[^{}]{0,3000}?"[^"\n]*loss[^"\n]*"\s*:\s*[-\d.NI]',
                         re.IGNORECASE)


def sniff(head: bytes) -> bool:
    """A JSON head of one of the module's shapes (the keyed records need a loss in the first record)."""
    return EXPORT_HEAD.match(head) is not None or _KEYED_HEAD.search(head) is not None


def _number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _names_loss(records: list) -> bool:
    return any("loss" in str(k).lower() and _number(v) for r in records for k, v in r.items())


def _keyed(section) -> list[dict] | None:
    """``{"10": {..}, "5": {..}}``: the records in key order, each with its ``epoch`` (the key when it has none)."""
    if not isinstance(section, dict) or len(section) < 2:
        return None
    if not all(str(k).strip().isdigit() and isinstance(v, dict) for k, v in section.items()):
        return None
    rows = [v if "epoch" in v else {"epoch": int(str(k).strip()), **v}
            for k, v in sorted(section.items(), key=lambda kv: int(str(kv[0]).strip()))]
    return rows if _names_loss(rows) else None


def records(obj) -> tuple[str, list[dict]] | None:
    """(where, per-epoch records) of a dict holding them keyed by epoch under a section (``metrics``) or as a list
    two levels down (``training`` -> ``epochs``); the longest such when several; None when there is none."""
    if not isinstance(obj, dict):
        return None
    best = None
    for key, value in obj.items():
        if not isinstance(value, dict) or _json_nested.is_settings(key, value):
            continue
        found = None
        if (rows := _keyed(value)) is not None:
            found = (str(key), rows)
        elif (under := _json_nested.records_under(value)) is not None and len(under[1]) >= 2:
            found = (f"{key}/{under[0]}", under[1])
        if found is not None and (best is None or len(found[1]) > len(best[1])):
            best = found
    return best


def _triple(point) -> bool:
    return isinstance(point, list) and len(point) == 3 and all(_number(x) for x in point) \
        and 1e9 <= point[0] < 1e11 and float(point[1]).is_integer()


def scalars(obj) -> dict[str, list[tuple[int, float, float]]] | None:
    """tensorboardX's export as ``{tag: [(step, value, wall), ..]}``, the tags' shared leading path cut (see the
    module), or None when ``obj`` is not such an export."""
    if not isinstance(obj, dict) or not obj:
        return None
    if not all(isinstance(v, list) and v and all(_triple(p) for p in v) for v in obj.values()):
        return None
    parts = {tag: [p for p in str(tag).split("/") if p] for tag in obj}
    shared = os.path.commonprefix(list(parts.values())) if len(parts) > 1 else next(iter(parts.values()))
    out = {}
    for tag, points in obj.items():
        keep = parts[tag][min(len(shared), max(0, len(parts[tag]) - 2)):] or [str(tag)]
        name = "/".join(keep)
        out[name if name not in out else str(tag)] = [
            (int(p[1]), float(p[2]) if math.isfinite(p[2]) else p[2], float(p[0])) for p in points]
    return out


def add(table, exported: dict) -> None:
    """The export's points into ``json_history``'s table, at their own steps: a stepped history."""
    for tag, points in exported.items():
        for step, value, wall in points:
            table.add(tag, step, value, wall)
    table.stepped = True


def rows(table, obj: dict, found: tuple[str, list[dict]]) -> None:
    """The records into ``json_history``'s table (each at its ``epoch``); the other top-level keys named as left
    beside the history."""
    where, records_ = found
    for i, row in enumerate(records_):
        table.row(i, row)
    top = where.split("/")[0]
    for other in obj:
        if str(other) != top:
            table.skipped.setdefault(str(other), f"beside the history under {where!r}")
