"""Ultralytics YOLO training whose stdout and stderr went to two files (a batch job's ``X.err`` beside ``X.txt``).

Ultralytics (8.x, ``engine/trainer.py``) prints each epoch's table header ``Epoch GPU_mem box_loss cls_loss dfl_loss
Instances Size`` and the validation's ``all <images> <instances> <P> <R> <mAP50> <mAP50-95>`` row through its
``LOGGER`` (``logging`` to stdout), while the progress bars -- the epoch row ``1/150 25.5G 3.304 29.36 1.571 99
1024: 100%|...`` and the validation bar ``Class Images Instances Box(P R mAP50 mAP50-95): 100%|...`` -- are tqdm's,
written to stderr. A SLURM job run with ``#SBATCH --output=X.txt --error=X.err`` (public viyolo166, an Ultralytics
8.3.31 YOLOv9 detector) thus splits every epoch over two files: the ``.err`` holds the rows without their names,
the stdout file the names and validation rows without the epochs, and neither read as anything ("no line holds a
loss"). Here the file of bars, when it holds no header of its own, gets its names and validation rows back from a
file of the same name stem in its directory that holds the headers: before each epoch's first bar line the header
line, after its validation bar's line the epoch's ``all`` row (the k-th epoch's is the row under the stdout's k-th
header; the final ``best.pt`` validation after ``N epochs completed`` is under no header and stays out), and the
completion line at the end. Then ``_joblog_yolo`` reads it as one YOLO log. Nothing changes unless the epoch counts
of both files agree.
"""
from __future__ import annotations

import os
import re

from ._bar_glued import _ESCAPES
from ._joblog_yolo import _END  # the completion line, as the one-file reader finds it

_HEADER = re.compile(rb"(?m)^[ \t]*Epoch[ \t]+GPU_mem[ \t][^\r\n]*")
_ALL = re.compile(rb"^[ \t]*all[ \t]+\d+[ \t]+\d+(?:[ \t]+[\d.]+)+[ \t]*$")
_ROW = re.compile(rb"^[ \t]*(\d+)/\d+[ \t]+[\d.]+[GM][ \t]+[\d.]+[ \t]")
_BAR = re.compile(rb"^[ \t]*Class[ \t]+Images[ \t]+Instances[ \t]")
_MAX_SIBLING = 64 << 20


def _last_draw(line: bytes) -> bytes:
    """The text a terminal shows of ``line``: after its last ``\\r``, without colour codes."""
    text = line.rstrip(b"\r").rpartition(b"\r")[2]
    return _ESCAPES.sub(b"", text) if b"\x1b" in text else text


def _stdout_tables(path: str) -> tuple[bytes, list[bytes], bytes] | None:
    """(header line, each header's ``all`` row, completion line) of the stdout file beside ``path``, or None."""
    folder, name = os.path.split(path)
    stem = name.rsplit(".", 1)[0]
    try:
        names = sorted(os.listdir(folder or "."))
    except OSError:
        return None
    for other in names:
        if other == name or other.rsplit(".", 1)[0] != stem:
            continue
        full = os.path.join(folder, other)
        try:
            if not os.path.isfile(full) or os.path.getsize(full) > _MAX_SIBLING:
                continue
            with open(full, "rb") as f:
                text = f.read()
        except OSError:
            continue
        heads = list(_HEADER.finditer(text))
        if not heads:
            continue
        rows = []
        for i, m in enumerate(heads):
            stop = heads[i + 1].start() if i + 1 < len(heads) else len(text)
            end = _END.search(text, m.end(), stop)
            block = text[m.end():end.start() if end else stop]
            found = [ln.strip() for ln in block.splitlines() if _ALL.match(_last_draw(ln))]
            rows.append(_last_draw(found[0]).strip() if found else b"")
        end = _END.search(text, heads[-1].end())
        return heads[0].group(0).strip(), rows, (end.group(0) if end else b"")
    return None


def joined_streams(data, path: str):
    """``data`` (a file of YOLO bars without headers) with the stdout file's headers, ``all`` rows and completion
    line put back in (module docstring), or ``data`` unchanged."""
    if data.find(b"Instances") < 0 or data.find(b"GPU_mem") >= 0 and _HEADER.search(data):
        return data  # (find: ``data`` may be an mmap or a memoryview's bytes)
    lines = bytes(data).split(b"\n")
    epochs, bars = [], 0
    for line in lines:
        draw = _last_draw(line)
        m = _ROW.match(draw)
        if m and (not epochs or epochs[-1] != m.group(1)):
            epochs.append(m.group(1))
        bars += bool(_BAR.match(draw))
    if len(epochs) < 2 or not bars:
        return data
    tables = _stdout_tables(path)
    if tables is None or len(tables[1]) != len(epochs):
        return data
    header, rows, done = tables
    out, k, current, given = [], -1, None, -1
    for i, line in enumerate(lines):
        draw = _last_draw(line)
        m = _ROW.match(draw)
        if m and m.group(1) != current:
            current, k = m.group(1), k + 1
            out.append(b"      " + header)
        out.append(line)
        nxt = _last_draw(lines[i + 1]) if i + 1 < len(lines) else b""
        if _BAR.match(draw) and not _BAR.match(nxt) and given < k < len(rows) and rows[k]:
            out.append(b"                   " + rows[k])  # once an epoch: its validation bar's last line
            given = k
    if done:
        out.append(done)
        out.append(b"")
    return b"\n".join(out)
