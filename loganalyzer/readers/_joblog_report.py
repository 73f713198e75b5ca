"""An end-of-job report printed as aligned ``key = value`` lines: a summary, no curve (for ``joblog``).

A benchmark or training script's last words (fyh2001/megatron-sft-recipes' ``=== Report for swift_sft_fsdp2_sp2 ===``
then ``  mfu_pct                          = 133.08``, ``  loss_first_step                  = 2.46777344`` ...) are
one number each about the whole job: read as lines of progress they made a dozen one-point series at the last step,
and ``loss_first_step`` passed for a component of the loss. A block of >= ``MIN_LINES`` such lines, none with a
step of its own, after which no line gives a step, is left out of the curves (said once).

So is a closing block under a header naming it final (``Final metrics:``, ``Final results``, ``Summary:``, ``Best
model:``) -- the header alone on its line, no number in it -- whose step-less lines follow it, indented, after the
last line that gives a step (a script printing ``Logged metrics at step 6: {..}`` then ``Final metrics:`` /
``  val_loss: 0.2166``: a newcomer breaker's log, the last values again at a made-up step 7).
"""
from __future__ import annotations

import re

MIN_LINES = 5
# one ``key = value`` a line, spaces around ``=`` (aligned by the printer)
_FINAL_HEADER = re.compile(rb"(?im)^[ \t]*[=*#>\-\s]*(?:final|summary|best)\b[^\d\n:]{0,40}:?[ \t=*#\-]*\r?$")
_PAIR_LINE = re.compile(rb"(?m)^[ \t]*[A-Za-z_][\w.()/%-]*[ \t]+=[ \t]+[^\s=][^\n=]*\r?\n")


def _blocks(data, start: int) -> list[tuple[int, int]]:
    """(start, end) of each run of >= ``MIN_LINES`` consecutive ``key = value`` lines from ``start`` on."""
    out, first, end, count = [], None, None, 0
    for m in _PAIR_LINE.finditer(data, start):
        if end is not None and m.start() == end:
            end, count = m.end(), count + 1
            continue
        if count >= MIN_LINES:
            out.append((first, end))
        first, end, count = m.start(), m.end(), 1
    if count >= MIN_LINES:
        out.append((first, end))
    return out


def drop(data, hits: list, notes: list) -> list:
    """``hits`` (``joblog._Hit``) without those of an end-of-job ``key = value`` report (a note says so)."""
    stepped = [h.offset for h in hits if h.record.step is not None or h.record.epoch is not None]
    if not hits or not stepped:
        return hits
    blocks = [(a, b) for a, b in _blocks(data, stepped[-1]) if a > stepped[-1]]
    if not blocks:
        return hits
    inside = [h for h in hits if any(a <= h.offset < b for a, b in blocks)]
    if not inside:
        return hits
    a = blocks[0][0]
    line = bytes(data[:a]).count(b"\n") + 1
    notes.append(f"a report of {len(inside)} `key = value` line(s) after the training (from line {line:,}: "
                 f"{', '.join(dict.fromkeys(t for h in inside for t, _ in h.record.values))}) is a summary of the "
                 "job, no curve: not read as series")
    ids = {id(h) for h in inside}
    return [h for h in hits if id(h) not in ids]


def drop_final_block(data, hits: list, notes: list) -> list:
    """``hits`` without the step-less lines of an indented closing block under a ``Final ...:`` header after the
    last stepped line (module docstring; a note says so)."""
    stepped = [h.offset for h in hits if h.record.own_step or h.record.kind == "train"]
    if not hits or not stepped:
        return hits
    m = _FINAL_HEADER.search(data, stepped[-1] + 1)
    if m is None:
        return hits
    start = data.find(b"\n", m.start()) + 1
    inside = []
    for h in hits:
        if h.offset < start or h.record.own_step:
            continue
        line_start = data.rfind(b"\n", 0, h.offset) + 1
        if bytes(data[line_start:line_start + 1]) not in (b" ", b"\t"):
            break
        inside.append(h)
    if not inside:
        return hits
    line = bytes(data[:m.start()]).count(b"\n") + 1
    notes.append(f"a closing block under '{bytes(data[m.start():start]).decode('utf-8', 'replace').strip()}' (line "
                 f"{line:,}: {', '.join(dict.fromkeys(t for h in inside for t, _ in h.record.values))}) restates the "
                 "run's values: no curve points")
    ids = {id(h) for h in inside}
    return [h for h in hits if id(h) not in ids]
