"""JSON training logs whose numbers carry no metric name (for ``json_history``), read from what the file says:

- a loss file's lists keyed by split only: ``loss_history.json`` = ``{"train": [19.66, 3.64, ...], "val": [...]}``
  (public zelk-oss/forecasting; RKA136/ML_Project with an ``"epochs": [1, ..]`` axis beside them) named no loss and
  was read as no history (or as series ``train``/``val`` no verdict judges). In a file named like a loss log each
  split's list is that split's loss, as ``plain_csv`` reads a ``losses.csv`` of ``train,valid`` columns
  (``_plain_columns.split_losses``: ``train`` -> ``train_loss``, ``val`` -> ``val_loss``); one problem line says so.
  Lists already named (``{"train_loss": [..]}``, ``{"losses": [..], "val_losses": [..]}``), nested dicts
  (``{"train": {"loss": [..]}}``: read as ``train/loss``) and files named otherwise are left as they are.
- a bare list of numbers, ``json.dump(loss_history, f)`` = ``[0.00178, 0.00174, ...]`` (public
  MalinaEverfree/DeepTrack-AI-Particle-Tracking ``training_log.json``): one series by index, only in a file named as a
  loss or training log (``loss*.json``, ``*history*.json``, ``training_log.json``, ``train_log.json``); a list of
  numbers in ``config.json``, ``predictions.json``, ``loss_weights.json`` or ``price_history.json`` is no log.
  Named ``loss`` (``val_loss``/``test_loss`` when the name says the split) when the file name names a loss, else by
  the file's stem (``training_log``: what it holds is not written, so no verdict takes it for a loss); one problem
  line says so.
- per-epoch records whose numbers are keyed by split only, ``{"5": {"val": 10.1003, "train": 10.0994}, "16": ...,
  "1": ...}`` (public vitaudio129 ``losses.json``: ``losses[epoch] = {"val": v, "train": t}; json.dump(losses, f)``,
  its keys in no order; pandas' ``to_json(orient="index")`` of a ``train,val`` frame is the same shape): in a file
  named like a loss log each split's number is that split's loss (``train`` -> ``train_loss``, ``val`` ->
  ``val_loss``), the rows in numeric epoch order (``_pandas_json``'s index rows), said in one line (``split_rows``).
  It was not even found: its head names no loss (``sniff_split``). Records naming anything but splits (an id ->
  record map ``{"1": {"name": .., "score": ..}}``), files named otherwise or after folds, classes, trials, seeds or
  sweeps, and keys that are not >= 8 consecutive numbers from 0 or 1 are left as they are.
- JSON lines that are ``logging`` records (python-json-logger and the like: ``{"timestamp": "2023-12-16 01:24:35,004",
  "level": "INFO", "message": "Epoch : 1\\t Loss : 0.001074"}``, public blackspiderrr/Handwritten_Digit_Recognition):
  the numbers are only in the message text, so the messages, in record order, are read as the printed log they are
  (``joblog``); only when every record holds a text message and nothing but logging's own fields beside it. loguru's
  ``serialize=True`` lines (``{"text": "2024-03-01 10:00:01.123 | INFO | ... - Epoch 1 | train_loss: 1.8400\n",
  "record": {..., "message": "Epoch 1 | train_loss: 1.8400", ...}}``) are records too, their ``record.message`` read.
"""
from __future__ import annotations

import re

import numpy as np

from ..runs import Problem
from . import UnreadableFile
from ._plain_columns import split_columns, split_losses
from ._text_clean import _NUMERIC_TEXT

_LOG_NAME = re.compile(r"loss|histor|(?:^|[^a-z])train(?:ing)?[_-]?log", re.IGNORECASE)
# a history's other words that keep it a training's (``train_history``, ``model_history``); ``price_history.json`` is
# data. Words of settings or data (``loss_weights.json``: ``[1.0, 0.5]``, ``loss_scale``...) make no log at all.
_HISTORY_WORDS = frozenset({"history", "hist", "train", "training", "fit", "model", "val", "valid", "validation",
                            "test", "epoch", "epochs", "log", "logs", "losses", "loss"})
_NOT_LOG = re.compile(r"weight|coef|config|cfg|param|setting|arg|scale|factor|mask|label|class|pred|target|input",
                      re.IGNORECASE)
