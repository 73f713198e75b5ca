"""A CSV history printed into a job log (``joblog``): a header of names holding a loss, then one row per epoch.

A script that trains with Keras and ends with ``print(pd.DataFrame(history.history).to_csv())`` (or ``cat``s the
``CSVLogger`` file into its log) leaves a block like this after the model summary (public AHLT DDI/NER logs)::

    ,loss,acc,val_loss,val_acc
    0,0.5262356400489807,0.8551969528198242,0.3997844457626343,0.8638064861297607
    1,0.35889002680778503,...

``print(pd.DataFrame(history))`` (pandas' ``to_string``: names over columns, each row led by the frame's index) is
read the same way, its cells split on whitespace and the index left out; so is a table drawn with pipes and rules
(prettytable/tabulate's ``| epoch | train_loss | .. |`` between ``+-----+`` lines, a Markdown table). The rows hold
no ``loss``, and the reader's loss scan parses the lines where it meets one: the header alone gave no point, so the
log read as "no training progress" (only such a log is looked at). Here a header is a line of >= 2 names (between
commas, whitespace, pipes, tabs, semicolons or `` - ``: ``Epoch - Loss - Training Accuracy``; up to 3 lone numbers
or messages between its rows skipped, and before the first for `` - ``), one of them
naming a loss, each name a word (``val_loss``, ``train acc``, ``lr``) or, first, empty (pandas' index) or ``epoch``;
its rows follow at once, as many cells each, every cell a number (``nan``/``inf`` too). At least ``MIN_ROWS`` rows,
or the block is not taken (a stray line with commas). The step is the first column when it is pandas' unnamed index,
``epoch``, ``step`` or ``iteration`` and counts up (Keras' ``epoch`` is 0-based, as ``keras_csv`` reads it), else the
row's number from 0; the names are kept as written (``keras_csv`` keeps them too).

A small table per epoch whose rows are the splits (``| split | loss | acc |`` then ``| train | 0.67 | 0.62 |`` and
``| val | 0.70 | 0.56 |``, under an ``=== Epoch 3 ===`` line; a newcomer breaker's log) is read too: each row's
values named after its split (``train_loss``, ``val_acc``), at the epoch the nearest line above the table names (the
table's ordinal when none does); at least ``MIN_TABLES`` such tables, or none is taken.

A header commented out with ``#`` (numpy's ``savetxt(header=..)`` and hand-written logs: public kerasgalaxies139
``trainingNmbrs_*.txt``, a Galaxy-Zoo Keras trainer writing ``#round  ,time, mean_train_loss , mean_valid_loss`` then
`` 1 , 50.31 , 5.4315 , 0.0, 0.0`` per chunk and ``#  setting learning rate to 0.01`` between them) is read too: its
``#`` comment lines are skipped wherever they fall, and a row's cells past the header's names (that trainer printed
one more number than it named) are left out. ``round`` (a chunk or federated round counter) is an axis as ``epoch``.
A header naming a training/validation error instead of a loss (``#Epoch<TAB>Training Error`` over ``0<TAB>1.0994``,
the tab-separated table an aipw5 course trainer prints into its ``training.out``; Torch7's ``optim.Logger`` names
its columns ``training error`` too) is a history as well: the error is what the script minimises.
"""
from __future__ import annotations

import re

from ._progress import Record

MIN_ROWS = 3
# 'loss' inside a header: before a comma or a space, or the header's last name
_NEEDLES = (b"oss,", b"oss ", b"oss\n", b"oss\r\n", b"oss\t", b"oss;",
            b"rror,", b"rror\n", b"rror\r\n", b"rror\t", b"rror;")  # or an error ('#Epoch<TAB>Training Error')
