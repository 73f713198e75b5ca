"""TensorBoard event files (``events.out.tfevents.*``): scalars, histograms and hparams.

The framing and protobuf decoding is done by the C extension ``_tfevents`` when it was built, else by the
pure-Python ``_tfevents_py`` (identical output; ``LOGANALYZER_PURE_PYTHON=1`` forces it). What counts as a scalar
is what tbparse returns in ``.scalars`` plus the rank-0 numeric tensors of ``.tensors``: ``simple_value`` from
torch/tensorboardX/TF1 writers, and rank-0 tensors (``float_val``, ``double_val``, ``tensor_content``, ...) from
TF2, Keras and ``new_style`` torch writers.
"""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pandas only where a DataFrame is built: a scan's bare-columns path never imports it
    import pandas as pd

from ..runs import Problem
from . import NO_ROWS, ReadResult, ScalarColumns, UnreadableFile, empty_frame
from . import _tfevents_py
from ._epoch_counter import continue_epoch_counters
from ._lightning_eval import in_events as lightning_eval_batches
from ._lightning_sanity import drop_sanity
from ._p2pnet_events import p2pnet_evaluations
from ._horizon_tests import horizon_tests
from ._shared_split import shared_in_events

try:
    from . import _tfevents as _tfevents_c
except ImportError:  # no compiler where it was installed: the pure-Python decoder does the same, slower
    _tfevents_c = None

# More problems than this per file are summed up in one line; a wrecked file should not bury the report.
MAX_PROBLEMS_PER_FILE = 20


def have_c_decoder() -> bool:
    return _tfevents_c is not None


def decode(data, details: bool = False, pure_python: bool | None = None) -> dict:
    """Decode an event file's bytes into columns.

    Returns a dict: ``tags`` (unique tags in first-appearance order), ``plugins`` (plugin name per tag, from its
    first value carrying metadata), ``tag_index``/``step``/``value``/``wall_time`` (bytes of int32/int64/float64,
    one entry per scalar point in written order), ``problems`` ([(byte offset, message)]), ``restarts``
    ([(point index, step)] for SessionLog.START), ``histograms`` ([(tag index, step, wall_time, offset, length,
    'histo'|'tensor')], only with ``details``), ``hparams`` ([(tag index, offset, length)] of hparams plugin
    contents, only with ``details``), ``file_version`` and ``records`` (records with a valid CRC).
    """
    if pure_python is None:
        pure_python = _tfevents_c is None or os.environ.get("LOGANALYZER_PURE_PYTHON") == "1"
    if pure_python:
        return _tfevents_py.decode(data, details)
    return _tfevents_c.decode(data, details)


def _problems(path: str, raw: list) -> tuple[Problem, ...]:
    out = [Problem(path, message, offset=offset) for offset, message in raw[:MAX_PROBLEMS_PER_FILE]]
    if len(raw) > MAX_PROBLEMS_PER_FILE:
        out.append(Problem(path, f"{len(raw) - MAX_PROBLEMS_PER_FILE} more problems like these not shown"))
    return tuple(out)


def _check_readable(decoded: dict, data, path: str) -> None:
    if len(data) == 0:
        raise UnreadableFile(Problem(path, "empty file (the writer may not have flushed yet)"))
    if decoded["records"] == 0:
        first = next(iter(decoded["problems"]), (None, ""))
        if first[0] == 0 and first[1].startswith("truncated record at end of file (header says"):
            # its first record header is whole (length and CRC check out), its data cut short: an event file cut
            # off, not some other file (newcomer41: 30 bytes were "not a TensorBoard event file")
            said = first[1][first[1].index("(") + 1:].rstrip(")")
            raise UnreadableFile(Problem(path, f"a truncated event file (its first record's {said}): no whole record "
                                               "to read", offset=0))
        if bytes(data[:2]) == b"\x1f\x8b":  # gzip's magic: 'gzip events.out.tfevents.*' (discover_compressed)
            raise UnreadableFile(Problem(path, "a gzip-compressed event file: not read -- the scan reads uncompressed "
                                               f"files only; decompress it (gunzip -k '{os.path.basename(path)}')",
                                         offset=0))
        raise UnreadableFile(Problem(path, "not a TensorBoard event file (no valid record found)"))


def _no_rows() -> pd.DataFrame:
    return NO_ROWS  # the empty table, a DataFrame only when used


