"""A sparse CSV row written twice: one point (for ``readers/lightning_csv.py``).

HF Trainer's ``log_history`` saved as a CSV (``pd.DataFrame(trainer.state.log_history).to_csv(...)``: public gpt2nwp
``training_log.csv``, thirty-first labeller's CSV notes) holds the final evaluation twice when the script calls
``trainer.evaluate()`` after ``train()`` with ``eval_strategy`` already evaluating at the last step: two rows at
step 18360 with the same ``eval_loss`` (only ``eval_runtime`` and the throughputs differ). Both were read, so
``eval_loss`` had two points at one step. A row at the same step as an earlier one, with the same cells present and
the same values in every column that is no clock (``*_runtime``, ``*_per_second``, ``*time*``), is that row again:
it is left out, with one line naming its file line. Only in such an HF history (a ``*_runtime`` column): a
Lightning ``metrics.csv`` row is a logging call of its own.
"""
from __future__ import annotations

import numpy as np

_CLOCKS = ("_runtime", "_per_second", "runtime", "time", "time_sec", "_time_s", "duration")


def hf_history(names) -> bool:
    """Whether a sparse CSV's column names are HF's ``log_history`` keys (an ``eval_runtime``/``train_runtime``)."""
    return any(str(n) in ("eval_runtime", "train_runtime") or str(n).endswith("_runtime") for n in names)


def _clock(tag: str) -> bool:
    low = tag.lower()
    return low.endswith(_CLOCKS) or "time" in low.split("_")


def repeated_rows(tags: list, columns: list, steps: np.ndarray, valid: np.ndarray, lines, problems) -> np.ndarray:
    """``valid`` less the rows that repeat an earlier row of their step (module docstring), with one line."""
    if not columns or len(steps) < 2 or not hf_history(tags):
        return valid
    order = np.flatnonzero(valid)
    if not len(order):
        return valid
    at = steps[order]
    if len(np.unique(at)) == len(at):
        return valid
    present = np.stack([c.present for c in columns], axis=1)
    values = np.stack([np.asarray(c.values, dtype=float) for c in columns], axis=1)
    kept = [i for i, t in enumerate(tags) if not _clock(str(t)) and str(t) not in ("epoch", "step")]
    if not kept:
        return valid
    seen: dict = {}
    dropped = []
    for row in order.tolist():
        mask = present[row]
        if not mask[kept].any():
            continue
        cells = tuple(values[row, i] if mask[i] else None for i in kept)
        key = (int(steps[row]), tuple(mask.tolist()), tuple("nan" if c is not None and c != c else c for c in cells))
        if key in seen:
            dropped.append((row, seen[key]))
        else:
            seen[key] = row
    if not dropped:
        return valid
    out = valid.copy()
    for row, _ in dropped:
        out[row] = False
    row, first = dropped[0]
    more = f" (and {len(dropped) - 1} more)" if len(dropped) > 1 else ""
    problems.add(f"line {int(lines[row])} repeats line {int(lines[first])} (same step {int(steps[row])}, same "
                 f"values){more}: read once", kind=("repeated_rows",))
    return out
