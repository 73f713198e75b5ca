"""A file named like a loss log (``losses.csv``, ``loss.csv``) whose columns have no usable names, rewritten as the
plain CSV it means (``plain_csv`` reads the result and adds the returned line to its problems):

- rows of numbers and no header (``np.savetxt('losses.csv', np.c_[train, val], delimiter=',')``, ``csv.writer`` of
  ``(train, val)`` tuples; each line perhaps ending with its separator, ``f.write(f"{loss},\\n")``: public deeprdd122
  ``loss_curve.csv``, 967 lines ``0.935858,``, one loss per iteration, was not read): one column is ``loss`` (the
  row number its step); two are ``train_loss, val_loss``; a first column counting 0, 1, 2... (or 1, 2, 3...), or of
  small whole numbers that never go down (``1`` on each batch's row of epoch 1), is the epoch, and then one or two
  more columns are named as above;
- pandas' numbered header (``pd.DataFrame(losses).to_csv('loss.csv')`` writes ``,0``; a list of ``(train, val)``
  pairs ``,0,1``; with ``index=False`` ``0`` / ``0,1``): the columns named as above;
- one ``<epoch><sep><value>`` a line with ``_`` or ``:`` between them, perhaps after an epoch word
  (``f.write(f"{epoch}_{loss}\\n")``: public gec111 ``train_loss.txt`` ``1_1.8458``; ``f"epoch {epoch}:{loss}"``:
  bbdmsde111 ``epoch 0:1655.59``): read as the two columns ``epoch, loss`` (``_indexed``); before, nothing was read;
- a transposed table (``csv.writer`` rows ``['train_loss', *losses]``, or ``pd.DataFrame([train, val],
  index=['train', 'val']).to_csv(...)`` with its header ``,0,1,2...``): one row per series whose first cell names it,
  the epochs along the row.

The guess (two unnamed columns = train, then validation, as such loops append them) is documented in the returned
line. More columns than that with no name, or a transposed table naming no loss, stay unread: the caller says so.
"""
from __future__ import annotations

import math
import re

from . import _curve_log
from ._lazy import lazy_re

_NUMBER = lazy_re(r"^[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|nan|inf|-inf)$", re.IGNORECASE)
_NAME = lazy_re(r"^[A-Za-z][\w ./-]*$")
_GUESS = {1: ["loss"], 2: ["train_loss", "val_loss"]}


def _fields(line: str, sep: str) -> list[str]:
    return [f.strip().strip('"') for f in (line.split(sep) if sep else line.split())]


def _sep(line: str) -> str:
    for sep in (",", "\t", ";"):
        if sep in line:
            return sep
    return ""


def _counter(column: list[str]) -> bool:
    """Whole numbers counting up by one from 0 or 1: an epoch column; one going back to 0 or 1 is a training
    appended to the file (public myhan ``loss_log.csv``: ``0,2.835`` after ``10,1.567``), a new run."""
    try:
        values = [float(v) for v in column]
    except ValueError:
        return False
    return len(values) > 1 and values[0] in (0.0, 1.0) and values[1] == values[0] + 1 and all(
        b - a == 1 or (b == values[0] and a != b) for a, b in zip(values, values[1:]))


def _epochs(column: list[str]) -> bool:
    """Small whole numbers from 0 or 1 that stay or go up by one from row to row (or go back to where they started:
    a training appended): an epoch column logged once a batch (public xianfucnn ``loss.csv``: ``1,1.2087`` on each
    of 120 rows, the batches of epoch 1). Rows within an epoch are its steps (``plain_csv``'s epoch rules)."""
    try:
        values = [float(v) for v in column]
    except ValueError:
        return False
    return len(values) > 1 and values[0] in (0.0, 1.0) and max(values) <= len(values) and all(
        v == int(v) for v in values) and all(b - a in (0, 1) or (b == values[0] and a != b)
                                             for a, b in zip(values, values[1:]))


