"""Pure-Python event-file decoder: the fallback where the C extension could not be built.

It mirrors ``_tfevents.c`` step for step (tests compare the two on every file, corrupted ones included), so read
them side by side when changing either. Slow (~100k events/s) but exact.
"""
from __future__ import annotations

import math
import struct

from ._protowire import _fields, _ld, _Malformed, _skip, _varint  # noqa: F401  (tensorboard.py, wandb_run.py)

_F32 = struct.Struct("<f")
_F64 = struct.Struct("<d")
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
_I16 = struct.Struct("<h")
_I32 = struct.Struct("<i")
_I64 = struct.Struct("<q")

_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ 0x82F63B78 if _c & 1 else _c >> 1
    _TABLE.append(_c)


def _crc32c_py(data) -> int:
    c = 0xFFFFFFFF
    for b in bytes(data):
        c = _TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    return c ^ 0xFFFFFFFF


def _c_crc():
    """crc32c's C CRC, imported on the first CRC taken here, or None where it is missing: the C decoder never needs
    it, and ``import crc32c`` pulls in importlib.metadata and argparse (~27 ms CPU) for every process that reads an
    event file (``tensorboard.py`` imports this module for its protobuf field helpers)."""
    global _crc32c
    if _crc32c is _UNSET:
        try:  # a C CRC; the pure-Python table below runs at a few MB/s
            from crc32c import crc32c as _crc32c
        except ImportError:  # pragma: no cover - crc32c is a dependency; kept for odd platforms
            _crc32c = None
    return _crc32c


_UNSET = object()
_crc32c = _UNSET


def masked_crc(data) -> int:
    crc = _c_crc()
    c = crc(data) if crc is not None else _crc32c_py(data)
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _half(h: int) -> float:
    sign, exp, man = h >> 15, (h >> 10) & 0x1F, h & 0x3FF
    if exp == 0:
        v = math.ldexp(man, -24)
    elif exp == 31:
        v = math.nan if man else math.inf
    else:
        v = math.ldexp(man | 0x400, exp - 25)
    return -v if sign else v


def _bf16(h: int) -> float:
    return _F32.unpack(_U32.pack((h & 0xFFFF) << 16))[0]


DT_FLOAT, DT_DOUBLE, DT_INT32, DT_UINT8, DT_INT16, DT_INT8, DT_INT64 = 1, 2, 3, 4, 5, 6, 9
DT_BOOL, DT_BFLOAT16, DT_UINT16, DT_HALF, DT_UINT32, DT_UINT64 = 10, 14, 17, 19, 22, 23
_ITEM_SIZE = {DT_FLOAT: 4, DT_INT32: 4, DT_UINT32: 4, DT_DOUBLE: 8, DT_INT64: 8, DT_UINT64: 8, DT_INT16: 2,
              DT_UINT16: 2, DT_HALF: 2, DT_BFLOAT16: 2, DT_INT8: 1, DT_UINT8: 1, DT_BOOL: 1}


def _from_content(dt: int, b, p: int) -> float:
    if dt == DT_FLOAT:
        return _F32.unpack_from(b, p)[0]
    if dt == DT_DOUBLE:
        return _F64.unpack_from(b, p)[0]
    if dt == DT_INT32:
        return float(_I32.unpack_from(b, p)[0])
    if dt == DT_UINT32:
        return float(_U32.unpack_from(b, p)[0])
    if dt == DT_INT64:
        return float(_I64.unpack_from(b, p)[0])
    if dt == DT_UINT64:
        return float(_U64.unpack_from(b, p)[0])
    if dt == DT_INT16:
        return float(_I16.unpack_from(b, p)[0])
    if dt == DT_UINT16:
        return float(_U16.unpack_from(b, p)[0])
    if dt == DT_HALF:
        return _half(_U16.unpack_from(b, p)[0])
    if dt == DT_BFLOAT16:
        return _bf16(_U16.unpack_from(b, p)[0])
    if dt == DT_INT8:
        x = b[p]
        return float(x - 256 if x > 127 else x)
    if dt == DT_UINT8:
        return float(b[p])
    return 1.0 if b[p] else 0.0  # DT_BOOL


