"""The TensorBoard event-file reader is exact and robust.

- Agreement with tbparse: files written by the real writers (torch SummaryWriter, tensorboardX, tensorboard's own
  EventFileWriter with TF2-style tensors, hand framing with the real masked CRC) and every event-file run in
  shared/real_logs. ``loganalyzer.read_scalars(dir)`` must equal tbparse's ``.scalars`` plus its rank-0 numeric
  ``.tensors`` after later-written-wins on (dir, tag, step), bit for bit (NaN == NaN, -0.0 != 0.0).
- The C decoder and the pure-Python decoder return identical ``decode()`` dicts on all of those, and on corrupted
  files.
- Bad input: CRC mismatches, corrupted headers (resync), truncation at every byte, empty/text/garbage files.
- Property-based: random corruption of a real written file never loses a record whose bytes are intact, never
  invents a point, never raises anything but UnreadableFile, and both decoders agree.

An independent oracle for "which points does this record hold" is protobuf's own ``Event.FromString`` plus tbparse's
``make_ndarray`` (what tbparse itself uses), never the decoder under test.
"""
from __future__ import annotations

import math
import mmap
import os
import re
import shutil
import struct
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loganalyzer.readers import UnreadableFile
from loganalyzer.readers import _tfevents_py
from loganalyzer.readers import tensorboard as tb

try:
    from loganalyzer.readers import _tfevents as _tfevents_c
except ImportError:  # built by `pip install -e .`; without it the C-vs-Python tests are skipped, loudly
    _tfevents_c = None

from tensorboard.compat.proto import event_pb2, summary_pb2, tensor_pb2, tensor_shape_pb2, types_pb2
from tensorboard.compat.tensorflow_stub.pywrap_tensorflow import masked_crc32c as tb_masked_crc32c
from tensorboard.summary.writer.event_file_writer import EventFileWriter

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL_LOGS = SHARED / "real_logs"
WALL0 = 1_700_000_000.0  # a fixed wall time so files are reproducible; a few cases keep the writer's own time

needs_c = pytest.mark.skipif(_tfevents_c is None, reason="C extension not built: run `pip install -e . --no-deps`")

warnings.filterwarnings("ignore", category=DeprecationWarning)


# ================================================================ framing helpers (independent of the reader)


def frame(payload: bytes) -> bytes:
    """One TFRecord with tensorboard's own masked CRC-32C."""
    header = struct.pack("<Q", len(payload))
    return (
        header
        + struct.pack("<I", tb_masked_crc32c(header))
        + payload
        + struct.pack("<I", tb_masked_crc32c(payload))
    )


