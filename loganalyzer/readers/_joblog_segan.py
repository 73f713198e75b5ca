"""SEGAN's printed training lines (``joblog``): santi-pdp/segan_pytorch and its forks (speech enhancement GANs).

``segan/models/model.py`` ``SEGAN.train`` prints, every ``--save_freq``/log interval of iterations,
``(Iter 50) Batch 50/6250 (Epoch 1) d_real:0.1243, d_fake:0.1712, g_adv:0.5220, g_l1:3.3118 l1_w: 100.00, btime:
0.9493 s, mbtime: 0.9427 s`` (public BaiYuhaoSpiceeYJ/SEGAN_denoise ``loss.txt`` and ``log_loss.txt``, set 225: stdout
saved to a file, 13,161 and 21,253 such lines). No name holds a loss word and the pairs have no space after the colon,
so ``log_loss.txt`` was "no scalar series at all" and ``loss.txt`` (no log word in its name) was not found.

Read here: ``Iter`` is the step (the iteration counted over epochs), ``Epoch`` the epoch; ``d_real``, ``d_fake``,
``g_adv`` and ``g_l1`` are the discriminator's and the generator's terms, read as ``d_real_loss``, ``d_fake_loss``,
``g_adv_loss``, ``g_l1_loss`` (the losses the values are taken from). ``l1_w`` is the L1 term's weight (a setting,
100 throughout unless decayed), ``btime``/``mbtime`` seconds per batch: no series. A run relaunched into the same file
starts again at ``(Iter 50)``; the job log's relaunch rules treat it as for any other line.
"""
from __future__ import annotations

from ._lazy import lazy_re
from ._needle import needle_lines
from ._progress import Record

NEEDLE = b"(Iter "
_LINE = lazy_re(r"^\(Iter (\d+)\) Batch \d+/\d+ \(Epoch (\d+)\) (?P<rest>.+)$")
_PAIR = lazy_re(r"([A-Za-z]\w*): ?([-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|nan|inf))(?P<unit> s\b)?")
_SETTINGS = frozenset({"l1_w"})  # the L1 weight: a setting, no series
_MAX = 1_000_000


def segan_hits(data, size: int) -> list[tuple[int, Record]]:
    """(offset, record) of every ``(Iter N) Batch b/B (Epoch E) d_real:.., ..`` line of ``data``; [] when none."""
    out: list = []
    for start, text, rank, stamp in needle_lines(data, NEEDLE):  # a cut last line gives no point
        if len(out) >= _MAX:
            break
        m = _LINE().match(text.strip())
        if m is None:
            continue
        values = tuple((f"{key}_loss", float(raw)) for key, raw, unit in _PAIR().findall(m.group("rest"))
                       if not unit and key not in _SETTINGS and not key.endswith("time"))
        if values:
            out.append((start, Record("segan", values, step=int(m.group(1)), epoch=float(m.group(2)), rank=rank,
                                      time=stamp, own_step=True)))
    return out
