"""W&B run directories: the ``run-<id>.wandb`` record log in ``wandb/run-YYYYMMDD_HHMMSS-<id>/`` or
``wandb/offline-run-YYYYMMDD_HHMMSS-<id>/`` (what ``WANDB_MODE=offline`` leaves for ``wandb sync``).

Read without the wandb package. Format facts, from wandb's own source (github.com/wandb/wandb):

- Framing: LevelDB-log-style chunks in 32 KiB blocks after a ``:W&B`` file header, CRC-32 checked; see
  ``_wandb_log`` (from ``wandb/sdk/internal/datastore.py`` and ``core/pkg/leveldb/record.go``).
- Payloads are ``wandb_internal.Record`` protobufs (``wandb/proto/wandb_internal.proto``): ``history`` = 2,
  ``summary`` = 3, ``config`` = 5, ``run`` = 17, ``exit`` = 18. ``HistoryRecord``: ``item`` = 1
  (``HistoryItem``: ``key`` = 1, ``nested_key`` = 2 repeated, ``value_json`` = 16), ``step`` = 2
  (``HistoryStep.num`` = 1). ``SummaryRecord``/``ConfigRecord``: ``update`` = 1, ``remove`` = 2, items with the
  same three fields. ``RunRecord``: ``run_id`` = 1, ``project`` = 3, ``config`` = 4, ``display_name`` = 8,
  ``resumed`` = 18. ``RunExitRecord.exit_code`` = 1.

Scalars: one history record is one ``wandb.log`` row. Its ``_step`` item is the step (``HistoryStep.num`` when
it is missing), unless ``define_metric`` (``MetricRecord`` = 12: ``name`` = 1, ``glob_name`` = 2, ``step_metric``
= 4) charts the key against a step metric (an integer; the last logged value when the row lacks it, as wandb's
``step_sync``): then that value, the W&B UI's x axis
(Lightning's ``WandbLogger``: ``trainer/global_step``; HF's ``WandbCallback``: ``train/global_step``; ``_step``
only counts ``wandb.log`` calls). ``_timestamp`` (seconds since the epoch) is the wall time; every other item whose JSON value is a
number (``NaN``/``Infinity`` included) is a point, tag = ``key``, or the ``nested_key`` parts joined with ``.``
(wandb 0.31 writes ``wandb.log({"a": {"b": 1}})`` as ``nested_key ["a", "b"]``; the W&B UI shows ``a.b``).
``_runtime`` (seconds since start, in every row) is W&B's bookkeeping as ``_step`` and ``_timestamp`` are, no series
(public alpaca/korquad runs: a ``_runtime`` series on the ``_step`` axis beside the metrics on ``train/global_step``).
Media and other non-numbers are not scalars, nor the numbers of a media record (``img._type`` = ``"image-file"``
beside ``img.height``/``img.width``/``img.size``: an image's metadata). A step metric
counting steps (``trainer/global_step``, ``train/global_step``) is the x axis, not a series of its own (bookkeeping,
as ``_step``, and as a CSV's step column); an ``epoch`` step metric stays a series (the epoch is one in every
reader). A file giving no point says so in one line: only config/metadata records (no ``wandb.log`` row), or rows
holding nothing but W&B's own ``_runtime``.

Sessions: a step metric going back (``_step`` never does) means a new training logged into the same W&B run (a
second ``trainer.train(resume_from_checkpoint=...)`` in one process: HF's ``WandbCallback`` reuses the open run);
the first point of each such row is in ``ReadResult.sessions``, so that the resolved view applies the resume rules
(``later_session_replaces``...) to it as to another file. The raw view keeps every point.

hparams: the config (run record plus config records; nested dicts flattened with ``.``; wandb's own ``_wandb``
entry left out), the final summary as ``summary/<key>`` (updates applied in order), and ``wandb.run_id``,
``wandb.name``, ``wandb.project``, ``wandb.resumed``, ``wandb.exit_code`` when recorded.

Damage (``_wandb_log``): a damaged chunk is reported with its byte offset and reading resumes at the next intact
record; a file cut mid-record keeps every complete record before the cut. A record that is no valid protobuf is
skipped with its offset. Faults of one kind collapse into one line with a count.
"""
from __future__ import annotations

import json
import math

import numpy as np  # pandas: imported only where a DataFrame is built (a scan never does)

from ..runs import Problem
from . import ReadResult, scalar_frame
from ._tfevents_py import _Malformed, _varint
from ._wandb_log import Faults, check_header, records