_BARE_HEAD = re.compile(rb'^\s*\[\s*"?(?:-?\d|-?\.\d|NaN|-?Infinity)')
_VAL = re.compile(r"(?:^|[^a-z])(val|valid|validation|dev|eval)(?:[^a-z]|$)", re.IGNORECASE)
_TEST = re.compile(r"(?:^|[^a-z])test(?:[^a-z]|$)", re.IGNORECASE)
# the fields ``logging`` records carry besides their message (LogRecord attributes, python-json-logger's defaults)
_LOG_FIELDS = frozenset({
    "asctime", "timestamp", "time", "ts", "@timestamp", "date", "datetime", "levelname", "level", "levelno",
    "severity", "name", "logger", "logger_name", "module", "funcname", "function", "lineno", "line", "process",
    "processname", "thread", "threadname", "created", "msecs", "relativecreated", "pathname", "filename", "file",
    "exc_info", "exc_text", "stack_info", "taskname",
})
_MESSAGE_KEYS = ("message", "msg")


def _stem(path: str) -> str:
    base = path.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[0]


def _numbers(values) -> bool:
    """A list of numbers, or of numbers written as text (``json.dump([str(x) for x in losses])``: ``["2.0", ..]``)."""
    return isinstance(values, list) and bool(values) and all(
        v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))
        or isinstance(v, str) and _NUMERIC_TEXT.fullmatch(v) is not None for v in values)


def split_named(obj: dict, path: str, problems: list) -> dict:
    """``obj`` with a loss file's split-keyed number lists renamed to that split's loss (module docstring)."""
    lists = [k for k, v in obj.items() if isinstance(k, str) and _numbers(v)]
    renamed = split_losses(_stem(path), lists) if lists else {}
    why = "named like a loss log, its lists name only splits"
    if not renamed and lists and len(lists) == len(obj) and (renamed := _falling_history(obj, path, lists)):
        why = "named like a history, its lists name only splits and fall from first to last"
    if not renamed or any(isinstance(v, (list, dict)) and k not in lists and "loss" in str(k).lower()
                          for k, v in obj.items()):
        return obj
    problems.append(Problem(path, why + ": read as "
                                  + ", ".join(f"{k!r} -> {v!r}" for k, v in renamed.items())))
    return {renamed.get(k, k): v for k, v in obj.items()}


def _falling_history(obj: dict, path: str, lists: list[str]) -> dict[str, str]:
    """``split_columns`` for a history file (``history.json``: public tinyshakes' ``{"train": [2.71, .., 1.76],
    "val": [2.50, .., 1.81]}``) holding nothing but split-keyed lists, when every list falls from its first value to
    its last (a loss, an error: a rising accuracy keeps its split's name); empty otherwise."""
    if "histor" not in _stem(path).lower():
        return {}
    renamed = split_columns(lists)
    for k in renamed:
        values = [float(v) for v in obj[k] if v is not None]
        if len(values) < 2 or not values[-1] < values[0]:
            return {}
    return renamed


# '{"5": {"val": 10.1, "train": 10.09}': a bare epoch number keying a split's number (``split_rows``)
_SPLIT_HEAD = re.compile(rb'\s*\{\s*"\d{1,9}"\s*:\s*\{\s*"(?i:train|training|val|valid|validation|test|dev|eval)"'
                         rb'\s*:\s*-?(?:\d|\.\d|NaN|Infinity)')


# numbers keying something else than epochs: folds, classes, trials, seeds, sweeps (breaker, stop 54: kfold_losses.json
# {"0": {"train": .., "val": ..}, .. "4": ..}, class_losses.json, sweep_losses.json, seed_losses.json were judged)
_NOT_EPOCHS = re.compile(r"(?i)fold|class|trial|seed|sweep|width|depth|run|model|config|param|lambda|alpha|beta")
SPLIT_MIN_EPOCHS = 8  # ... and a short map (5 folds, 6 classes) is no training's curve


def sniff_split(name: str, head: bytes) -> bool:
    """A JSON file named like a loss log opening as epoch numbers keying split numbers (``split_rows``)."""
    stem = _stem(name).lower()
    return name.lower().endswith(".json") and "loss" in stem and _NOT_EPOCHS.search(stem) is None \
        and _SPLIT_HEAD.match(bytes(head).lstrip(b"\xef\xbb\xbf")) is not None


