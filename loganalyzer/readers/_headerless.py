"""Printed logs of bare numbers, with nothing naming them: said, never read (for discovery).

Shapes (twenty-fourth labeller's item 8; both gave 0 rows and no word why):
- rows of numbers and no header: David-Dingle/UniDL4BioPep_ASL_PyTorch ``train_log.txt`` / ``validation_log.txt``,
  one ``epoch loss acc`` line an epoch (``print(epoch, loss, acc, file=f)``);
- a counter line, then a bare number on the next line: Copernicus-project/ETCI-2021 ``train_log.txt``,
  ``epoch: N`` then the epoch's value (``print(f"epoch: {epoch}"); print(loss)``).
Which column is the loss (or the accuracy) is a guess in both: the file is not read, with one line naming it that
says why and what would make it readable.

One exception (``named``): three columns in a file named by its split (``train_log.txt``, ``validation_log.txt``),
the first counting the epochs 0, 1, 2... (or 1, 2, 3...). The training split's file tells the other two apart: a
training that learns lowers its loss and raises its accuracy, a share in [0, 1]. When exactly one column falls and
the other rises inside [0, 1] in the training file (``train_log.txt`` itself, or the one beside a validation file),
they are ``loss`` and ``accuracy`` (biopep's code writes ``epoch loss acc``), in every file of that training, with a
line saying the names were read from the values. Otherwise the file stays unread, the line saying the names are
unknowable -- unless, in the training split's file, the values themselves show a loss (``_unnamed_cols``: a last
column summing the others, DeepDA's ``np.savetxt('train_log.csv', ...)`` of ``clf, transfer, total``; or two
falling columns that cross after an epoch counter).
"""
from __future__ import annotations

import re

_ROW = re.compile(r"^[-+]?\d[\d.eE+-]*(?:(?:\s+|\s*[,;]\s*)[-+]?(?:\d[\d.eE+-]*|nan|inf))+$", re.IGNORECASE)
_NUMBER = re.compile(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf)$", re.IGNORECASE)
_COUNTER = re.compile(r"^(epoch|step|iter(?:ation)?|batch)\s*[:=#]?\s*\d+$", re.IGNORECASE)
_MIN_LINES = 3
_FIX = "write a header line (epoch,loss,acc) or name each value (epoch=1 loss=0.52)"
_SEP = re.compile(r"\s*[,;]\s*|\s+")


def _lines(head: bytes) -> list[str]:
    lines = head.decode("utf-8", "replace").splitlines()
    if len(lines) > 1 and not head.endswith((b"\n", b"\r")):
        lines = lines[:-1]  # the head's last line may be cut
    return [line.strip() for line in lines if line.strip()][:200]


def why_not(head: bytes) -> str | None:
    """Why a file whose first bytes are ``head`` is not read when it is one of the module's shapes, else None."""
    lines = _lines(head)
    if len(lines) < _MIN_LINES:
        return None
    if all(_ROW.match(line) for line in lines):
        widths = {len(re.split(r"\s*[,;]\s*|\s+", line)) for line in lines}
        if len(widths) == 1:
            width = widths.pop()
            return (f"lines of {width} numbers and no header naming them (e.g. {lines[0][:60]!r}): which column is "
                    f"the loss is not certain, so nothing is read; {_FIX}")
    pairs = list(zip(lines[::2], lines[1::2]))
    if len(pairs) >= 2 and all(_COUNTER.match(a) and _NUMBER.match(b) for a, b in pairs):
        counter = _COUNTER.match(pairs[0][0]).group(1)
        return (f"'{pairs[0][0][:30]}' lines each followed by a bare number with no name (e.g. {pairs[0][1][:30]!r}): "
                f"what the number is (a loss? an accuracy?) is not certain, so nothing is read; {_FIX} "
                f"on the {counter} line")
    return None


def _first_line(data: bytes) -> str:
    head = bytes(data[:512]).decode("utf-8", "replace").lstrip("\ufeff").lstrip()
    return head.split("\n", 1)[0].strip()


