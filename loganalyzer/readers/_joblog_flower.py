"""Flower's server-side rounds (``flwr/server/server.py``, ``Server.fit``), for ``joblog``.

A Flower federated-learning server logs, after each round's centralised evaluation of the global model
(``strategy.evaluate``)::

    INFO :      initial parameters (loss, other metrics): 4.375000893138216, {'cen_accuracy': 0.0112}
    INFO :      [ROUND 1]
    INFO :      fit progress: (1, 4.375000893138216, {'cen_accuracy': 0.0112}, 213.62)

(``log(INFO, "fit progress: (%s, %s, %s, %s)", current_round, loss_cen, metrics_cen, timeit.default_timer() -
start_time)``: the round, the centralised loss, its metrics dict and the seconds since the start; the initial
evaluation at round 0). No line says ``loss`` next to its number, so nothing was read (a Flower run was "no training
runs found"). Read here: ``centralized_loss`` and the dict's metrics as printed, at the round (round 0: the initial
parameters'). Several servers started in one log (``Starting Flower ServerApp``, the round back at 0) are several
runs, as any counter going back. The closing ``History (loss, centralized):`` block repeats the same values: no curve.
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record, clean, to_float

_PROGRESS = re.compile(r"fit progress: \((\d+), (" + NUMBER + r"|nan|inf), (\{[^}]*\}), [\d.]+\)")
_INITIAL = re.compile(r"initial parameters \(loss, other metrics\): (" + NUMBER + r"|nan|inf), (\{[^}]*\})")
# a value as numpy >= 2 reprs its scalars ('accuracy': np.float64(0.6)): the dict is printed with %s (NEP 51)
_PAIR = re.compile(r"'([^']+)':\s*(?:np\.(?:float|int)\d+\((" + NUMBER + r")\)|(" + NUMBER + r"))(?=[,}\s])")


def _values(loss: str, metrics: str) -> tuple:
    values = [("centralized_loss", v)] if (v := to_float(loss) if loss not in ("nan", "inf") else float(loss)) \
        is not None else []
    return tuple(values + [(k, x) for k, np_raw, raw in _PAIR.findall(metrics)
                           if (x := to_float(np_raw or raw)) is not None])


def flower_rounds(data, hits: list, make) -> list:
    """``hits`` with Flower's per-round centralised evaluations added (module docstring; ``make(offset, record)``)."""
    if data.find(b"fit progress: (") < 0:
        return hits
    out = {h.offset: h for h in hits}
    for needle, pattern, initial in ((b"fit progress: (", _PROGRESS, False),
                                     (b"initial parameters (loss", _INITIAL, True)):
        pos = 0
        while (p := data.find(needle, pos)) >= 0:
            start = data.rfind(b"\n", 0, p) + 1
            end = data.find(b"\n", p)
            end = len(data) if end < 0 else end
            pos = end + 1
            m = pattern.search(clean(bytes(data[start:end]).rstrip(b"\r"))[0])
            if m is None:
                continue
            step = 0 if initial else int(m.group(1))
            values = _values(*(m.groups() if initial else m.groups()[1:]))
            if values:
                out[start] = make(start, Record("flower", values, step=step, own_step=True))
    return [out[o] for o in sorted(out)]