def split_records(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of each record of an intact file; asserts the framing is intact."""
    spans = []
    pos = 0
    while pos < len(data):
        (length,) = struct.unpack_from("<Q", data, pos)
        end = pos + 16 + length
        assert end <= len(data), "helper used on a damaged file"
        spans.append((pos, end))
        pos = end
    return spans


def _fkey(x: float):
    """Exact float identity: NaN equals NaN (any payload), otherwise bit-equality (so -0.0 != 0.0)."""
    x = float(x)
    return "nan" if math.isnan(x) else struct.pack("<d", x)


def _numeric_scalar(value) -> bool:
    """tbparse .tensors value of a rank-0 numeric tensor (make_ndarray(...).item()), not a string/array."""
    return isinstance(value, (bool, int, float, np.bool_, np.integer, np.floating))


# numpy dtype and typed field of the numeric TensorProto dtypes (tensorflow's make_ndarray semantics)
_ORACLE_DTYPES = {
    types_pb2.DT_FLOAT: ("<f4", "float_val"), types_pb2.DT_DOUBLE: ("<f8", "double_val"),
    types_pb2.DT_HALF: ("<f2", "half_val"), types_pb2.DT_INT32: ("<i4", "int_val"),
    types_pb2.DT_INT16: ("<i2", "int_val"), types_pb2.DT_INT8: ("i1", "int_val"),
    types_pb2.DT_UINT8: ("u1", "int_val"), types_pb2.DT_UINT16: ("<u2", "int_val"),
    types_pb2.DT_INT64: ("<i8", "int64_val"), types_pb2.DT_UINT32: ("<u4", "uint32_val"),
    types_pb2.DT_UINT64: ("<u8", "uint64_val"), types_pb2.DT_BOOL: ("?", "bool_val"),
}


def tensor_scalar_oracle(t: tensor_pb2.TensorProto):
    """Value of a rank-0 numeric tensor, as tensorflow's make_ndarray reads it; None when not one.
    Float types go through tbparse's own make_ndarray; integer/bool types are decoded here because tbparse 0.0.9's
    make_ndarray raises AttributeError on them with tensorboard >= 2.x stubs (no dtypes.int4)."""
    from tbparse.tensorflow_stub.tensor_util import make_ndarray

    if len(t.tensor_shape.dim) != 0 or t.dtype not in _ORACLE_DTYPES:
        return None
    npdt, field = _ORACLE_DTYPES[t.dtype]
    if t.dtype in (types_pb2.DT_FLOAT, types_pb2.DT_DOUBLE, types_pb2.DT_HALF):
        return float(make_ndarray(t).item())
    if t.tensor_content:
        return float(np.frombuffer(t.tensor_content, dtype=npdt, count=1)[0])
    vals = list(getattr(t, field))
    if not vals:
        return 0.0
    return float(np.array(vals[0]).astype(npdt)) if t.dtype != types_pb2.DT_BOOL else float(bool(vals[0]))


def record_points(payload: bytes) -> list[tuple]:
    """Oracle: the scalar points of one Event record, via protobuf (+ tbparse's make_ndarray for float tensors)."""
    ev = event_pb2.Event.FromString(payload)
    out = []
    if ev.HasField("summary"):
        for v in ev.summary.value:
            kind = v.WhichOneof("value")
            if kind == "simple_value":
                out.append((v.tag, ev.step, _fkey(v.simple_value), _fkey(ev.wall_time)))
            elif kind == "tensor":
                x = tensor_scalar_oracle(v.tensor)
                if x is not None:
                    out.append((v.tag, ev.step, _fkey(x), _fkey(ev.wall_time)))
    return out


def file_points(data: bytes, spans=None) -> list[tuple]:
    spans = split_records(data) if spans is None else spans
    out = []
    for s, e in spans:
        out.extend(record_points(data[s + 12 : e - 4]))
    return out


def decoded_points(d: dict) -> list[tuple]:
    tags = d["tags"]
    ti = np.frombuffer(d["tag_index"], dtype=np.int32)
    steps = np.frombuffer(d["step"], dtype=np.int64)
    values = np.frombuffer(d["value"], dtype=np.float64)
    walls = np.frombuffer(d["wall_time"], dtype=np.float64)
    assert len(ti) == len(steps) == len(values) == len(walls)
    return [(tags[t], int(s), _fkey(v), _fkey(w)) for t, s, v, w in zip(ti, steps, values, walls)]


def frame_points(df: pd.DataFrame) -> list[tuple]:
    return [
        (str(t), int(s), _fkey(v), _fkey(w))
        for t, s, v, w in zip(df["tag"].astype(object), df["step"], df["value"], df["wall_time"])
    ]


def c_decode(data, details=True) -> dict:
    return _tfevents_c.decode(data, details)


def py_decode(data, details=True) -> dict:
    return _tfevents_py.decode(data, details)


def assert_decoders_agree(data, what="") -> dict:
    """C and pure-Python decode() return the same dict (bytes compared exactly). Returns the C result."""
    a = c_decode(data)
    b = py_decode(data)
    assert a.keys() == b.keys(), what
    for k in a:
        assert a[k] == b[k], f"{what}: C and Python decoders differ on {k!r}: {str(a[k])[:300]} != {str(b[k])[:300]}"
    # and without details, the columns are the same as with them
    a0, b0 = c_decode(data, False), py_decode(data, False)
    assert a0 == b0, what
    for k in ("tags", "tag_index", "step", "value", "wall_time", "problems", "restarts", "records"):
        assert a0[k] == a[k], f"{what}: details=False changes {k!r}"
    return a


# ================================================================ writers: one function per case, real libraries


def _scalar_md(plugin="scalars") -> summary_pb2.SummaryMetadata:
    return summary_pb2.SummaryMetadata(plugin_data=summary_pb2.SummaryMetadata.PluginData(plugin_name=plugin))


def _shape(*dims) -> tensor_shape_pb2.TensorShapeProto:
    return tensor_shape_pb2.TensorShapeProto(dim=[tensor_shape_pb2.TensorShapeProto.Dim(size=d) for d in dims])


def _tensor_event(tag, tensor, step, wall, metadata=None) -> event_pb2.Event:
    value = summary_pb2.Summary.Value(tag=tag, tensor=tensor)
    if metadata is not None:
        value.metadata.CopyFrom(metadata)
    return event_pb2.Event(wall_time=wall, step=step, summary=summary_pb2.Summary(value=[value]))


def _simple_event(tag, v, step, wall, metadata=None) -> event_pb2.Event:
    value = summary_pb2.Summary.Value(tag=tag, simple_value=v)
    if metadata is not None:
        value.metadata.CopyFrom(metadata)
    return event_pb2.Event(wall_time=wall, step=step, summary=summary_pb2.Summary(value=[value]))


SPECIAL32 = [0.0, -0.0, 1.5, -2.25, math.nan, math.inf, -math.inf, 1e25, -1e25, 1e-8, -1e-8, 3.4e38, 1e-45,
             123456.789, 0.1]
SPECIAL64 = SPECIAL32 + [1e300, -1e300, 5e-324, -1e-310, 0.30000000000000004, 2.0**60 + 1.0]
STEPS = [0, 1, -1, -5, 7, 2**31, -(2**31), 2**40 + 3, -(2**62), 2**63 - 1, -(2**63)]


def _torch_writer(d):
    from torch.utils.tensorboard import SummaryWriter

    return SummaryWriter(str(d))


def w_torch_simple(d):
    w = _torch_writer(d)
    for i, v in enumerate(SPECIAL32):
        w.add_scalar("special", v, i, walltime=WALL0 + i * 0.001)
    for i, s in enumerate(STEPS):
        w.add_scalar("steps", float(i), s, walltime=WALL0 + 1 + i)
    rng = np.random.default_rng(0)
    for step in range(-5, 400):
        w.add_scalar("train/loss", float(rng.normal()), step, walltime=WALL0 + 10 + step * 0.37)
        if step % 10 == 0:
            w.add_scalar("val/acc", float(rng.random()), step, walltime=WALL0 + 10.5 + step * 0.37)
    w.add_scalar("dup", 1.0, 5, walltime=WALL0 + 500)  # same step twice in one file: the later one wins
    w.add_scalar("dup", 2.0, 5, walltime=WALL0 + 501)
    w.add_scalar("dup", 3.0, 4, walltime=WALL0 + 502)
    w.add_scalar("int_value", 7, 1)  # the writer's own time.time()
    w.add_scalar("np_value", np.float64(0.1), 2)
    w.close()


def w_torch_new_style(d):
    w = _torch_writer(d)
    for i, v in enumerate(SPECIAL32):
        w.add_scalar("special", v, i, walltime=WALL0 + i * 0.001, new_style=True)
    for i, s in enumerate(STEPS):
        w.add_scalar("steps", float(i), s, walltime=WALL0 + 1 + i, new_style=True)
    rng = np.random.default_rng(1)
    for step in range(300):
        w.add_scalar("loss", float(rng.normal()), step, new_style=True)
    w.close()


def w_torch_double(d):
    w = _torch_writer(d)
    for i, v in enumerate(SPECIAL64):
        w.add_scalar("special", v, i, walltime=WALL0 + i * 0.001, new_style=True, double_precision=True)
    rng = np.random.default_rng(2)
    for step in range(300):
        w.add_scalar("loss", float(rng.normal()), step, new_style=True, double_precision=True)
        w.add_scalar("loss32", float(rng.normal()), step, new_style=True)  # mixed in the same file
        w.add_scalar("loss_simple", float(rng.normal()), step)
    w.close()


def w_tensorboardx(d):
    from tensorboardX import SummaryWriter

    w = SummaryWriter(str(d))
    for i, v in enumerate(SPECIAL32):
        w.add_scalar("special", v, i, walltime=WALL0 + i)
    rng = np.random.default_rng(3)
    for step in range(200):
        w.add_scalar("my loss (train)", float(rng.normal()), step, display_name="Loss" if step == 0 else "")
        w.add_scalar("lr", 0.1 * 0.99**step, step, walltime=WALL0 + step)
        if step % 20 == 0:
            w.add_scalars("acc", {"train": float(rng.random()), "val": float(rng.random())}, step)
    w.add_scalar("neg_step", 1.0, -3)
    w.close()


def _tf2_scalar_tensors(v: float) -> dict[str, tensor_pb2.TensorProto]:
    T = tensor_pb2.TensorProto
    with np.errstate(over="ignore"):  # 1e25 -> float16 inf, on purpose
        return _tf2_scalar_tensors_(v, T)


def _tf2_scalar_tensors_(v, T):
    return {
        "float_content": T(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(), tensor_content=struct.pack("<f", v)),
        "float_val": T(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(), float_val=[v]),
        "double_val": T(dtype=types_pb2.DT_DOUBLE, tensor_shape=_shape(), double_val=[v]),
        "double_content": T(dtype=types_pb2.DT_DOUBLE, tensor_shape=_shape(), tensor_content=struct.pack("<d", v)),
        "half_val": T(dtype=types_pb2.DT_HALF, tensor_shape=_shape(),
                      half_val=[int(np.array(v, dtype=np.float16).view(np.uint16))]),
        "half_content": T(dtype=types_pb2.DT_HALF, tensor_shape=_shape(),
                          tensor_content=np.array(v, dtype=np.float16).tobytes()),
    }


def _tf2_int_tensors(i: int) -> dict[str, tensor_pb2.TensorProto]:
    T = tensor_pb2.TensorProto
    return {
        "int32_val": T(dtype=types_pb2.DT_INT32, tensor_shape=_shape(), int_val=[i]),
        "int64_val": T(dtype=types_pb2.DT_INT64, tensor_shape=_shape(), int64_val=[i * 1_000_000_007]),
        "int64_content": T(dtype=types_pb2.DT_INT64, tensor_shape=_shape(), tensor_content=struct.pack("<q", -i)),
        "bool_val": T(dtype=types_pb2.DT_BOOL, tensor_shape=_shape(), bool_val=[bool(i % 2)]),
    }


def _tf2_events(dir_tag_prefix="", ints=False):
    """TF2-style events: rank-0 tensors of several encodings; metadata only on each tag's first value (TF1 style);
    plus tensors that are NOT scalars (string, rank-1, a [k, 3] histogram) which must be skipped."""
    T = tensor_pb2.TensorProto
    events = []
    seen = set()

    def md(tag, plugin="scalars"):
        if tag in seen:
            return None
        seen.add(tag)
        return _scalar_md(plugin)

    rng = np.random.default_rng(4)
    values = SPECIAL32 + [float(x) for x in rng.normal(size=40)]
    for step, v in enumerate(values):
        wall = WALL0 + step * 1.25
        for name, tensor in _tf2_scalar_tensors(v).items():
            tag = dir_tag_prefix + name
            events.append(_tensor_event(tag, tensor, step, wall, md(tag)))
        if ints:
            for name, tensor in _tf2_int_tensors(step - 20).items():
                tag = dir_tag_prefix + name
                events.append(_tensor_event(tag, tensor, step, wall, md(tag)))
        # not scalars
        text = T(dtype=types_pb2.DT_STRING, tensor_shape=_shape(), string_val=[b"hello %d" % step])
        events.append(_tensor_event("text_rank0", text, step, wall, md("text_rank0", "text")))
        events.append(_tensor_event("vector", T(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(3),
                                                float_val=[1.0, 2.0, 3.0]), step, wall, md("vector")))
        hist = np.array([[0.0, 1.0, 3.0], [1.0, 2.0, 5.0]], dtype=np.float64)
        events.append(_tensor_event("hist", T(dtype=types_pb2.DT_DOUBLE, tensor_shape=_shape(2, 3),
                                              tensor_content=hist.tobytes()), step, wall, md("hist", "histograms")))
    return events


def w_tf2_int_tensors(d):
    """Integer and bool rank-0 tensors: scalars for loganalyzer. Not compared with tbparse, whose make_ndarray
    (0.0.9) raises AttributeError on any non-float dtype; checked against the protobuf oracle instead."""
    w = EventFileWriter(str(d), filename_suffix=".v2")
    for ev in _tf2_events("i/", ints=True):
        w.add_event(ev)
    w.close()


def w_tf2_event_file_writer(d):
    """tensorboard's own EventFileWriter (writes the file_version record and frames with the real CRC)."""
    w = EventFileWriter(str(d), filename_suffix=".v2")
    for ev in _tf2_events():
        w.add_event(ev)
    w.close()


def hand_framed_bytes() -> bytes:
    """The same TF2 events framed by hand with tensorboard's masked_crc32c (and a file_version record)."""
    out = [frame(event_pb2.Event(wall_time=WALL0 - 1, file_version="brain.Event:2").SerializeToString())]
    out += [frame(ev.SerializeToString()) for ev in _tf2_events("hand/")]
    return b"".join(out)


def w_hand_framed(d):
    (Path(d) / "events.out.tfevents.1700000000.hand.v2").write_bytes(hand_framed_bytes())


def w_keras_layout(d):
    """Keras TensorBoard callback layout: train/ and validation/ both with epoch_loss (TF2 tensor_content)."""
    for sub, scale in (("train", 1.0), ("validation", 1.3)):
        os.makedirs(Path(d) / sub)
        w = EventFileWriter(str(Path(d) / sub), filename_suffix=".v2")
        for epoch in range(12):
            for tag, v in (("epoch_loss", scale / (epoch + 1)), ("epoch_accuracy", 1 - scale / (epoch + 2))):
                t = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(),
                                           tensor_content=struct.pack("<f", v))
                w.add_event(_tensor_event(tag, t, epoch, WALL0 + epoch, _scalar_md() if epoch == 0 else None))
            if sub == "train":
                t = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(),
                                           tensor_content=struct.pack("<f", 1e-3 * 0.9**epoch))
                w.add_event(_tensor_event("epoch_learning_rate", t, epoch, WALL0 + epoch + 0.5, _scalar_md()))
        w.close()


