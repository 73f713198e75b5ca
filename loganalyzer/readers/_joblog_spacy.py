"""spaCy's running loss sums (for ``readers/joblog.py``).

spaCy 2's training loop (``nlp.update(texts, annotations, drop=0.5, losses=losses)`` with ``losses = {}`` set at each
iteration's start) adds every batch's loss into ``losses``; a script printing ``print("Losses", losses)`` per batch
writes a running SUM that grows batch by batch and falls back to near 0 when the next iteration starts (public
0kamrulhasan0/Date-Entity-Recognition ``output.log``: 3,489 lines ``Losses {'ner': 172.9}``, ``{'ner': 325.4}``, ..,
``{'ner': 1080.1}``, then ``{'ner': 7.0e-10}``, .. in 5 iterations). The sums are no per-batch losses (read so, the
sawtooth looked like a loss that climbed for 500 steps: diverged): only each iteration's total, the last sum before it
falls back (and the last one printed), is a point. A script printing once per iteration (sums that fall each
time) keeps every line."""
from __future__ import annotations

_HEAD = b"Losses {'"
MIN_RUN = 3  # an iteration of at least this many growing sums (else the lines are per-iteration totals already)


def iteration_totals(data, hits: list, notes: list) -> list:
    """``hits`` with spaCy's per-batch running sums (module docstring) kept only at each iteration's end."""
    if not hits or data.find(_HEAD) < 0:
        return hits
    mine = [i for i, h in enumerate(hits)
            if bytes(data[h.offset:h.offset + len(_HEAD)]) == _HEAD and len(h.record.values) >= 1]
    if len(mine) < 2 * MIN_RUN:
        return hits
    sums = [sum(v for _, v in hits[i].record.values) for i in mine]
    ends = [k for k in range(len(mine)) if k == len(mine) - 1 or sums[k + 1] < sums[k]]
    runs = [b - a for a, b in zip([-1] + ends[:-1], ends)]
    if max(runs) < MIN_RUN:
        return hits
    keep = {mine[k] for k in ends}
    drop = set(mine) - keep
    notes.append(f"spaCy's 'Losses {{..}}' lines are running sums over each iteration's batches ({len(mine):,} lines "
                 f"in {len(ends)} iteration(s)): each iteration's total, the last sum before it starts over, is read")
    return [h for i, h in enumerate(hits) if i not in drop]
