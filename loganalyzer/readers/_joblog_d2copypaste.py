"""detectron2's evaluation summary (``detectron2/evaluation/testing.py`` ``print_csv_format``), for ``joblog``.

After each evaluation (``cfg.TEST.EVAL_PERIOD``) detectron2 logs, per task::

    [06/12 13:02:02 d2.evaluation.testing]: copypaste: Task: bbox
    [06/12 13:02:02 d2.evaluation.testing]: copypaste: AP,AP50,AP75,APs,APm,APl
    [06/12 13:02:02 d2.evaluation.testing]: copypaste: 36.9531,59.1250,40.6484,11.0859,33.2578,48.0391

(the numbers COCOeval's summary gives, x 100). None of these lines names a loss, so only the COCOeval rows printed
before them were read (``_joblog_coco``: ``val_coco/AP`` from the one row a log held; AP50..APl dropped in silence,
a newcomer breaker's detectron2 log). Read here: every column as ``val_<task>/<name>`` on COCOeval's 0-1 scale (the
value / 100: the rows' scale, so the two readings are one series), at the training step before; the COCOeval rows of
the same evaluation (after the training line before) whose names the block gives are left out (the block's are the
more precise). A block whose names and numbers do not pair up is said, not read.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, to_float

NEEDLE = b"copypaste: Task: "
_BLOCK = re.compile(rb"copypaste: Task: (\w+)\s*\r?\n[^\n]*?copypaste: ([\w,-]+)\s*\r?\n[^\n]*?copypaste: ([-\d.,naNinf]+)\s*\r?$",
                    re.M)
_NUM = re.compile(NUMBER)


def d2_copypaste(data, hits: list, notes: list, make) -> list:
    """``hits`` with detectron2's copypaste blocks as validation records (``make(offset, record)``)."""
    if data.find(NEEDLE) < 0 or not hits:
        return hits
    found = []
    for m in _BLOCK.finditer(data):
        task = m.group(1).decode()
        names = m.group(2).decode().split(",")
        raw = m.group(3).decode().split(",")
        values = [to_float(r) for r in raw]
        if len(names) != len(values) or any(v is None for v in values):
            notes.append(f"detectron2's copypaste block for {task} at byte {m.start()}: {len(names)} names, "
                         f"{len(raw)} numbers: not read")
            continue
        start = data.rfind(b"\n", 0, m.start(3)) + 1
        found.append((start, Record("d2", tuple((f"val_{task}/{n}", v / 100) for n, v in zip(names, values)),
                                    kind="eval")))
    if not found:
        return hits
    trains = sorted(h.offset for h in hits if h.record.kind == "train")
    dropped = set()
    for start, record in found:
        lo = max([o for o in trains if o < start], default=-1)
        stats = {t.split("/", 1)[1] for t, _ in record.values}
        for h in hits:
            if h.record.shape == "coco" and lo < h.offset < start and h.record.values[0][0].split("/", 1)[-1] in stats:
                dropped.add(id(h))
    out = [h for h in hits if id(h) not in dropped] + [make(o, r) for o, r in found]
    return sorted(out, key=lambda h: h.offset)