_INDEXED = lazy_re(r"^(?:(?:epoch|ep|iter|iteration|step)\s*)?(\d+)\s*[_:]\s*([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?"
                   r"|\.\d+(?:[eE][-+]?\d+)?|nan|inf))$", re.IGNORECASE)


def _indexed(lines: list[str]) -> list[list[str]] | None:
    """Each line's (counter, value) when every line is ``<counter>_<value>`` or ``[epoch ]<counter>:<value>`` (the
    module docstring), else None."""
    found = [_INDEXED().match(line) for line in lines]
    return [[m.group(1), m.group(2)] for m in found] if all(found) else None


def indexed_line(line: str) -> bool:
    """Whether a line is one ``_indexed`` reads (a data line, never a header)."""
    return _INDEXED().match(line.strip()) is not None


def _named(fields: list[list[str]]) -> tuple[list[str], str] | None:
    """Header names for rows of unnamed numbers (each a list of cells), and what was guessed; None past the guess."""
    width = len(fields[0])
    if width - 1 in _GUESS and (_counter([f[0] for f in fields]) or _epochs([f[0] for f in fields])):
        names = ["epoch"] + _GUESS[width - 1]
    elif width in _GUESS:
        names = _GUESS[width]
    else:
        return None
    return names, ", ".join(names)


def _counter_last(rows: list[list[str]]) -> tuple[list[list[str]], str]:
    """(rows, which column was the epoch): rows whose LAST column counts 0, 1, 2... (and whose first does not) with
    one or two values before it, that column moved first. A loop writing ``f"{train}\\t{val}\\t{epoch}\\n"``
    puts the epoch last (public textsumm135 ``losses.txt``, a pointer-generator summariser: ``706.34\\t50.13\\t0``
    .. ``34.78\\t50.14\\t90``), and nothing was read (no column named the loss)."""
    if len(rows[0]) - 1 in _GUESS and not _counter([r[0] for r in rows]) and _counter([r[-1] for r in rows]):
        return [[r[-1]] + r[:-1] for r in rows], "last"
    return rows, "first"


