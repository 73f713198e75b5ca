"""YOLOv5's (and YOLOv3/YOLOv7's) ``results.txt``: one line per epoch, no header.

Written by ``train.py`` of ultralytics/yolov5 before v6 (2020-2021, also WongKinYiu/yolov7 and ultralytics/yolov3's
archive branch) at each epoch's end::

    s = ('%10s' * 2 + '%10.4g' * 6) % ('%g/%g' % (epoch, epochs - 1), mem, *mloss, targets.shape[0], imgs.shape[-1])
    f.write(s + '%10.4g' * 7 % results + '\\n')  # P, R, mAP@.5, mAP@.5-.95, val_loss(box, obj, cls)

so 15 columns: ``epoch/last`` (0-based), the GPU memory (``4.17G``), the training loss terms box, obj, cls and their
total, the number of targets in the last batch, the image size, then precision, recall, mAP@0.5, mAP@0.5:0.95 and
the validation loss terms box, obj, cls. YOLOv5's ``utils/plots.plot_results`` reads the very columns taken here
(``usecols=[2, 3, 4, 8, 9, 12, 13, 14, 10, 11]``). The series are named as the same ``train.py`` names them for its
SummaryWriter (``train/box_loss`` ... ``metrics/mAP_0.5:0.95``, ``val/cls_loss``), so a results.txt alone reads as
its event file would; the total (the sum of the terms), the target count, the image size and the memory are no
series. (YOLOv3 and the first YOLOv5 releases wrote ``GIoU`` for ``box`` and F1 in the 11th column: named as v5's.)

Read as the later ``results.csv`` is (``ultralytics_csv``: a training appended again from epoch 0 is a new run,
``#2``; ``resume`` goes on: the same run). A line of another shape (a job killed mid-write) is skipped, said with
its line number. Beside its run's event file (``runs/train/exp/``) the file is a copy of what the event file holds:
discovery leaves it to the event file's run (``discover_group``).
"""
from __future__ import annotations

import dataclasses
import re

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, ultralytics_csv

FORMAT = "yolov5_txt"
NAMES = ("results.txt",)
_NUM = rb"[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)"
_ROW = re.compile(rb"^\s*(\d+)/(\d+)\s+\S+" + rb"(?:\s+" + _NUM + rb"){13}\s*$", re.IGNORECASE)
_COLUMNS = ("train/box_loss", "train/obj_loss", "train/cls_loss", "metrics/precision", "metrics/recall",
            "metrics/mAP_0.5", "metrics/mAP_0.5:0.95", "val/box_loss", "val/obj_loss", "val/cls_loss")
_USE = (2, 3, 4, 8, 9, 10, 11, 12, 13, 14)  # of the 15 columns (plot_results' usecols, in the names' order)
_MIN_ROWS = 1


def sniff(name: str, head: bytes) -> bool:
    """A file named ``results*.txt`` whose first lines are such rows (the last may be cut: a job killed mid-write)."""
    lower = name.lower()
    if not (lower.startswith("results") and lower.endswith(".txt")):
        return False
    lines = bytes(head).splitlines()
    if len(lines) > 1 and not bytes(head).endswith((b"\n", b"\r")):
        lines = lines[:-1]  # the head's last line may be cut
    lines = [line for line in lines if line.strip()]
    return len(lines) >= _MIN_ROWS and all(_ROW.match(line) for line in lines[:max(1, len(lines) - 1)])


def _as_csv(data, path: str) -> tuple[bytes, list[Problem]]:
    """The rows as a YOLOv5 ``results.csv`` (header, then epoch and the named columns), and the lines skipped."""
    out, problems = [b"epoch," + ",".join(_COLUMNS).encode()], []
    for number, line in enumerate(bytes(data).splitlines(), 1):
        if not line.strip():
            continue
        m = _ROW.match(line)
        if m is None:
            problems.append(Problem(path, f"not a YOLOv5 results.txt row (15 columns, 'epoch/last' first): "
                                          f"{line.strip()[:60].decode('utf-8', 'replace')!r}; skipped", line=number))
            continue
        cells = line.split()
        out.append(b",".join([m.group(1)] + [cells[i] for i in _USE]))
    if len(out) == 1:
        raise UnreadableFile(problems[0] if problems else Problem(path, "empty file"))
    return b"\n".join(out) + b"\n", problems


def _with(problems: list, result: ReadResult) -> ReadResult:
    return dataclasses.replace(result, problems=tuple(problems) + tuple(result.problems))


def count_segments(data, path: str) -> int:
    """How many trainings the file holds (appended from epoch 0 again: one run each)."""
    return ultralytics_csv.count_segments(_as_csv(data, path)[0], path)


def read(data, path: str, segment: int | None = None) -> ReadResult:
    """Points of one run (``segment``, 0-based) or, with None, of every distinct row; x-axis = the 0-based epoch."""
    text, problems = _as_csv(data, path)
    return _with(problems, ultralytics_csv.read(text, path, segment))


def read_columns(data, path: str, segment: int | None = None) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame)."""
    text, problems = _as_csv(data, path)
    columns, result = ultralytics_csv.read_columns(text, path, segment)
    return columns, _with(problems, result)
