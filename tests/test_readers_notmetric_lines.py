"""``_joblog_notmetric``'s line rules on a display redrawn with ``print(.., end="\\r")``: each line found and decoded
once (counted, no timing), and the same answers as the per-hit slice they replace (``_notmetric_lines``)."""
from __future__ import annotations

import contextlib
import re

from loganalyzer.readers import _linespans, _notmetric_lines, joblog
from loganalyzer.readers._linestart import line_start


def _redrawn(path, n: int) -> bytes:
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        print("Training started")
        for i in range(n):
            print(f"loss: {1 / (i + 2):.4f} acc: {i / (n + 1):.4f}", end="\r")
        print()
        print("done")
    return path.read_bytes()


def test_redrawn_line_found_and_decoded_once(tmp_path, monkeypatch):
    """Step-less ``loss: .. acc: ..`` redraws are one line of 6,000 hits: the rules had found, decoded and
    searched (``_OVERFLOW``) the rest of the line per hit -- quadratic (6,000 redraws: ~32 s under a profiler). Now the line is found
    and decoded once, and the overflow note's pattern runs on no hit (no ``overflow`` in the line)."""
    found, decoded, searched = [], [], []

    class Counted(_linespans.Lines):
        def span(self, offset):
            known = len(self.starts)
            out = super().span(offset)
            if len(self.starts) > known:
                found.append(out)
            return out

        def text(self, offset):
            known = len(self.texts)
            out = super().text(offset)
            if len(self.texts) > known:
                decoded.append(offset)
            return out

    class Overflow:
        def search(self, text, pos=0):
            searched.append(len(text) - pos)
            return _notmetric_lines._OVERFLOW.search(text, pos)

    monkeypatch.setattr(_notmetric_lines, "Lines", Counted)
    data = _redrawn(tmp_path / "train.log", 3000)
    hits = joblog.parse(data, str(tmp_path / "train.log")).hits
    assert len(hits) == 3000
    redraw = [span for span in found if span[1] - span[0] > 1000]
    assert len(redraw) == 1  # the redraw line found once, not once per hit
    assert len(decoded) <= len(found)  # and decoded at most once per line found
    monkeypatch.setattr(_notmetric_lines, "_OVERFLOW", Overflow())
    lines = _notmetric_lines.HitLines(data)
    assert not any(lines.settings(h.offset) for h in hits)
    assert searched == []


def _sliced(data, offset):
    """The per-hit rules as they were: the slice from the hit's line start to the next ``\\n``."""
    start = line_start(data, offset, max(0, offset - 4096))
    end = data.find(b"\n", offset)
    line = bytes(data[start:len(data) if end < 0 else end]).decode("utf-8", "replace").rstrip("\r")
    message = _notmetric_lines.message(line)
    settings = bool(_notmetric_lines._DOTTED.match(message) or _notmetric_lines._OVERFLOW.search(message)
                    or _notmetric_lines._QUOTED_FLAG.match(line))
    return (settings, bool(_notmetric_lines._CLOSING.match(message)),
            bool(_notmetric_lines._EPOCH_CLOSED.match(message)))


def test_same_answers_as_the_slice(tmp_path):
    """Every offset of a log mixing the rules' shapes -- bars with block characters redrawn by ``\\r``, an overflow
    note after a redraw, a dotted config field, a quoted flag, closing lines, a logging prefix, a 4,400-byte line
    without breaks, a stray invalid byte -- gives what slicing gave."""
    path = tmp_path / "job.out"
    with open(path, "w") as f, contextlib.redirect_stdout(f):
        print("[2025-10-28 20:50:29,618] [INFO] [config.py:958:print]   float16_config ....... enabled=True")
        print("'pixel_cls_loss_weight_lambda=2.0'")
        for i in range(30):
            print(f"Epoch 1: {i * 3}%|{'█' * (i // 3)}{' ' * 10}| {i}/30 [loss=0.{i:02d}]", end="\r")
        print("[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536", end="\r")
        print("loss: 0.5 acc: 0.9")
        print("Completed epoch 3 with loss: 0.85; Time: 53.0\rdone epoch 4 with loss 0.8\r")
        print("Completed training with loss: 0.8; Time: 52.8")
        print("x" * 4200 + " loss: 0.3 " + "é" * 100 + " overflow skipping\r loss: 0.2")
        print("[INFO] [a] Training done loss 0.1\r\r")
    data = path.read_bytes().replace(b"x" * 10, b"\xff" + b"x" * 9, 1)
    lines = _notmetric_lines.HitLines(data)
    offsets = [m.start() for m in re.finditer(rb"[^\n]", data)]
    got = [(lines.settings(o), lines.closing(o), lines.epoch_closed(o)) for o in offsets]
    want = [_sliced(data, o) for o in offsets]
    assert got == want
    assert any(g[0] for g in got) and any(g[1] for g in got) and any(g[2] for g in got)
    lines = _notmetric_lines.HitLines(data)  # offsets out of order: the same
    assert [lines.settings(o) for o in reversed(offsets)] == [w[0] for w in reversed(want)]