def read_columns(data, path: str) -> tuple[ScalarColumns, ReadResult]:
    """Like ``read`` but the points come as bare columns (the loader's fast path); the ReadResult carries the
    problems, restarts and hparams and an empty table."""
    decoded = decode(data, details=True)
    _check_readable(decoded, data, path)
    columns = ScalarColumns(
        tags=decoded["tags"],
        tag_codes=np.frombuffer(decoded["tag_index"], dtype=np.int32).astype(np.int64),
        steps=np.frombuffer(decoded["step"], dtype=np.int64),
        values=np.frombuffer(decoded["value"], dtype=np.float64),
        wall_times=np.frombuffer(decoded["wall_time"], dtype=np.float64),
    )
    problems = _problems(path, decoded["problems"])
    columns, placed = drop_sanity(columns, path)  # a user's own write of Lightning's sanity-check validation
    problems += tuple(placed)
    columns, placed = lightning_eval_batches(columns, path)  # step-level validation metrics on the global step
    problems += tuple(placed)
    columns, placed = continue_epoch_counters(columns, path, decoded["restarts"])  # a step restarting each epoch
    problems += placed
    columns, placed = p2pnet_evaluations(columns, path)  # P2PNet's metric/mae at its evaluation counter
    problems += tuple(placed)
    columns, placed = horizon_tests(columns, path)  # one test's per-horizon errors at steps 0..11: no curve
    problems += tuple(placed)
    if len(columns) == 0 and not problems:  # said, never a silent 0 rows (damage says why on its own)
        problems += (Problem(path, no_scalar_line(decoded)),)
    for tag, n_train, n_val in shared_in_events(columns.tags, columns.tag_codes, columns.steps):
        problems += (Problem(path, f"tag {tag!r} holds training and validation values ({n_train} point(s) written "
                                   f"with the training series, {n_val} with the validation ones: one name logged from "
                                   "both training_step and validation_step?); an event file cannot tell them apart, "
                                   "so the series mixes both"),)
    meta = ReadResult(
        scalars=_no_rows(),  # the points are in `columns`; a shared empty table costs nothing per file
        problems=problems,
        restarts=tuple((int(i), int(s)) for i, s in decoded["restarts"]),
        hparams=_hparams(decoded, data),
    )
    return columns, meta


# plugin name (SummaryMetadata.PluginData.plugin_name, tensorboard/plugins/*/metadata.py) -> what a user calls it
_PLUGIN_WORDS = {"text": "text", "hparams": "hparams", "histograms": "histogram", "images": "image",
                 "audio": "audio", "pr_curves": "PR curve", "mesh": "mesh", "custom_scalars": "custom-scalars layout",
                 "projector": "projector", "graph_keras_model": "graph", "": "untyped"}


def no_scalar_line(decoded: dict) -> str:
    """The line saying why an event file gives no point: what its records hold instead (the tags of its text,
    hparams, histogram... summaries, by their plugin name), or that it holds nothing past the file header (the
    writer opened it and the job stopped before logging: HF's Trainer writes its ``args``/``model_config`` text at
    start-up, so a run stopped before its first log leaves text records only)."""
    kinds: dict[str, list[str]] = {}
    for tag, plugin in zip(decoded["tags"], decoded["plugins"]):
        kinds.setdefault(_PLUGIN_WORDS.get(plugin, plugin), []).append(tag)
    if decoded["histograms"] and "histogram" not in kinds:
        kinds["histogram"] = []
    if not kinds:
        if decoded["records"] <= 1:
            return "holds no scalar: only the file header (nothing was logged after the writer opened it)"
        return (f"holds no scalar: only {decoded['records'] - 1} record(s) of other kinds (graph, run metadata), "
                "no summary value")
    parts = []
    for kind, tags in kinds.items():
        shown = ", ".join(tags[:3]) + (f", ... ({len(tags) - 3} more)" if len(tags) > 3 else "")
        parts.append(f"{kind} ({shown})" if tags else kind)
    hint = " (a run stopped before its first log?)" if set(kinds) <= {"text", "hparams"} else ""
    return "holds no scalar: only " + "; ".join(parts) + " records -- nothing logged with add_scalar" + hint