_RULE = re.compile(r"[+|][-+|:= ]*[-=][-+|:= ]*")
_WORD = re.compile(r"[A-Za-z_][\w./-]{0,63}")
_NAME = re.compile(r"[A-Za-z_][\w./ -]{0,63}")
# a table's first column that counts its rows (pandas' unnamed index, an epoch or step column): its axis; with
# another separator than a comma, a header must open with one (a history's rows counted, not a table of classes,
# trials or folds)
_AXES = ("", "unnamed: 0", "epoch", "epochs", "step", "steps", "iteration", "iter", "global_step", "round")
_MAX_HEADERS = 200
# 'Epoch - Loss - Training Accuracy - Validation Accuracy' over '0 - 0.4354 - 76.99 - 76.78' (public asvspoof113
# train_result.txt, each row under a lone running accuracy '         76.97' printed by the epoch's loop)
_DASHED = " - "
# a header's separators other than a bordered table's pipes, in the order looked for: 'Epoch\tTrain Loss\tVal Loss',
# 'epoch,loss', 'epoch;train_loss;val_loss' (a European locale's CSV), 'Epoch | Train Loss | Val Loss' (no border)
_BARE_PIPE = " | "
_SEPARATORS = ("\t", ",", ";", _BARE_PIPE, _DASHED)
_GAP = 3  # at most this many lone numbers or messages (no separator) in a row between two rows
_LONE_NUMBER = re.compile(r"[-+]?\d+(?:\.\d*)?")
MIN_TABLES = 2
_SPLIT_HEADS = ("split", "phase", "set", "subset", "mode", "stage")
_SPLIT_ROWS = {"train": "train", "training": "train", "val": "val", "valid": "val", "validation": "val",
               "eval": "eval", "dev": "dev", "test": "test", "testing": "test"}
# a rule under the header of a table drawn without a border ('epoch | tr_loss | .. | time' over '-----..-----': public
# lgnlut136 train.log, a LUT-net trainer's own print), any separator: no row
_BARE_RULE = re.compile(r"[-=+|: ]*[-=]{3}[-=+|: ]*")
# a cell with its unit printed after it: the duration's seconds ('61s', '0.8 sec') or a percentage ('47.36%'): the number
_UNIT_CELL = re.compile(r"\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?) ?(?:s|sec|secs|%)\s*")
# a duration printed in parts ('1m 0s', '1h 2m', '12m 44.5s', '350ms') or on a clock ('0:01:01', '12:44'): a
# time column of a bare-piped table (a breaker's pipe_units_min: '1m 0s' in the row refused the whole table)
_PARTS = re.compile(r"\s*(?=\d)(?:(\d+) ?h)? ?(?:(\d+) ?m(?!s))? ?(?:(\d+(?:\.\d*)?) ?s)? ?(?:(\d+(?:\.\d*)?) ?ms)?\s*")
_CLOCK = re.compile(r"\s*(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d*)?)\s*")
_EPOCH_ABOVE = re.compile(rb"(?i)\bepoch\W{0,3}(\d+)")
_LOOK_UP = 3
# a header of names holding single spaces between gaps of 2+ spaces (f-string columns, ``f"{'Train Loss':<12}"``,
# public enzymegcn141 ``training_output.log``: ``Epoch    Train Loss   Train Acc    Test Loss    Test Acc     Time``
# over rows ``1        2.4288       0.2771       1.7552       0.2771       0.55    s``): the names split on the gaps,
# the rows on whitespace (a lone unit after a number is that number's)
_PADDED = "  "
_WORD_GAP = re.compile(r"\w \w")
_PADDED_SPLIT = re.compile(r"\s{2,}")
_UNITS = frozenset({"s", "sec", "secs", "ms", "%"})
_SUMMARY_LINES = 3


def _line_at(data, pos: int, size: int) -> tuple[int, int]:
    """(start, end) of the line holding byte ``pos``; ``end`` is its newline's offset (``size`` on the last line)."""
    start = data.rfind(b"\n", 0, pos) + 1
    end = data.find(b"\n", pos)
    return start, size if end < 0 else end


def _header(text: str) -> tuple[list[str], str | None] | None:
    """(names, separator) of a history's header line (``None``: whitespace, pandas' ``to_string``; ``_PADDED``:
    names of several words between gaps of 2+ spaces), or None."""
    piped = len(text) > 2 and text[0] == "|" and text[-1] == "|"  # '| epoch | train_loss | .. |' (prettytable)
    sep = "|" if piped else next((c for c in _SEPARATORS if c in text), None)
    if sep is None and _WORD_GAP.search(text) and len(padded := _PADDED_SPLIT.split(text)) >= 2:
        sep = _PADDED  # 'Epoch    Train Loss   Train Acc    Test Loss ..': f-string columns padded to a width
    names = padded if sep == _PADDED else [n.strip() for n in (text[1:-1] if piped else text).split(_split_on(sep))]
    if sep not in (None, ",", "|") and names[0].lower() not in _AXES:  # ('class;loss;precision' per class, 'trial |
        sep, names = None, text.split()  # lr | train_loss' per trial: no history) as whitespace ('\tloss\tval_loss')
    if len(names) < 2 or not any("loss" in n.lower() or n.lower().endswith(" error") for n in names):
        return None
    for i, name in enumerate(names):
        if not ((_NAME if sep else _WORD).fullmatch(name) or (i == 0 and name == "" and sep)):
            return None
    return names, sep


