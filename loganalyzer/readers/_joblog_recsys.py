"""Two printed formats of graph-recommender research code, read whole (used by ``readers/_joblog_whole.py``); each
prints its loss as a total and its terms (``total = a + b + c``): the total is ``loss``, the terms
``loss_term1``, ``loss_term2``... in the order printed.

KGAT / NGCF / LightGCN (TensorFlow; xiangwang1223/knowledge_graph_attention_network and
neural_graph_collaborative_filtering ``Main.py``, kuandeng/LightGCN, and their ports) print per epoch::

    'Epoch %d [%.1fs]: train==[%.5f=%.5f + %.5f + %.5f]'                     (epoch, time, loss, base, kge, reg)
    'Epoch %d [%.1fs + %.1fs]: train==[%.5f=%.5f + %.5f + %.5f], recall=[%.5f, %.5f], precision=[..], hit=[..],
     ndcg=[..]'                                                             (every 10th epoch: a test evaluation)

the metric lists holding ``ret[m][0]`` and ``ret[m][-1]`` (the first and the last of ``--Ks``, ``[20, 40, 60, 80,
100]`` by default). No line names a ``loss``: public kgat172's two logs read as nothing. Read here: the epoch as
printed (from 0), ``loss`` and its terms, the evaluation's ``test_<metric>`` (the first K) and
``test_<metric>_lastK`` (the last K; not written when it is the same list entry, a single K). Its NaN exit,
``if np.isnan(loss) == True: print('ERROR: loss@epoch is nan.'); sys.exit()`` (in the epoch's batch loop, before
its line), is a NaN ``loss`` at the epoch after the last printed one.

NeuRec and the models built on it (wubinzzu/NeuRec; SGL-Torch, wujcan/SGL-Torch) log a metrics header once, then a
tab-separated row of values per evaluated epoch, and the training loss of each epoch before it::

    2022-04-13 01:17:23.338: metrics:\tPrecision@20\tRecall@20   \tNDCG@20
    2022-04-13 01:23:25.892: [iter 1 : loss : 7.0305 = 0.6931 + 6.3374 + 0.0000, time: 362.553843]
    2022-04-13 01:23:39.990: epoch 1:\t0.00241078  \t0.00507033  \t0.00407281

(``self.logger.info("metrics:\\t%s" % self.evaluator.metrics_info())``, ``"epoch %d:\\t%s" % (epoch, result)``;
NeuRec's other models print ``[iter %d : loss : %f, time: %f]``). Line by line, the rows (numbers named only by the
header far above) were lost and only ``loss`` was kept (public sgltorch172). Read here: the header's names as
printed, each row at its epoch, ``loss`` and its terms at the ``iter`` (the epoch) that printed them. A second
launch appended to the log (its own ``metrics:`` header, e.g. ``Precision@10`` where the first launch had @20) names
its rows by its own header: the first header's names on its rows made one series of two cut-offs.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_N = NUMBER.encode()
_TERMS = rb"(" + _N + rb")((?:\s*\+\s*" + _N + rb")*)"
_KGAT_LINE = re.compile(rb"(?m)^[^\r\n]*?\bEpoch (\d+) \[[\d.]+s(?: \+ [\d.]+s)?\]: train==\[(" + _N + rb")\s*=\s*"
                        + _TERMS + rb"\]([^\r\n]*)")
_LIST = re.compile(rb"(\w+)=\[(" + _N + rb")((?:,\s*" + _N + rb")*)\]")
_TERM = re.compile(_N)
_HEADER = re.compile(rb"(?m)metrics:\t([^\r\n]+?)[ \t]*\r?$")
_ROW = re.compile(rb"(?m)\bepoch (\d+):\t([^\r\n]+?)[ \t]*\r?$")
_ITER = re.compile(rb"(?m)\[iter (\d+) : loss : (" + _N + rb")((?:\s*=\s*" + _N + rb"(?:\s*\+\s*" + _N
                   + rb")*)?), time: [^\]\r\n]*\]")
_MIN_LINES = 2
_KGAT_NAN = re.compile(rb"(?m)^[ \t]*ERROR: loss@epoch is nan\.")


def _loss(total: bytes, terms: bytes) -> tuple:
    return (("loss", float(total)),) + tuple((f"loss_term{n}", float(t))
                                             for n, t in enumerate(_TERM.findall(terms), 1))


def kgat_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every KGAT/NGCF epoch line (module docstring), or None when there are fewer than two."""
    if data.find(b": train==[") < 0:
        return None
    out: list[tuple[int, Record]] = []
    for m in _KGAT_LINE.finditer(data):
        epoch = int(m.group(1))
        out.append((m.start(), Record("kgat", _loss(m.group(2), m.group(3) + m.group(4)), step=epoch,
                                      epoch=float(epoch), own_step=True)))
        evals = []
        for name, first, rest in _LIST.findall(m.group(5)):
            key = "test_" + name.decode()
            evals.append((key, float(first)))
            if rest:
                evals.append((key + "_lastK", float(_TERM.findall(rest)[-1])))
        if evals:
            out.append((m.start() + 1, Record("kgat", tuple(evals), step=epoch, epoch=float(epoch), kind="eval",
                                              own_step=True)))
    if out and (nan := _KGAT_NAN.search(data, out[-1][0])) is not None:
        epoch = out[-1][1].step + 1
        out.append((nan.start(), Record("kgat", (("loss", float("nan")),), step=epoch, epoch=float(epoch),
                                        own_step=True)))
    return out if sum(r.kind == "train" for _, r in out) >= _MIN_LINES else None


def neurec_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of a NeuRec log's loss lines and metric rows (module docstring), or None when it has no
    ``metrics:`` header followed by a row of as many values. Each row is named by the last header above it: a second
    launch appended to the same log prints its own (``Precision@10`` where the first evaluated @20)."""
    headers = list(_HEADER.finditer(data)) if data.find(b"metrics:\t") >= 0 else []
    if not headers:
        return None
    out: list[tuple[int, Record]] = []
    for m in _ITER.finditer(data):
        epoch = int(m.group(1))
        out.append((m.start(), Record("neurec", _loss(m.group(2), m.group(3).split(b"=", 1)[-1] if m.group(3) else b""),
                                      step=epoch, epoch=float(epoch), own_step=True)))
    rows = 0
    for i, header in enumerate(headers):
        names = [n.strip().decode("utf-8", "replace") for n in header.group(1).split(b"\t") if n.strip()]
        end = headers[i + 1].start() if i + 1 < len(headers) else len(data)
        for m in _ROW.finditer(data, header.end(), end):
            cells = [c for c in m.group(2).split(b"\t") if c.strip()]
            if len(cells) != len(names) or not all(re.fullmatch(_N, c.strip()) for c in cells):
                continue
            epoch = int(m.group(1))
            rows += 1
            out.append((m.start(), Record("neurec", tuple((n, float(c)) for n, c in zip(names, cells)), step=epoch,
                                          epoch=float(epoch), kind="eval", own_step=True)))
    return sorted(out, key=lambda hit: hit[0]) if rows else None
