"""A JSON history keyed by epoch, and a row's Unix clock (for ``readers/json_history``): ``{"epoch_1": {"train": {"loss": 1.12, "acc": 0.4},
"val": {"loss": 0.96, ...}}, "epoch_2": {...}}`` (``metrics[f"epoch_{e}"] = {...}; json.dump(metrics, f)``, a newcomer
breaker's log: no run, no word). Every key an epoch (``epoch_3``, ``epoch 3``, ``Epoch3``, or the bare number
``"3"``) holding a dict: one row per epoch at that epoch, its nested dicts' numbers named ``<split>.<name>``
(``train.loss``, ``val.loss``) as any nested JSON history's are.
"""
from __future__ import annotations

import re

_KEY = re.compile(r"(?i)(?:epoch[ _-]?)?(\d{1,9})")
# the sniff: an object opening with an epoch-named key holding an object (a split's or the metrics')
HEAD = re.compile(rb'\s*\{\s*"(?i:epoch)[ _-]?\d{1,9}"\s*:\s*\{')


def rows(obj: dict) -> list[dict] | None:
    """One row a key, ``{"epoch": N, **value}``, in epoch order; None when ``obj`` is not so keyed (two keys at
    least, each an epoch, each holding a dict)."""
    if len(obj) < 2:
        return None
    out = []
    for key, value in obj.items():
        m = _KEY.fullmatch(str(key).strip())
        if m is None or not isinstance(value, dict) or "epoch" in value:
            return None
        out.append({"epoch": int(m.group(1)), **value})
    if not any(str(k).strip()[:1].isalpha() for k in obj) and not all(isinstance(v, dict) and any(
            isinstance(x, dict) for x in v.values()) for v in obj.values()):
        return None  # bare numbers as keys: only a history whose values hold split dicts (not any id -> record map)
    return sorted(out, key=lambda r: r["epoch"])


def unix_clock(flat: dict) -> str | None:
    """The key of a row's Unix time in seconds (``time``/``timestamp``/``wall_time``, a number past 2001-09-09), or
    None: a script's ``"time": time.time()`` is when the row was written, no metric (plain_csv reads its columns so)."""
    for key in ("time", "timestamp", "wall_time", "walltime"):
        value = flat.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 1e9 <= value < 1e11:
            return key
    return None
