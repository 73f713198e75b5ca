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

import numpy as np  # pandas: imported only where a DataFrame is built (a scan never does)

from ..runs import Problem
from . import ReadResult, ScalarColumns, UnreadableFile, scalar_frame
from ._text import Problems, clean_text, no_rows

try:  # optional: the same objects, faster (``_loads``)
    import orjson
except ImportError:  # pragma: no cover - json alone
    orjson = None

FILE_NAME = "trainer_state.json"
# 19 digits in a row: an integer that may not fit in 64 bits (orjson would give a float). Found by mapping every
# digit to 0 and anything else to a space, then one substring search (a regex scans each run of digits again and
# again: slower than orjson's whole parse).
_DIGITS_AS_ZERO = bytes(48 if 48 <= b <= 57 else 32 for b in range(256))
_LONG_DIGITS = b"0" * 19

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
    if orjson is not None and raw.translate(_DIGITS_AS_ZERO).find(_LONG_DIGITS) < 0:
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
    raw, damage = clean_text(data, path)  # a zero-filled tail after the JSON is cut off, with a warning
    cut = None
    try:
        state = _loads(raw)
    except json.JSONDecodeError as e:
        state, cut = _salvage(raw, e)
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
    if cut is not None:
        problems.add(f"the file ends at byte {len(raw):,}, {CUT}: the job stopped while "
                     f"writing it?); the {len(state['log_history']):,} whole log_history entries before the cut are "
                     "read, the rest of the file is not", line=cut)
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
    hparams = {k: state[k] for k in HPARAM_KEYS if state.get(k) is not None}
    return (list(tag_codes), np.array(codes, dtype=np.int64), np.array(steps, dtype=np.int64),
            np.array(values, dtype=np.float64), problems.result(), hparams)