def reshape(data: bytes, name: str) -> tuple[bytes, str] | None:
    """(the CSV text it means, the line saying how it was read) for a loss log with no usable column names (see
    the module docstring); None for any other file."""
    low = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if not claims(name):
        return None
    text = bytes(data).decode("utf-8", "replace").lstrip("\ufeff")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    indexed = _indexed(lines)
    if indexed and not (_counter([r[0] for r in indexed]) or _epochs([r[0] for r in indexed])):
        return None  # 'iter 100: 2.14' restarting each epoch: an iteration counter, no epochs to read it by
    sep = "," if indexed else _sep(lines[0])
    rows = indexed or [_fields(line, sep) for line in lines]
    # (one value only: two columns before the separator, 'loss,acc,' or 'elapsed,loss,', were a breaker's files read
    # as train/val losses and judged `overfit`/`diverged` where nothing was read before)
    trailing = len(rows) > 1 and all(len(r) == 2 and r[-1] == "" for r in rows)
    if trailing:  # 'f.write(f"{loss},\n")': every line ends with its separator, no column after it
        rows = [r[:-1] for r in rows]
    first = rows[0]
    if not ("loss" in low or "histor" in low or _split_log(low)):
        return _curve_log.table(rows, low, _counter, curve_like)  # named a curve log only: that shape only
    from ._two_rows import two_rows

    if (wide := two_rows(rows)) is not None:
        return wide
    if "loss" not in low:
        return _one_falling(rows, low)  # a history- or split-log-named file: one series falling as a loss does
    # pandas' numbered header (0, 1 ... after its unnamed index, or alone with index=False)
    index = first[0] == "" and len(first) > 1
    numbered = first[1:] if index else first
    if all(c.isdigit() for c in numbered) and [int(c) for c in numbered] == list(range(len(numbered))):
        body = rows[1:]
        if body and all(r and _NAME().match(r[0]) for r in body) and index:
            return _transposed(body, [int(c) for c in numbered], sep)
        if len(numbered) in _GUESS and body and all(len(r) == len(first) for r in body) \
                and all(_NUMBER().match(c) or c == "" for r in body for c in r[1 if index else 0:]):
            names = _GUESS[len(numbered)]
            header = ([""] if index else []) + names
            out = "\n".join([",".join(header)] + [",".join(r) for r in body]) + "\n"
            return out.encode(), (f"named like a loss log, its columns named only {','.join(first)!r} (a pandas frame "
                                  f"of a list of losses): read as {', '.join(names)}"
                                  + (" (guessed: train, then validation)" if len(names) > 1 else ""))
        return None
    if (listed := _printed_list(lines, name)) is not None:
        return listed  # '[0.69, 0.52, ..]', numpy's '[3.167 3.023 ..\n 2.662 ..]': one series printed whole
    if len(rows) == 1 and (along := _along_the_row(first) or _long_row(first, name)) is not None:
        return along  # ',0.7242,0.3891,...': appended per epoch; 150 values in 'train_loss.csv': its epochs
    # no header: rows of numbers only
    if all(len(r) == len(first) and all(_NUMBER().match(c) for c in r) for r in rows):
        rows, where = _counter_last(rows)
        named = _named(rows)
        if named is None:
            from ._fold_rows import read as fold_rows
            return fold_rows(rows, name)  # a row per fold, the epochs along each row
        names, what = named
        out = "\n".join([",".join(names)] + [",".join(r) for r in rows]) + "\n"
        counted = "counting 0, 1, 2..." if _counter([r[0] for r in rows]) else \
            "of whole numbers that never go down (several rows an epoch: its steps by row)"
        guess = "; ".join(g for g, used in ((f"a {where} column {counted} is the epoch", names[0] == "epoch"),
                                            ("train, then validation", "val_loss" in names)) if used)
        return out.encode(), (f"named like a loss log, no header line: its {len(first)} column(s) read as {what}"
                              + (f" (guessed: {guess})" if guess else "")
                              + ("; each line ends with its separator (no column after it)" if trailing else ""))
    # a transposed table: each row a named series, its values along the row
    if all(len(r) > 2 and _NAME().match(r[0]) and all(_NUMBER().match(c) or c == "" for c in r[1:]) for r in rows):
        return _transposed(rows, None, sep)
    return None


def claims(name: str) -> bool:
    """Whether a file's name lets ``reshape`` read it: a loss log's (``loss`` in it), a history's (``histor``: the
    two-rows shape only) or a curve log's (``_curve_log``)."""
    low = name.replace("\\", "/").rsplit("/", 1)[-1].lower()
    return "loss" in low or "histor" in low or _split_log(low) or _curve_log.named(low)


_MEASURE = lazy_re(r"(?:^|[^a-z])(?:lr|learning[_ -]?rate|acc|accuracy|f1|iou|map|auc|dice|psnr|ssim|bleu|rouge|"
                   r"score|scores|reward|grad|norm|time|precision|recall|wer|cer)(?:[^a-z]|$)")
_SPLITS = frozenset({"train", "training", "val", "valid", "validation", "test", "eval", "dev"})
_LOG_WORDS = frozenset({"log", "logs", "history", "curve"})


def _split_log(low: str) -> bool:
    """A file named by a split and a log word only (``train_logs.txt``, ``val_log.csv``), or ending in them after
    the model's name (``_named_split_log``)."""
    words = [w for w in re.split(r"[^a-z]+", low.rsplit(".", 1)[0]) if w]
    return bool(words) and set(words) <= _SPLITS | _LOG_WORDS and bool(set(words) & _SPLITS) \
        and bool(set(words) & _LOG_WORDS) or _named_split_log(low)


# '<model>-<split>-log': a model zoo's per-model logs (public kuangliu-style CIFAR trainers' forks, cifarzoo154
# ``ResNet18-train-log.txt`` ``1,2.32124`` a batch and ``ResNet18-test-log.csv`` ``1,41.42`` an epoch, no header:
# the training one was never read, so the run had no loss)
_NAMED_SPLIT_LOG = re.compile(r"^[a-z][a-z0-9.]*[-_](?:train|training|val|valid|validation|test|eval)[-_]logs?$")