def read(data, path: str) -> ReadResult:
    """All scalar points of one event file, in written order, and its hparams (``add_hparams``)."""
    import pandas as pd
    columns, meta = read_columns(data, path)
    if len(columns) == 0:
        frame = empty_frame()
    else:
        # the same tag text twice (two invalid byte strings decoded alike) becomes one category
        first: dict[str, int] = {}
        remap = np.array([first.setdefault(t, len(first)) for t in columns.tags], dtype=np.int64)
        cat = pd.Categorical.from_codes(remap[columns.tag_codes], categories=pd.Index(list(first), dtype=object),
                                        validate=False).remove_unused_categories()
        frame = pd.DataFrame(
            {"tag": cat, "step": columns.steps, "value": columns.values, "wall_time": columns.wall_times},
            copy=False,
        )
    return ReadResult(scalars=frame, problems=meta.problems, restarts=meta.restarts, hparams=meta.hparams)


# ---------------------------------------------------------------- histograms


def _histo_proto(b, start: int, end: int) -> dict:
    """HistogramProto: min 1, max 2, num 3, sum 4, sum_squares 5, bucket_limit 6, bucket 7 (doubles)."""
    out = {"min": 0.0, "max": 0.0, "num": 0.0, "sum": 0.0, "sum_squares": 0.0}  # proto3: zero is left out
    limits: list[np.ndarray] = []
    buckets: list[np.ndarray] = []
    names = {1: "min", 2: "max", 3: "num", 4: "sum", 5: "sum_squares"}
    for field, wt, s, nxt in _tfevents_py._fields(b, start, end):
        if field in names and wt == 1:
            out[names[field]] = float(np.frombuffer(b, dtype="<f8", count=1, offset=s)[0])
        elif field in (6, 7):
            if wt == 2:
                ps, pe = _tfevents_py._ld(b, s, end)
                arr = np.frombuffer(b, dtype="<f8", count=(pe - ps) // 8, offset=ps)
            elif wt == 1:
                arr = np.frombuffer(b, dtype="<f8", count=1, offset=s)
            else:
                continue
            (limits if field == 6 else buckets).append(arr)
    out["bucket_limit"] = np.concatenate(limits) if limits else np.empty(0)
    out["bucket"] = np.concatenate(buckets) if buckets else np.empty(0)
    return out


def _histo_tensor(b, start: int, end: int) -> dict | None:
    """TF2 histogram: a [k, 3] float tensor of (left edge, right edge, count) rows."""
    dims = []
    dtype = 0
    content = None
    floats: list[np.ndarray] = []
    doubles: list[np.ndarray] = []
    for field, wt, s, nxt in _tfevents_py._fields(b, start, end):
        if field == 1 and wt == 0:
            dtype = _tfevents_py._varint(b, s, end)[0]
        elif field == 2 and wt == 2:
            ds, de = _tfevents_py._ld(b, s, end)
            for f2, wt2, s2, _ in _tfevents_py._fields(b, ds, de):
                if f2 == 2 and wt2 == 2:
                    xs, xe = _tfevents_py._ld(b, s2, de)
                    for f3, wt3, s3, _ in _tfevents_py._fields(b, xs, xe):
                        if f3 == 1 and wt3 == 0:
                            dims.append(_tfevents_py._varint(b, s3, xe)[0])
        elif field == 4 and wt == 2:
            content = _tfevents_py._ld(b, s, end)
        elif field == 5 and wt == 2:
            ps, pe = _tfevents_py._ld(b, s, end)
            floats.append(np.frombuffer(b, dtype="<f4", count=(pe - ps) // 4, offset=ps))
        elif field == 6 and wt == 2:
            ps, pe = _tfevents_py._ld(b, s, end)
            doubles.append(np.frombuffer(b, dtype="<f8", count=(pe - ps) // 8, offset=ps))
    if len(dims) != 2 or dims[1] != 3:
        return None
    k = dims[0]
    if content is not None and content[1] > content[0]:
        item = {1: "<f4", 2: "<f8"}.get(dtype)
        if item is None:
            return None
        arr = np.frombuffer(b, dtype=item, count=(content[1] - content[0]) // np.dtype(item).itemsize,
                            offset=content[0])
    else:
        arr = np.concatenate(floats or doubles) if (floats or doubles) else np.empty(0)
    if arr.size != k * 3:
        return None
    rows = arr.astype(np.float64).reshape(k, 3)
    counts = rows[:, 2]
    num = counts.sum()
    centers = (rows[:, 0] + rows[:, 1]) / 2
    return {
        "min": float(rows[0, 0]) if k else np.nan,
        "max": float(rows[-1, 1]) if k else np.nan,
        "num": float(num),
        "sum": float((centers * counts).sum()),
        "sum_squares": float((centers * centers * counts).sum()),
        "bucket_limit": rows[:, 1].copy(),
        "bucket": counts.copy(),
    }


HISTOGRAM_COLUMNS = ("tag", "step", "wall_time", "min", "max", "num", "sum", "sum_squares", "bucket_limit", "bucket")


def read_histograms(data, path: str) -> pd.DataFrame:
    """Histogram summaries of one event file (HistogramProto and TF2 [k, 3] tensors), in written order.

    Problems met (framing and malformed histograms) are in ``frame.attrs["problems"]``."""
    import pandas as pd
    decoded = decode(data, details=True)
    _check_readable(decoded, data, path)
    b = memoryview(data).cast("B")
    rows = []
    problems = list(_problems(path, decoded["problems"]))
    for tag_index, step, wall, offset, length, kind in decoded["histograms"]:
        try:
            h = _histo_proto(b, offset, offset + length) if kind == "histo" else _histo_tensor(b, offset, offset + length)
        except _tfevents_py._Malformed:
            problems.append(Problem(path, f"malformed histogram for tag {decoded['tags'][tag_index]!r}", offset=offset))
            continue
        if h is None:
            continue
        rows.append({"tag": decoded["tags"][tag_index], "step": int(step), "wall_time": float(wall), **h})
    frame = pd.DataFrame(rows, columns=list(HISTOGRAM_COLUMNS))
    frame["step"] = frame["step"].astype(np.int64)
    frame.attrs["problems"] = tuple(problems)
    return frame


# ---------------------------------------------------------------- hparams


def _hparam_value(b, start: int, end: int):
    """google.protobuf.Value: null 1, number 2 (double), string 3, bool 4 (struct/list values are skipped)."""
    value = None
    for field, wt, s, nxt in _tfevents_py._fields(b, start, end):
        if field == 2 and wt == 1:
            value = float(np.frombuffer(b, dtype="<f8", count=1, offset=s)[0])
        elif field == 3 and wt == 2:
            a, z = _tfevents_py._ld(b, s, end)
            value = bytes(b[a:z]).decode("utf-8", "replace")
        elif field == 4 and wt == 0:
            value = bool(_tfevents_py._varint(b, s, end)[0])
    return value


def _session_start_hparams(b, start: int, end: int) -> dict:
    """HParamsPluginData.session_start_info (field 3) -> SessionStartInfo.hparams (map field 1)."""
    out: dict[str, object] = {}
    for field, wt, s, nxt in _tfevents_py._fields(b, start, end):
        if field != 3 or wt != 2:
            continue
        ss, se = _tfevents_py._ld(b, s, end)
        for f2, wt2, s2, _ in _tfevents_py._fields(b, ss, se):
            if f2 != 1 or wt2 != 2:
                continue
            es, ee = _tfevents_py._ld(b, s2, se)  # map entry: key 1, value 2
            key, value = None, None
            for f3, wt3, s3, _ in _tfevents_py._fields(b, es, ee):
                if f3 == 1 and wt3 == 2:
                    a, z = _tfevents_py._ld(b, s3, ee)
                    key = bytes(b[a:z]).decode("utf-8", "replace")
                elif f3 == 2 and wt3 == 2:
                    a, z = _tfevents_py._ld(b, s3, ee)
                    value = _hparam_value(b, a, z)
            if key is not None:
                out[key] = value
    return out


def read_hparams(data, path: str) -> dict:
    """Hyperparameters recorded with ``add_hparams`` / the hparams plugin (session_start_info), {} if none."""
    decoded = decode(data, details=True)
    _check_readable(decoded, data, path)
    return _hparams(decoded, data)


def _hparams(decoded: dict, data) -> dict:
    if not decoded["hparams"]:
        return {}
    b = memoryview(data).cast("B")
    out: dict[str, object] = {}
    for _tag_index, offset, length in decoded["hparams"]:
        try:
            out.update(_session_start_hparams(b, offset, offset + length))
        except _tfevents_py._Malformed:
            continue
    return out