def _first_packed(b, p: int, end: int, wt: int, kind: str):
    """First element of a repeated numeric field (packed or not) as its raw integer bits, or None."""
    if wt == 2:
        s, e = _ld(b, p, end)
        n = e - s
        if n == 0:
            return None
        if kind == "f":
            return _U32.unpack_from(b, s)[0] if n >= 4 else None
        if kind == "d":
            return _U64.unpack_from(b, s)[0] if n >= 8 else None
        try:
            return _varint(b, s, e)[0]
        except _Malformed:
            return None
    if kind == "f" and wt == 5 and end - p >= 4:
        return _U32.unpack_from(b, p)[0]
    if kind == "d" and wt == 1 and end - p >= 8:
        return _U64.unpack_from(b, p)[0]
    if kind == "v" and wt == 0:
        try:
            return _varint(b, p, end)[0]
        except _Malformed:
            return None
    return None


_VAL_KIND = {5: "f", 6: "d", 7: "v", 10: "v", 11: "v", 13: "v", 16: "v", 17: "v"}


def _tensor_scalar(b, p: int, end: int):
    """Value of a rank-0 numeric TensorProto, or None when it is not one. Raises _Malformed."""
    dt = 0
    rank = 0
    raw: dict[int, int] = {}
    content = None
    for field, wt, s, nxt in _fields(b, p, end):
        if field == 1 and wt == 0:
            dt = _varint(b, s, end)[0]
        elif field == 2 and wt == 2:
            ds, de = _ld(b, s, end)
            for f2, _wt2, _s2, _n2 in _fields(b, ds, de):
                if f2 == 2:
                    rank += 1
        elif field == 4 and wt == 2:
            content = _ld(b, s, end)
        elif 5 <= field <= 17 and field not in raw and field in _VAL_KIND:
            v = _first_packed(b, s, end, wt, _VAL_KIND[field])
            if v is not None:
                raw[field] = v
    if rank != 0:
        return None
    dt &= 0xFFFFFFFF  # the C code keeps the enum in an int
    if dt >= 1 << 31:
        dt -= 1 << 32
    size = _ITEM_SIZE.get(dt)
    if not size:
        return None
    if content is not None and content[1] > content[0]:
        if content[1] - content[0] < size:
            return None
        return _from_content(dt, b, content[0])
    # a scalar with no value field is zero (proto defaults), as TensorFlow's make_ndarray reads it
    if dt == DT_FLOAT:
        return _F32.unpack(_U32.pack(raw[5] & 0xFFFFFFFF))[0] if 5 in raw else 0.0
    if dt == DT_DOUBLE:
        return _F64.unpack(_U64.pack(raw[6]))[0] if 6 in raw else 0.0
    if dt == DT_HALF:
        return _half(raw[13] & 0xFFFF) if 13 in raw else 0.0
    if dt == DT_BFLOAT16:
        return _bf16(raw[13] & 0xFFFF) if 13 in raw else 0.0
    if dt in (DT_INT32, DT_INT16, DT_INT8):
        if 7 not in raw:
            return 0.0
        x = raw[7] & 0xFFFFFFFF
        return float(x - (1 << 32) if x >= 1 << 31 else x)
    if dt in (DT_UINT8, DT_UINT16):
        return float(raw[7] & 0xFFFFFFFF) if 7 in raw else 0.0
    if dt == DT_INT64:
        if 10 not in raw:
            return 0.0
        x = raw[10]
        return float(x - (1 << 64) if x >= 1 << 63 else x)
    if dt == DT_BOOL:
        return (1.0 if raw[11] else 0.0) if 11 in raw else 0.0
    if dt == DT_UINT32:
        return float(raw[16] & 0xFFFFFFFF) if 16 in raw else 0.0
    if dt == DT_UINT64:
        return float(raw[17]) if 17 in raw else 0.0
    return None


