"""The framing of W&B's ``.wandb`` run log: LevelDB-log-style chunks in 32 KiB blocks (no protobuf here).

From wandb's source (github.com/wandb/wandb): ``wandb/sdk/internal/datastore.py`` (the Python writer/reader) and
``core/pkg/leveldb/record.go`` with ``CRCAlgoIEEE`` (the Go writer, ``core/internal/transactionlog``):

- file header: ``:W&B``, uint16 LE magic ``0xBEE1``, uint8 version ``0`` (7 bytes, counted in the first block);
- blocks of 32 KiB; chunks never cross a block; fewer than 7 bytes left in a block are zero padding;
- chunk: uint32 LE checksum, uint16 LE length, uint8 type (1 FULL, 2 FIRST, 3 MIDDLE, 4 LAST), payload. Unlike
  LevelDB the checksum is plain CRC-32 (zlib/IEEE, not masked CRC-32C) of the type byte then the payload;
- a chunk header of all zeros starts a zero-filled (never written) rest of block.

Damage: a chunk with a bad checksum, type or length is reported with its byte offset and reading resumes at the next
intact FULL/FIRST chunk (valid type, length and checksum; LevelDB itself drops the rest of the block); a file cut
mid-record keeps every complete record before the cut and says where it ends. Faults of one kind collapse into one
Problem with a count.
"""
from __future__ import annotations

import struct
import zlib

import numpy as np

from ..runs import Problem
from . import UnreadableFile

IDENT = b":W&B"
MAGIC = 0xBEE1
VERSION = 0
HEADER_LEN = 7
BLOCK = 32768
FULL, FIRST, MIDDLE, LAST = 1, 2, 3, 4
_CHUNK = struct.Struct("<IHB")
_FILE_HEADER = struct.Struct("<4sHB")
_TYPE_CRC = {t: zlib.crc32(bytes([t])) for t in (FULL, FIRST, MIDDLE, LAST)}


class Faults:
    """Problems of a file, one line per kind: the first offset, how many more there were, bytes skipped."""

    def __init__(self, path: str):
        self.path = path
        self.kinds: dict[str, list] = {}  # message -> [first offset, count, bytes skipped]

    def add(self, message: str, offset: int, skipped: int = 0) -> None:
        entry = self.kinds.setdefault(message, [offset, 0, 0])
        entry[1] += 1
        entry[2] += skipped

    def result(self) -> tuple[Problem, ...]:
        out = []
        for message, (offset, count, skipped) in sorted(self.kinds.items(), key=lambda kv: kv[1][0]):
            if skipped:
                message += f"; {skipped} bytes skipped up to the next intact record"
            if count > 1:
                message += f" ({count - 1} more like it)"
            out.append(Problem(self.path, message, offset=offset))
        return tuple(out)


def _intact(buf, pos: int, n: int, kinds=(FULL, FIRST, MIDDLE, LAST)) -> bool:
    """A whole chunk with a valid type, length and checksum starts at ``pos``."""
    left = BLOCK - pos % BLOCK
    if left < HEADER_LEN or n - pos < HEADER_LEN:
        return False
    crc, length, kind = _CHUNK.unpack_from(buf, pos)
    end = pos + HEADER_LEN + length
    return (kind in kinds and length <= left - HEADER_LEN and end <= n
            and zlib.crc32(buf[pos + HEADER_LEN : end], _TYPE_CRC[kind]) == crc)


