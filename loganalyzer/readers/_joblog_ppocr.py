"""PaddleOCR's evaluations (``tools/program.py``), for ``joblog``.

Every ``Global.eval_batch_step: [start, every]`` steps ``train()`` evaluates and logs ``'cur metric, {}'.format(', '
.join(['{}: {}'.format(k, v) for k, v in cur_metric.items()]))``::

    [2022/08/31 10:13:08] ppocr INFO: cur metric, acc: 0.2789062499, norm_edit_dis: 0.73945, fps: 1532.11
    [2022/08/31 10:13:08] ppocr INFO: best metric, acc: 0.2789062499, is_float16: False, ..., best_epoch: 2

with no step and no loss word: dropped (a newcomer breaker's PaddleOCR recogniser log). Read here: each ``cur metric``
line a validation record of ``val_<key>`` (``fps``, a speed, is no series), at the first evaluation step
(``start`` + k x ``every``, from the config printed last before it: a log appended by several sessions holds each
one's config, and an earlier session's ``[0, 200]`` put public paddlevn176's evaluations every 20 steps all at step
200) at or after the training line before it, else at that line's step. The ``best metric`` lines repeat the best
evaluation: no point.
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
    configs = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _EVERY.finditer(data)]
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
        config = [c for c in configs if c[0] < line]  # the session's own config: the last printed before it
        start, period = (config[-1][1], config[-1][2]) if config else (configs[0][1], configs[0][2]) if configs \
            else (0, 0)
        if step is not None and period:
            step = start + max(0, -(-(step - start) // period)) * period
        out.append(make(line, Record("ppocr", values, step=step, kind="eval", own_step=step is not None)))
    return sorted(out, key=lambda h: h.offset)