def _split_on(sep: str | None) -> str | None:
    """What ``str.split`` splits a line on for ``sep`` (None: whitespace)."""
    return sep.strip() if sep == _BARE_PIPE else sep


def _numbers(text: str, width: int, sep: str | None, split: bool = False, wider: bool = False) -> list | None:
    """The row's numbers (``split``: its first cell a split's name, returned as the standard one; ``wider``: cells
    past the header's names, numbers too, left out), or None."""
    if sep == "|":
        if len(text) < 3 or text[0] != "|" or text[-1] != "|":
            return None
        text = text[1:-1]
    cells = _padded_cells(text) if sep == _PADDED else text.split(_split_on(sep))
    if split:
        head = _SPLIT_ROWS.get(cells[0].strip().lower()) if cells else None
        if head is None:
            return None
        rest = _numbers(",".join(cells[1:]) if sep else " ".join(cells[1:]), width - 1, "," if sep else None)
        return None if head is None or rest is None else [head] + rest
    if sep is None and len(cells) == width + 1 and cells[0].isdigit():
        cells = cells[1:]  # pandas' index, printed without a name
    if wider and len(cells) > width and all(_LONE_NUMBER.fullmatch(c.strip()) for c in cells[width:]):
        cells = cells[:width]
    if len(cells) != width:
        return None
    try:
        return [float(c) for c in cells]
    except ValueError:
        pass
    units = [_unit_value(c) for c in cells]
    try:
        return [float(c) if u is None else u for c, u in zip(cells, units)] if any(u is not None for u in units) \
            else None
    except ValueError:
        return None


def _padded_cells(text: str) -> list[str]:
    """A padded table row's cells: split on whitespace, a unit standing alone after a number (``0.55    s``: the
    time column's ``f"{t:<8.2f}s"``) joined to it."""
    cells: list[str] = []
    for cell in text.split():
        if cells and cell.lower() in _UNITS and _LONE_NUMBER.fullmatch(cells[-1]):
            cells[-1] += cell
        else:
            cells.append(cell)
    return cells


def _unit_value(cell: str) -> float | None:
    """The number of a cell printed with its unit (``_UNIT_CELL``: ``61s``, ``47.36%``) or of a duration in parts
    or on a clock (``_PARTS``, ``_CLOCK``), in seconds; None for any other cell."""
    if (u := _UNIT_CELL.fullmatch(cell)) is not None:
        return float(u.group(1))
    if (c := _CLOCK.fullmatch(cell)) is not None:
        return float(c.group(1) or 0) * 3600 + float(c.group(2)) * 60 + float(c.group(3))
    p = _PARTS.fullmatch(cell)
    if p is None or not any(p.groups()):
        return None
    h, m, sec, ms = (float(g or 0) for g in p.groups())
    return h * 3600 + m * 60 + sec + ms / 1000


def _records(names: list[str], rows: list[tuple[int, list[float]]]) -> list[tuple[int, Record]]:
    axis = names[0].lower() in _AXES and all(
        v[0] == int(v[0]) and v[0] >= 0 for _, v in rows) and all(
        b[1][0] > a[1][0] for a, b in zip(rows, rows[1:]))
    first = 1 if axis else 0
    epochs = axis and names[0].lower() in ("", "epoch", "unnamed: 0")
    out = []
    for i, (at, values) in enumerate(rows):
        step = int(values[0]) if axis else i
        kept = tuple((n, v) for n, v in zip(names[first:], values[first:]))
        out.append((at, Record("csvblock", kept, step=step, epoch=float(step) if epochs else None, own_step=True)))
    return out


