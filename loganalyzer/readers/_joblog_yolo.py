"""YOLOv5/YOLOv8 ``train.py`` stdout (``joblog``): a header of names each epoch, the epoch's tqdm row under it, then
the validation bar and its ``all`` row.

YOLOv5 (train.py) prints each epoch ``('\\n' + '%11s' * 7) % ('Epoch', 'GPU_mem', 'box_loss', 'obj_loss',
'cls_loss', 'Instances', 'Size')`` (v6.0 and before: ``'Epoch', 'gpu_mem', 'box', 'obj', 'cls', 'labels',
'img_size'``), then sets the tqdm bar's description to ``('%11s' * 2 + '%11.4g' * 5) % (f'{epoch}/{epochs - 1}',
mem, *mloss, targets.shape[0], imgs.shape[-1])`` (the running mean losses of the epoch; redrawn with ``\\r`` at
every batch: the line's last redraw is the epoch's value). val.py's bar is described ``Class Images Instances P R
mAP50 mAP50-95`` and its result printed under it as ``all <images> <instances> <P> <R> <mAP50> <mAP50-95>``.
Ultralytics YOLOv8 prints the same with its own loss names (``box_loss cls_loss dfl_loss``), 1-based epochs
(``1/100``) and grouped metrics (``Box(P R mAP50 mAP50-95)``, ``Mask(P ...)``). At the end: ``246 epochs completed
in 27.213 hours.``. No row holds the word ``loss``, so the reader's loss scan never met one: such a log gave no
point ("no line holds a loss").

Read here: each epoch's last row, tags as the run's ``results.csv`` names them (``train/box_loss``...,
``metrics/precision``, ``metrics/mAP_0.5:0.95`` for YOLOv5; ``metrics/mAP50-95(B)`` for YOLOv8), step = the printed
epoch; the ``all`` row right under the epoch (after its ``Class`` bar) as its validation; the final validation of
``best.pt`` after the training is no epoch's (left out, as ``load_final_eval`` leaves out results.csv's); the
completion line is the run's summary (its ending: completed). val.py's bar cut by a warning printed at its end
(``mAP50-95:   0%|  | 0/1 [00:00<?, ?it/s]WARNING  NMS time limit 1.500s exceeded``) is drawn again on the next
line before the ``all`` row (public zmdpenguin125 ``训练记录.txt``: 18 of 50 validations were lost).
"""
from __future__ import annotations

import re

from ._progress import Record

# one regex pass over the log; a Markdown fence may open the first header's line (``` Epoch GPU_mem ...)
_START = re.compile(rb"(?m)^[ \t]*(?:```[ \t]*)?Epoch[ \t]+(?:gpu_mem|GPU_mem)[ \t]")
_END = re.compile(rb"(?m)^\d+ epochs completed in [\d.]+ hours\.")
_EPOCH = re.compile(r"(\d+)/(\d+)")
_MEM = re.compile(r"[\d.]+[GM]")
_SIZE = re.compile(r"\d+:?")
_COUNTS = ("labels", "instances")
_SIZES = ("img_size", "size")
# a tqdm description's end when the bar is printed without its glyphs: ': 100% 1/1 [' (public
# camilacorreamelo/especializa-o_cesar README.md, a Colab cell's YOLOv5 output pasted as text)
# or drawn by Ultralytics' own bar (8.3.x ``utils/tqdm.py``: ': 100% ━━━━━━━━ 1/1 2.9s/it 2.9s', no pipes)
_BARE_BAR = re.compile(r":\s+\d{1,3}%\s+(?:[^\s\d]+\s+)?\d+/\d+(?:\s|$)")
# ANSI escape sequences (CSI: colours, '\x1b[K' erase-line) a log saved from a terminal keeps
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_MAX_TABLES = 100_000
_MAX_LINES = 64  # lines looked at under one header (the row, the validation bar, its rows)
# val.py's metric names -> results.csv's (YOLOv5: metrics/mAP_0.5; YOLOv8: metrics/mAP50(B))
_V5_METRIC = {"p": "precision", "r": "recall", "map@.5": "mAP_0.5", "map50": "mAP_0.5",
              "map@.5:.95": "mAP_0.5:0.95", "map50-95": "mAP_0.5:0.95"}
_V8_METRIC = {"p": "precision", "r": "recall", "map50": "mAP50", "map50-95": "mAP50-95"}


def _lines(data, start: int, end: int):
    """(line start, text after the line's last ``\\r``) of each line of ``data[start:end]``."""
    pos, n = start, 0
    while pos < end and n < _MAX_LINES:
        stop = data.find(b"\n", pos, end)
        stop = end if stop < 0 else stop
        cut = stop
        while cut > pos and data[cut - 1] == 13:  # '\r\n', or a bar's last redraw closed by '\r' then '\n'
            cut -= 1
        text_start = data.rfind(b"\r", pos, cut) + 1 or pos
        text = bytes(data[max(pos, text_start):cut]).decode("utf-8", "replace")
        if "\x1b" in text:  # a terminal's escape codes ('\r\x1b[K' before each redraw: erase the line, colours)
            text = _ANSI.sub("", text)
        yield pos, text.strip(), stop < end
        pos, n = stop + 1, n + 1