def _named_split_log(low: str) -> bool:
    """A file named ``<model>-<split>-log`` (``resnet18-train-log.txt``): a split's log of that model."""
    return _NAMED_SPLIT_LOG.match(low.rsplit(".", 1)[0]) is not None


def _one_falling(rows: list[list[str]], low: str) -> tuple[bytes, str] | None:
    """``loss`` for a history- or split-log-named file of one value a line, or of an epoch count and one value
    (public dit111 ``train_logs.txt`` / ``val_logs.txt``: a diffusion model's loss, one number a line, 4.99 ->
    0.76; drucker111 ``train_history.txt``: ``1 1019.99`` lines, a PINN's loss), when the values fall as a loss
    does (the last third's median below the first value, no whole-number counter) and the name holds no other
    measure (``lr_history.txt``, ``acc_history.txt``) -- a rising series (an accuracy in percent, a BLEU score in
    ``val_logs.txt``: a breaker's) or anything else stays unread, as before. Said in the returned line: the name is
    assumed, not written in the file."""
    if not rows or not all(len(r) == len(rows[0]) and all(_NUMBER().match(c) for c in r) for r in rows):
        return None
    width = len(rows[0])
    named_split = _named_split_log(low)  # '<model>-train-log': its first column counts the steps (batches or epochs)
    counted = width == 2 and ("histor" in low or named_split) \
        and (_counter([r[0] for r in rows]) or _epochs([r[0] for r in rows]))
    if width != 1 and not counted:
        return None  # ('train_log.csv' of 'epoch,value' rows: ``_numeric_csv``'s, named by position as before)
    values = [float(r[-1]) for r in rows]
    if len(values) < 3 or not all(math.isfinite(v) for v in values) or all(v == round(v) for v in values):
        return None
    if _MEASURE().search(low.rsplit(".", 1)[0]) is not None:
        return None  # 'lr_history.txt', 'acc_history.txt': a learning rate or a metric falls too, no loss
    if not _late_level(values) < values[0]:
        return None  # a rising series (an accuracy in percent, a BLEU score) or a flat one: not a loss
    # (no 'error rate in %' reading, brk59 R7: values 25.6 -> 4.7 fit an L1 loss in years as well as a top-1 error, and
    # '<model>-<split>-log' says neither)
    names = [("step" if named_split else "epoch"), "loss"] if counted else ["loss"]
    out = "\n".join([",".join(names)] + [",".join(r) for r in rows]) + "\n"
    return out.encode(), (f"no header line: {f'a {names[0]} count and ' if counted else ''}one value a line, read as "
                          f"{', '.join(names)} (assumed from the file's name and its values, which fall as "
                          + "a loss does; not written in the file)")


SMOOTH = 1.0  # von Neumann's ratio (mean squared successive difference over the variance) of a curve at most


LR_MAX = 0.1  # a learning rate row lies at or below this