def _rename_in_order(d: Path, before: set, index: int, suffix=""):
    new = sorted(set(os.listdir(d)) - before)
    assert len(new) == 1, new
    target = f"events.out.tfevents.{1700000000 + index}.host.1.{index}{suffix}"
    os.rename(d / new[0], d / target)
    return target


def w_restart_files(d):
    """Three writers one after another in one dir, steps overlapping (a job resumed from earlier checkpoints).
    Files are renamed so that name order is write order, whatever the writers' uid counters are."""
    from torch.utils.tensorboard import SummaryWriter

    d = Path(d)
    names = []
    for k, (lo, hi) in enumerate(((0, 100), (50, 150), (120, 200))):
        before = set(os.listdir(d))
        w = SummaryWriter(str(d))
        for step in range(lo, hi):
            w.add_scalar("loss", 10.0 * k + step / 1000, step, walltime=WALL0 + 1000 * k + step)
            if step % 7 == 0:
                w.add_scalar("eval/acc", k + step / 1000, step, walltime=WALL0 + 1000 * k + step + 0.5,
                             new_style=True)
        if k == 1:
            w.add_scalar("only_in_second", 1.0, 3, walltime=WALL0)
        w.close()
        names.append(_rename_in_order(d, before, k))
    assert sorted(names) == names


def w_session_log_start(d):
    """A SessionLog.START inside one file: tbparse (EventAccumulator) purges the simple_value points with step >=
    the restart step written before it; loganalyzer must do the same (see ReadResult.restarts)."""
    from torch.utils.tensorboard import SummaryWriter

    w = SummaryWriter(str(d))
    fw = w._get_file_writer()
    start = event_pb2.SessionLog(status=event_pb2.SessionLog.START)
    fw.add_event(event_pb2.Event(session_log=start, step=0, wall_time=WALL0 - 1))  # at the beginning: no effect
    for step in range(0, 31):
        w.add_scalar("loss", 1.0 + step, step, walltime=WALL0 + step)
        if step % 5 == 0:
            w.add_scalar("acc", 0.5 + step / 100, step, walltime=WALL0 + step + 0.1)
    fw.add_event(event_pb2.Event(session_log=start, step=15, wall_time=WALL0 + 100))
    for step in range(15, 41):
        w.add_scalar("loss", 100.0 + step, step, walltime=WALL0 + 100 + step)
        if step % 10 == 0:
            w.add_scalar("acc", 0.9 + step / 1000, step, walltime=WALL0 + 100 + step + 0.1)
    w.close()


def w_media_hparams_scalars(d):
    """add_scalars sub-dirs, add_hparams, histograms, images, text, PR curves: only scalars come out."""
    from torch.utils.tensorboard import SummaryWriter

    w = SummaryWriter(str(d))
    rng = np.random.default_rng(5)
    for step in range(30):
        w.add_scalar("loss", 1 / (step + 1), step, walltime=WALL0 + step)
        w.add_scalars("run", {"a": float(step), "b": -float(step), "c/d": 0.5 * step}, step, walltime=WALL0 + step)
        if step % 10 == 0:
            w.add_histogram("weights", rng.normal(size=100), step, walltime=WALL0 + step)
            w.add_image("img", rng.integers(0, 255, size=(3, 8, 8), dtype=np.uint8), step, walltime=WALL0 + step)
            w.add_text("notes", f"step {step}", step, walltime=WALL0 + step)
            w.add_pr_curve("pr", rng.integers(0, 2, 50), rng.random(50), step, walltime=WALL0 + step)
    w.add_hparams({"lr": 0.1, "bs": 32, "opt": "adam"}, {"hp/acc": 0.9, "hp/loss": 0.25})
    w.close()


