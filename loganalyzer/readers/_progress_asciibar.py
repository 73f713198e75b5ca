"""A hand-drawn ASCII progress bar with its count and ``key=value`` fields (for ``_progress_bracket.leading_counter``).

A C++/CUDA GPT trainer (public cgpt_cpp ``training_output.txt``, audit 41q) redraws one line per validation::

    Training [===                                     ] 8.5% 5000/58874 | 4.62 it/s | ETA: 11664.8 s | loss=3.910492 | validation_loss=3.908841
    Training [========================================] 100.0% 58874/58874 | 4.62 it/s | ETA: 0.0 s | loss=3.302037 | validation_loss=3.282484 | Total time: 127

The ``n/N`` after the bar's percentage is the step (the lines were at their ordinals 1..13), and the description
was glued to the first key (``Training_loss``): each name is the key as printed (``loss``). Only a line opening with
a description (a word or two), a bracketed bar of ``=``/``#``/``>``/``-``/``.``/spaces and a percentage.
"""
from __future__ import annotations

import re
from dataclasses import replace

_BAR = re.compile(r"^\s*([A-Za-z][A-Za-z ]{0,30}?)\s*\[[=#>\-. *]{4,}\]\s*\d{1,3}(?:\.\d+)?%\s+(\d+)\s*/\s*(\d+)(?!\d)")


def ascii_bar(record, text: str):
    """``record`` at the bar's ``n`` (total ``N``), its names as printed; None when ``text`` is no such bar line."""
    if record is None or record.step is not None or record.epoch is not None:
        return None
    m = _BAR.match(text)
    if m is None:
        return None
    n, total = int(m.group(2)), int(m.group(3))
    if total <= 0 or n > total:
        return None
    glued = m.group(1).strip().replace(" ", "_") + "_"
    values = []
    for name, value in record.values:
        if name.startswith(glued) and re.search(r"(?<![\w.])" + re.escape(name[len(glued):]) + r"\s*[=:]", text) \
                and not re.search(r"(?<![\w.])" + re.escape(name) + r"\s*[=:]", text):
            name = name[len(glued):]
        values.append((name, value))
    return replace(record, values=tuple(values), step=n, total=total, kind="train", own_step=True)


def drop_final_redraw(data, hits: list) -> list:
    """``hits`` less such a bar's last line drawn again at its end (``58874/58874`` twice, the second with its ``Total
    time``: one point, not two at one step); unchanged otherwise (used by ``readers/joblog.py``)."""
    drop = set()
    for i in range(1, len(hits)):
        a, b = hits[i - 1].record, hits[i].record
        if b.step is None or b.step != a.step or b.total != a.total or b.step != b.total or b.values != a.values:
            continue
        start = data.rfind(b"\n", 0, hits[i].offset) + 1
        line = bytes(data[start:start + 400]).split(b"\n", 1)[0].decode("utf-8", "replace")
        if _BAR.match(line.rsplit("\r", 1)[-1]):
            drop.add(i)
    return [h for i, h in enumerate(hits) if i not in drop] if drop else hits