# Record fields (wandb/proto/wandb_internal.proto)
_HISTORY, _SUMMARY, _CONFIG, _METRIC, _RUN, _EXIT = 2, 3, 5, 12, 17, 18
# a step metric so named counts steps: it is the x axis of the keys charted against it, no series of its own (as a
# CSV's step column); an ``epoch`` step metric stays a series, as the epoch does in every reader
_AXIS_NAMES = frozenset({b"global_step", b"step", b"steps"})
_OWN_CLOCKS = frozenset({b"_runtime"})  # numbers W&B adds to every row itself: no metric of the script's


def _no_scalar_line(reader: "_Reader") -> str:
    """Why a ``.wandb`` file gives no point: no ``wandb.log`` row at all (only config/metadata records: a run stopped
    before its first log, or one that only set its config), or rows holding no number (media, text)."""
    if reader.rows:
        return (f"holds no scalar of its own: its {reader.rows} history row(s) hold no number but W&B's own "
                "_runtime/_step/_timestamp (media, tables or text only)")
    return ("holds no scalar: only config/metadata records (run, config, summary, system), no history row -- "
            "nothing was logged with wandb.log (a run stopped before its first log?)")


def _payload(b: bytes, p: int, end: int) -> tuple[int, int]:
    """Start and end of the payload of a length-delimited field whose length varint is at b[p] (a one-byte length,
    nearly all of them here, read inline)."""
    if p >= end:
        raise _Malformed
    n = b[p]
    if n < 0x80:
        p += 1
    else:
        n, p = _varint(b, p, end)
    z = p + n
    if z > end:
        raise _Malformed
    return p, z


def _parts(b: bytes, p: int, end: int) -> list[tuple[int, int, int, int]]:
    """(field, wire type, a, z) of each field of the message in b[p:end]: the payload's start and end for a
    length-delimited field, (value, 0) for a varint, positions for fixed-size fields. One list, not a generator,
    with the one-byte keys (nearly all of them here) read inline: the fields of every history and summary record
    pass through here."""
    out = []
    while p < end:
        key = b[p]
        if key < 0x80:
            p += 1
        else:
            key, p = _varint(b, p, end)
        wt = key & 7
        if wt == 2:
            p, z = _payload(b, p, end)
            out.append((key >> 3, 2, p, z))
            p = z
        elif wt == 0:
            value, p = _varint(b, p, end)
            out.append((key >> 3, 0, value, 0))
        elif wt in (1, 5):
            z = p + (8 if wt == 1 else 4)
            if z > end:
                raise _Malformed
            out.append((key >> 3, wt, p, z))
            p = z
        else:
            raise _Malformed
    return out


def _item(b: bytes, p: int, end: int) -> tuple[bytes, bytes]:
    """(key, value_json) of one item message; ``nested_key`` parts are joined with '.'."""
    key, nested, value = b"", [], b""
    while p < end:
        k = b[p]
        if k == 0x82 and p + 1 < end and b[p + 1] == 0x01:  # field 16, length-delimited: value_json
            f, p = 16, p + 2
        elif k == 0x0A or k == 0x12:  # key, nested_key
            f, p = k >> 3, p + 1
        else:  # any other field: the general walker (never seen from wandb's writers)
            for f2, wt2, s2, e2 in _parts(b, p, end):
                if wt2 == 2 and f2 in (1, 2, 16):
                    part = b[s2:e2]
                    if f2 == 16:
                        value = part
                    elif f2 == 2:
                        nested.append(part)
                    else:
                        key = part
            break
        p, z = _payload(b, p, end)
        if f == 16:
            value = b[p:z]
        elif f == 2:
            nested.append(b[p:z])
        else:
            key = b[p:z]
        p = z
    return key or b".".join(nested), value


def _items(b: bytes, start: int, end: int, field: int) -> list[tuple[bytes, bytes]]:
    """(key, value_json) of the repeated item messages in ``field`` of a message (HistoryItem, SummaryItem and
    ConfigItem share key = 1, nested_key = 2 repeated, value_json = 16), as bytes."""
    return [_item(b, s, e) for f, wt, s, e in _parts(b, start, end) if f == field and wt == 2]


def _media_keys(items: list[tuple[bytes, bytes]]) -> tuple[bytes, ...]:
    """The keys of a history row that are media records: wandb writes ``wandb.log({"img": wandb.Image(..)})`` as the
    nested items ``img._type`` = ``"image-file"``, ``img.height``, ``img.width``, ``img.size``, ``img.path``... (public
    chexcbm ``data/train_distribution``): their numbers are an image's metadata, no scalar."""
    return tuple(key[:-6] + b"." for key, value in items if key.endswith(b"._type") and value[:1] == b'"')