UNICODE_TAGS = ["B", "a", "Z", "_x", "λ/損失", "loss 🚀", "a/b/c", "A", "z9", "é"]


def w_many_tags(d):
    """300 tags (grows the decoder's tag table several times), non-ASCII tags, an empty tag, sort order."""
    w = EventFileWriter(str(d))
    tags = UNICODE_TAGS + [f"group{i % 7}/metric_{i:03d}" for i in range(290)] + [""]
    for step in range(6):
        for i, tag in enumerate(tags):
            # several values per event for some events, as TF1 merged summaries do
            md = _scalar_md() if step == 0 else None
            w.add_event(_simple_event(tag, float(i + step / 10), step, WALL0 + step, md))
    vals = [summary_pb2.Summary.Value(tag=f"merged/{k}", simple_value=float(k)) for k in range(5)]
    for step in range(6, 9):
        w.add_event(event_pb2.Event(wall_time=WALL0 + step, step=step, summary=summary_pb2.Summary(value=vals)))
    w.close()


def w_big(d):
    """40k points: exercises the decoder's buffer growth."""
    rng = np.random.default_rng(6)
    vals = rng.normal(size=40_000).astype(np.float32)
    recs = [frame(event_pb2.Event(wall_time=WALL0, file_version="brain.Event:2").SerializeToString())]
    for i, v in enumerate(vals):
        recs.append(frame(_simple_event(("loss", "lr", "acc", "grad_norm")[i % 4], float(v), i // 4,
                                        WALL0 + i * 0.01).SerializeToString()))
    (Path(d) / "events.out.tfevents.1700000000.big.1.0").write_bytes(b"".join(recs))


def w_empty_writer(d):
    """A writer opened and closed with nothing logged: a file_version record only."""
    _torch_writer(d).close()


def w_no_scalars(d):
    """Histograms and text only: the scalars table is empty."""
    w = _torch_writer(d)
    w.add_histogram("h", np.arange(10.0), 1)
    w.add_text("t", "x", 1)
    w.close()


CASES = {
    "torch_simple": w_torch_simple,
    "torch_new_style": w_torch_new_style,
    "torch_double": w_torch_double,
    "tensorboardx": w_tensorboardx,
    "tf2_event_file_writer": w_tf2_event_file_writer,
    "hand_framed": w_hand_framed,
    "tf2_int_tensors": w_tf2_int_tensors,
    "keras_layout": w_keras_layout,
    "restart_files": w_restart_files,
    "session_log_start": w_session_log_start,
    "media_hparams_scalars": w_media_hparams_scalars,
    "many_tags": w_many_tags,
    "big": w_big,
    "empty_writer": w_empty_writer,
    "no_scalars": w_no_scalars,
}


@pytest.fixture(scope="session")
def case_dir(tmp_path_factory):
    made: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in made:
            d = tmp_path_factory.mktemp(name)
            CASES[name](d)
            made[name] = d
        return made[name]

    return get


def event_files(root: Path) -> list[Path]:
    return sorted(p for p in Path(root).rglob("*") if p.is_file() and "tfevents" in p.name)


def _real_runs() -> list:
    if not REAL_LOGS.is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"{REAL_LOGS} not present"))]
    runs = []
    for d in sorted(REAL_LOGS.iterdir()):
        if d.is_dir() and event_files(d):
            runs.append(pytest.param(d, id=d.name))
    return runs or [pytest.param(None, marks=pytest.mark.skip(reason="no event files in real_logs"))]


def real_run_copy(run: Path, dest: Path) -> Path:
    """Copy a real run's event files (only those: other formats beside them are other readers' business) below
    their common parent, keeping relative paths. Returns the copy's root."""
    files = event_files(run)
    root = Path(os.path.commonpath([f.parent for f in files]))
    for f in files:
        target = dest / f.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(f, target)
    return dest


# ================================================================ the tbparse reference


def tbparse_reference(logdir: Path) -> pd.DataFrame:
    """tbparse .scalars + rank-0 numeric .tensors (value -> float64), every row (repeated steps included), sorted
    by (dir, tag, step). tbparse's own sort is a multi-key (stable) sort of rows in file-name then file order, so
    rows of one (dir, tag, step) stay in write order."""
    from tbparse import SummaryReader

    cols = ["dir", "tag", "step", "value", "wall_time"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reader = SummaryReader(str(logdir), extra_columns={"dir_name", "wall_time"})
        frames = []
        for kind in ("scalars", "tensors"):
            df = getattr(reader, kind)
            if len(df) == 0:
                continue
            if kind == "tensors":
                df = df[df["value"].map(_numeric_scalar)].copy()
                df["value"] = df["value"].map(float)
            df = df.rename(columns={"dir_name": "dir"})[cols]
            frames.append(df)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype=t) for c, t in zip(cols, (object, object, np.int64, float, float))})
    ref = pd.concat(frames, ignore_index=True)
    ref = ref.astype({"dir": object, "tag": object, "step": np.int64, "value": np.float64, "wall_time": np.float64})
    ref = ref.sort_values(["dir", "tag", "step"], kind="stable")
    return ref.reset_index(drop=True)


def _rows(df: pd.DataFrame) -> list[tuple]:
    return [
        (str(a), str(b), int(c), _fkey(v), _fkey(w))
        for a, b, c, v, w in zip(df["dir"].astype(object), df["tag"].astype(object), df["step"], df["value"],
                                 df["wall_time"])
    ]


def assert_matches_tbparse(logdir: Path):
    import loganalyzer

    ref = tbparse_reference(logdir)
    got = loganalyzer.read_scalars(logdir)
    assert list(got.columns) == ["dir", "tag", "step", "value", "wall_time"]
    assert got["step"].dtype == np.int64
    assert got["value"].dtype == np.float64
    assert got["wall_time"].dtype == np.float64
    want_rows, got_rows = _rows(ref), _rows(got)
    if got_rows == want_rows:
        return ref
    # explain the difference precisely
    want_set, got_set = set(want_rows), set(got_rows)
    missing = [r for r in want_rows if r not in got_set][:5]
    extra = [r for r in got_rows if r not in want_set][:5]
    order = "same rows, different order" if sorted(map(repr, want_rows)) == sorted(map(repr, got_rows)) else ""
    pytest.fail(
        f"read_scalars({logdir}) differs from tbparse: {len(got_rows)} rows vs {len(want_rows)}. {order}\n"
        f"  in tbparse only (first 5): {missing}\n  in loganalyzer only (first 5): {extra}"
    )


# ================================================================ agreement with tbparse


NOT_TBPARSE = {"tf2_int_tensors"}  # tbparse crashes on integer tensors, see w_tf2_int_tensors


@pytest.mark.parametrize("case", sorted(set(CASES) - NOT_TBPARSE))
def test_read_scalars_matches_tbparse(case, case_dir):
    d = case_dir(case)
    assert event_files(d), "the writer wrote no event file"
    ref = assert_matches_tbparse(d)
    # the reference itself is not vacuous where the case has scalars
    if case not in ("empty_writer", "no_scalars"):
        assert len(ref) > 0


