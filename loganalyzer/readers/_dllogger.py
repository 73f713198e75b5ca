"""NVIDIA DLLogger's JSON stream (for ``json_history``): ``nvlog.json`` of the DeepLearningExamples models.

``dllogger.JSONStreamBackend`` writes one line per call, the JSON after a ``DLLL `` prefix
(NVIDIA/dllogger ``dllogger/logger.py``: ``"DLLL {}\\n".format(json.dumps(...))``)::

    DLLL {"timestamp": "1594037158.19", ..., "type": "METADATA", "metric": "train_loss", "metadata": {...}}
    DLLL {"timestamp": "1594037158.19", ..., "type": "LOG", "step": "PARAMETER", "data": {"epochs": 1500}}
    DLLL {"timestamp": "1594037190.85", ..., "type": "LOG", "step": [1, 122, 390], "data": {"train_loss": 20.86, ...}}

(public fastpitchterry180 ``output/nvlog.json``, FastPitch: not discovered, the run `missing`). ``step`` is the
caller's tuple: ``[epoch, iteration, iterations per epoch]`` (FastPitch), ``[epoch, iteration]`` (Tacotron2,
ResNet), ``[epoch]`` for an epoch's summary (``avg_train_loss``, ``val_loss``), ``[]`` for the run's final summary,
``"PARAMETER"`` for the arguments. Read here as JSON lines ``{"step": N, <data>}``: an iteration's step the global
iteration (``(epoch - first) * per_epoch + iteration`` when the tuple gives the iterations per epoch; the iteration
itself when it never goes back; else its epoch times the largest iteration seen, plus one, plus the iteration), an
epoch's summary at the last iteration step of that epoch (its epoch when the file has no iteration lines), and the
parameters, metadata and final summary left out. Non-numeric data (``"lrate_change": "3.79E-04 -> 3.83E-04"``) is no
series. ``timestamp`` is the wall time.
"""
from __future__ import annotations

import json

PREFIX = b"DLLL {"


def sniff(head: bytes) -> bool:
    """The file starts with a DLLogger line."""
    return bytes(head[:16]).lstrip(b"\xef\xbb\xbf").startswith(PREFIX)


def _records(data: bytes) -> list[tuple[list, dict, float]]:
    out = []
    for raw in data.split(b"\n"):
        raw = raw.strip()
        if not raw.startswith(PREFIX):
            continue
        try:
            entry = json.loads(raw[5:])
        except ValueError:
            continue  # a line cut off by a killed job: the lines before it stand
        step = entry.get("step") if isinstance(entry, dict) else None
        values = entry.get("data") if isinstance(entry, dict) else None
        if entry.get("type") != "LOG" or not isinstance(step, list) or not step or not isinstance(values, dict) \
                or not all(isinstance(s, int) and not isinstance(s, bool) for s in step):
            continue
        numbers = {k: v for k, v in values.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
        try:
            wall = float(entry.get("timestamp"))
        except (TypeError, ValueError):
            wall = float("nan")
        if numbers:
            out.append((step, numbers, wall))
    return out


def as_lines(data) -> tuple[bytes, str] | None:
    """(the LOG lines as plain JSON lines with an integer ``step``, the line saying so), or None when ``data`` is
    no DLLogger stream or holds no numeric LOG line."""
    data = bytes(data).lstrip(b"\xef\xbb\xbf")
    if not data.startswith(PREFIX):
        return None
    records = _records(data)
    if not records:
        return None
    fine = [s for s, _, _ in records if len(s) >= 2]
    first = min((s[0] for s in fine), default=0)
    per = {s[2] for s in fine if len(s) >= 3 and s[2] > 0}
    inner = [s[1] for s in fine]
    monotone = all(b >= a for a, b in zip(inner, inner[1:]))
    width = max(inner, default=0) + 1

    def global_step(s: list) -> int:
        if len(s) >= 3 and len(per) == 1:
            return (s[0] - first) * s[2] + s[1]
        return s[1] if monotone else s[0] * width + s[1]

    ends: dict[int, int] = {}
    for s in fine:
        ends[s[0]] = max(ends.get(s[0], 0), global_step(s))
    lines = []
    for step, numbers, wall in records:
        at = global_step(step) if len(step) >= 2 else ends.get(step[0], step[0]) if fine else step[0]
        lines.append(json.dumps({"step": at, **numbers, "_timestamp": wall}))
    note = (f"NVIDIA DLLogger stream (DLLL lines): {len(records)} LOG lines read, "
            + ("the step the global iteration, an epoch's summary at its last iteration" if fine else
               "the step the epoch"))
    return ("\n".join(lines) + "\n").encode(), note
