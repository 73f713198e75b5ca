"""Resolved view, rule ``indexed_tags_joined``: one series a writer logged under a new tag for every epoch (or
chunk) -- ``loss: 0``, ``loss: 1``, ... ``loss: 9``, each holding the next stretch of global steps -- is one curve.

Judged tag by tag, such a run is its first epoch only (a blind labeller's TensorBoard run ``blastformer lucid0``:
ten tags of 1,870 steps each, the verdict quoted the first 1,870 steps of 18,700). The tags are joined only when
they tile the step axis: three or more tags ``<name><sep><i>`` with consecutive indices (from 0 or 1), in each run
directory every one's first step after the previous one's last, and no series already named ``<name>``. Indexed
tags logged side by side at the same steps (per-layer norms, per-task losses) overlap and stay apart. The raw view
keeps the tags as written (tbparse's table).
"""
from __future__ import annotations

import re

import numpy as np

from .runs import Problem

RULE = "indexed_tags_joined"
_INDEXED = re.compile(r"^(?P<base>.*?[^\s:_\-/.])(?P<sep>: |:| |_|-|/|\.)(?P<idx>\d+)$")
MIN_TAGS = 3


def _families(tag_names: list[str]) -> dict[str, list[tuple[int, int]]]:
    """base name -> [(index, tag code)] for the candidate families (consecutive indices, no tag named like base)."""
    found: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for code, tag in enumerate(tag_names):
        m = _INDEXED.match(tag) if tag[-1:].isdigit() else None  # most tags end in a letter: no regex for them
        if m:
            found.setdefault((m["base"], m["sep"]), []).append((int(m["idx"]), code))
    names = set(tag_names)
    out = {}
    for (base, _), members in found.items():
        members.sort()
        idx = [i for i, _ in members]
        if len(members) >= MIN_TAGS and idx[0] in (0, 1) and idx == list(range(idx[0], idx[0] + len(idx))) \
                and base not in names and base not in out:
            out[base] = members
    return out


def join_indexed(tag_names: list[str], tag_codes: np.ndarray, dir_codes: np.ndarray, steps: np.ndarray,
                 dir_path) -> tuple[list[str], np.ndarray, list[Problem]] | None:
    """(tag names, tag codes per row, one Problem per joined family) with each family that tiles the step axis
    renamed to its base name, the names sorted as ``combine`` needs them; None when no family does. ``tag_names``
    are sorted, ``tag_codes`` index them (-1: no tag); ``dir_path(dir_code)`` names the file for the message."""
    families = _families(tag_names)
    if not families:
        return None
    joined: dict[int, str] = {}
    problems = []
    for base, members in families.items():
        codes = [c for _, c in members]
        rows = np.isin(tag_codes, codes)
        ok, spans = True, []
        for d in np.unique(dir_codes[rows]).tolist():
            last = None
            for i, c in members:
                s = steps[rows & (dir_codes == d) & (tag_codes == c)]
                if len(s) == 0:
                    continue
                if len(s) < 2 or (last is not None and int(s.min()) <= last):
                    ok = False
                    break
                last = int(s.max())
                spans.append((d, i, int(s.min()), last))
            if not ok:
                break
        if not ok or not spans:
            continue
        for c in codes:
            joined[c] = base
        first, final = members[0][0], members[-1][0]
        sep = tag_names[members[0][1]][len(base):-len(str(first))]
        problems.append(Problem(dir_path(spans[0][0]), f"{len(members)} series `{base}{sep}{first}` .. "
                                                       f"`{base}{sep}{final}` each hold the next stretch of steps "
                                                       f"({spans[0][2]:,}-{spans[0][3]:,}, then "
                                                       f"{spans[1][2]:,}-{spans[1][3]:,}, ...): read as one series "
                                                       f"`{base}`"))
    if not joined:
        return None
    renamed = [joined.get(c, t) for c, t in enumerate(tag_names)]
    new_names = sorted(set(renamed))
    index = {t: i for i, t in enumerate(new_names)}
    remap = np.array([index[t] for t in renamed] + [-1], dtype=np.int64)
    return new_names, remap[tag_codes], problems