@pytest.mark.parametrize("run", _real_runs())
def test_real_logs_match_tbparse(run, tmp_path):
    root = real_run_copy(run, tmp_path / "run")
    ref = assert_matches_tbparse(root)
    assert len(ref) > 0


def test_reference_sanity(case_dir):
    """The cases really contain what they claim (so agreement above means something)."""
    import loganalyzer

    df = loganalyzer.read_scalars(case_dir("torch_simple"))
    special = df[df["tag"] == "special"].sort_values("step")
    assert [_fkey(v) for v in special["value"]] == [_fkey(np.float32(v)) for v in SPECIAL32]
    assert sorted(df[df["tag"] == "steps"]["step"]) == sorted(STEPS)
    dup = df[df["tag"] == "dup"]
    assert len(dup) > 2  # every point, as tbparse
    dup = loganalyzer.read_scalars(case_dir("torch_simple"), resolve=True).query("tag == 'dup'")
    assert dict(zip(dup["step"], dup["value"])) == {4: 3.0, 5: 2.0}  # within one session: write order, last

    df = loganalyzer.read_scalars(case_dir("torch_double"))
    special = df[df["tag"] == "special"].sort_values("step")
    assert [_fkey(v) for v in special["value"]] == [_fkey(v) for v in SPECIAL64]

    df = loganalyzer.read_scalars(case_dir("tf2_event_file_writer"))
    assert set(df["tag"]) == set(_tf2_scalar_tensors(1.0))
    half = df[df["tag"] == "half_val"].sort_values("step")
    with np.errstate(over="ignore"):
        assert [_fkey(v) for v in half["value"]][: len(SPECIAL32)] == [_fkey(np.float16(v)) for v in SPECIAL32]

    df = loganalyzer.read_scalars(case_dir("tf2_int_tensors"))
    assert set(df["tag"]) == {"i/" + t for t in set(_tf2_scalar_tensors(1.0)) | set(_tf2_int_tensors(1))}
    i64 = df[df["tag"] == "i/int64_val"].sort_values("step")
    assert list(i64["value"]) == [float((s - 20) * 1_000_000_007) for s in i64["step"]]
    i32 = df[df["tag"] == "i/int32_val"].sort_values("step")
    assert list(i32["value"]) == [float(s - 20) for s in i32["step"]]
    b = df[df["tag"] == "i/bool_val"].sort_values("step")
    assert list(b["value"]) == [float((s - 20) % 2) for s in b["step"]]

    df = loganalyzer.read_scalars(case_dir("restart_files"), resolve=True)
    loss = df[df["tag"] == "loss"].set_index("step")["value"]
    f32 = lambda x: float(np.float32(x))  # noqa: E731 - simple_value is a float32
    assert len(loss) == 200 and loss[10] == f32(0.01) and loss[60] == f32(10.06) and loss[130] == f32(20.13)

    df = loganalyzer.read_scalars(case_dir("session_log_start"), resolve=True)
    loss = df[df["tag"] == "loss"].set_index("step")["value"]
    assert list(loss.index) == list(range(41)) and loss[14] == 15.0 and loss[20] == 120.0
    acc = df[df["tag"] == "acc"].set_index("step")["value"]
    # steps 15, 25 of the crashed job are orphans: the restarted job logged acc at 20, 30, 40 only
    assert list(acc.index) == [0, 5, 10, 20, 30, 40]

    df = loganalyzer.read_scalars(case_dir("media_hparams_scalars"))
    assert set(df["tag"]) == {"loss", "run", "hp/acc", "hp/loss"}
    assert {"run_a", "run_b", "run_c/d"} <= set(df["dir"])  # torch keeps the "/" of a key: a nested dir

    df = loganalyzer.read_scalars(case_dir("many_tags"))
    assert df["tag"].nunique() == 306 and "" in set(df["tag"]) and "loss 🚀" in set(df["tag"])
    assert len(loganalyzer.read_scalars(case_dir("empty_writer"))) == 0


def test_restart_across_files_drops_orphans(tmp_path):
    """Contract (ReadResult.restarts, load): a SessionLog.START drops the points written EARLIER IN THE SAME
    DIRECTORY (other files too) at or after its step, for simple and tensor scalars alike; other dirs are untouched.
    tbparse cannot be the oracle here: its EventAccumulator purges within one file and never purges tensors."""
    import loganalyzer

    start = event_pb2.SessionLog(status=event_pb2.SessionLog.START)
    f32 = lambda x: float(np.float32(x))  # noqa: E731
    for sub in ("", "other"):
        (tmp_path / sub).mkdir(exist_ok=True)
        before = set(os.listdir(tmp_path / sub))
        a = EventFileWriter(str(tmp_path / sub))
        for step in range(31):
            a.add_event(_simple_event("loss", 1.0 + step, step, WALL0 + step))
            if step % 5 == 0:
                t = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(), float_val=[step / 100])
                a.add_event(_tensor_event("acc", t, step, WALL0 + step, _scalar_md() if step == 0 else None))
        a.close()
        _rename_in_order(tmp_path / sub, before, 0)
    before = set(os.listdir(tmp_path))
    b = EventFileWriter(str(tmp_path))  # the resumed job, in the root dir only
    b.add_event(event_pb2.Event(session_log=start, step=20, wall_time=WALL0 + 100))
    for step in range(20, 41):
        b.add_event(_simple_event("loss", 100.0 + step, step, WALL0 + 100 + step))
        if step in (22, 32):
            t = tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(), float_val=[1 + step / 100])
            b.add_event(_tensor_event("acc", t, step, WALL0 + 100 + step))
    b.close()
    _rename_in_order(tmp_path, before, 1)  # name order = write order
    df = loganalyzer.read_scalars(tmp_path, resolve=True)
    assert df.attrs["step_rules"] == ("restart_purged",)
    root = df[df["dir"] == ""]
    loss = root[root["tag"] == "loss"].set_index("step")["value"]
    assert list(loss.index) == list(range(41))
    assert [loss[s] for s in (19, 20, 30, 40)] == [20.0, 120.0, 130.0, 140.0]
    acc = root[root["tag"] == "acc"].set_index("step")["value"]
    assert list(acc.index) == [0, 5, 10, 15, 22, 32], "orphaned acc points (20, 25, 30) of the crashed job were kept"
    assert list(acc) == [f32(x) for x in (0.0, 0.05, 0.10, 0.15, 1.22, 1.32)]
    other = df[df["dir"] == "other"]
    assert list(other[other["tag"] == "loss"]["step"]) == list(range(31))
    assert list(other[other["tag"] == "acc"]["step"]) == [0, 5, 10, 15, 20, 25, 30]


def test_valueless_rank0_tensor_matches_tbparse(tmp_path):
    # a rank-0 float tensor with no value field is 0.0 for TensorFlow's make_ndarray (proto defaults)
    w = EventFileWriter(str(tmp_path))
    w.add_event(_tensor_event("e", tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape()), 1,
                              WALL0, _scalar_md()))
    w.add_event(_tensor_event("e", tensor_pb2.TensorProto(dtype=types_pb2.DT_FLOAT, tensor_shape=_shape(),
                                                          float_val=[2.0]), 2, WALL0))
    w.close()
    assert_matches_tbparse(tmp_path)


# ================================================================ C decoder vs pure-Python decoder


def _all_case_files(case_dir) -> list[Path]:
    return [f for name in sorted(CASES) for f in event_files(case_dir(name))]


