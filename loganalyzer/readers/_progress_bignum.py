"""LeRobot's training lines, whose counters are printed rounded to thousands (used by ``_progress_text.rewrite``).

``lerobot/scripts/train.py`` logs every ``log_freq`` steps (``MetricsTracker.__str__``, lerobot/common/utils/
logging_utils.py)::

    INFO 2026-07-11 13:22:43 ot_train.py:606 step:24K smpl:192K ep:480 epch:9.60 loss:0.097 grdn:9.288 lr:1.0e-05 ..

``step``, ``smpl`` (samples) and ``ep`` (episodes) go through ``format_big_number`` (``f"{num:.0f}{suffix}"`` after
dividing by 1000 per suffix K, M, B, T, Q); ``epch`` (epochs) is printed ``:.2f``. ``step:1K`` .. ``step:100K`` were
no numbers to the key-value reader: every line past step 999 took the step of the last one before it (public
actrepro184 ``training_metrics.txt``: 250 points collapsed onto 4 steps, each key also a ``*_epoch`` copy), and
``ep`` (episodes) was read as the epoch. Here a line holding ``step:``, ``smpl:`` and ``epch:`` has its step
written out (``24K`` -> ``24000``: the step the rounding names, exact to half the suffix's unit; the lines rounded
to one step are that step's points), ``epch`` read as the epoch and ``grdn`` as ``grad_norm``; the counts (``smpl``,
``ep``), timings (``updt_s``, ``data_s``), throughput (``smp/s``) and memory (``mem_gb``) are no series and are
left out.
"""
from __future__ import annotations

import re

_STEP = re.compile(r"\bstep:(\d+(?:\.\d+)?)([KMBTQ]?)(?=\s|$)")
_SCALE = {"": 1, "K": 10 ** 3, "M": 10 ** 6, "B": 10 ** 9, "T": 10 ** 12, "Q": 10 ** 15}
_DROPPED = re.compile(r"\s(?:smpl|ep|updt_s|data_s|smp/s|mem_gb):\S+(?=\s|$)")
_RENAMED = re.compile(r"\b(epch|grdn):(?=[-\d.])")
_NAMES = {"epch": "epoch", "grdn": "grad_norm"}


def lerobot_counts(text: str) -> str:
    """``text`` with a LeRobot line's rounded counters written out and renamed (module docstring); any other line
    as it is."""
    if "step:" not in text or "smpl:" not in text or "epch:" not in text:
        return text
    text = _STEP.sub(lambda m: f"step:{round(float(m.group(1)) * _SCALE[m.group(2)])}", text)
    return _RENAMED.sub(lambda m: f"{_NAMES[m.group(1)]}:", _DROPPED.sub("", text))
