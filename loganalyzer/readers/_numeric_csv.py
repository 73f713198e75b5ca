"""A CSV named like a training log whose lines are all numbers, no header (``plain_csv`` reads the table returned
here and adds the returned line to its problems): a script's ``csv.writer(f).writerow([epoch, *values])`` or
``f.write('%f,%f,...\\n' % (...))`` with no header row (public faultdiag ``transfer_train_log.csv``: ``epoch,
clf_loss, transfer_loss, total_loss, test_loss, test_acc`` as six ``%f`` numbers a line, its names only in the
script). Before, discovery said "its header names no step, epoch or loss column" and nothing was read.

The columns are named by position, with one warning saying so: the first is ``step`` when it counts up by one
stride (from any whole number; going back to its start, a training appended to the file, starts a new run) and the
others ``value_1``, ``value_2``... (``value_k``: the k-th column after it); with no such first column, the row
number is the step and the columns are ``value_1``, ``value_2``... . One value column in a file named as a training's
(``train_metrics.csv``, ``pretrain_metrics.csv``; no split or other measure named) is ``loss``, said as assumed. A file named like a loss
log is ``_loss_shapes``'s (its columns get loss names), three columns in a file named by its split
``_headerless``'s. Only files named like a log (``LOG_NAMED``), of ``MIN_ROWS`` rows or more, every line of one width
of 2 to ``MAX_COLUMNS`` numbers: a data set of numbers (``features.csv``) is no log. Where the values show which
column is a loss (``_unnamed_cols``: a total summing its terms), they are named so instead.
"""
from __future__ import annotations

import re

from ._lazy import lazy_re

MIN_ROWS = 3
MAX_COLUMNS = 12
LOG_NAMED = lazy_re(r"(?:^|[^a-z])logs?(?:[^a-z]|$)|(?:train|training|fit|epoch|step|eval|val)_?log|histor|metric")
_NUMBER = lazy_re(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf|-inf)$", re.IGNORECASE)


def _rows(data: bytes, whole: bool) -> list[list[str]] | None:
    """The lines' cells when every line is ``,``-separated numbers of one width (2 to ``MAX_COLUMNS``), else None.
    ``whole=False``: ``data`` is a head whose last line may be cut."""
    lines = bytes(data).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
    if not whole and len(lines) > 1 and not bytes(data).endswith((b"\n", b"\r")):
        lines = lines[:-1]
    lines = [line.strip() for line in lines if line.strip()]
    if len(lines) < MIN_ROWS:
        return None
    rows = [[c.strip() for c in line.split(",")] for line in lines]
    width = len(rows[0])
    if not 2 <= width <= MAX_COLUMNS or any(len(r) != width for r in rows):
        return None
    if not all(_NUMBER().match(c) for r in rows for c in r):
        return None
    return rows


def _claims(name: str, text: bool = False) -> bool:
    """A CSV named like a log (``text``: a ``.txt`` one too, read only when the values name its columns)."""
    low = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return low.endswith((".csv", ".txt") if text else ".csv") and "loss" not in low \
        and LOG_NAMED().search(low) is not None


def _named_txt(name: str, rows) -> bool:
    """A ``.txt`` log of comma-separated numbers whose values say what its columns are (``_unnamed_cols``)."""
    if rows is None or not name.lower().endswith(".txt") or not _claims(name, text=True):
        return False
    from . import _unnamed_cols

    return _unnamed_cols.name(rows) is not None


def sniff(name: str, head: bytes) -> bool:
    """A CSV named like a log whose first lines are all rows of numbers of one width (module docstring); a ``.txt``
    one when the values name its columns (``TrainLog_*.txt`` of a loss and its running mean)."""
    if _claims(name):
        return _rows(head, whole=False) is not None
    if not name.lower().endswith(".txt"):
        return False  # (``_named_txt``'s first check, before the head's cells are split: ~0.5 ms a CSV)
    return _named_txt(name, _rows(head, whole=False))


def counts_up(column: list[float]) -> bool:
    """Whole numbers going up by one stride (the first gap, > 0) from row to row, or back to (or below) where they
    started (a training appended to the file)."""
    if len(column) < 2 or any(v != int(v) for v in column) or column[1] <= column[0]:
        return False
    first, stride = column[0], column[1] - column[0]
    for a, b in zip(column, column[1:]):
        if b <= first:
            first = b
        elif b != a + stride:
            return False
    return True


_RESUMES = 2  # a job resumed once or twice re-logs the row it resumed at


def resumed_count(rows: list[list[str]]) -> bool:
    """The first column counts up by one stride >= 2 but for a row or two logged again at the count before them (a
    job resumed from its last evaluation: public dlee6018/luna-gpt ``val_log.csv``, ``f"{step},{val_loss:.4f}"``
    rows ``1000,3.2574`` ... ``4000,3.5229``, ``4000,3.3685``, ``5000,3.4756``), the other columns not counting:
    the step, the repeated rows a later session (``plain_csv``'s resume rules keep the later point)."""
    column = [float(r[0]) for r in rows]
    if len(column) < 4 or any(v != int(v) for v in column):
        return False
    gaps = [b - a for a, b in zip(column, column[1:])]
    ties = gaps.count(0)
    strides = {g for g in gaps if g}
    if not 1 <= ties <= _RESUMES or len(strides) != 1 or min(strides) < 2 or gaps[0] == 0:
        return False
    for j in range(1, len(rows[0])):  # a second counter beside it: which one is the step is no longer certain
        other = [float(r[j]) for r in rows]
        if all(v == int(v) for v in other) and all(b >= a for a, b in zip(other, other[1:])):
            return False
    return True


_STARTS_OVER = 3  # interleaved runs start over again and again (IGZO: 11 times); a resumed/appended file once or twice