def _epoch_above(data, start: int, ordinal: int) -> int:
    """The epoch the nearest non-blank line above a table names (within ``_LOOK_UP`` lines), else ``ordinal``."""
    end = start - 1
    for _ in range(_LOOK_UP):
        if end <= 0:
            break
        begin = data.rfind(b"\n", 0, end) + 1
        line = bytes(data[begin:end]).strip()
        if line:
            m = _EPOCH_ABOVE.search(line)
            return int(m.group(1)) if m else ordinal
        end = begin - 1
    return ordinal


def _split_records(data, tables: list) -> list[tuple[int, Record]]:
    """(offset, record) of every row of the split-row tables (module docstring): ``tables`` holds (header start,
    names, rows of (offset, [split, numbers..]))."""
    if len(tables) < MIN_TABLES:
        return []
    out = []
    for ordinal, (start, names, rows) in enumerate(tables):
        step = _epoch_above(data, start, ordinal)
        for at, (split, *values) in rows:
            kept = tuple((f"{split}_{n}", v) for n, v in zip(names[1:], values))
            out.append((at, Record("csvblock", kept, step=step, epoch=float(step), own_step=True,
                                   kind="train" if split == "train" else "eval")))
    return out


def csv_blocks_wanted(records: list) -> bool:
    """Whether a log is looked at for such blocks: where no progress line was read (``records``), or only a closing
    summary's few lines with no step (``Test Loss: 1.2912`` under ``FINAL EVALUATION`` after the table)."""
    return not records or (len(records) <= _SUMMARY_LINES and all(r.step is None and r.epoch is None for r in records))


def csv_block_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every row of every CSV history block in ``data`` (module docstring)."""
    starts = set()
    for needle in _NEEDLES:
        pos = data.find(needle)
        while pos >= 0 and len(starts) < _MAX_HEADERS:
            starts.add(_line_at(data, pos, size))
            pos = data.find(needle, pos + len(needle))
    out: list[tuple[int, Record]] = []
    tables: list = []  # the split-row tables, read together at the end
    done = -1
    for start, end in sorted(starts):
        if start < done:
            continue
        head = bytes(data[start:end]).decode("utf-8", "replace").strip()
        commented = head.startswith("#")  # '#round  ,time, mean_train_loss , mean_valid_loss' (below)
        found = _header(head.lstrip("#").strip())
        if found is None:
            continue
        names, sep = found
        split = names[0].lower() in _SPLIT_HEADS
        rows, at, between = [], end + 1, 0
        parts: list[list] = []  # the rows before each restart of the counter (a second training's table)
        while at < size:
            line_end = data.find(b"\n", at)
            line_end = size if line_end < 0 else line_end
            text = bytes(data[at:line_end]).decode("ascii", "replace").strip()
            if (sep == "|" and _RULE.fullmatch(text)) or (not rows and _BARE_RULE.fullmatch(text)) or (
                    commented and text.startswith("#")):
                at = line_end + 1
                continue  # '+-------+-----+' / '|---|---|' / a bare rule under the header: the table's rules
            values = _numbers(text, len(names), sep, split, wider=commented)
            if values is None and sep in _SEPARATORS and between < _GAP and (rows or sep == _DASHED) and (
                    _LONE_NUMBER.fullmatch(text) or (text and _split_on(sep) not in text)):
                between += 1
                at = line_end + 1
                continue  # a lone running value or a message ('best model find at epoch 13', 'EarlyStopping counter:
                # 3 out of 10') between the rows
            if values is None:
                break
            between = 0
            if rows and not split and names[0] and names[0].lower() in _AXES and values[0] < rows[-1][1][0]:
                parts.append(rows)  # the counter went back: a second training's rows (the job log's restart rules
                rows = []  # judge them); an epoch repeated row after row ('epoch,batch,loss') is no restart
            rows.append((at, values))
            at = line_end + 1
        if split and rows:
            tables.append((start, names, rows))
            done = at
        elif len(rows) >= MIN_ROWS or any(len(p) >= MIN_ROWS for p in parts):
            for part in parts + [rows]:
                out += _records(names, part) if len(part) >= MIN_ROWS else []
            done = at
    return out + _split_records(data, tables)
