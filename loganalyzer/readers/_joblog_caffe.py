"""Caffe's training log (``caffe train --solver=...`` output, glog lines), for ``joblog``.

Caffe (``src/caffe/solver.cpp``, ``sgd_solver.cpp``) prints, after its solver and net parameter dumps (the prototxt,
printed once per net: 40 KB to several MB before the first step), every ``display`` iterations::

    I0218 17:49:53.815002  7189 solver.cpp:237] Iteration 980, loss = 5.93
    I0218 17:49:53.815002  7189 solver.cpp:253]     Train net output #0: acc = 0.02
    I0218 17:49:53.815002  7189 solver.cpp:253]     Train net output #1: loss = 5.90038 (* 1 = 5.90038 loss)
    I0218 17:49:53.815007  7189 sgd_solver.cpp:106] Iteration 980, lr = 0.02

(newer Caffe: ``Iteration 980 (3.4 iter/s, 5.8s/20 iters), loss = 5.93``) and every ``test_interval`` iterations::

    I0218 17:50:22.526795  7189 solver.cpp:341] Iteration 1000, Testing net (#0)
    I0218 17:52:59.789865  7189 solver.cpp:409]     Test net output #0: acc = 0.0204
    I0218 17:52:59.789865  7189 solver.cpp:409]     Test net output #1: loss = 6.04265 (* 1 = 6.04265 loss)

Read here: ``loss`` (the display loss, smoothed over ``average_loss`` iterations), ``Train_<name>`` per train net
output (not when it prints the display loss's numbers again: ``_without_copies``), ``lr`` per display, and
``Test_<name>`` per test net output as a validation series at the iteration of its ``Testing net`` line (net #k > 0:
``Test<k>_<name>``). The parameter dumps (``average_loss: 20``, ``base_lr: 0.1``,
``loss_weight: 1``) give no series: only the glog lines above are read, from the first one on.
"""
from __future__ import annotations

from ._lazy import lazy_re
from ._progress import NUMBER, Record, to_float

NEEDLE = b"] Iteration "
# glog's prefix: severity, MMDD hh:mm:ss.micros, thread id, file:line]
_GLOG = r"[IWEF](\d{4} \d\d:\d\d:\d\d\.\d+) +\d+ [\w.-]+:\d+\] ?"
_FIRST = lazy_re((r"^" + _GLOG + r"Iteration \d+").encode())
_LINE = lazy_re(
    r"(?m)^" + _GLOG + r"\s*(?:Iteration (?P<it>\d+)(?: \([^)\n]*\))?, (?:loss = (?P<loss>" + NUMBER + r")"
    r"|lr = (?P<lr>" + NUMBER + r")|Testing net \(#(?P<net>\d+)\))"
    r"|(?P<split>Train|Test) net output #\d+: (?P<name>\S+) = (?P<value>" + NUMBER + r"))[ \t]*(?:\(\*|\r?$)")
_PROBE = 50  # '] Iteration ' occurrences looked at for a glog line before giving up


def _first_line(data, size: int) -> int | None:
    """The offset of the first glog ``Iteration N`` line of ``data``, None when it holds none (no Caffe log)."""
    pos = 0
    for _ in range(_PROBE):
        p = data.find(NEEDLE, pos)
        if p < 0:
            return None
        start = data.rfind(b"\n", 0, p) + 1
        if _FIRST().match(bytes(data[start:p + len(NEEDLE) + 12])) is not None:
            return start
        pos = p + len(NEEDLE)
    return None


def caffe_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every Caffe progress line (display loss, train/test net outputs, lr), or None when
    ``data`` is no Caffe log (no glog ``Iteration N`` line)."""
    first = _first_line(data, size)
    if first is None:
        return None
    text = bytes(data[first:]).decode("utf-8", "replace")
    out: list[tuple[int, Record]] = []
    step = test_step = None
    test_net = 0
    offsets = _Offsets(text, first)
    for m in _LINE().finditer(text):
        stamp = m.group(1)
        if m.group("it") is not None:
            it = int(m.group("it"))
            if m.group("net") is not None:
                test_step, test_net = it, int(m.group("net"))
                continue
            tag, raw = ("loss", m.group("loss")) if m.group("loss") is not None else ("lr", m.group("lr"))
            step = it
            kind = "train"
        else:
            raw = m.group("value")
            if m.group("split") == "Test":
                if test_step is None:
                    continue
                tag = ("Test_" if test_net == 0 else f"Test{test_net}_") + m.group("name")
                it, kind = test_step, "eval"
            else:
                if step is None:
                    continue
                tag, it, kind = "Train_" + m.group("name"), step, "train"
        value = to_float(raw)
        if value is None:
            continue
        out.append((offsets.at(m.start()), Record("caffe", ((tag, value),), step=it, kind=kind, time=stamp,
                                                  own_step=True)))
    if not any(r.values[0][0] != "lr" for _, r in out):
        return None  # lr lines alone: no Caffe training
    return _without_copies(out)


def _without_copies(out: list[tuple[int, Record]]) -> list[tuple[int, Record]]:
    """``out`` less a ``Train_<name>`` series that only repeats the display ``loss``: with ``average_loss: 1`` (the
    default) ``Iteration 100 (..), loss = 0.224371`` and ``Train net output #0: loss = 0.224371 (* 1 = 0.224371
    loss)`` print the same number at every display (public BVLC/caffe ``train.log``, LeNet on MNIST: a second
    ``Train_loss`` series beside ``loss``). An output that differs at any display (the display loss smoothed over
    ``average_loss`` iterations, another output) is kept."""
    loss = {r.step: r.values[0][1] for _, r in out if r.kind == "train" and r.values[0][0] == "loss"}
    if not loss:
        return out
    same: dict[str, bool] = {}
    for _, r in out:
        tag, value = r.values[0]
        if r.kind == "train" and tag.startswith("Train_"):
            same[tag] = same.get(tag, True) and loss.get(r.step) == value
    copies = {tag for tag, equal in same.items() if equal}
    return [(o, r) for o, r in out if r.values[0][0] not in copies] if copies else out


class _Offsets:
    """Byte offsets of character positions of ``text`` (decoded from ``data[base:]``), cheap for ASCII text."""

    def __init__(self, text: str, base: int):
        self.ascii = text.isascii()
        self.text, self.base = text, base
        self._pos = self._byte = 0

    def at(self, index: int) -> int:
        if self.ascii:
            return self.base + index
        self._byte += len(self.text[self._pos:index].encode("utf-8", "replace"))  # calls come in increasing order
        self._pos = index
        return self.base + self._byte