def split_rows(rows, path: str, problems: list):
    """``rows`` (per-epoch dicts with an ``epoch``) with numbers keyed by split names only renamed to that split's
    loss in a file named like a loss log (module docstring); unchanged otherwise."""
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        return rows
    epochs = sorted(r.get("epoch") for r in rows if isinstance(r.get("epoch"), (int, float)))
    if len(epochs) != len(rows) or len(rows) < SPLIT_MIN_EPOCHS or _NOT_EPOCHS.search(_stem(path)) \
            or any(b - a != 1 for a, b in zip(epochs, epochs[1:])) or epochs[0] not in (0, 1):
        return rows  # not consecutive epochs from 0 or 1 (seeds 0, 1, 42, 123; a width sweep 1..6)
    names = sorted({k for r in rows for k in r if k != "epoch"})
    renamed = split_losses(_stem(path), names) if names else {}
    if not renamed or set(renamed) != set(names) or not all(
            isinstance(v, (int, float)) or v is None for r in rows for k, v in r.items() if k != "epoch"):
        return rows
    problems.append(Problem(path, f"{len(rows)} epoch rows of {', '.join(map(repr, names))} only, in a file named "
                                  "like a loss log: read as " + ", ".join(f"{k!r} -> {v!r}" for k, v in
                                                                         renamed.items())))
    return [{renamed.get(k, k): v for k, v in r.items()} for r in rows]


def read_split(obj: dict, path: str, problems: list, table, columns) -> None:
    """``obj`` read by ``columns`` into ``table`` with its split-keyed lists renamed (``split_named``). Lists of
    different lengths are per batch and per epoch (``{"train": [500 per-batch losses], "val": [10 per-epoch]}``):
    when the longest is a whole multiple ``r`` (>= 2) of a shorter one, that one's point ``i`` is placed at the
    longest's index ``(i + 1) * r - 1``, the last batch of its epoch (validation runs at the epoch's end), said in a
    problem line; other lengths stay at their indices, with a problem line saying they do not line up."""
    named = split_named(obj, path, problems)
    columns(named, table)
    renamed = {k: len(v) for k, v in named.items() if k not in obj and isinstance(v, list)}
    if len(renamed) < 2 or len(set(renamed.values())) < 2:
        return
    longest = max(renamed.values())
    tags = np.asarray(table.tags, dtype=object)
    for name, n in renamed.items():
        if n == longest:
            continue
        if longest % n or longest // n < 2:
            problems.append(Problem(path, f"{name!r} holds {n} values and the longest split list {longest}: "
                                          "they do not line up, each read at its own index"))
            continue
        r = longest // n
        for i in np.flatnonzero(tags == name):
            table.steps[i] = (table.steps[i] + 1) * r - 1
        problems.append(Problem(path, f"{name!r} holds {n} values and the longest split list {longest} ({r} to "
                                      f"one: per epoch and per batch): read at the end of each {r}-point stretch, "
                                      f"index {r - 1}, {2 * r - 1}, ... (an epoch's last batch)"))


def _log_named(stem: str) -> bool:
    """A file stem naming a loss or training log (``loss``, ``val_losses``, ``training_log``, ``train_history``)."""
    if _LOG_NAME.search(stem) is None or _NOT_LOG.search(stem) is not None:
        return False
    words = set(re.split(r"[^a-z0-9]+", stem.lower())) - {""}
    return "loss" in stem.lower() or not any("histor" in w for w in words) or words <= _HISTORY_WORDS


def sniff_bare(name: str, head: bytes) -> bool:
    """A bare JSON list of numbers in a file named as a loss or training log."""
    return name.lower().endswith(".json") and _log_named(_stem(name)) \
        and _BARE_HEAD.match(bytes(head).lstrip(b"\xef\xbb\xbf")) is not None


def bare(obj, path: str, problems: list) -> dict | None:
    """``{name: obj}`` for a bare list of numbers in a file named as a loss or training log, else None."""
    stem = _stem(path)
    if not _numbers(obj) or len(obj) < 2 or not _log_named(stem):
        return None
    if "loss" in stem.lower():
        name = "val_loss" if _VAL.search(stem) else "test_loss" if _TEST.search(stem) else "loss"
        why = "its file name names a loss"
    else:
        name, why = stem, "its file name names no metric, so it is named by the file"
    problems.append(Problem(path, f"a bare JSON list of {len(obj)} numbers: read as one series {name!r} by its "
                                  f"index (0, 1, ...; the epoch or step is not written); {why}"))
    return {name: obj}


_N = rb'\s*-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*'
_ROWS_HEAD = re.compile(rb'^\s*\[\s*\[\s*-?\d+(?:\.0*)?\s*(?:,' + _N + rb'){1,2}\]')  # a first row of 2 or 3


def sniff_rows(name: str, head: bytes) -> bool:
    """A JSON list of number rows (``[[200, 5.95, 6.02], ...]``) in a file named as a loss log (``rows``)."""
    return name.lower().endswith(".json") and "loss" in _stem(name).lower() \
        and _ROWS_HEAD.match(bytes(head).lstrip(b"\xef\xbb\xbf")) is not None