@needs_c
def test_decoders_agree_on_written_files(case_dir):
    files = _all_case_files(case_dir)
    assert len(files) >= len(CASES)
    for f in files:
        d = assert_decoders_agree(f.read_bytes(), str(f))
        assert d["problems"] == [], f
        assert d["file_version"] == "brain.Event:2", f


@needs_c
def test_decoders_agree_with_protobuf_oracle(case_dir):
    """Every point of every written file, in written order, as protobuf + tbparse's make_ndarray see it."""
    for f in _all_case_files(case_dir):
        data = f.read_bytes()
        d = c_decode(data)
        assert decoded_points(d) == file_points(data), f
        assert d["records"] == len(split_records(data)), f


@needs_c
@pytest.mark.parametrize("run", _real_runs())
def test_decoders_agree_on_real_logs(run):
    for f in event_files(run):
        data = f.read_bytes()
        d = assert_decoders_agree(data, str(f))
        assert d["problems"] == [], f
        assert decoded_points(d) == file_points(data), f


@needs_c
def test_decoder_details(case_dir):
    """Histograms, hparams, restarts and plugins in the detailed decode."""
    d = c_decode((event_files(case_dir("session_log_start"))[0]).read_bytes())
    # START at step 0 before any point, and at step 15 after 31 loss + 7 acc points
    assert d["restarts"] == [(0, 0), (31 + 7, 15)]
    media = case_dir("media_hparams_scalars")
    root_file = [f for f in event_files(media) if f.parent == media][0]
    d = c_decode(root_file.read_bytes())
    hist_tags = {d["tags"][h[0]] for h in d["histograms"]}
    assert hist_tags == {"weights"} and {h[5] for h in d["histograms"]} == {"histo"} and len(d["histograms"]) == 3
    assert d["plugins"][d["tags"].index("notes/text_summary")] == "text"  # torch appends /text_summary
    hp_file = [f for f in event_files(media) if f.parent.name not in ("", media.name) and "run_" not in str(f.parent)]
    assert len(hp_file) == 1
    d = c_decode(hp_file[0].read_bytes())
    assert {d["tags"][t] for t, _, _ in d["hparams"]} == {"_hparams_/experiment", "_hparams_/session_start_info",
                                                          "_hparams_/session_end_info"}
    assert tb.read_hparams(hp_file[0].read_bytes(), str(hp_file[0])) == {"lr": 0.1, "bs": 32.0, "opt": "adam"}
    d = c_decode(event_files(case_dir("tf2_event_file_writer"))[0].read_bytes())
    assert {h[5] for h in d["histograms"]} == {"tensor"} and len(d["histograms"]) == len(SPECIAL32) + 40


def test_masked_crc_test_vector():
    data = b"\x1a\x11CRC test, one two"
    assert tb_masked_crc32c(data) == 0x5794D08A  # the reference implementation agrees with formats.md
    assert _tfevents_py.masked_crc(data) == 0x5794D08A
    assert _tfevents_py.masked_crc(b"") == tb_masked_crc32c(b"")
    if _tfevents_c is None:
        pytest.skip("C extension not built")
    assert _tfevents_c.masked_crc(data) == 0x5794D08A
    rng = np.random.default_rng(7)
    for n in (0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4097):
        blob = rng.integers(0, 256, n, dtype=np.uint8).tobytes()
        ref = tb_masked_crc32c(blob)
        assert _tfevents_c.masked_crc(blob) == ref == _tfevents_py.masked_crc(blob), n
        # unaligned starts (the C loop aligns to 8 bytes first)
        mv = memoryview(blob)[1:]
        assert _tfevents_c.masked_crc(mv) == tb_masked_crc32c(bytes(mv)), n


def test_hand_framing_matches_event_file_writer(tmp_path):
    """Our frame() helper writes the exact bytes tensorboard's EventFileWriter writes (so hand-framed cases are
    real files)."""
    w = EventFileWriter(str(tmp_path))
    evs = _tf2_events()[:20]
    for ev in evs:
        w.add_event(ev)
    w.close()
    data = event_files(tmp_path)[0].read_bytes()
    spans = split_records(data)
    assert b"".join(frame(ev.SerializeToString()) for ev in evs) == data[spans[0][1]:]


# ================================================================ bad input


@pytest.fixture(scope="session")
def small_file(tmp_path_factory) -> bytes:
    """A real torch-written file with a bit of everything (~45 records)."""
    from torch.utils.tensorboard import SummaryWriter

    d = tmp_path_factory.mktemp("small")
    w = SummaryWriter(str(d))
    for step in range(12):
        w.add_scalar("loss", 1.0 / (step + 1), step, walltime=WALL0 + step)
        w.add_scalar("lr", 0.1, step, walltime=WALL0 + step + 0.1, new_style=True)
        if step % 3 == 0:
            w.add_scalar("acc", step / 10, step, walltime=WALL0 + step + 0.2, new_style=True, double_precision=True)
        if step % 5 == 0:
            w.add_histogram("w", np.arange(5.0) * step, step, walltime=WALL0 + step)
            w.add_text("note", "x" * step, step, walltime=WALL0 + step)
    w.add_scalar("loss", math.nan, 12, walltime=WALL0 + 12)
    w.close()
    (f,) = event_files(d)
    return f.read_bytes()


def _decoders():
    out = [pytest.param(py_decode, id="python")]
    out.append(pytest.param(c_decode, id="c", marks=needs_c))
    return out


def _points_without(data, spans, skip: set[int]) -> list[tuple]:
    return [p for i, (s, e) in enumerate(spans) if i not in skip for p in record_points(data[s + 12 : e - 4])]


