"""TensorFlow Model Garden's orbit ``Controller`` log (``orbit/controller.py``), read whole, for ``joblog``.

Every ``steps_per_loop`` the controller logs (absl) ``train | step: {step: 6d} | steps/sec: {sps: 6.1f} | output:
{_format_output(train_output)}`` and after each evaluation ``eval | step: {step: 6d} | eval time: {t: 6.1f} sec |
output: {..}``. ``_format_output`` is ``pprint.pformat`` of the outputs dict: on the same line when it fits, else on
the lines below, indented by four::

    I0512 10:20:16.059696 140312 controller.py:457] train | step:     16 | steps/sec:    5.7 | output:
        {'learning_rate': 0.0092,
         'training_loss': 1.0937165915966034}

(values numpy scalars: ``np.float32(0.0092)`` under numpy 2). The loss sits on a continuation line: nothing was
read, "no line names a loss" (a newcomer breaker's tf-models log). Read here: each dict's numbers at the line's step,
training outputs as named, evaluation outputs as validation (``val_<name>`` unless the name says its split already:
``validation_loss``). A dict that never closes (a cut log) is said, not read.
"""
from __future__ import annotations

import re

from ._joblog_caffe import _Offsets
from ._progress import NUMBER, Record, to_float

NEEDLE = b"| output:"
_HEAD = re.compile(r"(?m)^(?P<pre>.*?)\b(?P<mode>train|eval) \| step:\s*(?P<step>\d+) \|[^\n]*?\| output: ?(?P<rest>[^\n]*)$")
_PAIR = re.compile(r"'([^']+)':\s*(?:np\.\w+\(|array\()?\s*(" + NUMBER + r")")
_SPLIT = re.compile(r"(?i)^(?:val|valid|validation|eval|test)(?:_|$)")
_MAX_LINES = 200  # continuation lines of one dict


def _dict_text(text: str, m: re.Match) -> str | None:
    """The printed dict after ``m``'s ``output:`` (on its line, or the indented lines below), None when unclosed."""
    rest = m.group("rest").strip()
    if rest.startswith("{"):
        return rest if rest.count("{") <= rest.count("}") else None
    if rest:
        return None
    lines, pos = [], m.end() + 1
    for _ in range(_MAX_LINES):
        end = text.find("\n", pos)
        line = text[pos:end if end >= 0 else len(text)]
        if not line.startswith("    "):
            return None
        lines.append(line.strip())
        joined = " ".join(lines)
        if joined.count("{") <= joined.count("}"):
            return joined
        if end < 0:
            return None
        pos = end + 1
    return None


def orbit_hits(data, size: int, problems: list) -> list[tuple[int, Record]] | None:
    """(offset, record) of every orbit train/eval output, or None when ``data`` holds no orbit controller line."""
    if data.find(NEEDLE) < 0 or data.find(b"| step:") < 0:
        return None
    text = bytes(data).decode("utf-8", "replace")
    at = _Offsets(text, 0).at
    out: list[tuple[int, Record]] = []
    cut = 0
    for m in _HEAD.finditer(text):
        body = _dict_text(text, m)
        if body is None:
            cut += 1
            continue
        pairs = [(k, v) for k, raw in _PAIR.findall(body) if (v := to_float(raw)) is not None]
        if not pairs:
            continue
        if m.group("mode") == "eval":
            pairs = [(k if _SPLIT.match(k) else "val_" + k, v) for k, v in pairs]
        out.append((at(m.start()), Record("orbit", tuple(pairs), step=int(m.group("step")),
                                          kind="eval" if m.group("mode") == "eval" else "train", own_step=True)))
    if not out:
        return None
    if cut:
        problems.append(f"{cut} orbit output dict{'s' if cut > 1 else ''} not closed (a cut log?): not read")
    return out
