"""FLGo's printed log (WwZzz/easyFL, ``pip install flgo``; used by ``readers/_joblog_whole.py``), read whole.

``flgo/algorithm/fedbase.py:BasicServer.run`` prints a round banner before each evaluation, and the logger's
``log_once`` (``flgo/experiment/logger/__init__.py``) one ``"{:<30s}{:.4f}"`` line per metric after it::

    2026-04-14 01:03:59,196 fedbase.py run [line:300] INFO --------------Initial Evaluation--------------
    2026-04-14 01:04:04,713 __init__.py log_once [line:227] INFO local_val_loss                1.9440
    2026-04-14 01:04:04,713 __init__.py log_once [line:227] INFO mean_local_val_loss           1.9442
    2026-04-14 01:04:04,713 __init__.py log_once [line:227] INFO std_local_val_loss            0.0011
    2026-04-14 01:05:37,845 fedbase.py run [line:311] INFO --------------Round 1--------------
    2026-04-14 01:05:42,734 __init__.py log_once [line:227] INFO local_val_loss                1.9733

``Initial Evaluation`` is round 0, before any training. Line by line, the ``[line:227]`` source position was read as
a counter and every banner started a new run (public f2dc177's fdse_pacs_fedavg log: 387 runs of one point each).
Read here: each metric at its round (the step), kind ``eval`` (FLGo's default logger logs the evaluations only; a
``train_loss`` a custom logger prints is kind ``train``). Not series: the ``std_``/``min_``/``max_`` spreads over
the clients (the ``local_`` value is their sample-weighted mean, ``mean_`` the plain mean: both kept). Needs two
banners with metric lines after them; None for any other log. A relaunch appended to the same file (its
``Initial Evaluation`` again, round 0) is a run of its own (``_joblog_segments.EVAL_LOGS``: these evaluation-only
lines split where their round goes back).
"""
from __future__ import annotations

import re

from ._progress import NUMBER, Record

_BANNER = re.compile(rb"(?m)-{6,}(?:Round (\d+)|Initial Evaluation)-{6,}[ \t]*\r?$")
_METRIC = re.compile(rb"(?m)\blog_once \[line:\d+\] \w+ ([A-Za-z_][\w/.-]*?)[ \t]+(" + NUMBER.encode()
                     + rb")[ \t]*\r?$")
_SPREAD = ("std_", "min_", "max_")


def flgo_hits(data, size: int) -> list[tuple[int, Record]] | None:
    """(offset, record) of every FLGo metric line at its round (module docstring), or None."""
    if data.find(b"log_once [line:") < 0:
        return None
    banners = [(m.start(), int(m.group(1) or 0)) for m in _BANNER.finditer(data)]
    if len(banners) < 2:
        return None
    out: list[tuple[int, Record]] = []
    at = 0
    for m in _METRIC.finditer(data, banners[0][0]):
        while at + 1 < len(banners) and banners[at + 1][0] < m.start():
            at += 1
        name = m.group(1).decode()
        if name.startswith(_SPREAD):
            continue
        round_ = banners[at][1]
        kind = "train" if "train" in name and "val" not in name and "test" not in name else "eval"
        out.append((m.start(), Record("flgo", ((name, float(m.group(2))),), step=round_, epoch=float(round_),
                                      kind=kind, own_step=True)))
    return out if len({r.step for _, r in out}) >= 2 else None