def _resync(buf, start: int) -> int:
    """The offset of the next intact FULL or FIRST chunk at or after ``start`` (len(buf) when none): a cheap
    vectorised filter on the type byte and the length, then the checksum of each candidate."""
    n = len(buf)
    window = 1 << 20
    for lo in range(start, n - HEADER_LEN + 1, window):
        hi = min(n, lo + window + HEADER_LEN)
        b = np.frombuffer(buf[lo:hi], dtype=np.uint8)
        m = len(b) - HEADER_LEN + 1
        if m <= 0:
            break
        kind = b[6 : 6 + m]
        length = b[4 : 4 + m].astype(np.int64) | (b[5 : 5 + m].astype(np.int64) << 8)
        at = np.arange(lo, lo + m)
        room = BLOCK - at % BLOCK - HEADER_LEN
        for p in np.flatnonzero(((kind == FULL) | (kind == FIRST)) & (length <= room) & (room >= 0)):
            if _intact(buf, lo + int(p), n, (FULL, FIRST)):
                return lo + int(p)
    return n


def records(buf: memoryview, faults: Faults):
    """Yield (offset of its first chunk, payload bytes) for each complete record."""
    n = len(buf)
    pos = HEADER_LEN
    parts: list = []  # chunks of the record being assembled
    first_at = -1
    while pos < n:
        left = BLOCK - pos % BLOCK
        if left < HEADER_LEN:  # block trailer: zero padding
            pos += left
            continue
        if n - pos < HEADER_LEN:
            if any(buf[pos:n]):
                faults.add(f"file ends inside a record header (truncated mid-write?); the last {n - pos} "
                           f"bytes are not read", pos)
            elif parts:
                faults.add("last record cut short (truncated mid-write?); it is not read", first_at)
            return
        crc, length, kind = _CHUNK.unpack_from(buf, pos)
        if crc == 0 and length == 0 and kind == 0:  # zero fill: the rest of the block was never written
            stop = min(n, pos + left)
            if not any(buf[pos:stop]):
                parts, pos = [], stop
                continue
        end = pos + HEADER_LEN + length
        if end > n and kind in _TYPE_CRC and length <= left - HEADER_LEN:
            faults.add(f"last record cut short: its chunk at byte {pos} announces {length} bytes but the file ends "
                       f"at byte {n} (truncated mid-write?); it is not read", first_at if parts else pos)
            return
        if not _intact(buf, pos, n):
            if kind not in _TYPE_CRC:
                what = f"unknown chunk type {kind}"
            elif length > left - HEADER_LEN:
                what = "length overflows its 32 KiB block"
            else:
                what = "checksum mismatch"
            resume = _resync(buf, pos + 1)
            faults.add(f"damaged record ({what})", pos, resume - pos)
            parts, pos = [], resume
            continue
        payload = buf[pos + HEADER_LEN : end]
        if kind == FULL:
            if parts:
                faults.add("record without its last part (damaged log); it is not read", first_at)
                parts = []
            yield pos, bytes(buf[pos + HEADER_LEN : end])
        elif kind == FIRST:
            if parts:
                faults.add("record without its last part (damaged log); it is not read", first_at)
            parts, first_at = [payload], pos
        elif not parts:
            faults.add("part of a record whose start is missing (damaged log); skipped", pos)
        elif kind == MIDDLE:
            parts.append(payload)
        else:  # LAST
            parts.append(payload)
            joined = b"".join(parts)
            parts = []
            yield first_at, joined
        pos = end
    if parts:
        faults.add("last record cut short (truncated mid-write?); it is not read", first_at)


def check_header(buf, path: str) -> None:
    if len(buf) < HEADER_LEN:
        if bytes(buf) == IDENT[: len(buf)]:
            raise UnreadableFile(Problem(path, f"only {len(buf)} bytes: the W&B file header is cut short", offset=0))
        raise UnreadableFile(Problem(path, "not a W&B run file (no ':W&B' header)", offset=0))
    ident, magic, version = _FILE_HEADER.unpack_from(buf, 0)
    if ident != IDENT or magic != MAGIC:
        raise UnreadableFile(Problem(path, "not a W&B run file (no ':W&B' header)", offset=0))
    if version != VERSION:
        raise UnreadableFile(Problem(path, f"W&B log format version {version}; only version {VERSION} is read",
                                     offset=6))