class _State:
    def __init__(self, base, details: bool):
        self.b = base
        self.details = details
        self.tag_ids: dict[bytes, int] = {}
        self.tags: list[bytes] = []
        self.plugins: list[bytes | None] = []
        self.tag_index: list[int] = []
        self.steps: list[int] = []
        self.values: list[float] = []
        self.walls: list[float] = []
        self.problems: list[tuple[int, str]] = []
        self.restarts: list[tuple[int, int]] = []
        self.histograms: list[tuple] = []
        self.hparams: list[tuple] = []
        self.file_version: str | None = None
        self.records = 0

    def tag(self, raw: bytes) -> int:
        i = self.tag_ids.get(raw)
        if i is None:
            i = self.tag_ids[raw] = len(self.tags)
            self.tags.append(raw)
            self.plugins.append(None)
        return i

    def point(self, tag: int, step: int, value: float, wall: float) -> None:
        self.tag_index.append(tag)
        self.steps.append(step)
        self.values.append(value)
        self.walls.append(wall)


def _decode_value(st: _State, p: int, end: int, step: int, wall: float) -> None:
    b = st.b
    tag = b""
    plugin = None
    content = None
    kind = 0
    simple = 0.0
    sub = None
    for field, wt, s, nxt in _fields(b, p, end):
        if field == 1 and wt == 2:
            ts, te = _ld(b, s, end)
            tag = bytes(b[ts:te])
        elif field == 2 and wt == 5:
            simple = _F32.unpack_from(b, s)[0]
            kind = 2
        elif field in (5, 8) and wt == 2:
            sub = _ld(b, s, end)
            kind = field
        elif field in (3, 4, 6) and wt == 2:
            kind = 0
            sub = None
        elif field == 9 and wt == 2:
            ms, me = _ld(b, s, end)
            for f2, wt2, s2, _n2 in _fields(b, ms, me):
                if f2 == 1 and wt2 == 2:
                    ds, de = _ld(b, s2, me)
                    for f3, wt3, s3, _n3 in _fields(b, ds, de):
                        if f3 == 1 and wt3 == 2:
                            a, z = _ld(b, s3, de)
                            plugin = bytes(b[a:z])
                        elif f3 == 2 and wt3 == 2:
                            content = _ld(b, s3, de)
    ti = st.tag(tag)
    if plugin is not None and st.plugins[ti] is None:
        st.plugins[ti] = plugin
    if kind == 2:
        st.point(ti, step, simple, wall)
    elif kind == 8:
        v = _tensor_scalar(b, sub[0], sub[1])
        if v is not None:
            st.point(ti, step, v, wall)
        elif st.details and st.plugins[ti] == b"histograms":
            st.histograms.append((ti, step, wall, sub[0], sub[1] - sub[0], "tensor"))
    elif kind == 5 and st.details:
        st.histograms.append((ti, step, wall, sub[0], sub[1] - sub[0], "histo"))
    if st.details and plugin == b"hparams" and content is not None:
        st.hparams.append((ti, content[0], content[1] - content[0]))


