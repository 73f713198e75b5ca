"""Epoch lines whose values are named only by an objective's terms (used by ``readers/joblog.py`` when no line names
a loss).

A physics-informed VAE's loop (public dexma001/PVTVAE ``checkpoints/log.txt``, forty-second labeller's set) prints per
epoch ``Epoch [1/100] Recon: 0.1283 | KL: 39.7717 | Phys: 0.0000 (λ=0.000)``: the reconstruction error, the KL term
and a physics penalty, no word ``loss`` anywhere, so the file was not even listed as a run. Such terms are losses by
name (``curves_names.COMPONENT_WORDS``: recon, kl, nll...; the objectives ``elbo``, ``mse``, ``bpd``...): a line
starting with its epoch (``Epoch N``, ``Epoch [N/M]``, ``epoch N:``) whose ``|``/``,``-separated ``name: value``
parts include at least one such term is read at that epoch, every part under its own name (a bracketed ``(λ=0.1)``
after a value, the term's weight, is left out). At least ``MIN_LINES`` such lines, or nothing is read.
"""
from __future__ import annotations

import re

from ._lazy import lazy_re
from ._progress import NUMBER, Record, to_float

MIN_LINES = 2
_LINE = lazy_re(r"\s*epoch\s*[:#]?\s*[\[(]?\s*(\d+)(?:\s*/\s*(\d+))?\s*[\])]?\s*[:|,]?\s*(.*?)\s*", re.IGNORECASE)
_PART = lazy_re(r"([A-Za-z][\w/.-]*)\s*[:=]\s*(" + NUMBER + r")(?:\s*\([^()]*\))?", re.IGNORECASE)
# the terms (lower-cased, the name's words): an objective's parts and the objectives named without 'loss'
TERMS = frozenset({"recon", "reconstruction", "rec", "kl", "kld", "nll", "elbo", "bce", "mse", "rmse", "mae", "bpd",
                   "xent", "physics", "phys", "pde", "commitment", "vq"})
_WORDS = lazy_re(r"[a-z]+")
_NEEDLE = b"poch"


def _is_term(name: str) -> bool:
    return any(w in TERMS for w in _WORDS().findall(name.lower()))


def term_named_line(segment) -> Record | None:
    """The record of one ``Epoch [N/M] Recon: x | KL: y`` line (module docstring), or None."""
    text = bytes(segment).decode("utf-8", "replace").rstrip("\r\n")
    m = _LINE().fullmatch(text)
    if m is None or not m.group(3):
        return None
    values, terms = [], 0
    for part in re.split(r"\s*[|,]\s*", m.group(3)):
        p = _PART().fullmatch(part)
        if p is None:
            return None  # a part of another shape: not such a line
        x = to_float(p.group(2))
        if x is None:
            continue
        terms += _is_term(p.group(1))
        values.append((p.group(1), x))
    if not terms:
        return None
    epoch = int(m.group(1))
    return Record("termnamed", tuple(values), step=epoch, epoch=float(epoch), kind="train",
                  total=int(m.group(2)) if m.group(2) else None)


def term_named_only(data, size: int, needle_hits) -> list:
    """The hits of a log of term-named epoch lines (``needle_hits`` is the job-log reader's needle search), or []
    when fewer than ``MIN_LINES``."""
    hits = needle_hits(data, size, _NEEDLE, parse=term_named_line)
    return hits if len(hits) >= MIN_LINES else []