def _under(key: bytes, media: tuple[bytes, ...]) -> bool:
    return key.startswith(media)


def _name(key) -> str:
    return key.decode("utf-8", errors="replace") if isinstance(key, bytes) else key


def _number(value: bytes):
    """The float a value_json holds, or None when it is not a number (text, bool, media, list)."""
    try:
        return float(value)  # also NaN, Infinity, -Infinity, as wandb's JSON writes them
    except ValueError:
        return None


def _decoded(value: bytes):
    text = value.decode("utf-8", errors="replace")
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return text


def _flat(prefix: str, value, out: dict, depth: int = 0) -> None:
    """Plain values under ``prefix``; a dict (not a media object with ``_type``) flattened with ``.`` (32 levels at
    most: deeper dicts are kept whole)."""
    if isinstance(value, dict) and "_type" not in value and depth < 32:
        for k, v in value.items():
            _flat(f"{prefix}.{k}", v, out, depth + 1)
    elif not isinstance(value, dict):  # a dict with _type is a media object (image, table): no hyperparameter
        out[prefix] = value


def _updates(b: bytes, start: int, end: int, state: dict) -> None:
    """Apply a SummaryRecord/ConfigRecord (update = 1, remove = 2) to ``state`` (key -> value_json)."""
    for key, value in _items(b, start, end, 1):
        state[key] = value
    for key, _ in _items(b, start, end, 2):
        state.pop(key, None)


