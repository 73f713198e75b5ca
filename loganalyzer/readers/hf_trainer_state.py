"""HuggingFace Trainer ``trainer_state.json``.

``log_history`` is a list of dicts, each logged at its ``step``: training entries (``loss``, ``grad_norm``,
``learning_rate``, ``epoch``), evaluation entries (``eval_loss``, ``eval_<metric>``, ``eval_runtime``...), a final
summary (``train_loss``, ``train_runtime``...). Every numeric key but ``step`` becomes a tag at the entry's step
(``epoch`` too: a float, kept so later stages can align steps and epochs); strings, bools and lists are skipped.
An entry without a step (appended by user code, e.g. predict metrics) takes the step of the entry before it.
The Trainer writes with ``json.dumps``, so NaN/±Inf appear as the bare tokens ``NaN``/``Infinity``/``-Infinity``,
which ``json`` reads back as floats. The file has no wall-clock times.
"""
from __future__ import annotations

import json
import math
import os

import numpy as np  # pandas: imported only where a DataFrame is built (a scan never does)

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, _repeated_evals, scalar_frame
from ._text import Problems, clean_text, no_rows
from ._json_trailing import note as trailing_note, without_trailing_commas

try:  # optional: the same objects, faster (``_loads``)
    import orjson
except ImportError:  # pragma: no cover - json alone
    orjson = None
try:  # the C twin of ``_points_by_shape_py`` (setup.py builds it when a compiler is there)
    from . import _hfhistory
except ImportError:  # pragma: no cover - the Python twin: the same output
    _hfhistory = None

FILE_NAME = "trainer_state.json"
# 19 digits in a row: an integer that may not fit in 64 bits (orjson would give a float). Found by mapping every
# digit to 0 and anything else to a space, then one substring search (a regex scans each run of digits again and
# again: slower than orjson's whole parse).
_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_DIGITS = b"0" * 19


def _long_digits(raw: bytes, pure_python: bool | None = None) -> bool:
    """Whether ``raw`` holds 19 digits in a row: the C extension's one pass when built (~25x faster on a 25 KB
    file), else the translate-and-search twin (``LOGANALYZER_PURE_PYTHON=1`` too); the same answer."""
    if pure_python is None:
        pure_python = _hfhistory is None or os.environ.get("LOGANALYZER_PURE_PYTHON") == "1"
    if not pure_python:
        return _hfhistory.has_digit_run(raw, len(_LONG_DIGITS))
    return raw.translate(_DIGITS_AS_ZERO).find(_LONG_DIGITS) >= 0

# Top-level fields worth showing next to a verdict (the run's length, batch size, schedule, best checkpoint).
HPARAM_KEYS = (
    "global_step", "max_steps", "num_train_epochs", "epoch", "train_batch_size", "logging_steps", "eval_steps",
    "save_steps", "best_metric", "best_global_step", "best_model_checkpoint", "total_flos", "num_input_tokens_seen",
    "trial_name", "trial_params",
)


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _as_float(value) -> float:
    try:
        return float(value)
    except OverflowError:  # an integer beyond float range
        return math.copysign(math.inf, value)


def _loads(raw: bytes):
    """``json.loads`` of the file, through orjson (3x faster) when installed and it gives the very same objects: it
    refuses the Trainer's bare NaN/Infinity, numbers past float range, lone surrogates and deep nesting (json then
    reads the file, and says what is wrong), and turns integers past 64 bits into floats (so a file holding 19
    digits in a row goes to json). Floats are correctly rounded by both (tests/test_read_speed_json.py)."""
    if orjson is not None and not _long_digits(raw):
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw.decode("utf-8"))


_HISTORY = b'"log_history":'
CUT = "inside its JSON (cut short"  # in the warning of a file read up to its cut (load_sources.trim_cut_copies)


def _salvage(raw: bytes, error: json.JSONDecodeError) -> tuple[dict | None, int | None]:
    """The whole ``log_history`` entries of a file cut short while it was written (``error`` is at its end: the
    input ran out; json.dumps writes every entry whole, so each one that parses is as logged), and the line of the
    cut; (None, None) for a file that is damaged otherwise, or holds no whole entry."""
    text = raw.rstrip()
    start = text.find(_HISTORY)
    at_end = error.pos >= len(error.doc.rstrip()) - 1 or (
        error.msg.startswith("Unterminated string") and '"' not in error.doc[error.pos + 1:])
    if not text or not at_end or start < 0:
        return None, None
    body = text[start + len(_HISTORY):].decode("utf-8", "replace")
    i = body.find("[")
    if i < 0 or body[:i].strip():
        return None, None
    decoder = json.JSONDecoder()
    entries: list = []
    i += 1
    while True:
        while i < len(body) and body[i] in " \t\r\n,":
            i += 1
        if i >= len(body) or body[i] == "]":
            break
        try:
            entry, i = decoder.raw_decode(body, i)
        except json.JSONDecodeError:
            break
        entries.append(entry)
    if not entries:
        return None, None
    return {"log_history": entries}, raw.count(b"\n", 0, len(text)) + 1


