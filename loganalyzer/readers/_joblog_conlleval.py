"""conlleval blocks named by the set a marker line says, and placed at the end of the pass they follow (used by
``readers/joblog.py``).

zjy-ucas/ChineseNER's ``main.py`` (and its many forks: public ner_idcnn_tf ``log/train.log``, audit 41q) evaluates
the dev and the test set after each pass over the data and logs::

    2021-04-12 23:35:06,342 - log/train.log - INFO - evaluate:dev
    2021-04-12 23:35:14,786 - log/train.log - INFO - processed 109870 tokens with 3819 phrases; found: 3465 ...
    2021-04-12 23:35:14,786 - log/train.log - INFO - accuracy:  89.60%; precision:   0.81%; recall:   0.73%; FB1:   0.77
    2021-04-12 23:35:15,417 - log/train.log - INFO - evaluate:test
    ...
    2021-04-12 23:35:31,098 - log/train.log - INFO - accuracy:  89.34%; precision:   0.93%; recall:   0.88%; FB1:   0.90
    2021-04-12 23:35:32,903 - log/train.log - INFO - iteration:2 step:18/82, NER loss:27.876081

- ``set_named``: a step-less evaluation line whose every name is conlleval's (accuracy, precision, recall, FB1) and
  whose nearest line before (blank lines and conlleval's ``processed N tokens with M phrases`` skipped) ends with
  ``evaluate:<set>`` (``eval``/``evaluating``/``evaluation`` too; ``:``, ``-`` or a space before the set) is that
  set's: ``dev``/``val``/``valid``/``validation`` give ``val_``, ``test`` ``test_``. Both sets went to one series,
  zig-zagging dev/test.
- ``strided_one_based``: the ``iteration:2 step:18/82`` line is printed every 100 global steps with ``iteration =
  step // 82 + 1`` (1-based): at (2 - 1) x 82 + 18 = 100. ``one_based_epochs`` (``_joblog_epochlen``) moves such a
  count one pass earlier only when the first line is of pass 1; a log printing every 100 steps over 82-step passes
  prints none of pass 1. Lines of an outer ``iteration``/``epoch`` counter with ``per_epoch`` T whose first pass
  is above 1 move one pass earlier when their 1-based positions ``(e - 1) x T + k`` share a stride of at least 10
  that their 0-based ones ``e x T + k`` do not (a log printing every N steps; at least 3 lines); no resume said
  before the first.
- ``pass_end_evals``: step-less evaluation lines (kind ``eval``, no step or epoch of their own) lying between lines
  of passes ``e`` and ``e + 1`` (``per_epoch`` lines, or before the first line of pass 1) are at the pass's end,
  ``(e + 1) x T``, and after the last pass's line at its end; only when every such group lies on a pass boundary
  (an evaluation inside a pass is left where ``_joblog_steps`` put it). One round more than the passes ended before
  the first training line is an evaluation before training (``evaluate:dev`` .. ``FB1: ..`` printed first): at 0.
"""
from __future__ import annotations

import math
import re
from dataclasses import replace

from ._joblog_epochlen import RESUMED

_CONLL = frozenset({"accuracy", "precision", "recall", "FB1"})
_MARKER = re.compile(rb"(?i)(?:^|[\s|:\-])(?:evaluate|eval|evaluating|evaluation)\s*[:\s\-]\s*"
                     rb"(dev|val|valid|validation|test)\s*:?\s*$")
_PROCESSED = re.compile(rb"processed \d+ tokens with \d+ phrases")
_PARTS = {"test": "test"}
_LOOK_BACK = 4


def _marker_before(data, line_start: int) -> str | None:
    end = line_start - 1
    for _ in range(_LOOK_BACK):
        if end <= 0:
            return None
        start = data.rfind(b"\n", 0, end) + 1
        line = bytes(data[start:end]).rstrip(b" \t\r")
        end = start - 1
        if not line.strip() or _PROCESSED.search(line):
            continue
        m = _MARKER.search(line)
        return None if m is None else _PARTS.get(m.group(1).decode().lower(), "val")
    return None


