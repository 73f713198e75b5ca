"""PaddleOCR's evaluations (``tools/program.py``), for ``joblog``.

Every ``Global.eval_batch_step: [start, every]`` steps ``train()`` evaluates and logs ``'cur metric, {}'.format(', '
.join(['{}: {}'.format(k, v) for k, v in cur_metric.items()]))``::

    [2022/08/31 10:13:08] ppocr INFO: cur metric, acc: 0.2789062499, norm_edit_dis: 0.73945, fps: 1532.11
    [2022/08/31 10:13:08] ppocr INFO: best metric, acc: 0.2789062499, is_float16: False, ..., best_epoch: 2

with no step and no loss word: dropped (a newcomer breaker's PaddleOCR recogniser log). Read here: each ``cur metric``
line a validation record of ``val_<key>`` (``fps``, a speed, is no series), at the first evaluation step
(``start`` + k x ``every``, from the config the log printed first) at or after the training line before it, else at
that line's step. The ``best metric`` lines repeat the best evaluation: no point.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

NEEDLE = b"cur metric, "
_PAIR = re.compile(r"(\w+): (" + NUMBER + r")(?=,|\s*$)")
_EVERY = re.compile(rb"eval_batch_step\s*:\s*\[\s*(\d+)\s*,\s*(\d+)\s*\]")
_SKIPPED = frozenset({"fps", "best_epoch"})


def ppocr_evals(data, hits: list, make) -> list:
    """``hits`` with PaddleOCR's ``cur metric, ..`` lines as validation records (``make(offset, record)``)."""
    if data.find(NEEDLE) < 0 or not hits:
        return hits
    every = _EVERY.search(bytes(data[:1 << 20]))
    start, period = (int(every.group(1)), int(every.group(2))) if every else (0, 0)
    trained = sorted((h.offset, h.record.step) for h in hits if h.record.kind == "train" and h.record.step is not None)
    out, pos = list(hits), 0
    while (p := data.find(NEEDLE, pos)) >= 0:
        pos = p + len(NEEDLE)
        line = data.rfind(b"\n", 0, p) + 1
        end = data.find(b"\n", p)
        text = clean(bytes(data[line:end if end >= 0 else len(data)]).rstrip(b"\r"))[0]
        cut = text.find("cur metric, ")
        values = tuple((f"val_{k}", v) for k, raw in _PAIR.findall(text[cut + len("cur metric, "):])
                       if k not in _SKIPPED and (v := to_float(raw)) is not None)
        if not values:
            continue
        before = [s for o, s in trained if o < line]
        step = before[-1] if before else None
        if step is not None and period:
            step = start + max(0, -(-(step - start) // period)) * period
        out.append(make(line, Record("ppocr", values, step=step, kind="eval", own_step=step is not None)))
    return sorted(out, key=lambda h: h.offset)