def read(data, path: str) -> ReadResult:
    import pandas as pd
    tags, codes, steps, values, problems, hparams = _parse(data, path)
    tag_order = pd.Categorical.from_codes(codes, categories=tags, validate=False)
    return ReadResult(scalar_frame(tag_order, steps, values), problems, hparams=hparams)


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """``read`` with the points as bare columns (the loader's fast path: no DataFrame)."""
    tags, codes, steps, values, problems, hparams = _parse(data, path)
    columns = ScalarColumns(tags, codes, steps, values, np.full(len(steps), np.nan))
    return columns, ReadResult(no_rows(), problems, hparams=hparams)


def _parse(data, path: str) -> tuple:
    """``_points``, with one line saying so when the file gives no point (never a silent 0 rows)."""
    tags, codes, steps, values, problems, hparams = _points(data, path)
    if not len(steps):
        problems += (Problem(path, _no_scalar_line(hparams)),)
    return tags, codes, steps, values, problems, hparams


def _no_scalar_line(hparams: dict) -> str:
    """Why a trainer_state.json gives no point: an empty ``log_history`` (the Trainer saved its state -- a checkpoint,
    ``save_state()`` -- before its first log, every ``logging_steps`` steps) or entries holding no number."""
    at = ", ".join(f"{k} {hparams[k]}" for k in ("global_step", "logging_steps") if k in hparams)
    return ("holds no scalar: its 'log_history' holds no number -- the Trainer saved its state before its first "
            f"log{f' ({at})' if at else ''}")


def _points(data, path: str) -> tuple:
    raw, damage = clean_text(data, path)  # a zero-filled tail after the JSON is cut off, with a warning
    fast = _nan_logged(raw)
    if fast is not None:
        problems = Problems(path)
        problems.extend(damage)
        return (*fast[0], problems.result(), fast[1])
    cut = trailing = None
    try:
        state = _loads(raw)
    except json.JSONDecodeError as e:
        trailing = without_trailing_commas(raw.decode("utf-8", "replace"))  # '},\n}': whole, no cut (_json_trailing)
        state, cut = (trailing[0], None) if trailing is not None else _salvage(raw, e)
        if state is None:
            raise UnreadableFile(
                Problem(path, f"invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})", line=e.lineno)
            ) from None
    except RecursionError:
        raise UnreadableFile(Problem(path, "invalid JSON: nested too deeply")) from None
    if not isinstance(state, dict) or not isinstance(state.get("log_history"), list):
        raise UnreadableFile(Problem(path, "no 'log_history' list: not a HuggingFace trainer_state.json"))

    problems = Problems(path)
    problems.extend(damage)
    if trailing is not None:
        problems.add(trailing_note(), line=trailing[1])
    if cut is not None:
        problems.add(f"the file ends at byte {len(raw):,}, {CUT}: the job stopped while "
                     f"writing it?); the {len(state['log_history']):,} whole log_history entries before the cut are "
                     "read, the rest of the file is not", line=cut)
    hparams = {k: state[k] for k in HPARAM_KEYS if state.get(k) is not None}
    state["log_history"], again = _repeated_evals.drop(state["log_history"])  # evaluate() again: one point
    if again:
        problems.add(again)
    fast = _points_by_shape(state["log_history"])
    if fast is not None:
        return (*fast, problems.result(), hparams)
    tag_codes: dict[str, int] = {}  # tag -> its code, in first-seen order
    codes, steps, values = [], [], []
    last_step = None
    for i, entry in enumerate(state["log_history"]):
        if not isinstance(entry, dict):
            problems.add(f"log_history[{i}] is not an object ({type(entry).__name__}); entry skipped")
            continue
        step = entry.get("step")
        if step is None:
            # Entries appended by user code (e.g. predict metrics after an evaluation) carry no step: they belong
            # where the run was when they were logged, the step of the entry before.
            if last_step is None:
                problems.add(f"log_history[{i}] has no 'step' and no entry before it has one; entry skipped")
                continue
            step = last_step
        elif not _is_number(step) or not math.isfinite(step) or step != int(step) or abs(step) >= 2**63:
            problems.add(f"log_history[{i}] has 'step' {step!r}, not a whole number; entry skipped")
            continue
        last_step = int(step)
        for key, value in entry.items():
            kind = type(value)  # json.loads gives exact int/float/bool: the same test as _is_number, inlined
            if (kind is float or kind is int) and key != "step":
                code = tag_codes.get(key)
                if code is None:
                    code = tag_codes[key] = len(tag_codes)
                codes.append(code)
                steps.append(last_step)
                values.append(value if kind is float else _as_float(value))
    return (list(tag_codes), np.array(codes, dtype=np.int64), np.array(steps, dtype=np.int64),
            np.array(values, dtype=np.float64), problems.result(), hparams)