def _late_level(values: list[float]) -> float:
    """The (upper) median of the last third of ``values``: where a series ended up."""
    tail = sorted(values[-max(1, len(values) // 3):])
    return tail[len(tail) // 2]


def curve_like(values: list[float], falls: bool = False, signed: bool = False) -> bool:
    """Whether numbers in their order look like a loss curve over epochs, not a row of separate measures (per-class
    losses, fold results, class weights: a breaker's ``train_loss.csv`` of 10 per-class losses was a 'divergence'):
    neighbours near each other (von Neumann's ratio <= ``SMOOTH``; about 2 for numbers in no order), no whole-number
    counter, positive (``signed``: any sign, a Gaussian NLL falling below 0); with ``falls`` the last third's median
    also below the first value (a training loss, not an accuracy)."""
    import numpy as np

    v = np.asarray(values, dtype=np.float64)
    if len(v) < 3 or not np.isfinite(v).all() or (not signed and (v <= 0).any()) or (v == np.round(v)).all():
        return False
    var = float(np.var(v))
    if var == 0 or float(np.mean(np.diff(v) ** 2)) / var > SMOOTH:
        return False
    return not falls or float(np.median(v[-max(1, len(v) // 3):])) < v[0]


def _transposed(rows: list[list[str]], steps: list[int] | None, sep: str) -> tuple[bytes, str] | None:
    from .plain_csv import is_loss_like, split_columns

    names = [r[0] for r in rows]
    if len(set(names)) != len(names) or not (any(is_loss_like(n) for n in names) or split_columns(names)):
        return None
    n = max(len(r) - 1 for r in rows)
    steps = steps if steps is not None and len(steps) >= n else list(range(n))
    lines = [",".join(["epoch"] + names)]
    for k in range(n):
        lines.append(",".join([str(steps[k])] + [r[k + 1] if k + 1 < len(r) else "" for r in rows]))
    return ("\n".join(lines) + "\n").encode(), (
        f"one row per series ({', '.join(repr(x) for x in names)}), the epochs along each row: read transposed, "
        "the column number as the epoch")


_MIN_ALONG = 5  # values a row-wise series holds at least


def _along_the_row(fields: list[str]) -> tuple[bytes, str] | None:
    """One line of numbers a callback appended one epoch at a time, its separator written before (or after) each
    value (public chimano/CystSegmentation ``losses.csv``: ``f.write(f',{logs.get("loss")}')`` at each epoch end,
    67 losses on one line starting with a comma): the file's ``loss``, the epochs along the row (0, 1, 2...: the
    callback's ``epoch``). A line without that leading or trailing empty field is no certain series (``why_one_row``
    says so)."""
    values = fields[1:] if fields[0] == "" else fields[:-1] if fields[-1] == "" else None
    if values is None or len(values) < _MIN_ALONG or not all(_NUMBER().match(c) for c in values):
        return None
    out = "epoch,loss\n" + "".join(f"{k},{v}\n" for k, v in enumerate(values))
    return out.encode(), (f"named like a loss log, one line of {len(values)} numbers each written after a "
                          f"separator (a callback appending one value an epoch): read as the loss along the row, "
                          f"the value's place as the epoch")


LONG_ROW = 30  # more values on one line than a row of measures holds (one epoch's, or a few tasks' final losses)
SPLIT_ROW = 10  # the same, in a file whose name also gives the split (``val_loss.csv``): one series, said twice
# ... perhaps after the model's or fold's name (public chemgcn167 ``GCN_fold1_trainLoss.txt`` beside
# ``GCN_fold1_testLoss.txt``: ``f.write(str(losses))``, 500 values each, was found as no file at all)
# ... perhaps before a fold's or seed's number (public kdflair201 ``list_train_loss_fold0.csv`` beside
# ``list_val_loss_fold0.csv`` and ``list_{train,val}_{acc,f1}_fold0.csv``: ``csv.writer(f).writerow(losses)``, one
# line of 50 values each, a k-fold script's files of fold 0: not read at all)
_ONE_SERIES = lazy_re(r"^(?:[\w.-]*?[_ .-])??(?:(train|training|val|valid|validation|test|eval)[_ -]?)?loss(?:es)?"
                      r"(?:[_ .-](?:fold|seed|run|trial|split|rep|cv)[_ -]?\d+)?$", re.IGNORECASE)


def _one_series(values: list[str], name: str, split_least: int, least: int) -> tuple[bytes, str, str] | None:
    """(the CSV ``epoch,<tag>`` of ``values`` along their place, the tag, the file's stem) for a file named as one
    loss series (``_ONE_SERIES``) holding ``least`` numbers or more (``split_least`` when its name gives the split),
    which look like a curve when fewer than ``LONG_ROW``; else None."""
    stem = name.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = _ONE_SERIES().match(stem)
    if m is None or len(values) < (split_least if m.group(1) else least) or not all(_NUMBER().match(c) for c in values):
        return None
    split = (m.group(1) or "").lower()
    if len(values) < LONG_ROW and not curve_like([float(c) for c in values], falls=split in ("train", "training")):
        return None  # a short row must look like a curve (per-class or per-fold losses are no epochs)
    tag = {"": "", "train": "train_", "training": "train_", "test": "test_"}.get(split, "val_") + "loss"
    return (f"epoch,{tag}\n" + "".join(f"{k},{v}\n" for k, v in enumerate(values))).encode(), tag, stem


def _long_row(fields: list[str], name: str) -> tuple[bytes, str] | None:
    """One line of ``LONG_ROW`` or more numbers in a file whose name is one loss series (``train_loss.csv``,
    ``val_loss.csv``, ``loss.csv``): that series along the row, the value's place as the epoch (public battery103
    ``train_loss.csv``/``val_loss.csv``, ``np.savetxt(f, [history['loss']], delimiter=',')``: one line of 150 values
    each, not read: "one series along the row or one row of several measures cannot be told"). No row of one epoch's
    measures is that long; a shorter line stays unread (``why_one_row``). A name giving the split too
    (``train_loss``, ``val_loss``) needs ``SPLIT_ROW`` values (public cnnsg106: 15 and 24 epochs a run, one line in
    each of ``train_loss.csv``/``val_loss.csv``, ``train_acc.csv``/``val_acc.csv`` beside them)."""
    found = _one_series(fields, name, SPLIT_ROW, LONG_ROW)
    if found is None:
        return None
    out, tag, stem = found
    return out, (f"one line of {len(fields)} numbers in a file named as one series ({stem!r}): read as `{tag}` "
                 f"along the row, the value's place as the epoch")


_MIN_LISTED = 5


def _printed_list(lines: list[str], name: str) -> tuple[bytes, str] | None:
    """One series printed whole into a file named as one loss series: Python's ``str(list)`` (``f.write(str(
    train_losses))``: ``[0.0099, 0.0171, ..]`` on one line, public sp500pred148 ``train_loss.txt``) or numpy's
    ``str(array)`` (``f.write(str(np.array(history.history['loss'])))``: ``[3.167 3.0236 ..`` wrapped at 75
    columns, ``..]`` on the last line, public mlfm148 ``loss.txt``/``val_loss.txt``). The brackets make it one
    object, so ``_MIN_LISTED`` values are enough (a bare row needs ``LONG_ROW``/``SPLIT_ROW``); a list shorter than
    ``LONG_ROW`` must still look like a curve. Read as ``_long_row`` reads a bare row."""
    text = " ".join(lines)
    if not (text.startswith("[") and text.endswith("]")) or "[" in text[1:] or "]" in text[:-1]:
        return None
    body = text[1:-1].replace(",", " ").split()
    found = _one_series(body, name, _MIN_LISTED, _MIN_LISTED)
    if found is None:
        return None
    out, tag, stem = found
    return out, (f"a list of {len(body)} numbers printed whole ({'numpy' if ',' not in text else 'Python'}'s str "
                 f"of it) in a file named as one series ({stem!r}): read as `{tag}` along the list, the value's place "
                 f"as the epoch")


def why_one_row(head: bytes) -> str | None:
    """Why a loss-named file of one line of numbers is not read (no empty field saying they were appended one at a
    time: one series, or one row of several measures?), else None."""
    lines = [line.strip() for line in bytes(head).decode("utf-8", "replace").lstrip("\ufeff").splitlines()
             if line.strip()]
    if len(lines) != 1:
        return None
    fields = _fields(lines[0], _sep(lines[0]))
    numbers = [c for c in fields if c != ""]
    if len(numbers) < 2 or not all(_NUMBER().match(c) for c in numbers):
        return None
    return (f"named like a loss log, one line of {len(numbers)} numbers and no name: one series along the row or one "
            f"row of several measures cannot be told; not read (write one value a line, or a header naming them)")