def rows(obj, path: str, problems: list) -> dict | None:
    """``{"step": .., "train_loss": .., "val_loss": ..}`` for a JSON list of rows of 2 or 3 numbers in a file named
    as a loss log whose first numbers count up by one stride (public CollinPhipps/llm ``loss_history.json``:
    ``[[200, 5.954, 6.021], [400, ...]]``, its README's "(step, train_loss, val_loss)"): the first the step (the
    last stride may be shorter: a last evaluation at ``max_iters - 1``), the others the loss, or train then
    validation loss -- the guess ``_loss_shapes`` gives a ``losses.csv`` of unnamed columns, said in one line -- when
    each falls as a loss curve does (``_loss_shapes.curve_like``, its last third below its first value) and both lie
    on one scale (medians within 10x). None for anything but such rows; UnreadableFile saying why for rows of
    numbers that fail those checks (a breaker's ``[step, loss, acc]``, ``[iteration, epoch, loss]``, ``[epoch, loss,
    lr]`` were read as two losses)."""
    from ._loss_shapes import curve_like

    if "loss" not in _stem(path).lower() or not isinstance(obj, list) or len(obj) < 2:
        return None
    if not all(isinstance(r, list) and len(r) == len(obj[0]) and _numbers(r) and None not in r
               and not any(isinstance(v, str) for v in r) for r in obj):
        return None
    width = len(obj[0])
    steps = [r[0] for r in obj]
    why = (f"a list of rows of {width} numbers with no names (e.g. {obj[0]}): which is the step and which the loss "
           "is not written in the file")
    if width not in (2, 3) or any(s != int(s) for s in steps):
        raise UnreadableFile(Problem(path, why + ", so nothing is read; dump dicts ({\"step\": .., \"train_loss\": "
                                           "..}) instead"))
    steps = [int(s) for s in steps]
    stride = steps[1] - steps[0]
    if stride <= 0 or any(b - a != stride for a, b in zip(steps, steps[1:-1])) or not 0 < steps[-1] - steps[-2] <= stride:
        raise UnreadableFile(Problem(path, why + " (the first numbers count up by no one stride), so nothing is read"))
    columns = [[float(r[k]) for r in obj] for k in range(1, width)]
    medians = sorted(float(np.median(c)) for c in columns)
    if not all(curve_like(c, falls=True) for c in columns) \
            or medians[0] <= 0 or medians[-1] / medians[0] > 10:
        raise UnreadableFile(Problem(path, why + " (its other numbers are not losses falling on one scale: an "
                                           "accuracy, a counter or a learning rate?), so nothing is read"))
    names = ["loss"] if width == 2 else ["train_loss", "val_loss"]
    problems.append(Problem(path, f"a JSON list of {len(obj)} rows of {width} numbers with no names: the first counts "
                                  f"up by {stride} (read as the step), the others read as {', '.join(names)}"
                                  + (" (guessed: train, then validation)" if width == 3 else "")))
    out = {"step": steps}
    for k, name in enumerate(names, start=1):
        out[name] = [r[k] for r in obj]
    return out


def messages(rows: list[dict]) -> list[str] | None:
    """The message texts of JSON lines that are all ``logging`` records (module docstring), else None."""
    out = []
    for row in rows:
        record = row.get("record")  # loguru serialize=True: {"text": "<formatted line>", "record": {"message": ..}}
        if set(row) == {"text", "record"} and isinstance(record, dict) and isinstance(record.get("message"), str):
            out.append(record["message"])
            continue
        key = next((k for k in _MESSAGE_KEYS if isinstance(row.get(k), str)), None)
        if key is None or any(str(k).lower() not in _LOG_FIELDS for k in row if k != key and k[:1] != "_"):
            return None
        out.append(row[key])
    return out or None


def read_messages(texts: list[str], path: str, table, problems: list) -> None:
    """The printed log the messages make, read by ``joblog`` into ``table`` (its problems added)."""
    from . import joblog  # noqa: PLC0415  (joblog imports the printed-log shapes: only for such a file)

    found = joblog.read("\n".join(t.replace("\r", "\n") for t in texts).encode() + b"\n", path)
    if not len(found.scalars):
        from . import UnreadableFile  # noqa: PLC0415

        raise UnreadableFile(Problem(path, f"JSON lines of {len(texts)} logging records whose message texts hold no "
                                           "training values a printed-log shape reads; no training history"))
    problems.append(Problem(path, f"JSON lines of {len(texts)} logging records: their numbers are only in the "
                                  "message text, read as the printed log the messages make"))
    problems.extend(found.problems)
    frame = found.scalars
    for tag, step, value in zip(frame["tag"].astype(str), frame["step"], frame["value"]):
        table.add(tag, int(step), float(value))