_NUMERIC = frozenset({float, int})
# A logged NaN (the Trainer writes ``"loss": NaN``, which orjson refuses) read by orjson as this number, then put
# back: only where every one comes back as a point (none in a string or a top-level field), else json reads it all.
_NAN_TEXT = b"-1.2345678901234567e300"
_NAN_STANDIN = float(_NAN_TEXT)


def _nan_logged(raw: bytes) -> tuple | None:
    """``_parse``'s points and hparams of a file whose log holds ``NaN`` values, through orjson; None when it has
    none, or anything else json alone reads (``Infinity``, the stand-in's own text, a shape ``_points_by_shape``
    leaves to the per-entry loop, a NaN outside the points)."""
    # b"N" first: one memchr, where a 6-byte needle scans digit-heavy text at ~10 ns a byte (NOTES, issue 12)
    if orjson is None or b"N" not in raw or b": NaN" not in raw or b"Infinity" in raw or _NAN_TEXT in raw:
        return None
    count = raw.count(b": NaN")
    try:
        state = orjson.loads(raw.replace(b": NaN", b": " + _NAN_TEXT))
    except orjson.JSONDecodeError:
        return None
    if not isinstance(state, dict) or not isinstance(state.get("log_history"), list) \
            or _long_digits(raw):
        return None
    fast = _points_by_shape(state["log_history"])
    if fast is None:
        return None
    values = fast[3]
    standin = values == _NAN_STANDIN
    if int(standin.sum()) != count:
        return None
    values[standin] = np.nan
    return fast, {k: state[k] for k in HPARAM_KEYS if state.get(k) is not None}


def _points_by_shape(history: list) -> tuple | None:
    """``_points_by_shape_py`` by the C extension ``_hfhistory`` when built (``LOGANALYZER_PURE_PYTHON=1``: the
    Python twin; so is a history of more than 64 shapes)."""
    if _hfhistory is not None and os.environ.get("LOGANALYZER_PURE_PYTHON") != "1":
        got = _hfhistory.points(history)
        if got is None:
            return None
        if got is not NotImplemented:
            tags, codes, steps, values = got
            return (tags, np.frombuffer(codes, dtype=np.int64), np.frombuffer(steps, dtype=np.int64),
                    np.frombuffer(values, dtype=np.float64))
    return _points_by_shape_py(history)


def _points_by_shape_py(history: list) -> tuple | None:
    """``_parse``'s points (tags, codes, steps, values) read a shape at a time -- entries with the same keys in the
    same order (the Trainer writes a handful: training, evaluation, summary), their values as columns -- in the
    same order; None when an entry is no object, has no whole ``step`` of type int, or a key holds numbers in some
    entries of a shape and something else in others: the per-entry loop then reads it (and says what is wrong)."""
    if not history or set(map(type, history)) != {dict}:
        return None
    keys_of = list(map(tuple, history))
    shapes = {keys: j for j, keys in enumerate(dict.fromkeys(keys_of))}  # by first entry
    shape_of = np.fromiter(map(shapes.__getitem__, keys_of), dtype=np.int64, count=len(keys_of))
    tag_codes: dict[str, int] = {}
    parts = []  # (entry indices, value matrix, codes, steps) of each shape
    for keys, j in shapes.items():
        if "step" not in keys:
            return None
        rows = np.flatnonzero(shape_of == j) if len(shapes) > 1 else np.arange(len(history))
        entries = [history[i] for i in rows.tolist()]
        columns = list(zip(*map(dict.values, entries)))
        step = columns[keys.index("step")]
        if set(map(type, step)) != {int} or max(step) >= 2**63 or min(step) <= -2**63:
            return None
        kept, codes = [], []
        for key, column in zip(keys, columns):
            if key == "step":
                continue
            kinds = set(map(type, column))
            if not kinds & _NUMERIC:
                continue  # text, bools, lists, None: no series
            if not kinds <= _NUMERIC:
                return None
            kept.append(column)
            codes.append(tag_codes.setdefault(key, len(tag_codes)))
        try:
            values = np.array(kept, dtype=np.float64).T if kept else np.empty((len(rows), 0))
        except OverflowError:  # an integer beyond float range: _as_float's infinity, per entry
            return None
        parts.append((rows, values, np.array(codes, dtype=np.int64),
                      np.array(step, dtype=np.int64)))
    per_entry = np.zeros(len(history), dtype=np.int64)
    for rows, values, _, _ in parts:
        per_entry[rows] = values.shape[1]
    offsets = np.cumsum(per_entry) - per_entry
    total = int(per_entry.sum())
    codes, steps, values = (np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64),
                            np.empty(total, dtype=np.float64))
    for rows, matrix, tag, step in parts:
        at = offsets[rows][:, None] + np.arange(matrix.shape[1])
        codes[at] = tag
        steps[at] = step[:, None]
        values[at] = matrix
    return list(tag_codes), codes, steps, values
