"""EasyTorch's training log (cnstark/easytorch ``Runner``: BasicTS and the traffic-forecasting models built on it --
STEP, STID, D2STGNN, ...; used by ``readers/_joblog_whole.py``), read whole.

The runner logs ``Epoch <n> / <N>`` before each epoch and, from its ``MeterPool``, one line per phase::

    2023-06-01 14:15:18,875 - easytorch-training - INFO - Epoch 1 / 100
    2023-06-01 14:18:55,629 - easytorch-training - INFO - Result <train>: [train_time: 216.75 (s), lr: 2.00e-03, train_MAE: 3.1743, train_RMSE: 5.9388, train_MAPE: 0.0811]
    2023-06-01 14:20:15,994 - easytorch-training - INFO - Result <val>: [val_time: 80.36 (s), val_MAE: 3.1514, val_RMSE: 5.5158, val_MAPE: 0.0803]
    2023-06-01 14:22:54,173 - easytorch-training - INFO - Evaluate best model on test data for horizon 1, Test MAE: 1.8429, ...
    2023-06-01 14:22:54,246 - easytorch-training - INFO - Result <test>: [test_time: 157.80 (s), test_MAE: 3.2463, ...]

(public uagcrntf220 ``STEP_PEMSD7_training_log_*.log``: 40 epochs, no word ``loss`` -- BasicTS's loss is the
masked MAE it logs as ``train_MAE`` -- so "no training progress", 0 rows). BasicTS 0.4+ names the meters
``train/loss``, ``train/MAE``, ``val/loss`` (``[train/time: 361.98 (s), train/lr: 1.00e-03, train/loss: 3.7662,
...]``). Read here: every meter of a ``Result <train|val|test>`` line at the epoch of the last ``Epoch n /`` line
(step ``n``), named ``<phase>_<meter>`` (``train_MAE``, ``val_loss``; ``lr`` for the learning rate); the phase's
``time`` is timing, not read. A meter named ``loss`` is the loss; in a log with none, the meter BasicTS trains on
(``MAE``: its runners' default loss is ``masked_mae``) is read as the loss, ``train_loss`` / ``val_loss`` (read as it was named,
``train_RMSE`` became the loss: uagcrntf220, ``underfit`` for a run labelled ``healthy``). The per-horizon ``Evaluate best model on test data for horizon k`` lines restate the test of the
best checkpoint per output step, not a curve: not read.
"""
from __future__ import annotations

import re

from ._progress import Record, to_float

_EPOCH = re.compile(rb"(?m) - INFO - Epoch (\d+) / \d+[ \t]*\r?$")
_RESULT = re.compile(rb"(?m) - INFO - Result <(train|val|test)>: \[([^\]\r\n]*)\]")
_PAIR = re.compile(r"\s*([^:,]+?):\s*([^,]+?)(?:\s*\([^)]*\))?\s*(?:,|$)")


def _meters(phase: str, text: str) -> list[tuple[str, float]]:
    out = []
    for key, value in _PAIR.findall(text):
        name = key.strip()
        for prefix in (phase + "/", phase + "_"):
            if name.startswith(prefix):
                name = name[len(prefix):]
        if name == "time":
            continue
        number = to_float(value)
        if number is not None:
            out.append(("lr" if name == "lr" else f"{phase}_{name}", number))
    return out


def easytorch_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every ``Result <phase>`` line of an EasyTorch log (module docstring), or None when
    ``data`` has no ``Epoch n / N`` line followed by a ``Result <train>: [`` line."""
    at = data.find(b" - INFO - Result <train>: [")
    if at < 0 or _EPOCH.search(data, 0, at) is None:
        return None
    lines = sorted([(m.start(), m) for m in _EPOCH.finditer(data)] + [(m.start(), m) for m in _RESULT.finditer(data)],
                   key=lambda t: t[0])
    out: list[tuple[int, Record]] = []
    epoch, named_loss = None, data.find(b"train/loss:") >= 0 or data.find(b"train_loss:") >= 0
    for offset, m in lines:
        if m.re is _EPOCH:
            epoch = int(m.group(1))
            continue
        if epoch is None:
            continue
        phase = m.group(1).decode()
        values = _meters(phase, m.group(2).decode("utf-8", "replace"))
        if not named_loss and phase != "test":  # BasicTS trains on the MAE it logs (module docstring)
            values = [(f"{phase}_loss" if k == f"{phase}_MAE" else k, v) for k, v in values]
        if values:
            out.append((offset, Record("easytorch", tuple(values), step=epoch, epoch=float(epoch),
                                       kind="train" if phase == "train" else "eval", own_step=True)))
    return out or None
