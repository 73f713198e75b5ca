"""``Step: N | D: x | CE: y | ...`` training lines naming no loss, in a log whose only loss-named lines are its
evaluations (used by ``_joblog_fallbacks``).

Out-of-Distribution-GANs (public oodgan208 ``log-64-10000.txt``, ``log-64-48000.txt``: Xiaoyang-Song's
``checkpoint/log/FashionMNIST-InD-SA``) prints every 20 global steps::

    Step: 0    | D:  1.9794 | CE:  2.0590 | S_OoD:  0.8044 | S_z:  0.8016 | G: -0.0008 | S_z:  0.8245 | dist: 0.0933

(the discriminator-classifier's loss ``D``, its in-distribution cross-entropy ``CE``, the OoD scores, the generator's
``G``; ``S_z`` twice, once for each player), then at each epoch's end an evaluation block ending ``Validation
Accuracy: 0.784125`` / ``Validation Classification Loss: 0.5848``. The step printed is the batch's index within the
epoch (``global % 20 == 0``: 0..140, then 3..143, 6..146, ... of 157 batches), so it goes back every epoch. Only the
validation lines name a loss: the training lines went unread, the validation points had no step and the 16 epochs
were split into 16 one-point runs ("later launches ... start-up block printed again"), each ``unknown``.

Read here, when every hit so far is an evaluation: lines of a counter (``Step``/``Iter``/``Iteration``/``Batch``
``N``) then ``|``-separated ``name: value`` parts (at least ``MIN_PARTS``), one of them an objective's term with no
loss word (``_joblog_termnamed.TERMS`` and ``ce``, the cross-entropy's abbreviation) or the GAN players' pair ``D``
and ``G``; at least ``MIN_LINES`` lines. A name printed twice on a line keeps its first value as printed and the
second as ``<name>_2``. Where the counter goes back and evaluations lie between every two cycles (each epoch's
evaluation), the cycles are one training's epochs: cycle ``e`` at ``e x L + N``, ``L`` the epoch's length in steps,
``last + stride - next first`` at each restart (the stride the commonest gap within a cycle: 20 above, L = 157) when
every restart agrees within one step, else the longest cycle's last count plus the stride. A note says so. An
evaluation printed with no step of its own is at the step of the training line before it (the validation points
were at the printed within-epoch counts, 138-156, before).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ._number import NUMBER

MIN_LINES, MIN_PARTS = 4, 2
_LINE = re.compile(rb"(?im)^[ \t]*(?:step|iter|iteration|batch)[ \t]*[:#=]?[ \t]*(\d{1,12})[ \t]*\|([^\n]*?)[ \t\r]*$")
_PART = re.compile(r"\s*([A-Za-z][\w@./-]{0,30})\s*[:=]\s*(" + NUMBER + r")\s*")


def _terms() -> frozenset:
    from ._joblog_termnamed import TERMS

    return TERMS | {"ce"}


def _values(rest: bytes, terms: frozenset) -> tuple | None:
    """The (name, value) pairs of a line's parts after its counter, or None when a part is of another shape or no
    name is a term (module docstring)."""
    parts = [p for p in rest.decode("utf-8", "replace").split("|") if p.strip()]
    if len(parts) < MIN_PARTS:
        return None
    values, seen = [], Counter()
    for part in parts:
        m = _PART.fullmatch(part)
        if m is None:
            return None
        name = m.group(1)
        seen[name] += 1
        values.append((name if seen[name] == 1 else f"{name}_{seen[name]}", float(m.group(2))))
    names = {n.lower() for n in seen}
    if "loss" in " ".join(names):
        return None  # a loss-named line: the main parser's
    if not (names & terms or {"d", "g"} <= names):
        return None
    return tuple(values)


def step_term_hits(data, hits: list, notes: list, hit) -> list:
    """``hits`` (every one an evaluation) with such training lines added in order (module docstring), or ``hits``
    as they are when fewer than ``MIN_LINES`` lines are found."""
    if not hits or any(h.record.kind == "train" for h in hits):
        return hits
    from ._progress import Record

    terms, found = _terms(), []
    for m in _LINE.finditer(bytes(data)):
        values = _values(m.group(2), terms)
        if values is not None:
            found.append((m.start(), int(m.group(1)), values))
    if len(found) < MIN_LINES:
        return hits
    steps = _placed(found, [h.offset for h in hits], notes)
    new = [hit(offset, Record("stepterms", values, step=step, epoch=epoch, kind="train", own_step=True))
           for (offset, _, values), (step, epoch) in zip(found, steps)]
    out, last = [], None
    for h in sorted(hits + new, key=lambda h: h.offset):
        if h.record.kind == "train":
            last = h.record
        elif last is not None and h.record.step is None:  # an epoch's evaluation: at its last training line's step
            h = hit(h.offset, replace(h.record, step=last.step, epoch=last.epoch, own_step=True))
        out.append(h)
    return out


def _placed(found: list, evals: list, notes: list) -> list:
    """(step, epoch or None) of each line: its counter, or one training's epochs where the counter starts over
    each epoch with evaluations between (module docstring)."""
    counts = [n for _, n, _ in found]
    starts = [0] + [i for i in range(1, len(found)) if counts[i] < counts[i - 1]]
    if len(starts) == 1:
        return [(n, None) for n in counts]
    for i in starts[1:]:
        lo, hi = found[i - 1][0], found[i][0]
        if not any(lo < e < hi for e in evals):
            return [(n, None) for n in counts]  # a restart with no evaluation before it: not an epoch's end
    gaps = Counter(counts[i] - counts[i - 1] for i in range(1, len(found)) if i not in starts[1:])
    stride = max(gaps.items(), key=lambda kv: (kv[1], kv[0]))[0] if gaps else 1
    lengths = [counts[i - 1] + stride - counts[i] for i in starts[1:]]
    length = lengths[0] if max(lengths) - min(lengths) <= 1 and lengths[0] > 0 else max(counts) + stride
    out, epoch = [], -1
    bounds = set(starts)
    for i, n in enumerate(counts):
        epoch += i in bounds
        out.append((epoch * length + n, float(epoch)))
    notes.append(f"a step counter starting over each epoch ({len(starts)} cycles, evaluations between): read as one "
                 f"training's epochs of {length} steps (epoch x {length} + the step printed)")
    return out