def set_named(data, hits: list) -> list:
    """``hits`` with conlleval lines under an ``evaluate:<set>`` marker named by the set (module docstring)."""
    if not hits or data.find(b"FB1") < 0:
        return hits
    out = []
    for h in hits:
        r = h.record
        if r.kind == "eval" and r.step is None and r.epoch is None and r.values \
                and {name for name, _ in r.values} <= _CONLL and any(n == "FB1" for n, _ in r.values):
            part = _marker_before(data, data.rfind(b"\n", 0, h.offset) + 1)
            if part is not None:
                h = replace(h, record=replace(r, values=tuple((f"{part}_{n}", v) for n, v in r.values)))
        out.append(h)
    return out


def _placed(h) -> bool:
    r = h.record
    return bool(getattr(r, "per_epoch", None)) and r.epoch is not None and h.step is not None and r.step == h.step \
        and math.isfinite(r.epoch) and r.epoch == int(r.epoch)


def _gcd(values) -> int:
    g = 0
    for v in values:
        g = math.gcd(g, v)
    return g


def strided_one_based(hits: list, data=None) -> None:
    """Outer-counter lines of a 1-based count printed every N steps moved one pass earlier (module docstring)."""
    placed = [h for h in hits if _placed(h)]
    if len(placed) < 3 or len({h.record.per_epoch for h in placed}) != 1:
        return
    first = min(placed, key=lambda h: h.offset)
    if min(h.record.epoch for h in placed) != first.record.epoch or first.record.epoch <= 1:
        return
    per = placed[0].record.per_epoch
    zero = [h.step for h in placed]
    one = [s - per for s in zero]
    if min(one) < 0:
        return
    g1, g0 = _gcd(one), _gcd(zero)
    if g1 < 10 or g1 <= g0:
        return
    if data is not None and RESUMED.search(bytes(data[:first.offset])):
        return
    for h in placed:
        h.step -= per
        h.record = replace(h.record, step=h.step)


def _rounds(group: list) -> list[list]:
    """A group of evaluation lines cut into rounds: a new one where a line's names repeat the current round's."""
    rounds: list[list] = []
    seen: set = set()
    for h in group:
        names = tuple(n for n, _ in h.record.values)
        if not rounds or names in seen:
            rounds.append([])
            seen = set()
        rounds[-1].append(h)
        seen.add(names)
    return rounds


def pass_end_evals(hits: list) -> None:
    """Step-less evaluation groups between passes put at the pass's end (module docstring); in place."""
    placed = [h for h in hits if _placed(h)]
    if not placed or len({h.record.per_epoch for h in placed}) != 1:
        return
    per = placed[0].record.per_epoch
    moves, group, last_pass = [], [], None
    for h in hits:
        r = h.record
        if _placed(h):
            p = (h.step - 1) // per  # the 0-based pass the step lies in (its last batch at (p + 1) x per)
            if group:
                rounds = _rounds(group)
                ended = p if last_pass is None else p - last_pass  # the passes that ended since the line before
                if last_pass is None and len(rounds) == ended + 1:
                    moves.append((rounds[0], 0))  # an evaluation before training (breaker2 34): at step 0
                    rounds = rounds[1:]
                if ended != len(rounds) or ended < 1:
                    return  # an evaluation inside a pass, or not one per pass: not this shape
                for i, one in enumerate(rounds):
                    moves.append((one, (p - ended + 1 + i) * per))
                group = []
            last_pass = p
        elif r.kind == "eval" and r.step is None and r.epoch is None:
            group.append(h)
        elif r.kind != "eval":
            return  # training lines of another counter: not this shape
    if group and last_pass is not None:
        rounds = _rounds(group)
        if len(rounds) != 1:
            return
        moves.append((rounds[0], (last_pass + 1) * per))
    if len(moves) < 2:
        return
    for one, step in moves:
        for h in one:
            h.step = step