def _interleaved(column: list[float]) -> str | None:
    """Why a first column of whole numbers that counts up, repeats a count on several rows and starts over is no
    axis to read by (public one-shot_with_IGZO ``evaluation_accuracy_log.csv``: ``2000,0.3137`` ... ``12000,..``,
    then six rows at 2000, six at 4000 ..., again and again: several runs or evaluations interleaved at each
    iteration); None for any other column (an epoch repeated by its batches never starts over: read as before)."""
    if any(v != int(v) for v in column):
        return None
    ties = sum(1 for a, b in zip(column, column[1:]) if a == b)
    back = sum(1 for a, b in zip(column, column[1:]) if b < a)
    if ties < 2 or back < _STARTS_OVER:
        return None  # a resume or an appended training starts over once or twice: read as before (breaker, stop 40)
    return (f"no header: its first column counts ({column[0]:g}, ...) but {ties:,} rows repeat the count of the row "
            f"before and the count starts over {back} time(s): several runs or evaluations interleaved, what each "
            f"row is cannot be known; not read (write a header line, one file per run)")


_SPLIT_NAMED = lazy_re(r"^(.+[_\-. ])(train|training|val|valid|validation|test|eval)\.csv$")
_SPLIT_WORDS = ("train", "training", "val", "valid", "validation", "test", "eval")


def split_siblings(name: str) -> list[str]:
    """The names a headerless split file's other splits would have (``x_train.csv`` -> ``x_val.csv``,
    ``x_validation.csv``, ...); [] for a name naming no split (or named like a log: ``named`` reads those)."""
    m = _SPLIT_NAMED().match(name.lower())
    if m is None or _claims(name):
        return []
    stem = name[:len(m.group(1))]
    return [f"{stem}{w}.csv" for w in _SPLIT_WORDS if w != m.group(2)]


def split_file_why(data: bytes, siblings: list[bytes]) -> str | None:
    """Why a headerless CSV of numbers in a file named by its split is not read, when a sibling split's file holds
    as many rows of as many numbers (public owren/colorization_gan ``loss/wnet_finished_train.csv`` and
    ``..._validation.csv``: 793 rows of six unnamed losses each; a data set's splits differ in size): it was passed
    over without a word. None for any other file."""
    rows = _rows(data, whole=True)
    if rows is None:
        return None
    for other in siblings:
        theirs = _rows(other, whole=True)
        if theirs is not None and len(theirs) == len(rows) and len(theirs[0]) == len(rows[0]):
            return (f"no header: {len(rows):,} rows of {len(rows[0])} numbers, as many as its sibling split's file "
                    f"(a training log's train and validation files?); what each column is (which is a loss) cannot "
                    f"be known, so nothing is read: write a header line naming them")
    return None


_TRAINING_FILE = lazy_re(r"(?:^|[^a-z])(?:pre)?train(?:ing)?(?:[^a-z]|$)|loss")
_OTHER_FILE = lazy_re(r"val|test|eval|acc|score|metric_|f1|iou|map|auc|dice|psnr|ssim|bleu|lr|grad|time|reward")


def _one_loss(path: str) -> bool:
    """Whether a headerless file's one value column is, by the file's name, a training's loss (public nsa
    ``train_metrics.csv`` / ``pretrain_metrics.csv``: ``epoch,loss`` rows): the name says train or loss and no
    validation split or other measure."""
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].lower().rsplit(".", 1)[0]
    return _TRAINING_FILE().search(stem) is not None and _OTHER_FILE().search(stem.replace("metrics", "")) is None


def named(data: bytes, path: str) -> tuple[bytes, str] | None:
    """(the CSV with a header line naming its columns by position, the line saying so), or None for any other
    file."""
    rows = _rows(data, whole=True) if _claims(path, text=True) else None
    if rows is None:
        return None
    from . import _unnamed_cols

    found = _unnamed_cols.name(rows)  # a total beside its terms, a loss beside its running mean: named so
    if found is None and not _claims(path):
        return None  # a log-named .txt: read only when its values name its columns (``_named_txt``)
    if found is not None:
        return _unnamed_cols.table(rows, *found)
    first = [float(r[0]) for r in rows]
    if (why := _interleaved(first)) is not None:
        from ..runs import Problem
        from . import UnreadableFile

        raise UnreadableFile(Problem(path, why, line=1))
    step = counts_up(first)
    again = []  # a resumed job's rows logged again at the step before: the later row kept
    if not step and resumed_count(rows):
        step = True
        again = [rows[i][0] for i in range(len(rows) - 1) if first[i] == first[i + 1]]
        rows = [r for i, r in enumerate(rows) if i + 1 == len(rows) or first[i] != first[i + 1]]
    values = [f"value_{k}" for k in range(1, len(rows[0]) + (0 if step else 1))]
    assumed = len(values) == 1 and _one_loss(path)
    if assumed:  # one value column in a training's file (``train_metrics.csv``): its loss
        values = ["loss"]
    if step:
        names, body = ["step", *values], rows
    else:  # the row number is the step
        names, body = ["step", *values], [[str(i), *r] for i, r in enumerate(rows)]
    out = "\n".join([",".join(names)] + [",".join(r) for r in body]) + "\n"
    note = (f"no header line: its {len(rows[0])} columns of numbers are named by position, "
            + ("the first counting up the step, then " if step else "the row number the step, ")
            + ", ".join(values) + (" (assumed: the one value a training's file logs is its loss)" if assumed else "")
            + "; the names are assumed, not written in the file: write a header line to name them"
            + (f"; step(s) {', '.join(again)} logged twice (a job resumed into the file): the later row kept"
               if again else ""))
    return out.encode(), note