@pytest.mark.parametrize("decode", _decoders())
def test_data_crc_mismatch_skips_only_that_record(decode, small_file):
    spans = split_records(small_file)
    for k in (0, 1, len(spans) // 2, len(spans) - 1):
        s, e = spans[k]
        for where in (s + 12, (s + e) // 2, e - 5, e - 1):  # first/middle/last data byte, and the stored CRC
            bad = bytearray(small_file)
            bad[where] ^= 0x20
            d = decode(bytes(bad))
            assert d["problems"] == [(s, "record data CRC mismatch; record skipped")], (k, where)
            assert decoded_points(d) == _points_without(small_file, spans, {k}), (k, where)
            assert d["records"] == len(spans) - 1


def test_data_crc_problem_names_file_and_offset(small_file):
    spans = split_records(small_file)
    s, e = spans[5]
    bad = bytearray(small_file)
    bad[s + 20] ^= 1
    path = "logs/run1/events.out.tfevents.1.host"
    res = tb.read(bytes(bad), path)
    assert len(res.problems) == 1
    (p,) = res.problems
    assert p.path == path and p.offset == s and "CRC" in p.message
    assert str(p).startswith(f"{path} @ byte {s}: ")
    assert frame_points(res.scalars) == _points_without(small_file, spans, {5})


@pytest.mark.parametrize("decode", _decoders())
@pytest.mark.parametrize("mutation", ["len+1", "len-1", "len_huge", "len_zero", "header_crc", "all_ff"])
def test_corrupt_length_header_resyncs(decode, mutation, small_file):
    spans = split_records(small_file)
    for k in (0, 3, len(spans) // 2, len(spans) - 2):
        s, e = spans[k]
        bad = bytearray(small_file)
        (length,) = struct.unpack_from("<Q", bad, s)
        new = {"len+1": length + 1, "len-1": length - 1, "len_huge": 2**40, "len_zero": 0}.get(mutation)
        if new is not None:
            struct.pack_into("<Q", bad, s, new)
        elif mutation == "header_crc":
            bad[s + 9] ^= 0x01
        else:
            bad[s : s + 12] = b"\xff" * 12
        d = decode(bytes(bad))
        assert len(d["problems"]) == 1, d["problems"]
        off, msg = d["problems"][0]
        assert off == s and "header" in msg and f"skipped {e - s} bytes" in msg, (mutation, k, msg)
        assert decoded_points(d) == _points_without(small_file, spans, {k})


@pytest.mark.parametrize("decode", _decoders())
def test_corrupt_last_header_reports_no_valid_record(decode, small_file):
    spans = split_records(small_file)
    s, e = spans[-1]
    bad = bytearray(small_file)
    bad[s] ^= 0x40
    d = decode(bytes(bad))
    assert [off for off, _ in d["problems"]] == [s] and "no valid record" in d["problems"][0][1]
    assert decoded_points(d) == _points_without(small_file, spans, {len(spans) - 1})


@pytest.mark.parametrize("decode", _decoders())
def test_truncation_at_every_byte_of_last_record(decode, small_file):
    spans = split_records(small_file)
    s, e = spans[-1]
    before = _points_without(small_file, spans, {len(spans) - 1})
    assert len(record_points(small_file[s + 12 : e - 4])) == 1  # the last record holds a point (NaN loss)
    for cut in range(s, e):
        d = decode(small_file[:cut])
        assert decoded_points(d) == before, cut
        if cut == s:
            assert d["problems"] == []
        else:
            assert len(d["problems"]) == 1 and d["problems"][0][0] == s, cut
            assert "truncated" in d["problems"][0][1]
    assert decoded_points(decode(small_file)) == before + record_points(small_file[s + 12 : e - 4])


@needs_c
def test_truncation_at_every_byte_of_file(small_file):
    """Cut anywhere: all complete records before the cut are kept, exactly one problem unless at a boundary."""
    spans = split_records(small_file)
    per_record = [record_points(small_file[s + 12 : e - 4]) for s, e in spans]
    starts = {s for s, _ in spans}
    for cut in range(0, len(small_file) + 1):
        data = small_file[:cut]
        d = c_decode(data)
        if cut % 3 == 0:  # the Python decoder on every third cut (it is ~50x slower)
            assert py_decode(data) == d, cut
        assert decoded_points(d) == [p for (s, e), pts in zip(spans, per_record) if e <= cut for p in pts], cut
        if cut in starts or cut == len(small_file):
            assert d["problems"] == [], cut
        else:
            partial = next(s for s, e in spans if s < cut < e)
            assert [off for off, _ in d["problems"]] == [partial], cut


def test_truncated_file_read_keeps_everything_before(small_file):
    spans = split_records(small_file)
    s, e = spans[-1]
    res = tb.read(small_file[: s + 20], "x/events.out.tfevents.9")
    assert [p.offset for p in res.problems] == [s] and "truncated" in res.problems[0].message
    assert frame_points(res.scalars) == _points_without(small_file, spans, {len(spans) - 1})


def test_empty_file_is_unreadable():
    with pytest.raises(UnreadableFile) as info:
        tb.read(b"", "run/events.out.tfevents.1.host")
    assert info.value.problem.path == "run/events.out.tfevents.1.host"
    assert "empty" in info.value.problem.message.lower()


@pytest.mark.parametrize(
    "content",
    [b"step,loss\n0,1.5\n1,1.2\n" * 50, b"hello", b"{\"log_history\": []}\n", b"\x00" * 64, b"\x00" * 11],
    ids=["csv", "short_text", "json", "zeros", "zeros_short"],
)
def test_not_an_event_file_is_unreadable(content):
    path = "run/events.out.tfevents.1700000000.host.1.0"
    with pytest.raises(UnreadableFile) as info:
        tb.read(content, path)
    assert info.value.problem.path == path
    assert re.search(r"not an? (tensorboard )?event file", info.value.problem.message, re.I), info.value.problem
    with pytest.raises(UnreadableFile):
        tb.read_histograms(content, path)


def test_read_scalars_reports_bad_files_and_keeps_good_ones(small_file, tmp_path):
    """Through the public call: a text file named like an event file and a damaged event file beside a good one:
    the good points are all there, each problem is warned once with its file (and byte offset)."""
    import loganalyzer
    from loganalyzer.load import LogReadWarning

    spans = split_records(small_file)
    (tmp_path / "events.out.tfevents.1700000000.a.1.0").write_bytes(small_file)
    bad = bytearray(small_file)
    s7 = spans[7][0]
    bad[s7 + 14] ^= 0x10
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "events.out.tfevents.1700000001.b.1.0").write_bytes(bytes(bad))
    (tmp_path / "sub2").mkdir()
    (tmp_path / "sub2" / "events.out.tfevents.1700000002.c.1.0").write_text("step,loss\n0,1.0\n")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        df = loganalyzer.read_scalars(tmp_path)
    msgs = [str(w.message) for w in caught if issubclass(w.category, LogReadWarning)]
    assert any("sub2" in m and re.search(r"not an? (tensorboard )?event file", m, re.I) for m in msgs), msgs
    assert any("sub" in m and f"@ byte {s7}" in m and "CRC" in m for m in msgs), msgs
    assert len(msgs) == 2, msgs
    got = {d: frame_points(df[df["dir"] == d]) for d in ("", "sub")}
    assert sorted(got[""], key=repr) == sorted(file_points(small_file), key=repr)
    assert sorted(got["sub"], key=repr) == sorted(_points_without(small_file, spans, {7}), key=repr)
    assert set(df["dir"]) == {"", "sub"}


@pytest.mark.parametrize("seed", range(20))
def test_random_garbage(seed):
    rng = np.random.default_rng(100 + seed)
    data = rng.integers(0, 256, int(rng.integers(1, 5000)), dtype=np.uint8).tobytes()
    with pytest.raises(UnreadableFile):
        tb.read(data, "g/events.out.tfevents.1")
    d = py_decode(data)
    assert d["records"] == 0 and d["step"] == b"" and len(d["problems"]) >= 1
    if _tfevents_c is not None:
        assert_decoders_agree(data, f"garbage seed {seed}")


@pytest.mark.parametrize("decode", _decoders())
def test_garbage_prefix_and_gaps_are_skipped(decode, small_file):
    """Garbage before the first record and between records: every record is found again."""
    spans = split_records(small_file)
    rng = np.random.default_rng(8)
    pieces = [rng.integers(0, 256, 37, dtype=np.uint8).tobytes()]
    for i, (s, e) in enumerate(spans):
        pieces.append(small_file[s:e])
        if i % 9 == 4:
            pieces.append(rng.integers(0, 256, 5 + i, dtype=np.uint8).tobytes())
    data = b"".join(pieces)
    d = decode(data)
    assert decoded_points(d) == file_points(small_file)
    assert d["records"] == len(spans)
    assert len(d["problems"]) == 1 + sum(1 for i in range(len(spans)) if i % 9 == 4)
    assert all("header" in m for _, m in d["problems"])


def test_buffer_types_give_same_result(small_file, tmp_path):
    """bytes, bytearray, memoryview and mmap inputs read the same (contract: readers take any buffer)."""
    path = tmp_path / "events.out.tfevents.1"
    path.write_bytes(small_file)
    want = frame_points(tb.read(small_file, str(path)).scalars)
    assert want == file_points(small_file)
    assert frame_points(tb.read(bytearray(small_file), str(path)).scalars) == want
    assert frame_points(tb.read(memoryview(small_file), str(path)).scalars) == want
    with open(path, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        res = tb.read(mm, str(path))
        assert frame_points(res.scalars) == want
        del res
    for pure in (True, False):
        if not pure and _tfevents_c is None:
            continue
        assert decoded_points(tb.decode(memoryview(small_file)[0:], pure_python=pure)) == want


def test_read_frame_contract(small_file):
    res = tb.read(small_file, "p")
    df = res.scalars
    assert list(df.columns) == ["tag", "step", "value", "wall_time"]
    assert isinstance(df["tag"].dtype, pd.CategoricalDtype)
    assert df["step"].dtype == np.int64 and df["value"].dtype == np.float64 and df["wall_time"].dtype == np.float64
    assert res.problems == ()


def test_many_problems_are_summed_up(small_file):
    spans = split_records(small_file)
    bad = bytearray(small_file)
    for s, e in spans[1:]:
        bad[s + 13] ^= 0xFF
    res = tb.read(bytes(bad), "p")
    assert len(spans) - 1 > tb.MAX_PROBLEMS_PER_FILE
    assert len(res.problems) == tb.MAX_PROBLEMS_PER_FILE + 1
    assert str(len(spans) - 1 - tb.MAX_PROBLEMS_PER_FILE) in res.problems[-1].message
    assert len(res.scalars) == 0


def test_pure_python_env_var(small_file, monkeypatch):
    """LOGANALYZER_PURE_PYTHON=1 routes decode() to the Python decoder (observable: its CRC function is used)."""
    calls = []
    real = _tfevents_py.masked_crc

    def spy(b):
        calls.append(1)
        return real(b)

    monkeypatch.setattr(_tfevents_py, "masked_crc", spy)
    monkeypatch.setenv("LOGANALYZER_PURE_PYTHON", "1")
    d = tb.decode(small_file)
    assert calls, "LOGANALYZER_PURE_PYTHON=1 did not use the pure-Python decoder"
    assert decoded_points(d) == file_points(small_file)
    if _tfevents_c is not None:
        calls.clear()
        monkeypatch.delenv("LOGANALYZER_PURE_PYTHON")
        tb.decode(small_file)
        assert not calls, "the C decoder should be used by default when built"


# ================================================================ property-based corruption


def corrupt(orig: bytes, ops) -> tuple[bytes, np.ndarray]:
    """Apply the ops; return the bytes and, per byte, its index in orig (-1 for bytes written by an op)."""
    data = bytearray(orig)
    origin = list(range(len(orig)))
    for op in ops:
        kind = op[0]
        if kind == "flip":
            if not data:
                continue
            i = op[1] % len(data)
            data[i] ^= op[2]
            origin[i] = -1
        elif kind == "overwrite":
            if not data:
                continue
            i = op[1] % len(data)
            chunk = op[2][: len(data) - i]
            data[i : i + len(chunk)] = chunk
            origin[i : i + len(chunk)] = [-1] * len(chunk)
        elif kind == "truncate":
            i = op[1] % (len(data) + 1)
            del data[i:]
            del origin[i:]
        elif kind == "insert":
            i = op[1] % (len(data) + 1)
            data[i:i] = op[2]
            origin[i:i] = [-1] * len(op[2])
    return bytes(data), np.array(origin, dtype=np.int64)


def intact_records(spans, origin: np.ndarray) -> list[int]:
    """Records whose every byte (header, data, CRC) survives unmodified and contiguous (nothing inserted inside).
    Ops keep surviving bytes in order, so a record is intact iff origin holds s..e-1 consecutively."""
    where = {int(o): j for j, o in enumerate(origin) if o >= 0}
    out = []
    for k, (s, e) in enumerate(spans):
        j = where.get(s)
        if j is not None and j + (e - s) <= len(origin) and np.array_equal(origin[j : j + e - s], np.arange(s, e)):
            out.append(k)
    return out


def is_subsequence(small: list, big: list) -> bool:
    it = iter(big)
    return all(any(x == y for y in it) for x in small)


_pos = st.integers(0, 1 << 16)
_ops = st.lists(
    st.one_of(
        st.tuples(st.just("flip"), _pos, st.integers(1, 255)),
        st.tuples(st.just("overwrite"), _pos, st.binary(min_size=1, max_size=48)),
        st.tuples(st.just("truncate"), _pos),
        st.tuples(st.just("insert"), _pos, st.binary(min_size=1, max_size=48)),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=_ops)
def test_random_corruption_keeps_intact_records(small_file, ops):
    spans = split_records(small_file)
    data, origin = corrupt(small_file, ops)
    per_record = [record_points(small_file[s + 12 : e - 4]) for s, e in spans]
    all_points = [p for pts in per_record for p in pts]
    intact = intact_records(spans, origin)

    d = py_decode(data)  # never raises
    if _tfevents_c is not None:
        assert_decoders_agree(data, repr(ops))
    got = decoded_points(d)
    want_intact = [p for k in intact for p in per_record[k]]
    assert is_subsequence(want_intact, got), "an intact record lost its points"
    assert is_subsequence(got, all_points), "points that no original record holds (or out of order)"
    assert d["records"] >= len(intact)
    # any damage (other than a cut exactly at a record boundary) is reported
    boundaries = {s for s, _ in spans} | {len(small_file)}
    boundary_prefix = data == small_file[: len(data)] and len(data) in boundaries
    assert (d["problems"] == []) == boundary_prefix, d["problems"]
    # offsets are inside the file and increasing
    offs = [o for o, _ in d["problems"]]
    assert offs == sorted(offs) and all(0 <= o < len(data) for o in offs)

    try:
        res = tb.read(data, "p/events.out.tfevents.1")
    except UnreadableFile as exc:
        assert not intact or len(data) == 0, f"intact records but the file was declared unreadable: {exc}"
        assert d["records"] == 0
    else:
        assert frame_points(res.scalars) == got
        limit = tb.MAX_PROBLEMS_PER_FILE
        said = [p for p in res.problems if not p.message.startswith("holds no scalar")]  # no point: one more line
        assert [(p.offset, p.message) for p in said[:limit]] == d["problems"][:limit]
        assert got or res.problems  # never 0 rows in silence


@needs_c
def test_every_single_byte_flip(small_file):
    """Exhaustive: flipping any one byte loses exactly the record holding it, reported once at its start."""
    spans = split_records(small_file)
    per_record = [record_points(small_file[s + 12 : e - 4]) for s, e in spans]
    owner = np.zeros(len(small_file), dtype=np.int64)
    for k, (s, e) in enumerate(spans):
        owner[s:e] = k
    for i in range(len(small_file)):
        bad = bytearray(small_file)
        bad[i] ^= 0xA5
        bad = bytes(bad)
        k = int(owner[i])
        d = c_decode(bad)
        want = [p for j, pts in enumerate(per_record) if j != k for p in pts]
        assert decoded_points(d) == want, i
        assert [o for o, _ in d["problems"]] == [spans[k][0]], (i, d["problems"])
        if i % 7 == 0:  # the Python decoder on a sample (it is ~50x slower)
            assert py_decode(bad) == d, i