def _table(data: bytes) -> list[list[float]] | None:
    """The file's rows as numbers when every line is a row of one width (three numbers), else None."""
    lines = [line.strip() for line in bytes(data).decode("utf-8", "replace").lstrip("\ufeff").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < _MIN_LINES or not all(_ROW.match(line) for line in lines):
        return None
    rows = [_SEP.split(line) for line in lines]
    if {len(r) for r in rows} != {3}:
        return None
    try:
        return [[float(x) for x in r] for r in rows]
    except ValueError:
        return None


def _counts_epochs(column: list[float]) -> bool:
    return column[0] in (0.0, 1.0) and all(b - a == 1 for a, b in zip(column, column[1:]))


def _names_from_training(rows: list[list[float]]) -> list[str] | None:
    """``[loss, accuracy]`` in the order of the two value columns of a training's rows, or None (see the module
    docstring): one falls (the mean of its last quarter below that of its first), the other rises inside [0, 1]."""
    q = max(1, len(rows) // 4)
    trends = []
    for j in (1, 2):
        col = [r[j] for r in rows]
        first, last = sum(col[:q]) / q, sum(col[-q:]) / q
        share = all(0.0 <= v <= 1.0 for v in col)
        trends.append("falls" if last < first else "rises" if share and last > first else None)
    if trends == ["falls", "rises"]:
        return ["loss", "accuracy"]
    if trends == ["rises", "falls"]:
        return ["accuracy", "loss"]
    return None


def _training_beside(path: str) -> str | None:
    """The training split's file beside ``path`` (a validation or test split's file named by its split)."""
    import os

    folder, name = os.path.split(path)
    for word in ("validation", "valid", "val", "eval", "dev", "test"):
        m = re.search(r"(?i)(?<![a-z])" + word + r"(?![a-z])", name)
        if m is None:
            continue
        for train in ("train", "training"):
            candidate = os.path.join(folder, name[:m.start()] + train + name[m.end():])
            if os.path.isfile(candidate):
                return candidate
    return None


def _by_values(data: bytes) -> tuple[bytes, str] | None:
    """The training file's rows named from what their values show (``_unnamed_cols``), else None."""
    from . import _unnamed_cols

    lines = [line.strip() for line in bytes(data).decode("utf-8", "replace").lstrip("\ufeff").splitlines()]
    cells = [_SEP.split(line) for line in lines if line]
    found = _unnamed_cols.name(cells)
    if found is None:
        return None
    return _unnamed_cols.table(cells, *found)


def named(data: bytes, path: str) -> tuple[bytes | None, str] | None:
    """For rows of three bare numbers in a file named by its split: (the CSV with a header line, the line saying
    how it was named) or (None, why the names are unknowable); None for any other file (see the module docstring)."""
    from ..discover_splitpair import split_of_name

    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    split = split_of_name(name)
    if split not in ("train", "val", "test") or not _ROW.match(_first_line(data)):
        return None  # the common file: its name or first line says no, nothing else read
    rows = _table(data)
    if rows is None:
        return None
    example = " ".join(f"{v:g}" for v in rows[0])
    by_values = _by_values(data) if split == "train" else None
    if by_values is not None:  # a total beside its terms (``_unnamed_cols``)
        return by_values
    if not _counts_epochs([r[0] for r in rows]):
        return None, (f"lines of 3 numbers and no header naming them (e.g. {example!r}), the first no epoch count: "
                      f"what each column is cannot be known, so nothing is read; {_FIX}")
    training, where = rows, "its own values"
    if split != "train":
        beside = _training_beside(path)
        training, where = None, "no training split's file beside it"
        if beside is not None:
            with open(beside, "rb") as fh:
                training = _table(fh.read())
            where = f"the training file {beside.replace(chr(92), '/').rsplit('/', 1)[-1]!r}"
    names = None if training is None or not _counts_epochs([r[0] for r in training]) else \
        _names_from_training(training)
    if names is None:
        return None, (f"lines of 3 numbers and no header naming them (e.g. {example!r}): which column is the loss "
                      f"cannot be known from {where} (no column falling beside one rising in [0, 1]), so nothing "
                      f"is read; {_FIX}")
    header = ",".join(["epoch", *names])
    body = "\n".join(",".join(f"{v!r}" if j else f"{int(v)}" for j, v in enumerate(r)) for r in rows)
    note = (f"lines of 3 numbers and no header: read as {header} -- the first counts the epochs; in {where} the "
            f"column {names.index('loss') + 2} falls and column {names.index('accuracy') + 2} rises within [0, 1], "
            "as a training's loss and accuracy do (names read from the values, not written in the file)")
    return (header + "\n" + body + "\n").encode(), note