class _Reader:
    def __init__(self):
        self.tags: dict[bytes, int] = {}
        self.codes: list[int] = []
        self.steps: list[int] = []
        self.values: list[float] = []
        self.walls: list[float] = []
        self.summary: dict[bytes, bytes] = {}
        self.config: dict[bytes, bytes] = {}
        self.meta: dict[str, object] = {}
        self.last_step = -1
        self.step_metrics: dict[bytes, bytes] = {}  # define_metric: name or glob -> its step_metric
        self.step_of: dict[bytes, bytes | None] = {}  # key -> the step metric it is charted against (cache)
        self.metric_names: set[bytes] = set()  # the step metrics
        self.axes: set[bytes] = set()  # the step metrics that count steps (the x axis, no series: _AXIS_NAMES)
        self.synced: dict[bytes, float] = {}  # each step metric's last logged value
        self.sessions: list[int] = []  # first point of each later session (a step metric went back)
        self.rows = 0  # history records (wandb.log rows)

    def record(self, b: bytes, offset: int, faults: Faults) -> None:
        for f, wt, s, e in _parts(b, 0, len(b)):
            if wt != 2:
                continue
            if f == _HISTORY:
                self.rows += 1
                self.history(b, s, e, offset, faults)
            elif f == _SUMMARY:
                _updates(b, s, e, self.summary)
            elif f == _CONFIG:
                _updates(b, s, e, self.config)
            elif f == _METRIC:
                self.metric(b, s, e)
            elif f == _RUN:
                self.run(b, s, e)
            elif f == _EXIT:
                code = next((v for f2, wt2, v, _ in _parts(b, s, e) if f2 == 1 and wt2 == 0), 0)  # proto3: 0 unset
                self.meta["wandb.exit_code"] = code - (1 << 64) if code >= 1 << 63 else code

    def run(self, b: bytes, start: int, end: int) -> None:
        names = {1: "wandb.run_id", 3: "wandb.project", 8: "wandb.name"}
        for f, wt, s, e in _parts(b, start, end):
            if f in names and wt == 2:
                self.meta[names[f]] = b[s:e].decode("utf-8", errors="replace")
            elif f == 4 and wt == 2:
                _updates(b, s, e, self.config)
            elif f == 18 and wt == 0:
                self.meta["wandb.resumed"] = bool(s)

    def metric(self, b: bytes, start: int, end: int) -> None:
        """MetricRecord (``define_metric``): ``name`` = 1 or ``glob_name`` = 2, ``step_metric`` = 4."""
        fields = {f: b[s:e] for f, wt, s, e in _parts(b, start, end) if wt == 2 and f in (1, 2, 4)}
        name = fields.get(1) or fields.get(2)
        if name and fields.get(4):
            self.step_metrics[name] = fields[4]
            self.metric_names.add(fields[4])
            if fields[4].rsplit(b"/", 1)[-1] in _AXIS_NAMES:
                self.axes.add(fields[4])
            self.step_of.clear()

    def _step_metric(self, key: bytes) -> bytes | None:
        """The step metric ``define_metric`` gave ``key`` (its name, else the first glob matching it), or None."""
        found = self.step_of.get(key, b"")
        if found == b"":
            found = self.step_metrics.get(key)
            if found is None and not key.startswith(b"_"):  # wandb's own keys match no glob
                from fnmatch import fnmatchcase

                found = next((m for g, m in self.step_metrics.items() if fnmatchcase(key, g)), None)
            self.step_of[key] = found
        return found

    def history(self, b: bytes, start: int, end: int, offset: int, faults: Faults) -> None:
        row: list[tuple[bytes, float]] = []
        step = wall = None
        items = _items(b, start, end, 1)
        media = _media_keys(items)
        for key, value in items:
            if media and _under(key, media):
                continue  # a media record's metadata (an image's height, width, size): no scalar
            number = _number(value)
            if key == b"_step":
                if number is not None and math.isfinite(number) and number == int(number) and abs(number) < 2**63:
                    step = int(number)
            elif key == b"_timestamp":
                wall = number
            elif key in _OWN_CLOCKS:
                continue  # W&B's own clock, in every row: no metric of the script's
            elif number is not None:
                row.append((key, number))
            elif value.lstrip().startswith(b"{"):
                flat: dict = {}
                _flat(_name(key), _decoded(value), flat)  # a nested dict in one item (older writers)
                row.extend((k.encode(), float(v)) for k, v in flat.items()
                           if isinstance(v, (int, float)) and not isinstance(v, bool))
        if step is None:  # HistoryRecord.step (HistoryStep.num = 1)
            for f, wt, s, e in _parts(b, start, end):
                if f == 2 and wt == 2:
                    num = next((v for f2, wt2, v, _ in _parts(b, s, e) if f2 == 1 and wt2 == 0), 0)
                    step = num - (1 << 64) if num >= 1 << 63 else num
        if step is None:
            step = self.last_step + 1
            if row:
                faults.add("history row without '_step'; placed after the row before it", offset)
        self.last_step = step
        wall = math.nan if wall is None else wall
        tags = self.tags
        own = None
        if self.step_metrics:  # the step metrics' values: the row's, else the last logged (wandb's step_sync)
            own = self.synced
            for key, number in row:
                if key in self.metric_names:
                    if number < own.get(key, number) and len(self.steps) and (
                            not self.sessions or self.sessions[-1] != len(self.steps)):
                        self.sessions.append(len(self.steps))  # the counter went back: a new session
                    own[key] = number
        for key, number in row:
            if key in self.axes:  # the x axis itself (train/global_step): bookkeeping, as _step is
                continue
            code = tags.get(key)
            if code is None:
                code = tags[key] = len(tags)  # names stay bytes until the end
            self.codes.append(code)
            at = step
            if own is not None and (metric := self._step_metric(key)) is not None:
                x = own.get(metric)
                if x is not None and math.isfinite(x) and x == int(x) and abs(x) < 2**63:
                    at = int(x)
            self.steps.append(at)
            self.values.append(number)
            self.walls.append(wall)

    def hparams(self) -> dict:
        out: dict = {}
        for prefix, state in (("", self.config), ("summary/", self.summary)):
            for key, value in state.items():
                if key != b"_wandb" and not key.startswith(b"_wandb."):  # wandb's own bookkeeping
                    _flat(prefix + _name(key), _decoded(value), out)
        out.update(self.meta)
        return out

    def tag_codes(self) -> tuple[list[str], np.ndarray]:
        """Tag names and each point's code; two byte strings decoding to one name become one tag."""
        names: dict[str, int] = {}
        remap = np.array([names.setdefault(_name(k), len(names)) for k in self.tags] + [0], dtype=np.int64)
        return list(names), remap[np.array(self.codes, dtype=np.int64)] if self.codes else np.empty(0, np.int64)


def read(data, path: str) -> ReadResult:
    """Every history point of one ``.wandb`` file in written order, and its config and summary as hparams."""
    import pandas as pd
    buf = memoryview(data).cast("B") if not isinstance(data, bytes) else memoryview(data)
    check_header(buf, path)
    faults = Faults(path)
    reader = _Reader()
    for offset, payload in records(buf, faults):
        try:
            reader.record(payload, offset, faults)
        except _Malformed:
            faults.add("record is not a valid W&B protobuf; skipped", offset)
    problems = faults.result()
    if not reader.steps:
        problems += (Problem(path, _no_scalar_line(reader)),)
    names, codes = reader.tag_codes()
    tags = pd.Categorical.from_codes(codes, categories=pd.Index(names, dtype=object), validate=False)
    scalars = scalar_frame(tags, reader.steps, reader.values, reader.walls)
    return ReadResult(scalars, problems, hparams=reader.hparams(), sessions=tuple(reader.sessions))