def _loss_names(header: list[str]) -> list[str] | None:
    """``train/<name>_loss`` of the header's loss columns, None when it is no YOLO table header."""
    low = [h.lower() for h in header]
    if len(low) < 5 or low[0] != "epoch" or low[1] != "gpu_mem" or low[-1] not in _SIZES or low[-2] not in _COUNTS:
        return None
    names = []
    for name in header[2:-2]:
        name = name if name.lower().endswith("loss") else name + "_loss"  # YOLOv5 <= 6.0: 'box', 'obj', 'cls'
        names.append("train/" + name)
    return names


def _row(text: str, losses: list[str]) -> tuple[int, int, tuple] | None:
    """(epoch, planned last epoch, values) of an epoch row's text."""
    cells = text.split()
    k = len(losses)
    if len(cells) < k + 4 or not _EPOCH.fullmatch(cells[0]) or not _MEM.fullmatch(cells[1]) \
            or not cells[k + 2].isdigit() or not _SIZE.fullmatch(cells[k + 3]):
        return None
    values = []
    for name, cell in zip(losses, cells[2:k + 2]):
        try:
            values.append((name, float(cell)))
        except ValueError:
            return None
    epoch, last = _EPOCH.fullmatch(cells[0]).groups()
    if len(epoch) > 18 or len(last) > 18:
        return None
    return int(epoch), int(last), tuple(values)


def _metric_names(text: str) -> list[str] | None:
    """results.csv's names of the metrics a validation bar's description lists (``Class Images Instances P R mAP50
    mAP50-95: 100%|...``), None for another line."""
    if "%|" in text:
        desc = text.split("%|")[0].rsplit(":", 1)[0]
    else:  # the bar's glyphs lost (Colab/Jupyter text copies: 'mAP50-95: 100% 1/1 [00:02<00:00, 2.45s/it]')
        m = _BARE_BAR.search(text)
        desc = text[:m.start()] if m else text
    cells = desc.split()
    if len(cells) < 4 or cells[0] != "Class" or cells[1] != "Images" or cells[2].lower() not in _COUNTS:
        return None
    names, group = [], ""
    for cell in cells[3:]:
        m = re.fullmatch(r"(\w+)\((\w+)", cell)  # 'Box(P' opens YOLOv8's group
        if m:
            group, cell = "(" + m.group(1)[0].upper() + ")", m.group(2)
        cell = cell.rstrip(")").rstrip(":")
        table = _V8_METRIC if group else _V5_METRIC
        base = table.get(cell.lower())
        if base is None:
            return None
        names.append("metrics/" + base + group)  # a group holds for the columns after it, up to the next one
    return names


def _all_row(text: str, names: list[str]) -> tuple | None:
    cells = text.split()
    if len(cells) != len(names) + 3 or cells[0] != "all" or not cells[1].isdigit() or not cells[2].isdigit():
        return None
    try:
        return tuple((n, float(c)) for n, c in zip(names, cells[3:]))
    except ValueError:
        return None


def yolo_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every epoch row, its validation ``all`` row and the completion line of YOLO's printed
    training table in ``data``."""
    out: list[tuple[int, Record]] = []
    starts = []
    for tables, m in enumerate(_START.finditer(data)):
        if tables == _MAX_TABLES:
            break
        starts.append(m.start())
    if not starts:
        return out
    for i, start in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else size
        lines = _lines(data, start, stop)
        first = next(lines, None)
        losses = _loss_names(first[1].removeprefix("```").split()) if first else None
        if losses is None:
            continue
        row = row_at = metrics = val = None
        for at, text, whole in lines:
            if not text:
                continue
            if metrics is not None:
                values = _all_row(text, metrics)
                if values is None and (again := _metric_names(text)) is not None:
                    metrics = again  # the bar drawn again below a line it was cut by (a 'WARNING  NMS time limit')
                    continue
                if values is not None and whole:
                    val = (at, values)
                break
            parsed = _row(text, losses)
            if parsed is not None and whole and (row is None or parsed[0] == row[0]):
                row, row_at = parsed, (row_at if row_at is not None else at)  # the epoch's last redraw
                continue
            if row is None:
                break
            metrics = _metric_names(text)
            if metrics is None:
                break
        if row is not None:
            out.append((row_at, Record("yolo", row[2], step=row[0], epoch=float(row[0]), total=row[1])))
            if val is not None:
                out.append((val[0], Record("yolo", val[1], step=row[0], epoch=float(row[0]), kind="eval")))
        if i + 1 == len(starts) and out:
            end = _END.search(data, start)
            if end is not None:
                out.append((end.start(), Record("yolo", (), kind="summary")))
    return out