def _decode_event(st: _State, p: int, end: int) -> bool:
    """Decode one Event; False when malformed (whatever it added is rolled back, as in the C code)."""
    b = st.b
    wall = 0.0
    step = 0
    summaries = []
    session_start = False
    fv = None
    try:
        for field, wt, s, nxt in _fields(b, p, end):
            if field == 1 and wt == 1:
                wall = _F64.unpack_from(b, s)[0]
            elif field == 2 and wt == 0:
                step = _varint(b, s, end)[0]
                if step >= 1 << 63:
                    step -= 1 << 64
            elif field == 3 and wt == 2:
                fv = _ld(b, s, end)
            elif field == 5 and wt == 2:
                if len(summaries) == 8:
                    return False
                summaries.append(_ld(b, s, end))
            elif field == 7 and wt == 2:
                ls, le = _ld(b, s, end)
                for f2, wt2, s2, _n2 in _fields(b, ls, le):
                    if f2 == 1 and wt2 == 0:
                        session_start = _varint(b, s2, le)[0] == 1
    except _Malformed:
        return False
    if fv is not None and st.file_version is None:
        st.file_version = bytes(b[fv[0]:fv[1]]).decode("utf-8", "replace")
    if session_start:
        st.restarts.append((len(st.steps), step))
    mark, mark_h, mark_hp = len(st.steps), len(st.histograms), len(st.hparams)
    try:
        for ss, se in summaries:
            for field, wt, s, nxt in _fields(b, ss, se):
                if field == 1 and wt == 2:
                    vs, ve = _ld(b, s, se)
                    _decode_value(st, vs, ve, step, wall)
    except _Malformed:
        for col in (st.tag_index, st.steps, st.values, st.walls):
            del col[mark:]
        del st.histograms[mark_h:]
        del st.hparams[mark_hp:]
        return False
    return True


def _record_at(b, n: int, pos: int) -> bool:
    if n - pos < 12:
        return False
    if masked_crc(b[pos:pos + 8]) != _U32.unpack_from(b, pos + 8)[0]:
        return False
    length = _U64.unpack_from(b, pos)[0]
    if length > n - pos - 12 or n - pos - 12 - length < 4:
        return True
    return masked_crc(b[pos + 12:pos + 12 + length]) == _U32.unpack_from(b, pos + 12 + length)[0]


def decode(data, details: bool = False) -> dict:
    """Decode an event file's bytes. See ``tensorboard.decode`` for the keys of the result."""
    b = memoryview(data).cast("B")
    st = _State(b, details)
    n = len(b)
    pos = 0
    while pos < n:
        if n - pos < 12:
            st.problems.append((pos, f"truncated record at end of file ({n - pos} of 12 header bytes)"))
            break
        if masked_crc(b[pos:pos + 8]) != _U32.unpack_from(b, pos + 8)[0]:
            q = pos + 1
            while q < n and not _record_at(b, n, q):
                q += 1
            if q >= n:
                st.problems.append((pos, "corrupt record header (length CRC mismatch); no valid record in the "
                                         f"remaining {n - pos} bytes"))
                break
            st.problems.append((pos, f"corrupt record header (length CRC mismatch); skipped {q - pos} bytes"))
            pos = q
            continue
        length = _U64.unpack_from(b, pos)[0]
        if length > n - pos - 12 or n - pos - 12 - length < 4:
            st.problems.append((pos, f"truncated record at end of file (header says {length} bytes, all present, "
                                     f"but {n - pos - 12 - length} of the 4 checksum bytes after them: the writer "
                                     "stopped mid-record; this last record is not read, the records before it are)"
                                if length <= n - pos - 12 else
                                f"truncated record at end of file (header says {length} bytes, {n - pos - 12} "
                                "present)"))
            break
        ds = pos + 12
        if masked_crc(b[ds:ds + length]) != _U32.unpack_from(b, ds + length)[0]:
            st.problems.append((pos, "record data CRC mismatch; record skipped"))
        else:
            st.records += 1
            if not _decode_event(st, ds, ds + length):
                st.problems.append((pos, "malformed event record; record skipped"))
        pos += 16 + length
    count = len(st.steps)
    return {
        "tags": [t.decode("utf-8", "replace") for t in st.tags],
        "plugins": [(p or b"").decode("utf-8", "replace") for p in st.plugins],
        "tag_index": struct.pack(f"<{count}i", *st.tag_index),
        "step": struct.pack(f"<{count}q", *st.steps),
        "value": struct.pack(f"<{count}d", *st.values),
        "wall_time": struct.pack(f"<{count}d", *st.walls),
        "problems": st.problems,
        "restarts": st.restarts,
        "histograms": st.histograms,
        "hparams": st.hparams,
        "file_version": st.file_version,
        "records": st.records,
    }
